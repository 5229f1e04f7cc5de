"""Limits are checked before any work starts, from an estimate of the work (issue 12).

Each case of the issue is refused by the loader (nnlecture.slots.Entry.resolve_params, which
runs no engine), with a message stating the estimate, the limit and a way under it; the
estimates (nnlecture.limits) are checked against what the engines really do.
"""

from __future__ import annotations

import re
import tomllib
import tracemalloc

import pytest
from click.testing import CliRunner

import nnmath
import render
from nnlecture import catalog, limits
from nnmath.presets import random_relu_network
from nnmath.regions import regions_2d


def refused(name: str, text: str) -> str:
    """The loader's message for the parameter file ``text`` of entry ``name``."""
    with pytest.raises(nnmath.ParameterError) as caught:
        catalog.lookup(name).resolve_params(tomllib.loads(text))
    return str(caught.value)


def accepted(name: str, text: str) -> dict:
    return catalog.lookup(name).resolve_params(tomllib.loads(text))


def test_a_wide_regions_net_is_refused_with_its_estimate():
    # was: 6 GiB in 9 s, then killed
    message = refused("regions", "widths = [1000]")
    assert "about 450,000 linear regions" in message
    assert "15.8 GiB of memory" in message
    assert "this takes at most 150,000 regions and 1.0 GiB" in message
    suggestion = re.search(r"e\.g\. (widths = \[[0-9, ]+\])", message).group(1)
    accepted("regions", suggestion)  # the way out it names works


def test_the_grid_figure_refuses_ten_thousand_units():
    message = refused("regions_exact_vs_grid", "widths = [10000]")
    assert "about 45,000,000 linear regions" in message and "at most 10,000 regions" in message
    suggestion = re.search(r"e\.g\. (widths = \[[0-9, ]+\])", message).group(1)
    accepted("regions_exact_vs_grid", suggestion)


def test_fifty_layers_are_refused():
    # was: > 2 min of rendering, rows of text running off the frame
    message = refused("regions", f"widths = {[10] * 50}")
    assert "'widths' lists 50 hidden layers" in message and "at most 4" in message
    assert "at most 4" in refused("regions_exact_vs_grid", f"widths = {[10] * 5}")


def test_a_width_beyond_any_machine_is_refused():
    # was: accepted (2^31 units)
    message = refused("regions", "widths = [2147483648]")
    assert "from 1 to 1,000,000" in message and "2147483648" in message


@pytest.mark.parametrize("name", ["fitting", "universal_approximation"])
def test_training_work_is_limited(name):
    # was: epochs = 1000000 allowed, > 2 min
    assert "'epochs' must be a whole number from 1 to 100,000" in refused(name, "epochs = 1000000")
    message = refused(name, "epochs = 100000\nfit_hidden = 200")
    assert "2 runs x 100,000 epochs x 60 samples x 200 units = 2.4e+09" in message
    assert "the limit is 2.4e+08" in message and "at most 10,000 epochs" in message
    accepted(name, "epochs = 10000\nfit_hidden = 200")
    accepted(name, "epochs = 100000\nfit_hidden = 20")
    assert "has room for at most 6" in refused(name, "hidden = [1, 2, 3, 4, 5, 6, 7]")


def test_a_huge_output_of_net1_is_refused_before_the_fold_view_hangs():
    # was: a hang building a million tick marks of the fold view's axis
    message = refused("folding", "[net1]\ntheta = [[2, 2], [0, 5.333], [-5, 8.333]]\n"
                                 "phi = [-1, 1, -1, 1000000]\n")
    assert "net1 maps the interval [-1, 1] onto [-1, 3.333e+06]" in message
    assert "the interval would be 1/1,666,499 of the length" in message
    assert "within about 100 times" in message
    accepted("folding", "[net1]\ntheta = [[2, 2], [0, 5.333], [-5, 8.333]]\n"
                        "phi = [-1, 1, -1, 5]\n")  # onto [-1, 13.7]: 7.3 times, still drawn


@pytest.mark.parametrize("name", ["folding", "joints"])
def test_intervals_of_the_scenes_are_drawable(name):
    message = refused(name, "interval = [-1000000, 1000000]")
    assert "runs from -1,000,000 to 1,000,000, 2,000,000 long" in message
    assert "up to 100 long" in message
    assert "at least 0.1 apart" in refused(name, "interval = [0, 0.001]")
    accepted(name, "interval = [-3, 4]")


