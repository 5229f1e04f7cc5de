"""Book Fig. 3.5 and the live demo: a shallow ReLU net approximating a 1-D curve.

Top row: the network that interpolates the curve (dashed) at D + 1 equally spaced knots, for
each D of ``hidden``: one joint per knot, D linear regions, and the largest error shrinking as
D grows (universal approximation). Bottom row: gradient descent on samples of the curve with
``fit_hidden`` units from the same He-uniform weights, once with zero biases (every joint starts
at x = 0, the edge of the data: the fit stays near a straight line and units die) and once
with the joints drawn inside the data (it fits), and both loss curves. Triangles mark the
joints inside the interval. All from
nnmath.approximation.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from figures.style import SLIDE, themed
from nnmath import piecewise_linear
from nnmath.approximation import DEMO_INTERVAL, approximation_ladder, demo_target, fitting_race

RUNS = ("zero biases", "joints spread")


def draw(params: dict, theme="light"):
    lo, hi = DEMO_INTERVAL
    ladder = approximation_ladder(demo_target, DEMO_INTERVAL, params["hidden"])
    race = fitting_race(demo_target, DEMO_INTERVAL, hidden=params["fit_hidden"],
                        epochs=params["epochs"], seed=params["seed"])
    x = np.linspace(lo, hi, 801)
    target = demo_target(x)
    y_lim = (-1.15, 1.15)
    with themed(theme) as look:
        fig = plt.figure(figsize=SLIDE, layout="constrained")
        top, bottom = fig.subfigures(2, 1, hspace=0.04)
        top.suptitle("More hidden units, more linear regions, a closer fit (constructive)",
                     fontsize=18)
        for ax, rung in zip(np.atleast_1d(top.subplots(1, len(ladder), sharey=True)), ladder):
            ax.plot(x, target, color=look.guide, ls="--", lw=2)
            ax.plot(rung.knots, rung.network(rung.knots), color=look.series[0], lw=3,
                    marker="o", ms=4)
            ax.set_title(f"D = {rung.hidden}: {rung.regions} regions\nmax error {rung.max_error:.3f}",
                         fontsize=16)
            _frame(ax, lo, hi, y_lim)
        bottom.suptitle(f"Gradient descent with D = {params['fit_hidden']} units, "
                        f"{race.epochs:,} epochs (lr {race.lr:g}, momentum {race.momentum:g})",
                        fontsize=18)
        axes = bottom.subplots(1, 3, width_ratios=[1, 1, 1.3])
        for ax, name, color in zip(axes, RUNS, (look.series[1], look.series[0])):
            fit = race.fits[name]
            net = fit.networks[-1]
            ax.plot(x, target, color=look.guide, ls="--", lw=2)
            ax.plot(race.x, race.y, "o", color=look.text, ms=3)
            ax.plot(x, net(x), color=color, lw=3)
            joints = net.joints()
            inside = joints[np.isfinite(joints) & (joints > lo) & (joints < hi)]
            ax.plot(inside, np.full(len(inside), y_lim[0]), "^", color=color, ms=10, clip_on=False)
            regions = piecewise_linear(net, lo, hi).num_regions
            ax.set_title(f"{name}: loss {fit.loss[-1]:.4f}\n{regions} linear regions, "
                         f"{fit.dead.num_dead} dead units", fontsize=16)
            _frame(ax, lo, hi, y_lim)
        ax = axes[2]
        for name, color in zip(RUNS, (look.series[1], look.series[0])):
            ax.plot(np.arange(len(race.fits[name].loss)), race.fits[name].loss, color=color,
                    lw=2.5, label=name)
        ax.axhline(race.line_loss, color=look.guide, ls=":", lw=2,
                   label=f"best straight line ({race.line_loss:.3f})")
        ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("mean squared error")
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v / 1000:g}k" if v else "0"))
        ax.set_ylim(top=30)  # room for the legend above the curves
        ax.legend(loc="upper right", fontsize=14)
    return fig


def _frame(ax, lo, hi, y_lim) -> None:
    ax.set_xlim(lo, hi)
    ax.set_ylim(*y_lim)
    ax.set_xticks(np.linspace(lo, hi, 3))
    ax.set_yticks([-1, 0, 1])
    ax.set_xlabel("$x$")
