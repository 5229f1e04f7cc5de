"""Capacity and overfitting (deck 001's "Overfitting", deck 002's "what we want / what we get";
UDL chapter 8).

Noisy training points from a known curve y = sin(2 pi x) and a larger test set from the same
source. Shallow ReLU networks with more and more hidden units are fitted to the training points
(their joints fixed in advance, nested; the output weights by least squares, so each fit is the
least training error its joints allow): the fit first learns the curve, then follows the noise.
Each fit's training and test errors go onto a plot against the number of hidden units; then the
whole curves: training error falls all the way, test error falls to a least value and rises.
Last, what we get (the largest model: almost no training error) against what we want (the curve
the data come from: the least test error any model can expect). Every number is
nnmath.capacity's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, DashedVMobject, Dot, FadeIn, FadeOut, Line, MathTex, Square, VGroup, Write,
)

from nnmath import capacity as nc
from scenes.common import LABEL, LectureScene, fmt, nice_range, step

PANEL_Y = -0.3  # the plots' centre height
DATA_X, ERRORS_X = -3.55, 3.7
DATA_W, ERRORS_W, PANEL_H = 6.0, 4.8, 4.5
CURVE_POINTS = 400  # samples of the true curve drawn


@dataclass(frozen=True)
class OverfittingScene:
    """What the scene draws: the data, every fit from 1 to the largest shown capacity, the
    capacities shown, the noise floor and the plots' ranges."""

    data: nc.CapacityData
    curve: nc.CapacityCurve
    shown: tuple[int, ...]
    floor: float
    y_range: tuple[float, float, float]
    log_range: tuple[int, int]

    @classmethod
    def from_params(cls, params: dict) -> OverfittingScene:
        data = nc.capacity_data(params["points"], params["seed"], params["noise"])
        shown = tuple(params["capacities"])
        curve = nc.capacity_curve(data, max(shown))
        values = np.concatenate([data.y, data.test_y, [-1.0, 1.0]])
        y_range = nice_range(np.array([values.min(), values.max()]), ticks=4)
        errors = np.concatenate([curve.train_errors, curve.test_errors])
        positive = errors[errors > 0]
        low = int(np.floor(np.log10(max(positive.min(), 1e-6)))) if positive.size else -3
        high = int(np.ceil(np.log10(errors.max()))) if errors.max() > 0 else 0
        return cls(data, curve, shown, nc.noise_floor(data), y_range, (max(low, -6), max(high, low + 1)))

    def vertices(self, hidden: int) -> tuple[np.ndarray, np.ndarray]:
        """The D-unit fit's exact graph on [0, 1]: its value at the ends and at every joint."""
        fit = self.curve.fit(hidden)
        xs = np.unique(np.concatenate([[0.0, 1.0], fit.positions]))
        return xs, fit.network(xs)

    def log_error(self, error: float) -> float:
        """An error's height on the log axis (an exact 0 is drawn at the axis' floor)."""
        return max(np.log10(max(error, 1e-300)), float(self.log_range[0]))


