"""The playground: a 2-3-1 ReLU classifier trained by gradient descent, and its starts.

Decks 000 and 001 send students to TensorFlow Playground to count regions, edit weights and
see training get stuck; the offline page ``nnlecture.playground`` does the same with this
module's numbers. The network is the shallow net of book Fig. 3.8 (2 inputs, 3 ReLU units,
1 output, 13 parameters)

    y = phi_0 + sum_d phi_d ReLU[theta_d0 + theta_d1 x_1 + theta_d2 x_2],   d = 1, 2, 3,

read as a classifier: P(class 1 | x) = sig(y). It is trained by full-batch gradient descent
on the mean binary cross-entropy (book eq. 5.20)

    L = (1 / N) sum_n softplus(y_n) - c_n y_n,       dL/dy_n = (sig(y_n) - c_n) / N,

on a small data set of two classes: a disc (class 1) inside a ring (class 0). Three lines
can fence in the disc (a triangle, accuracy ~ 100 %), two cannot, so a start whose units are
dead on the data (a ReLU that is 0 on every point gets zero gradient and never recovers)
is stuck in a local minimum or on a plateau for ever. :func:`run_starts` trains many starts
at once (batched over starts, the same arithmetic as the page's JavaScript) and
:func:`find_starts` picks the starts of the page: some that succeed, some that stay stuck.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .checks import ParameterError
from .shallow import ShallowNetwork

#: The data set: points per class, the disc's radius (class 1), the ring's radii (class 0).
POINTS_PER_CLASS = 30
DISC_RADIUS = 0.45
RING_RADII = (0.7, 0.95)
#: Gradient descent of the page's "train" button: learning rate and epochs per run.
LEARNING_RATE = 1.0
EPOCHS = 2000
#: A run succeeds at this training accuracy or more; below STUCK_ACCURACY it is stuck.
GOOD_ACCURACY = 1.0
STUCK_ACCURACY = 0.9
#: Seeds searched for the page's starts, and how many of each kind the page offers.
START_SEEDS = 64
GOOD_STARTS = 2
STUCK_STARTS = 3


@dataclass(frozen=True)
class Dataset:
    """Two classes in the square [-1, 1]^2: x (N, 2) points, labels (N,) 0 (ring) or 1 (disc)."""

    x: np.ndarray
    labels: np.ndarray
    seed: int


def disc_and_ring(seed: int, per_class: int = POINTS_PER_CLASS) -> Dataset:
    """``per_class`` points uniform in the disc r < DISC_RADIUS (class 1) and as many uniform
    in the ring RING_RADII[0] < r < RING_RADII[1] (class 0), drawn from ``seed``."""
    if per_class < 1:
        raise ParameterError(f"per_class must be at least 1 point per class; got {per_class}.")
    rng = np.random.default_rng(seed)

    def annulus(low: float, high: float) -> np.ndarray:
        # uniform in area: r^2 uniform between low^2 and high^2
        radius = np.sqrt(rng.uniform(low**2, high**2, per_class))
        angle = rng.uniform(0.0, 2.0 * np.pi, per_class)
        return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])

    x = np.concatenate([annulus(0.0, DISC_RADIUS), annulus(*RING_RADII)])
    labels = np.repeat([1, 0], per_class)
    return Dataset(x, labels, seed)


# --- the network, many at once: theta (S, 3, 3), phi (S, 4) -------------------------------------


def _forward(theta: np.ndarray, phi: np.ndarray, x: np.ndarray):
    """pre (S, N, D) = theta_d0 + theta_d1 x_1 + theta_d2 x_2; h = ReLU[pre];
    y (S, N) = phi_0 + sum_d phi_d h_d."""
    pre = _with_one(x) @ theta.transpose(0, 2, 1)
    h = np.maximum(pre, 0.0)
    y = phi[:, None, 0] + (h @ phi[:, 1:, None])[:, :, 0]
    return pre, h, y


def _with_one(x: np.ndarray) -> np.ndarray:
    """(N, 3): the inputs with x_0 = 1 first (the bias's input)."""
    return np.column_stack([np.ones(len(x)), x])


def _softplus(y: np.ndarray) -> np.ndarray:
    # log(1 + e^y) = max(y, 0) + log(1 + e^-|y|), without overflow
    return np.maximum(y, 0.0) + np.log1p(np.exp(-np.abs(y)))


def _sigmoid(y: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * y))


def loss_and_gradients(theta, phi, data: Dataset):
    """Mean binary cross-entropy of each network and its gradient, by backpropagation.

    theta (S, 3, 3) or (3, 3), phi (S, 4) or (4,). Returns (loss (S,), accuracy (S,),
    dtheta like theta, dphi like phi):
        g_n = (sig(y_n) - c_n) / N,   dL/dphi_0 = sum_n g_n,   dL/dphi_d = sum_n g_n h_nd,
        dL/dtheta_di = sum_n g_n phi_d [pre_nd > 0] x_ni   (x_n0 = 1).
    """
    theta, phi = np.asarray(theta, float), np.asarray(phi, float)
    single = theta.ndim == 2
    if single:  # one network: a batch of one
        theta, phi = theta[None], phi[None]
    x, c = data.x, data.labels
    pre, h, y = _forward(theta, phi, x)
    loss = np.mean(_softplus(y) - c * y, axis=1)
    accuracy = np.mean((y > 0) == (c == 1), axis=1)
    g = (_sigmoid(y) - c) / len(c)
    dphi = np.empty_like(phi)
    dphi[:, 0] = g.sum(axis=1)
    dphi[:, 1:] = (g[:, None, :] @ h)[:, 0]
    gpre = g[:, :, None] * phi[:, None, 1:] * (pre > 0)
    dtheta = gpre.transpose(0, 2, 1) @ _with_one(x)
    if single:
        return loss[0], accuracy[0], dtheta[0], dphi[0]
    return loss, accuracy, dtheta, dphi


