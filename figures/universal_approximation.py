"""Book Fig. 3.5 and the live demo: a shallow ReLU net approximating a 1-D curve.

Top row: the network that interpolates the curve (dashed) at D + 1 equally spaced knots, for
each D of ``hidden``, and the largest error shrinking as D grows (universal approximation).
Its D units have D joints (triangles): D - 1 at the inner knots and one at x = 0, where the
first slope starts (``ShallowNetwork.through_points``: the net is flat left of the first knot),
so [0, 1] holds D linear regions; the flat (D+1)-th lies left of x = 0, which is how D units
make up to D + 1 regions on the whole line. Bottom row: gradient descent on samples of the
curve with ``fit_hidden`` units from the same He-uniform weights, once with zero biases (every
joint starts at x = 0, the edge of the data: units die and the fit bends at one place) and once
with the joints drawn inside the data (it fits), and both loss curves. Triangles mark every
joint in [0, 1], those at x = 0 included, and clusters too close to tell apart are named with
their count and spread. All from nnmath.approximation.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from figures.style import LABEL, SMALL, slide, themed
from nnlecture.results import kept
from nnmath import piecewise_linear
from nnmath.approximation import DEMO_INTERVAL, approximation_ladder, demo_race, demo_target

RUNS = ("zero biases", "joints spread")
#: Joints closer than this share of the interval are one cluster, named instead of counted.
CLUSTER = 0.02


def draw(params: dict, theme="light"):
    lo, hi = DEMO_INTERVAL
    ladder = approximation_ladder(demo_target, DEMO_INTERVAL, params["hidden"])
    race = kept("fitting_race", demo_race, hidden=params["fit_hidden"], epochs=params["epochs"],
                seed=params["seed"])
    x = np.linspace(lo, hi, 801)
    target = demo_target(x)
    y_lim = (-1.15, 1.15)
    fit_lim = (-2.2, 1.15)  # a band under the data for the joints and their note
    with themed(theme) as look:
        fig = slide()
        top, bottom = fig.subfigures(2, 1, hspace=0.03, height_ratios=[0.9, 1.1])
        top.suptitle("D units through D + 1 knots: one of the D joints (\u25b2) is at x = 0, so "
                     "[0, 1] has D regions", fontsize=SMALL)
        panels = np.atleast_1d(top.subplots(1, len(ladder), sharey=True))
        for i, (ax, rung) in enumerate(zip(panels, ladder)):
            ax.plot(x, target, color=look.guide, ls="--", lw=2)
            ax.plot(rung.knots, rung.network(rung.knots), color=look.line(0), lw=3, marker="o", ms=6)
            _joint_marks(ax, rung.network.joints(), lo, hi, y_lim, look.line(0))
            ax.set_title(f"D = {rung.hidden}: {rung.regions} regions\nmax error {rung.max_error:.3f}",
                         fontsize=LABEL)
            _frame(ax, lo, hi, y_lim, left=i == 0, label=False)
        bottom.suptitle(f"Gradient descent from the same weights (D = {params['fit_hidden']}, "
                        f"lr {race.lr:g}, momentum {race.momentum:g}): zero biases stall",
                        fontsize=SMALL)
        axes = bottom.subplots(1, 3)
        for ax, name, series in zip(axes, RUNS, (1, 0)):
            fit = race.fits[name]
            net = fit.networks[-1]
            ax.plot(x, target, color=look.guide, ls="--", lw=2)
            ax.plot(race.x, race.y, "o", color=look.point, ms=4)
            ax.plot(x, net(x), color=look.line(series), lw=3)
            _joint_marks(ax, net.joints(), lo, hi, fit_lim, look.line(series))
            _name_clusters(ax, net.joints(), lo, hi, look.label(series))
            regions = piecewise_linear(net, lo, hi).num_regions
            ax.set_title(f"{name}: loss {fit.loss[-1]:.4f}\n{regions} regions, "
                         f"{fit.dead.num_dead} dead units", fontsize=LABEL)
            _frame(ax, lo, hi, fit_lim, left=True, label=True)
        _loss_panel(axes[2], race, look)
    return fig


def _loss_panel(ax, race, look) -> None:
    """Both loss curves on a log scale, each named at its end, and the best straight line."""
    ends = {}
    for name, series in zip(RUNS, (1, 0)):
        loss = race.fits[name].loss
        ax.plot(np.arange(len(loss)), loss, color=look.line(series), lw=3)
        ends[name] = (len(loss) - 1, loss[-1], look.label(series))
    ax.axhline(race.line_loss, color=look.text, ls=":", lw=2.5)
    ax.set_yscale("log")
    low = min(v for _, v, _ in ends.values())
    ax.set_ylim(low / 10, 4)
    ax.set_xlim(0, None)
    last = max(e for e, _, _ in ends.values())
    # the zero-bias run ends just under the line: the line's label above it, the run's below
    ax.text(last, race.line_loss * 1.25, f"best straight line {race.line_loss:.3f}", ha="right",
            va="bottom", color=look.text, fontsize=SMALL)
    epoch, value, color = ends["zero biases"]
    ax.text(epoch, value / 1.25, f"zero biases {value:.4f}", ha="right", va="top", color=color,
            fontsize=SMALL)
    epoch, value, color = ends["joints spread"]
    ax.text(epoch, value / 1.4, f"joints spread {value:.4f}", ha="right", va="top", color=color,
            fontsize=SMALL)
    ax.set_title("loss (mean squared error)", fontsize=LABEL)
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(3))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v / 1000:g}k" if v else "0"))


def joint_clusters(joints: np.ndarray, lo: float, hi: float) -> list[np.ndarray]:
    """The joints in [lo, hi] (those within 1e-3 of an end included), sorted and split where
    two neighbours are more than CLUSTER of the interval apart."""
    slack = 1e-3 * (hi - lo)
    shown = np.sort(joints[np.isfinite(joints) & (joints >= lo - slack) & (joints <= hi + slack)])
    if shown.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(shown) > CLUSTER * (hi - lo)) + 1
    return np.split(shown, cuts)


def cluster_text(cluster: np.ndarray, lo: float, hi: float) -> str:
    """What a student can check about joints too close to tell apart: their count and where."""
    if abs(cluster.mean() - lo) <= 1e-3 * (hi - lo):
        return f"{len(cluster)} at $x = {lo:g}$"
    centre = round(float(cluster.mean()), 2)
    spread = math.ceil(1000 * float(np.abs(cluster - centre).max())) / 1000
    return f"{len(cluster)} within {spread:g} of $x = {centre:g}$"


def _joint_marks(ax, joints, lo, hi, y_lim, color) -> None:
    """A triangle on the x-axis under every joint in [lo, hi] (those at the ends included)."""
    for cluster in joint_clusters(joints, lo, hi):
        ax.plot(np.clip(cluster, lo, hi), np.full(len(cluster), y_lim[0]), "^", color=color, ms=12,
                clip_on=False, ls="none")


def _name_clusters(ax, joints, lo, hi, color) -> None:
    """One note naming the joints that sit too close to be told apart, low in the panel."""
    named = [cluster_text(c, lo, hi) for c in joint_clusters(joints, lo, hi) if len(c) > 1]
    if named:
        ax.text(0.03, 0.1, "\u25b2 " + ",\n".join(named), transform=ax.transAxes, ha="left",
                va="bottom", color=color, fontsize=SMALL)


def _frame(ax, lo, hi, y_lim, left: bool, label: bool) -> None:
    ax.set_xlim(lo, hi)
    ax.set_ylim(*y_lim)
    ax.set_xticks(np.linspace(lo, hi, 3))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_yticks([-1, 0, 1])
    ax.tick_params(labelleft=left)
    if label:
        ax.set_xlabel("$x$")
