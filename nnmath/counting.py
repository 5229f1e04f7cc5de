"""Counting parameters and linear regions (book sections 3.3, 4.5; Figs. 3.9, 4.7).

All counts are exact Python integers. For Di inputs, K hidden layers of widths D_1..D_K and Do
outputs the parameters are sum_k D_{k+1} (D_k + 1); the maximum number of linear regions of a
shallow network is Zaslavsky's sum_{j=0}^{Di} C(D, j), and book eq. 4.17 gives the regions a
deep network of K layers of width D can reach, (D/Di + 1)^(Di (K-1)) sum_{j=0}^{Di} C(D, j).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np

from .checks import ParameterError


def num_parameters(input_dim: int, widths, output_dim: int) -> int:
    """Weights and biases of a fully connected net Di -> D_1 -> ... -> D_K -> Do.

    widths: a sequence of hidden widths (an int D means one hidden layer). Book: Di = Do = 1,
    five layers of 10 units: 471; Di = 10, five layers of 50, Do = 1: 10,801.
    """
    sizes = [_positive(input_dim, "input_dim"), *_widths(widths), _positive(output_dim, "output_dim")]
    # layer k has D_{k+1} x D_k weights and D_{k+1} biases
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def max_regions_shallow(input_dim: int, hidden: int) -> int:
    """Zaslavsky's bound sum_{j=0}^{Di} C(D, j): D hyperplanes in general position in R^Di.

    1 input: D + 1; 2 inputs and 3 units: 7 (Fig. 3.8).
    """
    di, d = _positive(input_dim, "input_dim"), _positive(hidden, "hidden", allow_zero=True)
    return sum(comb(d, j) for j in range(min(di, d) + 1))


def max_regions_deep(input_dim: int, width: int, depth: int) -> int:
    """Book eq. 4.17: (D/Di + 1)^(Di (K-1)) sum_{j=0}^{Di} C(D, j), for D a multiple of Di.

    1 input, five layers of 10: 11^5 = 161,051 (the slides' 161,501 is a typo). 10 inputs, five
    layers of 50: about 1.7956e41 (the "1e134" of the book's first printing is in its errata).
    """
    di, d, k = (_positive(input_dim, "input_dim"), _positive(width, "width"),
                _positive(depth, "depth"))
    if d % di:
        raise ParameterError(
            f"eq. 4.17 needs the width D to be a multiple of the input size Di; got D = {d}, "
            f"Di = {di}. Use a width such as {di * max(1, d // di)} or {di * (d // di + 1)}."
        )
    return (d // di + 1) ** (di * (k - 1)) * max_regions_shallow(di, d)


#: Fig. 3.9's highlighted shallow net: Di = 100 inputs, D = 500 units (51,001 parameters,
#: more than 10^107 regions).
FIG3_9_POINT = (100, 500)
#: Fig. 4.7's deep widths (K = 1..10 layers each) and its marked nets, input size -> (D, K):
#: 1 input, 5 layers of 10 (471 parameters, 161,051 regions); 10 inputs, 5 layers of 50
#: (10,801 parameters, eq. 4.17 gives about 1.7956e41).
FIG4_7_WIDTHS = (10, 50, 100)
FIG4_7_DEPTHS = tuple(range(1, 11))
FIG4_7_EXAMPLES = {1: (10, 5), 10: (50, 5)}


def fig4_7_units(input_dim: int, points: int = 80) -> list[int]:
    """The widths D of Fig. 4.7's shallow curve: about ``points`` from Di up to some 10^5
    parameters, evenly spread on a log scale."""
    top = 100_000 // (_positive(input_dim, "input_dim") + 2)
    return [int(d) for d in np.unique(np.geomspace(input_dim, top, points).astype(int))]


def leading_digits(n: int, digits: int = 1) -> tuple[int, int]:
    """(m, e) with m / 10^digits x 10^e the integer n rounded DOWN to 1 + ``digits`` figures,
    so that "at least" stays true: 179,560,...(42 digits) -> (17956, 41) for digits = 4."""
    if n < 1:
        raise ParameterError(f"leading_digits needs a count of at least 1; got {n!r}.")
    exponent = len(str(int(n))) - 1
    return int(n) * 10 ** digits // 10 ** exponent, exponent


@dataclass(frozen=True)
class LayerTerm:
    """The parameters of layer k of a fully connected net (book eq. 4.15, Fig. 4.6).

    Omega_k has shape (rows, cols) = (D_{k+1}, D_k) and beta_k has ``rows`` entries, so the
    layer holds rows * cols weights and rows biases.
    """

    k: int
    rows: int
    cols: int

    @property
    def weights(self) -> int:
        return self.rows * self.cols

    @property
    def biases(self) -> int:
        return self.rows

    @property
    def total(self) -> int:
        return self.weights + self.biases


def parameter_terms(input_dim: int, widths, output_dim: int) -> tuple[LayerTerm, ...]:
    """One LayerTerm per weight matrix Omega_0..Omega_K of Di -> D_1 -> ... -> D_K -> Do.

    Fig. 4.6 (3 -> 4, 2, 3 -> 2): Omega shapes 4x3, 2x4, 3x2, 2x3; totals 16 + 10 + 9 + 8 = 43,
    which is :func:`num_parameters`.
    """
    sizes = [_positive(input_dim, "input_dim"), *_widths(widths), _positive(output_dim, "output_dim")]
    return tuple(LayerTerm(k, n_out, n_in)
                 for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])))


@dataclass(frozen=True)
class UniformCount:
    """The parameters of 1 input -> K layers of D -> 1 output, term by term:
    first = 2D (Omega_0 is D x 1, beta_0 has D), middle = (K-1) D (D+1) (each Omega_k is D x D,
    each beta_k has D), last = D + 1 (Omega_K is 1 x D, beta_K has 1); total = 3D + 1 + (K-1) D (D+1).
    """

    width: int
    depth: int

    @property
    def first(self) -> int:
        return 2 * self.width

    @property
    def middle(self) -> int:
        return (self.depth - 1) * self.width * (self.width + 1)

    @property
    def last(self) -> int:
        return self.width + 1

    @property
    def total(self) -> int:
        return 3 * self.width + 1 + (self.depth - 1) * self.width * (self.width + 1)


def uniform_count(width: int, depth: int) -> UniformCount:
    """The term-by-term count 3D + 1 + (K-1) D (D+1) of a 1-input, 1-output net with K layers
    of D units (book section 4.5: K = 5, D = 10 gives 471)."""
    return UniformCount(_positive(width, "width"), _positive(depth, "depth"))


def equal_parameter_width(input_dim: int, parameters: int, output_dim: int = 1) -> int:
    """The width D of a one-layer net Di -> D -> Do whose parameter count (Di + 1) D + (D + 1) Do
    is nearest ``parameters`` (the smaller D on a tie): the shallow net to set beside a deep one.
    2 inputs, 109 parameters (2 -> 6, 6, 6 -> 1): D = 27, exactly 109."""
    di, do = _positive(input_dim, "input_dim"), _positive(output_dim, "output_dim")
    per_unit, fixed = di + 1 + do, do
    low = max(1, (_positive(parameters, "parameters") - fixed) // per_unit)
    return min((low, low + 1), key=lambda d: (abs(num_parameters(di, [d], do) - parameters), d))


@dataclass(frozen=True)
class RegionCurve:
    """Parameters against linear regions along one family of nets (Figs. 3.9, 4.7).

    widths[i] are the hidden widths of point i; parameters[i] its parameter count and
    regions[i] its region count (exact integers). ``maximum``: True when the counts are the
    exact maximum (Zaslavsky for one layer; eq. 4.17 for one input), False when they are what
    the book's construction reaches (eq. 4.17 with Di > 1), a lower bound on the maximum.
    """

    input_dim: int
    widths: tuple[tuple[int, ...], ...]
    parameters: tuple[int, ...]
    regions: tuple[int, ...]
    maximum: bool


def shallow_curve(input_dim: int, units) -> RegionCurve:
    """One hidden layer of D units for each D in ``units``: Zaslavsky's count, the maximum."""
    units = [_positive(d, "units") for d in units]
    return RegionCurve(input_dim, tuple((d,) for d in units),
                       tuple(num_parameters(input_dim, [d], 1) for d in units),
                       tuple(max_regions_shallow(input_dim, d) for d in units), True)


def deep_curve(input_dim: int, width: int, depths) -> RegionCurve:
    """K layers of ``width`` for each K in ``depths``: eq. 4.17 (the maximum for one input, a
    construction's count, i.e. a lower bound on the maximum, for more)."""
    depths = [_positive(k, "depth") for k in depths]
    return RegionCurve(input_dim, tuple((width,) * k for k in depths),
                       tuple(num_parameters(input_dim, [width] * k, 1) for k in depths),
                       tuple(max_regions_deep(input_dim, width, k) for k in depths),
                       input_dim == 1)


def max_regions_product(input_dim: int, widths) -> int:
    """An upper bound on the regions of Di -> D_1 -> ... -> D_K: the product of the layers'
    Zaslavsky counts, prod_k sum_{j <= Di} C(D_k, j) (each layer cuts every region of the one
    before into at most that many, in the dimension min(Di, D_1, ..) left). 2 inputs, layers of 6: 22^2 = 484, 22^3 = 10,648."""
    count, dim = 1, _positive(input_dim, "input_dim")
    for d in _widths(widths):
        count *= max_regions_shallow(dim, d)
        dim = min(dim, d)  # inside one region the layer's image has at most this dimension
    return count


def _positive(value, name: str, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) and not _integral(value):
        raise ParameterError(f"{name} must be a whole number; got {value!r}.")
    number = int(value)
    if number < (0 if allow_zero else 1):
        raise ParameterError(
            f"{name} must be {'at least 0' if allow_zero else 'at least 1'}; got {number}."
        )
    return number


def _integral(value) -> bool:
    try:
        return float(value).is_integer() and not isinstance(value, str)
    except (TypeError, ValueError):
        return False


def _widths(widths) -> list[int]:
    if isinstance(widths, (int,)) and not isinstance(widths, bool):
        widths = [widths]
    try:
        items = list(widths)
    except TypeError:
        raise ParameterError(
            f"widths must be a list of hidden-layer sizes such as [10, 10]; got {widths!r}."
        ) from None
    if not items:
        raise ParameterError("widths must list at least one hidden layer, e.g. [3].")
    return [_positive(w, f"widths[{i}]") for i, w in enumerate(items)]
