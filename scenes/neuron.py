"""One artificial neuron (deck 001): weighted sum, threshold, output; perceptron and logistic
regression; its decision boundary, a line in the input plane, moved by the perceptron rule.

The neuron: inputs x_1, x_2 and a bias input 1, weights w_1, w_2, b, the sum
z = w_1 x_1 + w_2 x_2 + b, an activation f, the output f(z). With f = sign it is the
perceptron, with f = sigmoid binary logistic regression. Then the plane: two classes of
points (nnmath's data set), the line w . x + b = 0 with its normal w and the half-plane z > 0
shaded (the exact polygons of the single unit's regions), the perceptron rule's updates one by
one until no point is misclassified, and logistic regression's level lines p = 0.1, 0.5, 0.9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UL, UP, Arrow, Circle, Create, DashedVMobject, Dot, FadeIn, FadeOut, Group,
    Line, MathTex, Polygon, ReplacementTransform, Square, Transform, VGroup, Write,
)

import nnmath
from nnmath import neuron as nn
from scenes.common import BODY, LABEL, FadeAway, LectureScene, fmt, light, step

#: Updates of the perceptron drawn one by one; a longer run jumps to its last line after them.
SHOWN_UPDATES = 6
BOX = (-1.0, 1.0)
LEVELS = (0.1, 0.5, 0.9)


@dataclass(frozen=True)
class NeuronData:
    """The data set, the perceptron's run from the start weights and the logistic fit."""

    data: nn.TwoClassData
    run: nn.PerceptronRun
    logistic: nn.LogisticFit
    start_loss: float

    @classmethod
    def from_params(cls, params: dict) -> "NeuronData":
        data = nn.two_class_data(params["points"], params["seed"])
        w1, w2, b = params["start"]
        run = nn.perceptron(data.x, data.y, (w1, w2), b, rate=params["rate"])
        fit = nn.fit_logistic(data.x, data.y01, rate=1.0, steps=params["logistic_steps"])
        return cls(data, run, fit, float(fit.loss[0]))


def vector_text(w) -> str:
    return f"({fmt(w[0])}, {fmt(w[1])})"


