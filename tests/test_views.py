"""The views group: functional vs representation view (nnmath.representation, the
'representation' scene, the two_views figure) and the svd scene's figures svd_factors and warping.

The math against second routes: the hidden values against ReLU written out, the accuracy
against the forward pass, the exact boundary against the output (0 on it, and every sign change
of a dense grid next to it), the image of the boundary against the straight line of h, random
networks by hypothesis; then what the scene and the figures draw against nnmath, and one bad
input per new parameter through the command line. Tolerances: 1e-9 for values on exact lines,
1e-6 for coordinates read back from a Manim scene.
"""

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath
import render
from nnlecture import catalog
from nnmath import svd
from nnmath.representation import TwoViews, two_views
from tests.figure_builds import built
from tests.test_scenes import render_once

THETA = np.array([[0.19, 1.84], [-0.97, -0.93]])
FLIPPED = np.array([[0.19, 1.84], [0.97, 0.93]])


@pytest.fixture(scope="module")
def views():
    return two_views()


def relu_net(x, views):
    """The 2-2-1 ReLU network written out: (h, y) by hand, a second route to the MLP."""
    z = x @ views.omega0.T + views.beta0
    h = np.maximum(z, 0.0)
    return h, views.beta1 + h @ views.omega1


# --- nnmath.representation -----------------------------------------------------------------------
def test_the_trained_classifier_gets_every_point_right_and_h_is_its_hidden_layer(views):
    assert views.model.sizes == (2, 2, 1) and views.model.activations[0].name == "relu"
    h, y = relu_net(views.x, views)
    np.testing.assert_allclose(views.h, h, atol=1e-12)
    np.testing.assert_allclose(views.logits, y, atol=1e-12)
    assert views.correct == int(np.sum((y > 0) == (views.labels == 1))) == 120
    assert views.accuracy == 1.0
    # in x no straight line does it (the svd group's test: a class-1 point inside a class-0
    # triangle); in h the output's own line does: it is a linear classifier there
    side = views.h @ views.omega1 + views.beta1
    assert np.all((side > 0) == (views.labels == 1))
    # each pattern's points: 11 with both units off, all at h = (0, 0)
    counts = views.off_counts()
    assert sum(counts.values()) == 120 and counts[(False, False)] == 11
    off = ~(views.h > 0).any(axis=1)
    assert np.all(views.h[off] == 0)
    again = two_views()
    np.testing.assert_array_equal(again.model.omegas[0], views.model.omegas[0])


def test_the_boundary_in_x_is_exact_bent_and_where_the_output_is_zero(views):
    segments = views.boundary_x()
    assert len(segments) == 3  # two arms and a middle piece
    t = np.linspace(0, 1, 41)[:, None]
    for a, b in segments:
        np.testing.assert_allclose(relu_net(a + t * (b - a), views)[1], 0.0, atol=1e-9)
    # second route: every sign change of y between neighbours of a dense grid lies next to it
    lo, hi = views.box
    n = 161
    xs, ys = np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)
    grid = np.stack(np.meshgrid(xs, ys), -1)
    sign = relu_net(grid.reshape(-1, 2), views)[1].reshape(n, n) > 0
    change = np.concatenate([grid[:, 1:][sign[:, 1:] != sign[:, :-1]],
                             grid[1:][sign[1:] != sign[:-1]]])
    assert len(change) > 50
    step = max(xs[1] - xs[0], ys[1] - ys[0])
    assert distance_to_segments(change, segments).max() <= 1.5 * step
    # ... and the boundary is not a straight line: its pieces have different directions
    directions = [(b - a) / np.linalg.norm(b - a) for a, b in segments]
    (a1, a2), (b1, b2) = directions[0], directions[1]
    assert abs(a1 * b2 - a2 * b1) > 0.5


