"""The logarithmic (cross-entropy) loss of deck 001, for one example with real numbers.

A network's three outputs (logits) as bars; the softmax turns them into probabilities (the
bars morph, their sum is 1); the loss -log p of the true class against p, with the example and
three predictions on the curve (confident and right, unsure, confident and wrong); the
gradient with respect to the logits, p - onehot(y), as bars, and with respect to p_y, -1/p_y,
as the slope of the curve. Last, the binary case of a single neuron: p = sig(f), the loss
-[y log p + (1 - y) log(1 - p)] (deck 001 prints it without the minus sign) and dL/df = p - y.
Every number is nnmath.cross_entropy's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, FadeOut, Line, Rectangle, ReplacementTransform,
    Transform, VGroup, Write,
)

import nnmath
from nnmath.cross_entropy import P_MIN, BinaryLoss, ClassLoss, prediction_kind as kind_of
from scenes.common import LABEL, LectureScene, fmt, nice_range, place_clear, step

CURVE_POINTS = 120
BAR_WIDTH = 0.56  # of one class's slot
BARS_X, BARS_W, BARS_H = -3.8, 5.4, 4.0  # centre x, width and height of the bar panel
RIGHT_X = 0.9  # left edge of the right-hand column


@dataclass(frozen=True)
class CrossEntropyData:
    """What the scene draws: the example's loss and gradients, the three predictions' losses,
    the curve -log p, and the single neuron's loss for both labels."""

    example: ClassLoss
    predictions: np.ndarray  # p of the true class
    prediction_losses: np.ndarray
    curve_p: np.ndarray
    curve_loss: np.ndarray
    binary: tuple[BinaryLoss, BinaryLoss]  # label 1, label 0
    binary_curves: tuple[np.ndarray, np.ndarray]  # -log p, -log(1 - p) on curve_p

    @classmethod
    def from_params(cls, params: dict) -> CrossEntropyData:
        example = nnmath.cross_entropy(params["logits"], params["true_class"] - 1)
        predictions = np.array(params["predictions"], float)
        p = np.linspace(P_MIN, 1.0, CURVE_POINTS)
        two = np.linspace(P_MIN, 1 - P_MIN, CURVE_POINTS)
        binary = tuple(nnmath.binary_cross_entropy_of(params["logit"], label) for label in (1, 0))
        return cls(example, predictions, nnmath.log_loss(predictions), p, nnmath.log_loss(p),
                   binary, nnmath.binary_curves(two))


