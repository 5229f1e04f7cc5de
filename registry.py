"""The one registry of scenes and figures.

It drives ``render.py list``, the CLI, the tests and the docs: adding a scene is one module in
``scenes/`` plus one entry here. Each entry names what a lecturer may override with
``--params FILE.toml`` (networks, intervals) and where the defaults come from (nnmath presets),
so a parameter file is validated the same way for every scene without importing Manim.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

import nnmath
from nnmath.checks import check_number, check_numbers, number_text, shape_text
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
    kind: str  # "scene" or "figure"
    summary: str
    target: str
    params: dict[str, Any] = field(default_factory=dict)  # key -> one of the *Slot classes above
    options: dict[str, VariantOption] = field(default_factory=dict)
    # checks of the work the parameters ask for, run before any starts (see "Limits" below)
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
        slots = sorted(self.params.items(), key=lambda item: isinstance(item[1], NetworkSlot))
        return head + "\n".join(slot.example(key) for key, slot in slots)


def _key_text(key: str) -> str:
    return repr(key) if len(key) <= 40 else repr(key[:37] + "...")


# --- Limits: the work parameters ask for, estimated and checked before any starts ------------
#
# Each limit is a function of the resolved parameters that raises ParameterError with the
# estimate, the limit and a way under it. The estimates are measured on this code (2 cores).

#: Linear regions of a random He-initialised 2-input net on [-1, 1]^2: about REGIONS_PER_UNIT2
#: times the square of its number of hidden units (measured: 0.27-0.41 for 18-800 units in
#: 1-5 layers, the growth with the square of the units that Hanin & Rolnick describe; deep
#: narrow nets make fewer, as units die). An estimate, rounded up, not a bound.
REGIONS_PER_UNIT2 = 0.45
#: nnmath.regions_2d's peak memory (tracemalloc): its first layer splits the square by all D_1
#: lines at once, about FIRST_LAYER_BYTES * D_1^3 (405 MB at D_1 = 300); after that it keeps
#: per region an affine map of each unit, about REGION_UNIT_BYTES per (region, unit of the
#: widest layer) (76 MB for 3 x 100 units and 30,604 regions).
FIRST_LAYER_BYTES = 17
REGION_UNIT_BYTES = 32
MAX_REGIONS_MEMORY = 1 << 30


def _regions_estimate(widths: tuple[int, ...]) -> tuple[int, int]:
    """(regions, peak bytes) that regions_2d of a random net with these widths will need."""
    regions = REGIONS_PER_UNIT2 * sum(widths) ** 2
    memory = max(FIRST_LAYER_BYTES * widths[0] ** 3, REGION_UNIT_BYTES * max(widths) * regions)
    return int(regions), int(memory)


def _count_text(count: float) -> str:
    return f"{count:,.0f}" if count < 1e12 else f"{count:.2g}"


def _bytes_text(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError  # unreachable


def regions_limit(max_regions: int, max_layers: int, why_layers: str):
    """Random nets ``widths``/``seed``: at most ``max_layers`` layers, and at most
    ``max_regions`` regions and MAX_REGIONS_MEMORY bytes by _regions_estimate."""

    def check(params: dict[str, Any]) -> None:
        widths = params["widths"]
        if len(widths) > max_layers:
            raise nnmath.ParameterError(
                f"'widths' lists {len(widths)} hidden layers; {why_layers} at most {max_layers}. "
                f"Use at most {max_layers} layers, e.g. widths = {list(widths[:max_layers])}.")
        def fits(ws) -> bool:
            regions, memory = _regions_estimate(tuple(ws))
            return regions <= max_regions and memory <= MAX_REGIONS_MEMORY

        if fits(widths):
            return
        smaller = list(widths)
        while max(smaller) > 1 and not fits(smaller):
            smaller = [max(1, int(w * 0.9)) for w in smaller]
        regions, memory = _regions_estimate(widths)
        raise nnmath.ParameterError(
            f"widths = {number_text(list(widths))} asks for too much work: a random net with "
            f"{sum(widths):,} hidden units makes about {_count_text(regions)} linear regions "
            f"({REGIONS_PER_UNIT2} x the square of its units, as measured on such nets) and "
            f"computing them exactly needs about {_bytes_text(memory)} of memory; this takes at "
            f"most {max_regions:,} regions and {_bytes_text(MAX_REGIONS_MEMORY)}. Use fewer units, "
            f"e.g. widths = {smaller} (about {_regions_estimate(tuple(smaller))[0]:,} regions).")

    return check


#: The fitting demos train RACE_RUNS networks (zero biases, joints spread) on the samples of
#: nnmath.fitting_race. Measured on 2 busy cores: 0.3 ms per epoch and run for 1-10 units
#: (a fixed cost: hence the epochs' own maximum), 0.5 ms for 200; the default (30,000 epochs
#: of 10 units, 3.6e7 unit evaluations) 17 s.
RACE_RUNS = 2
RACE_SAMPLES = inspect.signature(nnmath.fitting_race).parameters["samples"].default
MAX_TRAINING_WORK = 2.4e8


def training_limit(params: dict[str, Any]) -> None:
    """The gradient-descent race: RACE_RUNS x epochs x samples x units <= MAX_TRAINING_WORK."""
    epochs, units = params["epochs"], params["fit_hidden"]
    work = RACE_RUNS * epochs * RACE_SAMPLES * units
    if work > MAX_TRAINING_WORK:
        fewer = int(MAX_TRAINING_WORK // (RACE_RUNS * RACE_SAMPLES * units))
        raise nnmath.ParameterError(
            f"epochs = {epochs:,} with fit_hidden = {units} asks for {RACE_RUNS} runs x {epochs:,} "
            f"epochs x {RACE_SAMPLES} samples x {units} units = {work:.2g} unit evaluations of "
            f"gradient descent; the limit is {MAX_TRAINING_WORK:.2g} (the default is "
            f"{RACE_RUNS * _default_work():.2g}). Use at most {fewer:,} epochs with "
            f"{units} units, or fewer units.")


def _default_work() -> int:
    return _FITTING_PARAMS["epochs"].default_value * RACE_SAMPLES * _FITTING_PARAMS["fit_hidden"].default_value


#: The intervals the scenes draw on their x-axes: the book's are 2 long. Beyond MAX_SPAN the
#: lecture's pictures mean nothing (and an axis without a step gets a tick at every whole
#: number: 2,000,000 of them for [-1e6, 1e6]); below MIN_SPAN the ends, labelled with two
#: decimals, cannot be told apart.
MAX_SPAN = 100
MIN_SPAN = 0.1


def _number(value: float) -> str:
    """1,000,000 rather than 1e+06; 0.25 and 3.3e+20 as they are."""
    return f"{value:,.0f}" if 1000 <= abs(value) < 1e15 and value == round(value) else f"{value:.4g}"


def interval_limit(key: str):
    """A scene's x-axis over ``params[key]``: MIN_SPAN <= hi - lo <= MAX_SPAN."""

    def check(params: dict[str, Any]) -> None:
        lo, hi = params[key]
        if hi - lo > MAX_SPAN:
            raise nnmath.ParameterError(
                f"'{key}' runs from {_number(lo)} to {_number(hi)}, {_number(hi - lo)} long; this "
                f"scene draws intervals up to {MAX_SPAN} long (the book's are 2). Choose an "
                f"interval such as {key} = [-1, 1].")
        if hi - lo < MIN_SPAN * (1 - 1e-9):  # [0.5, 0.6] is 0.0999...
            raise nnmath.ParameterError(
                f"'{key}' runs from {lo:g} to {hi:g}; its ends, labelled with two decimals, need "
                f"to be at least {MIN_SPAN:g} apart. Choose an interval such as {key} = [-1, 1].")

    return check


