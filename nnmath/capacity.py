"""Capacity and overfitting: fits of growing capacity to noisy data from a known curve
(deck 001's "Overfitting", deck 002's "what we want / what we get"; UDL chapter 8).

The data: x uniform on [0, 1] and y = sin(2 pi x) + N(0, noise^2) (our choice of curve), a
small training set and a large test set drawn from the same source with other random numbers.

The models: shallow ReLU networks f(x) = phi_0 + sum_d phi_d ReLU(x - b_d) with D hidden units.
Their joints b_d are fixed in advance at the first D points of the base-2 van der Corput
sequence (1/2, 1/4, 3/4, 1/8, 5/8, ...) scaled to the training data's range, so the D-unit model
contains the (D-1)-unit one (set phi_D = 0): the models are nested. Only the output weights are
fitted, by linear least squares (``np.linalg.lstsq``: the minimum-norm solution when the
columns are dependent), so each fit is the exact minimum of the training error for its joints.
This is a construction that shows capacity at work, not gradient-descent training.

Because the models are nested, the training error can only fall as D grows (exactly, not in
expectation); the test error falls while the fit learns the curve and rises when it starts to
follow the noise: overfitting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_float_array
from .shallow import ShallowNetwork
from .train import make_rng

#: The test set's size (a fresh sample of the same source, for the test error).
TEST_POINTS = 400


def true_curve(x) -> np.ndarray:
    """The curve the data come from: sin(2 pi x) (our choice)."""
    return np.sin(2 * np.pi * as_float_array(x, "x"))


@dataclass(frozen=True)
class CapacityData:
    """Training points (x, y) sorted by x, test points (test_x, test_y), the noise, the seed."""

    x: np.ndarray
    y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    noise: float
    seed: int


def capacity_data(points: int = 15, seed: int = 5, noise: float = 0.3,
                  test_points: int = TEST_POINTS) -> CapacityData:
    """``points`` training and ``test_points`` test pairs, x ~ U[0, 1], y = sin(2 pi x) + noise;
    the two sets use independent streams of ``seed``."""
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise ParameterError(f"capacity data need a whole number of at least 2 training points; got {points!r}.")
    if isinstance(test_points, bool) or not isinstance(test_points, (int, np.integer)) or test_points < 1:
        raise ParameterError(f"test_points must be a whole number >= 1; got {test_points!r}.")
    if not (np.isfinite(noise) and noise >= 0):
        raise ParameterError(f"the noise's standard deviation must be a finite number >= 0; got {noise!r}.")
    train, test = (np.random.default_rng([int(make_rng(seed).integers(2**31)), k]) for k in (0, 1))
    x = np.sort(train.uniform(0, 1, int(points)))
    y = true_curve(x) + noise * train.standard_normal(int(points))
    test_x = test.uniform(0, 1, int(test_points))
    test_y = true_curve(test_x) + noise * test.standard_normal(int(test_points))
    return CapacityData(x, y, test_x, test_y, float(noise), int(seed))


def van_der_corput(count: int) -> np.ndarray:
    """The first ``count`` points of the base-2 van der Corput sequence: 1/2, 1/4, 3/4, 1/8, ...
    (the binary digits of 1, 2, 3, ... mirrored about the point); each prefix spreads out."""
    out = np.empty(count)
    for k in range(1, count + 1):
        q, scale, value = k, 1.0, 0.0
        while q:
            q, digit = divmod(q, 2)
            scale /= 2
            value += digit * scale
        out[k - 1] = value
    return out


def joints(hidden: int, data: CapacityData) -> np.ndarray:
    """The D = ``hidden`` joint positions: the first D van der Corput points scaled to the
    training data's range [min x, max x]."""
    lo, hi = float(data.x.min()), float(data.x.max())
    return lo + (hi - lo) * van_der_corput(hidden)


def design(x, positions: np.ndarray) -> np.ndarray:
    """The columns the output weights multiply: 1 and ReLU(x - b_d), as (N, D + 1)."""
    x = as_float_array(x, "x")
    return np.column_stack([np.ones_like(x), *(np.maximum(x - b, 0.0) for b in positions)])


@dataclass(frozen=True)
class CapacityFit:
    """The D-unit model fitted to the training points: its network (joints ``positions``),
    the training and test mean squared errors."""

    hidden: int
    network: ShallowNetwork
    positions: np.ndarray
    train_error: float
    test_error: float


def mse(network: ShallowNetwork, x: np.ndarray, y: np.ndarray) -> float:
    """The mean squared error (1/N) sum_i (f(x_i) - y_i)^2."""
    return float(np.mean((network(x) - y) ** 2))


def fit_capacity(data: CapacityData, hidden: int) -> CapacityFit:
    """The least-squares output weights for D = ``hidden`` fixed joints, as a ShallowNetwork."""
    if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)) or hidden < 1:
        raise ParameterError(f"a model needs a whole number of at least 1 hidden unit; got {hidden!r}.")
    positions = joints(int(hidden), data)
    phi = np.linalg.lstsq(design(data.x, positions), data.y, rcond=None)[0]
    theta = np.column_stack([-positions, np.ones_like(positions)])  # ReLU(-b_d + 1 x)
    net = ShallowNetwork(theta, phi, "relu")
    return CapacityFit(int(hidden), net, positions, mse(net, data.x, data.y), mse(net, data.test_x, data.test_y))


@dataclass(frozen=True)
class CapacityCurve:
    """Every model from 1 to ``largest`` hidden units: fits[D - 1] has D units."""

    data: CapacityData
    fits: tuple[CapacityFit, ...]

    @property
    def hidden(self) -> np.ndarray:
        return np.array([f.hidden for f in self.fits])

    @property
    def train_errors(self) -> np.ndarray:
        return np.array([f.train_error for f in self.fits])

    @property
    def test_errors(self) -> np.ndarray:
        return np.array([f.test_error for f in self.fits])

    @property
    def best(self) -> CapacityFit:
        """The model with the least test error (the first of equals)."""
        return self.fits[int(np.argmin(self.test_errors))]

    def fit(self, hidden: int) -> CapacityFit:
        return self.fits[hidden - 1]


def capacity_curve(data: CapacityData, largest: int) -> CapacityCurve:
    """The fits with 1, 2, ..., ``largest`` hidden units."""
    return CapacityCurve(data, tuple(fit_capacity(data, d) for d in range(1, int(largest) + 1)))


def noise_floor(data: CapacityData) -> float:
    """The true curve's own test error: about noise^2, the least any model can expect."""
    return float(np.mean((true_curve(data.test_x) - data.test_y) ** 2))


__all__ = ["CapacityCurve", "CapacityData", "CapacityFit", "TEST_POINTS", "capacity_curve", "capacity_data",
           "design", "fit_capacity", "joints", "mse", "noise_floor", "true_curve", "van_der_corput"]
