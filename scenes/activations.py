"""Activation functions: sigmoid, tanh and ReLU with their derivatives, tanh made from the
sigmoid, and the book's zoo (UDL section 3.1.1, Fig. 3.13; deck 001's activation slides).

Part 1: the three functions over their derivatives (sig' = sig(1 - sig), tanh' = 1 - tanh^2,
ReLU' = 0 or 1), where the sigmoid saturates (sig' below a stated threshold, shaded, with its
numbers), and ReLU's derivative of 1 wherever the unit is active. Part 2: the sigmoid morphs
into tanh in three computed moves (squeeze z by 2, stretch by 2, shift down by 1) and lands on
tanh. Part 3: the zoo in four families, two panels per slide. Every curve is nnmath's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DL, DOWN, LEFT, RIGHT, UP, Circle, Create, DashedLine, DashedVMobject, Dot, FadeIn, FadeOut, Group, Line, Rectangle,
    UpdateFromAlphaFunc, VGroup, Write,
)

import nnmath
from nnlecture.tex import zoo_label
from scenes.common import BODY, LABEL, FadeAway, LectureScene, fmt, step

Z_RANGE = (-6.0, 6.0, 6.0)
ZOO_Z = (-4.0, 4.0, 4.0)
ZOO_Y = (-2.0, 4.0, 2.0)
MORPH_Z = (-5.0, 5.0, 1.0)
#: (name, formula, derivative formula, y range of the function, of its derivative)
THREE = (
    ("sigmoid", r"\mathrm{sig}(z) = \frac{1}{1 + e^{-z}}",
     r"\mathrm{sig}'(z) = \mathrm{sig}(z)\,(1 - \mathrm{sig}(z))", (0.0, 1.0, 0.5), (0.0, 0.3, 0.1)),
    ("tanh", r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", r"\tanh'(z) = 1 - \tanh^2(z)",
     (-1.0, 1.0, 1.0), (0.0, 1.5, 0.5)),
    ("relu", r"\mathrm{ReLU}(z) = \max(0, z)",
     r"\mathrm{ReLU}'(z) = \begin{cases} 0 & z < 0 \\ 1 & z > 0 \end{cases}", (0.0, 6.0, 3.0),
     (0.0, 1.5, 0.5)),
)


#: The zoo families' headings on screen.
ZOO_HEADINGS = {"ReLU and leaky kin": "ReLU and its leaky kin", "smooth ReLU-like": "smooth, ReLU-like",
                "exponential for z < 0": r"exponential for $z < 0$",
                "Swish z sig(beta z)": r"Swish: $z\,\mathrm{sig}(\beta z)$"}


@dataclass(frozen=True)
class ActivationsData:
    """What the scene draws, from nnmath: sample points, the saturation z* of sig and tanh,
    the morph's curves and the zoo."""

    z: np.ndarray
    threshold: float
    z_sat: float
    tanh_sat: float
    zoo: tuple

    @classmethod
    def from_params(cls, params: dict) -> "ActivationsData":
        threshold = params["threshold"]
        zoo = nnmath.activation_zoo(params["leaky_alpha"], params["prelu_alpha"],
                                    params["elu_alphas"], params["swish_betas"])
        return cls(np.linspace(*Z_RANGE[:2], 241), threshold, nnmath.sigmoid_saturation(threshold),
                   nnmath.tanh_saturation(threshold), zoo)


def curve_points(activation: nnmath.Activation, lo: float, hi: float, n: int = 161) -> tuple:
    """(z, a(z)) to draw: the exact corners for a kinked function (plus its kink at 0), a dense
    sample for a smooth one."""
    z = np.unique(np.concatenate([np.linspace(lo, hi, n), [0.0] if lo < 0 < hi else []]))
    return z, activation(z)


