"""The shared look of every scene: themes, the book's palette, axes, equations with real numbers.

Scenes draw only what nnmath computed; this module turns those numbers into Manim objects the
same way everywhere (one place for fonts, colours, axis styling and number formatting).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NamedTuple, Sequence

import numpy as np
from manim import (
    DL, DOWN, LEFT, ORIGIN, RIGHT, UP, UR, Animation, Axes, DecimalNumber, Dot, Group, Line, ManimColor,
    MathTex, Mobject, Scene, SingleStringMathTex, Tex, Text, ValueTracker, VGroup, VMobject, config,
)
from manim.utils.exceptions import EndSceneEarlyException
from manim_slides import Slide
from manim_slides.slide.base import BaseSlide

from nnlecture.palette import (  # noqa: F401  (re-exported: scenes import the look from here)
    DARK, LIGHT, LINE_CONTRAST, TEXT_CONTRAST, THEMES, Theme, contrast,
)
from nnlecture.tex import affine_tex, fmt, shallow_tex  # noqa: F401  (re-exported for the scenes)
from scenes.video import Renderer

# Font sizes for a 1080p projector. MIN_FONT is the floor for every text on screen (capitals
# of about 27 px at 1080p); the layout check of the tests enforces it, with the contrast of
# text (4.5:1) and lines (3:1) against the background and a stroke of at least MIN_STROKE
# (about 2.7 px at 1080p).
TITLE = 40
BODY = 32
LABEL = 28
MIN_FONT = LABEL
MIN_STROKE = 2.0
TICK_SIZE = 0.08  # length of a tick mark, outward from the frame


def step(method: Callable) -> Callable:
    """Mark a storyboard method of a scene as one step.

    A step is what a lecturer presents as one slide: its animations play, then the deck waits.
    While it runs, :meth:`LectureScene.say` adds to its speaker notes. The step is named after
    the method (``fold``); a method called more than once gives ``next_layer``,
    ``next_layer_2``, ... Steps do not nest.
    """

    @functools.wraps(method)
    def run(self: "LectureScene", *args: Any, **kwargs: Any) -> Any:
        self._begin_step(method.__name__)
        result = method(self, *args, **kwargs)
        self._end_step()
        return result

    run.is_step = True  # type: ignore[attr-defined]
    return run


def step_methods(scene_class: type) -> list[str]:
    """The names of the step methods of a scene class, in the order they are defined."""
    names: list[str] = []
    for klass in reversed(scene_class.__mro__):
        for name, value in vars(klass).items():
            if getattr(value, "is_step", False) and name not in names:
                names.append(name)
    return names


def step_base(name: str) -> str:
    """The method a played step's name comes from: ``next_layer_2`` -> ``next_layer``."""
    return re.sub(r"_\d+$", "", name)


class StepReached(EndSceneEarlyException):
    """Raised to stop a render at the end of the step that was asked for (``--step``); Manim
    ends the scene there and keeps that frame."""


@dataclass
class StepRecord:
    """One step as it was played: its name, speaker notes and the animations it spans."""

    name: str
    notes: str
    first_animation: int  # index of its first animation (renderer.num_plays before it)
    end_animation: int  # one past its last


