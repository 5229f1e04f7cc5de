"""Linear regression's loss surface and gradient descent on it (UDL Figs. 2.3-2.4).

Left: the data and the line y = phi_0 + phi_1 x at four steps of gradient descent (the start,
steps 1 and 3, the last), the last with its residuals. Right: the least-squares
loss L[phi] = sum_i (phi_0 + phi_1 x_i - y_i)^2 over (phi_0, phi_1) as a continuous colour map
(a square-root colour scale) with its exact elliptic contours, the descent's path with the same
four steps marked and the normal equations' minimum as a cross. Values from
``nnmath.regression``; the scene ``regression`` animates the same descent.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import PowerNorm

from figures.style import LABEL, SMALL, halo, output_colormap, slide, themed
from nnlecture.tex import fmt
from nnmath import regression as nr
from scenes.regression import CONTOURS, surface_range

MARKERS = ("o", "s", "D", "v")


def marked_steps(steps: int) -> list[int]:
    """Four steps of a descent of ``steps`` (fewer when it is short): 0, 1, 3 and the last."""
    return sorted({0, min(1, steps), min(3, steps), steps})


def draw(params: dict, theme="light"):
    data = nr.regression_data(params["points"], params["seed"], *params["line"], params["noise"])
    best = nr.least_squares(data)
    descent = nr.gradient_descent(data, params["start"], params["lr"], params["steps"])
    shown = marked_steps(descent.steps)
    with themed(theme) as look:
        fig = slide()
        left, right = fig.subplots(1, 2, width_ratios=[1, 1])
        colours = [look.line(i) for i in range(len(shown))]
        # --- the data and the lines --------------------------------------------------------------
        lo, hi = min(0.0, data.x.min()), float(np.ceil(data.x.max() * 2) / 2)
        xs = np.array([lo, hi])
        last = descent.path[-1]
        for x, y in zip(data.x, data.y):
            left.plot([x, x], [y, float(nr.predict(last, x))], color=look.guide, lw=1.8, zorder=2)
        lines = []
        for k, colour, marker in zip(shown, colours, MARKERS):
            phi = descent.path[k]
            lines.append(left.plot(xs, nr.predict(phi, xs), color=colour, lw=3 if k == shown[-1] else 2.2,
                                   marker=marker, markevery=[1], ms=9,
                                   label=f"step {k}: $L = {fmt(descent.losses[k])}$")[0])
        left.scatter(data.x, data.y, s=70, color=look.text, zorder=5)
        left.set_xlim(lo, hi)
        left.set_xlabel("$x$")
        left.set_ylabel("$y$")
        left.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=SMALL)
        left.set_title(f"{len(data.x)} points; the line $y = \\phi_0 + \\phi_1 x$\n"
                       f"at steps {', '.join(map(str, shown))}", fontsize=SMALL)
        # --- the loss surface ----------------------------------------------------------------
        (a0, a1, _), (b0, b1, _) = surface_range(np.vstack([descent.path, best.phi]))
        grid0, grid1 = np.linspace(a0, a1, 241), np.linspace(b0, b1, 241)
        surface = nr.loss_grid(data, grid0, grid1)
        image = right.imshow(surface, origin="lower", extent=(a0, a1, b0, b1), aspect="auto",
                             cmap=output_colormap(), norm=PowerNorm(0.5, vmin=best.loss, vmax=surface.max()),
                             interpolation="bilinear")
        levels = best.loss + (descent.losses[0] - best.loss) * (np.arange(1, CONTOURS + 1) / CONTOURS) ** 2
        for level in levels:
            ring = best.contour(level)
            right.plot(ring[:, 0], ring[:, 1], color=look.text, lw=1.6, path_effects=halo(look, 4))
        right.plot(descent.path[:, 0], descent.path[:, 1], color=look.text, lw=2.4, path_effects=halo(look, 5))
        for k, colour, marker in zip(shown, colours, MARKERS):
            right.plot(*descent.path[k], marker=marker, ms=11, color=colour, mec=look.text, mew=1.2, zorder=6)
        right.plot(*best.phi, marker="X", ms=16, color=look.text, mec=look.text, mew=1,
                   path_effects=halo(look, 3), zorder=7)
        right.set_xlim(a0, a1)
        right.set_ylim(b0, b1)
        right.set_xlabel(r"$\phi_0$ (intercept)")
        right.set_ylabel(r"$\phi_1$ (slope)")
        right.set_title(f"the loss surface: {descent.steps} steps with $\\alpha = {fmt(descent.lr, 3)}$\n"
                        f"minimum (cross) $({fmt(best.phi[0])}, {fmt(best.phi[1])})$, "
                        f"$L = {fmt(best.loss)}$", fontsize=SMALL, pad=14)
        bar = fig.colorbar(image, ax=right, shrink=0.85)
        bar.set_label(r"$L[\phi] = \sum_i\,(\phi_0 + \phi_1 x_i - y_i)^2$", fontsize=SMALL)
        bar.outline.set_edgecolor(look.axis)
        for ax in (left, right):
            for tick in (ax.xaxis, ax.yaxis):
                tick.set_major_formatter(lambda v, _: f"{v:g}".replace("-", "\u2212"))
        fig.drawn = {"descent": descent, "best": best, "shown": shown, "lines": lines, "levels": levels,
                     "surface": surface}
    return fig
