"""Every registered scene builds; what the folding scene draws is what nnmath computed.

Scenes are rendered at low quality to their last frame (Manim skips the frames but runs every
step), with the layout check on: no text may overlap other text, nothing may leave the frame.
"""

import re

import numpy as np
import pytest

import nnmath
from nnlecture import catalog
from scenes.common import LectureScene, step_base, step_methods
from scenes.runner import render_scene


@pytest.fixture(autouse=True)
def check_layout(monkeypatch):
    monkeypatch.setattr(LectureScene, "check_layout", True)


def render(name, tmp_path, params=None, theme="light"):
    entry = catalog.lookup(name)
    params = entry.default_params() if params is None else params
    path, scene = render_scene(entry.load(), name, params, theme=theme, quality="low", fmt="png",
                               out_dir=tmp_path, progress=False)
    assert path.is_file() and path.stat().st_size > 5_000
    assert scene.layout_problems == []
    assert_steps_are_slides(scene, entry.load())
    return scene


def render_once(name, tmp_path_factory):
    """The default scene ``name``, rendered once for a module's tests (layout check on)."""
    LectureScene.check_layout = True
    try:
        return render(name, tmp_path_factory.mktemp(name))
    finally:
        LectureScene.check_layout = False


def interior_anchors(ax, mobject) -> np.ndarray:
    """The corners of ``mobject`` in ax's coordinates, less those on the plot's edge (where
    ``plot_path`` cuts a curve, on the chord between two of its points)."""
    points = np.array([ax.p2c(p) for p in mobject.get_anchors()])
    (x0, x1), (y0, y1) = ax.x_range[:2], ax.y_range[:2]
    edge = (np.isclose(points[:, 0], x0, atol=1e-9) | np.isclose(points[:, 0], x1, atol=1e-9)
            | np.isclose(points[:, 1], y0, atol=1e-9) | np.isclose(points[:, 1], y1, atol=1e-9))
    assert np.sum(~edge) >= max(2, len(points) // 2), "most of the curve is on the plot's edge"
    return points[~edge]


def assert_steps_are_slides(scene, scene_class):
    """Every animation belongs to a step (a slide), every step method plays in the
    storyboard's order, and every step has speaker notes that give a number."""
    assert scene.unstepped_animations == 0
    methods = step_methods(scene_class)
    played = [step_base(s.name) for s in scene.steps]
    assert set(played) == set(methods) and played == sorted(played, key=methods.index)
    for record in scene.steps:
        assert record.notes, f"step {record.name} has no speaker notes"
        assert re.search(r"\d", record.notes), f"step {record.name}'s notes give no number"


#: Scenes whose default build in the light theme, with the layout check on, a group's test
#: module already makes (its module-scoped fixture, through ``render``): the generic test below
#: builds only their dark theme, so no scene is built twice alike. Scene -> test module.
BUILT_BY_GROUP_TESTS = {
    "diagram": "test_diagrams", "merge": "test_diagrams", "folding2d": "test_folding2d",
    "clipping": "test_folding2d", "cross_entropy": "test_gradients", "backprop": "test_gradients",
    "activations": "test_neurons", "neuron": "test_neurons", "xor": "test_neurons",
    "regression": "test_regression", "representation": "test_views", "regions": "test_scenes",
    "svd": "test_scenes", "regularization": "test_regularization", "overfitting": "test_overfitting",
}
BUILDS = [(name, theme) for name in (e.name for e in catalog.scenes()) for theme in ("light", "dark")
          if not (theme == "light" and name in BUILT_BY_GROUP_TESTS)]


@pytest.mark.parametrize(("name", "theme"), BUILDS)
def test_every_scene_builds_in_both_themes(name, theme, tmp_path):
    render(name, tmp_path, theme=theme)


@pytest.mark.parametrize("name", sorted(BUILT_BY_GROUP_TESTS))
def test_the_group_modules_build_the_light_scenes_the_generic_test_leaves_out(name):
    """The light build left out above is made in the named module: its text renders ``name``
    from a module-scoped fixture."""
    from pathlib import Path

    source = (Path(__file__).parent / f"{BUILT_BY_GROUP_TESTS[name]}.py").read_text()
    assert name in {e.name for e in catalog.scenes()}
    assert re.search(rf'\(\s*"{name}"\s*,\s*tmp_path_factory|render\("{name}", tmp_path_factory\.mktemp', source), \
        f"{BUILT_BY_GROUP_TESTS[name]}.py no longer builds {name}: take it out of BUILT_BY_GROUP_TESTS"


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
    entry = catalog.lookup("folding")
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
    entry = catalog.lookup("joints")
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
    entry = catalog.lookup("joints")
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


def test_joints_words_fit_each_activation():
    from types import SimpleNamespace

    from scenes.joints import region_rule, smooth_rule, zero_mark

    act = nnmath.get_activation
    assert "half on" in zero_mark(act("sigmoid", steepness=5))
    assert "half on" not in zero_mark(act("tanh")) and "= 0$" in zero_mark(act("tanh"))
    assert "no linear regions" in smooth_rule(act("tanh"))
    assert "linear only where every unit is on" in smooth_rule(act("elu"))  # ELU: z above 0
    leaky = SimpleNamespace(kind="linear", net=SimpleNamespace(activation=act("leaky_relu")))
    assert r"0.1\sum" in region_rule(leaky)  # an off leaky unit still adds 0.1 of its slope
    relu = SimpleNamespace(kind="linear", net=SimpleNamespace(activation=act("relu")))
    assert "off" not in region_rule(relu)


@pytest.fixture(scope="module")
def regions_scene(tmp_path_factory):
    """The default regions scene, rendered once for the tests below, with every wait recorded
    as (duration, table rows shown)."""
    from scenes.regions import Regions

    waits = []
    original = Regions.wait

    def wait(self, duration=1.0, *args, **kwargs):
        waits.append((duration, len(self.rows)))
        original(self, duration, *args, **kwargs)

    Regions.wait, LectureScene.check_layout = wait, True
    try:
        scene = render("regions", tmp_path_factory.mktemp("regions"))
    finally:
        Regions.wait, LectureScene.check_layout = original, False
    scene.recorded_waits = waits
    return scene


def subpath_corners(path):
    """Each subpath of a polyline mobject as its corners (n, 3): the start of every segment
    (a closed polygon's last segment returns to the first corner)."""
    return [np.asarray(sub)[::4] for sub in path.get_subpaths()]


def fill_palette(scene):
    from scenes.regions import _hex

    return [_hex(c).upper() for c in scene.fill_colours()]


def test_regions_draws_every_exact_polygon_and_count(regions_scene):
    scene = regions_scene
    data = scene.data
    assert [len(p) for p in data.stages] == data.final.counts
    palette = fill_palette(scene)
    for k, (stage, fill) in enumerate(zip(data.stages, scene.layer_fills)):
        colours = scene.colours_of(k)
        # one closed subpath per region, in the fill of the region's colour, on its corners
        drawn = {}
        for group in fill:
            colour = palette.index(group.get_fill_color().to_hex().upper())
            for corners in subpath_corners(group):
                xy = np.array([scene.plot.p2c(c) for c in corners])
                drawn[tuple(np.round(np.sort(xy, axis=0).ravel(), 6))] = colour
        assert len(drawn) == len(stage)
        for polygon, colour in zip(stage.polygons, colours):
            assert drawn[tuple(np.round(np.sort(polygon, axis=0).ravel(), 6))] == colour
    counts = [row[1].get_value() for row in scene.rows]
    assert counts == data.final.counts
    # the last column: Zaslavsky exact for one layer; eq. 4.17 (a lower bound on the maximum)
    # to the product of the layers' Zaslavsky counts (an upper bound), as REFERENCE.md says
    assert data.lower == (22, 352, 5632) and data.upper == (22, 484, 10648)
    assert data.lower[1:] == tuple(nnmath.max_regions_deep(2, 6, k) for k in (2, 3))
    assert data.upper == tuple(nnmath.max_regions_shallow(2, 6) ** k for k in (1, 2, 3))
    assert [row[2].tex_string for row in scene.rows] == ["22", "352 to 484", "5,632 to 10,648"]
    assert all(c <= low for c, low in zip(counts, data.lower))
    words = " ".join(t.tex_string for t in scene.footnote)
    assert not any("at most" in note for note in scene.notes)
    assert "lower bound" in words and "upper bound" in words and "at most 352" not in words


def test_regions_keep_colours_through_splits_and_part_neighbours(regions_scene):
    from nnlecture.palette import delta_e
    from scenes.regions import SHADES

    scene = regions_scene
    palette = fill_palette(scene)
    shades = len(SHADES)
    for k, stage in enumerate(scene.data.stages):
        colours = scene.colours_of(k)
        pairs = stage.adjacency()
        # neighbours never share a colour, and their fills differ visibly (CIEDE2000)
        assert (colours[pairs[:, 0]] != colours[pairs[:, 1]]).all()
        assert min(delta_e(palette[a], palette[b]) for a, b in colours[pairs]) > 6
        if k:
            parents = scene.colours_of(k - 1)[stage.parents]
            # every piece keeps the hue of the region it was cut from (true for this net, and
            # what the caption says), and most keep the very colour
            assert (colours // shades == parents // shades).all()
            assert (colours == parents).mean() > 0.4


def test_regions_draws_nnmaths_joints_one_path_per_unit(regions_scene):
    from scenes.common import MIN_STROKE

    scene = regions_scene
    for k, stage in enumerate(scene.data.stages):
        lines = stage.joint_lines(k)
        paths = dict(scene.joint_paths(k))
        assert sorted(paths) == sorted({unit for unit, _ in lines})
        for unit, path in paths.items():
            assert path.get_stroke_width() >= MIN_STROKE
            mine = [points for u, points in lines if u == unit]
            drawn = [np.array([scene.plot.p2c(p) for p in sub]) for sub in path.get_subpaths()]
            assert len(drawn) == len(mine)
            for points, sub in zip(mine, drawn):
                # the corners of the drawn path are the joint's vertices, in order
                np.testing.assert_allclose(sub[::4], points[:-1], atol=1e-9)
                np.testing.assert_allclose(sub[-1], points[-1], atol=1e-9)
        assert all(p in scene.lines for p in paths.values())


def test_regions_holds_after_every_layer_and_marks_the_flat_region(regions_scene):
    scene = regions_scene
    layers = len(scene.data.stages)
    # after each layer's row appears, a hold of at least 2 s before the next row
    for rows in range(1, layers + 1):
        assert max(d for d, shown in scene.recorded_waits if shown == rows) >= 2
    assert scene.renderer.time > 40
    # the flat region of nnmath is filled; the net is constant on it (a second route)
    flats = scene.data.flat_regions()
    assert [r for r, _, _ in flats] == list(np.flatnonzero(scene.data.final.flat)) and len(flats) == 1
    region, value, layer = flats[0]
    polygon = scene.data.final.polygons[region]
    inside = 0.25 * polygon[:, None] + 0.75 * scene.data.final.centroids[region]
    np.testing.assert_allclose(scene.data.net(inside.reshape(-1, 2)), value, atol=1e-12)
    assert layer == 0 and not scene.data.final.layer_patterns(0)[region].any()
    outline = np.array([scene.plot.p2c(p) for p in scene.outlines[0].get_anchors()])
    np.testing.assert_allclose(np.unique(np.round(outline, 9), axis=0),
                               np.unique(np.round(polygon, 9), axis=0), atol=1e-9)


def test_regions_refuses_more_layers_than_its_table_has_rows():
    from scenes.regions import RegionsData

    with pytest.raises(nnmath.ParameterError, match="at most 4 hidden layers.*got 5 widths"):
        RegionsData.from_params({"widths": (6, 6, 6, 6, 6), "seed": 3})


def test_fitting_draws_each_runs_exact_final_graph(tmp_path):
    scene = render("fitting", tmp_path)
    race = scene.data.race
    for name in ("zero biases", "joints spread"):
        panel = scene.panels[name]
        net = race.fits[name].networks[-1]
        exact = nnmath.piecewise_linear(net, 0, 1, merge=False)
        assert_graph_is(panel["axes"], [panel["fit"]], exact)
        # the triangles (one mobject, 12 points each) sit under the final joints
        triangles = panel["joints"].points.reshape(-1, 12, 3)
        centres = (triangles.max(axis=1) + triangles.min(axis=1)) / 2
        xs = [panel["axes"].p2c(c)[0] for c in centres]
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
    # the late 1-layer finish is one example's wait: at most 1 error from the first stored
    # epoch with one error left (second route: the stored error counts, read directly)
    wrong = np.rint(stored.error_percent[1] * stored.meta["num_train"] / 100)
    one = int(stored.epochs[1][np.flatnonzero(wrong <= 1)[0]])
    note = next(n for n in scene.notes if "by epoch" in n)
    assert f"by epoch {one:,}" in note and f"{finish[1] - one:,} epochs" in note


def test_regions_switches_to_the_pattern_map_when_polygons_are_too_many(tmp_path):
    from manim import ImageMobject

    scene = render("regions", tmp_path, params={"widths": (80, 80, 80), "seed": 3})
    counts = scene.data.stages[-1].counts
    assert counts[0] < 10_000 < counts[1]
    # layer 1 as polygons with its joints; layers 2 and 3 as pixel maps, the caption says why
    assert not isinstance(scene.layer_fills[0], ImageMobject)
    assert all(isinstance(f, ImageMobject) for f in scene.layer_fills[1:])
    crossing = {unit for unit, _ in scene.data.stages[0].joint_lines(0)}
    assert len(scene.joint_paths(0)) == len(scene.lines) == len(crossing) > 70
    assert [row[1].get_value() for row in scene.rows] == counts
    assert sum("pattern" in note for note in scene.notes) == 2


@pytest.fixture(scope="module")
def svd_scene(tmp_path_factory):
    """The default svd scene, rendered once for the tests below (layout check on)."""
    LectureScene.check_layout = True
    try:
        return render("svd", tmp_path_factory.mktemp("svd"))
    finally:
        LectureScene.check_layout = False


def numbered_planes(scene):
    return [scene.plane, scene.source, *scene.targets, *scene.panels]


def test_svd_planes_carry_numbers_where_they_sit(svd_scene):
    for plane in numbered_planes(svd_scene):
        (x0, x1), (y0, y1) = plane.x_range[:2], plane.y_range[:2]
        bottom, left = plane.c2p(x0, y0)[1], plane.c2p(x0, y0)[0]
        xs, ys = [], []
        for label in plane.numbers:
            value = float(label.tex_string.replace("\\text{-}", "-").replace("−", "-"))
            at = plane.p2c(label.get_center())
            if label.get_top()[1] < bottom:  # below the bottom edge: an x coordinate
                assert at[0] == pytest.approx(value, abs=1e-6)
                xs.append(value)
            else:  # left of the left edge: a y coordinate
                assert label.get_right()[0] < left and at[1] == pytest.approx(value, abs=1e-6)
                ys.append(value)
        # both axes numbered, 0 among them where it is in range, at least two numbers each
        assert len(xs) >= 2 and len(ys) >= 2
        assert (0.0 in xs) == (x0 <= 0 <= x1) and (0.0 in ys) == (y0 <= 0 <= y1)


def test_svd_warps_are_drawn_on_their_own_honest_scales(svd_scene):
    from scenes.svd import TANH_RANGE, WARP_SCALES

    scene = svd_scene
    d = scene.data
    # tanh: both on (-1, 1)^2 with a margin, and what is drawn is tanh[S x] in plane coordinates
    for plane, picture, s in zip(scene.targets, scene.warped, WARP_SCALES):
        assert tuple(plane.x_range[:2]) == TANH_RANGE[:2]
        lines, circle = d.warps[("tanh", s)]
        for path, expected in zip(picture, [*lines, circle]):
            drawn = np.array([plane.p2c(p) for p in path.get_anchors()])
            np.testing.assert_allclose(drawn, np.repeat(expected, 2, axis=0)[1:-1], atol=1e-6)
        # the warped grid fills its panel (it used to fill about 1/9 of it)
        assert picture.width > 0.5 * plane.plane.width and picture.height > 0.5 * plane.plane.height
    # ReLU: the ranges are S times one range, so the two pictures are the same up to the numbers
    ranges = [np.array(d.warp_ranges[("relu", s)]) / s for s in WARP_SCALES]
    np.testing.assert_allclose(ranges[0], ranges[1], atol=1e-12)
    relu = [np.concatenate(d.warps[("relu", s)][0]) / s for s in WARP_SCALES]
    np.testing.assert_allclose(relu[0], relu[1], atol=1e-12)


def test_svd_network_grid_is_straight_in_every_panel(svd_scene):
    scene = svd_scene
    v = scene.data.network
    assert len(v.grid) >= 8
    for x, z, h in v.grid:
        for points in (x, z, h):
            d = points - points[0]
            cross = d[:, 0] * d[-1, 1] - d[:, 1] * d[-1, 0]
            assert np.abs(cross).max() < 1e-9 * (1 + np.abs(d).max() ** 2)
        # a line of constant z_1 or z_2, at a multiple of the grid step; h = tanh z
        constant = [np.ptp(z[:, i]) < 1e-9 for i in (0, 1)]
        assert sum(constant) == 1
        c = z[0, constant.index(True)]
        assert c / v.grid_step == pytest.approx(round(c / v.grid_step), abs=1e-9)
        np.testing.assert_allclose(h, np.tanh(z), atol=1e-12)
        np.testing.assert_allclose(v.net.hidden(x)[0], z, atol=1e-9)
    # the drawn grid of each panel is that panel's polylines
    for k, panel in enumerate(scene.panels):
        for path, stages in zip(scene.stage_pictures[k][0], v.grid):
            drawn = np.array([panel.p2c(p) for p in path.get_anchors()])
            np.testing.assert_allclose(drawn, np.repeat(stages[k], 2, axis=0)[1:-1], atol=1e-6)


def test_svd_points_are_large_two_shapes_and_panels_keep_off_the_edge(svd_scene):
    from manim import Dot, Square, config
    from scenes.svd import DOT_RADIUS

    scene = svd_scene
    labels = scene.data.network.net.labels
    for picture in scene.stage_pictures:
        marks = picture[1]
        assert all(isinstance(m, Dot) == (c == 0) and isinstance(m, Square) == (c == 1)
                   for m, c in zip(marks, labels))
        assert min(m.width for m in marks) >= 1.7 * DOT_RADIUS - 1e-9 >= 0.12
    half = config.frame_width / 2
    assert scene.panels.get_left()[0] > -half + 0.3 and scene.panels.get_right()[0] < half - 0.3
    assert scene.plane.get_left()[0] > -half + 0.3 and scene.plane.get_bottom()[1] > -config.frame_height / 2 + 0.3


def test_svd_title_names_the_reflection_when_there_is_one():
    from scenes.svd import SVD, SVDData

    entry = catalog.lookup("svd")
    for theta, words in (([[0.19, 1.84], [-0.97, -0.93]], "a rotation, a stretch and a rotation"),
                         ([[0.19, 1.84], [0.97, 0.93]], "a reflection, a stretch and a rotation")):
        scene = SVD(params=entry.resolve_params({"theta": theta}))
        scene.data = SVDData.from_params(scene.params)
        scene.play = scene.wait = lambda *a, **k: None  # build the first step only
        scene.show_plane()
        assert words in scene.heading.tex_string