class LectureScene(Slide):
    """A scene with a theme, a dict of validated parameters (see nnlecture.catalog) and a
    storyboard of named steps (:func:`step`), each a slide with speaker notes.

    The slides are those of manim-slides (``Slide.next_slide``): when ``slides_folder`` is
    set, rendering also writes manim-slides' presentation file and one video per step there;
    otherwise the scene renders as one movie, exactly as a plain Manim scene. ``stop_after``
    names a step at whose end the render stops and keeps that frame (``--step``).
    """

    #: manim-slides' reversed videos (for stepping backwards in its own player) are not used;
    #: making them forks a process pool while Manim's encoder threads run, which can hang.
    skip_reversing = True

    def __init__(self, params: dict[str, Any] | None = None, theme: Theme | str = LIGHT,
                 slides_folder: Path | None = None, stop_after: str | None = None,
                 **kwargs: Any) -> None:
        self.params = params if params is not None else {}
        self.theme = THEMES[theme] if isinstance(theme, str) else theme
        self.slides_folder = slides_folder
        self.stop_after = stop_after
        self.steps: list[StepRecord] = []
        self._step: StepRecord | None = None
        self._notes: list[str] = []
        self.unstepped_animations = 0  # animations played outside any step (tests keep it 0)
        # BaseSlide, not Slide.__init__: that one forces config.write_to_movie on, which a
        # still frame (--format png) must be able to leave off.
        kwargs.setdefault("renderer", Renderer())
        BaseSlide.__init__(self, output_folder=Path(slides_folder or "."), **kwargs)

    #: When True, every play() and wait() records text that overlaps other text, text below
    #: MIN_FONT or below 4.5:1 contrast, lines below 3:1 or thinner than MIN_STROKE, and
    #: anything that leaves the frame, in ``layout_problems`` (the tests turn it on).
    check_layout = False

    def setup(self) -> None:
        self.camera.background_color = ManimColor(self.theme.background)
        self.layout_problems: list[str] = []

    def render(self, *args: Any, **kwargs: Any) -> None:
        if self.slides_folder is None:
            Scene.render(self, *args, **kwargs)  # one movie; no slide files
        else:
            Slide.render(self, *args, **kwargs)

    # --- steps ------------------------------------------------------------------------------
    def say(self, *notes: str) -> None:
        """Add to the speaker notes of the step that is running (what it shows, with numbers)."""
        if self._step is None:
            raise RuntimeError("say() is for the speaker notes of a step: call it inside a @step method")
        self._notes += [" ".join(note.split()) for note in notes]

    @property
    def notes(self) -> list[str]:
        """Every speaker note said so far, in order (the finished steps', then the running one's)."""
        return [note for record in self.steps for note in record.notes.split("\n") if note] + (
            self._notes if self._step is not None else [])

    def _begin_step(self, name: str) -> None:
        if self._step is not None:
            raise RuntimeError(f"step {name!r} started inside step {self._step.name!r}: steps do not nest")
        count = sum(1 for s in self.steps if step_base(s.name) == name)
        label = name if count == 0 else f"{name}_{count + 1}"
        self.next_slide()  # closes the slide of the previous step
        self._step = StepRecord(label, "", self.renderer.num_plays, self.renderer.num_plays)
        self._notes = []

    def _end_step(self) -> None:
        if self.slides_folder is not None:
            # Manim draws an animation's finished state only in the frame after it: hold one
            # frame so each slide's video ends on the finished step
            self.wait(1 / config.frame_rate)
        record, self._step = self._step, None
        record.notes = "\n".join(self._notes)
        record.end_animation = self.renderer.num_plays
        self.steps.append(record)
        # manim-slides takes a slide's options when the slide starts; the notes are only known
        # now, so they are set on the slide that is still open (closed by the next step).
        self._base_slide_config = self._base_slide_config.model_copy(update={"notes": record.notes})
        if self.stop_after == record.name:
            raise StepReached(record.name)

    def play(self, *args: Any, **kwargs: Any) -> None:  # wait() plays a Wait: it comes here too
        super().play(*args, **kwargs)
        if self._step is None:
            self.unstepped_animations += 1
        self._check_layout()

    def _check_layout(self) -> None:
        if self.check_layout:
            self.layout_problems += layout_problems(self.mobjects, f"after animation {self.renderer.num_plays}",
                                                    background=self.theme.background)

    # --- text in the theme's colour -------------------------------------------------------
    def tex(self, *parts: str, size: float = BODY, color: str | None = None, **kw: Any) -> MathTex:
        return light(MathTex(*parts, font_size=_at_least_min(size), color=color or self.theme.text, **kw))

    def prose(self, text: str, size: float = BODY, color: str | None = None, **kw: Any) -> Tex:
        return light(Tex(text, font_size=_at_least_min(size), color=color or self.theme.text, **kw))

    def title(self, text: str) -> Tex:
        return self.prose(text, size=TITLE).to_edge(UP, buff=0.3)

    def formula(self, parts: Sequence[str], size: float = BODY, max_width: float = 13.0,
                 color: str | None = None) -> "Equation":
        """The LaTeX ``parts`` of one equation (e.g. from :func:`shallow_tex`) on as many lines
        as it needs to stay within ``max_width`` at ``size``: never shrunk below the floor."""
        return Equation(parts, _at_least_min(size), color or self.theme.text, max_width)

    # --- axes and graphs --------------------------------------------------------------------
    def axes(self, x_range: Sequence[float], y_range: Sequence[float], width: float, height: float,
             x_label: str = "x", y_label: str = "y", ticks: bool = True) -> "Plot":
        """A framed plot in the theme's colours (see :class:`Plot`); ``x_range`` and ``y_range``
        are (lo, hi) or (lo, hi, step)."""
        return Plot(self.theme, x_range, y_range, width, height,
                    x_label=self.tex(x_label, size=LABEL) if x_label else None,
                    y_label=self.tex(y_label, size=LABEL) if y_label else None, ticks=ticks)

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
            corners = screen_points(ax, px, py)
            line.start_new_path(corners[0])
            line.add_points_as_corners(corners[1:])
        return line


