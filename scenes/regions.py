"""Linear regions grow layer by layer (UDL Figs. 3.8 and 4.7's deep build-up).

A 2-input ReLU network's first layer cuts the square [-1, 1]^2 with straight joints, one per
unit. Inside each of those regions the layer is linear, so every unit of the next layer has a
straight joint there too, and it bends where it crosses an old edge (a unit below switches on or
off). Each step draws the new joints one unit at a time, shows where one of them bends, and
fills the regions: a piece keeps the hue of the region it was cut from where its neighbours
allow (the caption says how many do), pieces side by side differ in shade, and neighbours never
share a colour. The count after each layer stands beside the most any network of those widths
can make: exact for one layer (Zaslavsky),
between the book's construction (eq. 4.17, a lower bound on the maximum) and the product of the
layers' counts (an upper bound) for more. The last step shows the output: one plane on each
region, flat on the regions where a whole layer is off.

Polygons, joints, neighbours and counts are exact (``nnmath.regions_2d``); above ~10^4
regions, or when they would be smaller than a pixel, the activation-pattern pixel map is shown
instead.
"""

from __future__ import annotations

from dataclasses import dataclass
import textwrap
from math import prod

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, FadeOut, Group, ImageMobject, Integer, LaggedStart,
    Line, Transform, VGroup, VMobject, Write, config,
)
from manim.constants import RESAMPLING_ALGORITHMS

import nnmath
from nnmath.pixelmap import pattern_map
from nnmath.presets import random_relu_network
from nnmath.regions import Partition2D, regions_2d
from nnlecture.palette import rgb
from scenes.common import BODY, LABEL, MIN_STROKE, LectureScene, fmt, light, step

SIDE = 6.0  # the square's side on screen
CENTER = np.array([-3.45, -0.45, 0.0])
COLUMN_X = 0.55  # left edge of the text column
COLUMNS = (COLUMN_X, COLUMN_X + 2.45, COLUMN_X + 2.95)  # the table: left, right-aligned, left
TOP, BOTTOM = 2.95, -3.55  # the text column's extent
ROW_PITCH = 0.55
MAX_LAYERS = 4  # rows the table has room for
CAPTION_CHARS = 48  # characters per caption line at LABEL size in the text column
MAX_POLYGONS = 10_000
HOLD = 2.5  # seconds a finished step stays still, for the lecturer to talk over
#: Fill hues per theme (the theme's series, but a violet for the light theme's dark orange,
#: whose tints would look like the orange's) and shades: how much of a hue is mixed into the
#: background. Neighbours always differ (see region_colours), by at least one shade step.
FILL_HUES = {"light": ("#C27455", "#34837A", "#3D5C99", "#8A63B0"),
             "dark": ("#D18362", "#A0D9D3", "#4A7FD0", "#C79BEA")}
SHADES = (0.2, 0.38, 0.56)
HUES = 4
FIRST_SHADE = 1  # the shade of the first layer's regions; later pieces vary around it
#: Ends of the output's colour scale (low, high) per theme: the book's cream to brown.
OUTPUT_RAMP = {"light": ("#FFF6EA", "#B9673F"), "dark": ("#16120F", "#D9906C")}


