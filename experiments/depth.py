"""MNIST-1D depth experiment: deeper networks fit random labels in fewer epochs (book Fig. 20.2).

Four ReLU MLPs with about 15,200 parameters each (1, 2, 3, 4 hidden layers of 298, 100, 75, 63
units) are trained by full-batch gradient descent on the mean softmax cross-entropy of 4000
MNIST-1D training examples whose labels were randomly permuted, from He (uniform)
initialisation with zero biases, no momentum and no regularisation. The percent training error
is recorded every epoch until it reaches 0 %.

Modes (:data:`MODES`):
- ``book``: the book's learning rate 0.0025; about 1.1 million epochs in all. Measured here
  (data/depth_book.npz): 0 % error after 616,579 / 228,117 / 161,858 / 128,787 epochs for
  1 / 2 / 3 / 4 hidden layers; 51.5 min of wall time on this 2-core machine (the 1-hidden-
  layer model is the critical path: 616,579 epochs at 5.0 ms while the other core trained the
  rest), bit-identical curves on a second run.
- ``quick``: learning rate x10 with the epoch axis rescaled by 10 (lr x epochs held constant),
  about 6 minutes; a rescaled approximation, labelled as such. Measured: 0 % after 614,750 /
  212,520 / 146,250 / 131,170 rescaled epochs; the 1- and 2-layer curves stay within 1
  point of the book's, the 3- and 4-layer ones within 0.6 points on average but with
  short spikes of up to ~25 points late in training (the larger step is near the edge of
  stability there).

Runs are resumable: each model writes a checkpoint every ``CHECKPOINT_SECONDS`` (and when
interrupted) into ``out_dir/depth_<mode>/``; :func:`run` continues from there. One model per
worker process, each with one BLAS thread. The result is one small ``.npz`` file
(:func:`result_path`) read back by :func:`load_result`; the book-mode file is kept in the
repository as ``data/depth_book.npz``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from nnmath.checks import ParameterError
from nnmath.train import FullBatchTrainer, init_mlp, parameter_count

#: Hidden layers -> width, so that every model has about 15,200 parameters (Fig. 20.2).
WIDTHS = {1: 298, 2: 100, 3: 75, 4: 63}
DEPTHS = tuple(WIDTHS)
INPUT_SIZE, NUM_CLASSES, NUM_TRAIN = 40, 10, 4000
#: Seed of the label permutation; the model of depth K is initialised with seed INIT_SEED + K.
DATA_SEED, INIT_SEED = 0, 100
CHECKPOINT_SECONDS = 60.0
#: Epochs kept at full resolution in the result file; after that one point every RESULT_STRIDE.
RESULT_FULL, RESULT_STRIDE = 1000, 200
#: The repository's copy of the book-mode result.
REPO_BOOK_RESULT = Path(__file__).resolve().parent.parent / "data" / "depth_book.npz"
#: Where results go by default: out/ beside render.py, as for every rendered file.
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "out"


@dataclass(frozen=True)
class Mode:
    """Settings of one mode. epoch_scale: multiply epochs by this to compare with the book."""

    name: str
    lr: float
    max_epochs: int
    epoch_scale: float
    expected_epochs: dict
    label: str


BOOK_LR = 0.0025
#: Epochs to 0 % error with the book's settings (REFERENCE.md); used for progress totals only.
BOOK_EXPECTED = {1: 500_000, 2: 235_000, 3: 170_000, 4: 123_000}

MODES = {
    "book": Mode("book", BOOK_LR, 1_200_000, 1.0, BOOK_EXPECTED,
                 "book settings, learning rate 0.0025"),
    "quick": Mode("quick", 10 * BOOK_LR, 120_000, 10.0,
                  {k: v // 10 for k, v in BOOK_EXPECTED.items()},
                  "rescaled approximation: learning rate 0.025, epochs x 10"),
}


def sizes(depth: int) -> tuple[int, ...]:
    """(40, D, ..., D, 10) with ``depth`` hidden layers of width WIDTHS[depth]."""
    if depth not in WIDTHS:
        raise ParameterError(f"depth must be one of {DEPTHS}; got {depth!r}.")
    return (INPUT_SIZE,) + (WIDTHS[depth],) * depth + (NUM_CLASSES,)


def num_parameters(depth: int) -> int:
    """15,208 / 15,210 / 15,235 / 15,319 for depth 1 / 2 / 3 / 4."""
    return parameter_count(sizes(depth))


# --- data ---------------------------------------------------------------------------------------


def make_data(seed: int = DATA_SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The 4000 MNIST-1D training examples, generated locally by the ``mnist1d`` package.

    Returns x (4000, 40) float32, labels (4000,) randomly permuted with ``seed`` (the labels
    the networks must memorise) and the true labels (4000,). mnist1d reseeds Python's and
    NumPy's global generators; their states are saved and restored around it.
    """
    try:
        from mnist1d.data import get_dataset_args, make_dataset
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ParameterError(
            "the depth experiment needs the 'mnist1d' package; install it with "
            "`.venv/bin/pip install mnist1d`."
        ) from error
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        data = make_dataset(get_dataset_args())
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    x = np.ascontiguousarray(data["x"][:NUM_TRAIN], dtype=np.float32)
    true = np.asarray(data["y"][:NUM_TRAIN], dtype=np.int64)
    permuted = np.random.default_rng(seed).permutation(true)
    return x, permuted, true