class Equation(VGroup):
    """An equation wrapped onto lines between its parts; ``terms[i]`` is the mobject of part i
    wherever it landed (so a scene can colour one term), lines after the first are indented."""

    def __init__(self, parts: Sequence[str], size: float, color: str, max_width: float) -> None:
        super().__init__()
        lines: list[list[int]] = [[]]
        for i in range(len(parts)):
            trial = MathTex(*(parts[j] for j in lines[-1] + [i]), font_size=size)
            indent = 0.6 if len(lines) > 1 else 0
            if lines[-1] and trial.width + indent > max_width:
                lines.append([])
            lines[-1].append(i)
        self.terms: list[Mobject] = [None] * len(parts)  # type: ignore[list-item]
        for number, indices in enumerate(lines):
            line = light(MathTex(*(parts[i] for i in indices), font_size=size, color=color))
            for k, i in enumerate(indices):
                self.terms[i] = line[k]
            self.add(line)
        self.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        for line in self.submobjects[1:]:
            line.shift(RIGHT * 0.6)

    def __getitem__(self, i):  # equation[i] is part i, as for a one-line MathTex
        return self.terms[i]


def spread_row(labels: Sequence[Mobject], centres: Sequence[float], gap: float = 0.25,
               left: float | None = None, right: float | None = None) -> None:
    """Place labels in one row, each as near its wanted centre x as the others allow.

    Labels keep their y; overlapping neighbours are pushed apart to ``gap`` (left to right),
    then the row is shifted back inside [left, right] when given. The labels of narrow
    neighbouring intervals (folds, regions) stay on one line instead of a staircase.
    """
    order = np.argsort(centres)
    xs = np.array(centres, float)[order]
    widths = np.array([labels[i].width for i in order])
    lefts = xs - widths / 2
    for k in range(1, len(lefts)):
        lefts[k] = max(lefts[k], lefts[k - 1] + widths[k - 1] + gap)
    if right is not None and len(lefts) and lefts[-1] + widths[-1] > right:
        lefts -= lefts[-1] + widths[-1] - right
        for k in range(len(lefts) - 2, -1, -1):  # pushed back left: keep the gaps
            lefts[k] = min(lefts[k], lefts[k + 1] - widths[k] - gap)
    if left is not None and len(lefts) and lefts[0] < left:
        lefts += left - lefts[0]
    for k, i in enumerate(order):
        labels[i].set_x(lefts[k] + widths[k] / 2)


def light(mobject: Mobject) -> Mobject:
    """``mobject`` with the parsed SVG path of each glyph dropped: Manim needs it only to make
    the glyph's points but deep-copies it with every copy (each FadeIn, Transform); without it
    a copy of a line of text is about 6x faster. Returns the mobject."""
    for part in mobject.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None
    return mobject


def _at_least_min(size: float) -> float:
    if size < MIN_FONT - 1e-9:
        raise ValueError(f"font size {size} is below the shared minimum {MIN_FONT}: text must be "
                         "readable from the back row (make room instead of shrinking it)")
    return size


