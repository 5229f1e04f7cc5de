"""Build time of a lecture deck with --jobs 1 and --jobs 2, and of a rebuild with nothing changed.

    .venv/bin/python bench/bench_deck.py [LECTURE.toml] [--quality high]

Each build starts from an empty deck cache of its own (a fresh XDG_CACHE_HOME per run, with a
copy of your LaTeX cache, or of a warm-up build's, so that both builds typeset alike), runs
``render.py deck`` as a user would, and is timed from outside. The rebuild reuses the --jobs 2
build's cache. Printed side by side with the ratios, and the load average, because this machine
is shared: compare ratios measured in one run, not times across runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnlecture.files import cache_dir  # noqa: E402


def build(lecture: Path | None, quality: str, jobs: int, cache: Path, out: Path) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, str(ROOT / "render.py"), "deck", *([str(lecture)] if lecture else []),
               "--quality", quality, "--jobs", str(jobs), "--out", str(out)]
    started = time.monotonic()
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        sys.exit(f"the build failed:\n{run.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lecture", nargs="?", type=Path, default=None)
    parser.add_argument("--quality", default="high", choices=("low", "medium", "high", "4k"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-deck-") as folder:
        base = Path(folder)
        warm = cache_dir()
        if not (warm / "Tex").is_dir():  # fill a LaTeX cache first
            build(args.lecture, "low", 2, base / "warm", base / "out-warm")
            warm = base / "warm" / "nnlecture"
        times = {}
        for jobs in (1, 2):
            cache = base / f"jobs{jobs}"
            (cache / "nnlecture").mkdir(parents=True)
            for kept in ("Tex", "texts", "parsed"):
                if (warm / kept).is_dir():
                    shutil.copytree(warm / kept, cache / "nnlecture" / kept)
            times[jobs] = build(args.lecture, args.quality, jobs, cache, base / f"out{jobs}")
        rebuild = build(args.lecture, args.quality, 2, base / "jobs2", base / "out2")
    load = os.getloadavg()
    name = args.lecture.name if args.lecture else "the default lecture"
    print(f"{name} at --quality {args.quality} ({os.cpu_count()} cores, load {load[0]:.1f})")
    print(f"  --jobs 1          {times[1]:8.1f} s")
    print(f"  --jobs 2          {times[2]:8.1f} s   jobs 2 / jobs 1 = {times[2] / times[1]:.2f}")
    print(f"  rebuild, nothing  {rebuild:8.1f} s   rebuild / jobs 2 = {rebuild / times[2]:.3f}")


if __name__ == "__main__":
    main()
