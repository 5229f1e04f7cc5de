"""Composing networks (book section 4.1-4.3, Figs. 4.1-4.4).

Feeding the output y of a first network into a second one, and substituting y, gives one deep
network. For two shallow 1-input nets (slides: "two networks merged into one"):

    h'_i = a[theta'_i0 + theta'_i1 y]  with  y = phi_0 + sum_j phi_j h_j
         = a[psi_i0 + sum_j psi_ij h_j],  psi_i0 = theta'_i0 + theta'_i1 phi_0,
                                          psi_ij = theta'_i1 phi_j.

In matrix notation the first network's output layer (beta_K, Omega_K) and the second network's
input layer (beta'_0, Omega'_0) merge into one layer: beta'_0 + Omega'_0 beta_K and
Omega'_0 Omega_K.
"""

from __future__ import annotations

import numpy as np

from .checks import ParameterError
from .deep import DeepNetwork
from .shallow import ShallowNetwork

Network = ShallowNetwork | DeepNetwork


def as_deep(net: Network) -> DeepNetwork:
    """The network as a DeepNetwork (a ShallowNetwork becomes K = 1)."""
    if isinstance(net, DeepNetwork):
        return net
    if isinstance(net, ShallowNetwork):
        return net.to_deep()
    raise ParameterError(
        f"expected a ShallowNetwork or DeepNetwork; got {type(net).__name__}. Build one with "
        f"nnmath.ShallowNetwork(theta, phi) or nnmath.DeepNetwork(betas, omegas)."
    )


def psi(first: Network, second: Network) -> np.ndarray:
    """(D', D+1) the merged layer's parameters, bias first (the slides' psi_i0, psi_ij).

    Row i is (psi_i0, psi_i1, ..., psi_iD): the second network's unit i written in terms of the
    first network's last hidden layer h_1..h_D. first: Do outputs; second: Do inputs.
    """
    one, two = as_deep(first), as_deep(second)
    _check_chain(one, two)
    # psi_i0 = theta'_i0 + sum_o theta'_io phi_o0 ; psi_ij = sum_o theta'_io phi_oj
    bias = two.betas[0] + two.omegas[0] @ one.betas[-1]
    weights = two.omegas[0] @ one.omegas[-1]
    return np.column_stack([bias, weights])


def compose(first: Network, second: Network) -> DeepNetwork:
    """The deep network x -> second(first(x)), with K = K_1 + K_2 hidden layers.

    The first network's hidden layers, then the merged layer (see :func:`psi`), then the second
    network's remaining layers. Each hidden layer keeps its own activation.
    """
    one, two = as_deep(first), as_deep(second)
    _check_chain(one, two)
    merged = psi(one, two)
    return DeepNetwork(
        betas=[*one.betas[:-1], merged[:, 0], *two.betas[1:]],
        omegas=[*one.omegas[:-1], merged[:, 1:], *two.omegas[1:]],
        activation=[*one.activations, *two.activations],
    )


def _check_chain(one: DeepNetwork, two: DeepNetwork) -> None:
    if one.output_dim != two.input_dim:
        raise ParameterError(
            f"cannot compose: the first network has {one.output_dim} output(s) but the second "
            f"takes {two.input_dim} input(s). The first network's outputs are the second's "
            f"inputs, so these sizes must agree."
        )
