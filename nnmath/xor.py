"""XOR: no single line separates it; a 2-2-1 network of step units does (deck 001).

The truth table's four points, the mistakes any one line makes on them, the proof that every
line makes one (a Farkas certificate: multipliers that add the four inequalities a separating
line would need into 0 > 0), the count of labellings of four points that lines can make
(Cover's function counting, and the same by enumerating lines), and the 2-2-1 network of
Heaviside units whose hidden units are OR and NAND and whose output unit is AND.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .activations import heaviside
from .checks import ParameterError, as_batch, as_float_array, read_only, shape_text

#: The truth table: inputs (x1, x2) and y = x1 XOR x2.
XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])


def line_output(w, b: float, x) -> np.ndarray:
    """(N,) H[w . x + b]: 1 on the line's positive side (and on the line), 0 on the other."""
    w = as_float_array(w, "w").reshape(2)
    return heaviside(as_batch(x, 2) @ w + float(b))


def line_mistakes(w, b: float, x=XOR_INPUTS, y=XOR_TARGETS) -> int:
    """How many points the single step unit H[w . x + b] gets wrong."""
    return int(np.sum(line_output(w, b, x) != np.asarray(y)))


def separation_certificate(x=XOR_INPUTS, y=XOR_TARGETS) -> np.ndarray | None:
    """Multipliers lambda >= 0 (max 1) proving that no line separates the 0s from the 1s, or None.

    A separating step unit needs s_n (w . x_n + b) >= 0 for the 1s and > 0 for the 0s, with
    s_n = +1 for a 1 and -1 for a 0. If lambda >= 0, lambda != 0 on some 0, and
    sum_n lambda_n s_n (x_n, 1) = 0, then adding lambda_n times each inequality gives 0 > 0: no
    (w, b) exists. Found as the null space of the (3, N) matrix of the s_n (x_n, 1) when it is
    one-dimensional and of one sign, as for N = 4 points in general position (XOR: all ones).
    """
    x, y = as_batch(x, 2), np.asarray(y, float).reshape(-1)
    s = np.where(y > 0, 1.0, -1.0)
    m = (s[:, None] * np.column_stack([x, np.ones(len(s))])).T
    _, values, vt = np.linalg.svd(m)
    rank = int(np.sum(values > 1e-10 * max(values.max(), 1.0)))
    if vt.shape[0] - rank != 1:
        return None
    lam = vt[-1]
    lam = lam if lam.sum() > 0 else -lam
    if lam.min() < -1e-12 or not np.any(lam[s < 0] > 1e-12):
        return None
    return np.clip(lam / lam.max(), 0.0, None)


def cover_count(points: int, dim: int = 2) -> int:
    """Labellings of ``points`` points in general position in R^dim that a line (hyperplane
    with bias) can make: C(N, d + 1) = 2 sum_{k<=d} C(N - 1, k) (Cover 1965); 4 points in the
    plane: 14 of the 16."""
    return 2 * sum(math.comb(points - 1, k) for k in range(dim + 1))


def line_labellings(x=XOR_INPUTS) -> set[tuple[int, ...]]:
    """Every labelling of the points (N, 2) that a step unit H[w . x + b] makes, by enumeration:
    each such labelling is made by a line through two of the points turned and moved a little
    (or by a line missing all of them), so these candidate lines find them all."""
    x = as_batch(x, 2)
    found = {tuple([1] * len(x)), tuple([0] * len(x))}
    eps = 1e-6
    for i, j in combinations(range(len(x)), 2):
        d = x[j] - x[i]
        normal = np.array([-d[1], d[0]])
        mid = 0.5 * (x[i] + x[j])
        for turn in (-eps, 0.0, eps):
            c, s = math.cos(turn), math.sin(turn)
            n = np.array([c * normal[0] - s * normal[1], s * normal[0] + c * normal[1]])
            for shift in (-eps, eps):
                for sign in (1, -1):
                    w = sign * n
                    found.add(tuple(int(v) for v in line_output(w, -(w @ mid) + shift, x)))
    return found


@dataclass(frozen=True)
class StepNetwork:
    """A 2-2-1 network of Heaviside step units (deck 001's XOR solution).

    a = H[W1 x + b1] (W1 (2, 2), one row per hidden unit; b1 (2,)), y = H[w2 . a + b2]
    (w2 (2,), b2 a number); H[z] = 1 for z >= 0, else 0. Arrays are read-only float copies.
    """

    W1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float

    def __post_init__(self):
        for name, shape in (("W1", (2, 2)), ("b1", (2,)), ("w2", (2,))):
            value = as_float_array(getattr(self, name), name)
            if value.shape != shape:
                raise ParameterError(f"{name} must have shape {shape_text(shape)} for a 2-2-1 "
                                     f"network; got {shape_text(value.shape)}.")
            object.__setattr__(self, name, read_only(value))
        object.__setattr__(self, "b2", float(as_float_array(self.b2, "b2").reshape(())))

    def hidden(self, x) -> np.ndarray:
        """(N, 2) a_nd = H[b1_d + W1_d . x_n]."""
        return heaviside(as_batch(x, 2) @ self.W1.T + self.b1)

    def __call__(self, x) -> np.ndarray:
        """(N,) y_n = H[b2 + w2 . a_n]."""
        return heaviside(self.hidden(x) @ self.w2 + self.b2)

    def truth_table(self, x=XOR_INPUTS) -> np.ndarray:
        """(N, 5) rows (x1, x2, a1, a2, y) of the network's own outputs."""
        x = as_batch(x, 2)
        return np.column_stack([x, self.hidden(x), self(x)])


def or_nand_and() -> StepNetwork:
    """a1 = H[x1 + x2 - 0.5] (OR), a2 = H[-x1 - x2 + 1.5] (NAND), y = H[a1 + a2 - 1.5] (AND)."""
    return StepNetwork([[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5], [1.0, 1.0], -1.5)


#: Logic tables of the four points, to name what a step unit computes.
GATES = {"OR": (0, 1, 1, 1), "NAND": (1, 1, 1, 0), "AND": (0, 0, 0, 1), "NOR": (1, 0, 0, 0),
         "XOR": (0, 1, 1, 0), "XNOR": (1, 0, 0, 1)}


def gate_name(column) -> str | None:
    """The gate whose truth table on XOR_INPUTS' order is ``column`` (4 values), or None."""
    key = tuple(int(v) for v in np.asarray(column).reshape(-1))
    return next((name for name, table in GATES.items() if table == key), None)
