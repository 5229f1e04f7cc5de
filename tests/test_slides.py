"""Steps as slides: the @step mechanism, the speaker notes, --step frames, webm and slide folders.

(That every step of every scene has notes with its numbers is checked by test_scenes, on the
renders it makes anyway.)"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from manim import Circle, Create, Square

from scenes.common import LectureScene, step, step_methods
from scenes.runner import render_scene

ROOT = Path(__file__).resolve().parent.parent


class Two(LectureScene):
    def construct(self) -> None:
        self.first()
        self.second()
        self.second()

    @step
    def first(self) -> None:
        self.play(Create(Circle()), run_time=0.3)
        self.say("a circle of radius 1")

    @step
    def second(self) -> None:
        self.play(Create(Square()), run_time=0.3)
        self.say("a square", "of side 2")


def test_steps_are_named_in_order_and_repeats_are_numbered(tmp_path):
    _, scene = render_scene(Two, "two", {}, quality="low", fmt="png", out_dir=tmp_path, progress=False)
    assert [s.name for s in scene.steps] == ["first", "second", "second_2"]
    assert [s.notes for s in scene.steps] == ["a circle of radius 1"] + ["a square\nof side 2"] * 2
    assert scene.unstepped_animations == 0
    assert step_methods(Two) == ["first", "second"]


def test_a_slides_folder_has_one_video_per_step_with_its_notes(tmp_path):
    import av

    folder, scene = render_scene(Two, "two", {}, quality="low", fmt="slides", out_dir=tmp_path,
                                 progress=False)
    document = json.loads((folder / "slides.json").read_text(encoding="utf-8"))
    assert [s["step"] for s in document["slides"]] == ["first", "second", "second_2"]
    assert document["slides"][1]["notes"] == "a square\nof side 2"
    for slide in document["slides"]:
        with av.open(str(folder / slide["file"])) as movie:
            stream = movie.streams.video[0]
            # the step's animation plus one frame held on its finished state
            assert stream.frames == math.ceil(0.3 * 15) + 1


def test_step_frames_differ_and_stop_the_render_early(tmp_path):
    from PIL import Image, ImageChops

    first, scene = render_scene(Two, "two", {}, quality="low", fmt="png", out_dir=tmp_path,
                                progress=False, step="first")
    assert [s.name for s in scene.steps] == ["first"]  # nothing after it was played
    last, _ = render_scene(Two, "two", {}, quality="low", fmt="png", out_dir=tmp_path,
                           progress=False, step="second_2")
    assert first.name == "two_first_light_480p.png"
    with Image.open(first) as a, Image.open(last) as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is not None


def test_an_unknown_step_names_the_steps(tmp_path):
    with pytest.raises(ValueError, match="its steps are: first, second, second_2"):
        render_scene(Two, "two", {}, quality="low", fmt="png", out_dir=tmp_path, progress=False,
                     step="third")


def test_webm(tmp_path):
    import av

    path, _ = render_scene(Two, "two", {}, quality="low", fmt="webm", out_dir=tmp_path, progress=False)
    assert path.suffix == ".webm"
    with av.open(str(path)) as movie:
        assert movie.streams.video[0].codec_context.name in ("vp9", "libvpx-vp9")


def test_say_outside_a_step_is_an_error(tmp_path):
    class Loose(LectureScene):
        def construct(self) -> None:
            self.say("no step")

    with pytest.raises(RuntimeError, match="inside a @step method"):
        render_scene(Loose, "loose", {}, quality="low", fmt="png", out_dir=tmp_path, progress=False)


def render(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)


def test_cli_steps_and_step_frames(tmp_path):
    listed = render("steps", "folding")
    assert listed.returncode == 0 and listed.stdout.split()[:2] == ["show_networks", "sweep"]
    wrong = render("folding", "--format", "png", "--step", "folds", "--out", str(tmp_path))
    assert wrong.returncode == 2 and "its steps, in order: show_networks, sweep" in wrong.stderr
    movie = render("folding", "--step", "fold", "--out", str(tmp_path))
    assert movie.returncode == 2 and "--format png" in movie.stderr
    frame = render("folding", "--format", "png", "--step", "fold", "--quality", "low",
                   "--out", str(tmp_path))
    assert frame.returncode == 0, frame.stderr
    assert (tmp_path / "folding_fold_light_480p.png").is_file()
    assert not list(tmp_path.glob(".*"))


def test_the_default_lectures_text_slides_are_class_ready(tmp_path, monkeypatch):
    """Every title and text slide of the default lecture (and in the dark theme those with the
    muted captions of a network): the font floor, contrast and overlap rules of the scenes, and
    nothing outside the frame."""
    from nnlecture import deck, lectures
    from scenes.text_slide import TextSlide

    monkeypatch.setattr(LectureScene, "check_layout", True)
    pages = [p.spec["page"] for p in deck.plan(lectures.load(), "low") if p.spec["kind"] == "text"]
    assert len(pages) >= 4  # the title and the text slides between scenes
    for theme in ("light", "dark"):
        for number, page in enumerate(pages):
            if theme == "dark" and not (page["merged"] or number == 0):
                continue
            _, scene = render_scene(TextSlide, f"page{number}", page, theme=theme, quality="low",
                                    fmt="png", out_dir=tmp_path, progress=False)
            assert scene.layout_problems == [], (page["title"], scene.layout_problems)


def test_a_text_slide_that_does_not_fit_is_refused(tmp_path):
    import nnmath
    from scenes.text_slide import TextSlide

    page = {"kind": "text", "title": "Too much", "bullets": [f"line {i} of many words" * 3 for i in range(14)]}
    with pytest.raises(nnmath.ParameterError, match="does not fit"):
        render_scene(TextSlide, "full", page, quality="low", fmt="png", out_dir=tmp_path, progress=False)


def test_a_text_slide_writes_the_merged_layer_nnmath_computes(tmp_path):
    """psi of the Fig. 4.1 nets on the slide is nnmath.psi, term by term (psi_i0 + psi_ij h_j)."""
    import nnmath
    from scenes.common import affine_tex
    from scenes.text_slide import TextSlide

    page = {"kind": "text", "title": "Merged", "merged": ["fig4_1_net1", "fig4_1_net2"]}
    _, scene = render_scene(TextSlide, "merged", page, quality="low", fmt="png", out_dir=tmp_path,
                            progress=False)
    psi = nnmath.psi(*(nnmath.PRESETS[n].factory() for n in page["merged"]))
    written = [m.tex_string for m in scene.mobjects[0].get_family() if hasattr(m, "tex_string")]
    for i in range(psi.shape[0]):
        row = rf"h'_{i + 1} = \mathrm{{a}}[{affine_tex(psi[i, 0], psi[i, 1:], ['h_1', 'h_2', 'h_3'])}]"
        assert row in written
