"""How frames are drawn: still layers give Manim's own frames (up to rounding); shapes set in place."""

import numpy as np
import pytest
from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, FadeIn, Polygon, Square, Text, ValueTracker, VGroup,
                   Write)
from manim.renderer.cairo_renderer import CairoRenderer

from nnlecture import catalog
from scenes.common import LectureScene, redraw
from scenes.runner import render_scene
from scenes.video import Renderer


class Checking(Renderer):
    """Draws every frame it writes twice, with still layers and as Manim draws it, and keeps the
    largest difference (in 0-255 steps, and the number of pixels that differ by more than 2)."""

    every = 1  # compare every n-th frame drawn with layers

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.layered = self.compared = self.worst = self.differing = 0

    def render(self, scene, time, moving_mobjects=None):
        layered = not self.skip_animations and self._layers is not None
        super().render(scene, time, moving_mobjects)
        if not layered:
            return
        self.layered += 1
        if self.layered % self.every:
            return
        mine = self.camera.pixel_array.copy()
        CairoRenderer.update_frame(self, scene, moving_mobjects)
        theirs = self.camera.pixel_array.copy()
        self.camera.pixel_array[...] = mine
        difference = np.abs(mine.astype(int) - theirs.astype(int)).max(axis=2)
        self.compared += 1
        self.worst = max(self.worst, int(difference.max()))
        self.differing = max(self.differing, int((difference > 2).sum()))


class Stacked(LectureScene):
    """Still mobjects above and below moving ones, overlapping them: a square under a moving
    circle, a label and a square over its path, a still one brought up by z-index, a label its
    updater moves, a mobject an updater adds in mid-animation, and a redrawn group whose
    members come and go."""

    def __init__(self, **kwargs):
        super().__init__(renderer=Checking(), **kwargs)

    def construct(self):
        t = self.theme
        under = Square(2.5, color=t.line(1), fill_opacity=0.6).shift(LEFT)
        self.add(under)
        circle = Circle(0.8, color=t.line(0), fill_opacity=0.8).shift(LEFT * 3)
        self.play(Create(circle), run_time=0.4)
        over = VGroup(Square(1.6, color=t.line(2), fill_opacity=0.7),
                      Text("over", font_size=48, color=t.text)).shift(RIGHT * 0.5)
        raised = Square(1.0, color=t.text, fill_opacity=0.9).shift(UP * 1.5 + LEFT)
        raised.set_z_index(1)
        follower = Text("follows", font_size=36, color=t.text)
        follower.add_updater(lambda m: m.next_to(circle, UP, buff=0.1))  # moved by its updater
        self.add(over, raised, follower)
        self.play(circle.animate.shift(RIGHT * 4), run_time=0.8)  # under over, under raised
        follower.clear_updaters()
        count = ValueTracker(1)
        dots = redraw(lambda: VGroup(*(Circle(0.2, color=t.text, fill_opacity=1).shift(DOWN * 2 + RIGHT * k)
                                       for k in range(int(count.get_value())))))
        self.add(dots)
        late = Square(0.5, color=t.line(0), fill_opacity=1).shift(DOWN * 2 + LEFT * 3)
        added = []

        def add_late(mobject):
            if not added and count.get_value() > 2:
                self.add(late)  # added to the frame's mobjects while the animation plays
                added.append(late)

        circle.add_updater(add_late)
        self.play(count.animate.set_value(5), circle.animate.shift(LEFT * 2), run_time=0.8)
        circle.clear_updaters()
        self.play(FadeIn(Text("last", font_size=48, color=t.text).shift(UP * 2.5)),
                  Write(Text("words", font_size=48, color=t.text).shift(DOWN * 3)), run_time=0.5)


def test_frames_with_still_layers_are_manims_frames(tmp_path):
    _, scene = render_scene(Stacked, "stacked", {}, quality="low", fmt="mp4", out_dir=tmp_path,
                            progress=False)
    renderer = scene.renderer
    assert renderer.layered >= 30  # the still mobjects were laid, not drawn, in most frames
    assert renderer.compared == renderer.layered
    assert renderer.worst <= 2 and renderer.differing == 0


