"""The logarithmic (cross-entropy) loss of one example (deck 001; book sections 5.4-5.5).

Multiclass: a network's C outputs (logits) z become probabilities by the softmax

    p_c = exp(z_c) / sum_j exp(z_j)           (every p_c > 0, sum_c p_c = 1)

and the loss of true class y is L = -log p_y (eq. 5.24). Its gradients are

    dL/dz   = p - onehot(y)                   (C,), summing to 0
    dL/dp_y = -1 / p_y                        (the slope of the curve -log p at p_y)

Binary (one neuron, logistic regression): p = sig(f) and L = -[y log p + (1 - y) log(1 - p)]
(eq. 5.20) for a label y in {0, 1}, with dL/df = p - y. The losses and the logit gradients are
:mod:`nnmath.train`'s ``softmax_cross_entropy`` and ``binary_cross_entropy``, for one example.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .checks import ParameterError, as_float_array, shape_text
from .train import binary_cross_entropy, check_labels, softmax_cross_entropy


#: The smallest p the loss curves are drawn from (there -log p = 3.9; it grows without bound).
P_MIN = 0.02


def prediction_kind(p: float) -> str:
    """How a prediction reads that gives probability p to the true class: "sure, right"
    (p >= 0.7), "sure, wrong" (p <= 0.15) or "unsure"."""
    if p >= 0.7:
        return "sure, right"
    if p <= 0.15:
        return "sure, wrong"
    return "unsure"


def softmax(logits) -> np.ndarray:
    """p_c = exp(z_c) / sum_j exp(z_j) of logits (C,) (or (N, C) row by row), computed with the
    largest logit subtracted so that exp never overflows."""
    z = as_float_array(logits, "logits")
    if z.ndim not in (1, 2) or z.shape[-1] < 1:
        raise ParameterError(f"logits must have shape (C,) or (N, C); got {shape_text(z.shape)}.")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_loss(p) -> np.ndarray:
    """-log p: the loss of a prediction that gives probability p in (0, 1] to the true class."""
    p = as_float_array(p, "p")
    if np.any((p <= 0) | (p > 1)):
        raise ParameterError(f"p must be probabilities in (0, 1]; got values from {p.min():g} to "
                             f"{p.max():g}.")
    return -np.log(p)


@dataclass(frozen=True)
class ClassLoss:
    """The cross-entropy of one example with C classes.

    logits: (C,) z; probabilities: (C,) softmax(z); true_class: y (0-based); loss: -log p_y;
    dlogits: (C,) dL/dz = p - onehot(y); dp: (C,) dL/dp, -1/p_y at y and 0 elsewhere.
    """

    logits: np.ndarray
    probabilities: np.ndarray
    true_class: int
    loss: float
    dlogits: np.ndarray
    dp: np.ndarray

    @property
    def p_true(self) -> float:
        return float(self.probabilities[self.true_class])


def cross_entropy(logits, true_class: int) -> ClassLoss:
    """The softmax cross-entropy of logits (C,) for class ``true_class`` (0-based), with its
    gradients with respect to the logits and to the probabilities."""
    z = as_float_array(logits, "logits")
    if z.ndim != 1 or z.size < 2:
        raise ParameterError(f"logits must hold one number per class, at least 2; got shape "
                             f"{shape_text(z.shape)}.")
    y = int(check_labels([true_class], 1, z.size)[0])
    value = softmax_cross_entropy(z[None, :], [y], reduction="sum")
    p = softmax(z)
    dp = np.zeros_like(p)
    dp[y] = -1.0 / p[y]  # d(-log p_y)/dp_y
    return ClassLoss(z, p, y, value.value, value.doutput[0], dp)


@dataclass(frozen=True)
class BinaryLoss:
    """The binary cross-entropy of one example: logit f, p = sig(f), label y in {0, 1},
    loss -[y log p + (1 - y) log(1 - p)] and dlogit = dL/df = p - y."""

    logit: float
    probability: float
    label: int
    loss: float
    dlogit: float


def binary_cross_entropy_of(logit: float, label: int) -> BinaryLoss:
    """The binary cross-entropy of one logit f (a single neuron's output) for label 0 or 1."""
    f = np.array([[float(logit)]])
    y = int(check_labels([label], 1, 2)[0])
    value = binary_cross_entropy(f, [y], reduction="sum")
    p = float(get_activation("sigmoid").fn(f)[0, 0])
    return BinaryLoss(float(logit), p, y, value.value, float(value.doutput[0, 0]))


def binary_curves(p) -> tuple[np.ndarray, np.ndarray]:
    """The binary loss against the predicted p in (0, 1): (-log p for y = 1, -log(1 - p) for y = 0)."""
    p = as_float_array(p, "p")
    return log_loss(p), log_loss(1.0 - p)


__all__ = ["P_MIN", "prediction_kind", "BinaryLoss", "ClassLoss", "binary_cross_entropy_of", "binary_curves", "cross_entropy",
           "log_loss", "softmax"]
