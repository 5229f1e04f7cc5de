"""The representation view: linear maps as rotate-stretch-rotate, activations as warps of the plane.

Serves the "representation view" of the lectures (UDL ch. 3-4 slides):

* a 2x2 matrix Theta as its singular value decomposition Theta = U S V^T, read right to left
  as a rotation (V^T), a stretch along the axes (S) and a rotation (U). The signs are chosen so
  that U and V^T are proper rotations (det +1) when det Theta >= 0, and exactly one of them is a
  reflection (det -1) when det Theta < 0 (:func:`rotation_scale_rotation`). For the slides'
  Theta = [[0.19, 1.84], [-0.97, -0.93]]: det = 1.608 > 0, singular values 2.162 and 0.744, so
  both outer factors are rotations (the slide's U, with det -1, is not);
* an activation applied to every coordinate, a[S x], as a warp of the plane: ReLU folds the
  plane onto the positive quadrant, tanh bends it into the open square (-1, 1)^2
  (:func:`scaled_activation`, :func:`grid_lines`);
* a 2-input, 2-hidden-unit, 1-output tanh network trained on two bent bands that no straight
  line separates: its linear map and activation warp the plane until one straight line does,
  and that line pulled back through the network is the curved decision boundary
  (:func:`bent_bands`, :func:`untangle`, :class:`Untangling`).

Points are batch first, (N, 2). Pure NumPy: the scene draws what these functions compute.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .checks import ParameterError, as_finite_scalar, as_float_array, shape_text
from .train import MLP, binary_cross_entropy, fit, init_mlp, make_rng

#: The slides' linear map (UDL ch. 3-4 representation view).
SLIDE_THETA = np.array([[0.19, 1.84], [-0.97, -0.93]])

# --- rotations and reflections of the plane -------------------------------------------------------


def rotation(angle: float) -> np.ndarray:
    """R(a) = [[cos a, -sin a], [sin a, cos a]], (2, 2): turns the plane by ``angle`` (radians)."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def reflection(mirror_angle: float) -> np.ndarray:
    """The reflection in the line through 0 at ``mirror_angle`` (radians), (2, 2), det -1:
    [[cos 2a, sin 2a], [sin 2a, -cos 2a]]."""
    c, s = np.cos(2 * mirror_angle), np.sin(2 * mirror_angle)
    return np.array([[c, s], [s, -c]])


def rotation_angle(matrix) -> float:
    """The angle a in (-pi, pi] of a rotation R(a) (2, 2)."""
    m = _square2(matrix, "matrix")
    return float(np.arctan2(m[1, 0], m[0, 0]))


def mirror_angle(matrix) -> float:
    """The angle in (-pi/2, pi/2] of the mirror line of a reflection (2, 2)."""
    m = _square2(matrix, "matrix")
    angle = 0.5 * float(np.arctan2(m[1, 0], m[0, 0]))
    return angle + np.pi if angle <= -np.pi / 2 else angle


def is_rotation(matrix, atol: float = 1e-9) -> bool:
    """True for an orthogonal (2, 2) matrix with det +1."""
    m = _square2(matrix, "matrix")
    return bool(np.allclose(m.T @ m, np.eye(2), atol=atol) and abs(np.linalg.det(m) - 1) < atol)


def is_reflection(matrix, atol: float = 1e-9) -> bool:
    """True for an orthogonal (2, 2) matrix with det -1."""
    m = _square2(matrix, "matrix")
    return bool(np.allclose(m.T @ m, np.eye(2), atol=atol) and abs(np.linalg.det(m) + 1) < atol)


# --- the SVD as rotate, stretch, rotate ---------------------------------------------------------


