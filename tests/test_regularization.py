"""The regularisation group (UDL section 9.1, deck 001): nnmath.regularization's minima against
second routes (coordinate descent with soft-thresholding for L1, the eigenbasis for L2, the
optimality conditions), the scene's drawing against nnmath, the figure's numbers, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnmath import presets
from nnmath import regularization as nr
from scenes.common import fmt
from tests.cli_checks import assert_fails_cleanly
from tests.figure_builds import built
from tests.test_scenes import interior_anchors, render_once

DEFAULT = nr.QuadraticLoss(presets.REGULARIZATION_MINIMUM, presets.REGULARIZATION_CURVATURE)


def coordinate_descent(loss: nr.QuadraticLoss, lam: float, sweeps: int = 4000) -> np.ndarray:
    """Second route for L1: exact minimisation over one weight at a time (soft-thresholding),
    which converges to the lasso's minimum for a positive-definite H."""
    H, b = loss.H, loss.H @ loss.minimum
    w = np.zeros(2)
    for _ in range(sweeps):
        for j in range(2):
            rest = b[j] - H[j, 1 - j] * w[1 - j]
            w[j] = np.sign(rest) * max(abs(rest) - lam, 0.0) / H[j, j]
    return w


def _loss(a, b, c, d, e, w1, w2) -> nr.QuadraticLoss:
    """w* = (w1, w2) and H = A A^T + e I: positive definite for any A."""
    A = np.array([[a, b], [c, d]])
    return nr.QuadraticLoss((w1, w2), A @ A.T + e * np.eye(2))


losses = st.builds(
    _loss,
    *(st.floats(-2, 2) for _ in range(4)), st.floats(0.1, 1), st.floats(-2, 2), st.floats(-2, 2))


@settings(max_examples=60, deadline=None)
@given(losses, st.floats(0, 5))
def test_the_l1_minimum_is_coordinate_descents_and_meets_the_optimality_conditions(loss, lam):
    w = nr.l1_minimum(loss, lam)
    np.testing.assert_allclose(w, coordinate_descent(loss, lam), atol=1e-6)
    g = loss.gradient(w)
    for j in range(2):  # subgradient: g_j + lam sign(w_j) = 0 where w_j != 0, |g_j| <= lam where 0
        if w[j] != 0:
            assert g[j] + lam * np.sign(w[j]) == pytest.approx(0, abs=1e-9)
        else:
            assert abs(g[j]) <= lam + 1e-9
    # no point of a grid around it does better
    grid = w + np.stack(np.meshgrid(*(np.linspace(-0.5, 0.5, 41),) * 2), axis=-1).reshape(-1, 2)
    assert nr.objective(loss, w, lam, "l1") <= nr.objective(loss, grid, lam, "l1").min() + 1e-12


@settings(max_examples=60, deadline=None)
@given(losses, st.floats(0, 5))
def test_the_l2_minimum_is_the_eigenbasis_shrinkage_and_keeps_every_weight(loss, lam):
    w = nr.l2_minimum(loss, lam)
    e, V = np.linalg.eigh(loss.H)  # second route: each eigen-direction shrinks by e / (e + lam)
    np.testing.assert_allclose(w, V @ (e / (e + lam) * (V.T @ loss.minimum)), atol=1e-9)
    np.testing.assert_allclose(loss.gradient(w) + lam * w, 0, atol=1e-9)
    assert np.linalg.norm(w) <= np.linalg.norm(loss.minimum) + 1e-12  # it only shrinks
    if np.all(np.abs(loss.minimum) > 0.1) and lam < 1:
        assert np.all(w != 0)


def test_no_penalty_leaves_the_minimum_and_a_large_one_sends_l1_exactly_to_the_origin():
    for kind in nr.PENALTIES:
        np.testing.assert_allclose(nr.regularized_minimum(DEFAULT, 0, kind), DEFAULT.minimum, atol=1e-12)
    origin = float(np.max(np.abs(DEFAULT.H @ DEFAULT.minimum)))
    assert nr.l1_breakpoints(DEFAULT)[-1] == pytest.approx(origin)
    assert np.all(nr.l1_minimum(DEFAULT, origin * 1.001) == 0.0)  # exactly, not nearly
    assert np.all(nr.l1_minimum(DEFAULT, 50) == 0.0)
    assert np.any(nr.l1_minimum(DEFAULT, origin * 0.99) != 0.0)  # just below: not yet the origin
    assert np.all(nr.l2_minimum(DEFAULT, 50) != 0.0)  # L2 never reaches 0


