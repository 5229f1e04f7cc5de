"""The Manim runner writes each format where the CLI says, atomically, with the theme's colours."""

import av
import pytest
from manim import Circle, Create, Square

from scenes.common import LectureScene, step
from scenes.runner import output_name, render_scene


class Tiny(LectureScene):
    def construct(self):
        self.play(Create(Circle(color=self.theme.text)), run_time=0.5)


@pytest.mark.parametrize("fmt", ["mp4", "gif", "png"])
def test_each_format_is_written_under_its_name(tmp_path, fmt):
    path, _ = render_scene(Tiny, "tiny", {}, theme="dark", quality="low", fmt=fmt,
                           out_dir=tmp_path, progress=False)
    assert path == tmp_path / output_name("tiny", "dark", "low", fmt)
    assert path.stat().st_size > 1_000
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    if fmt != "png":
        with av.open(str(path)) as video:
            stream = video.streams.video[0]
            assert (stream.width, stream.height) == (854, 480)
    if fmt == "mp4":  # our x264 settings, not Manim's: x264 writes its options into the stream
        import re

        from scenes.video import X264_OPTIONS

        written = set(re.findall(rb"x264 - core .*? (?:ref=(\d+)).*? bframes=(\d+).*? crf=([\d.]+)",
                                 path.read_bytes()))
        assert X264_OPTIONS == {"preset": "veryfast", "crf": "20", "bf": "0"}
        assert written == {(b"1", b"0", b"20.0")}  # veryfast searches 1 reference frame, medium 3


class Holds(LectureScene):
    def construct(self):
        self.circle()
        self.square()

    @step
    def circle(self):
        self.play(Create(Circle(color=self.theme.text)), run_time=0.5)  # 8 frames at 15 fps
        self.wait(1.0)  # 15 frames of one picture

    @step
    def square(self):
        self.play(Create(Square(color=self.theme.text)), run_time=0.3)  # 5 frames
        self.wait(0.4)  # 6


def test_a_held_picture_is_encoded_once_and_keeps_its_time(tmp_path):
    """A hold is two pictures (its first and last showing) with their timestamps: the movie, the
    GIF made from it and each step's slide video last exactly as long as the frames Manim drew."""
    movie, _ = render_scene(Holds, "holds", {}, quality="low", fmt="mp4", out_dir=tmp_path, progress=False)
    with av.open(str(movie)) as video:
        stream = video.streams.video[0]
        shown = [round(frame.time * 15) for frame in video.decode(stream)]
        assert float(stream.duration * stream.time_base) == pytest.approx(34 / 15)
    assert shown == [*range(9), 22, 23, 24, 25, 26, 27, 28, 33]
    gif, _ = render_scene(Holds, "holds", {}, quality="low", fmt="gif", out_dir=tmp_path, progress=False)
    with av.open(str(gif)) as video:
        times = [float(frame.time) for frame in video.decode(video.streams.video[0])]
        assert video.duration / 1e6 == pytest.approx(34 / 15, abs=0.01)
    assert len(times) == len(shown) and times[9] == pytest.approx(22 / 15, abs=0.01)
    slides, _ = render_scene(Holds, "holds", {}, quality="low", fmt="slides", out_dir=tmp_path,
                             progress=False)
    for video, frames in (("01_circle.mp4", 8 + 15 + 1), ("02_square.mp4", 5 + 6 + 1)):  # + end frame
        with av.open(str(slides / video)) as movie:
            stream = movie.streams.video[0]
            assert float(stream.duration * stream.time_base) == pytest.approx(frames / 15)


def test_a_movie_shared_by_two_processes_has_the_frames_of_one(tmp_path):
    """--jobs 2: two processes play the animations they claim first; the joined movie has every
    frame of the --jobs 1 movie, pixel for pixel and at the same time."""
    import re

    def render(jobs: int) -> tuple[list, str]:
        done = subprocess.run([sys.executable, "render.py", "regression", "--quality", "low",
                               "--jobs", str(jobs), "--out", str(tmp_path / str(jobs))],
                              capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
        assert done.returncode == 0, done.stderr
        with av.open(str(next((tmp_path / str(jobs)).glob("*.mp4")))) as movie:
            return [(f.pts, f.to_ndarray(format="rgb24")) for f in movie.decode(video=0)], done.stderr

    (one, _), (two, said) = render(1), render(2)
    shares = [int(n) for n in re.search(r"2 processes played (\d+) \+ (\d+) = ", said).groups()]
    assert min(shares) > 0  # both played some
    assert [t for t, _ in two] == [t for t, _ in one]
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(one, two))


def test_names():
    assert output_name("folding", "light", "high", "mp4") == "folding_light_1080p60.mp4"
    assert output_name("folding", "dark", "4k", "png") == "folding_dark_2160p.png"


# --- issue 12 ----------------------------------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from scenes import runner  # noqa: E402

# The peak resident memory of this process alone: VmHWM (ru_maxrss would include the peak of
# the pytest process that started it: Linux keeps it across fork and exec).
GIF_PEAK = """
import re, sys
from pathlib import Path
from scenes.runner import mp4_to_gif
mp4_to_gif(Path(sys.argv[1]), Path(sys.argv[2]))
print(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
"""


