"""Universal approximation: the constructive ladder and the gradient-descent race (Fig. 3.5).

Second routes: the constructive networks are checked against the target at the knots and
their regions against the interpolant's pieces; the best-line loss against np.polyfit; the
zero-bias run's start against the claim that every joint sits at x = 0.
"""

import numpy as np
import pytest

import nnmath
from nnmath.approximation import approximation_ladder, demo_target, fitting_race
from nnmath.train import fit_shallow_1d


def test_ladder_interpolates_with_one_region_per_unit_and_shrinking_error():
    ladder = approximation_ladder(hidden=(3, 5, 10, 20))
    for rung in ladder:
        np.testing.assert_allclose(rung.network(rung.knots), demo_target(rung.knots), atol=1e-12)
        assert rung.regions == rung.hidden  # the target's knots are never collinear here
        pieces = nnmath.piecewise_linear(rung.network, 0, 1)
        np.testing.assert_allclose(pieces.breakpoints, rung.knots, atol=1e-12)
        # the error measured on a grid is at least the error at any random point
        x = np.random.default_rng(0).uniform(0, 1, 500)
        assert rung.max_error >= np.abs(rung.network(x) - demo_target(x)).max() - 1e-3
    errors = [r.max_error for r in ladder]
    assert all(b < a for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 0.03 < 0.5 < errors[0]


@pytest.fixture(scope="module")
def race():
    return fitting_race()


def test_race_zero_biases_start_straight_and_stay_near_the_best_line(race):
    zero = race.fits["zero biases"]
    start = zero.networks[0]
    assert np.all(start.theta[:, 0] == 0)  # every joint -theta_d0 / theta_d1 at x = 0
    assert nnmath.piecewise_linear(start, 0, 1).num_regions == 1
    slope, intercept = np.polyfit(race.x, race.y, 1)
    line = np.mean((slope * race.x + intercept - race.y) ** 2)
    assert race.line_loss == pytest.approx(line, rel=1e-10)
    assert 0.8 * race.line_loss < zero.loss[-1] <= race.line_loss
    assert zero.dead.num_dead >= 3


def test_race_spread_joints_fit_from_the_same_weights(race):
    zero, spread = race.fits["zero biases"], race.fits["joints spread"]
    np.testing.assert_array_equal(zero.networks[0].theta[:, 1], spread.networks[0].theta[:, 1])
    joints = spread.networks[0].joints()
    assert np.all((joints >= 0) & (joints <= 1))
    assert spread.loss[-1] < 0.05 * zero.loss[-1]
    assert spread.dead.num_dead == 0
    assert len(spread.networks) == len(zero.networks) == 1001
    assert spread.epochs[-1] == race.epochs == 30000


def test_joints_option_places_each_joint_and_checks_its_interval():
    x = np.linspace(-2, 3, 20)
    fit = fit_shallow_1d(x, x ** 2, hidden=6, epochs=0, joints=(-2, 3), seed=4)
    joints = fit.networks[0].joints()
    assert np.all((joints >= -2) & (joints <= 3)) and np.unique(joints).size == 6
    with pytest.raises(nnmath.ParameterError, match="joints must be an interval"):
        fit_shallow_1d(x, x, hidden=2, epochs=0, joints=(1, 0))


@pytest.mark.parametrize("kwargs, message", [
    ({"samples": 1}, "samples must be a whole number >= 2"),
    ({"interval": (1, 0)}, "interval must be"),
    ({"interval": "ab"}, "interval must be"),
])
def test_race_bad_inputs(kwargs, message):
    with pytest.raises(nnmath.ParameterError, match=message):
        fitting_race(**kwargs)