@dataclass(frozen=True)
class RotationScaleRotation:
    """Theta = U S V^T with signs chosen for reading it as three moves of the plane.

    theta, U, Vt: (2, 2); singular_values: (2,), s_1 >= s_2 >= 0; S = diag(singular_values).
    U and Vt are orthogonal; ``reflection`` names the one factor with det -1 ("U" or "Vt")
    when det Theta < 0, and is None otherwise (then both are rotations).
    """

    theta: np.ndarray
    U: np.ndarray
    singular_values: np.ndarray
    Vt: np.ndarray
    reflection: str | None

    @property
    def S(self) -> np.ndarray:
        """diag(s_1, s_2), (2, 2)."""
        return np.diag(self.singular_values)

    @property
    def det(self) -> float:
        """det Theta = det U * s_1 s_2 * det V^T."""
        return float(np.linalg.det(self.theta))

    def product(self) -> np.ndarray:
        """U S V^T, (2, 2): Theta again (the check shown on screen)."""
        return self.U @ self.S @ self.Vt

    def steps(self) -> list[tuple[str, np.ndarray]]:
        """The factors in the order they act on a point x: [("Vt", V^T), ("S", S), ("U", U)]."""
        return [("Vt", self.Vt), ("S", self.S), ("U", self.U)]

    def factor(self, name: str) -> np.ndarray:
        """The factor called "U", "S" or "Vt"."""
        steps = dict(self.steps())
        if name not in steps:
            raise ParameterError(f"factor must be one of 'Vt', 'S', 'U'; got {name!r}.")
        return steps[name]

    def angle(self, name: str) -> float:
        """For U or V^T: the rotation angle in (-pi, pi], or for the reflection the angle of its
        mirror line in (-pi/2, pi/2] (radians)."""
        if name not in ("U", "Vt"):
            raise ParameterError(f"angle is defined for 'U' and 'Vt'; got {name!r}.")
        m = self.factor(name)
        return mirror_angle(m) if name == self.reflection else rotation_angle(m)

    def num_reflections(self) -> int:
        """How many of U, V^T have det -1: 1 when det Theta < 0, else 0."""
        return sum(int(np.linalg.det(m) < 0) for m in (self.U, self.Vt))


def rotation_scale_rotation(theta, reflect_in: str = "Vt") -> RotationScaleRotation:
    """The SVD Theta = U S V^T of a (2, 2) matrix with the signs chosen so that

    * det Theta >= 0: det U = det V^T = +1 (two rotations around a stretch);
    * det Theta < 0: exactly one reflection, in the factor ``reflect_in`` ("Vt" or "U").

    Flipping the sign of u_i and v_i together leaves U S V^T unchanged; of the sign choices
    that satisfy the above, the one with the smallest total rotation angle is returned.
    """
    theta = _square2(theta, "theta")
    if reflect_in not in ("U", "Vt"):
        raise ParameterError(f"reflect_in must be 'U' or 'Vt'; got {reflect_in!r}.")
    U, s, Vt = np.linalg.svd(theta)
    det = np.linalg.det(theta)
    singular = s[1] <= 1e-12 * max(s[0], 1e-300)
    # (u_i, v_i) -> (-u_i, -v_i) keeps Theta; with s_2 = 0, u_2 alone may flip as well
    if np.linalg.det(U) < 0:
        U[:, 1] *= -1
        Vt[1] *= -1
    if np.linalg.det(Vt) < 0 and singular:
        Vt[1] *= -1
    reflection = None
    if det < 0 and not singular:
        reflection = "Vt"
        if reflect_in == "U":
            U[:, 1] *= -1
            Vt[1] *= -1
            reflection = "U"
    # (U, V^T) -> (-U, -V^T) keeps everything above; take the shorter rotations
    best = min(((U, Vt), (-U, -Vt)), key=lambda f: _turning(f[0], f[1], reflection))
    U, Vt = (np.array(m, dtype=float) for m in best)
    return RotationScaleRotation(theta, U, s.astype(float), Vt, reflection)


def _turning(U: np.ndarray, Vt: np.ndarray, reflection: str | None) -> float:
    return sum(abs(rotation_angle(m)) for name, m in (("U", U), ("Vt", Vt)) if name != reflection)


# --- warps: a[S x] on the plane -----------------------------------------------------------------


def linear_map(points, matrix, bias=None) -> np.ndarray:
    """x -> bias + matrix x for every row of points (N, 2); returns (N, 2)."""
    points = _points(points)
    out = points @ _square2(matrix, "matrix").T
    if bias is not None:
        out = out + _vector2(bias, "bias")
    return out


def scaled_activation(points, activation, scale: float = 1.0) -> np.ndarray:
    """a[S x] applied to every coordinate of points (N, 2): the plane warped by an activation.

    ReLU[S x] = S ReLU[x] (scale only resizes the fold onto the positive quadrant); tanh[S x]
    is nearly the linear map S x for small S and squashes the plane into (-1, 1)^2 for large S.
    """
    scale = as_finite_scalar(scale, "scale")
    return np.asarray(get_activation(activation).fn(scale * _points(points)), dtype=float)


