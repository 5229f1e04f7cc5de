"""Input checks shared by every public function of ``nnmath``.

User mistakes (a wrong shape in a parameter file, a NaN weight, a misspelt activation) are
reported as :class:`ParameterError` with a message that says what was expected, what was
received and how to fix it, in the manner of scikit-learn's and einops' checks.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np


class ParameterError(ValueError):
    """A parameter or input does not have the value, shape or type the math needs."""


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
    except (TypeError, ValueError):
        return False
    return not isinstance(value, (str, bytes, complex))


def _describe(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"
