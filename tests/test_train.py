"""Training engine (nnmath.train): backpropagation against finite differences, losses, initialisers,
gradient descent, fits, dead units and the fast full-batch trainer against the plain route."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnmath.checks import ParameterError
from nnmath.presets import PRESETS
from nnmath.train import (
    INITIALISERS,
    FullBatchTrainer,
    GradientDescent,
    MLP,
    binary_cross_entropy,
    constructive_fit,
    dead_units,
    fit,
    fit_shallow_1d,
    init_mlp,
    least_squares,
    parameter_count,
    softmax_cross_entropy,
)

#: central differences with step EPS in float64 agree with backpropagation to ~1e-8 relative
EPS, GRAD_RTOL, GRAD_ATOL = 1e-6, 1e-5, 1e-7


def _targets(loss, rng, n, outputs):
    if loss == "least_squares":
        return rng.standard_normal((n, outputs))
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, n)
    return rng.integers(0, outputs, n)


def _numeric_gradients(model, x, y, loss_fn):
    """dL/dparameter by central differences, one parameter at a time."""
    grads = []
    for p in model.parameters():
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + EPS
            plus = loss_fn(model(x), y).value
            p[i] = old - EPS
            minus = loss_fn(model(x), y).value
            p[i] = old
            g[i] = (plus - minus) / (2 * EPS)
        grads.append(g)
    return grads


@settings(max_examples=25, deadline=None)
@given(
    widths=st.lists(st.integers(1, 4), min_size=0, max_size=3),
    inputs=st.integers(1, 3),
    activation=st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu", "softplus"]),
    loss=st.sampled_from(["least_squares", "binary_cross_entropy", "softmax_cross_entropy"]),
    seed=st.integers(0, 10_000),
)
def test_backprop_matches_finite_differences(widths, inputs, activation, loss, seed):
    rng = np.random.default_rng(seed)
    outputs = 1 if loss == "binary_cross_entropy" else int(rng.integers(1, 4))
    if loss == "softmax_cross_entropy":
        outputs = max(outputs, 2)
    model = init_mlp((inputs, *widths, outputs), init="glorot_normal", seed=seed,
                     activation=activation)
    for beta in model.betas:
        beta[:] = rng.normal(0, 0.5, beta.shape)
    x = rng.standard_normal((5, inputs))
    y = _targets(loss, rng, 5, outputs)
    from nnmath.train import get_loss

    loss_fn = get_loss(loss)
    trace = model.forward(x)
    if activation in ("relu", "leaky_relu"):  # keep central differences off the kinks
        assume(all(np.abs(f).min() > 1e-3 for f in trace.preactivations[:-1]))
    grads = model.backward(trace, loss_fn(trace.output, y).doutput)
    analytic = [g for pair in zip(grads.dbetas, grads.domegas) for g in pair]
    for a, n in zip(analytic, _numeric_gradients(model, x, y, loss_fn)):
        np.testing.assert_allclose(a, n, rtol=GRAD_RTOL, atol=GRAD_ATOL)


def test_backprop_keeps_every_layer_and_input_gradient():
    rng = np.random.default_rng(0)
    model = init_mlp((3, 4, 5, 2), init="he_normal", seed=1, activation="tanh")
    x = rng.standard_normal((6, 3))
    y = rng.standard_normal((6, 2))
    trace = model.forward(x)
    grads = model.backward(trace, least_squares(trace.output, y).doutput)
    assert [f.shape for f in trace.preactivations] == [(6, 4), (6, 5), (6, 2)]
    assert [h.shape for h in trace.activations] == [(6, 4), (6, 5)]
    assert [g.shape for g in grads.dpreactivations] == [(6, 4), (6, 5), (6, 2)]
    assert [g.shape for g in grads.dactivations] == [(6, 4), (6, 5)]
    # dL/dx by central differences on one input entry
    i = (2, 1)
    xp, xm = x.copy(), x.copy()
    xp[i] += EPS
    xm[i] -= EPS
    numeric = (least_squares(model(xp), y).value - least_squares(model(xm), y).value) / (2 * EPS)
    assert grads.dx[i] == pytest.approx(numeric, rel=1e-6)
    # the chain rule one layer down: g_0 = tanh'(f_0) * dL/dh_1
    np.testing.assert_allclose(grads.dpreactivations[0],
                               (1 - np.tanh(trace.preactivations[0]) ** 2) * grads.dactivations[0])


def test_losses_against_direct_formulas():
    f = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]])
    labels = np.array([0, 2])
    value = softmax_cross_entropy(f, labels, reduction="sum")
    p = np.exp(f) / np.exp(f).sum(axis=1, keepdims=True)
    assert value.value == pytest.approx(-np.log(p[0, 0]) - np.log(p[1, 2]), rel=1e-12)
    assert value.errors == 1
    z = np.array([1.5, -0.3, 12.0])
    y = np.array([1, 0, 0])
    bce = binary_cross_entropy(z, y)
    s = 1 / (1 + np.exp(-z))
    direct = -np.mean(y * np.log(s) + (1 - y) * np.log1p(-s))
    assert bce.value == pytest.approx(direct, rel=1e-9)
    assert bce.errors == 1
    ls = least_squares([1.0, 2.0], [0.0, 0.0], reduction="sum")
    assert ls.value == 5.0
    np.testing.assert_array_equal(ls.doutput, [[2.0], [4.0]])


@pytest.mark.parametrize("name", sorted(INITIALISERS))
def test_initialiser_variance(name):
    model = init_mlp((400, 300, 1), init=name, seed=0)
    omega = model.omegas[0]
    expected = 2 / 400 if name.startswith("he") else 2 / 700
    assert omega.var() == pytest.approx(expected, rel=0.03)
    if name.endswith("uniform"):
        assert np.abs(omega).max() <= np.sqrt(3 * expected)
    assert not model.betas[0].any()


def test_preset_initialisation_is_the_book_network():
    model = init_mlp(None, init="fig3_3")
    x = np.linspace(0, 2, 41)
    np.testing.assert_allclose(model(x)[:, 0], PRESETS["fig3_3"].factory()(x), atol=1e-12)
    np.testing.assert_allclose(model.to_shallow()(x), PRESETS["fig3_3"].factory()(x), atol=1e-12)
    np.testing.assert_allclose(model.to_deep()(x), model(x)[:, 0], atol=1e-12)
    deep = MLP.from_network(PRESETS["fig4_5"].factory())
    assert deep.sizes == (1, 3, 3, 1)


def test_parameter_count():
    assert parameter_count((40, 298, 10)) == 15_208
    assert parameter_count((40, 63, 63, 63, 63, 10)) == 15_319
    assert init_mlp((40, 100, 100, 10), seed=0).num_parameters == 15_210


def test_same_seed_same_run_other_seed_other_run():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((40, 2))
    y = rng.integers(0, 3, 40)

    def run(seed):
        model = init_mlp((2, 6, 3), init="he_uniform", seed=seed)
        history = fit(model, x, y, loss="softmax_cross_entropy", lr=0.2, epochs=30,
                      batch_size=8, momentum=0.5, l2=1e-3, seed=seed)
        return model, history

    (m1, h1), (m2, h2), (m3, _) = run(3), run(3), run(4)
    assert h1.loss == h2.loss and h1.errors == h2.errors
    for a, b in zip(m1.parameters(), m2.parameters()):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(m1.omegas[0], m3.omegas[0])


def test_xor_with_relu_units_reaches_zero_loss():
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    model = init_mlp((2, 4, 1), init="he_uniform", seed=0, bias=0.1)
    history = fit(model, x, y, loss="least_squares", lr=0.1, epochs=3000)
    assert history.loss[-1] < 1e-12
    np.testing.assert_allclose(model(x)[:, 0], y, atol=1e-6)
    assert history.loss[-1] < history.loss[0]


def test_full_batch_trainer_equals_plain_route():
    """Folded-bias, in-place float64 trainer == forward/backward/GradientDescent (second route)."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((30, 4))
    y = rng.integers(0, 3, 30)
    model = init_mlp((4, 5, 6, 3), init="he_normal", seed=7, bias=0.05)
    trainer = FullBatchTrainer(model, x, y, lr=0.3, dtype=np.float64)
    history = fit(model, x, y, loss="softmax_cross_entropy", lr=0.3, epochs=20)
    records = [trainer.step() for _ in range(20)]
    np.testing.assert_allclose([r[0] for r in records], history.loss[:20], rtol=1e-12)
    assert [r[1] for r in records] == history.errors[:20]
    for a, b in zip(trainer.to_mlp().parameters(), model.parameters()):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    assert trainer.evaluate()[0] == pytest.approx(history.loss[20], rel=1e-10)


