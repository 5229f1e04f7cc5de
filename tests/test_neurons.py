"""The neurons group: activation functions, one neuron, XOR (issue 15).

The math against a second route: derivatives against finite differences, the saturation bounds
against the derivative itself, the morph's last curve against tanh, the perceptron's final line
against the data, logistic regression's gradient against finite differences, the XOR proof
against a brute-force search of lines and Cover's count against enumeration, the ReLU network's
regions against its activation patterns on a grid. Then what each scene and figure drew against
nnmath, and one bad input per new parameter slot.
"""

import tomllib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath
from nnlecture import catalog
from nnmath import activations as A
from nnmath import neuron as nn
from nnmath import xor as nx
from tests.figure_builds import built

finite = st.floats(-8, 8, allow_nan=False, allow_subnormal=False)


# --- activations ---------------------------------------------------------------------------------
def finite_difference(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=1, max_size=20))
def test_closed_form_derivatives_equal_finite_differences(values):
    z = np.array(values)
    z = z[np.abs(z) > 1e-3]  # away from the kinks at 0
    for panel in nnmath.activation_zoo():
        for act in (*panel.members, nnmath.get_activation("sigmoid"), nnmath.get_activation("tanh")):
            np.testing.assert_allclose(act.derivative(z), finite_difference(act, z), atol=1e-6,
                                       err_msg=act.name)


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-4, 0.2))
def test_saturation_bounds_are_where_the_derivative_crosses_the_threshold(t):
    z_sig, z_tanh = nnmath.sigmoid_saturation(t), nnmath.tanh_saturation(t)
    np.testing.assert_allclose(A.sigmoid_derivative(np.array([-z_sig, z_sig])), t, rtol=1e-9)
    np.testing.assert_allclose(A.tanh_derivative(np.array([-z_tanh, z_tanh])), t, rtol=1e-9)
    assert A.sigmoid_derivative(np.array([z_sig * 1.01]))[0] < t < A.sigmoid_derivative(np.array([z_sig * 0.99]))[0]


def test_saturation_values_stated_on_the_slides():
    assert nnmath.sigmoid_saturation(0.01) == pytest.approx(4.5849, abs=1e-4)
    assert A.sigmoid_derivative(np.array([5.0]))[0] == pytest.approx(0.0066, abs=5e-5)
    assert nnmath.tanh_saturation(0.01) == pytest.approx(2.9932, abs=1e-4)
    with pytest.raises(nnmath.ParameterError, match="between 0 and 0.25"):
        nnmath.sigmoid_saturation(0.3)


def test_the_morph_passes_through_each_move_and_ends_on_tanh():
    z = np.linspace(-6, 6, 401)
    sig = A.sigmoid
    np.testing.assert_allclose(nnmath.sigmoid_to_tanh(z, 0), sig(z), atol=1e-15)
    np.testing.assert_allclose(nnmath.sigmoid_to_tanh(z, 1), sig(2 * z), atol=1e-15)
    np.testing.assert_allclose(nnmath.sigmoid_to_tanh(z, 2), 2 * sig(2 * z), atol=1e-15)
    np.testing.assert_allclose(nnmath.sigmoid_to_tanh(z, 3), np.tanh(z), atol=1e-15)
    # in between, a curve that is neither end
    assert np.abs(nnmath.sigmoid_to_tanh(z, 1.5) - np.tanh(z)).max() > 0.3


def test_the_zoo_has_the_books_parameters_and_its_kinks():
    zoo = nnmath.activation_zoo()
    members = [(m.name, dict(m.params)) for p in zoo for m in p.members]
    assert members == [("relu", {}), ("leaky_relu", {"alpha": 0.1}), ("prelu", {"alpha": 0.25}),
                       ("softplus", {}), ("gelu", {}), ("silu", {}), ("elu", {"alpha": 0.5}),
                       ("elu", {"alpha": 1.0}), ("selu", {}), ("swish", {"beta": 0.4}),
                       ("swish", {"beta": 1.0}), ("swish", {"beta": 1.4})]
    kinked = [m.name + str(dict(m.params)) for p in zoo for m in p.members if nnmath.has_kink(m)]
    assert kinked == ["relu{}", "leaky_relu{'alpha': 0.1}", "prelu{'alpha': 0.25}",
                      "elu{'alpha': 0.5}", "selu{}"]
    assert not nnmath.has_kink(nnmath.get_activation("sigmoid"))  # a sigmoid has no joints


