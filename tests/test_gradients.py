"""The gradients group: cross-entropy and backpropagation, nnmath against second routes, the
scenes' drawn numbers against nnmath and finite differences, the figures' numbers, bad input."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nnmath
from nnlecture import catalog
from nnmath import diagram as nd
from nnmath import presets
from nnmath.cross_entropy import prediction_kind
from scenes.common import fmt
from tests.figure_builds import built
from tests.test_scenes import render, render_once

FD = 1e-6
finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def central(f, x: np.ndarray, step: float = FD) -> np.ndarray:
    """d f / d x_i by central differences, for every entry of x."""
    out = np.zeros_like(x)
    for i in range(x.size):
        up, down = x.copy(), x.copy()
        up.flat[i] += step
        down.flat[i] -= step
        out.flat[i] = (f(up) - f(down)) / (2 * step)
    return out


# --- nnmath.cross_entropy -------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.lists(finite, min_size=2, max_size=5), st.integers(0, 4))
def test_softmax_cross_entropy_and_its_gradients_match_finite_differences(logits, y):
    z = np.array(logits)
    y = y % len(z)
    loss = nnmath.cross_entropy(z, y)
    p = loss.probabilities
    assert np.all(p > 0) and p.sum() == pytest.approx(1, abs=1e-12)
    # second route: the definition with plain exponentials
    np.testing.assert_allclose(p, np.exp(z) / np.exp(z).sum(), rtol=1e-12)
    assert loss.loss == pytest.approx(-np.log(p[y]), abs=1e-12)
    onehot = np.eye(len(z))[y]
    np.testing.assert_allclose(loss.dlogits, p - onehot, atol=1e-12)
    np.testing.assert_allclose(loss.dlogits, central(lambda v: nnmath.cross_entropy(v, y).loss, z),
                               atol=1e-7)
    assert loss.dlogits.sum() == pytest.approx(0, abs=1e-12)
    # dL/dp_y = -1/p_y: the slope of -log p at p_y
    slope = (nnmath.log_loss(p[y] + FD) - nnmath.log_loss(p[y] - FD)) / (2 * FD)
    assert loss.dp[y] == pytest.approx(float(slope), rel=1e-6)


@settings(max_examples=30, deadline=None)
@given(finite, st.integers(0, 1))
def test_binary_cross_entropy_is_two_class_softmax(f, label):
    binary = nnmath.binary_cross_entropy_of(f, label)
    # second route: softmax over the logits (0, f) gives p(class 1) = sig(f)
    two = nnmath.cross_entropy([0.0, f], label)
    assert binary.probability == pytest.approx(two.probabilities[1], abs=1e-12)
    assert binary.loss == pytest.approx(two.loss, abs=1e-12)
    assert binary.dlogit == pytest.approx(two.dlogits[1], abs=1e-12)
    assert binary.dlogit == pytest.approx(binary.probability - label, abs=1e-12)
    numeric = (nnmath.binary_cross_entropy_of(f + FD, label).loss -
               nnmath.binary_cross_entropy_of(f - FD, label).loss) / (2 * FD)
    assert binary.dlogit == pytest.approx(numeric, abs=1e-7)


def test_the_presets_numbers():
    loss = nnmath.cross_entropy(presets.CROSS_ENTROPY_LOGITS, presets.CROSS_ENTROPY_CLASS)
    assert [fmt(v) for v in loss.probabilities] == ["0.69", "0.25", "0.06"]
    assert fmt(loss.loss) == "1.37" and fmt(loss.dp[1]) == "-3.94"
    assert [fmt(v) for v in loss.dlogits] == ["0.69", "-0.75", "0.06"]
    assert [fmt(v) for v in nnmath.log_loss(presets.CROSS_ENTROPY_PREDICTIONS)] == ["0.11", "0.69", "3"]
    assert [prediction_kind(p) for p in presets.CROSS_ENTROPY_PREDICTIONS] == [
        "sure, right", "unsure", "sure, wrong"]


def test_bad_probabilities_and_classes_are_refused():
    with pytest.raises(nnmath.ParameterError, match=r"\(0, 1\]"):
        nnmath.log_loss([0.5, 0.0])
    with pytest.raises(nnmath.ParameterError, match="labels must be integers in 0..2"):
        nnmath.cross_entropy([1, 2, 3], 3)


# --- nnmath.backprop ------------------------------------------------------------------------
def test_the_backprop_example_has_short_numbers_and_one_unit_off():
    r = nnmath.backprop(presets.backprop_example(), presets.BACKPROP_X, presets.BACKPROP_Y)
    np.testing.assert_allclose(r.f[0], [1.2, -0.7, 0.4], atol=1e-12)
    np.testing.assert_allclose(r.h[1], [1.2, 0, 0.4], atol=1e-12)
    assert r.loss == pytest.approx(0.16) and r.dl_df[1] == pytest.approx([0.8])
    np.testing.assert_allclose(r.dl_dh[1], [0.64, -0.4, 1.2], atol=1e-12)
    np.testing.assert_allclose(r.slopes[0], [1, 0, 1])
    np.testing.assert_allclose(r.dl_df[0], [0.64, 0, 1.2], atol=1e-12)
    np.testing.assert_allclose(r.dl_domega[0], [[1.28, -0.64], [0, 0], [2.4, -1.2]], atol=1e-12)
    np.testing.assert_allclose(r.dl_domega[1], [[0.96, 0, 0.32]], atol=1e-12)


def random_net(seed: int, widths: tuple) -> nnmath.DeepNetwork:
    return presets.random_relu_network(widths, seed, input_dim=2, output_dim=1, bias_std=0.5)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([(3,), (2, 2), (3, 2), (2, 3, 2)]),
       st.tuples(finite, finite), finite)
def test_backprop_equals_finite_differences_and_the_mlps_gradients(seed, widths, x, y):
    net = random_net(seed, widths)
    r = nnmath.backprop(net, x, y)
    assume(all(np.abs(f).min() > 1e-3 for f in r.f[:-1]))  # no unit at its kink
    grads = r.parameter_gradients()
    assert grads.size == net.num_parameters == len(nd.arrows(net))
    np.testing.assert_allclose(grads, nnmath.finite_differences(net, x, y), atol=1e-5, rtol=1e-5)
    # second route: nnmath.train's batch MLP and its least-squares loss
    from nnmath.train import least_squares

    mlp = nnmath.MLP.from_network(net)
    trace = mlp.forward(np.array([x]))
    value = least_squares(trace.output, np.array([[y]]), reduction="sum")
    theirs = mlp.backward(trace, value.doutput)
    assert r.loss == pytest.approx(value.value, rel=1e-12, abs=1e-12)
    for k in range(len(widths) + 1):
        np.testing.assert_allclose(r.dl_dbeta[k], theirs.dbetas[k], atol=1e-12)
        np.testing.assert_allclose(r.dl_domega[k], theirs.domegas[k], atol=1e-12)
        np.testing.assert_allclose(r.dl_df[k], theirs.dpreactivations[k][0], atol=1e-12)


def test_backprop_refuses_an_example_of_the_wrong_size():
    with pytest.raises(nnmath.ParameterError, match="one number per input"):
        nnmath.backprop(presets.backprop_example(), [1.0, 2.0, 3.0], 1.0)


# --- the cross_entropy scene ---------------------------------------------------------------
@pytest.fixture(scope="module")
def cross_scene(tmp_path_factory):
    return render_once("cross_entropy", tmp_path_factory)


def test_the_cross_entropy_scene_shows_nnmaths_numbers(cross_scene):
    d = cross_scene.data
    example = nnmath.cross_entropy(presets.CROSS_ENTROPY_LOGITS, presets.CROSS_ENTROPY_CLASS)
    np.testing.assert_allclose(d.example.probabilities, example.probabilities)
    # the last bar panel is the gradient: its bars reach p - onehot(y), its labels say so
    ax, bars = cross_scene.ax, cross_scene.bars
    for c, bar in enumerate(bars):
        top, bottom = (ax.p2c(bar.get_top())[1], ax.p2c(bar.get_bottom())[1])
        value = top if abs(top) > abs(bottom) else bottom
        assert value == pytest.approx(example.dlogits[c], abs=0.02)
    assert [t.get_tex_string() for t in cross_scene.values] == [fmt(v) for v in example.dlogits]
    numeric = central(lambda v: nnmath.cross_entropy(v, 1).loss, example.logits)
    assert [fmt(v) for v in numeric] == [t.get_tex_string() for t in cross_scene.values]
    # the loss curve is -log p, the example sits on it
    curve_ax = cross_scene.curve_ax
    points = np.array([curve_ax.p2c(q) for q in cross_scene.curve.get_anchors()])
    np.testing.assert_allclose(points[:, 1], -np.log(points[:, 0]), atol=1e-6)
    dot = curve_ax.p2c(cross_scene.example_point[0].get_center())
    np.testing.assert_allclose(dot, [example.p_true, example.loss], atol=1e-6)
    # the tangent's slope is -1/p_y
    start, end = (curve_ax.p2c(q) for q in (cross_scene.tangent.get_start(), cross_scene.tangent.get_end()))
    assert (end[1] - start[1]) / (end[0] - start[0]) == pytest.approx(example.dp[1], rel=1e-6)
    notes = " ".join(cross_scene.notes)
    assert "0.69 + 0.25 + 0.06" in notes and "L = 1.37" in notes and "-3.94" in notes


def test_a_lecturers_logits_reach_the_drawing():
    from figures.log_loss import draw

    params = catalog.lookup("log_loss").resolve_params(
        {"logits": [0.5, -1.0, 2.5, 0.0], "true_class": 4, "predictions": [0.3], "logit": -2.0})
    fig = draw(params, "light")
    example = nnmath.cross_entropy([0.5, -1.0, 2.5, 0.0], 3)
    np.testing.assert_allclose([b.get_height() for b in fig.drawn["gradient_bars"]], example.dlogits)
    assert example.dlogits[3] < 0 and sum(example.dlogits > 0) == 3
    import matplotlib.pyplot as plt

    plt.close(fig)


# --- the backprop scene -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def backprop_scene(tmp_path_factory):
    return render_once("backprop", tmp_path_factory)


def assert_gradients_on_screen(scene, net, x, y):
    """Every arrow's label is nnmath's dl/dparameter and equals finite differences (2 decimals)."""
    r = nnmath.backprop(net, x, y)
    numeric = nnmath.finite_differences(net, x, y)
    diagram = scene.diagram
    for p, g, n in zip(nd.arrows(net), r.parameter_gradients(), numeric):
        shown = diagram.label(*p.key)[1].get_tex_string()
        assert shown == fmt(g), p.symbol
        assert abs(float(shown) - n) <= 0.005 + 1e-9 and abs(g - n) < 1e-6, p.symbol
    # the hidden nodes end on dl/df_0, the output on dl/df_K
    K = net.num_hidden_layers
    assert [diagram.names[1, u].get_tex_string() for u in range(net.widths[0])] == [fmt(v) for v in r.dl_df[0]]
    assert diagram.names[K + 1, 0].get_tex_string() == fmt(r.dl_df[K][0])
    return r


def test_the_backprop_scene_shows_nnmaths_gradients(backprop_scene):
    net = presets.backprop_example()
    r = assert_gradients_on_screen(backprop_scene, net, presets.BACKPROP_X, presets.BACKPROP_Y)
    assert backprop_scene.data.largest_difference < 1e-8
    # unit 2 is off: grey, and every parameter into it gets 0
    assert backprop_scene.diagram.node(1, 1)[0].get_stroke_width() < 4
    assert all(backprop_scene.diagram.label(0, 1, j)[1].get_tex_string() == "0" for j in (None, 0, 1))
    notes = " ".join(backprop_scene.notes)
    assert "(0.64, -0.4, 1.2) becomes (0.64, 0, 1.2)" in notes and "l = 0.16" in notes
    steps = [s.name for s in backprop_scene.steps]
    assert steps == ["show_network", "forward_layer", "forward_output", "backward_output",
                     "backward_layer", "backward_layer_2", "check"]
    assert r.loss == pytest.approx(0.16)


def test_the_backprop_scene_takes_a_two_layer_network(tmp_path):
    table = {"net": {"betas": [[0.5, -0.2], [0.1, -0.3], [0.2]],
                     "omegas": [[[1.0, -0.5], [0.5, 1.0]], [[1.0, 0.5], [-1.0, 0.5]], [[1.5, -1.0]]]},
             "x": [1.0, 0.5], "y": 2.0}
    params = catalog.lookup("backprop").resolve_params(table)
    scene = render("backprop", tmp_path, params)
    assert [s.name for s in scene.steps].count("backward_layer_3") == 1
    assert_gradients_on_screen(scene, params["net"], (1.0, 0.5), (2.0,))


# --- the figures ------------------------------------------------------------------------------
def test_the_log_loss_figure_draws_nnmaths_bars():
    drawn = built("log_loss", "light").figure.drawn
    example = nnmath.cross_entropy(presets.CROSS_ENTROPY_LOGITS, presets.CROSS_ENTROPY_CLASS)
    for key, values in (("logit_bars", example.logits), ("probability_bars", example.probabilities),
                        ("gradient_bars", example.dlogits)):
        np.testing.assert_allclose([b.get_height() for b in drawn[key]], values, atol=1e-12)
    np.testing.assert_allclose(drawn["prediction_losses"], -np.log(presets.CROSS_ENTROPY_PREDICTIONS))


def test_the_backprop_graph_labels_every_arrow_with_its_gradient():
    from figures.network_diagrams import _number

    drawn = built("backprop_graph", "light").figure.drawn
    net = presets.backprop_example()
    r = nnmath.backprop(net, presets.BACKPROP_X, presets.BACKPROP_Y)
    labels = drawn["diagram"]["labels"]
    assert len(labels) == net.num_parameters == 13
    for p, g in zip(nd.arrows(net), r.parameter_gradients()):
        assert labels[p.key].get_text() == _number(g)
    np.testing.assert_allclose(drawn["numeric"], r.parameter_gradients(), atol=1e-8)
    assert drawn["diagram"]["nodes"][1, 1].get_facecolor() != drawn["diagram"]["nodes"][1, 0].get_facecolor()


# --- bad parameters -----------------------------------------------------------------------------
@pytest.mark.parametrize("name, table, message", [
    ("cross_entropy", {"logits": [1.0]}, "2 to 5 numbers"),
    ("cross_entropy", {"logits": "big"}, "flat list"),
    ("cross_entropy", {"predictions": [0.5, 1.5]}, "less than 1"),
    ("cross_entropy", {"logits": [1.0, 2.0], "true_class": 3}, "1 to 2"),
    ("log_loss", {"logit": "x"}, "logit"),
    ("backprop", {"y": [1.0, 2.0]}, "one target per output"),
    ("backprop", {"x": [1.0]}, "one number per input"),
    ("backprop", {"net": {"theta": [[0.1, 1.0, 1.0], [0.2, -1.0, 1.0]], "phi": [0.0, 1.0, 1.0],
                          "activation": "sigmoid"}}, "ReLU hidden units"),
    ("backprop_graph", {"net": {"betas": [[0.0] * 5, [0.0]], "omegas": [[[1.0, 1.0]] * 5, [[1.0] * 5]]}},
     "at most"),
])
def test_bad_parameters_say_what_was_expected(name, table, message):
    with pytest.raises(nnmath.ParameterError, match=message):
        catalog.lookup(name).resolve_params(table)
