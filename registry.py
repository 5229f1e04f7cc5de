"""The one registry of scenes and figures.

It drives ``render.py list``, the CLI, the tests and the docs: adding a scene is one module in
``scenes/`` plus one entry here. Each entry names what a lecturer may override with
``--params FILE.toml`` (networks, intervals) and where the defaults come from (nnmath presets),
so a parameter file is validated the same way for every scene without importing Manim.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import nnmath
from nnmath.checks import as_float_array, shape_text
from nnmath.params import interval_from_value, network_from_table


@dataclass(frozen=True)
class NetworkSlot:
    """A network a scene draws; overridable by a ``[name]`` table in the parameter file.

    ``preset`` names a function of ``nnmath.presets`` that gives the book's network.
    """

    preset: str
    doc: str
    input_dim: int = 1
    output_dim: int = 1

    def default(self) -> Any:
        return nnmath.PRESETS[self.preset].factory()

    def parse(self, value: Any, key: str) -> Any:
        return network_from_table(value, key, input_dim=self.input_dim, output_dim=self.output_dim)

    def example(self, key: str) -> str:
        net = self.default()
        theta = ", ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in net.theta)
        phi = ", ".join(repr(float(v)) for v in net.phi.ravel())
        return (f"[{key}]  # {self.doc}\ntheta = [{theta}]  # rows (theta_d0, theta_d1)\n"
                f"phi = [{phi}]  # phi_0, phi_1, ...\nactivation = \"{net.activation.name}\"\n")


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
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {_shown(value)}.")
        try:
            matrix = as_float_array(value, key)
        except nnmath.ParameterError as error:
            raise nnmath.ParameterError(f"'{key}' must be {expected}; {error}") from None
        if matrix.shape != self.shape:
            raise nnmath.ParameterError(
                f"'{key}' must have shape {shape_text(self.shape)}, {expected}; got shape "
                f"{shape_text(matrix.shape)}: {_shown(value)}."
            )
        return matrix

    def example(self, key: str) -> str:
        rows = ", ".join("[" + ", ".join(f"{v:g}" for v in row) + "]" for row in self.default_value)
        hint = f"; {self.hint}" if self.hint else ""
        return f"{key} = [{rows}]  # {self.doc}{hint}\n"


def _shown(value: Any) -> str:
    text = repr(value)
    return f"{text[:60]}{'...' if len(text) > 60 else ''} ({type(value).__name__})"


@dataclass(frozen=True)
class IntegerSlot:
    """A whole number, or a list of them (``key = 7`` or ``key = [20, 20, 20]``), at least ``minimum``."""

    default_value: int | tuple[int, ...]
    doc: str
    minimum: int = 0
    maximum: int | None = None  # e.g. to keep a render from running for hours

    def default(self) -> Any:
        return self.default_value

    def parse(self, value: Any, key: str) -> Any:
        many = isinstance(self.default_value, tuple)
        items = value if many and isinstance(value, list) else [value]
        ok = (not many and not isinstance(value, list)) or (many and isinstance(value, list) and value)
        top = float("inf") if self.maximum is None else self.maximum
        if not ok or not all(isinstance(v, int) and not isinstance(v, bool) and self.minimum <= v <= top
                             for v in items):
            bounds = f">= {self.minimum}" if self.maximum is None else f"from {self.minimum} to {self.maximum:,}"
            expected = f"a list of whole numbers {bounds}, e.g. {key} = {list(self.default_value)}" \
                if many else f"a whole number {bounds}, e.g. {key} = {self.default_value}"
            raise nnmath.ParameterError(f"'{key}' must be {expected}; got {value!r}.")
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
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
            raise nnmath.ParameterError(f"'{key}' must be a finite number, e.g. {key} = "
                                        f"{self.default_value:g}; got {_shown(value)}.")
        return float(value)

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
            raise nnmath.ParameterError(f"'{key}' must be {options}; got {_shown(value)}.")
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
                                        f'"out"; got {_shown(value)}.')
        folder = Path(value).expanduser()
        if not folder.is_dir():
            raise nnmath.ParameterError(f"'{key}' = {value!r} is not a folder (looked in "
                                        f"{folder.resolve()}); give the folder you passed to --out.")
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
    kind: str  # "scene" or "figure"
    summary: str
    target: str
    params: dict[str, Any] = field(default_factory=dict)  # key -> one of the *Slot classes above
    options: dict[str, VariantOption] = field(default_factory=dict)

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
            hints = [difflib.get_close_matches(k, self.params, n=1) for k in unknown]
            hint = "".join(f" (did you mean '{h[0]}' for '{k}'?)" for k, h in zip(unknown, hints) if h)
            raise nnmath.ParameterError(
                f"unknown key(s) {', '.join(repr(k) for k in unknown)} in the parameter file for "
                f"'{self.name}'; it accepts: {allowed}{hint}"
            )
        params = self.default_params()
        for key, value in table.items():
            params[key] = self.params[key].parse(value, key)
        for option, choice in (choices or {}).items():
            if choice is not None:
                variant = self.options[option]
                variant.apply(params, choice, overridden=variant.slot in table)
        return params

    def example_params(self) -> str:
        """A parameter file holding this entry's defaults, as a starting point for a lecturer."""
        head = f"# Parameters of '{self.name}' (the book's values); edit and pass with --params\n"
        # TOML: plain keys (intervals) must come before the first [table] (networks)
        slots = sorted(self.params.items(), key=lambda item: isinstance(item[1], NetworkSlot))
        return head + "\n".join(slot.example(key) for key, slot in slots)