@pytest.mark.parametrize("name", ["depth_race"])
def test_a_scene_with_still_layers_has_manims_frames(tmp_path, monkeypatch, name):
    """A whole scene (its equations, labels and readouts over a moving curve): every fourth
    layered frame against Manim's own drawing."""
    entry = catalog.BY_NAME[name]
    used = []

    def checking(**kwargs):
        renderer = Checking(**kwargs)
        renderer.every = 4
        used.append(renderer)
        return renderer

    monkeypatch.setattr("scenes.common.Renderer", checking)
    render_scene(entry.load(), name, entry.resolve_params({}, None), quality="low", fmt="mp4",
                 out_dir=tmp_path, progress=False)
    (renderer,) = used
    assert renderer.compared >= 50
    assert renderer.worst <= 2 and renderer.differing == 0


def test_shapes_are_set_in_place_and_a_redrawn_drawing_fades():
    """scenes.common.shapes: members take the shapes' points and styles in place (added when
    more, emptied when fewer); redrawn and redraw: only the drawing is redrawn, so FadeIn's
    copies stay faded (redrawing them too made the drawing pop in whole)."""
    from scenes.common import Shape, corner_points, redraw, redrawn, shapes

    triangle = corner_points(np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0.0]]), closed=True)
    np.testing.assert_allclose(triangle, Polygon(*triangle[::4]).points)
    count = [2]

    def draw(group):
        return shapes(group, [Shape(triangle + k, "#ff0000", 0.9, "#0000ff", 2.5) for k in range(count[0])])

    drawing = redrawn(draw)
    members = list(drawing)
    count[0] = 1
    drawing.update(0)
    assert list(drawing) == members and len(drawing[1].points) == 0  # kept, emptied
    np.testing.assert_allclose(drawing[0].points, triangle)
    assert drawing[0].get_stroke_width() == 2.5 and drawing[0].get_fill_opacity() == pytest.approx(0.9)
    fade = FadeIn(drawing)
    fade.begin()
    fade.update_mobjects(0)  # Manim runs the updaters of the animation's copies every frame
    fade.interpolate(0.5)
    assert drawing[0].get_fill_opacity() == pytest.approx(0.45, abs=0.01)
    assert drawing[0].get_stroke_opacity() == pytest.approx(0.5, abs=0.01)
    square = redraw(lambda: Square(1.0, color="#0000ff"))  # rebuilt every frame: the same
    fade = FadeIn(square)
    fade.begin()
    fade.update_mobjects(0)
    fade.interpolate(0.5)
    assert square.get_stroke_opacity() == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize("scaling", ["linear", "log"])
def test_screen_points_are_c2p_bit_for_bit(scaling):
    from manim import Axes, LogBase

    from scenes.common import screen_points

    config = {"y_axis_config": {"scaling": LogBase()}} if scaling == "log" else {}
    ax = Axes(x_range=[-1, 2, 0.5], y_range=[-2, 2, 1], x_length=5.3, y_length=3.1, **config)
    ax.shift([1.3, -0.7, 0]).rotate(0.2)
    rng = np.random.default_rng(3)
    xs = rng.uniform(-1, 2, 700)
    ys = 10 ** rng.uniform(-2, 2, 700) if scaling == "log" else rng.uniform(-2, 2, 700)
    expected = np.asarray(ax.c2p(xs, ys)).reshape(3, -1).T
    assert np.array_equal(screen_points(ax, xs, ys), expected)
    assert np.array_equal(screen_points(ax, xs[:1], ys[:1])[0], ax.c2p(xs[0], ys[0]))
    other = VGroup(ax)  # anything with a c2p of its own (svd's numbered planes) goes through it
    other.c2p = ax.c2p
    assert np.array_equal(screen_points(other, xs, ys), expected)