@dataclass(frozen=True)
class RegionsData:
    """The network, its partition after every layer and the most regions possible.

    stages[k]: the partition after hidden layer k; lower[k], upper[k]: the most regions any
    network of widths D_1..D_{k+1} can make lies in [lower, upper] (lower = upper for one
    layer: Zaslavsky's exact count; lower is book eq. 4.17, a construction, or None where it
    does not apply; upper is the product of the layers' Zaslavsky counts).
    """

    net: nnmath.DeepNetwork
    stages: tuple[Partition2D, ...]
    lower: tuple[int | None, ...]
    upper: tuple[int, ...]

    @classmethod
    def from_params(cls, params: dict) -> RegionsData:
        widths = params["widths"]
        if len(widths) > MAX_LAYERS:
            raise nnmath.ParameterError(
                f"the regions scene shows at most {MAX_LAYERS} hidden layers (one table row "
                f"each); got {len(widths)} widths {list(widths)}: give at most {MAX_LAYERS}, "
                f"e.g. widths = {list(widths[:MAX_LAYERS])}")
        net = random_relu_network(widths, params["seed"])
        full = regions_2d(net, (-1, 1), (-1, 1))
        stages = tuple(full.after_layer(k) for k in range(full.num_layers))
        per_layer = [nnmath.max_regions_shallow(2, w) for w in net.widths]
        lower, upper = [], []
        for k, width in enumerate(net.widths, start=1):
            upper.append(prod(per_layer[:k]))
            if k == 1:
                lower.append(per_layer[0])
            elif all(w == width for w in net.widths[:k]) and width % 2 == 0:
                lower.append(nnmath.max_regions_deep(2, width, k))
            else:
                lower.append(None)
        return cls(net, stages, tuple(lower), tuple(upper))

    @property
    def final(self) -> Partition2D:
        return self.stages[-1]

    def equal_neighbours(self) -> int:
        """How many pairs of neighbouring regions have the same output map (0 in general)."""
        pairs = self.final.adjacency()
        A, b = self.final.A, self.final.b
        same = (np.abs(A[pairs[:, 0]] - A[pairs[:, 1]]).max(axis=(1, 2)) < 1e-12) & \
            (np.abs(b[pairs[:, 0]] - b[pairs[:, 1]]).max(axis=1) < 1e-12)
        return int(same.sum())

    def flat_regions(self) -> list[tuple[int, float, int | None]]:
        """The flat regions of the output: (region, its constant y, the first layer whose units
        are all off there, or None when the slopes cancel)."""
        out = []
        for r in np.flatnonzero(self.final.flat):
            off = [k for k in range(len(self.stages)) if not self.final.layer_patterns(k)[r].any()]
            out.append((int(r), float(self.final.b[r, 0]), off[0] if off else None))
        return out


