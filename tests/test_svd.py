"""The representation view (nnmath.svd and the 'svd' scene).

The SVD factors against a second route (they multiply back to Theta, are orthogonal with the
promised determinants, and give the slides' singular values), the warps against their
definitions, clipping against brute force, the trained 2-2-1 network against its training points,
the pull-back against the forward pass; the scene builds in both themes with no layout problems
and draws what nnmath computed; bad matrix parameters fail cleanly through the CLI.
Tolerances: 1e-12 for products of 2x2 factors, 1e-9 for orthogonality of random ones, 1e-6 for
drawn coordinates (Manim stores points as float64 after a scene-to-plane transform).
"""

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath
import render
from nnlecture import catalog
from nnmath import svd
from scenes.common import LectureScene
from scenes.runner import render_scene
from scenes.svd import SVDData

THETA = np.array([[0.19, 1.84], [-0.97, -0.93]])
FLIPPED = np.array([[0.19, 1.84], [0.97, 0.93]])  # second row negated: det -1.608


# --- the SVD as rotation, stretch, rotation ----------------------------------------------------------

def test_the_slides_theta_is_two_rotations_around_a_stretch():
    f = svd.rotation_scale_rotation(THETA)
    np.testing.assert_allclose(f.product(), THETA, atol=1e-12)
    np.testing.assert_allclose(f.U @ f.S @ f.Vt, THETA, atol=1e-12)
    assert np.round(f.singular_values, 3).tolist() == [2.162, 0.744]
    assert round(f.det, 3) == 1.608
    assert f.reflection is None and f.num_reflections() == 0
    for m in (f.U, f.Vt):
        assert svd.is_rotation(m)
        assert np.linalg.det(m) == pytest.approx(1.0, abs=1e-12)
    # the rotations are the ones the factors are: R(angle)
    np.testing.assert_allclose(svd.rotation(f.angle("U")), f.U, atol=1e-12)
    np.testing.assert_allclose(svd.rotation(f.angle("Vt")), f.Vt, atol=1e-12)
    # numpy's own SVD agrees on the singular values (a second route)
    np.testing.assert_allclose(f.singular_values, np.linalg.svd(THETA, compute_uv=False), atol=1e-12)


@pytest.mark.parametrize("where", ["Vt", "U"])
def test_a_negative_determinant_gives_exactly_one_reflection(where):
    f = svd.rotation_scale_rotation(FLIPPED, reflect_in=where)
    np.testing.assert_allclose(f.product(), FLIPPED, atol=1e-12)
    assert f.det == pytest.approx(-1.6081, abs=1e-9)
    assert f.num_reflections() == 1 and f.reflection == where
    other = "U" if where == "Vt" else "Vt"
    assert svd.is_reflection(f.factor(where)) and svd.is_rotation(f.factor(other))
    np.testing.assert_allclose(svd.reflection(f.angle(where)), f.factor(where), atol=1e-12)
    assert np.round(f.singular_values, 3).tolist() == [2.162, 0.744]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False, allow_subnormal=False), min_size=4, max_size=4))
def test_random_matrices_factor_with_the_promised_signs(entries):
    theta = np.array(entries).reshape(2, 2)
    f = svd.rotation_scale_rotation(theta)
    np.testing.assert_allclose(f.product(), theta, atol=1e-9)
    for m in (f.U, f.Vt):
        np.testing.assert_allclose(m.T @ m, np.eye(2), atol=1e-9)
    assert f.singular_values[0] >= f.singular_values[1] >= 0
    det = np.linalg.det(theta)
    if det < -1e-9:
        assert f.num_reflections() == 1
    elif det > 1e-9 or f.singular_values[1] < 1e-12 * max(f.singular_values[0], 1e-300):
        assert f.num_reflections() == 0


def test_rotation_and_mirror_angles_round_trip():
    for a in np.linspace(-3.1, 3.1, 13):
        assert svd.rotation_angle(svd.rotation(a)) == pytest.approx(a, abs=1e-12)
    for a in np.linspace(-1.5, 1.5, 7):
        m = svd.reflection(a)
        assert svd.is_reflection(m) and svd.mirror_angle(m) == pytest.approx(a, abs=1e-12)
        np.testing.assert_allclose(m @ [np.cos(a), np.sin(a)], [np.cos(a), np.sin(a)], atol=1e-12)


def test_bad_matrices_are_refused_with_the_shape():
    with pytest.raises(nnmath.ParameterError, match=r"theta must be a 2x2 matrix.*got shape \(3,\)"):
        svd.rotation_scale_rotation([1, 2, 3])
    with pytest.raises(nnmath.ParameterError, match="reflect_in must be 'U' or 'Vt'"):
        svd.rotation_scale_rotation(THETA, reflect_in="S")


# --- warps ---------------------------------------------------------------------------------------

