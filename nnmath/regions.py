"""Linear regions of 2-input networks: the exact partition of the plane (book Figs. 3.8, 4.7).

A network whose activations are piecewise linear with one kink at 0 (ReLU, leaky ReLU, PReLU)
is affine on every set of inputs that share one *activation pattern* (which hidden units are
on). With 2 inputs these sets are convex polygons, the *linear regions*. This module computes
them exactly, hidden layer by hidden layer (Fig. 4.5 / 4.7 "deep build-up"):

    layer k splits every region of layers 0..k-1 by the lines {pre_k,d(x) = 0}, d = 1..D_k,
    which are straight inside such a region because pre_k = beta_{k-1} + Omega_{k-1} h_{k-1}
    is affine there.

Algorithm, vectorised across all regions and all units of a layer (no Python loop per region
or per unit; only over chunks of 8192 regions, to bound memory): for every region R of the
previous layers, find the units whose line crosses R (a bounding-circle test, then the signs at
R's corners); the arrangement of those lines inside R has as vertices R's corners, the
line/edge crossings and the line/line crossings inside R. At each such vertex the rays of the
lines and edges through it cut the plane into sectors; each sector inside R belongs to exactly
one cell of the arrangement, named by its sign vector (which side of every crossing line it
lies on; a sum of random 64-bit weights of the units that are on). Grouping the (cell, vertex)
incidences by sign vector and sorting each group by angle gives the cells as CCW polygons; the
first ray of each sector names the edge that leaves the vertex (the edge labels). At a vertex
where exactly 2 lines cross (or 1 line meets an edge) the sectors follow from signs alone;
only degenerate vertices (3+ lines, a line through a corner) sort their rays by angle.
Each cell's affine map: pre_{k+1} = beta_k + Omega_k (slope(pattern) * pre_k), one matrix
product per layer for all regions.

Conventions:
- A region is a non-empty open cell of constant activation pattern, so ``len(partition)`` is
  the number of distinct activation patterns of non-zero area. Each pattern cell is convex and
  connected, so no two regions share a pattern, even where two neighbours have the same affine
  output map (e.g. a unit with outgoing weight 0): they are still separate regions. This is
  what regioncam counts (its faces, which it never merges for ReLU layers); the two counts
  agree on the benchmark networks of bench/bench_regions.py, up to 127,132 regions.
- Unit d of layer k is *on* in a region when its pre-activation is > 0 there; a unit that is
  identically 0 on a region (a dead unit, zero weights) is *off*.
- Degeneracies are decided with a distance tolerance ``DISTANCE_RTOL`` times the domain's
  diameter: a vertex that close to a line is on it (a line through a vertex or along an edge
  does not split), and a cell thinner than that (area <= tolerance * perimeter / 2) is a
  zero-area sliver and is dropped. Pre-activations smaller than ``VALUE_RTOL`` times the
  unit's scale over the domain count as 0 (cancellation noise of an exactly-zero unit).
- Edge labels: -1 for the domain boundary, k for an edge on a line of hidden layer k (with
  the unit d in ``edge_units``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .checks import ParameterError, as_float_array, read_only, shape_text
from .deep import DeepNetwork
from .shallow import ShallowNetwork

#: A vertex closer than DISTANCE_RTOL * (domain diameter) to a line is on the line.
DISTANCE_RTOL = 1e-10
#: A pre-activation below VALUE_RTOL * (its scale over the domain) is 0.
VALUE_RTOL = 1e-12
#: Two lines are parallel when |det| <= PARALLEL_RTOL * |grad_a| |grad_b|.
PARALLEL_RTOL = 1e-12
#: Step across an edge, relative to the domain's diameter, to find the region beyond it.
_PROBE_RTOL = 1e-8
#: Probe points located at once by Partition2D.adjacency (bounds the pattern matrix's memory).
_PROBE_CHUNK = 1 << 15
#: Ends of two joint segments closer than this (times the diameter) are one point.
_CHAIN_RTOL = 1e-9
#: Odd 64-bit multiplier folding a polygon's index into its cells' keys.
_POLYGON_SALT = np.uint64(0x9E3779B97F4A7C15)
#: Polygons split at once (bounds the memory of the arrangement's temporaries).
_SPLIT_CHUNK = 8192
#: Float budget of one chunk of the layer-wise matrix products (keeps peak memory low).
_CHUNK_FLOATS = 1 << 21


# --- the network as seen on the plane ----------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PlaneNetwork:
    """A piecewise-linear network restricted to a plane, with 2 coordinates (s, t).

    omegas[k] (D_{k+1}, D_k) and betas[k] (D_{k+1},) as in DeepNetwork, with D_0 = 2: the first
    layer already includes the plane x = origin + s u + t v. Hidden unit activations are
    a(z) = slope_on[k] z + a0[k] for z > 0 and slope_off[k] z + a0[k] for z <= 0.
    """

    omegas: tuple
    betas: tuple
    slope_on: tuple
    slope_off: tuple
    a0: tuple

    @property
    def widths(self) -> tuple[int, ...]:
        """(D_1, ..., D_K), the hidden widths."""
        return tuple(omega.shape[0] for omega in self.omegas[:-1])

    @property
    def output_dim(self) -> int:
        """Do."""
        return self.omegas[-1].shape[0]

    def preactivations(self, points: np.ndarray) -> list[np.ndarray]:
        """Pre-activations of every hidden layer at points (N, 2): a list of K arrays (N, D_k)."""
        h = points
        out = []
        for k in range(len(self.widths)):
            pre = self.betas[k] + h @ self.omegas[k].T
            out.append(pre)
            h = np.where(pre > 0, self.slope_on[k], self.slope_off[k]) * pre + self.a0[k]
        return out

    def patterns(self, points: np.ndarray) -> list[np.ndarray]:
        """On/off state of every hidden unit at points (N, 2): a list of K arrays (N, D_k) bool.

        A unit is on where pre > VALUE_RTOL * (sum of the |terms| of its pre-activation), so a
        unit that cancels exactly (pre = 0 but +-1e-17 in floating point) reads off, as in the
        exact partition.
        """
        h, size = points, np.abs(points)
        out = []
        for k in range(len(self.widths)):
            pre = self.betas[k] + h @ self.omegas[k].T
            # |terms| of pre: |beta| + |Omega| |h|
            terms = np.abs(self.betas[k]) + size @ np.abs(self.omegas[k]).T
            on = pre > VALUE_RTOL * terms
            out.append(on)
            slope = np.where(on, self.slope_on[k], self.slope_off[k])
            h = slope * pre + self.a0[k]
            size = np.abs(slope) * terms + abs(self.a0[k])
        return out

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """Outputs (N, Do) at points (N, 2) in plane coordinates."""
        h = points
        for k, pre in enumerate(self.preactivations(points)):
            h = np.where(pre > 0, self.slope_on[k], self.slope_off[k]) * pre + self.a0[k]
        if not self.widths:
            h = points
        return self.betas[-1] + h @ self.omegas[-1].T


def plane_network(net, plane=None) -> PlaneNetwork:
    """Check ``net`` and restrict it to 2 coordinates (itself for 2 inputs, else a plane).

    net: ShallowNetwork or DeepNetwork with piecewise-linear activations (kink at 0).
    plane: None for a 2-input network, else (origin (Di,), u (Di,), v (Di,)): the input
    x = origin + s u + t v for plane coordinates (s, t).
    """
    if isinstance(net, ShallowNetwork):
        net = net.to_deep()
    if not isinstance(net, DeepNetwork):
        raise ParameterError(
            f"net must be a ShallowNetwork or DeepNetwork; got {type(net).__name__}. Build one "
            f"with nnmath.ShallowNetwork(theta, phi) or nnmath.DeepNetwork(betas, omegas)."
        )
    for k, act in enumerate(net.activations):
        if not act.piecewise_linear:
            raise ParameterError(
                f"linear regions need piecewise-linear activations with a kink at 0 (relu, "
                f"leaky_relu, prelu); hidden layer {k} uses {act.name!r}, which is curved "
                f"everywhere, so the network has no linear regions. Use activation='relu', or "
                f"draw the network's output with a dense grid instead."
            )
    omegas, betas = list(net.omegas), list(net.betas)
    di = net.input_dim
    if plane is None:
        if di != 2:
            raise ParameterError(
                f"regions in the plane need a network with 2 inputs, or a 2-D slice of the input "
                f"space; this network has {di} input(s) and no plane was given. Pass "
                f"plane=(origin, u, v) with three vectors of length {di}: the regions are then "
                f"drawn over x = origin + s u + t v."
            )
    else:
        origin, u, v = _check_plane(plane, di)
        basis = np.column_stack([u, v])
        # pre_0 = beta_0 + Omega_0 (origin + s u + t v)
        #       = (beta_0 + Omega_0 origin) + Omega_0 [u v] (s, t)
        betas[0] = betas[0] + omegas[0] @ origin
        omegas[0] = omegas[0] @ basis
    slope_on, slope_off, a0 = [], [], []
    for act in net.activations:
        # a(z) = slope z + a(0) on each side of the kink at 0
        at = act(np.array([-1.0, 0.0, 1.0]))
        slope_on.append(float(at[2] - at[1]))
        slope_off.append(float(at[1] - at[0]))
        a0.append(float(at[1]))
    return PlaneNetwork(tuple(omegas), tuple(betas), tuple(slope_on), tuple(slope_off), tuple(a0))


def _check_plane(plane, di: int):
    try:
        origin, u, v = plane
    except (TypeError, ValueError):
        raise ParameterError(
            f"plane must be (origin, u, v), three vectors of length Di = {di}; got {plane!r}."
        ) from None
    vectors = []
    for name, value in (("origin", origin), ("u", u), ("v", v)):
        vec = as_float_array(value, f"plane {name}")
        if vec.shape != (di,):
            raise ParameterError(
                f"plane {name} must have shape (Di,) = ({di},) for a network with {di} inputs; "
                f"got {shape_text(vec.shape)}."
            )
        vectors.append(vec)
    origin, u, v = vectors
    gram = np.array([[u @ u, u @ v], [u @ v, v @ v]])
    if np.linalg.det(gram) <= 1e-12 * max(gram[0, 0] * gram[1, 1], 1e-300):
        raise ParameterError(
            "plane directions u and v must be linearly independent (span a plane); got parallel "
            "or zero vectors. Pick two different directions, e.g. two unit vectors e_i, e_j."
        )
    return origin, u, v


def activation_patterns(net, points, plane=None) -> np.ndarray:
    """Activation pattern of every point: (N, D_1 + ... + D_K) bool, True where pre-activation > 0.

    points: (N, 2) plane coordinates (the inputs themselves for a 2-input network).
    The brute-force route to the regions (Fig. 3.5's shading, per pixel). Pre-activations
    within rounding noise of 0 count as 0 (see PlaneNetwork.patterns).
    """
    pnet = net if isinstance(net, PlaneNetwork) else plane_network(net, plane)
    points = _as_points(points)
    return np.concatenate([np.zeros((len(points), 0), dtype=bool), *pnet.patterns(points)],
                          axis=1)


def _as_points(points) -> np.ndarray:
    points = as_float_array(points, "points")
    if points.ndim == 1 and points.shape[0] == 2:
        points = points.reshape(1, 2)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ParameterError(
            f"points must have shape (N, 2), one (x, y) row per point; got "
            f"{shape_text(points.shape)}."
        )
    return points


# --- the domain --------------------------------------------------------------------------------


def _check_limits(lim, name: str) -> tuple[float, float]:
    arr = as_float_array(lim, name)
    if arr.shape != (2,):
        raise ParameterError(
            f"{name} must be (low, high), two numbers; got shape {shape_text(arr.shape)}."
        )
    if not arr[0] < arr[1]:
        raise ParameterError(
            f"{name} must be (low, high) with low < high; got ({arr[0]:g}, {arr[1]:g}). "
            f"Swap the two numbers (or widen the range if they are equal)."
        )
    return float(arr[0]), float(arr[1])


def _domain_polygon(xlim, ylim, domain) -> np.ndarray:
    """The domain as a CCW convex polygon (n, 2)."""
    if domain is None:
        x0, x1 = _check_limits(xlim, "xlim")
        y0, y1 = _check_limits(ylim, "ylim")
        return _not_a_sliver(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]))
    poly = as_float_array(domain, "domain")
    if poly.ndim != 2 or poly.shape[1] != 2 or poly.shape[0] < 3:
        raise ParameterError(
            f"domain must be a convex polygon, shape (n, 2) with n >= 3 vertices in order; got "
            f"{shape_text(poly.shape)}."
        )
    edge = np.roll(poly, -1, axis=0) - poly
    after = np.roll(edge, -1, axis=0)
    turn = edge[:, 0] * after[:, 1] - edge[:, 1] * after[:, 0]
    scale = np.max(np.abs(poly - poly.mean(axis=0))) ** 2
    lengths = np.hypot(edge[:, 0], edge[:, 1])
    if (lengths <= 1e-12 * np.sqrt(scale)).any() or scale == 0:
        raise ParameterError(
            "domain has repeated consecutive vertices; list each corner of the polygon once."
        )
    if not ((turn >= -1e-12 * scale).all() or (turn <= 1e-12 * scale).all()):
        raise ParameterError(
            "domain must be a convex polygon with its vertices in order around it; the given "
            "vertices turn both left and right. Pass the convex hull in CCW or CW order."
        )
    if turn.sum() < 0:  # clockwise: reverse to CCW
        poly = poly[::-1].copy()
    return _not_a_sliver(poly)


def _not_a_sliver(poly: np.ndarray) -> np.ndarray:
    """The polygon, refused when it is too thin to split (its area below 1e-6 of its diameter
    squared): its cells would all fall below the distance tolerance."""
    x, y = poly[:, 0], poly[:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    diameter = float(np.hypot(*(poly.max(axis=0) - poly.min(axis=0))))
    if area < 1e-6 * diameter ** 2:
        raise ParameterError(
            f"the domain is too thin to split into regions: area {area:.3g} for a diameter of "
            f"{diameter:.3g}. Give x and y ranges whose lengths differ by less than a factor of 10^6."
        )
    return poly


# --- vectorised helpers ------------------------------------------------------------------------


def _ranges(starts: np.ndarray, lengths: np.ndarray):
    """Concatenated ranges [starts_i, starts_i + lengths_i): flat indices (n,), range ids (n,)."""
    seg = np.repeat(np.arange(lengths.size), lengths)
    shift = starts - (np.cumsum(lengths) - lengths)
    return np.arange(seg.size) + shift[seg], seg


def _segment_sums(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sums over consecutive segments [offsets_i, offsets_{i+1}) (empty segments give 0).

    Floats are summed segment by segment (a running total would cancel small segments that
    follow large ones); integers and booleans exactly by a running total (uint64 wraps).
    """
    if values.dtype.kind == "f":
        out = np.zeros(offsets.size - 1)
        filled = offsets[1:] > offsets[:-1]
        if values.size:
            out[filled] = np.add.reduceat(values, offsets[:-1][filled])
        return out
    total = np.zeros(values.size + 1, dtype=values.dtype if values.dtype != bool else np.int64)
    np.cumsum(values, out=total[1:])
    return total[offsets[1:]] - total[offsets[:-1]]


def _group_order(groups: np.ndarray, within: np.ndarray) -> np.ndarray:
    """Permutation sorting by integer ``groups`` (>= 0), then by ``within``, like lexsort.

    Sorts by ``within``, then stably by the groups' 16-bit digits, low digit first: NumPy
    radix-sorts 16-bit keys, ~20x faster than a stable sort of int64.
    """
    order = np.argsort(within)
    g = groups[order]
    top = int(g.max(initial=0))
    shift = 0
    while True:
        digit = ((g >> shift) & 0xFFFF).astype(np.uint16)
        step = np.argsort(digit, kind="stable")
        order, g = order[step], g[step]
        shift += 16
        if top >> shift == 0:
            return order


def _key_order(keys: np.ndarray) -> np.ndarray:
    """A permutation that makes equal uint64 ``keys`` contiguous (like np.argsort(keys)).

    One sort of the words (key with its low bits replaced by the index): values sort several
    times faster than an argsort. Exact unless two different keys agree in their top bits
    (checked; then np.argsort).
    """
    index_bits = max(int(keys.size - 1).bit_length(), 1)
    low = np.uint64((1 << index_bits) - 1)
    word = keys & ~low
    word |= np.arange(keys.size, dtype=np.uint64)
    word.sort()
    order = (word & low).astype(np.intp)
    top, ordered = word & ~low, keys[order]
    if np.any((top[1:] == top[:-1]) & (ordered[1:] != ordered[:-1])):
        return np.argsort(keys)
    return order


def _sorted_group_order(groups: np.ndarray, within: np.ndarray) -> np.ndarray:
    """:func:`_group_order` for ``groups`` already sorted (contiguous) and ``within`` in [-2, 2].

    One sort of 64-bit words (group, within rounded down to the bits left, index): the values
    sort several times faster than an argsort. Exact when no two members of a group round to the
    same word (checked; ties fall back to :func:`_group_order`).
    """
    n = groups.size
    index_bits = max(int(n - 1).bit_length(), 1)
    shift = 64 - max(int(groups[-1]).bit_length(), 1) if n else 0  # the group's bits are on top
    within_bits = shift - index_bits
    if n and within_bits >= 24:
        # within -> floor((within + 2) / 4 * (2^bits - 1)): non-decreasing, in [0, 2^bits)
        scale = (2.0 ** within_bits - 1) / 4.0
        word = ((within + 2.0) * scale).astype(np.uint64) << np.uint64(index_bits)
        word |= groups.astype(np.uint64) << np.uint64(shift)
        word |= np.arange(n, dtype=np.uint64)
        word.sort()
        rank = word >> np.uint64(index_bits)
        if not np.any(rank[1:] == rank[:-1]):
            return (word & np.uint64((1 << index_bits) - 1)).astype(np.intp)
    return _group_order(groups, within)


def _pseudo_angle(dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """A number in [-2, 2] increasing with the angle of (dx, dy) as arctan2 does, cheaper.

    With p = dx / (|dx| + |dy|): 1 - p for dy >= 0 (angles 0..pi), p - 1 below (-pi..0).
    """
    p = dx / np.maximum(np.abs(dx) + np.abs(dy), 1e-300)
    return np.where(dy >= 0, 1.0 - p, p - 1.0)


def _cyclic_next(offsets: np.ndarray) -> np.ndarray:
    """Index of the next vertex around each polygon of a CSR polygon list."""
    nxt = np.arange(1, offsets[-1] + 1)
    filled = offsets[1:] > offsets[:-1]
    nxt[offsets[1:][filled] - 1] = offsets[:-1][filled]
    return nxt


@dataclass(frozen=True, eq=False)
class _Cells:
    """Convex polygons in CSR form, with what the layer-wise build carries along.

    xy (n, 2) CCW vertices of all polygons; offsets (P+1,); edge_layers, edge_units (n,) label of
    the edge leaving each vertex; parents (P,) the polygon of the previous layer's partition
    that contains each one; masks (P, D_k) the on/off state of this layer's units.
    """

    xy: np.ndarray
    offsets: np.ndarray
    edge_layers: np.ndarray
    edge_units: np.ndarray
    parents: np.ndarray
    masks: np.ndarray

    def slice(self, lo: int, hi: int) -> _Cells:
        """Polygons lo..hi-1 (views; writing their masks writes these)."""
        a, b = self.offsets[lo], self.offsets[hi]
        return _Cells(self.xy[a:b], self.offsets[lo:hi + 1] - a, self.edge_layers[a:b],
                      self.edge_units[a:b], self.parents[lo:hi], self.masks[lo:hi])

    @staticmethod
    def concat(parts: list) -> _Cells:
        """The polygons of all parts, in order."""
        if len(parts) == 1:
            return parts[0]
        sizes = np.cumsum([0] + [part.offsets[-1] for part in parts[:-1]])
        offsets = np.concatenate([[0]] + [part.offsets[1:] + n for part, n in zip(parts, sizes)])
        return _Cells(*(np.concatenate([getattr(part, name) for part in parts]) if name != "offsets"
                        else offsets for name in ("xy", "offsets", "edge_layers", "edge_units",
                                                  "parents", "masks")))

    def take(self, index: np.ndarray, then: _Cells) -> _Cells:
        """The polygons ``index`` (in that order), followed by the polygons of ``then``."""
        lengths = np.diff(self.offsets)[index]
        flat, _ = _ranges(self.offsets[index], lengths)
        n, count = flat.size, index.size
        offsets = np.empty(count + then.offsets.size, dtype=np.int64)
        offsets[0] = 0
        np.cumsum(lengths, out=offsets[1:count + 1])
        offsets[count + 1:] = then.offsets[1:] + n

        def join(mine, theirs, rows):
            out = np.empty((rows.size + theirs.shape[0],) + mine.shape[1:], dtype=mine.dtype)
            np.take(mine, rows, axis=0, out=out[:rows.size])
            out[rows.size:] = theirs
            return out

        return _Cells(join(self.xy, then.xy, flat), offsets,
                      join(self.edge_layers, then.edge_layers, flat),
                      join(self.edge_units, then.edge_units, flat),
                      join(self.parents, then.parents, index), join(self.masks, then.masks, index))


def _propagate(z: np.ndarray, index: np.ndarray, masks: np.ndarray, slope_on: float,
               slope_off: float, a0: float, omega: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Affine maps of the next pre-activations on each polygon, from this layer's.

    z (M, 3, D): pre_k(x) = x z[m, 0] + y z[m, 1] + z[m, 2] on polygon m of the previous
    partition; index (Q,) which m contains each new polygon q; masks (Q, D) its on/off states.
    Returns (Q, 3, D') with pre_{k+1} = beta + Omega (slope(mask) * pre_k + a0).
    """
    d_in, d_out, count = z.shape[2], omega.shape[0], index.size
    out = np.empty((count, 3, d_out))
    step = max(1, _CHUNK_FLOATS // (3 * max(d_in, d_out)))
    for lo in range(0, count, step):
        hi = min(lo + step, count)
        h = np.take(z, index[lo:hi], axis=0)
        # h_k = slope(mask) * pre_k + a0, still affine in x on the polygon
        if slope_on == 1.0 and slope_off == 0.0:
            h *= masks[lo:hi, None, :]
        else:
            h *= np.where(masks[lo:hi], slope_on, slope_off)[:, None, :]
        if a0:
            h[:, 2, :] += a0
        block = out[lo:hi].reshape(-1, d_out)
        np.matmul(h.reshape(-1, d_in), omega.T, out=block)
        out[lo:hi, 2, :] += beta
    return out


# --- one layer ---------------------------------------------------------------------------------


def _candidate_pairs(x, y, offsets, lengths, vpoly, z, masks, dist_tol, value_scale):
    """(polygon, unit) pairs whose line may cross the polygon: it meets the bounding circle.

    x, y (n,) the polygons' vertices, offsets (P+1,), lengths (P,), vpoly (n,) their polygon;
    z (P, 3, D) the pre-activation maps. The other units' lines leave the whole polygon on one
    side: their state (the sign at the centre) is written to masks (P, D). Returns (polygons,
    units).
    """
    count = lengths.size
    cx = np.bincount(vpoly, x, count) / lengths
    cy = np.bincount(vpoly, y, count) / lengths
    radius = np.sqrt(np.maximum.reduceat((x - cx[vpoly]) ** 2 + (y - cy[vpoly]) ** 2,
                                         offsets[:-1]))
    width = z.shape[2]
    pair_poly, pair_unit = [], []
    step = max(1, _CHUNK_FLOATS // (4 * width))
    for lo in range(0, count, step):
        hi = min(lo + step, count)
        zc = z[lo:hi]
        # pre at the centroid, |grad pre|, tolerance on pre
        centre = zc[:, 0] * cx[lo:hi, None] + zc[:, 1] * cy[lo:hi, None] + zc[:, 2]
        # near: |pre(centre)| <= |grad| r + 2 tol, with tol = max(dist_tol |grad|, value_scale)
        # bounded above by dist_tol |grad| + value_scale (a few extra candidates)
        reach = np.sqrt(zc[:, 0] ** 2 + zc[:, 1] ** 2)
        reach *= (radius[lo:hi] * (1 + 1e-9) + 2 * dist_tol)[:, None]
        reach += 2 * value_scale
        masks[lo:hi] = centre > 0
        near = np.flatnonzero(np.abs(centre, out=centre) <= reach)
        pair_poly.append(near // width + lo)
        pair_unit.append(near % width)
    return np.concatenate(pair_poly), np.concatenate(pair_unit)


def _corner_signs(x, y, offsets, lengths, pair_poly, pair_unit, coef, pair_tol, masks):
    """Which candidate lines cross their polygon: corners lie strictly on both sides.

    coef: (c0, c1, c2) (n,) each, the pairs' lines; pair_tol (n,) the tolerance on their
    values. A line that only touches (through a corner, along an edge) does not split: the
    unit's state is its side, written to masks (P, D) like every pair's. Returns crossing (n,)
    bool and, for the crossing pairs' corners, pair by pair: vertex (m,), value s (m,), and
    s > tol, s < -tol (m,) bool.
    """
    c0, c1, c2 = coef
    pair_len = lengths[pair_poly]
    vert, pair_of = _ranges(offsets[pair_poly], pair_len)
    s = c0[pair_of] * x[vert] + c1[pair_of] * y[vert] + c2[pair_of]
    t = pair_tol[pair_of]
    pos, neg = s > t, s < -t
    pair_offsets = np.zeros(pair_poly.size + 1, dtype=np.int64)
    np.cumsum(pair_len, out=pair_offsets[1:])
    any_pos = _segment_sums(pos, pair_offsets) > 0
    crossing = any_pos & (_segment_sums(neg, pair_offsets) > 0)
    masks[pair_poly, pair_unit] = any_pos
    entry = np.repeat(crossing, pair_len)
    return crossing, vert[entry], s[entry], pos[entry], neg[entry]


def _crossing_lines(x, y, offsets, z, masks, dist_tol, value_scale, weights):
    """The lines pre_d = 0 that cross each polygon, and their values at its corners.

    x, y (n,) the polygons' vertices, offsets (P+1,); z (P, 3, D) the pre-activation maps. The
    states of the units whose line misses or only touches a polygon are written to masks (P, D).
    Returns (_Lines, entries) with entries = (vertex, value, value > tol, value < -tol) at the
    crossing lines' polygon corners, line by line; (None, None) when no line crosses.
    """
    lengths = np.diff(offsets)
    count = lengths.size
    vpoly = np.repeat(np.arange(count), lengths)
    # 1. Candidate (polygon, unit) pairs, with the line pre = c0 x + c1 y + c2 of each
    pair_poly, pair_unit = _candidate_pairs(x, y, offsets, lengths, vpoly, z, masks, dist_tol,
                                            value_scale)
    width = z.shape[2]
    base = pair_unit + pair_poly * (3 * width)
    c0, c1, c2 = (z.ravel()[base + j * width] for j in range(3))
    pair_tol = np.maximum(dist_tol * np.sqrt(c0 ** 2 + c1 ** 2), value_scale[pair_unit])
    # 2. Exact test at the corners
    crossing, *entries = _corner_signs(x, y, offsets, lengths, pair_poly, pair_unit,
                                       (c0, c1, c2), pair_tol, masks)
    if not crossing.any():
        return None, None
    return _Lines.of(pair_poly[crossing], pair_unit[crossing], c0[crossing], c1[crossing],
                     c2[crossing], pair_tol[crossing], weights, count), entries


def _split_layer(cells: _Cells, z: np.ndarray, layer: int, dist_tol: float, value_scale: np.ndarray,
                 weights: np.ndarray) -> _Cells:
    """Split every polygon of ``cells`` by the lines pre_{layer,d} = 0 of all units d at once.

    z (P, 3, D): affine map of this layer's pre-activations on each polygon of ``cells``.
    weights (D,) random uint64 naming each unit's sign in a cell's key. Returns the cells of
    the arrangement with their masks (the masks of ``cells`` are filled in too).
    """
    # Each step is a function of its own so that its temporaries are freed when it returns:
    # this keeps the peak memory low, and with it the page faults that cost small nets more
    # than their arithmetic (bench/README.md).
    x, y = cells.xy[:, 0].copy(), cells.xy[:, 1].copy()
    # 1.-2. the lines that cross each polygon, and their signs at its corners
    lines, entries = _crossing_lines(x, y, cells.offsets, z, cells.masks, dist_tol, value_scale,
                                     weights)
    if lines is None:
        return cells
    # 3.-5. the arrangement's vertices in each touched polygon and the cells around them
    points, incidences, all_generic = _arrangement(cells, x, y, lines, entries, layer, dist_tol)

    # 6. the cells as CCW polygons
    px, py, c_off, inc_layer, inc_unit, cell_poly, ccx, ccy = _cell_polygons(
        points, incidences, all_generic, dist_tol)

    # 7. Each cell's state for the crossing lines: the sign at its centre (an interior point).
    cell_masks = np.take(cells.masks, cell_poly, axis=0)
    m_line, m_cell = _ranges(lines.first[cell_poly], lines.per_poly[cell_poly])
    cell_masks[m_cell, lines.unit[m_line]] = \
        lines.l0[m_line] * ccx[m_cell] + lines.l1[m_line] * ccy[m_cell] + lines.l2[m_line] > 0
    split = _Cells(np.column_stack([px, py]), c_off, inc_layer, inc_unit,
                   cells.parents[cell_poly], cell_masks)
    untouched = np.flatnonzero(lines.per_poly == 0)
    if untouched.size == 0:
        return split
    return cells.take(untouched, then=split)


@dataclass(frozen=True, eq=False)
class _Lines:
    """The lines l0 x + l1 y + l2 = 0 that cross each polygon, polygon by polygon.

    poly, unit (L,): the polygon and the unit of each line; l0, l1, l2 (L,) its coefficients,
    tol (L,) the tolerance on its values, weight (L,) the unit's random name; per_poly (P,)
    lines per polygon, first (P,) index of each polygon's first line.
    """

    poly: np.ndarray
    unit: np.ndarray
    l0: np.ndarray
    l1: np.ndarray
    l2: np.ndarray
    tol: np.ndarray
    weight: np.ndarray
    per_poly: np.ndarray
    first: np.ndarray

    @staticmethod
    def of(poly, unit, l0, l1, l2, tol, weights, count: int) -> _Lines:
        """The lines of the (polygon, unit) pairs (sorted by polygon), for ``count`` polygons."""
        per_poly = np.bincount(poly, minlength=count)
        return _Lines(poly, unit, l0, l1, l2, tol, weights[unit], per_poly,
                      np.cumsum(per_poly) - per_poly)


def _arrangement(cells: _Cells, x, y, lines: _Lines, entries, layer: int, dist_tol: float):
    """The arrangement of ``lines`` inside their polygons: its vertices and the cells at each.

    entries: (vertex, value, value > tol, value < -tol) (m,) each, the crossing lines' values at
    their polygon's corners, line by line (from :func:`_corner_signs`).
    Returns points (x, y, polygon) (N,) each, with the corners of the touched polygons first,
    then the line/edge crossings, then the line/line crossings; the incidences (point, key,
    edge layer, edge unit), one row per (cell, point); and whether every point was generic.
    """
    e_vert, e_s, e_pos, e_neg = entries
    off = cells.offsets
    lengths = np.diff(off)
    nxt = _cyclic_next(off)
    l0, l1, l2 = lines.l0, lines.l1, lines.l2
    line_poly, first_line, lines_per_poly = lines.poly, lines.first, lines.per_poly
    n_lines = line_poly.size
    touched = np.flatnonzero(lines_per_poly)

    # 3. Vertices of the arrangement inside each touched polygon.
    # 3a. its corners
    corner, corner_poly = _ranges(off[touched], lengths[touched])
    corner_poly = touched[corner_poly]
    ex, ey = x[nxt] - x, y[nxt] - y  # edge leaving each vertex
    # 3b. line/edge crossings: strict sign change along an edge (a corner on the line is 3a)
    e_off = np.zeros(n_lines + 1, dtype=np.int64)
    np.cumsum(lengths[line_poly], out=e_off[1:])
    e_next = _cyclic_next(e_off)
    hit = np.flatnonzero((e_pos & e_neg[e_next]) | (e_neg & e_pos[e_next]))
    b_edge = e_vert[hit]
    frac = e_s[hit] / (e_s[hit] - e_s[e_next[hit]])
    b_x, b_y = x[b_edge] + frac * ex[b_edge], y[b_edge] + frac * ey[b_edge]
    b_line = np.searchsorted(e_off, hit, side="right") - 1
    # 3c. line/line crossings strictly inside the polygon
    local = np.arange(n_lines) - first_line[line_poly]
    second, first = _ranges(np.arange(n_lines) + 1, lines_per_poly[line_poly] - 1 - local)
    det = l0[first] * l1[second] - l1[first] * l0[second]
    norms2 = (l0[first] ** 2 + l1[first] ** 2) * (l0[second] ** 2 + l1[second] ** 2)
    ok = np.flatnonzero(det * det > PARALLEL_RTOL ** 2 * norms2)
    first, second, det = first[ok], second[ok], det[ok]
    # Cramer's rule for a0 x + a1 y = -a2, b0 x + b1 y = -b2
    i_x = (l1[first] * l2[second] - l2[first] * l1[second]) / det
    i_y = (l2[first] * l0[second] - l0[first] * l2[second]) / det
    i_poly = line_poly[first]
    e_idx, e_pt = _ranges(off[i_poly], lengths[i_poly])
    edge_len = np.sqrt(ex ** 2 + ey ** 2)
    # distance to the edge's line, positive inside (interior is left of a CCW edge)
    inside_dist = (ex[e_idx] * (i_y[e_pt] - y[e_idx]) - ey[e_idx] * (i_x[e_pt] - x[e_idx])) \
        / edge_len[e_idx]
    i_off = np.zeros(i_poly.size + 1, dtype=np.int64)
    np.cumsum(lengths[i_poly], out=i_off[1:])
    inside = np.flatnonzero(_segment_sums(inside_dist <= dist_tol, i_off) == 0)
    i_x, i_y, i_poly = i_x[inside], i_y[inside], i_poly[inside]
    first, second, det = first[inside], second[inside], det[inside]

    # Points table: corners, then boundary crossings, then inner crossings.
    n_c, n_b, n_i = corner.size, b_line.size, i_poly.size
    n_pts = n_c + n_b + n_i
    p_x = np.concatenate([x[corner], b_x, i_x])
    p_y = np.concatenate([y[corner], b_y, i_y])
    p_poly = np.concatenate([corner_poly, line_poly[b_line], i_poly])

    # 4. Sign of every crossing line of the polygon at every point. At the corners step 2 has
    # them already (entries e_*, line by line); the other points are evaluated here.
    corner_of = np.empty(x.size, dtype=np.int64)
    corner_of[corner] = np.arange(n_c)
    e_line = np.repeat(np.arange(n_lines), lengths[line_poly])
    e_corner = corner_of[e_vert]
    key_point = np.zeros(n_pts, dtype=np.uint64)
    np.add.at(key_point, e_corner[e_pos], lines.weight[e_line[e_pos]])
    e_zero = ~(e_pos | e_neg)
    z_count = np.bincount(e_corner[e_zero], minlength=n_pts)
    lp = lines_per_poly[p_poly[n_c:]]
    s_line, s_pt = _ranges(first_line[p_poly[n_c:]], lp)
    s_pt += n_c
    s_off = np.zeros(n_b + n_i + 1, dtype=np.int64)
    np.cumsum(lp, out=s_off[1:])
    sv = l0[s_line] * p_x[s_pt] + l1[s_line] * p_y[s_pt] + l2[s_line]
    zero = np.abs(sv) <= lines.tol[s_line]
    # the lines that made a point pass through it
    zero[s_off[:n_b] + b_line - first_line[line_poly[b_line]]] = True
    base = s_off[n_b:n_b + n_i] - first_line[i_poly]
    zero[base + first] = True
    zero[base + second] = True
    key_point[n_c:] = _segment_sums(np.where((sv > 0) & ~zero, lines.weight[s_line],
                                             np.uint64(0)), s_off)
    z_count[n_c:] += np.bincount(s_pt[zero] - n_c, minlength=n_b + n_i)

    # 5. The cells around each point, as (point, key, label of the edge leaving the point).
    generic = z_count == np.repeat([0, 1, 2], [n_c, n_b, n_i])
    all_generic = bool(generic.all())
    inc = _generic_incidences(generic, n_c, n_b, key_point, corner, cells, b_line, b_edge,
                              first, second, det, lines, ex, ey, layer)
    if not all_generic:
        prev = np.empty_like(nxt)
        prev[nxt] = np.arange(nxt.size)
        point_edges = (np.concatenate([corner, b_edge]), np.concatenate([prev[corner], b_edge]))
        # the lines through each point, point by point
        at_corner = np.flatnonzero(e_zero)
        at_corner = at_corner[np.argsort(e_corner[at_corner], kind="stable")]
        z_pt = np.concatenate([e_corner[at_corner], s_pt[zero]])
        z_line = np.concatenate([e_line[at_corner], s_line[zero]])
        inc = [np.concatenate(parts) for parts in zip(inc, _degenerate_incidences(
            ~generic, n_c + n_b, z_pt, z_line, key_point, point_edges, cells,
            np.column_stack([ex, ey]), lines, layer))]
    return (p_x, p_y, p_poly), inc, all_generic


def _cell_polygons(points, incidences, all_generic: bool, dist_tol: float):
    """Each cell's points as a CCW polygon, from the (cell, point) incidences of _arrangement.

    Groups the incidences by (polygon, sign vector), orders each cell's points by angle around
    their mean, merges repeated points and drops zero-area slivers. Returns x, y, offsets
    (CSR polygons), edge layer and unit of the edge leaving each point, and per cell: its
    polygon of the previous partition, its centre (x, y).
    """
    p_x, p_y, p_poly = points
    sec_pt, key, inc_layer, inc_unit = incidences

    # 6. Cells: group the (cell, point) incidences by (polygon, sign vector); the polygon is
    # folded into the key with an odd multiplier (keys of one polygon differ in the weights)
    inc_poly = p_poly[sec_pt]
    order = _key_order(key + inc_poly.astype(np.uint64) * _POLYGON_SALT)
    inc_pt, inc_poly, key = sec_pt[order], inc_poly[order], key[order]
    inc_layer, inc_unit = inc_layer[order], inc_unit[order]
    new = np.empty(order.size, dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    new[1:] |= inc_poly[1:] != inc_poly[:-1]
    cell = np.cumsum(new) - 1
    n_cells = int(cell[-1]) + 1
    cell_poly = inc_poly[new]
    inc_count = np.bincount(cell, minlength=n_cells)
    px, py = p_x[inc_pt], p_y[inc_pt]
    ccx = np.bincount(cell, px, n_cells) / inc_count
    ccy = np.bincount(cell, py, n_cells) / inc_count
    # ... and order each cell's points counter-clockwise around its centre
    dx, dy = px - ccx[cell], py - ccy[cell]
    order = _sorted_group_order(cell, _pseudo_angle(dx, dy))  # cell ids are non-decreasing
    px, py, dx, dy, cell = px[order], py[order], dx[order], dy[order], cell[order]
    inc_layer, inc_unit = inc_layer[order], inc_unit[order]
    c_off = np.zeros(n_cells + 1, dtype=np.int64)
    np.cumsum(inc_count, out=c_off[1:])
    c_next = _cyclic_next(c_off)
    if not all_generic:
        # the same point made by several line pairs (three lines through one point) counts once
        gap = np.sqrt((px[c_next] - px) ** 2 + (py[c_next] - py) ** 2)
        keep = (gap > dist_tol) | (c_next == np.arange(c_next.size))
        px, py, dx, dy, cell = px[keep], py[keep], dx[keep], dy[keep], cell[keep]
        inc_layer, inc_unit = inc_layer[keep], inc_unit[keep]
        inc_count = np.bincount(cell, minlength=n_cells)
        np.cumsum(inc_count, out=c_off[1:])
        c_next = _cyclic_next(c_off)
    # drop zero-area slivers: area <= tolerance * perimeter / 2 (shoelace about the cell's
    # centre, so that tiny cells far from the origin do not cancel away)
    dxn, dyn = dx[c_next], dy[c_next]
    twice_area = _segment_sums(dx * dyn - dxn * dy, c_off)
    perimeter = _segment_sums(np.sqrt((dxn - dx) ** 2 + (dyn - dy) ** 2), c_off)
    good = (inc_count >= 3) & (twice_area > dist_tol * perimeter)
    if not good.all():
        vkeep = good[cell]
        px, py, inc_layer, inc_unit = px[vkeep], py[vkeep], inc_layer[vkeep], inc_unit[vkeep]
        inc_count, cell_poly, ccx, ccy = inc_count[good], cell_poly[good], ccx[good], ccy[good]
        c_off = np.zeros(inc_count.size + 1, dtype=np.int64)
        np.cumsum(inc_count, out=c_off[1:])
    return px, py, c_off, inc_layer, inc_unit, cell_poly, ccx, ccy


def _generic_incidences(generic, n_c, n_b, key_point, corner, cells, b_line, b_edge, first,
                        second, det, lines, ex, ey, layer):
    """Cells at the points where nothing special happens, without sorting any rays.

    A plain corner touches 1 cell, whose edge leaving it is the polygon's edge; a line crossing
    an edge touches 2 (the one on the side the edge points to leaves along the edge, the other
    along the line); two lines a, b crossing touch 4, sign pairs (sa, sb), and the edge leaving
    the point lies on a when sa sb sign(det(grad a, grad b)) < 0, else on b.
    Returns (point, key, edge layer, edge unit) arrays, one row per (cell, point) incidence.
    """
    l0, l1, line_unit, unit_weight = lines.l0, lines.l1, lines.unit, lines.weight
    cp = np.flatnonzero(generic[:n_c])
    bp = np.flatnonzero(generic[n_c:n_c + n_b]) + n_c
    ip = np.flatnonzero(generic[n_c + n_b:]) + n_c + n_b
    nc, nb, ni = cp.size, bp.size, ip.size
    total = nc + 2 * nb + 4 * ni
    point = np.empty(total, dtype=np.int64)
    key = np.empty(total, dtype=np.uint64)
    out_layer = np.full(total, layer, dtype=np.int32)
    out_unit = np.empty(total, dtype=np.int32)
    # corners: one cell, leaving along the polygon's edge
    edge = corner[cp]
    point[:nc], key[:nc] = cp, key_point[cp]
    out_layer[:nc], out_unit[:nc] = cells.edge_layers[edge], cells.edge_units[edge]
    # line/edge crossings: the + side of the line, then the - side; the cell on the side the
    # edge points to leaves along the edge, the other along the line
    line, edge = b_line[bp - n_c], b_edge[bp - n_c]
    plus_on_edge = l0[line] * ex[edge] + l1[line] * ey[edge] > 0
    kb = key_point[bp]
    e_layer, e_unit, l_unit = cells.edge_layers[edge], cells.edge_units[edge], line_unit[line]
    point[nc:nc + 2 * nb].reshape(2, nb)[:] = bp
    key[nc:nc + nb] = kb + unit_weight[line]
    key[nc + nb:nc + 2 * nb] = kb
    out_layer[nc:nc + nb] = np.where(plus_on_edge, e_layer, layer)
    out_layer[nc + nb:nc + 2 * nb] = np.where(plus_on_edge, layer, e_layer)
    out_unit[nc:nc + nb] = np.where(plus_on_edge, e_unit, l_unit)
    out_unit[nc + nb:nc + 2 * nb] = np.where(plus_on_edge, l_unit, e_unit)
    # line/line crossings: (sa, sb) = (+, +), (+, -), (-, +), (-, -); the cell leaves along a
    # when sa sb sign(det) < 0, else along b
    j = ip - n_c - n_b
    a, b = first[j], second[j]
    kp = key_point[ip]
    ka = kp + unit_weight[a]
    wb = unit_weight[b]
    ua, ub = line_unit[a], line_unit[b]
    positive = det[j] > 0
    start = nc + 2 * nb
    point[start:].reshape(4, ni)[:] = ip
    keys, units = key[start:].reshape(4, ni), out_unit[start:].reshape(4, ni)
    keys[0], keys[1], keys[2], keys[3] = ka + wb, ka, kp + wb, kp
    units[0] = units[3] = np.where(positive, ub, ua)
    units[1] = units[2] = np.where(positive, ua, ub)
    return point, key, out_layer, out_unit


def _degenerate_incidences(special, n_edge_points, z_pt, z_line, key_point, point_edges, cells,
                           edge_vec, lines, layer):
    """Cells at points where more lines meet than made the point (or a line runs through a corner).

    Around each such point the rays of its lines (both directions) and of the polygon's edges
    are sorted by angle; each sector between consecutive rays that lies inside the polygon is
    one cell, named by the signs of the lines at the sector's middle direction, and its edge
    leaving the point is the sector's first ray (counter-clockwise).
    Returns (point, key, edge layer, edge unit) arrays like _generic_incidences.
    """
    line_coef = np.column_stack([lines.l0, lines.l1, lines.l2])
    line_unit, unit_weight = lines.unit, lines.weight
    pts = np.flatnonzero(special)
    renum = np.full(special.size, -1, dtype=np.int64)
    renum[pts] = np.arange(pts.size)
    keep = special[z_pt]
    zp, zl = renum[z_pt[keep]], z_line[keep]
    coef = line_coef[zl]
    line_angle = np.arctan2(coef[:, 0], -coef[:, 1])  # direction (-a1, a0) along the line
    edge_angle = np.arctan2(edge_vec[:, 1], edge_vec[:, 0])
    on_edge = pts < n_edge_points
    ep = np.flatnonzero(on_edge)
    e_out, e_in = point_edges[0][pts[ep]], point_edges[1][pts[ep]]
    lay, unit = cells.edge_layers, cells.edge_units
    z_layer = np.full(zl.size, layer, dtype=np.int32)
    z_unit = line_unit[zl].astype(np.int32)
    ray_pt = np.concatenate([zp, zp, ep, ep])
    # an edge point has two edge rays: along the edge leaving it and back along the one arriving
    ray_angle = np.concatenate([line_angle, _opposite(line_angle), edge_angle[e_out],
                                _opposite(edge_angle[e_in])])
    ray_layer = np.concatenate([z_layer, z_layer, lay[e_out], lay[e_in]])
    ray_unit = np.concatenate([z_unit, z_unit, unit[e_out], unit[e_in]])
    order = _group_order(ray_pt, ray_angle)
    ray_pt, ray_angle = ray_pt[order], ray_angle[order]
    ray_layer, ray_unit = ray_layer[order], ray_unit[order]
    r_off = np.zeros(pts.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(ray_pt, minlength=pts.size), out=r_off[1:])
    r_next = _cyclic_next(r_off)
    end_angle = ray_angle[r_next] + np.where(r_next <= np.arange(r_next.size), 2 * np.pi, 0.0)
    mid = 0.5 * (ray_angle + end_angle)
    ux, uy = np.cos(mid), np.sin(mid)
    keep = end_angle - ray_angle > 1e-12
    # inside the polygon: left of the edge leaving the point and of the edge arriving at it
    edge_of = np.full((pts.size, 2), -1, dtype=np.int64)
    edge_of[ep, 0], edge_of[ep, 1] = e_out, e_in
    rb = on_edge[ray_pt]
    for col in (0, 1):
        e = edge_of[ray_pt[rb], col]
        keep[rb] &= edge_vec[e, 0] * uy[rb] - edge_vec[e, 1] * ux[rb] > 0
    sec = np.flatnonzero(keep)
    sec_pt = ray_pt[sec]
    # signs of the point's lines on each sector
    z_count = np.bincount(zp, minlength=pts.size)
    z_off = np.zeros(pts.size + 1, dtype=np.int64)
    np.cumsum(z_count, out=z_off[1:])
    zl_sorted = zl  # zero entries come point by point
    entry, sec_of = _ranges(z_off[sec_pt], z_count[sec_pt])
    c = line_coef[zl_sorted[entry]]
    up = c[:, 0] * ux[sec][sec_of] + c[:, 1] * uy[sec][sec_of] > 0
    s_off = np.zeros(sec.size + 1, dtype=np.int64)
    np.cumsum(z_count[sec_pt], out=s_off[1:])
    extra = _segment_sums(np.where(up, unit_weight[zl_sorted[entry]], np.uint64(0)), s_off)
    return (pts[sec_pt], key_point[pts[sec_pt]] + extra, ray_layer[sec], ray_unit[sec])


def _opposite(angle: np.ndarray) -> np.ndarray:
    """angle + pi, kept in (-pi, pi]."""
    return np.where(angle > 0, angle - np.pi, angle + np.pi)


# --- the partition -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Partition2D:
    """The linear regions of a network over a convex domain, after hidden layer ``layer``.

    vertices (N_v, 2): the CCW polygons' vertices, concatenated; offsets (P+1,): polygon i is
    vertices[offsets[i]:offsets[i+1]]. edge_layers, edge_units (N_v,): the edge leaving each
    vertex lies on the domain boundary (-1, -1) or on the line of unit d of hidden layer k (k, d).
    A (P, Do, 2), b (P, Do): on region i the network's output is y = A[i] x + b[i]; for an
    intermediate partition (``layer`` < K - 1) these are the maps of the hidden activations
    h_{layer+1} instead (Do = D_{layer+1}). Patterns: see :attr:`patterns`.
    Build with :func:`regions_2d`; serves the region pictures of Figs. 3.8, 4.1c and 4.7.
    """

    layer: int
    domain: np.ndarray
    plane_net: PlaneNetwork
    _history: tuple
    #: pre-activation maps (M, 3, D) of the last hidden layer on the polygons of the partition
    #: before it (the output map follows from them and this partition's masks, on demand)
    _last_pre: np.ndarray | None = None

    # --- geometry -------------------------------------------------------------------------------

    @property
    def _cells(self) -> _Cells:
        # _history[0] is the domain, _history[j + 1] the partition after hidden layer j
        return self._history[self.layer + 1]

    @property
    def vertices(self) -> np.ndarray:
        """(N_v, 2) vertices of every region, region by region, counter-clockwise."""
        return self._cells.xy

    @property
    def offsets(self) -> np.ndarray:
        """(P+1,) region i owns vertices[offsets[i]:offsets[i+1]]."""
        return self._cells.offsets

    @property
    def edge_layers(self) -> np.ndarray:
        """(N_v,) hidden layer of the line carrying the edge leaving each vertex; -1: boundary."""
        return self._cells.edge_layers

    @property
    def edge_units(self) -> np.ndarray:
        """(N_v,) unit (within its layer) of the line carrying that edge; -1: boundary."""
        return self._cells.edge_units

    def __len__(self) -> int:
        return self.offsets.size - 1

    @property
    def polygons(self) -> list[np.ndarray]:
        """List of P arrays (n_i, 2): each region's vertices counter-clockwise."""
        return np.split(self.vertices, self.offsets[1:-1])

    @functools.cached_property
    def _shoelace(self):
        # vertices relative to each polygon's first vertex (no cancellation for tiny regions)
        lengths = np.diff(self.offsets)
        origin = np.repeat(self.vertices[self.offsets[:-1]], lengths, axis=0)
        rel = self.vertices - origin
        nxt = _cyclic_next(self.offsets)
        cross = rel[:, 0] * rel[nxt, 1] - rel[nxt, 0] * rel[:, 1]
        return rel, nxt, cross

    @functools.cached_property
    def areas(self) -> np.ndarray:
        """(P,) area of each region (shoelace formula)."""
        return 0.5 * _segment_sums(self._shoelace[2], self.offsets)

    @functools.cached_property
    def centroids(self) -> np.ndarray:
        """(P, 2) area centroid of each region, an interior point."""
        rel, nxt, cross = self._shoelace
        cx = _segment_sums((rel[:, 0] + rel[nxt, 0]) * cross, self.offsets)
        cy = _segment_sums((rel[:, 1] + rel[nxt, 1]) * cross, self.offsets)
        local = np.column_stack([cx, cy]) / (6.0 * self.areas[:, None])
        return self.vertices[self.offsets[:-1]] + local

    # --- activation patterns --------------------------------------------------------------------

    def _ancestors(self) -> list[np.ndarray]:
        """For each layer j <= self.layer, the index of the layer-j polygon holding each region."""
        index = np.arange(len(self))
        chain = []
        for j in range(self.layer, -1, -1):
            chain.append(index)
            index = self._history[j + 1].parents[index]
        return chain[::-1]

    def layer_patterns(self, k: int) -> np.ndarray:
        """(P, D_k) on/off state of hidden layer k's units in every region (k <= ``layer``)."""
        if not 0 <= k <= self.layer:
            raise ParameterError(
                f"layer k must be between 0 and {self.layer} for this partition; got {k}."
            )
        return self._history[k + 1].masks[self._ancestors()[k]]

    @functools.cached_property
    def patterns(self) -> np.ndarray:
        """(P, D_1 + ... + D_{layer+1}) bool activation pattern of each region, layers concatenated.

        Column block k holds hidden layer k's units, True where the unit is on (pre-activation
        > 0). Every row is different: a region is one activation pattern.
        """
        if self.layer < 0:
            return np.zeros((len(self), 0), dtype=bool)
        chain = self._ancestors()
        return np.concatenate([self._history[j + 1].masks[chain[j]] for j in range(self.layer + 1)],
                              axis=1)

    # --- affine maps ----------------------------------------------------------------------------

    @functools.cached_property
    def _affine(self) -> np.ndarray:
        pnet = self.plane_net
        if self._last_pre is not None:  # the output: y = beta_K + Omega_K h_K on each region
            k, cells = self.layer, self._cells
            return _propagate(self._last_pre, cells.parents, cells.masks, pnet.slope_on[k],
                              pnet.slope_off[k], pnet.a0[k], pnet.omegas[k + 1], pnet.betas[k + 1])
        count = len(self)
        if self.layer < 0 and not pnet.widths:  # no hidden layer: y = beta_0 + Omega_0 x
            return np.concatenate([pnet.omegas[0].T, pnet.betas[0][None]])[None]
        if self.layer < 0:  # the domain alone: the identity map x -> x
            return np.eye(3, 2)[None]
        z = np.concatenate([pnet.omegas[0].T, pnet.betas[0][None]])[None]
        index = np.zeros(count, dtype=np.int64)
        chain = self._ancestors()
        for j in range(self.layer + 1):
            masks = self._history[j + 1].masks[chain[j]]
            if j < self.layer:
                z = _propagate(z, index, masks, pnet.slope_on[j], pnet.slope_off[j], pnet.a0[j],
                               pnet.omegas[j + 1], pnet.betas[j + 1])
                index = np.arange(count)
            else:  # the activations themselves: h = slope(mask) pre + a0
                z = z[index] * np.where(masks, pnet.slope_on[j], pnet.slope_off[j])[:, None, :]
                z[:, 2, :] += pnet.a0[j]
        return z

    @property
    def A(self) -> np.ndarray:
        """(P, Do, 2) gradient of the output on each region (of h_{layer+1} if partial)."""
        return np.ascontiguousarray(self._affine[:, :2, :].transpose(0, 2, 1))

    @property
    def b(self) -> np.ndarray:
        """(P, Do) output at x = 0 of each region's affine map."""
        return np.ascontiguousarray(self._affine[:, 2, :])

    def evaluate(self, points, regions=None) -> np.ndarray:
        """Outputs (N, Do) of the regions' affine maps at points (N, 2).

        regions (N,): which region's map to use for each point; default: the one holding it.
        """
        points = _as_points(points)
        regions = self.locate(points) if regions is None else np.asarray(regions)
        aff = self._affine[regions]
        return aff[:, 0] * points[:, :1] + aff[:, 1] * points[:, 1:] + aff[:, 2]

    @property
    def flat(self) -> np.ndarray:
        """(P,) bool: True where the map is constant (A = 0 up to 1e-12 of the largest gradient)."""
        grad = np.abs(self._affine[:, :2, :]).max(axis=(1, 2))
        return grad <= 1e-12 * max(grad.max(initial=0.0), 1e-300)

    # --- lookups and layers ---------------------------------------------------------------------

    def locate(self, points) -> np.ndarray:
        """(N,) index of the region holding each point (N, 2), by activation pattern; -1: none.

        A point exactly on a region boundary gets the region of its pattern (pre-activation 0 is
        "off"), which may be -1 if that pattern's cell has no area.
        """
        points = _as_points(points)
        on = self.plane_net.patterns(points)[: self.layer + 1]
        if not on:
            return np.zeros(len(points), dtype=np.int64)
        query = np.packbits(np.concatenate(on, axis=1), axis=1)
        table = np.packbits(self.patterns, axis=1)
        keys = np.concatenate([table, query])
        _, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        lookup = np.full(inverse.max() + 1, -1, dtype=np.int64)
        lookup[inverse[: len(self)]] = np.arange(len(self))
        return lookup[inverse[len(self):]]

    @property
    def num_layers(self) -> int:
        """K, the number of hidden layers of the network."""
        return len(self.plane_net.widths)

    def after_layer(self, k: int) -> Partition2D:
        """The partition made by hidden layers 0..k only (k = -1: the domain as one region).

        Its A, b are the maps of the hidden activations h_{k+1} (identity for k = -1); for the
        last layer it is this partition itself, whose maps are the output's. For the animation
        that grows the partition layer by layer with a live count (``len``).
        """
        if not -1 <= k <= self.layer:
            raise ParameterError(
                f"after_layer(k) needs -1 <= k <= {self.layer}; got {k}."
            )
        if k == self.layer:
            return self
        return Partition2D(k, self.domain, self.plane_net, self._history)

    @property
    def counts(self) -> list[int]:
        """Number of regions after each hidden layer: [len(after_layer(0)), ..., len(self)]."""
        return [self._history[j + 1].offsets.size - 1 for j in range(self.layer + 1)]

    @property
    def parents(self) -> np.ndarray:
        """(P,) index of the region of ``after_layer(layer - 1)`` that holds each region (layer
        0: all 0, the domain). A region keeps its parent's place in the picture when its layer
        splits it (the regions scene keeps its colour)."""
        return self._cells.parents

    def is_subpixel(self, resolution, quantile: float = 0.5) -> bool:
        """True when the regions are sub-pixel: the ``quantile`` of region areas < a pixel's area.

        resolution: pixels (nx, ny) over the domain's bounding box, or one int for both.
        Drawing code then uses :func:`nnmath.pixelmap.pattern_map` instead of polygons.
        """
        nx, ny = _resolution(resolution)
        span = self.domain.max(axis=0) - self.domain.min(axis=0)
        pixel = span[0] * span[1] / (nx * ny)
        return bool(np.quantile(self.areas, quantile) < pixel)

    # --- drawing helpers ------------------------------------------------------------------------

    def edges(self, unique: bool = True):
        """Edges as segments (E, 2, 2) with their labels: (segments, layers (E,), units (E,)).

        unique: keep each inner edge once (the copy pointing right, or up if vertical); the
        boundary is always kept. Inner edges shared by two regions are otherwise listed twice.
        """
        start = self.vertices
        end = start[_cyclic_next(self.offsets)]
        keep = np.ones(len(start), dtype=bool)
        if unique:
            d = end - start
            keep = (self.edge_layers < 0) | (d[:, 0] > 0) | ((d[:, 0] == 0) & (d[:, 1] > 0))
        segments = np.stack([start[keep], end[keep]], axis=1)
        return segments, self.edge_layers[keep], self.edge_units[keep]

    def adjacency(self) -> np.ndarray:
        """(M, 2) sorted pairs i < j of regions that share an edge of positive length.

        Found by stepping a hair (``_PROBE_RTOL`` of the domain's diameter, far below any
        region's width and far above the distance tolerance) across every inner edge, at a
        quarter, a half and three quarters of its length, and locating the region there (so a
        neighbour that meets only part of a long edge is found too). Two regions that meet at a
        vertex only are not neighbours. For colouring neighbours apart (the regions scene).
        """
        start = self.vertices
        end = start[_cyclic_next(self.offsets)]
        owner = np.repeat(np.arange(len(self)), np.diff(self.offsets))
        d = end - start
        length = np.hypot(d[:, 0], d[:, 1])
        inner = (self.edge_layers >= 0) & (length > self._dist_tol)
        owner, start, d, length = owner[inner], start[inner], d[inner], length[inner]
        # counter-clockwise polygons: the outside of an edge is on its right
        right = np.column_stack([d[:, 1], -d[:, 0]]) / length[:, None]
        hair = _PROBE_RTOL * self._dist_tol / DISTANCE_RTOL
        owners, others = [], []
        for t in (0.25, 0.5, 0.75):
            probes = start + t * d + hair * right
            for lo in range(0, len(probes), _PROBE_CHUNK):
                owners.append(owner[lo:lo + _PROBE_CHUNK])
                others.append(self.locate(probes[lo:lo + _PROBE_CHUNK]))
        if not owners:
            return np.zeros((0, 2), dtype=np.int64)
        pairs = np.column_stack([np.concatenate(owners), np.concatenate(others)])
        pairs = pairs[(pairs[:, 1] >= 0) & (pairs[:, 0] != pairs[:, 1])]
        pairs.sort(axis=1)
        return np.unique(pairs, axis=0).astype(np.int64).reshape(-1, 2)

    def joint_lines(self, k: int) -> list[tuple[int, np.ndarray]]:
        """The joints of hidden layer k (where a unit's pre-activation is 0), as polylines.

        Returns a list of (d, points (M, 2)): the joint of unit d in order along the curve, one
        entry per connected piece (units whose joint misses the domain have none). Inside every
        region of layers 0..k-1 the layers below are affine, so a joint is straight there; it
        bends only where it crosses their edges (Fig. 4.7's deep build-up). Chained from the
        edges of ``after_layer(k)`` labelled (k, d), at ends closer than ``_CHAIN_RTOL`` of the
        domain's diameter (one point computed in two neighbouring regions).
        """
        if not 0 <= k <= self.layer:
            raise ParameterError(
                f"layer k must be between 0 and {self.layer} for this partition; got {k}."
            )
        segments, layers, units = self.after_layer(k).edges(unique=True)
        tol = _CHAIN_RTOL * self._dist_tol / DISTANCE_RTOL
        lines = []
        for d in np.unique(units[layers == k]):
            mine = segments[(layers == k) & (units == d)]
            lines += [(int(d), line) for line in _chain(mine, tol)]
        return lines

    def level_set(self, c: float = 0.0, output=0) -> np.ndarray:
        """Segments (S, 2, 2) of the level set {w . y(x) = c}: the decision boundary for c = 0.

        output: index j of the output (w = e_j), or a weight vector w (Do,), e.g. (1, -1) for
        the boundary between two classes. One segment per region the set crosses; regions where
        w . y == c identically (flat at level c) are 2-D and left out.
        """
        aff = self._affine
        outputs = aff.shape[2]
        if np.ndim(output) == 0:
            j = int(output)
            if not 0 <= j < outputs:
                raise ParameterError(
                    f"output must be an output index 0..{outputs - 1} or a weight vector; "
                    f"got {output}."
                )
            line = aff[:, :, j]
        else:
            w = as_float_array(output, "output")
            if w.shape != (outputs,):
                raise ParameterError(
                    f"output weights must have shape (Do,) = ({outputs},); got "
                    f"{shape_text(w.shape)}."
                )
            line = aff @ w
        line = line - np.array([0.0, 0.0, float(c)])
        return _clip_lines(self.vertices, self.offsets, line, self._dist_tol)

    @property
    def _dist_tol(self) -> float:
        span = self.domain.max(axis=0) - self.domain.min(axis=0)
        return DISTANCE_RTOL * float(np.hypot(*span))


def _clip_lines(xy, offsets, line, dist_tol) -> np.ndarray:
    """Segments (S, 2, 2) where each polygon i meets its line line[i] . (x, y, 1) = 0."""
    lengths = np.diff(offsets)
    vpoly = np.repeat(np.arange(lengths.size), lengths)
    lc = line[vpoly]
    s = lc[:, 0] * xy[:, 0] + lc[:, 1] * xy[:, 1] + lc[:, 2]
    tol = dist_tol * np.hypot(lc[:, 0], lc[:, 1])
    pos, neg = s > tol, s < -tol
    zero = ~pos & ~neg
    nxt = _cyclic_next(offsets)
    n_pos, n_neg = _segment_sums(pos, offsets), _segment_sums(neg, offsets)
    # points of the set on the boundary: corners on it, and strict sign changes along edges
    hit = (pos & neg[nxt]) | (neg & pos[nxt])
    frac = s[hit] / (s[hit] - s[nxt][hit])
    pts = np.concatenate([xy[zero], xy[hit] + frac[:, None] * (xy[nxt][hit] - xy[hit])])
    owner = np.concatenate([vpoly[zero], vpoly[hit]])
    # a polygon contributes when the set crosses it, or runs along its edge with the polygon on
    # the + side
    crosses = (n_pos > 0) & (n_neg > 0)
    along = (n_neg == 0) & (n_pos > 0) & (_segment_sums(zero, offsets) >= 2)
    use = (crosses | along)[owner]
    pts, owner = pts[use], owner[use]
    if owner.size == 0:
        return np.zeros((0, 2, 2))
    direction = np.column_stack([-line[owner, 1], line[owner, 0]])
    along_line = (pts * direction).sum(axis=1)
    order = _group_order(owner, along_line)
    pts, owner = pts[order], owner[order]
    first = np.ones(owner.size, dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    last = np.ones(owner.size, dtype=bool)
    last[:-1] = owner[1:] != owner[:-1]
    segments = np.stack([pts[first], pts[last]], axis=1)
    length = np.hypot(*(segments[:, 1] - segments[:, 0]).T)
    return segments[length > dist_tol]


def _chain(segments: np.ndarray, tol: float) -> list[np.ndarray]:
    """Segments (n, 2, 2) joined at shared ends (closer than tol) into polylines (M, 2): paths
    from an end to an end first, then closed loops (first point repeated at the end)."""
    ends = segments.reshape(-1, 2)
    # cluster the ends: neighbours in x order within tol are the same point (a few steps
    # suffice: a point of a joint is shared by at most a few segments)
    order = np.argsort(ends[:, 0], kind="stable")
    node = np.arange(len(ends))

    def root(i):
        while node[i] != i:
            node[i] = node[node[i]]
            i = node[i]
        return i

    for step in range(1, 5):
        a, b = order[:-step], order[step:]
        close = np.hypot(*(ends[a] - ends[b]).T) <= tol
        for i, j in zip(a[close], b[close]):
            node[root(i)] = root(j)
    ids = np.array([root(i) for i in range(len(ends))]).reshape(-1, 2)
    touching: dict[int, list[int]] = {}
    for s, (p, q) in enumerate(ids):
        touching.setdefault(int(p), []).append(s)
        touching.setdefault(int(q), []).append(s)
    used = np.zeros(len(segments), dtype=bool)
    lines = []
    # paths start at ends (points of one segment) or branch points; loops anywhere
    starts = [n for n, segs in touching.items() if len(segs) != 2] + list(touching)
    for first in starts:
        while True:
            free = [s for s in touching[first] if not used[s]]
            if not free:
                break
            at, points = first, []
            while free:
                s = free[0]
                used[s] = True
                p, q = ids[s]
                forward = p == at
                if not points:
                    points.append(segments[s, 0 if forward else 1])
                points.append(segments[s, 1 if forward else 0])
                at = int(q if forward else p)
                free = [t for t in touching[at] if not used[t]] if len(touching[at]) == 2 else []
            lines.append(np.array(points))
    return lines


def _resolution(resolution) -> tuple[int, int]:
    res = np.atleast_1d(np.asarray(resolution))
    if res.dtype.kind not in "iu" or res.shape not in ((1,), (2,)) or (res < 1).any():
        raise ParameterError(
            f"resolution must be a positive int or (nx, ny) pixel counts; got {resolution!r}."
        )
    return (int(res[0]), int(res[-1]))


@functools.lru_cache(maxsize=32)
def _unit_weights(seed: int, widths: tuple[int, ...]) -> list[np.ndarray]:
    """Random uint64 name of each hidden unit's "on" state, per layer (sums name sign vectors)."""
    draw = np.random.default_rng(seed).integers(0, np.iinfo(np.uint64).max, size=sum(widths),
                                                dtype=np.uint64, endpoint=True)
    return [read_only(part) for part in np.split(draw, np.cumsum(widths)[:-1])]


# --- the public builder ------------------------------------------------------------------------


def regions_2d(net, xlim=(-1.0, 1.0), ylim=(-1.0, 1.0), *, domain=None, plane=None,
               seed: int = 0) -> Partition2D:
    """Exact linear regions of a piecewise-linear network over a rectangle or convex polygon.

    net: ShallowNetwork or DeepNetwork with 2 inputs (ReLU / leaky ReLU / PReLU hidden layers),
    or with Di > 2 inputs together with ``plane=(origin, u, v)`` (vectors (Di,)): the regions
    of the 2-D slice x = origin + s u + t v, in plane coordinates (s, t).
    xlim, ylim: (low, high) of the rectangle; or ``domain`` (n, 2), a convex polygon (either
    orientation), which then replaces them.
    seed: seeds the random 64-bit names of the units' signs used to group cells (the result
    does not depend on it unless two sign vectors collide, probability ~ 2^-64 per pair).

    Returns a :class:`Partition2D`: len() = number of regions; .polygons, .patterns, .A, .b,
    .areas, .edge_layers, .after_layer(k), .level_set(c). Book Fig. 3.8 gives 7 regions.
    """
    pnet = plane_network(net, plane)
    poly = _domain_polygon(xlim, ylim, domain)
    span = poly.max(axis=0) - poly.min(axis=0)
    dist_tol = DISTANCE_RTOL * float(np.hypot(*span))
    # |x|, |y| and 1 bound the terms of pre = a0 x + a1 y + a2 on the domain
    extent = np.append(np.abs(poly).max(axis=0), 1.0)
    widths = pnet.widths
    weights = _unit_weights(seed, widths)
    n = poly.shape[0]
    cells = _Cells(poly, np.array([0, n]), np.full(n, -1, dtype=np.int32),
                   np.full(n, -1, dtype=np.int32), np.zeros(1, dtype=np.int64),
                   np.zeros((1, 0), dtype=bool))
    history = [cells]
    # pre_0 = beta_0 + Omega_0 x on the domain: maps z (1, 3, D_1)
    z = np.concatenate([pnet.omegas[0].T, pnet.betas[0][None]])[None]
    # bound (3, D_k) on |the terms summed| in each coefficient of pre_k: its rounding-noise scale
    largest = np.abs(z[0])
    for k, width in enumerate(widths):
        count = cells.offsets.size - 1
        cells = _Cells(cells.xy, cells.offsets, cells.edge_layers, cells.edge_units,
                       np.arange(count), np.zeros((count, width), bool))
        # scale of each unit's values over the domain (bounds the terms of a0 x + a1 y + a2)
        scale = extent @ largest
        # polygons split independently: chunks of them bound the temporaries' memory
        cells = _Cells.concat([
            _split_layer(cells.slice(lo, min(lo + _SPLIT_CHUNK, count)), z[lo:lo + _SPLIT_CHUNK],
                         k, dist_tol, VALUE_RTOL * scale, weights[k])
            for lo in range(0, count, _SPLIT_CHUNK)])
        history.append(cells)
        if k == len(widths) - 1:
            break  # the output's maps are computed when asked for (Partition2D._affine)
        z = _propagate(z, cells.parents, cells.masks, pnet.slope_on[k], pnet.slope_off[k],
                       pnet.a0[k], pnet.omegas[k + 1], pnet.betas[k + 1])
        # |pre_{k+1}| <= |Omega| (max|slope| |pre_k| + |a0|) + |beta|, coefficient by coefficient
        slope = max(abs(pnet.slope_on[k]), abs(pnet.slope_off[k]))
        largest = (slope * largest + np.array([[0.0], [0.0], [abs(pnet.a0[k])]])) \
            @ np.abs(pnet.omegas[k + 1]).T
        largest[2] += np.abs(pnet.betas[k + 1])
    return Partition2D(len(history) - 2, poly, pnet, tuple(history), z if widths else None)
