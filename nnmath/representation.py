"""Functional view vs representation view: one trained classifier seen two ways (deck 002).

A 2-2-1 network with ReLU hidden units is trained on two bent bands (:func:`nnmath.svd.bent_bands`,
no straight line separates them in x). The same network is then read

* functionally: its output y(x) = beta_1 + omega_1 . ReLU[beta_0 + Omega_0 x] as a function of
  the input; the decision boundary {y(x) = 0} is a bent line, exactly piecewise linear, computed
  as the level set of the exact linear regions (:func:`nnmath.regions_2d`);
* representationally: each point mapped to its hidden representation h = ReLU[beta_0 + Omega_0 x]
  (2-D, one coordinate per hidden unit), where the output is a *linear* classifier: the boundary
  is the straight line beta_1 + omega_1 . h = 0.

(The svd scene shows how a linear map and tanh warp the plane step by step; this module serves
the two views of the result.) Points are batch first, (N, 2). Pure NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .regions import Partition2D, regions_2d
from .svd import Classifier221, bent_bands, line_in_box
from .train import MLP, binary_cross_entropy, fit, init_mlp

#: The default run: data seed 0 (the svd scene's bands), initialisation seed 3, 2,000 epochs.
DATA_SEED = 0
INIT_SEED = 3
EPOCHS = 2000
LEARNING_RATE = 0.3
L2 = 0.003  # a small penalty keeps the weights, and so the h picture, moderate


@dataclass(frozen=True)
class TwoViews(Classifier221):
    """A trained 2-2-1 ReLU classifier and its training points, in x and in h.

    x: (N, 2) inputs; labels: (N,) 0/1; model: the MLP (Omega_0 (2, 2), beta_0 (2,), omega_1
    (1, 2), beta_1 (1,)); h = ReLU[beta_0 + Omega_0 x] (N, 2); logits y (N,), class 1 where
    y > 0; box: (lo, hi) of the input square drawn, each (2,); seeds and the training run.
    """

    x: np.ndarray
    labels: np.ndarray
    model: MLP
    h: np.ndarray
    logits: np.ndarray
    box: tuple
    data_seed: int
    seed: int
    epochs: int
    lr: float
    l2: float

    def hidden(self, x) -> np.ndarray:
        """h = ReLU[beta_0 + Omega_0 x] of inputs x (N, 2): the representation, (N, 2)."""
        return self.model.forward(x).activations[0]

    def output(self, x) -> np.ndarray:
        """y(x) = beta_1 + omega_1 . h(x), the logit, (N,): the functional view."""
        return self.model(x)[:, 0]

    @cached_property
    def partition(self) -> Partition2D:
        """The exact linear regions of y over the input box (one per activation pattern)."""
        return regions_2d(self.model.to_deep(), *zip(*self.box))

    def boundary_x(self) -> np.ndarray:
        """The decision boundary {y(x) = 0} in the input box, exactly: segments (S, 2, 2), one
        per linear region it crosses (it bends where it crosses a unit's joint line)."""
        return self.partition.level_set(0.0)

    def boundary_h(self) -> np.ndarray:
        """The boundary's pieces mapped into h: (S, 2, 2), the images of their ends (h is affine
        inside each region, so a piece maps to a segment). Each lies on the straight line
        beta_1 + omega_1 . h = 0; a piece where one unit is off keeps that unit's z constant
        (y = beta_1 + omega_1d z_d = 0), so it lands on a single point of an axis of h."""
        segments = self.boundary_x()
        return self.hidden(segments.reshape(-1, 2)).reshape(segments.shape)

    def joint_segments(self) -> list[np.ndarray]:
        """For each hidden unit d, its joint line {beta_0d + Omega_0d . x = 0} inside the box:
        the ends (2, 2), or None when it misses the box. Across it, h_d switches on."""
        lo, hi = (np.asarray(v, float) for v in self.box)
        return [line_in_box(self.omega0[d], self.beta0[d], lo, hi) for d in range(2)]

    def line_h(self, lo, hi) -> np.ndarray | None:
        """The straight boundary beta_1 + omega_1 . h = 0 of the representation, clipped to the
        box lo <= h <= hi: its two ends (2, 2), or None when it misses the box."""
        return line_in_box(self.omega1, self.beta1, np.asarray(lo, float), np.asarray(hi, float))

    def off_counts(self) -> dict:
        """How many training points each activation pattern holds: {(h_1 > 0, h_2 > 0): count}.
        Points with a unit off sit on that axis of h; with both off, at h = (0, 0)."""
        on = self.h > 0
        keys = [(bool(a), bool(b)) for a in (False, True) for b in (False, True)]
        return {k: int(np.sum((on[:, 0] == k[0]) & (on[:, 1] == k[1]))) for k in keys}


def two_views(n_per_class: int = 60, data_seed: int = DATA_SEED, seed: int = INIT_SEED,
              epochs: int = EPOCHS, lr: float = LEARNING_RATE, l2: float = L2) -> TwoViews:
    """Train a 2-2-1 ReLU network on :func:`bent_bands` (``data_seed``) from a He-normal
    initialisation (``seed``, biases 0.1) by full-batch gradient descent on the mean binary
    cross-entropy with an L2 penalty ``l2`` on the weights. With the defaults all 120
    training points end up on their side of the boundary."""
    x, labels = bent_bands(n_per_class, seed=data_seed)
    model = init_mlp((2, 2, 1), init="he_normal", seed=seed, activation="relu", bias=0.1)
    fit(model, x, labels, loss="binary_cross_entropy", lr=lr, epochs=epochs, l2=l2, seed=seed)
    trace = model.forward(x)
    binary_cross_entropy(trace.output, labels)  # labels checked
    lo = np.floor(x.min(axis=0) * 2 - 0.5) / 2
    hi = np.ceil(x.max(axis=0) * 2 + 0.5) / 2
    return TwoViews(x, labels, model, trace.activations[0], trace.output[:, 0], (lo, hi),
                    int(data_seed), int(seed), int(epochs), float(lr), float(l2))


__all__ = ["TwoViews", "two_views"]