@dataclass(frozen=True)
class Run:
    """Gradient descent from S starts: the parameters before and after, the loss and accuracy
    after every epoch (S, epochs + 1), and which units are dead on the data at the end
    (S, 3): ReLU 0 on every point, so no gradient reaches it."""

    theta0: np.ndarray
    phi0: np.ndarray
    theta: np.ndarray
    phi: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    dead: np.ndarray

    @property
    def good(self) -> np.ndarray:
        return self.accuracy[:, -1] >= GOOD_ACCURACY

    @property
    def stuck(self) -> np.ndarray:
        return self.accuracy[:, -1] < STUCK_ACCURACY


def descend(theta, phi, data: Dataset, lr: float = LEARNING_RATE, epochs: int = EPOCHS) -> Run:
    """Full-batch gradient descent theta <- theta - lr dL/dtheta (all starts at once): the
    page's "train" button. theta (S, 3, 3), phi (S, 4)."""
    theta0, phi0 = np.array(theta, float), np.array(phi, float)
    theta, phi = theta0.copy(), phi0.copy()
    losses, accuracies = [], []
    for epoch in range(epochs + 1):
        loss, accuracy, dtheta, dphi = loss_and_gradients(theta, phi, data)
        losses.append(loss)
        accuracies.append(accuracy)
        if epoch < epochs:
            theta -= lr * dtheta
            phi -= lr * dphi
    pre, _, _ = _forward(theta, phi, data.x)
    return Run(theta0, phi0, theta, phi, np.array(losses).T, np.array(accuracies).T,
               np.all(pre <= 0, axis=1))


def start(seed: int) -> ShallowNetwork:
    """A random start: every one of the 13 parameters drawn from N(0, 1) (``seed``)."""
    rng = np.random.default_rng(seed)
    return ShallowNetwork(rng.normal(0.0, 1.0, (3, 3)), rng.normal(0.0, 1.0, 4))


@dataclass(frozen=True)
class Start:
    """One start of the page: its seed, network, and what gradient descent makes of it."""

    seed: int
    net: ShallowNetwork
    accuracy: float  # after EPOCHS epochs
    loss: float
    dead: tuple[int, ...]  # units (1-based) dead on the data at the end
    good: bool

    @property
    def why(self) -> str:
        """One line for the page: what happens from this start."""
        percent = f"{100 * self.accuracy:.0f} %"
        if self.good:
            return f"reaches {percent}"
        if len(self.dead) == 3:
            return f"stuck at {percent}: all three units dead, a flat output"
        if self.dead:
            if len(self.dead) == 1:
                return (f"stuck at {percent}: unit {self.dead[0]} dead on the data, no gradient "
                        f"reaches it")
            units = " and ".join(map(str, self.dead))
            return f"stuck at {percent}: units {units} dead on the data, no gradient reaches them"
        return f"{percent} after {EPOCHS} epochs, no unit dead: slow, or a local minimum"


def run_starts(seeds, data: Dataset, lr: float = LEARNING_RATE, epochs: int = EPOCHS) -> Run:
    """Gradient descent from :func:`start` of every seed, all at once."""
    nets = [start(int(s)) for s in seeds]
    return descend(np.stack([n.theta for n in nets]), np.stack([n.phi for n in nets]), data,
                   lr, epochs)


def find_starts(data: Dataset, seeds: int = START_SEEDS, good: int = GOOD_STARTS,
                stuck: int = STUCK_STARTS, lr: float = LEARNING_RATE,
                epochs: int = EPOCHS) -> list[Start]:
    """The page's starts: ``stuck`` seeds (of 0..seeds-1) whose run stays stuck (accuracy <
    STUCK_ACCURACY), one per number of dead units (3, 2, 1, then 0: a flat output, two lines,
    ...), then the first ``good`` seeds that succeed (accuracy >= GOOD_ACCURACY)."""
    run = run_starts(range(seeds), data, lr, epochs)
    final = run.accuracy[:, -1]
    dead = run.dead.sum(axis=1)
    stuck_seeds = [int(s) for s in np.flatnonzero(run.stuck)]
    # the first stuck seed of each number of dead units, most dead first; then the others
    firsts = [next(s for s in stuck_seeds if dead[s] == k) for k in (3, 2, 1, 0)
              if any(dead[s] == k for s in stuck_seeds)]
    chosen_stuck = (firsts + [s for s in stuck_seeds if s not in firsts])[:stuck]
    chosen_good = [int(s) for s in np.flatnonzero(run.good)][:good]
    if len(chosen_stuck) < stuck or len(chosen_good) < good:
        raise ParameterError(
            f"of {seeds} random starts on the data of seed {data.seed}, {len(stuck_seeds)} stay "
            f"stuck and {int(run.good.sum())} succeed; the page needs {stuck} and {good}. Try "
            f"another data seed.")
    return [Start(s, start(s), float(final[s]), float(run.loss[s, -1]),
                  tuple(int(d) + 1 for d in np.flatnonzero(run.dead[s])), bool(run.good[s]))
            for s in chosen_stuck + chosen_good]


@functools.lru_cache(maxsize=4)
def page_starts(seed: int) -> tuple[Start, ...]:
    """:func:`find_starts` on the data set of ``seed``, kept (the page and the figure of one
    seed share them; they are immutable)."""
    return tuple(find_starts(disc_and_ring(seed)))
