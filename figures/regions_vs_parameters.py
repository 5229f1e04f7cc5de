"""Book Figs. 3.9 and 4.7: how many linear regions a network can make, against its parameters.

For one input and for ten inputs: shallow networks (one hidden layer of D units: Zaslavsky's
count, the exact maximum) and deep networks of width D = 10, 50, 100 with K = 1..10 layers
(book eq. 4.17). For one input eq. 4.17 is (D+1)^K, the maximum (Serra et al.'s upper and lower
bounds agree there); for ten inputs it is what one construction reaches, a lower bound on the
maximum, and is labelled so. The counts are exact integers from nnmath, plotted on a log scale;
the marked points are the lectures' examples (471 parameters and 161,051 regions; 10,801
parameters and 1.8e41 regions).
"""

from __future__ import annotations

from math import log10

import matplotlib.pyplot as plt

import nnmath
from figures.style import LABEL, SMALL, slide, themed

WIDTHS = nnmath.FIG4_7_WIDTHS
DEPTHS = nnmath.FIG4_7_DEPTHS
EXAMPLES = nnmath.FIG4_7_EXAMPLES  # input size -> (width, depth) marked on the plot
LABEL_AT = {1: (0.03, 0.72), 10: (0.03, 0.72)}  # where the example's label goes (axes fraction)
#: Series and markers of the deep curves: series 2 is too close to the text colour of the
#: shallow curve on white, so the deep curves take 0, 1 and 3; markers are the second cue.
SERIES = (0, 1, 3)
MARKERS = ("o", "s", "D")
TITLES = {1: "1 input: deep nets reach\nthe maximum, $(D+1)^K$",
          10: "10 inputs: the deep counts (eq. 4.17)\nare a lower bound on the maximum"}


def draw(params: dict, theme="light"):
    with themed(theme) as look:
        fig = slide()
        axes = fig.subplots(1, 2)
        for ax, di in zip(axes, (1, 10)):
            shallow = nnmath.shallow_curve(di, nnmath.fig4_7_units(di))
            ax.plot(shallow.parameters, [log10(r) for r in shallow.regions],
                    color=look.text, lw=3, label="shallow: one layer, D grows")
            for width, series, marker in zip(WIDTHS, SERIES, MARKERS):
                deep = nnmath.deep_curve(di, width, DEPTHS)
                ax.plot(deep.parameters, [log10(r) for r in deep.regions],
                        color=look.line(series), marker=marker, ms=7, lw=2.5,
                        label=f"deep: width D = {width}, K = 1..10 layers")
            width, depth = EXAMPLES[di]
            count = nnmath.max_regions_deep(di, width, depth)
            params_ = nnmath.num_parameters(di, [width] * depth, 1)
            ax.plot(params_, log10(count), "o", ms=18, mfc="none", mec=look.text, mew=3)
            shown = f"{count:,}".replace(",", "{,}") if count < 10**7 else (
                f"{count:.2e}".replace("e+", r"\times 10^{") + "}")
            at_least = "" if di == 1 else r"\geq "
            ax.annotate(f"K = {depth} layers of D = {width}:\n{params_:,} parameters,\n"
                        f"${at_least}{shown}$ regions", (params_, log10(count)),
                        xytext=LABEL_AT[di], textcoords="axes fraction", va="center",
                        fontsize=SMALL, color=look.text,
                        arrowprops={"arrowstyle": "->", "color": look.text, "lw": 2,
                                    "shrinkB": 12})
            ax.set_xscale("log")
            ax.set_title(TITLES[di], fontsize=LABEL)
            ax.set_xlabel("number of parameters")
            ax.set_ylabel(r"$\log_{10}$ (number of linear regions)")
        fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig
