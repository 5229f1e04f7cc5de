"""Building a shallow network's output from its hidden units (UDL Fig. 3.3 as a movie).

The equation y = phi_0 + sum_d phi_d a[theta_d0 + theta_d1 x] with the book's numbers; each
unit's line appears in its own panel (step 1), is clipped at its joint (step 2), weighted by
phi_d (step 3); the weighted pieces and phi_0 sum to the output with its linear regions, whose
slopes are the sums of the active units' phi_d theta_d1 (step 4). Finally one theta and one phi
glide to new values and everything follows (step 5): a joint leaves the interval and a region
disappears. With the sigmoid or Heaviside variants the same steps show a smooth or a stepped
output. Every number and vertex comes from nnmath.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np
from manim import (
    DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR, Create, DecimalNumber, Dot, FadeIn,
    FadeOut, Indicate, Integer, Rectangle, ReplacementTransform, Transform, ValueTracker, VGroup,
    Write, smooth,
)

import nnmath
from scenes.common import (
    BODY, LABEL, LectureScene, affine_tex, dashes, fmt, follow, live_number, redraw, shallow_tex, spread_row,
    step,
)

UNIT_W, UNIT_H = 4.0, 1.45
UNIT_X, UNIT_YS = -4.15, (1.25, -0.5, -2.25)
OUT_W, OUT_H = 5.3, 3.3
OUT_CENTER = np.array([3.65, 0.15, 0.0])
STAGES = ("line", "activation", "weighted")


def half_steps(values) -> tuple[float, float, float]:
    """The y range of every panel: the data rounded out to multiples of 0.5, ticked at 0.5
    (the book draws Fig. 3.3 on [-1, 1]; larger weighted units widen it)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    return float(np.floor(lo * 2) / 2), float(np.ceil(hi * 2) / 2), 0.5


@dataclass(frozen=True)
class UnitsData:
    """One network on one interval: every curve, joint and region the scene draws.

    x: (N,) drawing abscissae (a grid plus every joint, with both sides of a Heaviside step);
    trace: nnmath's forward pass at x; joints: (D,) where each unit's pre-activation is 0
    (a ReLU's joint, a step's jump, a sigmoid's half-on point; NaN for theta_d1 = 0);
    pieces: the exact linear regions (ReLU-like units only); steps: the constant pieces
    (Heaviside units only); active: per region or piece, the units switched on;
    y_range: (lo, hi, step) of the unit panels; out_range: of the output panel.
    """

    net: nnmath.ShallowNetwork
    interval: tuple[float, float]
    x: np.ndarray
    trace: nnmath.ShallowTrace
    joints: np.ndarray
    pieces: nnmath.PiecewiseLinear | None
    steps: nnmath.PiecewiseConstant | None
    active: tuple[tuple[int, ...], ...]
    y_range: tuple[float, float, float]
    out_range: tuple[float, float, float]

    @classmethod
    def build(cls, net: nnmath.ShallowNetwork, interval, y_range=None, out_range=None) -> UnitsData:
        if net.input_dim != 1 or net.output_dim != 1:
            raise nnmath.ParameterError(
                f"the joints scene draws 1-input, 1-output networks; got {net.input_dim} "
                f"input(s) and {net.output_dim} output(s)"
            )
        lo, hi = interval
        joints = net.joints()
        inside = joints[np.isfinite(joints) & (joints > lo) & (joints < hi)]
        step = 1e-9 * (hi - lo)  # a Heaviside step is drawn as a vertical jump at its joint
        x = np.unique(np.concatenate([np.linspace(lo, hi, 241), inside, inside - step, inside + step]))
        x = x[(x >= lo) & (x <= hi)]
        trace = net.forward(x)
        pieces, steps, edges = None, None, None
        if net.activation.piecewise_linear:
            pieces = nnmath.piecewise_linear(net, lo, hi, merge=False)
            edges = pieces.breakpoints
        elif net.activation.name == "heaviside":
            steps = nnmath.step_pieces(net, lo, hi)
            edges = steps.breakpoints
        active = ()
        if edges is not None:  # the units switched on in each region (or constant piece)
            on = net.forward(0.5 * (edges[:-1] + edges[1:])).active
            active = tuple(tuple(int(d) for d in np.flatnonzero(row)) for row in on)
        if y_range is None:
            y_range = half_steps(np.concatenate([trace.preactivation.ravel(), trace.weighted.ravel(),
                                                 [-1.0, 1.0]]))
        if out_range is None:
            out_range = half_steps(np.concatenate([trace.weighted.ravel(), trace.output, [-1.0, 1.0]]))
        return cls(net, (lo, hi), x, trace, joints, pieces, steps, active, y_range, out_range)

    @property
    def kind(self) -> str:
        """'linear' (ReLU-like: joints and linear regions), 'step' (Heaviside: jumps and
        constant pieces) or 'smooth' (sigmoid, tanh, ...: neither)."""
        if self.pieces is not None:
            return "linear"
        return "step" if self.steps is not None else "smooth"

    def stage(self, name: str, d: int) -> np.ndarray:
        """Unit d's curve at a stage: its line, its activation or its weighted activation."""
        return {"line": self.trace.preactivation, "activation": self.trace.activation,
                "weighted": self.trace.weighted}[name][:, d]

    def inactive_spans(self, d: int) -> list[tuple[float, float]]:
        """The x-intervals where unit d is off (pre-activation <= 0), for shading."""
        lo, hi = self.interval
        bias, slope = self.net.theta[d]
        if slope == 0:
            return [(lo, hi)] if bias <= 0 else []
        joint = min(max(-bias / slope, lo), hi)
        span = (lo, joint) if slope > 0 else (joint, hi)
        return [span] if span[1] > span[0] else []

    def num_pieces(self) -> int:
        """Linear regions (ReLU-like) or constant pieces (steps); 0 for smooth units."""
        if self.pieces is not None:
            return self.pieces.num_regions
        return self.steps.num_pieces if self.steps is not None else 0

    def region_slopes(self) -> list[tuple[float, float, float, tuple[int, ...]]]:
        """(x_lo, x_hi, slope, active units) per linear region; slope = sum phi_d theta_d1."""
        if self.pieces is None:
            return []
        bp = self.pieces.breakpoints
        return [(float(a), float(b), float(s), units)
                for a, b, s, units in zip(bp[:-1], bp[1:], self.pieces.slopes, self.active)]