def grid_lines(lo: float, hi: float, count: int, samples: int = 41, kinks_of=None) -> list:
    """The square grid on [lo, hi]^2: ``count`` vertical then ``count`` horizontal lines.

    Each line is (M, 2) points: ``samples`` equally spaced ones, plus, when ``kinks_of`` is a
    (2, 2) matrix Theta, the points where a coordinate of Theta x changes sign, so that
    a[S Theta x] with a piecewise-linear a has its corners exactly at the samples.
    """
    lo, hi = as_finite_scalar(lo, "lo"), as_finite_scalar(hi, "hi")
    if not lo < hi or count < 2 or samples < 2:
        raise ParameterError(f"grid_lines needs lo < hi, count >= 2 and samples >= 2; got lo = "
                             f"{lo:g}, hi = {hi:g}, count = {count}, samples = {samples}.")
    theta = None if kinks_of is None else _square2(kinks_of, "kinks_of")
    lines = []
    for vertical in (True, False):
        for c in np.linspace(lo, hi, count):
            a, b = (np.array([c, lo]), np.array([c, hi])) if vertical else (np.array([lo, c]), np.array([hi, c]))
            t = np.linspace(0.0, 1.0, samples)
            if theta is not None:
                # (Theta x(t))_i = (Theta a)_i + t (Theta (b - a))_i = 0
                start, step = theta @ a, theta @ (b - a)
                with np.errstate(divide="ignore", invalid="ignore"):
                    cross = -start / step
                t = np.unique(np.concatenate([t, cross[np.isfinite(cross) & (cross > 0) & (cross < 1)]]))
            lines.append(a + t[:, None] * (b - a))
    return lines


# --- clipping to convex polygons ----------------------------------------------------------------


def box_halfplanes(lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """The box lo <= x <= hi (lo, hi: (2,)) as half-planes n . x <= c: normals (4, 2), c (4,)."""
    lo, hi = _vector2(lo, "lo"), _vector2(hi, "hi")
    normals = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    return normals, np.array([hi[0], hi[1], -lo[0], -lo[1]])


def preimage_halfplanes(matrix, bias, lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """The x with lo <= bias + matrix x <= hi, as half-planes n . x <= c ((4, 2), (4,))."""
    matrix = _square2(matrix, "matrix")
    normals, c = box_halfplanes(lo, hi)
    # n . (bias + M x) <= c  <=>  (M^T n) . x <= c - n . bias
    return normals @ matrix, c - normals @ _vector2(bias, "bias")


def clip_segment(a, b, normals, offsets) -> tuple[float, float] | None:
    """The part of the segment a + t (b - a), t in [0, 1], inside every half-plane n . x <= c
    (Cyrus-Beck): (t0, t1), or None when it misses the polygon."""
    a, b = _vector2(a, "a"), _vector2(b, "b")
    t0, t1 = 0.0, 1.0
    for n, c in zip(np.asarray(normals, float), np.asarray(offsets, float)):
        # n . a + t n . (b - a) <= c
        rate, room = float(n @ (b - a)), float(c - n @ a)
        if abs(rate) < 1e-15:
            if room < 0:
                return None
        elif rate > 0:
            t1 = min(t1, room / rate)
        else:
            t0 = max(t0, room / rate)
        if t0 > t1:
            return None
    return t0, t1


def inside(points, normals, offsets, tol: float = 1e-9) -> np.ndarray:
    """(N,) booleans: which points (N, 2) satisfy every n . x <= c (+ tol)."""
    return np.all(_points(points) @ np.asarray(normals, float).T <= np.asarray(offsets, float) + tol,
                  axis=1)


def runs(mask) -> list[slice]:
    """The maximal runs of True in a 1-D boolean array, as slices (for clipping polylines)."""
    mask = np.asarray(mask, bool)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    return [slice(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2])]


def line_in_box(w, b: float, lo, hi) -> np.ndarray | None:
    """The straight line w . p + b = 0 (w: (2,)) clipped to the box lo <= p <= hi: its two
    ends (2, 2), or None when it misses the box (or w = 0)."""
    w, lo, hi = _vector2(w, "w"), _vector2(lo, "lo"), _vector2(hi, "hi")
    if np.allclose(w, 0):
        return None
    # a point on the line and its direction; long enough to cross the box
    foot = -float(b) * w / (w @ w)
    direction = np.array([-w[1], w[0]]) / np.linalg.norm(w)
    reach = 2 * (np.linalg.norm(hi - lo) + np.linalg.norm(foot) + np.abs(np.concatenate([lo, hi])).max())
    a, c = foot - reach * direction, foot + reach * direction
    span = clip_segment(a, c, *box_halfplanes(lo, hi))
    if span is None:
        return None
    return np.array([a + span[0] * (c - a), a + span[1] * (c - a)])


# --- a 2-2-1 network untangles two bent bands ---------------------------------------------------


def bent_bands(n_per_class: int = 60, seed=0, gap: float = 0.45, noise: float = 0.1,
               slope: float = 0.8, offset: float = -0.6, half_width: float = 2.0):
    """Two nested V-shaped bands, class 1 above class 0: no straight line separates them.

    x_1 ~ U(-half_width, half_width); x_2 = slope |x_1| + offset -/+ gap + N(0, noise^2) for
    class 0/1. Returns x (2 n_per_class, 2) and labels (2 n_per_class,) of 0/1 (class 0 first).
    seed: an int or np.random.Generator (np.random.default_rng(seed) draws the points).
    """
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, (int, np.integer)) or n_per_class < 2:
        raise ParameterError(f"n_per_class must be an integer >= 2; got {n_per_class!r}.")
    rng = make_rng(seed)
    labels = np.repeat([0, 1], n_per_class)
    x1 = rng.uniform(-half_width, half_width, labels.size)
    side = np.where(labels == 1, gap, -gap)
    x2 = slope * np.abs(x1) + offset + side + rng.normal(0.0, noise, labels.size)
    return np.column_stack([x1, x2]), labels