class CrossEntropy(LectureScene):
    """Storyboard: logits, softmax, the loss curve, three predictions, the gradient, binary."""

    def construct(self) -> None:
        self.data = CrossEntropyData.from_params(self.params)
        self.show_logits()
        self.show_softmax()
        self.show_loss()
        self.show_predictions()
        self.show_gradient()
        self.show_binary()

    # --- helpers -----------------------------------------------------------------------------
    def column(self, *lines, top: float = 2.75) -> VGroup:
        """Lines of text in the right-hand column, from ``top`` down."""
        group = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        return group.next_to([RIGHT_X, top, 0], DOWN + RIGHT, buff=0).align_to([RIGHT_X, 0, 0], LEFT)

    def bar_panel(self, values: np.ndarray, y_name: str, y_range=None):
        """A panel of one bar per class: (plot, bars, value labels, class names)."""
        C = len(values)
        lo, hi, tick = y_range or nice_range(np.concatenate([values, [0.0]]), ticks=3)
        ax = self.axes((0.5, C + 0.5, 1), (lo, hi, tick), BARS_W, BARS_H, x_label="", y_label=y_name)
        ax.drop_x_ticks()
        ax.move_to([BARS_X, -0.45, 0])
        y = self.data.example.true_class
        bars, labels = VGroup(), VGroup()
        for c, v in enumerate(values):
            colour = self.theme.line(0) if c == y else self.theme.line(2)
            bars.add(self.bar(ax, c, v, colour))
            label = self.tex(fmt(v), size=LABEL)
            labels.add(label.next_to(ax.c2p(c + 1, v), UP if v >= 0 else DOWN, buff=0.12))
        names = VGroup(*(self.tex(rf"c = {c + 1}" + (r"\ \text{(true)}" if c == y else ""), size=LABEL,
                                  color=self.theme.label(0) if c == y else self.theme.text)
                         for c in range(C)))
        for c, name in enumerate(names):
            name.next_to(ax.c2p(c + 1, lo), DOWN, buff=0.2)
        return ax, bars, labels, names

    def bar(self, ax, c: int, v: float, colour: str) -> Rectangle:
        """The bar of class c (0-based) from 0 to v."""
        a, b = ax.c2p(c + 1 - BAR_WIDTH / 2, 0), ax.c2p(c + 1 + BAR_WIDTH / 2, v)
        height = max(abs(b[1] - a[1]), 0.02)
        rect = Rectangle(width=b[0] - a[0], height=height, color=colour, stroke_width=3)
        rect.set_fill(colour, opacity=0.85)
        return rect.move_to([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2 if abs(b[1] - a[1]) >= 0.02 else a[1], 0])

    def curve_plot(self, y_top: float):
        ax = self.axes((0, 1, 0.25), (0, y_top, 1), 5.0, 3.6, x_label="p", y_label=r"L")
        return ax.move_to([RIGHT_X + 2.75, -1.0, 0])

    def label_point(self, ax, label, p: float, loss: float) -> VGroup:
        """Put ``label`` up and to the right of the point (p, loss) of the decreasing curve -log p,
        where the curve never reaches: its bottom above the curve at the label's left end (and
        inside the plot); a guide joins a label lifted off its point. Returns the guide (or an
        empty group)."""
        left = ax.c2p(p, loss)[0] + 0.15
        right_end = ax.c2p(1, 0)[0] + 0.2
        left = min(left, right_end - label.width)
        p_left = ax.p2c([left, 0, 0])[0]
        floor = float(-np.log(max(p_left, P_MIN)))  # the curve's height at the label's left end
        bottom = max(ax.c2p(0, loss)[1] + 0.1, ax.c2p(0, floor)[1] + 0.15)
        label.move_to([left + label.width / 2, bottom + label.height / 2, 0])
        if bottom - ax.c2p(0, loss)[1] < 0.4:
            return VGroup()
        start = ax.c2p(p, loss)
        return VGroup(Line(start + UP * 0.12, [start[0], bottom - 0.06, 0], color=self.theme.guide,
                           stroke_width=2.5))

    # --- steps -----------------------------------------------------------------------------------
    @step
    def show_logits(self) -> None:
        d = self.data.example
        self.heading = self.title("Cross-entropy: the loss of a classifier")
        ax, bars, labels, names = self.bar_panel(d.logits, "z")
        self.panel = VGroup(ax, bars, labels, names)
        self.ax, self.bars, self.values, self.names = ax, bars, labels, names
        z = ", ".join(fmt(v) for v in d.logits)
        text = self.column(self.prose("A network's outputs for one example:"),
                           self.tex(rf"z = ({z})"),
                           self.prose(rf"the logits of {len(d.logits)} classes; the true class is "
                                      rf"$y = {d.true_class + 1}$.", size=LABEL, color=self.theme.muted),
                           top=1.2)
        self.text = text
        self.play(Write(self.heading), run_time=1)
        self.play(Create(ax), FadeIn(names), run_time=1.5)
        self.play(*(Create(b) for b in bars), FadeIn(labels), FadeIn(text), run_time=2)
        self.wait(2)
        self.say(f"A classifier's network ends in one output per class: for this example the "
                 f"outputs (logits) are z = {z}. They can be any real numbers, negative too; the "
                 f"true class is class {d.true_class + 1} (orange).")

    @step
    def show_softmax(self) -> None:
        d = self.data.example
        C = len(d.logits)
        ax, bars, labels, names = self.bar_panel(d.probabilities, "p", y_range=(0, 1, 0.25))
        exps = np.exp(d.logits)
        formula = self.tex(r"p_c = \frac{e^{z_c}}{\sum_j e^{z_j}}")
        sums = " + ".join(fmt(v) for v in exps)
        total = self.tex(rf"\textstyle\sum_j e^{{z_j}} = {sums} = {fmt(exps.sum())}", size=LABEL)
        added = " + ".join(fmt(v) for v in d.probabilities)
        one = self.tex(rf"p_1 + \dots + p_{{{C}}} = {added} = {fmt(d.probabilities.sum())}", size=LABEL)
        note = self.prose(r"every $p_c > 0$, and they sum to 1", size=LABEL, color=self.theme.muted)
        text = self.column(self.prose("The softmax makes them probabilities:"), formula, total, one, note,
                           top=1.9)
        self.play(FadeOut(self.text), FadeIn(VGroup(*text[:3])), run_time=1.5)
        self.play(ReplacementTransform(self.ax, ax), ReplacementTransform(self.bars, bars),
                  ReplacementTransform(self.values, labels), ReplacementTransform(self.names, names),
                  run_time=2.5)
        self.play(FadeIn(VGroup(text[3], text[4])), run_time=1.5)
        self.wait(2.5)
        self.ax, self.bars, self.values, self.names, self.text = ax, bars, labels, names, text
        self.say(f"The softmax exponentiates each logit and divides by the sum: e^z = {sums}, "
                 f"sum {fmt(exps.sum())}, so p = {added}. Every probability is positive and they "
                 f"sum to {fmt(d.probabilities.sum())}; the largest logit gets the largest "
                 f"probability.")

    @step
    def show_loss(self) -> None:
        d, data = self.data.example, self.data
        top = float(np.ceil(max(data.curve_loss.max(), data.prediction_losses.max())))
        self.curve_ax = ax = self.curve_plot(top)
        self.curve = self.polyline(ax, data.curve_p, data.curve_loss, self.theme.text, width=4)
        y = d.true_class + 1
        formula = self.tex(rf"L = -\log p_{{y}} = -\log {fmt(d.p_true)} = {fmt(d.loss)}")
        text = self.column(formula, top=3.0)
        point = Dot(ax.c2p(d.p_true, d.loss), radius=0.09, color=self.theme.line(0))
        label = self.tex(rf"p_{{{y}}} = {fmt(d.p_true)}", size=LABEL, color=self.theme.label(0))
        guide = self.label_point(ax, label, d.p_true, d.loss)
        self.example_point = VGroup(point, label, guide)
        self.play(FadeOut(self.text), FadeIn(text), run_time=1.2)
        self.play(Create(ax), run_time=1.2)
        self.play(Create(self.curve), run_time=2)
        self.play(FadeIn(point, scale=1.5), FadeIn(label), run_time=1.2)
        self.wait(2)
        self.text = text
        self.say(f"The cross-entropy loss takes only the probability of the true class: L = -log p_y. "
                 f"Here p_{y} = {fmt(d.p_true)}, so L = {fmt(d.loss)}. The curve is -log p: 0 at "
                 f"p = 1, growing without bound as p goes to 0 (drawn down to p = {fmt(P_MIN)}, "
                 f"where it is {fmt(-np.log(P_MIN))}).")

    @step
    def show_predictions(self) -> None:
        data, ax = self.data, self.curve_ax
        marks = VGroup()
        notes = []
        for p, loss in zip(data.predictions, data.prediction_losses):
            dot = Dot(ax.c2p(p, loss), radius=0.08, color=self.theme.text)
            label = self.prose(rf"{kind_of(p)}: ${fmt(loss)}$", size=LABEL)
            self.label_point(ax, label, p, loss)
            place_clear(label, [ax, self.example_point, *marks], UP * 0.4)
            bottom = label.get_bottom()[1]
            guide = VGroup() if bottom - dot.get_center()[1] < 0.4 else Line(
                dot.get_center() + UP * 0.12, [dot.get_x(), bottom - 0.06, 0], color=self.theme.guide,
                stroke_width=2.5)
            marks.add(VGroup(guide, dot, label))
            notes.append(f"p = {fmt(p)} gives L = {fmt(loss)} ({kind_of(p)})")
        self.marks = marks
        self.play(*(FadeIn(m) for m in marks), run_time=2, lag_ratio=0.5)
        self.wait(3)
        self.say("Three predictions for the true class: " + "; ".join(notes) + ". A confident "
                 "wrong prediction costs far more than an unsure one: the loss punishes confidence "
                 "in the wrong class.")

    @step
    def show_gradient(self) -> None:
        d = self.data.example
        C = len(d.logits)
        g = d.dlogits
        lo, hi, tick = nice_range(np.concatenate([g, [-1.0, 1.0]]), ticks=4)
        ax, bars, labels, names = self.bar_panel(g, r"\partial L / \partial z", y_range=(lo, hi, tick))
        onehot = ", ".join("1" if c == d.true_class else "0" for c in range(C))
        gl = ", ".join(fmt(v) for v in g)
        lines = self.column(
            self.tex(rf"\partial L / \partial z = p - \mathrm{{onehot}}(y) = ({gl})", size=LABEL),
            self.tex(rf"\partial L / \partial p_y = -1 / p_y = {fmt(d.dp[d.true_class])}", size=LABEL,
                     color=self.theme.label(0)),
            self.prose("the slope of the tangent at the orange point", size=LABEL,
                       color=self.theme.muted), top=3.0)
        # the tangent of -log p at the example: its slope is dL/dp_y = -1/p_y
        ax_c, p0, l0 = self.curve_ax, d.p_true, d.loss
        slope = d.dp[d.true_class]
        dp = min(0.12, 0.9 * l0 / abs(slope), 1 - p0)
        tangent = Line(ax_c.c2p(p0 - dp, l0 - slope * dp), ax_c.c2p(p0 + dp, l0 + slope * dp),
                       color=self.theme.line(0), stroke_width=4)
        self.play(FadeOut(self.marks), FadeOut(self.text), FadeIn(lines[0]), run_time=1.5)
        lines = VGroup(lines[0], VGroup(lines[1], lines[2]))
        self.play(ReplacementTransform(self.ax, ax), ReplacementTransform(self.bars, bars),
                  ReplacementTransform(self.values, labels), ReplacementTransform(self.names, names),
                  run_time=2.5)
        self.play(Create(tangent), FadeIn(lines[1]), run_time=1.5)
        self.wait(3)
        self.ax, self.bars, self.values, self.names, self.text = ax, bars, labels, names, lines
        self.tangent = tangent
        self.say(f"The gradient with respect to the logits is p minus the one-hot vector of the "
                 f"true class: ({gl}) = p - ({onehot}). It is negative only for the true class "
                 f"(gradient descent raises z_{d.true_class + 1}) and positive for the others in "
                 f"proportion to their probabilities; its entries sum to {fmt(g.sum())}.",
                 f"With respect to p_y the derivative is -1/p_y = {fmt(slope)}: the slope of the "
                 f"curve at p_y = {fmt(p0)}, drawn as its tangent.")

    @step
    def show_binary(self) -> None:
        data, theme = self.data, self.theme
        one, zero = data.binary
        heading = self.prose(r"Two classes: a single neuron with $p = \mathrm{sig}[f]$",
                             size=40).move_to(self.heading)
        formula = self.tex(r"L = -\big[\,y \log p + (1 - y) \log(1 - p)\,\big]")
        deck = VGroup(*(self.prose(line, size=LABEL, color=theme.muted) for line in (
            "deck 001 prints it without the minus sign,", r"which makes $L \le 0$"))).arrange(
            DOWN, aligned_edge=LEFT, buff=0.12)
        # p = sig[f] itself, with the neuron's f on it
        sig = nnmath.get_activation("sigmoid").fn
        f_lo, f_hi = (-4.0, 4.0) if abs(one.logit) <= 3.5 else (-abs(one.logit) - 1, abs(one.logit) + 1)
        sig_ax = self.axes((f_lo, f_hi), (0, 1, 0.5), 5.2, 2.0, x_label="f", y_label="p")
        sig_ax.move_to([-3.9, -2.35, 0])
        fs = np.linspace(f_lo, f_hi, CURVE_POINTS)
        sig_curve = self.polyline(sig_ax, fs, sig(fs), theme.text, width=4)
        sig_dot = Dot(sig_ax.c2p(one.logit, one.probability), radius=0.08, color=theme.highlight)
        values = self.tex(rf"f = {fmt(one.logit)}:\ p = {fmt(one.probability)}", size=LABEL,
                          color=theme.highlight)
        values.next_to(sig_dot, LEFT, buff=0.25).shift(UP * 0.05)
        sig_group = VGroup(sig_ax, sig_curve, sig_dot, values)
        grads = VGroup(
            self.tex(rf"y = 1:\ L = {fmt(one.loss)},\ \partial L/\partial f = p - y = {fmt(one.dlogit)}",
                     size=LABEL, color=theme.label(1)),
            self.tex(rf"y = 0:\ L = {fmt(zero.loss)},\ \partial L/\partial f = p - y = {fmt(zero.dlogit)}",
                     size=LABEL, color=theme.label(2))).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        left = VGroup(formula, deck, grads).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        left.next_to([-6.7, 2.75, 0], DOWN + RIGHT, buff=0)
        two = np.linspace(P_MIN, 1 - P_MIN, CURVE_POINTS)
        top = float(np.ceil(max(c.max() for c in data.binary_curves)))
        ax = self.axes((0, 1, 0.25), (0, top, 1), 5.6, 4.6, x_label="p", y_label="L")
        ax.move_to([RIGHT_X + 3.0, -0.9, 0])
        curves = VGroup(self.polyline(ax, two, data.binary_curves[0], theme.line(1), width=4),
                        self.polyline(ax, two, data.binary_curves[1], theme.line(2), width=4))
        keys = VGroup(self.tex(r"-\log p\ (y = 1)", size=LABEL, color=theme.label(1)),
                      self.tex(r"-\log(1 - p)\ (y = 0)", size=LABEL, color=theme.label(2)))
        # inside the plot, between the two curves (-log p falls from the left, -log(1 - p) rises
        # to the right): y = 1 at two thirds of the height, y = 0 at 0.85 of it
        keys[0].next_to(ax.c2p(0.14, top * 0.62), RIGHT, buff=0)
        keys[1].next_to(ax.c2p(0.9, top * 0.85), LEFT, buff=0)
        dots = VGroup(Dot(ax.c2p(one.probability, one.loss), radius=0.09, color=theme.line(1)),
                      Dot(ax.c2p(zero.probability, zero.loss), radius=0.09, color=theme.line(2)))
        old = VGroup(self.ax, self.bars, self.values, self.names, self.text, self.curve_ax,
                     self.curve, self.example_point, self.tangent)
        self.play(FadeOut(old), Transform(self.heading, heading), run_time=1.2)
        self.play(Write(formula), FadeIn(deck), run_time=2)
        self.play(Create(ax), *(Create(c) for c in curves), FadeIn(keys), run_time=2)
        self.play(Create(sig_ax), Create(sig_curve), run_time=1.5)
        self.play(FadeIn(sig_dot), FadeIn(values), FadeIn(dots), FadeIn(grads), run_time=1.5)
        self.wait(3)
        self.say(f"With two classes one output f suffices: p = sig(f) is the probability of class 1 "
                 f"(a single neuron: logistic regression). The loss is -[y log p + (1 - y) log(1 - p)]: "
                 f"-log p when y = 1, -log(1 - p) when y = 0. Deck 001 writes it without the minus "
                 f"sign, which makes it at most 0.",
                 f"At f = {fmt(one.logit)}, p = {fmt(one.probability)}: for y = 1 the loss is "
                 f"{fmt(one.loss)} and dL/df = p - y = {fmt(one.dlogit)}; for y = 0 it is "
                 f"{fmt(zero.loss)} with dL/df = {fmt(zero.dlogit)}: the same p - y as the softmax's.")
