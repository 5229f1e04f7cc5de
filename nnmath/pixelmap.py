"""Activation patterns per pixel: the linear regions as an image (book Figs. 3.8, 4.7, issue #3).

For partitions with more regions than a picture has pixels the exact polygons of
:func:`nnmath.regions.regions_2d` are sub-pixel; drawing code then shows this map instead:
every pixel centre gets the id of its activation pattern, and a pixel is on a boundary where
its right or upper neighbour has another pattern. Use
``Partition2D.is_subpixel(resolution)`` to decide which of the two to draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ParameterError
from .regions import _check_limits, _resolution, plane_network

#: Pixels per chunk of the forward pass (bounds the memory of the pattern matrix).
_CHUNK_PIXELS = 1 << 16


@dataclass(frozen=True)
class PatternMap:
    """Per-pixel activation-pattern ids over a rectangle.

    ids (ny, nx) int: region id of each pixel centre, 0..num_regions-1, numbered in the
    lexicographic order of the patterns (row 0 is y = ylim[0]: draw with origin='lower').
    boundary (ny, nx) bool: True where the pixel's right or upper neighbour has another id.
    xs (nx,), ys (ny,): the pixel centres. patterns (num_regions, D_1 + ... + D_K) bool: the
    activation pattern of each id (True = unit on, pre-activation > 0).
    """

    ids: np.ndarray
    boundary: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    patterns: np.ndarray

    @property
    def num_regions(self) -> int:
        """Number of distinct activation patterns among the pixel centres (<= the exact count)."""
        return self.patterns.shape[0]


def pattern_map(net, xlim=(-1.0, 1.0), ylim=(-1.0, 1.0), resolution=512, *,
                plane=None, layers: int | None = None) -> PatternMap:
    """Activation-pattern id of every pixel centre of a grid over xlim x ylim.

    net: 2-input ShallowNetwork/DeepNetwork with piecewise-linear activations, or any input
    size with ``plane=(origin, u, v)`` as in regions_2d. resolution: pixels per axis, an int or
    (nx, ny). layers: use the first ``layers`` hidden layers only (the regions after layer
    ``layers``, as ``Partition2D.after_layer(layers - 1)``); default all. Patterns are compared
    exactly (bit-packed, sorted), not hashed.
    """
    pnet = plane_network(net, plane)
    depth = len(pnet.widths)
    if layers is None:
        layers = depth
    if isinstance(layers, bool) or not isinstance(layers, (int, np.integer)) or not 0 <= layers <= depth:
        raise ParameterError(f"layers must be a whole number from 0 to {depth} (the network's "
                             f"hidden layers); got {layers!r}.")
    x0, x1 = _check_limits(xlim, "xlim")
    y0, y1 = _check_limits(ylim, "ylim")
    nx, ny = _resolution(resolution)
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    units = sum(pnet.widths[:layers])
    words = max(1, -(-units // 64))
    packed = np.zeros((ny * nx, words * 8), dtype=np.uint8)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    for lo in range(0, len(points), _CHUNK_PIXELS):
        chunk = points[lo:lo + _CHUNK_PIXELS]
        on = pnet.patterns(chunk)[:layers]
        if on:
            bits = np.packbits(np.concatenate(on, axis=1), axis=1)
            packed[lo:lo + len(chunk), :bits.shape[1]] = bits
    keys = packed.view(">u8")  # (N, words), big-endian so integer order = bit order
    order = np.lexsort(keys.T[::-1])
    sorted_keys = keys[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (sorted_keys[1:] != sorted_keys[:-1]).any(axis=1)
    ids = np.empty(len(order), dtype=np.int64)
    ids[order] = np.cumsum(new) - 1
    ids = ids.reshape(ny, nx)
    first = packed[order[new]]
    patterns = np.unpackbits(first, axis=1)[:, :units].astype(bool)
    boundary = np.zeros((ny, nx), dtype=bool)
    boundary[:, :-1] |= ids[:, 1:] != ids[:, :-1]
    boundary[:-1, :] |= ids[1:, :] != ids[:-1, :]
    return PatternMap(ids, boundary, xs, ys, patterns)
