"""Shallow networks: one hidden layer (book chapter 3, Figs. 3.1-3.8, 4.1).

    h_d = a[theta_d0 + sum_i theta_di x_i]          d = 1..D     (hidden units)
    y_j = phi_j0 + sum_d phi_jd h_d                 j = 1..Do    (outputs)

Parameters are bundled with the bias first: ``theta`` (D, Di+1) and ``phi`` (Do, D+1), or a
1-D ``phi`` (D+1,) when there is one output, as in the book's 1-output examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .activations import Activation, get_activation
from .checks import ParameterError, as_batch, as_float_array, read_only, shape_text

if TYPE_CHECKING:
    from .deep import DeepNetwork

#: Slope changes smaller than this (relative to the largest slope) count as zero in through_points.
SLOPE_CHANGE_RTOL = 1e-12


@dataclass(frozen=True)
class ShallowTrace:
    """Every intermediate quantity of one forward pass (the panels of Fig. 3.3).

    x: (N, Di) inputs; preactivation: (N, D) theta_d0 + theta_d . x (Fig. 3.3a-c);
    activation: (N, D) h_d (Fig. 3.3d-f); weighted: phi_d h_d, (N, D) for one output or
    (N, Do, D) (Fig. 3.3g-i); output: (N,) for one output, else (N, Do) (Fig. 3.3j).
    """

    x: np.ndarray
    preactivation: np.ndarray
    activation: np.ndarray
    weighted: np.ndarray
    output: np.ndarray

    @property
    def active(self) -> np.ndarray:
        """(N, D) activation pattern: True where unit d is on (pre-activation > 0), Fig. 3.5."""
        return self.preactivation > 0


@dataclass(frozen=True, eq=False)
class ShallowNetwork:
    """A shallow network y = phi_0 + sum_d phi_d a[theta_d0 + theta_d . x].

    theta: (D, Di+1), row d = (theta_d0, theta_d1, ..., theta_dDi), bias in column 0.
    phi: (D+1,) when Do = 1, else (Do, D+1), bias phi_j0 in column 0. A (1, D+1) phi is
    stored as (D+1,). activation: a name (see ``nnmath.ACTIVATIONS``) or an Activation.
    Arrays are stored as read-only float copies; NaN/inf are refused.
    """

    theta: np.ndarray
    phi: np.ndarray
    activation: Activation | str = "relu"

    def __post_init__(self):
        theta = as_float_array(self.theta, "theta")
        if theta.ndim != 2 or theta.shape[1] < 2:
            raise ParameterError(
                f"theta must have shape (D, Di+1): one row (theta_d0, theta_d1, ...) per hidden "
                f"unit, bias in column 0; got {shape_text(theta.shape)}. For one input write "
                f"theta = [[theta_10, theta_11], [theta_20, theta_21], ...]."
            )
        phi = _check_phi(as_float_array(self.phi, "phi"), hidden_dim=theta.shape[0])
        object.__setattr__(self, "theta", read_only(theta))
        object.__setattr__(self, "phi", read_only(phi))
        object.__setattr__(self, "activation", get_activation(self.activation))

    # --- sizes ---------------------------------------------------------------------------------

    @property
    def input_dim(self) -> int:
        """Di, the number of inputs."""
        return self.theta.shape[1] - 1

    @property
    def hidden_dim(self) -> int:
        """D, the number of hidden units."""
        return self.theta.shape[0]

    @property
    def output_dim(self) -> int:
        """Do, the number of outputs."""
        return 1 if self.phi.ndim == 1 else self.phi.shape[0]

    @property
    def num_parameters(self) -> int:
        """(Di+1) D + (D+1) Do: one per arrow and one per bias of the network diagram."""
        return int(self.theta.size + self.phi.size)

    # --- evaluation ----------------------------------------------------------------------------

    def forward(self, x) -> ShallowTrace:
        """Run the network on inputs x ((N, Di); (N,) or a scalar when Di = 1), keeping every step."""
        x = as_batch(x, self.input_dim)
        # preactivation_nd = theta_d0 + sum_i theta_di x_ni
        preactivation = self.theta[:, 0] + x @ self.theta[:, 1:].T
        # h_nd = a[preactivation_nd]
        activation = self.activation(preactivation)
        phi = self.phi.reshape(self.output_dim, -1)
        # y_nj = phi_j0 + sum_d phi_jd h_nd
        output = phi[:, 0] + activation @ phi[:, 1:].T
        if self.output_dim == 1:
            weighted = activation * phi[0, 1:]
            output = output[:, 0]
        else:
            weighted = activation[:, None, :] * phi[None, :, 1:]
        return ShallowTrace(x, preactivation, activation, weighted, output)

    def __call__(self, x):
        """The network's output: (N,) for one output, (N, Do) otherwise; a scalar x drops N."""
        output = self.forward(x).output
        return output[0] if np.ndim(x) == 0 else output

    def joints(self) -> np.ndarray:
        """(D,) the joint of each hidden unit of a 1-input network, x_d = -theta_d0 / theta_d1.

        Where the pre-activation of unit d crosses zero (Fig. 3.3); NaN for a unit with
        theta_d1 = 0, whose pre-activation is constant and has no joint.
        """
        if self.input_dim != 1:
            raise ParameterError(
                f"joints() needs a 1-input network (points where a line crosses zero); this one "
                f"has {self.input_dim} inputs, where each unit's joint is a line or plane instead."
            )
        bias, slope = self.theta[:, 0], self.theta[:, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(slope != 0, -bias / np.where(slope != 0, slope, 1.0), np.nan)

    def output(self, j: int) -> ShallowNetwork:
        """The 1-output network computing output j (0-based) of this one: the same hidden units
        (theta) and phi's row j, (D+1,). Fig. 3.6: each output is its own weighting of the same
        clipped units, so its linear regions can be found on its own (a zero phi_jd removes a
        joint from output j only)."""
        if not 0 <= j < self.output_dim:
            raise ParameterError(
                f"output j must be between 0 and {self.output_dim - 1} for a network with "
                f"{self.output_dim} output(s); got {j}."
            )
        return ShallowNetwork(self.theta, self.phi.reshape(self.output_dim, -1)[j], self.activation)

    def to_deep(self) -> DeepNetwork:
        """The same network as a DeepNetwork with K = 1: beta_0, Omega_0 from theta; beta_1, Omega_1 from phi."""
        from .deep import DeepNetwork

        phi = self.phi.reshape(self.output_dim, -1)
        return DeepNetwork(
            betas=[self.theta[:, 0], phi[:, 0]],
            omegas=[self.theta[:, 1:], phi[:, 1:]],
            activation=self.activation,
        )

    # --- construction from points (Fig. 4.1) ---------------------------------------------------

    @classmethod
    def through_points(cls, xs, ys, activation="relu") -> ShallowNetwork:
        """The 1-input ReLU network through control points (x_k, y_k), as in the book's Fig. 4.1.

        xs: (n,) strictly increasing, n >= 2; ys: (n,) for one output or (n, Do).
        The network is the linear interpolant of the points on [xs[0], xs[-1]], constant ys[0]
        left of xs[0] and continues the last segment right of xs[-1]. Hidden unit k
        (k = 0..n-2) has its joint at xs[k] and points right (theta_k1 > 0); phi_0 = ys[0].

        One output: with slope change c_k = s_k - s_{k-1} (s_-1 = 0) the unit is
        sign(c_k) ReLU[|c_k| (x - x_k)], i.e. theta_k = (-|c_k| x_k, |c_k|), phi_k = sign(c_k),
        which is how the book writes net 1: -1 + ReLU[2x+2] - ReLU[16x/3] + ReLU[25x/3 - 5].
        Units whose slope change is zero (|c_k| <= 1e-12 max|s|) are left out (unless all are,
        then unit 0 is kept with phi_1 = 0). Several outputs share the joints:
        theta_k = (-x_k, 1) and phi[:, k+1] = c_k of each output.

        ``activation`` is stored on the network; the interpolation holds for "relu" only.
        """
        xs = as_float_array(xs, "xs")
        ys = as_float_array(ys, "ys")
        _check_points(xs, ys)
        single_output = ys.ndim == 1 or ys.shape[1] == 1
        ys = ys.reshape(len(xs), -1)
        # s_k = (y_{k+1} - y_k) / (x_{k+1} - x_k), the slope of segment k
        slopes = np.diff(ys, axis=0) / np.diff(xs)[:, None]
        # c_k = s_k - s_{k-1}, with slope 0 to the left of x_0
        changes = np.diff(slopes, axis=0, prepend=0.0)
        joints = xs[:-1]
        if not single_output:
            theta = np.column_stack([-joints, np.ones_like(joints)])
            phi = np.column_stack([ys[0], changes.T])
            return cls(theta, phi, activation)
        change = changes[:, 0]
        keep = np.abs(change) > SLOPE_CHANGE_RTOL * np.abs(slopes).max()
        if not keep.any():
            return cls([[-joints[0], 1.0]], [ys[0, 0], 0.0], activation)
        magnitude = np.abs(change[keep])
        theta = np.column_stack([0.0 - magnitude * joints[keep], magnitude])  # no -0.0
        phi = np.concatenate([[ys[0, 0]], np.sign(change[keep])])
        return cls(theta, phi, activation)


def _check_phi(phi: np.ndarray, hidden_dim: int) -> np.ndarray:
    """phi as (D+1,) for one output or (Do, D+1), checked against D = hidden_dim."""
    expected = hidden_dim + 1
    if phi.ndim == 2 and phi.shape[0] == 1:
        phi = phi[0]
    if phi.ndim == 1 and phi.shape[0] == expected:
        return phi
    if phi.ndim == 2 and phi.shape[1] == expected and phi.shape[0] >= 1:
        return phi
    raise ParameterError(
        f"phi must have shape (D+1,) = ({expected},) for one output, or (Do, D+1) = "
        f"(Do, {expected}) for Do outputs, with phi_0 (the bias) first, to match theta with "
        f"D = {hidden_dim} rows; got {shape_text(phi.shape)}. Give one weight per hidden unit "
        f"plus the bias."
    )


def _check_points(xs: np.ndarray, ys: np.ndarray) -> None:
    if xs.ndim != 1 or xs.shape[0] < 2:
        raise ParameterError(
            f"xs must be a 1-D array of at least 2 x-positions; got shape {shape_text(xs.shape)}."
        )
    if ys.ndim not in (1, 2) or ys.shape[0] != xs.shape[0] or ys.size == 0:
        raise ParameterError(
            f"ys must have shape (n,) or (n, Do) with n = len(xs) = {xs.shape[0]}; "
            f"got {shape_text(ys.shape)}. Give one y (or one row of outputs) per x."
        )
    steps = np.diff(xs)
    if (steps <= 0).any():
        k = int(np.argmax(steps <= 0))
        raise ParameterError(
            f"xs must be strictly increasing; xs[{k}] = {xs[k]:g} is followed by "
            f"xs[{k + 1}] = {xs[k + 1]:g}. Sort the points by x and remove repeated x values."
        )
