"""The parameter types of the catalog's entries, and the Entry itself.

A slot is one thing a lecturer may set in a parameter file (``--params FILE.toml``): it gives
its default, parses and checks the file's value (a ParameterError that says what was expected,
what was received and how to fix it) and writes itself into an example file (``render.py params
NAME``). An Entry is one scene or figure of ``nnlecture.catalog``: its slots, its variant
options and the limits (``nnlecture.limits``) checked before any work starts. Nothing here
imports Manim or Matplotlib.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

import nnmath
from nnmath.checks import check_number, check_numbers, number_text, shape_text
from nnmath.params import deep_network_from_table, interval_from_value, network_from_table


@dataclass(frozen=True)
class NetworkSlot:
    """A network a scene draws; overridable by a ``[name]`` table in the parameter file.

    ``preset`` names a function of ``nnmath.presets`` that gives the book's network.
    """

    preset: str
    doc: str
    input_dim: int = 1
    output_dim: int = 1
    units: tuple[int, int] = (1, 20)  # hidden units the drawing has room for
    why_units: str = "this takes networks of"
    piecewise_linear: bool = False  # the drawing needs exact linear pieces (ReLU and kin)

    def default(self) -> Any:
        return nnmath.PRESETS[self.preset].factory()

    def parse(self, value: Any, key: str) -> Any:
        net = network_from_table(value, key, input_dim=self.input_dim, output_dim=self.output_dim)
        if self.piecewise_linear and not net.activation.piecewise_linear:
            kinked = [name for name, act in nnmath.ACTIVATIONS.items() if act.piecewise_linear]
            raise nnmath.ParameterError(
                f"{key}.activation must be one with a single kink ({', '.join(kinked)}): this "
                f"draws the exact linear pieces of '{key}', and {net.activation.name} is curved "
                f"everywhere; got activation = {net.activation.name!r}.")
        low, high = self.units
        if not low <= net.hidden_dim <= high:
            wanted = f"exactly {low}" if low == high else f"{low} to {high}"
            raise nnmath.ParameterError(
                f"'{key}' has {net.hidden_dim} hidden units ({key}.theta has {net.hidden_dim} rows); "
                f"{self.why_units} {wanted}. Give {key} {wanted} units."
            )
        return net

    def example(self, key: str) -> str:
        net = self.default()
        row = lambda values: ", ".join(repr(float(v)) for v in values)  # noqa: E731
        theta = ", ".join(f"[{row(r)}]" for r in net.theta)
        weights = ", ".join(f"theta_d{i}" for i in range(net.input_dim + 1))
        if net.phi.ndim == 1:
            phi, about = row(net.phi), "phi_0, phi_1, ..."
        else:  # one row per output
            phi, about = ", ".join(f"[{row(r)}]" for r in net.phi), "one row (phi_j0, phi_j1, ...) per output"
        return (f"[{key}]  # {self.doc}\ntheta = [{theta}]  # rows ({weights})\n"
                f"phi = [{phi}]  # {about}\nactivation = \"{net.activation.name}\"\n")


@dataclass(frozen=True)
class BuildUpSlot:
    """A two-layer, 1-input network given as in book Fig. 4.5: the x values, the values of each
    second-layer pre-activation there (one row per unit) and the output weights phi'. Written
    as a ``[key]`` table with ``xs``, ``ys`` and ``phi``; built by
    ``nnmath.two_layer_through_points``. ``units``: the second-layer units the drawing has room for.
    """

    doc: str
    units: tuple[int, int] = (1, 3)

    def default(self) -> Any:
        return nnmath.PRESETS["fig4_5"].factory()

    def parse(self, value: Any, key: str) -> Any:
        if not isinstance(value, dict) or set(value) != {"xs", "ys", "phi"}:
            got = f"a table with keys {', '.join(map(repr, sorted(value))) or 'none'}" \
                if isinstance(value, dict) else number_text(value)
            raise nnmath.ParameterError(
                f"'{key}' must be a table with xs, ys and phi, e.g. [{key}] xs = [0, 1, 1.6, 2], "
                f"ys = [[-0.75, 0.8, -0.8, 0.8]] (one row per second-layer unit, one value per "
                f"x), phi = [-0.36, -1] (phi'_0 and one weight per row); got {got}.")
        xs = check_numbers(value["xs"], f"{key}.xs")
        ys = check_numbers(value["ys"], f"{key}.ys")
        phi = check_numbers(value["phi"], f"{key}.phi")
        low, high = self.units
        rows = ys.shape[0] if ys.ndim == 2 else 0
        if ys.ndim != 2 or ys.shape[1] != xs.size or not low <= rows <= high:
            raise nnmath.ParameterError(
                f"{key}.ys must hold {low} to {high} rows (one per second-layer unit; the drawing "
                f"has one panel each), each with one value per x ({xs.size}); got shape "
                f"{shape_text(ys.shape)}.")
        try:
            return nnmath.two_layer_through_points(xs, ys, phi)
        except nnmath.ParameterError as error:
            raise nnmath.ParameterError(f"'{key}': {error}") from None

    def example(self, key: str) -> str:
        xs, ys, phi = (nnmath.presets.FIG4_5_XS, nnmath.presets.FIG4_5_PRE, nnmath.presets.FIG4_5_PHI)
        return (f"[{key}]  # {self.doc}\nxs = {xs}  # x values\n"
                f"ys = {ys}  # each second-layer pre-activation at the xs\n"
                f"phi = {phi}  # phi'_0, phi'_1, ...: the output's weights\n")


@dataclass(frozen=True)
class IntervalSlot:
    """A closed interval [lo, hi], written ``key = [lo, hi]`` in the parameter file."""

    default_value: tuple[float, float]
    doc: str

    def default(self) -> tuple[float, float]:
        return self.default_value

    def parse(self, value: Any, key: str) -> tuple[float, float]:
        return interval_from_value(value, key)

    def example(self, key: str) -> str:
        lo, hi = self.default_value
        return f"{key} = [{lo:g}, {hi:g}]  # {self.doc}\n"


@dataclass(frozen=True)
class MatrixSlot:
    """A matrix of fixed ``shape``, written by rows: ``key = [[0.19, 1.84], [-0.97, -0.93]]``.

    ``default_value`` holds the rows; ``hint`` is added to the example file as a comment (e.g.
    another matrix worth trying). Parsed to a float array of that shape.
    """

    default_value: tuple[tuple[float, ...], ...]
    doc: str
    shape: tuple[int, int] = (2, 2)
    hint: str = ""

    def default(self) -> np.ndarray:
        return np.array(self.default_value, dtype=float)

    def parse(self, value: Any, key: str) -> np.ndarray:
        rows, cols = self.shape
        example = self.example(key).split("  #")[0]
        expected = f"a {rows}x{cols} matrix written as {rows} rows of {cols} numbers, e.g. {example}"
        if not isinstance(value, (list, tuple)):
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {number_text(value)}.")
        try:
            matrix = check_numbers(value, key)
        except nnmath.ParameterError as error:
            raise nnmath.ParameterError(f"'{key}' must be {expected}; {error}") from None
        if matrix.shape != self.shape:
            raise nnmath.ParameterError(
                f"'{key}' must have shape {shape_text(self.shape)}, {expected}; got shape "
                f"{shape_text(matrix.shape)}: {number_text(value)}."
            )
        return matrix

    def example(self, key: str) -> str:
        rows = ", ".join("[" + ", ".join(f"{v:g}" for v in row) + "]" for row in self.default_value)
        hint = f"; {self.hint}" if self.hint else ""
        return f"{key} = [{rows}]  # {self.doc}{hint}\n"


@dataclass(frozen=True)
class IntegerSlot:
    """A whole number, or a list of them (``key = 7`` or ``key = [20, 20, 20]``), at least ``minimum``."""

    default_value: int | tuple[int, ...]
    doc: str
    minimum: int = 0
    maximum: int | None = None  # e.g. to keep a render from running for hours
    max_items: int | None = None  # for a list: how many the drawing has room for

    def default(self) -> Any:
        return self.default_value

    def parse(self, value: Any, key: str) -> Any:
        many = isinstance(self.default_value, tuple)
        items = value if many and isinstance(value, list) else [value]
        ok = (not many and not isinstance(value, list)) or (many and isinstance(value, list) and value)
        top = float("inf") if self.maximum is None else self.maximum
        bad = next((v for v in items if isinstance(v, bool) or not isinstance(v, int)
                    or not self.minimum <= v <= top), None) if ok else value
        if not ok or bad is not None:
            bounds = f">= {self.minimum}" if self.maximum is None else f"from {self.minimum} to {self.maximum:,}"
            expected = f"a list of whole numbers {bounds}, e.g. {key} = {list(self.default_value)}" \
                if many else f"a whole number {bounds}, e.g. {key} = {self.default_value}"
            got = number_text(value) if bad is value or not many else \
                f"{number_text(value)}, which holds {number_text(bad)}"
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {got}.")
        if many and self.max_items is not None and len(items) > self.max_items:
            raise nnmath.ParameterError(
                f"'{key}' lists {len(items)} numbers; the drawing has room for at most "
                f"{self.max_items}, e.g. {key} = {list(self.default_value)}.")
        return tuple(items) if many else items[0]

    def example(self, key: str) -> str:
        value = list(self.default_value) if isinstance(self.default_value, tuple) else self.default_value
        return f"{key} = {value}  # {self.doc}\n"


@dataclass(frozen=True)
class NumberSlot:
    """One finite number, written ``key = 0.5``."""

    default_value: float
    doc: str

    def default(self) -> float:
        return self.default_value

    def parse(self, value: Any, key: str) -> float:
        return check_number(value, f"'{key}'", f"{key} = {self.default_value:g}")

    def example(self, key: str) -> str:
        return f"{key} = {self.default_value:g}  # {self.doc}\n"


@dataclass(frozen=True)
class ChoiceSlot:
    """One word out of ``choices``, written ``key = "book"``."""

    default_value: str
    choices: tuple[str, ...]
    doc: str

    def default(self) -> str:
        return self.default_value

    def parse(self, value: Any, key: str) -> str:
        if value not in self.choices:
            options = " or ".join(f'"{c}"' for c in self.choices)
            raise nnmath.ParameterError(f"'{key}' must be {options}; got {number_text(value)}.")
        return value

    def example(self, key: str) -> str:
        return f'{key} = "{self.default_value}"  # {self.doc}\n'


@dataclass(frozen=True)
class FolderSlot:
    """A folder, written ``key = "path"`` (relative to the current folder); default None means
    the tool's own default (e.g. out/ beside render.py)."""

    doc: str
    default_value: None = None

    def default(self) -> None:
        return None

    def parse(self, value: Any, key: str) -> Path:
        if not isinstance(value, str) or not value:
            raise nnmath.ParameterError(f"'{key}' must be a folder name in quotes, e.g. {key} = "
                                        f'"out"; got {number_text(value)}.')
        try:
            folder = Path(value).expanduser()
            found = folder.is_dir()
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a name too long, ~nobody
            found = False
        if not found:
            raise nnmath.ParameterError(f"'{key}' = {number_text(value)} is not a folder here (in "
                                        f"{Path.cwd()}); give the folder you passed to --out.")
        return folder

    def example(self, key: str) -> str:
        return f'# {key} = "out"  # {self.doc}\n'


