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


def deck(lecture: Path, out: Path, cache: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "deck", str(lecture), "--to", "html",
                           "--out", str(out), *options], capture_output=True, text=True, timeout=600,
                          cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(cache)})


def part_files(cache: Path) -> dict[str, bytes]:
    parts = cache / "nnlecture" / "deck-parts"
    return {str(p.relative_to(parts)): p.read_bytes() for p in sorted(parts.rglob("*")) if p.is_file()}


def test_a_deck_built_by_the_workers_of_a_dask_cluster_is_the_one_built_here(tmp_path, cluster):
    address, worker_pids = cluster
    lecture = tmp_path / "cluster_lecture.toml"
    lecture.write_text(LECTURE, encoding="utf-8")
    on_cluster = deck(lecture, tmp_path / "out-dask", tmp_path / "cache-dask", "--executor", "dask",
                      "--scheduler", address)
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert f"3 to build, on the Dask cluster at {address} (2 workers)" in on_cluster.stderr
    # every part ran in a worker process of the cluster (its pid is in the report)
    where = [int(pid) for pid in re.findall(r"\] built .* on [^:\s]+:(\d+)$", on_cluster.stderr, re.M)]
    assert len(where) == 3 and set(where) <= worker_pids
    here = deck(lecture, tmp_path / "out-local", tmp_path / "cache-local", "--jobs", "2")
    assert here.returncode == 0, here.stderr
    # the same parts under the same keys, file for file
    assert part_files(tmp_path / "cache-dask") == part_files(tmp_path / "cache-local")
    html = "cluster_lecture_480p15.html"
    assert (tmp_path / "out-dask" / html).read_bytes() == (tmp_path / "out-local" / html).read_bytes()
    again = deck(lecture, tmp_path / "out-dask", tmp_path / "cache-dask", "--executor", "dask",
                 "--scheduler", address)
    assert again.returncode == 0 and "3 reused from the cache, 0 to build" in again.stderr, again.stderr


@pytest.mark.parametrize("options, message", [
    (["--executor", "dask"], "--executor dask needs --scheduler ADDRESS"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "use it with --executor dask"),
    (["--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"], "could not reach a Dask scheduler at "
                                                                 "'tcp://127.0.0.1:9' within 10 s"),
])
def test_a_cluster_that_cannot_be_used_is_said_before_any_work(tmp_path, options, message):
    lecture = tmp_path / "cluster_lecture.toml"
    lecture.write_text(LECTURE, encoding="utf-8")
    done = deck(lecture, tmp_path / "out", tmp_path / "cache", *options)
    assert done.returncode == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "cache" / "nnlecture" / "deck-parts").exists()  # nothing was built


def test_several_lecture_files_are_one_course_whose_shared_parts_are_built_once(tmp_path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text(LECTURE, encoding="utf-8")
    second.write_text(LECTURE.replace('kind = "title"\n  title = "Deep neural networks"',
                                      'kind = "title"\n  title = "Part two"'), encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "render.py"), "deck", str(first), str(second),
                           "--to", "html", "--out", str(tmp_path / "out"), "--jobs", "2"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    # the text slide and the figure are the same in both: 4 parts built, not 6
    assert "2 lectures, 6 lecture slides: 0 reused from the cache, 4 to build" in done.stderr
    assert len(re.findall(r"^\[\d/4\] built ", done.stderr, re.M)) == 4
    assert sorted(p.name for p in (tmp_path / "out").glob("*.html")) == ["first_480p15.html",
                                                                          "second_480p15.html"]
    twice = subprocess.run([sys.executable, str(ROOT / "render.py"), "deck", str(first), str(first),
                            "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert twice.returncode == 1 and "two lectures would write the same deck (first)" in twice.stderr
