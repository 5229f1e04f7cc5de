"""Speed of one full-batch epoch of the Fig. 20.2 models: nnmath.train.FullBatchTrainer vs PyTorch.

    .venv/bin/python bench/bench_train.py [--threads 1 2] [--epochs 300] [--repeats 3]

Each measurement runs in a fresh subprocess whose thread count is fixed before NumPy or PyTorch
is imported (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS, and
torch.set_num_threads). One epoch = forward, mean softmax cross-entropy, backward, gradient-
descent update, and reading the loss and the number of errors, on 4000 x 40 float32 inputs
with 10 classes (the MNIST-1D shapes; timing does not depend on the values). NumPy and PyTorch
runs are interleaved and the fastest of ``repeats`` is kept, so that load from other processes
hits both alike; the load average is printed with the table.

With T > 1 threads NumPy is measured two ways: "blas", T BLAS threads under one trainer thread,
and "rows", FullBatchTrainer(threads=T): T row blocks in T Python threads, one BLAS thread each. PyTorch is a benchmark-only
dependency (`.venv/bin/pip install torch==2.13.0`, the CPU wheel).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

N, INPUTS, CLASSES = 4000, 40, 10
WIDTHS = {1: 298, 2: 100, 3: 75, 4: 63}
LR = 0.0025
WARMUP = 20


def _sizes(depth):
    return [INPUTS] + [WIDTHS[depth]] * depth + [CLASSES]


def _numpy_worker(epochs: int, row_threads: int = 1) -> dict:
    import numpy as np

    from nnmath.train import FullBatchTrainer, init_mlp

    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, INPUTS)).astype(np.float32)
    labels = rng.integers(0, CLASSES, N)
    times = {}
    for depth in WIDTHS:
        model = init_mlp(_sizes(depth), init="he_uniform", seed=depth)
        trainer = FullBatchTrainer(model, x, labels, lr=LR, threads=row_threads)
        for _ in range(WARMUP):
            trainer.step()
        start = time.perf_counter()
        for _ in range(epochs):
            trainer.step()
        times[depth] = (time.perf_counter() - start) / epochs * 1e3
        trainer.close()
    return times


def _torch_worker(epochs: int, threads: int) -> dict:
    import torch

    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(N, INPUTS, generator=generator)
    labels = torch.randint(0, CLASSES, (N,), generator=generator)
    times = {}
    for depth in WIDTHS:
        sizes = _sizes(depth)
        layers = []
        for d_in, d_out in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(d_in, d_out), torch.nn.ReLU()]
        model = torch.nn.Sequential(*layers[:-1])
        optimiser = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = torch.nn.CrossEntropyLoss()

        def epoch():
            optimiser.zero_grad()
            output = model(x)
            loss = loss_fn(output, labels)
            loss.backward()
            optimiser.step()
            return loss.item(), int((output.argmax(dim=1) != labels).sum())

        for _ in range(WARMUP):
            epoch()
        start = time.perf_counter()
        for _ in range(epochs):
            epoch()
        times[depth] = (time.perf_counter() - start) / epochs * 1e3
    return times


def _measure(kind: str, threads: int, epochs: int) -> dict:
    """kind: "torch", "blas" (NumPy, T BLAS threads) or "rows" (NumPy, T row-block threads)."""
    env = dict(os.environ)
    blas_threads = 1 if kind == "rows" else threads
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(blas_threads)
    command = [sys.executable, os.path.abspath(__file__), "--worker", kind,
               "--threads", str(threads), "--epochs", str(epochs)]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return {int(k): v for k, v in json.loads(output.strip().splitlines()[-1]).items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="ms per full-batch epoch, NumPy vs PyTorch")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", choices=["blas", "rows", "torch"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker in ("blas", "rows"):
        rows = args.threads[0] if args.worker == "rows" else 1
        print(json.dumps(_numpy_worker(args.epochs, rows)))
        return 0
    if args.worker == "torch":
        print(json.dumps(_torch_worker(args.epochs, args.threads[0])))
        return 0

    try:
        import torch  # noqa: F401  (only to fail early with a clear message)
    except ImportError:
        print("PyTorch is needed for the comparison: .venv/bin/pip install torch==2.13.0",
              file=sys.stderr)
        return 1
    load_before = os.getloadavg()
    best = {}
    for threads in args.threads:
        kinds = ("blas", "torch") if threads == 1 else ("blas", "rows", "torch")
        for _ in range(args.repeats):
            for kind in kinds:
                for depth, ms in _measure(kind, threads, args.epochs).items():
                    key = (kind, threads, depth)
                    best[key] = min(best.get(key, float("inf")), ms)
    load_after = os.getloadavg()

    print(f"ms per full-batch epoch, N = {N}, float32, best of {args.repeats} x {args.epochs} "
          f"epochs; ratio = ours / torch")
    header = f"{'model':<16}{'threads':>8} {'torch':>7} {'blas':>7} {'rows':>7} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for depth, width in WIDTHS.items():
        for threads in args.threads:
            theirs = best[("torch", threads, depth)]
            blas = best[("blas", threads, depth)]
            rows = best.get(("rows", threads, depth))
            ours = min(blas, rows or blas)
            rows_text = f"{rows:7.2f}" if rows else f"{'-':>7}"
            print(f"{f'{depth} x {width}':<16}{threads:>8} {theirs:7.2f} {blas:7.2f} {rows_text} "
                  f"{ours / theirs:7.2f}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
          f"(on {os.cpu_count()} cores; other work on the machine skews the numbers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
