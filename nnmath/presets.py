"""The book's networks, with the parameter values of its figures (see shared REFERENCE.md).

Every scene and figure runs with no configuration from one of these; a lecturer's parameter
file overrides them. ``PRESETS[name].factory()`` builds a fresh network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import get_activation
from .build_up import two_layer_through_points
from .deep import DeepNetwork
from .shallow import ShallowNetwork

#: Fig. 3.3: (theta_d0, theta_d1) per hidden unit and phi_0..phi_3; joints 0.5, 1.0, 1.5714.
FIG3_3_THETA = [[-0.2, 0.4], [-0.9, 0.9], [1.1, -0.7]]
FIG3_3_PHI = [-0.23, -1.3, 1.3, 0.66]
#: Fig. 3.3's sigmoid variant changes phi_1 and phi_2 (sigma(z) = 1 / (1 + exp(-5z))).
FIG3_3_SIGMOID_PHI = [-0.23, -0.8, 0.6, 0.66]

#: Fig. 3.6 (our numbers, see fig3_6): joints 0.3, 0.8, 1.2, 1.7; phi rows of y_1 and y_2.
FIG3_6_THETA = [[-0.3, 1.0], [0.8, -1.0], [-1.2, 1.0], [1.7, -1.0]]
FIG3_6_PHI = [[-0.6, 1.0, -1.0, -1.5, 0.5], [0.6, -0.5, 1.5, 1.0, -0.8]]
#: The second output row of phi added to Fig. 3.8's network (see fig3_8_two_outputs).
FIG3_8_SECOND_PHI = [-0.2, 0.8, -0.9, 1.2]

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


def fig3_6() -> ShallowNetwork:
    """Fig. 3.6: one input, four ReLU units, two outputs that share the units' joints.

    The book does not print its numbers; these were chosen to show what the figure shows. The
    four joints -theta_d0 / theta_d1 = 0.3, 0.8, 1.2, 1.7 are spread over the plotted interval
    [0, 2]; units 1 and 3 point right (slope 1), units 2 and 4 left (slope -1), so every unit
    is on over a stretch at least 0.8 long and reaches at least 0.8. Every phi_jd is non-zero,
    so each output has all four joints (5 linear regions), and the two weightings differ in
    sign pattern: y_1 = -0.6 + h_1 - h_2 - 1.5 h_3 + 0.5 h_4 rises and then falls (slopes 0.5,
    1.5, 0.5, -1, -0.5), y_2 = 0.6 - 0.5 h_1 + 1.5 h_2 + h_3 - 0.8 h_4 falls and then rises
    (slopes -0.7, -1.2, 0.3, 1.3, 0.5); both stay within [-0.6, 0.6] on [0, 2].
    """
    return ShallowNetwork(FIG3_6_THETA, FIG3_6_PHI)


def fig3_8_two_outputs() -> ShallowNetwork:
    """Fig. 3.8's hidden layer with a second output (deck 002: "what would the other output
    look like?"). The book shows one output; the second row of phi is ours.

    Row 1 is the book's phi = (0.4, -1, 1.8, -0.5). Row 2, (-0.2, 0.8, -0.9, 1.2), gives every
    unit a weight of the other sign, so the second surface rises where the first falls; all
    its weights are non-zero, so it has the same three joint lines and the same seven regions,
    and on the region where every unit is off it is flat too (y_2 = phi_20 = -0.2).
    """
    net = fig3_8()
    return ShallowNetwork(net.theta, [net.phi, FIG3_8_SECOND_PHI])


def fig4_1_net1() -> ShallowNetwork:
    """Fig. 4.1 network 1 through (-1,-1), (0,1), (0.6,-1), (1,1): folds [-1,1] three times.

    y = -1 + ReLU[2x + 2] - ReLU[16x/3] + ReLU[25x/3 - 5].
    """
    return ShallowNetwork.through_points([-1.0, 0.0, 0.6, 1.0], [-1.0, 1.0, -1.0, 1.0])


def fig4_1_net2() -> ShallowNetwork:
    """Fig. 4.1 network 2 through (-1,0.6), (-0.2,-0.8), (0.3,0.3), (1,-0.2)."""
    return ShallowNetwork.through_points([-1.0, -0.2, 0.3, 1.0], [0.6, -0.8, 0.3, -0.2])


#: Fig. 4.2's second network: its joints are at the levels y = -0.25 and y = -0.1 of Fig. 3.8's y.
FIG4_2_SECOND_THETA = [[0.25, 1.0], [0.1, 1.0]]
FIG4_2_SECOND_PHI = [0.0, 1.0, -2.0]


def fig4_2_second() -> ShallowNetwork:
    """Fig. 4.2's second network (1 input, 2 units): fed Fig. 3.8's output it makes 13 regions.

    y' = a[0.25 + y] - 2 a[0.1 + y]. The book does not publish its network; this one is
    constructed. Each joint c_k = -theta'_k0 / theta'_k1 of the second network is a level set
    y = c_k of the first, and a level set through the inside of one of its convex, non-flat
    regions cuts it in two (``nnmath.level_sets``): regions = 7 + (joint, region) crossings, so
    13 needs six. The seven regions of Fig. 3.8 take y over these corner ranges (region: min
    to max; the flat one is y = 0.4): -0.072..0.4, -0.072..0.502, -0.522..0.4, -0.185..0.4,
    -0.522..0.391, -0.185..0.91. A level c crosses the regions whose range holds it, which
    ``level_sets.crossings_by_level`` tabulates: 2 regions for c in (-0.522, -0.185), 4 in
    (-0.185, -0.072), 6 in (-0.072, 0.391), 5 in (0.391, 0.4), 2 in (0.4, 0.502), 1 in
    (0.502, 0.91). No level crosses exactly 3, so the six crossings are 4 + 2: c = -0.1 (cuts
    4 regions) and c = -0.25 (cuts 2), round values away from the range ends so that no piece
    is a sliver (the smallest of the 13 has area 0.018 of the square's 4). theta'_k1 = 1 keeps
    c_k = -theta'_k0; phi' = (0, 1, -2) gives y' a rise then a fall (any non-zero weights
    give the same 13 regions: they are set by the joints). ``regions_2d(compose(fig3_8(),
    fig4_2_second()))`` finds the 13 polygons.
    """
    return ShallowNetwork(FIG4_2_SECOND_THETA, FIG4_2_SECOND_PHI)


#: Fig. 4.5: the x values, the three pre-activations' values there (one row each), phi'.
FIG4_5_XS = [0.0, 1.0, 1.6, 2.0]
FIG4_5_PRE = [[-0.75, 0.8, -0.8, 0.8], [-0.18, 0.5, -0.2, 0.8], [0.48, -0.25, 0.93, -0.2]]
FIG4_5_PHI = [-0.36, -1.0, 1.6, 0.7]


def fig4_5() -> DeepNetwork:
    """Fig. 4.5: a two-layer net on [0, 2] whose second-layer pre-activations pass through the
    book's points at x = 0, 1, 1.6, 2, recombined with phi' = -0.36, -1, 1.6, 0.7.

    The first layer has one ReLU unit per joint (x = 0, 1, 1.6, pointing right); its outputs
    are combined linearly into the three second-layer pre-activations.
    """
    return two_layer_through_points(FIG4_5_XS, FIG4_5_PRE, FIG4_5_PHI)


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


def layered_network(input_dim: int, widths, output_dim: int, seed: int = 46,
                    decimals: int = 1) -> DeepNetwork:
    """A ReLU net Di -> widths -> Do with short numbers, for writing its matrices out: the
    He-initialised weights and biases of :func:`random_relu_network` (``seed``) rounded to
    ``decimals`` decimals (the notation scene and the layer_shapes figure)."""
    net = random_relu_network(widths, seed, input_dim=input_dim, output_dim=output_dim)
    return DeepNetwork([np.round(b, decimals) + 0.0 for b in net.betas],
                       [np.round(o, decimals) + 0.0 for o in net.omegas])


def fig4_6() -> DeepNetwork:
    """Fig. 4.6's matrix-notation example: Di = 3 -> D_1 = 4, D_2 = 2, D_3 = 3 -> Do = 2.

    The book gives only the sizes: Omega_0 4x3, Omega_1 2x4, Omega_2 3x2, Omega_3 2x3 and
    beta_0..beta_3 of 4, 2, 3, 2 entries, 43 parameters. The values are He-initialised
    (seed 46, biases N(0, 0.3^2)) and rounded to one decimal.
    """
    return layered_network(3, (4, 2, 3), 2, seed=46)


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
    "fig3_6": Preset(fig3_6, "Fig. 3.6, 1 input, 4 units, 2 outputs sharing the joints", (0.0, 2.0)),
    "fig3_8_two_outputs": Preset(fig3_8_two_outputs, "Fig. 3.8's units with a second output",
                                 ((-1.0, 1.0), (-1.0, 1.0))),
    "fig4_1_net1": Preset(fig4_1_net1, "Fig. 4.1 network 1 (folds [-1, 1])", (-1.0, 1.0)),
    "fig4_1_net2": Preset(fig4_1_net2, "Fig. 4.1 network 2", (-1.0, 1.0)),
    "fig4_2_second": Preset(fig4_2_second, "Fig. 4.2's second net (constructed): 13 regions "
                            "after Fig. 3.8's", (-1.0, 1.0)),
    "fig4_5": Preset(fig4_5, "Fig. 4.5, two layers of three units on [0, 2]", (0.0, 2.0)),
    "fig4_6": Preset(fig4_6, "Fig. 4.6, 3 inputs, layers of 4, 2, 3 units, 2 outputs",
                     ((-1.0, 1.0),) * 3),
}


# --- group gradients: cross-entropy and backpropagation ------------------------------------------
#: Three logits of one example and its true class (0-based: class 2 of the slides): softmax
#: gives p = (0.69, 0.25, 0.06), loss -log 0.254 = 1.37, dL/dz = (0.69, -0.75, 0.06).
CROSS_ENTROPY_LOGITS = (2.0, 1.0, -0.5)
CROSS_ENTROPY_CLASS = 1
#: Probabilities three predictions give the true class: confident and right, unsure, confident
#: and wrong (losses 0.11, 0.69, 3.0).
CROSS_ENTROPY_PREDICTIONS = (0.9, 0.5, 0.05)
#: One logit of a single neuron (logistic regression): p = sig(1.5) = 0.82.
BINARY_LOGIT = 1.5

#: The backpropagation example: one input x = (2, -1) with target y = 1 (see backprop_example).
BACKPROP_X = (2.0, -1.0)
BACKPROP_Y = 1.0


def backprop_example() -> DeepNetwork:
    """A 2-3-1 ReLU net whose forward and backward pass on x = (2, -1), y = 1 give short numbers.

    f_0 = (1.2, -0.7, 0.4), so unit 2 is off (its ReLU slope is 0) and h_1 = (1.2, 0, 0.4);
    f_1 = 1.4, l = (1.4 - 1)^2 = 0.16; dl/df_1 = 0.8, dl/dOmega_1 = (0.96, 0, 0.32),
    dl/dh_1 = (0.64, -0.4, 1.2), dl/df_0 = (0.64, 0, 1.2): unit 2's -0.4 is stopped by its
    slope 0, so its weights get gradient 0; dl/dOmega_0 = ((1.28, -0.64), (0, 0), (2.4, -1.2)).
    The numbers are ours (chosen to be readable, no input equal to the bias nodes' 1), not the
    book's.
    """
    return DeepNetwork([[0.2, 0.1, 0.4], [-0.16]],
                       [[[0.3, -0.4], [-0.5, -0.2], [0.3, 0.6]], [[0.8, -0.5, 1.5]]])

PRESETS["backprop_example"] = Preset(backprop_example, "a 2-3-1 ReLU net with one unit off at "
                                     "x = (2, -1), for backpropagation", ((-1.0, 1.0), (-1.0, 1.0)))

# --- group neurons: XOR with ReLU units -----------------------------------------------------------
def xor_relu() -> ShallowNetwork:
    """XOR with two ReLU units: y = ReLU(x1 + x2) - 2 ReLU(x1 + x2 - 1), giving 0, 1, 1, 0 on
    the truth table's corners; its joint lines x1 + x2 = 0 and x1 + x2 = 1 are parallel, so it
    makes 3 linear regions on [-0.5, 1.5]^2 (one flat, y = 0)."""
    return ShallowNetwork([[0.0, 1.0, 1.0], [-1.0, 1.0, 1.0]], [0.0, 1.0, -2.0])


PRESETS["xor_relu"] = Preset(xor_relu, "XOR with two ReLU units, 3 regions", ((-0.5, 1.5), (-0.5, 1.5)))

# --- group learning: regression (book ch. 2) ---------------------------------------------------
#: Our data for chapter 2's line (the book prints none): 12 points, x uniform in [0.1, 1.9],
#: y = 0.4 + 0.6 x + N(0, 0.18^2), seed 11. Least squares: phi* = (0.52, 0.44), L = 0.093.
REGRESSION_POINTS = 12
REGRESSION_SEED = 11
REGRESSION_LINE = (0.4, 0.6)
REGRESSION_NOISE = 0.18
#: Gradient descent from the line y = 1.6 - 0.6 x (L = 4.61) with lr 0.03 (the bound on these
#: data is 0.045): 40 steps end at (0.53, 0.44), L = 0.093.
REGRESSION_START = (1.6, -0.6)
REGRESSION_LR = 0.03
REGRESSION_STEPS = 40

# --- group learning: regularisation (deck 001) ---------------------------------------------------
#: A stated quadratic loss of two weights, L(w) = 1/2 (w - w*)^T H (w - w*) (ours: deck 001 draws
#: the picture without numbers). The L1 minimum reaches the w_1 axis at lambda = 0.56 and the
#: origin at 1.9 (= |H w*|_1st); at lambda = 1 L1 gives (0.9, 0), L2 (0.82, 0.51).
REGULARIZATION_MINIMUM = (1.5, 0.8)
REGULARIZATION_CURVATURE = ((1.0, 0.5), (0.5, 0.6))
REGULARIZATION_LARGEST = 2.0
REGULARIZATION_COMPARE = 1.0

# --- group learning: capacity and overfitting (decks 001, 002) ----------------------------------
#: 15 training points from y = sin(2 pi x) + N(0, 0.3^2) (ours; the decks show a picture). With
#: seed 6 the test error (400 points) falls from 0.33 (D = 1) to 0.135 at D = 4 and rises to 0.73
#: at D = 14, where the training error is 0.005.
CAPACITY_POINTS = 15
CAPACITY_SEED = 6
CAPACITY_NOISE = 0.3
CAPACITY_SHOWN = (1, 4, 14)
