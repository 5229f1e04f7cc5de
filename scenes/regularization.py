"""L2 and L1 parameter-norm penalties on two weights (deck 001's regularisation; UDL section 9.1).

A quadratic loss L(w) = 1/2 (w - w*)^T H (w - w*) of two weights, its tilted elliptic
contours and its minimum w*; then L~ = L + lambda Omega with lambda growing from 0. With the L2
penalty Omega = 1/2 ||w||_2^2 the minimum moves toward the origin along a curve and both
weights shrink; with the L1 penalty Omega = ||w||_1 it reaches an axis at a finite lambda,
where one weight becomes exactly 0 and stays 0, then slides to the origin. At every lambda
the loss contour through the minimum touches the penalty's level set through it (circle or
diamond). Every minimum is nnmath.regularization's (closed form for L2, exact enumeration of
the sign patterns for L1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Circle, Create, Dot, FadeIn, FadeOut, Flash, ValueTracker, VGroup,
    VMobject, Write, linear,
)

from nnmath import regularization as nr
from scenes.common import LABEL, LectureScene, fmt, live_number, nice_range, plot_path, redraw, step

PANEL = 4.0  # side of a weight plane on screen
PANEL_Y = -0.8  # its centre height
LEFT_X, RIGHT_X = -3.45, 3.45
LOSS_LEVELS = 5  # loss contours drawn
PENALTY_LEVELS = (0.5, 1.0, 1.5)  # the faint penalty level sets: their radii / corners
KINDS = ("l2", "l1")
NAMES = {"l2": r"L_2:\ \Omega(w) = \tfrac{1}{2}\|w\|_2^2", "l1": r"L_1:\ \Omega(w) = \|w\|_1"}


@dataclass(frozen=True)
class RegularizationScene:
    """What the scene draws: the loss, each penalty's path of minima over lambda in
    [0, largest], the L1 breakpoints, the compared lambda and both minima there, the ranges."""

    loss: nr.QuadraticLoss
    paths: dict
    breakpoints: np.ndarray
    compare: float
    compared: dict
    w_range: tuple[tuple[float, float, float], tuple[float, float, float]]
    levels: np.ndarray

    @classmethod
    def from_params(cls, params: dict) -> RegularizationScene:
        loss = nr.QuadraticLoss(params["minimum"], params["curvature"])
        largest = params["largest_lambda"]
        paths = {kind: nr.regularization_path(loss, kind, largest) for kind in KINDS}
        compare = params["compare_lambda"]
        compared = {kind: nr.regularized_minimum(loss, compare, kind) for kind in KINDS}
        points = np.vstack([loss.minimum, [0.0, 0.0], *(p.minima for p in paths.values())])
        lo, hi = points.min(axis=0), points.max(axis=0)
        side = float(max(hi - lo)) * 1.3 + 0.2  # square: one scale for both weights
        centre = 0.5 * (lo + hi)
        ranges = tuple(nice_range(np.array([c - side / 2, c + side / 2]), ticks=4) for c in centre)
        # the same span on both axes, so circles look round
        span = max(r[1] - r[0] for r in ranges)
        ranges = tuple((r[0], r[0] + span, max(q[2] for q in ranges)) for r in ranges)
        top = float(loss(np.array([0.0, 0.0])))
        levels = top * (np.arange(1, LOSS_LEVELS + 1) / LOSS_LEVELS) ** 2
        return cls(loss, paths, nr.l1_breakpoints(loss), compare, compared, ranges, levels)

    def minimum(self, kind: str, lam: float) -> np.ndarray:
        return nr.regularized_minimum(self.loss, lam, kind)

    def path_to(self, kind: str, lam: float) -> np.ndarray:
        """The path of minima from lambda = 0 up to ``lam`` (its last point the minimum at lam)."""
        path = self.paths[kind]
        keep = path.lambdas < lam
        return np.vstack([path.minima[keep], self.minimum(kind, lam)])


class Regularization(LectureScene):
    """Storyboard: the loss, the L2 path, the L1 path, both at one lambda."""

    def construct(self) -> None:
        self.data = RegularizationScene.from_params(self.params)
        self.panels: dict = {}
        self.show_loss()
        self.l2()
        self.l1()
        self.compare()

    # --- helpers -----------------------------------------------------------------------------
    def panel(self, kind: str, x: float):
        """A weight plane at x: frame, the loss contours, w*, the faint penalty level sets."""
        (a0, a1, sa), (b0, b1, sb) = self.data.w_range
        ax = self.axes((a0, a1, sa), (b0, b1, sb), PANEL, PANEL, x_label="w_1", y_label="w_2")
        if ax.zero_line is not None:
            ax.remove(ax.zero_line)
        ax.move_to([x, PANEL_Y, 0])
        axes_lines = VGroup(*(plot_path(ax, np.array(p), self.theme.guide, 2) for p in (
            [[a0, 0], [a1, 0]], [[0, b0], [0, b1]])))
        contours = VGroup(*(plot_path(ax, self.data.loss.contour(level), self.theme.axis, 2)
                            for level in self.data.levels))
        star = Dot(ax.c2p(*self.data.loss.minimum), radius=0.08, color=self.theme.text)
        star_label = self.tex(r"w^*", size=LABEL).next_to(star, UP + RIGHT, buff=0.08)
        return {"ax": ax, "axes": axes_lines, "contours": contours, "star": VGroup(star, star_label)}

    def penalty_sets(self, kind: str, ax) -> VGroup:
        colour = self.colour(kind)
        return VGroup(*(plot_path(ax, nr.penalty_contour(kind, nr.level_at_size(kind, v)), colour, 2)
                        for v in PENALTY_LEVELS))

    def colour(self, kind: str) -> str:
        return self.theme.line(2) if kind == "l2" else self.theme.line(0)

    def touching(self, kind: str, ax, w: np.ndarray) -> VGroup:
        """The loss contour and the penalty level set through the minimum w (they touch there)."""
        contour, level_set = nr.touching_sets(self.data.loss, w, kind)
        parts = VGroup()
        if contour is not None:
            parts.add(plot_path(ax, contour, self.theme.text, 3))
        if level_set is not None:
            parts.add(plot_path(ax, level_set, self.colour(kind), 4))
        return parts

    def readout(self, kind: str, lam, w) -> VGroup:
        """lambda = .., w = (.., ..) under a panel, the numbers following the callables."""
        def number(value, digits=2):
            return live_number(value, digits, font_size=LABEL, color=self.theme.text)

        lam_part = VGroup(self.tex(r"\lambda =", size=LABEL), number(lam)).arrange(RIGHT, buff=0.15)
        w_part = VGroup(self.tex(r"w = (", size=LABEL), number(lambda: w()[0]), self.tex(",", size=LABEL),
                        number(lambda: w()[1]), self.tex(")", size=LABEL)).arrange(RIGHT, buff=0.06)
        w_part[2].align_to(w_part[1], DOWN).shift(DOWN * 0.06)
        parts = VGroup(lam_part, w_part).arrange(RIGHT, buff=0.5)
        ax = self.panels[kind]["ax"]
        return parts.next_to(ax, DOWN, buff=0.5).set_x(ax.get_center()[0])

    def sweep(self, kind: str) -> dict:
        """Lambda from 0 to the largest: the minimum, its path and the touching sets follow."""
        d, ax = self.data, self.panels[kind]["ax"]
        lam = ValueTracker(0.0)
        w = lambda: d.minimum(kind, lam.get_value())  # noqa: E731
        colour = self.colour(kind)
        trace = redraw(lambda: VMobject(color=colour, stroke_width=4).set_points_as_corners(
            [ax.c2p(*p) for p in d.path_to(kind, max(lam.get_value(), 1e-12))]))
        dot = redraw(lambda: Dot(ax.c2p(*w()), radius=0.09, color=colour))
        touch = redraw(lambda: self.touching(kind, ax, w()))
        readout = self.readout(kind, lam.get_value, w)
        return {"lam": lam, "w": w, "trace": trace, "dot": dot, "touch": touch, "readout": readout}

    def freeze(self, parts: dict) -> None:
        for key in ("trace", "dot", "touch", "readout"):
            for m in parts[key].get_family():
                m.clear_updaters()

    # --- steps -----------------------------------------------------------------------------------
    @step
    def show_loss(self) -> None:
        d = self.data
        self.heading = self.title("Regularisation: a penalty on the weights")
        formula = self.tex(r"\tilde L(w) = L(w) + \lambda\,\Omega(w),\qquad "
                           r"L(w) = \tfrac{1}{2}(w - w^*)^{\mathsf T} H\,(w - w^*)", size=LABEL)
        formula.next_to(self.heading, DOWN, buff=0.2)
        self.formula = formula
        p = self.panels["l2"] = self.panel("l2", LEFT_X)
        w, H = d.loss.minimum, d.loss.H
        text = VGroup(
            self.prose(rf"$w^* = ({fmt(w[0])}, {fmt(w[1])})$: the minimum of $L$", size=LABEL),
            self.prose(rf"$H = \begin{{bmatrix}} {fmt(H[0, 0])} & {fmt(H[0, 1])} \\ {fmt(H[1, 0])} & "
                       rf"{fmt(H[1, 1])} \end{{bmatrix}}$: tilted ellipses", size=LABEL),
            self.prose(r"$\lambda \ge 0$ sets how much the penalty counts", size=LABEL),
            self.prose(r"(one slide of deck 001 leaves $\lambda$ out)", size=LABEL, color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.intro = text.move_to([RIGHT_X, PANEL_Y + 0.3, 0])
        self.play(Write(self.heading), run_time=1)
        self.play(FadeIn(formula), Create(p["ax"]), Create(p["axes"]), run_time=1.5)
        self.play(Create(p["contours"]), FadeIn(p["star"]), run_time=2)
        self.play(FadeIn(text, lag_ratio=0.3), run_time=2)
        self.wait(2.5)
        self.say(f"A loss of two weights, quadratic: L(w) = 1/2 (w - w*)^T H (w - w*) with its minimum "
                 f"w* = ({fmt(w[0])}, {fmt(w[1])}) and H = [[{fmt(H[0, 0])}, {fmt(H[0, 1])}], "
                 f"[{fmt(H[1, 0])}, {fmt(H[1, 1])}]]: its contours are tilted ellipses (levels "
                 f"{', '.join(fmt(v) for v in d.levels[:3])}, ...).",
                 "Regularisation minimises L~ = L + lambda Omega instead: lambda >= 0 multiplies the "
                 "penalty Omega (one of deck 001's slides writes L + Omega, without the lambda).")

    @step
    def l2(self) -> None:
        d, p = self.data, self.panels["l2"]
        heading = self.tex(NAMES["l2"], size=LABEL, color=self.theme.label(2)).next_to(p["ax"], UP, buff=0.2)
        sets = self.penalty_sets("l2", p["ax"])
        parts = self.sweep("l2")
        largest = float(d.paths["l2"].lambdas[-1])
        end = d.minimum("l2", largest)
        self.play(FadeIn(heading), Create(sets), run_time=1.5)
        self.add(parts["trace"], parts["touch"], parts["dot"])
        self.play(FadeIn(parts["readout"]), run_time=0.8)
        self.play(parts["lam"].animate.set_value(largest), run_time=8, rate_func=linear)
        self.wait(1.5)
        self.freeze(parts)
        p.update(heading=heading, sets=sets, **parts)
        self.say(f"With the L2 penalty Omega = 1/2 ||w||^2 (circles) the minimum solves (H + lambda I) w = H w*. "
                 f"As lambda grows from 0 to {fmt(largest)} it moves from w* toward the origin, to "
                 f"({fmt(end[0])}, {fmt(end[1])}): both weights shrink, neither becomes 0.",
                 "At every lambda the loss contour through the minimum (dark) touches the circle "
                 "through it: there the loss cannot fall without the penalty rising.")

    @step
    def l1(self) -> None:
        d = self.data
        self.play(FadeOut(self.intro), run_time=0.8)
        p = self.panels["l1"] = self.panel("l1", RIGHT_X)
        heading = self.tex(NAMES["l1"], size=LABEL, color=self.theme.label(0)).next_to(p["ax"], UP, buff=0.2)
        sets = self.penalty_sets("l1", p["ax"])
        parts = self.sweep("l1")
        first, origin = float(d.breakpoints[0]), float(d.breakpoints[-1])
        largest = float(d.paths["l1"].lambdas[-1])
        at_axis = d.minimum("l1", first)
        zero = int(np.flatnonzero(at_axis == 0.0)[0]) if np.any(at_axis == 0.0) else 1
        self.play(Create(p["ax"]), Create(p["axes"]), Create(p["contours"]), FadeIn(p["star"]),
                  FadeIn(heading), run_time=1.5)
        self.play(Create(sets), run_time=1)
        self.add(parts["trace"], parts["touch"], parts["dot"])
        self.play(FadeIn(parts["readout"]), run_time=0.8)
        self.play(parts["lam"].animate.set_value(first), run_time=4, rate_func=linear)
        self.play(Flash(p["ax"].c2p(*at_axis), color=self.theme.highlight, flash_radius=0.35), run_time=1)
        self.play(parts["lam"].animate.set_value(largest), run_time=4, rate_func=linear)
        self.wait(1.5)
        self.freeze(parts)
        p.update(heading=heading, sets=sets, **parts)
        if len(d.breakpoints) > 1:
            path = (f"the minimum moves straight until, at lambda = {fmt(first)}, it reaches the axis at "
                    f"({fmt(at_axis[0])}, {fmt(at_axis[1])}): from there w_{zero + 1} = 0 exactly (sparsity) "
                    f"and the minimum slides along the axis, reaching the origin at lambda = {fmt(origin)} "
                    "= the largest |H w*|_j.")
        else:  # both weights reach 0 together (or w* already has a zero weight)
            path = (f"the minimum moves straight to the origin and reaches it at lambda = {fmt(origin)} "
                    "= the largest |H w*|_j: from there both weights are exactly 0.")
        self.say(f"With the L1 penalty Omega = ||w||_1 (diamonds) {path}",
                 "The diamond's corners lie on the axes, and a tilted ellipse touches a diamond at a "
                 "corner for a whole range of lambdas; a circle has no corners, so L2 never does this.")

    @step
    def compare(self) -> None:
        d = self.data
        lam = d.compare
        notes, marks = [], VGroup()
        for kind in KINDS:
            p = self.panels[kind]
            w = d.compared[kind]
            # a ring in the text colour: it reads on both penalties' colours in both themes
            dot = Circle(radius=0.13, color=self.theme.text, stroke_width=6).move_to(p["ax"].c2p(*w))
            marks.add(dot)
            p["lam"].set_value(lam)
            notes.append(f"{'L2' if kind == 'l2' else 'L1'}: w = ({fmt(w[0])}, {fmt(w[1])})")
        new_touch = VGroup(*(self.touching(kind, self.panels[kind]["ax"], d.compared[kind]) for kind in KINDS))
        readouts = VGroup()
        for kind in KINDS:
            w = d.compared[kind]
            text = self.tex(rf"\lambda = {fmt(lam)}:\ w = ({fmt(w[0])}, {fmt(w[1])})", size=LABEL)
            readouts.add(text.move_to(self.panels[kind]["readout"]))
        old = VGroup(*(self.panels[k][part] for k in KINDS for part in ("touch", "readout", "dot")))
        self.play(FadeOut(old), FadeIn(new_touch), FadeIn(marks), FadeIn(readouts), run_time=1.5)
        self.wait(4)
        self.marks, self.compared_readouts = marks, readouts
        l2, l1 = d.compared["l2"], d.compared["l1"]
        zeros = int(np.sum(l1 == 0.0))
        if zeros == 2:
            sparse = "L1 has set both to exactly 0 (lambda is past ||H w*||_inf, so the minimum is the origin)"
        elif zeros == 1:
            sparse = f"L1 has set w_{int(np.flatnonzero(l1 == 0.0)[0]) + 1} to exactly 0"
        else:
            sparse = (f"L1 has not yet set a weight to 0 (it first does at lambda = "
                      f"{fmt(float(d.breakpoints[0]))})")
        shrink = ", ".join(fmt(a / b) for a, b in zip(l2, d.loss.minimum) if b != 0)
        self.say(f"Both at lambda = {fmt(lam)}: " + "; ".join(notes) + ". L2 has shrunk the weights "
                 f"(by factors {shrink}) and kept them; {sparse}: L2 pulls the weights toward the "
                 "origin, L1 makes them sparse (deck 001).")