@dataclass(frozen=True)
class VariantOption:
    """A CLI option choosing one of the book's variants of a network, e.g. ``--activation``.

    ``presets`` maps each choice to a preset; the choice replaces the default of ``slot``, or,
    when the parameter file gives that network, sets the preset's activation on it.
    """

    slot: str
    presets: dict[str, str]
    help: str

    def apply(self, params: dict[str, Any], choice: str, overridden: bool) -> None:
        preset = nnmath.PRESETS[self.presets[choice]].factory()
        if not overridden:
            params[self.slot] = preset
        else:
            net = params[self.slot]
            params[self.slot] = type(net)(net.theta, net.phi, preset.activation)


@dataclass(frozen=True)
class Entry:
    """One scene or figure: ``target`` is ``"module:attribute"``, imported only when used."""

    name: str
    kind: str  # "scene", "figure" or "page"
    summary: str
    target: str
    params: dict[str, Any] = field(default_factory=dict)  # key -> one of the *Slot classes above
    options: dict[str, VariantOption] = field(default_factory=dict)
    # checks of the work the parameters ask for, run before any starts (nnlecture.limits)
    limits: tuple[Callable[[dict[str, Any]], None], ...] = ()

    def load(self) -> Any:
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def default_params(self) -> dict[str, Any]:
        return {key: slot.default() for key, slot in self.params.items()}

    def resolve_params(self, table: dict[str, Any], choices: dict[str, str] | None = None) -> dict[str, Any]:
        """The defaults, overridden by the keys of a parsed parameter file (validated) and by
        the variant options chosen on the command line (``choices``: option -> value)."""
        unknown = sorted(set(table) - set(self.params))
        if unknown:
            allowed = ", ".join(sorted(self.params)) or "none"
            shown = unknown[:5]  # a file of junk keys gets a short message
            hints = [difflib.get_close_matches(k, self.params, n=1) for k in shown]
            hint = "".join(f" (did you mean '{h[0]}' for '{k}'?)" for k, h in zip(shown, hints) if h)
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            raise nnmath.ParameterError(
                f"unknown key(s) {', '.join(_key_text(k) for k in shown)}{more} in the parameter "
                f"file for '{self.name}'; it accepts: {allowed}{hint}"
            )
        params = self.default_params()
        for key, value in table.items():
            params[key] = self.params[key].parse(value, key)
        for option, choice in (choices or {}).items():
            if choice is not None:
                variant = self.options[option]
                variant.apply(params, choice, overridden=variant.slot in table)
        for limit in self.limits:
            limit(params)
        return params

    def example_params(self) -> str:
        """A parameter file holding this entry's defaults, as a starting point for a lecturer."""
        head = f"# Parameters of '{self.name}' (the book's values); edit and pass with --params\n"
        # TOML: plain keys (intervals) must come before the first [table] (networks)
        slots = sorted(self.params.items(),
                       key=lambda item: isinstance(item[1], (NetworkSlot, BuildUpSlot,
                                                             DiagramNetworkSlot, StepNetworkSlot)))
        return head + "\n".join(slot.example(key) for key, slot in slots)