def distance_to_segments(points, segments):
    best = np.full(len(points), np.inf)
    for a, b in segments:
        t = np.clip((points - a) @ (b - a) / ((b - a) @ (b - a)), 0, 1)
        best = np.minimum(best, np.linalg.norm(points - (a + t[:, None] * (b - a)), axis=1))
    return best


def test_the_bent_line_lands_on_the_straight_line_of_h(views):
    images = views.boundary_h()
    for a, b in images:
        for p in (a, b):
            assert p @ views.omega1 + views.beta1 == pytest.approx(0.0, abs=1e-9)
    lengths = np.linalg.norm(images[:, 1] - images[:, 0], axis=1)
    # each arm (one unit off) collapses to one point of an axis; the middle piece does not
    assert sorted(lengths < 1e-9) == [False, True, True]
    for a, _ in images[lengths < 1e-9]:
        assert np.isclose(a, 0.0, atol=1e-12).sum() == 1
    ends = views.line_h([-1, -1], [4, 4])
    np.testing.assert_allclose(ends @ views.omega1 + views.beta1, 0.0, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-3, 3, allow_nan=False, allow_subnormal=False), min_size=9, max_size=9))
def test_random_networks_keep_the_two_views_consistent(numbers):
    w = np.array(numbers)
    omega0, beta0, omega1, beta1 = w[:4].reshape(2, 2), w[4:6], w[6:8], w[8]
    model = nnmath.MLP([beta0, np.array([beta1])], [omega0, omega1[None]], "relu")
    x = np.random.default_rng(0).uniform(-1, 1, (20, 2))
    trace = model.forward(x)
    views = TwoViews(x, (trace.output[:, 0] > 0).astype(int), model, trace.activations[0],
                     trace.output[:, 0], (np.full(2, -1.0), np.full(2, 1.0)), 0, 0, 0, 0.0, 0.0)
    scale = 1 + np.abs(w).sum()
    for a, b in views.boundary_x():
        middle = (a + b) / 2
        assert abs(views.output(middle[None])[0]) <= 1e-9 * scale
    for a, b in views.boundary_h():
        for p in (a, b):
            assert abs(p @ omega1 + beta1) <= 1e-9 * scale
    assert views.correct == len(x)  # labels are its own predictions


@settings(max_examples=40, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3))
def test_line_in_box_agrees_with_sampling(w1, w2, b):
    lo, hi = np.array([-1.0, -0.5]), np.array([2.0, 1.5])
    ends = svd.line_in_box([w1, w2], b, lo, hi)
    if abs(w1) + abs(w2) < 1e-6:
        return
    # a line lying along an edge of the box is degenerate (which part of the edge is 'in' is
    # decided by rounding); the drawing never asks for one
    for i in (0, 1):
        if abs([w1, w2][1 - i]) < 1e-9 and np.min(np.abs(-b / [w1, w2][i] - np.array([lo[i], hi[i]]))) < 1e-6:
            return
    # second route: where the line x_2 = ... (or x_1 = ...) is inside the box, sampled
    s = np.linspace(-4, 4, 8001)
    if abs(w2) >= abs(w1):
        points = np.column_stack([s, -(b + w1 * s) / w2])
    else:
        points = np.column_stack([-(b + w2 * s) / w1, s])
    inside = points[np.all((points >= lo) & (points <= hi), axis=1)]
    if ends is None:
        assert len(inside) == 0
        return
    assert np.all(ends >= lo - 1e-9) and np.all(ends <= hi + 1e-9)
    np.testing.assert_allclose(ends @ [w1, w2] + b, 0.0, atol=1e-9)
    if len(inside) > 2:
        assert np.linalg.norm(ends[1] - ends[0]) >= np.linalg.norm(inside[-1] - inside[0]) - 2e-3


# --- the scene -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return render_once("representation", tmp_path_factory)


def centres(panel, marks):
    return np.array([panel.p2c(m.get_center()) for m in marks])


