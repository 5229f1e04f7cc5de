"""Book Fig. 3.3: a shallow network built in four steps, with its joints and linear regions.

Columns: the three hidden units and the output. Rows: the pre-activation theta_d0 + theta_d1 x
(a line), the activation h_d = a[.] (the line clipped at its joint; where the unit is inactive
is shaded), and the weighted activation phi_d h_d. The output y = phi_0 + sum_d phi_d h_d has a
joint (dashed) where each unit switches, and each linear region is labelled with its slope, the
sum of phi_d theta_d1 over the active units. The vertical ranges hold every value drawn (no
line is clipped). All values come from nnmath.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.style import LABEL, SMALL, slide, symmetric_range, themed

#: What a[.] is, written under the figure: the activation's definition where we know it.
DEFINITIONS = {"relu": r"$\mathrm{ReLU}[z] = \max(0, z)$", "heaviside": r"$H[z] = 1$ for $z \geq 0$"}
#: Regions narrower than this share of the interval get no slope label (it would not fit).
MIN_LABELLED_WIDTH = 0.1
#: The slope labels sit below -LABEL_BAND times the output's range, where the joints stop.
LABEL_BAND = 0.72


def draw(params: dict, theme="light"):
    net: nnmath.ShallowNetwork = params["net"]
    lo, hi = params["interval"]
    joints = net.joints()
    inside = np.sort(joints[np.isfinite(joints) & (joints > lo) & (joints < hi)])
    x = np.union1d(np.linspace(lo, hi, 801), inside)
    trace = net.forward(x)
    rows = [(trace.preactivation, r"$\theta_{d0} + \theta_{d1}x$"),
            (trace.activation, r"$h_d$"),
            (trace.weighted, r"$\phi_d h_d$")]
    unit_range, unit_ticks = symmetric_range(np.concatenate([v.ravel() for v, _ in rows]))
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.1, hspace=0.04)
        grid = fig.add_gridspec(3, 4, width_ratios=[1, 1, 1, 1.5])
        first = None
        for r, (values, label) in enumerate(rows):
            for d in range(net.hidden_dim):
                ax = fig.add_subplot(grid[r, d], sharex=first, sharey=first)
                first = first or ax
                if r > 0:  # shade where unit d is inactive (pre-activation <= 0)
                    ax.fill_between(x, -unit_range, unit_range, where=~trace.active[:, d],
                                    color=look.shade, lw=0)
                ax.axhline(0, color=look.axis, lw=1.25)
                ax.plot(x, values[:, d], color=look.line(d), lw=3)
                _frame(ax, lo, hi, unit_range, unit_ticks, bottom=r == 2, left=d == 0)
                if r == 0:
                    where = (f"joint at $x = {joints[d]:.3g}$" if np.isfinite(joints[d])
                             else "no joint")
                    ax.set_title(f"unit {d + 1}\n{where}", color=look.label(d), fontsize=LABEL)
                if d == 0:
                    ax.set_ylabel(label)
        out = fig.add_subplot(grid[:, 3])
        _output_panel(out, net, x, trace, inside, lo, hi, look)
        a = net.activation.latex
        definition = DEFINITIONS.get(net.activation.name, "")
        fig.supxlabel(rf"$h_d = {a}[\theta_{{d0}} + \theta_{{d1}}x]$, {definition}   "
                      r"shaded: unit inactive ($h_d = 0$)   dashed: joints", color=look.muted,
                      fontsize=SMALL)
    return fig


def _output_panel(ax, net, x, trace, joints, lo, hi, look) -> None:
    y_range, y_ticks = symmetric_range(np.concatenate([trace.output, [-1.0, 1.0]]))
    labelled = net.activation.piecewise_linear
    ax.axhline(0, color=look.axis, lw=1.25)
    # the joints stop above the band of slope labels
    ax.vlines(joints, (-LABEL_BAND if labelled else -1) * y_range, y_range, color=look.guide,
              ls="--", lw=2)
    ax.plot(x, trace.output, color=look.text, lw=3.5)
    ax.set_title(r"$y = \phi_0 + \sum_d\, \phi_d h_d$", fontsize=LABEL)
    _frame(ax, lo, hi, y_range, y_ticks, bottom=True, left=True)
    if labelled:
        pieces = nnmath.piecewise_linear(net, lo, hi, merge=False)
        edges = pieces.breakpoints
        for a, b, slope in zip(edges[:-1], edges[1:], pieces.slopes):
            if b - a >= MIN_LABELLED_WIDTH * (hi - lo):
                ax.text(0.5 * (a + b), -0.97 * y_range, f"slope\n{slope:.2f}".replace("-", "\u2212"),
                        ha="center", va="bottom", fontsize=SMALL, color=look.text)


def _frame(ax, lo, hi, y_range, y_ticks, bottom: bool, left: bool) -> None:
    ax.set_xlim(lo, hi)
    ax.set_ylim(-y_range, y_range)
    ax.set_yticks(y_ticks)
    ax.set_xticks(np.linspace(lo, hi, 3))
    ax.tick_params(labelbottom=bottom, labelleft=left)
    if bottom:
        ax.set_xlabel("$x$")