def test_full_batch_trainer_threads_split_rows_same_gradient():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((31, 3))
    y = rng.integers(0, 4, 31)
    model = init_mlp((3, 7, 5, 4), init="he_uniform", seed=2)
    one = FullBatchTrainer(model, x, y, lr=0.2, dtype=np.float64)
    three = FullBatchTrainer(model, x, y, lr=0.2, dtype=np.float64, threads=3)
    for _ in range(15):
        (l1, e1), (l3, e3) = one.step(), three.step()
        assert l3 == pytest.approx(l1, rel=1e-12) and e3 == e1
    for a, b in zip(one.weights, three.weights):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13)
    three.close()


def test_full_batch_trainer_state_round_trip():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((20, 3)).astype(np.float32)
    y = rng.integers(0, 4, 20)
    model = init_mlp((3, 8, 4), init="he_uniform", seed=0)
    straight = FullBatchTrainer(model, x, y, lr=0.1)
    first = FullBatchTrainer(model, x, y, lr=0.1)
    for _ in range(10):
        straight.step()
        first.step()
    resumed = FullBatchTrainer(model, x, y, lr=0.1)
    resumed.load_state(first.state())
    assert resumed.epoch == 10
    assert [straight.step() for _ in range(5)] == [resumed.step() for _ in range(5)]
    with pytest.raises(ParameterError, match="different model"):
        FullBatchTrainer(init_mlp((3, 9, 4), seed=0), x, y, lr=0.1).load_state(first.state())


