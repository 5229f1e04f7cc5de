"""render.py through click's CliRunner: list, params, a low-quality render, each bad input."""

import errno
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import render
from nnlecture import catalog


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(render.cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_list_names_every_catalog_entry(run):
    result = run("list")
    assert result.exit_code == 0
    for entry in catalog.ENTRIES:
        assert entry.name in result.output and entry.summary[:30] in result.output


def test_params_prints_a_file_that_reproduces_the_defaults(run, tmp_path):
    result = run("params", "folding")
    assert result.exit_code == 0 and "[net1]" in result.output
    path = tmp_path / "p.toml"
    path.write_text(result.output)
    import tomllib
    params = catalog.lookup("folding").resolve_params(tomllib.loads(path.read_text()))
    defaults = catalog.lookup("folding").default_params()
    for key in ("net1", "net2"):
        assert abs(params[key].theta - defaults[key].theta).max() < 1e-5
        assert abs(params[key].phi - defaults[key].phi).max() < 1e-5


def test_png_render_writes_the_last_frame(run, tmp_path):
    result = run("folding", "--quality", "low", "--format", "png", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip().splitlines()[-1])
    assert written == tmp_path / "folding_light_480p.png" and written.stat().st_size > 10_000
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary folder left


def test_unknown_scene_suggests_the_closest(run):
    result = run("foldng")
    assert result.exit_code == 2
    assert "Did you mean 'folding'?" in result.output


BAD_FILES = {
    "not toml": ("net1 = [[", "is not valid TOML"),
    "unknown key": ("[net3]\ntheta = [[1, 2]]\nphi = [0, 1]\n", "did you mean 'net2' for 'net3'"),
    "bad shape": ("[net1]\ntheta = [[1, 2, 3]]\nphi = [0, 1]\n",
                  "net1.theta must have shape (D, 2) for a network with 1 input(s)"),
    "phi size": ("[net1]\ntheta = [[1, 2], [3, 4]]\nphi = [0, 1]\n", "phi must have shape (D+1,) = (3,)"),
    "not numbers": ("[net2]\ntheta = [['a', 2]]\nphi = [0, 1]\n",
                    "net2.theta[0][0] must be a number; got 'a'"),
    "both forms": ("[net1]\ntheta = [[1, 2]]\nxs = [0, 1]\n", "either theta and phi, or the points"),
    "interval": ("interval = [1, -1]\n", "'interval' must start below its end, e.g. interval = [-1, 1]; "
                 "got [1, -1]. Swap the two numbers."),
    "flat net1": ("[net1]\ntheta = [[1, 0]]\nphi = [0, 0]\n", "nothing to fold"),
    "activation": ("[net1]\ntheta = [[1, 2]]\nphi = [0, 1]\nactivation = 'relu2'\n",
                   "Did you mean 'relu'?"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_parameter_files_fail_cleanly(run, tmp_path, case):
    text, message = BAD_FILES[case]
    params = tmp_path / "bad.toml"
    params.write_text(text)
    out = tmp_path / "out"
    result = run("folding", "--quality", "low", "--format", "png", "--params", params, "--out", out)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())  # nothing written, nothing half-written


def test_missing_parameter_file_and_bad_option(run, tmp_path):
    result = run("folding", "--params", tmp_path / "nope.toml")
    assert result.exit_code == 1 and "cannot read the parameter file" in result.output
    result = run("folding", "--quality", "ultra")
    assert result.exit_code == 2 and "'ultra' is not one of" in result.output


def test_a_failed_render_keeps_the_previous_file(run, tmp_path, monkeypatch):
    good = tmp_path / "folding_light_480p.png"
    good.write_bytes(b"previous render")

    def broken(*args, **kwargs):
        raise RuntimeError("ffmpeg exploded")

    import scenes.folding
    monkeypatch.setattr(scenes.folding.Folding, "construct", broken)
    result = run("folding", "--quality", "low", "--format", "png", "--out", tmp_path)
    assert result.exit_code == 1 and "ffmpeg exploded" in result.output
    assert "Traceback" not in result.output and "LaTeX" not in result.output  # not a LaTeX problem
    assert good.read_bytes() == b"previous render"
    assert [p.name for p in tmp_path.iterdir()] == [good.name]


def test_activation_variant_option(run, tmp_path):
    result = run("joints", "--activation", "heaviside", "--quality", "low", "--format", "png",
                 "--step", "show_lines", "--out", tmp_path)  # (the frame of an early step: quick)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "joints_show_lines_light_480p.png").is_file()
    result = run("joints", "--activation", "swish")
    assert result.exit_code == 2 and "'swish' is not one of" in result.output


def test_train_depth_smoke_run_and_bad_mode(run, tmp_path):
    pytest.importorskip("mnist1d")
    result = run("train", "depth", "--mode", "quick", "--max-epochs", "3", "--workers", "1",
                 "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip().splitlines()[-1])
    assert written.name == "depth_quick.npz" and written.is_file()
    result = run("train", "depth", "--mode", "fast")
    assert result.exit_code == 2 and "'fast' is not one of" in result.output


def test_fitting_parameters_have_bounds(tmp_path):
    toml = tmp_path / "p.toml"
    toml.write_text("epochs = 50000000\n")
    result = CliRunner().invoke(render.cli, ["universal_approximation", "--params", str(toml),
                                             "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "'epochs' must be a whole number from 1 to 100,000" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    toml.write_text("hidden = [3, 0]\n")
    result = CliRunner().invoke(render.cli, ["fitting", "--params", str(toml)])
    assert result.exit_code != 0 and "list of whole numbers from 1 to 200" in result.output


# --- issue 12: files that are not UTF-8, odd files, odd values --------------------------------

ENCODED = {
    "latin-1 comment": ("# réseau\ninterval = [-1, 1]\n".encode("latin-1"),
                        "is not UTF-8 text: byte 0xe9 ('é' in Latin-1/Windows-1252, the likely "
                        "encoding of the file) at byte 3 (line 1, column 4)"),
    "utf-16 from notepad": ("interval = [-1, 1]\n".encode("utf-16"),
                            "is UTF-16 text (what Windows Notepad calls 'Unicode'), not UTF-8"),
    "stray byte": (b"interval = [-1, 1]\n\x81\n", "byte 0x81 at byte 19 (line 2, column 1)"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_a_file_that_is_not_utf8_names_the_byte_and_the_fix(run, tmp_path, case):
    # was: a UnicodeDecodeError traceback
    data, message = ENCODED[case]
    params = tmp_path / "p.toml"
    params.write_bytes(data)
    result = run("folding", "--params", params, "--out", tmp_path / "out")
    assert result.exit_code == 1 and message in result.output and str(params) in result.output
    assert "save it as UTF-8" in result.output and "Traceback" not in result.output


def test_a_utf8_byte_order_mark_is_fine(tmp_path):
    params = tmp_path / "p.toml"
    params.write_bytes("\ufeff# réseau\ninterval = [-2, 2]\n".encode("utf-8"))
    assert render.resolve_params(catalog.lookup("folding"), params)["interval"] == (-2.0, 2.0)


@pytest.mark.parametrize("content, message", [
    ("interval = " + "[" * 3000 + "]" * 3000, "lists nested too deeply"),
    ("interval = [" + "9" * 5000 + ", 1]", "a number with thousands of digits"),
    ("# " + "x" * 2_000_000, "parameter files are a few hundred bytes (at most 1,048,576)"),
])
def test_files_that_are_no_parameter_files(run, tmp_path, content, message):
    params = tmp_path / "p.toml"
    params.write_text(content)
    result = run("folding", "--params", params, "--out", tmp_path / "out")
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_device_is_not_read(run, tmp_path):
    result = run("folding", "--params", "/dev/zero", "--out", tmp_path / "out")  # would never end
    assert result.exit_code == 1 and "/dev/zero is not a regular file" in result.output


@pytest.mark.parametrize("text, message", [
    ("[net1]\ntheta = [[true, 2]]\nphi = [0, 1]\n", "net1.theta[0][0] must be a number; got true "
                                                     "(a boolean)"),
    ("[net1]\ntheta = [[1, 2]]\nphi = [0, false]\n", "net1.phi[1] must be a number; got false"),
    ("interval = [true, 2]\n", "interval[0] (the start) must be a number"),
])
def test_booleans_are_not_numbers(run, tmp_path, text, message):
    # was: true read as 1
    params = tmp_path / "p.toml"
    params.write_text(text)
    result = run("folding", "--params", params, "--out", tmp_path / "out")
    assert result.exit_code == 1 and message in result.output


def test_absurd_weights_are_refused_not_drawn(run, tmp_path):
    # was: a figure reading "slope nan", exit 0
    params = tmp_path / "p.toml"
    params.write_text("[net]\ntheta = [[1e300, 1e300], [-0.9, 0.9], [1.1, -0.7]]\n"
                      "phi = [-0.23, -1.3, 1.3, 0.66]\n")
    out = tmp_path / "out"
    result = run("shallow_build_up", "--params", params, "--out", out)
    assert result.exit_code == 1
    assert ("net.theta[0][0] is 1e+300; numbers in a parameter file must be 0 or between 1e-06 "
            "and 1e+06 in size") in result.output
    assert not out.exists() or not any(out.iterdir())
    params.write_text("[net]\ntheta = [[-0.2, 1e-320], [-0.9, 0.9], [1.1, -0.7]]\n"
                      "phi = [-0.23, -1.3, 1.3, 0.66]\n")  # a joint at 2e319
    result = run("shallow_build_up", "--params", params, "--out", out)
    assert result.exit_code == 1 and "net.theta[0][1] is 1e-320" in result.output


def test_a_huge_number_is_not_printed_in_full(run, tmp_path):
    # was: a 310-digit number in the message
    params = tmp_path / "p.toml"
    params.write_text("epochs = 1" + "0" * 309 + "\n")
    result = run("fitting", "--params", params, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "got a 310-digit number" in result.output
    assert "0" * 30 not in result.output


def test_messages_name_what_the_user_wrote(run, tmp_path):
    # was: "'interval' must have lo < hi", internal names
    params = tmp_path / "p.toml"
    params.write_text("interval = [1, 1e400]\n")
    result = run("folding", "--params", params, "--out", tmp_path / "out")
    assert "interval[1] (the end) is infinite" in result.output
    assert " lo" not in result.output and " hi" not in result.output


def test_an_empty_out_is_refused(run, tmp_path, monkeypatch):
    # was: rendered into the current folder
    monkeypatch.chdir(tmp_path)
    result = run("folding", "--out", "")
    assert result.exit_code == 2 and "needs a folder name, got an empty one" in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_out_is_refused_before_rendering(run, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    result = run("folding", "--quality", "low", "--out", blocked / "out")
    assert result.exit_code == 1 and "Rendering" not in result.output
    assert f"cannot write into the output folder {blocked / 'out'}: Not a directory" in result.output


def failing(monkeypatch, error):
    def broken(*args, **kwargs):
        raise error

    import scenes.folding
    monkeypatch.setattr(scenes.folding.Folding, "construct", broken)


@pytest.mark.parametrize("error, expected, hint", [
    ("tex missing", "'latex' is not installed (it typesets the formulas). No file was written; "
                    "'./nnl setup' installs LaTeX and dvisvgm.", True),
    ("tex failed", "latex could not typeset 'x': TeX capacity exceeded, sorry", False),
    (OSError(errno.ENOSPC, "No space left on device", "/out/x.mp4"),
     "the disk holding /out/x.mp4 is full. No file was written; free some space", False),
    (PermissionError(errno.EACCES, "Permission denied", "/out/x.mp4"),
     "cannot write /out/x.mp4 (Permission denied)", False),
    (MemoryError(), "ran out of memory", False),
])
def test_render_failures_say_what_happened_and_hint_latex_only_when_it_is_missing(
        run, tmp_path, monkeypatch, error, expected, hint):
    # was: every failure ended with "if LaTeX is missing, './nnl setup' installs it"
    from scenes.runner import TexError

    if error == "tex missing":
        error = TexError("'latex' is not installed (it typesets the formulas)", missing=True)
    elif error == "tex failed":
        error = TexError("latex could not typeset 'x': TeX capacity exceeded, sorry")
    failing(monkeypatch, error)
    result = run("folding", "--quality", "low", "--format", "png", "--out", tmp_path)
    assert result.exit_code == 1 and expected in result.output, result.output
    assert ("nnl setup" in result.output) == hint
    assert "Traceback" not in result.output


def test_numpy_warnings_become_one_clear_error(run, tmp_path, monkeypatch):
    # was: "RuntimeWarning: overflow encountered ..." printed, and a picture of inf drawn
    import nnmath

    net = nnmath.ShallowNetwork([[1e300, 1e300]], [0.0, 1e300])  # past the loader's limits
    failing(monkeypatch, None)
    import scenes.folding
    monkeypatch.setattr(scenes.folding.Folding, "construct", lambda self: net(1e10))
    result = run("folding", "--quality", "low", "--format", "png", "--out", tmp_path)
    assert result.exit_code == 1 and "overflow" in result.output
    assert "RuntimeWarning:" not in result.output.replace("RuntimeWarning: overflow", "")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_exits_130(run, tmp_path, monkeypatch):
    failing(monkeypatch, KeyboardInterrupt())
    result = run("folding", "--quality", "low", "--format", "png", "--out", tmp_path)
    assert result.exit_code == 130 and "interrupted; no file was written" in result.output
    assert list(tmp_path.iterdir()) == []


# --- issue 12: a Python without the project's packages ----------------------------------------

ROOT = Path(render.__file__).resolve().parent


def test_a_python_without_the_packages_says_how_to_get_them():
    # was: "No module named 'manim'" plus the LaTeX hint; -S: no site-packages, like a fresh clone
    done = subprocess.run([sys.executable, "-S", "render.py", "folding", "--quality", "low"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert "does not have nnlecture's packages (missing: click, numpy, matplotlib, manim)" in done.stderr
    assert "'./nnl render folding --quality low'" in done.stderr
    assert "source .venv/bin/activate" in done.stderr
    assert "Traceback" not in done.stderr and "LaTeX" not in done.stderr


def test_an_old_python_is_named():
    message = render.project_python_problem(version=(3, 10, 12), missing=[], args=["folding"])
    assert "needs Python 3.11 or newer" in message and "this is Python 3.10.12" in message
    assert render.project_python_problem(version=(3, 11, 2), missing=[], args=[]) is None


def test_nnl_checks_the_interpreter_before_installing_anything(tmp_path):
    """A copy of nnl in an empty folder, with a stand-in for Python 3.10 that fails on anything
    but the version questions: nnl must stop at the check, naming the fix."""
    import shutil

    shutil.copy(ROOT / "nnl", tmp_path / "nnl")
    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\ncase \"$2\" in *platform*) echo 3.10.12 ;; *version_info*) exit 1 ;;"
                   " *) echo unexpected \"$@\" >&2; exit 3 ;; esac\n")
    old.chmod(0o755)
    done = subprocess.run(["bash", str(tmp_path / "nnl"), "setup"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHON": str(old)}, timeout=60)
    assert done.returncode == 1
    assert "is Python 3.10.12, but nnlecture needs Python 3.11 or newer" in done.stderr
    assert "PYTHON=python3.11 ./nnl setup" in done.stderr and "unexpected" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nnl", "python3.10"]  # no .venv


def test_pyproject_and_licence():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert not any(d.startswith("tomli") for d in project["dependencies"])
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License") and "Copyright (c) 2026 the nnlecture authors" in licence


# --- issue 13: the configuration layer stays light ----------------------------------------------

@pytest.mark.parametrize("code", [
    "import nnlecture.catalog",
    "import render; render.cli(['list'], standalone_mode=False)",
    "import render; render.cli(['--help'], standalone_mode=False)",
    "import render; render.cli(['params', 'folding'], standalone_mode=False)",
])
def test_the_catalog_and_list_import_neither_manim_nor_matplotlib(code):
    """'render.py list', '--help' and 'params' stay fast: the catalog, its slots and limits
    import only nnmath (NumPy); Manim and Matplotlib come with the first render."""
    check = f"{code}\nimport sys\nheavy = {{'manim', 'matplotlib'}} & set(sys.modules)\n" \
            "assert not heavy, f'imported {sorted(heavy)}'"
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