def moving_movie(path: Path, frames: int) -> None:
    """An 854 x 480 movie of distinct frames (a gradient that moves), 15 fps, as Manim's are."""
    x = np.arange(854)
    with av.open(str(path), "w") as movie:
        stream = movie.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 854, 480, "yuv420p"
        for i in range(frames):
            row = ((x + 9 * i) % 854 * 255 // 853).astype(np.uint8)
            image = np.broadcast_to(np.stack([row, row[::-1], np.full_like(row, 40)], -1), (480, 854, 3))
            movie.mux(stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(image),
                                                               format="rgb24")))
        movie.mux(stream.encode())


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads VmHWM from /proc (Linux)")
def test_gif_memory_does_not_grow_with_the_movie(tmp_path):
    # was: every frame held at once (1.6 GiB at 480p, 5.9 GiB at 720p for the folding scene)
    peaks = {}
    for frames in (20, 200):
        movie, gif = tmp_path / f"{frames}.mp4", tmp_path / f"{frames}.gif"
        moving_movie(movie, frames)
        done = subprocess.run([sys.executable, "-c", GIF_PEAK, str(movie), str(gif)], cwd=runner_root(),
                              capture_output=True, text=True, timeout=600, check=True)
        peaks[frames] = int(done.stdout.split()[-1]) / 1024  # MiB
        with av.open(str(gif)) as video:
            stream = video.streams.video[0]
            assert (stream.width, stream.height) == (854, 480)
            assert sum(1 for _ in video.decode(stream)) == frames
    # 180 more frames are 180 x 0.6 MiB = 105 MiB as decoded (YUV 4:2:0) frames, what queueing
    # them all would add (and did, before the frames were pulled through palettegen one by one)
    assert peaks[200] - peaks[20] < 25, peaks


def runner_root() -> Path:
    return Path(runner.__file__).resolve().parents[1]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_outputs_get_the_mode_of_any_new_file(tmp_path, umask, mode):
    # mkstemp/mkdtemp make 0600/0700: what is moved into place must not keep that
    previous = os.umask(umask)
    try:
        for fmt in ("png", "mp4", "gif"):
            path, _ = render_scene(Tiny, "tiny", {}, quality="low", fmt=fmt, out_dir=tmp_path,
                                   progress=False)
            assert path.stat().st_mode & 0o777 == mode, (fmt, oct(path.stat().st_mode))
    finally:
        os.umask(previous)


def test_manim_is_itself_again_after_a_render(tmp_path):
    """The concurrency-safe cache steps are in place only while render_scene runs."""
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject

    before = (SVGMobject.generate_mobject, tex_mobject.tex_to_svg_file)
    render_scene(Tiny, "tiny", {}, quality="low", fmt="png", out_dir=tmp_path, progress=False)
    assert (SVGMobject.generate_mobject, tex_mobject.tex_to_svg_file) == before


def tex_render(tmp_path, formula: str):
    from manim import MathTex

    class Formula(LectureScene):
        def construct(self):
            self.add(MathTex(formula))

    return render_scene(Formula, "formula", {}, quality="low", fmt="png", out_dir=tmp_path / "out",
                        progress=False)


def test_a_tex_overflow_says_what_tex_said_without_a_vanished_log(tmp_path, monkeypatch):
    # was: "See ... the log file: .../Tex/<hash>.log", a file that was already deleted
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(runner.TexError) as caught:
        tex_render(tmp_path, "{" * 300 + "x" + "}" * 300)
    message = str(caught.value)
    assert "could not typeset '{{{{" in message and "TeX capacity exceeded" in message
    assert ".log" not in message and not caught.value.missing
    assert list((tmp_path / "out").iterdir()) == []


def test_missing_latex_is_reported_as_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no latex, no dvisvgm
    with pytest.raises(runner.TexError) as caught:
        tex_render(tmp_path, r"\psi_{21}")
    assert caught.value.missing and "'latex' is not installed" in str(caught.value)


def test_a_parsed_formula_comes_back_the_same_from_memory_from_disk_and_after_damage(tmp_path,
                                                                                  monkeypatch):
    """The parsed-SVG cache (scenes.runner._init_svg_mobject) gives the glyphs Manim's own parse
    gives: the same points and colours, read back in this process, from disk in a new one, and
    parsed again when the file on disk is damaged."""
    from manim import MathTex, tempconfig
    from manim.mobject.svg import svg_mobject

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(runner, "_PARSED", {})
    formula = r"y = \phi_0 + \sum_d \phi_d h_d"

    def glyphs(mobject):
        return [(m.points.round(12).tobytes(), m.get_fill_color().to_hex())
                for m in mobject.family_members_with_points()]

    with tempconfig({"tex_dir": str(tmp_path / "cache" / "Tex")}):
        manims = glyphs(MathTex(formula))  # Manim's own parse, nothing of ours
        with runner.shared_cache(tmp_path / "work"):
            svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
            first = glyphs(MathTex(formula))
            again = glyphs(MathTex(formula))  # from this process's memory
            [stored] = (tmp_path / "cache" / "nnlecture" / "parsed").glob("*.pickle")
            runner._PARSED.clear()
            with monkeypatch.context() as patch:  # a new process: nothing parsed, all read
                patch.setattr(svg_mobject.SVGMobject, "generate_mobject",
                              lambda self: pytest.fail("parsed again although it was on disk"))
                from_disk = glyphs(MathTex(formula))
            stored.write_bytes(stored.read_bytes()[:100])  # cut short
            runner._PARSED.clear()
            damaged = glyphs(MathTex(formula))
    assert manims == first == again == from_disk == damaged and len(first) > 10
    assert not [p for p in stored.parent.iterdir() if p.name.startswith(".")]  # no temporaries