def test_relu_warp_has_its_corners_at_the_samples():
    """grid_lines adds the points where Theta x crosses an axis, so ReLU[S Theta x] is linear
    between consecutive samples: the midpoint maps to the midpoint of the images."""
    for line in svd.grid_lines(-1, 1, 9, samples=5, kinks_of=THETA):
        image = svd.scaled_activation(svd.linear_map(line, THETA), "relu", 2.0)
        middle = svd.scaled_activation(svd.linear_map(0.5 * (line[1:] + line[:-1]), THETA), "relu", 2.0)
        np.testing.assert_allclose(middle, 0.5 * (image[1:] + image[:-1]), atol=1e-12)


def test_scale_only_resizes_relu_and_saturates_tanh():
    x = svd.linear_map(np.concatenate(svd.grid_lines(-1, 1, 5)), THETA)
    np.testing.assert_allclose(svd.scaled_activation(x, "relu", 2.0),
                               2.0 * svd.scaled_activation(x, "relu", 1.0), atol=1e-12)
    small, large = (svd.scaled_activation(x, "tanh", s) for s in (0.05, 4.0))
    np.testing.assert_allclose(small, 0.05 * x, rtol=4e-3)  # tanh[Sx] = Sx (1 - (Sx)^2/3 + ...)
    assert np.abs(large).max() < 1 and np.mean(np.abs(large) > 0.9) > 0.5


def test_clip_segment_agrees_with_sampling():
    rng = np.random.default_rng(3)
    box = svd.box_halfplanes([-1, -0.5], [2, 1.5])
    extra = svd.preimage_halfplanes(THETA, [0.3, -0.2], [-1, -1], [1, 1])
    normals, offsets = np.concatenate([box[0], extra[0]]), np.concatenate([box[1], extra[1]])
    t = np.linspace(0, 1, 2001)
    for _ in range(40):
        a, b = rng.uniform(-3, 3, (2, 2))
        inside = svd.inside(a + t[:, None] * (b - a), normals, offsets)
        span = svd.clip_segment(a, b, normals, offsets)
        if span is None:
            assert not inside.any()
        else:
            assert inside[(t > span[0] + 1e-3) & (t < span[1] - 1e-3)].all()
            assert not inside[(t < span[0] - 1e-3) | (t > span[1] + 1e-3)].any()


# --- the 2-2-1 network untangles two bands ------------------------------------------------------

@pytest.fixture(scope="module")
def untangled():
    return svd.untangle(seed=0)


def test_no_straight_line_separates_the_bands_in_the_input():
    """A class-1 point lies inside a triangle of class-0 points, so no line separates them."""
    x, labels = svd.bent_bands(60, seed=0)
    zero, one = x[labels == 0], x[labels == 1]
    corners = zero[[np.argmin(zero[:, 0]), np.argmax(zero[:, 0]), np.argmin(zero[:, 1])]]
    a, b, c = corners
    # barycentric coordinates of every class-1 point in the triangle a, b, c
    lam = np.linalg.solve(np.column_stack([b - a, c - a]), (one - a).T).T
    assert np.any((lam > 0).all(axis=1) & (lam.sum(axis=1) < 1))


def test_the_trained_network_classifies_every_training_point(untangled):
    u = untangled
    assert u.model.sizes == (2, 2, 1) and u.model.activations[0].name == "tanh"
    assert u.accuracy == 1.0
    assert u.x.shape == (120, 2) and set(u.labels.tolist()) == {0, 1}
    # the line beta_1 + omega_1 . h = 0 of the hidden space separates the classes
    side = u.h @ u.omega1 + u.beta1
    assert np.all((side > 0) == (u.labels == 1))
    # and z, h are the network's own pre-activations and activations
    z, h = u.hidden(u.x)
    np.testing.assert_allclose(z, u.z, atol=1e-12)
    np.testing.assert_allclose(np.tanh(z), u.h, atol=1e-12)
    # same seed, same network
    again = svd.untangle(seed=0)
    np.testing.assert_allclose(again.model.omegas[0], u.model.omegas[0], atol=0)


def test_the_pulled_back_line_is_where_the_network_output_is_zero(untangled):
    u = untangled
    lo, hi = np.full(2, -0.999), np.full(2, 0.999)
    h, z, x = u.boundary(lo, hi, samples=200)
    z_again, h_again = u.hidden(x)
    np.testing.assert_allclose(z_again, z, atol=1e-8)
    np.testing.assert_allclose(h_again, h, atol=1e-10)
    np.testing.assert_allclose(u.model(x)[:, 0], 0.0, atol=1e-9)
    steps = np.linalg.norm(np.diff(z, axis=0), axis=1)  # equally spaced along the curve in z
    np.testing.assert_allclose(steps, steps.mean(), rtol=0.05)
    ends = u.separating_line(lo, hi)
    np.testing.assert_allclose(h[[0, -1]], ends, atol=1e-9)


