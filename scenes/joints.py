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

from dataclasses import dataclass, replace

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, DashedLine, DecimalNumber, Dot, FadeIn, FadeOut, Indicate,
    Integer, Rectangle, ReplacementTransform, Transform, ValueTracker, VGroup, Write,
    always_redraw, smooth,
)

import nnmath
from scenes.common import BODY, LABEL, LectureScene, fmt, nice_range, place_clear, shallow_tex

UNIT_W, UNIT_H = 3.7, 1.45
UNIT_X, UNIT_YS = -3.75, (1.25, -0.65, -2.55)
OUT_W, OUT_H = 6.3, 4.2
OUT_CENTER = np.array([3.05, -0.75, 0.0])
STAGES = ("line", "activation", "weighted")


@dataclass(frozen=True)
class UnitsData:
    """One network on one interval: every curve, joint and region the scene draws.

    x: (N,) drawing abscissae (a grid plus every joint, with both sides of a Heaviside step);
    trace: nnmath's forward pass at x; joints: (D,) (NaN for a unit with theta_d1 = 0);
    pieces: the exact linear regions (None for curved activations); active: per region, the
    units switched on; y_range: (lo, hi, step) shared by every panel.
    """

    net: nnmath.ShallowNetwork
    interval: tuple[float, float]
    x: np.ndarray
    trace: nnmath.ShallowTrace
    joints: np.ndarray
    pieces: nnmath.PiecewiseLinear | None
    active: tuple[tuple[int, ...], ...]
    y_range: tuple[float, float, float]

    @classmethod
    def build(cls, net: nnmath.ShallowNetwork, interval, y_range=None) -> UnitsData:
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
        pieces, active = None, ()
        if net.activation.piecewise_linear:
            pieces = nnmath.piecewise_linear(net, lo, hi, merge=False)
            middles = 0.5 * (pieces.breakpoints[:-1] + pieces.breakpoints[1:])
            on = net.forward(middles).active
            active = tuple(tuple(int(d) for d in np.flatnonzero(row)) for row in on)
        if y_range is None:
            y_range = nice_range(np.concatenate([trace.preactivation.ravel(), trace.weighted.ravel(),
                                                 trace.output, [-1.0, 1.0]]))
        return cls(net, (lo, hi), x, trace, joints, pieces, active, y_range)

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
        shared = nice_range([*start_.y_range[:2], *end_.y_range[:2]])  # one scale for both
        return cls(replace(start_, y_range=shared), replace(end_, y_range=shared), unit, other)

    def between(self, t: float) -> UnitsData:
        """The network a fraction t of the way from start to end (parameters interpolated)."""
        a, b = self.start.net, self.end.net
        net = nnmath.ShallowNetwork((1 - t) * a.theta + t * b.theta, (1 - t) * a.phi + t * b.phi,
                                    a.activation)
        return UnitsData.build(net, self.start.interval, self.start.y_range)


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
    def show_equation(self) -> None:
        net = self.data.start.net
        name = net.activation.name
        self.heading = self.title(f"A shallow network, one hidden unit at a time ({name_of(name)})")
        self.equation = self.tex(*shallow_tex(net.theta, net.phi, keep_all=True))
        self.equation.next_to(self.heading, DOWN, buff=0.25)
        if self.equation.width > 13.4:
            self.equation.scale_to_fit_width(13.4)
        self.play(Write(self.heading), run_time=1)
        self.play(Write(self.equation), run_time=2)

    # --- step 1: one line per unit, its term lights up -----------------------------------------
    def show_lines(self) -> None:
        d = self.data.start
        lo, hi = d.interval
        self.panels = VGroup(*(self.axes((lo, hi), d.y_range, UNIT_W, UNIT_H, "x", "")
                               .move_to([UNIT_X, y, 0]) for y in UNIT_YS))
        self.names = VGroup(*(self.tex(f"z_{k + 1}", size=LABEL, color=self.color(k))
                              for k in range(len(self.panels))))
        for name, ax in zip(self.names, self.panels):
            name.next_to(ax, LEFT, buff=0.12)
        self.curves = VGroup(*(self.curve(d, "line", k) for k in range(len(self.panels))))
        self.play(*(Create(ax) for ax in self.panels), run_time=1)
        for k in range(len(self.panels)):
            term = self.equation[k + 2]
            self.play(term.animate.set_color(self.color(k)), Create(self.curves[k]),
                      FadeIn(self.names[k]), run_time=1.2)
        self.wait(0.5)

    # --- step 2: clipping at the joints ------------------------------------------------------
    def clip(self) -> None:
        d = self.data.start
        self.shades = VGroup(*(self.shade(d, k) for k in range(len(self.panels))))
        self.joint_marks = VGroup(*(self.joint_mark(d, k) for k in range(len(self.panels))))
        names = VGroup(*(self.tex(f"h_{k + 1}", size=LABEL, color=self.color(k)).move_to(n, RIGHT)
                         for k, n in enumerate(self.names)))
        note = self.prose(f"clip: $h_d = {self.data.start.net.activation.latex}"
                          r"[\theta_{d0} + \theta_{d1}x]$", size=LABEL)
        self.step_note = note.next_to(self.panels, DOWN, buff=0.15).align_to(self.panels, LEFT)
        self.play(FadeIn(self.joint_marks), FadeIn(self.step_note), run_time=1)
        self.play(FadeIn(self.shades),
                  *(Transform(c, self.curve(d, "activation", k)) for k, c in enumerate(self.curves)),
                  Transform(self.names, names), run_time=2)
        self.wait(0.8)

    # --- step 3: weighting by phi_d ----------------------------------------------------------
    def weight(self) -> None:
        d = self.data.start
        phi = d.net.phi
        names = VGroup(*(self.tex(f"{fmt(phi[k + 1])}\\,h_{k + 1}", size=LABEL, color=self.color(k))
                         .move_to(n, RIGHT) for k, n in enumerate(self.names)))
        note = self.prose(r"weight: $\phi_d h_d$", size=LABEL).move_to(self.step_note, LEFT)
        self.play(*(Transform(c, self.curve(d, "weighted", k)) for k, c in enumerate(self.curves)),
                  Transform(self.names, names), Transform(self.step_note, note), run_time=2)
        self.wait(0.8)

    # --- step 4: summing into the output ------------------------------------------------------
    def sum(self) -> None:
        d = self.data.start
        lo, hi = d.interval
        self.out = self.axes((lo, hi), d.y_range, OUT_W, OUT_H, "x", "y").move_to(OUT_CENTER)
        caption = self.prose(r"$y = \phi_0 + \sum_d \phi_d h_d$", size=BODY)
        self.out_caption = caption.next_to(self.out, UP, buff=0.05)
        self.play(Create(self.out), FadeIn(self.out_caption), run_time=1)
        pieces = [self.curve(d, "weighted", k, ax=self.out) for k in range(len(self.panels))]
        bias = self.polyline(self.out, [lo, hi], [d.net.phi[0]] * 2, self.theme.guide, width=4)
        self.play(*(ReplacementTransform(c.copy(), p) for c, p in zip(self.curves, pieces)),
                  Create(bias), self.equation[1].animate.set_color(self.theme.highlight), run_time=1.5)
        self.output = self.output_curve(d)
        self.play(*(ReplacementTransform(p, self.output) for p in pieces), FadeOut(bias), run_time=2)
        self.joint_lines = self.joint_verticals(d)
        self.count = Integer(len(d.region_slopes()) or 0, font_size=BODY, color=self.theme.text)
        self.play(Create(self.joint_lines), run_time=1)
        if d.pieces is not None:
            self.slope_labels = self.region_labels(d)
            rule = self.prose(r"slope of a region $= \sum_{d\ \mathrm{active}} \phi_d\theta_{d1}$",
                              size=LABEL)
            self.rule = rule.next_to(self.out, DOWN, buff=0.2)
            words = self.prose("linear regions", size=BODY)
            self.count_label = VGroup(self.count, words).arrange(RIGHT, buff=0.15)
            self.count_label.next_to(self.out, UP, buff=0.05).align_to(self.out, RIGHT)
            self.play(self.out_caption.animate.align_to(self.out, LEFT), run_time=0.5)
            self.play(FadeIn(self.slope_labels), Write(self.rule), FadeIn(self.count_label),
                      run_time=1.5)
            self.play(Indicate(self.count, color=self.theme.highlight))
        self.wait(2)

    # --- step 5: two parameters glide, everything follows ----------------------------------------
    def move_parameters(self) -> None:
        data = self.data
        t = ValueTracker(0.0)
        current = lambda: data.between(t.get_value())  # noqa: E731
        k, j = data.moved_unit, data.moved_phi
        start, end = data.start.net, data.end.net
        readout = VGroup(
            self.tex(rf"\theta_{{{k + 1}0}} ="), self.number(lambda: current().net.theta[k, 0]),
            self.tex(rf"\phi_{{{j + 1}}} ="), self.number(lambda: current().net.phi[j + 1]),
        ).arrange(RIGHT, buff=0.15)
        readout[2:].shift(RIGHT * 0.5)
        note = self.prose(
            f"$\\theta_{{{k + 1}0}}$: {fmt(start.theta[k, 0])} $\\to$ {fmt(end.theta[k, 0])}, "
            f"$\\phi_{{{j + 1}}}$: {fmt(start.phi[j + 1])} $\\to$ {fmt(end.phi[j + 1])}", size=LABEL)
        note.move_to(self.step_note, LEFT)
        readout.move_to(self.step_note, LEFT)
        labels = [getattr(self, "slope_labels", VGroup()), getattr(self, "rule", VGroup())]
        self.play(FadeOut(VGroup(*labels)), Transform(self.step_note, note), run_time=1)
        self.play(FadeOut(self.step_note), FadeIn(readout), run_time=0.5)
        live = [
            (self.curves, lambda: VGroup(*(self.curve(current(), "weighted", u)
                                           for u in range(len(self.panels))))),
            (self.shades, lambda: VGroup(*(self.shade(current(), u) for u in range(len(self.panels))))),
            (self.joint_marks, lambda: VGroup(*(self.joint_mark(current(), u, label=False)
                                                for u in range(len(self.panels))))),
            (self.output, lambda: self.output_curve(current())),
            (self.joint_lines, lambda: self.joint_verticals(current())),
        ]
        for m, _ in live:  # the groups and their members (some were added one by one)
            self.remove(m, *m.submobjects)
        redrawn = [always_redraw(make) for _, make in live]
        self.add(*redrawn)
        if data.start.pieces is not None:
            self.count.add_updater(lambda m: m.set_value(len(current().region_slopes())))
        self.play(t.animate.set_value(1.0), run_time=5, rate_func=smooth)
        self.count.clear_updaters()
        for m in redrawn:
            m.clear_updaters()
        self.curves, self.shades, _, self.output, self.joint_lines = redrawn
        end_data = data.end
        marks = VGroup(*(self.joint_mark(end_data, u) for u in range(len(self.panels))))
        equation = self.tex(*shallow_tex(end.theta, end.phi, keep_all=True)).move_to(self.equation)
        if equation.width > 13.4:
            equation.scale_to_fit_width(13.4)
        for u in range(len(self.panels)):
            equation[u + 2].set_color(self.color(u))
        equation[1].set_color(self.theme.highlight)
        names = VGroup(*(self.tex(f"{fmt(end.phi[u + 1])}\\,h_{u + 1}", size=LABEL, color=self.color(u))
                         .move_to(n, RIGHT) for u, n in enumerate(self.names)))
        self.play(FadeOut(redrawn[2]), FadeIn(marks), Transform(self.equation, equation),
                  Transform(self.names, names), run_time=1)
        self.joint_marks = marks
        if end_data.pieces is not None:
            self.play(FadeIn(self.region_labels(end_data)), Indicate(self.count, color=self.theme.highlight),
                      run_time=1.5)
        self.wait(2.5)

    # --- drawing helpers (no math: everything comes from UnitsData) -------------------------
    def color(self, k: int) -> str:
        return self.theme.series[k % len(self.theme.series)]

    def curve(self, d: UnitsData, stage: str, k: int, ax=None):
        ax = ax or self.panels[k]
        lo, hi = ax.y_range[:2]
        return self.polyline(ax, d.x, np.clip(d.stage(stage, k), lo, hi), self.color(k), width=4)

    def output_curve(self, d: UnitsData):
        lo, hi = self.out.y_range[:2]
        return self.polyline(self.out, d.x, np.clip(d.trace.output, lo, hi), self.theme.text, width=5)

    def shade(self, d: UnitsData, k: int) -> VGroup:
        ax = self.panels[k]
        y0, y1 = ax.y_range[:2]
        boxes = VGroup()
        for a, b in d.inactive_spans(k):
            corner0, corner1 = ax.c2p(a, y0), ax.c2p(b, y1)
            box = Rectangle(width=max(corner1[0] - corner0[0], 1e-3), height=corner1[1] - corner0[1],
                            stroke_width=0, fill_color=self.theme.shade, fill_opacity=1)
            boxes.add(box.move_to((corner0 + corner1) / 2))
        boxes.set_z_index(-1)
        return boxes

    def joint_mark(self, d: UnitsData, k: int, label: bool = True) -> VGroup:
        """A dot where unit k's line crosses zero, labelled with its x (if inside the interval)."""
        ax, joint = self.panels[k], d.joints[k]
        lo, hi = d.interval
        if not (np.isfinite(joint) and lo <= joint <= hi):
            return VGroup()
        mark = VGroup(Dot(ax.c2p(joint, 0), radius=0.07, color=self.color(k)))
        if label:
            text = self.tex(f"x = {fmt(joint, 3)}", size=LABEL - 4, color=self.color(k))
            text.next_to(ax.c2p(joint, 0), UP + (LEFT if d.net.theta[k, 1] < 0 else RIGHT), buff=0.08)
            mark.add(place_clear(text, [ax], UP * 0.25))
        return mark

    def joint_verticals(self, d: UnitsData) -> VGroup:
        lo, hi = d.interval
        y0, y1 = self.out.y_range[:2]
        return VGroup(*(DashedLine(self.out.c2p(j, y0), self.out.c2p(j, y1), dash_length=0.08,
                                   color=self.color(k), stroke_width=2.5)
                        for k, j in enumerate(d.joints) if np.isfinite(j) and lo < j < hi))

    def region_labels(self, d: UnitsData) -> VGroup:
        """Each region's slope, at the bottom of the output panel, in the region's middle."""
        y0 = self.out.y_range[0]
        labels = VGroup()
        for a, b, slope, _ in d.region_slopes():
            label = self.tex(fmt(slope), size=LABEL - 2)
            label.move_to(self.out.c2p(0.5 * (a + b), y0)).shift(UP * 0.3)
            labels.add(label)
        return labels

    def number(self, value) -> DecimalNumber:
        number = DecimalNumber(value(), num_decimal_places=2, font_size=BODY, color=self.theme.text)
        number.add_updater(lambda m: m.set_value(value()))
        return number


def name_of(activation: str) -> str:
    return {"relu": "ReLU", "sigmoid": "sigmoid", "heaviside": "Heaviside"}.get(activation, activation)