def _key_text(key: str) -> str:
    return repr(key) if len(key) <= 40 else repr(key[:37] + "...")


# --- network diagrams (scenes.diagram) ------------------------------------------------------
@dataclass(frozen=True)
class DiagramNetworkSlot:
    """Any network a diagram draws: a shallow ``[name]`` table (theta and phi, or xs and ys)
    or a deep one (betas and omegas, see ``nnmath.params.deep_network_from_table``), with at
    most ``max_units`` nodes per column and ``max_hidden`` hidden layers (what fits the frame)."""

    preset: str
    doc: str
    max_units: int = 8
    max_hidden: int = 5

    def default(self) -> Any:
        return nnmath.PRESETS[self.preset].factory()

    def parse(self, value: Any, key: str) -> Any:
        deep = isinstance(value, dict) and ("betas" in value or "omegas" in value)
        net = deep_network_from_table(value, key) if deep else network_from_table(value, key, None, None)
        layers = nnmath.as_deep(net)
        sizes = (layers.input_dim, *layers.widths, layers.output_dim)
        if layers.num_hidden_layers > self.max_hidden or max(sizes) > self.max_units:
            raise nnmath.ParameterError(
                f"'{key}' has layers of {' - '.join(map(str, sizes))} nodes; a diagram that fits "
                f"the frame has at most {self.max_hidden} hidden layers and {self.max_units} nodes "
                f"per layer (inputs and outputs included). Give {key} fewer or narrower layers.")
        return net

    def example(self, key: str) -> str:
        net = nnmath.as_deep(self.default())
        rows = lambda matrix: "[" + ", ".join(  # noqa: E731
            "[" + ", ".join(f"{v + 0.0:g}" for v in row) + "]" for row in matrix) + "]"
        betas = ", ".join("[" + ", ".join(f"{v + 0.0:g}" for v in b) + "]" for b in net.betas)
        return (f"[{key}]  # {self.doc}; or theta and phi for a shallow one\n"
                f"betas = [{betas}]  # beta_0 ... beta_K\n"
                f"omegas = [{', '.join(rows(o) for o in net.omegas)}]  # Omega_k: D_(k+1) rows of D_k\n"
                f"activation = \"{net.activations[0].name if net.activations else 'relu'}\"\n")


