"""A 2-input network fed into a 1-input network: the second one's joints are level sets of the
first (book Fig. 4.2).

For x in the plane, y = f(x) a first network with 2 inputs and y' = g(y) a second one with one
input. Hidden unit k of g switches where theta'_k0 + theta'_k1 y = 0, i.e. on the level set

    {x : f(x) = c_k},   c_k = -theta'_k0 / theta'_k1   (the joint of unit k, in y).

Inside a linear region R of f, f is one plane, so the level set is a straight segment there (or
empty, or all of R where f is flat at c_k), and it bends only where it crosses an edge of f.
A segment through the inside of a convex R cuts it into two convex pieces, and the level sets of
different c_k never meet (f has one value at each point), so the composition g o f has

    regions(g o f) = regions(f) + sum_k #{regions R of f whose inside the level set c_k crosses}

(joints c_k that are all different and at no flat region's value). Region R is crossed by
c_k exactly when min_R f < c_k < max_R f, and f's extremes on a convex polygon are at its corners:
so the crossings are read off the corner values. This is the second route to the count that the
exact engine computes directly (``regions_2d(compose(f, g))``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError
from .compose import compose
from .regions import Partition2D, regions_2d
from .shallow import ShallowNetwork

#: A level c crosses a region when it lies this far (times the output's range) inside the
#: region's corner values: a level through a corner or along an edge does not split it.
LEVEL_RTOL = 1e-9


def value_ranges(partition: Partition2D, output: int = 0) -> np.ndarray:
    """(P, 2) min and max of output ``output`` over each region: its corner values (a plane's
    extremes on a convex polygon are corners)."""
    owner = np.repeat(np.arange(len(partition)), np.diff(partition.offsets))
    values = partition.evaluate(partition.vertices, regions=owner)[:, output]
    low = np.minimum.reduceat(values, partition.offsets[:-1])
    high = np.maximum.reduceat(values, partition.offsets[:-1])
    return np.column_stack([low, high])


def crossed_regions(partition: Partition2D, c: float, output: int = 0) -> np.ndarray:
    """Indices (in increasing order) of the regions whose inside the level set {y = c} crosses:
    min < c < max over the region (a flat region is never crossed; at its own value it is not
    split either, the whole region is on the level set)."""
    ranges = value_ranges(partition, output)
    tol = LEVEL_RTOL * max(float(np.ptp(ranges)), 1e-300)
    return np.flatnonzero((ranges[:, 0] < c - tol) & (ranges[:, 1] > c + tol))


def crossings_by_level(partition: Partition2D, output: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """How many regions a level set y = c crosses, as a step function of c.

    Returns (breaks (B,), counts (B-1,)): for c strictly between breaks[i] and breaks[i+1] the
    level set crosses counts[i] regions; the breaks are the regions' distinct corner extremes.
    The construction of a second network with a wanted number of regions reads its joint levels
    from this table (``nnmath.presets.fig4_2_second``).
    """
    ranges = value_ranges(partition, output)
    breaks = np.unique(np.round(ranges.ravel(), 12))
    middles = 0.5 * (breaks[1:] + breaks[:-1])
    counts = ((ranges[:, :1] < middles) & (ranges[:, 1:] > middles)).sum(axis=0)
    return breaks, counts


@dataclass(frozen=True)
class LevelCuts:
    """The first network's regions cut by the second network's joints (Fig. 4.2).

    first: the regions of f; levels (J,): the joints c_k of g in y, increasing, the ones inside
    f's range; units (J,): the hidden unit of g (0-based) each level belongs to; crossed: per
    level, the regions of f it cuts (indices into ``first``); composed: the exact regions of
    g o f (``regions_2d(compose(f, g))``), whose layer-2 joints are the level sets.
    """

    first: Partition2D
    levels: np.ndarray
    units: np.ndarray
    crossed: tuple[np.ndarray, ...]
    composed: Partition2D

    @property
    def crossings(self) -> int:
        """The number of (level, region) pairs where a level set cuts a region in two."""
        return int(sum(len(c) for c in self.crossed))

    @property
    def predicted(self) -> int:
        """regions(f) + crossings: the composition's count by the level-set argument."""
        return len(self.first) + self.crossings

    def level_lines(self, j: int) -> list[np.ndarray]:
        """The level set of ``levels[j]`` as polylines (M, 2), from the composition's exact
        joints of its second hidden layer (straight inside each region of f, bent on its edges)."""
        unit = int(self.units[j])
        return [points for d, points in self.composed.joint_lines(1) if d == unit]


def level_cuts(first_net, second: ShallowNetwork, xlim=(-1.0, 1.0), ylim=(-1.0, 1.0)) -> LevelCuts:
    """The regions of ``first_net`` (2 inputs, 1 output), the joints of ``second`` (1 input) as
    levels of its output, the regions each level crosses, and the composition's exact regions.

    Units of ``second`` whose joint lies outside the first network's range of values (or with
    theta'_k1 = 0, no joint) cut nothing: they are on or off everywhere and are left out.
    """
    if not isinstance(second, ShallowNetwork) or second.input_dim != 1:
        raise ParameterError(
            f"the second network must be a ShallowNetwork with 1 input (it reads the first "
            f"network's output y); got {type(second).__name__} with "
            f"{getattr(second, 'input_dim', '?')} input(s)."
        )
    first = regions_2d(first_net, xlim, ylim)
    composed = regions_2d(compose(first_net, second), xlim, ylim)
    joints = second.joints()
    low, high = value_ranges(first).min(), value_ranges(first).max()
    units = np.flatnonzero(np.isfinite(joints) & (joints > low) & (joints < high))
    units = units[np.argsort(joints[units], kind="stable")]
    levels = joints[units]
    crossed = tuple(crossed_regions(first, c) for c in levels)
    return LevelCuts(first, levels, units, crossed, composed)