# --- one model ----------------------------------------------------------------------------------


def new_trainer(depth: int, mode: Mode, x, labels) -> FullBatchTrainer:
    """He-uniform weights (seed INIT_SEED + depth), zero biases, float32 full-batch GD."""
    model = init_mlp(sizes(depth), init="he_uniform", seed=INIT_SEED + depth, bias=0.0,
                     activation="relu")
    return FullBatchTrainer(model, x, labels, lr=mode.lr, dtype=np.float32)


def checkpoint_path(out_dir, mode: str, depth: int) -> Path:
    return Path(out_dir) / f"depth_{mode}" / f"checkpoint_{depth}layer.npz"


def result_path(out_dir, mode: str) -> Path:
    """Where :func:`run` writes the result of ``mode``: out_dir/depth_<mode>.npz."""
    return Path(out_dir) / f"depth_{mode}.npz"


def _save_npz(path: Path, arrays: dict, compressed: bool = False) -> None:
    """Write atomically: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            (np.savez_compressed if compressed else np.savez)(handle, **arrays)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _checkpoint_arrays(trainer, mode: Mode, depth: int, errors, loss, done: bool, seconds: float):
    # errors[e], loss[e] for e < trainer.epoch belong to the parameters after e updates
    n = trainer.epoch
    arrays = trainer.state()
    arrays.update(errors=errors[:n], loss=loss[:n], done=done, seconds=seconds,
                  lr=mode.lr, depth=depth, init_seed=INIT_SEED + depth)
    return arrays


def load_checkpoint(path, mode: Mode, depth: int) -> dict | None:
    """The checkpoint at ``path`` as a dict, None if absent; refuses one made with other settings."""
    path = Path(path)
    if not path.exists():
        return None
    with np.load(path) as data:
        state = {key: data[key] for key in data.files}
    if float(state["lr"]) != mode.lr or int(state["init_seed"]) != INIT_SEED + depth:
        raise ParameterError(
            f"checkpoint {path} was made with lr={float(state['lr'])}, init seed "
            f"{int(state['init_seed'])}; this run needs lr={mode.lr}, seed {INIT_SEED + depth}. "
            f"Delete it or run with resume=False."
        )
    return state


_PROGRESS_QUEUE = None


def _init_worker(queue) -> None:
    global _PROGRESS_QUEUE
    _PROGRESS_QUEUE = queue


def train_model(depth: int, mode_name: str, out_dir, x, labels, resume: bool = True,
                report_seconds: float = 0.5, max_epochs: int | None = None) -> dict:
    """Train the ``depth``-layer model to 0 % training error (or ``max_epochs``), with checkpoints.

    Runs with one BLAS thread (threadpoolctl), as in the book-mode workers: the float32 sums,
    hence the curves, are then the same in a worker, in a test and on resume; and several
    threads on these small matrices are slower on a busy machine. Returns {'errors': (E+1,) uint16, 'loss': (E+1,) float32, 'epochs_to_zero': int or -1,
    'seconds': float}: errors[e] and loss[e] belong to the parameters after e epochs.
    Progress (depth, epoch, errors) goes to the worker's queue when there is one.
    """
    with one_blas_thread():
        return _train_model(depth, mode_name, out_dir, x, labels, resume, report_seconds,
                            max_epochs)


def one_blas_thread():
    """A context limiting BLAS/OpenMP to one thread (threadpoolctl; a no-op without it)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - the workers also get OPENBLAS_NUM_THREADS=1
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(1)


