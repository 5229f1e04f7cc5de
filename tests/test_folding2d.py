"""Fig. 4.2's 13 regions (the constructed second net, the level-set count, the folding2d scene
and folding_2d figure), checked against a second route each."""

import numpy as np
import pytest

import nnmath
from nnmath.level_sets import crossed_regions, crossings_by_level, level_cuts, value_ranges


def fig3_8():
    return nnmath.PRESETS["fig3_8"].factory()


def second():
    return nnmath.PRESETS["fig4_2_second"].factory()


# --- nnmath: the constructed second network makes 13 ---------------------------------------------


def test_fig4_2_second_gives_the_books_13_regions():
    net, two = fig3_8(), second()
    assert (two.input_dim, two.hidden_dim, two.output_dim) == (1, 2, 1)
    first = nnmath.regions_2d(net)
    composed = nnmath.regions_2d(nnmath.compose(net, two))
    assert len(first) == 7 and first.flat.sum() == 1
    assert len(composed) == 13
    np.testing.assert_allclose(np.sort(two.joints()), [-0.25, -0.1])


def test_13_by_brute_force_activation_patterns():
    """Second route: distinct activation patterns of the composition at the centres of a
    1000 x 1000 grid (the smallest region, area 0.018, holds thousands of them)."""
    composed = nnmath.compose(fig3_8(), second())
    assert nnmath.pattern_map(composed, (-1, 1), (-1, 1), 1000).num_regions == 13
    assert nnmath.regions_2d(nnmath.compose(fig3_8(), second())).areas.min() > 0.015


def test_13_is_7_plus_the_crossings_of_the_level_sets():
    """Third route: region of f at each grid point (its pattern) and which side of each joint
    level f(x) lies on, counted as distinct pairs; and the corner-value count of crossings."""
    net, two = fig3_8(), second()
    cuts = level_cuts(net, two)
    np.testing.assert_allclose(cuts.levels, [-0.25, -0.1])
    assert [len(c) for c in cuts.crossed] == [2, 4] and cuts.crossings == 6
    assert cuts.predicted == len(cuts.composed) == 13
    g = (np.arange(800) + 0.5) / 400 - 1
    points = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    y = net(points)
    region = cuts.first.locate(points)
    sides = (y[:, None] > cuts.levels[None]).astype(int)
    assert len({(r, *s) for r, s in zip(region, sides)}) == 13
    # each level set has one straight segment per region it crosses (the engine's clipping)
    for c, crossed in zip(cuts.levels, cuts.crossed):
        assert len(cuts.first.level_set(c)) == len(crossed)


def test_crossings_by_level_is_the_table_of_the_construction():
    breaks, counts = crossings_by_level(nnmath.regions_2d(fig3_8()))
    np.testing.assert_allclose(breaks, [-0.5222, -0.1852, -0.0722, 0.3914, 0.4, 0.502, 0.91], atol=1e-4)
    assert counts.tolist() == [2, 4, 6, 5, 2, 1]
    # against sampling: a level between two breaks crosses that many regions
    first = nnmath.regions_2d(fig3_8())
    for lo, hi, n in zip(breaks[:-1], breaks[1:], counts):
        assert len(crossed_regions(first, 0.5 * (lo + hi))) == n


def test_value_ranges_are_the_extremes_over_each_region():
    first = nnmath.regions_2d(fig3_8())
    ranges = value_ranges(first)
    g = np.linspace(-1, 1, 401)
    points = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    region, y = first.locate(points), fig3_8()(points)
    for r in range(len(first)):
        inside = y[region == r]
        assert ranges[r, 0] - 1e-12 <= inside.min() and inside.max() <= ranges[r, 1] + 1e-12
        assert inside.max() - inside.min() > 0.9 * (ranges[r, 1] - ranges[r, 0])


def test_level_lines_lie_on_the_level_and_bend_only_on_old_edges():
    cuts = level_cuts(fig3_8(), second())
    net = fig3_8()
    for j, c in enumerate(cuts.levels):
        lines = cuts.level_lines(j)
        assert lines
        for points in lines:
            np.testing.assert_allclose(net(points), c, atol=1e-12)
            # the inner vertices are on the first net's joints (a unit's pre-activation is 0)
            pre = net.forward(points[1:-1]).preactivation
            assert (np.abs(pre).min(axis=1) < 1e-12).all()


def test_level_cuts_refuses_a_two_input_second_network():
    with pytest.raises(nnmath.ParameterError, match="1 input"):
        level_cuts(fig3_8(), fig3_8())


# --- the folding2d scene -------------------------------------------------------------------------


def drawn_polygon(plot, shape):
    """The corners (n, 2) in data coordinates of a closed polygon drawn by region_shape."""
    points = np.array([plot.p2c(q) for q in shape.get_anchors()])
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.abs(np.diff(points, axis=0)).max(axis=1) > 1e-9
    points = points[keep]
    return points[:-1] if np.allclose(points[0], points[-1]) else points


def same_polygons(plot, shapes, polygons):
    assert len(shapes) == len(polygons)
    for shape, polygon in zip(shapes, polygons):
        np.testing.assert_allclose(drawn_polygon(plot, shape), polygon, atol=1e-6)


