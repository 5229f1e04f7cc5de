"""Shallow and deep networks, activations: book values and second routes (REFERENCE.md)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath
from nnmath import activations as A

TOL = 1e-12


def test_fig3_3_joints_and_four_steps():
    net = nnmath.PRESETS["fig3_3"].factory()
    np.testing.assert_allclose(net.joints(), [0.5, 1.0, 1.1 / 0.7], atol=TOL)
    x = np.linspace(0, 2, 201)
    trace = net.forward(x)
    # the four steps of Fig. 3.3: lines, clipped, weighted, summed
    np.testing.assert_allclose(trace.preactivation, -0.0 + np.array(net.theta)[:, 0] + x[:, None] * net.theta[:, 1])
    np.testing.assert_allclose(trace.activation, np.maximum(trace.preactivation, 0))
    np.testing.assert_allclose(trace.weighted, trace.activation * net.phi[1:])
    np.testing.assert_allclose(trace.output, net.phi[0] + trace.weighted.sum(axis=1), atol=TOL)
    assert net.num_parameters == 10


def test_exercise_net_flat_piece():
    net = nnmath.PRESETS["exercise"].factory()
    np.testing.assert_allclose(net.joints(), [0.3, 0.5, 0.5 / 0.65], atol=TOL)
    np.testing.assert_allclose(net(np.linspace(0.3, 0.5, 11)), -0.3, atol=TOL)


def test_through_points_gives_the_books_net1():
    net = nnmath.PRESETS["fig4_1_net1"].factory()
    np.testing.assert_allclose(net.theta, [[2, 2], [0, 16 / 3], [-5, 25 / 3]], atol=TOL)
    np.testing.assert_allclose(net.phi, [-1, 1, -1, 1])
    np.testing.assert_allclose(net([-1, 0, 0.6, 1]), [-1, 1, -1, 1], atol=TOL)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=2, max_size=7, unique=True), st.data())
def test_through_points_interpolates(xs, data):
    xs = np.sort(np.array(xs))
    if np.diff(xs).min() < 1e-3:
        return
    ys = np.array(data.draw(st.lists(st.floats(-2, 2), min_size=len(xs), max_size=len(xs))))
    net = nnmath.ShallowNetwork.through_points(xs, ys)
    np.testing.assert_allclose(net(xs), ys, atol=1e-9)
    mid = 0.5 * (xs[:-1] + xs[1:])  # linear between the points
    np.testing.assert_allclose(net(mid), 0.5 * (ys[:-1] + ys[1:]), atol=1e-9)


def test_multi_output_through_points_share_joints():
    xs = [0.0, 1.0, 2.0]
    ys = [[0, 1], [1, -1], [0, 3]]
    net = nnmath.ShallowNetwork.through_points(xs, ys)
    assert net.output_dim == 2
    np.testing.assert_allclose(net(np.array(xs)), ys, atol=TOL)


def test_shallow_equals_its_deep_form_any_sizes():
    rng = np.random.default_rng(0)
    for di, d, do in [(1, 3, 1), (2, 5, 3), (4, 7, 2)]:
        net = nnmath.ShallowNetwork(rng.normal(size=(d, di + 1)), rng.normal(size=(do, d + 1)))
        x = rng.normal(size=(50, di))
        out = net(x)
        assert out.shape == ((50,) if do == 1 else (50, do))
        np.testing.assert_allclose(net.to_deep()(x), out, atol=TOL)
        # a second route: explicit sums over units
        manual = np.array([[net.phi.reshape(do, -1)[j, 0] + sum(
            net.phi.reshape(do, -1)[j, k + 1] * max(0.0, net.theta[k, 0] + net.theta[k, 1:] @ xi)
            for k in range(d)) for j in range(do)] for xi in x])
        np.testing.assert_allclose(out.reshape(50, do), manual, atol=1e-10)


def test_deep_trace_and_parameter_count_fig4_6():
    # Fig. 4.6: Di = 3, D1 = 4, D2 = 2, D3 = 3, Do = 2
    rng = np.random.default_rng(1)
    sizes = [3, 4, 2, 3, 2]
    net = nnmath.DeepNetwork([rng.normal(size=n) for n in sizes[1:]],
                             [rng.normal(size=(b, a)) for a, b in zip(sizes[:-1], sizes[1:])])
    assert net.widths == (4, 2, 3) and net.num_hidden_layers == 3
    assert net.num_parameters == nnmath.num_parameters(3, [4, 2, 3], 2) == 4 * 4 + 2 * 5 + 3 * 3 + 2 * 4
    trace = net.forward(rng.normal(size=(5, 3)))
    assert [p.shape for p in trace.preactivations] == [(5, 4), (5, 2), (5, 3)]
    for p, h in zip(trace.preactivations, trace.activations):
        np.testing.assert_array_equal(h, np.maximum(p, 0))


def test_compose_equals_second_of_first_and_slide_psi():
    net1, net2 = (nnmath.PRESETS[k].factory() for k in ("fig4_1_net1", "fig4_1_net2"))
    deep = nnmath.compose(net1, net2)
    x = np.linspace(-1.5, 1.5, 3001)
    np.testing.assert_allclose(deep(x), net2(net1(x)), atol=1e-12)
    psi = nnmath.psi(net1, net2)
    # psi_i0 = theta'_i0 + theta'_i1 phi_0, psi_ij = theta'_i1 phi_j
    np.testing.assert_allclose(psi[:, 0], net2.theta[:, 0] + net2.theta[:, 1] * net1.phi[0])
    np.testing.assert_allclose(psi[:, 1:], np.outer(net2.theta[:, 1], net1.phi[1:]))
    assert deep.num_parameters == 3 * 2 + 3 * 4 + 4  # x->h (6), h->h' (12), h'->y' (4)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 2**31 - 1))
def test_compose_random_deep_networks(di, width, depth, do, seed):
    rng = np.random.default_rng(seed)

    def random_net(a, b):
        sizes = [a] + [width] * depth + [b]
        return nnmath.DeepNetwork([rng.normal(size=n) for n in sizes[1:]],
                                  [rng.normal(size=(q, p)) for p, q in zip(sizes[:-1], sizes[1:])])

    first, second = random_net(di, 2), random_net(2, do)
    x = rng.normal(size=(20, di))
    np.testing.assert_allclose(nnmath.compose(first, second)(x), second(first(x)), atol=1e-9)


@pytest.mark.parametrize("name", sorted(nnmath.ACTIVATIONS))
def test_activation_derivatives_match_finite_differences(name):
    act = nnmath.ACTIVATIONS[name]
    z = np.array([-2.3, -0.7, -0.1, 0.13, 0.8, 2.9])
    h = 1e-6
    numeric = (act(z + h) - act(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z), numeric, atol=1e-6)


def test_activation_values():
    z = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(A.sigmoid(z, steepness=5), 1 / (1 + np.exp(-5 * z)))
    np.testing.assert_allclose(A.heaviside(z), [0, 1, 1])
    np.testing.assert_allclose(A.leaky_relu(z), [-0.1, 0, 2])
    np.testing.assert_allclose(A.selu(np.array([1.0])), [A.SELU_SCALE])
    np.testing.assert_allclose(A.gelu(np.array([1.0])), [0.8413447460685429])
    assert nnmath.get_activation("Leaky-ReLU").name == "leaky_relu"


@pytest.mark.parametrize("call, message", [
    (lambda: nnmath.ShallowNetwork([1, 2], [0, 1]), "theta must have shape (D, Di+1)"),
    (lambda: nnmath.ShallowNetwork([[1, 2], [3, 4]], [0, 1]), "phi must have shape (D+1,) = (3,)"),
    (lambda: nnmath.ShallowNetwork([[1, np.nan]], [0, 1]), "theta[0, 1] is nan"),
    (lambda: nnmath.ShallowNetwork([[1, 2]], [0, 1], "relux"), "Did you mean 'relu'"),
    (lambda: nnmath.ShallowNetwork([[1, 2]], [0, 1])(np.zeros((3, 2))), "x must have shape (N, Di) = (N, 1)"),
    (lambda: nnmath.ShallowNetwork([[1, 2, 3]], [0, 1]).joints(), "needs a 1-input network"),
    (lambda: nnmath.ShallowNetwork.through_points([0, 0, 1], [0, 1, 2]), "strictly increasing"),
    (lambda: nnmath.DeepNetwork([[0], [0]], [[[1]], [[1, 2]]]), "omegas[1] must have shape (D_2, D_1) = (1, 1)"),
    (lambda: nnmath.DeepNetwork([[0, 0], [0]], [[[1]], [[1]]]), "betas[0] must have shape (D_1,) = (1,)"),
    (lambda: nnmath.compose(nnmath.ShallowNetwork([[0, 1]], [[0, 1], [0, 1]]),
                            nnmath.ShallowNetwork([[0, 1]], [0, 1])), "cannot compose"),
    (lambda: nnmath.get_activation("sigmoid", slope=2), "has no parameter 'slope'"),
])
def test_bad_input_messages(call, message):
    with pytest.raises(nnmath.ParameterError) as info:
        call()
    assert message in str(info.value)