# --- one neuron ----------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 12))
def test_the_perceptron_ends_on_a_line_that_separates_the_data(seed, points):
    data = nn.two_class_data(points, seed)
    assert not nn.misclassified(data.true_w, data.true_b, data.x, data.y).any()
    run = nn.perceptron(data.x, data.y, (-0.5, 0.5), 0.3, rate=0.5)
    assert run.converged and run.mistakes[-1] == 0
    assert not nn.misclassified(run.w[-1], run.b[-1], data.x, data.y).any()
    for k in range(1, run.updates + 1):  # each update is the rule at a misclassified point
        n = run.point[k]
        assert nn.misclassified(run.w[k - 1], run.b[k - 1], data.x[n:n + 1], data.y[n:n + 1])[0]
        np.testing.assert_allclose(run.w[k], run.w[k - 1] + 0.5 * data.y[n] * data.x[n])


@settings(max_examples=40, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-2, 2), st.integers(0, 100))
def test_logistic_gradient_equals_finite_differences(w1, w2, b, seed):
    data = nn.two_class_data(5, seed)
    gw, gb = nn.logistic_gradient((w1, w2), b, data.x, data.y01)
    h = 1e-6
    loss = lambda w, bb: nn.logistic_loss(w, bb, data.x, data.y01)  # noqa: E731
    numeric = [(loss((w1 + h, w2), b) - loss((w1 - h, w2), b)) / (2 * h),
               (loss((w1, w2 + h), b) - loss((w1, w2 - h), b)) / (2 * h)]
    np.testing.assert_allclose(gw, numeric, atol=1e-7)
    assert gb == pytest.approx((loss((w1, w2), b + h) - loss((w1, w2), b - h)) / (2 * h), abs=1e-7)


def test_logistic_loss_is_cross_entropy_and_descent_lowers_it():
    data = nn.two_class_data(8, 3)
    p = nn.logistic_output((0.4, -0.2), 0.1, data.x)
    y = data.y01
    direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert nn.logistic_loss((0.4, -0.2), 0.1, data.x, y) == pytest.approx(direct, rel=1e-12)
    fit = nn.fit_logistic(data.x, y, steps=100)
    assert fit.loss[0] == pytest.approx(np.log(2)) and np.all(np.diff(fit.loss) < 0)
    ends = nn.probability_line(fit.w, fit.b, 0.9)
    np.testing.assert_allclose(nn.logistic_output(fit.w, fit.b, ends), 0.9)


# --- XOR -----------------------------------------------------------------------------------------
def test_no_line_separates_xor_by_the_certificate_and_by_search():
    lam = nx.separation_certificate()
    s = np.where(nx.XOR_TARGETS > 0, 1.0, -1.0)
    np.testing.assert_allclose(lam, [1, 1, 1, 1])
    np.testing.assert_allclose((lam * s) @ np.column_stack([nx.XOR_INPUTS, np.ones(4)]), 0, atol=1e-12)
    rng = np.random.default_rng(0)  # second route: many random lines, each wrong somewhere
    for w1, w2, b in rng.normal(size=(3000, 3)) * [2, 2, 2]:
        assert nx.line_mistakes((w1, w2), b) >= 1
    assert nx.separation_certificate(nx.XOR_INPUTS, [0, 1, 1, 1]) is None  # OR is separable


def test_lines_make_14_of_the_16_labellings_of_the_corners():
    found = nx.line_labellings()
    assert len(found) == nx.cover_count(4) == 14
    assert (0, 1, 1, 0) not in found and (1, 0, 0, 1) not in found


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=4, max_size=4, unique=True))
def test_cover_count_equals_enumeration_for_points_in_general_position(points):
    x = np.array(points)
    triples = [np.linalg.det(np.column_stack([x[list(t)], np.ones(3)])) for t in
               ((0, 1, 2), (0, 1, 3), (0, 2, 3), (1, 2, 3))]
    if min(abs(d) for d in triples) < 1e-2:
        return  # three points (nearly) on a line: not general position
    hull_has_all = len(nx.line_labellings(x))
    assert hull_has_all in (14, 16 - 2)  # 4 points in general position: always 14
    assert hull_has_all == nx.cover_count(4)