class Overfitting(LectureScene):
    """Storyboard: the data, one fit per capacity (a step each), the error curves, what we get
    against what we want."""

    def construct(self) -> None:
        self.data = OverfittingScene.from_params(self.params)
        self.show_data()
        self.fit_marks = VGroup()
        self.fit_curve = None
        for hidden in self.data.shown:
            self.fit(hidden)
        self.errors()
        self.want_vs_get()

    # --- helpers -----------------------------------------------------------------------------
    def colours(self) -> dict:
        t = self.theme
        return {"fit": t.line(2), "curve": t.line(1), "train": t.text, "test": t.line(0)}

    def data_panel(self, x: float, width: float = DATA_W):
        ax = self.axes((0, 1, 0.25), self.data.y_range, width, PANEL_H, x_label="x", y_label="y")
        return ax.move_to([x, PANEL_Y, 0])

    def true_curve(self, ax) -> DashedVMobject:
        xs = np.linspace(0, 1, CURVE_POINTS)
        line = self.polyline(ax, xs, nc.true_curve(xs), self.colours()["curve"], width=4)
        return DashedVMobject(line, num_dashes=40)

    def points(self, ax, xs, ys, colour, radius) -> VGroup:
        return VGroup(*(Dot(ax.c2p(x, y), radius=radius, color=colour) for x, y in zip(xs, ys)))

    def fit_graph(self, ax, hidden: int):
        xs, ys = self.data.vertices(hidden)
        return self.polyline(ax, xs, ys, self.colours()["fit"], width=5, clip=self.data.y_range[:2])

    def errors_panel(self):
        d = self.data
        largest = max(d.shown)
        x_range = nice_range(np.array([0, largest]), ticks=5)
        lo, hi = d.log_range
        ax = self.axes((0, x_range[1], x_range[2]), (lo, hi, 1), ERRORS_W, PANEL_H,
                       x_label=r"D", y_label=r"\text{mean squared error}")
        ax.move_to([ERRORS_X, PANEL_Y, 0])
        # the y tick labels as powers of ten
        ax.y_tick_labels.remove(*ax.y_tick_labels.submobjects)
        for k in range(lo, hi + 1):
            label = MathTex(f"10^{{{k}}}", font_size=LABEL, color=self.theme.text)
            ax.y_tick_labels.add(label.next_to(ax.c2p(0, k), LEFT, buff=0.2))
        ax.y_name.next_to(ax.c2p(0, hi), UP, buff=0.15).align_to(ax.y_tick_labels, LEFT)
        return ax

    def error_mark(self, ax, hidden: int, kind: str):
        fit = self.data.curve.fit(hidden)
        value = fit.train_error if kind == "train" else fit.test_error
        at = ax.c2p(hidden, self.data.log_error(value))
        colour = self.colours()[kind]
        return Dot(at, radius=0.09, color=colour) if kind == "train" else \
            Square(0.2, color=colour, fill_opacity=1, stroke_width=0).move_to(at)

    def readout(self, hidden: int) -> VGroup:
        fit = self.data.curve.fit(hidden)
        c = self.colours()
        parts = VGroup(
            self.prose(rf"$D = {hidden}$:", size=LABEL, color=c["fit"]),
            self.prose(rf"training error {fmt(fit.train_error, 3)}", size=LABEL),
            self.prose(rf"test error {fmt(fit.test_error, 3)}", size=LABEL, color=self.theme.label(0)),
        ).arrange(RIGHT, buff=0.35)
        return parts.next_to(self.data_ax, DOWN, buff=0.55).set_x(self.data_ax.get_center()[0])

    # --- steps -----------------------------------------------------------------------------------
    @step
    def show_data(self) -> None:
        d, c = self.data, self.colours()
        self.heading = self.title("More capacity: a better fit, until it fits the noise")
        ax = self.data_ax = self.data_panel(DATA_X)
        self.curve_line = self.true_curve(ax)
        self.test_dots = self.points(ax, d.data.test_x, d.data.test_y, c["test"], 0.035)
        self.train_dots = self.points(ax, d.data.x, d.data.y, c["train"], 0.08)
        text = VGroup(
            self.prose(rf"{len(d.data.x)} training points (large),", size=LABEL),
            self.prose(rf"{len(d.data.test_x)} test points (small), both from", size=LABEL),
            self.prose(rf"$y = \sin 2\pi x$ (dashed) + noise, $\sigma = {fmt(d.data.noise)}$", size=LABEL),
            self.tex(r"f(x) = \phi_0 + \textstyle\sum_{d=1}^{D} \phi_d\,\mathrm{ReLU}(x - b_d)", size=LABEL),
            self.prose(r"joints $b_d$ fixed, nested as $D$ grows;", size=LABEL),
            self.prose(r"$\phi$ by least squares on the training points", size=LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        self.intro = text.move_to([ERRORS_X, PANEL_Y, 0])
        self.play(Write(self.heading), run_time=1)
        self.play(Create(ax), run_time=1.2)
        self.play(Create(self.curve_line), run_time=1.5)
        self.play(FadeIn(self.test_dots, lag_ratio=0.01), run_time=1.5)
        self.play(FadeIn(self.train_dots, lag_ratio=0.1), run_time=1.5)
        self.play(FadeIn(text, lag_ratio=0.25), run_time=2)
        self.wait(2)
        self.say(f"{len(d.data.x)} training points and {len(d.data.test_x)} test points, drawn from the same "
                 f"source: y = sin(2 pi x) plus Gaussian noise with sigma = {fmt(d.data.noise)} (our choice; "
                 f"seed {d.data.seed}). The dashed curve is where they come from.",
                 "The models are shallow ReLU networks with D hidden units. Their joints are fixed in "
                 "advance (van der Corput points over the data's range, so each model contains the one "
                 "before) and only the output weights are fitted, by least squares: the least training "
                 "error those joints allow. A construction, not gradient-descent training.")

    @step
    def fit(self, hidden: int) -> None:
        d, ax = self.data, self.data_ax
        fit = d.curve.fit(hidden)
        graph = self.fit_graph(ax, hidden)
        ticks = VGroup(*(Line(ax.c2p(b, d.y_range[0]), ax.c2p(b, d.y_range[0]) + UP * 0.22,
                              color=self.colours()["fit"], stroke_width=3) for b in fit.positions))
        readout = self.readout(hidden)
        first = self.fit_curve is None
        if first:
            self.play(FadeOut(self.intro), run_time=0.6)
            self.errors_ax = self.errors_panel()
            self.play(Create(self.errors_ax), run_time=1.2)
            self.play(Create(graph), FadeIn(ticks), FadeIn(readout), run_time=2)
        else:
            self.play(FadeOut(self.fit_curve), FadeOut(self.fit_ticks), FadeOut(self.fit_readout),
                      Create(graph), FadeIn(ticks), FadeIn(readout), run_time=2)
        marks = VGroup(*(self.error_mark(self.errors_ax, hidden, kind) for kind in ("train", "test")))
        self.play(FadeIn(marks, scale=1.5), run_time=0.8)
        self.fit_marks.add(marks)
        self.fit_curve, self.fit_ticks, self.fit_readout = graph, ticks, readout
        self.wait(2)
        xs, ys = d.vertices(hidden)
        top = float(np.max(np.abs(ys)))
        leaves = (f" Between the points it swings as far as |f| = {fmt(top)}, off the plot."
                  if top > max(abs(d.y_range[0]), abs(d.y_range[1])) else "")
        units = "1 hidden unit (1 joint" if hidden == 1 else f"{hidden} hidden units ({hidden} joints"
        self.say(f"D = {units}, marked on the x-axis; {hidden + 1} output "
                 f"weights fitted): training error {fmt(fit.train_error, 3)}, test error "
                 f"{fmt(fit.test_error, 3)} (mean squared errors).{leaves}")

    @step
    def errors(self) -> None:
        d, ax, c = self.data, self.errors_ax, self.colours()
        hidden = d.curve.hidden
        lines = {}
        for kind, values in (("train", d.curve.train_errors), ("test", d.curve.test_errors)):
            heights = [d.log_error(v) for v in values]
            lines[kind] = self.polyline(ax, hidden.astype(float), np.array(heights), c[kind], width=4)
        floor = DashedVMobject(Line(ax.c2p(0, d.log_error(d.floor)), ax.c2p(ax.x_range[1], d.log_error(d.floor)),
                                    color=self.theme.muted, stroke_width=3), num_dashes=30)
        floor_label = self.prose("the noise", size=LABEL, color=self.theme.muted)
        floor_label.next_to(ax.c2p(ax.x_range[1], d.log_error(d.floor)), UP, buff=0.1).align_to(
            ax.c2p(ax.x_range[1], 0), RIGHT)
        names = VGroup(
            self.prose("training", size=LABEL).next_to(ax.c2p(hidden[-1], d.log_error(d.curve.train_errors[-1])),
                                                       DOWN, buff=0.2),
            self.prose("test", size=LABEL, color=self.theme.label(0)).next_to(
                ax.c2p(hidden[-1], d.log_error(d.curve.test_errors[-1])), UP, buff=0.2),
        )
        best = d.curve.best
        at = ax.c2p(best.hidden, d.log_error(best.test_error))
        ring = Dot(at, radius=0.17, color=self.theme.text).set_fill(opacity=0).set_stroke(width=5)
        best_label = self.prose(rf"ringed: the least test error, at $D = {best.hidden}$", size=LABEL)
        # under the plot, level with the fit's readout: inside it no place is clear for every data set
        best_label.move_to([ax.get_center()[0], self.fit_readout.get_y(), 0])
        self.play(Create(lines["train"]), Create(lines["test"]), run_time=2.5)
        self.play(FadeIn(names), Create(floor), FadeIn(floor_label), run_time=1)
        self.play(Create(ring), FadeIn(best_label), run_time=1)
        self.wait(3)
        self.error_lines = lines
        self.error_extras = VGroup(names, floor, floor_label, ring, best_label)
        largest = d.curve.fits[-1]
        self.say(f"All the models from D = 1 to {hidden[-1]}: the training error falls at every step, from "
                 f"{fmt(d.curve.train_errors[0], 3)} to {fmt(largest.train_error, 3)} (the models are nested, so "
                 f"it cannot rise). The test error falls to {fmt(best.test_error, 3)} at D = {best.hidden}, "
                 f"then rises to {fmt(largest.test_error, 3)}: the fit has started to follow the noise "
                 "(overfitting).",
                 f"The dashed line is the true curve's own test error, {fmt(d.floor, 3)} (about sigma^2 = "
                 f"{fmt(d.data.noise ** 2, 3)}): no model can expect less.")

    @step
    def want_vs_get(self) -> None:
        d, c = self.data, self.colours()
        largest = d.curve.fits[-1]
        errors = VGroup(self.errors_ax, self.fit_marks, *self.error_lines.values(), self.error_extras)
        self.play(FadeOut(errors), FadeOut(self.fit_readout), run_time=0.8)
        want_ax = self.want_ax = self.data_panel(ERRORS_X, ERRORS_W)
        curve = self.true_curve(want_ax)
        tests = self.points(want_ax, d.data.test_x, d.data.test_y, c["test"], 0.035)
        get_head = self.prose("What we get", size=LABEL + 4).next_to(self.data_ax, UP, buff=0.2)
        want_head = self.prose("What we want", size=LABEL + 4).next_to(want_ax, UP, buff=0.2)
        want_head.set_y(get_head.get_y())
        get_text = self.prose(rf"$D = {largest.hidden}$: training error {fmt(largest.train_error, 3)}, "
                              rf"test error {fmt(largest.test_error, 3)}", size=LABEL)
        get_text.next_to(self.data_ax, DOWN, buff=0.55).set_x(self.data_ax.get_center()[0])
        want_text = self.prose(rf"the curve itself: test error {fmt(d.floor, 3)}", size=LABEL)
        want_text.next_to(want_ax, DOWN, buff=0.55).set_x(want_ax.get_center()[0])
        self.play(FadeOut(self.heading), FadeIn(get_head), FadeIn(get_text), run_time=1)
        self.play(Create(want_ax), FadeIn(want_head), run_time=1)
        self.play(Create(curve), FadeIn(tests, lag_ratio=0.01), FadeIn(want_text), run_time=2)
        self.wait(3)
        self.say(f"What we get: the model with the most capacity, D = {largest.hidden}, passes close to "
                 f"every training point (training error {fmt(largest.train_error, 3)}) and misses new "
                 f"points from the same source (test error {fmt(largest.test_error, 3)}).",
                 f"What we want: a model that does well on all the data we will ever see (deck 002's "
                 f"'universe'); the curve the data come from scores {fmt(d.floor, 3)} on the test points. "
                 f"The test error, not the training error, tells them apart; the best model here has "
                 f"D = {d.curve.best.hidden} (test error {fmt(d.curve.best.test_error, 3)}).")
