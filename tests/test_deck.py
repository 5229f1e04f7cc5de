"""The lecture deck: lecture files, the parallel cached build, and the deck in a browser.

One small lecture (a title, a text slide, a figure and the joints scene, at low quality) is
built once for the module; the tests read its HTML, PDF and PPTX, open it in Debian's Chromium
with the network blocked, rebuild it with nothing changed, and break it on purpose.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from nnlecture import deck, lectures

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")

LECTURE = """\
title = "Test lecture"
quality = "low"
[[section]]
title = "Recap"
  [[section.slide]]
  kind = "title"
  title = "Deep neural networks"
  subtitle = "A test deck"
  notes = "Welcome to the lecture."
  [[section.slide]]
  kind = "text"
  title = "A shallow network"
  bullets = ["Each hidden unit clips a line at its joint."]
  equations = ['y = \\\\phi_0 + \\\\sum_{d=1}^{D} \\\\phi_d\\\\, \\\\mathrm{a}[\\\\theta_{d0} + \\\\theta_{d1} x]']
  network = "fig3_3"
[[section]]
title = "Two"
  [[section.slide]]
  kind = "figure"
  name = "shallow_build_up"
  [[section.slide]]
  kind = "scene"
  name = "joints"
  notes = "The lecturer's own words come first."
