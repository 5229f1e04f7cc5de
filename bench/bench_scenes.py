"""Every scene at a quality: wall time against the video's duration and against its encode floor.

    .venv/bin/python bench/bench_scenes.py [NAME ...] [--quality high] [--jobs 2] [--serial] [--no-preview]

For each scene (all of the catalogue's by default), run as a user would and timed from outside:

- a preview, ``render.py NAME --quality low --format png`` (first as a warm-up that fills the
  LaTeX cache, then timed: the issue's "preview in seconds" target is on a warm cache);
- the render, ``render.py NAME --quality QUALITY --jobs JOBS`` (mp4; JOBS processes share it);
- the encode floor: the rendered video's own pictures decoded and encoded again with the
  settings the render used (libx264, yuv420p, each picture at its time, ``scenes.video.X264_OPTIONS``,
  or Manim's preset medium / crf 23 with ``--manim-encoder``), with only the conversion from RGB
  and the encoding timed, as Manim does them for every picture it hands over. Nothing is drawn,
  so no render of those pictures can be faster than this with the same encoder settings;
- with ``--serial``, the render again with ``--jobs 1``: its time, the ratio, and whether the two
  videos show the same pictures at the same times, pixel for pixel.

Printed per scene: frames (the video's length at its frame rate), video seconds, wall seconds,
frames per second, wall / video (<= 1.0 is faster than real time) and wall / floor (the issue's
target: <= 1.3), with the load average before and after, because this machine is shared:
compare ratios of one run, not times across runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import av  # noqa: E402
import numpy as np  # noqa: E402

from bench.bench_encoder import encode  # noqa: E402
from nnlecture import catalog  # noqa: E402
from scenes.video import X264_OPTIONS  # noqa: E402

MANIM_X264 = {"preset": "medium", "crf": "23"}  # Manim 0.21's own


def run(args: list[str], out: Path) -> float:
    """Seconds for ``render.py ARGS --out OUT``, timed from outside; exits on failure."""
    command = [sys.executable, str(ROOT / "render.py"), *args, "--out", str(out)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def encode_floor(video: Path, scratch: Path, options: dict) -> tuple[int, float, float]:
    """(frames, video seconds, encode seconds): the video's pictures encoded again as a partial
    movie file is (libx264 with ``options``, yuv420p, each at its time), timing RGB -> frame ->
    encode only. Frames are the video's length at its frame rate (held pictures are stored once)."""
    _, spent = encode(video, scratch, options)
    with av.open(str(video)) as source:
        stream = source.streams.video[0]
        seconds = float(stream.duration * stream.time_base)
        rate = stream.guessed_rate or stream.average_rate
    return round(seconds * rate), seconds, spent


def same_frames(a: Path, b: Path) -> bool:
    """Whether two videos show the same pictures at the same times, pixel for pixel."""
    with av.open(str(a)) as one, av.open(str(b)) as two:
        for x, y in itertools.zip_longest(one.decode(video=0), two.decode(video=0)):
            if x is None or y is None or x.pts != y.pts or not np.array_equal(
                    x.to_ndarray(format="rgb24"), y.to_ndarray(format="rgb24")):
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="scenes to measure (default: every scene)")
    parser.add_argument("--quality", default="high", choices=("low", "medium", "high", "4k"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes sharing each render (render.py --jobs; default the cores)")
    parser.add_argument("--serial", action="store_true",
                        help="also render with --jobs 1: its time, and whether the frames are the same")
    parser.add_argument("--no-preview", action="store_true", help="skip the preview timing")
    parser.add_argument("--manim-encoder", action="store_true",
                        help="floor with Manim's x264 settings (for renders made before ours)")
    args = parser.parse_args()
    names = args.names or [e.name for e in catalog.scenes()]
    unknown = sorted(set(names) - {e.name for e in catalog.scenes()})
    if unknown:
        sys.exit(f"not scenes: {', '.join(unknown)}; 'python render.py list' shows them")
    load = os.getloadavg()[0]
    x264 = MANIM_X264 if args.manim_encoder else X264_OPTIONS
    rows = []
    print(f"{'scene':<18} {'frames':>6} {'video s':>8} {'wall s':>7} {'fps':>6} {'wall/video':>10} "
          f"{'floor s':>8} {'wall/floor':>10} {'preview s':>9}"
          + (f" {'jobs 1 s':>8} {'/ jobs 1':>8} {'same':>5}" if args.serial else ""), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scenes-") as folder:
        base = Path(folder)
        for name in names:
            preview = None
            if not args.no_preview:
                run([name, "--quality", "low", "--format", "png"], base / "warm")
                preview = run([name, "--quality", "low", "--format", "png"], base / "preview")
            out = base / name
            wall = run([name, "--quality", args.quality, "--jobs", str(args.jobs)], out)
            video = next(out.glob("*.mp4"))
            frames, seconds, floor = encode_floor(video, base / "floor.mp4", x264)
            rows.append((name, frames, seconds, wall, floor, preview))
            line = (f"{name:<18} {frames:>6} {seconds:>8.1f} {wall:>7.1f} {frames / wall:>6.1f} "
                    f"{wall / seconds:>10.2f} {floor:>8.1f} {wall / floor:>10.2f} "
                    f"{'' if preview is None else f'{preview:.1f}':>9}")
            if args.serial:
                serial = run([name, "--quality", args.quality, "--jobs", "1"], base / f"{name}-serial")
                same = same_frames(video, next((base / f"{name}-serial").glob("*.mp4")))
                line += f" {serial:>8.1f} {wall / serial:>8.2f} {'yes' if same else 'NO':>5}"
                shutil.rmtree(base / f"{name}-serial")
            shutil.rmtree(out)
            print(line, flush=True)
    frames = sum(r[1] for r in rows)
    seconds, wall, floor = (sum(r[i] for r in rows) for i in (2, 3, 4))
    print(f"{'all':<18} {frames:>6} {seconds:>8.1f} {wall:>7.1f} {frames / wall:>6.1f} {wall / seconds:>10.2f} "
          f"{floor:>8.1f} {wall / floor:>10.2f}")
    print(f"load average {load:.2f} before, {os.getloadavg()[0]:.2f} after; {os.cpu_count()} cores; "
          f"quality {args.quality}; --jobs {args.jobs}; floor with x264 options {x264}")


if __name__ == "__main__":
    main()