@dataclass(frozen=True)
class JointsData:
    """The book's network, and the one it glides to in step 5 (one theta, one phi changed).

    The moved unit is the one whose joint lies nearest an end of the interval; its bias changes
    so the joint ends a quarter of the interval beyond that end. The moved phi is the next
    unit's, scaled by -0.6.
    """

    start: UnitsData
    end: UnitsData
    moved_unit: int
    moved_phi: int

    @classmethod
    def from_params(cls, params: dict) -> JointsData:
        net, interval = params["net"], params["interval"]
        lo, hi = interval
        joints = net.joints()
        distance = np.where(np.isfinite(joints), np.minimum(abs(joints - lo), abs(joints - hi)), np.inf)
        unit = int(np.argmin(distance))
        joint = joints[unit] if np.isfinite(joints[unit]) else lo
        target = lo - 0.25 * (hi - lo) if abs(joint - lo) <= abs(joint - hi) else hi + 0.25 * (hi - lo)
        theta, phi = net.theta.copy(), net.phi.copy()
        if theta[unit, 1] != 0:
            theta[unit, 0] = -target * theta[unit, 1]  # joint = -theta_d0 / theta_d1 = target
        other = (unit + 1) % net.hidden_dim
        phi[other + 1] *= -0.6
        moved = nnmath.ShallowNetwork(theta, phi, net.activation)
        start_, end_ = UnitsData.build(net, interval), UnitsData.build(moved, interval)
        # one scale for both networks: the unit panels show all three stages of the start and
        # the weighted units of the end (step 5 moves the weighted units only)
        units = half_steps([*start_.y_range[:2], *end_.trace.weighted.ravel()])
        out = half_steps([*start_.out_range[:2], *end_.out_range[:2]])
        return cls(replace(start_, y_range=units, out_range=out),
                   replace(end_, y_range=units, out_range=out), unit, other)

    def between(self, t: float) -> UnitsData:
        """The network a fraction t of the way from start to end (parameters interpolated)."""
        a, b = self.start.net, self.end.net
        net = nnmath.ShallowNetwork((1 - t) * a.theta + t * b.theta, (1 - t) * a.phi + t * b.phi,
                                    a.activation)
        return UnitsData.build(net, self.start.interval, self.start.y_range, self.start.out_range)


