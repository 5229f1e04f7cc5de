"""One input, four hidden units, two outputs (UDL Fig. 3.6).

The four clipped units h_d = a[theta_d0 + theta_d1 x] are computed once (step 1). Output 1
weights them by phi_1d and adds phi_10 (step 2), output 2 weights the same units by phi_2d and
adds phi_20 (step 3): two different functions. Both bend only where a unit switches, so they
share the joints, drawn as dotted verticals through both output panels (step 4); each output
has its own slopes on the same linear regions (step 5). Every vertex comes from nnmath.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, DashedLine, Dot, FadeIn, FadeOut, ReplacementTransform,
    Transform, VGroup, Write,
)

import nnmath
from scenes.common import BODY, LABEL, LectureScene, affine_tex, fmt, nice_range, spread_row, step
from scenes.joints import listing

UNIT_X, UNIT_W = -4.75, 3.5  # the column of unit panels
UNIT_TOP, UNIT_BOTTOM = 3.0, -3.05  # from the first unit's label to the last panel's ticks
OUT_X, OUT_W, OUT_H = 2.55, 7.0, 2.05  # the two output panels, one above the other
OUT_YS = (1.12, -2.0)


@dataclass(frozen=True)
class TwoOutputsData:
    """A 1-input, 2-output shallow network on an interval: what the scene draws.

    edges: (n+1,) the interval's ends and every joint inside it, sorted: each clipped unit and
    each weighted unit is straight between them. activation: (n+1, D) h_d there; weighted:
    (n+1, Do, D) phi_jd h_d there. outputs: per output j, its exact piecewise-linear form
    (nnmath.piecewise_linear of the 1-output network of row j), with neighbouring pieces of
    equal slope merged. active: per region between consecutive edges, the units that are on.
    """

    net: nnmath.ShallowNetwork
    interval: tuple[float, float]
    joints: np.ndarray
    edges: np.ndarray
    activation: np.ndarray
    weighted: np.ndarray
    outputs: tuple[nnmath.PiecewiseLinear, ...]
    active: tuple[tuple[int, ...], ...]
    unit_range: tuple[float, float, float]
    out_range: tuple[float, float, float]

    @classmethod
    def from_params(cls, params: dict) -> TwoOutputsData:
        net, (lo, hi) = params["net"], params["interval"]
        joints = net.joints()
        inside = np.sort(joints[np.isfinite(joints) & (joints > lo) & (joints < hi)])
        edges = np.unique(np.concatenate([[lo], inside, [hi]]))
        trace = net.forward(edges)
        outputs = tuple(nnmath.piecewise_linear(net.output(j), lo, hi) for j in range(net.output_dim))
        middles = net.forward(0.5 * (edges[:-1] + edges[1:])).active
        active = tuple(tuple(int(d) for d in np.flatnonzero(row)) for row in middles)
        unit_range = nice_range(np.concatenate([trace.activation.ravel(), trace.weighted.ravel(),
                                                [0.0, 1.0]]))
        out_range = nice_range(np.concatenate([trace.output.ravel(), [-1.0, 1.0]]))
        return cls(net, (lo, hi), joints, edges, trace.activation, trace.weighted, outputs, active,
                   unit_range, out_range)

    def units_text(self) -> list[str]:
        return [f"h_{d + 1} = a[{affine_tex(self.net.theta[d, 0], self.net.theta[d, 1:], ['x'])}]"
                for d in range(self.net.hidden_dim)]

    def joints_text(self) -> str:
        lo, hi = self.interval
        parts = []
        for d, x in enumerate(self.joints):
            where = "no joint (theta_d1 = 0)" if not np.isfinite(x) else f"x = {fmt(x, 3)}" + (
                "" if lo < x < hi else f" (outside [{fmt(lo)}, {fmt(hi)}])")
            parts.append(f"unit {d + 1} at {where}")
        return listing(parts)


class TwoOutputs(LectureScene):
    """Storyboard: the shared units, output 1, output 2, the shared joints, the regions."""

    def construct(self) -> None:
        self.data = TwoOutputsData.from_params(self.params)
        self.show_units()
        self.weight(0)
        self.weight(1)
        self.share_joints()
        self.show_regions()

    # --- step 1: the clipped units, computed once --------------------------------------------
    @step
    def show_units(self) -> None:
        d = self.data
        net = d.net
        self.heading = self.title(f"One input, {net.hidden_dim} hidden units, two outputs")
        count = net.hidden_dim
        slot = (UNIT_TOP - UNIT_BOTTOM - 0.35) / count
        height = slot - 0.62
        self.panels, self.names = VGroup(), VGroup()
        for k in range(count):
            top = UNIT_TOP - k * slot
            panel = self.axes(d.interval, d.unit_range, UNIT_W, height, "x" if k == count - 1 else "", "")
            # frames aligned (the last panel's "x" name must not shift it)
            corner = panel.c2p(panel.x_range[0], panel.y_range[0])
            panel.shift(np.array([UNIT_X - UNIT_W / 2, top - 0.45 - height, 0]) - corner)
            if k < count - 1:
                panel.drop_x_ticks()
            self.panels.add(panel)
            self.names.add(self.clipped_label(k))
        self.curves = VGroup(*(self.unit_curve(k, d.activation[:, k]) for k in range(count)))
        self.dots = VGroup(*(Dot(self.panels[k].c2p(x, 0), radius=0.07, color=self.theme.line(k))
                             for k, x in enumerate(d.joints)
                             if np.isfinite(x) and d.interval[0] < x < d.interval[1]))
        self.play(Write(self.heading), run_time=1)
        self.play(*(Create(p) for p in self.panels), FadeIn(self.names), run_time=2)
        inside = [x for x in d.joints if np.isfinite(x) and d.interval[0] < x < d.interval[1]]
        self.intro = VGroup(
            self.prose("The hidden units are computed once:", size=BODY),
            self.tex(r"h_d = \mathrm{a}[\theta_{d0} + \theta_{d1}x]", size=BODY),
            self.prose(f"joints at $x = {', '.join(fmt(x, 3) for x in inside)}$", size=BODY),
            self.prose("Each output weights them in its own way:", size=BODY),
            self.tex(r"y_j = \phi_{j0} + \sum_d \phi_{jd}\, h_d", size=BODY),
        ).arrange(DOWN, buff=0.35).move_to([OUT_X, 0, 0])
        self.play(*(Create(c) for c in self.curves), FadeIn(self.dots), FadeIn(self.intro), run_time=2.5)
        self.say(f"The {count} hidden units of a shallow network with one input and "
                 f"{net.output_dim} outputs, each a line clipped by the ReLU: "
                 f"{listing(d.units_text())}. Their joints: {d.joints_text()}.",
                 "These clipped units are computed once and shared by both outputs.")
        self.wait(2)

    # --- steps 2 and 3: output j weights the same units -----------------------------------------
    @step
    def weight(self, j: int) -> None:
        d = self.data
        net = d.net
        phi = net.phi[j]
        lo, hi = d.interval
        if j == 0:
            self.outs, self.captions, self.graphs = VGroup(), VGroup(), VGroup()
        out = self.axes(d.interval, d.out_range, OUT_W, OUT_H, "x", f"y_{j + 1}")
        out.move_to([OUT_X, OUT_YS[j], 0])
        if j == 0:
            out.drop_x_ticks()
        units = [f"h_{k + 1}" for k in range(net.hidden_dim)]
        caption = self.tex(f"y_{j + 1} =", affine_tex(phi[0], phi[1:], units), size=BODY)
        caption.next_to(out, UP, buff=0.12).align_to(out, LEFT).shift(RIGHT * 0.45)
        self.outs.add(out)
        self.captions.add(caption)
        self.play(Create(out), Write(caption), *([FadeOut(self.intro)] if j == 0 else []), run_time=1.5)
        # each unit's curve becomes phi_jd h_d in its own panel
        weight = lambda k: rf"\phi_{{{j + 1}{k + 1}}}"  # noqa: E731
        names = VGroup(*(self.unit_label(k, rf"{weight(k)} h_{k + 1},\ {weight(k)} = {fmt(phi[k + 1])}")
                         for k in range(net.hidden_dim)))
        weighted = [self.unit_curve(k, d.weighted[:, j, k]) for k in range(net.hidden_dim)]
        self.play(*(Transform(c, w) for c, w in zip(self.curves, weighted)),
                  ReplacementTransform(self.names, names), FadeOut(self.dots), run_time=2.5)
        self.names = names
        self.weighted_drawn = getattr(self, "weighted_drawn", []) + [
            np.array([self.panels[k].p2c(p)[:2] for p in self.curves[k].get_anchors()])
            for k in range(net.hidden_dim)]  # (x, y) of the corners of phi_jd h_d as drawn
        # the weighted units and phi_j0 move into output j and add up
        pieces = [self.polyline(out, d.edges, d.weighted[:, j, k], self.theme.line(k), width=4,
                                clip=out.y_range[:2]) for k in range(net.hidden_dim)]
        bias = self.polyline(out, [lo, hi], [phi[0]] * 2, self.theme.guide, width=4)
        self.play(*(ReplacementTransform(c.copy(), p) for c, p in zip(self.curves, pieces)), Create(bias),
                  run_time=2)
        graph = self.output_graph(j)
        self.play(*(ReplacementTransform(p, graph) for p in pieces), FadeOut(bias), run_time=2)
        self.graphs.add(graph)
        pl = d.outputs[j]
        self.say(f"Output {j + 1} weights the same clipped units: phi_{j + 1}0 = {fmt(phi[0])} and "
                 + listing([f"phi_{j + 1}{k + 1} = {fmt(phi[k + 1])}" for k in range(net.hidden_dim)])
                 + f". Adding them gives y_{j + 1}, from {fmt(pl.values[0])} at x = {fmt(lo)} to "
                 f"{fmt(pl.values[-1])} at x = {fmt(hi)}"
                 + (", a different function from y_1 built from the same units." if j else "."))
        self.wait(1.5)

    # --- step 4: the joints are shared --------------------------------------------------------
    @step
    def share_joints(self) -> None:
        d = self.data
        net = d.net
        # the unit panels go back to the clipped units: the joints belong to them
        names = VGroup(*(self.clipped_label(k) for k in range(net.hidden_dim)))
        clipped = [self.unit_curve(k, d.activation[:, k]) for k in range(net.hidden_dim)]
        top = self.outs[0]
        lo, hi = d.interval
        self.joint_lines, self.joint_x, labels = VGroup(), [], VGroup()
        for k, x in enumerate(d.joints):
            if not (np.isfinite(x) and lo < x < hi):
                continue
            # one dotted line per output panel, at the same x (the caption between stays clear)
            self.joint_lines.add(VGroup(*(
                DashedLine(out.c2p(x, out.y_range[0]), out.c2p(x, out.y_range[1]), dash_length=0.06,
                           dashed_ratio=0.4, color=self.theme.line(k), stroke_width=3)
                for out in self.outs)))
            self.joint_x.append(x)
            labels.add(self.tex(f"x = {fmt(x, 3)}", size=LABEL, color=self.theme.label(k)))
        for label in labels:
            label.next_to(self.captions[0], UP, buff=0.1)
        spread_row(labels, [line.get_x() for line in self.joint_lines], gap=0.2,
                   left=top.get_left()[0], right=7.0)
        self.joint_labels = labels
        self.play(*(Transform(c, w) for c, w in zip(self.curves, clipped)),
                  ReplacementTransform(self.names, names), FadeIn(self.dots), run_time=1.5)
        self.names = names
        self.play(Create(self.joint_lines), run_time=2)
        self.play(FadeIn(self.joint_labels), run_time=1)
        self.say(f"Both outputs bend only where a hidden unit switches on or off, so they share the "
                 f"joints: {listing([fmt(x, 3) for x in self.joint_x])} (dotted, through both "
                 "panels). Only the slopes and heights between the joints differ.")
        self.wait(2.5)

    # --- step 5: the same regions, different slopes -------------------------------------------
    @step
    def show_regions(self) -> None:
        d = self.data
        self.slope_labels = VGroup()
        for j, pl in enumerate(d.outputs):
            self.slope_labels.add(self.slope_row(j, pl))
        counts = [pl.num_regions for pl in d.outputs]
        same = len(set(counts)) == 1
        words = (f"numbers: slopes; {counts[0]} linear regions each, same joints" if same else
                 f"numbers: slopes; {counts[0]} and {counts[1]} regions (a zero weight drops a joint)")
        self.summary = self.prose(words, size=BODY).move_to([OUT_X, -3.72, 0])
        self.play(FadeIn(self.slope_labels[0]), run_time=1.5)
        self.play(FadeIn(self.slope_labels[1]), run_time=1.5)
        self.play(Write(self.summary), run_time=1.5)
        notes = []
        for j, pl in enumerate(d.outputs):
            bp = pl.breakpoints
            notes.append(f"y_{j + 1}: {pl.num_regions} linear regions, slopes "
                         + listing([f"{fmt(s)} on [{fmt(a, 3)}, {fmt(b, 3)}]"
                                    for a, b, s in zip(bp[:-1], bp[1:], pl.slopes)]) + ".")
        self.say(*notes, "Each slope is the sum of phi_jd theta_d1 over the units that are on "
                 "there: the same units for both outputs, weighted differently.")
        self.wait(3)

    # --- drawing helpers (the numbers come from TwoOutputsData) -------------------------------
    def unit_label(self, k: int, tex: str):
        panel = self.panels[k]
        label = self.tex(tex, size=LABEL, color=self.theme.label(k))
        return label.next_to(panel, UP, buff=0.08).align_to(panel.frame, LEFT)

    def clipped_label(self, k: int):
        theta = self.data.net.theta[k]
        return self.unit_label(k, rf"h_{k + 1} = \mathrm{{a}}[{affine_tex(theta[0], theta[1:], ['x'])}]")

    def unit_curve(self, k: int, values: np.ndarray):
        panel = self.panels[k]
        return self.polyline(panel, self.data.edges, values, self.theme.line(k), width=4,
                             clip=panel.y_range[:2])

    def output_graph(self, j: int):
        pl, out = self.data.outputs[j], self.outs[j]
        return self.polyline(out, pl.breakpoints, pl.values, self.theme.text, width=5,
                             clip=out.y_range[:2])

    def slope_row(self, j: int, pl: nnmath.PiecewiseLinear) -> VGroup:
        """The slope of output j on each region, in the region's middle, on the side of the
        panel (top or bottom) farther from the graph there."""
        out = self.outs[j]
        y_lo, y_hi = out.y_range[:2]
        bp = pl.breakpoints
        labels = VGroup()
        for a, b, s in zip(bp[:-1], bp[1:], pl.slopes):
            inside = (bp >= a) & (bp <= b)
            high, low = float(pl.values[inside].max()), float(pl.values[inside].min())
            up = (y_hi - high) >= (low - y_lo)
            label = self.tex(fmt(s), size=LABEL, color=self.theme.text)
            label.move_to(out.c2p(0.5 * (a + b), y_hi if up else y_lo))
            label.shift((DOWN if up else UP) * (label.height / 2 + 0.1))
            labels.add(label)
        return labels
