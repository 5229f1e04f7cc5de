"""One artificial neuron: z = sum_i w_i x_i + b, then a threshold or activation f (deck 001).

With f = sign it is the perceptron (output -1 or +1); with f = sigmoid it is binary logistic
regression, P(y = 1 | x) = sig(z). Either way its decision boundary is the line w . x + b = 0
in the input plane, with w normal to it, pointing into the half-plane where z > 0.

Here: a small two-class data set that a line separates, the perceptron rule run update by
update, and logistic regression's cross-entropy loss with its gradient in closed form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .checks import ParameterError, as_batch, as_finite_scalar, as_float_array


def weighted_sum(w, b: float, x) -> np.ndarray:
    """(N,) z_n = sum_i w_i x_ni + b for inputs x (N, 2) and weights w (2,)."""
    w = as_float_array(w, "w").reshape(-1)
    return as_batch(x, w.size) @ w + as_finite_scalar(b, "b")


def perceptron_output(w, b: float, x) -> np.ndarray:
    """(N,) sign(z) in {-1, +1}: the neuron fires (+1) when z >= 0, the threshold being -b."""
    return np.where(weighted_sum(w, b, x) >= 0, 1.0, -1.0)


def logistic_output(w, b: float, x) -> np.ndarray:
    """(N,) p = sig(z) = P(y = 1 | x) of binary logistic regression."""
    return sigmoid(weighted_sum(w, b, x))


@dataclass(frozen=True)
class TwoClassData:
    """Points x (N, 2) in [-1, 1]^2 with labels y (N,) in {-1, +1}, separated with a margin by
    the line ``true_w . x + true_b = 0`` that made them."""

    x: np.ndarray
    y: np.ndarray
    true_w: np.ndarray
    true_b: float

    @property
    def y01(self) -> np.ndarray:
        """The labels as 0 / 1 (logistic regression's y)."""
        return (self.y > 0).astype(float)


def two_class_data(points: int = 8, seed: int = 2, margin: float = 0.2) -> TwoClassData:
    """``points`` per class, uniform in [-1, 1]^2 at distance >= ``margin`` from a random line
    through the square (its normal at a random angle, its offset within +-0.3), labelled by
    its side. Deterministic in ``seed``."""
    if points < 1:
        raise ParameterError(f"points must be at least 1 per class; got {points}.")
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])
    b = float(rng.uniform(-0.3, 0.3))
    found = {1.0: [], -1.0: []}
    while min(len(v) for v in found.values()) < points:
        p = rng.uniform(-1, 1, size=2)
        z = float(p @ w + b)
        if abs(z) >= margin and len(found[np.sign(z)]) < points:
            found[np.sign(z)].append(p)
    x = np.array([p for pair in zip(found[1.0], found[-1.0]) for p in pair])
    y = np.tile([1.0, -1.0], points)
    return TwoClassData(x, y, w, b)


@dataclass(frozen=True)
class PerceptronRun:
    """The perceptron rule, update by update: ``w[k]``, ``b[k]`` after k updates (k = 0 is the
    start), ``point[k]`` the index of the misclassified point that made update k (k >= 1;
    ``point[0]`` is -1), ``mistakes[k]`` the points the line k misclassifies; ``converged``
    when the last line makes no mistake."""

    w: np.ndarray  # (K+1, 2)
    b: np.ndarray  # (K+1,)
    point: np.ndarray  # (K+1,)
    mistakes: np.ndarray  # (K+1,)
    converged: bool

    @property
    def updates(self) -> int:
        return len(self.b) - 1


def misclassified(w, b: float, x, y) -> np.ndarray:
    """(N,) bool: y_n (w . x_n + b) <= 0, the points on the wrong side (or on the line)."""
    return np.asarray(y, float) * weighted_sum(w, b, x) <= 0


