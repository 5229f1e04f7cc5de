"""1-D linear regression, the book's first model (UDL chapter 2, Figs. 2.2-2.4).

The model y = phi_0 + phi_1 x is fitted to data {(x_i, y_i)} by least squares,

    L[phi] = sum_i (phi_0 + phi_1 x_i - y_i)^2          (a sum, as the book's eq. 2.5)

With the design X = [1, x] (N, 2), L[phi] = ||X phi - y||^2 is a quadratic bowl in phi:

    L[phi] = L_min + (phi - phi*)^T X^T X (phi - phi*),   dL/dphi = 2 X^T (X phi - y)

whose minimum phi* solves the normal equations X^T X phi* = X^T y. Gradient descent steps
phi <- phi - lr dL/dphi; on a quadratic it converges exactly when lr < 2 / (largest eigenvalue
of 2 X^T X), which :func:`gradient_descent` checks before it starts. The book prints no data,
so the data here are ours: seeded points near a stated line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_float_array, shape_text
from .quadratic import ellipse
from .train import make_rng

#: Gradient descent steps a caller may ask for (a scene draws every one).
MAX_STEPS = 500


@dataclass(frozen=True)
class RegressionData:
    """Points (x_i, y_i), sorted by x: x (N,), y (N,)."""

    x: np.ndarray
    y: np.ndarray

    def __post_init__(self):
        x, y = as_float_array(self.x, "x"), as_float_array(self.y, "y")
        if x.ndim != 1 or y.shape != x.shape or x.size < 2:
            raise ParameterError(f"regression data need x and y of the same length N >= 2; got x "
                                 f"{shape_text(x.shape)} and y {shape_text(y.shape)}.")
        if np.ptp(x) == 0:
            raise ParameterError("the inputs x must not all be equal: a line through points with "
                                 f"one x has no single slope; got x = {x[0]:g} throughout.")
        order = np.argsort(x, kind="stable")
        object.__setattr__(self, "x", x[order])
        object.__setattr__(self, "y", y[order])

    @property
    def design(self) -> np.ndarray:
        """X = [1, x] (N, 2): the model's output at the data is X phi."""
        return np.column_stack([np.ones_like(self.x), self.x])


def regression_data(count: int = 12, seed: int = 11, intercept: float = 0.4, slope: float = 0.6,
                    noise: float = 0.18, x_range=(0.1, 1.9)) -> RegressionData:
    """``count`` points with x uniform in ``x_range`` and y = intercept + slope x + N(0, noise^2)."""
    if not 2 <= count:
        raise ParameterError(f"regression data need at least 2 points; got count = {count}.")
    if not noise >= 0:
        raise ParameterError(f"the noise's standard deviation must be >= 0; got {noise!r}.")
    lo, hi = (float(v) for v in x_range)
    if not lo < hi:
        raise ParameterError(f"x_range must be (lo, hi) with lo < hi; got {x_range!r}.")
    rng = make_rng(seed)
    x = rng.uniform(lo, hi, count)
    return RegressionData(x, intercept + slope * x + noise * rng.standard_normal(count))


def _phi(phi) -> np.ndarray:
    phi = as_float_array(phi, "phi")
    if phi.shape[-1:] != (2,):
        raise ParameterError(f"phi must be (phi_0, phi_1), or an array (..., 2) of them; got "
                             f"{shape_text(phi.shape)}.")
    return phi


def predict(phi, x) -> np.ndarray:
    """phi_0 + phi_1 x for one phi (2,) and inputs x."""
    phi = _phi(phi)
    return phi[0] + phi[1] * as_float_array(x, "x")


def residuals(phi, data: RegressionData) -> np.ndarray:
    """phi_0 + phi_1 x_i - y_i (N,): the vertical gaps the loss squares."""
    return predict(phi, data.x) - data.y


