"""Benchmark: exact 2-D linear regions, nnmath.regions.regions_2d against regioncam (issue #3).

For random He-initialised 2-input ReLU networks (weights N(0, 2 / fan_in), biases N(0, 0.1^2),
fixed seeds) on [-1, 1]^2, both libraries build the partition; the region counts must be
identical (asserted). Times are medians of blocks of calls alternating between the two
libraries (ours x10, theirs x10, ours x10, ...), so both see the same load on a shared machine
and each runs in its steady state. Two more ratios: single calls alternating (each call meets
the heap the other library left), and each library alone in its own fresh process (child
processes alternating, best median of three), where neither inherits the other's heap. Also
printed: our
regions per second, our peak traced memory (tracemalloc: NumPy's allocations) and each
library's peak resident memory growth measured in a fresh child process (Rust's allocations
are invisible to tracemalloc).

Both run on one core: regioncam is single-threaded, and OpenBLAS threads only add contention
on a small shared machine, so OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are set to 1 here.

Run:  python bench/bench_regions.py [--repeats 5] [--sizes 3x20 3x50 3x100 4x128]
Needs: pip install regioncam   (benchmark-only dependency)
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

try:
    import regioncam
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("bench_regions.py needs regioncam: pip install regioncam")

from nnmath.deep import DeepNetwork  # noqa: E402
from nnmath.regions import regions_2d  # noqa: E402

SIZES = ("3x20", "3x50", "3x100", "4x128")
SEED = 0
BIAS_STD = 0.1


def he_network(depth: int, width: int, seed: int = SEED) -> DeepNetwork:
    """2-input ReLU network, `depth` hidden layers of `width`, He-initialised, one output."""
    rng = np.random.default_rng(seed)
    dims = [2] + [width] * depth + [1]
    omegas = [rng.standard_normal((b, a)) * np.sqrt(2.0 / a) for a, b in zip(dims[:-1], dims[1:])]
    betas = [rng.standard_normal(b) * BIAS_STD for b in dims[1:]]
    return DeepNetwork(betas, omegas)


def regioncam_layers(net: DeepNetwork):
    """The hidden layers in regioncam's form: x_out = x_in @ weight + bias, float32."""
    return [(omega.T.astype(np.float32).copy(), beta.astype(np.float32))
            for omega, beta in zip(net.omegas[:-1], net.betas[:-1])]


def run_regioncam(layers) -> int:
    cam = regioncam.Regioncam(size=1.0)  # the square [-1, 1]^2
    for weight, bias in layers:
        cam.linear(weight, bias)
        cam.relu()
    return cam.num_faces


def run_ours(net: DeepNetwork) -> int:
    return len(regions_2d(net, (-1.0, 1.0), (-1.0, 1.0)))


def timed(run, arg, calls: int) -> list[float]:
    """Seconds of each of ``calls`` back-to-back calls run(arg)."""
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        run(arg)
        times.append(time.perf_counter() - start)
    return times


def parse_size(text: str) -> tuple[int, int]:
    depth, width = text.lower().split("x")
    return int(depth), int(width)


