"""Every registered scene builds; what the folding scene draws is what nnmath computed.

Scenes are rendered at low quality to their last frame (Manim skips the frames but runs every
step), with the layout check on: no text may overlap other text, nothing may leave the frame.
"""

import numpy as np
import pytest

import nnmath
import registry
from scenes.common import LectureScene
from scenes.runner import render_scene


@pytest.fixture(autouse=True)
def check_layout(monkeypatch):
    monkeypatch.setattr(LectureScene, "check_layout", True)


def render(name, tmp_path, params=None, theme="light"):
    entry = registry.lookup(name)
    params = entry.default_params() if params is None else params
    path, scene = render_scene(entry.load(), name, params, theme=theme, quality="low", fmt="png",
                               out_dir=tmp_path, progress=False)
    assert path.is_file() and path.stat().st_size > 5_000
    assert scene.layout_problems == []
    return scene


@pytest.mark.parametrize("name", [e.name for e in registry.scenes()])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_scene_builds_in_both_themes(name, theme, tmp_path):
    render(name, tmp_path, theme=theme)


def graph_vertices(ax, polylines):
    """(x, y) data coordinates of the corners of a group of polylines, left to right."""
    points = np.concatenate([np.array([ax.p2c(q) for q in m.get_anchors()])
                             for m in polylines])
    return points[np.argsort(points[:, 0], kind="stable")]


def assert_graph_is(ax, polylines, pl):
    """The drawn corners are exactly the breakpoints of pl (to drawing precision)."""
    vertices = graph_vertices(ax, polylines)
    xs = np.unique(np.round(vertices[:, 0], 6))
    np.testing.assert_allclose(xs, pl.breakpoints, atol=1e-6)
    np.testing.assert_allclose(vertices[:, 1], pl(vertices[:, 0]), atol=1e-6)


def test_folding_draws_the_exact_composition(tmp_path):
    scene = render("folding", tmp_path)
    d = scene.data
    net1, net2 = (nnmath.PRESETS[k].factory() for k in ("fig4_1_net1", "fig4_1_net2"))
    exact = nnmath.piecewise_linear(nnmath.compose(net1, net2), -1, 1)
    assert d.composed.num_regions == exact.num_regions == 9
    assert (d.composed_parameters, d.shallow_units, d.shallow_parameters, d.shallow_max_regions) == (
        20, 6, 19, 7)
    # the composed graph drawn by the sweep has the exact breakpoints as its corners
    assert_graph_is(scene.ax3, scene.composed_graph, exact)
    # network 1 and network 2 panels
    assert_graph_is(scene.ax1, scene.graph1, nnmath.piecewise_linear(net1, -1, 1))
    np.testing.assert_allclose(d.preimages, [-0.5, 0.3, 0.8], atol=1e-12)
    # after unfolding, the three copies together are the composed graph again
    assert_graph_is(scene.axf, scene.copies, exact)
    assert [f.flipped for f in d.folds.folds] == [False, True, False]


def test_folding_follows_a_lecturers_parameters(tmp_path):
    # net 1 with two folds (up, then down) and a 2-unit net 2
    entry = registry.lookup("folding")
    params = entry.resolve_params({
        "net1": {"xs": [-1, 0.2, 1], "ys": [-1, 1, -1]},
        "net2": {"theta": [[0.5, 1.0], [-0.2, 1.0]], "phi": [0.1, 1.0, -2.0]},
        "interval": [-1, 1],
    })
    scene = render("folding", tmp_path, params)
    exact = nnmath.piecewise_linear(nnmath.compose(params["net1"], params["net2"]), -1, 1)
    assert len(scene.data.folds.folds) == 2 and scene.data.folds.folds[1].flipped
    assert len(scene.data.preimages) == 2
    assert_graph_is(scene.ax3, scene.composed_graph, exact)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "heaviside"])
def test_joints_marks_nnmaths_joints(tmp_path, activation):
    entry = registry.lookup("joints")
    params = entry.resolve_params({}, {"activation": activation})
    scene = render("joints", tmp_path, params)
    net = params["net"]
    assert net.activation.name == activation
    data = scene.data
    np.testing.assert_allclose(data.start.joints, [0.5, 1.0, 1.1 / 0.7], atol=1e-12)
    # the dots drawn at the end sit where nnmath puts the joints of the moved network
    drawn = sorted(scene.panels[k].p2c(mark[0].get_center())[0]
                   for k, mark in enumerate(scene.joint_marks) if len(mark))
    inside = [j for j in data.end.joints if 0 <= j <= 2]
    np.testing.assert_allclose(drawn, sorted(inside), atol=1e-6)
    # the moved joint leaves [0, 2]: one region fewer (ReLU)
    assert not 0 <= data.end.joints[data.moved_unit] <= 2
    if activation == "relu":
        assert [len(data.start.region_slopes()), len(data.end.region_slopes())] == [4, 3]
        assert scene.count.get_value() == 3
        # the output graph's vertices are the network's values
        vertices = np.array([scene.out.p2c(p) for p in scene.output.get_anchors()])
        np.testing.assert_allclose(vertices[:, 1], data.end.net(vertices[:, 0]), atol=1e-6)
        slopes = [s for *_, s, _ in [(a, b, s, u) for a, b, s, u in data.start.region_slopes()]]
        np.testing.assert_allclose(slopes, [-0.462, -0.982, 0.188, 0.65], atol=1e-12)


