"""What sampling misses: a random deep ReLU network's exact regions beside a sampled grid.

Left, every exact linear region of a He-initialised 2-input network (default 3 hidden layers of
20 units) on [-1, 1]^2, neighbours in different tints, with the edges coloured and weighted by
the hidden layer whose unit made them: later layers bend inside the regions of earlier ones
(book Fig. 4.7's deep build-up). Right, what a grid of sample points sees: each pixel takes
the tint of the exact region holding its centre, so regions thinner than a pixel are never
sampled; they are filled solid on the left. Exact regions by ``nnmath.regions_2d``, the count
of sampled patterns by ``nnmath.pixelmap.pattern_map``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D

from figures.style import LABEL, colour_regions, map_axes, region_tints, slide, themed
from nnmath.checks import ParameterError
from nnmath.pixelmap import pattern_map
from nnmath.presets import random_relu_network
from nnmath.regions import regions_2d

#: More polygons than this are sub-pixel at slide size.
MAX_POLYGONS = 10_000
#: Line width (pt) of the edges made by hidden layer 1, 2, 3, ... (the second cue to colour).
EDGE_WIDTHS = (3.0, 2.0, 1.3)
#: How much of the series hue the region fills take: light under the edges (which keep 3:1 on
#: them), stronger on the grid, where no line is drawn.
LEFT_TINT, RIGHT_TINT = 0.2, 0.45


def draw(params: dict, theme="light"):
    widths, seed, grid = params["widths"], params["seed"], params["grid"]
    net = random_relu_network(widths, seed)
    exact = regions_2d(net, (-1, 1), (-1, 1))
    if len(exact) > MAX_POLYGONS:
        raise ParameterError(
            f"widths {list(widths)} give {len(exact):,} regions; this figure draws every region as "
            f"a polygon, at most {MAX_POLYGONS:,}. Use fewer or narrower layers (the default "
            f"[20, 20, 20] gives about a thousand), or the 'regions' scene, which switches to a "
            f"pixel map."
        )
    sampled = pattern_map(net, (-1, 1), (-1, 1), grid)
    centres = np.stack(np.meshgrid(sampled.xs, sampled.ys), -1).reshape(-1, 2)
    hit = exact.locate(centres).reshape(len(sampled.ys), len(sampled.xs))
    missed = np.setdiff1d(np.arange(len(exact)), hit)
    with themed(theme) as look:
        tint = colour_regions(exact, len(region_tints(look)))  # neighbours differ
        colours = region_tints(look, LEFT_TINT)[tint]  # (P, 3) RGB
        fig = slide()
        fig.get_layout_engine().set(wspace=0.05)
        left, right = fig.subplots(1, 2, sharey=True)
        left.add_collection(PolyCollection(exact.polygons, facecolors=colours, edgecolors="none",
                                           antialiased=False))
        segments, layers, _ = exact.edges(unique=True)
        handles = []
        for k in range(len(widths)):
            style = {"color": look.line(k + 1), "linewidth": EDGE_WIDTHS[min(k, len(EDGE_WIDTHS) - 1)]}
            left.add_collection(LineCollection(segments[layers == k], label=f"layer {k + 1}", **style))
            handles.append(Line2D([], [], **style))
        # the regions no grid point falls in: thinner than a pixel, a dot on each
        left.plot(*exact.centroids[missed].T, "o", color=look.point, ms=5, ls="none",
                  label="never sampled")
        unseen = len(exact) - sampled.num_regions
        left.set_title(f"exact: {len(exact):,} regions\n{unseen:,} ({100 * unseen / len(exact):.0f} %) "
                       "hold no grid point (dots)", fontsize=LABEL, pad=14)
        # each pixel in the tint of the exact region holding its centre (none: the background)
        image = np.where(hit[..., None] >= 0, region_tints(look, RIGHT_TINT)[tint][np.maximum(hit, 0)],
                         to_rgb(look.background))
        right.imshow(image, origin="lower", extent=(-1, 1, -1, 1), interpolation="nearest")
        right.set_title(f"{grid} \u00d7 {grid} grid: {sampled.num_regions:,} regions seen\n"
                        "each pixel shows the region at its centre", fontsize=LABEL, pad=14)
        map_axes(left, (-1, -1), (1, 1))
        map_axes(right, (-1, -1), (1, 1), left=False)
        labels = [f"joints of layer {k + 1}" for k in range(len(widths))] + ["never sampled"]
        handles.append(Line2D([], [], marker="o", color=look.point, ms=8, ls="none"))
        fig.legend(handles, labels, loc="outside lower center", ncols=len(handles))
    return fig
