"""The shared look of every scene: themes, the book's palette, axes, equations with real numbers.

Scenes draw only what nnmath computed; this module turns those numbers into Manim objects the
same way everywhere (one place for fonts, colours, axis styling and number formatting).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from manim import (
    DL, DOWN, LEFT, RIGHT, UP, UR, Axes, DecimalNumber, MathTex, Mobject, Scene,
    SingleStringMathTex, Tex, Text, ValueTracker, VGroup, VMobject, config,
)

from palette import (  # noqa: F401  (re-exported: scenes import the look from here)
    BLUE_GREY, CHARCOAL, DARK, DARK_ORANGE, DARK_TEAL, GREY, LIGHT, LIGHT_GREY, ORANGE, TEAL,
    THEMES, Theme,
)

# Font sizes chosen for a 1080p projector: nothing smaller than LABEL on screen.
TITLE = 40
BODY = 32
LABEL = 28


class LectureScene(Scene):
    """A scene with a theme and a dict of validated parameters (see registry.Entry.params)."""

    def __init__(self, params: dict[str, Any] | None = None, theme: Theme | str = LIGHT,
                 **kwargs: Any) -> None:
        self.params = params if params is not None else {}
        self.theme = THEMES[theme] if isinstance(theme, str) else theme
        super().__init__(**kwargs)

    #: When True, every play() and wait() records text that overlaps other text or anything
    #: that leaves the frame, in ``layout_problems`` (the tests turn it on).
    check_layout = False

    def setup(self) -> None:
        self.camera.background_color = self.theme.background
        self.layout_problems: list[str] = []

    def play(self, *args: Any, **kwargs: Any) -> None:
        super().play(*args, **kwargs)
        if self.check_layout:
            self.layout_problems += layout_problems(self.mobjects, f"after animation {self.renderer.num_plays}")

    def wait(self, *args: Any, **kwargs: Any) -> None:
        super().wait(*args, **kwargs)
        if self.check_layout:
            self.layout_problems += layout_problems(self.mobjects, f"after animation {self.renderer.num_plays}")

    # --- text in the theme's colour -------------------------------------------------------
    def tex(self, *parts: str, size: float = BODY, color: str | None = None, **kw: Any) -> MathTex:
        return MathTex(*parts, font_size=size, color=color or self.theme.text, **kw)

    def prose(self, text: str, size: float = BODY, color: str | None = None, **kw: Any) -> Tex:
        return Tex(text, font_size=size, color=color or self.theme.text, **kw)

    def text(self, text: str, size: float = BODY, color: str | None = None, **kw: Any) -> Text:
        return Text(text, font_size=size * 0.75, color=color or self.theme.text, **kw)

    def title(self, text: str) -> Tex:
        return self.prose(text, size=TITLE).to_edge(UP, buff=0.3)

    # --- axes and graphs --------------------------------------------------------------------
    def axes(self, x_range: Sequence[float], y_range: Sequence[float], width: float, height: float,
             x_label: str = "x", y_label: str = "y", ticks: bool = True) -> Axes:
        """Axes in the theme's colour with LaTeX labels at the ends of the axes."""
        ax = Axes(
            x_range=list(x_range), y_range=list(y_range), x_length=width, y_length=height,
            tips=False,
            axis_config={"color": self.theme.axis, "stroke_width": 2, "include_ticks": ticks,
                         "tick_size": 0.05},
        )
        if ticks:
            ax.add_coordinates(
                {v: fmt(v) for v in (x_range[0], x_range[1])},
                {v: fmt(v) for v in (y_range[0], y_range[1])},
                font_size=24,
            )
            for label in ax.coordinate_labels:
                label.set_color(self.theme.text)
            # x tick labels under the bottom of the plot, not on the x-axis line where the
            # graph passes (a graph ending at y = 0 would run through them)
            if y_range[0] < 0:
                for label, v in zip(ax.x_axis.labels, (x_range[0], x_range[1])):
                    label.next_to(ax.c2p(v, y_range[0]), DOWN, buff=0.12)
        # axis names beyond the ends of the axes, clear of the graph and of the tick labels
        if x_label:
            ax.add(self.tex(x_label, size=LABEL).next_to(ax.x_axis.get_end(), RIGHT, buff=0.12))
        if y_label:
            ax.add(self.tex(y_label, size=LABEL).next_to(ax.y_axis.get_end(), UP, buff=0.1))
        return ax

    def polyline(self, ax: Axes, xs: np.ndarray, ys: np.ndarray, color: str,
                 width: float = 5, clip: tuple[float, float] | None = None) -> VMobject:
        """The exact piecewise-linear graph through vertices (xs, ys): straight segments only.

        clip = (y_lo, y_hi): leave out the parts outside that band (cut exactly where the
        segments cross it), so a graph never runs over the plot's edge.
        """
        line = VMobject(color=color, stroke_width=width)
        pieces = [(xs, ys)] if clip is None else clip_polyline(np.asarray(xs, float),
                                                                np.asarray(ys, float), *clip)
        for px, py in pieces:
            line.start_new_path(ax.c2p(float(px[0]), float(py[0])))
            line.add_points_as_corners([ax.c2p(float(x), float(y)) for x, y in zip(px[1:], py[1:])])
        return line


