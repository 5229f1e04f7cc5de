"""Time of ``render.py figures`` (every figure as PDF, SVG and PNG) with --jobs 1 and --jobs N.

    .venv/bin/python bench/bench_figures.py [--jobs 2] [--rounds 2]

Run as a user would and timed from outside, alternating --jobs 1 and --jobs N for each round
(this machine is shared: compare the ratio, measured side by side, more than the times). Each
build writes into a fresh folder. Also printed: the files written and the load average.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(jobs: int, out: Path) -> tuple[float, int]:
    command = [sys.executable, str(ROOT / "render.py"), "figures", "--jobs", str(jobs),
               "--out", str(out)]
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        sys.exit(f"render.py figures --jobs {jobs} failed:\n{run.stderr}")
    return seconds, len(list(out.iterdir()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    times: dict[int, list[float]] = {1: [], args.jobs: []}
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as folder:
        for round_ in range(args.rounds):
            for jobs in times:
                seconds, files = build(jobs, Path(folder) / f"r{round_}-j{jobs}")
                times[jobs].append(seconds)
    load = os.getloadavg()
    print(f"render.py figures, {files} files ({os.cpu_count()} cores, load {load[0]:.1f}), "
          f"best of {args.rounds}")
    best = {jobs: min(seconds) for jobs, seconds in times.items()}
    print(f"  --jobs 1  {best[1]:6.1f} s   (all: {', '.join(f'{s:.1f}' for s in times[1])})")
    if args.jobs != 1:
        print(f"  --jobs {args.jobs}  {best[args.jobs]:6.1f} s   (all: "
              f"{', '.join(f'{s:.1f}' for s in times[args.jobs])})   "
              f"jobs {args.jobs} / jobs 1 = {best[args.jobs] / best[1]:.2f}")


if __name__ == "__main__":
    main()
