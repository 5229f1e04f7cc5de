"""Deck 001's logarithmic (cross-entropy) loss, for one example with three classes.

Left: the network's outputs (logits) z and, beside each, the softmax probability p_c (they sum
to 1; the true class in orange). Middle: the loss -log p against the probability p of the true
class, with the example and three predictions (confident and right, unsure, confident and
wrong) marked with their losses, and the tangent at the example, whose slope is dL/dp_y =
-1/p_y. Right: the gradient with respect to the logits, p - onehot(y). Values from
``nnmath.cross_entropy``; the scene ``cross_entropy`` animates the same numbers.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.style import LABEL, SMALL, slide, themed
from nnlecture.tex import fmt
from nnmath.cross_entropy import P_MIN, prediction_kind as kind_of

BAR = 0.6  # width of one bar (classes one unit apart)


def _minus(text: str) -> str:
    return text.replace("-", "\u2212")


def _bars(ax, classes, values, colours, look, true_class: int):
    """One bar per class with its value written at its end; the true class named on the axis."""
    bars = ax.bar(classes, values, BAR, color=colours, edgecolor=colours, lw=2)
    ax.axhline(0, color=look.axis, lw=1.25)
    lo, hi = min(values.min(), 0.0), max(values.max(), 1.0)
    pad = 0.04 * (hi - lo)
    for c, v in zip(classes, values):
        ax.text(c, v + (pad if v >= 0 else -pad), _minus(fmt(v)), ha="center",
                va="bottom" if v >= 0 else "top", fontsize=SMALL, color=look.text)
    ax.set_ylim(lo - (0.2 * (hi - lo) if lo < 0 else 0), hi + 0.15 * (hi - lo))
    ax.set_xticks(classes, [f"{c}" + ("\n(true)" if c - 1 == true_class else "") for c in classes])
    for label, c in zip(ax.get_xticklabels(), range(len(classes))):
        label.set_color(look.label(0) if c == true_class else look.text)
    ax.set_xlabel("class $c$")
    return bars


def draw(params: dict, theme="light"):
    example = nnmath.cross_entropy(params["logits"], params["true_class"] - 1)
    predictions = np.array(params["predictions"], float)
    losses = nnmath.log_loss(predictions)
    C, y = len(example.logits), example.true_class
    classes = np.arange(1, C + 1)
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.06)
        z_ax, p_ax, curve_ax, grad_ax = fig.subplots(1, 4, width_ratios=[0.75, 0.75, 1.6, 0.8])
        colours = [look.line(0) if c == y else look.line(2) for c in range(C)]
        # the logits, then their softmax probabilities
        z_bars = _bars(z_ax, classes, example.logits, colours, look, y)
        z_ax.set_title("a network's\nlogits $z$", fontsize=LABEL)
        p_bars = _bars(p_ax, classes, example.probabilities, colours, look, y)
        p_ax.set_ylim(0, 1.1)
        p_ax.set_title(f"softmax $p$\n(sum {fmt(example.probabilities.sum())})", fontsize=LABEL)
        # -log p, the example with its tangent, the predictions
        p = np.linspace(P_MIN, 1.0, 200)
        top = float(np.ceil(-np.log(P_MIN)))
        curve_ax.plot(p, nnmath.log_loss(p), color=look.text, lw=3)
        curve_ax.plot([example.p_true], [example.loss], "o", ms=11, color=look.line(0), zorder=4)
        slope = example.dp[y]
        dp = min(0.12, 0.9 * example.loss / abs(slope))
        curve_ax.plot([example.p_true - dp, example.p_true + dp],
                      [example.loss - slope * dp, example.loss + slope * dp], color=look.line(0), lw=2.5)
        guide = {"arrowstyle": "-", "color": look.guide, "lw": 1.5, "shrinkA": 2, "shrinkB": 7}
        # labels above the falling curve, where it never reaches (right of and above each point)
        curve_ax.annotate(f"$p_{{{y + 1}}} = {fmt(example.p_true)}$, $L = {fmt(example.loss)}$\n"
                          f"slope $-1/p_{{{y + 1}}} = {_minus(fmt(slope))}$",
                          (example.p_true, example.loss), xytext=(0.33, 0.45 * top),
                          fontsize=SMALL, color=look.label(0), arrowprops=guide)
        curve_ax.plot(predictions, losses, "s", ms=9, color=look.text, zorder=4)
        # each prediction marked by a letter beside its point (up and right: the falling curve
        # never reaches there), explained in a key in the empty top right of the panel
        key = []
        for letter, (q, loss) in zip("ABC", sorted(zip(predictions, losses))):
            curve_ax.annotate(letter, (q, loss), xytext=(7, 7), textcoords="offset points",
                              fontsize=SMALL, color=look.text)
            key.append(f"{letter}: {kind_of(q)}, $L = {fmt(loss)}$")
        curve_ax.text(0.98, top + 0.2, "\n".join(key), ha="right", va="top", fontsize=SMALL,
                      color=look.text, linespacing=1.4)
        curve_ax.set_xlim(0, 1.02)
        curve_ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"])
        for side in ("left", "bottom"):  # the two 0 labels at the corner apart
            curve_ax.spines[side].set_position(("outward", 8))
        curve_ax.set_ylim(0, top + 0.3)
        curve_ax.set_xlabel("$p$ of the true class")
        curve_ax.set_ylabel("$L = -\\log p$")
        curve_ax.set_title("the loss against the true\nclass's probability", fontsize=LABEL)
        # right: dL/dz = p - onehot(y)
        g = example.dlogits
        grad_bars = _bars(grad_ax, classes, g, colours, look, y)
        grad_ax.set_ylim(-1.2, 1.2)
        grad_ax.set_yticks([-1, 0, 1], ["\u22121", "0", "1"])
        grad_ax.set_title("$\\partial L / \\partial z =$\n$p - \\mathrm{onehot}(y)$", fontsize=LABEL)
        fig.drawn = {"logit_bars": z_bars, "probability_bars": p_bars, "gradient_bars": grad_bars,
                     "example": example, "prediction_losses": losses}
    return fig