def test_joints_says_only_what_each_activation_does(tmp_path):
    entry = registry.lookup("joints")
    sigmoid = render("joints", tmp_path, entry.resolve_params({}, {"activation": "sigmoid"}))
    words = " ".join(sigmoid.notes)
    assert "squashes" in words and "e^{-5z}" in words and "half on" in words
    assert "clip" not in words and "joint" not in words
    assert len(sigmoid.joint_lines) == 0 and len(sigmoid.shades.submobjects) in (0, 3)
    assert all(len(box) == 0 for box in sigmoid.shades)  # a sigmoid unit is never off
    assert "no joints" in sigmoid.rule.tex_string
    # the half-on dots sit on the weighted curves: phi_d * sig(0) = phi_d / 2
    end = sigmoid.data.end.net
    drawn = [k for k, mark in enumerate(sigmoid.joint_marks) if len(mark)]
    assert drawn == [0, 1]  # unit 3's half-on point moved out of [0, 2]
    for k in drawn:
        x, y = sigmoid.panels[k].p2c(sigmoid.joint_marks[k][0].get_center())
        assert (x, y) == pytest.approx((end.joints()[k], end.phi[k + 1] / 2), abs=1e-6)
    step = render("joints", tmp_path, entry.resolve_params({}, {"activation": "heaviside"}))
    assert "jumps" in " ".join(step.notes)
    pieces = nnmath.step_pieces(step.data.end.net, 0, 2)
    assert step.count.get_value() == pieces.num_pieces
    # the output is drawn as flat pieces with no vertical risers, one per constant piece
    flats = [m for m in step.output if m.has_points() and m.width > 1e-6]  # (not become() padding)
    for flat in flats:
        ys = [step.out.p2c(p)[1] for p in flat.get_anchors()]
        assert max(ys) - min(ys) < 1e-6
    starts = {round(float(step.out.p2c(m.get_anchors()[0])[0]), 6) for m in flats}  # become() may
    np.testing.assert_allclose(sorted(starts), pieces.breakpoints[:-1], atol=1e-6)  # duplicate pieces


def test_regions_draws_every_exact_polygon_and_count(tmp_path):
    scene = render("regions", tmp_path)
    data = scene.data
    assert [len(p) for p in data.stages] == data.stages[-1].counts
    # the last fill holds one closed subpath per region, spread over a few mobjects
    subpaths = sum(len(m.get_subpaths()) for m in scene.fill)
    assert subpaths == len(data.stages[-1]) and len(scene.fill) <= 6
    counts = [row[1].get_value() for row in scene.rows]
    assert counts == data.stages[-1].counts
    assert all(c <= b for c, b in zip(counts, data.bounds) if b is not None)
    assert data.bounds[0] == nnmath.max_regions_shallow(2, data.net.widths[0])


def test_fitting_draws_each_runs_exact_final_graph(tmp_path):
    scene = render("fitting", tmp_path)
    race = scene.data.race
    for name in ("zero biases", "joints spread"):
        panel = scene.panels[name]
        net = race.fits[name].networks[-1]
        exact = nnmath.piecewise_linear(net, 0, 1, merge=False)
        assert_graph_is(panel["axes"], [panel["fit"]], exact)
        # the triangles sit under the final joints (become() may keep stacked duplicates)
        xs = [panel["axes"].p2c(t.get_center())[0] for t in panel["joints"]]
        np.testing.assert_allclose(np.unique(np.round(xs, 4)),
                                   np.unique(np.round(scene.data.frames[name][-1].joints, 4)), atol=2e-4)
        assert panel["readout"][2].get_value() == race.fits[name].dead.num_dead
    # the zero-bias run starts with every joint at x = 0: a straight line
    start = scene.data.frames["zero biases"][0]
    assert np.all(start.joints == 0) and len(start.joints) == 10 and len(start.xs) == 2
    assert scene.data.regions["joints spread"] == nnmath.piecewise_linear(
        race.fits["joints spread"].networks[-1], 0, 1).num_regions


def test_depth_race_draws_the_stored_curves_to_their_finish(tmp_path):
    from experiments import depth

    scene = render("depth_race", tmp_path)
    stored = depth.load_result(depth.REPO_BOOK_RESULT)
    finish = {k: int(stored.epochs[k][-1]) for k in stored.epochs}
    assert {k: int(v) for k, v in scene.data.finish.items()} == finish
    assert len(scene.marks) == 2 * len(finish)  # a dot and a note per net
    dots = scene.marks[0::2]  # a marker (the depth's own shape) and a note per net
    xs = sorted(scene.ax.p2c(d.get_center())[0] for d in dots)
    np.testing.assert_allclose(xs, sorted(finish.values()), rtol=1e-6)
    assert scene.data.speed_up() == pytest.approx(finish[1] / finish[4])


def test_regions_switches_to_the_pattern_map_when_polygons_are_too_many(tmp_path):
    from manim import ImageMobject

    scene = render("regions", tmp_path, params={"widths": (80, 80, 80), "seed": 3})
    counts = scene.data.stages[-1].counts
    assert counts[0] < 10_000 < counts[1]
    # layer 1 as polygons with its lines; layers 2 and 3 as pixel maps with a note
    assert isinstance(scene.fill, ImageMobject)
    assert len(scene.lines[0].get_subpaths()) > 0
    assert [len(m.get_subpaths()) for m in scene.lines[1:]] == [0, 0]
    assert [row[1].get_value() for row in scene.rows] == counts
    assert [len(row) for row in scene.rows] == [3, 4, 4]
