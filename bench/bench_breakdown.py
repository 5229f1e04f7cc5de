"""Where a scene's render time goes, without the encoder: drawing, updaters, static holds.

    .venv/bin/python bench/bench_breakdown.py [NAME ...] [--quality high]

Each scene (all of the catalogue's by default) is rendered in this process as ``render.py``
would, at the quality asked for, but with nothing written (Manim draws every frame and hands
it to no encoder), and timed per animation:

- plays: animations (``play`` and ``wait`` calls); frames: the frames they make;
- hold %: the share of frames in static holds (a ``wait`` with nothing moving: Manim draws the
  picture once, scenes.video encodes it twice);
- draw ms/f and upd ms/f: per frame of the moving animations, the time in Cairo drawing
  (``CairoRenderer.render``) and in the updaters and animations' interpolation
  (``Scene.update_to_time``);
- total s: the whole render without encoding, on one core.

Together with bench_scenes.py's encode floor this says how a scene's time splits between
drawing and encoding.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim import tempconfig  # noqa: E402
from manim.renderer.cairo_renderer import CairoRenderer  # noqa: E402
from manim.scene.scene import Scene  # noqa: E402

from nnlecture import catalog  # noqa: E402
from nnlecture.files import cache_dir  # noqa: E402
from scenes.common import THEMES  # noqa: E402
from scenes.runner import QUALITIES, shared_cache  # noqa: E402

STATS: dict[str, float] = {}


def _timed(owner: type, name: str, key: str) -> None:
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            STATS[key] += time.perf_counter() - started

    setattr(owner, name, timed)


def _instrument() -> None:
    play, add_frame = CairoRenderer.play, CairoRenderer.add_frame

    def counted_play(self, scene, *args, **kwargs):
        before = STATS["frames"]
        play(self, scene, *args, **kwargs)
        made = STATS["frames"] - before
        STATS["hold_frames" if scene.is_current_animation_frozen_frame() else "moving_frames"] += made
        STATS["plays"] += 1

    def counted_frame(self, frame, num_frames=1):
        if not self.skip_animations:
            STATS["frames"] += num_frames
        return add_frame(self, frame, num_frames)

    CairoRenderer.play, CairoRenderer.add_frame = counted_play, counted_frame
    _timed(CairoRenderer, "render", "draw")
    _timed(Scene, "update_to_time", "update")


def measure(name: str, quality: str) -> dict[str, float]:
    entry = catalog.lookup(name)
    STATS.update(dict.fromkeys(("frames", "hold_frames", "moving_frames", "plays", "draw", "update"), 0))
    options = {"quality": QUALITIES[quality][0], "disable_caching": True, "verbosity": "ERROR",
               "progress_bar": "none", "write_to_movie": False,
               "tex_dir": str(cache_dir() / "Tex"), "text_dir": str(cache_dir() / "texts")}
    with tempfile.TemporaryDirectory() as work, tempconfig({**options, "media_dir": work}), \
            shared_cache(Path(work)):
        logging.getLogger("manim").setLevel(logging.ERROR)
        started = time.perf_counter()
        entry.load()(params=entry.resolve_params({}, None), theme=THEMES["light"]).render()
        STATS["total"] = time.perf_counter() - started
    return dict(STATS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="scenes (default: every scene)")
    parser.add_argument("--quality", default="high", choices=tuple(QUALITIES))
    args = parser.parse_args()
    names = args.names or [e.name for e in catalog.scenes()]
    _instrument()
    print(f"{'scene':<18}{'plays':>6}{'frames':>7}{'hold %':>7}{'draw ms/f':>10}{'upd ms/f':>9}"
          f"{'total s':>8}", flush=True)
    for name in names:
        s = measure(name, args.quality)
        moving, held = max(s["moving_frames"], 1), 100 * s["hold_frames"] / max(s["frames"], 1)
        print(f"{name:<18}{s['plays']:>6.0f}{s['frames']:>7.0f}{held:>7.0f}{1000 * s['draw'] / moving:>10.1f}"
              f"{1000 * s['update'] / moving:>9.1f}{s['total']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
