"""How a scene's frames become video: our x264 settings, static holds that cost one frame, and the
renderer that lets several processes share the animations of one scene.

- :class:`VideoWriter` is Manim's file writer with :data:`X264_OPTIONS`, and a held frame
  (``self.wait()`` with nothing moving, which Manim hands over as one picture to repeat N
  times) encoded as two pictures, its first and its last showing, with their own timestamps:
  the movie keeps its length and every moment shows what it showed before, but x264 is not
  given the same picture N times over (variable frame rate, as MP4 allows and every player
  and browser plays).
- :class:`Renderer` is Manim's Cairo renderer that draws nothing for the animations it skips.
- :class:`SharedRenderer` renders only the animations this process claims first (an empty
  file created in a folder all the processes share) and skips the others, as Manim skips the
  animations before ``--from_animation_number``: each process still runs the whole
  construction, so every animation starts from the same state as in a serial render, and the
  partial movie files of all processes, joined in order (:func:`join_movies`), are the movie.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter, _PartialMovieEncodeJob

#: x264 settings of every MP4 we write, over Manim's (preset medium, crf 23). Measured with
#: bench/bench_encoder.py on the folding scene at 1080p60 (bench/README.md): veryfast at crf 20
#: encodes in 0.62 of medium's time with the same quality against Manim's own video (SSIM 0.9990
#: vs 0.9991, least SSIM 0.9961 vs 0.9961, PSNR 47.6 vs 48.4 dB) and the same size (2.4 vs 2.3 MB).
#: No B-frames ("bf"): frames are decoded in the order they are shown, so timestamps that jump
#: over a hold, and files joined one after another, keep every movie's length exact.
X264_OPTIONS = {"preset": "veryfast", "crf": "20", "bf": "0"}


def _picture(frame: np.ndarray) -> av.VideoFrame:
    """A frame for the encoder over Manim's RGBA array without copying it (3 ms a copy at
    1080p): the renderer hands every frame over as a new array and never writes it again."""
    if frame.flags.c_contiguous and frame.dtype == np.uint8:
        return av.VideoFrame.from_numpy_buffer(frame, format="rgba")
    return av.VideoFrame.from_ndarray(frame, format="rgba")


class _HoldingEncodeJob(_PartialMovieEncodeJob):
    """Manim's encoder thread for one partial movie file, with timestamps: a picture to be shown
    for N frames is encoded at its first and its last frame only (with no B-frames, an MP4 ends
    where its last frame ends, so a file that ends on a hold keeps its length)."""

    shown = 0  # frames of the movie so far (the next picture's timestamp, in 1 / frame rate)

    @property
    def rate(self) -> Fraction:
        return 1 / Fraction(self.stream.average_rate)

    def _encode_and_write_frame(self, frame: Any, num_frames: int) -> None:
        for time in sorted({self.shown, self.shown + num_frames - 1}):
            picture = _picture(frame)  # a new one each time: the encoder keeps the one it got
            picture.pts = time
            picture.time_base = self.rate
            for packet in self.stream.encode(picture):
                self.container.mux(packet)
        self.shown += num_frames


class VideoWriter(SceneFileWriter):
    """Manim's file writer with our x264 settings (:data:`X264_OPTIONS`) and held frames encoded
    once (see the module docstring) for every partial movie file; WebM (VP9) and transparent
    videos keep Manim's settings. With ``keep_parts`` (a process sharing the scene with others)
    the partial files are left for :func:`join_movies` instead of being joined here."""

    keep_parts = False

    def open_partial_movie_stream(self, file_path: Any = None) -> None:
        super().open_partial_movie_stream(file_path)
        job = self._current_encode_job
        if job.stream.codec_context.name == "libx264":  # the codec opens at the first frame
            job.stream.options = {**job.stream.options, **X264_OPTIONS}
            job.__class__ = _HoldingEncodeJob  # no frame has been queued yet

    def combine_to_movie(self) -> None:
        if not self.keep_parts:
            super().combine_to_movie()

    def clean_cache(self) -> None:
        if not self.keep_parts:  # the files are the result
            super().clean_cache()


class Renderer(CairoRenderer):
    """Manim's Cairo renderer, writing with :class:`VideoWriter`, that draws nothing for an
    animation it skips (a preview's, whose only picture is the last frame; a step's frame; the
    animations another process of a shared render plays). Manim draws the still part of every
    skipped animation, and a skipped wait or its last frame in full, only to drop the pictures:
    35 of folding's draws at each preview. The frame a PNG keeps is drawn at the end, as ever."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_writer_class", VideoWriter)
        super().__init__(**kwargs)
        self._finishing = False

    def update_frame(self, scene: Any, *args: Any, **kwargs: Any) -> None:
        if self.skip_animations and not self._finishing:
            return
        super().update_frame(scene, *args, **kwargs)

    def render(self, scene: Any, time: float, moving_mobjects: Any = None) -> None:
        if not self.skip_animations:
            super().render(scene, time, moving_mobjects)

    def save_static_frame_data(self, scene: Any, static_mobjects: Any) -> Any:
        if self.skip_animations:
            self.static_image = None
            return None
        return super().save_static_frame_data(scene, static_mobjects)

    def freeze_current_frame(self, duration: float) -> None:
        if not self.skip_animations:
            super().freeze_current_frame(duration)

    def scene_finished(self, scene: Any) -> None:
        self._finishing = True  # the last frame (a PNG's picture) is drawn whatever was skipped
        super().scene_finished(scene)