ENTRIES: tuple[Entry, ...] = (
    Entry(
        name="folding",
        kind="scene",
        summary="Two 3-unit ReLU nets composed: the first folds [-1,1] three times, "
        "the second is copied into each fold (UDL Fig. 4.1, 4.3)",
        target="scenes.folding:Folding",
        params={
            "net1": NetworkSlot("fig4_1_net1", "network 1, x -> y"),
            "net2": NetworkSlot("fig4_1_net2", "network 2, y -> y'"),
            "interval": IntervalSlot((-1.0, 1.0), "the input interval of x"),
        },
    ),
)

_DEPTH_PARAMS = {
    "mode": ChoiceSlot("book", ("book", "quick"), "which run of 'render.py train depth' to draw"),
    "out_dir": FolderSlot("folder holding depth_<mode>.npz (default: out/ beside render.py, "
                          "then, for book mode, the repository's stored run)"),
}

ENTRIES += (
    Entry(
        name="regions",
        kind="scene",
        summary="A random 2-input ReLU net cuts the square into linear regions layer by layer, "
        "with the count against the bound (UDL Figs. 3.8, 4.7)",
        target="scenes.regions:Regions",
        params={
            "widths": IntegerSlot((6, 6, 6), "hidden widths of the random He-initialised net", 1),
            "seed": IntegerSlot(3, "seed of its weights"),
        },
    ),
    Entry(
        name="joints",
        kind="scene",
        summary="A 3-unit shallow net built step by step: lines, clipping at the joints, "
        "weighting, summing into linear regions; then parameters move (UDL Figs. 3.2-3.3)",
        target="scenes.joints:Joints",
        params={
            "net": NetworkSlot("fig3_3", "the shallow network, x -> y"),
            "interval": IntervalSlot((0.0, 2.0), "the input interval of x"),
        },
        options={
            "activation": VariantOption(
                "net", {"relu": "fig3_3", "sigmoid": "fig3_3_sigmoid", "heaviside": "fig3_3_heaviside"},
                "The book's variants of Fig. 3.3 (sigmoid: 1/(1+exp(-5z)) with its own phi)."),
        },
    ),
    Entry(
        name="shallow_build_up",
        kind="figure",
        summary="A 3-unit ReLU net in four steps: lines, clipped, weighted, summed; joints, "
        "inactive regions shaded, slope per region (UDL Fig. 3.3)",
        target="figures.shallow_build_up:draw",
        params={
            "net": NetworkSlot("fig3_3", "the shallow network, x -> y"),
            "interval": IntervalSlot((0.0, 2.0), "the input interval of x"),
        },
    ),
    Entry(
        name="region_maps",
        kind="figure",
        summary="The output of the Fig. 3.8 net, exact per pixel, over its 7 regions (one flat), "
        "and of it fed into a second net (UDL Figs. 3.8, 4.2)",
        target="figures.region_maps:draw",
        params={
            "net": NetworkSlot("fig3_8", "the 2-input shallow network", input_dim=2),
            "second": NetworkSlot("fig4_1_net2", "the network its output is fed into, y -> y'"),
            "xlim": IntervalSlot((-1.0, 1.0), "the input range of x1"),
            "ylim": IntervalSlot((-1.0, 1.0), "the input range of x2"),
        },
    ),
    Entry(
        name="regions_exact_vs_grid",
        kind="figure",
        summary="A random 3x20 ReLU net: every exact region, edges by layer, beside what a "
        "100 x 100 grid of samples sees (the regions it misses marked)",
        target="figures.regions_exact_vs_grid:draw",
        params={
            "widths": IntegerSlot((20, 20, 20), "hidden widths of the random He-initialised net", 1),
            "seed": IntegerSlot(1, "seed of its weights"),
            "grid": IntegerSlot(100, "pixels per side of the sampled grid", 2, 2000),
        },
    ),
    Entry(
        name="depth_training",
        kind="figure",
        summary="MNIST-1D, random labels: deeper nets reach 0 % training error in fewer epochs "
        "(UDL Fig. 20.2; stored book-mode run)",
        target="figures.depth_training:draw",
        params=_DEPTH_PARAMS,
    ),
    Entry(
        name="depth_race",
        kind="scene",
        summary="MNIST-1D, random labels: the four curves of UDL Fig. 20.2 drawn as the epochs "
        "run, each marked at 0 % error (stored book-mode run)",
        target="scenes.depth_training:DepthTraining",
        params=_DEPTH_PARAMS,
    ),
    Entry(
        name="regions_vs_parameters",
        kind="figure",
        summary="Most linear regions against parameters, shallow vs deep, 1 and 10 inputs "
        "(UDL Figs. 3.9, 4.7; 161,051 and 1.8e41, not the slides' typos)",
        target="figures.regions_vs_parameters:draw",
    ),
)

