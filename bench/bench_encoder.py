"""x264 settings for the scenes' videos: encode time, file size and quality, side by side.

    .venv/bin/python bench/bench_encoder.py VIDEO.mp4 [--every 10] [--settings medium:23 veryfast:23 ...]

VIDEO is a render of ours (e.g. ``render.py folding --quality high``: Manim's own settings,
libx264 preset medium, crf 23, yuv420p). Its frames are decoded and encoded again with each
setting (preset:crf, or preset:crf:bframes), timing only the RGB conversion and the encoding,
as Manim does them per frame; each result is then compared with VIDEO frame by frame (every
``--every``-th frame) by PSNR and SSIM of the luma plane (8 x 8 windows, the usual constants). The first setting,
medium:23, is Manim's: its scores are what re-encoding alone costs, so a setting whose scores
match it loses nothing visible that Manim's own settings keep.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

DEFAULT_SETTINGS = ("medium:23", "fast:23", "faster:23", "veryfast:23", "superfast:23", "ultrafast:23",
                    "veryfast:20", "veryfast:20:0")


def encode(video: Path, target: Path, options: dict[str, str]) -> tuple[int, float]:
    """(pictures, seconds spent converting and encoding) for VIDEO's frames encoded to TARGET
    with x264 ``options``, each at its own time (a held picture is stored once: scenes.video)."""
    spent, pictures = 0.0, 0
    with av.open(str(video)) as source, av.open(str(target), mode="w") as out:
        incoming = source.streams.video[0]
        rate = incoming.guessed_rate or incoming.average_rate
        stream = out.add_stream("libx264", rate=rate, options={"an": "1", **options})
        stream.pix_fmt = "yuv420p"
        stream.width, stream.height = incoming.width, incoming.height
        for frame in source.decode(incoming):
            rgba = frame.to_ndarray(format="rgba")  # what Manim hands over
            started = time.perf_counter()
            picture = av.VideoFrame.from_numpy_buffer(rgba, format="rgba")  # as scenes.video does
            picture.pts, picture.time_base = round(frame.time * rate), 1 / Fraction(rate)
            for packet in stream.encode(picture):
                out.mux(packet)
            spent += time.perf_counter() - started
            pictures += 1
        started = time.perf_counter()
        for packet in stream.encode():
            out.mux(packet)
        spent += time.perf_counter() - started
    return pictures, spent


def x264_options(setting: str) -> dict[str, str]:
    """``preset:crf`` or ``preset:crf:bframes`` as x264 options."""
    preset, crf, *bframes = setting.split(":")
    return {"preset": preset, "crf": crf, **({"bf": bframes[0]} if bframes else {})}


def _box(image: np.ndarray, size: int = 8) -> np.ndarray:
    """Means over size x size windows (valid positions), by summed-area tables."""
    table = np.pad(image, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    total = table[size:, size:] - table[:-size, size:] - table[size:, :-size] + table[:-size, :-size]
    return total / (size * size)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two 8-bit luma planes over 8 x 8 windows (K1 = 0.01, K2 = 0.03)."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    ma, mb = _box(a), _box(b)
    va, vb, cov = _box(a * a) - ma * ma, _box(b * b) - mb * mb, _box(a * b) - ma * mb
    return float(np.mean(((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255 ** 2 / mse))


def compare(reference: Path, candidate: Path, every: int) -> tuple[float, float, float]:
    """(mean PSNR, mean SSIM, least SSIM) of the luma planes of every ``every``-th frame."""
    scores = []
    with av.open(str(reference)) as ref, av.open(str(candidate)) as new:
        for k, (x, y) in enumerate(zip(ref.decode(video=0), new.decode(video=0))):
            if k % every:
                continue
            a = x.reformat(format="gray").to_ndarray()
            b = y.reformat(format="gray").to_ndarray()
            scores.append((psnr(a, b), ssim(a, b)))
    values = np.array(scores)
    finite = values[np.isfinite(values[:, 0]), 0]
    return (float(finite.mean()) if finite.size else float("inf")), float(values[:, 1].mean()), \
        float(values[:, 1].min())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--every", type=int, default=10, help="compare every n-th frame")
    parser.add_argument("--settings", nargs="+", default=list(DEFAULT_SETTINGS),
                        help="preset:crf or preset:crf:bframes, the first the baseline")
    args = parser.parse_args()
    if not args.video.is_file():
        sys.exit(f"no video at {args.video}; render one first, e.g. python render.py folding --quality high")
    load = os.getloadavg()[0]
    print(f"{'preset:crf':<14} {'encode s':>8} {'fps':>6} {'/ baseline':>10} {'MB':>6} {'PSNR dB':>8} "
          f"{'SSIM':>7} {'least SSIM':>10}", flush=True)
    base = None
    with tempfile.TemporaryDirectory(prefix="bench-encoder-") as folder:
        for setting in args.settings:
            target = Path(folder) / f"{setting.replace(':', '-')}.mp4"
            frames, seconds = encode(args.video, target, x264_options(setting))
            base = base or seconds
            quality = compare(args.video, target, args.every)
            print(f"{setting:<14} {seconds:>8.1f} {frames / seconds:>6.1f} {seconds / base:>10.2f} "
                  f"{target.stat().st_size / 2**20:>6.1f} {quality[0]:>8.2f} {quality[1]:>7.4f} {quality[2]:>10.4f}",
                  flush=True)
    print(f"{args.video.name}: {frames} frames, {args.video.stat().st_size / 2**20:.1f} MB; load average "
          f"{load:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
