"""XOR with two hidden units (deck 001's XOR slides; the ReLU version as in the book's regions).

Left: the four points of the truth table, the two hidden step units' lines (OR and NAND for the
default weights) with arrows on their "1" sides, and the part of the square where the output
unit gives y = 1 (shaded: the cells of the two lines where y = 1). Middle: the truth table of
x1, x2, a1, a2 and y, from the network's own outputs. Right: the ReLU network
y = ReLU(x1 + x2) - 2 ReLU(x1 + x2 - 1) over [-0.5, 1.5]^2: its output as a continuous colour
map with contour lines, its joint lines and its exact linear regions (nnmath.regions_2d), each
labelled with its formula.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection

import nnmath
from figures.style import LABEL, SMALL, halo, map_axes, output_colormap, slide, themed
from nnlecture.tex import affine_tex, fmt
from nnmath import xor as nx
from nnmath.neuron import line_through_box

DOMAIN = (-0.5, 1.5)


def draw(params: dict, theme="light"):
    net: nx.StepNetwork = params["step_net"]
    relu = params["relu_net"]
    table = net.truth_table()
    gates = [nx.gate_name(table[:, k]) for k in (2, 3, 4)]
    hidden = nnmath.ShallowNetwork(np.column_stack([net.b1, net.W1]), [0.0, 0.0, 0.0])
    cells = nnmath.regions_2d(hidden, DOMAIN, DOMAIN)
    on = nnmath.activations.heaviside(cells.patterns.astype(float) @ net.w2 + net.b2) > 0
    regions = nnmath.regions_2d(relu, DOMAIN, DOMAIN)
    with themed(theme) as look:
        fig = slide()
        grid = fig.add_gridspec(1, 3, width_ratios=[1, 0.7, 1.15])
        steps, middle, right = (fig.add_subplot(grid[0, k]) for k in range(3))
        fig.table, fig.regions, fig.band_cells = table, regions, int(on.sum())  # for the tests
        # --- the step network in the plane -------------------------------------------------------
        steps.add_collection(PolyCollection([p for p, yes in zip(cells.polygons, on) if yes],
                                            facecolors=look.shade, edgecolors="none"))
        for k in range(2):
            ends = line_through_box(net.W1[k], net.b1[k], *DOMAIN)
            if ends is None:
                continue
            steps.plot(ends[:, 0], ends[:, 1], color=look.line(k + 1), lw=3.5)
            at = ends[np.argmin(ends[:, 0])] + 0.2 * (ends[np.argmax(ends[:, 0])] - ends[np.argmin(ends[:, 0])])
            steps.text(*at, f"$a_{k + 1}$" + (f" {gates[k]}" if gates[k] else ""), fontsize=SMALL,
                       color=look.label(k + 1), ha="center", va="center", zorder=6,
                       bbox={"boxstyle": "round,pad=0.15", "fc": look.background, "ec": "none"})
            mid = ends.mean(axis=0)
            arrow = net.W1[k] / np.linalg.norm(net.W1[k]) * 0.22
            steps.annotate("", xy=mid + arrow, xytext=mid,
                           arrowprops={"arrowstyle": "-|>", "color": look.line(k + 1), "lw": 2.5})
        _points(steps, look)
        map_axes(steps, (DOMAIN[0],) * 2, (DOMAIN[1],) * 2, ticks=5)
        out = gates[2] or "y"
        steps.set_title(f"step units: shaded where $y = 1$\n"
                        f"output $y = H[{affine_tex(net.b2, net.w2, ['a_1', 'a_2'])}]$", fontsize=SMALL, pad=18)
        # --- the truth table ---------------------------------------------------------------------
        middle.axis("off")
        headers = ["$x_1$", "$x_2$", "$a_1$", "$a_2$", "$y$"]
        for c, h in enumerate(headers):
            middle.text(c, 4.6, h, ha="center", va="center", fontsize=LABEL, color=look.text)
        middle.plot([-0.5, 4.5], [4.1, 4.1], color=look.axis, lw=1.5)
        for r, row in enumerate(table):
            for c, v in enumerate(row):
                colour = look.label(c - 1) if c in (2, 3) else look.text
                middle.text(c, 3.4 - r * 0.8, fmt(v), ha="center", va="center", fontsize=LABEL, color=colour)
        matches = bool(np.array_equal(table[:, 4], nx.XOR_TARGETS))
        middle.text(2, 0.0, ("$y$ = XOR on every row" if matches else "$y$ is not XOR here"),
                    ha="center", va="center", fontsize=SMALL, color=look.text)
        names = [f"$a_{k + 1}$ = {g}" for k, g in enumerate(gates[:2]) if g]
        if names:
            middle.text(2, -0.6, ", ".join(names), ha="center", va="center", fontsize=SMALL, color=look.muted)
        middle.text(2, 5.4, "truth table, from the network", ha="center", va="center", fontsize=SMALL,
                    color=look.text)
        middle.set_xlim(-0.6, 4.6)
        middle.set_ylim(-1.6 - 0.75 * max(len(regions) - 1, 2) - 0.6, 5.8)
        # --- the ReLU network --------------------------------------------------------------------
        xs = np.linspace(*DOMAIN, 301)
        gx, gy = np.meshgrid(xs, xs)
        values = relu(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        image = right.imshow(values, origin="lower", extent=(*DOMAIN, *DOMAIN), cmap=output_colormap(),
                             interpolation="bilinear")
        levels = np.linspace(values.min(), values.max(), 9)[1:-1]
        contours = [s for c in levels for s in regions.level_set(float(c))]
        if contours:
            right.add_collection(LineCollection(contours, colors=look.guide, linewidths=1.2))
        segments, layers, units = regions.edges(unique=True)
        for d in np.unique(units[layers >= 0]):
            right.add_collection(LineCollection(segments[(layers >= 0) & (units == d)],
                                                colors=look.line(int(d) + 1), linewidths=3.5,
                                                path_effects=halo(look, 6)))
        formulas = []
        for i, polygon in enumerate(regions.polygons):  # a number on each region, its formula listed
            cx, cy = _inner_point(polygon)
            right.text(cx, cy, str(i + 1), ha="center", va="center", fontsize=LABEL, color=look.text,
                       bbox={"boxstyle": "circle,pad=0.2", "fc": look.background, "ec": look.axis})
            formulas.append(f"{i + 1}: $y = {affine_tex(regions.b[i, 0], regions.A[i, 0], ['x_1', 'x_2'])}$"
                            + (" (flat)" if regions.flat[i] else ""))
        for k, line in enumerate(formulas):
            middle.text(-0.4, -1.6 - 0.75 * k, line, ha="left", va="center", fontsize=SMALL, color=look.text)
        _points(right, look)
        map_axes(right, (DOMAIN[0],) * 2, (DOMAIN[1],) * 2, ticks=5, left=False)
        corner = ", ".join(fmt(v) for v in relu(nx.XOR_INPUTS))
        right.set_title(f"ReLU units: {len(regions)} linear regions, {int(regions.flat.sum())} flat\n"
                        f"corners give $y$ = {corner}", fontsize=SMALL, pad=18)
        bar = fig.colorbar(image, ax=right, shrink=0.6, fraction=0.05, pad=0.03, ticks=np.linspace(values.min(), values.max(), 3))
        bar.set_label("$y$", fontsize=SMALL)
        bar.outline.set_edgecolor(look.axis)
        fig.gate = out
    return fig


def _inner_point(polygon: np.ndarray, samples: int = 41) -> np.ndarray:
    """A point deep inside a convex polygon and away from the four XOR points (the best sample),
    where a label keeps clear of edges and markers better than at the centroid."""
    lo, hi = polygon.min(axis=0), polygon.max(axis=0)
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], samples), np.linspace(lo[1], hi[1], samples))
    points = np.column_stack([gx.ravel(), gy.ravel()])
    a, b = polygon, np.roll(polygon, -1, axis=0)
    edge = b - a
    normal = np.column_stack([edge[:, 1], -edge[:, 0]]) / np.linalg.norm(edge, axis=1)[:, None]
    signed = np.einsum("pkj,kj->pk", points[:, None, :] - a[None], normal)
    depth = np.where(np.all(signed <= 0, axis=1) | np.all(signed >= 0, axis=1), np.abs(signed).min(axis=1), -9)
    clear = np.linalg.norm(points[:, None, :] - nx.XOR_INPUTS[None], axis=2).min(axis=1)
    return points[int(np.argmax(np.minimum(depth, 0.5 * clear)))]


def _points(ax, look) -> None:
    """XOR = 1 as discs, XOR = 0 as squares."""
    ones, zeros = nx.XOR_TARGETS > 0, nx.XOR_TARGETS == 0
    ax.scatter(*nx.XOR_INPUTS[ones].T, s=160, marker="o", color=look.line(0), edgecolors=look.text,
               linewidths=1.5, zorder=5)
    ax.scatter(*nx.XOR_INPUTS[zeros].T, s=150, marker="s", color=look.line(2), edgecolors=look.text,
               linewidths=1.5, zorder=5)
