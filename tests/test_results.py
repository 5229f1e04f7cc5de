"""nnlecture.results.kept: a kept result is the computed one, keyed by its parameters and nnmath's
source, and a damaged file is computed again."""

import pickle

import numpy as np

from nnlecture import results
from nnmath.activations import get_activation
from nnmath.approximation import demo_race


def test_a_kept_race_is_the_race_and_its_parameters_are_its_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def race(**params):
        calls.append(params)
        return demo_race(**params)

    first = results.kept("race", race, hidden=4, epochs=300, seed=1)
    again = results.kept("race", race, hidden=4, epochs=300, seed=1)  # read back
    other = results.kept("race", race, hidden=4, epochs=300, seed=2)  # another key
    assert len(calls) == 2 and len(list((tmp_path / "nnlecture" / "results").iterdir())) == 2
    x = np.linspace(0, 1, 201)
    for name, fit in first.fits.items():
        kept = again.fits[name]
        assert np.array_equal(fit.loss, kept.loss)
        assert all(np.array_equal(a(x), b(x)) for a, b in zip(fit.networks, kept.networks))
    assert not np.array_equal(first.fits["joints spread"].loss, other.fits["joints spread"].loss)


def test_a_damaged_file_or_other_nnmath_source_computes_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def square(n):
        calls.append(n)
        return n * n

    assert results.kept("square", square, n=3) == 9
    [path] = (tmp_path / "nnlecture" / "results").iterdir()
    path.write_bytes(b"not a pickle")
    assert results.kept("square", square, n=3) == 9 and len(calls) == 2
    monkeypatch.setattr(results, "nnmath_digest", lambda: "other source")
    assert results.kept("square", square, n=3) == 9 and len(calls) == 3
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_an_activation_pickles_as_its_name_and_parameters():
    for activation in (get_activation("relu"), get_activation("leaky_relu", alpha=0.2),
                       get_activation("sigmoid", steepness=5)):
        back = pickle.loads(pickle.dumps(activation))
        z = np.linspace(-3, 3, 13)
        assert back == activation and np.array_equal(back(z), activation(z))
        assert np.array_equal(back.derivative(z), activation.derivative(z))
