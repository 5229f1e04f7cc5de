"""The planes group: two outputs (Fig. 3.6) and two inputs (Fig. 3.8), scenes and figures.

What is drawn is checked against nnmath: the joints, each output's exact corners, the weights,
the 7 polygons and their heights, the activation patterns, the flat region, and the second
output's regions.
"""

import numpy as np
import pytest

import nnmath
from nnlecture import catalog
from tests.figure_builds import built
from tests.test_scenes import check_layout, render  # noqa: F401  (the layout check fixture)


# --- the presets -------------------------------------------------------------------------------
def test_fig3_6_has_four_joints_inside_and_two_different_outputs():
    net = nnmath.PRESETS["fig3_6"].factory()
    assert (net.input_dim, net.hidden_dim, net.output_dim) == (1, 4, 2)
    np.testing.assert_allclose(net.joints(), [0.3, 0.8, 1.2, 1.7], atol=1e-12)
    x = np.linspace(0, 2, 2001)
    both = net(x)
    for j in range(2):
        one = net.output(j)
        np.testing.assert_allclose(one(x), both[:, j], atol=1e-12)  # a second route: row j alone
        pl = nnmath.piecewise_linear(one, 0, 2)
        np.testing.assert_allclose(pl.joints, [0.3, 0.8, 1.2, 1.7], atol=1e-12)
        np.testing.assert_allclose(pl(x), both[:, j], atol=1e-12)
    assert np.abs(both[:, 0] - both[:, 1]).max() > 0.5  # visibly different
    assert np.abs(both).max() <= 0.6 + 1e-12


def test_fig3_8_two_outputs_keeps_the_books_output_and_its_seven_regions():
    net = nnmath.PRESETS["fig3_8_two_outputs"].factory()
    book = nnmath.PRESETS["fig3_8"].factory()
    np.testing.assert_array_equal(net.theta, book.theta)
    np.testing.assert_array_equal(net.phi[0], book.phi)
    first, second = (nnmath.regions_2d(net.output(j)) for j in range(2))
    assert len(first) == len(second) == len(nnmath.regions_2d(net)) == 7
    assert first.flat.sum() == second.flat.sum() == 1
    assert same_polygons(first.polygons, second.polygons)


def test_output_of_a_one_output_network_refuses_a_second():
    with pytest.raises(nnmath.ParameterError, match="between 0 and 0"):
        nnmath.PRESETS["fig3_8"].factory().output(1)


def same_polygons(a, b) -> bool:
    """The same polygons (each as a set of corners), in any order."""
    key = lambda poly: tuple(sorted(map(tuple, np.round(poly, 9))))  # noqa: E731
    return sorted(map(key, a)) == sorted(map(key, b))


# --- two_outputs ---------------------------------------------------------------------------------
def drawn_points(ax, mobject) -> np.ndarray:
    return np.array([ax.p2c(p) for p in mobject.get_anchors()])


def test_two_outputs_draws_the_shared_joints_and_each_outputs_exact_corners(tmp_path):
    scene = render("two_outputs", tmp_path)
    net = nnmath.PRESETS["fig3_6"].factory()
    # one dotted line per output panel at each joint of net.joints()
    assert len(scene.joint_lines) == 4
    for x, pair in zip(net.joints(), scene.joint_lines):
        assert len(pair) == len(scene.outs) == 2
        for out, line in zip(scene.outs, pair):
            xs = [out.p2c(p)[0] for p in (line.get_start(), line.get_end())]
            np.testing.assert_allclose(xs, [x, x], atol=1e-6)
    # each output graph's corners are the exact breakpoints of its own 1-output network
    for j, (out, graph) in enumerate(zip(scene.outs, scene.graphs)):
        pl = nnmath.piecewise_linear(net.output(j), 0, 2)
        points = drawn_points(out, graph)
        np.testing.assert_allclose(np.unique(np.round(points[:, 0], 6)), pl.breakpoints, atol=1e-6)
        np.testing.assert_allclose(points[:, 1], pl(points[:, 0]), atol=1e-6)
        assert pl.num_regions == 5
        # the slopes written on the regions are the exact ones
        written = [float(t.tex_string.replace("−", "-")) for t in scene.slope_labels[j]]
        np.testing.assert_allclose(written, np.round(pl.slopes, 2), atol=1e-9)
    # the weighted units drawn for output j are phi_jd h_d: the weights drawn are phi
    for j in range(2):
        for d in range(4):
            drawn = scene.weighted_drawn[4 * j + d]
            np.testing.assert_allclose(np.unique(np.round(drawn[:, 0], 6)), scene.data.edges, atol=1e-6)
            h = net.forward(drawn[:, 0]).activation[:, d]
            np.testing.assert_allclose(drawn[:, 1], net.phi[j, d + 1] * h, atol=1e-6)
    notes = " ".join(scene.notes)
    for value in ("phi_11 = 1", "phi_12 = -1", "phi_13 = -1.5", "phi_14 = 0.5",
                  "phi_21 = -0.5", "phi_22 = 1.5", "phi_23 = 1", "phi_24 = -0.8", "0.3, 0.8, 1.2 and 1.7"):
        assert value in notes