def test_the_l1_minimum_reaches_an_axis_at_the_first_breakpoint_and_stays_on_it():
    first, origin = nr.l1_breakpoints(DEFAULT)
    assert nr.sparsity_lambda(DEFAULT) == first
    assert np.all(nr.l1_minimum(DEFAULT, first * 0.999) != 0.0)
    for lam in np.linspace(first * 1.001, origin * 0.999, 25):  # for large lambda: on an axis
        w = nr.l1_minimum(DEFAULT, lam)
        assert w[1] == 0.0 and w[0] > 0
    # the preset's numbers, as its comment and the notes say them
    assert (fmt(first), fmt(origin)) == ("0.56", "1.9")
    assert [fmt(v) for v in nr.l1_minimum(DEFAULT, 1.0)] == ["0.9", "0"]
    assert [fmt(v) for v in nr.l2_minimum(DEFAULT, 1.0)] == ["0.82", "0.51"]
    # between breakpoints the path is straight: the path's corners are exactly the breakpoints
    path = nr.regularization_path(DEFAULT, "l1", 2.0)
    assert set(nr.l1_breakpoints(DEFAULT)) <= set(path.lambdas)


def test_the_contours_are_the_level_sets():
    for level in (0.1, 0.5, 2.0):
        np.testing.assert_allclose(DEFAULT(DEFAULT.contour(level)), level, rtol=1e-9)
        for kind in nr.PENALTIES:
            ring = nr.penalty_contour(kind, level)
            np.testing.assert_allclose(nr.penalty(ring, kind), level, rtol=1e-9)
    with pytest.raises(nr.ParameterError, match="one of l2, l1"):
        nr.penalty(np.zeros(2), "l3")
    with pytest.raises(nr.ParameterError, match="lambda multiplies the penalty"):
        nr.l2_minimum(DEFAULT, -1)


# --- the scene ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return render_once("regularization", tmp_path_factory)


def drawn(ax, mobject) -> np.ndarray:
    return np.array([ax.p2c(p) for p in mobject.get_anchors()])


def test_the_scene_draws_the_loss_contours_and_each_penaltys_path_of_minima(scene):
    d = scene.data
    for kind in nr.PENALTIES:
        p = scene.panels[kind]
        ax = p["ax"]
        for contour, level in zip(p["contours"], d.levels):
            np.testing.assert_allclose(d.loss(interior_anchors(ax, contour)), level, rtol=1e-6)
        trace = drawn(ax, p["trace"])
        path = d.paths[kind]
        # every drawn corner is a computed minimum, and the path runs to the largest lambda's
        for point in trace[:: max(1, len(trace) // 40)]:
            assert np.min(np.linalg.norm(path.minima - point, axis=1)) < 1e-6
        np.testing.assert_allclose(trace[-1], path.minima[-1], atol=1e-6)
        # the compared minimum is marked, and the loss contour and penalty set drawn through it
        w = d.compared[kind]
        np.testing.assert_allclose(ax.p2c(scene.marks[nr.PENALTIES.index(kind)].get_center()), w, atol=1e-6)
    l1 = scene.panels["l1"]
    # the L1 path has a corner on the w_1 axis: there w_2 = 0 exactly
    assert np.any(np.all(np.abs(drawn(l1["ax"], l1["trace"]) - [d.minimum("l1", d.breakpoints[0])[0], 0]) < 1e-6,
                         axis=1))


def test_the_notes_say_the_computed_numbers(scene):
    d = scene.data
    notes = "\n".join(scene.notes)
    for value in (*d.loss.minimum, *d.breakpoints, *d.compared["l2"], *d.compared["l1"]):
        assert fmt(value) in notes
    assert "w_2 = 0 exactly" in notes and "set w_2 to exactly 0" in notes


# --- the figure ---------------------------------------------------------------------------------
def test_the_figure_draws_the_paths_and_the_minima_at_the_compared_lambda():
    fig = built("penalties", "light").figure
    d = fig.drawn["data"]
    for kind in nr.PENALTIES:
        xs, ys = fig.drawn["paths"][kind].get_data()
        np.testing.assert_allclose(np.column_stack([xs, ys]), d.paths[kind].minima)
        np.testing.assert_allclose(fig.drawn["marks"][kind].get_data(), [[v] for v in d.compared[kind]])
        contour = fig.drawn["touching"][kind][0].get_xydata()
        np.testing.assert_allclose(d.loss(contour), d.loss(d.compared[kind]), rtol=1e-9)
    assert "(0.9, 0)" in fig.axes[1].get_title() and "(0.82, 0.51)" in fig.axes[0].get_title()
    for line in fig.drawn["right"].get_lines()[1:5]:  # the weights against lambda
        assert line.get_xdata()[-1] == pytest.approx(presets.REGULARIZATION_LARGEST)


# --- bad parameters -----------------------------------------------------------------------------
BAD = {
    "not a bowl": ("curvature = [[1, 2], [2, 1]]\n", "must be positive definite"),
    "not symmetric": ("curvature = [[1, 0.5], [0, 1]]\n", "must be symmetric"),
    "compare past largest": ("compare_lambda = 3\n", "'compare_lambda' must be from 0 to largest_lambda (2)"),
    "largest too big": ("largest_lambda = 1000\n", "'largest_lambda' must be greater than 0 and at most 100"),
    "minimum": ("minimum = [1]\n", "'minimum' must hold exactly 2 numbers"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_parameters_fail_cleanly(case, tmp_path):
    assert_fails_cleanly("penalties", *BAD[case], tmp_path)
