"""Parameter-norm penalties on two weights (deck 001's regularisation slides; UDL section 9.1).

The regularised loss adds lambda times a penalty Omega to the loss,

    L~(w) = L(w) + lambda Omega(w),   L2: Omega(w) = 1/2 ||w||_2^2 = 1/2 w^T w,
                                      L1: Omega(w) = ||w||_1 = |w_1| + |w_2|

(one of deck 001's slides drops the lambda; here it always multiplies the penalty). The loss
is a stated quadratic of the two weights, L(w) = 1/2 (w - w*)^T H (w - w*), with its minimum w*
and a symmetric positive-definite curvature H, so both minima are exact:

- L2 (ridge): grad L~ = H (w - w*) + lambda w = 0, so (H + lambda I) w = H w*. Both weights
  shrink toward the origin as lambda grows and none becomes 0 for a finite lambda (unless it
  starts at 0 in the eigenbasis).
- L1 (lasso): L~ is convex but has corners on the axes. Its minimum has some sign pattern
  s in {-1, 0, 1}^2 (0: the weight is exactly 0); on the free weights F it solves
  H_FF w_F = (H w*)_F - lambda s_F. Enumerating the 9 patterns, keeping the candidates whose
  signs agree with s and taking the least L~ gives the global minimum exactly, with exact zeros.
  From lambda >= ||H w*||_inf it is the origin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_float_array, shape_text
from .quadratic import check_quadratic, ellipse

PENALTIES = ("l2", "l1")


@dataclass(frozen=True)
class QuadraticLoss:
    """L(w) = 1/2 (w - w*)^T H (w - w*): its minimum ``minimum`` (2,) and curvature ``H`` (2, 2)."""

    minimum: np.ndarray
    H: np.ndarray

    def __post_init__(self):
        w, H = check_quadratic(self.minimum, self.H)
        object.__setattr__(self, "minimum", w)
        object.__setattr__(self, "H", H)

    def __call__(self, w) -> np.ndarray:
        d = as_float_array(w, "w") - self.minimum
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.H, d)

    def gradient(self, w) -> np.ndarray:
        return (as_float_array(w, "w") - self.minimum) @ self.H

    def contour(self, level: float) -> np.ndarray:
        """The closed contour L(w) = level > 0: 1/2 d^T H d = level is d^T (H / 2) d = level."""
        return ellipse(self.minimum, self.H / 2, level)


def penalty(w, kind: str) -> np.ndarray:
    """Omega(w): 1/2 ||w||_2^2 ("l2") or ||w||_1 ("l1"), for w (..., 2)."""
    w = as_float_array(w, "w")
    if kind == "l2":
        return 0.5 * np.sum(w * w, axis=-1)
    if kind == "l1":
        return np.sum(np.abs(w), axis=-1)
    raise ParameterError(f"the penalty must be one of {', '.join(PENALTIES)}; got {kind!r}.")


def penalty_contour(kind: str, value: float, points: int = 96) -> np.ndarray:
    """The closed level set Omega(w) = value > 0: a circle of radius sqrt(2 value) (L2) or a
    diamond with corners at +-value on the axes (L1), as (M, 2)."""
    if not value > 0:
        raise ParameterError(f"a penalty's level set needs a value > 0; got {value!r}.")
    if kind == "l2":
        t = np.linspace(0, 2 * np.pi, points + 1)
        out = np.sqrt(2 * value) * np.column_stack([np.cos(t), np.sin(t)])
        out[-1] = out[0]
        return out
    if kind == "l1":
        return value * np.array([[1.0, 0], [0, 1], [-1, 0], [0, -1], [1, 0]])
    raise ParameterError(f"the penalty must be one of {', '.join(PENALTIES)}; got {kind!r}.")


def level_at_size(kind: str, size: float) -> float:
    """The Omega value of the level set whose circle has radius ``size`` (L2: size^2 / 2) or
    whose diamond has its corners at +-``size`` (L1: size)."""
    if kind == "l2":
        return size * size / 2
    if kind == "l1":
        return size
    raise ParameterError(f"the penalty must be one of {', '.join(PENALTIES)}; got {kind!r}.")


def touching_sets(loss: "QuadraticLoss", w, kind: str, tiny: float = 1e-9) -> tuple:
    """(the loss contour through w, the penalty's level set through w), each (M, 2) or None
    where w is the loss's minimum or the origin (the set is a point there). At a regularised
    minimum the two touch."""
    at_loss, at_penalty = float(loss(w)), float(penalty(w, kind))
    return (loss.contour(at_loss) if at_loss > tiny else None,
            penalty_contour(kind, at_penalty) if at_penalty > tiny else None)


def _check_lambda(lam: float) -> float:
    lam = float(lam)
    if not (np.isfinite(lam) and lam >= 0):
        raise ParameterError(f"lambda multiplies the penalty and must be a finite number >= 0; got {lam!r}.")
    return lam


def objective(loss: QuadraticLoss, w, lam: float, kind: str) -> np.ndarray:
    """L~(w) = L(w) + lambda Omega(w)."""
    return loss(w) + _check_lambda(lam) * penalty(w, kind)


def l2_minimum(loss: QuadraticLoss, lam: float) -> np.ndarray:
    """The minimum of L + lambda 1/2 ||w||^2: (H + lambda I) w = H w*."""
    lam = _check_lambda(lam)
    return np.linalg.solve(loss.H + lam * np.eye(2), loss.H @ loss.minimum)


def l1_minimum(loss: QuadraticLoss, lam: float) -> np.ndarray:
    """The minimum of L + lambda ||w||_1, exactly: the least L~ among the 9 sign patterns'
    stationary points that keep their signs (a zero weight is exactly 0.0)."""
    lam = _check_lambda(lam)
    H, b = loss.H, loss.H @ loss.minimum
    best, best_value = np.zeros(2), float(objective(loss, np.zeros(2), lam, "l1"))
    for s in itertools.product((-1.0, 0.0, 1.0), repeat=2):
        s = np.array(s)
        free = s != 0
        if not free.any():
            continue
        w = np.zeros(2)
        w[free] = np.linalg.solve(H[np.ix_(free, free)], b[free] - lam * s[free])
        if np.any(np.sign(w[free]) != s[free]):
            continue
        value = float(objective(loss, w, lam, "l1"))
        if value < best_value:
            best, best_value = w, value
    return best


def regularized_minimum(loss: QuadraticLoss, lam: float, kind: str) -> np.ndarray:
    """The minimum of L + lambda Omega for penalty ``kind``."""
    if kind == "l2":
        return l2_minimum(loss, lam)
    if kind == "l1":
        return l1_minimum(loss, lam)
    raise ParameterError(f"the penalty must be one of {', '.join(PENALTIES)}; got {kind!r}.")


@dataclass(frozen=True)
class RegularizationPath:
    """The minima (K, 2) of L + lambda Omega for lambdas (K,), increasing from 0."""

    kind: str
    lambdas: np.ndarray
    minima: np.ndarray


def regularization_path(loss: QuadraticLoss, kind: str, largest: float, count: int = 121) -> RegularizationPath:
    """The minima for ``count`` lambdas from 0 to ``largest`` (and, for L1, the lambdas where a
    weight reaches 0 added to the grid, so the path's corners are drawn exactly)."""
    largest = _check_lambda(largest)
    if not 2 <= count <= 10_000:
        raise ParameterError(f"a path needs from 2 to 10,000 lambdas; got {count}.")
    lambdas = np.linspace(0.0, largest, count)
    if kind == "l1":
        lambdas = np.union1d(lambdas, [v for v in l1_breakpoints(loss) if 0 < v < largest])
    minima = np.array([regularized_minimum(loss, v, kind) for v in lambdas])
    return RegularizationPath(kind, lambdas, minima)


def l1_breakpoints(loss: QuadraticLoss) -> np.ndarray:
    """The lambdas (increasing) at which a weight of the L1 minimum becomes exactly 0 for good
    (at most two: first one weight, then the origin at ||H w*||_inf). Between them the path is
    straight (the free weights' solution is linear in lambda)."""
    H, b = loss.H, loss.H @ loss.minimum
    origin = float(np.max(np.abs(b)))  # 0 is optimal iff |H w*|_j <= lambda for both j
    found = []
    # with both weights free and signs s = sign(w*), w(lambda) = w* - lambda H^-1 s: weight j
    # reaches 0 at lambda = w*_j / (H^-1 s)_j
    s = np.sign(loss.minimum)
    if np.all(s != 0):
        direction = np.linalg.solve(H, s)
        for j in range(2):
            if direction[j] * loss.minimum[j] > 0:
                lam = loss.minimum[j] / direction[j]
                if 0 < lam < origin and np.isclose(l1_minimum(loss, lam * (1 + 1e-9))[j], 0.0, atol=0):
                    found.append(float(lam))
    found.append(origin)
    return np.array(sorted(set(found)))


def sparsity_lambda(loss: QuadraticLoss) -> float:
    """The smallest lambda from which the L1 minimum has a weight exactly 0 (its first breakpoint)."""
    return float(l1_breakpoints(loss)[0])


__all__ = ["PENALTIES", "QuadraticLoss", "RegularizationPath", "l1_breakpoints", "l1_minimum",
           "l2_minimum", "level_at_size", "objective", "penalty", "penalty_contour", "regularization_path",
           "regularized_minimum", "sparsity_lambda", "touching_sets"]