class SharedRenderer(Renderer):
    """Manim's Cairo renderer that plays only the animations it claims in ``claims`` (a folder
    shared with the other processes rendering the same scene): animation i is this process's
    when it creates ``claims/i`` first; the others it skips. Claimed files hold the path of the
    partial movie file that will be written."""

    def __init__(self, claims: Path, parent: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claims = Path(claims)
        self.parent = parent  # a helper process stops when the process that started it is gone

    def init_scene(self, scene: Any) -> None:
        super().init_scene(scene)
        self.file_writer.keep_parts = True

    def update_skipping_status(self) -> None:
        if self.parent is not None and os.getppid() != self.parent:
            raise SystemExit("the render this process helped has stopped")
        super().update_skipping_status()
        if self.skip_animations:
            return
        try:
            handle = os.open(self.claims / f"{self.num_plays:05d}", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            self.skip_animations = True  # another process plays it
            return
        with os.fdopen(handle, "w", encoding="utf-8") as claim:
            claim.write(str(self.file_writer.partial_movie_directory))


def claimed_parts(claims: Path, plays: int, extension: str) -> list[Path]:
    """The partial movie files of animations 0 .. plays - 1 in order, from the claims of the
    processes that rendered them; an animation nobody claimed is an error."""
    parts = []
    for number in range(plays):
        claim = claims / f"{number:05d}"
        if not claim.is_file():
            raise RuntimeError(f"animation {number} of {plays} was rendered by no process")
        folder = Path(claim.read_text(encoding="utf-8"))
        parts.append(folder / f"uncached_{number:05d}{extension}")
    return parts


def join_movies(parts: list[Path], target: Path) -> None:
    """The movies ``parts`` one after the other in ``target``, packets copied, as Manim joins
    its partial movie files (the concat demuxer; decode timestamps left to the muxer)."""
    listing = target.with_name(target.name + ".parts.txt")
    listing.write_text("".join(f"file 'file:{Path(p).as_posix()}'\n" for p in parts), encoding="utf-8")
    try:
        with av.open(str(listing), options={"safe": "0", "an": "1"}, format="concat") as source, \
                av.open(str(target), mode="w") as output:
            stream = source.streams.video[0]
            out = output.add_stream_from_template(template=stream)
            for packet in source.demux(stream):
                if packet.dts is None:  # the demuxer's flushing packets
                    continue
                packet.dts = None  # one file's times do not continue the last's
                packet.stream = out
                output.mux(packet)
    finally:
        listing.unlink(missing_ok=True)
