"""Shallow against deep at equal parameters (UDL Figs. 3.9, 4.7 and section 4.5).

Four steps. The most regions one hidden layer can make (Zaslavsky, the exact maximum) against its
parameters, for 1, 10 and 100 inputs, with Fig. 3.9's highlighted net (100 inputs, 500 units:
51,001 parameters, more than 10^107 regions). The deep curves of Fig. 4.7 growing layer by
layer (book eq. 4.17: the maximum for one input, what one construction reaches, i.e. a lower
bound on the maximum, for more), with the lecture's 471 / 161,051 and 10,801 / 1.7956e41. The
smallest case counted exactly: two 3-unit networks composed (Fig. 4.1), 20 parameters and 9
regions, against at most 7 for 6 units in one layer (19 parameters). Last, a bound is not a
count: a random deep net and a random shallow net with the same number of parameters, their
regions counted exactly (``nnmath.regions_2d``) beside the bounds of each.

Every number on screen comes from nnmath.counting, nnmath.Composition and nnmath.regions_2d.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log10

import numpy as np
from manim import (
    DOWN, DR, LEFT, RIGHT, UP, Circle, Create, DashedLine, FadeIn, FadeOut, Group, Line, VGroup,
    VMobject, Write,
)

import nnmath
from nnlecture.palette import rgb
from scenes.common import BODY, LABEL, LectureScene, fmt, step
from scenes.regions import FILL_HUES, SHADES, region_colours

#: Fig. 3.9's input sizes drawn (the book also has 5 and 50), and the widths along each curve.
FIG3_9_INPUTS = (1, 10, 100)
FIG3_9_UNITS = tuple(int(d) for d in np.unique(np.geomspace(1, 1000, 60).astype(int)))
HOLD = 2.5  # seconds a finished step stays still, for the lecturer to talk over
SIDE = 4.0  # side of a region map on screen


def sci_tex(n: int, digits: int = 1) -> str:
    """n as LaTeX, rounded down: 161{,}051 below a million, else 1.7956 \\times 10^{41}."""
    if n < 1_000_000:
        return f"{n:,}".replace(",", "{,}")
    m, e = nnmath.leading_digits(n, digits)
    mantissa = str(m)
    return rf"{mantissa[0]}.{mantissa[1:]} \times 10^{{{e}}}"


def commas(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class DepthData:
    """What the scene draws: the book's curves and examples, the composition, the two nets."""

    shallow: tuple[nnmath.RegionCurve, ...]  # Fig. 3.9, one per input size
    point: tuple[int, int, int, int]  # Fig. 3.9's net: Di, D, parameters, regions
    deep: dict  # input size -> (shallow curve, [deep curve per width])
    examples: dict  # input size -> (D, K, parameters, regions)
    composition: nnmath.Composition
    nets: nnmath.EqualNets  # the random deep and shallow nets, counted, and their bounds

    @classmethod
    def from_params(cls, params: dict) -> "DepthData":
        di, d = nnmath.FIG3_9_POINT
        return cls(
            shallow=tuple(nnmath.shallow_curve(i, FIG3_9_UNITS) for i in FIG3_9_INPUTS),
            point=(di, d, nnmath.num_parameters(di, [d], 1), nnmath.max_regions_shallow(di, d)),
            deep={i: (nnmath.shallow_curve(i, nnmath.fig4_7_units(i)),
                      [nnmath.deep_curve(i, w, nnmath.FIG4_7_DEPTHS) for w in nnmath.FIG4_7_WIDTHS])
                  for i in nnmath.FIG4_7_EXAMPLES},
            examples={i: (w, k, nnmath.num_parameters(i, [w] * k, 1), nnmath.max_regions_deep(i, w, k))
                      for i, (w, k) in nnmath.FIG4_7_EXAMPLES.items()},
            composition=nnmath.Composition.of(nnmath.PRESETS["fig4_1_net1"].factory(),
                                              nnmath.PRESETS["fig4_1_net2"].factory(), -1.0, 1.0),
            nets=nnmath.equal_nets(params["widths"], params["seed"]),
        )


