"""The Manim runner writes each format where the CLI says, atomically, with the theme's colours."""

import av
import pytest
from manim import Circle, Create

from scenes.common import LectureScene
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


def test_names():
    assert output_name("folding", "light", "high", "mp4") == "folding_light_1080p60.mp4"
    assert output_name("folding", "dark", "4k", "png") == "folding_dark_2160p.png"
