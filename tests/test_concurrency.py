"""Renders side by side, a shared TeX cache that may be read-only, and signals (issue 12).

Real processes: three renders of the same formulas into one cold cache at once (before the fix
some of them failed with a missing ``<hash>_.svg`` or ``.log``), a read-only cache (a read-only bind
mount, so that it holds for root too), SIGTERM/SIGHUP during a render (nothing left behind) and
SIGKILL (the next render removes what is left, but never a live render's folder).
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from scenes import runner

ROOT = Path(__file__).resolve().parents[1]

SCENE = '''
import sys
from pathlib import Path
from manim import FadeIn, MathTex, Tex, Text, VGroup
from scenes.common import LectureScene
from scenes.runner import render_scene

class Words(LectureScene):
    def construct(self):
        words = VGroup(MathTex(r"y = \\phi_0 + \\sum_d \\phi_d h_d"), Tex(r"linear regions"),
                       Text("joints {salt}"), MathTex(r"\\psi_{{21}} = {salt}"), Tex("a[z]"))
        self.play(FadeIn(words.arrange().set_color(self.theme.text)), run_time=0.2)

path, _ = render_scene(Words, sys.argv[2], {{}}, quality="low", fmt="png",
                       out_dir=Path(sys.argv[1]), progress=False)
print(path)
'''


def scene_script(folder: Path, salt: str) -> Path:
    script = folder / f"words_{salt}.py"
    script.write_text(SCENE.format(salt=salt))
    return script


def start(script: Path, out: Path, name: str, cache: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([*extra, sys.executable, str(script), str(out), name], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def cache_files(cache: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(cache)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(cache.rglob("*"))}


def test_identical_renders_at_once_share_a_cold_cache(tmp_path):
    # was: one of two failed in 5 of 8 tries (FileNotFoundError: ..._.svg, or the .log); with
    # this scene and three at once, every try failed
    script = scene_script(tmp_path, "cold")
    cache, out = tmp_path / "cache", tmp_path / "out"
    together = [start(script, out, "words", cache) for _ in range(3)]
    for code, stdout, stderr in map(finish, together):
        assert code == 0, stderr
        assert stdout.strip() == str(out / "words_light_480p.png")
    assert [p.name for p in out.iterdir()] == ["words_light_480p.png"]  # no private folder left
    kept = list((cache / "nnlecture").rglob("*"))
    parsed = [p for p in kept if p.parent.name == "parsed" and p.suffix == ".pickle"]
    svgs = [p for p in kept if p.is_file() and p not in parsed]
    assert parsed and svgs and all(p.suffix == ".svg" for p in svgs), kept  # no .log/.dvi/_.svg
    assert not [p for p in kept if p.name.startswith(".")]  # no build folder or temporary left
    assert all(runner._complete(p) for p in svgs)
    for p in parsed:  # each parsed formula written whole, by whichever render came first
        mobjects, _ = pickle.loads(zlib.decompress(p.read_bytes()))
        assert mobjects


def read_only_mount_works() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not read_only_mount_works(), reason="needs unshare -m (mount namespaces)")
@pytest.mark.parametrize("filled", [True, False], ids=["filled", "empty"])
def test_a_read_only_cache_is_used_or_bypassed(tmp_path, filled):
    # was: a read-only cache failed like the collision (Manim writes beside the files it reads)
    script = scene_script(tmp_path, "ro")
    cache = tmp_path / "cache"
    (cache / "nnlecture").mkdir(parents=True)
    if filled:
        assert finish(start(script, tmp_path / "warm", "words", cache))[0] == 0
    before = cache_files(cache)
    mount = (f"mount --bind {cache} {cache} && mount -o remount,ro,bind {cache} && "
             f"exec {sys.executable} {script} {tmp_path / 'out'} words")
    code, stdout, stderr = finish(start(script, tmp_path / "out", "words", cache, "unshare", "-m",
                                        "sh", "-c", mount))
    assert code == 0, stderr
    assert (tmp_path / "out" / "words_light_480p.png").is_file()
    assert cache_files(cache) == before


def test_an_unwritable_cache_path_is_bypassed(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    code, stdout, stderr = finish(start(scene_script(tmp_path, "blocked"), tmp_path / "out", "words",
                                        blocked))
    assert code == 0, stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["words_light_480p.png"]


# --- signals -------------------------------------------------------------------------------------


def render_cli(out: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.Popen([sys.executable, "render.py", "folding", "--quality", "low", "--out",
                             str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_work_folder(out: Path, process: subprocess.Popen) -> Path:
    for _ in range(1200):  # up to 2 minutes on a busy machine
        found = [p for p in out.glob(".folding-*") if (p / runner.LOCK_NAME).is_file()] \
            if out.is_dir() else []
        if found:
            time.sleep(1.0)  # let Manim start writing into it
            return found[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    raise AssertionError("the render never started")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_stops_the_render_and_leaves_nothing(tmp_path, sig):
    # was: a hidden .folding-XXXX folder of partial movies stayed in the out folder
    out = tmp_path / "out"
    process = render_cli(out, tmp_path / "cache")
    wait_for_work_folder(out, process)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + sig, stderr
    assert f"Error: stopped by {signal.Signals(sig).name}; no file was written" in stderr
    assert "Traceback" not in stderr and stdout == ""
    assert list(out.iterdir()) == []


def test_a_killed_renders_folder_is_removed_by_the_next_but_a_live_one_is_kept(tmp_path):
    out = tmp_path / "out"
    killed = render_cli(out, tmp_path / "cache")
    left = wait_for_work_folder(out, killed)
    killed.kill()
    killed.communicate(timeout=60)
    assert left.is_dir()  # SIGKILL cannot be caught
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from pathlib import Path; from scenes import runner\n"
                               "with runner.private_folder(Path(sys.argv[1]), '.joints-') as f:\n"
                               "    print(f, flush=True); time.sleep(120)", str(out)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        live = Path(holder.stdout.readline().strip())
        assert live.is_dir()
        removed = runner.remove_stale_folders(out)
        assert removed == [left] and not left.exists()
        assert live.is_dir() and (live / runner.LOCK_NAME).is_file()
    finally:
        holder.kill()
        holder.communicate(timeout=60)
    assert runner.remove_stale_folders(out) == [live]  # now its owner is gone too
    assert list(out.iterdir()) == []


def test_folders_of_older_renders_go_once_nothing_changed_for_an_hour(tmp_path):
    old, fresh, other = tmp_path / ".folding-abcd1234", tmp_path / ".regions-efgh5678", tmp_path / ".git"
    for folder in (old, fresh):
        (folder / "videos" / "folding" / "480p15" / "partial_movie_files").mkdir(parents=True)
    (other / "objects").mkdir(parents=True)
    hours_ago = time.time() - 2 * 3600
    for path in [old, *old.rglob("*"), other, *other.rglob("*")]:
        os.utime(path, (hours_ago, hours_ago))
    assert runner.remove_stale_folders(tmp_path) == [old]
    assert fresh.is_dir() and other.is_dir()
