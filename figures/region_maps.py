"""Book Figs. 3.8 and 4.2: the output of 2-input ReLU networks, piecewise planar, with its regions.

Left, the Fig. 3.8 shallow network (three ReLU units) on [-1, 1]^2: its output y as a
continuous colour map (dark brown low, cream high), each pixel computed exactly from its
region's affine map, with thin contour lines of y and the exact joint lines on top: seven
convex regions (Zaslavsky's bound for three lines), on each of them y is a plane, and only one
is flat (every unit off, y = phi_0, no contours). Right, the same output fed into a second
network: its joints are level sets of y, straight inside each old
region, and add regions. The default second network is ``fig4_2_second`` (constructed: the book
does not publish its own), y' = a[0.25 + y] - 2 a[0.1 + y]: its joints are the levels y = -0.25
and y = -0.1, which cut 2 and 4 of the regions, 7 + 6 = 13 as the book says (figure
``folding_2d`` shows how). Each colour bar spans the exact range of its panel (the extremes of a
piecewise-planar map lie at region corners). Everything from ``nnmath.regions_2d``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import MaxNLocator

import nnmath
from figures.style import LABEL, SMALL, halo, map_axes, output_colormap, slide, themed
from nnmath.regions import regions_2d

#: Pixels per side of the colour maps (each pixel exact from its region's affine map).
RESOLUTION = 400
#: Contour lines of the output per panel (about; nice levels).
CONTOURS = 8


def draw(params: dict, theme="light"):
    net, second = params["net"], params["second"]
    xlim, ylim = params["xlim"], params["ylim"]
    first = regions_2d(net, xlim, ylim)
    cuts = nnmath.level_cuts(net, second, xlim, ylim)
    composed = cuts.composed
    bound = nnmath.max_regions_shallow(2, net.hidden_dim)
    flat = np.flatnonzero(first.flat)
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.08)
        axes = fig.subplots(1, 2)
        edges = [dict(color=look.line(1), ls="-"), dict(color=look.line(0), ls=(0, (4, 2)))]
        map_panel(fig, axes[0], first, "$y$", edges, look)
        map_panel(fig, axes[1], composed, "$y'$", edges, look)
        axes[0].set_title(f"{len(first)} regions, at most {bound} for {net.hidden_dim} lines\n"
                          f"on each, $y$ is a plane; {len(flat)} is flat", fontsize=LABEL, pad=14)
        for i in flat:  # the label beside the region, pointing into it
            _mark_flat(axes[0], first, i, look)
        units = f"{second.hidden_dim}-unit" if second.hidden_dim > 1 else "1-unit"
        how = (f"{len(first)} + {cuts.crossings} cut by its joints' level sets"
               if cuts.predicted == len(composed) else "its joints: level sets of $y$")
        axes[1].set_title(f"fed into a {units} second net: {len(composed)} regions\n{how}",
                          fontsize=LABEL, pad=14)
        handles = [plt.Line2D([], [], lw=3, **edges[0]), plt.Line2D([], [], lw=3, **edges[1])]
        labels = ["joints of the first network", "joints added by the second"]
        note = None
        if _same(second, nnmath.PRESETS["fig4_2_second"].factory()):
            note = ("second network $y' = \\mathrm{a}[0.25 + y] - 2\\mathrm{a}[0.1 + y]$, "
                    "constructed (the book does not publish its own)")
        fig.legend(handles, labels, loc="outside lower center", ncols=2, title=note,
                   title_fontsize=SMALL)
        if note:
            fig.legends[0].get_title().set_color(look.muted)
    return fig


def map_panel(fig, ax, partition, name: str, edges, look):
    """The exact output as a colour map, its contours, the region edges; a colour bar.

    edges[k]: the line style (color, ls) of the joints of hidden layer k; layers without a
    style are left for the caller to draw."""
    lo, hi = partition.domain.min(axis=0), partition.domain.max(axis=0)
    xs = np.linspace(lo[0], hi[0], RESOLUTION + 1)
    ys = np.linspace(lo[1], hi[1], RESOLUTION + 1)
    centres = np.stack(np.meshgrid(0.5 * (xs[1:] + xs[:-1]), 0.5 * (ys[1:] + ys[:-1])), -1)
    values = output_map(partition, centres.reshape(-1, 2)).reshape(RESOLUTION, RESOLUTION)
    low, high = output_range(partition)
    norm = plt.Normalize(low, high)
    ax.imshow(values, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap=output_colormap(),
              norm=norm, interpolation="nearest")
    levels = [c for c in MaxNLocator(CONTOURS).tick_values(low, high) if low < c < high]
    contours = [s for c in levels for s in partition.level_set(c)]
    if contours:
        ax.add_collection(LineCollection(contours, colors=look.guide, linewidths=1.0,
                                         label="contours"))
    segments, layers, _ = partition.edges(unique=True)
    for k, style in enumerate(edges):
        mine = segments[layers == k]
        if len(mine):
            ax.add_collection(LineCollection(mine, colors=style["color"], linestyles=style["ls"],
                                             linewidths=3, path_effects=halo(look, 7),
                                             label=f"joints of layer {k + 1}"))
    map_axes(ax, lo, hi, left=ax.get_subplotspec().colspan.start == 0)
    # beside the square, exactly as tall (an inset stays aligned with the equal-aspect axes)
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=output_colormap()),
                       cax=ax.inset_axes([1.04, 0.0, 0.05, 1.0]))
    bar.set_label(f"output {name}, from {low:.2f} to {high:.2f}".replace("-", "\u2212"))
    bar.set_ticks([c for c in MaxNLocator(4).tick_values(low, high) if low <= c <= high])
    bar.outline.set_edgecolor(look.axis)
    return bar


def output_map(partition, points: np.ndarray) -> np.ndarray:
    """(N,) the output at points (N, 2) from the affine map of the region holding each point;
    a point on an edge whose pattern has no region of its own takes the network's value there."""
    regions = partition.locate(points)
    found = regions >= 0
    values = np.empty(len(points))
    values[found] = partition.evaluate(points[found], regions=regions[found])[:, 0]
    if not found.all():
        values[~found] = partition.plane_net(points[~found])[:, 0]
    return values


def output_range(partition) -> tuple[float, float]:
    """The exact (min, max) of the output over the domain: its values at every region's corners."""
    owner = np.repeat(np.arange(len(partition)), np.diff(partition.offsets))
    values = partition.evaluate(partition.vertices, regions=owner)[:, 0]
    return float(values.min()), float(values.max())


def _mark_flat(ax, partition, i: int, look) -> None:
    cx, cy = partition.centroids[i]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    # put the label towards the middle of the panel from the region
    tx = cx + (0.35 if cx < 0.5 * (x0 + x1) else -0.35) * (x1 - x0)
    ty = cy + (0.25 if cy < 0.5 * (y0 + y1) else -0.25) * (y1 - y0)
    off = not partition.patterns[i].any()  # every unit off: y = phi_0
    value = f"{partition.b[i, 0]:.2f}".replace("-", "\u2212")
    text = f"flat: $y = \\phi_0 = {value}$\n(every unit off)" if off else f"flat: $y = {value}$"
    ax.annotate(text, (cx, cy),
                xytext=(tx, ty), ha="center", va="center", fontsize=SMALL, color=look.text,
                arrowprops={"arrowstyle": "->", "color": look.text, "lw": 2},
                bbox={"boxstyle": "round", "fc": look.background, "ec": look.axis})


def _same(a, b) -> bool:
    return a.theta.shape == b.theta.shape and np.allclose(a.theta, b.theta) and np.allclose(a.phi, b.phi)
