"""Backpropagation on one training example, every intermediate kept (book section 7.4).

For a network with K hidden layers (``omegas[k]`` (D_{k+1}, D_k), ``betas[k]`` (D_{k+1},)),
one input x and its target y, the least-squares loss l = ||f_K - y||^2 is computed by the
forward pass

    f_0 = beta_0 + Omega_0 x,   h_k = a[f_{k-1}],   f_k = beta_k + Omega_k h_k   (k = 1..K)

and its derivatives by the backward pass, from the output down (k = K, ..., 0):

    dl/df_K      = 2 (f_K - y)
    dl/dbeta_k   = dl/df_k
    dl/dOmega_k  = dl/df_k h_k^T                     (h_0 = x)
    dl/dh_k      = Omega_k^T dl/df_k                 (k >= 1)
    dl/df_{k-1}  = a'[f_{k-1}] (.) dl/dh_k           (ReLU: a'[f] = I[f > 0])

Vectors are 1-D arrays (one example, so no batch axis). The book's notebook 7.2 runs the
same recursion; its equation numbers have changed between printings, so none are cited here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_float_array, shape_text
from .compose import Network, as_deep
from .deep import DeepNetwork
from .train import least_squares


@dataclass(frozen=True)
class Backprop:
    """The forward and backward pass of ``net`` on one example (x, y).

    x: (D_0,); y: (D_o,); f[k]: (D_{k+1},) pre-activations f_0..f_K (f[K] is the output);
    h[k]: (D_k,) activations with h[0] = x, h[1..K] the hidden layers; loss: l.
    dl_df[k]: (D_{k+1},); dl_dh[k]: (D_k,) for k = 1..K (dl_dh[0] is dl/dx);
    dl_dbeta[k]: (D_{k+1},); dl_domega[k]: (D_{k+1}, D_k); slopes[k]: (D_{k+1},) = a'[f_k]
    for the hidden layers k = 0..K-1 (ReLU: 1 where the unit is active, 0 where it is off).
    """

    net: DeepNetwork
    x: np.ndarray
    y: np.ndarray
    f: list
    h: list
    loss: float
    dl_df: list
    dl_dh: list
    dl_dbeta: list
    dl_domega: list
    slopes: list

    @property
    def output(self) -> np.ndarray:
        return self.f[-1]

    @property
    def num_hidden_layers(self) -> int:
        return len(self.f) - 1

    def parameter_gradients(self) -> np.ndarray:
        """Every dl/dparameter in the order of ``nnmath.diagram.arrows`` (layer by layer, unit
        by unit, the bias first): one number per arrow of the diagram."""
        return np.concatenate([np.column_stack([db, dw]).ravel()
                               for db, dw in zip(self.dl_dbeta, self.dl_domega)])


def _example(net: DeepNetwork, x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.atleast_1d(as_float_array(x, "x")).astype(float)
    y = np.atleast_1d(as_float_array(y, "y")).astype(float)
    if x.shape != (net.input_dim,):
        raise ParameterError(f"x must hold one number per input (D_i = {net.input_dim}); got "
                             f"shape {shape_text(x.shape)}.")
    if y.shape != (net.output_dim,):
        raise ParameterError(f"y must hold one target per output (D_o = {net.output_dim}); got "
                             f"shape {shape_text(y.shape)}.")
    return x, y


def loss_of(net: Network, x, y) -> float:
    """The least-squares loss ||net(x) - y||^2 of one example, by the network's own forward pass."""
    deep = as_deep(net)
    x, y = _example(deep, x, y)
    output = np.atleast_1d(deep.forward(x[None, :]).output[0])
    return least_squares(output[None, :], y[None, :], reduction="sum").value


def backprop(net: Network, x, y) -> Backprop:
    """The forward pass, the loss and the backward pass of ``net`` on one example (x, y)."""
    deep = as_deep(net)
    x, y = _example(deep, x, y)
    K = deep.num_hidden_layers
    f, h = [], [x]
    for k in range(K + 1):
        f.append(deep.betas[k] + deep.omegas[k] @ h[k])  # f_k = beta_k + Omega_k h_k
        if k < K:
            h.append(deep.activations[k].fn(f[k]))  # h_{k+1} = a[f_k]
    value = least_squares(f[K][None, :], y[None, :], reduction="sum")
    dl_df = [None] * (K + 1)
    dl_dh = [None] * (K + 1)
    dl_dbeta, dl_domega = [None] * (K + 1), [None] * (K + 1)
    slopes = [deep.activations[k].derivative(f[k]) for k in range(K)]
    dl_df[K] = value.doutput[0]  # 2 (f_K - y)
    for k in range(K, -1, -1):
        dl_dbeta[k] = dl_df[k].copy()
        dl_domega[k] = np.outer(dl_df[k], h[k])
        dl_dh[k] = deep.omegas[k].T @ dl_df[k]
        if k > 0:
            dl_df[k - 1] = slopes[k - 1] * dl_dh[k]
    return Backprop(deep, x, y, f, h, value.value, dl_df, dl_dh, dl_dbeta, dl_domega, slopes)


def finite_differences(net: Network, x, y, step: float = 1e-6) -> np.ndarray:
    """dl/dparameter for every parameter by central differences (l(p + step) - l(p - step)) /
    (2 step), in the order of ``Backprop.parameter_gradients``. Exact up to O(step^2) where no
    ReLU unit switches within +-step of the example (then its kink is crossed)."""
    deep = as_deep(net)
    betas = [b.copy() for b in deep.betas]
    omegas = [o.copy() for o in deep.omegas]
    out = []
    for k in range(len(omegas)):
        for i in range(omegas[k].shape[0]):
            for j in [None, *range(omegas[k].shape[1])]:
                array, index = (betas[k], (i,)) if j is None else (omegas[k], (i, j))
                values = []
                for sign in (1, -1):
                    original = array[index]
                    array[index] = original + sign * step
                    values.append(loss_of(DeepNetwork(betas, omegas, deep.activations), x, y))
                    array[index] = original
                out.append((values[0] - values[1]) / (2 * step))
    return np.array(out)


__all__ = ["Backprop", "backprop", "finite_differences", "loss_of"]
