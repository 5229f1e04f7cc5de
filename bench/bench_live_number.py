"""A readout that follows a value every frame: DecimalNumber.set_value vs scenes.common.live_number.

    .venv/bin/python bench/bench_live_number.py [--frames 600] [--rounds 5]

The folding scene's readout (x = .., y = .., y' = ..) as the sweep drives it: three numbers with
2 decimals following a value that moves by ``span / frames`` per frame (x over [-1, 1] in 9 s at
60 fps moves 0.0037 a frame; y and y' move up to 3x faster). Both ways update the same three
numbers through the same values, in alternating rounds, so they see the same load, each from an
empty glyph cache (the formulas themselves come from the LaTeX cache); printed are the median
milliseconds per frame and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim import DecimalNumber, tempconfig  # noqa: E402

from nnlecture.files import cache_dir  # noqa: E402
from manim.mobject.text.numbers import string_to_mob_map  # noqa: E402

from scenes import common  # noqa: E402
from scenes.common import BODY, live_number  # noqa: E402


def readout(live: bool, values: list) -> list:
    if live:
        return [live_number(v, 2, font_size=BODY) for v in values]
    numbers = []
    for v in values:
        n = DecimalNumber(v(), num_decimal_places=2, font_size=BODY)
        n.add_updater(lambda m, v=v: m.set_value(v()))
        numbers.append(n)
    return numbers


def per_frame(live: bool, frames: int) -> float:
    """Milliseconds per frame for three numbers following x, 2x and 3x over ``frames`` frames,
    from an empty glyph cache (live_number lightens the glyphs DecimalNumber caches for all)."""
    string_to_mob_map.clear()
    common._LIT.clear()
    state = {"x": -1.0}
    numbers = readout(live, [lambda: state["x"], lambda: 2 * state["x"], lambda: 1 - 3 * state["x"]])
    started = time.perf_counter()
    for k in range(frames):
        state["x"] = -1 + 2 * k / frames
        for n in numbers:
            n.update()
    return (time.perf_counter() - started) / frames * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempconfig({"tex_dir": str(cache_dir() / "Tex")}):
        per_frame(True, 20), per_frame(False, 20)  # glyphs typeset and cached
        times = {True: [], False: []}
        for _ in range(args.rounds):
            for live in (False, True):
                times[live].append(per_frame(live, args.frames))
    plain, live = statistics.median(times[False]), statistics.median(times[True])
    print(f"set_value every frame: {plain:.2f} ms/frame; live_number: {live:.2f} ms/frame; "
          f"ratio {live / plain:.2f} ({args.frames} frames x {args.rounds} rounds, 3 numbers)")


if __name__ == "__main__":
    main()