def rendered(name, tmp_path_factory):
    from tests.test_scenes import render_once

    return render_once(name, tmp_path_factory)


@pytest.fixture(scope="module")
def folding2d(tmp_path_factory):
    return rendered("folding2d", tmp_path_factory)


def test_folding2d_counts_the_engines_7_and_13_polygons(folding2d):
    scene = folding2d
    first = nnmath.regions_2d(fig3_8())
    composed = nnmath.regions_2d(nnmath.compose(fig3_8(), second()))
    same_polygons(scene.plot, scene.first_shapes, first.polygons)
    same_polygons(scene.plot, scene.outlines, composed.polygons)
    assert [s.name for s in scene.steps] == ["show_first", "show_second", "cut_level", "cut_level_2",
                                            "count_composition"]
    assert "13 linear regions" in scene.steps[-1].notes


def test_folding2d_level_sets_lie_on_the_levels_and_cut_six_regions(folding2d):
    scene, net = folding2d, fig3_8()
    first = nnmath.regions_2d(net)
    cuts = level_cuts(net, second())
    assert len(scene.level_paths) == 2
    for j, (path, c) in enumerate(zip(scene.level_paths, (-0.25, -0.1))):
        points = np.concatenate([[scene.plot.p2c(q) for q in line.get_anchors()] for line in path])
        np.testing.assert_allclose(net(points), c, atol=1e-6)  # drawn on net(x) = c_k
        # the regions lit up while it is drawn are the ones it crosses, each once
        lit = scene.cut_shapes[j]
        crossed = sorted(cuts.crossed[j].tolist())
        found = sorted(int(first.locate(drawn_polygon(scene.plot, s).mean(axis=0)[None])[0]) for s in lit)
        assert found == crossed
    assert sum(len(lit) for lit in scene.cut_shapes) == 13 - 7


def test_folding2d_refuses_a_sliver_of_a_domain():
    from nnlecture import catalog

    with pytest.raises(nnmath.ParameterError, match="within 2 times each other"):
        catalog.lookup("folding2d").resolve_params({"xlim": [-1, 1], "ylim": [0, 0.5]})
    catalog.lookup("folding2d").resolve_params({"xlim": [-1, 1], "ylim": [0, 1]})


# --- the folding_2d and region_maps figures --------------------------------------------------------


def test_folding_2d_draws_the_level_sets_and_the_13_regions():
    from matplotlib.collections import PolyCollection
    from tests.figure_builds import built

    fig = built("folding_2d", "light").figure
    left, middle, right = fig.axes[:3]
    net = fig3_8()
    cuts = level_cuts(net, second())
    assert left.get_title() == "$y$: 7 regions; the level sets\nof the joints cut 2 + 4 of them"
    assert right.get_title() == "$y' = g(f(x))$: 13 regions\n7 + 2 + 4 (one per cut)"
    # the 13 polygons drawn are the engine's
    polygons = [c for c in right.collections if isinstance(c, PolyCollection)][0].get_paths()
    assert len(polygons) == len(cuts.composed) == 13
    for path, polygon in zip(polygons, cuts.composed.polygons):
        np.testing.assert_allclose(path.vertices[:len(polygon)], polygon, atol=1e-12)
    # each level set drawn lies on net(x) = c_k, on both maps
    for ax in (left, right):
        levels = [line for line in ax.lines if line.get_label().startswith("level set")]
        assert len(levels) == 2
        for line, c in zip(levels, (-0.25, -0.1)):
            points = np.column_stack([line.get_xdata(), line.get_ydata()])
            np.testing.assert_allclose(net(points), c, atol=1e-12)
    # the second network's joints are marked at c_k, its graph is the network
    graph = middle.lines[0]
    np.testing.assert_allclose(graph.get_ydata(), second()(np.asarray(graph.get_xdata())), atol=1e-12)
    marks = sorted(line.get_xdata()[0] for line in middle.lines[2:])
    np.testing.assert_allclose(marks, [-0.25, -0.1])


# --- Fig. 4.5: the deep build-up (nnmath.build_up, the clipping scene, deep_build_up) ------------


def fig4_5():
    return nnmath.PRESETS["fig4_5"].factory()


def test_build_up_passes_through_the_books_points_and_counts_12_regions():
    from nnmath.presets import FIG4_5_PRE, FIG4_5_XS

    b = nnmath.build_up(fig4_5(), 0, 2)
    np.testing.assert_allclose(b.preactivations.breakpoints, FIG4_5_XS)
    np.testing.assert_allclose(b.preactivations.values, np.array(FIG4_5_PRE).T, atol=1e-12)
    np.testing.assert_allclose(b.phi, [-0.36, -1, 1.6, 0.7])
    np.testing.assert_allclose(b.first_joints, [1.0, 1.6])
    assert b.num_regions == 12 == 1 + len(b.first_joints) + len(b.new_joints)
    np.testing.assert_allclose(np.sort(b.output.joints), np.union1d(b.first_joints, b.new_joints), atol=1e-12)


