"""Book Fig. 3.8: a shallow network with two inputs and three ReLU units, as 3-D surfaces.

Top: each unit's clipped plane h_d = a[theta_d0 + theta_d1 x1 + theta_d2 x2] over the input
square, folded flat at 0 (grey) along its joint line. Bottom left: the output y = phi_0 + sum_d
phi_d h_d, a continuous surface of convex planar polygons (the linear regions), each drawn as
the exact polygon of ``nnmath.regions_2d`` lifted to the network's values at its corners and
shaded by its normal. Bottom right: the same regions from above, each named by its activation
pattern (the units that are on), with contour lines of y: the one flat region (hatched)
has none.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb
from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

import nnmath
from figures.style import LABEL, SMALL, map_axes, slide, themed
from nnmath.regions import regions_2d

#: Direction towards the light that shades the faces (x1, x2, y).
LIGHT = np.array([-0.6, -0.5, 0.62])
#: Contour lines of y on the map (about).
CONTOURS = 7
VIEW = {"elev": 28, "azim": -55}


def draw(params: dict, theme="light"):
    net: nnmath.ShallowNetwork = params["net"]
    xlim, ylim = params["xlim"], params["ylim"]
    first = net.output(0) if net.output_dim > 1 else net
    partition = regions_2d(first, xlim, ylim)
    units = [regions_2d(nnmath.ShallowNetwork(net.theta[d:d + 1], [0.0, 1.0]), xlim, ylim)
             for d in range(net.hidden_dim)]
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.02, hspace=0.02)
        grid = fig.add_gridspec(2, 2 * net.hidden_dim, height_ratios=[1, 1.55])
        for d, alone in enumerate(units):
            ax = fig.add_subplot(grid[0, 2 * d:2 * d + 2], projection="3d")
            faces = [np.column_stack([xy, net.forward(xy).activation[:, d]]) for xy in alone.polygons]
            colours = [look.line(d) if f[:, 2].max() > 1e-9 else look.axis for f in faces]
            _surface(ax, faces, colours, look.line(d), look)
            _frame3d(ax, xlim, ylim, look, labels=False)
            t0, t1, t2 = net.theta[d]
            ax.set_title(f"$h_{d + 1} = \\mathrm{{a}}[{_affine(t0, t1, t2)}]$", color=look.label(d),
                         fontsize=SMALL, pad=0, y=0.98)
        ax = fig.add_subplot(grid[1, :net.hidden_dim + 1], projection="3d")
        owner = np.repeat(np.arange(len(partition)), np.diff(partition.offsets))
        heights = partition.evaluate(partition.vertices, regions=owner)[:, 0]  # exact corners
        faces = [np.column_stack([xy, heights[partition.offsets[i]:partition.offsets[i + 1]]])
                 for i, xy in enumerate(partition.polygons)]
        _surface(ax, faces, [look.line(1)] * len(faces), look.text, look)
        _frame3d(ax, xlim, ylim, look, labels=True)
        ax.set_title(f"$y = \\phi_0 + \\sum_d \\phi_d h_d$: {len(partition)} planar convex polygons",
                     fontsize=LABEL, pad=0, y=1.0)
        fig.axes[-1].faces = faces  # for the tests: the polygons drawn, with their heights
        _pattern_map(fig.add_subplot(grid[1, net.hidden_dim + 1:]), partition, look)
    return fig


def _affine(t0: float, t1: float, t2: float) -> str:
    text = f"{t0:g}"
    for w, v in ((t1, "x_1"), (t2, "x_2")):
        if w:
            text += f" {'-' if w < 0 else '+'} {abs(w):g}{v}"
    return text


def _shade(colour: str, normal: np.ndarray, look) -> tuple:
    """The face colour: the hue mixed with the background by the light's angle to the normal."""
    light = LIGHT / np.linalg.norm(LIGHT)
    brightness = 0.3 + 0.7 * max(float(normal @ light), 0.0) ** 2
    back, hue = np.array(to_rgb(look.background)), np.array(to_rgb(colour))
    return (*(back + brightness * (hue - back)), 0.95)


