"""The shared look of the scenes (scenes/common.py) keeps its promises, and its checker finds
what breaks them: text below the font floor or the contrast minimum, thin or faint lines."""

import numpy as np
import pytest
from manim import Line, MathTex, VGroup

from nnlecture.palette import DARK, LIGHT, ORANGE
from scenes.common import (
    LABEL, MIN_FONT, MIN_STROKE, LectureScene, Plot, layout_problems, spread_row, tick_values,
)


@pytest.fixture(autouse=True)
def tex_in_tmp(tmp_path):
    """Formulas typeset outside a render go to a temporary folder, not ./media."""
    from manim import tempconfig
    with tempconfig({"media_dir": str(tmp_path), "tex_dir": str(tmp_path / "Tex")}):
        yield


def plot(x_range=(-1, 1, 0.5), y_range=(-1, 1, 0.5), width=6.0, height=4.0):
    scene = LectureScene(theme=LIGHT)
    return scene, scene.axes(x_range, y_range, width, height, "x", "y")


def test_tick_labels_sit_on_the_edge_they_label():
    _, ax = plot()
    x0, y0 = ax.x_range[0], ax.y_range[0]
    bottom, left = ax.c2p(0, y0)[1], ax.c2p(x0, 0)[0]
    xs = [float(m.tex_string) if m.tex_string[0] != "-" else -float(m.tex_string[1:])
          for m in ax.x_tick_labels]
    assert xs == [-1, -0.5, 0, 0.5, 1]  # every tick labelled when the labels fit
    for label, v in zip(ax.x_tick_labels, xs):
        assert label.get_x() == pytest.approx(ax.c2p(v, y0)[0], abs=1e-6)  # under its tick
        assert label.get_top()[1] < bottom  # below the bottom edge, the x axis
    for label in ax.y_tick_labels:
        assert label.get_right()[0] < left
    # y = 0 has its own line and its number on the left edge
    assert ax.zero_line is not None
    assert ax.zero_line.get_start()[1] == pytest.approx(ax.c2p(0, 0)[1])
    zero = [m for m in ax.y_tick_labels if m.tex_string == "0"]
    assert len(zero) == 1 and zero[0].get_y() == pytest.approx(ax.c2p(x0, 0)[1], abs=1e-6)


def test_crowded_ticks_keep_the_ends_and_zero():
    _, ax = plot(x_range=(-1, 1, 0.25), width=2.0)
    assert [m.tex_string for m in ax.x_tick_labels] == ["-1", "0", "1"]
    assert tick_values(0, 2, 0.5).tolist() == [0, 0.5, 1, 1.5, 2]
    assert tick_values(0, 2.1, 1).tolist() == [0, 1, 2.1]  # 2 is too close to the end 2.1


def test_the_helpers_refuse_text_below_the_floor():
    scene = LectureScene(theme=LIGHT)
    with pytest.raises(ValueError, match="below the shared minimum 28"):
        scene.tex("x", size=24)
    with pytest.raises(ValueError, match="below the shared minimum"):
        scene.prose("x", size=MIN_FONT - 1)


def test_the_checker_reports_small_text_low_contrast_and_thin_lines():
    scene = LectureScene(theme=LIGHT)
    good = VGroup(scene.tex("y = 1", size=LABEL), Line([-2, 0, 0], [2, 0, 0], color=LIGHT.text,
                                                     stroke_width=MIN_STROKE)).arrange(UP_)
    assert layout_problems([good], "now", background=LIGHT.background) == []
    small = MathTex("x", font_size=20, color=LIGHT.text)
    shrunk = scene.tex("a long label", size=LABEL).scale(0.8)
    pale = MathTex("copy 1", font_size=LABEL, color=ORANGE).shift(2 * UP_)  # the book's orange
    thin = Line([-2, -2, 0], [2, -2, 0], color=LIGHT.text, stroke_width=1)
    faint = Line([-2, -3, 0], [2, -3, 0], color=LIGHT.shade, stroke_width=4)
    problems = "\n".join(layout_problems([small.shift(3 * LEFT_), shrunk.shift(DOWN_), pale, thin,
                                          faint], "now", background=LIGHT.background))
    assert "font size 20.0, below 28" in problems
    assert "font size 22.4, below 28" in problems
    assert "contrast 2.94:1, below 4.5:1" in problems
    assert "1.00 wide, below 2.0" in problems
    assert "#EEF1F2 has contrast 1.14:1, below 3.0:1" in problems  # the shade colour as a line


def test_the_checker_skips_lines_drawn_faint_on_purpose():
    faint_grid = Line([-2, 0, 0], [2, 0, 0], color=DARK.axis, stroke_width=1, stroke_opacity=0.3)
    assert layout_problems([faint_grid], "now", background=DARK.background) == []


def test_spread_row_keeps_labels_apart_and_near_their_places():
    scene = LectureScene(theme=LIGHT)
    labels = [scene.prose(t, size=LABEL) for t in ("copy 1", "copy 2, flipped", "copy 3")]
    centres = [-1.0, 0.6, 1.4]  # the last two folds are narrow: their labels would collide
    spread_row(labels, centres, gap=0.3, right=3.0)
    edges = sorted((m.get_left()[0], m.get_right()[0]) for m in labels)
    assert all(b[0] - a[1] >= 0.3 - 1e-9 for a, b in zip(edges, edges[1:]))
    assert edges[-1][1] <= 3.0 + 1e-9
    assert labels[0].get_x() == pytest.approx(-1.0)  # a label with room stays where it belongs


def test_long_equations_wrap_and_keep_their_terms():
    scene = LectureScene(theme=LIGHT)
    parts = ["y ="] + [rf"+ {k}\mathrm{{a}}[0.1 + 0.2x]" for k in range(1, 9)]
    eq = scene.formula(parts, max_width=6.0)
    assert len(eq) > 1 and all(line.width <= 6.0 + 0.6 + 1e-6 for line in eq)
    assert [t.tex_string for t in eq.terms] == parts  # term i is still part i
    assert all(abs(line.font_size - 32) < 0.01 for line in eq)  # wrapped, never shrunk


UP_, DOWN_, LEFT_ = np.array([0, 1, 0]), np.array([0, -1, 0]), np.array([-1, 0, 0])


def test_a_live_number_is_typeset_again_only_when_its_digits_change(monkeypatch):
    from manim import DecimalNumber, tempconfig

    from nnlecture.files import cache_dir
    from scenes.common import live_number

    typeset = []
    original = DecimalNumber.set_value
    monkeypatch.setattr(DecimalNumber, "set_value", lambda self, v: (typeset.append(v), original(self, v))[1])
    state = {"v": 0.5}
    with tempconfig({"tex_dir": str(cache_dir() / "Tex")}):
        number = live_number(lambda: state["v"], 2, font_size=LABEL)
        for v in (0.5, 0.501, 0.504, 0.506, 0.51, -0.001, 0.0, -0.5):
            state["v"] = v
            number.update()
            assert number.get_value() == v  # exact, typeset or not
            glyphs = [m.get_tex_string() for m in number.submobjects]
            fresh = [m.get_tex_string() for m in DecimalNumber(v, num_decimal_places=2).submobjects]
            assert glyphs == fresh, v  # shows what a new DecimalNumber of v would
    # shown: "0.50" three times, "0.51" twice, "0.00" for -0.001 and 0, then "-0.50": three changes
    assert typeset == [0.506, -0.001, -0.5]