class Joints(LectureScene):
    """Storyboard: equation, lines, clip, weight, sum, parameters move."""

    def construct(self) -> None:
        self.data = JointsData.from_params(self.params)
        self.show_equation()
        self.show_lines()
        self.clip()
        self.weight()
        self.sum()
        self.move_parameters()

    # --- the equation with the book's numbers ------------------------------------------------
    @step
    def show_equation(self) -> None:
        net = self.data.start.net
        self.heading = self.title(f"A shallow network, one hidden unit at a time ({name_of(net)})")
        self.equation = self.equation_of(net).next_to(self.heading, DOWN, buff=0.25)
        self.play(Write(self.heading), run_time=1)
        self.play(Write(self.equation), run_time=2)
        self.say(equation_note(self.data.start))

    def equation_of(self, net: nnmath.ShallowNetwork):
        return self.formula(shallow_tex(net.theta, net.phi, keep_all=True), max_width=13.4)

    # --- step 1: one line per unit, its term lights up -----------------------------------------
    @step
    def show_lines(self) -> None:
        d = self.data.start
        lo, hi = d.interval
        self.panels = VGroup(*(self.axes((lo, hi), d.y_range, UNIT_W, UNIT_H, "x", "")
                               .move_to([UNIT_X, y, 0]) for y in UNIT_YS))
        for panel in self.panels[:-1]:  # one x axis with numbers, under the last panel
            panel.drop_x_ticks()
        self.names = VGroup(*(self.unit_name(f"z_{k + 1}", k) for k in range(len(self.panels))))
        self.curves = VGroup(*(self.curve(d, "line", k) for k in range(len(self.panels))))
        self.step_note = self.note("Step 1: each unit computes a line",
                                   r"$z_d = \theta_{d0} + \theta_{d1}x$")
        self.say(lines_note(d))
        self.play(*(Create(ax) for ax in self.panels), FadeIn(self.step_note), run_time=1)
        for k in range(len(self.panels)):
            term = self.equation[k + 2]
            self.play(term.animate.set_color(self.label_color(k)), Create(self.curves[k]),
                      FadeIn(self.names[k]), run_time=1.2)
        self.wait(0.5)

    # --- step 2: the activation (clipping at the joints for ReLU) ------------------------------
    @step
    def clip(self) -> None:
        d = self.data.start
        kind = d.kind
        self.shades = VGroup(*(self.shade(d, k) for k in range(len(self.panels))))
        self.joint_marks = VGroup(*(self.joint_mark(d, k, "line") for k in range(len(self.panels))))
        names = VGroup(*(self.unit_name(f"h_{k + 1}", k) for k in range(len(self.panels))))
        note = self.note(*STEP_2[kind if d.net.activation.name != "relu" else "relu"](d.net.activation))
        self.say(activation_note(d))
        self.play(FadeIn(self.joint_marks), Transform(self.step_note, note), run_time=1)
        marks = VGroup(*(self.joint_mark(d, k, "activation") for k in range(len(self.panels))))
        self.play(FadeIn(self.shades),
                  *(Transform(c, self.curve(d, "activation", k)) for k, c in enumerate(self.curves)),
                  Transform(self.joint_marks, marks), Transform(self.names, names), run_time=2)
        self.wait(0.8)

    # --- step 3: weighting by phi_d ----------------------------------------------------------
    @step
    def weight(self) -> None:
        d = self.data.start
        phi = d.net.phi
        names = VGroup(*(self.unit_name(f"{fmt(phi[k + 1])}\\,h_{k + 1}", k)
                         for k in range(len(self.panels))))
        note = self.note(r"Step 3: weight each unit by $\phi_d$",
                         ", ".join(f"$\\phi_{k + 1} = {fmt(phi[k + 1])}$" for k in range(len(self.panels))))
        self.say(weight_note(d))
        marks = VGroup(*(self.joint_mark(d, k, "weighted") for k in range(len(self.panels))))
        self.play(*(Transform(c, self.curve(d, "weighted", k)) for k, c in enumerate(self.curves)),
                  Transform(self.joint_marks, marks), Transform(self.names, names),
                  Transform(self.step_note, note), run_time=2)
        self.wait(0.8)

    # --- step 4: summing into the output ------------------------------------------------------
    @step
    def sum(self) -> None:
        d = self.data.start
        lo, hi = d.interval
        self.out = self.axes((lo, hi), d.out_range, OUT_W, OUT_H, "x", "y").move_to(OUT_CENTER)
        self.out_caption = self.prose(r"$y = \phi_0 + \sum_d \phi_d h_d$", size=BODY)
        self.out_caption.next_to(self.out, UP, buff=0.1).align_to(self.out, LEFT)
        self.play(FadeOut(self.step_note), Create(self.out), FadeIn(self.out_caption), run_time=1)
        pieces = [self.curve(d, "weighted", k, ax=self.out) for k in range(len(self.panels))]
        bias = self.polyline(self.out, [lo, hi], [d.net.phi[0]] * 2, self.theme.guide, width=4)
        self.play(*(ReplacementTransform(c.copy(), p) for c, p in zip(self.curves, pieces)),
                  Create(bias), self.equation[1].animate.set_color(self.theme.highlight), run_time=1.5)
        self.output = self.output_curve(d)
        self.play(*(ReplacementTransform(p, self.output) for p in pieces), FadeOut(bias), run_time=2)
        self.joint_lines = self.joint_verticals(d)
        self.say(*sum_notes(d))
        self.count = Integer(d.num_pieces(), font_size=BODY, color=self.theme.text)
        if d.kind == "smooth":
            self.rule = self.prose(smooth_rule(d.net.activation), size=LABEL)
            self.rule.next_to(self.out, DOWN, buff=0.3)
            self.play(Write(self.rule), run_time=1)
            self.wait(2)
            return
        self.play(Create(self.joint_lines), run_time=1)
        words = self.prose("linear regions" if d.kind == "linear" else "constant pieces", size=BODY)
        self.count_label = VGroup(self.count, words).arrange(RIGHT, buff=0.15)
        self.count_label.next_to(self.out, UP, buff=0.1).align_to(self.out, RIGHT)
        self.region_rows = self.region_labels(d)
        self.rule = self.prose(region_rule(d), size=LABEL).next_to(self.region_rows, DOWN, buff=0.2)
        self.rule.align_to(self.region_rows, LEFT)
        self.play(FadeIn(self.region_rows), Write(self.rule), FadeIn(self.count_label), run_time=1.5)
        self.play(Indicate(self.count, color=self.theme.highlight))
        self.wait(2)

    # --- step 5: two parameters glide, everything follows ----------------------------------------
    @step
    def move_parameters(self) -> None:
        data = self.data
        t = ValueTracker(0.0)
        between = functools.lru_cache(maxsize=1)(data.between)  # built once per frame, not per use
        current = lambda: between(t.get_value())  # noqa: E731
        k, j = data.moved_unit, data.moved_phi
        start, end = data.start.net, data.end.net
        readout = VGroup(
            self.tex(rf"\theta_{{{k + 1}0}} ="), self.number(lambda: current().net.theta[k, 0]),
            self.tex(rf"\phi_{{{j + 1}}} ="), self.number(lambda: current().net.phi[j + 1]),
        ).arrange(RIGHT, buff=0.15)
        readout[2:].shift(RIGHT * 0.5)
        note = self.prose(
            f"$\\theta_{{{k + 1}0}}: {fmt(start.theta[k, 0])} \\to {fmt(end.theta[k, 0])}$, "
            f"$\\phi_{{{j + 1}}}: {fmt(start.phi[j + 1])} \\to {fmt(end.phi[j + 1])}$", size=LABEL)
        note.move_to(self.rule, LEFT)
        readout.next_to(note, DOWN, buff=0.2).align_to(note, LEFT)
        labels = [getattr(self, "region_rows", VGroup()), self.rule]
        # the equation and the moved weight's name show the start's numbers: gone while they move
        stale = VGroup(self.equation, self.names[j])
        self.play(FadeOut(VGroup(*labels)), FadeOut(stale), FadeIn(note), FadeIn(readout), run_time=1)
        self.say(move_note(data))
        live = [
            (self.curves, lambda: VGroup(*(self.curve(current(), "weighted", u)
                                           for u in range(len(self.panels))))),
            (self.shades, lambda: VGroup(*(self.shade(current(), u) for u in range(len(self.panels))))),
            (self.joint_marks, lambda: VGroup(*(self.joint_mark(current(), u, "weighted", label=False)
                                                for u in range(len(self.panels))))),
            (self.output, lambda: self.output_curve(current())),
            (self.joint_lines, lambda: self.joint_verticals(current())),
        ]
        for m, _ in live:  # the groups and their members (some were added one by one)
            self.remove(m, *m.submobjects)
        redrawn = [redraw(make) for _, make in live]
        self.add(*redrawn)
        if data.start.kind != "smooth":
            follow(self.count, lambda: current().num_pieces())
        self.play(t.animate.set_value(1.0), run_time=5, rate_func=smooth)
        self.count.clear_updaters()
        for m in redrawn:
            m.clear_updaters()
        self.curves, self.shades, _, self.output, self.joint_lines = redrawn
        end_data = data.end
        marks = VGroup(*(self.joint_mark(end_data, u, "weighted") for u in range(len(self.panels))))
        equation = self.equation_of(end).move_to(self.equation, aligned_edge=UP)
        for u in range(len(self.panels)):
            equation[u + 2].set_color(self.label_color(u))
        equation[1].set_color(self.theme.highlight)
        names = VGroup(*(self.unit_name(f"{fmt(end.phi[u + 1])}\\,h_{u + 1}", u)
                         for u in range(len(self.panels))))
        self.play(FadeOut(redrawn[2]), FadeIn(marks), FadeIn(equation), FadeIn(names[j]), run_time=1)
        self.names = VGroup(*(names[u] if u == j else self.names[u] for u in range(len(self.panels))))
        self.equation, self.joint_marks = equation, marks
        if end_data.kind != "smooth":
            self.play(FadeIn(self.region_labels(end_data)), Indicate(self.count, color=self.theme.highlight),
                      run_time=1.5)
        self.wait(2.5)

    # --- drawing helpers (no math: everything comes from UnitsData) -------------------------
    def color(self, k: int) -> str:
        return self.theme.line(k)

    def label_color(self, k: int) -> str:
        return self.theme.label(k)

    def unit_name(self, tex: str, k: int):
        """The unit's name at this step (z_1, h_1, -1.3 h_1), right of its panel."""
        panel = self.panels[k]
        name = self.tex(tex, size=LABEL, color=self.label_color(k))
        return name.next_to(panel.c2p(panel.x_range[1], panel.y_range[1]), RIGHT, buff=0.3).shift(DOWN * 0.2)

    def note(self, *lines: str) -> VGroup:
        """What a step does, in the right half (before the output takes it)."""
        self.say(*lines)
        rows = [self.prose(lines[0], size=BODY)] + [self.prose(t, size=LABEL) for t in lines[1:]]
        return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to([3.2, 0.55, 0])

    def curve(self, d: UnitsData, stage: str, k: int, ax=None):
        ax = ax or self.panels[k]
        lo, hi = ax.y_range[:2]
        return self.pieces(ax, d, d.stage(stage, k), self.color(k), 4, jumps=[d.joints[k]], clip=(lo, hi))

    def pieces(self, ax, d: UnitsData, ys: np.ndarray, color: str, width: float, jumps, clip):
        """The graph through (d.x, ys); for step units broken at the jumps (no risers)."""
        if d.kind != "step":
            return self.polyline(ax, d.x, ys, color, width=width, clip=clip)
        cuts = np.sort([j for j in jumps if np.isfinite(j)])
        segment = np.searchsorted(cuts, d.x, side="right")  # which side of each jump
        at_jump = np.isin(d.x, cuts)  # the step's value exactly at the jump belongs to neither side
        graph = VGroup()
        for s in np.unique(segment):
            inside = (segment == s) & ~at_jump
            if inside.sum() >= 2:
                graph.add(self.polyline(ax, d.x[inside], ys[inside], color, width=width, clip=clip))
        return graph

    def output_curve(self, d: UnitsData):
        lo, hi = self.out.y_range[:2]
        return self.pieces(self.out, d, d.trace.output, self.theme.text, 5, jumps=d.joints, clip=(lo, hi))

    def shade(self, d: UnitsData, k: int) -> VGroup:
        """Where unit k is off (pre-activation < 0): shaded for ReLU-like and step units; a
        sigmoid is never off, so nothing is shaded."""
        boxes = VGroup()
        if d.kind == "smooth":
            return boxes
        ax = self.panels[k]
        y0, y1 = ax.y_range[:2]
        for a, b in d.inactive_spans(k):
            corner0, corner1 = ax.c2p(a, y0), ax.c2p(b, y1)
            box = Rectangle(width=max(corner1[0] - corner0[0], 1e-3), height=corner1[1] - corner0[1],
                            stroke_width=0, fill_color=self.theme.shade, fill_opacity=1)
            boxes.add(box.move_to((corner0 + corner1) / 2))
        boxes.set_z_index(-1)
        return boxes

    def joint_mark(self, d: UnitsData, k: int, stage: str, label: bool = True) -> VGroup:
        """A dot where unit k's pre-activation is zero (its joint, jump or half-on point) on
        the curve of this stage, labelled with its x where no curve of the unit passes."""
        ax, joint = self.panels[k], d.joints[k]
        lo, hi = d.interval
        if not (np.isfinite(joint) and lo <= joint <= hi):
            return VGroup()
        y = {"line": 0.0, "activation": 1.0, "weighted": float(d.net.phi[k + 1])}[stage]
        y *= float(d.net.activation(np.zeros(1))[0]) if d.kind == "smooth" else 0.0
        dot = Dot(ax.c2p(joint, y), radius=0.07, color=self.color(k))
        mark = VGroup(dot)
        if label:
            text = self.tex(f"x = {fmt(joint, 3)}", size=LABEL, color=self.label_color(k))
            mark.add(self.clear_spot(text, ax, d, k, stage, dot.get_center()))
        return mark

    def clear_spot(self, text, ax, d: UnitsData, k: int, stage: str, at: np.ndarray):
        """Put ``text`` beside the point ``at`` where unit k's curve at this stage does not
        run, inside the panel: above, then below, the side where the unit is off first."""
        off_left = d.net.theta[k, 1] > 0
        sides = [UL, UR, DL, DR] if off_left else [UR, UL, DR, DL]
        curves = [np.clip(d.stage(stage, k), *ax.y_range[:2])]
        left, right = ax.c2p(ax.x_range[0], 0)[0], ax.c2p(ax.x_range[1], 0)[0]
        top, bottom = ax.c2p(0, ax.y_range[1])[1], ax.c2p(0, ax.y_range[0])[1]
        for side in sides:
            text.next_to(at, side, buff=0.12)
            x0, x1 = ax.p2c(text.get_left())[0], ax.p2c(text.get_right())[0]
            y0, y1 = ax.p2c(text.get_bottom())[1], ax.p2c(text.get_top())[1]
            inside = text.get_left()[0] >= left and text.get_right()[0] <= right and \
                text.get_top()[1] <= top and text.get_bottom()[1] >= bottom
            pad = 0.08 * (ax.y_range[1] - ax.y_range[0])
            under = (d.x >= x0) & (d.x <= x1)
            hit = any(np.any((c[under] >= y0 - pad) & (c[under] <= y1 + pad)) for c in curves)
            if inside and not hit:
                return text
        text.next_to(at, sides[0], buff=0.12)
        return text

    def joint_verticals(self, d: UnitsData) -> VGroup:
        lo, hi = d.interval
        y0, y1 = self.out.y_range[:2]
        if d.kind == "smooth":
            return VGroup()
        return VGroup(*(dashes([(self.out.c2p(j, y0), self.out.c2p(j, y1))], dash_length=0.08,
                               color=self.color(k), stroke_width=2.5)
                        for k, j in enumerate(d.joints) if np.isfinite(j) and lo < j < hi))

    def region_labels(self, d: UnitsData) -> VGroup:
        """Under the output, per region (or constant piece), in the region's middle: the units
        that are on, each in its colour, and the slope (or the value) there."""
        y = self.out.bottom - 0.3
        if d.kind == "linear":
            edges, numbers = d.pieces.breakpoints, d.pieces.slopes
        else:
            edges, numbers = d.steps.breakpoints, d.steps.values
        on_row, value_row = VGroup(), VGroup()
        for a, b, value, units in zip(edges[:-1], edges[1:], numbers, d.active):
            parts = [str(u + 1) for u in units] or ["-"]
            on = self.tex(*(p + ("," if i < len(parts) - 1 else "") for i, p in enumerate(parts)),
                          size=LABEL)
            for i, u in enumerate(units):
                on[i].set_color(self.label_color(u))
            on_row.add(on.set_y(y))
            value_row.add(self.tex(fmt(value), size=LABEL).set_y(y - 0.45))
        centres = [self.out.c2p(0.5 * (a + b), 0)[0] for a, b in zip(edges[:-1], edges[1:])]
        spread_row(on_row, centres, gap=0.25)
        spread_row(value_row, centres, gap=0.25)
        names = VGroup(self.prose("on:", size=LABEL).set_y(y), self.prose(
            "slope:" if d.kind == "linear" else "value:", size=LABEL).set_y(y - 0.45))
        left = min(on_row.get_left()[0], value_row.get_left()[0]) - 0.3
        for name in names:
            name.set_x(left - name.width / 2)
        return VGroup(names, on_row, value_row)

    def number(self, value) -> DecimalNumber:
        return live_number(value, 2, font_size=BODY, color=self.theme.text)