class Neuron(LectureScene):
    """Storyboard: the neuron, perceptron and logistic regression, the plane and its line, the
    perceptron's updates, logistic regression's level lines."""

    def construct(self) -> None:
        self.data = NeuronData.from_params(self.params)
        self.neuron()
        self.two_models()
        self.plane()
        self.perceptron()
        self.logistic()

    # --- the neuron --------------------------------------------------------------------------
    @step
    def neuron(self) -> None:
        self.heading = self.title("An artificial neuron (a coarse model)")
        inputs = [(r"x_1", np.array([-6.0, 1.6, 0])), (r"x_2", np.array([-6.0, 0.0, 0])),
                  (r"1", np.array([-6.0, -1.6, 0]))]
        total = np.array([-2.9, 0.0, 0])
        act = np.array([-1.1, 0.0, 0])
        nodes, arrows, labels = VGroup(), VGroup(), VGroup()
        for (name, at), weight in zip(inputs, (r"w_1", r"w_2", r"b")):
            node = VGroup(Circle(0.42, color=self.theme.axis, stroke_width=3).move_to(at),
                          self.tex(name).move_to(at))
            nodes.add(node)
            arrow = Arrow(at, total, buff=0.5, color=self.theme.axis, stroke_width=4)
            arrows.add(arrow)
            label = self.tex(weight, size=BODY, color=self.theme.label(2))
            label.move_to(arrow.point_from_proportion(0.45) + UP * 0.35)
            labels.add(label)
        sigma = VGroup(Circle(0.55, color=self.theme.text, stroke_width=4).move_to(total),
                       self.tex(r"z").move_to(total))
        box = VGroup(Square(0.9, color=self.theme.text, stroke_width=4).move_to(act),
                     self.tex(r"f").move_to(act))
        out = self.tex(r"f(z)").move_to([0.6, 0, 0])
        links = VGroup(Arrow(total, act, buff=0.55, color=self.theme.axis, stroke_width=4),
                       Arrow(act, out.get_left(), buff=0.45, color=self.theme.axis, stroke_width=4))
        self.diagram = VGroup(nodes, arrows, labels, sigma, box, out, links).shift(DOWN * 0.4)
        lines = VGroup(
            self.tex(r"z = w_1 x_1 + w_2 x_2 + b"),
            self.prose(r"the weighted sum $\sum_i w_i x_i + b$", size=LABEL, color=self.theme.muted),
            self.tex(r"\text{fires if } z \ge 0,"),
            self.tex(r"\text{i.e. if } w_1 x_1 + w_2 x_2 \ge -b"),
            self.prose(r"the threshold is $-b$", size=LABEL, color=self.theme.muted),
            self.prose(r"$f$: the activation function", size=LABEL, color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        lines.move_to([1.9, 0.2, 0], aligned_edge=LEFT)
        self.notes_column = lines
        self.play(Write(self.heading), FadeIn(nodes), run_time=1.2)
        self.play(*(Create(a) for a in arrows), FadeIn(labels), FadeIn(sigma), run_time=1.5)
        self.play(FadeIn(lines[:2]), run_time=1.2)
        self.play(Create(links), FadeIn(box), FadeIn(out), FadeIn(lines[2:]), run_time=1.5)
        self.wait(2)
        self.say("An artificial neuron: inputs x_1 and x_2 and a constant input 1, weights w_1, "
                 "w_2 and the bias b. It forms the weighted sum z = w_1 x_1 + w_2 x_2 + b and "
                 "passes it through an activation f; as a threshold unit it fires when z >= 0, "
                 "that is when w_1 x_1 + w_2 x_2 reaches the threshold -b (2 weights, 1 bias).")

    @step
    def two_models(self) -> None:
        d = self.data
        w0, b0 = d.run.w[0], float(d.run.b[0])
        gw, gb = nn.logistic_gradient(w0, b0, d.data.x, d.data.y01)
        lines = VGroup(
            self.prose(r"$f = \mathrm{sign}$: the perceptron", color=self.theme.label(0)),
            self.tex(r"\hat y = \mathrm{sign}(w \cdot x + b) \in \{-1, +1\}"),
            self.prose(r"$f = \mathrm{sig}$: binary logistic regression", color=self.theme.label(1)),
            self.tex(r"p = P(y = 1 \mid x) = \mathrm{sig}(w \cdot x + b)"),
            self.tex(r"L = -\left[y \log p + (1 - y) \log(1 - p)\right]"),
            self.tex(r"\partial L / \partial w = (p - y)\, x, \quad \partial L / \partial b = p - y"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        lines.move_to([1.3, -0.3, 0], aligned_edge=LEFT)
        for k in (1, 3, 4, 5):
            lines[k].shift(RIGHT * 0.3)
        self.play(FadeOut(self.notes_column), run_time=0.6)
        self.play(FadeIn(lines[:2]), run_time=1.2)
        self.wait(1.5)
        self.play(FadeIn(lines[2:]), run_time=1.5)
        self.wait(2.5)
        self.model_lines = lines
        self.say("The same neuron is two classic models. With f = sign it is the perceptron: "
                 "output +1 or -1. With f = the sigmoid it is binary logistic regression: "
                 "p = sig(w . x + b) is the probability of class 1, trained on the cross-entropy "
                 "L = -[y log p + (1 - y) log(1 - p)] (deck 001 writes it without the minus sign), "
                 "whose gradient is (p - y) x and p - y.",
                 f"At the start weights w = {vector_text(w0)}, b = {fmt(b0)} the mean gradient on "
                 f"the data set is dL/dw = {vector_text(gw)}, dL/db = {fmt(gb, 3)} (checked against "
                 f"finite differences in the tests).")

    # --- the plane ---------------------------------------------------------------------------
    @step
    def plane(self) -> None:
        d = self.data
        self.play(FadeAway(*self.mobjects), run_time=0.8)
        self.heading = self.title(r"A neuron's decision boundary: the line $w \cdot x + b = 0$")
        self.ax = self.axes((*BOX, 0.5), (*BOX, 0.5), 5.6, 5.6, x_label="x_1", y_label="x_2")
        self.ax.shift(np.array([-5.8, -3.3, 0]) - self.ax.frame.get_corner(DOWN + LEFT))
        self.points = VGroup(*(self.marker(x, y) for x, y in zip(d.data.x, d.data.y)))
        legend = VGroup(
            VGroup(self.marker(None, 1.0), self.prose(r"class $y = +1$", size=LABEL, color=self.theme.label(0))
                   ).arrange(RIGHT, buff=0.2),
            VGroup(self.marker(None, -1.0), self.prose(r"class $y = -1$", size=LABEL, color=self.theme.label(2))
                   ).arrange(RIGHT, buff=0.2)).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        legend.move_to([1.2, 2.6, 0], aligned_edge=UL)
        self.legend = legend
        k = 0
        self.boundary = self.line_parts(d.run.w[k], d.run.b[k])
        self.readout = self.readout_for(k)
        self.play(Write(self.heading), Create(self.ax), run_time=1.2)
        self.play(FadeIn(self.points), FadeIn(legend), run_time=1.2)
        self.add(self.boundary[0])
        self.bring_to_back(self.boundary[0])
        self.play(FadeIn(self.boundary[0]), FadeIn(self.boundary[1]), FadeIn(self.readout), run_time=2)
        self.wait(2.5)
        n = len(d.data.y)
        self.say(f"The input plane [-1, 1]^2 with {n} points, {n // 2} per class, that one line "
                 f"separates (seed {self.params['seed']}). The neuron's boundary is the line "
                 f"w . x + b = 0: on the side its normal w points to (shaded) z > 0 and the "
                 f"perceptron outputs +1, on the other -1. The start, w = {vector_text(d.run.w[0])}, "
                 f"b = {fmt(d.run.b[0])}, misclassifies {d.run.mistakes[0]} of the {n} points (ringed).")

    def marker(self, x, y: float):
        """Class +1: a filled disc; class -1: a filled square (shape and colour both differ)."""
        at = self.ax.c2p(*x) if x is not None else np.zeros(3)
        if y > 0:
            return Dot(at, radius=0.11, color=self.theme.line(0))
        return Square(0.2, color=self.theme.line(2), fill_opacity=1, stroke_width=0).move_to(at)

    def line_parts(self, w, b: float) -> VGroup:
        """The shaded half-plane z > 0, the line w . x + b = 0 and the normal w, in the square;
        the half-plane is the 'on' polygon of a single ReLU unit's exact regions."""
        unit = nnmath.ShallowNetwork([[float(b), float(w[0]), float(w[1])]], [0.0, 1.0])
        partition = nnmath.regions_2d(unit, BOX, BOX)
        parts, shade = VGroup(), VGroup()
        for polygon, on in zip(partition.polygons, partition.patterns[:, 0]):
            if on:
                shade.add(Polygon(*(self.ax.c2p(*p) for p in polygon), stroke_width=0,
                                  fill_color=self.theme.shade, fill_opacity=1))
        ends = nn.line_through_box(w, b, *BOX)
        if ends is not None:
            start, end = (self.ax.c2p(*p) for p in ends)
            parts.add(Line(start, end, color=self.theme.text, stroke_width=6))
            middle = 0.5 * (ends[0] + ends[1])
            unit_w = np.asarray(w, float) / max(np.linalg.norm(w), 1e-12)
            parts.add(Arrow(self.ax.c2p(*middle), self.ax.c2p(*(middle + 0.45 * unit_w)), buff=0,
                            color=self.theme.text, stroke_width=5, max_tip_length_to_length_ratio=0.35))
            tip = middle + 0.45 * unit_w
            side = np.array([-unit_w[1], unit_w[0]])
            spots = [tip + 0.12 * unit_w + 0.12 * side, tip + 0.12 * unit_w - 0.12 * side,
                     tip - 0.1 * unit_w + 0.14 * side, tip - 0.1 * unit_w - 0.14 * side]
            far = max(spots, key=lambda q: np.min(np.linalg.norm(self.data.data.x - q, axis=1)))
            parts.add(self.tex("w", color=self.theme.text).move_to(self.ax.c2p(*far)))
        wrong = nn.misclassified(w, b, self.data.data.x, self.data.data.y)
        parts.add(*(Circle(0.2, color=self.theme.highlight, stroke_width=3.5).move_to(self.ax.c2p(*p))
                    for p in self.data.data.x[wrong]))
        return VGroup(shade, parts)

    def readout_for(self, k: int) -> VGroup:
        run = self.data.run
        n = len(self.data.data.y)
        head = "start" if k == 0 else f"after update {k}"
        rows = VGroup(
            self.prose(head, size=BODY),
            self.tex(rf"w = {vector_text(run.w[k])},\ b = {fmt(run.b[k])}", size=BODY),
            self.prose(rf"misclassified (ringed): {run.mistakes[k]} of {n}", size=BODY),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        return rows.move_to([1.2, 1.3, 0], aligned_edge=UL)

    @step
    def perceptron(self) -> None:
        run, rate = self.data.run, self.params["rate"]
        rule = VGroup(self.prose("the perceptron rule, at a misclassified point:", size=LABEL,
                                 color=self.theme.muted),
                      self.tex(rf"w \leftarrow w + {fmt(rate)}\, y\, x, \quad b \leftarrow b + {fmt(rate)}\, y",
                               size=BODY)).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        rule.move_to([1.2, -0.9, 0], aligned_edge=UL)
        self.rule = rule
        self.play(FadeIn(rule), run_time=1)
        shown = list(range(1, min(run.updates, SHOWN_UPDATES) + 1))
        if run.updates > SHOWN_UPDATES:
            shown.append(run.updates)
        self.shown_updates = shown
        for k in shown:
            point = self.data.data.x[run.point[k]]
            ring = Circle(0.3, color=self.theme.text, stroke_width=6).move_to(self.ax.c2p(*point))
            self.play(Create(ring), run_time=0.6)
            new_boundary, new_readout = self.line_parts(run.w[k], run.b[k]), self.readout_for(k)
            self.add(new_boundary[0])
            self.bring_to_back(new_boundary[0])
            self.play(FadeOut(ring), FadeOut(self.boundary[0]), FadeIn(new_boundary[0]),
                      ReplacementTransform(self.boundary[1], new_boundary[1]),
                      ReplacementTransform(self.readout, new_readout), run_time=1.4)
            self.boundary, self.readout = new_boundary, new_readout
        self.bring_to_front(self.points)
        self.wait(2)
        history = ", ".join(str(m) for m in run.mistakes)
        verdict = ("no point is misclassified: the line separates the two classes" if run.converged
                   else f"{run.mistakes[-1]} points are still misclassified")
        self.say(f"The perceptron rule visits the points in turn; at each misclassified one it "
                 f"adds {fmt(rate)} y x to w and {fmt(rate)} y to b. {run.updates} updates "
                 f"(misclassified counts {history}: an update can make things worse for a while). "
                 f"After them, w = {vector_text(run.w[-1])}, b = {fmt(run.b[-1])}, and {verdict}."
                 + (f" The first {SHOWN_UPDATES} updates are drawn, then the last."
                    if run.updates > SHOWN_UPDATES else ""))

    @step
    def logistic(self) -> None:
        fit = self.data.logistic
        lines = VGroup()
        for p in LEVELS:
            ends = nn.probability_line(fit.w, fit.b, p, *BOX)
            if ends is None:
                continue
            line = Line(*(self.ax.c2p(*q) for q in ends), color=self.theme.line(1),
                        stroke_width=5 if p == 0.5 else 3.5)
            lines.add(line if p == 0.5 else DashedVMobject(line, num_dashes=18))
        text = VGroup(
            self.prose(r"logistic regression, same data:", size=BODY, color=self.theme.label(1)),
            self.prose(rf"{len(fit.loss) - 1} steps of gradient descent:", size=LABEL),
            self.prose(rf"mean loss {fmt(fit.loss[0], 3)} $\to$ {fmt(fit.loss[-1], 3)}", size=LABEL),
            self.prose(r"solid teal: $p = 0.5$, its boundary", size=LABEL),
            self.prose(r"dashed: $p = 0.1$ and $p = 0.9$", size=LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        text.move_to([1.2, -0.9, 0], aligned_edge=UL)
        self.play(FadeOut(self.rule), run_time=0.6)
        self.play(Create(lines), FadeIn(text), run_time=2.5)
        self.bring_to_front(self.points)
        self.wait(3)
        self.logistic_lines = lines
        self.say(f"Logistic regression on the same points, by {len(fit.loss) - 1} steps of gradient "
                 f"descent from w = 0, b = 0 (learning rate 1): the mean cross-entropy falls from "
                 f"{fmt(fit.loss[0], 3)} to {fmt(fit.loss[-1], 3)}, with w = {vector_text(fit.w)}, "
                 f"b = {fmt(fit.b)}. Its boundary p = 0.5 is again a line w . x + b = 0 (teal); p = 0.1 "
                 f"and 0.9 are lines parallel to it (dashed): the probability changes only across "
                 f"the line.")
