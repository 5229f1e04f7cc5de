"""How a scene's frames become video: our x264 settings, static holds that cost one frame, and the
renderer that lets several processes share the animations of one scene.

- :class:`VideoWriter` is Manim's file writer with :data:`X264_OPTIONS`, and a held frame
  (``self.wait()`` with nothing moving, which Manim hands over as one picture to repeat N
  times) encoded as two pictures, its first and its last showing, with their own timestamps:
  the movie keeps its length and every moment shows what it showed before, but x264 is not
  given the same picture N times over (variable frame rate, as MP4 allows and every player
  and browser plays).
- :class:`Renderer` is Manim's Cairo renderer that draws nothing for the animations it skips,
  and draws the still mobjects above a moving one once per animation instead of every frame
  (:class:`_Layers`).
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
import cairo
import numpy as np
from manim import VMobject
from manim.animation.composition import AnimationGroup
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


def changing_mobjects(scene: Any) -> set[int]:
    """The ids of every mobject an animation of ``scene`` may change while it plays: the
    families of the animations' mobjects (inside groups too), of every mobject with an updater
    and of the foreground mobjects; the mobjects Manim's ``Scene.get_moving_mobjects`` looks
    for, without everything drawn after the first of them."""
    changing: set[int] = set()

    def mark(mobject: Any) -> None:
        changing.update(id(member) for member in mobject.get_family())

    pending = list(scene.animations or ())
    while pending:
        animation = pending.pop()
        mark(animation.mobject)
        if isinstance(animation, AnimationGroup):
            pending.extend(animation.animations)
    for mobject in scene.get_mobject_family_members():
        if mobject.updaters:
            mark(mobject)
    for mobject in scene.foreground_mobjects:
        mark(mobject)
    return changing


class _Layer:
    """Still mobjects (their ids in drawing order: ``ids``) drawn once onto a transparent
    picture, cut to the pixels they cover, to be laid over a frame with Cairo's OVER, the
    operator they would have been drawn with."""

    def __init__(self, ids: tuple[int, ...], pixels: np.ndarray, left: int, top: int) -> None:
        self.ids = ids
        self.pixels = np.ascontiguousarray(pixels)
        self.left, self.top = left, top
        height, width = self.pixels.shape[:2]
        self.surface = cairo.ImageSurface.create_for_data(
            memoryview(self.pixels), cairo.FORMAT_ARGB32, width, height, width * 4)

    def lay_on(self, context: cairo.Context) -> None:
        height, width = self.pixels.shape[:2]
        context.set_source_surface(self.surface, self.left, self.top)
        context.rectangle(self.left, self.top, width, height)
        context.fill()


class _Layers:
    """How one animation's frames are drawn. Manim redraws, every frame, every mobject from the
    first moving one on (``Scene.get_moving_mobjects``): a scene whose labels and equations were
    added after its moving curve redraws all of them 60 times a second. Here each run of still
    vector mobjects among those (none of them animated, updated or in the foreground:
    :func:`changing_mobjects`) is drawn once per animation, as a :class:`_Layer`, and laid over
    the frame where the run comes in the drawing order; the others are drawn every frame, as
    Manim draws them. A picture laid over the frame gives what drawing its mobjects there gives,
    up to rounding where they overlap each other: a mobject's pixels are its colour times its
    coverage laid over what lies under it, either way. A run that does not come whole and in
    order in a frame's list (mobjects added, emptied or rebuilt meanwhile) is drawn, not laid."""

    def __init__(self, layers: list[_Layer]) -> None:
        self.starting = {layer.ids[0]: layer for layer in layers}  # by the id of its first mobject

    @classmethod
    def plan(cls, camera: Any, scene: Any, canvas: np.ndarray) -> _Layers | None:
        changing = changing_mobjects(scene)
        layers, still = [], []
        for mobject in [*camera.get_mobjects_to_display(scene.moving_mobjects), None]:
            if mobject is not None and id(mobject) not in changing \
                    and camera.type_or_raise(mobject) is VMobject and not mobject.get_background_image():
                still.append(mobject)
                continue
            if still:
                layers.append(cls.picture(camera, still, canvas))
                still = []
        layers = [layer for layer in layers if layer is not None]
        return cls(layers) if layers else None

    @staticmethod
    def picture(camera: Any, mobjects: list[Any], canvas: np.ndarray) -> _Layer | None:
        canvas[...] = 0
        camera.display_multiple_vectorized_mobjects(mobjects, canvas)
        covered = canvas[..., 3] != 0
        rows, columns = np.flatnonzero(covered.any(axis=1)), np.flatnonzero(covered.any(axis=0))
        if not len(rows):
            return None
        top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
        return _Layer(tuple(map(id, mobjects)), canvas[top:bottom, left:right], int(left), int(top))

    def draw(self, camera: Any, mobjects: list[Any], context: cairo.Context) -> None:
        """Draw ``mobjects`` (a frame's list, in drawing order) onto the camera's frame."""
        drawn: list[Any] = []  # the mobjects to draw before the next picture
        at = 0
        while at < len(mobjects):
            layer = self.starting.get(id(mobjects[at]))
            if layer is None or tuple(map(id, mobjects[at:at + len(layer.ids)])) != layer.ids:
                drawn.append(mobjects[at])
                at += 1
                continue
            camera.capture_mobjects(drawn, include_submobjects=False)
            drawn = []
            layer.lay_on(context)
            at += len(layer.ids)
        camera.capture_mobjects(drawn, include_submobjects=False)


