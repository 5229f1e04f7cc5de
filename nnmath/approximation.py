"""Universal approximation in 1-D: more hidden units, more linear regions, a better fit.

Serves the book's Fig. 3.5 and the lecture's live demo that "was not quite working": a shallow
ReLU network approximating a smooth curve, built two ways.

- Constructive (:func:`approximation_ladder`): the network that interpolates the target at
  D + 1 equally spaced knots has one joint per knot and D linear regions; the largest error
  shrinks like O(1/D^2) as D grows.
- Gradient descent (:func:`fitting_race`): the same kind of network trained on samples of the
  target, from two initialisations. With He weights and zero biases every joint
  -theta_d0 / theta_d1 starts at x = 0, the edge of the data: each unit is linear on the data
  or dead, the network starts as a straight line and stays close to the best straight line
  (the informative failure). Drawing each joint uniformly inside the data instead gives the
  network D places to bend, and it fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from .checks import ParameterError, as_finite_scalar
from .piecewise import piecewise_linear
from .shallow import ShallowNetwork
from .train import ShallowFit, constructive_fit, fit_shallow_1d

#: The interval the demo target is drawn and fitted on.
DEMO_INTERVAL = (0.0, 1.0)


def demo_target(x):
    """The curve the demos approximate: 0.5 sin(2 pi x) + 0.3 sin(5 pi x), smooth with uneven bumps.

    Our choice (the book's Fig. 3.5 curve is not published as a formula). x: array; same shape out.
    """
    x = np.asarray(x, dtype=float)
    return 0.5 * np.sin(2 * np.pi * x) + 0.3 * np.sin(5 * np.pi * x)


@dataclass(frozen=True)
class Approximation:
    """One rung of the ladder: the interpolating network with ``hidden`` units.

    network: ShallowNetwork with joints at the inner knots; knots: (hidden + 1,) x positions;
    regions: number of linear pieces on the interval (exact); max_error: max |f - target| on a
    grid of ``grid`` points.
    """

    hidden: int
    network: ShallowNetwork
    knots: np.ndarray
    regions: int
    max_error: float


def _interval(interval) -> tuple[float, float]:
    try:
        lo, hi = (as_finite_scalar(v, "interval") for v in interval)
    except (TypeError, ValueError):
        raise ParameterError(f"interval must be (lo, hi) with lo < hi; got {interval!r}.") from None
    if not lo < hi:
        raise ParameterError(f"interval must be (lo, hi) with lo < hi; got {interval!r}.")
    return lo, hi


def approximation_ladder(target: Callable = demo_target, interval=DEMO_INTERVAL,
                         hidden=(3, 5, 10, 20), grid: int = 4001) -> list[Approximation]:
    """Constructive fits of ``target`` with each number of hidden units in ``hidden`` (Fig. 3.5).

    Each network linearly interpolates the target at hidden + 1 equally spaced knots; its
    number of linear regions is counted exactly (:func:`piecewise_linear`), its error on a grid.
    """
    lo, hi = _interval(interval)
    xs = np.linspace(lo, hi, grid)
    ladder = []
    for d in hidden:
        net = constructive_fit(target, (lo, hi), d)
        pieces = piecewise_linear(net, lo, hi)
        error = float(np.max(np.abs(net(xs) - target(xs))))
        ladder.append(Approximation(int(d), net, np.linspace(lo, hi, int(d) + 1), pieces.num_regions, error))
    return ladder


@dataclass(frozen=True)
class FittingRace:
    """Gradient descent on the same data from two initialisations (see the module docstring).

    x, y: (N,) the samples; fits: {"zero biases": ShallowFit, "joints spread": ShallowFit};
    line_loss: the mean squared error of the best straight line (least squares), the level the
    failing run stays near.
    """

    x: np.ndarray
    y: np.ndarray
    fits: dict
    line_loss: float
    epochs: int
    lr: float
    momentum: float


def fitting_race(target: Callable = demo_target, interval=DEMO_INTERVAL, hidden: int = 10,
                 samples: int = 60, epochs: int = 30000, lr: float = 0.1, momentum: float = 0.9,
                 seed: int = 6, snapshots: int = 1000) -> FittingRace:
    """Train ``hidden``-unit shallow ReLU nets on ``samples`` points of ``target`` by full-batch
    gradient descent (mean least squares, momentum), from He-uniform weights (the same draw for
    both runs) with zero biases, and with each joint drawn uniformly in ``interval``.

    Each ShallowFit keeps about ``snapshots`` networks along its trajectory for animation (one
    every 30 epochs with the defaults).
    Measured with the defaults: zero biases end at loss 0.086 with 5 of 10 units dead (the best
    straight line: 0.095); spread joints at 0.0009, below the constructive 10-unit fit's 0.0022.
    The seed is one where gradient descent does well. Over seeds 0-7 with these settings the
    spread-joint runs end at 0.0009-0.015; the zero-bias runs stay at 0.086 in 7 of 8 (10-96x
    worse), but with seed 4 enough joints escape x = 0 to reach 0.0085: the failure is likely,
    not certain.
    """
    lo, hi = _interval(interval)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise ParameterError(f"samples must be a whole number >= 2; got {samples!r}.")
    return _race(target, lo, hi, hidden, int(samples), epochs, lr, momentum, seed, snapshots)


def demo_race(hidden: int = 10, epochs: int = 30000, seed: int = 6) -> FittingRace:
    """The race of the fitting scene and the universal_approximation figure: ``fitting_race``
    on ``demo_target`` over ``DEMO_INTERVAL``."""
    return fitting_race(demo_target, DEMO_INTERVAL, hidden=hidden, epochs=epochs, seed=seed)


@lru_cache(maxsize=4)  # the figure and the scene draw the same race; treat the result as read-only
def _race(target, lo, hi, hidden, samples, epochs, lr, momentum, seed, snapshots) -> FittingRace:
    x = np.linspace(lo, hi, int(samples))
    y = np.asarray(target(x), dtype=float)
    every = max(1, int(epochs) // max(1, int(snapshots)))
    common = dict(hidden=hidden, init="he_uniform", lr=lr, epochs=epochs, momentum=momentum,
                  seed=seed, snapshot_every=every)
    fits = {
        "zero biases": fit_shallow_1d(x, y, **common),
        "joints spread": fit_shallow_1d(x, y, joints=(lo, hi), **common),
    }
    design = np.column_stack([np.ones_like(x), x])
    coef = np.linalg.lstsq(design, y, rcond=None)[0]
    line_loss = float(np.mean((design @ coef - y) ** 2))
    return FittingRace(x, y, fits, line_loss, int(epochs), float(lr), float(momentum))


__all__ = ["Approximation", "DEMO_INTERVAL", "FittingRace", "ShallowFit", "approximation_ladder",
           "demo_race", "demo_target", "fitting_race"]