def name_of(net: nnmath.ShallowNetwork) -> str:
    return name_of_activation(net.activation)


def _definition(activation) -> str:
    """a[z] written out with its parameters, e.g. sig[z] = 1 / (1 + e^{-5z})."""
    name, p = activation.name, activation.params
    if name == "sigmoid":
        k = fmt(p["steepness"])
        return rf"$h_d = \mathrm{{sig}}[z_d]$, $\mathrm{{sig}}[z] = 1/(1 + e^{{-{'' if k == '1' else k}z}})$"
    if name in ("leaky_relu", "prelu"):
        return rf"$h_d = z_d$ for $z_d > 0$, ${fmt(p['alpha'])}\,z_d$ below"
    return rf"$h_d = {activation.latex}[z_d]$"


STEP_2 = {
    "relu": lambda a: ("Step 2: ReLU clips each line at its joint",
                       r"$h_d = \mathrm{ReLU}[z_d] = \max(0, z_d)$",
                       r"shaded: the unit is off, $h_d = 0$"),
    "linear": lambda a: (f"Step 2: {name_of_activation(a)} bends each line at its joint",
                         _definition(a), r"shaded: $z_d < 0$"),
    "step": lambda a: ("Step 2: each unit jumps from 0 to 1",
                       r"$h_d = 1$ if $z_d \ge 0$, else $0$", r"shaded: the unit is off, $h_d = 0$"),
    "smooth": lambda a: (f"Step 2: the {name_of_activation(a)} {'squashes' if a.name in SQUASHING else 'bends'} each line",
                         _definition(a), zero_mark(a)),
}

