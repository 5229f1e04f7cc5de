"""Book Fig. 3.6: one input, four hidden units, two outputs that share the joints.

Left, the clipped units h_d = a[theta_d0 + theta_d1 x] (shaded where a unit is off), computed
once. Right, the two outputs y_j = phi_j0 + sum_d phi_jd h_d, each its own weighting of the
same units: the joints (dotted, through every panel) are the units' and so the same for both,
the slopes between them (written in each region) differ. Values from nnmath: the units from
``ShallowNetwork.forward``, each output's corners from ``nnmath.piecewise_linear`` of its own
1-output network.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.style import LABEL, SMALL, slide, symmetric_range, themed
from nnlecture.tex import affine_tex, fmt


def draw(params: dict, theme="light"):
    net: nnmath.ShallowNetwork = params["net"]
    lo, hi = params["interval"]
    joints = net.joints()
    inside = np.sort(joints[np.isfinite(joints) & (joints > lo) & (joints < hi)])
    edges = np.unique(np.concatenate([[lo], inside, [hi]]))
    trace = net.forward(edges)
    outputs = [nnmath.piecewise_linear(net.output(j), lo, hi) for j in range(net.output_dim)]
    unit_range, unit_ticks = symmetric_range(np.concatenate([trace.activation.ravel(), [1.0]]))
    out_range, out_ticks = symmetric_range(np.concatenate([trace.output.ravel(), [1.0]]), headroom=1.45)
    units = net.hidden_dim
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.06, hspace=0.06)
        grid = fig.add_gridspec(2 * units, 2, width_ratios=[1, 1.9])
        first = None
        for d in range(units):
            ax = fig.add_subplot(grid[2 * d:2 * d + 2, 0], sharex=first)
            first = first or ax
            off = _off_span(net, d, lo, hi)
            if off is not None:
                ax.axvspan(*off, color=look.shade, lw=0)
            ax.axhline(0, color=look.axis, lw=1.25)
            _joint_lines(ax, joints, lo, hi, look)
            ax.plot(edges, trace.activation[:, d], color=look.line(d), lw=3.5)
            ax.set_ylim(-0.15 * unit_range, unit_range)
            ax.set_yticks([0, unit_ticks[-1]], [fmt(0), fmt(unit_ticks[-1])])
            ax.set_xlim(lo, hi)
            ax.tick_params(labelbottom=d == units - 1)
            unit = affine_tex(net.theta[d, 0], net.theta[d, 1:], ['x'])
            ax.set_title(f"$h_{d + 1} = \\mathrm{{a}}[{unit}]$",
                         color=look.label(d), fontsize=LABEL, loc="left", pad=4)
        first.figure.axes[units - 1].set_xlabel("$x$")
        for j, pl in enumerate(outputs):
            ax = fig.add_subplot(grid[j * units:(j + 1) * units, 1], sharex=first)
            ax.axhline(0, color=look.axis, lw=1.25)
            _joint_lines(ax, joints, lo, hi, look)
            ax.plot(pl.breakpoints, pl.values, color=look.text, lw=4)
            ax.set_ylim(-out_range, out_range)
            ax.set_yticks(out_ticks, [fmt(t).replace("-", "\u2212") for t in out_ticks])
            ax.tick_params(labelbottom=j == len(outputs) - 1)
            phi = net.phi[j]
            terms = affine_tex(phi[0], phi[1:], [f"h_{d + 1}" for d in range(units)])
            ax.set_title(f"$y_{j + 1} = {terms}$", fontsize=LABEL, loc="left", pad=6)
            _slopes(ax, pl, out_range, look)
            if j == len(outputs) - 1:
                ax.set_xlabel("$x$")
        fig.supxlabel("dotted: the joints, shared by both outputs    shaded: the unit is off\n"
                      "numbers: the slope of each output on each linear region", color=look.muted,
                      fontsize=SMALL)
    return fig


def _off_span(net, d: int, lo: float, hi: float):
    """The part of [lo, hi] where unit d is off (pre-activation <= 0), or None."""
    bias, slope = net.theta[d]
    if slope == 0:
        return (lo, hi) if bias <= 0 else None
    joint = min(max(-bias / slope, lo), hi)
    span = (lo, joint) if slope > 0 else (joint, hi)
    return span if span[1] > span[0] else None


def _joint_lines(ax, joints, lo, hi, look) -> None:
    for d, x in enumerate(joints):
        if np.isfinite(x) and lo < x < hi:
            ax.axvline(x, color=look.line(d), ls=(0, (1, 1.5)), lw=2.5)


def _slopes(ax, pl, y_range: float, look) -> None:
    """Each region's slope in its middle, at the top or bottom, away from the graph."""
    bp = pl.breakpoints
    for a, b, s in zip(bp[:-1], bp[1:], pl.slopes):
        inside = (bp >= a) & (bp <= b)
        high, low = pl.values[inside].max(), pl.values[inside].min()
        up = (y_range - high) >= (low + y_range)
        y = (0.82 if up else -0.82) * y_range
        ax.text(0.5 * (a + b), y, fmt(s).replace("-", "\u2212"), ha="center", va="center",
                fontsize=SMALL, color=look.text, 
                bbox={"boxstyle": "square,pad=0.12", "fc": look.background, "ec": "none"})
