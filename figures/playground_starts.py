"""The playground's lesson as a still (decks 000 and 001, the TensorFlow-Playground exercise).

The 2-3-1 ReLU classifier of ``nnmath.playground`` after gradient descent on the disc-and-ring
data from two of the page's starts: one stuck (a unit dead on the data: no gradient reaches it,
so two lines cannot fence in the disc) and one that succeeds (three lines, a triangle around
the disc). Each map is P(class 1) = sig(y), continuous, pixel by pixel; on top the exact linear
regions (``nnmath.regions_2d``), the decision boundary y = 0 (its exact level set) and the
data. Right, the loss of every start after each epoch: the stuck ones level off (a flat output,
all units dead, stays at log 2). Everything from ``nnmath.playground``; the same numbers as
the page ``render.py playground``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.lines import Line2D

import nnmath
from figures.style import LABEL, SMALL, halo, map_axes, slide, themed
from nnlecture.playground import TINT
from nnmath import playground

#: Pixels per side of each map.
RESOLUTION = 300


def chosen(starts: list[playground.Start]) -> tuple[playground.Start, playground.Start]:
    """The stuck start with one dead unit (else the first stuck one) and the first good one."""
    stuck = [s for s in starts if not s.good]
    one = [s for s in stuck if len(s.dead) == 1]
    return (one or stuck)[0], next(s for s in starts if s.good)


def draw(params: dict, theme="light"):
    data = playground.disc_and_ring(params["seed"])
    starts = list(playground.page_starts(params["seed"]))
    labels = "ABCDEFGH"
    run = playground.run_starts([s.seed for s in starts], data)
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.06)
        axes = fig.subplots(1, 3, width_ratios=[1, 1, 1.15])
        cmap = _class_colours(look)
        for k, (ax, start) in enumerate(zip(axes[:2], chosen(starts))):
            row = starts.index(start)
            net = nnmath.ShallowNetwork(run.theta[row], run.phi[row])
            count = _map(ax, net, data, cmap, look, left=k == 0)
            ax.set_title(f"start {labels[row]}: {100 * start.accuracy:.0f} %\n"
                         f"{_outcome(start)}\n{count} linear regions", fontsize=LABEL, pad=12)
        _losses(axes[2], run, starts, labels, look)
        handles = [Line2D([], [], ls="", marker="o", ms=11, color=look.series[0], mec=look.text),
                   Line2D([], [], ls="", marker="s", ms=11, color=look.series[2], mec=look.text),
                   Line2D([], [], color=look.text, lw=3, ls=(0, (4, 2))),
                   Line2D([], [], color=look.guide, lw=2.5)]
        fig.legend(handles, ["ring: class 0", "disc: class 1", "decision boundary $y = 0$",
                             "edges of the linear regions"],
                   loc="outside lower center", ncols=2,
                   title=f"colour: $P(\\mathrm{{class}}\\ 1) = \\mathrm{{sig}}(y)$ after "
                         f"{playground.EPOCHS} epochs of gradient descent")
    return fig


def _outcome(start: playground.Start) -> str:
    if start.good:
        return "no unit dead"
    units = ", ".join(map(str, start.dead))
    return f"unit{'s' if len(start.dead) > 1 else ''} {units} dead"


def _class_colours(look) -> LinearSegmentedColormap:
    """The page's colours of P(class 1) = p: from the background (p = 1/2) towards class 0's
    colour (p = 0) or class 1's (p = 1) by TINT * sqrt(|2 p - 1|), continuous."""
    back = np.array(to_rgb(look.background))
    ends = [np.array(to_rgb(look.series[0])), np.array(to_rgb(look.series[2]))]
    colours = []
    for p in np.linspace(0.0, 1.0, 129):
        t = TINT[look.name] * np.sqrt(abs(2 * p - 1))
        colours.append(tuple(back + t * (ends[int(p > 0.5)] - back)))
    return LinearSegmentedColormap.from_list("classes", colours)


def _map(ax, net, data, cmap, look, left: bool) -> None:
    """sig(y) per pixel, the exact region edges and decision boundary, the data."""
    centres = (np.arange(RESOLUTION) + 0.5) / RESOLUTION * 2 - 1
    points = np.stack(np.meshgrid(centres, centres), -1).reshape(-1, 2)
    probability = 0.5 * (1 + np.tanh(0.5 * net(points)))
    ax.imshow(probability.reshape(RESOLUTION, RESOLUTION), origin="lower",
              extent=(-1, 1, -1, 1), cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    partition = nnmath.regions_2d(net)
    segments, layers, _ = partition.edges(unique=True)
    ax.add_collection(LineCollection(segments[layers >= 0], colors=look.guide, linewidths=2.5,
                                     label="region edges"))
    boundary = partition.level_set(0.0)
    if len(boundary):
        ax.add_collection(LineCollection(boundary, colors=look.text, linewidths=3,
                                         linestyles=(0, (4, 2)), path_effects=halo(look, 6),
                                         label="y = 0"))
    for label, marker, color in ((0, "o", look.series[0]), (1, "s", look.series[2])):
        mine = data.x[data.labels == label]
        ax.scatter(mine[:, 0], mine[:, 1], s=90, marker=marker, c=color, edgecolors=look.text,
                   linewidths=1.5, zorder=3)
    map_axes(ax, (-1, -1), (1, 1), left=left)
    return len(partition)


def _losses(ax, run, starts, labels, look) -> None:
    """The loss after each epoch of every start (log scale), labelled at its end with its
    accuracy (stuck starts in three series colours, the good ones in the fourth)."""
    epochs = np.arange(run.loss.shape[1])
    styles = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 1))]
    ends = np.log10(run.loss[:, -1])
    spread = _spread(ends, gap=0.2)
    for row, start in enumerate(starts):
        color = look.line(3) if start.good else look.line(row)
        ax.plot(epochs, run.loss[row], color=color, ls=styles[row % len(styles)], lw=3)
        ax.annotate(f"{labels[row]}: {100 * start.accuracy:.0f} %", (epochs[-1], run.loss[row, -1]),
                    xytext=(epochs[-1] * 1.04, 10 ** spread[row]), textcoords="data",
                    va="center", ha="left", fontsize=SMALL, color=look.text,
                    annotation_clip=False)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_xlim(0, epochs[-1])
    ax.set_title("every start's loss", fontsize=LABEL, pad=12)


def _spread(values: np.ndarray, gap: float) -> np.ndarray:
    """Label heights near ``values`` and at least ``gap`` apart (in order)."""
    order = np.argsort(values)
    placed = values[order].astype(float)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    result = np.empty_like(placed)
    result[order] = placed
    return result