class Activations(LectureScene):
    """Storyboard: functions, derivatives, saturation, ReLU's gradient, the morph into tanh,
    the two curves coinciding, the zoo (two slides)."""

    def construct(self) -> None:
        self.data = ActivationsData.from_params(self.params)
        self.functions()
        self.derivatives()
        self.saturation()
        self.relu_gradient()
        self.morph()
        self.coincide()
        self.zoo(0)
        self.zoo(2)

    # --- part 1: three functions and their derivatives -------------------------------------
    def place(self, ax, column: int, row: int) -> None:
        """Put the panel's frame: bottom edge at y = 0.45 (row 0) or -2.75 (row 1), centred
        on its column."""
        frame_centre = ax.frame.get_center()
        ax.shift(np.array([(column - 1) * 4.65 - frame_centre[0],
                           (0.45 if row == 0 else -2.7) - ax.frame.get_bottom()[1], 0]))

    @step
    def functions(self) -> None:
        self.heading = self.title("Three activation functions")
        self.top, self.top_curves, self.top_formulas = [], [], []
        for k, (name, formula, _, y_range, _) in enumerate(THREE):
            ax = self.axes(Z_RANGE, y_range, 3.3, 1.6, x_label="z", y_label="")
            self.place(ax, k, 0)
            act = nnmath.get_activation(name)
            z, a = curve_points(act, *Z_RANGE[:2])
            curve = self.polyline(ax, z, a, self.theme.line(k))
            text = self.tex(formula, size=BODY, color=self.theme.label(k))
            text.next_to(ax.frame, UP, buff=0.25)
            self.top.append(ax)
            self.top_curves.append(curve)
            self.top_formulas.append(text)
        self.play(Write(self.heading), *(Create(ax) for ax in self.top), run_time=1.5)
        self.play(*(FadeIn(t) for t in self.top_formulas), *(Create(c) for c in self.top_curves),
                  run_time=2.5)
        self.wait(2)
        self.say("Three activation functions a(z) of a unit's pre-activation z: the sigmoid "
                 "1 / (1 + e^-z) runs from 0 to 1 with sig(0) = 0.5; tanh runs from -1 to 1 with "
                 "tanh(0) = 0; ReLU = max(0, z) is 0 for z < 0 and z after, e.g. ReLU(6) = 6. "
                 "Drawn for z from -6 to 6.")

    @step
    def derivatives(self) -> None:
        self.bottom, self.bottom_curves, self.bottom_formulas = [], [], []
        for k, (name, _, formula, _, y_range) in enumerate(THREE):
            ax = self.axes(Z_RANGE, y_range, 3.3, 1.6, x_label="z", y_label="")
            self.place(ax, k, 1)
            act = nnmath.get_activation(name)
            if name == "relu":  # 0 then 1, with the value at 0 left open (undefined there)
                lo, hi = Z_RANGE[:2]
                curve = VGroup(self.polyline(ax, np.array([lo, 0.0]), np.zeros(2), self.theme.line(k)),
                               self.polyline(ax, np.array([0.0, hi]), np.ones(2), self.theme.line(k)))
                self.holes = VGroup(*(Circle(radius=0.07, color=self.theme.line(k), stroke_width=3)
                                      .set_fill(self.theme.background, 1).move_to(ax.c2p(0, v))
                                      for v in (0, 1)))
                curve.add(self.holes)
            else:
                z, _ = curve_points(act, *Z_RANGE[:2])
                curve = self.polyline(ax, z, act.derivative(z), self.theme.line(k))
            text = self.tex(formula, size=LABEL if name == "relu" else BODY, color=self.theme.label(k))
            text.next_to(ax.frame, UP, buff=0.2)
            self.bottom.append(ax)
            self.bottom_curves.append(curve)
            self.bottom_formulas.append(text)
        self.play(*(Create(ax) for ax in self.bottom), *(FadeIn(t) for t in self.bottom_formulas),
                  run_time=1.5)
        self.play(*(Create(c) for c in self.bottom_curves), run_time=2.5)
        self.wait(2)
        s0 = float(nnmath.activations.sigmoid_derivative(np.array([0.0]))[0])
        self.say(f"Below each function its derivative, in closed form: sig' = sig (1 - sig) peaks "
                 f"at sig'(0) = {fmt(s0)}; tanh' = 1 - tanh^2 peaks at tanh'(0) = 1; ReLU' is 0 for "
                 f"z < 0 and 1 for z > 0, with open circles at z = 0 where it is undefined.")

    @step
    def saturation(self) -> None:
        d = self.data
        shades, borders = VGroup(), VGroup()
        for k, edge in ((0, d.z_sat), (1, d.tanh_sat)):
            for ax in (self.top[k], self.bottom[k]):
                y0, y1 = ax.y_range[:2]
                for a, b in ((Z_RANGE[0], -edge), (edge, Z_RANGE[1])):
                    shades.add(self.band(ax, a, b, y0, y1))
                borders.add(*(DashedLine(ax.c2p(v, y0), ax.c2p(v, y1), color=self.theme.guide,
                                         stroke_width=2.5) for v in (-edge, edge)))
        at5 = float(nnmath.activations.sigmoid_derivative(np.array([5.0]))[0])
        dot = Dot(self.bottom[0].c2p(5, at5), radius=0.07, color=self.theme.highlight)
        self.status = self.prose(
            rf"Shaded: derivative $< {fmt(d.threshold, 4)}$, sig for $|z| > {fmt(d.z_sat)}$ "
            rf"($\mathrm{{sig}}'(5) = {fmt(at5, 4)}$), tanh for $|z| > {fmt(d.tanh_sat)}$: "
            rf"saturated, the gradient all but vanishes",
            size=LABEL)
        self.status.to_edge(DOWN, buff=0.2)
        self.bring_back(shades)
        self.play(FadeIn(shades), Create(borders), FadeIn(dot), Write(self.status), run_time=2)
        self.wait(4)
        self.sat_marks = VGroup(shades, borders, dot)
        self.say(f"Where |z| > {fmt(d.z_sat, 3)} the sigmoid's derivative is below "
                 f"{fmt(d.threshold, 4)} (shaded): sig'(z) = 1 / (4 cosh^2(z/2)), so the bound is "
                 f"2 arccosh(1 / (2 sqrt {fmt(d.threshold, 4)})) = {fmt(d.z_sat, 3)}. At z = 5, "
                 f"sig'(5) = {fmt(at5, 4)}: a gradient passing through this unit is multiplied by "
                 f"less than 1/150. tanh saturates too: tanh'(z) < {fmt(d.threshold, 4)} for "
                 f"|z| > {fmt(d.tanh_sat, 3)}.")

    def band(self, ax, a: float, b: float, y0: float, y1: float) -> Rectangle:
        """A shaded band a <= z <= b over the whole height of panel ``ax``, behind its curves."""
        (x0, p0, _), (x1, p1, _) = ax.c2p(a, y0), ax.c2p(b, y1)
        return Rectangle(width=x1 - x0, height=p1 - p0, stroke_width=0, fill_color=self.theme.shade,
                         fill_opacity=1).move_to([(x0 + x1) / 2, (p0 + p1) / 2, 0])

    def bring_back(self, shades: VGroup) -> None:
        """Put the shades behind everything already on screen."""
        self.add(shades)
        self.bring_to_back(shades)

    @step
    def relu_gradient(self) -> None:
        shades = VGroup(*(self.band(ax, Z_RANGE[0], 0.0, *ax.y_range[:2]) for ax in (self.top[2], self.bottom[2])))
        active = Line(self.bottom[2].c2p(0, 1), self.bottom[2].c2p(Z_RANGE[1], 1),
                      color=self.theme.highlight, stroke_width=8)
        status = self.prose(r"ReLU$'(z) = 1$ wherever the unit is active ($z > 0$), 0 where it is "
                            r"off (shaded); at $z = 0$ it is undefined", size=LABEL)
        status.move_to(self.status)
        self.bring_back(shades)
        self.play(FadeIn(shades), Create(active), FadeOut(self.status), FadeIn(status), run_time=2)
        self.wait(4)
        self.status = status
        self.say("ReLU's derivative is exactly 1 wherever the unit is active (z > 0, thick line) "
                 "and 0 where it is off (z < 0, shaded): an active unit passes the gradient on "
                 "unchanged, it never saturates. At z = 0 the derivative is undefined (the one-sided "
                 "slopes are 0 and 1); libraries use 0 there.")

    # --- part 2: tanh(z) = 2 sig(2z) - 1, shown ----------------------------------------------
    @step
    def morph(self) -> None:
        self.play(FadeAway(*self.mobjects), run_time=0.8)
        self.heading = self.title(r"$\tanh(z) = 2\,\mathrm{sig}(2z) - 1$: three moves")
        self.big = self.axes(MORPH_Z, (-1.0, 2.0, 0.5), 5.9, 5.4, x_label="z", y_label="")
        self.big.shift(np.array([-5.9, -2.9, 0]) - self.big.frame.get_corner(DL))
        self.curve = self.morph_curve(0.0)
        start = self.tex(r"\mathrm{sig}(z)", color=self.theme.label(0))
        self.stages = [self.tex(t, color=self.theme.label(0)) for t in (
            r"1.\ \text{squeeze } z \text{ by 2:}\ \mathrm{sig}(2z)",
            r"2.\ \text{stretch by 2:}\ 2\,\mathrm{sig}(2z)",
            r"3.\ \text{shift down by 1:}\ 2\,\mathrm{sig}(2z) - 1")]
        column = VGroup(start, *self.stages).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        column.move_to([0.8, 0, 0], aligned_edge=LEFT).align_to(self.big.frame, UP)
        self.play(Write(self.heading), Create(self.big), run_time=1.2)
        z = np.linspace(*MORPH_Z[:2], 201)
        ghost = self.polyline(self.big, z, nnmath.activations.sigmoid(z), self.theme.guide, width=3)
        self.play(Create(self.curve), FadeIn(start), run_time=1.2)
        self.add(ghost)
        self.bring_to_back(ghost)
        self.drawn_morph = [np.array(self.curve.get_anchors())]  # the tests read each stage's end
        for k, text in enumerate(self.stages):
            self.play(FadeIn(text), UpdateFromAlphaFunc(
                self.curve, lambda m, a, k=k: m.become(self.morph_curve(k + a))), run_time=2.5)
            self.drawn_morph.append(np.array(self.curve.get_anchors()))
        self.wait(1)
        self.say("The sigmoid (orange; its starting curve stays in grey) becomes tanh in three moves, each curve computed from "
                 "s sig(k z) - c: squeeze z by 2 (k from 1 to 2: sig(2z), still from 0 to 1, twice "
                 "as steep), stretch by 2 (s from 1 to 2: 2 sig(2z), from 0 to 2), shift down by 1 "
                 "(c from 0 to 1: 2 sig(2z) - 1, from -1 to 1).")

    def morph_curve(self, t: float):
        z = np.linspace(*MORPH_Z[:2], 201)
        return self.polyline(self.big, z, nnmath.sigmoid_to_tanh(z, t), self.theme.line(0), width=6)

    @step
    def coincide(self) -> None:
        z = np.linspace(*MORPH_Z[:2], 201)
        gap = float(np.max(np.abs(nnmath.sigmoid_to_tanh(z, 3.0) - np.tanh(z))))
        self.tanh_curve = DashedVMobject(self.polyline(self.big, z, np.tanh(z), self.theme.line(1), width=5),
                                         num_dashes=40)
        algebra = VGroup(
            self.tex(r"2\,\mathrm{sig}(2z) - 1 = \frac{2}{1 + e^{-2z}} - 1", size=BODY),
            self.tex(r"= \frac{1 - e^{-2z}}{1 + e^{-2z}} = \tanh(z)", size=BODY, color=self.theme.label(1)),
            self.prose(r"dashed: $\tanh(z)$, on the last curve", size=LABEL),
            self.prose(rf"largest gap on $[{fmt(MORPH_Z[0])}, {fmt(MORPH_Z[1])}]$: ${sci_tex(gap)}$",
                       size=LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        algebra.next_to(VGroup(*self.stages), DOWN, buff=0.4).align_to(self.stages[0], LEFT)
        self.play(Create(self.tanh_curve), run_time=2)
        self.play(FadeIn(algebra), run_time=2)
        self.wait(3)
        self.say(f"tanh(z) (dashed, teal) lies on the last curve: 2 / (1 + e^-2z) - 1 = "
                 f"(1 - e^-2z) / (1 + e^-2z), which is tanh(z) after multiplying the top and bottom "
                 f"of (e^z - e^-z) / (e^z + e^-z) by e^-z. The largest gap between the two curves "
                 f"on [-5, 5] is {gap:.1g} (rounding). So tanh is a sigmoid squeezed, stretched and "
                 f"centred on 0.")

    # --- part 3: the zoo (Fig. 3.13) ---------------------------------------------------------
    @step
    def zoo(self, first: int) -> None:
        if first == 0:
            self.play(FadeAway(*self.mobjects), run_time=0.8)
            self.heading = self.title("The zoo of activation functions (book Fig. 3.13)")
            self.play(Write(self.heading), run_time=1)
        notes = []
        groups = []
        for k, panel in enumerate(self.data.zoo[first:first + 2]):
            row = (first + k) // 2
            col = (first + k) % 2
            ax = self.axes(ZOO_Z, ZOO_Y, 3.1, 2.0, x_label="z", y_label="")
            ax.shift(np.array([-6.0 + 7.0 * col, 0.35 if row == 0 else -2.95, 0]) - ax.frame.get_corner(DL))
            heading = self.prose(ZOO_HEADINGS.get(panel.heading, panel.heading), size=LABEL)
            heading.next_to(ax.frame, UP, buff=0.35).align_to(ax.frame, LEFT)
            curves, legend = VGroup(), VGroup()
            for i, act in enumerate(panel.members):
                z, a = curve_points(act, *ZOO_Z[:2])
                line = self.polyline(ax, z, a, self.theme.line(i), width=5, clip=ZOO_Y[:2])
                if i == 1:
                    line = DashedVMobject(line, num_dashes=30)
                elif i == 2:
                    line = DashedVMobject(line, num_dashes=45, dashed_ratio=0.35)
                curves.add(line)
                swatch = Line(LEFT * 0.25, RIGHT * 0.25, color=self.theme.line(i), stroke_width=5)
                if i:
                    swatch = DashedVMobject(swatch, num_dashes=2 if i == 1 else 3)
                entry = VGroup(swatch, self.prose(zoo_label(act, short=True), size=LABEL, color=self.theme.label(i))
                               ).arrange(RIGHT, buff=0.15)
                legend.add(entry)
            legend.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(ax.frame, RIGHT, buff=0.55)
            legend.align_to(ax.frame, UP)
            groups.append(VGroup(ax, heading, curves, legend))
            kinks = [zoo_label(m).replace("$", "").replace("\\alpha", "alpha").replace("\\beta", "beta")
                     for m in panel.members if nnmath.has_kink(m)]
            notes.append(f"{panel.heading}: " + ", ".join(
                zoo_label(m).replace("$", "").replace("\\alpha", "alpha").replace("\\beta", "beta")
                + f" (a(-2) = {fmt(float(m(np.array([-2.0]))[0]), 3)})" for m in panel.members)
                + (f"; a kink at 0 in {', '.join(kinks)}" if kinks else "; all smooth, no kink"))
        self.play(*(Create(g[0]) for g in groups), *(FadeIn(g[1]) for g in groups), run_time=1.2)
        self.play(*(Create(g[2]) for g in groups), *(FadeIn(g[3]) for g in groups), run_time=2.5)
        self.wait(3)
        self.zoo_groups = getattr(self, "zoo_groups", []) + groups
        self.say(*(n + "." for n in notes))



def sci_tex(value: float) -> str:
    """A small number as LaTeX, e.g. 3.3 \\times 10^{-16}; 0 as 0."""
    if value == 0:
        return "0"
    exponent = int(np.floor(np.log10(abs(value))))
    return rf"{fmt(value / 10 ** exponent, 1)} \times 10^{{{exponent}}}"