"""


def render(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The test lecture built once: (lecture file, out folder, environment, the run, seconds)."""
    base = tmp_path_factory.mktemp("deck")
    lecture = base / "test_lecture.toml"
    lecture.write_text(LECTURE, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME") or str(base / "cache")}
    out = base / "out"
    started = time.monotonic()
    run = render("deck", str(lecture), "--out", str(out), "--jobs", "2", env=env)
    assert run.returncode == 0, run.stderr
    return lecture, out, env, run, time.monotonic() - started


def deck_files(out: Path) -> dict[str, Path]:
    return {fmt: out / f"test_lecture_480p15.{fmt}" for fmt in ("html", "pdf", "pptx")}


def expected_slides() -> int:
    """Title + text + figure + one per step of the joints scene."""
    from scenes.common import step_methods
    from scenes.joints import Joints

    return 3 + len(step_methods(Joints))


def test_the_build_writes_three_files_and_a_table(built):
    _, out, _, run, _ = built
    for path in deck_files(out).values():
        assert path.is_file() and path.stat().st_size > 10_000
        assert oct(path.stat().st_mode & 0o777) != "0o600"  # made like any file, not mkstemp's
    assert "4 built, 0 reused, 0 failed" in run.stderr or "reused" in run.stderr
    assert f"{expected_slides()} slides" in run.stderr
    assert not list(out.glob(".*"))  # no temporaries left


def test_the_html_is_self_contained(built):
    page = deck_files(built[1])["html"].read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    assert page.count("<section") == expected_slides()
    assert page.count('src="data:video/mp4;base64,') == expected_slides() - 3
    assert 'data:image/svg+xml;base64,' in page  # the figure, as a vector image
    assert "The lecturer&#x27;s own words come first." in page  # notes, escaped


def test_the_handout_has_one_page_per_slide_with_its_notes(built):
    data = deck_files(built[1])["pdf"].read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == expected_slides()


def test_the_pptx_opens_with_python_pptx(built):
    import pptx

    path = deck_files(built[1])["pptx"]
    presentation = pptx.Presentation(str(path))
    assert len(presentation.slides) == expected_slides()
    with zipfile.ZipFile(path) as archive:
        videos = [n for n in archive.namelist() if n.startswith("ppt/media/") and n.endswith(".mp4")]
    assert len(videos) == expected_slides() - 3
    notes = [s.notes_slide.notes_text_frame.text for s in presentation.slides if s.has_notes_slide]
    assert any("Welcome to the lecture." in n for n in notes)
    assert any("own words come first" in n for n in notes)


def test_every_step_has_its_notes_in_order(built):
    page = deck_files(built[1])["html"].read_text(encoding="utf-8")
    labels = re.findall(r'data-nn-label="([^"]*)"', page)
    from scenes.common import step_methods
    from scenes.joints import Joints

    assert [label.split("step ")[-1] for label in labels[3:]] == step_methods(Joints)


def test_a_rebuild_with_nothing_changed_renders_nothing(built):
    lecture, out, env, _, first = built
    before = {fmt: path.read_bytes() for fmt, path in deck_files(out).items()}
    started = time.monotonic()
    run = render("deck", str(lecture), "--out", str(out), env=env)
    seconds = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    assert "0 built, 4 reused, 0 failed" in run.stderr
    assert "up to date" in run.stderr  # nothing is written again
    assert seconds < first / 2
    assert {fmt: path.read_bytes() for fmt, path in deck_files(out).items()} == before


def test_a_deck_file_removed_or_changed_is_written_again(built):
    lecture, out, env, _, _ = built
    files = deck_files(out)
    files["pdf"].unlink()
    run = render("deck", str(lecture), "--out", str(out), env=env)
    assert run.returncode == 0 and "up to date" not in run.stderr, run.stderr
    assert files["pdf"].is_file() and files["pdf"].read_bytes().startswith(b"%PDF")
    page = files["html"].read_bytes()
    files["html"].write_bytes(b"edited by hand")
    run = render("deck", str(lecture), "--out", str(out), env=env)
    assert "up to date" not in run.stderr and files["html"].read_bytes() == page


def test_a_failed_part_exits_non_zero_and_keeps_the_previous_deck(built, tmp_path):
    lecture, out, env, _, _ = built
    before = {fmt: path.read_bytes() for fmt, path in deck_files(out).items()}
    broken = tmp_path / "test_lecture.toml"
    too_long = ", ".join(f'"bullet {i}: some words about the shallow network"' for i in range(12))
    broken.write_text(LECTURE.replace('bullets = ["Each hidden unit clips a line at its joint."]',
                                      f"bullets = [{too_long}]"), encoding="utf-8")
    run = render("deck", str(broken), "--out", str(out), env=env)
    assert run.returncode != 0
    assert "does not fit" in run.stderr and "Traceback" not in run.stderr
    assert "previous one is unchanged" in run.stderr
    assert {fmt: path.read_bytes() for fmt, path in deck_files(out).items()} == before


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./nnl test installs it)")
def test_the_deck_plays_offline_in_chromium(built, tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = deck_files(built[1])["html"]
    requested = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
            page = context.new_page()

            def route(request_route):
                url = request_route.request.url
                if url.startswith(("file:", "data:")):
                    return request_route.continue_()
                requested.append(url)
                return request_route.abort()

            page.route("**/*", route)
            page.goto(page_file.as_uri())
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
            total = page.evaluate("Reveal.getTotalSlides()")
            assert total == expected_slides()
            seen = set()
            for number in range(total):
                state = page.evaluate("""() => { const s = Reveal.getCurrentSlide();
                    return {h: Reveal.getIndices().h, kind: s.dataset.nnKind,
                            label: s.dataset.nnLabel}; }""")
                assert state["h"] == number
                seen.add(state["label"])
                if state["kind"] == "video":  # reaches a playable state (HAVE_FUTURE_DATA or more)
                    page.wait_for_function("""() => { const v = Reveal.getCurrentSlide()
                        .querySelector('video'); return v && v.readyState >= 3 && !v.error; }""",
                                           timeout=20_000)
                if number in (0, 3):
                    shot = tmp_path / f"slide{number}.png"
                    page.screenshot(path=str(shot))
                    assert _not_blank(shot)
                page.keyboard.press("ArrowRight")
            assert len(seen) == total
            # the speaker view (S) opens offline with the notes of the slide shown
            page.evaluate("Reveal.slide(3)")
            with context.expect_page(timeout=20_000) as opened:
                page.keyboard.press("s")
            speaker = opened.value
            speaker.wait_for_function("() => document.body.innerText.includes('own words come first')",
                                      timeout=20_000)
        finally:
            browser.close()
    assert requested == []


def _not_blank(png: Path) -> bool:
    from PIL import Image

    with Image.open(png) as image:
        lo, hi = image.convert("L").getextrema()
    return hi - lo > 100


# --- lecture files ---------------------------------------------------------------------------------


def test_the_default_lecture_and_the_example_load():
    lecture = lectures.load()
    assert len(lecture.slides) > 5
    assert {s.kind for s in lecture.slides} == {"title", "text", "scene", "figure"}
    example = lectures.parse(__import__("tomllib").loads(lectures.EXAMPLE))
    assert [s.kind for s in example.slides][:3] == ["title", "text", "scene"]


def test_the_training_lecture_loads_and_shows_every_one_of_its_entries():
    """lectures/training.toml (decks 001 and 002) names real entries, each once, and the page."""
    path = lectures.DEFAULT_LECTURE.parent / "training.toml"
    lecture = lectures.load(path)
    names = [s.name for s in lecture.slides if s.kind in ("scene", "figure", "page")]
    assert len(names) == len(set(names))
    assert {"neuron", "activations", "xor", "representation", "cross_entropy", "backprop",
            "playground", "svd_factors", "warping"} <= set(names)
    assert {s.kind for s in lecture.slides} == {"title", "text", "scene", "figure", "page"}


@pytest.mark.parametrize("text, says", [
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'video'\n", "'kind' must be one of"),
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'scene'\nname = 'foldin'\n", "folding"),
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'figure'\nname = 'folding'\n",
     "is a scene, not a figure"),
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'text'\nnetwork = 'fig9'\n",
     "not one of the book's networks"),
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'scene'\nname = 'joints'\n"
     "options = { activation = 'tanh' }\n", "activation must be one of"),
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'title'\ncolour = 'red'\n",
     "does not take colour"),
    ("[[section]]\ntitle = 'a'\n[[section.slide]]\nkind = 'scene'\nname = 'joints'\n"
     "params = 'missing.toml'\n", "cannot read the parameter file"),
    ("title = 'x'\n", "no slides"),
    ("quality = 'ultra'\n", "quality"),
    ("[[section]\n", "not valid TOML"),
])
def test_a_bad_lecture_file_is_one_clear_error(tmp_path, text, says):
    path = tmp_path / "lecture.toml"
    path.write_text(text, encoding="utf-8")
    run = render("deck", str(path), "--out", str(tmp_path / "out"), timeout=60)
    assert run.returncode != 0
    assert says in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_deck_example_prints_a_lecture_file_that_builds():
    run = render("deck", "--example", timeout=60)
    assert run.returncode == 0
    assert lectures.parse(__import__("tomllib").loads(run.stdout)).title == "Deep neural networks"