def test_the_scene_draws_the_points_in_x_and_at_their_hidden_values(scene):
    v = scene.data.views
    np.testing.assert_allclose(centres(scene.x_panel, scene.x_points), v.x, atol=1e-6)
    h, _ = relu_net(v.x, v)
    np.testing.assert_allclose(centres(scene.h_panel, scene.h_points), h, atol=1e-6)
    # the score on screen is the computed one
    assert f"{v.correct} of {len(v.labels)} points" in scene.score.tex_string
    assert v.correct == int(np.sum((relu_net(v.x, v)[1] > 0) == (v.labels == 1)))


def test_the_scene_draws_the_exact_boundary_in_x_and_the_output_layers_line_in_h(scene):
    v = scene.data.views
    assert len(scene.boundary) == len(v.boundary_x()) == 3
    for line, (a, b) in zip(scene.boundary, v.boundary_x()):
        drawn = np.array([scene.x_panel.p2c(p) for p in (line.get_start(), line.get_end())])
        np.testing.assert_allclose(drawn, [a, b], atol=1e-6)
        np.testing.assert_allclose(relu_net(drawn, v)[1], 0.0, atol=1e-4)  # net(x) = 0 on it
    ends = np.array([scene.h_panel.p2c(p) for p in (scene.line.get_start(), scene.line.get_end())])
    np.testing.assert_allclose(ends @ v.omega1 + v.beta1, 0.0, atol=1e-5)
    assert "4.24" in scene.equation.tex_string and "3.06" in scene.equation.tex_string
    notes = "\n".join(scene.notes)
    assert "3 straight pieces" in notes and "120 of 120" in notes and "svd scene" in notes


# --- the figures -----------------------------------------------------------------------------------
def test_two_views_draws_the_boundary_the_line_and_the_score():
    fig = built("two_views", "light").figure
    v = fig.views
    left, right = fig.axes[:2]
    assert f"{v.correct} of {len(v.labels)} points on their side" in left.get_title()
    assert "bent line of 3 pieces" in left.get_title()
    boundary = [c for c in left.collections if c.get_label() == "_boundary"][0]
    segments = np.array(boundary.get_segments())
    np.testing.assert_allclose(segments, v.boundary_x(), atol=1e-12)
    np.testing.assert_allclose(relu_net(segments.reshape(-1, 2), v)[1], 0.0, atol=1e-9)
    # the level sets are exact: y = c along each drawn piece, c in the steps the legend says
    levels = [c for c in left.collections if c.get_label() == "_level sets"][0]
    assert "$y = c$ in steps of 2" in left.get_xlabel()
    values = relu_net(np.array(levels.get_segments()).reshape(-1, 2), v)[1]
    np.testing.assert_allclose(values / 2, np.round(values / 2), atol=1e-9)
    # right: the points at their hidden values, the output layer's straight line
    points = np.concatenate([np.column_stack(line.get_data()) for line in right.lines[:2]])
    h, _ = relu_net(v.x, v)
    expected = np.concatenate([h[v.labels == 0], h[v.labels == 1]])
    np.testing.assert_allclose(points, expected, atol=1e-12)
    line = np.column_stack(right.lines[2].get_data())
    np.testing.assert_allclose(line @ v.omega1 + v.beta1, 0.0, atol=1e-9)
    assert "4.24 \u2212 3.06" in right.get_title()
    assert len(fig.arms) == 2


