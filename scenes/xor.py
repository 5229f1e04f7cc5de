"""XOR (deck 001): no line separates it; a 2-2-1 network of step units does; so does one of
ReLU units, with its linear regions.

The truth table and its four points; three tried lines, each with the points it gets wrong
counted by nnmath; why every line fails (the four inequalities a line would need add up to a
contradiction; of the 16 labellings of the corners lines make 14, XOR and XNOR are the other
two); the step network's hidden units (OR and NAND for the default weights) with their lines
and the columns a_1, a_2 of the table filled in from the network's own outputs; the output unit
(AND) and the band where y = 1; then the ReLU network y = ReLU(x1 + x2) - 2 ReLU(x1 + x2 - 1)
over its exact linear regions (nnmath.regions_2d), each labelled with its affine formula and
crossed by contour lines of y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UL, UP, Arrow, BackgroundRectangle, Circle, Create, DashedVMobject, Dot, FadeIn, FadeOut, Group,
    Line, Polygon, Square, VGroup, Write,
)

import nnmath
from nnmath import xor as nx
from scenes.common import BODY, LABEL, FadeAway, LectureScene, affine_tex, fmt, place_clear, step

DOMAIN = (-0.5, 1.5)
#: The tried lines (w1, w2, b) of H[w . x + b]: the OR line, a diagonal, a vertical.
TRIED = ((1.0, 1.0, -0.5), (1.0, -1.0, -0.5), (1.0, 0.0, -0.5))
COLUMNS = (-6.2, -5.2, -4.0, -2.7, -1.7, -0.7)
HEADERS = (r"x_1", r"x_2", r"x_1 \oplus x_2", r"a_1", r"a_2", r"y")
ROW_Y = (1.7, 1.1, 0.5, -0.1)


def unit_tex(weights, bias: float) -> str:
    """H[...] of one step unit with its numbers."""
    return affine_tex(bias, weights, ["x_1", "x_2"])


@dataclass(frozen=True)
class XORData:
    """The table, the tried lines' mistakes, the proof's numbers, both networks' outputs and
    the ReLU network's regions."""

    table: np.ndarray  # (4, 5): x1, x2, a1, a2, y of the step network
    mistakes: tuple[int, ...]
    certificate: np.ndarray | None
    separable: int  # labellings of the corners a line makes, by enumeration
    cover: int
    gates: tuple  # names of a1, a2, y (None: no gate)
    output_gate: str | None  # the output unit as a gate of (a1, a2)
    relu_values: np.ndarray
    regions: nnmath.Partition2D

    @classmethod
    def from_params(cls, params: dict) -> "XORData":
        net: nx.StepNetwork = params["step_net"]
        table = net.truth_table()
        relu = params["relu_net"]
        corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
        output = nx.gate_name(nnmath.activations.heaviside(corners @ net.w2 + net.b2))
        return cls(table, tuple(nx.line_mistakes(t[:2], t[2]) for t in TRIED),
                   nx.separation_certificate(), len(nx.line_labellings()), nx.cover_count(4),
                   tuple(nx.gate_name(table[:, k]) for k in (2, 3, 4)), output,
                   np.asarray(relu(nx.XOR_INPUTS), float), nnmath.regions_2d(relu, DOMAIN, DOMAIN))