def _train_model(depth, mode_name, out_dir, x, labels, resume, report_seconds, max_epochs):
    mode = MODES[mode_name]
    cap = mode.max_epochs if max_epochs is None else int(max_epochs)
    trainer = new_trainer(depth, mode, x, labels)
    errors = np.zeros(cap + 1, dtype=np.uint16)
    loss = np.zeros(cap + 1, dtype=np.float32)
    path = checkpoint_path(out_dir, mode_name, depth)
    seconds = 0.0
    state = load_checkpoint(path, mode, depth) if resume else None
    if state is not None:
        n = len(state["errors"])
        seconds = float(state["seconds"])
        reached_zero = n > 0 and state["errors"][n - 1] == 0
        if reached_zero or n - 1 >= cap:
            # finished before: at 0 % error, or at (or past) this run's cap
            keep = min(n, cap + 1)
            return _summary(state["errors"][:keep], state["loss"][:keep], seconds)
        # otherwise continue, also after a run that stopped at a smaller max_epochs
        trainer.load_state(state)
        errors[:n], loss[:n] = state["errors"], state["loss"]
    start = time.perf_counter() - seconds
    last_save = last_report = time.perf_counter()
    done = stepping = False
    try:
        while not done:
            epoch = trainer.epoch
            stepping = True  # an interrupt from here to the end of the record leaves no checkpoint
            value, count = trainer.step()
            loss[epoch], errors[epoch] = value, count
            stepping = False
            done = count == 0 or epoch >= cap
            now = time.perf_counter()
            if now - last_report > report_seconds and _PROGRESS_QUEUE is not None:
                _PROGRESS_QUEUE.put((depth, epoch, count))
                last_report = now
            if now - last_save > CHECKPOINT_SECONDS:
                _save_npz(path, _checkpoint_arrays(trainer, mode, depth, errors, loss, False,
                                                   now - start))
                last_save = now
    finally:  # also on Ctrl-C between two epochs: keep what was done
        seconds = time.perf_counter() - start
        if not stepping:
            _save_npz(path, _checkpoint_arrays(trainer, mode, depth, errors, loss, done, seconds))
    n = trainer.epoch
    if _PROGRESS_QUEUE is not None:
        _PROGRESS_QUEUE.put((depth, n - 1, int(errors[n - 1])))
    return _summary(errors[:n], loss[:n], seconds)


def _summary(errors, loss, seconds) -> dict:
    zero = np.flatnonzero(errors == 0)
    return {"errors": np.array(errors), "loss": np.array(loss), "seconds": seconds,
            "epochs_to_zero": int(zero[0]) if zero.size else -1}


# --- the whole experiment -----------------------------------------------------------------------


def run(mode: str = "quick", out_dir=DEFAULT_OUT, progress: Callable | None = None,
        resume: bool = True, workers: int = 2, max_epochs: int | None = None) -> Path:
    """Train the four models of ``mode`` ("quick" or "book") and write the result file.

    out_dir: the output folder; checkpoints go to out_dir/depth_<mode>/, the result to
    out_dir/depth_<mode>.npz (returned). progress(done, total, message) is called about twice a
    second with the epochs done over all models, an estimate of the total, and a one-line status.
    resume: continue from the checkpoints found (False starts afresh). workers: processes, one
    model each, every one with a single BLAS thread. max_epochs: stop each model there even
    if it has not reached 0 % (for smoke tests; None uses the mode's cap).
    """
    if mode not in MODES:
        raise ParameterError(f"mode must be one of {sorted(MODES)}; got {mode!r}.")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"workers must be a positive integer; got {workers!r}.")
    settings = MODES[mode]
    out_dir = Path(out_dir)
    x, labels, _ = make_data()
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    epochs = {depth: 0 for depth in DEPTHS}
    status = {depth: "waiting" for depth in DEPTHS}
    expected = {d: min(e, max_epochs or e) for d, e in settings.expected_epochs.items()}
    results = {}
    # Worker processes start with one BLAS/OpenMP thread: the variables are read when the
    # fresh interpreter imports NumPy.
    thread_vars = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    saved_env = {name: os.environ.get(name) for name in thread_vars}
    os.environ.update({name: "1" for name in thread_vars})
    started = time.perf_counter()
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(queue,)) as pool:
            # longest first (1 hidden layer needs the most epochs), so the workers end together
            futures = {pool.submit(train_model, depth, mode, out_dir, x, labels, resume,
                                   max_epochs=max_epochs): depth
                       for depth in DEPTHS}
            pending = set(futures)
            while pending:
                time.sleep(0.25)
                while not queue.empty():
                    depth, epoch, count = queue.get()
                    epochs[depth] = epoch
                    status[depth] = f"{100 * count / NUM_TRAIN:.1f}%"
                for future in [f for f in pending if f.done()]:
                    pending.discard(future)
                    depth = futures[future]
                    results[depth] = future.result()  # re-raises a worker's error here
                    epochs[depth] = expected[depth] = len(results[depth]["errors"]) - 1
                    status[depth] = f"done at {epochs[depth]:,}"
                if progress is not None:
                    message = "  ".join(f"{d} layer{'s' if d > 1 else ''}: {epochs[d]:,} ep "
                                        f"{status[d]}" for d in DEPTHS)
                    total = sum(max(expected[d], epochs[d]) for d in DEPTHS)
                    progress(sum(epochs.values()), total, message)
    finally:
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    path = result_path(out_dir, mode)
    write_result(path, settings, results, wall_seconds=time.perf_counter() - started)
    return path


