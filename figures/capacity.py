"""Capacity and overfitting (decks 001, 002; UDL chapter 8).

Top: the fits with the capacities shown (hidden units D) over the training points (large) and
the test points (small) from y = sin(2 pi x) + noise, the curve dashed, each titled with its
training and test mean squared errors. Bottom: both errors against D for every model from 1 to
the largest (log scale), the least test error ringed and the true curve's own test error (the
noise) dashed. Every number from ``nnmath.capacity`` (joints fixed and nested, output weights
by least squares); the scene ``overfitting`` animates the same fits.
"""

from __future__ import annotations

import numpy as np

from figures.style import SMALL, halo, slide, themed
from nnlecture.tex import fmt
from nnmath import capacity as nc
from scenes.overfitting import OverfittingScene


def draw(params: dict, theme="light"):
    d = OverfittingScene.from_params(params)
    data, curve = d.data, d.curve
    grid = np.linspace(0, 1, 400)
    with themed(theme) as look:
        colour = {"fit": look.line(2), "curve": look.line(1), "train": look.text, "test": look.line(0)}
        fig = slide()
        layout = fig.add_gridspec(2, len(d.shown), height_ratios=[1, 1])
        fits = [fig.add_subplot(layout[0, i]) for i in range(len(d.shown))]
        errors = fig.add_subplot(layout[1, :])
        drawn = {"fits": {}, "shown": d.shown}
        for i, (ax, hidden) in enumerate(zip(fits, d.shown)):
            fit = curve.fit(hidden)
            ax.scatter(data.test_x, data.test_y, s=7, color=colour["test"], linewidths=0, zorder=2)
            ax.plot(grid, nc.true_curve(grid), "--", color=colour["curve"], lw=2)
            xs, ys = d.vertices(hidden)
            drawn["fits"][hidden] = ax.plot(xs, ys, color=colour["fit"], lw=2.6, zorder=4,
                                            path_effects=halo(look, 4))[0]
            ax.scatter(data.x, data.y, s=45, color=colour["train"], zorder=5)
            ax.set_xlim(0, 1)
            ax.set_ylim(*d.y_range[:2])
            ax.set_xticks([0, 0.5, 1])
            ax.set_xlabel("$x$", labelpad=0)
            if i == 0:
                ax.set_ylabel("$y$")
            else:
                ax.set_yticklabels([])
            units = "hidden unit" if hidden == 1 else "hidden units"
            ax.set_title(f"$D = {hidden}$ {units}\ntraining {fmt(fit.train_error, 3)}, "
                         f"test {fmt(fit.test_error, 3)}", fontsize=SMALL)
        # --- the errors against D ------------------------------------------------------------------
        hidden = curve.hidden
        floor = max(10.0 ** d.log_range[0], 1e-300)
        train = errors.plot(hidden, np.maximum(curve.train_errors, floor), "-o", color=colour["train"], lw=2.4,
                            ms=7, label="training error")[0]
        test = errors.plot(hidden, curve.test_errors, "-s", color=colour["test"], lw=2.4, ms=7,
                           label="test error")[0]
        errors.axhline(d.floor, color=look.muted, lw=1.6, ls="--")
        errors.annotate(f"the noise, {fmt(d.floor, 3)}", (hidden[-1], d.floor),
                        xytext=(0, 6), textcoords="offset points", ha="right", va="bottom", fontsize=SMALL,
                        color=look.muted)
        best = curve.best
        errors.plot(best.hidden, best.test_error, "o", ms=20, mfc="none", mec=look.text, mew=2.6)
        errors.set_yscale("log")
        errors.set_ylim(10.0 ** d.log_range[0], 10.0 ** d.log_range[1])
        errors.set_xlim(0.5, hidden[-1] + 0.5)
        errors.set_xlabel("hidden units $D$")
        errors.set_ylabel("mean squared error")
        errors.legend(fontsize=SMALL, loc="lower left")
        errors.set_title(f"{len(data.x)} training points, {len(data.test_x)} test points; "
                         f"least test error (ringed) at $D = {best.hidden}$", fontsize=SMALL)
        for ax in fits:
            for tick in (ax.xaxis, ax.yaxis):
                tick.set_major_formatter(lambda v, _: f"{v:g}".replace("-", "\u2212"))
        drawn.update(data=d, train=train, test=test, errors=errors)
        fig.drawn = drawn
    return fig
