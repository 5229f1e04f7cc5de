"""Book Fig. 4.3: composition as folding, in three panels.

(a) Fold: network 1 turns at its joints where its slope changes sign, so the x-line is folded
there; each fold is laid on the y-axis over the y-interval it covers, one layer per fold (the
arrow shows the way x runs: a flipped layer points back). (b) Apply: network 2 acts on y, the
same function on every layer. (c) Unfold: laid back out along x, each layer carries its own
copy of network 2, the flipped ones mirrored, and together they are the composition. Folds,
copies and their exact knots come from nnmath.Composition (folding_map, fold_copies).
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.style import LABEL, SMALL, TITLE, slide, symmetric_range, themed


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".").replace("-", "\u2212")


def draw(params: dict, theme="light"):
    c = nnmath.Composition.from_params(params)
    lo, hi = c.interval
    y_lo, y_hi = c.second.breakpoints[0], c.second.breakpoints[-1]
    z_lim, z_ticks = symmetric_range(np.concatenate([c.second.values, c.composed.values, [1.0]]))
    folds = c.folds.folds
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.06)
        fold_ax, apply_ax, unfold_ax = fig.subplots(1, 3, width_ratios=[1, 1, 1.4])
        # (a) the folded line: layer i over [y_lo_i, y_hi_i], x running right unless flipped
        for i, fold in enumerate(folds):
            level = len(folds) - 1 - i
            start, end = (fold.y_hi, fold.y_lo) if fold.flipped else (fold.y_lo, fold.y_hi)
            fold_ax.annotate("", (end, level), (start, level),
                             arrowprops={"arrowstyle": "-|>", "color": look.line(i), "lw": 4,
                                         "mutation_scale": 28, "shrinkA": 0, "shrinkB": 0})
            fold_ax.text(0.5 * (fold.y_lo + fold.y_hi), level + 0.22,
                         f"$x$ from {_num(fold.x_lo)} to {_num(fold.x_hi)}"
                         + (", flipped" if fold.flipped else ""),
                         ha="center", va="bottom", fontsize=SMALL, color=look.label(i))
        fold_ax.set_xlim(y_lo, y_hi)
        fold_ax.set_ylim(-0.6, len(folds) - 0.2)
        fold_ax.set_yticks([])
        fold_ax.spines["left"].set_visible(False)
        fold_ax.set_xticks(np.linspace(y_lo, y_hi, 3))
        fold_ax.set_xlabel("$y$ = network 1's output")
        fold_ax.set_title(f"(a) fold: {len(folds)} layers", fontsize=TITLE)
        # (b) network 2 on the folded line: one function for every layer
        apply_ax.plot(c.second.breakpoints, c.second.values, color=look.text, lw=3.5)
        apply_ax.set_xlim(y_lo, y_hi)
        apply_ax.set_ylim(-z_lim, z_lim)
        apply_ax.set_yticks(z_ticks)
        apply_ax.set_xticks(np.linspace(y_lo, y_hi, 3))
        apply_ax.set_xlabel("$y$")
        apply_ax.set_ylabel("$y'$")
        apply_ax.set_title("(b) network 2 on every layer", fontsize=TITLE)
        # (c) unfold: each copy over its own fold of x
        for i, copy in enumerate(c.copies):
            unfold_ax.plot(copy.x, copy.z, color=look.line(i), lw=3.5)
            unfold_ax.text(0.5 * (copy.fold.x_lo + copy.fold.x_hi), z_lim * 0.86,
                           f"copy {i + 1}" + ("\nflipped" if copy.fold.flipped else ""),
                           ha="center", va="top", fontsize=SMALL, color=look.label(i))
        unfold_ax.vlines([f.x_hi for f in folds[:-1]], -z_lim, z_lim * 0.55, color=look.guide,
                         ls="--", lw=2)
        unfold_ax.set_xlim(lo, hi)
        unfold_ax.set_ylim(-z_lim, z_lim)
        unfold_ax.set_yticks(z_ticks)
        unfold_ax.set_xticks(np.linspace(lo, hi, 5))
        unfold_ax.xaxis.set_major_formatter(lambda v, _: _num(v))
        unfold_ax.set_xlabel("$x$")
        unfold_ax.set_ylabel("$y'$")
        unfold_ax.set_title(f"(c) unfold: {c.composed.num_regions} linear regions", fontsize=TITLE)
        turns = ", ".join(_num(f.x_hi) for f in folds[:-1])
        fig.supxlabel(f"network 1 turns at $x$ = {turns}: each fold carries its own copy of network 2",
                      fontsize=LABEL, color=look.text)
        fig.drawn = c
    return fig