def test_two_outputs_refuses_a_one_output_network():
    entry = catalog.lookup("two_outputs")
    with pytest.raises(nnmath.ParameterError, match=r"net.phi must have shape \(2, 4\)"):
        entry.resolve_params({"net": {"theta": [[0, 1], [-1, 1], [1, -1]], "phi": [0, 1, 1, 1]}})


def test_two_outputs_example_parameters_read_back():
    import tomllib

    entry = catalog.lookup("two_outputs")
    params = entry.resolve_params(tomllib.loads(entry.example_params()))
    np.testing.assert_array_equal(params["net"].phi, nnmath.PRESETS["fig3_6"].factory().phi)


def test_shared_joints_figure_draws_the_joints_and_both_outputs():
    fig = built("shared_joints", "light").figure
    net = nnmath.PRESETS["fig3_6"].factory()
    units, outputs = fig.axes[:4], fig.axes[4:6]
    for ax in [*units, *outputs]:
        verticals = sorted(line.get_xdata()[0] for line in ax.lines
                           if len(set(line.get_xdata())) == 1 and line.get_linestyle() != "-")
        np.testing.assert_allclose(verticals, net.joints(), atol=1e-12)
    for j, ax in enumerate(outputs):
        pl = nnmath.piecewise_linear(net.output(j), 0, 2)
        graph = next(line for line in ax.lines if len(line.get_xdata()) == len(pl.breakpoints))
        np.testing.assert_allclose(graph.get_xdata(), pl.breakpoints, atol=1e-12)
        np.testing.assert_allclose(graph.get_ydata(), pl.values, atol=1e-12)
        slopes = [float(t.get_text().replace("\u2212", "-")) for t in ax.texts]
        np.testing.assert_allclose(slopes, np.round(pl.slopes, 2), atol=1e-9)


# --- shallow2d ------------------------------------------------------------------------------------
def drawn_face_points(face) -> np.ndarray:
    """The distinct corners of a drawn polygon, in order."""
    anchors = face.get_start_anchors()
    return anchors[:, :2]


