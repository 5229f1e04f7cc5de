"""The book's networks, with the parameter values of its figures (see shared REFERENCE.md).

Every scene and figure runs with no configuration from one of these; a lecturer's parameter
file overrides them. ``PRESETS[name].factory()`` builds a fresh network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import get_activation
from .deep import DeepNetwork
from .shallow import ShallowNetwork

#: Fig. 3.3: (theta_d0, theta_d1) per hidden unit and phi_0..phi_3; joints 0.5, 1.0, 1.5714.
FIG3_3_THETA = [[-0.2, 0.4], [-0.9, 0.9], [1.1, -0.7]]
FIG3_3_PHI = [-0.23, -1.3, 1.3, 0.66]
#: Fig. 3.3's sigmoid variant changes phi_1 and phi_2 (sigma(z) = 1 / (1 + exp(-5z))).
FIG3_3_SIGMOID_PHI = [-0.23, -0.8, 0.6, 0.66]


@dataclass(frozen=True)
class Preset:
    """A named network of the book: how to build it, what it is, the domain it is drawn on.

    domain: (lo, hi) for one input, ((x_lo, x_hi), (y_lo, y_hi)) for two.
    """

    factory: Callable[[], ShallowNetwork | DeepNetwork]
    description: str
    domain: tuple


def fig3_3() -> ShallowNetwork:
    """Fig. 3.3: three ReLU units, four linear regions on [0, 2]."""
    return ShallowNetwork(FIG3_3_THETA, FIG3_3_PHI)


def fig3_3_sigmoid() -> ShallowNetwork:
    """Fig. 3.3 with the steep sigmoid 1 / (1 + exp(-5z)) and phi_1 = -0.8, phi_2 = 0.6."""
    return ShallowNetwork(FIG3_3_THETA, FIG3_3_SIGMOID_PHI, get_activation("sigmoid", steepness=5))


def fig3_3_heaviside() -> ShallowNetwork:
    """Fig. 3.3 with Heaviside steps (phi of the sigmoid variant): a piecewise-constant output."""
    return ShallowNetwork(FIG3_3_THETA, FIG3_3_SIGMOID_PHI, "heaviside")


def exercise() -> ShallowNetwork:
    """The book's exercise net on [0, 1]: joints 0.3, 0.5, 0.769; flat y = -0.3 on [0.3, 0.5]."""
    return ShallowNetwork([[0.3, -1.0], [-1.0, 2.0], [-0.5, 0.65]], [-0.3, 2.0, -1.0, 7.0])


def fig3_8() -> ShallowNetwork:
    """Fig. 3.8: two inputs, three units, seven convex regions on [-1, 1]^2, one of them flat."""
    return ShallowNetwork([[0.2, 0.5, 0.5], [-0.3, 0.9, -0.1], [0.2, 0.2, -0.7]],
                          [0.4, -1.0, 1.8, -0.5])


def fig4_1_net1() -> ShallowNetwork:
    """Fig. 4.1 network 1 through (-1,-1), (0,1), (0.6,-1), (1,1): folds [-1,1] three times.

    y = -1 + ReLU[2x + 2] - ReLU[16x/3] + ReLU[25x/3 - 5].
    """
    return ShallowNetwork.through_points([-1.0, 0.0, 0.6, 1.0], [-1.0, 1.0, -1.0, 1.0])


def fig4_1_net2() -> ShallowNetwork:
    """Fig. 4.1 network 2 through (-1,0.6), (-0.2,-0.8), (0.3,0.3), (1,-0.2)."""
    return ShallowNetwork.through_points([-1.0, -0.2, 0.3, 1.0], [0.6, -0.8, 0.3, -0.2])