@dataclass(frozen=True)
class PointSlot:
    """One input of a network: a number (``key = 0.8``) or one number per input
    (``key = [0.5, -1, 2]``); parsed to a tuple of floats."""

    default_value: tuple[float, ...]
    doc: str

    def default(self) -> tuple[float, ...]:
        return self.default_value

    def parse(self, value: Any, key: str) -> tuple[float, ...]:
        example = f"{key} = {self.default_value[0]:g} or {key} = [0.5, -1, 2] for three inputs"
        if isinstance(value, list):
            if not value or any(isinstance(v, list) for v in value):
                raise nnmath.ParameterError(f"'{key}' must be a number or a flat list of numbers, "
                                            f"e.g. {example}; got {number_text(value)}.")
            return tuple(float(v) for v in check_numbers(value, key, example))
        return (check_number(value, f"'{key}'", example),)

    def example(self, key: str) -> str:
        value = self.default_value[0] if len(self.default_value) == 1 else list(self.default_value)
        return f"{key} = {value}  # {self.doc}\n"


# --- group views: the scale factors of a warp a[S x] -------------------------------------------
@dataclass(frozen=True)
class ScalesSlot:
    """``count`` positive numbers in increasing order, written ``key = [0.5, 2]`` (e.g. the
    scale factors S of a[S x], one panel each), each at most ``maximum``."""

    default_value: tuple[float, ...]
    doc: str
    maximum: float = 10.0

    @property
    def count(self) -> int:
        return len(self.default_value)

    def default(self) -> tuple[float, ...]:
        return self.default_value

    def parse(self, value: Any, key: str) -> tuple[float, ...]:
        example = f"{key} = {list(self.default_value)}"
        expected = (f"a list of {self.count} numbers from 0 to {self.maximum:g} (not 0), smallest "
                    f"first, one per panel, e.g. {example}")
        if not isinstance(value, list) or len(value) != self.count:
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {number_text(value)}.")
        numbers = check_numbers(value, key, example)
        if numbers.ndim != 1 or np.any(numbers <= 0) or np.any(numbers > self.maximum) \
                or np.any(np.diff(numbers) <= 0):
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {number_text(value)}.")
        return tuple(float(v) for v in numbers)

    def example(self, key: str) -> str:
        return f"{key} = {[float(v) for v in self.default_value]}  # {self.doc}\n"