def test_shallow2d_draws_the_seven_exact_polygons_at_the_networks_heights(tmp_path):
    scene = render("shallow2d", tmp_path)
    net = nnmath.PRESETS["fig3_8_two_outputs"].factory()
    d = scene.data
    exact = nnmath.regions_2d(net.output(0))
    assert len(d.partition) == len(exact) == 7
    for j in range(2):
        pieces = d.surfaces[j]
        assert len(pieces) == 7
        # the drawn polygons are regions_2d's polygons, output 2's the same as output 1's
        assert same_polygons([p.xy for p in pieces], exact.polygons)
        assert same_polygons([p.xy for p in pieces], nnmath.regions_2d(net.output(1)).polygons)
        for p in pieces:  # every corner's height is the network's output there
            np.testing.assert_allclose(p.heights["y"], net(p.xy)[:, j], atol=1e-12)
        # what is on screen is the projection of exactly these corners (the last frame)
        view, surface = scene.pair[j], scene.surfaces[j][1]
        az, el = scene.azimuth.get_value(), scene.elevation.get_value()
        expected = {tuple(np.round(q, 4)) for p in pieces
                    for q in view.project(p.xy, p.heights["y"], az, el)[0][:, :2]}
        # (Manim's become() may pad a polygon with extra points along its edges)
        drawn = {tuple(np.round(q, 4)) for face in surface for q in drawn_face_points(face)}
        assert len(surface) == 7 and expected <= drawn
    # the edges: on the joint lines of the units (in their colours), at the network's heights
    segments, _, units = exact.edges(unique=True)
    np.testing.assert_allclose(d.edges, segments)
    np.testing.assert_array_equal(d.edge_units, units)
    for j in range(2):
        np.testing.assert_allclose(d.edge_heights[j], net(d.edges.reshape(-1, 2))[:, j].reshape(-1, 2),
                                   atol=1e-12)
        drawn = scene.surfaces[j][2]
        assert len(drawn) == len(segments)
        for line, unit in zip(drawn, units):
            colour = scene.theme.line(int(unit)) if unit >= 0 else scene.theme.text
            assert line.get_stroke_color().to_hex().upper() == colour.upper()
    # each unit: the regions of that unit alone, clipped at 0 and weighted by phi_1d
    for k, pieces in enumerate(d.units):
        for p in pieces:
            pre = net.theta[k, 0] + p.xy @ net.theta[k, 1:]
            np.testing.assert_allclose(p.heights["line"], pre, atol=1e-12)
            np.testing.assert_allclose(p.heights["clipped"], np.maximum(pre, 0), atol=1e-12)
            np.testing.assert_allclose(p.heights["weighted"], net.phi[0, k + 1] * np.maximum(pre, 0),
                                       atol=1e-12)


def test_shallow2d_names_the_activation_patterns_and_one_flat_region(tmp_path):
    scene = render("shallow2d", tmp_path)
    part = nnmath.regions_2d(nnmath.PRESETS["fig3_8"].factory())
    d = scene.data
    np.testing.assert_array_equal(d.patterns, part.patterns)
    rows = [row.tex_string for row in scene.legend[:-1]]
    assert len(rows) == 7
    for i, row in enumerate(rows):
        on = [str(u + 1) for u in np.flatnonzero(part.patterns[i])]
        assert d.pattern_text(i) in row
        assert all(u in d.pattern_text(i) for u in on)
    assert sum("flat" in row for row in rows) == 1 == part.flat.sum()
    flat = int(np.flatnonzero(part.flat)[0])
    assert "no unit active" in rows[flat] and "0.4" in rows[flat]


def test_shallow2d_refuses_too_many_units():
    entry = catalog.lookup("shallow2d")
    theta = [[0.1 * i, 1.0, -0.5] for i in range(6)]
    with pytest.raises(nnmath.ParameterError, match="has room for 1 to 4"):
        entry.resolve_params({"net": {"theta": theta, "phi": [[0.0] + [1.0] * 6, [0.0] + [-1.0] * 6]}})


def test_planes_2d_figure_draws_the_exact_surface_and_patterns():
    fig = built("planes_2d", "light").figure
    net = nnmath.PRESETS["fig3_8_two_outputs"].factory()
    part = nnmath.regions_2d(net.output(0))
    surface = next(ax for ax in fig.axes if hasattr(ax, "faces"))
    assert len(surface.faces) == 7
    assert same_polygons([f[:, :2] for f in surface.faces], part.polygons)
    for face in surface.faces:
        np.testing.assert_allclose(face[:, 2], net(face[:, :2])[:, 0], atol=1e-12)
    patterns = fig.axes[-1].pattern_labels
    assert len(patterns) == 7
    for i, text in enumerate(patterns):
        on = [str(u + 1) for u in np.flatnonzero(part.patterns[i])]
        assert text == (",".join(on) or "none")
    # exactly one region hatched as flat: the one regions_2d calls flat
    hatched = [c for c in fig.axes[-1].collections if c.get_hatch()]
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == part.flat.sum() == 1
    np.testing.assert_allclose(hatched[0].get_paths()[0].vertices[:-1], part.polygons[int(np.flatnonzero(part.flat)[0])])
