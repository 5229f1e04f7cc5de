"""Book Fig. 3.3: a shallow network built in four steps, with its joints and linear regions.

Columns: the three hidden units and the output. Rows: the pre-activation theta_d0 + theta_d1 x
(a line), the activation h_d = a[.] (the line clipped at its joint; where the unit is inactive
is shaded), and the weighted activation phi_d h_d. The output y = phi_0 + sum_d phi_d h_d has a
joint (dashed) where each unit switches, and each linear region is labelled with its slope, the
sum of phi_d theta_d1 over the active units. All values come from nnmath.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

import nnmath
from figures.style import SLIDE, themed

Y_RANGE = (-1.0, 1.0)


def draw(params: dict, theme="light"):
    net: nnmath.ShallowNetwork = params["net"]
    lo, hi = params["interval"]
    joints = net.joints()
    inside = np.sort(joints[np.isfinite(joints) & (joints > lo) & (joints < hi)])
    x = np.union1d(np.linspace(lo, hi, 801), inside)
    trace = net.forward(x)
    with themed(theme) as look:
        fig = plt.figure(figsize=SLIDE, layout="constrained")
        grid = fig.add_gridspec(3, 4, width_ratios=[1, 1, 1, 1.45])
        rows = [(trace.preactivation, r"$\theta_{d0} + \theta_{d1}x$"),
                (trace.activation, r"$h_d = \mathrm{a}[\theta_{d0} + \theta_{d1}x]$"),
                (trace.weighted, r"$\phi_d h_d$")]
        for r, (values, label) in enumerate(rows):
            for d in range(net.hidden_dim):
                ax = fig.add_subplot(grid[r, d])
                color = look.series[d % len(look.series)]
                if r > 0:  # shade where unit d is inactive (pre-activation <= 0)
                    ax.fill_between(x, *Y_RANGE, where=~trace.active[:, d], color=look.shade, lw=0)
                ax.axhline(0, color=look.axis, lw=1)
                ax.plot(x, values[:, d], color=color)
                _frame(ax, lo, hi, bottom=r == 2)
                if r == 0:
                    ax.set_title(f"unit {d + 1}: joint at $x = {joints[d]:.3g}$"
                                 if np.isfinite(joints[d]) else f"unit {d + 1}: no joint",
                                 color=color)
                if d == 0:
                    ax.set_ylabel(label)
        out = fig.add_subplot(grid[:, 3])
        _output_panel(out, net, x, trace, inside, lo, hi, look)
    return fig


def _output_panel(ax, net, x, trace, joints, lo, hi, look) -> None:
    ax.axhline(0, color=look.axis, lw=1)
    for j in joints:
        ax.axvline(j, color=look.guide, ls="--", lw=1.5)
    ax.plot(x, trace.output, color=look.text, lw=3)
    ax.set_title(r"$y = \phi_0 + \sum_d \phi_d h_d$")
    _frame(ax, lo, hi, bottom=True)
    if net.activation.piecewise_linear:
        pieces = nnmath.piecewise_linear(net, lo, hi, merge=False)
        edges = pieces.breakpoints
        for a, b, slope in zip(edges[:-1], edges[1:], pieces.slopes):
            ax.text(0.5 * (a + b), 0.93 * Y_RANGE[0], f"slope\n{slope:.2f}", ha="center",
                    va="bottom", fontsize=14, color=look.text)


def _frame(ax, lo, hi, bottom: bool) -> None:
    ax.set_xlim(lo, hi)
    ax.set_ylim(*Y_RANGE)
    ax.set_yticks([Y_RANGE[0], 0, Y_RANGE[1]])
    ax.set_xticks(np.linspace(lo, hi, 3))
    if bottom:
        ax.set_xlabel("$x$")
    else:
        ax.tick_params(labelbottom=False)