def perceptron(x, y, w0=(0.0, 0.0), b0: float = 0.0, rate: float = 1.0,
               max_epochs: int = 100) -> PerceptronRun:
    """Rosenblatt's rule: sweep the points in order; at each point with y_n z_n <= 0,
    w <- w + rate y_n x_n and b <- b + rate y_n. Stops after a sweep without a mistake (it
    must, in finitely many updates, when a line separates the data) or ``max_epochs`` sweeps."""
    x, y = as_batch(x, 2), as_float_array(y, "y").reshape(-1)
    w, b = as_float_array(w0, "w0").reshape(2).copy(), as_finite_scalar(b0, "b0")
    ws, bs, points = [w.copy()], [b], [-1]
    for _ in range(max_epochs):
        clean = True
        for n in range(len(y)):
            if y[n] * (x[n] @ w + b) <= 0:
                w, b, clean = w + rate * y[n] * x[n], b + rate * y[n], False
                ws.append(w.copy())
                bs.append(b)
                points.append(n)
        if clean:
            break
    mistakes = np.array([int(misclassified(wk, bk, x, y).sum()) for wk, bk in zip(ws, bs)])
    return PerceptronRun(np.array(ws), np.array(bs), np.array(points), mistakes,
                         bool(mistakes[-1] == 0))


def logistic_loss(w, b: float, x, y01) -> float:
    """Mean binary cross-entropy L = -mean[y log p + (1 - y) log(1 - p)], p = sig(w . x + b),
    y in {0, 1}; computed as mean[log(1 + e^z) - y z] so that it never takes log(0)."""
    z = weighted_sum(w, b, x)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y01, float) * z))


def logistic_gradient(w, b: float, x, y01) -> tuple[np.ndarray, float]:
    """(dL/dw (2,), dL/db) of ``logistic_loss``: mean[(p - y) x] and mean[p - y]."""
    x = as_batch(x, 2)
    error = logistic_output(w, b, x) - np.asarray(y01, float)
    return x.T @ error / len(error), float(np.mean(error))


@dataclass(frozen=True)
class LogisticFit:
    """Gradient descent on ``logistic_loss``: the final w, b and the loss at every step."""

    w: np.ndarray
    b: float
    loss: np.ndarray


def fit_logistic(x, y01, w0=(0.0, 0.0), b0: float = 0.0, rate: float = 1.0,
                 steps: int = 500) -> LogisticFit:
    """Full-batch gradient descent, w <- w - rate dL/dw, b <- b - rate dL/db, ``steps`` times."""
    w, b = as_float_array(w0, "w0").reshape(2).copy(), as_finite_scalar(b0, "b0")
    losses = [logistic_loss(w, b, x, y01)]
    for _ in range(steps):
        gw, gb = logistic_gradient(w, b, x, y01)
        w, b = w - rate * gw, b - rate * gb
        losses.append(logistic_loss(w, b, x, y01))
    return LogisticFit(w, float(b), np.array(losses))


def line_through_box(w, b: float, lo: float = -1.0, hi: float = 1.0) -> np.ndarray | None:
    """(2, 2) the two ends of the segment of w . x + b = 0 inside the square [lo, hi]^2, or None
    when the line misses it (or w = 0)."""
    w = as_float_array(w, "w").reshape(2)
    ends = []
    for axis in (0, 1):
        if w[1 - axis] == 0:
            continue
        for v in (lo, hi):  # x_axis = v: solve for the other coordinate
            other = -(b + w[axis] * v) / w[1 - axis]
            if lo - 1e-12 <= other <= hi + 1e-12:
                point = np.empty(2)
                point[axis], point[1 - axis] = v, other
                if not any(np.allclose(point, e) for e in ends):
                    ends.append(point)
    return np.array(ends[:2]) if len(ends) >= 2 else None


def probability_line(w, b: float, p: float, lo: float = -1.0, hi: float = 1.0) -> np.ndarray | None:
    """The ends of the level line sig(w . x + b) = p inside [lo, hi]^2 (or None): the line
    w . x + b = log(p / (1 - p)), parallel to the decision line (p = 0.5)."""
    if not 0 < p < 1:
        raise ParameterError(f"p must lie strictly between 0 and 1; got {p:g}.")
    return line_through_box(w, as_finite_scalar(b, "b") - float(np.log(p / (1 - p))), lo, hi)
