"""Decks built on a Dask cluster (`render.py deck --executor dask --scheduler ADDRESS`): the same
parts as a build on this machine, run by the cluster's workers, with the same cache.

The cluster is a dask.distributed LocalCluster on this machine (two worker processes), started
by the test as a department's scheduler would be; nnlecture only connects to it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LECTURE = """\
title = "Cluster lecture"
quality = "low"
[[section]]
title = "One"
  [[section.slide]]
  kind = "title"
  title = "Deep neural networks"
  [[section.slide]]
  kind = "text"
  title = "A shallow network"
  bullets = ["Each hidden unit clips a line at its joint."]
  [[section.slide]]
  kind = "figure"
  name = "shallow_build_up"
"""


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        pids = set(client.run(os.getpid).values())
        yield local.scheduler_address, pids


def deck(lectures: list[Path], out: Path, cache: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "deck", *map(str, lectures), "--to", "html",
                           "--out", str(out), *options], capture_output=True, text=True, timeout=600,
                          cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(cache)})


def part_files(cache: Path) -> dict[str, bytes]:
    parts = cache / "nnlecture" / "deck-parts"
    return {str(p.relative_to(parts)): p.read_bytes() for p in sorted(parts.rglob("*")) if p.is_file()}


def test_a_deck_built_by_the_workers_of_a_dask_cluster_is_the_one_built_here(tmp_path, cluster):
    """The cluster builds one lecture; this machine builds it as part of a course of two
    lectures that share two of their three slides: the same parts, file for file."""
    address, worker_pids = cluster
    lecture, second = tmp_path / "cluster_lecture.toml", tmp_path / "second.toml"
    lecture.write_text(LECTURE, encoding="utf-8")
    second.write_text(LECTURE.replace('title = "Deep neural networks"', 'title = "Part two"'),
                      encoding="utf-8")
    on_cluster = deck([lecture], tmp_path / "out-dask", tmp_path / "cache-dask", "--executor", "dask",
                      "--scheduler", address)
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert f"3 to build, on the Dask cluster at {address} (2 workers)" in on_cluster.stderr
    # every part ran in a worker process of the cluster (its pid is in the report)
    where = [int(pid) for pid in re.findall(r"\] built .* on [^:\s]+:(\d+)$", on_cluster.stderr, re.M)]
    assert len(where) == 3 and set(where) <= worker_pids
    here = deck([lecture, second], tmp_path / "out-local", tmp_path / "cache-local", "--jobs", "2")
    assert here.returncode == 0, here.stderr
    # a course: 6 slides, the text slide and the figure shared, so 4 parts built, not 6
    assert "2 lectures, 6 lecture slides: 0 reused from the cache, 4 to build" in here.stderr
    assert len(re.findall(r"^\[\d/4\] built ", here.stderr, re.M)) == 4
    assert sorted(p.name for p in (tmp_path / "out-local").glob("*.html")) == [
        "cluster_lecture_480p15.html", "second_480p15.html"]
    # the cluster's parts are this machine's, under the same keys, file for file
    cluster_parts, local_parts = part_files(tmp_path / "cache-dask"), part_files(tmp_path / "cache-local")
    assert cluster_parts and cluster_parts == {k: v for k, v in local_parts.items() if k in cluster_parts}
    html = "cluster_lecture_480p15.html"
    assert (tmp_path / "out-dask" / html).read_bytes() == (tmp_path / "out-local" / html).read_bytes()
    again = deck([lecture], tmp_path / "out-dask", tmp_path / "cache-dask", "--executor", "dask",
                 "--scheduler", address)
    assert again.returncode == 0 and "3 reused from the cache, 0 to build" in again.stderr, again.stderr
    twice = deck([lecture, lecture], tmp_path / "out-local", tmp_path / "cache-local")
    assert twice.returncode == 1 and "two lectures would write the same deck (cluster_lecture)" in twice.stderr


@pytest.mark.parametrize("options, message", [
    (["--executor", "dask"], "--executor dask needs --scheduler ADDRESS"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "use it with --executor dask"),
])
def test_a_cluster_that_cannot_be_used_is_said_before_any_work(tmp_path, options, message):
    lecture = tmp_path / "cluster_lecture.toml"
    lecture.write_text(LECTURE, encoding="utf-8")
    done = deck([lecture], tmp_path / "out", tmp_path / "cache", *options)
    assert done.returncode == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "cache" / "nnlecture" / "deck-parts").exists()  # nothing was built


def test_a_scheduler_that_does_not_answer_is_named_with_the_fix(monkeypatch):
    from nnlecture import executors

    monkeypatch.setattr(executors, "CONNECT_SECONDS", 1)
    with pytest.raises(executors.ExecutorError, match=r"could not reach a Dask scheduler at "
                       r"'tcp://127.0.0.1:9' within 1 s .*--scheduler tcp://login1:8786"):
        executors.make("dask", 1, "tcp://127.0.0.1:9")
