"""The capacity group (decks 001, 002; UDL chapter 8): nnmath.capacity against second routes
(bit reversal for the joints, QR and the normal equations for the fits, the network's own
forward pass), nestedness (training error never rises), the scene's and the figure's drawing
against nnmath, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnmath import capacity as nc
from nnmath import presets
from scenes.common import fmt
from tests.cli_checks import assert_fails_cleanly
from tests.figure_builds import built
from tests.test_scenes import interior_anchors, render_once


def default_data() -> nc.CapacityData:
    return nc.capacity_data(presets.CAPACITY_POINTS, presets.CAPACITY_SEED, presets.CAPACITY_NOISE)


def test_the_joints_are_van_der_corput_points_by_bit_reversal():
    # second route: k's binary digits mirrored about the point, k / 2^bits
    expected = [int(bin(k)[2:][::-1], 2) / 2 ** len(bin(k)[2:]) for k in range(1, 65)]
    np.testing.assert_array_equal(nc.van_der_corput(64), expected)
    assert list(nc.van_der_corput(7)) == [0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]
    data = default_data()
    positions = nc.joints(5, data)
    assert positions.min() >= data.x.min() and positions.max() <= data.x.max()
    np.testing.assert_array_equal(nc.joints(9, data)[:5], positions)  # nested


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 40), st.integers(0, 10_000), st.floats(0, 1), st.integers(1, 30))
def test_each_fit_is_the_least_squares_minimum_for_its_joints(points, seed, noise, hidden):
    data = nc.capacity_data(points, seed, noise, test_points=50)
    fit = nc.fit_capacity(data, hidden)
    net = fit.network
    # the network's joints are the fixed ones, and its forward pass is phi_0 + sum_d phi_d ReLU(x - b_d)
    np.testing.assert_allclose(net.joints(), fit.positions, atol=1e-12)
    columns = nc.design(data.x, fit.positions)
    np.testing.assert_allclose(net(data.x), columns @ net.phi, atol=1e-9)
    # the normal equations: the residual is orthogonal to every column (the hidden activations
    # taken from the network's own trace, not the design)
    trace = net.forward(data.x)
    residual = net(data.x) - data.y
    scale = 1 + np.abs(data.y).max() * np.abs(columns).sum()
    np.testing.assert_allclose(np.column_stack([np.ones_like(data.x), trace.activation]).T @ residual, 0,
                               atol=1e-8 * scale)
    if np.linalg.matrix_rank(columns) == columns.shape[1]:  # full rank: QR gives the same weights
        q, r = np.linalg.qr(columns)
        np.testing.assert_allclose(net.phi, np.linalg.solve(r, q.T @ data.y), rtol=1e-6, atol=1e-6)
    assert fit.train_error == pytest.approx(np.mean(residual ** 2), abs=1e-12)
    assert fit.test_error == pytest.approx(np.mean((net(data.test_x) - data.test_y) ** 2), rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(4, 30), st.integers(0, 10_000), st.floats(0.05, 1))
def test_the_training_error_never_rises_with_capacity(points, seed, noise):
    data = nc.capacity_data(points, seed, noise, test_points=10)
    curve = nc.capacity_curve(data, 25)
    assert np.all(np.diff(curve.train_errors) <= 1e-12 * (1 + curve.train_errors[:-1]))


def test_the_default_data_show_a_least_test_error_inside_the_range():
    data = default_data()
    curve = nc.capacity_curve(data, max(presets.CAPACITY_SHOWN))
    best = curve.best
    assert 1 < best.hidden < curve.hidden[-1]  # falls, then rises: overfitting
    assert curve.test_errors[-1] > 4 * best.test_error
    assert curve.train_errors[-1] < curve.train_errors[0] / 40
    # the preset's comment and the notes say these
    assert best.hidden == 4
    assert [fmt(curve.fit(d).test_error, 3) for d in (1, 4, 14)] == ["0.335", "0.135", "0.733"]
    assert fmt(curve.fit(14).train_error, 3) == "0.005"
    # the noise floor is the curve's own test error, near sigma^2
    floor = nc.noise_floor(data)
    assert floor == pytest.approx(presets.CAPACITY_NOISE ** 2, rel=0.15) and fmt(floor, 3) == "0.092"
    # the data: sorted training x, the test set a different sample
    assert np.all(np.diff(data.x) > 0) and len(data.test_x) == nc.TEST_POINTS
    assert not np.isin(data.x, data.test_x).any()


def test_bad_input_to_nnmath_is_refused():
    with pytest.raises(nc.ParameterError, match="at least 2 training points"):
        nc.capacity_data(1)
    with pytest.raises(nc.ParameterError, match="noise's standard deviation"):
        nc.capacity_data(10, noise=-1)
    with pytest.raises(nc.ParameterError, match="at least 1 hidden unit"):
        nc.fit_capacity(default_data(), 0)


# --- the scene ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return render_once("overfitting", tmp_path_factory)


def test_the_scene_draws_the_data_and_each_fit_as_nnmath_computed_them(scene):
    d = scene.data
    ax = scene.data_ax
    train = np.array([ax.p2c(p.get_center()) for p in scene.train_dots])
    np.testing.assert_allclose(train, np.column_stack([d.data.x, d.data.y]), atol=1e-6)
    assert len(scene.test_dots) == len(d.data.test_x)
    # the last fit drawn is the largest model: its corners lie on the network's graph
    largest = d.curve.fits[-1]
    corners = interior_anchors(ax, scene.fit_curve)
    np.testing.assert_allclose(corners[:, 1], largest.network(corners[:, 0]), atol=1e-6)
    # its graph is exact: every corner inside the plot is an end or a joint (straight in between)
    allowed = np.concatenate([[0.0, 1.0], largest.positions])
    assert all(np.min(np.abs(allowed - x)) < 1e-9 for x in corners[:, 0])
    # each fit's error marks sit at its errors on the log axis
    for marks, hidden in zip(scene.fit_marks, d.shown):
        fit = d.curve.fit(hidden)
        for mark, value in zip(marks, (fit.train_error, fit.test_error)):
            x, y = scene.errors_ax.p2c(mark.get_center())
            assert (x, y) == pytest.approx((hidden, np.log10(value)), abs=1e-6)


def test_the_error_curves_are_every_models_errors(scene):
    d = scene.data
    for kind, values in (("train", d.curve.train_errors), ("test", d.curve.test_errors)):
        drawn = np.array([scene.errors_ax.p2c(p) for p in scene.error_lines[kind].get_anchors()])
        keep = np.r_[True, np.any(np.abs(np.diff(drawn, axis=0)) > 1e-9, axis=1)]
        np.testing.assert_allclose(drawn[keep], np.column_stack([d.curve.hidden, np.log10(values)]), atol=1e-6)


def test_the_notes_say_the_computed_numbers(scene):
    d = scene.data
    notes = "\n".join(scene.notes)
    for hidden in d.shown:
        fit = d.curve.fit(hidden)
        assert f"training error {fmt(fit.train_error, 3)}, test error {fmt(fit.test_error, 3)}" in notes
    assert f"at D = {d.curve.best.hidden}" in notes and fmt(d.floor, 3) in notes
    assert "not gradient-descent training" in notes  # the words do not claim more than the math


# --- the figure ---------------------------------------------------------------------------------
def test_the_figure_draws_the_fits_and_the_errors():
    fig = built("capacity", "light").figure
    d = fig.drawn["data"]
    for hidden, line in fig.drawn["fits"].items():
        xs, ys = line.get_data()
        np.testing.assert_allclose(ys, d.curve.fit(hidden).network(np.asarray(xs)), atol=1e-12)
    np.testing.assert_allclose(fig.drawn["test"].get_ydata(), d.curve.test_errors)
    np.testing.assert_allclose(fig.drawn["train"].get_ydata(), d.curve.train_errors)
    assert "test 0.733" in fig.axes[2].get_title()
    assert f"$D = {d.curve.best.hidden}$" in fig.drawn["errors"].get_title()


# --- bad parameters -----------------------------------------------------------------------------
BAD = {
    "not increasing": ("capacities = [4, 2]\n", "'capacities' must be increasing numbers of hidden units"),
    "too many units": ("capacities = [1, 61]\n", "'capacities' must be a list of whole numbers from 1 to 60"),
    "zero units": ("capacities = [0, 3]\n", "'capacities' must be a list of whole numbers from 1 to 60"),
    "noise": ("noise = 3\n", "'noise' is the standard deviation of the data's noise and must be from 0 to 2"),
    "points": ("points = 2\n", "'points' must be a whole number from 4 to 100"),
    "too many shown": ("capacities = [1, 2, 3, 4, 5, 6, 7]\n", "the drawing has room for at most 6"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_parameters_fail_cleanly(case, tmp_path):
    assert_fails_cleanly("capacity", *BAD[case], tmp_path)