def clip_polyline(xs: np.ndarray, ys: np.ndarray, lo: float, hi: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """The parts of the polyline through (xs, ys) with lo <= y <= hi, as (xs, ys) pieces.

    Each segment is cut exactly where it crosses y = lo or y = hi (it is straight).
    """
    px, py = [float(xs[0])], [float(ys[0])]
    for x0, y0, x1, y1 in zip(xs[:-1], ys[:-1], xs[1:], ys[1:]):
        cuts = sorted((level - y0) / (y1 - y0) for level in (lo, hi)
                      if y1 != y0 and 0 < (level - y0) / (y1 - y0) < 1)
        for t in cuts:
            px.append(x0 + t * (x1 - x0))
            py.append(y0 + t * (y1 - y0))
        px.append(float(x1))
        py.append(float(y1))
    px, py = np.array(px), np.array(py)
    middle = 0.5 * (py[1:] + py[:-1])  # every piece is now wholly inside or outside the band
    mid_ok = (middle >= lo - 1e-12) & (middle <= hi + 1e-12)
    pieces, start = [], None
    for i, ok in enumerate(mid_ok):  # segment i joins points i and i + 1
        if ok and start is None:
            start = i
        if (not ok or i == len(mid_ok) - 1) and start is not None:
            end = i + 1 if ok else i
            pieces.append((px[start:end + 1], py[start:end + 1]))
            start = None
    return pieces


def _texts(mobject: Mobject):
    """The visible text leaves (one per formula, number or label) under ``mobject``."""
    if isinstance(mobject, (SingleStringMathTex, Text, DecimalNumber)):
        if mobject.has_points() or mobject.submobjects:
            if max(m.get_fill_opacity() for m in mobject.get_family()) > 0.05:
                yield mobject
        return
    for sub in mobject.submobjects:
        yield from _texts(sub)


def layout_problems(mobjects: Sequence[Mobject], when: str, margin: float = 0.02) -> list[str]:
    """Text boxes that overlap each other, and mobjects that leave the frame."""
    problems = []
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    for m in mobjects:
        if isinstance(m, ValueTracker):  # holds a number in its points; never drawn
            continue
        if not m.get_family() or not any(s.has_points() for s in m.get_family()):
            continue
        (x0, y0, _), (x1, y1, _) = m.get_critical_point(DL), m.get_critical_point(UR)
        if x0 < -half_w - margin or x1 > half_w + margin or y0 < -half_h - margin or y1 > half_h + margin:
            problems.append(f"{when}: {_name(m)} leaves the frame ({x0:.2f}..{x1:.2f}, {y0:.2f}..{y1:.2f})")
    texts = [t for m in mobjects for t in _texts(m)]
    boxes = [(t.get_critical_point(DL), t.get_critical_point(UR)) for t in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            (a0, a1), (b0, b1) = boxes[i], boxes[j]
            dx = min(a1[0], b1[0]) - max(a0[0], b0[0])
            dy = min(a1[1], b1[1]) - max(a0[1], b0[1])
            if dx > margin and dy > margin:
                problems.append(f"{when}: {_name(texts[i])} overlaps {_name(texts[j])}")
    return problems


def _overlap(a: Mobject, b: Mobject, margin: float = 0.04) -> bool:
    (a0, a1), (b0, b1) = ((m.get_critical_point(DL), m.get_critical_point(UR)) for m in (a, b))
    return min(a1[0], b1[0]) - max(a0[0], b0[0]) > -margin and min(a1[1], b1[1]) - max(a0[1], b0[1]) > -margin


def place_clear(label: Mobject, obstacles: Sequence[Mobject], step: np.ndarray, tries: int = 6) -> Mobject:
    """Keep ``label`` inside the frame and shift it by ``step`` until it overlaps no text of
    ``obstacles`` (tick labels, other labels); used for labels whose place depends on the data."""
    half_w = config.frame_width / 2 - 0.1
    if label.get_right()[0] > half_w:
        label.shift(LEFT * (label.get_right()[0] - half_w))
    if label.get_left()[0] < -half_w:
        label.shift(RIGHT * (-half_w - label.get_left()[0]))
    texts = [t for o in obstacles for t in _texts(o)]
    for _ in range(tries):
        if not any(_overlap(label, t) for t in texts):
            break
        label.shift(step)
    return label


def _name(m: Mobject) -> str:
    text = getattr(m, "tex_string", None) or getattr(m, "text", None)
    if text is None and isinstance(m, DecimalNumber):
        text = f"{m.get_value():.2f}"
    return f"{type(m).__name__}({text!r})" if text is not None else type(m).__name__


def nice_range(values: np.ndarray, ticks: int = 4) -> tuple[float, float, float]:
    """An axis range (lo, hi, step) covering ``values``, with a 1/2/5 x 10^k step.

    [-1, 1] data gives (-1, 1, 0.5); [-0.8, 0.6] gives (-1, 1, 0.5) too.
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / ticks
    power = 10 ** np.floor(np.log10(raw))
    step = float(min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=raw))
    return (float(np.floor(lo / step + 1e-9) * step), float(np.ceil(hi / step - 1e-9) * step), step)


# --- numbers and equations -------------------------------------------------------------------
def fmt(value: float, digits: int = 2) -> str:
    """A number as a lecturer writes it: at most ``digits`` decimals, no trailing zeros, no -0."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def affine_tex(bias: float, weights: Sequence[float], variables: Sequence[str]) -> str:
    """LaTeX of ``bias + sum_i w_i v_i`` with real numbers, e.g. ``-5 + 8.33x``."""
    terms: list[str] = []
    if fmt(bias) != "0":
        terms.append(fmt(bias))
    for w, v in zip(weights, variables):
        text = fmt(abs(w))
        if text == "0":
            continue
        coefficient = "" if text == "1" else text
        sign = "-" if w < 0 else "+"
        terms.append(f"{sign} {coefficient}{v}" if terms else f"{'-' if w < 0 else ''}{coefficient}{v}")
    return " ".join(terms) if terms else "0"


def shallow_tex(theta: np.ndarray, phi: np.ndarray, x: str = "x", y: str = "y",
                act: str = r"\mathrm{a}", keep_all: bool = False) -> list[str]:
    """The slides' ``y = phi_0 + sum_d phi_d a[theta_d0 + theta_d1 x]`` with the network's numbers.

    ``theta``: (D, 2), ``phi``: (D+1,). Returned as a list of LaTeX parts (``y =``, ``phi_0``,
    one part per hidden unit) so a scene can light up one term at a time. Terms with a zero
    weight are left out unless ``keep_all`` (then part d+2 is always unit d).
    """
    parts = [f"{y} =", fmt(phi[0]) if fmt(phi[0]) != "0" or keep_all else ""]
    for d in range(theta.shape[0]):
        weight = fmt(abs(phi[d + 1]))
        if weight == "0" and not keep_all:
            continue
        sign = "-" if phi[d + 1] < 0 else "+"
        if not parts[1] and len(parts) == 2:
            sign = "-" if phi[d + 1] < 0 else ""
        coefficient = "" if weight == "1" else weight
        parts.append(f"{sign} {coefficient}{act}[{affine_tex(theta[d, 0], theta[d, 1:], [x])}]")
    return [p for p in parts if p]


def stack(*mobjects: Any, buff: float = 0.25) -> VGroup:
    """Mobjects in a column, left-aligned."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)
