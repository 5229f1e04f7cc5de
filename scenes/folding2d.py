"""A 2-input network fed into a second network: its joints are level sets (UDL Fig. 4.2).

The Fig. 3.8 network cuts the square [-1, 1]^2 into 7 convex regions; its output y is a plane
on each (one of them flat). The second network (1 input) switches unit k where y = c_k, so its
joint is the level set {x : y(x) = c_k}: a contour of y, straight inside each region, bent at
the old edges. A level set through the inside of a non-flat region cuts it in two, so the
composition has 7 + (the number of regions each level set crosses) regions: 7 + 2 + 4 = 13 for
the default second network (``fig4_2_second``, constructed: the book does not publish its own).
The scene draws the output as an exact colour map with contours, then each level set, counting
the regions it cuts one by one, and ends on the composition's 13 exact polygons, counted one by
one over the colour map of its output y'.

Regions, level sets, crossings and counts come from ``nnmath.level_cuts`` (``regions_2d``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, DashedLine, Dot, FadeIn, FadeOut, Group, ImageMobject, Indicate,
    Integer, Line, VGroup, VMobject, Write, config, linear,
)
from manim.constants import RESAMPLING_ALGORITHMS

import nnmath
from nnmath.level_sets import LevelCuts, level_cuts, value_ranges
from nnlecture.palette import rgb
from scenes.common import (
    BODY, LABEL, TITLE, LectureScene, fmt, light, nice_range, shallow_tex, spread_row, step,
)
from scenes.regions import OUTPUT_RAMP, plain, wrap

SIDE = 5.7  # the longer side of the domain on screen
CENTER = np.array([-3.7, -0.45, 0.0])
BAR_X = -0.45  # centre of the colour bar, right of the square
COLUMN_X = 0.85  # left edge of the text column
COLUMN_W = 6.1
TOP = 3.0
CHARS = 44  # characters per line of LABEL text in the column
HOLD = 2.0  # seconds a finished step stays still
#: Series colours of the second network's joints (1 is the first network's joints: teal).
LEVEL_SERIES = (2, 3, 0)
CONTOURS = 8  # contour lines of y, about


@dataclass(frozen=True)
class Folding2DData:
    """What the scene draws, from nnmath: the cuts, the output ranges, contour levels."""

    net: nnmath.ShallowNetwork
    second: nnmath.ShallowNetwork
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    cuts: LevelCuts
    y_range: tuple[float, float]  # the first network's output over the domain (corner values)
    contours: tuple[float, ...]  # contour levels of y drawn on the map
    second_graph: nnmath.PiecewiseLinear  # y' over y_range
    composed_net: nnmath.DeepNetwork  # x -> y'

    @classmethod
    def from_params(cls, params: dict) -> "Folding2DData":
        net, second = params["net"], params["second"]
        (x0, x1), (y0, y1) = params["xlim"], params["ylim"]
        cuts = level_cuts(net, second, (x0, x1), (y0, y1))
        ranges = value_ranges(cuts.first)
        low, high = float(ranges.min()), float(ranges.max())
        if high - low < 1e-9:
            raise nnmath.ParameterError(
                f"'net' is constant (y = {fmt(low)}) on the domain, so the second network's "
                "joints cut nothing; give 'net' a unit whose joint line crosses the domain.")
        lo, hi, step_ = nice_range(np.array([low, high]), ticks=CONTOURS)
        contours = tuple(float(c) for c in np.arange(lo, hi + step_ / 2, step_)
                         if low < c < high and not np.isclose(c, cuts.levels).any())
        return cls(net, second, (x0, x1), (y0, y1), cuts, (low, high), contours,
                   nnmath.piecewise_linear(second, low, high), nnmath.compose(net, second))

    @property
    def first(self):
        return self.cuts.first

    @property
    def composed(self):
        return self.cuts.composed

    def flat_regions(self) -> list[int]:
        return [int(r) for r in np.flatnonzero(self.first.flat)]

    def crossing_order(self, j: int) -> list[int]:
        """The regions level j cuts, in the order met walking along its level set."""
        seen: list[int] = []
        for points in self.cuts.level_lines(j):
            middles = 0.5 * (points[1:] + points[:-1])
            for r in self.first.locate(middles):
                if r >= 0 and r not in seen:
                    seen.append(int(r))
        crossed = set(self.cuts.crossed[j].tolist())
        return [r for r in seen if r in crossed] + sorted(crossed - set(seen))


class Folding2D(LectureScene):
    """Storyboard: the first network's regions; the second network; each of its joints as a
    level set cutting regions; the composition's regions counted."""

    def construct(self) -> None:
        self.data = Folding2DData.from_params(self.params)
        self.show_first()
        self.show_second()
        for j in range(len(self.data.cuts.levels)):
            self.cut_level(j)
        self.count_composition()

    # --- the steps ----------------------------------------------------------------------------
    @step
    def show_first(self) -> None:
        """The first network's output as a colour map with contours, its joints, its regions."""
        d = self.data
        first = d.first
        self.heading = self.title("A 2-input network fed into a second network")
        self.plot = self.square_plot()
        self.map = self.colour_map(d.net, d.y_range)
        self.contour_lines = VGroup(*(self.segments(first.level_set(c), self.theme.guide, 2)
                                      for c in d.contours))
        self.joint_lines = VGroup(*(self.path(points, self.theme.line(1), 5)
                                    for _, points in first.joint_lines(0)))
        equation = self.first_equation()
        flats = d.flat_regions()
        flat_text = (f"{len(flats)} flat: $y = {fmt(first.b[flats[0], 0])}$"
                     + (", all units off" if not first.patterns[flats[0]].any() else "")
                     if flats else "none of them flat")
        count = light(Integer(0, font_size=BODY, color=self.theme.text))
        counted = VGroup(count, self.prose("linear regions between the teal joints", size=BODY))
        counted.arrange(RIGHT, buff=0.15)
        counted[1].align_to(count, DOWN)
        facts = self.lines(f"On each, $y$ is a plane (straight grey contours); {flat_text}.")
        column = VGroup(self.prose("First network, inputs $x_1, x_2$:", size=LABEL), equation,
                        counted, facts)
        column.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to([COLUMN_X, TOP, 0], aligned_edge=UP + LEFT)
        self.flat_marks = VGroup(*(self.region_shape(first.polygons[r], self.theme.text, 3)
                                   for r in flats))
        self.flat_labels = VGroup(*(self.prose("flat", size=LABEL).move_to(self.plot.c2p(*first.centroids[r]))
                                    for r in flats))
        self.play(Write(self.heading), Create(self.plot), run_time=1.5)
        self.bar = self.colour_bar(d.y_range, "y")
        self.play(FadeIn(self.map), FadeIn(self.bar), FadeIn(column[0]), Write(equation), run_time=2)
        self.play(Create(self.contour_lines), Create(self.joint_lines), FadeIn(counted), run_time=2)
        self.first_shapes = self.count_regions(first.polygons, count)
        self.play(FadeIn(facts), Create(self.flat_marks), FadeIn(self.flat_labels), run_time=1.5)
        self.column = column
        low, high = d.y_range
        self.say(f"The Fig. 3.8 network: 2 inputs, {d.net.hidden_dim} ReLU units, output y from "
                 f"{fmt(low)} to {fmt(high)} over the square (the colour map and its bar). "
                 f"Its {d.net.hidden_dim} joint lines cut the square into {len(first)} convex regions; "
                 f"on each, y is a plane, so its contours (grey) are straight and parallel there.",
                 plain(f"One region is flat: {flat_text.split(': ', 1)[1]}." if len(flats) == 1 else
                       f"Flat regions: {flat_text}." if flats else "No region is flat."))
        self.wait(HOLD)

    @step
    def show_second(self) -> None:
        """The second network y' of y, its joints c_k marked on the y axis."""
        d = self.data
        summary = self.prose(f"First network: {len(d.first)} regions, {len(d.flat_regions())} flat",
                             size=LABEL, color=self.theme.muted)
        summary.move_to([COLUMN_X, TOP, 0], aligned_edge=UP + LEFT)
        title = self.prose(f"Second network: input $y$, {d.second.hidden_dim} "
                           f"unit{'' if d.second.hidden_dim == 1 else 's'}", size=LABEL)
        equation = self.formula(second_tex(d.second), size=BODY, max_width=COLUMN_W)
        low, high = d.y_range
        graph = d.second_graph
        self.ax = self.axes(nice_range(np.array([low, high]))[:2], nice_range(graph.values)[:2],
                            4.3, 1.6, "y", "y'")
        block = VGroup(title, equation).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        block.next_to(summary, DOWN, buff=0.3, aligned_edge=LEFT)
        self.ax.next_to(block, DOWN, buff=0.65).align_to(block, LEFT).shift(RIGHT * 0.3)
        curve = self.polyline(self.ax, graph.breakpoints, graph.values, self.theme.text, 4)
        y0, y1 = self.ax.y_range[:2]
        self.joint_marks = VGroup(*(DashedLine(self.ax.c2p(c, y0), self.ax.c2p(c, y1), dash_length=0.08,
                                               color=self.level_colour(j), stroke_width=4)
                                    for j, c in enumerate(d.cuts.levels)))
        names = VGroup(*(self.tex(f"c_{j + 1}", size=LABEL, color=self.level_text(j))
                         .next_to(self.ax.c2p(c, y1), UP, buff=0.1)
                         for j, c in enumerate(d.cuts.levels)))
        spread_row(names, [self.ax.c2p(c, y1)[0] for c in d.cuts.levels], gap=0.15)
        self.play(FadeOut(self.column), FadeIn(summary), run_time=1)
        self.play(FadeIn(title), Write(equation), run_time=1.5)
        self.play(Create(self.ax), Create(curve), run_time=1.5)
        self.play(Create(self.joint_marks), FadeIn(names), run_time=1.5)
        self.tally_top = self.ax.bottom - 0.3
        self.tally = VGroup()
        self.summary = summary
        self.level_paths: list[VGroup] = []  # the level set of each joint, as drawn
        self.cut_shapes: list[list[VMobject]] = []  # the regions each one cuts, as lit up
        outside = d.second.hidden_dim - len(d.cuts.levels)
        joints = ", ".join(f"y = {fmt(c)}" for c in d.cuts.levels)
        self.say(f"The second network reads y and has {d.second.hidden_dim} ReLU units: "
                 f"y' = {' '.join(shallow_tex(d.second.theta, d.second.phi, x='y', act='a')[1:])}. "
                 f"Its joints inside the first network's range [{fmt(low)}, {fmt(high)}] are at "
                 f"{joints}" + (f"; {outside} unit(s) switch outside that range and cut nothing."
                                if outside else "."),
                 "Unit k switches where y = c_k: in the square, that is the level set of y at c_k.")
        self.wait(HOLD)

    @step
    def cut_level(self, j: int) -> None:
        """Level set j on the map: straight in each region, bent at old edges; the regions it
        cuts counted one by one."""
        d = self.data
        c = float(d.cuts.levels[j])
        colour = self.level_colour(j)
        lines = d.cuts.level_lines(j)
        path = VGroup(*(self.path(points, colour, 6, halo=True) for points in lines))
        self.level_paths.append(path)
        bends = VGroup(*(Dot(self.plot.c2p(*p), radius=0.08, color=self.theme.text)
                         for points in lines for p in points[1:-1]))
        order = d.crossing_order(j)
        before = len(d.first) + sum(len(k) for k in d.cuts.crossed[:j])
        count = light(Integer(0, font_size=BODY, color=self.level_text(j)))
        row = VGroup(self.prose(f"$y = c_{j + 1} = {fmt(c)}$ cuts", size=BODY, color=self.level_text(j)), count,
                     self.prose("regions:" if len(order) != 1 else "region:", size=BODY),
                     self.prose(f"${before} + {len(order)} = {before + len(order)}$", size=BODY))
        row.arrange(RIGHT, buff=0.18)
        row.move_to([COLUMN_X, self.tally_top - 0.55 * j, 0], aligned_edge=UP + LEFT)
        self.play(Indicate(self.joint_marks[j], scale_factor=1.15), FadeIn(row[:3]), run_time=1)
        self.play(Create(path), run_time=2, rate_func=linear)
        if len(bends):
            self.play(FadeIn(bends, scale=1.5), run_time=0.8)
        self.cut_shapes.append(self.count_regions([d.first.polygons[r] for r in order], count, colour))
        self.play(FadeIn(row[3]), FadeOut(bends), run_time=0.8)
        self.tally.add(row)
        self.add(path)
        flat = " (and the flat one is never cut)" if d.flat_regions() else ""
        self.say(f"Joint {j + 1} of the second network is the level set y = {fmt(c)}: a contour of "
                 f"the first network's output, straight inside each region and bent where it "
                 f"crosses an old joint ({len(bends)} bend{'' if len(bends) == 1 else 's'}).",
                 f"It passes through the inside of {len(order)} region{'' if len(order) == 1 else 's'} "
                 f"and cuts each in two: {before} + {len(order)} = {before + len(order)} regions. "
                 f"The regions where y stays above or below {fmt(c)} are not cut{flat}.")
        self.wait(HOLD)

    @step
    def count_composition(self) -> None:
        """The composition's output y' as a colour map; its exact regions counted one by one."""
        d = self.data
        composed = d.composed
        ranges = value_ranges(composed)
        y_range = (float(ranges.min()), float(ranges.max()))
        new_map = self.colour_map(d.composed_net, y_range)
        count = light(Integer(0, font_size=TITLE, color=self.theme.text))
        words = self.prose("regions of $y' = f_2(f_1(x))$:", size=BODY)
        total = VGroup(words, count).arrange(RIGHT, buff=0.2)
        count.align_to(words, DOWN)
        top = self.tally[-1].get_bottom()[1] - 0.3 if len(self.tally) else self.tally_top
        total.move_to([COLUMN_X, top, 0], aligned_edge=UP + LEFT)
        sums = " + ".join([str(len(d.first))] + [str(len(k)) for k in d.cuts.crossed])
        bar = self.colour_bar(y_range, "y'")
        new_map.set_z_index(-2)
        self.add(new_map)
        self.play(FadeOut(self.map), FadeOut(self.contour_lines), FadeOut(self.flat_marks),
                  FadeOut(self.flat_labels), FadeOut(self.bar), FadeIn(bar), FadeIn(total),
                  run_time=1.5)
        new_map.set_z_index(-1)
        self.map, self.bar = new_map, bar
        self.outlines = self.count_regions(composed.polygons, count)
        self.play(Indicate(count, scale_factor=1.2), run_time=1)
        self.say(f"The composition y' = f2(f1(x)) has {len(composed)} linear regions, counted by the "
                 f"exact region engine (its activation patterns); the level sets predicted "
                 f"{sums} = {d.cuts.predicted}. On each region y' is again a plane (the colour map "
                 f"of y', from {fmt(y_range[0])} to {fmt(y_range[1])}).",
                 f"Parameters: {d.net.num_parameters} in the first network and "
                 f"{d.second.num_parameters} in the second.")
        self.wait(HOLD + 0.5)

    # --- pieces (no math: every coordinate comes from nnmath) -----------------------------------
    def count_regions(self, polygons, count: Integer, colour: str | None = None) -> list[VMobject]:
        """Light up the polygons (M, 2) one after the other, ``count`` going 1, 2, ...; returns
        the shapes lit up (for the tests: what was counted on screen)."""
        shapes = [self.region_shape(p, colour or self.theme.highlight, 6, fill=0.45) for p in polygons]
        pace = min(0.55, 7.0 / max(len(shapes), 1))  # at most 7 s for the lot
        for k, shape in enumerate(shapes, start=1):
            count.set_value(k)
            light(count)
            previous = [FadeOut(shapes[k - 2])] if k > 1 else []
            self.play(FadeIn(shape), *previous, run_time=pace)
        if shapes:
            self.play(FadeOut(shapes[-1]), run_time=0.4)
        return shapes

    def square_plot(self):
        """The domain framed on all four sides, to scale, ticks at its ends and middle."""
        d = self.data
        (x0, x1), (y0, y1) = d.xlim, d.ylim
        scale = SIDE / max(x1 - x0, y1 - y0)
        plot = self.axes((x0, x1, (x1 - x0) / 2), (y0, y1, (y1 - y0) / 2), scale * (x1 - x0),
                         scale * (y1 - y0), x_label="x_1", y_label="x_2")
        if plot.zero_line is not None:  # y = 0 is no joint: keep the square clear
            plot.remove(plot.zero_line)
        plot.shift(CENTER - plot.c2p(0.5 * (x0 + x1), 0.5 * (y0 + y1)))
        style = {"color": self.theme.axis, "stroke_width": 2.5}
        plot.add(Line(plot.c2p(x0, y1), plot.c2p(x1, y1), **style),
                 Line(plot.c2p(x1, y0), plot.c2p(x1, y1), **style))
        return plot

    def colour_map(self, function, value_range) -> ImageMobject:
        """``function`` (N, 2) -> (N,) at the screen pixels of the domain, on the output scale."""
        (x0, x1), (y0, y1) = self.data.xlim, self.data.ylim
        width = abs(self.plot.c2p(x1, y0)[0] - self.plot.c2p(x0, y0)[0])
        height = abs(self.plot.c2p(x0, y1)[1] - self.plot.c2p(x0, y0)[1])
        nx = max(2, int(round(config.pixel_width * width / config.frame_width)))
        ny = max(2, int(round(config.pixel_height * height / config.frame_height)))
        gx, gy = np.meshgrid(x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx,
                             y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny)
        values = np.asarray(function(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(ny, nx)
        low, high = value_range
        t = np.clip((values - low) / max(high - low, 1e-12), 0, 1)[..., None]
        a, b = (np.array(rgb(c)) for c in OUTPUT_RAMP[self.theme.name])
        image = ImageMobject((((1 - t) * a + t * b)[::-1] * 255).round().astype(np.uint8))
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        image.stretch_to_fit_width(width).stretch_to_fit_height(height)
        return image.move_to(self.plot.c2p(0.5 * (x0 + x1), 0.5 * (y0 + y1)))

    def colour_bar(self, value_range, name: str):
        """The colour scale of the map, upright beside the square: its ends (and 0) numbered."""
        low, high = value_range
        a, b = (np.array(rgb(c)) for c in OUTPUT_RAMP[self.theme.name])
        t = np.linspace(1, 0, 256)[:, None, None]  # top row: high
        bar = ImageMobject((((1 - t) * a + t * b).repeat(8, axis=1) * 255).round().astype(np.uint8))
        (x0, _), (y0, y1) = self.data.xlim, self.data.ylim
        height = abs(self.plot.c2p(x0, y1)[1] - self.plot.c2p(x0, y0)[1])
        bar.stretch_to_fit_width(0.28).stretch_to_fit_height(max(2.2, 0.6 * height))
        bar.move_to([BAR_X, CENTER[1] + 0.08 * height, 0])
        style = {"color": self.theme.axis, "stroke_width": 2}
        (x0, y0), (x1, y1) = bar.get_corner(DOWN + LEFT)[:2], bar.get_corner(UP + RIGHT)[:2]  # on screen
        frame = VGroup(Line([x0, y0, 0], [x1, y0, 0], **style), Line([x0, y1, 0], [x1, y1, 0], **style),
                       Line([x0, y0, 0], [x0, y1, 0], **style), Line([x1, y0, 0], [x1, y1, 0], **style))
        numbers = VGroup()
        for v in [low, high] + ([0.0] if low < 0 < high and min(-low, high) > 0.15 * (high - low) else []):
            y = y0 + (v - low) / (high - low) * (y1 - y0)
            numbers.add(self.tex(fmt(v), size=LABEL).next_to([x1, y, 0], RIGHT, buff=0.08))
        label = self.tex(name, size=LABEL).next_to(bar, UP, buff=0.15)
        return Group(bar, frame, numbers, label)

    def path(self, points: np.ndarray, colour: str, width: float, halo: bool = False) -> VMobject:
        """A polyline through points (M, 2) of the domain; ``halo``: a background-coloured
        stroke behind it, so it stands out on the colour map."""
        line = VMobject(stroke_color=colour, stroke_width=width)
        line.start_new_path(self.plot.c2p(*points[0]))
        line.add_points_as_corners([self.plot.c2p(*p) for p in points[1:]])
        if halo:
            line.set_stroke(self.theme.background, width + 5, background=True)
        return line

    def segments(self, segments: np.ndarray, colour: str, width: float) -> VMobject:
        """Segments (S, 2, 2) of the domain as one mobject, one subpath each."""
        line = VMobject(stroke_color=colour, stroke_width=width)
        for a, b in segments:
            line.start_new_path(self.plot.c2p(*a))
            line.add_points_as_corners([self.plot.c2p(*b)])
        return line

    def region_shape(self, polygon: np.ndarray, colour: str, width: float, fill: float = 0.0) -> VMobject:
        """A region's outline (and fill at opacity ``fill``)."""
        corners = [self.plot.c2p(*p) for p in polygon]
        shape = VMobject(stroke_color=colour, stroke_width=width, fill_color=colour, fill_opacity=fill)
        shape.start_new_path(corners[0])
        shape.add_points_as_corners([*corners[1:], corners[0]])
        return shape

    def first_equation(self):
        """y = phi_0 + sum_d phi_d a[theta_d0 + theta_d1 x_1 + theta_d2 x_2], wrapped to the column."""
        d = self.data
        return self.formula(shallow_tex(d.net.theta, d.net.phi, x=["x_1", "x_2"]), size=BODY,
                            max_width=COLUMN_W)

    def lines(self, text: str):
        """A caption of LABEL-size lines, wrapped to the column."""
        return VGroup(*(self.prose(t, size=LABEL) for t in wrap(text, CHARS))).arrange(
            DOWN, aligned_edge=LEFT, buff=0.12)

    def level_colour(self, j: int) -> str:
        return self.theme.line(LEVEL_SERIES[j % len(LEVEL_SERIES)])

    def level_text(self, j: int) -> str:
        return self.theme.label(LEVEL_SERIES[j % len(LEVEL_SERIES)])


def second_tex(net: nnmath.ShallowNetwork) -> list[str]:
    """LaTeX parts of the second network y' = phi'_0 + sum_k phi'_k a[theta'_k0 + theta'_k1 y]."""
    return shallow_tex(net.theta, net.phi, x="y", y="y'")