def region_colours(count: int, pairs: np.ndarray, parent_colours: np.ndarray | None = None,
                   order: np.ndarray | None = None, tries: int = 30, hues: int = HUES,
                   shades: int = len(SHADES), first_shade: int = FIRST_SHADE) -> np.ndarray:
    """A colour index ``hue * shades + shade`` for each region, no two neighbours alike.

    pairs (M, 2): the neighbouring regions. parent_colours (count,): the colour of the region
    each one was cut from; a region keeps its parent's colour if no neighbour has it yet, else
    the parent's hue in the nearest free shade, and only if all of those are taken another hue.
    Without parents every region takes ``first_shade`` in the hue used least so far.
    Greedy, region by region: first in ``order`` (default: as numbered; the scene passes the
    largest first, so the largest piece of a split region keeps its parent's very colour), then
    in ``tries`` seeded random orders while some region had to leave its parent's hue; the
    colouring where the most regions keep it wins. A region with more neighbours than there
    are colours could repeat one; it then takes the colour its neighbours use least.
    """
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for a, b in np.asarray(pairs, dtype=np.int64).reshape(-1, 2):
        neighbours[a].append(int(b))
        neighbours[b].append(int(a))
    rng = np.random.default_rng(0)
    best, best_kept = None, -1
    for attempt in range(tries + 1):
        if attempt == 0:
            sequence = np.arange(count) if order is None else np.asarray(order)
        else:
            sequence = rng.permutation(count)
        colours = _greedy_colours(neighbours, sequence, parent_colours, hues, shades, first_shade)
        kept = count if parent_colours is None else int((colours // shades == parent_colours // shades).sum())
        if kept > best_kept:
            best, best_kept = colours, kept
        if best_kept == count:
            break
    return best


def _greedy_colours(neighbours: list[list[int]], sequence: np.ndarray, parent_colours, hues: int,
                    shades: int, first_shade: int) -> np.ndarray:
    """One greedy pass of :func:`region_colours` in the order ``sequence``."""
    total = hues * shades
    colours = np.full(len(neighbours), -1, dtype=np.int64)
    used = np.zeros(total, dtype=np.int64)
    for r in sequence:
        taken = np.zeros(total, dtype=np.int64)
        for n in neighbours[r]:
            if colours[n] >= 0:
                taken[colours[n]] += 1
        if parent_colours is None:
            hue_order = sorted(range(hues), key=lambda h: (used[h * shades + first_shade], h))
            wanted = [h * shades + first_shade for h in hue_order]
        else:
            hue, shade = divmod(int(parent_colours[r]), shades)
            near = sorted(range(shades), key=lambda s: (abs(s - shade), -s))
            others = sorted((h for h in range(hues) if h != hue), key=lambda h: used[h * shades + shade])
            wanted = [hue * shades + s for s in near] + [h * shades + s for h in others for s in near]
        wanted += [c for c in range(total) if c not in wanted]
        free = [c for c in wanted if not taken[c]]
        colours[r] = free[0] if free else int(np.argmin(taken))
        used[colours[r]] += 1
    return colours


def count_tex(n: int, rounding: str = "down") -> str:
    """A count as a lecturer writes it: 5,632; from a million on with 2 digits, 9.1 x 10^9
    (LaTeX), rounded ``down`` (a lower bound stays one) or ``up`` (an upper bound)."""
    if n < 1_000_000:
        return f"{n:,}"
    exponent = len(str(n)) - 1
    tenths = n * 10 // 10 ** exponent if rounding == "down" else -(-n * 10 // 10 ** exponent)
    if tenths == 100:
        tenths, exponent = 10, exponent + 1
    return f"${tenths // 10}.{tenths % 10} \\times 10^{{{exponent}}}$"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, never breaking inside $...$ (LaTeX math)."""
    parts = text.split("$")
    protected = "$".join(p.replace(" ", "\0") if i % 2 else p for i, p in enumerate(parts))
    return [line.replace("\0", " ") for line in textwrap.wrap(protected, width)]


def bends(points: np.ndarray) -> np.ndarray:
    """The inner vertices (B, 2) of a polyline (M, 2) where it changes direction."""
    u, v = np.diff(points, axis=0)[:-1], np.diff(points, axis=0)[1:]
    cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    return points[1:-1][np.abs(cross) > 1e-6 * np.hypot(*u.T) * np.hypot(*v.T)]


class Regions(LectureScene):
    """Storyboard: the square; layer 1's straight joints; each later layer's bent joints;
    the output, one plane per region. Every step ends on a hold."""

    def construct(self) -> None:
        self.data = RegionsData.from_params(self.params)
        self.show_domain()
        self.first_layer()
        for k in range(1, len(self.data.stages)):
            self.next_layer(k)
        self.show_output()

    # --- the steps ----------------------------------------------------------------------------
    @step
    def show_domain(self) -> None:
        """The square [-1, 1]^2 with its coordinates, the network, and the empty count table."""
        d = self.data
        widths = " - ".join(str(w) for w in d.net.widths)
        self.heading = self.title("Linear regions, one layer at a time")
        self.plot = self.axes((-1, 1, 1), (-1, 1, 1), SIDE, SIDE, x_label="x_1", y_label="x_2")
        light(self.plot).remove(self.plot.zero_line)  # y = 0 is no joint: keep the square empty
        self.plot.shift(CENTER - self.plot.c2p(0, 0))
        (x0, y0), (x1, y1) = self.plot.c2p(-1, -1)[:2], self.plot.c2p(1, 1)[:2]
        style = {"color": self.theme.axis, "stroke_width": 2.5}
        self.plot.add(Line([x0, y1, 0], [x1, y1, 0], **style), Line([x1, y0, 0], [x1, y1, 0], **style))
        subtitle = VGroup(
            self.prose(f"A random ReLU net $2 - {widths} - 1$", size=BODY),
            self.prose(f"untrained: He-initialised weights, seed {self.params['seed']}",
                       size=LABEL, color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        subtitle.move_to([COLUMN_X, TOP, 0], aligned_edge=UP + LEFT)
        self.header = VGroup(*(self.prose(t, size=LABEL, color=self.theme.muted)
                               for t in ("layer", "regions", "most possible")))
        self.place_row(self.header, subtitle.get_bottom()[1] - 0.35)
        self.row_tops = [self.header.get_bottom()[1] - 0.2 - ROW_PITCH * k for k in range(len(d.stages))]
        self.fill = VGroup()
        self.layer_fills: list = []  # the fill of every layer (polygons or a pixel map)
        self.lines = VGroup()
        self.rows = VGroup()
        self.caption = VGroup()
        self.play(Write(self.heading), Create(self.plot), FadeIn(subtitle), run_time=1.5)
        self.play(FadeIn(self.header), run_time=0.6)
        self.say(f"A ReLU network with 2 inputs, hidden layers of {listing(d.net.widths)} units "
                 f"and one output ({d.net.num_parameters:,} parameters), with random He-initialised "
                 f"weights (seed {self.params['seed']}), untrained. We count its linear regions on "
                 "the square [-1, 1]^2 after each layer, beside the most any network of those "
                 "widths can make.")
        self.wait(1)

    @step
    def first_layer(self) -> None:
        """Layer 1: one straight joint per unit; the regions they make, and their count."""
        d = self.data
        crossing = len({unit for unit, _ in self.joints(0)})
        self.show_caption(f"Layer 1: each unit is off on one side of a straight line, its joint. "
                          f"{self.units_text(crossing, d.net.widths[0])} cut the square into "
                          f"{len(d.stages[0])} regions.")
        self.draw_joints(0)
        self.show_regions(0)
        self.say(self.bound_note(0))
        self.wait(HOLD)

    @step
    def next_layer(self, k: int) -> None:
        """Layer k + 1: new joints, straight inside each old region, bent at the old edges."""
        d = self.data
        stage, width = d.stages[k], d.net.widths[k]
        if self.uses_pixels(stage):
            why = "too many to draw" if len(stage) > MAX_POLYGONS else "smaller than pixels"
            self.show_caption(f"Layer {k + 1}: {len(stage):,} regions, {why}: shown as a "
                              rf"{self.pixels} $\times$ {self.pixels} map of activation patterns, "
                              "one colour per pattern, its edges darker.")
            self.show_regions(k)
            self.say(self.bound_note(k))
            self.wait(HOLD)
            return
        joints = self.joints(k)
        crossing = len({unit for unit, _ in joints})
        self.show_caption(f"Layer {k + 1}: inside an old region the units below are fixed on or "
                          "off, so a new joint is straight there; it bends where it crosses an old "
                          "edge (dots).")
        # one unit alone first: the joint with the most bends
        unit = max((u for u, _ in joints), default=None,
                   key=lambda u: sum(len(bends(p)) for v, p in joints if v == u))
        if unit is not None:
            count = sum(len(bends(p)) for v, p in joints if v == unit)
            self.say(f"Drawn alone first: unit {unit + 1} of layer {k + 1}, whose joint bends "
                     f"{count} time{'' if count == 1 else 's'} on the old edges.")
            self.show_one_joint(k, unit)
        self.draw_joints(k, skip=unit)
        self.show_regions(k)
        kept = self.colours_of(k) // len(SHADES) == self.colours_of(k - 1)[stage.parents] // len(SHADES)
        colours = ("Each piece keeps the hue of the region it was cut from; pieces side by side "
                   "differ in shade." if kept.all() else
                   f"{kept.sum()} of the {len(stage)} pieces keep the hue of the region they were "
                   "cut from; neighbours always differ.")
        verb = "become" if len(stage) > len(d.stages[k - 1]) else "stay"
        self.show_caption(f"{len(d.stages[k - 1])} regions {verb} {len(stage)}"
                          f"{self.units_note(crossing, width)}. {colours}")
        self.say(self.bound_note(k))
        self.wait(HOLD)

    @step
    def show_output(self) -> None:
        """The output y: one plane on each region (a continuous map), and the flat regions."""
        d = self.data
        low, high = self.output_range()
        flats = d.flat_regions()
        drawn = not self.uses_pixels(d.final)
        if flats:
            r, value, layer = flats[0]
            why = (f"all units of layer {layer + 1} are off" if layer is not None
                   else "the slopes cancel")
            last = (f"{'In teal' if drawn else 'Here'}: {self.count_text(len(flats), 'flat region')}, "
                    f"$y = {fmt(value)}$ ({why}).")
        else:
            last = "No region is flat here."
        edges = ("its slope changes at every edge" if d.equal_neighbours() == 0 else
                 "its slope can change only at the edges")
        self.show_caption("The output $y$ is one plane on each region: it changes at a constant "
                          f"rate inside a region and {edges}. " + last)
        self.say(f"Over the square the output runs from y = {fmt(low)} to y = {fmt(high)} (the "
                 f"colour bar), on {len(d.final):,} regions.")
        image = self.output_map(low, high)
        bar = self.colour_bar(low, high)
        image.set_z_index(-2)
        self.add(image)
        # the edges in one colour: on the output they are where the planes meet
        edges = [self.lines.animate.set_stroke(color=self.theme.text, width=MIN_STROKE)] if drawn else []
        self.play(FadeOut(self.fill), FadeOut(self.footnote), FadeIn(bar), *edges, run_time=2)
        image.set_z_index(-1)
        self.fill = image
        self.outlines = VGroup(*(self.outline(r) for r, _, _ in flats)) if drawn else VGroup()
        if len(self.outlines):
            self.play(FadeIn(self.outlines), run_time=1.2)
        self.wait(HOLD + 0.5)

    # --- pieces of the steps ------------------------------------------------------------------
    def show_caption(self, text: str) -> None:
        """Replace the step's caption (the lower part of the text column), wrapped to fit; the
        caption is also what the lecturer says (in the notes without LaTeX)."""
        caption = VGroup(*(self.prose(t, size=LABEL) for t in wrap(text, CAPTION_CHARS)))
        caption.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        caption.move_to([COLUMN_X, BOTTOM, 0], aligned_edge=DOWN + LEFT)
        self.say(plain(text))
        if len(self.caption):
            self.play(FadeOut(self.caption), FadeIn(caption), run_time=0.8)
        else:
            self.play(FadeIn(caption), run_time=0.8)
        self.caption = caption

    def draw_joints(self, k: int, skip: int | None = None) -> None:
        """The joints of layer k, one unit after the other (each unit's pieces at once)."""
        paths = self.joint_paths(k)
        drawn = [p for unit, p in paths if unit != skip]
        if drawn:
            self.play(LaggedStart(*(Create(p) for p in drawn), lag_ratio=0.6),
                      run_time=min(1.0 + 0.5 * len(drawn), 4.0))
        self.lines.add(*(p for _, p in paths))

    def show_one_joint(self, k: int, unit: int) -> None:
        """Unit ``unit`` of layer k alone, drawn thick, its bends marked on the old edges."""
        paths = [p for u, p in self.joint_paths(k) if u == unit]
        points = [p for u, p in self.joints(k) if u == unit]
        wide = VGroup(*(p.copy().set_stroke(width=8) for p in paths))
        marks = VGroup(*(Dot(self.plot.c2p(*b), radius=0.09, color=self.theme.text)
                         for line in points for b in bends(line)))
        self.play(Create(wide), run_time=2)
        self.play(FadeIn(marks, scale=1.5), run_time=0.8)
        self.wait(HOLD)
        self.play(FadeOut(marks), Transform(wide, VGroup(*(p.copy() for p in paths))), run_time=0.8)
        self.remove(wide)
        self.add(*paths)

    def show_regions(self, k: int) -> None:
        """Fill the regions of layer k (colours kept from the layer before) and count them."""
        d = self.data
        pixels = self.uses_pixels(d.stages[k])
        fill = self.pixel_map(k) if pixels else self.regions_mobject(k)
        row = self.count_row(k)
        # the new fill goes in under the old one, which then fades: unchanged colours stay still
        fill.set_z_index(-2)
        self.add(fill)
        # a pixel map draws every layer's edges itself: the joints drawn as lines give way
        shown = [p for p in self.lines if p in self.mobjects]
        hide = [FadeOut(*shown)] if pixels and shown else []
        self.play(FadeOut(self.fill), FadeIn(row), *hide, run_time=1.5)
        fill.set_z_index(-1)
        self.fill = fill
        self.layer_fills.append(fill)
        self.rows.add(row)
        if k == min(1, len(d.stages) - 1):  # the first row with a range (or the only row)
            self.footnote = self.bounds_note().next_to(self.row_tops[-1] * UP, DOWN, buff=ROW_PITCH)
            self.footnote.set_x(COLUMN_X + self.footnote.width / 2)
            self.play(FadeIn(self.footnote), run_time=0.8)

    def count_row(self, k: int) -> VGroup:
        """One row of the table: layer, regions (in the layer's colour), most possible."""
        d = self.data
        count = light(Integer(len(d.stages[k]), font_size=BODY, color=self.theme.label(k)))
        low, high = d.lower[k], d.upper[k]
        if low == high:
            most = count_tex(low)
        elif low is None:
            most = f"up to {count_tex(high, 'up')}"
        else:
            most = f"{count_tex(low)} to {count_tex(high, 'up')}"
        row = VGroup(self.prose(f"{k + 1}", size=BODY), count, self.prose(most, size=BODY))
        self.place_row(row, self.row_tops[k])
        return row

    def place_row(self, row: VGroup, top: float) -> None:
        """Cells in the table's columns: left, right-aligned, left; on one baseline under ``top``."""
        left, right, third = COLUMNS
        row[0].move_to([left, top, 0], aligned_edge=UP + LEFT)
        row[1].move_to([right, top, 0], aligned_edge=UP + RIGHT)
        row[2].move_to([third, top, 0], aligned_edge=UP + LEFT)
        for cell in row[1:3]:  # digits and words of a row share their top
            cell.align_to(row[0], UP)

    def bound_note(self, k: int) -> str:
        """The count after layer k beside the most possible, each named for what it is."""
        d = self.data
        count, low, high = len(d.stages[k]), d.lower[k], d.upper[k]
        widths = listing(d.net.widths[:k + 1])
        if k == 0:
            return (f"The most any layer of {widths} units on 2 inputs can make is "
                    f"{count_plain(high)} (Zaslavsky's count, the exact maximum for one layer); "
                    f"this random layer makes {count:,}.")
        if low is None:
            most = (f"No network with layers of {widths} units can make more than "
                    f"{count_plain(high, 'up')} (the layers' counts multiplied, an upper bound; the "
                    "book's construction, eq. 4.17, needs equal, even widths).")
        else:
            most = (f"The most any network with layers of {widths} units can make lies between "
                    f"{count_plain(low)} (the book's construction, eq. 4.17: a lower bound on the "
                    f"maximum) and {count_plain(high, 'up')} (the layers' counts multiplied: an "
                    "upper bound).")
        return f"After {k + 1} layers this random net has {count:,} regions. {most}"

    def bounds_note(self) -> VGroup:
        """What the last column means: which number is exact, which a lower, which an upper bound."""
        if len(self.data.stages) == 1:
            text = "Exact: Zaslavsky's count for one layer."
        elif any(low is None for low in self.data.lower):
            text = ("1 layer: exact (Zaslavsky). More: an upper bound (the layers' counts "
                    "multiplied; the book's lower bound, eq. 4.17, needs equal, even widths).")
        else:
            text = ("1 layer: exact (Zaslavsky). More: from a lower bound (the book's "
                    "construction, eq. 4.17) to an upper bound (the layers' counts multiplied).")
        return VGroup(*(self.prose(t, size=LABEL, color=self.theme.muted) for t in wrap(text, CAPTION_CHARS)))\
            .arrange(DOWN, aligned_edge=LEFT, buff=0.1)

    @staticmethod
    def units_text(crossing: int, width: int) -> str:
        """Whose joints cut: every unit's, or those of the units not on or off everywhere."""
        return f"The {width} joints" if crossing == width else f"The joints of {crossing} of the {width} units"

    @staticmethod
    def units_note(crossing: int, width: int) -> str:
        """Which new units cut the square, when not all do."""
        if crossing == width:
            return ""
        if crossing == 0:
            return " (no new unit has a joint in the square: each is on or off everywhere)"
        return f" ({width - crossing} of the {width} new units {'is' if width - crossing == 1 else 'are'} on or off everywhere)"

    @staticmethod
    def count_text(n: int, noun: str) -> str:
        return f"{'the one' if n == 1 else str(n)} {noun}{'' if n == 1 else 's'}"

    # --- drawing helpers (no math: every coordinate comes from nnmath) -------------------------
    def joints(self, k: int) -> list[tuple[int, np.ndarray]]:
        if not hasattr(self, "_joints"):
            self._joints = {}
        if k not in self._joints:
            self._joints[k] = self.data.stages[k].joint_lines(k)
        return self._joints[k]

    def joint_paths(self, k: int) -> list[tuple[int, VMobject]]:
        """One path per unit of layer k (its pieces as subpaths), in the layer's colour."""
        if not hasattr(self, "_paths"):
            self._paths = {}
        if k not in self._paths:
            paths = {}
            crossing = len({unit for unit, _ in self.joints(k)})
            # thinner for later layers and for many joints, never below the floor
            width = max(MIN_STROKE + 0.5, (5.0 - 1.25 * k) * min(1.0, np.sqrt(12 / max(crossing, 1))))
            for unit, points in self.joints(k):
                path = paths.setdefault(unit, VMobject(stroke_color=self.theme.label(k), stroke_width=width))
                path.start_new_path(self.plot.c2p(*points[0]))
                path.add_points_as_corners([self.plot.c2p(*p) for p in points[1:]])
            self._paths[k] = sorted(paths.items())
        return self._paths[k]

    @property
    def pixels(self) -> int:
        """The square's side in screen pixels at this render quality (the pattern map's size)."""
        return int(round(config.pixel_height * SIDE / config.frame_height))

    def uses_pixels(self, partition: Partition2D) -> bool:
        """Too many regions, or regions smaller than a pixel: draw the pattern map instead."""
        return len(partition) > MAX_POLYGONS or partition.is_subpixel(self.pixels)

    def fill_colours(self) -> np.ndarray:
        """(HUES * len(SHADES), 3) RGB of the fills: each hue mixed into the background."""
        background = np.array(rgb(self.theme.background))
        return np.array([(1 - t) * background + t * np.array(rgb(hue))
                         for hue in FILL_HUES[self.theme.name] for t in SHADES])

    def colours_of(self, k: int) -> np.ndarray:
        """The colour index of every region of layer k (polygons), kept from layer k - 1."""
        if not hasattr(self, "_colours"):
            self._colours = {}
        if k not in self._colours:
            stage = self.data.stages[k]
            parents = None if k == 0 else self.colours_of(k - 1)[stage.parents]
            self._colours[k] = region_colours(len(stage), stage.adjacency(), parents,
                                              order=np.argsort(-stage.areas, kind="stable"))
        return self._colours[k]

    def regions_mobject(self, k: int) -> VGroup:
        """All regions of layer k as one mobject per colour, each region a closed subpath."""
        stage = self.data.stages[k]
        colours = self.colours_of(k)
        palette = self.fill_colours()
        groups = VGroup(*(VMobject(fill_color=_hex(c), fill_opacity=1, stroke_width=0) for c in palette))
        last_start: list = [None] * len(palette)
        for polygon, c in zip(stage.polygons, colours):
            corners = np.array([self.plot.c2p(*p) for p in polygon])
            # a subpath that starts where the previous one closed would be joined to it
            if last_start[c] is not None and np.allclose(corners[0], last_start[c]):
                corners = np.roll(corners, -1, axis=0)
            last_start[c] = corners[0]
            groups[c].start_new_path(corners[0])
            groups[c].add_points_as_corners([*corners[1:], corners[0]])
        return VGroup(*(g for g in groups if g.has_points()))

    def pixel_map(self, k: int) -> ImageMobject:
        """The activation patterns of layers 1..k+1 at the square's screen pixels: neighbouring
        patterns in different colours, with the pixels where a neighbour differs in the text colour."""
        patterns = pattern_map(self.data.net, (-1, 1), (-1, 1), self.pixels, layers=k + 1)
        ids = patterns.ids
        pairs = np.concatenate([np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], axis=1),
                                np.stack([ids[:-1].ravel(), ids[1:].ravel()], axis=1)])
        pairs = np.unique(np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1), axis=0)
        colours = region_colours(patterns.num_regions, pairs)
        rgb_map = self.fill_colours()[colours[ids]]
        background = np.array(rgb(self.theme.background))
        rgb_map[patterns.boundary] = 0.45 * np.array(rgb(self.theme.text)) + 0.55 * background
        return self.image(rgb_map)

    def image(self, rgb_map: np.ndarray) -> ImageMobject:
        """An (n, n, 3) RGB array (row 0 at x_2 = -1) over the square, pixel for pixel."""
        image = ImageMobject((rgb_map[::-1] * 255).round().astype(np.uint8))
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        image.height = SIDE
        return image.move_to(CENTER)

    def output_range(self) -> tuple[float, float]:
        """The output's lowest and highest value over the square (at the regions' corners: each
        region is a plane, so its extremes are corners)."""
        final = self.data.final
        owners = np.repeat(np.arange(len(final)), np.diff(final.offsets))
        values = final.evaluate(final.vertices, owners)[:, 0]
        return float(values.min()), float(values.max())

    def output_map(self, low: float, high: float) -> ImageMobject:
        """y at the square's screen pixels, on the theme's output colour scale."""
        n = self.pixels
        centres = -1 + (np.arange(n) + 0.5) * 2 / n
        gx, gy = np.meshgrid(centres, centres)
        y = np.asarray(self.data.net(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(n, n)
        colours = self.ramp((y - low) / max(high - low, 1e-12))
        if self.uses_pixels(self.data.final):  # the regions' edges, as in the pattern map
            edges = pattern_map(self.data.net, (-1, 1), (-1, 1), n).boundary
            colours[edges] = 0.55 * colours[edges] + 0.45 * np.array(rgb(self.theme.text))
        return self.image(colours)

    def ramp(self, t: np.ndarray) -> np.ndarray:
        a, b = (np.array(rgb(c)) for c in OUTPUT_RAMP[self.theme.name])
        t = np.clip(t, 0, 1)[..., None]
        return (1 - t) * a + t * b

    def colour_bar(self, low: float, high: float) -> VGroup:
        """The output's colour scale with its ends (and 0) numbered, above the caption."""
        bar = ImageMobject((self.ramp(np.linspace(0, 1, 256))[None].repeat(8, axis=0) * 255)
                           .round().astype(np.uint8))
        bar.stretch_to_fit_width(3.6).stretch_to_fit_height(0.3)
        label = self.prose("output $y$", size=LABEL)
        frame_style = {"color": self.theme.axis, "stroke_width": 2}
        values = [low, high] + ([0.0] if low < 0 < high else [])
        group = VGroup(label)
        label.next_to(bar, UP, buff=0.12).align_to(bar, LEFT)
        box = VGroup(*(Line(a, b, **frame_style) for a, b in (
            (bar.get_corner(DOWN + LEFT), bar.get_corner(DOWN + RIGHT)),
            (bar.get_corner(UP + LEFT), bar.get_corner(UP + RIGHT)),
            (bar.get_corner(DOWN + LEFT), bar.get_corner(UP + LEFT)),
            (bar.get_corner(DOWN + RIGHT), bar.get_corner(UP + RIGHT)))))
        for v in values:
            x = bar.get_left()[0] + (v - low) / (high - low) * bar.width
            tick = Line([x, bar.get_bottom()[1], 0], [x, bar.get_bottom()[1] - 0.1, 0], **frame_style)
            number = self.tex(fmt(v), size=LABEL).next_to(tick, DOWN, buff=0.06)
            group.add(tick, number)
        everything = VGroup(group, box)
        top = self.footnote.get_top()[1]
        shift = np.array([COLUMN_X - label.get_left()[0], top - everything.get_top()[1], 0])
        everything.shift(shift)
        bar.shift(shift)
        return Group(bar, everything)

    def outline(self, region: int) -> VMobject:
        """A flat region, filled in the teal of the series (apart from the output's browns)."""
        polygon = self.data.final.polygons[region]
        corners = [self.plot.c2p(*p) for p in polygon]
        path = VMobject(stroke_color=self.theme.text, stroke_width=3, fill_color=self.theme.line(1),
                        fill_opacity=0.9)
        path.start_new_path(corners[0])
        path.add_points_as_corners([*corners[1:], corners[0]])
        return path


def _hex(colour: np.ndarray) -> str:
    return "#" + "".join(f"{int(round(c * 255)):02X}" for c in colour)


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def plain(text: str) -> str:
    """A caption's words for the speaker notes: its LaTeX as plain text ($y = 0$ -> y = 0)."""
    return text.replace(r"\times", "x").replace("{", "").replace("}", "").replace("$", "")


def count_plain(n: int, rounding: str = "down") -> str:
    """:func:`count_tex` as plain text: 5,632; 9.1 x 10^9."""
    return plain(count_tex(n, rounding))
