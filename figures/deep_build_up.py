"""Book Fig. 4.5: a network with two hidden layers and one input, built up stage by stage.

Columns: the second layer's units. Rows: the pre-activation psi_k0 + sum_j psi_kj h_j (a
shallow network with three outputs: straight between the first layer's joints, dotted, which
all three share), the clipped activation h'_k = a[.] (a new joint, a dot, wherever the
pre-activation crosses zero) and the weighted phi'_k h'_k. Right, the output
y = phi'_0 + sum_k phi'_k h'_k: its joints are the first layer's (dotted) and the zero crossings
(dashed), and the title gives its number of linear regions. All values from
``nnmath.build_up``; the count is ``piecewise_linear``'s.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.style import LABEL, SMALL, slide, symmetric_range, themed


def draw(params: dict, theme="light"):
    lo, hi = params["interval"]
    b = nnmath.build_up(params["net"], lo, hi)
    units = b.preactivations.values.shape[1]
    rows = [([b.preactivations.breakpoints] * units, b.preactivations.values.T,
             r"$\psi_{k0} + \Sigma_j\, \psi_{kj} h_j$"),
            ([c.breakpoints for c in b.clipped], [c.values for c in b.clipped], r"$h'_k$"),
            ([w.breakpoints for w in b.weighted], [w.values for w in b.weighted], r"$\phi'_k h'_k$")]
    limit, ticks = symmetric_range(np.concatenate([np.ravel(v) for _, values, _ in rows for v in values]))
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.08, hspace=0.04)
        grid = fig.add_gridspec(3, units + 1, width_ratios=[1] * units + [1.6])
        first = None
        for r, (xs, values, label) in enumerate(rows):
            for k in range(units):
                ax = fig.add_subplot(grid[r, k], sharex=first, sharey=first)
                first = first or ax
                ax.axhline(0, color=look.axis, lw=1.25)
                ax.vlines(b.first_joints, -limit, limit, color=look.guide, ls=":", lw=2.5)
                ax.plot(xs[k], values[k], color=look.line(k), lw=3)
                if r > 0:  # the new joints where the pre-activation crosses zero
                    ax.plot(b.zeros[k], np.zeros_like(b.zeros[k]), "o", color=look.highlight, ms=8)
                ax.set_xlim(lo, hi)
                ax.set_ylim(-limit, limit)
                ax.set_yticks(ticks)
                ax.set_xticks(np.linspace(lo, hi, 3))
                ax.tick_params(labelbottom=r == 2, labelleft=k == 0)
                if r == 2:
                    ax.set_xlabel("$x$")
                if k == 0:
                    ax.set_ylabel(label)
                if r == 0:
                    ax.set_title(f"unit {k + 1}: $\\phi'_{k + 1} = {b.phi[k + 1]:.3g}$".replace("-", "\u2212"),
                                 color=look.label(k), fontsize=LABEL)
        _output_panel(fig.add_subplot(grid[:, units]), b, look)
        fig.supxlabel("dotted: joints of layer 1 (shared)   dots, dashed: zero crossings, "
                      "new joints of layer 2", color=look.muted, fontsize=SMALL)
    return fig


def _output_panel(ax, b, look) -> None:
    out = b.output
    lo, hi = out.interval
    limit, ticks = symmetric_range(out.values)
    ax.axhline(0, color=look.axis, lw=1.25)
    ax.vlines(b.first_joints, -limit, limit, color=look.guide, ls=":", lw=2.5)
    ax.vlines(b.new_joints, -limit, limit, color=look.highlight, ls="--", lw=1.5)
    ax.plot(out.breakpoints, out.values, color=look.text, lw=3.5)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-limit, limit)
    ax.set_yticks(ticks)
    ax.set_xlabel("$x$")
    ax.set_xticks(np.linspace(lo, hi, 3))
    ax.set_ylabel("$y = \\phi'_0 + \\Sigma_k\\, \\phi'_k h'_k$")
    ax.set_title(f"output: {b.num_regions} linear regions\n"
                 f"joints: {len(b.first_joints)} of layer 1 + {len(b.new_joints)} new",
                 fontsize=LABEL)
