"""Numbers and equations as a lecturer writes them, for scenes, figures and text slides alike.

Pure string formatting of nnmath's numbers (no Manim, no Matplotlib): ``fmt`` for one number,
``affine_tex`` for ``bias + sum_i w_i v_i`` and ``shallow_tex`` for the slides' equation of a
shallow network with its real numbers.
"""

from __future__ import annotations

import re

from typing import Sequence

import numpy as np


def fmt(value: float, digits: int = 2) -> str:
    """A number as a lecturer writes it: at most ``digits`` decimals, no trailing zeros, no -0."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def affine_tex(bias: float, weights: Sequence[float], variables: Sequence[str]) -> str:
    """LaTeX of ``bias + sum_i w_i v_i`` with real numbers, e.g. ``-5 + 8.33x``."""
    terms: list[str] = []
    if fmt(bias) != "0":
        terms.append(fmt(bias))
    for w, v in zip(weights, variables):
        text = fmt(abs(w))
        if text == "0":
            continue
        coefficient = "" if text == "1" else text
        sign = "-" if w < 0 else "+"
        terms.append(f"{sign} {coefficient}{v}" if terms else f"{'-' if w < 0 else ''}{coefficient}{v}")
    return " ".join(terms) if terms else "0"


def shallow_tex(theta: np.ndarray, phi: np.ndarray, x: str | Sequence[str] = "x", y: str = "y",
                act: str = r"\mathrm{a}", keep_all: bool = False) -> list[str]:
    """The slides' ``y = phi_0 + sum_d phi_d a[theta_d0 + theta_d1 x]`` with the network's numbers.

    ``theta``: (D, Di+1), ``phi``: (D+1,); ``x``: the input's name, or one name per input
    (``["x_1", "x_2"]``: ``a[theta_d0 + theta_d1 x_1 + theta_d2 x_2]``). Returned as a list of LaTeX parts (``y =``, ``phi_0``,
    one part per hidden unit) so a scene can light up one term at a time. Terms with a zero
    weight are left out unless ``keep_all`` (then part d+2 is always unit d).
    """
    parts = [f"{y} =", fmt(phi[0]) if fmt(phi[0]) != "0" or keep_all else ""]
    for d in range(theta.shape[0]):
        weight = fmt(abs(phi[d + 1]))
        if weight == "0" and not keep_all:
            continue
        sign = "-" if phi[d + 1] < 0 else "+"
        if not parts[1] and len(parts) == 2:
            sign = "-" if phi[d + 1] < 0 else ""
        coefficient = "" if weight == "1" else weight
        if coefficient and len(re.sub(r"\\[a-zA-Z]+|[{}]", "", act)) > 1:
            coefficient += r"\,"  # 2 ReLU[...], not 2ReLU[...]: a word after a number needs a space
        names = [x] if isinstance(x, str) else list(x)
        parts.append(f"{sign} {coefficient}{act}[{affine_tex(theta[d, 0], theta[d, 1:], names)}]")
    return [p for p in parts if p]


# --- group neurons: the activation zoo's legend entries ------------------------------------
def zoo_label(activation: "nnmath.Activation", short: bool = False) -> str:
    """The legend entry of one zoo member, e.g. 'ELU, $\\alpha = 0.5$' (``short``: 'leaky' for
    leaky ReLU, Swish by its beta alone)."""
    symbols = {"beta": r"\beta", "alpha": r"\alpha"}
    if short and activation.name == "swish":
        return f"${symbols['beta']} = {fmt(activation.params['beta'])}$"
    names = {"relu": "ReLU", "leaky_relu": "leaky" if short else "leaky ReLU", "prelu": "PReLU", "softplus": "softplus",
             "gelu": "GELU", "silu": "SiLU", "elu": "ELU", "selu": "SELU", "swish": "Swish"}
    params = "".join(f", ${symbols.get(k, k)} = {fmt(v)}$" for k, v in activation.params.items())
    return names.get(activation.name, activation.name) + params
