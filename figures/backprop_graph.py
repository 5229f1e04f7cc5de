"""Backpropagation on one training example (book section 7.4), as one slide.

Left: the network diagram (``figures.network_diagrams.draw_network``, the same layout and label
places as the network_diagrams figure), every arrow labelled with the derivative of the loss
with respect to its parameter, dl/dbeta_k or dl/d(Omega_k)_ij; a unit that is off at the
example is filled grey (its ReLU slope is 0, so the parameters into it get 0). Right: the
forward pass (f_k, h_k, the loss) and the backward pass (dl/df_K, then dl/dh_k and
dl/df_{k-1} layer by layer), and the largest difference from finite differences. Values from
``nnmath.backprop``; the scene ``backprop`` animates the same numbers.
"""

from __future__ import annotations

import numpy as np

import nnmath
from figures.network_diagrams import draw_network
from figures.style import LABEL, SMALL, TITLE, slide, themed
from nnlecture.tex import fmt

FD_STEP = 1e-6


def _vector(values) -> str:
    values = np.ravel(values)
    text = fmt(values[0]) if values.size == 1 else "(" + ", ".join(fmt(v) for v in values) + ")"
    return text.replace("-", "\u2212")


def draw(params: dict, theme="light"):
    net = nnmath.as_deep(params["net"])
    r = nnmath.backprop(net, params["x"], params["y"])
    numeric = nnmath.finite_differences(net, params["x"], params["y"], FD_STEP)
    largest = float(np.abs(numeric - r.parameter_gradients()).max())
    # a network whose parameters are the gradients: its diagram's value labels are dl/dparameter
    gradients = nnmath.DeepNetwork(r.dl_dbeta, r.dl_domega, net.activations or "relu")
    K = net.num_hidden_layers
    with themed(theme) as look:
        fig = slide()
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.01, 0.02, 0.52, 0.86))
        drawn = draw_network(ax, gradients, look, biases=True, labels="values")
        for label in drawn["labels"].values():
            label.set_color(look.label(1))
        for k in range(K):
            for u, slope in enumerate(r.slopes[k]):
                if slope == 0:
                    drawn["nodes"][k + 1, u].set_facecolor(look.shade)
        fig.text(0.5, 0.975, "Backpropagation on one example: "
                 "each arrow carries $\\partial\\ell / \\partial$(its parameter)",
                 ha="center", va="top", fontsize=TITLE, color=look.text)
        rows = [("forward pass", look.muted, SMALL),
                (f"$x = {_vector(r.x)},\\ y = {_vector(r.y)}$", look.text, LABEL)]
        for k in range(K):
            source = "x" if k == 0 else f"h_{k}"
            rows.append((f"$f_{k} = \\beta_{k} + \\Omega_{k} {source} = {_vector(r.f[k])}$", look.text, LABEL))
            rows.append((f"$h_{k + 1} = \\mathrm{{ReLU}}[f_{k}] = {_vector(r.h[k + 1])}$", look.text, LABEL))
        rows.append((f"$f_{K} = {_vector(r.output)},\\ \\ell = (f_{K} - y)^2 = {fmt(r.loss, 4)}$",
                     look.text, LABEL))
        rows.append(("backward pass; on the arrows", look.muted, SMALL))
        rows.append(("$\\partial\\ell/\\partial\\beta_k = \\partial\\ell/\\partial f_k$, "
                     "$\\partial\\ell/\\partial\\Omega_k = \\partial\\ell/\\partial f_k\\, h_k^T$ "
                     "($h_0 = x$)", look.muted, SMALL))
        rows.append((f"$\\partial\\ell/\\partial f_{K} = 2(f_{K} - y) = {_vector(r.dl_df[K])}$",
                     look.label(1), LABEL))
        for k in range(K, 0, -1):
            rows.append((f"$\\partial\\ell/\\partial h_{k} = \\Omega_{k}^T\\, \\partial\\ell/\\partial f_{k}"
                         f" = {_vector(r.dl_dh[k])}$", look.label(1), LABEL))
            rows.append((f"$\\partial\\ell/\\partial f_{k - 1} = \\mathrm{{I}}[f_{k - 1} > 0] \\odot "
                         f"\\partial\\ell/\\partial h_{k} = {_vector(r.dl_df[k - 1])}$", look.label(1), LABEL))
        exponent = int(np.floor(np.log10(largest))) if largest > 0 else 0
        mantissa = largest / 10 ** exponent if largest > 0 else 0
        rows.append(("finite differences, $\\varepsilon = 10^{-6}$:", look.muted, SMALL))
        rows.append((f"largest difference over the {net.num_parameters}", look.muted, SMALL))
        rows.append((f"parameters ${fmt(mantissa, 1)} \\times 10^{{{exponent}}}$", look.muted, SMALL))
        y = 0.88
        texts = []
        for text, colour, size in rows:
            if size == SMALL and texts and texts[-1].get_fontsize() != SMALL:
                y -= 0.02  # a little air before each heading
            texts.append(fig.text(0.55, y, text, fontsize=size, color=colour, va="top"))
            y -= 0.062 if size == LABEL else 0.052
        fig.text(0.27, 0.02, "grey: a unit that is off at this x (ReLU slope 0)", ha="center",
                 fontsize=SMALL, color=look.muted)
        fig.drawn = {"diagram": drawn, "backprop": r, "numeric": numeric, "largest": largest,
                     "rows": texts}
    return fig
