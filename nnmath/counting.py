"""Counting parameters and linear regions (book sections 3.3, 4.5; Figs. 3.9, 4.7).

All counts are exact Python integers. For Di inputs, K hidden layers of widths D_1..D_K and Do
outputs the parameters are sum_k D_{k+1} (D_k + 1); the maximum number of linear regions of a
shallow network is Zaslavsky's sum_{j=0}^{Di} C(D, j), and book eq. 4.17 gives the regions a
deep network of K layers of width D can reach, (D/Di + 1)^(Di (K-1)) sum_{j=0}^{Di} C(D, j).
"""

from __future__ import annotations

from math import comb

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
