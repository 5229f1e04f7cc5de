"""Input checks shared by every public function of ``nnmath``.

User mistakes (a wrong shape in a parameter file, a NaN weight, a misspelt activation) are
reported as :class:`ParameterError` with a message that says what was expected, what was
received and how to fix it, in the manner of scikit-learn's and einops' checks.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

#: Sizes a number from a parameter file may have (0 aside). The book's weights are 0.1-10;
#: beyond 1e6 the drawings overflow their axes and products of weights approach float
#: overflow, below 1e-6 a weight draws as 0 and dividing by it overflows (a joint at 1e308).
MAX_MAGNITUDE = 1e6
MIN_MAGNITUDE = 1e-6


class ParameterError(ValueError):
    """A parameter or input does not have the value, shape or type the math needs."""


def number_text(value: Any) -> str:
    """A short text for a value a user wrote, for messages: ``1e+06``, ``'a' (text)``, ``a
    310-digit number``, never thousands of characters."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a {len(str(abs(value)))}-digit number"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as it: what the user wrote
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    short = f"{text[:57]}{'...' if len(text) > 57 else ''}"
    if isinstance(value, (list, tuple)):
        return short
    kind = {"str": "text", "dict": "a table"}.get(type(value).__name__, type(value).__name__)
    return f"{short} ({kind})"


def check_number(value: Any, name: str, example: str = "") -> float:
    """One number a user wrote (``name`` as they wrote it, e.g. ``interval[0]``), as a float.

    Refused, each with what to write instead: booleans, text and other non-numbers, NaN and
    infinities, and sizes outside [MIN_MAGNITUDE, MAX_MAGNITUDE] other than 0.
    """
    hint = f", e.g. {example}" if example else ""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name} must be a number{hint}; got {number_text(value)}.")
    if isinstance(value, (int, np.integer)) and abs(int(value)) > MAX_MAGNITUDE:
        number = float("inf")  # without float(): a 400-digit integer does not fit a float
    else:
        number = float(value)
    if np.isnan(number):
        raise ParameterError(f"{name} must be a number{hint}; got nan. Write the number you mean.")
    if not MIN_MAGNITUDE <= abs(number) <= MAX_MAGNITUDE and number != 0:
        size = "infinite" if isinstance(value, float) and np.isinf(number) else number_text(value)
        raise ParameterError(
            f"{name} is {size}; numbers in a parameter file must be 0 or between "
            f"{MIN_MAGNITUDE:g} and {MAX_MAGNITUDE:g} in size (drawings show two decimals and "
            f"must fit their axes). Write 0 instead of a tiny number; rescale a huge one."
        )
    return number


def check_numbers(value: Any, name: str, example: str = "") -> np.ndarray:
    """A (nested) list of numbers a user wrote, as a float array, every entry checked by
    :func:`check_number` and named as written (``net1.theta[1][0]``); ragged rows refused."""
    if not isinstance(value, (list, tuple)):
        check_number(value, name, example)  # a lone number is fine where the shape allows it
    for index, item in _leaves(value):
        if isinstance(item, (list, tuple)):  # an empty list inside a list
            continue
        check_number(item, f"{name}{''.join(f'[{i}]' for i in index)}", example)
    try:
        return np.array(value, dtype=float)
    except ValueError:
        raise ParameterError(
            f"{name} must have rows of equal length (a rectangular table of numbers); got "
            f"{number_text(value)}. Give every row as many numbers as the first."
        ) from None


def _leaves(value: Any, index: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Any]]:
    """(index, item) for every item of nested lists, depth first."""
    if isinstance(value, (list, tuple)):
        if not value:
            yield index, value
        for i, item in enumerate(value):
            yield from _leaves(item, (*index, i))
    else:
        yield index, value


def closest(name: str, valid: Iterable[str]) -> str:
    """Return " Did you mean 'x'?" for the valid name closest to ``name``, or "" if none is close."""
    matches = difflib.get_close_matches(str(name), list(valid), n=1, cutoff=0.5)
    return f" Did you mean {matches[0]!r}?" if matches else ""


def shape_text(shape: tuple[int, ...]) -> str:
    """Format a shape the way NumPy prints it: (3,) and (3, 2)."""
    return str(tuple(int(n) for n in shape))


def as_float_array(value, name: str) -> np.ndarray:
    """Convert ``value`` to a float array, refusing non-numbers and NaN/inf.

    Returns a new float64 array (never a view on the caller's data).
    """
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raw = np.empty(0, dtype=object)  # ragged nested lists
    if raw.dtype.kind not in "biuf":
        raise ParameterError(
            f"{name} must be an array of numbers with a regular (rectangular) shape; got "
            f"{_describe(value)}. Pass a list or NumPy array of floats, all rows the same length."
        )
    array = np.array(raw, dtype=float)
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f"{name}[{', '.join(map(str, index))}]" if index else name
        raise ParameterError(
            f"{name} must contain only finite numbers; {where} is {array[bad][0]}. "
            f"Replace NaN/inf entries with finite values."
        )
    return array


def as_finite_scalar(value, name: str) -> float:
    """Convert ``value`` to a finite float (booleans refused), else raise ParameterError."""
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0 or not _is_real_number(value):
        raise ParameterError(f"{name} must be a finite number; got {_describe(value)}.")
    number = float(value)
    if not np.isfinite(number):
        raise ParameterError(f"{name} must be a finite number; got {number}.")
    return number


def as_batch(x, input_dim: int, name: str = "x") -> np.ndarray:
    """Bring network inputs to the batch-first shape (N, Di).

    Accepts (N, Di); for Di = 1 also a 1-D array (N,) or a scalar (N = 1).
    """
    array = as_float_array(x, name)
    if array.ndim == 0 and input_dim == 1:
        return array.reshape(1, 1)
    if array.ndim == 1 and input_dim == 1:
        return array.reshape(-1, 1)
    if array.ndim == 2 and array.shape[1] == input_dim:
        return array
    hint = (
        "pass a 1-D array of inputs or a scalar"
        if input_dim == 1
        else f"pass one row per input point, e.g. x.reshape(-1, {input_dim})"
    )
    raise ParameterError(
        f"{name} must have shape (N, Di) = (N, {input_dim}) for a network with "
        f"{input_dim} input(s); got {shape_text(array.shape)}. To fix: {hint}."
    )


def read_only(array: np.ndarray) -> np.ndarray:
    """Mark ``array`` read-only so the parameters of a network cannot change under it."""
    array.setflags(write=False)
    return array


def _is_real_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError, OverflowError):
        return False
    return not isinstance(value, (str, bytes, complex))


def _describe(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"
