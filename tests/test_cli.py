"""render.py through click's CliRunner: list, params, a low-quality render, each bad input."""

from pathlib import Path

import pytest
from click.testing import CliRunner

import registry
import render


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(render.cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_list_names_every_registry_entry(run):
    result = run("list")
    assert result.exit_code == 0
    for entry in registry.ENTRIES:
        assert entry.name in result.output and entry.summary[:30] in result.output


def test_params_prints_a_file_that_reproduces_the_defaults(run, tmp_path):
    result = run("params", "folding")
    assert result.exit_code == 0 and "[net1]" in result.output
    path = tmp_path / "p.toml"
    path.write_text(result.output)
    import tomllib
    params = registry.lookup("folding").resolve_params(tomllib.loads(path.read_text()))
    defaults = registry.lookup("folding").default_params()
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
    "not numbers": ("[net2]\ntheta = [['a', 2]]\nphi = [0, 1]\n", "must be an array of numbers"),
    "both forms": ("[net1]\ntheta = [[1, 2]]\nxs = [0, 1]\n", "either theta and phi, or the points"),
    "interval": ("interval = [1, -1]\n", "'interval' must have lo < hi"),
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
    assert "Traceback" not in result.output
    assert good.read_bytes() == b"previous render"
    assert [p.name for p in tmp_path.iterdir()] == [good.name]


def test_activation_variant_option(run, tmp_path):
    result = run("joints", "--activation", "heaviside", "--quality", "low", "--format", "png",
                 "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "joints_light_480p.png").is_file()
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
    assert "'epochs' must be a whole number from 1 to 1,000,000" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    toml.write_text("hidden = [3, 0]\n")
    result = CliRunner().invoke(render.cli, ["fitting", "--params", str(toml)])
    assert result.exit_code != 0 and "list of whole numbers from 1 to 200" in result.output
