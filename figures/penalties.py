"""L2 and L1 penalties on two weights (deck 001's regularisation slides; UDL section 9.1).

Left and middle: the weight plane with the loss's elliptic contours and its minimum w*, the
penalty's level sets (circles for L2, diamonds for L1), the path of regularised minima as
lambda grows from 0 to the largest, and at the compared lambda the minimum with the loss
contour and the level set through it, which touch there. Right: both weights of both minima
against lambda; L1's reach exactly 0 (one at a finite lambda, both from ||H w*||_inf), L2's
only approach it. Every number from ``nnmath.regularization``; the scene ``regularization``
animates the same sweep.
"""

from __future__ import annotations

import numpy as np

from figures.style import SMALL, halo, slide, themed
from nnlecture.tex import fmt
from nnmath import regularization as nr
from scenes.regularization import KINDS, PENALTY_LEVELS, RegularizationScene

NAMES = {"l2": r"$L_2$: $\Omega = \frac{1}{2}\|w\|_2^2$", "l1": r"$L_1$: $\Omega = \|w\|_1$"}
STYLES = ("-", "--")  # w_1, w_2 in the right panel


def draw(params: dict, theme="light"):
    d = RegularizationScene.from_params(params)
    (a0, a1, _), (b0, b1, step) = d.w_range
    with themed(theme) as look:
        colour = {"l2": look.line(2), "l1": look.line(0)}
        fig = slide()
        axes = fig.subplots(1, 3, width_ratios=[1, 1, 1.1])
        drawn = {"paths": {}, "marks": {}, "touching": {}}
        for ax, kind in zip(axes[:2], KINDS):
            ax.axhline(0, color=look.guide, lw=1.2, zorder=1)
            ax.axvline(0, color=look.guide, lw=1.2, zorder=1)
            for level in d.levels:
                ring = d.loss.contour(level)
                ax.plot(ring[:, 0], ring[:, 1], color=look.axis, lw=1.4)
            for size in PENALTY_LEVELS:
                ring = nr.penalty_contour(kind, nr.level_at_size(kind, size))
                ax.plot(ring[:, 0], ring[:, 1], color=colour[kind], lw=1.3, alpha=0.55)
            path = d.paths[kind].minima
            drawn["paths"][kind] = ax.plot(path[:, 0], path[:, 1], color=colour[kind], lw=3,
                                           path_effects=halo(look, 5))[0]
            w = d.compared[kind]
            touching = []
            for ring, style in zip(nr.touching_sets(d.loss, w, kind),
                                   ({"color": look.text, "lw": 2.2}, {"color": colour[kind], "lw": 2.8})):
                if ring is not None:
                    touching.append(ax.plot(ring[:, 0], ring[:, 1], **style)[0])
            drawn["touching"][kind] = touching
            drawn["marks"][kind] = ax.plot(*w, "o", ms=12, mfc="none", mec=look.text, mew=3,
                                           zorder=6)[0]
            ax.plot(*d.loss.minimum, "o", ms=9, color=look.text, zorder=6)
            ax.annotate("$w^*$", d.loss.minimum, xytext=(6, 6), textcoords="offset points", fontsize=SMALL)
            ax.set_xlim(a0, a1)
            ax.set_ylim(b0, b1)
            ax.set_yticks(np.arange(b0 + step, b1 + step / 2, step))  # none at the corner, by x's
            ax.set_aspect("equal")
            ax.set_xlabel("$w_1$")
            ax.set_ylabel("$w_2$", labelpad=0)
            ax.set_title(f"{NAMES[kind]}\n$\\lambda = {fmt(d.compare)}$: $w = ({fmt(w[0])}, {fmt(w[1])})$",
                         fontsize=SMALL, color=look.label(2 if kind == "l2" else 0))
        # --- the weights against lambda ------------------------------------------------------
        right = axes[2]
        right.axhline(0, color=look.guide, lw=1.2)
        for kind in KINDS:
            path = d.paths[kind]
            # colour and marks name the penalty (L1's corners, where a weight reaches 0, are
            # dots); solid / dashed name the weight
            corners = [int(np.argmin(np.abs(path.lambdas - v))) for v in d.breakpoints] if kind == "l1" else []
            for j, style in enumerate(STYLES):
                right.plot(path.lambdas, path.minima[:, j], style, color=colour[kind], lw=2.6,
                           marker="o" if corners else None, markevery=corners or None, ms=8,
                           label=("$L_2$" if kind == "l2" else "$L_1$") if j == 0 else None)
        for j, style in enumerate(STYLES):  # name the weights where both paths start, at w*
            right.annotate(f"$w_{j + 1}$" + (" (solid)" if j == 0 else " (dashed)"), (0, d.loss.minimum[j]),
                           xytext=(8, 6), textcoords="offset points", fontsize=SMALL, va="bottom")
        for lam in d.breakpoints:
            right.axvline(lam, color=look.muted, lw=1.2, ls=":")
        right.axvline(d.compare, color=look.text, lw=1.4)
        right.set_xlim(0, float(d.paths["l2"].lambdas[-1]))
        weights = np.vstack([p.minima for p in d.paths.values()])
        low, high = min(0.0, weights.min()), max(0.0, weights.max())
        right.set_ylim(low - 0.05 * (high - low), high + 0.15 * (high - low))  # room for the names
        right.set_xlabel(r"$\lambda$")
        right.set_ylabel("the minimum's weights")
        right.legend(fontsize=SMALL, loc="upper right")
        top = right.secondary_xaxis("top")
        top.set_xticks(d.breakpoints, [fmt(v) for v in d.breakpoints])
        top.tick_params(colors=look.muted, labelsize=SMALL)
        right.set_title("$L_1$'s weights reach 0 (top),\n$L_2$'s only shrink", fontsize=SMALL)
        for ax in axes:
            for tick in (ax.xaxis, ax.yaxis):
                tick.set_major_formatter(lambda v, _: f"{v:g}".replace("-", "\u2212"))
        drawn.update(data=d, right=right)
        fig.drawn = drawn
    return fig