def loss(phi, data: RegressionData) -> np.ndarray:
    """L[phi] = sum_i (phi_0 + phi_1 x_i - y_i)^2, for phi (2,) or a grid (..., 2)."""
    phi = _phi(phi)
    r = phi[..., :1] + phi[..., 1:] * data.x - data.y  # (..., N)
    return np.sum(r * r, axis=-1)


def gradient(phi, data: RegressionData) -> np.ndarray:
    """dL/dphi = 2 X^T (X phi - y) = (2 sum_i r_i, 2 sum_i r_i x_i)."""
    r = residuals(phi, data)
    return 2.0 * np.array([r.sum(), r @ data.x])


def hessian(data: RegressionData) -> np.ndarray:
    """d^2 L / dphi^2 = 2 X^T X (constant: L is quadratic)."""
    X = data.design
    return 2.0 * X.T @ X


@dataclass(frozen=True)
class LeastSquares:
    """The minimum of L: phi* (2,) from the normal equations, its loss, and A = X^T X, so that
    L[phi] = loss + (phi - phi*)^T A (phi - phi*)."""

    phi: np.ndarray
    loss: float
    matrix: np.ndarray

    def contour(self, level: float) -> np.ndarray:
        """The closed contour {phi : L[phi] = level} (M, 2), level > the minimum's loss."""
        return ellipse(self.phi, self.matrix, level - self.loss)


def least_squares(data: RegressionData) -> LeastSquares:
    """phi* solving X^T X phi* = X^T y (the normal equations), with L[phi*] and X^T X."""
    X = data.design
    A = X.T @ X
    phi = np.linalg.solve(A, X.T @ data.y)
    return LeastSquares(phi, float(loss(phi, data)), A)


def learning_rate_bound(data: RegressionData) -> float:
    """2 / (largest eigenvalue of the Hessian 2 X^T X): gradient descent on L converges from
    every start exactly when 0 < lr below this."""
    return 2.0 / float(np.linalg.eigvalsh(hessian(data))[-1])


@dataclass(frozen=True)
class Descent:
    """Gradient descent on L: path (S+1, 2) of phi (path[0] the start), losses (S+1,) L[path],
    gradients (S, 2) dL/dphi at path[:-1], learning rate lr."""

    path: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray
    lr: float

    @property
    def steps(self) -> int:
        return len(self.gradients)


def gradient_descent(data: RegressionData, start, lr: float, steps: int) -> Descent:
    """``steps`` steps phi <- phi - lr dL/dphi from ``start``; refuses a learning rate at or
    above :func:`learning_rate_bound` (the path would not converge) before any step."""
    phi = _phi(start).astype(float)
    if phi.shape != (2,):
        raise ParameterError(f"the start must be one (phi_0, phi_1); got {shape_text(phi.shape)}.")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise ParameterError(f"steps must be a whole number from 1 to {MAX_STEPS}; got {steps!r}.")
    bound = learning_rate_bound(data)
    if not 0 < lr < bound:
        raise ParameterError(f"the learning rate must be between 0 and {bound:.4g} (= 2 / the largest "
                             f"curvature of L) for gradient descent to converge on these data; got "
                             f"{lr!r}. Choose e.g. lr = {bound / 3:.3g}.")
    path, grads = [phi], []
    for _ in range(int(steps)):
        g = gradient(phi, data)
        phi = phi - lr * g
        grads.append(g)
        path.append(phi)
    path = np.array(path)
    return Descent(path, loss(path, data), np.array(grads), float(lr))


def loss_grid(data: RegressionData, phi0, phi1) -> np.ndarray:
    """L on the grid phi0 (M,) x phi1 (K,): (K, M), row k = phi_1 = phi1[k]."""
    g0, g1 = np.meshgrid(as_float_array(phi0, "phi0"), as_float_array(phi1, "phi1"))
    return loss(np.stack([g0, g1], axis=-1), data)


__all__ = ["MAX_STEPS", "Descent", "LeastSquares", "RegressionData", "gradient", "gradient_descent",
           "hessian", "learning_rate_bound", "least_squares", "loss", "loss_grid", "predict",
           "regression_data", "residuals"]