#: The folding scene labels one copy of network 2 per fold of network 1 under its third panel.
MAX_FOLDS = 4
#: Its fold view draws x and y = net1(x) on one axis, to scale: the interval must be at least
#: 1/MAX_FOLD_VIEW of that axis, or the line being folded is a dot.
MAX_FOLD_VIEW = 100


def folding_limit(params: dict[str, Any]) -> None:
    """The folding scene: at most MAX_FOLDS folds, and net1's output near enough to the
    interval for the fold view (see MAX_FOLD_VIEW)."""
    lo, hi = params["interval"]
    folds = nnmath.folding_map(params["net1"], lo, hi).num_folds
    if folds > MAX_FOLDS:
        raise nnmath.ParameterError(
            f"net1 folds the interval [{lo:g}, {hi:g}] {folds} times (it goes up and down in "
            f"{folds} pieces); the scene labels one copy of net2 per fold and has room for at "
            f"most {MAX_FOLDS}. Give net1 fewer joints inside the interval.")
    values = nnmath.piecewise_linear(params["net1"], lo, hi).values
    y_lo, y_hi = float(values.min()), float(values.max())
    axis = max(hi, y_hi) - min(lo, y_lo)
    if axis > MAX_FOLD_VIEW * (hi - lo):
        raise nnmath.ParameterError(
            f"net1 maps the interval [{lo:g}, {hi:g}] onto [{y_lo:.4g}, {y_hi:.4g}]; the fold view "
            f"draws x and y on one axis, {_number(axis)} long, on which the interval would be "
            f"1/{_number(round(axis / (hi - lo)))} of the length. Keep net1's output within about "
            f"{MAX_FOLD_VIEW} times the interval's length (scale its phi), as the book's net1 "
            f"maps [-1, 1] onto [-1, 1].")


