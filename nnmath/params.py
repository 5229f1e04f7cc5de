"""Networks and intervals from a lecturer's parameter file (already parsed from TOML).

A network is a table with either ``theta`` and ``phi`` (bias first, as in the slides) or the
control points ``xs`` and ``ys`` it passes through (as the book defines Fig. 4.1), and an
optional ``activation`` name with ``activation_params``::

    [net1]
    theta = [[2, 2], [0, 5.333], [-5, 8.333]]
    phi = [-1, 1, -1, 1]

    [net2]
    xs = [-1, -0.2, 0.3, 1]
    ys = [0.6, -0.8, 0.3, -0.2]

Every error names the key, what was expected and what was given.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import get_activation
from .checks import (
    MAX_MAGNITUDE, ParameterError, check_number, check_numbers, closest, number_text, shape_text,
)
from .deep import DeepNetwork
from .shallow import ShallowNetwork

NETWORK_KEYS = ("theta", "phi", "xs", "ys", "activation", "activation_params")


def network_from_table(value: Any, key: str, input_dim: int | None = 1,
                       output_dim: int | None = 1) -> ShallowNetwork:
    """A ShallowNetwork from the table ``value`` found under ``key``, checked for its sizes
    (``None``: any number of inputs or outputs)."""
    if not isinstance(value, dict):
        raise ParameterError(
            f"'{key}' must be a table of network parameters such as\n  [{key}]\n  theta = "
            f"[[0.2, 0.5], [-0.3, 0.9]]\n  phi = [0.1, 1.0, -1.0]\ngot {number_text(value)}."
        )
    unknown = sorted(set(value) - set(NETWORK_KEYS))
    if unknown:
        hints = "".join(closest(k, NETWORK_KEYS) for k in unknown)
        raise ParameterError(
            f"unknown key(s) {', '.join(f'{key}.{k}' for k in unknown)}; a network accepts "
            f"{', '.join(NETWORK_KEYS)}.{hints}"
        )
    activation = _activation(value, key)
    by_points = "xs" in value or "ys" in value
    by_weights = "theta" in value or "phi" in value
    if by_points == by_weights:
        raise ParameterError(
            f"'{key}' must give either theta and phi, or the points xs and ys the network passes "
            f"through; got {', '.join(sorted(value)) or 'neither'}."
        )
    pair = ("xs", "ys") if by_points else ("theta", "phi")
    missing = [k for k in pair if k not in value]
    if missing:
        raise ParameterError(f"'{key}' gives {pair[1 - pair.index(missing[0])]} but not "
                             f"{key}.{missing[0]}; give both {pair[0]} and {pair[1]}.")
    first, second = (check_numbers(value[k], f"{key}.{k}") for k in pair)
    try:
        if by_points:
            if input_dim not in (1, None):
                raise ParameterError(f"xs/ys define 1-input networks, but '{key}' needs "
                                     f"{input_dim} inputs; give theta and phi instead.")
            net = ShallowNetwork.through_points(first, second, activation)
        else:
            net = ShallowNetwork(first, second, activation)
    except ParameterError as error:
        raise ParameterError(f"in '{key}': {error}") from None
    if by_points:
        _check_slopes(first, second, key)
    if input_dim is not None and net.input_dim != input_dim:
        raise ParameterError(
            f"{key}.theta must have shape (D, {input_dim + 1}) for a network with {input_dim} "
            f"input(s) (bias first, then one weight per input); got {shape_text(net.theta.shape)}."
        )
    if output_dim is not None and net.output_dim != output_dim:
        expected = f"({net.hidden_dim + 1},)" if output_dim == 1 else f"({output_dim}, {net.hidden_dim + 1})"
        raise ParameterError(
            f"{key}.phi must have shape {expected} for a network with {output_dim} output(s); got "
            f"{shape_text(net.phi.shape)}."
        )
    return net


def interval_from_value(value: Any, key: str) -> tuple[float, float]:
    """(lo, hi) from ``key = [lo, hi]`` with lo < hi, both numbers checked by check_number."""
    example = f"{key} = [-1, 1]"
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ParameterError(
            f"'{key}' must be an interval written [start, end], e.g. {example}; got {number_text(value)}."
        )
    lo = check_number(value[0], f"{key}[0] (the start)", example)
    hi = check_number(value[1], f"{key}[1] (the end)", example)
    if not lo < hi:
        fix = "Swap the two numbers." if lo > hi else "Give two different numbers."
        raise ParameterError(f"'{key}' must start below its end, e.g. {example}; got "
                             f"[{lo:g}, {hi:g}]. {fix}")
    return lo, hi


def _check_slopes(xs: np.ndarray, ys: np.ndarray, key: str) -> None:
    """A network given by points (already checked by through_points): the slopes between
    neighbouring points stay within MAX_MAGNITUDE."""
    slopes = np.diff(ys.reshape(len(xs), -1), axis=0) / np.diff(xs)[:, None]
    steepest = float(np.abs(slopes).max())
    if steepest > MAX_MAGNITUDE:
        k = int(np.argmax(np.abs(slopes).max(axis=1)))
        raise ParameterError(
            f"the points {key}.xs and {key}.ys rise with slope {steepest:.3g} between "
            f"xs[{k}] = {xs[k]:g} and xs[{k + 1}] = {xs[k + 1]:g}; slopes must stay within "
            f"{MAX_MAGNITUDE:g}. Move those x values further apart or their y values closer."
        )


def _activation(table: dict, key: str):
    name = table.get("activation", "relu")
    params = table.get("activation_params", {})
    if not isinstance(params, dict):
        raise ParameterError(f"{key}.activation_params must be a table such as "
                             f"{{ steepness = 5 }}; got {number_text(params)}.")
    params = {param: check_number(value, f"{key}.activation_params.{param}")
              for param, value in params.items()}
    try:
        return get_activation(name, **params)
    except ParameterError as error:
        raise ParameterError(f"{key}.activation: {error}") from None


DEEP_NETWORK_KEYS = ("betas", "omegas", "activation", "activation_params")


def deep_network_from_table(value: Any, key: str) -> DeepNetwork:
    """A DeepNetwork from a table with ``betas`` (K+1 bias lists) and ``omegas`` (K+1 matrices,
    omegas[k] of shape (D_{k+1}, D_k), written by rows) and an optional activation::

        [deep]
        betas = [[0.1, -0.2], [0.3]]
        omegas = [[[1.0], [-1.0]], [[0.5, 2.0]]]
    """
    example = (f"\n  [{key}]\n  betas = [[0.1, -0.2], [0.3]]\n  omegas = [[[1.0], [-1.0]], "
               f"[[0.5, 2.0]]]")
    if not isinstance(value, dict):
        raise ParameterError(f"'{key}' must be a table of a deep network such as{example}\ngot "
                             f"{number_text(value)}.")
    unknown = sorted(set(value) - set(DEEP_NETWORK_KEYS))
    missing = [k for k in ("betas", "omegas") if k not in value]
    if unknown or missing:
        hints = "".join(closest(k, DEEP_NETWORK_KEYS) for k in unknown)
        problem = (f"unknown key(s) {', '.join(f'{key}.{k}' for k in unknown)}" if unknown
                   else f"'{key}' has no {' and no '.join(f'{key}.{k}' for k in missing)}")
        raise ParameterError(f"{problem}; a deep network gives betas and omegas (and optionally "
                             f"activation, activation_params), e.g.{example}{hints}")
    layers = {}
    for name in ("betas", "omegas"):
        items = value[name]
        if not isinstance(items, list) or not items:
            raise ParameterError(f"{key}.{name} must be a list with one entry per layer (K+1 of "
                                 f"them), e.g.{example}\ngot {number_text(items)}.")
        layers[name] = [check_numbers(item, f"{key}.{name}[{k}]") for k, item in enumerate(items)]
    try:
        return DeepNetwork(layers["betas"], layers["omegas"], _activation(value, key))
    except ParameterError as error:
        raise ParameterError(f"in '{key}': {error}") from None


__all__ = ["deep_network_from_table", "network_from_table", "interval_from_value"]