#: Activations that squash every line into a bounded band (no unit is ever fully off).
SQUASHING = ("sigmoid", "tanh")


def zero_mark(activation) -> str:
    """What the dot on each curved unit marks: where z_d = 0, and a[0] there."""
    at_zero = fmt(float(activation(np.zeros(1))[0]))
    if activation.name == "sigmoid":
        return rf"dot: the unit is half on, $z_d = 0$, $h_d = {at_zero}$"
    return rf"dot: $z_d = 0$, $h_d = \mathrm{{a}}[0] = {at_zero}$"


def smooth_rule(activation) -> str:
    """The sentence under a curved output: a smooth activation has no kinks at all; ELU and SELU
    are linear above zero, so the output is linear only where every unit is on."""
    if activation.name in SMOOTH:
        return "a smooth curve: no joints, no linear regions"
    return "curved: linear only where every unit is on"

def region_rule(d) -> str:
    """How a region's slope (or a piece's value) follows from the units that are on; a leaky
    unit that is off still passes alpha times its line."""
    if d.kind == "step":
        return r"value of a piece $= \phi_0 + \sum_{d\ \mathrm{on}} \phi_d$"
    alpha = d.net.activation.params.get("alpha")
    if d.net.activation.name in ("leaky_relu", "prelu") and alpha:
        return (r"slope $= \sum_{d\ \mathrm{on}} \phi_d\theta_{d1} + "
                rf"{fmt(alpha)}\sum_{{d\ \mathrm{{off}}}} \phi_d\theta_{{d1}}$")
    return r"slope of a region $= \sum_{d\ \mathrm{on}} \phi_d\theta_{d1}$"