# --- group gradients: cross-entropy and backpropagation ---------------------------------------
@dataclass(frozen=True)
class VectorSlot:
    """A short list of numbers, ``key = [2, 1, -0.5]``, with ``count`` = (fewest, most) items
    (what the drawing has room for) and, optionally, every item strictly between ``above`` and
    ``below`` (e.g. probabilities in (0, 1))."""

    default_value: tuple[float, ...]
    doc: str
    count: tuple[int, int] = (1, 6)
    above: float | None = None
    below: float | None = None

    def default(self) -> tuple[float, ...]:
        return self.default_value

    def parse(self, value: Any, key: str) -> tuple[float, ...]:
        example = f"{key} = {list(self.default_value)}"
        low, high = self.count
        many = f"exactly {low}" if low == high else f"{low} to {high}"
        if not isinstance(value, list) or any(isinstance(v, list) for v in value):
            raise nnmath.ParameterError(f"'{key}' must be a flat list of {many} numbers, "
                                        f"e.g. {example}; got {number_text(value)}.")
        numbers = tuple(float(v) for v in check_numbers(value, key, example)) if value else ()
        if not low <= len(numbers) <= high:
            room = "" if low == high else " (the drawing has room for that many)"
            raise nnmath.ParameterError(f"'{key}' must hold {many} numbers{room}, e.g. {example}; "
                                        f"got {len(numbers)}.")
        bad = [v for v in numbers if (self.above is not None and v <= self.above)
               or (self.below is not None and v >= self.below)]
        if bad:
            bounds = [f"greater than {self.above:g}"] if self.above is not None else []
            bounds += [f"less than {self.below:g}"] if self.below is not None else []
            raise nnmath.ParameterError(
                f"every number of '{key}' must be {' and '.join(bounds)}, e.g. {example}; got "
                f"{number_text(bad[0])}.")
        return numbers

    def example(self, key: str) -> str:
        return f"{key} = {[float(v) for v in self.default_value]}  # {self.doc}\n"


