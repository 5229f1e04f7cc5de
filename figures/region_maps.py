"""Book Figs. 3.8 and 4.2: the linear regions of 2-input networks, exactly.

Left, the Fig. 3.8 shallow network (three ReLU units) on [-1, 1]^2: seven convex regions (the
Zaslavsky bound for three lines), coloured by the output (dark brown low, cream high), with
its joint lines in teal; the one flat region, where every unit is off and y = phi_0, is
marked. Right, the same network's output fed into a second 3-unit network (Fig. 4.1's
network 2): the second network's joints add new lines (orange) inside the old regions. Every
polygon and count is computed exactly by ``nnmath.regions_2d``; the dashed line on both panels
is the exact level set y = ``level`` (default 0: a classifier's decision boundary).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

import nnmath
from figures.style import SLIDE, draw_regions, layer_legend, output_colormap, themed
from nnmath.regions import regions_2d
from palette import DARK_TEAL, ORANGE


def draw(params: dict, theme="light"):
    net, second = params["net"], params["second"]
    (x0, x1), (y0, y1) = params["xlim"], params["ylim"]
    first = regions_2d(net, (x0, x1), (y0, y1))
    composed = regions_2d(nnmath.compose(net, second), (x0, x1), (y0, y1))
    bound = nnmath.max_regions_shallow(2, net.hidden_dim)
    values = [_region_values(p) for p in (first, composed)]
    # one colour scale for both panels, so that the colour bar reads on either
    norm = plt.Normalize(min(v.min() for v in values), max(v.max() for v in values))
    with themed(theme) as look:
        fig, axes = plt.subplots(1, 2, figsize=SLIDE, layout="constrained")
        _panel(axes[0], first, values[0], norm, [DARK_TEAL])
        flat = np.flatnonzero(first.flat)
        for i in flat:  # label beside the region, pointing into it
            cx, cy = first.centroids[i]
            axes[0].annotate(f"flat: $y = \\phi_0 = {first.b[i, 0]:.2f}$", (cx, cy),
                             xytext=(cx + 0.3, cy + 0.25), fontsize=16, color=look.text,
                             arrowprops={"arrowstyle": "->", "color": look.text, "lw": 1.5},
                             bbox={"boxstyle": "round", "fc": look.background, "ec": "none"})
        axes[0].set_title(f"{len(first)} linear regions (at most {bound} for {net.hidden_dim} units)"
                          f"\n{len(flat)} of them flat")
        image = _panel(axes[1], composed, values[1], norm, [DARK_TEAL, ORANGE])
        axes[1].set_title(f"fed into a second network: {len(composed)} regions")
        note = None
        if _same(second, nnmath.PRESETS["fig4_1_net2"].factory()):
            # the book's Fig. 4.2 second network is not published; ours is Fig. 4.1's
            note = ("right: the second network is Fig. 4.1's network 2 (the book's Fig. 4.2 "
                    "uses another, not published, and gets 13 regions)")
        level = params["level"]
        drawn = [_level_set(ax, partition, level, look) for ax, partition in zip(axes, (first, composed))]
        layer_legend(fig, [DARK_TEAL, ORANGE], 2, extra=[d for d in drawn if d is not None][:1],
                     loc="outside lower center", ncols=3, title=note, title_fontsize=14)
        bar = fig.colorbar(image, ax=axes, shrink=0.8, pad=0.02)
        bar.set_label("output $y$")
    return fig


def _level_set(ax, partition, level: float, look):
    """The exact segments where y = level, dashed, with a halo so they read on any colour
    (None when the level is not reached)."""
    from matplotlib import patheffects
    from matplotlib.collections import LineCollection

    segments = partition.level_set(level)
    if len(segments) == 0:
        return None
    halo = [patheffects.withStroke(linewidth=6, foreground=look.background)]
    return ax.add_collection(LineCollection(segments, colors=look.text, linewidths=3, linestyles="--",
                                            path_effects=halo, label=f"level set $y = {level:g}$"))


def _same(a, b) -> bool:
    return a.theta.shape == b.theta.shape and np.allclose(a.theta, b.theta) and np.allclose(a.phi, b.phi)


def _region_values(partition) -> np.ndarray:
    """(P,) the output at each region's centroid (one colour per region)."""
    return partition.evaluate(partition.centroids, regions=np.arange(len(partition)))[:, 0]


def _panel(ax, partition, values, norm, edge_colors):
    cmap = output_colormap()
    draw_regions(ax, partition, cmap(norm(values)), edge_colors, edge_width=2.5)
    return plt.cm.ScalarMappable(norm=norm, cmap=cmap)