def name_of_activation(activation) -> str:
    return {"relu": "ReLU", "heaviside": "Heaviside steps", "elu": "ELU", "selu": "SELU",
            "gelu": "GELU", "silu": "SiLU", "prelu": "PReLU", "leaky_relu": "leaky ReLU"}.get(
        activation.name, activation.name.replace("_", " "))


# --- speaker notes: what each step shows, in words, with the network's numbers ----------------
SMOOTH = ("sigmoid", "tanh", "softplus", "gelu", "silu", "swish")  # curved for every z


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def activation_text(activation) -> str:
    """The activation in plain words, e.g. 'ReLU, a[z] = max(0, z)'."""
    name, p = activation.name, activation.params
    if name == "relu":
        return "ReLU, a[z] = max(0, z)"
    if name in ("leaky_relu", "prelu"):
        return f"{name_of_activation(activation)}, a[z] = z for z > 0 and {fmt(p['alpha'])}z below"
    if name == "heaviside":
        return "Heaviside step, a[z] = 1 for z >= 0 and 0 below"
    if name == "sigmoid":
        k = fmt(p["steepness"])
        return f"sigmoid, a[z] = 1/(1 + exp(-{'' if k == '1' else k}z))"
    return f"activation a = {name_of_activation(activation)}"


def equation_note(d: UnitsData) -> str:
    net = d.net
    lo, hi = d.interval
    equation = " ".join(shallow_tex(net.theta, net.phi, act="a"))
    return (f"A shallow network with {net.hidden_dim} hidden units and {net.num_parameters} "
            f"parameters on x in [{fmt(lo)}, {fmt(hi)}]: {equation}, with the "
            f"{activation_text(net.activation)}.")