def test_the_step_network_is_or_nand_then_and():
    net = nx.or_nand_and()
    table = net.truth_table()
    np.testing.assert_array_equal(table[:, 4], nx.XOR_TARGETS)
    assert [nx.gate_name(table[:, k]) for k in (2, 3, 4)] == ["OR", "NAND", "XOR"]


def test_the_relu_network_computes_xor_with_three_regions():
    net = nnmath.PRESETS["xor_relu"].factory()
    np.testing.assert_allclose(net(nx.XOR_INPUTS), nx.XOR_TARGETS)
    regions = nnmath.regions_2d(net, (-0.5, 1.5), (-0.5, 1.5))
    g = np.linspace(-0.5, 1.5, 201)
    grid = np.array([[a, b] for a in g for b in g])
    patterns = {tuple(p) for p in (net.forward(grid).preactivation > 0)}
    assert len(regions) == len(patterns) == 3 and regions.flat.sum() == 1


# --- the scenes ----------------------------------------------------------------------------------
def scene(name, tmp_path_factory):
    from tests.test_scenes import render_once

    return render_once(name, tmp_path_factory)


@pytest.fixture(scope="module")
def activations(tmp_path_factory):
    return scene("activations", tmp_path_factory)


@pytest.fixture(scope="module")
def neuron(tmp_path_factory):
    return scene("neuron", tmp_path_factory)


@pytest.fixture(scope="module")
def xor(tmp_path_factory):
    return scene("xor", tmp_path_factory)


def data_points(ax, mobject):
    return np.array([ax.p2c(p) for p in mobject.get_anchors()])


def test_activations_scene_morphs_the_sigmoid_onto_tanh(activations):
    s = activations
    assert [r.name for r in s.steps] == ["functions", "derivatives", "saturation", "relu_gradient",
                                         "morph", "coincide", "zoo", "zoo_2"]
    ends = [np.array([s.big.p2c(p) for p in anchors]) for anchors in s.drawn_morph]
    assert len(ends) == 4  # the sigmoid and the end of each move
    for t, curve in enumerate(ends):
        np.testing.assert_allclose(curve[:, 1], nnmath.sigmoid_to_tanh(curve[:, 0], t), atol=1e-6)
    np.testing.assert_allclose(ends[-1][:, 1], np.tanh(ends[-1][:, 0]), atol=1e-6)
    # the top curves are the functions, the bottom ones their derivatives
    sig = data_points(s.top[0], s.top_curves[0])
    np.testing.assert_allclose(sig[:, 1], A.sigmoid(sig[:, 0]), atol=1e-6)
    dsig = data_points(s.bottom[0], s.bottom_curves[0])
    np.testing.assert_allclose(dsig[:, 1], A.sigmoid_derivative(dsig[:, 0]), atol=1e-6)
    notes = " ".join(s.notes)
    assert "4.585" in notes and "0.0066" in notes and "2.993" in notes
    assert len(s.zoo_groups) == 4 and sum(len(g[2]) for g in s.zoo_groups) == 12


def test_neuron_scene_moves_the_line_to_the_perceptrons_last(neuron):
    s, run = neuron, neuron.data.run
    assert s.shown_updates == list(range(1, run.updates + 1)) and run.updates == 5
    line = s.boundary[1][0]
    ends = np.array([s.ax.p2c(line.get_start()), s.ax.p2c(line.get_end())])
    np.testing.assert_allclose(nn.weighted_sum(run.w[-1], run.b[-1], ends), 0, atol=1e-6)
    assert run.converged and list(run.mistakes) == [10, 8, 4, 2, 3, 0]
    rings = [m for m in s.boundary[1] if type(m).__name__ == "Circle"]
    assert rings == []  # nothing misclassified at the end
    notes = " ".join(s.notes)
    assert "5 updates" in notes and "no point is misclassified" in notes
    assert len(s.logistic_lines) == 3