class XOR(LectureScene):
    """Storyboard: the table, tried lines, why no line works, the hidden units, the output
    unit, the ReLU network."""

    def construct(self) -> None:
        self.data = XORData.from_params(self.params)
        self.table()
        self.no_line()
        self.why()
        self.hidden_units()
        self.output_unit()
        self.relu_net()

    # --- the table and the plane -------------------------------------------------------------
    @step
    def table(self) -> None:
        self.heading = self.title(r"XOR, the exclusive or: $y = 1$ when exactly one input is 1")
        self.ax = self.axes((*DOMAIN, 0.5), (*DOMAIN, 0.5), 5.4, 5.4, x_label="x_1", y_label="x_2")
        self.ax.shift(np.array([0.9, -3.3, 0]) - self.ax.frame.get_corner(DOWN + LEFT))
        self.points = VGroup(*(self.marker(x, y) for x, y in zip(nx.XOR_INPUTS, nx.XOR_TARGETS)))
        self.cells = {}
        header = VGroup(*(self.tex(h, size=BODY).move_to([c, 2.35, 0]) for c, h in zip(COLUMNS, HEADERS)))
        rule = Line([COLUMNS[0] - 0.5, 2.0, 0], [COLUMNS[-1] + 0.5, 2.0, 0], color=self.theme.axis,
                    stroke_width=2.5)
        body = VGroup()
        for r, (x, y) in enumerate(zip(nx.XOR_INPUTS, nx.XOR_TARGETS)):
            for k, v in enumerate((x[0], x[1], y)):
                colour = self.theme.label(0 if y else 2) if k == 2 else self.theme.text
                cell = self.tex(fmt(v), size=BODY, color=colour).move_to([COLUMNS[k], ROW_Y[r], 0])
                body.add(cell)
        self.grid = VGroup(header[:3], rule, body)
        self.later_headers = header[3:]
        self.play(Write(self.heading), Create(self.ax), run_time=1.2)
        self.play(FadeIn(self.grid), run_time=1.5)
        self.play(FadeIn(self.points), run_time=1.5)
        self.wait(2)
        self.say("The XOR truth table: y = 1 for (0, 1) and (1, 0), y = 0 for (0, 0) and (1, 1). "
                 "In the input plane: discs for y = 1, squares for y = 0, on opposite corners of "
                 "the unit square.")

    def marker(self, x, y: float):
        at = self.ax.c2p(*x)
        if y > 0:
            return Dot(at, radius=0.14, color=self.theme.line(0))
        return Square(0.26, color=self.theme.line(2), fill_opacity=1, stroke_width=0).move_to(at)

    def half_plane(self, w, b: float, color: str) -> VGroup:
        """The line w . x + b = 0 in the plot, the shaded side where H = 1, and an arrow of w."""
        unit = nnmath.ShallowNetwork([[float(b), float(w[0]), float(w[1])]], [0.0, 1.0])
        partition = nnmath.regions_2d(unit, DOMAIN, DOMAIN)
        shade = VGroup(*(Polygon(*(self.ax.c2p(*p) for p in poly), stroke_width=0,
                                 fill_color=self.theme.shade, fill_opacity=1)
                         for poly, on in zip(partition.polygons, partition.patterns[:, 0]) if on))
        ends = nnmath.neuron.line_through_box(w, b, *DOMAIN)
        line = Line(*(self.ax.c2p(*p) for p in ends), color=color, stroke_width=6)
        middle = 0.5 * (ends[0] + ends[1])
        unit_w = np.asarray(w, float) / np.linalg.norm(w)
        arrow = Arrow(self.ax.c2p(*middle), self.ax.c2p(*(middle + 0.3 * unit_w)), buff=0, color=color,
                      stroke_width=5, max_tip_length_to_length_ratio=0.35)
        return VGroup(shade, line, arrow)

    def inside_spot(self, label, polygon: np.ndarray, centre: np.ndarray) -> np.ndarray:
        """Where ``label`` (scene units) fits wholly inside the convex ``polygon`` (data units):
        the centroid, or a point between it and a corner, whichever fits first."""
        half = np.array([label.width, label.height]) / 2 + 0.08
        corners = np.array([[sx, sy] for sx in (-1, 1) for sy in (-1, 1)]) * half
        ring = np.array([self.ax.c2p(*p)[:2] for p in polygon])
        for t in (0.0, 0.25, 0.45, 0.6):
            for vertex in polygon:
                spot = self.ax.c2p(*(centre + t * (vertex - centre)))[:2]
                if all(convex_contains(ring, spot + c) for c in corners):
                    return np.array([*spot, 0.0])
                if t == 0:
                    break
        return self.ax.c2p(*centre)

    def backing(self, text) -> BackgroundRectangle:
        """A patch of the background behind a label that sits on lines."""
        return BackgroundRectangle(text, color=self.theme.background, fill_opacity=1, buff=0.05)

    def rings(self, wrong: np.ndarray) -> VGroup:
        return VGroup(*(Circle(0.27, color=self.theme.highlight, stroke_width=5).move_to(self.ax.c2p(*p))
                        for p in nx.XOR_INPUTS[wrong]))

    # --- no line separates XOR ----------------------------------------------------------------
    @step
    def no_line(self) -> None:
        lines = VGroup()
        shown = None
        for (w1, w2, b), count in zip(TRIED, self.data.mistakes):
            wrong = nx.line_output((w1, w2), b, nx.XOR_INPUTS) != nx.XOR_TARGETS
            drawn = VGroup(self.half_plane((w1, w2), b, self.theme.text), self.rings(wrong))
            text = self.prose(rf"$H[{unit_tex((w1, w2), b)}]$: {count} point{'s' if count != 1 else ''} wrong",
                              size=BODY)
            text.move_to([-6.6, -0.9 - 0.65 * len(lines), 0], aligned_edge=LEFT)
            lines.add(text)
            self.add(drawn[0][0])
            self.bring_to_back(drawn[0][0])
            if shown is None:
                self.play(FadeIn(drawn), FadeIn(text), run_time=1.5)
            else:
                self.play(FadeOut(shown), FadeIn(drawn), FadeIn(text), run_time=1.5)
            self.wait(1.2)
            shown = drawn
        self.tried, self.last_try = lines, shown
        self.say("A single step unit H[w1 x1 + w2 x2 + b] outputs 1 on one side of its line "
                 "(shaded). Three tries: " + "; ".join(
                     f"H[{unit_tex(t[:2], t[2])}] gets {m} of the 4 points wrong"
                     for t, m in zip(TRIED, self.data.mistakes)) + ". Every line gets at least one wrong.")

    @step
    def why(self) -> None:
        d = self.data
        self.play(FadeOut(self.grid), FadeOut(self.tried), FadeOut(self.last_try), run_time=0.6)
        proof = VGroup(
            self.prose(r"A line $H[w_1 x_1 + w_2 x_2 + b]$ would need", size=BODY),
            self.tex(r"(0,0) \to 0:\quad b < 0", size=BODY),
            self.tex(r"(1,1) \to 0:\quad w_1 + w_2 + b < 0", size=BODY),
            self.tex(r"(0,1) \to 1:\quad w_2 + b \ge 0", size=BODY),
            self.tex(r"(1,0) \to 1:\quad w_1 + b \ge 0", size=BODY),
            self.prose(r"add the last two: $w_1 + w_2 + 2b \ge 0$,", size=BODY),
            self.prose(r"so $w_1 + w_2 + b \ge -b > 0$: a contradiction.", size=BODY,
                       color=self.theme.highlight),
            self.prose(rf"Lines make {d.separable} of the 16 labellings of the corners;", size=LABEL,
                       color=self.theme.muted),
            self.prose(r"XOR and its negation are the two they cannot.", size=LABEL, color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        proof.move_to([-6.6, 2.7, 0], aligned_edge=UL)
        for line in proof[1:5]:
            line.shift(RIGHT * 0.3)
        for line in proof[5:]:
            line.shift(DOWN * 0.15)
        self.play(FadeIn(proof[:5]), run_time=2)
        self.wait(1.5)
        self.play(FadeIn(proof[5:7]), run_time=2)
        self.wait(1.5)
        self.play(FadeIn(proof[7:]), run_time=1.5)
        self.wait(2)
        self.proof = proof
        cert = ", ".join(fmt(v) for v in d.certificate) if d.certificate is not None else "none"
        self.say("Why no line works: the four rows ask for b < 0, w1 + w2 + b < 0, w2 + b >= 0 and "
                 "w1 + b >= 0. Adding the last two gives w1 + w2 + 2b >= 0, so w1 + w2 + b >= -b > 0, "
                 f"against the second. (Adding all four with multipliers {cert} gives 0 > 0: nnmath "
                 f"finds these as a Farkas certificate.) Of the 16 ways to label the four corners, "
                 f"lines make {d.separable} (by enumerating lines; Cover's count 2 (1 + 3 + 3) = "
                 f"{d.cover}): XOR and XNOR are the two missing.")

    # --- a 2-2-1 network of step units ----------------------------------------------------------
    @step
    def hidden_units(self) -> None:
        d, net = self.data, self.params["step_net"]
        self.play(FadeOut(self.proof), FadeIn(self.grid), run_time=0.8)
        self.units = VGroup(*(self.half_plane(net.W1[k], net.b1[k], self.theme.line(k + 1))[1:]
                              for k in range(2)))
        names = VGroup()
        for k in range(2):
            name = d.gates[k]
            text = self.prose(rf"$a_{k + 1} = H[{unit_tex(net.W1[k], net.b1[k])}]$"
                              + (f" ({name})" if name else ""), size=BODY, color=self.theme.label(k + 1))
            text.move_to([-6.6, -0.9 - 0.65 * k, 0], aligned_edge=LEFT)
            names.add(text)
        column = VGroup()
        for k in range(2):
            for r in range(4):
                column.add(self.tex(fmt(d.table[r, 2 + k]), size=BODY, color=self.theme.label(k + 1))
                           .move_to([COLUMNS[3 + k], ROW_Y[r], 0]))
        self.play(FadeIn(self.later_headers[:2]), Create(self.units[0]), FadeIn(names[0]), run_time=1.5)
        self.play(FadeIn(column[:4]), run_time=1.2)
        self.play(Create(self.units[1]), FadeIn(names[1]), run_time=1.5)
        self.play(FadeIn(column[4:]), run_time=1.2)
        self.wait(2)
        self.hidden_cells, self.unit_names = column, names
        cols = [", ".join(fmt(v) for v in d.table[:, 2 + k]) for k in range(2)]
        self.say(f"A 2-2-1 network of step units. Hidden unit 1: a1 = H[{unit_tex(net.W1[0], net.b1[0])}], "
                 f"giving {cols[0]} on the four rows ({d.gates[0] or 'no named gate'}); hidden unit 2: "
                 f"a2 = H[{unit_tex(net.W1[1], net.b1[1])}], giving {cols[1]} "
                 f"({d.gates[1] or 'no named gate'}). Each is a line in the input square, with its "
                 f"arrow on the side where it outputs 1; the columns come from the network's outputs.")

    @step
    def output_unit(self) -> None:
        d, net = self.data, self.params["step_net"]
        # the cells of the two hidden lines where the output unit gives 1, shaded
        hidden = nnmath.ShallowNetwork(np.column_stack([net.b1, net.W1]), [0.0, 0.0, 0.0])
        cells = nnmath.regions_2d(hidden, DOMAIN, DOMAIN)
        on = nnmath.activations.heaviside(cells.patterns.astype(float) @ net.w2 + net.b2) > 0
        self.band = VGroup(*(Polygon(*(self.ax.c2p(*p) for p in poly), stroke_width=0,
                                     fill_color=self.theme.shade, fill_opacity=1)
                             for poly, yes in zip(cells.polygons, on) if yes))
        self.band_cells = int(on.sum())
        w2 = affine_tex(net.b2, net.w2, ["a_1", "a_2"])
        text = self.prose(rf"$y = H[{w2}]$" + (f" ({d.output_gate} of $a_1, a_2$)" if d.output_gate else ""),
                          size=BODY)
        text.move_to([-6.6, -2.2, 0], aligned_edge=LEFT)
        column = VGroup(*(self.tex(fmt(d.table[r, 4]), size=BODY,
                                   color=self.theme.label(0 if d.table[r, 4] else 2))
                          .move_to([COLUMNS[5], ROW_Y[r], 0]) for r in range(4)))
        matches = bool(np.array_equal(d.table[:, 4], nx.XOR_TARGETS))
        verdict = self.prose(r"$y = x_1 \oplus x_2$ on all four rows" if matches else
                             rf"$y$ differs from XOR on {int(np.sum(d.table[:, 4] != nx.XOR_TARGETS))} rows",
                             size=BODY, color=self.theme.highlight)
        verdict.move_to([-6.6, -2.9, 0], aligned_edge=LEFT)
        self.add(self.band)
        self.bring_to_back(self.band)
        self.play(FadeIn(self.band), FadeIn(text), FadeIn(self.later_headers[2]), run_time=1.5)
        self.play(FadeIn(column), run_time=1.5)
        self.play(FadeIn(verdict), run_time=1)
        self.wait(3)
        self.output_cells = column
        self.say(f"The output unit y = H[{w2}] fires only when a1 + a2 reaches {fmt(-net.b2)}"
                 + (f": it is an {d.output_gate} of a1 and a2" if d.output_gate else "") +
                 f". Shaded: the part of the square where y = 1 ({self.band_cells} of the "
                 f"{len(cells)} cells cut by the two lines), the band between them. The y column is "
                 f"{', '.join(fmt(v) for v in d.table[:, 4])}: "
                 + ("exactly XOR." if matches else "not XOR for these weights."))

    # --- the same with ReLU units ----------------------------------------------------------------
    @step
    def relu_net(self) -> None:
        d, relu = self.data, self.params["relu_net"]
        keep = (self.ax, self.points, self.heading)
        self.play(FadeAway(*(m for m in self.mobjects if m not in keep)), run_time=0.8)
        regions = d.regions
        segments, layers, units = regions.edges(unique=True)
        joints = VGroup(*(Line(self.ax.c2p(*s[0]), self.ax.c2p(*s[1]), color=self.theme.line(int(u) + 1),
                               stroke_width=6)
                          for s, layer, u in zip(segments, layers, units) if layer >= 0))
        owner = np.repeat(np.arange(len(regions)), np.diff(regions.offsets))
        values = regions.evaluate(regions.vertices, regions=owner)[:, 0]
        levels, spacing = contour_levels(values)
        contours = VGroup()
        for c in levels:
            for s in regions.level_set(c):
                line = Line(self.ax.c2p(*s[0]), self.ax.c2p(*s[1]), color=self.theme.guide, stroke_width=3)
                contours.add(DashedVMobject(line, num_dashes=max(2, int(line.get_length() / 0.25))))
        labels = VGroup()
        for i, centre in enumerate(regions.centroids):
            gradient, offset = regions.A[i, 0], regions.b[i, 0]
            formula = affine_tex(offset, gradient, ["x_1", "x_2"])
            label = self.prose(rf"$y = {formula}$", size=LABEL)
            if regions.flat[i]:
                label = VGroup(label, self.prose("flat", size=LABEL)).arrange(DOWN, buff=0.1)
            label.move_to(self.inside_spot(label, regions.polygons[i], centre))
            label = place_clear(label, [self.points], DOWN * 0.25)
            labels.add(VGroup(self.backing(label), label))
        equation = self.formula(nnmath_equation(relu), size=BODY, max_width=7.0)
        equation.move_to([-6.6, 2.2, 0], aligned_edge=UL)
        flat = int(regions.flat.sum())
        notes = VGroup(
            self.prose(rf"{len(regions)} linear regions (exact), {flat} flat", size=BODY),
            self.prose(r"at $(0,0), (0,1), (1,0), (1,1)$:", size=BODY),
            self.prose(r"$y = " + ", ".join(fmt(v) for v in d.relu_values) + "$"
                       + (r" \ (XOR)" if np.allclose(d.relu_values, nx.XOR_TARGETS) else ""), size=BODY),
            self.prose(r"coloured: the joints $x_1 + x_2 = 0$ and $1$" if is_xor_relu(relu) else
                       r"coloured: each unit's joint line", size=LABEL, color=self.theme.muted),
            self.prose(rf"dashed: contours of $y$, every {fmt(spacing)}", size=LABEL,
                       color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        notes.next_to(equation, DOWN, buff=0.5).align_to(equation, LEFT)
        self.play(Write(equation), run_time=1.5)
        self.play(Create(joints), FadeIn(labels), run_time=2)
        self.play(Create(contours), FadeIn(notes), run_time=2)
        self.bring_to_front(self.points, labels)
        self.wait(3)
        self.relu_joints, self.relu_labels, self.relu_contours = joints, labels, contours
        matches = bool(np.allclose(d.relu_values, nx.XOR_TARGETS))
        self.say(f"The same with two ReLU units: {' '.join(nnmath_equation(relu))}. Its outputs on the "
                 f"four corners are {', '.join(fmt(v) for v in d.relu_values)}"
                 + (" (XOR)" if matches else " (not XOR)") +
                 f". Over the square [{fmt(DOMAIN[0])}, {fmt(DOMAIN[1])}]^2 it makes {len(regions)} "
                 f"exact linear regions ({flat} flat), each labelled with its formula; the output is "
                 f"continuous, shown by its contour lines y = {', '.join(fmt(c) for c in levels)} "
                 f"(dashed, every {fmt(spacing)}); it is constant only on the flat region.")


def convex_contains(ring: np.ndarray, point: np.ndarray) -> bool:
    """Whether ``point`` lies inside the convex polygon ``ring`` (either orientation)."""
    edges = np.roll(ring, -1, axis=0) - ring
    cross = edges[:, 0] * (point[1] - ring[:, 1]) - edges[:, 1] * (point[0] - ring[:, 0])
    return bool(np.all(cross >= 0) or np.all(cross <= 0))


def contour_levels(values: np.ndarray, count: int = 7) -> tuple[list[float], float]:
    """About ``count`` round levels strictly inside the range of ``values`` and their spacing,
    0 left out (the flat region's value is written on it instead)."""
    lo, hi = float(values.min()), float(values.max())
    step = max((hi - lo) / (count + 1), 1e-9)
    nice = min((m * 10 ** e for e in range(-3, 4) for m in (0.25, 0.5, 1, 2, 5) if m * 10 ** e >= step))
    levels = np.arange(np.ceil(lo / nice + 1e-9), np.floor(hi / nice - 1e-9) + 1) * nice
    return [float(round(v, 6)) for v in levels if abs(v) > 1e-9 and lo < v < hi], float(nice)


def is_xor_relu(net) -> bool:
    return nnmath.presets.is_preset(net, "xor_relu")


def nnmath_equation(net) -> list[str]:
    """The ReLU network's equation with its numbers, as LaTeX parts."""
    from scenes.common import shallow_tex

    return shallow_tex(net.theta, net.phi, x=["x_1", "x_2"], act=r"\mathrm{ReLU}")