def test_folds_and_units_that_do_not_fit_the_drawings():
    six_folds = "[net1]\nxs = [-1, -0.6, -0.2, 0.2, 0.6, 1]\nys = [-1, 1, -1, 1, -1, 1]\n"
    assert "has 5 hidden units" in refused("folding", six_folds)
    five_folds = ("[net1]\ntheta = [[0.3, 2.2], [0.9, -2.0], [-0.3, -2.7], [-1.2, -1.3]]\n"
                  "phi = [0.2, 1.0, 2.7, -1.2, -3.0]\n")
    message = refused("folding", five_folds)
    assert "folds the interval [-1, 1] 5 times" in message and "at most 4" in message
    four = "[net]\ntheta = [[1, 2], [0, 2], [-0.5, 2], [-1, 2]]\nphi = [-1, 1, -2, 2, -2]\n"
    for name in ("joints", "shallow_build_up"):  # one panel per unit, three panels
        assert "has 4 hidden units" in refused(name, four) and "exactly 3" in refused(name, four)


def test_region_maps_bounds_the_polygons_it_draws():
    rows = ", ".join(f"[{i / 50}, 1, {(-1) ** i}]" for i in range(50))
    net = f"[net]\ntheta = [{rows}]\nphi = [{', '.join(['1'] * 51)}]\n"
    xs = [i / 5 - 1 for i in range(11)]
    second = f"[second]\nxs = {xs}\nys = {[(-1) ** i for i in range(11)]}\n"
    message = refused("region_maps", net + second)  # 50 lines, then 10 level lines in each region
    assert "can make up to 1,276 x 11 = 14,036 regions" in message and "at most 10,000" in message
    accepted("region_maps", net)  # with Fig. 4.2's 2-unit second net: 1,276 x 3


def test_region_maps_domain_is_not_a_sliver():
    # was: "need at least one array to concatenate" from regions_2d (found by fuzzing)
    message = refused("region_maps", "xlim = [8e-06, 6.12e-05]\nylim = [-0.3524, 1000000.0]\n")
    assert "within 100 times each other" in message and "5.32e-05 wide" in message
    accepted("region_maps", "xlim = [0, 2]\nylim = [-3, 3]\n")


def test_drawings_of_exact_pieces_refuse_curved_activations():
    # was: accepted, then "piecewise_linear needs ... Evaluate it on a grid instead" mid-render
    message = refused("folding", "[net2]\nxs = [-1, 0, 1]\nys = [0, 1, 0]\nactivation = 'tanh'\n")
    assert "net2.activation must be one with a single kink (relu, leaky_relu, prelu)" in message
    assert "got activation = 'tanh'" in refused(
        "region_maps", "[second]\ntheta = [[0, 1]]\nphi = [0, 1]\nactivation = 'tanh'\n")
    accepted("shallow_build_up", "[net]\ntheta = [[0, 1], [1, 1], [-1, 1]]\n"
                                 "phi = [0, 1, 1, 1]\nactivation = 'tanh'\n")  # it draws curves


def test_an_interval_of_exactly_the_smallest_span_is_fine():
    accepted("folding", "interval = [0.5, 0.6]\n")  # 0.6 - 0.5 is 0.0999... in floating point


@pytest.mark.parametrize("name", [e.name for e in catalog.ENTRIES])
def test_the_book_values_pass_every_limit(name):
    catalog.lookup(name).resolve_params({})


@pytest.mark.parametrize("widths", [(150,), (20, 20, 20), (100, 30), (60, 60, 60), (40,) * 5])
def test_the_regions_estimate_is_at_least_the_count(widths):
    estimate, _ = limits.regions_estimate(widths)
    for seed in (0, 1):
        assert len(regions_2d(random_relu_network(widths, seed), (-1, 1), (-1, 1))) <= estimate


@pytest.mark.parametrize("widths", [(150,), (100, 30), (60, 60, 60), (40,) * 5])
def test_the_memory_estimate_is_within_a_factor_of_two(widths):
    """regions_2d's peak (tracemalloc sees NumPy's buffers) against regions_estimate; if the
    engine changes its memory use, recalibrate FIRST_LAYER_BYTES / REGION_UNIT_BYTES."""
    _, estimate = limits.regions_estimate(widths)
    net = random_relu_network(widths, 0)
    tracemalloc.start()
    try:
        regions_2d(net, (-1, 1), (-1, 1))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 0.4 <= peak / estimate <= 2.0, (peak, estimate)


def test_limits_are_checked_before_anything_is_imported_or_rendered(tmp_path, monkeypatch):
    """Through the CLI: exit 1, the estimate, no 'Rendering' line, nothing written."""
    def never(*args, **kwargs):
        raise AssertionError("rendering started")

    import scenes.runner
    monkeypatch.setattr(scenes.runner, "render_scene", never)
    toml = tmp_path / "p.toml"
    toml.write_text("widths = [1000]\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(render.cli, ["regions", "--params", str(toml), "--out", str(out)])
    assert result.exit_code == 1 and "Rendering" not in result.output
    assert "asks for too much work" in result.output and not out.exists()