def fig4_5() -> DeepNetwork:
    """Fig. 4.5: a two-layer net on [0, 2] whose second-layer pre-activations pass through the
    book's points at x = 0, 1, 1.6, 2, recombined with phi' = -0.36, -1, 1.6, 0.7.

    The first layer has one ReLU unit per joint (x = 0, 1, 1.6, pointing right); its outputs
    are combined linearly into the three second-layer pre-activations.
    """
    xs = np.array([0.0, 1.0, 1.6, 2.0])
    ys = np.array([[-0.75, 0.8, -0.8, 0.8], [-0.18, 0.5, -0.2, 0.8], [0.48, -0.25, 0.93, -0.2]]).T
    first = ShallowNetwork.through_points(xs, ys)  # three outputs = the pre-activations
    phi_out = np.array([-0.36, -1.0, 1.6, 0.7])
    return DeepNetwork(
        betas=[first.theta[:, 0], first.phi[:, 0], phi_out[:1]],
        omegas=[first.theta[:, 1:], first.phi[:, 1:], phi_out[None, 1:]],
    )


def random_relu_network(widths, seed: int, input_dim: int = 2, output_dim: int = 1,
                        bias_std: float = 0.3) -> DeepNetwork:
    """A He-initialised ReLU net input_dim -> widths -> output_dim (the "random deep net" pictures).

    Weights ~ N(0, 2 / fan_in); biases ~ N(0, bias_std^2), so that the joint lines do not all
    pass through the origin. ``seed`` makes it reproducible (no global random state is used).
    """
    rng = np.random.default_rng(seed)
    sizes = [input_dim, *widths, output_dim]
    omegas = [rng.normal(0, np.sqrt(2 / a), size=(b, a)) for a, b in zip(sizes[:-1], sizes[1:])]
    betas = [rng.normal(0, bias_std, size=b) for b in sizes[1:]]
    return DeepNetwork(betas, omegas)


def fig4_6() -> DeepNetwork:
    """The shape of Fig. 4.6 (Di = 3, D_1 = 4, D_2 = 2, D_3 = 3, Do = 2; 43 parameters).

    The book draws its matrix notation with no values, so the weights are He-initialised
    (``random_relu_network``, seed 4), rounded to two decimals as a diagram shows them.
    """
    net = random_relu_network((4, 2, 3), seed=4, input_dim=3, output_dim=2)
    return DeepNetwork([np.round(b, 2) for b in net.betas], [np.round(o, 2) for o in net.omegas])


def is_preset(net, name: str) -> bool:
    """Whether ``net`` has exactly the parameters (and shapes) of preset ``name`` (so that a
    drawing may say "the numbers of Fig. 4.1" only for the book's own networks)."""
    from .compose import as_deep

    mine, book = as_deep(net), as_deep(PRESETS[name].factory())
    pairs = list(zip(mine.omegas + mine.betas, book.omegas + book.betas))
    return len(mine.omegas) == len(book.omegas) and all(
        a.shape == b.shape and np.allclose(a, b, rtol=0, atol=1e-12) for a, b in pairs)


PRESETS: dict[str, Preset] = {
    "fig3_3": Preset(fig3_3, "Fig. 3.3, three ReLU units on [0, 2]", (0.0, 2.0)),
    "fig3_3_sigmoid": Preset(fig3_3_sigmoid, "Fig. 3.3 with a steep sigmoid", (0.0, 2.0)),
    "fig3_3_heaviside": Preset(fig3_3_heaviside, "Fig. 3.3 with Heaviside steps", (0.0, 2.0)),
    "exercise": Preset(exercise, "the exercise net on [0, 1]", (0.0, 1.0)),
    "fig3_8": Preset(fig3_8, "Fig. 3.8, 2 inputs, 3 units, 7 regions", ((-1.0, 1.0), (-1.0, 1.0))),
    "fig4_1_net1": Preset(fig4_1_net1, "Fig. 4.1 network 1 (folds [-1, 1])", (-1.0, 1.0)),
    "fig4_1_net2": Preset(fig4_1_net2, "Fig. 4.1 network 2", (-1.0, 1.0)),
    "fig4_5": Preset(fig4_5, "Fig. 4.5, two layers of three units on [0, 2]", (0.0, 2.0)),
    "fig4_6": Preset(fig4_6, "the shape of Fig. 4.6, 3-4-2-3-2, random weights",
                     ((-1.0, 1.0), (-1.0, 1.0), (-1.0, 1.0))),
}
