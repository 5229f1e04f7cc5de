"""The work a parameter file asks for, estimated and checked before any work starts.

Each limit is a function of an entry's resolved parameters that raises ParameterError with the
estimate, the limit and a way under it; ``Entry.resolve_params`` runs an entry's limits after
its slots have parsed the file, so a render that would run for hours or run out of memory is
refused before Manim or Matplotlib is imported. The estimates are measured on this code (2
cores).
"""

from __future__ import annotations

import inspect
from typing import Any

import nnmath
from nnmath.checks import number_text


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


def regions_estimate(widths: tuple[int, ...]) -> tuple[int, int]:
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
    ``max_regions`` regions and MAX_REGIONS_MEMORY bytes by regions_estimate."""

    def check(params: dict[str, Any]) -> None:
        widths = params["widths"]
        if len(widths) > max_layers:
            raise nnmath.ParameterError(
                f"'widths' lists {len(widths)} hidden layers; {why_layers} at most {max_layers}. "
                f"Use at most {max_layers} layers, e.g. widths = {list(widths[:max_layers])}.")
        def fits(ws) -> bool:
            regions, memory = regions_estimate(tuple(ws))
            return regions <= max_regions and memory <= MAX_REGIONS_MEMORY

        if fits(widths):
            return
        smaller = list(widths)
        while max(smaller) > 1 and not fits(smaller):
            smaller = [max(1, int(w * 0.9)) for w in smaller]
        regions, memory = regions_estimate(widths)
        raise nnmath.ParameterError(
            f"widths = {number_text(list(widths))} asks for too much work: a random net with "
            f"{sum(widths):,} hidden units makes about {_count_text(regions)} linear regions "
            f"({REGIONS_PER_UNIT2} x the square of its units, as measured on such nets) and "
            f"computing them exactly needs about {_bytes_text(memory)} of memory; this takes at "
            f"most {max_regions:,} regions and {_bytes_text(MAX_REGIONS_MEMORY)}. Use fewer units, "
            f"e.g. widths = {smaller} (about {regions_estimate(tuple(smaller))[0]:,} regions).")

    return check


#: The fitting demos train RACE_RUNS networks (zero biases, joints spread) on the samples of
#: nnmath.fitting_race. Measured on 2 busy cores: 0.3 ms per epoch and run for 1-10 units
#: (a fixed cost: hence the epochs' own maximum), 0.5 ms for 200; the default (30,000 epochs
#: of 10 units, 3.6e7 unit evaluations) 17 s.
RACE_RUNS = 2
RACE_SAMPLES = inspect.signature(nnmath.fitting_race).parameters["samples"].default
MAX_TRAINING_WORK = 2.4e8


def training_limit(slots: dict[str, Any]):
    """The gradient-descent race of the entries with these ``slots`` (``epochs``,
    ``fit_hidden``): RACE_RUNS x epochs x samples x units <= MAX_TRAINING_WORK."""
    default = RACE_RUNS * slots["epochs"].default() * RACE_SAMPLES * slots["fit_hidden"].default()

    def check(params: dict[str, Any]) -> None:
        epochs, units = params["epochs"], params["fit_hidden"]
        work = RACE_RUNS * epochs * RACE_SAMPLES * units
        if work > MAX_TRAINING_WORK:
            fewer = int(MAX_TRAINING_WORK // (RACE_RUNS * RACE_SAMPLES * units))
            raise nnmath.ParameterError(
                f"epochs = {epochs:,} with fit_hidden = {units} asks for {RACE_RUNS} runs x "
                f"{epochs:,} epochs x {RACE_SAMPLES} samples x {units} units = {work:.2g} unit "
                f"evaluations of gradient descent; the limit is {MAX_TRAINING_WORK:.2g} (the "
                f"default is {default:.2g}). Use at most {fewer:,} epochs with {units} units, or "
                f"fewer units.")

    return check


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


def domain_limit(params: dict[str, Any], most: float = MAX_ASPECT, drawing: str = "the figure") -> None:
    """region_maps: xlim and ylim within ``most`` (MAX_ASPECT) of each other."""
    (x0, x1), (y0, y1) = params["xlim"], params["ylim"]
    wide, high = x1 - x0, y1 - y0
    if max(wide, high) > most * min(wide, high):
        raise nnmath.ParameterError(
            f"xlim = [{x0:g}, {x1:g}] and ylim = [{y0:g}, {y1:g}] make a domain {wide:.3g} wide "
            f"and {high:.3g} high; {drawing} draws it to scale, so the two sides must be within "
            f"{most:g} times each other. Give ranges of similar size, e.g. both [-1, 1].")


#: The folding2d scene draws its domain beside a text column: at most this much wider than high.
SCENE_ASPECT = 2


def scene_domain_limit(params: dict[str, Any]) -> None:
    """folding2d: xlim and ylim within SCENE_ASPECT of each other (the square beside its text)."""
    domain_limit(params, SCENE_ASPECT, "the scene")


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



def equal_parameters_limit(max_regions: int):
    """depth_efficiency's random deep net ``widths`` and the shallow net given as many
    parameters: every region of both is drawn, so the shallow one's most possible regions
    (Zaslavsky, 2 inputs) must stay within ``max_regions``."""

    def check(params: dict[str, Any]) -> None:
        widths = params["widths"]
        parameters = nnmath.num_parameters(2, widths, 1)
        units = nnmath.equal_parameter_width(2, parameters)
        most = nnmath.max_regions_shallow(2, units)
        if most > max_regions:
            raise nnmath.ParameterError(
                f"widths = {number_text(list(widths))} gives the deep net {parameters:,} "
                f"parameters, so its shallow rival gets {units} units and up to {most:,} regions; "
                f"every region of both is drawn, with room for {max_regions:,}. Use fewer "
                f"units, e.g. widths = [6, 6, 6] (109 parameters against 27 units).")

    return check


# --- group views: a 2x2 linear map drawn as the warp of a plane ------------------------------
#: Largest singular value a plane of Theta's image is drawn for legibly (svd, svd_factors).
MAX_STRETCH = 4.0


def stretch_limit(params: dict[str, Any]) -> None:
    """``theta`` must move the plane (not map it to the origin) and stretch it by at most
    MAX_STRETCH, so the grid it makes fits a plane drawn with readable numbers."""
    import numpy as np

    theta = params["theta"]
    s1 = float(np.linalg.svd(theta, compute_uv=False)[0])
    if s1 < 1e-3:
        raise nnmath.ParameterError(
            f"theta = {number_text(theta.tolist())} maps the whole plane to the origin; give a "
            "matrix with at least one non-zero entry")
    if s1 > MAX_STRETCH:
        raise nnmath.ParameterError(
            f"theta stretches the plane by {s1:.3g} (its largest singular value); the drawing "
            f"shows stretches up to {MAX_STRETCH:g}: divide theta by {s1 / 2:.3g} or more")