def test_inputs_of_undoes_the_linear_step(untangled):
    u = untangled
    # the training points' pre-activations lead back to the training points (forward pass)
    np.testing.assert_allclose(u.inputs_of(u.z), u.x, atol=1e-12)
    # a line of constant z_1 is a straight line in x, and its points have that z_1
    z = np.column_stack([np.full(5, 0.7), np.linspace(-3, 3, 5)])
    x = u.inputs_of(z)
    np.testing.assert_allclose(u.hidden(x)[0], z, atol=1e-12)
    d = np.diff(x, axis=0)
    np.testing.assert_allclose(d[:, 0] * d[0, 1] - d[:, 1] * d[0, 0], 0.0, atol=1e-12)
    with pytest.raises(nnmath.ParameterError, match=r"z must have shape \(N, 2\)"):
        u.inputs_of([1.0, 2.0, 3.0])


def test_bent_bands_checks_its_input():
    with pytest.raises(nnmath.ParameterError, match="seed must be an int"):
        svd.bent_bands(10, seed=None)
    with pytest.raises(nnmath.ParameterError, match="n_per_class must be an integer >= 2"):
        svd.bent_bands(1)


# --- the scene ---------------------------------------------------------------------------------

def test_scene_data_shows_the_reflection_for_a_negative_determinant():
    entry = catalog.lookup("svd")
    data = SVDData.from_params(entry.resolve_params({"theta": FLIPPED.tolist()}))
    assert data.factors.reflection == "Vt" and data.factors.num_reflections() == 1
    default = SVDData.from_params(entry.default_params())
    assert default.factors.reflection is None
    np.testing.assert_allclose(default.after["U"], default.after["theta"], atol=1e-12)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_scene_builds_and_draws_what_nnmath_computed(theme, tmp_path, monkeypatch):
    monkeypatch.setattr(LectureScene, "check_layout", True)
    entry = catalog.lookup("svd")
    params = entry.default_params() if theme == "light" else entry.resolve_params({"theta": FLIPPED.tolist()})
    path, scene = render_scene(entry.load(), "svd", params, theme=theme, quality="low", fmt="png",
                               out_dir=tmp_path, progress=False)
    assert path.is_file() and path.stat().st_size > 5_000
    assert scene.layout_problems == []
    d = scene.data
    # after V^T, S and U (Rotate / ApplyMatrix on the drawn grid) the grid is where Theta sends it
    for line, drawn in zip(d.grid, scene.grid):
        corners = np.array([scene.plane.p2c(p) for p in drawn.get_anchors()])
        expected = svd.linear_map(line, params["theta"])
        np.testing.assert_allclose(corners, np.repeat(expected, 2, axis=0)[1:-1], atol=1e-6)
    # the hidden-space dots are the network's activations; the drawn boundary is the pull-back
    v = d.network
    h_dots = scene.stage_pictures[2][1]
    centres = np.array([scene.panels[2].p2c(dot.get_center()) for dot in h_dots])
    np.testing.assert_allclose(centres, v.net.h, atol=1e-6)
    h, z, x = v.boundary
    for piece, run in zip(scene.boundary_curve, v.boundary_runs):
        drawn = np.array([scene.panels[0].p2c(p) for p in piece.get_anchors()])
        np.testing.assert_allclose(drawn, np.repeat(x[run], 2, axis=0)[1:-1], atol=1e-6)
    assert np.abs(v.net.model(x)[:, 0]).max() < 1e-9


# --- the command line ----------------------------------------------------------------------------

BAD_MATRICES = {
    "wrong shape": ("theta = [[1, 2, 3], [4, 5, 6]]\n", "'theta' must have shape (2, 2)"),
    "vector": ("theta = [1, 2, 3, 4]\n", "got shape (4,)"),
    "ragged": ("theta = [[1, 2], [3]]\n", "'theta' must be a 2x2 matrix"),
    "not a list": ("theta = 3\n", "got 3."),
    "text": ("theta = [['a', 1], [2, 3]]\n", "theta[0][0] must be a number; got 'a' (text)"),
    "nan": ("theta = [[nan, 1], [2, 3]]\n", "theta[0][0] must be a number; got nan"),
    "misspelt": ("thetta = [[1, 2], [3, 4]]\n", "did you mean 'theta' for 'thetta'"),
    "zero": ("theta = [[0, 0], [0, 0]]\n", "maps the whole plane to the origin"),
    "too large": ("theta = [[10, 0], [0, 1]]\n", "stretches the plane by 10"),
}


@pytest.mark.parametrize("case", sorted(BAD_MATRICES))
def test_bad_matrix_parameters_fail_cleanly(case, tmp_path):
    text, message = BAD_MATRICES[case]
    params = tmp_path / "bad.toml"
    params.write_text(text)
    result = CliRunner().invoke(render.cli, ["svd", "--quality", "low", "--format", "png",
                                             "--params", str(params), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_params_prints_theta_and_reads_it_back(tmp_path):
    result = CliRunner().invoke(render.cli, ["params", "svd"])
    assert result.exit_code == 0 and "theta = [[0.19, 1.84], [-0.97, -0.93]]" in result.output
    import tomllib
    params = catalog.lookup("svd").resolve_params(tomllib.loads(result.output))
    np.testing.assert_array_equal(params["theta"], THETA)