class Plot(Axes):
    """Axes drawn as a frame: a bottom and a left edge with outward ticks, a line at y = 0
    when 0 is inside the y range, and the tick labels on the edge they label.

    Manim's own axis lines cross at the origin, so a label "-1" at the bottom of a [-1, 1]
    plot would sit far from the x-axis it names; here the x-axis *is* the bottom edge and
    y = 0 is a line of its own, labelled "0" on the left edge. Ticks are at multiples of the
    range's step (default: a 1/2/5 step, about 4 per side); every tick is labelled where the
    labels fit, otherwise the ends and 0. The axis names sit beyond the right end of the
    bottom edge and above the top of the left edge. Attributes: ``frame``, ``zero_line``
    (None without one), ``x_tick_labels``, ``y_tick_labels``, ``tick_labels`` (both),
    ``x_name``, ``y_name``.
    """

    def __init__(self, theme: Theme, x_range: Sequence[float], y_range: Sequence[float],
                 width: float, height: float, x_label: Mobject | None = None,
                 y_label: Mobject | None = None, ticks: bool = True) -> None:
        x_range, y_range = _with_step(x_range), _with_step(y_range)
        super().__init__(x_range=list(x_range), y_range=list(y_range), x_length=width,
                         y_length=height, tips=False,
                         axis_config={"stroke_opacity": 0, "stroke_width": 0, "include_ticks": False})
        (x0, x1, xs), (y0, y1, ys) = x_range, y_range
        style = {"color": theme.axis, "stroke_width": 2.5}
        self.frame = VGroup(Line(self.c2p(x0, y0), self.c2p(x1, y0), **style),
                            Line(self.c2p(x0, y0), self.c2p(x0, y1), **style))
        self.add(self.frame)
        self.zero_line = None
        if y0 < 0 < y1:
            self.zero_line = Line(self.c2p(x0, 0), self.c2p(x1, 0), color=theme.axis, stroke_width=2)
            self.add(self.zero_line)
        self.x_tick_labels, self.y_tick_labels = VGroup(), VGroup()
        if ticks:
            for axis, (lo, hi, step), group in (("x", x_range, self.x_tick_labels),
                                                ("y", y_range, self.y_tick_labels)):
                marks, labels = self._ticks(axis, tick_values(lo, hi, step), theme)
                self.frame.add(*marks)
                group.add(*labels)
        self.tick_labels = VGroup(self.x_tick_labels, self.y_tick_labels)
        self.add(self.tick_labels)
        self.x_name = x_label
        if x_label is not None:
            x_label.next_to(self.c2p(x1, y0), RIGHT, buff=0.15)
            self.add(x_label)
        self.y_name = y_label
        if y_label is not None:
            y_label.next_to(self.c2p(x0, y1), UP, buff=0.12)
            self.add(y_label)

    def _ticks(self, axis: str, values: np.ndarray, theme: Theme) -> tuple[list, list]:
        x0, y0 = self.x_range[0], self.y_range[0]
        at = (lambda v: self.c2p(v, y0)) if axis == "x" else (lambda v: self.c2p(x0, v))
        out = DOWN if axis == "x" else LEFT
        marks = [Line(at(v), at(v) + out * TICK_SIZE, color=theme.axis, stroke_width=2.5) for v in values]
        labels = {float(v): light(MathTex(fmt(v), font_size=LABEL, color=theme.text)) for v in values}
        # every label if they fit side by side (x) or one above the other (y), else ends and 0
        gap = abs(at(values[1])[0 if axis == "x" else 1] - at(values[0])[0 if axis == "x" else 1]) \
            if len(values) > 1 else np.inf
        need = max(m.width if axis == "x" else m.height for m in labels.values()) + 0.2
        keep = [v for v in labels if gap >= need or np.isclose(v, values[0]) or
                np.isclose(v, values[-1]) or np.isclose(v, 0)]
        placed = []
        for v in keep:
            label = labels[v].next_to(at(v) + out * TICK_SIZE, out, buff=0.08)
            placed.append(label)
        return marks, placed

    @property
    def bottom(self) -> float:
        """The lowest point of the plot's own drawing (its frame and tick labels)."""
        return min(self.frame.get_bottom()[1], *(label.get_bottom()[1] for label in self.x_tick_labels))

    def drop_x_ticks(self) -> "Plot":
        """Remove the x tick labels and name (a panel stacked above another with the same x)."""
        self.x_tick_labels.remove(*self.x_tick_labels.submobjects)
        if self.x_name is not None:
            self.remove(self.x_name)
            self.x_name = None
        return self


def tick_values(lo: float, hi: float, step: float) -> np.ndarray:
    """Multiples of ``step`` from lo to hi, and lo and hi themselves (a range's ends are always
    ticked: a student reads the values at the edges)."""
    inner = np.arange(np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9) + 1) * step
    values = np.unique(np.round(np.concatenate([[lo], inner, [hi]]), 12))
    # drop inner ticks crowding an end (closer than half a step)
    keep = [v for v in values if v in (values[0], values[-1]) or
            min(v - values[0], values[-1] - v) > 0.5 * step - 1e-12]
    return np.array(keep)


