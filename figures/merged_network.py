"""Book Fig. 4.1 merged: two composed shallow networks written as one two-layer network.

Left: the derivation (substitute y = phi_0 + sum_j phi_j h_j into h'_i = a[theta'_i0 +
theta'_i1 y], collect psi_i0 = theta'_i0 + theta'_i1 phi_0 and psi_ij = theta'_i1 phi_j), then
the psi values of the Fig. 4.1 networks (nnmath.psi). Right: the merged network's diagram, one
arrow per parameter labelled theta, psi, phi' (drawn as in network_diagrams), and its graph
(nnmath.compose, exact breakpoints) over the composition net2(net1(x)) evaluated directly.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.network_diagrams import draw_network
from figures.style import LABEL, SMALL, TITLE, slide, themed
from nnmath.presets import is_preset

LETTERS = (r"\theta", r"\psi", r"\phi'")


def draw(params: dict, theme="light"):
    net1, net2 = params["net1"], params["net2"]
    psi = nnmath.psi(net1, net2)
    merged = nnmath.compose(net1, net2)
    graph = nnmath.piecewise_linear(merged, -1, 1)
    xs = np.linspace(-1, 1, 41)
    D = net1.hidden_dim
    book = is_preset(net1, "fig4_1_net1") and is_preset(net2, "fig4_1_net2")
    source = "the numbers of Fig. 4.1" if book else "the given numbers"
    with themed(theme) as look:
        fig = slide()
        fig.set_layout_engine("none")
        text = fig.add_axes((0.01, 0.02, 0.45, 0.92))
        text.axis("off")
        terms = " + ".join(rf"\phi_{j} h_{j}" for j in range(1, D + 1))
        psi_terms = " + ".join(rf"\psi_{{i{j}}} h_{j}" for j in range(1, D + 1))
        lines = [
            (r"$h'_i = \mathrm{a}[\theta'_{i0} + \theta'_{i1}\, y]$", look.text),
            (rf"$\quad = \mathrm{{a}}[\theta'_{{i0}} + \theta'_{{i1}}(\phi_0 + {terms})]$", look.text),
            (rf"$\quad = \mathrm{{a}}[\psi_{{i0}} + {psi_terms}]$", look.text),
            (r"$\psi_{i0} = \theta'_{i0} + \theta'_{i1}\phi_0,\quad \psi_{ij} = \theta'_{i1}\phi_j$",
             look.highlight),
            ("i: unit of the second layer, j: unit of the first", look.muted),
        ]
        fig.drawn = {"lines": [], "cells": {}}
        for k, (line, colour) in enumerate(lines):
            fig.drawn["lines"].append(text.text(0.02, 0.97 - 0.09 * k, line, fontsize=LABEL if k < 4 else SMALL,
                                                color=colour, va="top", transform=text.transAxes))
        text.text(0.02, 0.47, rf"$\psi_{{ij}}$ with {source}", fontsize=LABEL,
                  color=look.text, va="top", transform=text.transAxes)
        for j in range(D + 1):
            text.text(0.3 + 0.18 * j, 0.37, f"j = {j}", fontsize=SMALL, color=look.muted,
                      ha="center", transform=text.transAxes)
        for i in range(psi.shape[0]):
            y = 0.29 - 0.08 * i
            text.text(0.04, y, f"i = {i + 1}", fontsize=SMALL, color=look.muted, transform=text.transAxes)
            for j in range(D + 1):
                fig.drawn["cells"][i, j] = text.text(
                    0.3 + 0.18 * j, y, f"{psi[i, j]:.2f}".replace("-", "\u2212"), fontsize=LABEL,
                    color=look.text, ha="center", transform=text.transAxes)
        diagram = fig.add_axes((0.47, 0.4, 0.52, 0.46))
        fig.drawn["diagram"] = draw_network(diagram, merged, look, biases=False, letters=LETTERS, output="y'")
        weights = len(fig.drawn["diagram"]["arrows"])
        fig.text(0.73, 0.93, f"the merged network: {weights} weights drawn", ha="center",
                 fontsize=TITLE, color=look.text)
        fig.text(0.73, 0.885, rf"(+ {merged.num_parameters - weights} biases $\theta_{{j0}}, \psi_{{i0}}, "
                 rf"\phi'_0$ = {merged.num_parameters} parameters)", ha="center", fontsize=SMALL,
                 color=look.muted)
        plot = fig.add_axes((0.56, 0.1, 0.4, 0.2))
        plot.plot(graph.breakpoints, graph.values, color=look.line(1), lw=3,
                  label=f"merged ({graph.num_regions} linear regions)")
        plot.plot(xs, net2(net1(xs)), ls="none", marker="o", ms=5, color=look.point,
                  label="net 2 after net 1")
        plot.set_xlim(-1, 1)
        plot.set_ylim(-1.2, 1.2)
        plot.set_xticks([-1, 0, 1])
        plot.set_yticks([-1, 0, 1])
        plot.set_xlabel("$x$", labelpad=0)
        plot.set_ylabel("$y'$", labelpad=-4)
        plot.legend(loc="lower center", bbox_to_anchor=(0.36, 1.0), ncol=2, fontsize=SMALL,
                    handlelength=1.5, columnspacing=1.0)
        fig.drawn["graph"] = graph
    return fig