def crossing_text(d: UnitsData, k: int) -> str:
    """Where unit k's line crosses zero, x = -theta_k0 / theta_k1 (or that it never does)."""
    lo, hi = d.interval
    bias, slope = d.net.theta[k]
    if slope == 0:
        return f"never for z_{k + 1} (constant, {fmt(bias)})"
    joint = d.joints[k]
    return fmt(joint, 3) + ("" if lo <= joint <= hi else f" (outside [{fmt(lo)}, {fmt(hi)}])")


def lines_note(d: UnitsData) -> str:
    lines = [f"z_{k + 1} = {affine_tex(*d.net.theta[k, :1], d.net.theta[k, 1:], ['x'])}"
             for k in range(d.net.hidden_dim)]
    return (f"The lines: {listing(lines)}. They cross zero at x = -theta_d0 / theta_d1 = "
            f"{listing([crossing_text(d, k) for k in range(d.net.hidden_dim)])}.")


def below_zero_text(d: UnitsData, k: int) -> str:
    """Where unit k's line is below zero, e.g. 'unit 1 for x < 0.5'."""
    lo, hi = d.interval
    spans = d.inactive_spans(k)
    if not spans:
        return f"unit {k + 1} nowhere on [{fmt(lo)}, {fmt(hi)}]"
    a, b = spans[0]
    if a <= lo and b >= hi:
        return f"unit {k + 1} on all of [{fmt(lo)}, {fmt(hi)}]"
    return f"unit {k + 1} for x < {fmt(b, 3)}" if a <= lo else f"unit {k + 1} for x > {fmt(a, 3)}"


def activation_note(d: UnitsData) -> str:
    a, units = d.net.activation, range(d.net.hidden_dim)
    below = listing([below_zero_text(d, k) for k in units])
    if a.name == "relu":
        return (f"ReLU keeps each line where it is positive and sets it to 0 elsewhere; the unit "
                f"is off (shaded) where its line is below zero: {below}. The corner where a unit "
                "switches on or off is its joint.")
    if d.kind == "linear":
        return (f"The {name_of_activation(a)} keeps each line where it is positive and "
                f"multiplies it by {fmt(a.params['alpha'])} where it is below zero (shaded): "
                f"{below}. The corner is the unit's joint.")
    if d.kind == "step":
        return (f"Each unit is 1 where its line is at or above zero and 0 below (shaded): {below}. "
                "It jumps where its line crosses zero.")
    at_zero = fmt(float(a(np.zeros(1))[0]))
    crossings = listing([f"unit {k + 1} at x = {crossing_text(d, k)}" for k in units])
    if a.name == "sigmoid":
        return (f"The sigmoid squashes each line into (0, 1): no unit is ever fully off or fully "
                f"on. Each is half on, h_d = {at_zero}, where its line crosses zero: {crossings}.")
    return f"The {a.name} bends each line; h_d = a[0] = {at_zero} where its line crosses zero: {crossings}."