#: region_maps draws its domain to scale (equal aspect): sides further apart than this give a
#: sliver of a picture (and regions_2d finds no cell wider than its tolerance in it).
MAX_ASPECT = 100


def domain_limit(params: dict[str, Any]) -> None:
    """region_maps: xlim and ylim within MAX_ASPECT of each other."""
    (x0, x1), (y0, y1) = params["xlim"], params["ylim"]
    wide, high = x1 - x0, y1 - y0
    if max(wide, high) > MAX_ASPECT * min(wide, high):
        raise nnmath.ParameterError(
            f"xlim = [{x0:g}, {x1:g}] and ylim = [{y0:g}, {y1:g}] make a domain {wide:.3g} wide "
            f"and {high:.3g} high; the figure draws it to scale, so the two sides must be within "
            f"{MAX_ASPECT} times each other. Give ranges of similar size, e.g. both [-1, 1].")


#: The polygons figures draw: above this they are sub-pixel on a slide (figures.style).
MAX_POLYGONS = 10_000


def composed_regions_limit(params: dict[str, Any]) -> None:
    """region_maps: the Fig. 3.8 net's D lines make at most sum_{j<=2} C(D, j) regions (Zaslavsky)
    and the second net's D2 joints are D2 parallel level lines inside each, so at most D2 + 1
    pieces each: a bound on the polygons drawn, checked against MAX_POLYGONS."""
    units, second = params["net"].hidden_dim, params["second"].hidden_dim
    bound = nnmath.max_regions_shallow(2, units) * (second + 1)
    if bound > MAX_POLYGONS:
        raise nnmath.ParameterError(
            f"'net' with {units} units and 'second' with {second} can make up to "
            f"{nnmath.max_regions_shallow(2, units):,} x {second + 1} = {bound:,} regions; this "
            f"figure draws each as a polygon, at most {MAX_POLYGONS:,}. Use fewer units.")


_EQUATION_ROOM = "the scene writes its equation on one line, which has room for"
_UNIT_PANELS = "this draws one panel per hidden unit, laid out for"

