"""The deep build-up of a two-layer network with one input (book Fig. 4.5).

    pre_k(x) = psi_k0 + sum_j psi_kj h_j(x)     the second layer's pre-activations: a shallow
                                                 network with D_2 outputs, sharing layer 1's joints
    h'_k(x)  = a[pre_k(x)]                       clipped: a new joint wherever pre_k crosses 0
    y(x)     = phi'_0 + sum_k phi'_k h'_k(x)     weighted and summed

So the output's joints are the first layer's joints and the zero crossings of the pre_k: that is
where its linear regions come from. The book draws Fig. 4.5 from the points each pre_k passes
through (x = 0, 1, 1.6, 2); :func:`two_layer_through_points` builds such a network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_float_array
from .compose import as_deep
from .deep import DeepNetwork
from .piecewise import PiecewiseLinear, piecewise_linear
from .shallow import ShallowNetwork


def two_layer_through_points(xs, pre_ys, phi) -> DeepNetwork:
    """A two-layer ReLU network whose second-layer pre-activations pass through given points.

    xs (n,): increasing x values; pre_ys (D_2, n): row k holds pre_k at the xs; phi (D_2 + 1,):
    phi'_0, phi'_1..phi'_D2, the output's weights. The first layer has one unit per joint
    x_0..x_{n-2} (pointing right, ReLU[x - x_i]); the pre_k are the linear interpolants of their
    points (constant left of x_0, continued right of x_{n-1}), as in ``ShallowNetwork.through_points``.
    """
    pre_ys = as_float_array(pre_ys, "pre_ys")
    phi = as_float_array(phi, "phi")
    if pre_ys.ndim != 2:
        raise ParameterError(
            f"pre_ys must be a list of rows, one per second-layer unit, each with one value per "
            f"x; got shape {pre_ys.shape}.")
    if phi.shape != (pre_ys.shape[0] + 1,):
        raise ParameterError(
            f"phi must hold phi'_0 and one weight per second-layer unit: {pre_ys.shape[0] + 1} "
            f"numbers for {pre_ys.shape[0]} rows of points; got {phi.size}.")
    # D_2 outputs = the pre-activations, with joints shared (the row is given twice for one
    # unit: through_points keeps the shared-joint form only for several outputs)
    rows = pre_ys if pre_ys.shape[0] > 1 else np.vstack([pre_ys, pre_ys])
    first = ShallowNetwork.through_points(xs, rows.T)
    units = pre_ys.shape[0]
    return DeepNetwork(
        betas=[first.theta[:, 0], first.phi[:units, 0], phi[:1]],
        omegas=[first.theta[:, 1:], first.phi[:units, 1:], phi[None, 1:]],
    )


@dataclass(frozen=True, eq=False)
class BuildUp:
    """Every stage of Fig. 4.5 on [lo, hi], exact.

    first_joints (J,): the joints of layer 1 inside the interval (where some h_j switches);
    preactivations: the pre_k as one PiecewiseLinear with D_2 outputs (breakpoints: the ends and
    first_joints); zeros[k]: the x inside the interval where pre_k crosses 0 (layer 2's joints);
    clipped[k], weighted[k]: h'_k and phi'_k h'_k as PiecewiseLinear; phi (D_2 + 1,);
    output: y, merged into its linear regions (``piecewise_linear`` of the whole network).
    """

    net: DeepNetwork
    first_joints: np.ndarray
    preactivations: PiecewiseLinear
    zeros: tuple[np.ndarray, ...]
    clipped: tuple[PiecewiseLinear, ...]
    weighted: tuple[PiecewiseLinear, ...]
    phi: np.ndarray
    output: PiecewiseLinear

    @property
    def num_regions(self) -> int:
        return self.output.num_regions

    @property
    def new_joints(self) -> np.ndarray:
        """All zero crossings of the pre-activations, sorted (the joints layer 2 adds)."""
        return np.sort(np.concatenate(self.zeros)) if self.zeros else np.zeros(0)


def build_up(net, lo: float, hi: float) -> BuildUp:
    """The stages of Fig. 4.5 for a 1-input, 1-output network with two ReLU hidden layers."""
    deep = as_deep(net)
    if deep.num_hidden_layers != 2 or deep.input_dim != 1 or deep.output_dim != 1:
        raise ParameterError(
            f"the deep build-up needs 1 input, two hidden layers and 1 output; got "
            f"{deep.input_dim} input(s), {deep.num_hidden_layers} hidden layer(s) and "
            f"{deep.output_dim} output(s).")
    # layers 1 and 2's pre-activation: a shallow network with D_2 outputs
    shallow = DeepNetwork(deep.betas[:2], deep.omegas[:2], deep.activations[0])
    pre = piecewise_linear(shallow, lo, hi, merge=False)
    if pre.values.ndim == 1:  # one second-layer unit
        pre = PiecewiseLinear(pre.breakpoints, pre.values[:, None], pre.slopes[:, None])
    act = deep.activations[1]
    phi = np.concatenate([deep.betas[2], deep.omegas[2][0]])
    zeros, clipped, weighted = [], [], []
    for k in range(pre.values.shape[1]):
        v = pre.values[:, k]
        # pre_k is linear between breakpoints: it vanishes at x_i + (x_{i+1} - x_i) v_i / (v_i - v_{i+1})
        i = np.flatnonzero(np.sign(v[:-1]) * np.sign(v[1:]) < 0)
        x0, x1 = pre.breakpoints[i], pre.breakpoints[i + 1]
        roots = x0 + (x1 - x0) * v[i] / (v[i] - v[i + 1])
        zeros.append(roots)
        xs = np.union1d(pre.breakpoints, roots)
        h = act(np.interp(xs, pre.breakpoints, v))
        clipped.append(_pieces(xs, h))
        weighted.append(_pieces(xs, phi[k + 1] * h))
    first_joints = pre.breakpoints[1:-1]
    return BuildUp(deep, first_joints, pre, tuple(zeros), tuple(clipped), tuple(weighted), phi,
                   piecewise_linear(deep, lo, hi))


def _pieces(xs: np.ndarray, values: np.ndarray) -> PiecewiseLinear:
    return PiecewiseLinear(xs, values, np.diff(values) / np.diff(xs))
