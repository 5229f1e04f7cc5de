"""Two hidden layers, one input: clipping makes new joints (UDL Fig. 4.5, the deep build-up).

The second layer's pre-activations are a shallow network with three outputs: straight lines
between the first layer's joints (dotted), which they share. The ReLU clips each at zero, which
adds a joint wherever it crosses zero (dots); weighted by phi'_k and summed with phi'_0 they
make the output, whose linear regions come from both kinds of joint. Every value comes from
``nnmath.build_up`` (exact breakpoints, zero crossings, and ``piecewise_linear``'s count).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN, UP, Create, DashedLine, Dot, FadeIn, FadeOut, Transform, VGroup, Write,
)

import nnmath
from scenes.common import BODY, LABEL, LectureScene, affine_tex, fmt, nice_range, step
from scenes.regions import listing

PANEL_W, PANEL_H = 3.45, 1.85
PANEL_XS = (-4.45, 0.0, 4.45)
PANEL_Y = 1.0
OUT_W, OUT_H = 11.6, 2.0
OUT_CENTER = np.array([0.35, -2.45, 0.0])
HOLD = 2.5


class Clipping(LectureScene):
    """Storyboard: pre-activations sharing layer 1's joints; clipped; weighted; summed."""

    def construct(self) -> None:
        lo, hi = self.params["interval"]
        self.data = nnmath.build_up(self.params["net"], lo, hi)
        self.show_preactivations()
        self.clip()
        self.weight()
        self.sum()

    # --- the steps ----------------------------------------------------------------------------
    @step
    def show_preactivations(self) -> None:
        """The second layer's pre-activations: one panel each, layer 1's joints dotted."""
        d = self.data
        lo, hi = d.preactivations.interval
        units = d.preactivations.values.shape[1]
        values = np.concatenate([d.preactivations.values.ravel()] + [w.values for w in d.weighted])
        y_range = nice_range(values)
        self.heading = self.title("Two layers: clipping adds joints")
        self.panels = VGroup(*(self.axes((lo, hi), y_range, PANEL_W, PANEL_H, "x", "")
                               .move_to([PANEL_XS[k % 3], PANEL_Y, 0]) for k in range(units)))
        self.names = VGroup(*(self.tex(f"\\psi_{{{k + 1}0}} + \\textstyle\\sum_j \\psi_{{{k + 1}j}} h_j",
                                       size=LABEL, color=self.theme.label(k))
                              .next_to(ax, UP, buff=0.15) for k, ax in enumerate(self.panels)))
        self.lines = VGroup(*(self.polyline(ax, d.preactivations.breakpoints,
                                            d.preactivations.values[:, k], self.theme.line(k))
                              for k, ax in enumerate(self.panels)))
        self.dotted = VGroup(*(self.joint_marks(ax, d.first_joints, dotted=True) for ax in self.panels))
        self.caption(f"Layer 2's {units} pre-activations share layer 1's joints (dotted)")
        self.equations = self.layer_equations()
        self.play(Write(self.heading), FadeIn(self.current), run_time=1.2)
        self.play(*(Create(ax) for ax in self.panels), FadeIn(self.names), run_time=1.5)
        self.play(Create(self.dotted), run_time=1)
        self.play(*(Create(line) for line in self.lines), FadeIn(self.equations), run_time=2)
        joints = listing([fmt(x) for x in d.first_joints]) if len(d.first_joints) else "none"
        self.say(f"The second layer's {units} pre-activations psi_k0 + sum_j psi_kj h_j are a "
                 f"shallow network with {units} outputs: each is straight between the first "
                 f"layer's joints (x = {joints}), which they all share.",
                 f"At x = {', '.join(fmt(x) for x in d.preactivations.breakpoints)} they take the "
                 "values " + "; ".join(f"unit {k + 1}: " + ", ".join(fmt(v) for v in d.preactivations.values[:, k])
                                      for k in range(units)) + ".")
        self.wait(HOLD)

    @step
    def clip(self) -> None:
        """The ReLU clips each at zero: a new joint wherever it crosses zero."""
        d = self.data
        self.caption("The ReLU clips each at 0: a new joint where it crosses 0 (dots)")
        clipped = [self.polyline(ax, c.breakpoints, c.values, self.theme.line(k))
                   for k, (ax, c) in enumerate(zip(self.panels, d.clipped))]
        self.zero_dots = VGroup(*(VGroup(*(Dot(ax.c2p(z, 0), radius=0.08, color=self.theme.highlight)
                                           for z in zeros))
                                  for ax, zeros in zip(self.panels, d.zeros)))
        names = VGroup(*(self.tex(f"h'_{k + 1} = \\mathrm{{a}}[\\,\\cdot\\,]", size=LABEL,
                                  color=self.theme.label(k)).move_to(name)
                         for k, name in enumerate(self.names)))
        self.play(FadeIn(self.zero_dots, scale=1.5), run_time=1.2)
        self.play(*(Transform(line, new) for line, new in zip(self.lines, clipped)),
                  FadeOut(self.names), FadeIn(names), run_time=2.5)
        self.names = names
        self.say("Each pre-activation is clipped by the ReLU: below zero it becomes 0. Where it "
                 "crosses zero it gets a new joint: "
                 + "; ".join(f"unit {k + 1} at x = {listing([fmt(z) for z in zeros]) or 'none'}"
                             for k, zeros in enumerate(d.zeros))
                 + f", {len(d.new_joints)} new joints in all.")
        self.wait(HOLD)

    @step
    def weight(self) -> None:
        """Each clipped unit times its output weight phi'_k."""
        d = self.data
        self.caption("Each is weighted: " + ", ".join(
            f"$\\phi'_{k + 1} = {fmt(w)}$" for k, w in enumerate(d.phi[1:])))
        weighted = [self.polyline(ax, w.breakpoints, w.values, self.theme.line(k))
                    for k, (ax, w) in enumerate(zip(self.panels, d.weighted))]
        names = VGroup(*(self.tex(f"\\phi'_{k + 1} h'_{k + 1}", size=LABEL, color=self.theme.label(k))
                         .move_to(name) for k, name in enumerate(self.names)))
        dots = VGroup(*(VGroup(*(Dot(ax.c2p(z, 0), radius=0.08, color=self.theme.highlight)
                                 for z in zeros)) for ax, zeros in zip(self.panels, d.zeros)))
        self.play(*(Transform(line, new) for line, new in zip(self.lines, weighted)),
                  FadeOut(self.names), FadeIn(names), Transform(self.zero_dots, dots), run_time=2.5)
        self.names = names
        self.say("Each clipped unit is multiplied by its output weight: "
                 + ", ".join(f"phi'_{k + 1} = {fmt(w)}" for k, w in enumerate(d.phi[1:]))
                 + "; a negative weight flips it. The joints stay where they are.")
        self.wait(HOLD)

    @step
    def sum(self) -> None:
        """Summed with phi'_0 into the output: its joints are both kinds; the count."""
        d = self.data
        out = d.output
        lo, hi = out.interval
        self.out_ax = self.axes((lo, hi), nice_range(out.values), OUT_W, OUT_H, "x", "y")
        self.out_ax.move_to(OUT_CENTER)
        self.graph = self.polyline(self.out_ax, out.breakpoints, out.values, self.theme.text, 5)
        first = self.joint_marks(self.out_ax, d.first_joints, dotted=True)
        new = self.joint_marks(self.out_ax, d.new_joints, dotted=False)
        joints = len(out.joints)
        kinds = f"{len(d.first_joints)} of layer 1 + {len(d.new_joints)} zero crossings"
        survived = "" if joints == len(d.first_joints) + len(d.new_joints) else \
            f" ({joints} of them change the slope)"
        self.caption(f"$y = \\phi'_0 + \\sum_k \\phi'_k h'_k$: \\textbf{{{d.num_regions} linear "
                     f"regions}}, joints: {kinds}{survived}")
        self.play(FadeOut(self.equations), run_time=0.6)
        self.play(Create(self.out_ax), Create(first), Create(new), run_time=1.5)
        self.play(Create(self.graph), run_time=3)
        self.say(f"Summed with phi'_0 = {fmt(d.phi[0])}, the output y has {d.num_regions} linear "
                 f"regions on [{fmt(lo)}, {fmt(hi)}] (exact breakpoints): its {joints} joints are "
                 f"the {len(d.first_joints)} joints of layer 1 (dotted) and the "
                 f"{len(d.new_joints)} zero crossings of the pre-activations (dashed){survived}.")
        self.wait(HOLD + 0.5)

    # --- pieces -------------------------------------------------------------------------------
    def caption(self, text: str) -> None:
        """The step's one-line caption under the title (replacing the last)."""
        line = self.prose(text, size=BODY)
        if line.width > 13.4:  # a smaller size, never below the floor
            line = self.prose(text, size=LABEL)
        line.next_to(self.heading, DOWN, buff=0.2)
        if getattr(self, "current", None) is not None and self.current in self.mobjects:
            self.play(FadeOut(self.current), FadeIn(line), run_time=0.8)
        self.current = line

    def layer_equations(self) -> VGroup:
        """Layer 1's units and the pre-activations with the network's numbers, under the panels."""
        net = self.data.net
        names = [f"h_{j + 1}" for j in range(net.widths[0])]
        first = r",\quad ".join(f"{h} = \\mathrm{{a}}[{affine_tex(b, w, ['x'])}]"
                          for h, b, w in zip(names, net.betas[0], net.omegas[0]))
        rows = [self.tex(first, size=LABEL, color=self.theme.muted)]
        for k, (b, w) in enumerate(zip(net.betas[1], net.omegas[1])):
            rows.append(self.tex(f"\\psi_{{{k + 1}0}} + \\textstyle\\sum_j \\psi_{{{k + 1}j}} h_j = "
                                 f"{affine_tex(b, w, names)}", size=BODY, color=self.theme.label(k)))
        group = VGroup(*rows).arrange(DOWN, buff=0.22)
        return group.move_to(OUT_CENTER + UP * 0.1)

    def joint_marks(self, ax, xs, dotted: bool) -> VGroup:
        """Vertical lines at xs across the panel: dotted (layer 1's joints) or dashed (new)."""
        y0, y1 = ax.y_range[:2]
        colour = self.theme.guide if dotted else self.theme.highlight
        return VGroup(*(DashedLine(ax.c2p(x, y0), ax.c2p(x, y1), dash_length=0.04 if dotted else 0.1,
                                   dashed_ratio=0.35 if dotted else 0.6, color=colour, stroke_width=2.5)
                        for x in xs))