# --- group neurons: bounded numbers and the XOR step network --------------------------------
@dataclass(frozen=True)
class NumbersSlot:
    """A number (``key = 0.5``) or, when the default is a tuple, a list of numbers
    (``key = [0.4, 1, 1.4]``), each within [low, high]; ``length`` fixes how many a list
    holds, ``max_items`` bounds it. Parsed to a float or a tuple of floats."""

    default_value: float | tuple[float, ...]
    doc: str
    low: float = -float("inf")
    high: float = float("inf")
    length: int | None = None
    max_items: int | None = None

    def default(self) -> Any:
        return self.default_value

    def _written(self, key: str) -> str:
        value = self.default_value
        return f"{key} = [{', '.join(f'{v:g}' for v in value)}]" if isinstance(value, tuple) \
            else f"{key} = {value:g}"

    def parse(self, value: Any, key: str) -> Any:
        many = isinstance(self.default_value, tuple)
        bounds = f"between {self.low:g} and {self.high:g}"
        if many:
            count = (f"exactly {self.length}" if self.length else
                     f"1 to {self.max_items}" if self.max_items else "one or more")
            expected = f"a list of {count} numbers {bounds}, e.g. {self._written(key)}"
            if not isinstance(value, list) or not value or \
                    any(isinstance(v, (list, tuple, dict)) for v in value):
                raise nnmath.ParameterError(f"'{key}' must be {expected}; got {number_text(value)}.")
            if (self.length and len(value) != self.length) or \
                    (self.max_items and len(value) > self.max_items):
                raise nnmath.ParameterError(f"'{key}' must be {expected}; got {len(value)} numbers: "
                                            f"{number_text(value)}.")
            numbers = tuple(float(v) for v in check_numbers(value, key, self._written(key)))
        else:
            expected = f"a number {bounds}, e.g. {self._written(key)}"
            numbers = (check_number(value, f"'{key}'", self._written(key)),)
        bad = next((v for v in numbers if not self.low <= v <= self.high), None)
        if bad is not None:
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {number_text(value)}, "
                                        f"and {bad:g} is outside that range.")
        return numbers if many else numbers[0]

    def example(self, key: str) -> str:
        return f"{self._written(key)}  # {self.doc}\n"


@dataclass(frozen=True)
class StepNetworkSlot:
    """A 2-2-1 network of step units (``nnmath.StepNetwork``), written as a ``[key]`` table
    with W1 (2 rows of 2), b1 (2 numbers), w2 (2 numbers) and b2 (a number)."""

    doc: str

    def default(self) -> Any:
        return nnmath.or_nand_and()

    def parse(self, value: Any, key: str) -> Any:
        wanted = {"W1", "b1", "w2", "b2"}
        example = (f"[{key}] W1 = [[1, 1], [-1, -1]], b1 = [-0.5, 1.5], w2 = [1, 1], b2 = -1.5 "
                   f"(rows of W1 and entries of b1: the hidden units; w2, b2: the output unit)")
        if not isinstance(value, dict) or set(value) != wanted:
            got = f"a table with keys {', '.join(map(repr, sorted(value))) or 'none'}" \
                if isinstance(value, dict) else number_text(value)
            raise nnmath.ParameterError(f"'{key}' must be a table with W1, b1, w2 and b2, e.g. "
                                        f"{example}; got {got}.")
        shapes = {"W1": (2, 2), "b1": (2,), "w2": (2,), "b2": ()}
        parts = {}
        for name, shape in shapes.items():
            array = check_numbers(value[name], f"{key}.{name}")
            if array.shape != shape:
                raise nnmath.ParameterError(
                    f"{key}.{name} must have shape {shape_text(shape) if shape else '() (one number)'} "
                    f"in a 2-2-1 network, e.g. {example}; got shape {shape_text(array.shape)}: "
                    f"{number_text(value[name])}.")
            parts[name] = array
        return nnmath.StepNetwork(parts["W1"], parts["b1"], parts["w2"], float(parts["b2"]))

    def example(self, key: str) -> str:
        net = self.default()
        row = lambda values: "[" + ", ".join(f"{v:g}" for v in values) + "]"  # noqa: E731
        return (f"[{key}]  # {self.doc}\nW1 = [{row(net.W1[0])}, {row(net.W1[1])}]  # one row per "
                f"hidden unit\nb1 = {row(net.b1)}  # their biases\nw2 = {row(net.w2)}  # the output "
                f"unit's weights\nb2 = {net.b2:g}  # its bias\n")