def test_momentum_and_penalties():
    model = init_mlp((1, 3, 1), seed=0)
    grads = model.backward(model.forward([0.5]), np.ones((1, 1)))
    before = model.copy()
    optimiser = GradientDescent(lr=0.1, l2=0.5, l1=0.25)
    optimiser.step(model, grads)
    # Omega <- Omega - lr (g + 2 l2 Omega + l1 sign Omega); beta is not penalised
    expected = before.omegas[0] - 0.1 * (grads.domegas[0] + before.omegas[0]
                                         + 0.25 * np.sign(before.omegas[0]))
    np.testing.assert_allclose(model.omegas[0], expected)
    np.testing.assert_allclose(model.betas[0], before.betas[0] - 0.1 * grads.dbetas[0])
    heavy = GradientDescent(lr=0.1, momentum=0.9)
    m = before.copy()
    heavy.step(m, grads)  # first step moves by lr (1 - momentum) g
    np.testing.assert_allclose(m.omegas[0], before.omegas[0] - 0.01 * grads.domegas[0])


def test_l2_pulls_weights_to_the_origin_and_l1_makes_them_sparse():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50, 6))
    y = x[:, 0] - 0.5 * x[:, 1]  # only two inputs matter
    plain, l1, l2 = (init_mlp((6, 1), seed=0) for _ in range(3))
    fit(plain, x, y, lr=0.05, epochs=400)
    fit(l2, x, y, lr=0.05, epochs=400, l2=0.3)
    fit(l1, x, y, lr=0.05, epochs=400, l1=0.05)
    assert np.linalg.norm(l2.omegas[0]) < 0.8 * np.linalg.norm(plain.omegas[0])
    assert np.sum(np.abs(l1.omegas[0][0, 2:])) < 0.2 * np.sum(np.abs(plain.omegas[0][0, 2:])) + 0.02


def test_mini_batch_of_everything_is_full_batch():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((12, 2))
    y = rng.standard_normal(12)
    a, b = init_mlp((2, 3, 1), seed=1), init_mlp((2, 3, 1), seed=1)
    ha = fit(a, x, y, lr=0.05, epochs=10)
    hb = fit(b, x, y, lr=0.05, epochs=10, batch_size=12)
    np.testing.assert_allclose(ha.loss, hb.loss, rtol=1e-12)


def test_constructive_fit_interpolates_and_improves_with_units():
    target = np.sin
    errors = []
    x = np.linspace(0, 2 * np.pi, 1001)
    for hidden in (3, 6, 12, 24):
        net = constructive_fit(target, (0, 2 * np.pi), hidden)
        knots = np.linspace(0, 2 * np.pi, hidden + 1)
        np.testing.assert_allclose(net(knots), np.sin(knots), atol=1e-12)
        errors.append(np.abs(net(x) - np.sin(x)).max())
    assert all(b < a / 3 for a, b in zip(errors, errors[1:]))  # ~ 1/hidden^2