def weight_note(d: UnitsData) -> str:
    net, units = d.net, range(d.net.hidden_dim)
    weights = listing([f"phi_{k + 1} = {fmt(net.phi[k + 1])}" for k in units])
    negative = [k + 1 for k in units if net.phi[k + 1] < 0]
    flips = (f" A negative phi turns unit{'s' if len(negative) > 1 else ''} {listing(negative)} "
             "upside down." if negative else "")
    if d.kind == "linear":
        slopes = listing([fmt(net.phi[k + 1] * net.theta[k, 1]) for k in units])
        return (f"Each unit is scaled by its weight: {weights}. Where unit d is on, phi_d h_d has "
                f"slope phi_d theta_d1: {slopes}.{flips}")
    if d.kind == "step":
        return (f"Each unit is scaled by its weight: {weights}. So phi_d h_d is 0 where unit d is "
                f"off and phi_d where it is on.{flips}")
    if net.activation.name == "sigmoid":
        return (f"Each unit is scaled by its weight: {weights}. So phi_d h_d runs between 0 and "
                f"phi_d, passing phi_d / 2 where z_d = 0.{flips}")
    return f"Each unit is scaled by its weight: {weights}.{flips}"


def sum_notes(d: UnitsData) -> list[str]:
    net = d.net
    lo, hi = d.interval
    total = f"Adding phi_0 = {fmt(net.phi[0])} and the {net.hidden_dim} weighted units gives the output y"
    if d.kind == "linear":
        regions = d.region_slopes()
        cuts = d.pieces.joints
        where = (f", with {'a joint' if len(cuts) == 1 else 'joints'} at x = "
                 f"{listing([fmt(x, 3) for x in cuts])}" if len(cuts) else "")
        per = listing([f"{fmt(s)} on [{fmt(a)}, {fmt(b)}] ({on_text(units)})"
                       for a, b, s, units in regions])
        rule = (" Each slope is the sum of phi_d theta_d1 over the units that are on."
                if net.activation.name == "relu" else "")
        return [f"{total}: {len(regions)} linear region{'s' if len(regions) != 1 else ''}{where}. "
                f"{net.hidden_dim} units make at most {net.hidden_dim + 1} regions on a line "
                "(an upper bound, one more than the units).",
                f"Slopes: {per}.{rule}"]
    if d.kind == "step":
        bp, values = d.steps.breakpoints, d.steps.values
        per = listing([f"{fmt(v)} on [{fmt(a)}, {fmt(b)}] ({on_text(units)})"
                       for a, b, v, units in zip(bp[:-1], bp[1:], values, d.active)])
        return [f"{total}: {d.steps.num_pieces} constant piece{'s' if d.steps.num_pieces != 1 else ''}, "
                f"jumping where a unit switches. Values: {per}; each is phi_0 plus the phi_d of the "
                "units that are on."]
    y = d.trace.output
    ends = f"from y = {fmt(y[0])} at x = {fmt(lo)} to y = {fmt(y[-1])} at x = {fmt(hi)}"
    if net.activation.name in SMOOTH:
        extremes = ("" if {fmt(y.min()), fmt(y.max())} == {fmt(y[0]), fmt(y[-1])} else
                    f", between {fmt(y.min())} and {fmt(y.max())}")
        return [f"{total}: a smooth curve {ends}{extremes}. The {net.activation.name} has no "
                "kinks, so the output has no linear regions."]
    return [f"{total}, {ends}: curved where a unit's line is below zero, so it is not made of "
            "linear regions the way a ReLU network is."]


def on_text(units) -> str:
    if not units:
        return "no unit on"
    return f"unit {units[0] + 1} on" if len(units) == 1 else f"units {listing([u + 1 for u in units])} on"


def move_note(data: JointsData) -> str:
    k, j = data.moved_unit, data.moved_phi
    start, end = data.start, data.end
    lo, hi = start.interval
    parts = []
    a, b = start.net.theta[k, 0], end.net.theta[k, 0]
    if a != b:
        parts.append(f"unit {k + 1}'s bias theta_{k + 1}0 glides from {fmt(a)} to {fmt(b)}")
    parts.append(f"phi_{j + 1} from {fmt(start.net.phi[j + 1])} to {fmt(end.net.phi[j + 1])}"
                 + (f" (it changes sign: unit {j + 1}'s weighted curve turns over)"
                    if start.net.phi[j + 1] * end.net.phi[j + 1] < 0 else ""))
    text = "Two parameters move: " + listing(parts) + "."
    if a != b and np.isfinite(end.joints[k]):
        point = {"linear": "joint", "step": "jump"}.get(start.kind, "zero crossing")
        if start.net.activation.name == "sigmoid":
            point = "half-on point"
        before, after = start.joints[k], end.joints[k]
        outside = "" if lo <= after <= hi else f", outside [{fmt(lo)}, {fmt(hi)}]"
        text += (f" Unit {k + 1}'s {point} moves from x = {fmt(before, 3)} to "
                 f"x = {fmt(after, 3)}{outside}")
        if start.kind == "smooth":
            text += ("; the output stays a smooth curve." if start.net.activation.name in SMOOTH
                     else ".")
        else:
            noun = "linear regions" if start.kind == "linear" else "constant pieces"
            n0, n1 = start.num_pieces(), end.num_pieces()
            text += (f", and the output goes from {n0} to {n1} {noun}." if n0 != n1 else
                     f"; the output keeps {n0} {noun}.")
    return text
