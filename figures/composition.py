"""Book Fig. 4.1: composing two shallow networks, x -> y -> y'.

Left, network 1 (x -> y), coloured by fold: it maps [-1, 1] onto [-1, 1] three times. Middle,
network 2 (y -> y'). Right, the composition y' = f2(f1(x)), its joints dashed and its linear
regions numbered: 9 from 20 parameters, where one layer of 6 units makes at most 7 (19
parameters). The three x that network 1 sends to one y (Fig. 4.1: x = -0.5, 0.3, 0.8 all give
y = 0) are marked in the first and last panels: the composition takes one value y' there. All
from nnmath.Composition (folds, preimages, exact breakpoints).
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
    level = c.level
    z = float(np.asarray(c.net2(np.array([level]))).ravel()[0])
    y_lim, y_ticks = symmetric_range(np.concatenate([c.first.values, [1.0]]))
    z_lim, z_ticks = symmetric_range(np.concatenate([c.second.values, c.composed.values, [1.0]]))
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.06)
        axes = fig.subplots(1, 3, width_ratios=[1, 1, 1.5])
        one, two, both = axes
        # network 1, one colour per fold
        for i, fold in enumerate(c.folds.folds):
            inside = (c.first.breakpoints >= fold.x_lo) & (c.first.breakpoints <= fold.x_hi)
            one.plot(c.first.breakpoints[inside], c.first.values[inside], color=look.line(i), lw=3.5)
        one.axhline(level, color=look.guide, ls="--", lw=2)
        for x in c.preimages:
            one.plot([x], [level], "o", ms=11, color=look.line(c.folds.fold_index(x)), zorder=5)
        one.set_title(r"network 1: $x \to y$", fontsize=TITLE)
        _frame(one, (lo, hi), y_lim, y_ticks, "$x$", "$y$")
        # network 2
        two.plot(c.second.breakpoints, c.second.values, color=look.text, lw=3.5)
        two.plot([level], [z], "o", ms=10, color=look.text, zorder=5)
        two.axvline(level, color=look.guide, ls="--", lw=2)
        two.set_title(r"network 2: $y \to y'$", fontsize=TITLE)
        _frame(two, (c.second.breakpoints[0], c.second.breakpoints[-1]), z_lim, z_ticks, "$y$", "$y'$")
        # the composition: joints, numbered regions, the shared value
        joints = c.composed.joints
        both.vlines(joints, -z_lim, z_lim * 0.78, color=look.guide, ls="--", lw=2)
        both.plot(c.composed.breakpoints, c.composed.values, color=look.text, lw=3.5)
        edges = np.concatenate([[lo], joints, [hi]])
        for i, (a, b) in enumerate(zip(edges[:-1], edges[1:])):
            both.text(0.5 * (a + b), z_lim * 0.9, str(i + 1), ha="center", va="center",
                      fontsize=SMALL, color=look.muted)
        both.plot(c.preimages, np.full(len(c.preimages), z), "o", ms=10, color=look.text, zorder=5)
        both.axhline(z, color=look.guide, ls=":", lw=2)
        both.set_title(f"composition: $x \\to y'$", fontsize=TITLE)
        _frame(both, (lo, hi), z_lim, z_ticks, "$x$", "$y'$")
        xs = ", ".join(_num(x) for x in c.preimages)
        fig.suptitle(f"{c.composed.num_regions} linear regions from {c.composed_parameters} "
                     f"parameters; {c.shallow_units} units in one layer ({c.shallow_parameters} "
                     f"parameters): at most {c.shallow_max_regions}", fontsize=TITLE)
        fig.supxlabel(f"$x$ = {xs} all give $y$ = {_num(level)}, so all give $y'$ = {_num(z)} (dots)",
                      fontsize=LABEL, color=look.text)
        fig.drawn = c
        fig.drawn_level = (level, z)
    return fig


def _frame(ax, xlim, limit, ticks, xlabel, ylabel) -> None:
    ax.set_xlim(*xlim)
    ax.set_ylim(-limit, limit)
    ax.set_yticks(ticks)
    ax.set_xticks(np.linspace(xlim[0], xlim[1], 3))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
