"""MNIST-1D depth experiment (experiments.depth, book Fig. 20.2): sizes, data, checkpoints, runs,
and the stored book-mode curves against a fresh re-run of their first epochs."""

import json
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("mnist1d")

from experiments import depth  # noqa: E402
from nnmath.checks import ParameterError  # noqa: E402

#: epochs of the stored book curve re-run by the test (about 4 x 1.5 s)
RERUN_EPOCHS = 300


@pytest.fixture(scope="module")
def data():
    return depth.make_data()


def test_parameter_counts_of_fig20_2():
    # REFERENCE.md: 15,319 for the 4-layer model (not the book's 15,139)
    assert [depth.num_parameters(k) for k in depth.DEPTHS] == [15_208, 15_210, 15_235, 15_319]
    assert depth.sizes(3) == (40, 75, 75, 75, 10)


def test_data_is_local_permuted_and_leaves_global_rngs_alone(data):
    np.random.seed(123)
    random.seed(123)
    expected_np, expected_py = np.random.random(), random.random()
    np.random.seed(123)
    random.seed(123)
    x, labels, true = depth.make_data(cache=False)  # mnist1d itself, which reseeds both
    assert (np.random.random(), random.random()) == (expected_np, expected_py)
    assert x.shape == (4000, 40) and x.dtype == np.float32
    np.testing.assert_array_equal(x, data[0])
    np.testing.assert_array_equal(labels, data[1])
    # a permutation of the true labels: same class counts, mostly different positions
    np.testing.assert_array_equal(np.bincount(labels, minlength=10), np.bincount(true, minlength=10))
    assert np.mean(labels == true) < 0.2


def test_the_cached_examples_are_the_generated_ones(tmp_path, monkeypatch, data):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = depth.data_cache()
    assert path.parent == tmp_path / "nnlecture" and not path.exists()
    fresh = depth.make_data()  # generated (no cache yet), then written to the cache
    assert path.stat().st_mode & 0o777 == 0o666 & ~depth._umask()
    for a, b, c in zip(depth.make_data(), fresh, data):  # read back from the cache
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
    with np.load(path) as saved:
        arrays = {key: saved[key] for key in saved.files}
    arrays["x"][7, 3] += 1  # a valid file with one example changed: its digest no longer fits
    np.savez(path.with_suffix(""), **arrays)
    assert depth._cached_data(path) == (None, None)
    path.write_bytes(b"PK\x03\x04")  # truncated
    assert depth._cached_data(path) == (None, None)


def test_checkpoint_resume_is_exact(tmp_path, data):
    x, labels, _ = data
    straight = depth.train_model(4, "quick", tmp_path / "a", x, labels, max_epochs=60)
    part = depth.train_model(4, "quick", tmp_path / "b", x, labels, max_epochs=25)
    assert len(part["errors"]) == 26
    # pretend the short run was interrupted: clear its "done" flag, then resume to 60
    path = depth.checkpoint_path(tmp_path / "b", "quick", 4)
    with np.load(path) as saved:
        state = {key: saved[key] for key in saved.files}
    state["done"] = np.array(False)
    np.savez(path, **state)
    resumed = depth.train_model(4, "quick", tmp_path / "b", x, labels, max_epochs=60)
    np.testing.assert_array_equal(resumed["errors"], straight["errors"])
    np.testing.assert_array_equal(resumed["loss"], straight["loss"])
    # a finished checkpoint is reused as it is, or cut at a smaller cap
    again = depth.train_model(4, "quick", tmp_path / "b", x, labels, max_epochs=60)
    np.testing.assert_array_equal(again["loss"], straight["loss"])
    shorter = depth.train_model(4, "quick", tmp_path / "b", x, labels, max_epochs=30)
    np.testing.assert_array_equal(shorter["errors"], straight["errors"][:31])


def test_a_smoke_run_does_not_end_the_real_run(tmp_path, data):
    """A checkpoint that stopped at --max-epochs (not at 0 %) is continued by a longer run."""
    x, labels, _ = data
    straight = depth.train_model(3, "quick", tmp_path / "a", x, labels, max_epochs=40)
    depth.train_model(3, "quick", tmp_path / "b", x, labels, max_epochs=15)
    longer = depth.train_model(3, "quick", tmp_path / "b", x, labels, max_epochs=40)
    np.testing.assert_array_equal(longer["loss"], straight["loss"])


