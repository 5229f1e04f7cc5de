"""Book Figs. 3.9 and 4.7: the most linear regions a network can make, against its parameters.

For one input and for ten inputs: shallow networks (one hidden layer of D units, Zaslavsky's
bound) and deep networks of width D = 10, 50, 100 with K = 1..10 layers (book eq. 4.17). The
counts are exact integers from nnmath, plotted on a log scale; the marked points are the
lectures' examples (471 parameters and 161,051 regions; 10,801 parameters and 1.8e41 regions).
"""

from __future__ import annotations

from math import log10

import matplotlib.pyplot as plt
import numpy as np

import nnmath
from figures.style import SLIDE, themed

WIDTHS = (10, 50, 100)
DEPTHS = range(1, 11)
EXAMPLES = {1: (10, 5), 10: (50, 5)}  # input size -> (width, depth) marked on the plot
LABEL_AT = {1: (0.04, 0.45), 10: (0.06, 0.5)}  # where the example's label goes (axes fraction)


def draw(params: dict, theme="light"):
    with themed(theme) as look:
        fig, axes = plt.subplots(1, 2, figsize=SLIDE, layout="constrained")
        for ax, di in zip(axes, (1, 10)):
            shallow = np.unique(np.geomspace(di, 100_000 // (di + 2), 80).astype(int))
            ax.plot([nnmath.num_parameters(di, [d], 1) for d in shallow],
                    [log10(nnmath.max_regions_shallow(di, d)) for d in shallow],
                    color=look.text, lw=3, label="shallow (K = 1, D grows)")
            for width, color in zip(WIDTHS, look.series):
                ax.plot([nnmath.num_parameters(di, [width] * k, 1) for k in DEPTHS],
                        [log10(nnmath.max_regions_deep(di, width, k)) for k in DEPTHS],
                        "o-", color=color, ms=5, label=f"deep, D = {width} (K = 1..10)")
            width, depth = EXAMPLES[di]
            count = nnmath.max_regions_deep(di, width, depth)
            params_ = nnmath.num_parameters(di, [width] * depth, 1)
            ax.plot(params_, log10(count), "o", ms=14, mfc="none", mec=look.highlight, mew=2.5)
            shown = f"{count:,}".replace(",", "{,}") if count < 10**7 else (
                f"{count:.2e}".replace("e+", r"\times 10^{") + "}")
            ax.annotate(f"K = {depth} layers of D = {width}:\n{params_:,} parameters,\n${shown}$ regions",
                        (params_, log10(count)), xytext=LABEL_AT[di], textcoords="axes fraction",
                        va="center", fontsize=16, color=look.highlight,
                        arrowprops={"arrowstyle": "->", "color": look.highlight, "lw": 1.5,
                                    "shrinkB": 9})
            ax.set_xscale("log")
            ax.set_title(f"{di} input{'s' if di > 1 else ''}, 1 output")
            ax.set_xlabel("number of parameters")
            ax.set_ylabel(r"$\log_{10}$ (maximum number of linear regions)")
            ax.legend(loc="upper left")
    return fig