class DepthEfficiency(LectureScene):
    """Storyboard: shallow curves, deep curves, 20 against 19 parameters, counts against bounds."""

    def construct(self) -> None:
        self.data = DepthData.from_params(self.params)
        self.shallow_curves()
        self.deep_curves()
        self.twenty_vs_nineteen()
        self.counts_against_bounds()

    # --- 1: Fig. 3.9 ------------------------------------------------------------------------
    @step
    def shallow_curves(self) -> None:
        d = self.data
        self.heading = self.title("One hidden layer: the most regions against the parameters")
        plot = self.log_plot((0, 6, 1), (0, 150, 50), 6.9, 5.0).move_to(LEFT * 3.0 + DOWN * 0.35)
        curves = VGroup()
        names = VGroup()
        for i, curve in enumerate(d.shallow):
            xs = np.log10(curve.parameters)
            ys = np.array([log10(r) for r in curve.regions])
            curves.add(self.polyline(plot, xs, ys, self.theme.line(i), width=5))
            name = self.tex(f"D_i = {curve.input_dim}", size=LABEL, color=self.theme.label(i))
            names.add(name.next_to(plot.c2p(xs[-1], ys[-1]), RIGHT, buff=0.15))
        di, units, parameters, regions = d.point
        at = plot.c2p(log10(parameters), log10(regions))
        ring = Circle(0.16, color=self.theme.text, stroke_width=4).move_to(at)
        m, e = nnmath.leading_digits(regions, 1)
        text = VGroup(
            self.prose(f"Fig.~3.9: $D_i = {di}$ inputs,"),
            self.prose(f"$D = {units}$ hidden units:"),
            self.prose(f"{commas(parameters)} parameters,"),
            self.prose(rf"${sci_tex(regions)}$ regions:"),
            self.prose(rf"more than $10^{{{e}}}$", color=self.theme.highlight),
            self.prose(r"Zaslavsky's count $\sum_{j \leq D_i} \binom{D}{j}$,", size=LABEL,
                       color=self.theme.muted),
            self.prose("the exact maximum of one layer", size=LABEL, color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        text[5].shift(DOWN * 0.25)
        text[6].shift(DOWN * 0.25)
        text.next_to(plot, RIGHT, buff=0.9).align_to(plot, UP)
        self.play(Write(self.heading), run_time=1)
        self.play(Create(plot), run_time=1.2)
        for curve, name in zip(curves, names):
            self.play(Create(curve), FadeIn(name), run_time=1.6)
        pointer = Line(text[3].get_left() + LEFT * 0.15, at, buff=0.18, color=self.theme.text,
                       stroke_width=2.5)
        self.play(Create(ring), Create(pointer), FadeIn(text, lag_ratio=0.2), run_time=2.5)
        self.say(
            f"Both axes are logarithmic. Each curve is one hidden layer of D units with D_i = "
            f"{', '.join(str(i) for i in FIG3_9_INPUTS)} inputs, D from {FIG3_9_UNITS[0]} to "
            f"{FIG3_9_UNITS[-1]}: Zaslavsky's count, the exact maximum number of linear regions.",
            f"The ringed net of Fig. 3.9 has {di} inputs and {units} units: {commas(parameters)} "
            f"parameters and {m // 10}.{m % 10} x 10^{e} regions, more than 10^{e}. With one input "
            f"a layer of D units makes only D + 1.")
        self.wait(HOLD)
        self.page = Group(plot, curves, names, ring, pointer, text)

    # --- 2: Fig. 4.7 ------------------------------------------------------------------------
    @step
    def deep_curves(self) -> None:
        d = self.data
        heading = self.title("Deep against shallow, at the same number of parameters")
        self.play(FadeOut(self.page), FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        panels = []
        ranges = {1: ((1, 5, 1), (0, 25, 5)), 10: ((2, 5, 1), (0, 120, 20))}
        titles = {1: r"1 input: $(D+1)^K$ is the maximum",
                  10: r"10 inputs: eq.~4.17, a construction"}
        for column, (di, (shallow, deep)) in enumerate(d.deep.items()):
            (x0, x1, _), (y0, y1, _) = ranges[di]
            plot = self.log_plot(ranges[di][0], ranges[di][1], 5.3, 4.1)
            plot.move_to(RIGHT * (-3.45 + 7.1 * column) + DOWN * 0.2)
            panels.append(plot)
            caption = self.prose(titles[di], size=BODY)
            caption.next_to(plot, UP, buff=0.25).align_to(plot, LEFT)
            line = self.log_curve(plot, shallow, x0, x1, self.theme.text)
            end = plot.c2p(x1, log10(shallow.regions[-1]))
            line_name = self.prose("shallow", size=LABEL).next_to(end, DOWN, buff=0.12)
            line_name.align_to(end, RIGHT)
            self.play(Create(plot), FadeIn(caption), Create(line), FadeIn(line_name), run_time=1.5)
            grows = VGroup(*(self.log_curve(plot, curve, x0, x1, self.theme.line(i))
                             for i, curve in enumerate(deep)))
            names = VGroup(*(self.tex(f"D = {w}", size=LABEL, color=self.theme.label(i))
                             for i, w in enumerate(nnmath.FIG4_7_WIDTHS)))
            names.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            names.next_to(plot.c2p(x0, y1), DOWN + RIGHT, buff=0.2).shift(RIGHT * 0.15)
            self.play(*(Create(g) for g in grows), FadeIn(names), run_time=2.5)
            w, k, parameters, regions = d.examples[di]
            at = plot.c2p(log10(parameters), log10(regions))
            ring = Circle(0.15, color=self.theme.text, stroke_width=4).move_to(at)
            bound = "" if di == 1 else r"\geq "
            label = VGroup(
                self.tex(rf"K = {k},\ D = {w}:", size=LABEL),
                self.tex(commas(parameters).replace(",", "{,}") + r"\text{ parameters,}", size=LABEL),
                self.tex(rf"{bound}{sci_tex(regions, 4 if di > 1 else 1)}" + r"\text{ regions}", size=LABEL),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            # at the left, below the names of the curves, with a line to the ring
            label.move_to(plot.c2p(x0 + 0.04 * (x1 - x0), y0 + 0.5 * (y1 - y0)), aligned_edge=LEFT)
            pointer = Line(label.get_corner(DR), at, buff=0.17, color=self.theme.text, stroke_width=2.5)
            self.play(Create(ring), FadeIn(label), Create(pointer), run_time=1.2)
            panels[-1].extra = Group(caption, line, line_name, grows, names, ring, label, pointer)
        notes = self.prose(r"with 10 inputs, eq.~4.17 is a \emph{lower bound} on the maximum",
                           size=LABEL, color=self.theme.muted)
        notes.to_edge(DOWN, buff=0.3)
        self.play(FadeIn(notes), run_time=1)
        (w1, k1, p1, r1), (w10, k10, p10, r10) = d.examples[1], d.examples[10]
        m, e = nnmath.leading_digits(r10, 4)
        self.say(
            f"Each coloured curve adds layers of width D = {', '.join(map(str, nnmath.FIG4_7_WIDTHS))} "
            f"(K = 1 to {nnmath.FIG4_7_DEPTHS[-1]}); the black curve widens one layer. At the same "
            f"number of parameters the deep curves climb far above the shallow one.",
            f"With one input, {k1} layers of {w1} have {commas(p1)} parameters and (D+1)^K = "
            f"{commas(r1)} regions, the maximum. With ten inputs, {k10} layers of {w10} have "
            f"{commas(p10)} parameters and eq. 4.17 gives {str(m)[0]}.{str(m)[1:]} x 10^{e} "
            f"regions, more than 10^{e - 1}: a construction, so a lower bound on the maximum.")
        self.wait(HOLD)
        self.page = Group(*panels, *(p.extra for p in panels), notes)

    # --- 3: the smallest case, counted ------------------------------------------------------
    @step
    def twenty_vs_nineteen(self) -> None:
        c = self.data.composition
        heading = self.title("The smallest case, counted: 20 against 19 parameters"
                             if (c.composed_parameters, c.shallow_parameters) == (20, 19) else
                             f"The smallest case, counted: {c.composed_parameters} against "
                             f"{c.shallow_parameters} parameters")
        self.play(FadeOut(self.page), FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        lo, hi = c.interval
        pl = c.composed
        plot = self.axes((lo, hi, 0.5), (-1, 1, 0.5), 6.4, 4.4, "x", "y'").move_to(LEFT * 3.2 + DOWN * 0.4)
        graph = self.polyline(plot, pl.breakpoints, pl.values, self.theme.text, width=5)
        joints = VGroup(*(DashedLine(plot.c2p(x, -1), plot.c2p(x, 1), dash_length=0.07,
                                     stroke_width=2.5, color=self.theme.guide) for x in pl.joints))
        text = VGroup(
            self.prose(r"two 3-unit nets composed (Fig.~4.1):"),
            self.prose(f"{c.composed_parameters} parameters, "
                       rf"\textbf{{{pl.num_regions} regions}} (counted)"),
            self.prose(f"one layer of {c.shallow_units} units:", color=self.theme.text),
            self.prose(f"{c.shallow_parameters} parameters, at most {c.shallow_max_regions} regions"),
            self.prose(r"(1 input: $D + 1$, the exact maximum)", size=LABEL, color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        text[2].shift(DOWN * 0.35)
        text[3].shift(DOWN * 0.35)
        text[4].shift(DOWN * 0.35)
        text.next_to(plot, RIGHT, buff=0.9).shift(UP * 0.2)
        edges = [lo, *pl.joints, hi]
        numbers = VGroup(*(self.tex(str(i + 1), size=LABEL, color=self.theme.muted)
                           .move_to(plot.c2p(0.5 * (a + b), 1.12)) for i, (a, b) in enumerate(zip(edges[:-1], edges[1:]))))
        self.play(Create(plot), run_time=1)
        self.play(Create(graph), run_time=2)
        self.play(Create(joints), FadeIn(numbers, lag_ratio=0.2), FadeIn(text[:2]), run_time=2.5)
        self.play(FadeIn(text[2:], shift=UP * 0.1), run_time=1.5)
        self.say(
            f"The composition of the two 3-unit networks of Fig. 4.1 has {c.composed_parameters} "
            f"parameters and exactly {pl.num_regions} linear regions on [{fmt(lo)}, {fmt(hi)}] "
            f"({len(pl.joints)} joints, dashed).",
            f"A single layer with the same {c.shallow_units} hidden units has {c.shallow_parameters} "
            f"parameters and can make at most {c.shallow_max_regions} regions with one input.")
        self.wait(HOLD)
        self.page = Group(plot, graph, joints, numbers, text)

    # --- 4: real nets, counted, against the bounds -----------------------------------------
    @step
    def counts_against_bounds(self) -> None:
        d = self.data.nets
        deep_w = d.deep.widths
        p_deep, p_shallow = d.deep.num_parameters, d.shallow.num_parameters
        heading = self.title("A bound is not a count: two random nets, counted exactly")
        self.play(FadeOut(self.page), FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        sides = []
        lower = (f"at least {commas(d.deep_lower)} possible (eq.~4.17, a construction)"
                 if d.deep_lower else None)
        bounds = ([t for t in (lower, f"at most {commas(d.deep_upper)} (product of the layers' maxima)") if t],
                  [f"at most {commas(d.shallow_max)} possible (Zaslavsky, exact)"])
        for column, (net, partition) in enumerate(((d.deep, d.deep_regions),
                                                   (d.shallow, d.shallow_regions))):
            plot = self.axes((-1, 1, 1), (-1, 1, 1), SIDE, SIDE, "x_1", "x_2")
            plot.move_to(RIGHT * (-3.55 + 7.1 * column) + UP * 0.35)
            fills = self.partition_mobject(plot, partition)
            sizes = r" $\to$ ".join(str(w) for w in [2, *net.widths, 1])
            name = self.prose(f"{sizes}: {net.num_parameters} parameters", size=BODY)
            name.next_to(plot.frame, UP, buff=0.45)
            count = self.prose(rf"\textbf{{{len(partition)} regions}} counted", size=BODY)
            count.next_to(plot.frame, DOWN, buff=0.55)
            text = VGroup(*(self.prose(t, size=LABEL, color=self.theme.muted) for t in bounds[column]))
            text.arrange(DOWN, buff=0.1).next_to(count, DOWN, buff=0.15)
            sides.append((plot, fills, name, count, text))
        for plot, fills, name, count, text in sides:
            self.play(Create(plot), FadeIn(name), run_time=1)
            self.play(FadeIn(fills), run_time=1.5)
            self.play(Write(count), run_time=1)
        self.play(*(FadeIn(side[4]) for side in sides), run_time=1.5)
        n_deep, n_shallow = len(d.deep_regions), len(d.shallow_regions)
        more = "the deep one" if n_deep > n_shallow else "the shallow one" if n_shallow > n_deep else "neither"
        equal = "the same number of parameters" if p_deep == p_shallow else \
            f"{p_deep} and {p_shallow} parameters (as close as whole widths allow)"
        self.say(
            f"Two He-initialised random nets on the square [-1, 1]^2 with {equal}: 2 - "
            f"{' - '.join(map(str, deep_w))} - 1 and 2 - {d.shallow.widths[0]} - 1. The exact "
            f"engine counts {n_deep} and {n_shallow} linear regions; {more} has more here.",
            (f"The deep widths allow at least {commas(d.deep_lower)} regions (eq. 4.17, a "
             f"construction) and at most {commas(d.deep_upper)} (product of the layers' maxima); "
             if d.deep_lower else f"The deep widths allow at most {commas(d.deep_upper)} regions "
             f"(product of the layers' maxima); ")
            + f"one layer of {d.shallow.widths[0]} units makes at most {commas(d.shallow_max)} "
            f"(Zaslavsky, the exact maximum). Depth raises what is possible; a random net uses only "
            f"{100 * n_deep / d.deep_upper:.1f} % of the deep upper bound.")
        self.wait(HOLD)
        self.sides = sides

    # --- drawing helpers ----------------------------------------------------------------------
    def log_plot(self, x_range, y_range, width: float, height: float):
        """A plot of log10(regions) against log10(parameters), ticks written as powers of ten."""
        plot = self.axes(x_range, y_range, width, height, "", "")
        for group in (plot.x_tick_labels, plot.y_tick_labels):
            for label in group:
                power = self.tex(f"10^{{{label.get_tex_string()}}}", size=LABEL)
                power.move_to(label).align_to(label, UP if group is plot.x_tick_labels else RIGHT)
                label.become(power)
        names = VGroup(self.prose("parameters", size=LABEL), self.prose("regions", size=LABEL))
        names[0].next_to(plot.x_tick_labels, DOWN, buff=0.15)
        names[1].next_to(plot.c2p(x_range[0], y_range[1]), UP, buff=0.15)
        plot.add(names)
        return plot

    def log_curve(self, plot, curve: nnmath.RegionCurve, x0: float, x1: float, colour: str) -> VMobject:
        """A region curve drawn where log10(parameters) lies in [x0, x1]."""
        xs = np.log10(curve.parameters)
        ys = np.array([log10(r) for r in curve.regions])
        keep = (xs >= x0 - 1e-9) & (xs <= x1 + 1e-9)
        return self.polyline(plot, xs[keep], ys[keep], colour, width=5)

    def partition_mobject(self, plot, partition: nnmath.Partition2D) -> VGroup:
        """The regions as filled polygons, neighbours in different colours, edges in the text colour."""
        colours = region_colours(len(partition), partition.adjacency())
        background = np.array(rgb(self.theme.background))
        palette = [(1 - t) * background + t * np.array(rgb(h)) for h in FILL_HUES[self.theme.name]
                   for t in SHADES]
        fills = VGroup()
        for polygon, c in zip(partition.polygons, colours):
            corners = [plot.c2p(*p) for p in polygon]
            shape = VMobject(fill_color="#" + "".join(f"{int(round(v * 255)):02X}" for v in palette[c]),
                             fill_opacity=1, stroke_color=self.theme.text, stroke_width=2)
            shape.set_points_as_corners([*corners, corners[0]])
            fills.add(shape)
        return fills
