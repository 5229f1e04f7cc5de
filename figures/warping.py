"""Deck 002's "representation view" warps: ReLU(Sx) and tanh(Sx) for two scale factors S, and a
2-2-1 network that warps the plane until two classes are linearly separable.

Top row: the grid and unit circle that Theta = [[0.19, 1.84], [-0.97, -0.93]] makes (the svd
scene's part 2), warped by ReLU[S x] and tanh[S x] for the two S, each panel on axes of its own:
ReLU[S x] = S ReLU[x], so ReLU's two panels differ only in their numbers; tanh squeezes the
plane into the open square (-1, 1)^2 (dashed), nearly linear for small S, pressed against the
edges for large S. Bottom row: the grid Theta makes, then the svd scene's trained 2-2-1 tanh
network (nnmath.svd.untangle) on two bent bands: in x the boundary y = 0 is a curve, in
h = tanh[beta_0 + Omega_0 x] it is a straight line. All values from nnmath.svd.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from figures.style import LABEL, SMALL, classes, number, slide, themed
from nnmath import svd

GRID_LINES = 9
THETA = svd.SLIDE_THETA
SEED = 0  # the svd scene's network (scenes/svd.py)
TANH_LIMIT = 1.25  # tanh's panels show (-1, 1)^2 and a margin


def draw(params: dict, theme="light"):
    scales = params["scales"]
    grid = [svd.linear_map(line, THETA) for line in
            svd.grid_lines(-1, 1, GRID_LINES, samples=33, kinks_of=THETA)]
    angles = np.linspace(0, 2 * np.pi, 241)
    circle = svd.linear_map(np.column_stack([np.cos(angles), np.sin(angles)]), THETA)
    relu_top = float(np.ceil(svd.scaled_activation(np.concatenate(grid), "relu", 1.0).max() * 2) / 2)
    net = svd.untangle(seed=SEED)
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.03, hspace=0.04)
        spec = fig.add_gridspec(2, 12)
        fig.warps = {}
        for k, (activation, s) in enumerate((a, s) for a in ("relu", "tanh") for s in scales):
            ax = fig.add_subplot(spec[0, 3 * k:3 * k + 3])
            lines = [svd.scaled_activation(line, activation, s) for line in grid]
            ring = svd.scaled_activation(circle, activation, s)
            _grid(ax, lines, ring, look)
            if activation == "relu":
                lo, hi = -0.2 * relu_top * s, 1.1 * relu_top * s
                ticks = [0.0, relu_top * s]
            else:
                lo, hi = -TANH_LIMIT, TANH_LIMIT
                ticks = [-1.0, 0.0, 1.0]
                square = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]])
                ax.plot(square[:, 0], square[:, 1], ls="--", color=look.guide, lw=1.5)
            _plane(ax, lo, hi, ticks)
            name = r"\mathrm{ReLU}" if activation == "relu" else r"\tanh"
            title = f"${name}[{number(s)}\\,\\mathbf{{x}}]$\n"
            if activation == "relu":  # the same picture, other numbers
                title += f"$= {number(s)}\\,\\mathrm{{ReLU}}[\\mathbf{{x}}]$"
            else:
                title += "in $(\u22121, 1)^2$, dashed"
            ax.set_title(title, fontsize=LABEL, pad=6)
            fig.warps[(activation, s)] = (ax, lines)
        # the grid Theta makes
        ax = fig.add_subplot(spec[1, 0:4])
        _grid(ax, grid, circle, look)
        reach = float(np.ceil(np.abs(np.concatenate(grid)).max() * 2 + 0.5) / 2)
        _plane(ax, -reach, reach, [-2.0, 0.0, 2.0])
        ax.set_title(r"$\mathbf{x}$: the grid and circle $\Theta$ makes", fontsize=LABEL, pad=6)
        # the 2-2-1 network, in x and in h
        lo = np.floor(net.x.min(axis=0) * 2 - 1) / 2
        hi = np.ceil(net.x.max(axis=0) * 2 + 1) / 2
        # the part of the line in h whose pull-back can reach the x panel: tanh of the range of
        # z = beta_0 + Omega_0 x over the panel's corners (z is affine in x)
        corners = np.array([[a, b] for a in (lo[0], hi[0]) for b in (lo[1], hi[1])])
        z = net.hidden(corners)[0]
        h, _, x = net.boundary(np.tanh(z.min(axis=0) - 0.1), np.tanh(z.max(axis=0) + 0.1), samples=600)
        keep = [r for r in svd.runs(svd.inside(x, *svd.box_halfplanes(lo, hi))) if r.stop - r.start > 2]
        ax = fig.add_subplot(spec[1, 4:8])
        classes(ax, net.x, net.labels, look)
        for r in keep:
            ax.plot(x[r, 0], x[r, 1], color=look.text, lw=3.5)
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_aspect("equal")
        for axis, (a, b) in ((ax.xaxis, (lo[0], hi[0])), (ax.yaxis, (lo[1], hi[1]))):
            ticks = np.arange(np.ceil(a), np.floor(b) + 1)
            axis.set_ticks(ticks, [number(v) for v in ticks])
        right = int(round(net.accuracy * len(net.labels)))
        ax.set_title(f"2-2-1 tanh net, in $\\mathbf{{x}}$: a curved\nboundary, "
                     f"{right} of {len(net.labels)} right", fontsize=LABEL, pad=6)
        fig.boundary_x = [x[r] for r in keep]
        ax = fig.add_subplot(spec[1, 8:12])
        classes(ax, net.h, net.labels, look)
        line = net.separating_line(np.full(2, -1.0), np.full(2, 1.0))
        ax.plot(line[:, 0], line[:, 1], color=look.text, lw=3.5)
        ax.plot(*np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]).T, ls="--",
                color=look.guide, lw=1.5)
        _plane(ax, -TANH_LIMIT, TANH_LIMIT, [-1.0, 0.0, 1.0], names=("$h_1$", "$h_2$"))
        ax.set_title("in $\\mathbf{h} = \\tanh[\\boldsymbol{\\beta}_0 + \\boldsymbol{\\Omega}_0"
                     "\\mathbf{x}]$:\na straight line", fontsize=LABEL, pad=6)
        fig.line_h = line
        fig.network = net
    return fig


def _grid(ax, lines, ring, look) -> None:
    """The grid's first family (vertical before the map) in series colour 1, the second in 0."""
    for family, colour in ((lines[:GRID_LINES], look.line(1)), (lines[GRID_LINES:], look.line(0))):
        ax.add_collection(LineCollection(family, colors=colour, linewidths=1.4, capstyle="butt"))
    ax.plot(ring[:, 0], ring[:, 1], color=look.text, lw=2.5)


def _plane(ax, lo: float, hi: float, ticks, names=("$x_1$", "$x_2$")) -> None:
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xticks(ticks, [number(t) for t in ticks])
    ax.set_yticks(ticks, [number(t) for t in ticks])
    ax.tick_params(labelsize=SMALL)
