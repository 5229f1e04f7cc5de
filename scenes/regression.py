"""1-D linear regression by least squares and gradient descent (UDL chapter 2, Figs. 2.2-2.4).

Left, the data and the model y = phi_0 + phi_1 x with its residuals; right, the loss surface
L[phi] = sum_i (phi_0 + phi_1 x_i - y_i)^2 over (phi_0, phi_1) as a continuous colour map with
its exact elliptic contours. Gradient descent then runs from a stated start with a stated
learning rate: the point moving on the surface and the line moving over the data are the same
parameters at every frame (one tracker drives both), with the loss written as it falls. Last,
the end of the path against the normal equations' minimum. Every number is
nnmath.regression's; the data are ours (seeded), since the book prints none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, FadeOut, Group, ImageMobject, Indicate,
    Line,
    ValueTracker, VGroup, VMobject, Write, config, rate_functions,
)
from manim.constants import RESAMPLING_ALGORITHMS

from nnmath import regression as nr
from nnlecture.palette import rgb
from scenes.common import LABEL, LectureScene, fmt, live_number, nice_range, plot_path, redraw, step
from scenes.regions import OUTPUT_RAMP

CONTOURS = 6  # contour lines of L drawn on the surface
PLOT_Y = -0.3  # the plots' centre height
DATA_X, SURFACE_X = -3.5, 3.75  # the plots' centres
PLOT_H = 3.9


def surface_range(points: np.ndarray) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Axis ranges (lo, hi, step) of phi_0 and phi_1 around ``points`` (M, 2), padded by a
    quarter of their spread on each side."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.25 * np.maximum(hi - lo, 0.2)
    return tuple(nice_range(np.array([lo[i] - pad[i], hi[i] + pad[i]]), ticks=4) for i in (0, 1))


@dataclass(frozen=True)
class RegressionScene:
    """What the scene draws: the data, the minimum, the descent, the plots' ranges and the
    contour levels (heights above the minimum equally spaced in their square root, so the
    ellipses are evenly spread)."""

    data: nr.RegressionData
    best: nr.LeastSquares
    descent: nr.Descent
    x_range: tuple[float, float, float]
    y_range: tuple[float, float, float]
    phi0_range: tuple[float, float, float]
    phi1_range: tuple[float, float, float]
    levels: np.ndarray

    @classmethod
    def from_params(cls, params: dict) -> RegressionScene:
        data = nr.regression_data(params["points"], params["seed"], *params["line"], params["noise"])
        best = nr.least_squares(data)
        descent = nr.gradient_descent(data, params["start"], params["lr"], params["steps"])
        x_range = nice_range(np.array([min(0.0, data.x.min()), data.x.max()]), ticks=4)
        xs = np.array(x_range[:2])
        lines = np.concatenate([data.y, nr.predict(descent.path[0], xs), nr.predict(best.phi, xs)])
        y_range = nice_range(np.array([min(0.0, lines.min()), lines.max()]), ticks=4)
        phi0_range, phi1_range = surface_range(np.vstack([descent.path, best.phi]))
        start = descent.losses[0] - best.loss
        levels = best.loss + start * (np.arange(1, CONTOURS + 1) / CONTOURS) ** 2
        return cls(data, best, descent, x_range, y_range, phi0_range, phi1_range, levels)

    def at(self, t: float) -> np.ndarray:
        """The parameters at time t in [0, steps] of the descent: step floor(t), moved on toward
        the next step along the straight segment between them."""
        path = self.descent.path
        k = min(int(np.floor(t)), len(path) - 2)
        return path[k] + (t - k) * (path[k + 1] - path[k])


class Regression(LectureScene):
    """Storyboard: the data, a line and its loss, the loss surface, the descent, the minimum."""

    def construct(self) -> None:
        self.data = RegressionScene.from_params(self.params)
        self.show_data()
        self.show_loss()
        self.show_surface()
        self.descend()
        self.minimum()

    # --- helpers -----------------------------------------------------------------------------
    def line_and_residuals(self, phi: np.ndarray, colour: str) -> VGroup:
        """The model's line over the data plot and the residuals as vertical segments."""
        ax, d = self.data_ax, self.data.data
        x0, x1 = self.data.x_range[:2]
        xs = np.array([x0, x1])
        line = self.polyline(ax, xs, nr.predict(phi, xs), colour, width=5, clip=self.data.y_range[:2])
        gaps = VGroup(*(Line(ax.c2p(x, y), ax.c2p(x, float(nr.predict(phi, x))), color=self.theme.guide,
                             stroke_width=2.5) for x, y in zip(d.x, d.y)))
        return VGroup(gaps, line)

    def surface_map(self) -> ImageMobject:
        """L over the surface plot, one value per screen pixel, on a square-root scale (the
        colour of L_min + h grows with sqrt(h), as the contours are spaced)."""
        ax, d = self.surface_ax, self.data
        (a0, a1, _), (b0, b1, _) = d.phi0_range, d.phi1_range
        width = ax.c2p(a1, b0)[0] - ax.c2p(a0, b0)[0]
        height = ax.c2p(a0, b1)[1] - ax.c2p(a0, b0)[1]
        nx = max(2, int(round(config.pixel_width * width / config.frame_width)))
        ny = max(2, int(round(config.pixel_height * height / config.frame_height)))
        grid = nr.loss_grid(d.data, a0 + (np.arange(nx) + 0.5) * (a1 - a0) / nx,
                            b0 + (np.arange(ny) + 0.5) * (b1 - b0) / ny)
        t = np.sqrt(np.clip((grid - d.best.loss) / (grid.max() - d.best.loss), 0, 1))[..., None]
        low, high = (np.array(rgb(c)) for c in OUTPUT_RAMP[self.theme.name])
        image = ImageMobject((((1 - t) * low + t * high)[::-1] * 255).round().astype(np.uint8))
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        image.stretch_to_fit_width(width).stretch_to_fit_height(height)
        return image.move_to(ax.c2p(0.5 * (a0 + a1), 0.5 * (b0 + b1)))

    def contour(self, level: float) -> VMobject:
        """The exact contour L = level, cut to the plot (parts outside it left out)."""
        return plot_path(self.surface_ax, self.data.best.contour(level), self.theme.axis, 2)

    def readout(self, phi, loss) -> VGroup:
        """phi_0 = .., phi_1 = .., L = .. with numbers that follow the callables in place."""
        parts = VGroup()
        for name, value in ((r"\phi_0 =", lambda: phi()[0]), (r"\phi_1 =", lambda: phi()[1]),
                            (r"L =", loss)):
            number = live_number(value, 2, font_size=LABEL, color=self.theme.text)
            parts.add(VGroup(self.tex(name, size=LABEL), number).arrange(RIGHT, buff=0.15))
        parts.arrange(RIGHT, buff=0.5)
        return parts.move_to([DATA_X, -3.45, 0])

    # --- steps -----------------------------------------------------------------------------------
    @step
    def show_data(self) -> None:
        d = self.data
        self.heading = self.title("Linear regression: a line fitted by least squares")
        ax = self.axes(d.x_range, d.y_range, 5.6, PLOT_H, x_label="x", y_label="y")
        self.data_ax = ax.move_to([DATA_X, PLOT_Y, 0])
        self.points = VGroup(*(Dot(ax.c2p(x, y), radius=0.075, color=self.theme.text)
                               for x, y in zip(d.data.x, d.data.y)))
        model = self.tex(r"\text{model: } y = \phi_0 + \phi_1 x").move_to([DATA_X, 2.55, 0])
        self.model = model
        self.play(Write(self.heading), run_time=1)
        self.play(Create(ax), run_time=1.5)
        self.play(FadeIn(self.points, lag_ratio=0.1), FadeIn(model), run_time=2)
        self.wait(2)
        self.say(f"{len(d.data.x)} data points (x_i, y_i): ours, drawn near a line with noise (seeded; "
                 f"the book prints no values). The model is a line, y = phi_0 + phi_1 x: two "
                 f"parameters, the intercept phi_0 and the slope phi_1 (UDL chapter 2).")

    @step
    def show_loss(self) -> None:
        d = self.data
        start = d.descent.path[0]
        self.fit = self.line_and_residuals(start, self.theme.line(2))
        formula = self.tex(r"L[\phi] = \sum_i \big(\phi_0 + \phi_1 x_i - y_i\big)^2")
        formula.move_to([SURFACE_X, 2.55, 0])
        value = self.tex(rf"\phi = ({fmt(start[0])}, {fmt(start[1])}):\ L = {fmt(d.descent.losses[0])}",
                         size=LABEL).move_to([DATA_X, -3.45, 0])
        self.formula, self.start_value = formula, value
        self.play(Create(self.fit[1]), run_time=1.5)
        self.play(Create(self.fit[0]), FadeIn(formula), run_time=2)
        self.play(FadeIn(value), run_time=1)
        self.wait(2.5)
        self.say(f"A first guess, phi = ({fmt(start[0])}, {fmt(start[1])}): the blue line. The grey "
                 f"segments are the residuals phi_0 + phi_1 x_i - y_i. The least-squares loss adds "
                 f"their squares: L = {fmt(d.descent.losses[0])} for this line (a sum over the "
                 f"{len(d.data.x)} points, as the book's eq. 2.5).")

    @step
    def show_surface(self) -> None:
        d = self.data
        ax = self.axes(d.phi0_range, d.phi1_range, 4.6, PLOT_H, x_label=r"\phi_0", y_label=r"\phi_1")
        if ax.zero_line is not None:
            ax.remove(ax.zero_line)
        self.surface_ax = ax.move_to([SURFACE_X, PLOT_Y, 0])
        image = self.surface_map()
        contours = self.contours = VGroup(*(self.contour(level) for level in d.levels))
        start = d.descent.path[0]
        self.start_dot = Dot(ax.c2p(*start), radius=0.08, color=self.theme.line(2))
        best = d.best.phi
        self.best_mark = VGroup(Line(ax.c2p(*best) + 0.13 * (UP + LEFT), ax.c2p(*best) + 0.13 * (DOWN + RIGHT)),
                                Line(ax.c2p(*best) + 0.13 * (UP + RIGHT), ax.c2p(*best) + 0.13 * (DOWN + LEFT)))
        self.best_mark.set_stroke(self.theme.text, width=4)
        self.surface = Group(image, ax, contours)
        levels = ", ".join(fmt(v) for v in d.levels[:3])
        self.play(FadeIn(image), Create(ax), run_time=1.5)
        self.play(Create(contours), run_time=2)
        self.play(FadeIn(self.start_dot, scale=1.5), FadeIn(self.best_mark), run_time=1.2)
        self.wait(3)
        self.say(f"The loss surface: L for every (phi_0, phi_1), the stronger the orange, the larger the loss (the "
                 f"colour follows the square root of L - L_min). L is quadratic in phi, so its "
                 f"contours are exact ellipses (levels {levels}, ...). The blue dot is our guess "
                 f"(L = {fmt(d.descent.losses[0])}); the cross is the minimum, "
                 f"L = {fmt(d.best.loss)}.")

    @step
    def descend(self) -> None:
        d = self.data
        ax = self.surface_ax
        steps, lr = d.descent.steps, d.descent.lr
        t = ValueTracker(0)
        phi = lambda: d.at(t.get_value())  # noqa: E731  the one set of parameters both plots show
        colour = self.theme.line(2)
        # the line and the dot are drawn from the same parameters phi() at every frame
        self.tracker = t
        self.draw_fit = lambda: self.line_and_residuals(phi(), colour)  # noqa: E731
        self.draw_dot = lambda: Dot(ax.c2p(*phi()), radius=0.08, color=colour)  # noqa: E731
        fit, dot = redraw(self.draw_fit), redraw(self.draw_dot)

        def trace() -> VMobject:
            k = min(int(np.floor(t.get_value())), steps - 1)
            points = [ax.c2p(*p) for p in d.descent.path[:k + 1]] + [ax.c2p(*phi())]
            return VMobject(color=colour, stroke_width=3).set_points_as_corners(points)

        path = redraw(trace)
        readout = self.readout(phi, lambda: float(nr.loss(phi(), d.data)))
        rule = self.tex(rf"\phi \leftarrow \phi - \alpha\,\partial L/\partial\phi,\quad \alpha = {fmt(lr, 3)}",
                        size=LABEL).move_to([SURFACE_X, -3.45, 0])
        self.remove(*self.fit, self.start_dot)
        self.add(fit, dot, path)
        self.play(FadeOut(self.start_value), FadeIn(readout), FadeIn(rule), run_time=1.2)
        self.play(t.animate.set_value(steps), run_time=9, rate_func=rate_functions.ease_out_sine)
        self.wait(1.5)
        end = d.descent.path[-1]
        for m in (fit, dot, path, *readout.family_members_with_points()):
            m.clear_updaters()
        self.fit, self.end_dot, self.trace, self.values, self.rule = fit, dot, path, readout, rule
        first = d.descent.path[1]
        self.say(f"Gradient descent from phi = ({fmt(d.descent.path[0][0])}, {fmt(d.descent.path[0][1])}) "
                 f"with learning rate {fmt(lr, 3)}: each step subtracts {fmt(lr, 3)} times the "
                 f"gradient dL/dphi = 2 X^T (X phi - y); the first step goes to "
                 f"({fmt(first[0])}, {fmt(first[1])}).",
                 f"The dot on the surface and the line on the data are the same parameters at every "
                 f"moment. After {steps} steps phi = ({fmt(end[0])}, {fmt(end[1])}) and "
                 f"L = {fmt(d.descent.losses[-1])}; the path bends because the bowl is long and "
                 f"narrow (curvatures {fmt(np.linalg.eigvalsh(nr.hessian(d.data))[0])} and "
                 f"{fmt(np.linalg.eigvalsh(nr.hessian(d.data))[1])}).")

    @step
    def minimum(self) -> None:
        d = self.data
        best, end = d.best.phi, d.descent.path[-1]
        normal = self.tex(r"X^{\mathsf T} X\,\phi^* = X^{\mathsf T} y", size=LABEL)
        answer = self.tex(rf"\phi^* = ({fmt(best[0])}, {fmt(best[1])}),\ L = {fmt(d.best.loss)}",
                          size=LABEL)
        text = VGroup(self.prose("the normal equations", size=LABEL), normal, self.prose("give", size=LABEL),
                      answer).arrange(RIGHT, buff=0.25)
        text.move_to([0, -3.45, 0])
        gap = float(np.linalg.norm(end - best))
        self.play(FadeOut(self.values), FadeOut(self.rule), run_time=1)
        self.bring_to_front(self.best_mark)
        self.play(FadeIn(text), run_time=1.5)
        self.play(Indicate(self.best_mark, color=self.theme.highlight), run_time=1.5)
        self.wait(3)
        self.say(f"The minimum can also be solved for directly: the normal equations X^T X phi* = X^T y "
                 f"give phi* = ({fmt(best[0])}, {fmt(best[1])}) with L = {fmt(d.best.loss)}. "
                 f"Gradient descent ended {fmt(gap, 3)} away, at L = {fmt(d.descent.losses[-1])}: "
                 f"more steps bring it closer. For a line a formula suffices; for a deep network "
                 f"there is none, and gradient descent is what we have.")
