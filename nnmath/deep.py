"""Deep networks: K hidden layers in vector/matrix notation (book section 4.4, Figs. 4.5-4.6).

    h_1     = a[beta_0 + Omega_0 x]
    h_{k+1} = a[beta_k + Omega_k h_k]          k = 1..K-1
    y       = beta_K + Omega_K h_K

``omegas[k]`` has shape (D_{k+1}, D_k) and ``betas[k]`` shape (D_{k+1},), k = 0..K, with
D_0 = Di the input size and D_{K+1} = Do the output size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import Activation, get_activation
from .checks import ParameterError, as_batch, as_float_array, read_only, shape_text


@dataclass(frozen=True)
class DeepTrace:
    """Every intermediate quantity of one forward pass through a DeepNetwork.

    x: (N, Di); preactivations[k]: (N, D_{k+1}) = beta_k + Omega_k h_k (h_0 = x);
    activations[k]: (N, D_{k+1}) = h_{k+1}, for the K hidden layers k = 0..K-1;
    output: (N,) for one output, else (N, Do).
    """

    x: np.ndarray
    preactivations: list
    activations: list
    output: np.ndarray


@dataclass(frozen=True, eq=False)
class DeepNetwork:
    """A fully connected network with K = len(omegas) - 1 hidden layers.

    betas: K+1 bias vectors, betas[k] (D_{k+1},) (a scalar is accepted when D_{k+1} = 1).
    omegas: K+1 weight matrices, omegas[k] (D_{k+1}, D_k).
    activation: one name/Activation for every hidden layer, or a sequence of K of them
    (one per hidden layer, e.g. after composing networks with different activations).
    After construction ``activation`` is a single Activation when all layers share one and
    a tuple of K otherwise; ``activations`` is always the tuple of K.
    """

    betas: tuple
    omegas: tuple
    activation: Activation | str | tuple = "relu"

    def __post_init__(self):
        omegas, betas = _check_layers(self.betas, self.omegas)
        activations = _check_activations(self.activation, len(omegas) - 1)
        object.__setattr__(self, "omegas", omegas)
        object.__setattr__(self, "betas", betas)
        object.__setattr__(self, "_activations", activations)
        shared = len(set(activations)) == 1 if activations else False
        if shared:
            object.__setattr__(self, "activation", activations[0])
        elif activations:
            object.__setattr__(self, "activation", activations)
        else:  # K = 0: a linear model, the activation is never used
            object.__setattr__(self, "activation", get_activation(_first(self.activation)))

    # --- sizes ---------------------------------------------------------------------------------

    @property
    def activations(self) -> tuple[Activation, ...]:
        """One Activation per hidden layer (K of them)."""
        return self._activations

    @property
    def widths(self) -> tuple[int, ...]:
        """(D_1, ..., D_K), the hidden widths."""
        return tuple(omega.shape[0] for omega in self.omegas[:-1])

    @property
    def input_dim(self) -> int:
        """Di = D_0."""
        return self.omegas[0].shape[1]

    @property
    def output_dim(self) -> int:
        """Do = D_{K+1}."""
        return self.omegas[-1].shape[0]

    @property
    def num_hidden_layers(self) -> int:
        """K."""
        return len(self.omegas) - 1

    @property
    def num_parameters(self) -> int:
        """sum_k D_{k+1} (D_k + 1): every weight and bias."""
        return int(sum(o.size + b.size for o, b in zip(self.omegas, self.betas)))

    # --- evaluation ----------------------------------------------------------------------------

    def forward(self, x) -> DeepTrace:
        """Run the network on x ((N, Di); (N,) or a scalar when Di = 1), keeping every layer."""
        x = as_batch(x, self.input_dim)
        h = x
        preactivations, activations = [], []
        for beta, omega, act in zip(self.betas, self.omegas, self._activations):
            # pre_{k+1} = beta_k + Omega_k h_k ; h_{k+1} = a[pre_{k+1}]
            preactivation = beta + h @ omega.T
            h = act(preactivation)
            preactivations.append(preactivation)
            activations.append(h)
        # y = beta_K + Omega_K h_K
        output = self.betas[-1] + h @ self.omegas[-1].T
        if self.output_dim == 1:
            output = output[:, 0]
        return DeepTrace(x, preactivations, activations, output)

    def __call__(self, x):
        """The network's output: (N,) for one output, (N, Do) otherwise; a scalar x drops N."""
        output = self.forward(x).output
        return output[0] if np.ndim(x) == 0 else output


