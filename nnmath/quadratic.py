"""Quadratics of two parameters and their level sets (the loss surfaces of chapter 2 and of the
regularisation slides).

A loss that is quadratic in two parameters p = (p_1, p_2) can always be written

    q(p) = q_min + (p - c)^T A (p - c)

with its minimum c and a symmetric positive-definite A (for the least-squares loss of linear
regression, A = X^T X). Its contours {p : q(p) = level} are ellipses around c; this module
returns them exactly (points on the ellipse, from A's eigenvectors), so a scene or a figure
draws the true contours instead of tracing a grid.
"""

from __future__ import annotations

import numpy as np

from .checks import ParameterError, as_float_array, shape_text

#: Points on a drawn contour (the ellipse is closed: the last point repeats the first).
CONTOUR_POINTS = 96


def check_quadratic(centre, matrix) -> tuple[np.ndarray, np.ndarray]:
    """(c, A) as float arrays, with A symmetric positive definite (2, 2) and c (2,)."""
    c = as_float_array(centre, "centre")
    A = as_float_array(matrix, "matrix")
    if c.shape != (2,) or A.shape != (2, 2):
        raise ParameterError(f"a quadratic of two parameters needs a centre (2,) and a matrix (2, 2); "
                             f"got {shape_text(c.shape)} and {shape_text(A.shape)}.")
    if not np.allclose(A, A.T, rtol=1e-12, atol=1e-12 * max(1.0, np.abs(A).max())):
        raise ParameterError(f"the matrix of a quadratic must be symmetric; got {A.tolist()}.")
    if np.linalg.eigvalsh(A)[0] <= 0:
        raise ParameterError(f"the matrix of a quadratic must be positive definite (a bowl with one "
                             f"minimum); got {A.tolist()} with eigenvalues "
                             f"{np.round(np.linalg.eigvalsh(A), 6).tolist()}.")
    return c, 0.5 * (A + A.T)


def quadratic_value(points, centre, matrix, minimum: float = 0.0) -> np.ndarray:
    """q(p) = minimum + (p - c)^T A (p - c) at points (..., 2)."""
    c, A = check_quadratic(centre, matrix)
    d = as_float_array(points, "points") - c
    return minimum + np.einsum("...i,ij,...j->...", d, A, d)


def ellipse(centre, matrix, height: float, points: int = CONTOUR_POINTS) -> np.ndarray:
    """The closed contour {p : (p - c)^T A (p - c) = height} as (points + 1, 2), height > 0.

    With A = V diag(a) V^T, the contour is c + V (sqrt(height / a) * (cos t, sin t)).
    """
    c, A = check_quadratic(centre, matrix)
    if not height > 0:
        raise ParameterError(f"a contour lies above the minimum: height must be > 0; got {height!r}.")
    a, V = np.linalg.eigh(A)
    t = np.linspace(0.0, 2 * np.pi, points + 1)
    circle = np.column_stack([np.cos(t), np.sin(t)]) * np.sqrt(height / a)
    out = c + circle @ V.T
    out[-1] = out[0]
    return out


__all__ = ["CONTOUR_POINTS", "check_quadratic", "ellipse", "quadratic_value"]