class Classifier221:
    """The parameters and score of a trained 2-2-1 classifier with a ``model`` (MLP), training
    ``labels`` (N,) of 0/1 and its ``logits`` (N,) (class 1 where > 0); shared by
    :class:`Untangling` and :class:`nnmath.representation.TwoViews`."""

    @property
    def omega0(self) -> np.ndarray:
        """(2, 2): the hidden layer's weights, one row per unit."""
        return self.model.omegas[0]

    @property
    def beta0(self) -> np.ndarray:
        return self.model.betas[0]

    @property
    def omega1(self) -> np.ndarray:
        """(2,): the weights of the output unit."""
        return self.model.omegas[1][0]

    @property
    def beta1(self) -> float:
        return float(self.model.betas[1][0])

    @property
    def correct(self) -> int:
        """How many training points lie on their side of the boundary."""
        return int(np.sum((self.logits > 0) == (self.labels == 1)))

    @property
    def accuracy(self) -> float:
        """Fraction of training points on the right side of the line (1.0 = 100 %)."""
        return self.correct / len(self.labels)


@dataclass(frozen=True)
class Untangling(Classifier221):
    """A trained 2-2-1 tanh network and what it does to its training points.

    x: (N, 2) inputs; labels: (N,) 0/1; model: the MLP (Omega_0 (2, 2), beta_0 (2,),
    omega_1 (1, 2), beta_1 (1,)); z = beta_0 + Omega_0 x (N, 2), the pre-activations;
    h = tanh[z] (N, 2), the hidden space; logits = beta_1 + omega_1 h (N,); class 1 where > 0.
    seed: the seed of the data and of the initialisation; epochs, lr, l2: the training run.
    """

    x: np.ndarray
    labels: np.ndarray
    model: MLP
    z: np.ndarray
    h: np.ndarray
    logits: np.ndarray
    seed: int
    epochs: int
    lr: float
    l2: float

    def hidden(self, x) -> tuple[np.ndarray, np.ndarray]:
        """(z, h) of inputs x (N, 2): the linear step and the activation step."""
        trace = self.model.forward(_points(x))
        return trace.preactivations[0], trace.activations[0]

    def separating_line(self, lo, hi) -> np.ndarray | None:
        """The straight line beta_1 + omega_1 . h = 0 of the hidden space, clipped to the box
        lo <= h <= hi: its two ends (2, 2), or None when it misses the box."""
        return line_in_box(self.omega1, self.beta1, lo, hi)

    def boundary(self, lo, hi, samples: int = 300) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The separating line inside the box lo <= h <= hi (strictly inside (-1, 1)^2) and its
        pull-back: (h, z, x), each (samples, 2), the samples equally spaced along the curve in z
        (arctanh stretches the ends of the segment, so equal steps in h would leave gaps)."""
        ends = self.separating_line(lo, hi)
        if ends is None:
            return None
        # t = (1 + tanh u) / 2 reaches the ends exponentially, as fast as arctanh leaves them
        t = 0.5 * (1.0 + np.tanh(np.linspace(-12.0, 12.0, 4001)))
        z, _ = self.pull_back(ends[0] + t[:, None] * (ends[1] - ends[0]))
        arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(z, axis=0), axis=1))])
        t = np.interp(np.linspace(0.0, arc[-1], samples), arc, t)
        h = ends[0] + t[:, None] * (ends[1] - ends[0])
        return (h, *self.pull_back(h))

    def pull_back(self, h) -> tuple[np.ndarray, np.ndarray]:
        """Hidden points h (N, 2) inside (-1, 1)^2 back to (z, x): z = arctanh[h],
        x = Omega_0^{-1} (z - beta_0). The curved boundary of the input space is the pull-back
        of the straight line of the hidden space."""
        h = _points(h)
        if np.any(np.abs(h) >= 1):
            raise ParameterError("pull_back needs hidden points strictly inside (-1, 1)^2 (the "
                                 "image of tanh); clip them to a smaller box first.")
        z = np.arctanh(h)
        return z, self.inputs_of(z)

    def inputs_of(self, z) -> np.ndarray:
        """The inputs x (N, 2) whose pre-activations are z (N, 2): x = Omega_0^{-1} (z - beta_0),
        the linear step undone (e.g. a grid of lines of constant z_1 or z_2, drawn in x)."""
        z = _points(z, "z")
        if abs(np.linalg.det(self.omega0)) < 1e-12:
            raise ParameterError("Omega_0 is singular, so the linear step cannot be undone.")
        return np.linalg.solve(self.omega0, (z - self.beta0).T).T


def untangle(n_per_class: int = 60, seed: int = 0, epochs: int = 1000, lr: float = 0.5,
             l2: float = 0.003) -> Untangling:
    """Train a 2-2-1 network with tanh hidden units on :func:`bent_bands` (data and
    initialisation from ``seed``) by full-batch gradient descent on the mean binary
    cross-entropy with a small L2 penalty ``l2`` on the weights (it keeps the weights, and so
    the warp, moderate). With the defaults every training point ends up on its side of the line.
    """
    x, labels = bent_bands(n_per_class, seed=seed)
    model = init_mlp((2, 2, 1), init="glorot_normal", seed=seed, activation="tanh")
    fit(model, x, labels, loss="binary_cross_entropy", lr=lr, epochs=epochs, l2=l2, seed=seed)
    trace = model.forward(x)
    logits = trace.output[:, 0]
    binary_cross_entropy(trace.output, labels)  # labels checked
    return Untangling(x, labels, model, trace.preactivations[0], trace.activations[0], logits,
                      int(seed), int(epochs), float(lr), float(l2))


# --- input checks -------------------------------------------------------------------------------


def _square2(value, name: str) -> np.ndarray:
    m = as_float_array(value, name)
    if m.shape != (2, 2):
        raise ParameterError(f"{name} must be a 2x2 matrix, shape (2, 2), e.g. "
                             f"[[0.19, 1.84], [-0.97, -0.93]]; got shape {shape_text(m.shape)}.")
    return m


def _vector2(value, name: str) -> np.ndarray:
    v = as_float_array(value, name)
    if v.shape != (2,):
        raise ParameterError(f"{name} must have shape (2,); got {shape_text(v.shape)}.")
    return v


def _points(value, name: str = "points") -> np.ndarray:
    p = as_float_array(value, name)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ParameterError(f"{name} must have shape (N, 2), one row per point of the plane; "
                             f"got {shape_text(p.shape)}.")
    return p


__all__ = [
    "SLIDE_THETA", "Classifier221", "RotationScaleRotation", "Untangling", "bent_bands", "box_halfplanes",
    "clip_segment", "grid_lines", "inside", "is_reflection", "is_rotation", "line_in_box", "linear_map",
    "mirror_angle", "preimage_halfplanes", "reflection", "rotation", "rotation_angle",
    "rotation_scale_rotation", "runs", "scaled_activation", "untangle",
]