def test_the_part_keys_follow_their_inputs(tmp_path):
    table = __import__("tomllib").loads(LECTURE)
    lecture = lectures.parse(table, tmp_path / "l.toml")
    keys = [p.key for p in deck.plan(lecture, "low")]
    assert len(set(keys)) == len(keys)
    assert keys == [p.key for p in deck.plan(lecture, "low")]  # stable
    assert keys != [p.key for p in deck.plan(lecture, "high")]  # quality is an input
    dark = dict(table, theme="dark")
    assert deck.plan(lectures.parse(dark, tmp_path / "l.toml"), "low")[3].key != keys[3]


def test_slides_builds_one_scene_as_a_deck_from_the_same_cache(built, tmp_path):
    _, _, env, _, _ = built
    run = render("slides", "joints", "--to", "html", "--to", "pdf", "--quality", "low",
                 "--out", str(tmp_path), env=env)
    assert run.returncode == 0, run.stderr
    assert "0 built, 1 reused" in run.stderr  # the deck's joints part
    page = (tmp_path / "joints_light_slides_480p15.html").read_text(encoding="utf-8")
    assert page.count("<section") == expected_slides() - 3
    assert (tmp_path / "joints_light_slides_480p15.pdf").is_file()
    assert not (tmp_path / "joints_light_slides_480p15.pptx").exists()
    figure = render("slides", "region_maps", "--out", str(tmp_path), env=env, timeout=60)
    assert figure.returncode == 2 and "is a figure" in figure.stderr


def test_gallery_shows_each_entry_with_a_clip_and_its_command(built, tmp_path):
    """A gallery of two entries (the whole catalogue renders every scene: too slow for here);
    the deck test's parts are reused."""
    _, _, env, _, _ = built
    run = render("gallery", "joints", "shallow_build_up", "--out", str(tmp_path), env=env)
    assert run.returncode == 0, run.stderr
    assert "0 built, 2 reused" in run.stderr
    page = (tmp_path / "gallery_light_480p15.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    for name in ("joints", "shallow_build_up"):
        assert f'data-name="{name}"' in page and f"python render.py {name}" in page
    assert page.count("<video") == 1 and "loop" in page
    wrong = render("gallery", "foldng", "--out", str(tmp_path), env=env, timeout=60)
    assert wrong.returncode == 2 and "folding" in wrong.stderr


def test_two_builds_at_once_share_the_cache_and_both_finish(tmp_path):
    """Two decks built side by side from an empty cache into one folder: both parts are built
    twice at once, one copy of each is kept, and both runs write a whole deck."""
    lecture = tmp_path / "pair.toml"
    lecture.write_text('title = "Pair"\nquality = "low"\n[[section]]\ntitle = "A"\n'
                       '[[section.slide]]\nkind = "title"\ntitle = "One"\n'
                       '[[section.slide]]\nkind = "text"\ntitle = "Two"\nbullets = ["$x = 1$"]\n',
                       encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "render.py"), "deck", str(lecture), "--out", str(out),
               "--to", "html", "--jobs", "2"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=ROOT) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    page = (out / "pair_480p15.html").read_text(encoding="utf-8")
    assert page.count("<section") == 2 and page.rstrip().endswith("</html>")
    parts = tmp_path / "cache" / "nnlecture" / "deck-parts"
    assert len([p for p in parts.iterdir() if not p.name.startswith(".")]) == 2
    assert not list(out.glob(".*")) and not list(parts.glob(".*"))