def _with_step(bounds: Sequence[float]) -> tuple[float, float, float]:
    """(lo, hi, step) from (lo, hi) or (lo, hi, step); the default step is nice_range's."""
    if len(bounds) == 3:
        return float(bounds[0]), float(bounds[1]), float(bounds[2])
    lo, hi = float(bounds[0]), float(bounds[1])
    return lo, hi, nice_range(np.array([lo, hi]))[2]


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


def _strokes(mobject: Mobject):
    """The visible stroked shapes (lines, curves, outlines) under ``mobject``, text excluded;
    strokes drawn at under half opacity (background grids) are decoration, not lines."""
    if isinstance(mobject, (SingleStringMathTex, Text, DecimalNumber)):
        return
    if isinstance(mobject, VMobject) and mobject.has_points() and mobject.get_stroke_width() > 0 \
            and mobject.get_stroke_opacity() >= 0.5 and max(mobject.width, mobject.height) > 1e-3:
        yield mobject  # (a shape shrunk to a point is the padding Manim adds in become())
    for sub in mobject.submobjects:
        yield from _strokes(sub)


def font_size_of(text: Mobject) -> float:
    """The font size a text leaf is drawn at now, after any scaling (Manim's own measure)."""
    size = float(text.font_size)
    return size / 0.75 if isinstance(text, Text) else size  # Text's size is 3/4 of Tex's


def layout_problems(mobjects: Sequence[Mobject], when: str, margin: float = 0.02,
                    background: str | None = None) -> list[str]:
    """What a lecturer would see as a defect, after one animation: text boxes that overlap
    each other, mobjects that leave the frame, text below MIN_FONT; with ``background``, text
    below 4.5:1 contrast and lines below 3:1 or thinner than MIN_STROKE."""
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
    for t in texts:
        size = font_size_of(t)
        if size < MIN_FONT - 0.25:
            problems.append(f"{when}: {_name(t)} is at font size {size:.1f}, below {MIN_FONT}")
    if background is not None:
        for t in texts:
            colours = {g.get_fill_color().to_hex().upper() for g in t.get_family()
                       if g.has_points() and g.get_fill_opacity() > 0.5}
            low = sorted(c for c in colours if contrast(c, background) < TEXT_CONTRAST)
            if low:
                problems.append(f"{when}: {_name(t)} in {low[0]} has contrast "
                                f"{contrast(low[0], background):.2f}:1, below {TEXT_CONTRAST}:1")
        seen = set()
        for line in (s for m in mobjects for s in _strokes(m)):
            colour = line.get_stroke_color().to_hex().upper()
            if contrast(colour, background) < LINE_CONTRAST and (colour, "c") not in seen:
                seen.add((colour, "c"))
                problems.append(f"{when}: a {type(line).__name__} in {colour} has contrast "
                                f"{contrast(colour, background):.2f}:1, below {LINE_CONTRAST}:1")
            if line.get_stroke_width() < MIN_STROKE - 1e-9 and (colour, "w") not in seen:
                seen.add((colour, "w"))
                problems.append(f"{when}: a {type(line).__name__} in {colour} is "
                                f"{line.get_stroke_width():.2f} wide, below {MIN_STROKE}")
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