def test_svd_factors_prints_the_right_factors():
    fig = built("svd_factors", "light").figure
    f = svd.rotation_scale_rotation(THETA)
    np.testing.assert_allclose(fig.stages[-1][1], THETA, atol=1e-12)  # U S V^T = Theta
    np.testing.assert_allclose(f.U @ f.S @ f.Vt, THETA, atol=1e-12)
    titles = [ax.get_title() for ax in fig.axes]
    assert "rotate \u221271.3°" in titles[1] and "stretch 2.162, 0.744" in titles[2]
    assert "rotate \u221233.5°" in titles[3]
    labels = [ax.get_xlabel() for ax in fig.axes]
    assert labels[1] == "$V^T$ = [[0.32, 0.95],\n[\u22120.95, 0.32]]"
    assert labels[2] == "$S$ = [[2.162, 0],\n[0, 0.744]]"
    assert labels[3] == "$U$ = [[0.83, 0.55],\n[\u22120.55, 0.83]]"
    summary = fig._suptitle.get_text()
    assert "two rotations" in summary and "= 1.608" in summary and "reflection" not in summary
    # every panel's grid is the grid after its factors, drawn
    for ax, (_, m) in zip(fig.axes, fig.stages):
        first = np.column_stack(ax.lines[0].get_data())
        np.testing.assert_allclose(first, svd.linear_map(svd.grid_lines(-1, 1, 9, samples=33)[0], m),
                                   atol=1e-12)


def test_svd_factors_shows_exactly_one_reflection_for_a_negative_determinant():
    entry = catalog.lookup("svd_factors")
    fig = entry.load()(entry.resolve_params({"theta": FLIPPED.tolist()}), theme="dark")
    summary = fig._suptitle.get_text()
    assert "exactly one reflection" in summary and "\u22121.608" in summary
    assert "mirror at" in fig.axes[1].get_title()
    np.testing.assert_allclose(fig.stages[-1][1], FLIPPED, atol=1e-12)


def test_warping_draws_each_warp_on_its_own_axes_and_the_networks_two_views():
    fig = built("warping", "light").figure
    scales = catalog.lookup("warping").default_params()["scales"]
    assert scales == (0.5, 2.0)
    grid = [svd.linear_map(line, THETA) for line in svd.grid_lines(-1, 1, 9, samples=33, kinks_of=THETA)]
    for (activation, s), (ax, lines) in fig.warps.items():
        drawn = ax.collections[0].get_segments()[0]
        np.testing.assert_allclose(drawn, svd.scaled_activation(grid[0], activation, s), atol=1e-12)
        assert len(ax.collections[0].get_segments()) == len(ax.collections[1].get_segments()) == 9
        if activation == "tanh":  # the open square (-1, 1)^2 fills its own axes
            assert ax.get_xlim() == (-1.25, 1.25)
    relu = [fig.warps[("relu", s)][0].get_xlim() for s in scales]
    np.testing.assert_allclose(np.array(relu[1]) / np.array(relu[0]), scales[1] / scales[0])
    net = fig.network
    assert net.accuracy == 1.0
    for piece in fig.boundary_x:
        np.testing.assert_allclose(net.model(piece)[:, 0], 0.0, atol=1e-8)
    assert sum(len(p) for p in fig.boundary_x) > 100
    np.testing.assert_allclose(fig.line_h @ net.omega1 + net.beta1, 0.0, atol=1e-9)


# --- bad parameters --------------------------------------------------------------------------------
BAD = {
    "scales decreasing": ("warping", "scales = [2, 0.5]\n", "smallest first"),
    "scales one": ("warping", "scales = [2]\n", "'scales' must be a list of 2 numbers"),
    "scales zero": ("warping", "scales = [0, 1]\n", "(not 0)"),
    "theta zero": ("svd_factors", "theta = [[0, 0], [0, 0]]\n", "maps the whole plane to the origin"),
    "theta big": ("svd_factors", "theta = [[10, 0], [0, 1]]\n", "stretches the plane by 10"),
    "epochs": ("representation", "epochs = 0\n", "'epochs' must be a whole number from 1 to 20,000"),
    "seed": ("two_views", "seed = 'a'\n", "'seed' must be a whole number"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_parameters_fail_cleanly(case, tmp_path):
    name, text, message = BAD[case]
    params = tmp_path / "bad.toml"
    params.write_text(text)
    result = CliRunner().invoke(render.cli, [name, "--params", str(params), "--out", str(tmp_path / "out")]
                                + (["--quality", "low", "--format", "png"] if name == "representation" else []))
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