class Renderer(CairoRenderer):
    """Manim's Cairo renderer, writing with :class:`VideoWriter`, that draws nothing for an
    animation it skips (a preview's, whose only picture is the last frame; a step's frame; the
    animations another process of a shared render plays) and draws an animation's still
    mobjects once (:class:`_Layers`). Manim draws the still part of every skipped animation,
    and a skipped wait or its last frame in full, only to drop the pictures: 35 of folding's
    draws at each preview. The frame a PNG keeps is drawn at the end, as ever."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_writer_class", VideoWriter)
        super().__init__(**kwargs)
        self._finishing = False
        self._layers: _Layers | None = None
        self._canvas: np.ndarray | None = None  # one transparent picture to draw layers on
        self._target: tuple[np.ndarray, cairo.Context] | None = None  # the frame, unscaled

    def update_frame(self, scene: Any, *args: Any, **kwargs: Any) -> None:
        if self.skip_animations and not self._finishing:
            return
        super().update_frame(scene, *args, **kwargs)

    def render(self, scene: Any, time: float, moving_mobjects: Any = None) -> None:
        if self.skip_animations:
            return
        if self._layers is None or moving_mobjects is None:
            super().render(scene, time, moving_mobjects)
            return
        camera = self.camera
        if self.static_image is not None:
            camera.set_frame_to_background(self.static_image)
        else:
            camera.reset()
        self._layers.draw(camera, camera.get_mobjects_to_display(moving_mobjects), self._frame_context())
        self.add_frame(self.get_frame())

    def _frame_context(self) -> cairo.Context:
        """A Cairo context on the camera's frame in pixels (the camera's own is in scene units)."""
        frame = self.camera.pixel_array
        if self._target is None or self._target[0] is not frame:
            height, width = frame.shape[:2]
            surface = cairo.ImageSurface.create_for_data(frame.data, cairo.FORMAT_ARGB32, width, height)
            self._target = (frame, cairo.Context(surface))
        return self._target[1]

    def save_static_frame_data(self, scene: Any, static_mobjects: Any) -> Any:
        self._layers = None
        if self.skip_animations:
            self.static_image = None
            return None
        image = super().save_static_frame_data(scene, static_mobjects)
        if scene.moving_mobjects and not scene.is_current_animation_frozen_frame():
            if self._canvas is None or self._canvas.shape != self.camera.pixel_array.shape:
                self._canvas = np.zeros_like(self.camera.pixel_array)
            self._layers = _Layers.plan(self.camera, scene, self._canvas)
        return image

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
