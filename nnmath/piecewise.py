"""The exact piecewise-linear form of a 1-input ReLU network (book Figs. 3.3, 4.1, 4.5; issue 3).

A network built from ReLU-like units (any activation with a single kink at 0: relu, leaky_relu,
prelu) is continuous and piecewise linear in its input. On an interval [lo, hi] its graph is fixed
by the breakpoints x_0 = lo < x_1 < ... < x_n = hi and the values there; between two breakpoints
it is linear. This module finds the breakpoints exactly, layer by layer, with no sampling:

    in layer k every pre-activation is linear between the breakpoints found so far, so each unit
    crosses zero at most once per interval, at x_i + (x_{i+1} - x_i) p_i / (p_i - p_{i+1});
    those crossings are the new breakpoints (joints) of layer k.

Neighbouring pieces with equal slopes are then merged, so ``num_regions`` counts linear regions.
All work is vectorised over breakpoints and units: a tent map composed 20 times (2^20 pieces)
takes about a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_finite_scalar, read_only
from .compose import Network, as_deep

#: Two neighbouring slopes s, s' are equal when |s - s'| <= SLOPE_RTOL * max(|s|, |s'|) + atol,
#: atol = SLOPE_RTOL * 1e-3 * (largest |slope| on the interval): the merge tolerance.
SLOPE_RTOL = 1e-9
#: New breakpoints closer than this (relative to the interval's scale) to another are the same.
POSITION_RTOL = 1e-12


@dataclass(frozen=True, eq=False)
class PiecewiseLinear:
    """A continuous piecewise-linear function on [breakpoints[0], breakpoints[-1]].

    breakpoints: (n+1,) strictly increasing, both ends of the interval included.
    values: (n+1,) the function at the breakpoints ((n+1, Do) for Do outputs).
    slopes: (n,) the slope of each of the n linear pieces ((n, Do)).
    """

    breakpoints: np.ndarray
    values: np.ndarray
    slopes: np.ndarray

    @property
    def num_regions(self) -> int:
        """n, the number of linear pieces (linear regions) on the interval."""
        return int(self.slopes.shape[0])

    @property
    def joints(self) -> np.ndarray:
        """(n-1,) the interior breakpoints: where the slope changes (the slides' joints)."""
        return self.breakpoints[1:-1]

    @property
    def interval(self) -> tuple[float, float]:
        return float(self.breakpoints[0]), float(self.breakpoints[-1])

    def __call__(self, x):
        """Exact value at x (scalar or array) inside the interval, by the piece containing x."""
        lo, hi = self.interval
        xs = np.asarray(x, dtype=float)
        slack = POSITION_RTOL * 1e3 * max(1.0, abs(lo), abs(hi))
        if xs.size and (xs.min() < lo - slack or xs.max() > hi + slack):
            raise ParameterError(
                f"x must lie in the interval [{lo:g}, {hi:g}] this function was computed on; got "
                f"values from {xs.min():g} to {xs.max():g}. Recompute it on a wider interval."
            )
        piece = np.clip(np.searchsorted(self.breakpoints, xs, side="right") - 1,
                        0, self.num_regions - 1)
        offset = xs - self.breakpoints[piece]
        if self.values.ndim == 2:
            offset = offset[..., None]
        return self.values[piece] + self.slopes[piece] * offset


def piecewise_linear(net: Network, lo, hi, merge: bool = True) -> PiecewiseLinear:
    """The exact piecewise-linear form of a 1-input ReLU network on [lo, hi].

    net: a ShallowNetwork or DeepNetwork with one input and piecewise-linear activations.
    merge: join neighbouring pieces whose slopes are equal (within SLOPE_RTOL), so that
    ``num_regions`` counts linear regions; with merge=False every point where some unit's
    activation pattern changes is kept (a unit can switch without changing the output's slope).
    """
    deep = as_deep(net)
    lo, hi = _check_interval(lo, hi)
    if deep.input_dim != 1:
        raise ParameterError(
            f"piecewise_linear needs a network with 1 input; this one has {deep.input_dim}. "
            f"For 2 inputs use nnmath.regions_2d; for more, take a 1-D or 2-D slice."
        )
    bad = [a.name for a in deep.activations if not a.piecewise_linear]
    if bad:
        raise ParameterError(
            f"piecewise_linear needs piecewise-linear activations (relu, leaky_relu, prelu); this "
            f"network uses {', '.join(sorted(set(bad)))}, which is curved and has no exact linear "
            f"pieces. Evaluate it on a grid instead."
        )
    tol = POSITION_RTOL * max(1.0, abs(lo), abs(hi))
    xs = np.array([lo, hi])
    h = xs[:, None]  # h_k at the breakpoints, (n, D_k); h_0 = x
    for k in range(deep.num_hidden_layers):
        beta, omega, act = deep.betas[k], deep.omegas[k], deep.activations[k]
        pre = beta + h @ omega.T
        roots = _zero_crossings(xs, pre)
        roots = _new_positions(roots, xs, tol)
        if roots.size:
            h_new = _hidden(deep, roots, k)
            xs, order = _merge_sorted(xs, roots)
            h = np.concatenate([h, h_new])[order]
            pre = beta + h @ omega.T
        h = act(pre)
    values = deep.betas[-1] + h @ deep.omegas[-1].T
    values = values[:, 0] if deep.output_dim == 1 else values
    if merge:
        xs, values = _merge_equal_slopes(xs, values)
    slopes = np.diff(values, axis=0) / _column(np.diff(xs), values)
    return PiecewiseLinear(read_only(xs), read_only(values), read_only(slopes))


def _check_interval(lo, hi) -> tuple[float, float]:
    lo = as_finite_scalar(lo, "lo")
    hi = as_finite_scalar(hi, "hi")
    if not lo < hi:
        raise ParameterError(
            f"the interval must have lo < hi; got lo = {lo:g}, hi = {hi:g}. Swap them or widen it."
        )
    return lo, hi


def _zero_crossings(xs: np.ndarray, pre: np.ndarray) -> np.ndarray:
    """x where some column of pre (linear between the xs) changes sign strictly inside a piece."""
    left, right = pre[:-1], pre[1:]
    piece, unit = np.nonzero((left > 0) & (right < 0) | (left < 0) & (right > 0))
    a, b = left[piece, unit], right[piece, unit]
    # the linear pre-activation a + (b - a) t vanishes at t = a / (a - b)
    t = a / (a - b)
    return xs[piece] + t * (xs[piece + 1] - xs[piece])


def _new_positions(roots: np.ndarray, xs: np.ndarray, tol: float) -> np.ndarray:
    """Sorted distinct roots, dropping any within tol of a breakpoint already known."""
    if roots.size == 0:
        return roots
    roots = np.sort(roots)
    roots = roots[np.concatenate([[True], np.diff(roots) > tol])]
    at = np.searchsorted(xs, roots)
    near_left = np.abs(roots - xs[np.maximum(at - 1, 0)]) <= tol
    near_right = np.abs(xs[np.minimum(at, len(xs) - 1)] - roots) <= tol
    return roots[~(near_left | near_right)]


def _hidden(deep, x: np.ndarray, k: int) -> np.ndarray:
    """(N, D_k) the input of hidden layer k at the points x (h_0 = x)."""
    h = x[:, None]
    for beta, omega, act in zip(deep.betas[:k], deep.omegas[:k], deep.activations[:k]):
        h = act(beta + h @ omega.T)
    return h


def _merge_sorted(xs: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted union of two sorted arrays and the permutation of their concatenation."""
    merged = np.concatenate([xs, new])
    order = np.argsort(merged, kind="stable")
    return merged[order], order


def _merge_equal_slopes(xs: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop interior breakpoints where the slope does not change (every output, SLOPE_RTOL)."""
    slopes = np.diff(values, axis=0) / _column(np.diff(xs), values)
    if slopes.shape[0] < 2:
        return xs, values
    magnitude = np.abs(slopes)
    atol = SLOPE_RTOL * 1e-3 * magnitude.max()
    change = np.abs(np.diff(slopes, axis=0))
    kink = change > SLOPE_RTOL * np.maximum(magnitude[:-1], magnitude[1:]) + atol
    if kink.ndim == 2:
        kink = kink.any(axis=1)
    keep = np.concatenate([[True], kink, [True]])
    return xs[keep], values[keep]


def _column(steps: np.ndarray, values: np.ndarray) -> np.ndarray:
    return steps[:, None] if values.ndim == 2 else steps


@dataclass(frozen=True, eq=False)
class PiecewiseConstant:
    """A step function on [breakpoints[0], breakpoints[-1]]: ``values[i]`` on the i-th piece.

    breakpoints: (n+1,) strictly increasing, both ends included; values: (n,).
    """

    breakpoints: np.ndarray
    values: np.ndarray

    @property
    def num_pieces(self) -> int:
        return int(self.values.shape[0])

    @property
    def jumps(self) -> np.ndarray:
        """(n-1,) the interior breakpoints, where the value jumps."""
        return self.breakpoints[1:-1]


def step_pieces(net, lo, hi) -> PiecewiseConstant:
    """The constant pieces of a 1-input, 1-output shallow network of Heaviside step units on
    [lo, hi] (Fig. 3.3's step variant): unit d jumps at x_d = -theta_d0 / theta_d1, so the
    output is constant between the jumps inside the interval; neighbouring pieces with the
    same value are merged. Each value is the network at the piece's midpoint.
    """
    lo, hi = _check_interval(lo, hi)
    if net.activation.name != "heaviside" or net.input_dim != 1 or net.output_dim != 1:
        raise ParameterError(
            f"step_pieces needs a 1-input, 1-output network of heaviside units; got "
            f"{net.input_dim} input(s), {net.output_dim} output(s), {net.activation.name} units.")
    joints = net.joints()
    inside = np.unique(joints[np.isfinite(joints) & (joints > lo) & (joints < hi)])
    edges = np.concatenate([[lo], inside, [hi]])
    values = np.asarray(net(0.5 * (edges[:-1] + edges[1:])), dtype=float)
    keep = np.concatenate([[True], values[1:] != values[:-1]])  # merge equal neighbours
    return PiecewiseConstant(read_only(np.concatenate([edges[:-1][keep], [hi]])),
                             read_only(values[keep]))