def test_gradient_descent_fit_records_trajectory_and_dead_units():
    x = np.linspace(0, 1, 60)
    y = np.sin(2 * np.pi * x)
    result = fit_shallow_1d(x, y, hidden=8, lr=0.1, epochs=600, seed=0, snapshot_every=100)
    assert result.epochs == [0, 100, 200, 300, 400, 500, 600]
    assert len(result.networks) == 7 and result.loss[-1] < 0.5 * result.loss[0]
    np.testing.assert_allclose(result.networks[-1](x).mean(), result.networks[-1](x).mean())
    # a bad initialisation: every bias far negative kills every unit on [0, 1]
    bad = fit_shallow_1d(x, y, hidden=4, lr=0.1, epochs=50, seed=0, bias=-5.0)
    assert bad.dead.num_dead == 4
    assert "4 of 4 hidden units are dead" in bad.dead.report()
    # nothing but phi_0 learns: the best it can do is the constant mean(y), loss var(y)
    assert bad.loss[-1] >= np.var(y) - 1e-12
    assert all(np.array_equal(n.theta, bad.networks[0].theta) for n in bad.networks)


def test_dead_and_always_on_units():
    model = MLP([[-1.0, 1.0, 0.5], [0.0]], [[[1.0], [1.0], [-1.0]], [[1.0, 1.0, 1.0]]])
    report = dead_units(model, np.linspace(0, 0.9, 10))
    np.testing.assert_array_equal(report.dead[0], [True, False, False])
    np.testing.assert_array_equal(report.always_on[0], [False, True, False])
    assert "unit(s) 0 dead" in report.report() and "unit(s) 1 always on" in report.report()


# --- bad inputs -------------------------------------------------------------------------------


def test_bad_inputs_are_explained():
    model = init_mlp((3, 4, 2), seed=0)
    x = np.zeros((5, 3))
    with pytest.raises(ParameterError, match=r"x must have shape \(N, Di\) = \(N, 3\).*got \(5, 4\)"):
        fit(model, np.zeros((5, 4)), np.zeros(5, int), loss="softmax_cross_entropy")
    with pytest.raises(ParameterError, match=r"labels must be integers in 0..1.*labels\[2\] is 7"):
        fit(model, x, [0, 1, 7, 0, 1], loss="softmax_cross_entropy")
    with pytest.raises(ParameterError, match=r"labels must have shape \(N,\) = \(5,\)"):
        fit(model, x, [0, 1], loss="softmax_cross_entropy")
    bad = x.copy()
    bad[1, 2] = np.nan
    with pytest.raises(ParameterError, match=r"x\[1, 2\] is nan.*Replace NaN"):
        fit(model, bad, np.zeros(5, int), loss="softmax_cross_entropy")
    with pytest.raises(ParameterError, match=r"target must have the output's shape"):
        fit(model, x, np.zeros((5, 3)))
    with pytest.raises(ParameterError, match="loss must be one of"):
        fit(model, x, np.zeros(5), loss="cross_entropy")
    with pytest.raises(ParameterError, match="init must be one of"):
        init_mlp((1, 2, 1), init="kaiming")
    with pytest.raises(ParameterError, match="sizes must list"):
        init_mlp((1, 0, 1))
    with pytest.raises(ParameterError, match="seed must be an int"):
        init_mlp((1, 2, 1), seed=None)
    with pytest.raises(ParameterError, match="lr must be a positive"):
        fit(model, x, np.zeros(5, int), loss="softmax_cross_entropy", lr=-1)
    with pytest.raises(ParameterError, match="threads must be an integer >= 1"):
        FullBatchTrainer(model, x, np.zeros(5), lr=0.1, threads=0)
    with pytest.raises(ParameterError, match="ReLU hidden units only"):
        FullBatchTrainer(init_mlp((3, 2, 2), activation="tanh", seed=0), x, np.zeros(5), lr=0.1)
    with pytest.raises(ParameterError, match=r"omegas\[1\] must have shape"):
        MLP([np.zeros(4), np.zeros(2)], [np.zeros((4, 3)), np.zeros((2, 5))])