def downsample(n: int) -> np.ndarray:
    """Epochs kept in the result file: 0..RESULT_FULL-1, then every RESULT_STRIDE, and n - 1."""
    keep = np.concatenate([np.arange(min(n, RESULT_FULL)),
                           np.arange(RESULT_FULL, n, RESULT_STRIDE), [n - 1]])
    return np.unique(keep)


def write_result(path, mode: Mode, results: dict, wall_seconds: float = float("nan")) -> None:
    """Write the curves and every setting needed to reproduce them to one compressed .npz."""
    import mnist1d

    try:
        from importlib.metadata import version

        mnist1d_version = version("mnist1d")
    except Exception:  # pragma: no cover
        mnist1d_version = getattr(mnist1d, "__version__", "unknown")
    meta = {
        "figure": "UDL Fig. 20.2: MNIST-1D, random labels, percent training error vs epoch",
        "mode": mode.name, "label": mode.label, "lr": mode.lr, "epoch_scale": mode.epoch_scale,
        "optimiser": "full-batch gradient descent, no momentum, no regularisation",
        "loss": "mean softmax cross-entropy", "init": "he_uniform weights, zero biases",
        "dtype": "float32", "num_train": NUM_TRAIN, "data": "mnist1d make_dataset("
        "get_dataset_args()), first 4000 examples, labels permuted",
        "data_seed": DATA_SEED, "init_seeds": {d: INIT_SEED + d for d in DEPTHS},
        "widths": WIDTHS, "parameters": {d: num_parameters(d) for d in DEPTHS},
        "epochs_to_zero": {d: results[d]["epochs_to_zero"] for d in sorted(results)},
        "train_seconds": {d: round(results[d]["seconds"], 1) for d in sorted(results)},
        "wall_seconds": round(wall_seconds, 1),
        "result_full": RESULT_FULL, "result_stride": RESULT_STRIDE,
        "versions": {"numpy": np.__version__, "mnist1d": mnist1d_version,
                     "python": platform.python_version()},
        "machine": platform.machine(), "created": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    arrays = {"meta": np.array(json.dumps(meta))}
    for depth, result in results.items():
        keep = downsample(len(result["errors"]))
        arrays[f"epochs_{depth}"] = keep.astype(np.int32)
        arrays[f"errors_{depth}"] = result["errors"][keep].astype(np.uint16)
        arrays[f"loss_{depth}"] = result["loss"][keep].astype(np.float32)
    _save_npz(Path(path), arrays, compressed=True)


@dataclass(frozen=True)
class DepthCurves:
    """One result file read back: per depth, epochs (E,), percent error (E,), loss (E,).

    ``scaled_epochs`` multiplies by the mode's epoch_scale (book-equivalent epochs).
    """

    meta: dict
    epochs: dict
    error_percent: dict
    loss: dict

    def scaled_epochs(self, depth: int) -> np.ndarray:
        return self.epochs[depth] * float(self.meta["epoch_scale"])


def load_result(path) -> DepthCurves:
    """Read a result file written by :func:`run` (e.g. data/depth_book.npz)."""
    path = Path(path)
    if not path.exists():
        raise ParameterError(
            f"no depth-experiment result at {path}; create it with "
            f"`python render.py train depth --mode quick` (or --mode book)."
        )
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        depths = sorted(int(k.split("_")[1]) for k in data.files if k.startswith("epochs_"))
        epochs = {d: data[f"epochs_{d}"].astype(np.int64) for d in depths}
        error = {d: 100.0 * data[f"errors_{d}"] / meta["num_train"] for d in depths}
        loss = {d: data[f"loss_{d}"].astype(np.float64) for d in depths}
    return DepthCurves(meta, epochs, error, loss)


def find_result(mode: str, out_dir=None) -> Path:
    """The result file of ``mode`` in ``out_dir`` (default :data:`DEFAULT_OUT`) if it exists,
    else, for book mode, the repository's copy; else the path where it would be (reading it
    then fails with a message saying how to create it)."""
    folder = Path(out_dir) if out_dir else DEFAULT_OUT
    if result_path(folder, mode).exists():
        return result_path(folder, mode)
    if mode == "book" and REPO_BOOK_RESULT.exists():
        return REPO_BOOK_RESULT
    return result_path(folder, mode)


# --- command line (for running in the background: nohup python -m experiments.depth ...) ------


def _print_progress(done: int, total: int, message: str) -> None:
    percent = 100.0 * done / max(total, 1)
    print(f"\r[{percent:5.1f}%] {message}", end="", file=sys.stderr, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(MODES), default="quick")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder")
    parser.add_argument("--fresh", action="store_true", help="ignore existing checkpoints")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    path = run(args.mode, args.out, progress=_print_progress, resume=not args.fresh,
               workers=args.workers)
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
