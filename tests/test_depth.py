"""MNIST-1D depth experiment (experiments.depth, book Fig. 20.2): sizes, data, checkpoints, runs,
and the stored book-mode curves against a fresh re-run of their first epochs."""

import json
import random

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
    x, labels, true = depth.make_data()
    assert (np.random.random(), random.random()) == (expected_np, expected_py)
    assert x.shape == (4000, 40) and x.dtype == np.float32
    np.testing.assert_array_equal(x, data[0])
    np.testing.assert_array_equal(labels, data[1])
    # a permutation of the true labels: same class counts, mostly different positions
    np.testing.assert_array_equal(np.bincount(labels, minlength=10), np.bincount(true, minlength=10))
    assert np.mean(labels == true) < 0.2


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
    with pytest.raises(ParameterError, match="was made with lr=0.025.*Delete it or run with resume=False"):
        depth.train_model(1, "book", tmp_path, x, labels, max_epochs=2)


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

    import registry
    import render

    depth.run("quick", tmp_path / "runs", max_epochs=20)
    toml = tmp_path / "p.toml"
    toml.write_text(f'mode = "quick"\nout_dir = "{tmp_path / "runs"}"\n')
    entry = registry.lookup("depth_training")
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