def test_checkpoint_of_other_settings_is_refused(tmp_path, data):
    x, labels, _ = data
    depth.train_model(1, "quick", tmp_path, x, labels, max_epochs=2)
    book_path = depth.checkpoint_path(tmp_path, "book", 1)
    book_path.parent.mkdir(parents=True)
    depth.checkpoint_path(tmp_path, "quick", 1).rename(book_path)
    with pytest.raises(ParameterError, match="made with learning rate 0.025.*--mode book needs "
                       "learning rate 0.0025.*Delete it, or run with --restart") as error:
        depth.train_model(1, "book", tmp_path, x, labels, max_epochs=2)
    assert "resume=False" not in str(error.value)


def _garbage(kind: str, good: Path, path: Path) -> None:
    """Write a file that is not a usable checkpoint/result at ``path`` (``good`` is a real one)."""
    import pickle

    blob = good.read_bytes()
    if kind == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "pickle":  # np.load would advise allow_pickle=True
        path.write_bytes(pickle.dumps({"W0": [1, 2, 3]}))
    elif kind == "bytes":
        path.write_bytes(bytes(range(256)) * 10)
    elif kind == "npy":
        np.save(path.with_suffix(".tmp.npy"), np.zeros(3))
        path.with_suffix(".tmp.npy").rename(path)
    elif kind == "object-array":
        with open(path, "wb") as handle:
            np.savez(handle, W0=np.array([{"a": 1}], dtype=object))
    elif kind == "other-npz":
        with open(path, "wb") as handle:
            np.savez(handle, a=np.zeros(3))


GARBAGE = ["truncated", "empty", "pickle", "bytes", "npy", "object-array", "other-npz"]


@pytest.mark.parametrize("kind", GARBAGE)
def test_a_checkpoint_that_is_not_ours_is_refused_before_any_training(tmp_path, data, kind,
                                                                      monkeypatch):
    x, labels, _ = data
    depth.train_model(2, "quick", tmp_path, x, labels, max_epochs=2)
    path = depth.checkpoint_path(tmp_path, "quick", 2)
    _garbage(kind, path, path)
    monkeypatch.setattr(depth, "make_data", lambda: pytest.fail("training started"))
    with pytest.raises(ParameterError) as error:
        depth.run("quick", tmp_path, max_epochs=5)
    message = str(error.value)
    assert f"the checkpoint {path} cannot be used: it " in message
    assert "Delete that file to train the 2-layer model from the start" in message
    assert "--restart" in message and "pickle" not in message and "resume=" not in message


@pytest.mark.parametrize("change, reason", [
    (lambda s: s.update(W1=s["W1"][:, :5]),
     "its W1 has shape (101, 5), the 2-layer model needs (101, 100)"),
    (lambda s: s["W0"].__setitem__((0, 0), np.nan), "its W0 contains NaN or infinity"),
    (lambda s: s.update(errors=s["errors"][:1]), "its curves do not have one value for each"),
    (lambda s: s.pop("epoch"), "it is not a checkpoint of the depth experiment (it has no epoch)"),
])
def test_a_checkpoint_with_wrong_contents_is_refused(tmp_path, data, change, reason):
    x, labels, _ = data
    depth.train_model(2, "quick", tmp_path, x, labels, max_epochs=3)
    path = depth.checkpoint_path(tmp_path, "quick", 2)
    with np.load(path) as saved:
        state = {key: saved[key] for key in saved.files}
    change(state)
    with open(path, "wb") as handle:
        np.savez(handle, **state)
    with pytest.raises(ParameterError, match=f"{path} cannot be used: {reason}".replace("(", r"\(")
                       .replace(")", r"\)")):
        depth.load_checkpoint(path, depth.MODES["quick"], 2)


def test_restart_replaces_a_damaged_checkpoint(tmp_path):
    folder = tmp_path / "depth_quick"
    folder.mkdir()
    (folder / "checkpoint_3layer.npz").write_bytes(b"PK\x03\x04 not really")
    (folder / "checkpoint_3layer.abcd.tmp").write_bytes(b"half a checkpoint")
    path = depth.run("quick", tmp_path, resume=False, max_epochs=3)
    assert depth.load_result(path).epochs[3].tolist() == [0, 1, 2, 3]
    assert sorted(p.name for p in folder.iterdir()) == [
        f"checkpoint_{k}layer.npz" for k in depth.DEPTHS]