ENTRIES += (
    Entry(
        name="svd",
        kind="scene",
        summary="The representation view: Theta as rotation, scaling, rotation (SVD); ReLU(Sx) "
        "and tanh(Sx) warp the plane; a trained 2-2-1 net untangles two classes",
        target="scenes.svd:SVD",
        params={
            "theta": MatrixSlot(((0.19, 1.84), (-0.97, -0.93)), "the 2x2 linear map Theta",
                                hint="[[0.19, 1.84], [0.97, 0.93]] (det < 0) shows one reflection"),
        },
    ),
)

_FITTING_PARAMS = {
    "hidden": IntegerSlot((3, 5, 10, 20), "hidden units of each constructive fit", 1, 200),
    "fit_hidden": IntegerSlot(10, "hidden units of the gradient-descent fits", 1, 200),
    "epochs": IntegerSlot(30000, "epochs of gradient descent (about 1 s per 20,000)", 1, 1_000_000),
    "seed": IntegerSlot(6, "seed of the initial weights"),
}

ENTRIES += (
    Entry(
        name="universal_approximation",
        kind="figure",
        summary="A 1-D curve fitted by shallow ReLU nets: constructive fits with 3-20 units, and "
        "gradient descent failing from zero biases, working with spread joints (UDL Fig. 3.5)",
        target="figures.universal_approximation:draw",
        params=_FITTING_PARAMS,
    ),
    Entry(
        name="fitting",
        kind="scene",
        summary="Universal approximation: constructive fits with more and more units, then "
        "gradient descent stuck from zero biases and fitting from spread joints (UDL Fig. 3.5)",
        target="scenes.fitting:Fitting",
        params=_FITTING_PARAMS,
    ),
)

BY_NAME: dict[str, Entry] = {entry.name: entry for entry in ENTRIES}
# one command per entry: a name used twice would hide an entry from the CLI
assert len(BY_NAME) == len(ENTRIES), sorted(e.name for e in ENTRIES)


def lookup(name: str) -> Entry:
    """The entry called ``name``; an unknown name suggests the closest one."""
    try:
        return BY_NAME[name]
    except KeyError:
        close = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise LookupError(
            f"no scene or figure called '{name}'.{hint} Run 'python render.py list' to see them all."
        ) from None


def scenes() -> list[Entry]:
    return [e for e in ENTRIES if e.kind == "scene"]


def figures() -> list[Entry]:
    return [e for e in ENTRIES if e.kind == "figure"]