def test_build_up_zero_crossings_agree_with_dense_evaluation():
    """Second route: sign changes of the pre-activations on a grid of 200,001 points."""
    net, b = fig4_5(), nnmath.build_up(fig4_5(), 0, 2)
    x = np.linspace(0, 2, 200_001)
    pre = net.forward(x).preactivations[1]
    for k, zeros in enumerate(b.zeros):
        changes = np.flatnonzero(np.sign(pre[:-1, k]) != np.sign(pre[1:, k]))
        np.testing.assert_allclose(zeros, x[changes], atol=2e-5)
        # clipped and weighted stages are the network's own values
        np.testing.assert_allclose(b.clipped[k](x), np.maximum(pre[:, k], 0), atol=1e-12)
        np.testing.assert_allclose(b.weighted[k](x), b.phi[k + 1] * np.maximum(pre[:, k], 0), atol=1e-12)


def test_build_up_region_count_agrees_with_dense_slopes():
    """Second route for the 12: slope changes of the output sampled densely (off the joints)."""
    net = fig4_5()
    x = np.linspace(0, 2, 400_001)
    slopes = np.round(np.diff(net(x)) / np.diff(x), 6)
    # a slope change shows in one or two grid steps: count the runs of changes
    change = np.abs(np.diff(slopes)) > 1e-3
    runs = np.count_nonzero(change[1:] & ~change[:-1]) + int(change[0])
    assert 1 + runs == nnmath.piecewise_linear(net, 0, 2).num_regions == 12


def test_build_up_slot_refuses_a_bad_points_table():
    from nnlecture import catalog

    entry = catalog.lookup("clipping")
    with pytest.raises(nnmath.ParameterError, match="net.ys must hold 1 to 3 rows"):
        entry.resolve_params({"net": {"xs": [0, 1, 2], "ys": [[0, 1]], "phi": [0, 1]}})
    with pytest.raises(nnmath.ParameterError, match="'net' must be a table with xs, ys and phi"):
        entry.resolve_params({"net": {"xs": [0, 1, 2]}})
    net = entry.resolve_params({"net": {"xs": [0, 1, 2], "ys": [[-1, 1, -1]], "phi": [0, 2]}})["net"]
    assert nnmath.build_up(net, 0, 2).num_regions == 4


@pytest.fixture(scope="module")
def clipping(tmp_path_factory):
    return rendered("clipping", tmp_path_factory)


def test_clipping_draws_the_exact_stages(clipping):
    from tests.test_scenes import graph_vertices

    scene = clipping
    b = nnmath.build_up(fig4_5(), 0, 2)
    # the panels end on the weighted units: their corners are the exact breakpoints and values
    for k, (ax, line) in enumerate(zip(scene.panels, scene.lines)):
        corners = graph_vertices(ax, [line])
        xs = np.unique(np.round(corners[:, 0], 6))
        np.testing.assert_allclose(xs, b.weighted[k].breakpoints, atol=1e-6)
        np.testing.assert_allclose(corners[:, 1], b.weighted[k](corners[:, 0]), atol=1e-6)
        # the new joints marked are the zero crossings, found again by dense evaluation
        dots = np.array([ax.p2c(d.get_center())[0] for d in scene.zero_dots[k]])
        x = np.linspace(0, 2, 200_001)
        pre = fig4_5().forward(x).preactivations[1][:, k]
        np.testing.assert_allclose(dots, x[np.flatnonzero(np.sign(pre[:-1]) != np.sign(pre[1:]))], atol=2e-5)
    # the output graph's corners are piecewise_linear's breakpoints; 12 regions in the caption
    corners = graph_vertices(scene.out_ax, [scene.graph])
    np.testing.assert_allclose(np.unique(np.round(corners[:, 0], 6)),
                               nnmath.piecewise_linear(fig4_5(), 0, 2).breakpoints, atol=1e-6)
    assert "12 linear regions" in scene.steps[-1].notes
    assert "9 zero crossings" in scene.steps[-1].notes


def test_deep_build_up_draws_the_exact_stages_and_the_count():
    from tests.figure_builds import built

    fig = built("deep_build_up", "light").figure
    b = nnmath.build_up(fig4_5(), 0, 2)
    panels, out = fig.axes[:9], fig.axes[9]
    for r, stages in enumerate(([b.preactivations] * 3, b.clipped, b.weighted)):
        for k in range(3):
            line = [l for l in panels[3 * r + k].lines if len(l.get_xdata()) > 2][0]
            stage = stages[k]
            values = stage.values[:, k] if stage.values.ndim == 2 else stage.values
            np.testing.assert_allclose(line.get_xdata(), stage.breakpoints)
            np.testing.assert_allclose(line.get_ydata(), values)
            if r:  # the new joints are marked on the clipped and weighted rows
                dots = [l for l in panels[3 * r + k].lines if l.get_marker() == "o"][0]
                np.testing.assert_allclose(dots.get_xdata(), b.zeros[k])
    graph = out.lines[-1]
    np.testing.assert_allclose(graph.get_xdata(), nnmath.piecewise_linear(fig4_5(), 0, 2).breakpoints)
    assert out.get_title() == "output: 12 linear regions\njoints: 2 of layer 1 + 9 new"
