"""One neuron's decision boundary, the line w . x + b = 0 (deck 001's "a single neuron is a
linear binary classifier").

Left: the perceptron, f = sign. Two classes that a line separates (nnmath's data set), the
perceptron rule's line after every update (thin, numbered; the start dashed), the final line
with its normal w and the half-plane z > 0 shaded. Right: binary logistic regression, f = sig,
trained by gradient descent on the same points: the probability p = sig(w . x + b) as a
continuous colour map, its level lines p = 0.1, 0.5, 0.9 (straight and parallel: p changes only
across the line), and the loss before and after.
"""

from __future__ import annotations

import numpy as np

from figures.style import LABEL, SMALL, halo, map_axes, output_colormap, slide, themed
from nnlecture.tex import fmt
from nnmath import neuron as nn

BOX = (-1.0, 1.0)
LEVELS = (0.1, 0.5, 0.9)


def draw(params: dict, theme="light"):
    data = nn.two_class_data(params["points"], params["seed"])
    w1, w2, b = params["start"]
    run = nn.perceptron(data.x, data.y, (w1, w2), b, rate=params["rate"])
    fit = nn.fit_logistic(data.x, data.y01, rate=1.0, steps=params["logistic_steps"])
    with themed(theme) as look:
        fig = slide()
        left, right = fig.subplots(1, 2)
        fig.run, fig.fit = run, fit  # for the tests
        # --- perceptron ----------------------------------------------------------------------
        final = nn.line_through_box(run.w[-1], run.b[-1], *BOX)
        _shade_positive(left, run.w[-1], run.b[-1], look)
        for k in range(run.updates + 1):
            ends = nn.line_through_box(run.w[k], run.b[k], *BOX)
            if ends is None or k == run.updates:
                continue
            left.plot(ends[:, 0], ends[:, 1], color=look.guide, lw=1.8, ls="--" if k == 0 else "-")
            at = ends[0] + 0.08 * (ends[1] - ends[0])
            left.text(*at, "start" if k == 0 else str(k), fontsize=SMALL, color=look.muted,
                      ha="center", va="center", bbox={"boxstyle": "round,pad=0.1",
                                                      "fc": look.background, "ec": "none"})
        if final is not None:
            left.plot(final[:, 0], final[:, 1], color=look.text, lw=3.5)
            middle = final.mean(axis=0)
            normal = run.w[-1] / np.linalg.norm(run.w[-1]) * 0.35
            left.annotate("", xy=middle + normal, xytext=middle,
                          arrowprops={"arrowstyle": "-|>", "color": look.text, "lw": 2.5})
            side = np.array([-normal[1], normal[0]])
            left.text(*(middle + 0.8 * normal - 0.5 * side), "$w$", fontsize=LABEL, color=look.text,
                      ha="center", va="center")
        _points(left, data, look)
        map_axes(left, (BOX[0], BOX[0]), (BOX[1], BOX[1]), ticks=5)
        verdict = "separates them" if run.converged else f"{run.mistakes[-1]} wrong"
        left.set_title(f"perceptron ($f$ = sign): {run.updates} updates\n"
                       f"mistakes {' → '.join(str(m) for m in run.mistakes)}\n"
                       f"$w = ({fmt(run.w[-1][0])}, {fmt(run.w[-1][1])})$, $b = {fmt(run.b[-1])}$: {verdict}",
                       fontsize=SMALL, pad=16)
        # --- logistic regression -------------------------------------------------------------
        grid = np.linspace(*BOX, 241)
        gx, gy = np.meshgrid(grid, grid)
        p = nn.logistic_output(fit.w, fit.b, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        image = right.imshow(p, origin="lower", extent=(*BOX, *BOX), cmap=output_colormap(), vmin=0,
                             vmax=1, interpolation="bilinear")
        for level in LEVELS:
            ends = nn.probability_line(fit.w, fit.b, level, *BOX)
            if ends is not None:
                right.plot(ends[:, 0], ends[:, 1], color=look.text, lw=3.5 if level == 0.5 else 2,
                           path_effects=halo(look, 6 if level == 0.5 else 4.5))
                top = ends[np.argmax(ends[:, 1])]
                right.text(*(top + np.array([0.0, -0.07])), fmt(level), fontsize=SMALL, color=look.text,
                           ha="center", va="top", zorder=6,
                           bbox={"boxstyle": "round,pad=0.15", "fc": look.background, "ec": "none"})
        _points(right, data, look)
        map_axes(right, (BOX[0], BOX[0]), (BOX[1], BOX[1]), ticks=5, left=False)
        right.set_title(f"logistic regression ($f$ = sig)\n"
                        f"{len(fit.loss) - 1} gradient steps: loss {fmt(fit.loss[0], 3)} → {fmt(fit.loss[-1], 3)}\n"
                        f"lines $p$ = 0.1, 0.5 (boundary), 0.9", fontsize=SMALL, pad=16)
        bar = fig.colorbar(image, ax=right, shrink=0.85, ticks=[0, 0.5, 1])
        bar.set_label(r"$p = \mathrm{sig}(w \cdot x + b)$", fontsize=SMALL)
        bar.outline.set_edgecolor(look.axis)
        left.legend(handles=left.handles, loc="lower left", fontsize=SMALL, framealpha=1,
                    facecolor=look.background, edgecolor=look.axis, frameon=True)
    return fig


def _points(ax, data: nn.TwoClassData, look) -> None:
    """Class +1 as discs, class -1 as squares (shape and colour both differ)."""
    plus, minus = data.y > 0, data.y < 0
    a = ax.scatter(*data.x[plus].T, s=110, marker="o", color=look.line(0), edgecolors=look.text,
                   linewidths=1.2, zorder=5, label="$y = +1$")
    b = ax.scatter(*data.x[minus].T, s=100, marker="s", color=look.line(2), edgecolors=look.text,
                   linewidths=1.2, zorder=5, label="$y = -1$")
    ax.handles = [a, b]


def _shade_positive(ax, w, b: float, look) -> None:
    """Shade the half-plane w . x + b > 0 inside the square (the perceptron's +1 side)."""
    grid = np.linspace(*BOX, 2)
    corners = np.array([[x, y] for x in grid for y in grid])
    inside = nn.weighted_sum(w, b, corners) > 0
    ends = nn.line_through_box(w, b, *BOX)
    points = list(corners[inside]) + ([] if ends is None else list(ends))
    if len(points) < 3:
        return
    points = np.array(points)
    centre = points.mean(axis=0)
    order = np.argsort(np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0]))
    ax.fill(*points[order].T, color=look.shade, lw=0, zorder=0)