def stack(*mobjects: Any, buff: float = 0.25) -> VGroup:
    """Mobjects in a column, left-aligned."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)


# --- group neurons: clearing the screen without copying it -----------------------------------
class FadeAway(Animation):
    """Fade mobjects out, then take them off the scene, without the deep copy of each that
    FadeOut makes (clearing a full screen of text and curves with FadeOut costs seconds).

    Scales each part's fill and stroke opacity from what it was to 0; the scene removes the
    mobjects when the animation ends (``self.remove`` runs in ``clean_up_from_scene``).
    """

    def __init__(self, *mobjects: Mobject, **kwargs: Any) -> None:
        self.parts_to_remove = list(mobjects)
        super().__init__(Group(*mobjects), **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # nothing is interpolated from a copy

    def begin(self) -> None:
        self.faded = [(m, m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy(),
                       m.background_stroke_rgbas[:, 3].copy())
                      for m in self.mobject.get_family() if isinstance(m, VMobject)]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        for m, fill, stroke, back in self.faded:
            m.fill_rgbas[:, 3] = fill * (1 - alpha)
            m.stroke_rgbas[:, 3] = stroke * (1 - alpha)
            m.background_stroke_rgbas[:, 3] = back * (1 - alpha)

    def clean_up_from_scene(self, scene: Scene) -> None:
        super().clean_up_from_scene(scene)
        scene.remove(self.mobject, *self.parts_to_remove)


# --- group learning: curves of the parameter plane cut to a plot ----------------------------------
def live_number(value: Callable[[], float], digits: int = 2, **kw: Any) -> DecimalNumber:
    """A DecimalNumber that follows ``value()`` every frame, typeset again only when the digits
    it shows change, from glyphs without their parsed SVG paths. DecimalNumber.set_value
    rebuilds every glyph by deep-copying cached ones (25 ms a call under the profiler at 1080p:
    40 % of the folding scene's time went to its three readouts); between changes only the
    stored number is updated, so ``get_value()`` stays exact."""
    return follow(DecimalNumber(value(), num_decimal_places=digits, **kw), value)


def follow(number: DecimalNumber, value: Callable[[], float]) -> DecimalNumber:
    """Make ``number`` (a DecimalNumber or Integer) follow ``value()`` every frame as
    :func:`live_number` does; returns it."""
    _light_glyphs()
    shown = [number._get_num_string(number.get_value())]

    def update(mobject: DecimalNumber) -> None:
        v = value()
        text = mobject._get_num_string(v)
        if text == shown[0]:
            mobject.number = v  # what get_value() returns; the glyphs are already right
            return
        shown[0] = text
        mobject.set_value(v)
        _light_glyphs()

    number.add_updater(update)
    return number


def screen_points(ax: Axes, xs: Any, ys: Any) -> np.ndarray:
    """The points (n x 3) of plot coordinates (xs[i], ys[i]) on the screen, bit for bit what
    ``ax.c2p(xs, ys)`` gives (Manim 0.21's arithmetic, in the same order), for all of them at
    once: ``c2p`` costs ~40 us a point, and ~2.2 ms for a 700-point curve in one call, most of
    it ``np.vstack`` walking the numbers one by one; this takes ~0.1 ms. Anything else with a
    ``c2p`` (svd's numbered planes) is asked through it."""
    xs, ys = np.asarray(xs, dtype=float).ravel(), np.asarray(ys, dtype=float).ravel()
    if not isinstance(ax, Axes):
        return np.asarray(ax.c2p(xs, ys), dtype=float).reshape(3, -1).T
    x_axis, y_axis = ax.x_axis, ax.y_axis
    origin = x_axis.number_to_point(ax._origin_shift([x_axis.x_min, x_axis.x_max]))
    return _along(x_axis, xs) + (_along(y_axis, ys) - origin)


def _along(axis: Any, numbers: np.ndarray) -> np.ndarray:
    """``axis.number_to_point(numbers)`` for an array, without its vstack (NumberLine, Manim 0.21)."""
    alphas = (axis.scaling.inverse_function(numbers) - axis.x_range[0]) / (axis.x_range[1] - axis.x_range[0])
    alphas = alphas[:, None]
    return (1 - alphas) * axis.get_start() + alphas * axis.get_end()


def dashes(segments: Sequence[tuple[Any, Any]], dash_length: float = 0.05, ratio: float = 0.5,
           **style: Any) -> VMobject:
    """Dashed lines from start to end, for each (start, end) in ``segments``, as ONE mobject:
    the dashes of Manim's ``DashedLine(start, end, dash_length=...)`` exactly (as many, as long,
    where it puts them: the first at the start, the last ending at the end), without a mobject
    per dash. A DashedLine made afresh costs 2.7 ms (23 dashes), and its dashes are drawn one
    by one; this is for guides that follow a moving point every frame."""
    starts, ends = [], []
    for start, end in segments:
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        n = max(2, int(np.ceil(np.linalg.norm(end - start) / dash_length * ratio)))
        dash, gap = ratio / n, (1 - ratio) / (n - 1)
        begins = np.arange(n)[:, None] * (dash + gap)
        starts.append(start + begins * (end - start))
        ends.append(start + (begins + dash) * (end - start))
    line = VMobject(**style)
    line.set_points(straight_cubics(np.concatenate(starts), np.concatenate(ends)) if starts
                    else np.zeros((0, 3)))
    return line


def straight_cubics(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The Bezier points of straight segments from ``starts[i]`` to ``ends[i]`` (n x 3 each), as
    Manim makes them: each its two ends and two handles a third and two thirds of the way."""
    thirds = np.array([0, 1 / 3, 2 / 3, 1])[None, :, None]
    return (starts[:, None, :] + thirds * (ends - starts)[:, None, :]).reshape(-1, 3)


def polygons(corners: Any, **style: Any) -> VMobject:
    """Closed polygons (``corners``: k x n x 3, k polygons of n corners each) as ONE mobject, the
    points of ``Polygon(*corners[i])`` for each: many marks drawn in one go, built without a
    mobject each (a Triangle costs ~0.5 ms to make, and is drawn on its own)."""
    corners = np.asarray(corners, dtype=float).reshape(-1, np.shape(corners)[-2], 3)
    ends = np.roll(corners, -1, axis=1)  # each side runs to the next corner, the last to the first
    shape = VMobject(**style)
    shape.set_points(straight_cubics(corners.reshape(-1, 3), ends.reshape(-1, 3)))
    return shape


def dots(centres: Any, radius: float = 0.08, **style: Any) -> VMobject:
    """Dots at ``centres`` (n x 3) as ONE mobject: each the points of Manim's ``Dot`` there (a
    filled circle of eight arcs, no outline), so a scatter of 120 samples is drawn in one go
    instead of 120 (in fitting they were most of each frame's 322 drawn mobjects)."""
    circle = Dot(ORIGIN, radius=radius).points
    centres = np.asarray(centres, dtype=float).reshape(-1, 3)
    shape = VMobject(**{"fill_opacity": 1.0, "stroke_width": 0, **style})
    shape.set_points((centres[:, None, :] + circle[None, :, :]).reshape(-1, 3))
    return shape


def joined(group: Mobject) -> VMobject:
    """The members of ``group`` (a DashedVMobject's dashes, say) as ONE mobject with the first
    member's style: the same curves, drawn in one go. For members that share a style."""
    parts = group.family_members_with_points()
    shape = VMobject()
    if parts:
        shape.match_style(parts[0])
        shape.set_points(np.concatenate([m.points for m in parts]))
    return shape


def redraw(build: Callable[[], Mobject]) -> Mobject:
    """Manim's ``always_redraw`` (the mobject rebuilt by ``build()`` every frame) without its
    history. ``always_redraw`` uses ``become``, whose alignment adds members whenever the new
    drawing has more parts and never removes them (the extra ones are copies of others, drawn
    over them again), and which mixes colours at alpha 1: a frame then depends on every frame
    before it. Here the mobject takes the new drawing's data, members are reused in order, and
    the ones left over are emptied (nothing is drawn for them) but kept, so no object the
    renderer listed at the start of an animation goes stale: every frame is what ``build()``
    draws now, whether the frames before it were drawn or skipped (``scenes.video``). Only the
    mobject itself is redrawn, not its copies: Manim runs the updaters of the copies FadeIn and
    FadeOut fade from and to, and a copy redrawn whole made the mobject pop in and out."""
    mobject = build()
    mobject.add_updater(lambda m: _adopt(m, build()) if m is mobject else None)
    return mobject


class Shape(NamedTuple):
    """One drawn shape of :func:`shapes`: its Bezier points and its style."""

    points: np.ndarray
    fill_color: Any = None
    fill_opacity: float = 0.0
    stroke_color: Any = None
    stroke_width: float = 0.0


def shapes(group: VGroup | None, drawn: Sequence[Shape]) -> VGroup:
    """``group`` (a new VGroup for None) with one VMobject per shape in ``drawn``, in order: its
    members take the shapes' points and styles in place, members are added when there are more
    shapes and emptied when there are fewer. With :func:`redrawn`, a drawing that changes every
    frame without a mobject made each frame."""
    group = VGroup() if group is None else group
    for _ in range(len(group.submobjects), len(drawn)):
        group.add(VMobject())
    for member, shape in zip(group.submobjects, drawn):
        member.set_points(shape.points)
        member.set_fill(shape.fill_color, shape.fill_opacity, family=False)
        member.set_stroke(shape.stroke_color, shape.stroke_width, family=False)
    for member in group.submobjects[len(drawn):]:
        member.points = np.zeros((0, 3))
    return group


def shape_groups(drawing: VGroup | None, parts: Sequence[Sequence[Shape]]) -> VGroup:
    """``drawing`` (made when None) as one group of :func:`shapes` per part, each set in place."""
    drawing = VGroup(*(VGroup() for _ in parts)) if drawing is None else drawing
    for group, drawn in zip(drawing.submobjects, parts):
        shapes(group, drawn)
    return drawing


def redrawn(draw: Callable[[Mobject | None], Mobject]) -> Mobject:
    """:func:`redraw` for a drawing made of :func:`shapes`: ``draw(None)`` makes it, and every
    frame ``draw(drawing)`` sets its shapes in place. Nothing is made per frame (a Polygon or a
    Line costs ~0.15 ms to make: shallow2d's surfaces made ~110 a frame, 25 ms). Only the
    drawing itself is redrawn, not its copies: FadeIn and FadeOut fade from and to a copy, whose
    updater Manim runs every frame; redrawn, it would be whole again each frame (the drawing
    would pop in and out instead of fading)."""
    drawing = draw(None)
    drawing.add_updater(lambda m: draw(m) if m is drawing else None)
    return drawing


def corner_points(corners: Any, closed: bool = False) -> np.ndarray:
    """The Bezier points of straight sides through ``corners`` (n x 3), as Manim's Line (two
    corners) or Polygon (``closed``: the last corner joined to the first) makes them."""
    corners = np.asarray(corners, dtype=float)
    ends = np.roll(corners, -1, axis=0) if closed else corners[1:]
    return straight_cubics(corners[:len(ends)], ends)


#: What a mobject keeps of its own when it takes another's drawing (_adopt).
_OWN = ("submobjects", "updaters", "updating_suspended")


def _adopt(mobject: Mobject, drawn: Mobject) -> None:
    mobject.__dict__.update({k: v for k, v in drawn.__dict__.items() if k not in _OWN})
    old, members, spare = list(mobject.submobjects), [], []
    for i, new in enumerate(drawn.submobjects):
        if i < len(old) and type(old[i]) is type(new):
            _adopt(old[i], new)
            members.append(old[i])
        else:
            members.append(new)
            if i < len(old):
                spare.append(old[i])
    for extra in spare + old[len(drawn.submobjects):]:
        for part in extra.get_family():
            part.points = np.zeros((0, 3))
    mobject.submobjects = members + spare + old[len(drawn.submobjects):]


_LIT: set[str] = set()


def _light_glyphs() -> None:
    """Drop the parsed SVG paths of the glyphs DecimalNumber caches for all numbers (see
    :func:`light`): each set_value deep-copies one per character, about 3x faster without."""
    from manim.mobject.text.numbers import string_to_mob_map

    for key in string_to_mob_map.keys() - _LIT:
        light(string_to_mob_map[key])
        _LIT.add(key)


def _clip_segment(p: np.ndarray, q: np.ndarray, box: tuple) -> tuple | None:
    """The part of segment p-q inside box (x0, x1, y0, y1), as (t0, t1) along it, or None
    (Liang-Barsky)."""
    x0, x1, y0, y1 = box
    d = q - p
    t0, t1 = 0.0, 1.0
    for step_, room in ((-d[0], p[0] - x0), (d[0], x1 - p[0]), (-d[1], p[1] - y0), (d[1], y1 - p[1])):
        if step_ == 0:
            if room < 0:
                return None
            continue
        t = room / step_
        if step_ < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return t0, t1


def plot_path(ax: Axes, points: np.ndarray, color: str, width: float = 2.0) -> VMobject:
    """The polyline through ``points`` (M, 2) of ax's coordinates cut exactly where it leaves the
    plot's ranges (a contour running over the edge ends on the edge)."""
    box = (*ax.x_range[:2], *ax.y_range[:2])
    points = np.asarray(points, dtype=float)
    curve = VMobject(color=color, stroke_width=width)
    runs: list[list[np.ndarray]] = []
    run: list[np.ndarray] = []
    for p, q in zip(points[:-1], points[1:]):
        cut = _clip_segment(p, q, box)
        if cut is None:
            if run:
                runs.append(run)
            run = []
            continue
        a, b = p + cut[0] * (q - p), p + cut[1] * (q - p)
        if not run:
            run = [a]
        elif cut[0] > 0:  # re-entered: a new piece
            runs.append(run)
            run = [a]
        run.append(b)
        if cut[1] < 1:  # left the box
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    for piece in map(np.asarray, runs):
        if len(piece) >= 2:
            corners = screen_points(ax, piece[:, 0], piece[:, 1])
            curve.start_new_path(corners[0])
            curve.add_points_as_corners(corners[1:])
    return curve