def test_xor_scene_fills_the_table_from_the_network(xor):
    s = xor
    table = nx.or_nand_and().truth_table()
    written = [float(c.tex_string) for c in s.hidden_cells]
    np.testing.assert_array_equal(written, np.concatenate([table[:, 2], table[:, 3]]))
    np.testing.assert_array_equal([float(c.tex_string) for c in s.output_cells], nx.XOR_TARGETS)
    assert s.data.mistakes == (1, 1, 2) and s.data.separable == 14
    assert len(s.relu_labels) == len(s.data.regions) == 3
    assert s.band_cells == 1  # the band between the two lines
    for segment in s.relu_joints:  # each joint lies on x1 + x2 = 0 or 1
        a, b = s.ax.p2c(segment.get_start()), s.ax.p2c(segment.get_end())
        assert np.isclose(a[0] + a[1], b[0] + b[1], atol=1e-6) and round(a[0] + a[1], 6) in (0, 1)


# --- the figures ---------------------------------------------------------------------------------
def test_activation_zoo_figure_draws_nnmaths_curves():
    fig = built("activation_zoo", "light").figure
    assert fig.saturation["sigmoid"] == pytest.approx(4.5849, abs=1e-4)
    top, zoo = fig.axes[:3], fig.axes[3:7]
    sig = top[0].lines[1]  # after the zero line: the function, then its derivative
    np.testing.assert_allclose(sig.get_ydata(), A.sigmoid(sig.get_xdata()), atol=1e-12)
    dsig = top[0].lines[2]
    np.testing.assert_allclose(dsig.get_ydata(), A.sigmoid_derivative(dsig.get_xdata()), atol=1e-12)
    assert sum(len(ax.zoo) for ax in zoo) == 12
    for ax in zoo:
        for line, act in zip(ax.lines[1:], ax.zoo):
            np.testing.assert_allclose(line.get_ydata(), act(line.get_xdata()), atol=1e-12)


def test_neuron_boundary_figure_separates_and_fits():
    fig = built("neuron_boundary", "light").figure
    assert fig.run.converged and fig.run.updates == 5
    assert fig.fit.loss[-1] < 0.05


def test_xor_network_figure_has_the_table_and_the_regions():
    fig = built("xor_network", "light").figure
    np.testing.assert_array_equal(fig.table[:, 4], nx.XOR_TARGETS)
    assert len(fig.regions) == 3 and fig.band_cells == 1


# --- parameters ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["activations", "neuron", "xor"])
def test_example_parameters_read_back(name):
    entry = catalog.lookup(name)
    params = entry.resolve_params(tomllib.loads(entry.example_params()))
    assert set(params) == set(entry.params)


def test_a_bad_number_says_what_is_expected():
    entry = catalog.lookup("activations")
    with pytest.raises(nnmath.ParameterError, match=r"'threshold' must be a number between 0.0001 and 0.2"):
        entry.resolve_params({"threshold": 0.5})
    with pytest.raises(nnmath.ParameterError, match=r"'swish_betas' must be a list of 1 to 3 numbers"):
        entry.resolve_params({"swish_betas": [1, 2, 3, 4]})
    with pytest.raises(nnmath.ParameterError, match=r"'start' must be a list of exactly 3 numbers"):
        catalog.lookup("neuron").resolve_params({"start": [1, 2]})


def test_a_bad_step_network_says_what_is_expected():
    entry = catalog.lookup("xor")
    with pytest.raises(nnmath.ParameterError, match=r"step_net.W1 must have shape \(2, 2\)"):
        entry.resolve_params({"step_net": {"W1": [1, 1], "b1": [0, 0], "w2": [1, 1], "b2": 0}})
    with pytest.raises(nnmath.ParameterError, match="must be a table with W1, b1, w2 and b2"):
        entry.resolve_params({"step_net": {"W": 1}})


def test_other_step_weights_are_drawn_as_what_they_compute(tmp_path):
    from tests.test_scenes import render

    entry = catalog.lookup("xor")
    params = entry.resolve_params({"step_net": {"W1": [[1, 1], [1, 1]], "b1": [-0.5, -1.5],
                                                "w2": [1, -1], "b2": -0.5}})
    table = params["step_net"].truth_table()
    np.testing.assert_array_equal(table[:, 4], nx.XOR_TARGETS)  # OR and AND, then a1 AND NOT a2
    assert [nx.gate_name(table[:, k]) for k in (2, 3)] == ["OR", "AND"]
