"""The regression group (UDL chapter 2): nnmath.regression against second routes, the scene's
drawing against nnmath (the path is gradient descent's, the line and the dot move together),
the figure's numbers, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlecture import catalog
from nnmath import presets
from nnmath import regression as nr
from nnmath.quadratic import quadratic_value
from scenes.common import fmt
from tests.cli_checks import assert_fails_cleanly
from tests.figure_builds import built
from tests.test_scenes import interior_anchors, render_once

FD = 1e-6


def default_data() -> nr.RegressionData:
    return nr.regression_data(presets.REGRESSION_POINTS, presets.REGRESSION_SEED,
                              *presets.REGRESSION_LINE, presets.REGRESSION_NOISE)


# --- nnmath.regression --------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(st.integers(2, 30), st.integers(0, 10_000), st.floats(-2, 2), st.floats(-2, 2))
def test_the_gradient_is_the_losss_finite_differences_and_the_minimum_is_lstsq(count, seed, a, b):
    data = nr.regression_data(count, seed)
    phi = np.array([a, b])
    numeric = [(nr.loss(phi + e, data) - nr.loss(phi - e, data)) / (2 * FD) for e in np.eye(2) * FD]
    np.testing.assert_allclose(nr.gradient(phi, data), numeric, rtol=1e-6, atol=1e-6)
    # second route: numpy's least squares, and L = L_min + (phi - phi*)^T X^T X (phi - phi*)
    best = nr.least_squares(data)
    np.testing.assert_allclose(best.phi, np.linalg.lstsq(data.design, data.y, rcond=None)[0], atol=1e-9)
    np.testing.assert_allclose(nr.gradient(best.phi, data), 0, atol=1e-9)
    assert float(nr.loss(phi, data)) == pytest.approx(
        float(quadratic_value(phi, best.phi, best.matrix, best.loss)), rel=1e-9, abs=1e-9)
    # the contours are exact: every point of the ellipse has the level's loss
    level = best.loss + 0.7
    np.testing.assert_allclose(nr.loss(best.contour(level), data), level, rtol=1e-9)


def test_the_path_is_gradient_descent_and_ends_at_the_normal_equations_minimum():
    data = default_data()
    d = nr.gradient_descent(data, presets.REGRESSION_START, presets.REGRESSION_LR, presets.REGRESSION_STEPS)
    assert d.path.shape == (presets.REGRESSION_STEPS + 1, 2)
    for k in range(d.steps):  # each step = previous - lr * the analytic gradient there
        np.testing.assert_allclose(d.path[k + 1], d.path[k] - d.lr * nr.gradient(d.path[k], data), atol=1e-14)
        np.testing.assert_allclose(d.gradients[k], nr.gradient(d.path[k], data), atol=1e-14)
    assert np.all(np.diff(d.losses) < 0)  # below the bound the loss falls at every step
    best = nr.least_squares(data)
    assert np.linalg.norm(d.path[-1] - best.phi) < 0.01
    assert d.losses[-1] == pytest.approx(best.loss, rel=0.01)
    # the preset's numbers, as its comment and the notes say them
    assert [fmt(v) for v in best.phi] == ["0.52", "0.44"] and fmt(best.loss) == "0.09"
    assert fmt(d.losses[0]) == "4.61" and fmt(nr.learning_rate_bound(data), 3) == "0.045"


def test_a_learning_rate_at_the_bound_is_refused_before_any_step():
    data = default_data()
    bound = nr.learning_rate_bound(data)
    # second route: at lr = bound the stiff direction's factor 1 - lr * curvature is exactly -1
    assert 1 - bound * np.linalg.eigvalsh(nr.hessian(data))[-1] == pytest.approx(-1)
    with pytest.raises(nr.ParameterError, match="learning rate must be between 0 and"):
        nr.gradient_descent(data, (0, 0), bound, 10)
    d = nr.gradient_descent(data, (0, 0), 0.999 * bound, 400)  # just below: still converges
    assert d.losses[-1] < d.losses[0]


# --- the scene ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return render_once("regression", tmp_path_factory)


def test_the_scene_draws_the_data_the_contours_and_gradient_descents_path(scene):
    d = scene.data
    points = np.array([scene.data_ax.p2c(p.get_center()) for p in scene.points])
    np.testing.assert_allclose(points, np.column_stack([d.data.x, d.data.y]), atol=1e-6)
    for contour, level in zip(scene.contours, d.levels):
        drawn = interior_anchors(scene.surface_ax, contour)
        np.testing.assert_allclose(nr.loss(drawn, d.data), level, rtol=1e-5)
    anchors = np.array([scene.surface_ax.p2c(p) for p in scene.trace.get_anchors()])
    keep = np.r_[True, np.any(np.abs(np.diff(anchors, axis=0)) > 1e-9, axis=1)]  # each corner once
    np.testing.assert_allclose(anchors[keep], d.descent.path, atol=1e-6)
    end = scene.surface_ax.p2c(scene.end_dot.get_center())
    np.testing.assert_allclose(end, d.descent.path[-1], atol=1e-6)


@pytest.mark.parametrize("t", [0.0, 0.4, 2.5, 17.25])
def test_the_line_and_the_dot_are_the_same_parameters_at_every_moment(scene, t):
    scene.tracker.set_value(t)
    phi = scene.data.at(t)
    line = scene.draw_fit()[1]
    x0, x1 = scene.data.x_range[:2]
    start, end = scene.data_ax.p2c(line.get_start()), scene.data_ax.p2c(line.get_end())
    np.testing.assert_allclose([start[1], end[1]], nr.predict(phi, np.array([start[0], end[0]])), atol=1e-6)
    assert start[0] == pytest.approx(x0) or start[1] == pytest.approx(scene.data.y_range[0])
    np.testing.assert_allclose(scene.surface_ax.p2c(scene.draw_dot().get_center()), phi, atol=1e-6)
    if float(t).is_integer():
        np.testing.assert_allclose(phi, scene.data.descent.path[int(t)])


def test_the_notes_say_the_computed_numbers(scene):
    d = scene.data
    notes = "\n".join(scene.notes)
    for value in (d.descent.losses[0], d.descent.losses[-1], d.best.loss, *d.best.phi, *d.descent.path[-1]):
        assert fmt(value) in notes
    assert f"{d.descent.steps} steps" in notes and fmt(d.descent.lr, 3) in notes


# --- the figure ---------------------------------------------------------------------------------
def test_the_figure_draws_the_descents_lines_and_the_minimum():
    fig = built("loss_surface", "light").figure
    d, best = fig.drawn["descent"], fig.drawn["best"]
    assert fig.drawn["shown"] == [0, 1, 3, 40]
    for k, line in zip(fig.drawn["shown"], fig.drawn["lines"]):
        xs, ys = line.get_data()
        np.testing.assert_allclose(ys, nr.predict(d.path[k], np.asarray(xs)), atol=1e-12)
        assert f"step {k}: $L = {fmt(d.losses[k])}$" == line.get_label()
    assert f"({fmt(best.phi[0])}, {fmt(best.phi[1])})" in fig.axes[1].get_title()


# --- bad parameters -----------------------------------------------------------------------------
BAD = {
    "lr too big": ("lr = 0.05\n", "'lr' must be between 0 and 0.04475 (2 / the largest curvature"),
    "lr negative": ("lr = -0.01\n", "'lr' must be between 0 and"),
    "noise": ("noise = -1\n", "'noise' is a standard deviation"),
    "points": ("points = 1\n", "'points' must be a whole number from 2 to 200"),
    "start": ("start = [1]\n", "'start' must hold exactly 2 numbers, e.g. start = [1.6, -0.6]; got 1"),
    "steps": ("steps = 10000\n", "'steps' must be a whole number from 1 to 500"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_parameters_fail_cleanly(case, tmp_path):
    assert_fails_cleanly("loss_surface", *BAD[case], tmp_path)
