"""Every registered figure builds and saves; what two of them draw is checked against nnmath."""

import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

import nnmath
import registry
import render
from figures.style import save


@pytest.mark.parametrize("name", [e.name for e in registry.figures()])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_figure_builds_and_saves_three_formats(name, theme, tmp_path):
    entry = registry.lookup(name)
    fig = entry.load()(entry.default_params(), theme=theme)
    assert isinstance(fig, Figure)
    paths = save(fig, f"{name}_{theme}", tmp_path)
    assert sorted(p.suffix for p in paths) == [".pdf", ".png", ".svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert all(p.stat().st_size > 5_000 for p in paths)


def test_shallow_build_up_draws_the_networks_values():
    entry = registry.lookup("shallow_build_up")
    fig = entry.load()(entry.default_params())
    net = nnmath.PRESETS["fig3_3"].factory()
    axes = fig.axes
    titles = [ax.get_title() for ax in axes[:3]]
    for title, joint in zip(titles, [0.5, 1.0, 1.5714]):
        assert f"{joint:.3g}" in title
    output = axes[-1]
    x, y = _longest_line(output)
    np.testing.assert_allclose(y, net(x), atol=1e-12)
    dashed = sorted(line.get_xdata()[0] for line in output.lines if line.get_linestyle() == "--")
    np.testing.assert_allclose(dashed, net.joints(), atol=1e-12)
    slopes = [t.get_text().split()[-1] for t in output.texts]
    expected = nnmath.piecewise_linear(net, 0, 2).slopes
    assert slopes == [f"{s:.2f}" for s in expected]


def _longest_line(ax):
    line = max(ax.lines, key=lambda l: len(l.get_xdata()))
    return np.asarray(line.get_xdata()), np.asarray(line.get_ydata())


def test_regions_vs_parameters_marks_the_correct_values():
    fig = registry.lookup("regions_vs_parameters").load()({})
    left, right = fig.axes[:2]
    labels = [t.get_text() for t in left.texts + right.texts]
    assert any("471 parameters" in t and "161{,}051" in t for t in labels)
    assert not any("161{,}501" in t or "161,501" in t for t in labels)
    assert any("10,801 parameters" in t and r"1.80\times 10^{41}" in t for t in labels)
    marked = [line for line in left.lines if line.get_marker() == "o" and len(line.get_xdata()) == 1]
    assert marked[0].get_xdata()[0] == 471
    assert marked[0].get_ydata()[0] == pytest.approx(np.log10(161_051))


def test_figures_command_rebuilds_everything(tmp_path):
    result = CliRunner().invoke(render.cli, ["figures", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    for entry in registry.figures():
        assert {f"{entry.name}_light.{ext}" for ext in ("pdf", "svg", "png")} <= names


def test_bad_figure_parameters_fail_cleanly(tmp_path):
    params = tmp_path / "p.toml"
    params.write_text("[net]\ntheta = [[1, 2, 3]]\nphi = [0, 1]\n")
    result = CliRunner().invoke(render.cli, ["shallow_build_up", "--params", str(params),
                                             "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "net.theta must have shape (D, 2)" in result.output
    assert not (tmp_path / "out").exists()


def test_region_maps_show_the_exact_partitions():
    fig = registry.lookup("region_maps").load()(registry.lookup("region_maps").default_params())
    left, right = fig.axes[:2]
    assert left.get_title().startswith("7 linear regions (at most 7 for 3 units)")
    assert "1 of them flat" in left.get_title()
    flat = [t.get_text() for t in left.texts if "flat" in t.get_text()]
    assert flat == [f"flat: $y = \\phi_0 = {nnmath.PRESETS['fig3_8'].factory().phi[0]:.2f}$"]
    # one polygon per region, drawn as a single PolyCollection
    assert len(left.collections[0].get_paths()) == 7
    from nnmath.regions import regions_2d
    composed = regions_2d(nnmath.compose(nnmath.PRESETS["fig3_8"].factory(),
                                         nnmath.PRESETS["fig4_1_net2"].factory()))
    assert len(right.collections[0].get_paths()) == len(composed)
    assert f"{len(composed)} regions" in right.get_title()
    # the dashed level set y = 0: on it the network's output is 0 (second route: evaluate)
    net = nnmath.PRESETS["fig3_8"].factory()
    level = [c for c in left.collections if c.get_label() == "level set $y = 0$"]
    assert len(level) == 1
    segments = np.array(level[0].get_segments())
    assert len(segments) == len(regions_2d(net).level_set(0.0)) > 0
    t = np.linspace(0, 1, 5)[:, None, None]
    points = (segments[None, :, 0] * (1 - t) + segments[None, :, 1] * t).reshape(-1, 2)
    np.testing.assert_allclose(net(points), 0, atol=1e-9)


def test_grid_never_finds_more_regions_than_exist():
    entry = registry.lookup("regions_exact_vs_grid")
    fig = entry.load()(entry.default_params())
    exact = int(fig.axes[0].get_title().split()[1].replace(",", ""))
    sampled = int(fig.axes[1].get_title().split(":")[1].split()[0].replace(",", ""))
    assert len(fig.axes[0].collections[0].get_paths()) == exact
    assert sampled < exact


def test_depth_training_draws_the_stored_book_run():
    from experiments import depth
    curves = depth.load_result(depth.find_result("book"))
    entry = registry.lookup("depth_training")
    fig = entry.load()(entry.default_params())
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert [f"{n:,} parameters" in t for n, t in zip((15_208, 15_210, 15_235, 15_319), labels)] == [True] * 4
    for line, k in zip(fig.axes[0].lines, sorted(curves.epochs)):
        np.testing.assert_array_equal(line.get_ydata(), curves.error_percent[k])
        assert f"0 % at epoch {int(curves.epochs[k][-1]):,}" in labels[k - 1]


def test_regions_exact_vs_grid_follows_its_parameters_and_refuses_too_many_polygons(tmp_path):
    entry = registry.lookup("regions_exact_vs_grid")
    params = entry.resolve_params({"widths": [8, 8], "seed": 2, "grid": 60})
    fig = entry.load()(params)
    exact = nnmath.regions_2d(nnmath.random_relu_network((8, 8), 2), (-1, 1), (-1, 1))
    assert len(fig.axes[0].collections[0].get_paths()) == len(exact)
    assert fig.axes[1].get_title().startswith("60 x 60 grid")
    toml = tmp_path / "big.toml"
    toml.write_text("widths = [100, 100, 100]\n")
    result = CliRunner().invoke(render.cli, ["regions_exact_vs_grid", "--params", str(toml),
                                             "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "at most 10,000" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_universal_approximation_draws_the_ladder_and_the_race():
    from nnmath.approximation import approximation_ladder, fitting_race

    entry = registry.lookup("universal_approximation")
    fig = entry.load()(entry.default_params())
    ladder = approximation_ladder(hidden=(3, 5, 10, 20))
    titles = [ax.get_title() for ax in fig.axes[:4]]
    for title, rung in zip(titles, ladder):
        assert f"D = {rung.hidden}: {rung.regions} regions" in title and f"{rung.max_error:.3f}" in title
    race = fitting_race()
    for ax, name in zip(fig.axes[4:6], ("zero biases", "joints spread")):
        assert f"loss {race.fits[name].loss[-1]:.4f}" in ax.get_title()
        fit = [line for line in ax.lines if line.get_linestyle() == "-" and len(line.get_xdata()) > 100]
        x, y = (np.asarray(v) for v in fit[0].get_data())
        np.testing.assert_allclose(y, race.fits[name].networks[-1](x), atol=1e-12)
