"""Exact 1-D breakpoints, folding, counts: against dense evaluation and the book's numbers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnmath


def fig4_1():
    return nnmath.PRESETS["fig4_1_net1"].factory(), nnmath.PRESETS["fig4_1_net2"].factory()


def test_fig3_3_has_four_regions_with_joints_at_the_books_x():
    pl = nnmath.piecewise_linear(nnmath.PRESETS["fig3_3"].factory(), 0, 2)
    assert pl.num_regions == 4
    np.testing.assert_allclose(pl.joints, [0.5, 1.0, 1.5714285714285714], atol=1e-12)


def test_exercise_flat_segment_is_its_own_region():
    pl = nnmath.piecewise_linear(nnmath.PRESETS["exercise"].factory(), 0, 1)
    assert pl.num_regions == 4
    assert pl.slopes[1] == pytest.approx(0, abs=1e-12)
    assert pl(0.4) == pytest.approx(-0.3)


def test_fig4_1_composition_has_nine_regions():
    net1, net2 = fig4_1()
    pl = nnmath.piecewise_linear(nnmath.compose(net1, net2), -1, 1)
    assert pl.num_regions == 9
    # the joints are net 1's two and the preimages of net 2's joints -0.2 and 0.3 in each fold
    expected = sorted([0.0, 0.6] + [(-0.2 + 1) / 2 - 1, (0.3 + 1) / 2 - 1,
                                    (1 - (-0.2)) / 2 * 0.6, (1 - 0.3) / 2 * 0.6,
                                    0.6 + (-0.2 + 1) / 2 * 0.4, 0.6 + (0.3 + 1) / 2 * 0.4])
    np.testing.assert_allclose(pl.joints, expected, atol=1e-12)


def dense_check(net, lo, hi, pl, n=20001):
    """Second route: the exact form equals the network on a dense grid, and every dense kink
    (second difference away from zero) lies within one grid step of an exact breakpoint."""
    x = np.linspace(lo, hi, n)
    y = np.asarray(net(x))
    np.testing.assert_allclose(pl(x), y, atol=1e-9 * max(1, np.abs(y).max()))
    second = np.abs(np.diff(y, 2))
    kinks = x[1:-1][second > 1e-7 * max(1, np.abs(y).max())]
    step = (hi - lo) / (n - 1)
    if kinks.size and pl.joints.size:
        distance = np.abs(kinks[:, None] - pl.joints[None, :]).min(axis=1)
        assert distance.max() <= 1.01 * step
    elif kinks.size:
        pytest.fail("dense sampling sees a kink the exact form missed")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**31 - 1))
def test_random_deep_relu_breakpoints_match_dense_sampling(width, depth, seed):
    rng = np.random.default_rng(seed)
    sizes = [1] + [width] * depth + [1]
    net = nnmath.DeepNetwork([rng.normal(size=n) for n in sizes[1:]],
                             [rng.normal(size=(q, p)) for p, q in zip(sizes[:-1], sizes[1:])])
    pl = nnmath.piecewise_linear(net, -2, 2)
    dense_check(net, -2, 2, pl)
    # never more pieces than the deep bound (D+1)^K
    assert pl.num_regions <= nnmath.max_regions_deep(1, width, depth)
    # every piece is linear: the midpoint value is the mean of the ends
    mid = 0.5 * (pl.breakpoints[:-1] + pl.breakpoints[1:])
    np.testing.assert_allclose(net(mid), 0.5 * (pl.values[:-1] + pl.values[1:]), atol=1e-9)
    # merged pieces: neighbouring slopes differ
    assert np.all(np.abs(np.diff(pl.slopes)) > 1e-10 * np.abs(pl.slopes).max()) or pl.num_regions == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_shallow_regions_never_exceed_d_plus_one(width, seed):
    rng = np.random.default_rng(seed)
    net = nnmath.ShallowNetwork(rng.normal(size=(width, 2)), rng.normal(size=width + 1))
    pl = nnmath.piecewise_linear(net, -3, 3)
    assert pl.num_regions <= nnmath.max_regions_shallow(1, width) == width + 1
    dense_check(net, -3, 3, pl)


def tent_map(depth):
    """f(x) = 2 ReLU[x] - 4 ReLU[x - 1/2] on [0, 1], composed ``depth`` times: 2^depth pieces."""
    first = [np.array([0.0, -0.5])], [np.array([[1.0], [1.0]])]
    betas = first[0] + [np.array([0.0, -0.5])] * (depth - 1) + [np.array([0.0])]
    omegas = first[1] + [np.array([[2.0, -4.0], [2.0, -4.0]])] * (depth - 1) + [np.array([[2.0, -4.0]])]
    return nnmath.DeepNetwork(betas, omegas)


@pytest.mark.parametrize("depth", [1, 5, 12, 20])
def test_tent_map_has_exactly_two_to_the_depth_pieces(depth):
    pl = nnmath.piecewise_linear(tent_map(depth), 0, 1)
    assert pl.num_regions == 2**depth
    np.testing.assert_allclose(pl.breakpoints, np.arange(2**depth + 1) / 2**depth, atol=1e-12)
    np.testing.assert_allclose(np.abs(pl.slopes), 2.0**depth, rtol=1e-9)


def test_unmerged_keeps_pattern_changes_without_slope_change():
    # two units switching on at x = 0 whose contributions cancel: no kink in the output
    net = nnmath.ShallowNetwork([[0, 1], [0, 2]], [0.5, 2, -1])
    assert nnmath.piecewise_linear(net, -1, 1).num_regions == 1
    assert nnmath.piecewise_linear(net, -1, 1, merge=False).num_regions == 2


def test_folding_map_of_fig4_1():
    net1, net2 = fig4_1()
    folds = nnmath.folding_map(net1, -1, 1)
    np.testing.assert_allclose([(f.x_lo, f.x_hi) for f in folds.folds], [(-1, 0), (0, 0.6), (0.6, 1)],
                               atol=1e-12)
    assert [f.flipped for f in folds.folds] == [False, True, False]
    assert all((f.y_lo, f.y_hi) == pytest.approx((-1, 1)) for f in folds.folds)
    assert folds.shared_intervals() == [(-1.0, 1.0, (0, 1, 2))]
    assert nnmath.shared_level(folds) == 0
    np.testing.assert_allclose(folds.preimages(0.0), [-0.5, 0.3, 0.8], atol=1e-12)
    assert [folds.fold_index(x) for x in (-0.9, 0.0, 0.3, 0.7)] == [0, 1, 1, 2]
    assert folds.coverage(0.5) == 3


def test_fold_copies_hold_the_composed_breakpoints():
    net1, net2 = fig4_1()
    copies = nnmath.fold_copies(net1, net2, -1, 1)
    composed = nnmath.piecewise_linear(nnmath.compose(net1, net2), -1, 1)
    knots = np.unique(np.concatenate([c.x for c in copies]))
    np.testing.assert_allclose(knots, composed.breakpoints, atol=1e-12)
    for c in copies:
        np.testing.assert_allclose(c.y, net1(c.x), atol=1e-12)
        np.testing.assert_allclose(c.z, net2(net1(c.x)), atol=1e-12)
    assert [c.fold.flipped for c in copies] == [False, True, False]


@pytest.mark.parametrize("call, message", [
    (lambda: nnmath.piecewise_linear(nnmath.PRESETS["fig3_3"].factory(), 1, 0), "lo < hi"),
    (lambda: nnmath.piecewise_linear(nnmath.PRESETS["fig3_3_sigmoid"].factory(), 0, 2),
     "piecewise-linear activations"),
    (lambda: nnmath.piecewise_linear(nnmath.PRESETS["fig3_8"].factory(), 0, 1), "1 input"),
    (lambda: nnmath.piecewise_linear(nnmath.PRESETS["fig3_3"].factory(), 0, 2)(3.0), "must lie in"),
])
def test_bad_input_messages(call, message):
    with pytest.raises(nnmath.ParameterError, match=message):
        call()


def test_step_pieces_agree_with_dense_evaluation():
    net = nnmath.PRESETS["fig3_3_heaviside"].factory()
    steps = nnmath.step_pieces(net, 0, 2)
    np.testing.assert_allclose(steps.jumps, [0.5, 1.0, 1.1 / 0.7], atol=1e-12)
    assert steps.num_pieces == 4
    # second route: evaluate densely away from the jumps; each sample equals its piece's value
    x = np.linspace(0, 2, 20_001)
    x = x[np.min(np.abs(x[:, None] - steps.jumps[None, :]), axis=1) > 1e-6]
    piece = np.searchsorted(steps.breakpoints, x, side="right") - 1
    np.testing.assert_array_equal(net(x), steps.values[np.clip(piece, 0, steps.num_pieces - 1)])
    # equal neighbours merge: two units jumping at the same x in opposite directions cancel
    flat = nnmath.ShallowNetwork([[-1, 1], [1, -1]], [0, 1, 1], "heaviside")
    assert nnmath.step_pieces(flat, 0, 2).num_pieces == 1
    with pytest.raises(nnmath.ParameterError, match="heaviside units"):
        nnmath.step_pieces(nnmath.PRESETS["fig3_3"].factory(), 0, 2)