def peak_rss_kib() -> int:
    """This process' peak resident memory (KiB): VmHWM, which unlike ru_maxrss is not
    inherited from the parent across fork/exec."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError, ValueError):  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(library: str, size: str) -> None:
    """Build once in this fresh process; print the count and the peak RSS growth (MiB)."""
    net = he_network(*parse_size(size))
    layers = regioncam_layers(net)
    before = peak_rss_kib()
    count = run_ours(net) if library == "ours" else run_regioncam(layers)
    print(json.dumps({"count": count, "rss_mib": (peak_rss_kib() - before) / 1024}))


def time_child(library: str, size: str, calls: int) -> None:
    """Time ``calls`` builds in this fresh process, after one warm-up; print the median (s)."""
    net = he_network(*parse_size(size))
    layers = regioncam_layers(net)
    run, arg = (run_ours, net) if library == "ours" else (run_regioncam, layers)
    run(arg)
    print(json.dumps({"median_s": float(np.median(timed(run, arg, calls)))}))


def in_child(*args: str) -> dict:
    """Run this script with ``args`` in a fresh process; its JSON answer."""
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    return json.loads(result.stdout)


def own_process_ratio(size: str, calls: int, rounds: int = 3) -> float:
    """Our median / regioncam's, each library alone in its own process (child processes
    alternating ours, theirs, ... ``rounds`` times; the best median of each)."""
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(in_child("--time-child", "ours", size, str(calls))["median_s"])
        theirs.append(in_child("--time-child", "regioncam", size, str(calls))["median_s"])
    return min(ours) / min(theirs)


def rss_growth(library: str, size: str) -> float:
    return in_child("--child", library, size)["rss_mib"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per library and size")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), help="depth x width, e.g. 3x20")
    parser.add_argument("--child", nargs=2, metavar=("LIBRARY", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--time-child", nargs=3, metavar=("LIBRARY", "SIZE", "CALLS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.time_child:
        library, size, calls = args.time_child
        time_child(library, size, int(calls))
        return

    print(f"regioncam {regioncam.__version__}, numpy {np.__version__}, one core; medians. ratio: "
          f"blocks of 10 calls (1 from 100 units) alternating ours/theirs, {args.repeats} blocks "
          f"each (x4 below 100 units); alt.: single calls alternating (each call meets the "
          f"allocator state the other left); own proc.: each library alone in its own process")
    header = (f"{'net':>6} {'regions':>8} {'ours ms':>9} {'regioncam ms':>13} {'ratio':>6} "
              f"{'alt.':>6} {'own proc.':>10} {'regions/s':>10} {'traced MiB':>11} {'RSS ours':>9} {'RSS rc':>7}")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        net = he_network(*parse_size(size))
        layers = regioncam_layers(net)
        ours_count, their_count = run_ours(net), run_regioncam(layers)  # warm-up, and the check
        assert ours_count == their_count, f"{size}: {ours_count} regions, regioncam {their_count}"
        small = parse_size(size)[1] < 100
        # steady state: blocks of calls, ours then theirs, alternating (the same load for both)
        block = 10 if small else 1
        ours, theirs = [], []
        for _ in range(args.repeats * (4 if small else 1)):
            ours += timed(run_ours, net, block)
            theirs += timed(run_regioncam, layers, block)
        # and one call each, alternating: every call meets the allocator state the other left
        alt_ours, alt_theirs = [], []
        for _ in range(args.repeats * (4 if small else 1) * block):
            alt_ours += timed(run_ours, net, 1)
            alt_theirs += timed(run_regioncam, layers, 1)
        alternating = float(np.median(alt_ours) / np.median(alt_theirs))
        own = own_process_ratio(size, calls=100 if small else 3)
        tracemalloc.start()
        run_ours(net)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        ours_t, theirs_t = float(np.median(ours)), float(np.median(theirs))
        print(f"{size:>6} {ours_count:>8} {ours_t * 1e3:>9.1f} {theirs_t * 1e3:>13.1f} "
              f"{ours_t / theirs_t:>6.2f} {alternating:>6.2f} {own:>10.2f} {ours_count / ours_t:>10.0f} "
              f"{traced:>11.1f} {rss_growth('ours', size):>9.1f} {rss_growth('regioncam', size):>7.1f}")
    tent_map_speed()


def tent_map_speed(depth: int = 20, repeats: int = 3) -> None:
    """The 1-D engine on f(x) = 2 ReLU[x] - 4 ReLU[x - 1/2] composed ``depth`` times (2^depth pieces)."""
    from nnmath import piecewise_linear

    betas = [np.array([0.0, -0.5])] * depth + [np.array([0.0])]
    omegas = ([np.array([[1.0], [1.0]])] + [np.array([[2.0, -4.0], [2.0, -4.0]])] * (depth - 1)
              + [np.array([[2.0, -4.0]])])
    net = DeepNetwork(betas, omegas)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        pieces = piecewise_linear(net, 0.0, 1.0)
        times.append(time.perf_counter() - start)
    assert pieces.num_regions == 2**depth
    best = float(np.median(times))
    print(f"\n1-D tent map composed {depth} times: {pieces.num_regions:,} pieces (= 2^{depth}) in "
          f"{best:.2f} s, {len(pieces.breakpoints) / best:,.0f} breakpoints/s")


if __name__ == "__main__":
    main()