@pytest.mark.parametrize("kind", GARBAGE)
def test_a_result_file_that_is_not_ours_gets_a_clear_error(tmp_path, kind, monkeypatch):
    path = tmp_path / "depth_quick.npz"
    _garbage(kind, depth.REPO_BOOK_RESULT, path)
    with pytest.raises(ParameterError) as error:
        depth.load_result(path)
    message = str(error.value)
    assert message.startswith(f"{path} cannot be read as a depth-experiment result: it ")
    assert (f"Delete it and create it again with `python render.py train depth --mode quick "
            f"--out {tmp_path}`") in message
    assert "pickle" not in message
    # the repository's copy is restored from git rather than retrained for 52 minutes
    monkeypatch.setattr(depth, "REPO_BOOK_RESULT", path.resolve())
    with pytest.raises(ParameterError, match="git checkout -- data/depth_book.npz"):
        depth.load_result(path)


def test_a_result_with_bad_metadata_gets_a_clear_error(tmp_path):
    path = tmp_path / "depth_book.npz"
    curves = depth.load_result(depth.REPO_BOOK_RESULT)
    arrays = {f"{name}_1": values for name, values in
              (("epochs", curves.epochs[1]), ("errors", np.zeros(3)), ("loss", curves.loss[1]))}
    for meta in ("not json", '{"num_train": 4000}', json.dumps(curves.meta)):
        with open(path, "wb") as handle:
            np.savez(handle, meta=np.array(meta), **arrays)
        with pytest.raises(ParameterError, match="cannot be read as a depth-experiment result"):
            depth.load_result(path)