ENTRIES: tuple[Entry, ...] = (
    Entry(
        name="folding",
        kind="scene",
        summary="Two 3-unit ReLU nets composed: the first folds [-1,1] three times, "
        "the second is copied into each fold (UDL Fig. 4.1, 4.3)",
        target="scenes.folding:Folding",
        params={
            "net1": NetworkSlot("fig4_1_net1", "network 1, x -> y", units=(1, 4),
                                why_units=_EQUATION_ROOM, piecewise_linear=True),
            "net2": NetworkSlot("fig4_1_net2", "network 2, y -> y'", units=(1, 4),
                                why_units=_EQUATION_ROOM, piecewise_linear=True),
            "interval": IntervalSlot((-1.0, 1.0), "the input interval of x"),
        },
        limits=(interval_limit("interval"), folding_limit),
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
            "widths": IntegerSlot((6, 6, 6), "hidden widths of the random He-initialised net", 1,
                                  1_000_000),
            "seed": IntegerSlot(3, "seed of its weights"),
        },
        limits=(regions_limit(150_000, 4, "the scene writes one row of its table per layer and "
                                          "has room for"),),
    ),
    Entry(
        name="joints",
        kind="scene",
        summary="A 3-unit shallow net built step by step: lines, clipping at the joints, "
        "weighting, summing into linear regions; then parameters move (UDL Figs. 3.2-3.3)",
        target="scenes.joints:Joints",
        params={
            "net": NetworkSlot("fig3_3", "the shallow network, x -> y", units=(3, 3),
                               why_units=_UNIT_PANELS),
            "interval": IntervalSlot((0.0, 2.0), "the input interval of x"),
        },
        limits=(interval_limit("interval"),),
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
            "net": NetworkSlot("fig3_3", "the shallow network, x -> y", units=(3, 3),
                               why_units=_UNIT_PANELS),
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
            "net": NetworkSlot("fig3_8", "the 2-input shallow network", input_dim=2, units=(1, 50),
                               piecewise_linear=True),
            "second": NetworkSlot("fig4_1_net2", "the network its output is fed into, y -> y'",
                                  piecewise_linear=True),
            "xlim": IntervalSlot((-1.0, 1.0), "the input range of x1"),
            "ylim": IntervalSlot((-1.0, 1.0), "the input range of x2"),
        },
        limits=(domain_limit, composed_regions_limit),
    ),
    Entry(
        name="regions_exact_vs_grid",
        kind="figure",
        summary="A random 3x20 ReLU net: every exact region, edges by layer, beside what a "
        "100 x 100 grid of samples sees (the regions it misses marked)",
        target="figures.regions_exact_vs_grid:draw",
        params={
            "widths": IntegerSlot((20, 20, 20), "hidden widths of the random He-initialised net", 1,
                                  1_000_000),
            "seed": IntegerSlot(1, "seed of its weights"),
            "grid": IntegerSlot(100, "pixels per side of the sampled grid", 2, 2000),
        },
        limits=(regions_limit(MAX_POLYGONS, 4, "the figure gives each layer's edges their own "
                                               "colour and has"),),
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
    "hidden": IntegerSlot((3, 5, 10, 20), "hidden units of each constructive fit", 1, 200,
                          max_items=6),
    "fit_hidden": IntegerSlot(10, "hidden units of the gradient-descent fits", 1, 200),
    "epochs": IntegerSlot(30000, "epochs of gradient descent", 1, 100_000),
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
        limits=(training_limit,),
    ),
    Entry(
        name="fitting",
        kind="scene",
        summary="Universal approximation: constructive fits with more and more units, then "
        "gradient descent stuck from zero biases and fitting from spread joints (UDL Fig. 3.5)",
        target="scenes.fitting:Fitting",
        params=_FITTING_PARAMS,
        limits=(training_limit,),
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