def _check_layers(betas, omegas) -> tuple[tuple, tuple]:
    """Convert and check omegas[k] (D_{k+1}, D_k) and betas[k] (D_{k+1},); return read-only tuples."""
    if isinstance(omegas, np.ndarray) or not hasattr(omegas, "__len__") or len(omegas) == 0:
        raise ParameterError(
            "omegas must be a non-empty list of weight matrices, omegas[k] of shape "
            "(D_{k+1}, D_k); got " + (type(omegas).__name__ if not hasattr(omegas, "__len__")
                                       else f"{len(omegas)} item(s)") + "."
        )
    if isinstance(betas, np.ndarray) or not hasattr(betas, "__len__") or len(betas) != len(omegas):
        count = len(betas) if hasattr(betas, "__len__") else type(betas).__name__
        raise ParameterError(
            f"betas must be a list with one bias vector per weight matrix (K+1 = {len(omegas)}); "
            f"got {count}."
        )
    checked_omegas, checked_betas = [], []
    for k, (beta, omega) in enumerate(zip(betas, omegas)):
        omega = as_float_array(omega, f"omegas[{k}]")
        if omega.ndim != 2 or 0 in omega.shape:
            raise ParameterError(
                f"omegas[{k}] must be a 2-D matrix of shape (D_{k + 1}, D_{k}); got "
                f"{shape_text(omega.shape)}. Write a single row as [[w1, w2, ...]] and a single "
                f"column as [[w1], [w2], ...]."
            )
        if checked_omegas and omega.shape[1] != checked_omegas[-1].shape[0]:
            previous = checked_omegas[-1].shape
            raise ParameterError(
                f"omegas[{k}] must have shape (D_{k + 1}, D_{k}) = ({omega.shape[0]}, "
                f"{previous[0]}) to follow omegas[{k - 1}] of shape {shape_text(previous)}; got "
                f"{shape_text(omega.shape)}. Its number of columns must equal the number of "
                f"rows of omegas[{k - 1}]."
            )
        beta = as_float_array(beta, f"betas[{k}]")
        if beta.ndim == 0:
            beta = beta.reshape(1)
        if beta.shape != (omega.shape[0],):
            raise ParameterError(
                f"betas[{k}] must have shape (D_{k + 1},) = ({omega.shape[0]},) to match "
                f"omegas[{k}] of shape {shape_text(omega.shape)}; got {shape_text(beta.shape)}. "
                f"Give one bias per row of omegas[{k}]."
            )
        checked_omegas.append(read_only(omega))
        checked_betas.append(read_only(beta))
    return tuple(checked_omegas), tuple(checked_betas)


def _check_activations(activation, num_hidden: int) -> tuple[Activation, ...]:
    """One Activation per hidden layer from a single name/Activation or a sequence of K."""
    if isinstance(activation, (str, Activation)):
        return (get_activation(activation),) * num_hidden
    try:
        items = list(activation)
    except TypeError:
        raise ParameterError(
            f"activation must be a name, an Activation or a list of one per hidden layer; got "
            f"{activation!r}."
        ) from None
    if len(items) != num_hidden:
        raise ParameterError(
            f"activation must be one name/Activation or a list of one per hidden layer "
            f"(K = {num_hidden}); got a list of {len(items)}."
        )
    return tuple(get_activation(item) for item in items)


def _first(activation):
    if isinstance(activation, (str, Activation)):
        return activation
    items = list(activation)
    return items[0] if items else "relu"
