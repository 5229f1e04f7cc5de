"""Composition as folding (book section 4.1, Figs. 4.1 and 4.3).

The first network of a composition maps its input interval onto its range in a few monotone
sweeps ("folds"): in Fig. 4.1 net 1 maps [-1, 1] onto [-1, 1] three times, rising, falling,
rising. Every fold receives its own copy of the second network, flipped where the fold falls,
which is why two 3-unit networks give 9 linear regions. A :class:`FoldingMap` records the folds,
which x-intervals share a y-interval, and the preimages of a y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_finite_scalar, read_only
from .compose import Network, compose
from .counting import max_regions_shallow, num_parameters
from .piecewise import POSITION_RTOL, PiecewiseLinear, piecewise_linear


@dataclass(frozen=True)
class Fold:
    """One monotone sweep of the first network: [x_lo, x_hi] onto [y_lo, y_hi].

    flipped: the network falls on this fold, so the second network's copy is mirrored.
    """

    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float
    flipped: bool


@dataclass(frozen=True, eq=False)
class FoldingMap:
    """The folds of a 1-input, 1-output network on an interval (Fig. 4.3)."""

    function: PiecewiseLinear
    folds: tuple[Fold, ...]

    @property
    def num_folds(self) -> int:
        return len(self.folds)

    def fold_index(self, x: float) -> int:
        """The fold containing x (a fold boundary belongs to the fold on its right)."""
        starts = np.array([fold.x_lo for fold in self.folds])
        return int(np.clip(np.searchsorted(starts, float(x), side="right") - 1, 0,
                           self.num_folds - 1))

    def preimages(self, y: float, fold: int | None = None) -> np.ndarray:
        """Sorted x with f(x) = y (in one fold, or in all); flat pieces at height y are skipped."""
        y = as_finite_scalar(y, "y")
        f = self.function
        bp, v, s = f.breakpoints, f.values, f.slopes
        lo, hi = (bp[0], bp[-1]) if fold is None else (self.folds[fold].x_lo, self.folds[fold].x_hi)
        inside = (bp[:-1] >= lo) & (bp[1:] <= hi) & (s != 0)
        inside &= (np.minimum(v[:-1], v[1:]) <= y) & (y <= np.maximum(v[:-1], v[1:]))
        xs = np.sort(bp[:-1][inside] + (y - v[:-1][inside]) / s[inside])
        tol = POSITION_RTOL * 1e3 * max(1.0, abs(bp[0]), abs(bp[-1]))
        return xs[np.concatenate([[True], np.diff(xs) > tol])] if xs.size else xs

    def coverage(self, y: float) -> int:
        """How many folds reach the level y."""
        return sum(fold.y_lo <= y <= fold.y_hi for fold in self.folds)

    def shared_intervals(self) -> list[tuple[float, float, tuple[int, ...]]]:
        """The y-axis cut at every fold's ends: (y_lo, y_hi, folds mapping onto it) per piece.

        The x-intervals of the listed folds all map onto [y_lo, y_hi]; the second network is
        therefore evaluated there once per listed fold.
        """
        ends = np.unique([y for fold in self.folds for y in (fold.y_lo, fold.y_hi)])
        pieces = []
        for a, b in zip(ends[:-1], ends[1:]):
            mid = 0.5 * (a + b)
            pieces.append((float(a), float(b),
                           tuple(i for i, fold in enumerate(self.folds)
                                 if fold.y_lo <= mid <= fold.y_hi)))
        return pieces


@dataclass(frozen=True, eq=False)
class FoldCopy:
    """The second network drawn over one fold: knots x (increasing), y = f1(x), z = f2(y).

    x holds both ends of the fold, the first network's breakpoints in it and the preimages of
    the second network's joints, so (x, z) is the exact graph of the composition over the fold
    and (y, z) the exact graph of the second network over the fold's range.
    """

    fold: Fold
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray


def folding_map(net: Network | PiecewiseLinear, lo=None, hi=None) -> FoldingMap:
    """The folds of a 1-input, 1-output ReLU network on [lo, hi] (or of a PiecewiseLinear).

    Consecutive pieces whose slopes have the same sign form one fold; a flat piece joins the
    fold before it (the first fold if it leads).
    """
    f = net if isinstance(net, PiecewiseLinear) else piecewise_linear(net, lo, hi)
    if f.values.ndim != 1:
        raise ParameterError(
            f"folding needs a network with one output; this one has {f.values.shape[1]}."
        )
    signs = np.sign(f.slopes)
    nonzero = np.flatnonzero(signs)
    if nonzero.size == 0:
        signs[:] = 1
    else:  # a flat piece takes the sign of the fold it belongs to
        index = np.maximum.accumulate(np.where(signs != 0, np.arange(signs.size), 0))
        index[: nonzero[0]] = nonzero[0]
        signs = signs[index]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(signs)) + 1])
    ends = np.concatenate([starts[1:], [signs.size]])
    folds = []
    for a, b in zip(starts, ends):
        y = f.values[a : b + 1]
        folds.append(Fold(float(f.breakpoints[a]), float(f.breakpoints[b]), float(y.min()),
                          float(y.max()), bool(signs[a] < 0)))
    return FoldingMap(f, tuple(folds))


def shared_level(folds: FoldingMap) -> float:
    """A level y reached by as many folds as possible, round where it can be (for marking).

    Takes the widest y-interval covered by the most folds and returns its midpoint, rounded to
    the fewest decimals that keep it in the middle half of that interval. Fig. 4.1: 0.
    """
    pieces = folds.shared_intervals()
    if not pieces:  # a constant function: its only level
        return folds.folds[0].y_lo
    most = max(len(p[2]) for p in pieces)
    a, b, _ = max((p for p in pieces if len(p[2]) == most), key=lambda p: p[1] - p[0])
    mid, quarter = 0.5 * (a + b), 0.25 * (b - a)
    for decimals in range(0, 8):
        level = round(mid, decimals)
        if abs(level - mid) <= quarter:
            return float(level) + 0.0
    return mid


def fold_copies(first: Network, second: Network, lo, hi) -> list[FoldCopy]:
    """Per fold of ``first`` on [lo, hi], the exact knots of second(first(x)) (Fig. 4.1 d-f)."""
    f1 = piecewise_linear(first, lo, hi)
    fmap = folding_map(f1)
    y_lo, y_hi = float(f1.values.min()), float(f1.values.max())
    joints2 = piecewise_linear(second, y_lo, y_hi).joints if y_hi > y_lo else np.empty(0)
    copies = []
    for i, fold in enumerate(fmap.folds):
        inside = f1.breakpoints[(f1.breakpoints > fold.x_lo) & (f1.breakpoints < fold.x_hi)]
        pre = [fmap.preimages(y, fold=i) for y in joints2]
        x = np.unique(np.concatenate([[fold.x_lo, fold.x_hi], inside, *pre]))
        y = f1(x)
        z = np.asarray(second(y), dtype=float).reshape(len(x), -1)
        z = z[:, 0] if z.shape[1] == 1 else z
        copies.append(FoldCopy(fold, read_only(x), read_only(y), read_only(z)))
    return copies


@dataclass(frozen=True, eq=False)
class Composition:
    """Everything Fig. 4.1 shows of two 1-input networks composed, x -> y -> y', on [lo, hi].

    first: net 1 on the interval; second: net 2 on net 1's range; composed: net2(net1(x));
    folds: the monotone pieces of net 1; copies: net 2 drawn over each fold (in x and y);
    level: a y shared by the most folds; preimages: every x with net1(x) = level (Fig. 4.1:
    y = 0 at x = -0.5, 0.3, 0.8); the composition's parameters against a shallow network with
    as many hidden units in total (Fig. 4.1: 9 regions from 20 parameters; 6 units: at most 7
    regions from 19). Serves the folding scene and the composition and fold_view figures.
    """

    net1: Network
    net2: Network
    interval: tuple[float, float]
    first: PiecewiseLinear
    second: PiecewiseLinear
    composed: PiecewiseLinear
    folds: FoldingMap
    copies: list
    level: float
    preimages: np.ndarray
    composed_parameters: int
    shallow_units: int
    shallow_parameters: int
    shallow_max_regions: int

    @classmethod
    def of(cls, net1: Network, net2: Network, lo: float, hi: float) -> "Composition":
        first = piecewise_linear(net1, lo, hi)
        y_lo, y_hi = float(first.values.min()), float(first.values.max())
        if y_hi - y_lo < 1e-9:
            raise ParameterError(
                f"net1 is constant ({y_lo:.3g}) on [{lo:g}, {hi:g}], so there is nothing to "
                "fold; give net1 at least one hidden unit with a joint inside the interval"
            )
        folds = folding_map(first)
        level = shared_level(folds)
        units = net1.hidden_dim + net2.hidden_dim
        return cls(
            net1=net1, net2=net2, interval=(float(lo), float(hi)), first=first,
            second=piecewise_linear(net2, y_lo, y_hi),
            composed=piecewise_linear(compose(net1, net2), lo, hi),
            folds=folds, copies=fold_copies(net1, net2, lo, hi), level=level,
            preimages=folds.preimages(level),
            composed_parameters=net1.num_parameters + net2.num_parameters,
            shallow_units=units,
            shallow_parameters=num_parameters(1, [units], 1),
            shallow_max_regions=max_regions_shallow(1, units),
        )

    @classmethod
    def from_params(cls, params: dict) -> "Composition":
        """From the catalog's ``net1``, ``net2`` and ``interval`` slots."""
        lo, hi = params["interval"]
        return cls.of(params["net1"], params["net2"], lo, hi)
