"""Figures as slide material, written reliably (issues 11 and 12).

Every figure's own files, in both themes, are checked in tests/test_figures.py beside its look,
from the same builds. Here: a rebuild in another interpreter gives byte-identical files; then
``save()`` and the CLI under a full disk, a failed rename and Ctrl-C: all formats are replaced
together or none, nothing temporary is left, the message says what.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

import render
from figures import style
from figures.style import FORMATS, Interrupted, SaveError, save
from nnlecture import catalog
from nnlecture.slots import Entry
from tests.figure_builds import built

ROOT = Path(__file__).resolve().parents[1]


# --- a rebuild in another interpreter ---------------------------------------------------------
def test_rebuilding_in_another_process_gives_identical_files(tmp_path):
    """Another interpreter with another string-hash seed: the files must not change."""
    first = built("regions_vs_parameters", "dark").first
    env = {**os.environ, "PYTHONHASHSEED": "12345", "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "render.py", "regions_vs_parameters", "--theme", "dark",
                             "--out", str(tmp_path)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for path in first:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


# --- save(): all formats or none ------------------------------------------------------------------
def tiny(params: dict, theme: str = "light") -> Figure:
    """A small figure that saves fast (the CLI tests register it as a figure)."""
    with style.themed(theme):
        fig = plt.figure(figsize=(2, 1.5))
        fig.add_subplot().plot([0, 1], [1, 0])
    return fig


def _old_files(folder: Path, name: str) -> dict[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    old = {folder / f"{name}.{fmt}": f"old {fmt}".encode() for fmt in FORMATS}
    for path, content in old.items():
        path.write_bytes(content)
    return old


def _full_disk(monkeypatch, on: str = "svg") -> None:
    """savefig raises ENOSPC for one format (the second, by default)."""
    original = Figure.savefig

    def savefig(self, fname, *args, format=None, **kw):
        if format == on:
            fname.write(b"partial")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, fname, *args, format=format, **kw)

    monkeypatch.setattr(Figure, "savefig", savefig)


def test_a_full_disk_on_the_second_format_leaves_the_old_files(tmp_path, monkeypatch):
    old = _old_files(tmp_path, "fig")
    _full_disk(monkeypatch, on="svg")
    with pytest.raises(SaveError) as caught:
        save(tiny({}), "fig", tmp_path)
    assert {p: p.read_bytes() for p in old} == old  # the PDF was not replaced either
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in old)  # no temporaries left
    message = str(caught.value)
    assert "No space left on device" in message and "fig.svg" in message
    assert "No file was replaced" in message and "fig.pdf, fig.svg, fig.png" in message


def test_a_full_disk_with_no_earlier_files_writes_nothing(tmp_path, monkeypatch):
    _full_disk(monkeypatch, on="png")
    with pytest.raises(SaveError, match="No file was written"):
        save(tiny({}), "fig", tmp_path)
    assert os.listdir(tmp_path) == []


def test_ctrl_c_while_writing_leaves_the_old_files(tmp_path, monkeypatch):
    old = _old_files(tmp_path, "fig")
    original = Figure.savefig

    def savefig(self, fname, *args, format=None, **kw):
        if format == "svg":
            raise KeyboardInterrupt
        return original(self, fname, *args, format=format, **kw)

    monkeypatch.setattr(Figure, "savefig", savefig)
    with pytest.raises(Interrupted) as caught:
        save(tiny({}), "fig", tmp_path)
    assert caught.value.written == [] and sorted(caught.value.kept) == sorted(old)
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in old)


def test_a_failed_rename_puts_the_earlier_files_back(tmp_path, monkeypatch):
    old = _old_files(tmp_path, "fig")
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the SVG: the PDF has been replaced already
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(src, dst)

    monkeypatch.setattr(style.os, "replace", replace)
    with pytest.raises(SaveError, match="No file was replaced") as caught:
        save(tiny({}), "fig", tmp_path)
    assert caught.value.replaced == []
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in old)  # no .part, no .old


def test_a_failed_rename_removes_new_files_that_had_no_earlier_version(tmp_path, monkeypatch):
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(style.os, "replace", replace)
    with pytest.raises(SaveError, match="No file was written"):
        save(tiny({}), "fig", tmp_path)
    assert os.listdir(tmp_path) == []


def test_ctrl_c_during_the_renames_is_held_until_every_file_is_in(tmp_path, monkeypatch):
    old = _old_files(tmp_path, "fig")
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C between two renames
        return real(src, dst)

    monkeypatch.setattr(style.os, "replace", replace)
    with pytest.raises(Interrupted) as caught:
        save(tiny({}), "fig", tmp_path)
    assert caught.value.written == sorted(old, key=lambda p: FORMATS.index(p.suffix[1:]))
    assert all(p.read_bytes() != content for p, content in old.items())  # all three are new
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in old)


def test_files_follow_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        paths = save(tiny({}), "fig", tmp_path)
    finally:
        os.umask(previous)
    assert {stat.S_IMODE(p.stat().st_mode) for p in paths} == {0o640}


def test_a_folder_in_the_way_is_named(tmp_path):
    (tmp_path / "fig.svg").mkdir()
    with pytest.raises(SaveError, match="fig.svg is a folder"):
        save(tiny({}), "fig", tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["fig.svg"]


# --- the CLI says what was and was not written ----------------------------------------------------
TINY = [Entry(name=f"tiny_{c}", kind="figure", summary="a test figure",
              target="tests.test_figure_files:tiny") for c in "abc"]


@pytest.fixture
def tiny_catalog(monkeypatch):
    monkeypatch.setattr(catalog, "figures", lambda: list(TINY))
    monkeypatch.setattr(catalog, "BY_NAME", {**catalog.BY_NAME, **{e.name: e for e in TINY}})


def test_cli_full_disk_says_nothing_was_replaced(tmp_path, monkeypatch, tiny_catalog):
    old = _old_files(tmp_path, "tiny_a_light")
    _full_disk(monkeypatch, on="svg")
    result = CliRunner().invoke(render.cli, ["tiny_a", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "No space left on device" in result.output
    assert "No file was replaced: the earlier tiny_a_light.pdf, tiny_a_light.svg, tiny_a_light.png" \
        in result.output
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in old)


def test_cli_ctrl_c_during_figures_stops_at_once_and_says_what_was_written(tmp_path, monkeypatch,
                                                                           tiny_catalog):
    original = Figure.savefig
    calls = []

    def savefig(self, fname, *args, format=None, **kw):
        calls.append(format)
        if len(calls) == 5:  # tiny_b's SVG
            raise KeyboardInterrupt
        return original(self, fname, *args, format=format, **kw)

    monkeypatch.setattr(Figure, "savefig", savefig)
    result = CliRunner().invoke(render.cli, ["figures", "--jobs", "1", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert sorted(os.listdir(tmp_path)) == [f"tiny_a_light.{f}" for f in ("pdf", "png", "svg")]
    assert "interrupted while drawing tiny_b: No file was written" in result.output
    assert "Written: tiny_a. Not drawn: tiny_c." in result.output
    assert len(calls) == 5  # tiny_c was never drawn


def test_cli_ctrl_c_on_one_figure_keeps_its_old_files(tmp_path, monkeypatch, tiny_catalog):
    old = _old_files(tmp_path, "tiny_c_light")
    monkeypatch.setattr(Figure, "savefig", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    result = CliRunner().invoke(render.cli, ["tiny_c", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "interrupted while drawing tiny_c. No file was replaced" in result.output
    assert {p: p.read_bytes() for p in old} == old


def test_cli_figures_reports_a_failed_figure_and_writes_the_others(tmp_path, monkeypatch,
                                                                   tiny_catalog):
    original = Figure.savefig
    calls = []

    def savefig(self, fname, *args, format=None, **kw):
        calls.append(format)
        if len(calls) == 4:  # tiny_b's PDF
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, fname, *args, format=format, **kw)

    monkeypatch.setattr(Figure, "savefig", savefig)
    result = CliRunner().invoke(render.cli, ["figures", "--jobs", "1", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "tiny_b: writing" in result.output and "No space left on device" in result.output
    assert "1 figure(s) failed: tiny_b" in result.output and "written: tiny_a, tiny_c" in result.output
    names = sorted(os.listdir(tmp_path))
    assert names == sorted(f"tiny_{c}_light.{f}" for c in "ac" for f in FORMATS)


def test_a_real_ctrl_c_during_figures_leaves_whole_figures_only(tmp_path):
    """SIGINT to a real ``render.py figures`` once its first figure is written: it stops at once,
    every figure has all three files or none, nothing temporary is left, the message says so."""
    import time

    process = subprocess.Popen([sys.executable, "render.py", "figures", "--jobs", "2", "--out",
                                str(tmp_path)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "MPLBACKEND": "Agg"})
    first = tmp_path / "shallow_build_up_light.png"
    deadline = time.monotonic() + 240
    while not first.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.exists(), process.communicate()[1]
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and "Traceback" not in err, err
    assert "interrupted" in err and "Written: shallow_build_up" in err
    names = os.listdir(tmp_path)
    assert not [n for n in names if n.startswith(".")], names  # no temporaries, no backups
    for entry in catalog.figures():
        count = sum(n.startswith(f"{entry.name}_light.") for n in names)
        assert count in (0, 3), (entry.name, names)


@pytest.mark.parametrize("name", ["region_maps", "regions_exact_vs_grid"])
def test_every_format_gets_the_settled_layout(name, tmp_path):
    """Equal-aspect maps take several layout passes to settle; the PNG written alone (the first
    pass) must be the PNG written after the PDF and SVG (titles 5 px beyond the slide before)."""
    entry = catalog.lookup(name)
    alone = save(entry.load()(entry.default_params(), theme="light"), f"{name}_light", tmp_path,
                 formats=("png",), theme="light")
    assert alone[0].read_bytes() == built(name, "light").first[2].read_bytes()