def test_an_unwritable_or_busy_out_folder_is_refused_before_any_training(tmp_path, monkeypatch):
    import fcntl

    monkeypatch.setattr(depth, "make_data", lambda: pytest.fail("training started"))
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ParameterError, match="--out .*a-file is a file, not a folder"):
        depth.run("quick", tmp_path / "a-file")
    with pytest.raises(ParameterError, match="cannot write to .*a-file/out.*Choose another --out"):
        depth.run("quick", tmp_path / "a-file" / "out")
    # another run holds the checkpoint folder
    folder = tmp_path / "busy" / "depth_quick"
    folder.mkdir(parents=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(ParameterError, match="another `train depth --mode quick` is running"):
            depth.run("quick", tmp_path / "busy")
    finally:
        os.close(fd)
    # too little space for the checkpoints
    usage = shutil.disk_usage
    monkeypatch.setattr(depth.shutil, "disk_usage", lambda p: usage(p)._replace(free=10**6))
    with pytest.raises(ParameterError, match=r"has 1.0 MiB free; --mode book needs about 56.\d"):
        depth.run("book", tmp_path / "small")
    assert not list((tmp_path / "small" / "depth_book").iterdir())
    with pytest.raises(ParameterError, match="--max-epochs must be at most 120,000 in --mode qu"):
        depth.run("quick", tmp_path, max_epochs=120_001)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_out_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    with pytest.raises(ParameterError, match="Permission denied.*Choose another --out"):
        depth.run("quick", folder)


def test_a_signal_before_the_workers_start_stops_at_once(tmp_path, monkeypatch):
    """Ctrl-C while the data are generated: nothing runs, nothing is written, a true message."""
    import signal

    def interrupted_data():
        os.kill(os.getpid(), signal.SIGINT)
        pytest.fail("the signal did not stop run()")

    monkeypatch.setattr(depth, "make_data", interrupted_data)
    with pytest.raises(depth.TrainingStopped) as stopped:
        depth.run("quick", tmp_path, max_epochs=5)
    assert stopped.value.exit_code == 130 and not stopped.value.at_once
    assert str(stopped.value).startswith("Stopped by Ctrl-C (SIGINT). In ")
    assert "1 layer: not started, no checkpoint; 2 layers: not started" in str(stopped.value)
    assert not list((tmp_path / "depth_quick").iterdir())
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored


def test_run_writes_a_result_with_settings_and_progress(tmp_path):
    calls = []
    path = depth.run("quick", tmp_path, progress=lambda *a: calls.append(a), max_epochs=20)
    assert path == tmp_path / "depth_quick.npz" and path.exists()
    curves = depth.load_result(path)
    assert sorted(curves.epochs) == [1, 2, 3, 4]
    for k in depth.DEPTHS:
        np.testing.assert_array_equal(curves.epochs[k], np.arange(21))
        assert curves.error_percent[k].shape == (21,) and (curves.error_percent[k] > 50).all()
    np.testing.assert_array_equal(curves.scaled_epochs(1), 10 * np.arange(21))
    meta = curves.meta
    assert meta["lr"] == 0.025 and meta["mode"] == "quick" and "rescaled" in meta["label"]
    assert meta["parameters"] == {"1": 15208, "2": 15210, "3": 15235, "4": 15319}
    assert {"numpy", "mnist1d", "python"} <= set(meta["versions"])
    done, total, message = calls[-1]
    assert done == total == 80 and "4 layers" in message
    with pytest.raises(ParameterError, match="mode must be one of"):
        depth.run("fast", tmp_path)


def test_downsampling_keeps_the_start_and_the_end():
    keep = depth.downsample(5000)
    assert keep[: depth.RESULT_FULL].tolist() == list(range(depth.RESULT_FULL))
    assert keep[-1] == 4999 and np.all(np.diff(keep[depth.RESULT_FULL:-1]) == depth.RESULT_STRIDE)


@pytest.mark.skipif(not depth.REPO_BOOK_RESULT.exists(), reason="no stored book-mode result")
def test_stored_book_curves_match_a_fresh_run(data):
    """The committed curves were written by `render.py train depth --mode book`, not typed in."""
    curves = depth.load_result(depth.REPO_BOOK_RESULT)
    meta = curves.meta
    assert meta["lr"] == depth.BOOK_LR and meta["mode"] == "book"
    x, labels, _ = data
    for k in depth.DEPTHS:
        trainer = depth.new_trainer(k, depth.MODES["book"], x, labels)
        with depth.one_blas_thread():  # as the stored run, for the same float32 sums
            runs = [trainer.step() for _ in range(RERUN_EPOCHS)]
        stored = slice(0, RERUN_EPOCHS)
        np.testing.assert_array_equal(curves.epochs[k][stored], np.arange(RERUN_EPOCHS))
        np.testing.assert_allclose([r[0] for r in runs], curves.loss[k][stored], rtol=1e-5)
        errors = np.array([r[1] for r in runs])
        stored_errors = np.round(curves.error_percent[k][stored] * 40).astype(int)
        assert np.abs(errors - stored_errors).max() <= 2
        # every depth reaches 0 % error, deeper ones in fewer epochs
        assert curves.error_percent[k][-1] == 0
    to_zero = [meta["epochs_to_zero"][str(k)] for k in depth.DEPTHS]
    assert to_zero == sorted(to_zero, reverse=True)
    assert json.loads(json.dumps(meta))  # plain JSON metadata



def test_figure_and_scene_draw_a_quick_run_from_the_folder_given(tmp_path):
    from click.testing import CliRunner

    from nnlecture import catalog
    import render

    depth.run("quick", tmp_path / "runs", max_epochs=20)
    toml = tmp_path / "p.toml"
    toml.write_text(f'mode = "quick"\nout_dir = "{tmp_path / "runs"}"\n')
    entry = catalog.lookup("depth_training")
    fig = entry.load()(entry.resolve_params({"mode": "quick", "out_dir": str(tmp_path / "runs")}))
    assert "quick mode: a rescaled approximation" in fig.axes[0].get_title()
    assert fig.axes[0].lines[0].get_xdata()[-1] == 200  # 20 epochs, rescaled x10
    result = CliRunner().invoke(render.cli, ["depth_training", "--params", str(toml), "--format",
                                             "png", "--out", str(tmp_path / "figs")])
    assert result.exit_code == 0, result.output
    # a folder without that run: a clear error, no file
    toml.write_text(f'mode = "quick"\nout_dir = "{tmp_path}"\n')
    result = CliRunner().invoke(render.cli, ["depth_training", "--params", str(toml), "--out",
                                             str(tmp_path / "none")])
    assert result.exit_code != 0 and "render.py train depth --mode quick" in result.output
    toml.write_text('mode = "fast"\n')
    result = CliRunner().invoke(render.cli, ["depth_race", "--params", str(toml)])
    assert result.exit_code != 0 and "'mode' must be \"book\" or \"quick\"" in result.output


def _cli(*args):
    from click.testing import CliRunner

    import render

    return CliRunner().invoke(render.cli, [str(a) for a in args])


def _one_clear_paragraph(result) -> str:
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "allow_pickle" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_train_depth_explains_bad_folders_files_and_limits(tmp_path, monkeypatch, data):
    monkeypatch.setattr(depth, "make_data", lambda: pytest.fail("training started"))
    (tmp_path / "a-file").write_text("x")
    line = _one_clear_paragraph(_cli("train", "depth", "--out", tmp_path / "a-file" / "out"))
    assert f"cannot write to {tmp_path / 'a-file' / 'out'} (Not a directory)" in line
    assert "Choose another --out folder" in line
    line = _one_clear_paragraph(_cli("train", "depth", "--max-epochs", 10**12, "--out", tmp_path))
    assert "--max-epochs must be at most 120,000 in --mode quick" in line
    if Path("/proc/self").is_dir():  # a folder nobody can create, not even root
        line = _one_clear_paragraph(_cli("train", "depth", "--out", "/proc/nnlecture-out"))
        assert "cannot write to /proc/nnlecture-out" in line
    # a truncated checkpoint
    x, labels, _ = data
    depth.train_model(1, "quick", tmp_path, x, labels, max_epochs=3)
    path = depth.checkpoint_path(tmp_path, "quick", 1)
    path.write_bytes(path.read_bytes()[:-100])
    line = _one_clear_paragraph(_cli("train", "depth", "--out", tmp_path))
    assert f"the checkpoint {path} cannot be used: it is truncated or damaged" in line
    assert "Delete that file" in line and "run with --restart" in line


def test_a_garbage_result_gets_one_paragraph_from_the_figure_and_scene(tmp_path):
    (tmp_path / "depth_book.npz").write_bytes(b"\x80\x04garbage")  # looks like a pickle
    toml = tmp_path / "p.toml"
    toml.write_text(f'mode = "book"\nout_dir = "{tmp_path}"\n')
    for name in ("depth_training", "depth_race"):
        result = _cli(name, "--params", toml, "--format", "png", "--out", tmp_path / "o")
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and "allow_pickle" not in result.output
        assert (f"{tmp_path / 'depth_book.npz'} cannot be read as a depth-experiment result: it is "
                f"not a NumPy .npz archive") in result.output
        assert f"--mode book --out {tmp_path}`" in result.output


def test_first_epoch_at_most_n_misclassified_on_a_known_curve(tmp_path):
    """A made-up run whose errors step down at known epochs, through write_result/load_result."""
    steps = {4000: 0, 12: 500, 3: 1350, 1: 1401, 0: 2999}  # count -> first epoch at that count
    errors = np.zeros(3000, dtype=np.uint16)
    for count, first in sorted(steps.items(), key=lambda item: item[1]):
        errors[first:] = count
    results = {d: {"errors": errors, "loss": np.ones(3000, np.float32), "seconds": 1.0,
                   "epochs_to_zero": 2999} for d in depth.DEPTHS}
    for mode, scale in (("book", 1), ("quick", 10)):
        path = tmp_path / f"depth_{mode}.npz"
        depth.write_result(path, depth.MODES[mode], results)
        curves = depth.load_result(path)
        first = {n: curves.first_epoch_at_most(n)[2] for n in (4000, 100, 12, 5, 3, 2, 1, 0)}
        # exact below RESULT_FULL = 1000 epochs and at 0 %; after that the next stored epoch,
        # at most RESULT_STRIDE - 1 epochs late (1350 -> 1400; 1401 -> 1600)
        assert first == {4000: 0, 100: 500 * scale, 12: 500 * scale, 5: 1400 * scale,
                         3: 1400 * scale, 2: 1600 * scale, 1: 1600 * scale, 0: 2999 * scale}
        assert curves.misclassified(2)[-1] == 0 and curves.misclassified(2)[0] == 4000
    errors[:] = 7
    depth.write_result(path, depth.MODES["quick"], {1: dict(results[1], errors=errors)})
    assert depth.load_result(path).first_epoch_at_most(6) == {1: None}


@pytest.mark.skipif(not depth.REPO_BOOK_RESULT.exists(), reason="no stored book-mode result")
def test_first_epoch_at_most_n_on_the_stored_book_run():
    curves = depth.load_result(depth.REPO_BOOK_RESULT)
    zero = curves.first_epoch_at_most(0)
    assert zero == {k: float(curves.meta["epochs_to_zero"][str(k)]) for k in depth.DEPTHS}
    for n in (1, 2, 10, 100):
        for k, epoch in curves.first_epoch_at_most(n).items():
            at = int(np.flatnonzero(curves.epochs[k] == epoch)[0])
            counts = curves.misclassified(k)
            assert counts[at] <= n and (counts[:at] > n).all()
            assert epoch - curves.epochs[k][at - 1] <= depth.RESULT_STRIDE
