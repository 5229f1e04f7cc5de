"""Book Fig. 4.2: a 2-input network fed into a second network; its joints are level sets.

Left, the output y of the Fig. 3.8 network on [-1, 1]^2 (exact colour map, contours, its 7
regions between the teal joints). The second network (middle, y' against y) switches unit k at
y = c_k, so in the plane its joint is the level set y = c_k, drawn on the left in that unit's
colour: straight inside each region, bent at the old joints. Each level set cuts the regions it
passes through in two (their numbers in the title). Right, the regions of the composition
y' = g(f(x)), lightly tinted (neighbours differ) between the same lines: the 7 plus one per cut,
13 for the default second network ``fig4_2_second`` (constructed, as the book does not publish
its own; ``region_maps`` shows the output y' itself). Counts from ``nnmath.level_cuts`` and the
exact region engine.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection

import nnmath
from figures.region_maps import map_panel
from figures.style import LABEL, SMALL, colour_regions, halo, map_axes, region_tints, slide, themed

#: Series colours of the second network's joints (1, teal, is the first network's joints).
LEVEL_SERIES = (2, 3, 0)


def draw(params: dict, theme="light"):
    net, second = params["net"], params["second"]
    cuts = nnmath.level_cuts(net, second, params["xlim"], params["ylim"])
    first, composed = cuts.first, cuts.composed
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.05, hspace=0.05)
        grid = fig.add_gridspec(2, 2, width_ratios=[1.2, 1], height_ratios=[0.7, 1])
        left, middle, right = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])
        teal = [dict(color=look.line(1), ls="-")]
        map_panel(fig, left, first, "$y$", teal, look)
        _regions_panel(right, composed, look)
        for ax in (left, right):
            for j in range(len(cuts.levels)):
                _level_set(ax, cuts, j, look)
        cut = " + ".join(str(len(c)) for c in cuts.crossed) or "0"
        left.set_title(f"$y$: {len(first)} regions; the level sets\nof the joints cut {cut} of them",
                       fontsize=LABEL, pad=14)
        _second_panel(middle, cuts, second, look)
        sums = " + ".join([str(len(first))] + [str(len(c)) for c in cuts.crossed])
        how = f" = {sums}" if cuts.predicted == len(composed) else ""
        right.set_title(f"$y' = g(f(x))$: {len(composed)} regions\n{how.lstrip(' =')}"
                        + (" (one per cut)" if how else ""),
                        fontsize=LABEL, pad=20)
    return fig


def _regions_panel(ax, partition, look) -> None:
    """The exact regions as tinted polygons (neighbours differ), the first layer's joints teal."""
    tint = colour_regions(partition, len(region_tints(look)))
    ax.add_collection(PolyCollection(partition.polygons, facecolors=region_tints(look)[tint],
                                     edgecolors="none", label="regions"))
    segments, layers, _ = partition.edges(unique=True)
    ax.add_collection(LineCollection(segments[layers == 0], colors=look.line(1), linewidths=3,
                                     label="joints of layer 1"))
    lo, hi = partition.domain.min(axis=0), partition.domain.max(axis=0)
    map_axes(ax, lo, hi, left=False)
    ax.tick_params(labelleft=True)


def _level_set(ax, cuts, j: int, look) -> None:
    """Level set j (the joint of a unit of the second net) as bent polylines, with a halo."""
    colour = look.line(LEVEL_SERIES[j % len(LEVEL_SERIES)])
    for points in cuts.level_lines(j):
        ax.plot(points[:, 0], points[:, 1], color=colour, lw=3.5, path_effects=halo(look, 7.5),
                label=f"level set $y = c_{j + 1}$")


def _second_panel(ax, cuts, second, look) -> None:
    """y' against y over the first network's range, each joint c_k dashed in its colour."""
    ranges = nnmath.value_ranges(cuts.first)
    low, high = float(ranges.min()), float(ranges.max())
    pieces = nnmath.piecewise_linear(second, low, high)
    ax.plot(pieces.breakpoints, pieces.values, color=look.text, lw=3)
    ax.axhline(0, color=look.axis, lw=1.25)
    span = float(np.ptp(pieces.values)) or 1.0
    top = pieces.values.max() + 0.45 * span
    for j, c in enumerate(cuts.levels):
        k = LEVEL_SERIES[j % len(LEVEL_SERIES)]
        ax.axvline(c, color=look.line(k), lw=3)
        ax.text(c, top - 0.14 * span, f" $c_{j + 1} = {c:.3g}$ ".replace("-", "\u2212"),
                color=look.label(k), fontsize=SMALL, ha="left" if j % 2 else "right",
                va="center", bbox={"boxstyle": "round,pad=0.1", "fc": look.background, "ec": "none"})
    ax.set_xlim(low, high)
    ax.set_ylim(pieces.values.min() - 0.1 * span, top)
    # ticks only up to the graph: the joints' names sit above it
    ax.set_yticks([t for t in ax.get_yticks() if pieces.values.min() - 0.1 * span <= t <= pieces.values.max()])
    ax.set_xlabel("$y$, the first network's output")
    ax.set_ylabel("$y'$")
    units = second.hidden_dim
    ax.set_title(f"second net $g$, {units} unit{'' if units == 1 else 's'}: joints $c_k$",
                 fontsize=LABEL, pad=10, loc="right")