def _normal(face: np.ndarray) -> np.ndarray:
    n = np.zeros(3)
    for a, b in zip(face, np.roll(face, -1, axis=0)):  # Newell's method
        n += np.cross(a, b)
    n /= max(np.linalg.norm(n), 1e-12)
    return n if n[2] >= 0 else -n


def _surface(ax, faces, colours, edge: str, look) -> None:
    ax.add_collection3d(Poly3DCollection(
        faces, facecolors=[_shade(c, _normal(f), look) for c, f in zip(colours, faces)],
        edgecolors=edge, linewidths=1.5))
    z = np.concatenate([f[:, 2] for f in faces] + [[0.0]])
    ax.set_zlim(z.min() - 0.05, z.max() + 0.05)


def _frame3d(ax, xlim, ylim, look, labels: bool) -> None:
    """The input square's outline at height 0, no panes or grid; axis names on the big panel."""
    (x0, x1), (y0, y1) = xlim, ylim
    corners = np.array([[x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0], [x0, y0, 0]])
    ax.add_collection3d(Line3DCollection([corners], colors=look.axis, linewidths=1.5))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.view_init(**VIEW)
    ax.set_box_aspect((1, 1, 0.55))
    ax.grid(False)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((0, 0, 0, 0))
        axis.line.set_color(look.axis)
    ax.set_facecolor(look.background)
    if labels:
        ax.set_xticks([x0, x1], [f"{x0:g}".replace("-", "\u2212"), f"{x1:g}"])
        ax.set_yticks([y1], [f"{y1:g}"])  # (y0's label would meet x1's at the corner)
        ax.set_zticks([])
        ax.set_xlabel("$x_1$", labelpad=-6)
        ax.set_ylabel("$x_2$", labelpad=-6)
        ax.tick_params(pad=-2)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_zticks([])


def _pattern_map(ax, partition, look) -> None:
    """The regions from above, named by their activation patterns, with contours of y."""
    from matplotlib.collections import LineCollection, PolyCollection

    lo, hi = partition.domain.min(axis=0), partition.domain.max(axis=0)
    ax.add_collection(PolyCollection(partition.polygons, facecolors=look.shade, edgecolors="none"))
    flat = [poly for poly, f in zip(partition.polygons, partition.flat) if f]
    if flat:  # hatched: the output is constant there
        ax.add_collection(PolyCollection(flat, facecolors="none", edgecolors=look.guide, hatch="//",
                                         linewidths=0))
    owner = np.repeat(np.arange(len(partition)), np.diff(partition.offsets))
    values = partition.evaluate(partition.vertices, regions=owner)[:, 0]
    step = (values.max() - values.min()) / CONTOURS
    levels = values.min() + step * np.arange(1, CONTOURS)
    contours = [s for c in levels for s in partition.level_set(c)]
    if contours:
        ax.add_collection(LineCollection(contours, colors=look.guide, linewidths=1.0))
    segments, layers, units = partition.edges(unique=True)
    for d in np.unique(units[layers >= 0]):
        ax.add_collection(LineCollection(segments[(layers >= 0) & (units == d)], colors=look.line(int(d)),
                                         linewidths=3, label=f"joint of unit {d + 1}"))
    map_axes(ax, lo, hi, ticks=3)
    ax.pattern_labels = []
    for i, (cx, cy) in enumerate(partition.centroids):
        on = [str(d + 1) for d in np.flatnonzero(partition.patterns[i])]
        text = ",".join(on) if on else "none"
        ax.text(cx, cy, text, ha="center", va="center", fontsize=SMALL, color=look.text,
                
                bbox={"boxstyle": "square,pad=0.12", "fc": look.background, "ec": "none"})
        ax.pattern_labels.append(text)
    ax.set_title("active units (hatched: flat)", fontsize=LABEL, pad=6)
