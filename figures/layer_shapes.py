"""Book Fig. 4.6: the matrix notation of a deep network, every bias vector and weight matrix to shape.

The network 3 -> 4, 2, 3 -> 2 (preset ``fig4_6``, or a lecturer's sizes) layer by layer:
h_1 = a[beta_0 + Omega_0 x], h_{k+1} = a[beta_k + Omega_k h_k], y = beta_K + Omega_K h_K. Each
beta_k is drawn as a column of D_{k+1} cells and each Omega_k as D_{k+1} x D_k cells holding the
network's numbers; under each layer its shapes and its count D_{k+1} D_k + D_{k+1}, and the total
(43 for Fig. 4.6) at the bottom. Sizes and values come from the network object and
nnmath.parameter_terms.
"""

from __future__ import annotations

import matplotlib.patches as mpatches
import numpy as np

import nnmath
from figures.style import LABEL, SMALL, TITLE, slide, themed

GAP = 0.35  # between beta_k and Omega_k, in cell heights
CELL_W = 1.45  # a cell's width in cell heights: room for a number such as "-0.4"


def network(params: dict) -> nnmath.DeepNetwork:
    """The drawn network: Fig. 4.6's sizes, or the lecturer's, with short seeded values."""
    return nnmath.presets.layered_network(params["input_dim"], params["widths"], params["output_dim"])


def draw(params: dict, theme="light"):
    net = network(params)
    terms = nnmath.parameter_terms(net.input_dim, net.widths, net.output_dim)
    tallest = max(t.rows for t in terms)
    widest = max(CELL_W * (1 + t.cols) + GAP for t in terms)
    cols = 2
    rows = -(-len(terms) // cols)
    with themed(theme) as look:
        fig = slide()
        fig.get_layout_engine().set(wspace=0.08, hspace=0.08)
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        drawn = []
        for ax, t, beta, omega in zip(axes, terms, net.betas, net.omegas):
            last = t.k == net.num_hidden_layers
            colour, text = look.line(t.k), look.label(t.k)
            top = t.rows / 2  # every block centred on the panel's middle row
            _cells(ax, 0, top, beta[:, None], colour, look)
            _cells(ax, CELL_W + GAP, top, omega, colour, look)
            source = r"\mathbf{x}" if t.k == 0 else rf"\mathbf{{h}}_{t.k}"
            inside = rf"\boldsymbol{{\beta}}_{t.k} + \boldsymbol{{\Omega}}_{t.k}{source}"
            target = r"\mathbf{y}" if last else rf"\mathbf{{h}}_{t.k + 1}"
            ax.set_title(f"${target} = {inside}$" if last else
                         f"${target} = \\mathrm{{a}}[{inside}]$", fontsize=TITLE)
            right = widest + 0.8
            ax.text(right, 0.9, rf"$\boldsymbol{{\Omega}}_{t.k}$: {t.rows} $\times$ {t.cols}",
                    va="center", fontsize=LABEL, color=text)
            ax.text(right, 0, rf"$\boldsymbol{{\beta}}_{t.k}$: {t.rows}", va="center",
                    fontsize=LABEL, color=text)
            ax.text(right, -0.9, f"{t.weights} + {t.biases} = {t.total}", va="center",
                    fontsize=LABEL, color=look.text)
            ax.set_xlim(-0.1, right + 4.2)
            ax.set_ylim(-tallest / 2 - 0.1, tallest / 2 + 0.1)
            ax.set_aspect("equal")
            ax.set_axis_off()
            drawn.append(t)
        for ax in axes[len(terms):]:
            ax.set_axis_off()
        totals = " + ".join(str(t.total) for t in terms)
        sizes = ", ".join(str(w) for w in net.widths)
        fig.suptitle(rf"$D_i = {net.input_dim}$, hidden widths $D_k$ = {sizes}, $D_o = {net.output_dim}$:"
                     rf"  $\boldsymbol{{\beta}}_k$ has $D_{{k+1}}$ entries, "
                     rf"$\boldsymbol{{\Omega}}_k$ is $D_{{k+1}} \times D_k$", fontsize=TITLE)
        fig.supxlabel(f"{totals} = {net.num_parameters} parameters", fontsize=TITLE,
                      fontweight="bold")
        fig.drawn_terms = drawn  # the layers drawn, for the tests
        fig.drawn_network = net
    return fig


def _cells(ax, left: float, top: float, values: np.ndarray, colour: str, look) -> None:
    """A matrix of cells (CELL_W x 1) with its numbers, its top-left corner at (left, top)."""
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            corner = (left + j * CELL_W, top - i - 1)
            ax.add_patch(mpatches.Rectangle(corner, CELL_W, 1, facecolor=colour, alpha=0.18,
                                            edgecolor="none"))
            ax.add_patch(mpatches.Rectangle(corner, CELL_W, 1, facecolor="none", edgecolor=colour,
                                            lw=2))
            ax.text(left + (j + 0.5) * CELL_W, top - i - 0.5, f"{values[i, j]:.1f}".replace("-", "\u2212"),
                    ha="center", va="center", fontsize=SMALL, color=look.text)
