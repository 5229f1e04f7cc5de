"""Activation functions: sigmoid, tanh and ReLU with their derivatives, and the zoo of book
Fig. 3.13 (deck 001's activation slides).

Top row: each of the three functions (solid) with its derivative in closed form (dashed):
sig' = sig (1 - sig), tanh' = 1 - tanh^2, ReLU' = 0 / 1 (open circles at z = 0, where it is
undefined). Where the derivative of sig or tanh is below the stated threshold the band is
shaded (the function saturates) and its bound |z| > z* is written. Bottom row: the zoo in four
families, each with its parameters in the legend. Every curve is nnmath's.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.style import LABEL, SMALL, slide, themed
from nnlecture.tex import fmt, zoo_label

Z = (-6.0, 6.0)
ZOO_Z = (-4.0, 4.0)
TOP = (
    ("sigmoid", r"$\mathrm{sig}(z) = 1 / (1 + e^{-z})$", (-0.05, 1.05)),
    ("tanh", r"$\tanh(z) = 2\,\mathrm{sig}(2z) - 1$", (-1.1, 1.1)),
    ("relu", r"$\mathrm{ReLU}(z) = \max(0, z)$", (-0.3, 6.0)),
)
DERIVATIVES = {"sigmoid": r"$\mathrm{sig}' = \mathrm{sig}\,(1 - \mathrm{sig})$",
               "tanh": r"$\tanh' = 1 - \tanh^2$", "relu": r"$\mathrm{ReLU}' = 0$, then $1$"}
#: The zoo panels' vertical range: room above the curves for the legend.
ZOO_Y = (-2.0, 8.0)
DASHES = ("-", (0, (5, 2.5)), (0, (1.2, 1.6)))


def draw(params: dict, theme="light"):
    threshold = params["threshold"]
    bounds = {"sigmoid": nnmath.sigmoid_saturation(threshold), "tanh": nnmath.tanh_saturation(threshold)}
    zoo = nnmath.activation_zoo(params["leaky_alpha"], params["prelu_alpha"], params["elu_alphas"],
                                params["swish_betas"])
    z = np.union1d(np.linspace(*Z, 481), [0.0])
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.04, hspace=0.06)
        grid = fig.add_gridspec(2, 12, height_ratios=[1, 1.3])
        fig.suptitle(rf"solid: $a(z)$; dashed: its derivative $a'(z)$; shaded: $a'(z) < {fmt(threshold, 4)}$ "
                     r"(saturated)", fontsize=LABEL)
        fig.saturation = bounds  # for the tests
        for k, (name, title, ylim) in enumerate(TOP):
            ax = fig.add_subplot(grid[0, 4 * k:4 * k + 4])
            act = nnmath.get_activation(name)
            note = r"undefined at $z = 0$ (circles)"
            if name in bounds:
                edge = bounds[name]
                for a, b in ((Z[0], -edge), (edge, Z[1])):
                    ax.axvspan(a, b, color=look.shade, lw=0)
                note = rf"shaded: $|z| > {fmt(edge)}$"
            ax.axhline(0, color=look.axis, lw=1.25)
            ax.plot(z, act(z), color=look.line(k), lw=3, label=r"$a(z)$")
            if name == "relu":
                for side in (z < 0, z > 0):
                    ax.plot(z[side], act.derivative(z[side]), color=look.line(k), lw=2.5,
                            ls=DASHES[1], label=r"$a'(z)$" if side[0] else None)
                ax.plot([0, 0], [0, 1], "o", mfc="none", mec=look.line(k), ms=8, mew=2)
            else:
                ax.plot(z, act.derivative(z), color=look.line(k), lw=2.5, ls=DASHES[1], label=r"$a'(z)$")
            ax.set_xlim(*Z)
            ax.set_ylim(*ylim)
            ax.set_xticks([-6, -3, 0, 3, 6])
            ax.set_title(title + "\n" + DERIVATIVES[name] + "\n" + note, fontsize=SMALL, color=look.label(k))
            ax.set_xlabel("$z$")
            _minus(ax)
        for k, panel in enumerate(zoo):
            ax = fig.add_subplot(grid[1, 3 * k:3 * k + 3])
            zz = np.union1d(np.linspace(*ZOO_Z, 321), [0.0])
            ax.axhline(0, color=look.axis, lw=1.25)
            for i, act in enumerate(panel.members):
                ax.plot(zz, act(zz), color=look.line(i), lw=3.2 - 0.4 * i, ls=DASHES[i % 3],
                        label=ZOO_NAMES.get(act.name, zoo_label(act, short=True)).format(**act.params))
            ax.set_xlim(*ZOO_Z)
            ax.set_ylim(*ZOO_Y)
            ax.set_xticks([-4, -2, 0, 2, 4])
            ax.set_yticks([0, 2, 4])
            if k:
                ax.tick_params(labelleft=False)
            ax.set_title(ZOO_TITLES.get(panel.heading, panel.heading), fontsize=LABEL, pad=12)
            ax.legend(loc="upper left", fontsize=SMALL, handlelength=1.4, borderaxespad=0.1, handletextpad=0.4,
                      labelspacing=0.25)
            ax.set_xlabel("$z$")
            _minus(ax)
            ax.zoo = [m for m in panel.members]
    return fig


ZOO_TITLES = {"ReLU and leaky kin": "ReLU, leaky, PReLU", "smooth ReLU-like": "smooth, ReLU-like",
              "exponential for z < 0": r"ELU ($\alpha$) and SELU",
              "Swish z sig(beta z)": r"Swish $z\,\mathrm{sig}(\beta z)$"}
#: Short legend entries (the panel's title names the parameter).
ZOO_NAMES = {"leaky_relu": "leaky {alpha:g}", "prelu": "PReLU {alpha:g}", "elu": "ELU {alpha:g}",
             "swish": r"$\beta$ = {beta:g}"}


def _minus(ax) -> None:
    """Tick labels with a true minus sign."""
    import matplotlib.pyplot as plt

    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}".replace("-", "\u2212")))
