"""Exact 2-D linear regions (nnmath.regions) against brute force, bounds and the book's Fig. 3.8.

Tolerances: areas sum to the domain's area with rtol 1e-9; the affine map of a region equals
the forward pass inside it with atol 1e-9; convexity allows cross products down to -1e-12.
"""

from math import comb

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnmath
from nnmath.checks import ParameterError
from nnmath.deep import DeepNetwork
from nnmath.pixelmap import pattern_map
from nnmath.regions import _key_order, _sorted_group_order, activation_patterns, regions_2d
from nnmath.shallow import ShallowNetwork

FIG_3_8 = ShallowNetwork(
    theta=[[0.2, 0.5, 0.5], [-0.3, 0.9, -0.1], [0.2, 0.2, -0.7]],
    phi=[0.4, -1.0, 1.8, -0.5],
)


def he_network(widths, seed, bias_std=0.1, inputs=2, activation="relu"):
    """Random He-initialised network (weights N(0, 2 / fan_in), biases N(0, bias_std^2))."""
    rng = np.random.default_rng(seed)
    dims = [inputs, *widths, 1]
    omegas = [rng.standard_normal((b, a)) * np.sqrt(2.0 / a) for a, b in zip(dims[:-1], dims[1:])]
    betas = [rng.standard_normal(b) * bias_std for b in dims[1:]]
    return DeepNetwork(betas, omegas, activation)


def grid(xlim=(-1, 1), ylim=(-1, 1), n=200):
    """n x n pixel centres, nudged by an irrational fraction of a pixel off rational lines."""
    xs = xlim[0] + (np.arange(n) + 0.5 + 0.01 * np.sqrt(2)) * (xlim[1] - xlim[0]) / n
    ys = ylim[0] + (np.arange(n) + 0.5 + 0.01 * np.sqrt(3)) * (ylim[1] - ylim[0]) / n
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def interior_points(partition, rng, per_region=3):
    """Random strict convex combinations of each region's vertices: points (P * per_region, 2)
    and the region of each."""
    points, owners = [], []
    for i, poly in enumerate(partition.polygons):
        w = rng.random((per_region, len(poly))) + 0.05
        w /= w.sum(axis=1, keepdims=True)
        points.append(w @ poly)
        owners.append(np.full(per_region, i))
    return np.concatenate(points), np.concatenate(owners)


def check_partition(partition, domain_area, rng=None):
    """The invariants every partition must satisfy (see module docstring for tolerances)."""
    rng = rng or np.random.default_rng(0)
    count = len(partition)
    assert count >= 1
    assert partition.offsets[0] == 0 and partition.offsets[-1] == len(partition.vertices)
    areas = partition.areas
    assert (areas > 0).all()
    np.testing.assert_allclose(areas.sum(), domain_area, rtol=1e-9)
    # convex and counter-clockwise: every turn is to the left (collinear allowed)
    v = partition.vertices
    nxt = np.arange(1, len(v) + 1)
    nxt[partition.offsets[1:] - 1] = partition.offsets[:-1]
    e = v[nxt] - v
    turn = e[:, 0] * e[nxt, 1] - e[:, 1] * e[nxt, 0]
    assert turn.min() >= -1e-12
    assert (np.diff(partition.offsets) >= 3).all()
    # distinct activation patterns
    patterns = partition.patterns
    assert len(np.unique(patterns, axis=0)) == count
    # affine maps equal the forward pass at centroids and interior points
    pts, owners = interior_points(partition, rng)
    pts = np.concatenate([partition.centroids, pts])
    owners = np.concatenate([np.arange(count), owners])
    expected = partition.plane_net(pts)
    got = partition.evaluate(pts, owners)
    np.testing.assert_allclose(got, expected, atol=1e-9, rtol=0)
    # patterns equal the forward pass' patterns at the centroids
    np.testing.assert_array_equal(activation_patterns(partition.plane_net, partition.centroids),
                                  patterns)
    np.testing.assert_array_equal(partition.locate(partition.centroids), np.arange(count))
    # edge labels: boundary -1 with unit -1, else a hidden layer with a valid unit
    layers, units = partition.edge_layers, partition.edge_units
    assert ((layers == -1) == (units == -1)).all()
    widths = partition.plane_net.widths
    for k, width in enumerate(widths):
        assert ((units[layers == k] >= 0) & (units[layers == k] < width)).all()
    assert (layers < len(widths)).all()


# --- the book ----------------------------------------------------------------------------------


def test_fig_3_8_has_seven_regions_one_flat():
    partition = regions_2d(FIG_3_8, (-1, 1), (-1, 1))
    assert len(partition) == 7
    assert partition.flat.sum() == 1
    flat = np.flatnonzero(partition.flat)[0]
    # the flat region is the one where every unit is off: y = phi_0 = 0.4
    assert not partition.patterns[flat].any()
    np.testing.assert_allclose(partition.A[flat], 0.0, atol=1e-15)
    np.testing.assert_allclose(partition.b[flat], [0.4])
    check_partition(partition, 4.0)
    assert partition.counts == [7]


def test_fig_3_8_edges_carry_their_units():
    partition = regions_2d(FIG_3_8)
    segments, layers, units = partition.edges()
    theta = FIG_3_8.theta
    inner = layers == 0
    for (p, q), d in zip(segments[inner], units[inner]):
        # both ends lie on unit d's line theta_d0 + theta_d1 x + theta_d2 y = 0
        for point in (p, q):
            assert abs(theta[d, 0] + theta[d, 1:] @ point) < 1e-12
    # the boundary is kept whole: its length is the square's perimeter
    boundary = segments[layers == -1]
    np.testing.assert_allclose(np.hypot(*(boundary[:, 1] - boundary[:, 0]).T).sum(), 8.0)
    # every inner edge is listed once: the inner edges of each unit add up to its line's chord
    # through the square, measured on the one-unit network
    lengths = np.hypot(*(segments[:, 1] - segments[:, 0]).T)
    for d in range(3):
        alone = regions_2d(ShallowNetwork(theta[d:d + 1], [0.0, 1.0]))
        seg, lay, _ = alone.edges()
        chord = np.hypot(*(seg[lay == 0, 1] - seg[lay == 0, 0]).T).sum()
        np.testing.assert_allclose(lengths[inner & (units == d)].sum(), chord, rtol=1e-12)


# --- against brute force -----------------------------------------------------------------------


@pytest.mark.parametrize("widths, seed", [((3,), 1), ((5,), 2), ((4, 3), 3), ((3, 3, 3), 4)])
def test_small_nets_equal_grid_patterns(widths, seed):
    net = he_network(widths, seed, bias_std=0.5)
    partition = regions_2d(net)
    check_partition(partition, 4.0)
    on_grid = np.unique(activation_patterns(net, grid(n=400)), axis=0)
    exact = {row.tobytes(): i for i, row in enumerate(partition.patterns)}
    found = [exact[row.tobytes()] for row in on_grid]  # KeyError if the grid found more
    # equal counts, except regions smaller than a few pixels that no pixel centre hits
    missed = np.setdiff1d(np.arange(len(partition)), found)
    assert (partition.areas[missed] < 4 * (2 / 400) ** 2).all()
    assert len(on_grid) == len(partition) - missed.size


def test_he_3x20_against_a_million_pixel_grid():
    net = he_network((20, 20, 20), seed=0)
    partition = regions_2d(net)
    check_partition(partition, 4.0)
    pixels = pattern_map(net, resolution=1000)
    exact = {row.tobytes(): i for i, row in enumerate(partition.patterns)}
    seen = [exact[row.tobytes()] for row in pixels.patterns]  # KeyError if the grid found more
    assert pixels.num_regions == len(seen) <= len(partition)
    # the grid misses some regions, all of them small: under 20 pixels of area
    missed = np.setdiff1d(np.arange(len(partition)), seen)
    assert 0 < missed.size < 0.15 * len(partition)
    assert partition.areas[missed].max() < 20 * (2 / 1000) ** 2


def test_one_layer_never_exceeds_zaslavsky():
    rng = np.random.default_rng(7)
    for units in (1, 2, 5, 12, 30):
        theta = rng.standard_normal((units, 3)) * [0.3, 1, 1]
        net = ShallowNetwork(theta, np.ones(units + 1))
        count = len(regions_2d(net))
        assert count <= sum(comb(units, j) for j in range(3))


def test_lines_in_general_position_reach_the_bound():
    # lines through points near the centre, all crossings inside the square
    rng = np.random.default_rng(3)
    angles = np.sort(rng.uniform(0, np.pi, 8))
    normals = np.column_stack([np.cos(angles), np.sin(angles)])
    offsets = rng.uniform(-0.05, 0.05, 8)
    net = ShallowNetwork(np.column_stack([offsets, normals]), np.ones(9))
    assert len(regions_2d(net, (-10, 10), (-10, 10))) == 1 + 8 + comb(8, 2)


# --- layer by layer ----------------------------------------------------------------------------


def test_after_layer_partitions_grow_and_map_hidden_activations():
    net = he_network((6, 5, 4), seed=11, bias_std=0.3)
    partition = regions_2d(net)
    counts = partition.counts
    assert counts == sorted(counts) and len(counts) == 3
    rng = np.random.default_rng(1)
    for k in range(3):
        part = partition.after_layer(k)
        assert len(part) == counts[k]
        assert part.patterns.shape == (counts[k], sum(net.widths[: k + 1]))
        pts, owners = interior_points(part, rng)
        # the maps of the hidden activations h_{k+1}; the last partition is the whole one (output)
        expected = net.forward(pts).activations[k] if k < 2 else net(pts)[:, None]
        np.testing.assert_allclose(part.evaluate(pts, owners), expected, atol=1e-9)
        # the regions of layer k refine those of layer k - 1
        if k:
            parent = partition.after_layer(k - 1).locate(part.centroids)
            np.testing.assert_array_equal(parent, part._cells.parents)
    domain = partition.after_layer(-1)
    assert len(domain) == 1
    np.testing.assert_allclose(domain.evaluate([[0.3, -0.2]], [0]), [[0.3, -0.2]])


def test_a_network_without_hidden_layers_is_one_affine_region():
    net = DeepNetwork([np.array([0.5, -1.0])], [np.array([[1.0, 2.0], [-3.0, 0.25]])])
    partition = regions_2d(net)
    assert len(partition) == 1 and partition.patterns.shape == (1, 0)
    points = np.array([[0.3, -0.2], [-0.9, 0.7]])
    np.testing.assert_allclose(partition.evaluate(points), net(points), atol=1e-12)


def test_leaky_relu_and_several_outputs():
    rng = np.random.default_rng(5)
    net = DeepNetwork(
        betas=[rng.standard_normal(5) * 0.3, rng.standard_normal(4) * 0.3, rng.standard_normal(2)],
        omegas=[rng.standard_normal((5, 2)), rng.standard_normal((4, 5)),
                rng.standard_normal((2, 4))],
        activation="leaky_relu",
    )
    partition = regions_2d(net, (-2, 1), (-1, 3))
    check_partition(partition, 12.0)
    assert partition.A.shape == (len(partition), 2, 2)


def test_plane_slice_of_a_three_input_network():
    net = he_network((5, 4), seed=8, inputs=3, bias_std=0.4)
    origin, u, v = np.array([0.1, -0.2, 0.3]), np.array([1.0, 0.0, 0.5]), np.array([0.0, 1.0, -0.5])
    partition = regions_2d(net, plane=(origin, u, v))
    check_partition(partition, 4.0)
    pts = partition.centroids
    inputs = origin + pts[:, :1] * u + pts[:, 1:] * v
    np.testing.assert_allclose(partition.evaluate(pts, np.arange(len(partition)))[:, 0],
                               net(inputs), atol=1e-9)


def test_convex_polygon_domain_in_either_orientation():
    triangle = np.array([[-1.0, -1.0], [1.5, -0.5], [0.0, 1.2]])
    (ax, ay), (bx, by) = triangle[1] - triangle[0], triangle[2] - triangle[0]
    area = 0.5 * abs(ax * by - ay * bx)
    net = he_network((6, 6), seed=9, bias_std=0.3)
    ccw = regions_2d(net, domain=triangle)
    cw = regions_2d(net, domain=triangle[::-1])
    check_partition(ccw, area)
    assert len(cw) == len(ccw)


# --- level sets --------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [0.0, 0.5, -0.3])
def test_level_set_segments_lie_on_the_level(level):
    partition = regions_2d(FIG_3_8)
    segments = partition.level_set(level)
    assert len(segments) > 0
    ends = segments.reshape(-1, 2)
    mids = segments.mean(axis=1)
    np.testing.assert_allclose(FIG_3_8(ends), level, atol=1e-9)
    np.testing.assert_allclose(FIG_3_8(mids), level, atol=1e-9)
    # the set crosses from below to above: sign changes on the grid happen near the segments
    values = FIG_3_8(grid(n=101)) - level
    assert (values > 0).any() and (values < 0).any()


def test_level_set_of_two_outputs_with_weights():
    rng = np.random.default_rng(2)
    net = ShallowNetwork(rng.standard_normal((4, 3)), rng.standard_normal((2, 5)))
    partition = regions_2d(net)
    segments = partition.level_set(0.0, output=[1.0, -1.0])
    y = net(segments.reshape(-1, 2))
    np.testing.assert_allclose(y[:, 0] - y[:, 1], 0.0, atol=1e-9)


# --- degeneracies ------------------------------------------------------------------------------


def test_dead_unit_does_not_split():
    theta = [[0.1, 1.0, 0.0], [-10.0, 1.0, 1.0], [0.2, 0.0, 1.0]]  # unit 1 is off on the square
    partition = regions_2d(ShallowNetwork(theta, [0, 1, 1, 1]))
    assert len(partition) == 4
    assert not partition.patterns[:, 1].any()


def test_two_parallel_units_and_a_repeated_unit():
    theta = [[0.0, 1.0, 1.0], [0.5, 1.0, 1.0], [0.0, 2.0, 2.0], [0.0, -1.0, -1.0]]
    net = ShallowNetwork(theta, [0, 1, -1, 0.5, 2])
    partition = regions_2d(net)
    # two distinct parallel lines: 3 strips; the doubled and the flipped copy add nothing
    assert len(partition) == 3
    check_partition(partition, 4.0)


def test_all_zero_weights_give_one_region():
    net = DeepNetwork([np.zeros(4), np.zeros(3), [0.7]], [np.zeros((4, 2)), np.zeros((3, 4)),
                                                          np.zeros((1, 3))])
    partition = regions_2d(net)
    assert len(partition) == 1
    assert not partition.patterns.any()
    np.testing.assert_allclose(partition.b, [[0.7]])
    assert partition.counts == [1, 1]


def test_line_through_a_corner_of_the_domain():
    # x + y = 2 only touches the corner (1, 1); x - y = 0 runs through two corners
    touching = regions_2d(ShallowNetwork([[-2.0, 1.0, 1.0]], [0, 1]))
    assert len(touching) == 1 and not touching.patterns.any()
    diagonal = regions_2d(ShallowNetwork([[0.0, 1.0, -1.0]], [0, 1]))
    assert len(diagonal) == 2
    assert sorted(np.diff(diagonal.offsets)) == [3, 3]
    check_partition(diagonal, 4.0)


def test_line_along_the_domain_edge():
    # x = 1 is the right edge: no split, and the unit is off (<= 0 on the square)
    partition = regions_2d(ShallowNetwork([[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]], [0, 1, 1]))
    assert len(partition) == 2


def test_three_lines_through_one_point():
    # x = 0, y = 0 and x = y meet at the origin: 6 regions; also through an existing vertex
    net = ShallowNetwork([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, -1.0]], [0, 1, 2, 3])
    partition = regions_2d(net)
    assert len(partition) == 6
    check_partition(partition, 4.0)
    # a second layer whose line passes through that triple point and through a corner
    deep = DeepNetwork([[0.0, 0.0, 0.0], [0.0], [0.0]],
                       [np.eye(3, 2) + [[0, 0], [0, 0], [1, -1]], [[1.0, 1.0, -1.0]], [[1.0]]])
    check_partition(regions_2d(deep), 4.0)


def test_tiny_triangle_far_from_the_origin_is_kept():
    # three lines nearly through c = (0.26, -0.17) bound a triangle of side ~1e-8 (area ~1e-17):
    # a shoelace sum in absolute coordinates, or a running total, cancels it away
    c = np.array([0.26, -0.17])
    angles = np.array([0.3, 1.4, 2.5])
    normals = np.column_stack([np.cos(angles), np.sin(angles)])
    theta = np.column_stack([-(normals @ c) + [3e-9, 3e-9, 3e-9], normals])
    net = ShallowNetwork(theta, [0.0, 1.0, -1.0, 0.5])
    partition = regions_2d(net)
    assert len(partition) == 7
    assert 0 < partition.areas.min() < 1e-15
    check_partition(partition, 4.0)


def test_zero_biases_put_every_first_layer_line_through_the_origin():
    net = he_network((12, 8), seed=4, bias_std=0.0)
    partition = regions_2d(net)
    assert partition.counts[0] == 24  # 12 lines through one point: 24 sectors
    check_partition(partition, 4.0)


def test_exactly_cancelling_units_do_not_split():
    # layer 2's unit 0 computes h_0 - h_1 with h_0 == h_1: identically 0, its line is noise
    omega0 = np.array([[0.3, 0.7], [0.3, 0.7], [1.0, -1.0]])
    net = DeepNetwork([[0.1, 0.1, 0.0], [0.0, 0.2], [0.0]],
                      [omega0, [[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]], [[1.0, 1.0]]])
    partition = regions_2d(net)
    assert not partition.layer_patterns(1)[:, 0].any()
    check_partition(partition, 4.0)


# --- random networks (hypothesis) --------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    widths=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    seed=st.integers(0, 2**31 - 1),
    bias_std=st.sampled_from([0.0, 0.1, 1.0]),
    rounded=st.booleans(),
    activation=st.sampled_from(["relu", "leaky_relu"]),
)
def test_random_small_networks(widths, seed, bias_std, rounded, activation):
    net = he_network(widths, seed, bias_std, activation=activation)
    if rounded:  # small integer-like weights: many parallel lines, lines through vertices
        net = DeepNetwork([np.round(b * 2) / 2 for b in net.betas],
                          [np.round(o * 2) / 2 for o in net.omegas], activation)
    partition = regions_2d(net)
    check_partition(partition, 4.0)
    on_grid = activation_patterns(net, grid(n=60))
    exact = {row.tobytes() for row in partition.patterns}
    assert {row.tobytes() for row in np.unique(on_grid, axis=0)} <= exact
    if len(widths) == 1:
        assert len(partition) <= sum(comb(widths[0], j) for j in range(3))


# --- the sorts that build the cells (fast paths checked against NumPy's argsort) -----------------


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 3000), groups=st.integers(1, 50), seed=st.integers(0, 2**16))
def test_grouped_angle_order_equals_lexsort(n, groups, seed):
    rng = np.random.default_rng(seed)
    group = np.sort(rng.integers(0, groups, n))
    within = rng.uniform(-2, 2, n)
    assert np.array_equal(_sorted_group_order(group, within), np.lexsort((within, group)))


def test_grouped_angle_order_with_ties_and_near_ties_is_exact():
    # within values closer than the packed word can tell apart: the exact fallback decides
    group = np.array([0, 0, 0, 1, 1, 1])
    within = np.array([0.5, 0.5 + 1e-15, -2.0, 2.0, 1e-300, 0.0])
    expected = np.lexsort((within, group))
    assert np.array_equal(_sorted_group_order(group, within), expected)


def test_key_order_makes_equal_keys_contiguous_even_when_top_bits_collide():
    rng = np.random.default_rng(5)
    names = rng.integers(0, 2**64 - 1, 40, dtype=np.uint64, endpoint=True)
    # keys 4 and 5 differ only in the low bits that the fast path replaces by the index
    for keys in (names[rng.integers(0, 40, 5000)], np.array([5, 4, 5, 4, 4], dtype=np.uint64)):
        order = _key_order(keys)
        assert np.array_equal(np.sort(order), np.arange(keys.size))
        ordered = keys[order]
        runs = 1 + np.count_nonzero(ordered[1:] != ordered[:-1])
        assert runs == np.unique(keys).size


# --- pixel maps --------------------------------------------------------------------------------


def test_pattern_map_ids_and_boundary():
    result = pattern_map(FIG_3_8, resolution=(120, 80))
    assert result.ids.shape == (80, 120) and result.boundary.shape == (80, 120)
    assert result.num_regions == 7
    assert result.ids.min() == 0 and result.ids.max() == 6
    # ids agree with the exact partition's patterns at the pixel centres
    partition = regions_2d(FIG_3_8)
    gx, gy = np.meshgrid(result.xs, result.ys)
    located = partition.locate(np.column_stack([gx.ravel(), gy.ravel()])).reshape(80, 120)
    for i in range(7):
        assert len(np.unique(located[result.ids == i])) == 1
    assert result.boundary.sum() < 0.1 * result.ids.size
    assert not result.boundary[result.ids == result.ids[0, 0]].all()


def test_pattern_map_of_the_first_layers_matches_after_layer():
    net = he_network((6, 5, 4), seed=11, bias_std=0.3)
    partition = regions_2d(net)
    for layers in (1, 2, 3):
        result = pattern_map(net, resolution=300, layers=layers)
        assert result.patterns.shape[1] == sum(net.widths[:layers])
        part = partition.after_layer(layers - 1)
        gx, gy = np.meshgrid(result.xs, result.ys)
        located = part.locate(np.column_stack([gx.ravel(), gy.ravel()])).reshape(result.ids.shape)
        # one exact region per pattern id, and no pattern that the exact partition lacks
        assert all(len(np.unique(located[result.ids == i])) == 1 for i in range(result.num_regions))
        assert result.num_regions <= len(part) and (located >= 0).all()
    for bad in (-1, 4, 1.5, True):
        with pytest.raises(ParameterError, match="layers must be a whole number from 0 to 3"):
            pattern_map(net, resolution=10, layers=bad)


def test_is_subpixel_picks_pixels_for_huge_partitions():
    small = regions_2d(FIG_3_8)
    assert not small.is_subpixel(512)
    big = regions_2d(he_network((20, 20, 20), seed=0))
    assert big.is_subpixel(20)
    assert not big.is_subpixel(2000)


# --- bad input ---------------------------------------------------------------------------------


def test_three_inputs_without_a_plane_is_refused():
    net = he_network((3,), seed=0, inputs=3)
    with pytest.raises(ParameterError, match=r"3 input\(s\).*plane=\(origin, u, v\)"):
        regions_2d(net)


def test_reversed_limits_are_refused():
    with pytest.raises(ParameterError, match=r"xlim must be \(low, high\) with low < high; got "
                                             r"\(1, -1\)\. Swap"):
        regions_2d(FIG_3_8, (1, -1), (-1, 1))
    with pytest.raises(ParameterError, match="ylim"):
        pattern_map(FIG_3_8, (-1, 1), (2, 2))


def test_curved_activation_is_refused():
    net = ShallowNetwork(FIG_3_8.theta, FIG_3_8.phi, activation="tanh")
    with pytest.raises(ParameterError, match=r"piecewise-linear.*'tanh'.*activation='relu'"):
        regions_2d(net)


def test_other_bad_inputs():
    with pytest.raises(ParameterError, match="ShallowNetwork or DeepNetwork"):
        regions_2d(np.eye(2))
    with pytest.raises(ParameterError, match="convex"):
        regions_2d(FIG_3_8, domain=[[0, 0], [1, 0], [0.2, 0.2], [0, 1]])
    with pytest.raises(ParameterError, match="linearly independent"):
        regions_2d(he_network((2,), 0, inputs=3), plane=([0, 0, 0], [1, 0, 0], [2, 0, 0]))
    with pytest.raises(ParameterError, match="resolution"):
        pattern_map(FIG_3_8, resolution=0)


# --- parents, neighbours and joints (the regions scene colours and draws with these) -----------


def shared_boundary(p, q, tol=1e-9):
    """Length of the common boundary of convex polygons p, q (n, 2): brute force over their
    edge pairs (collinear, opposite, overlapping), a route independent of Partition2D."""
    total = 0.0
    for a, b in zip(p, np.roll(p, -1, axis=0)):
        d = b - a
        length = np.hypot(*d)
        if length < tol:
            continue
        u = d / length
        normal = np.array([-u[1], u[0]])
        for c, e in zip(q, np.roll(q, -1, axis=0)):
            if abs(normal @ (c - a)) > tol or abs(normal @ (e - a)) > tol:
                continue  # not on the same line
            if (e - c) @ u >= 0:
                continue  # the same direction: the polygons would overlap
            lo, hi = sorted((u @ (c - a), u @ (e - a)))
            total += max(0.0, min(hi, length) - max(lo, 0.0))
    return total


@pytest.mark.parametrize("net", [FIG_3_8, he_network((4, 4), seed=2, bias_std=0.3),
                                 he_network((5, 3, 3), seed=7, bias_std=0.3)])
def test_adjacency_is_the_pairs_sharing_an_edge(net):
    partition = regions_2d(net)
    pairs = partition.adjacency()
    assert pairs.dtype == np.int64 and (pairs[:, 0] < pairs[:, 1]).all()
    polygons = partition.polygons
    brute = {(i, j) for i in range(len(polygons)) for j in range(i + 1, len(polygons))
             if shared_boundary(polygons[i], polygons[j]) > 1e-9}
    assert {tuple(p) for p in pairs} == brute
    # neighbours differ in exactly one unit's state (the pre-activations are continuous)
    flips = (partition.patterns[pairs[:, 0]] != partition.patterns[pairs[:, 1]]).sum(axis=1)
    assert (flips == 1).all()


def test_fig_3_8_neighbours():
    # the seven regions of three lines in the square: each line's chord is cut by the other
    # two into pieces, each piece one pair of neighbours
    partition = regions_2d(FIG_3_8)
    segments, layers, _ = partition.edges()
    assert len(partition.adjacency()) == (layers == 0).sum() == 9


def test_parents_hold_their_children():
    net = he_network((5, 4, 3), seed=5, bias_std=0.3)
    partition = regions_2d(net)
    np.testing.assert_array_equal(partition.after_layer(0).parents, 0)
    for k in (1, 2):
        part = partition.after_layer(k)
        np.testing.assert_array_equal(part.parents, partition.after_layer(k - 1).locate(part.centroids))
        # every region of layer k - 1 is split into at least one child
        assert set(part.parents) == set(range(len(partition.after_layer(k - 1))))


@pytest.mark.parametrize("widths, seed", [((6, 6, 6), 3), ((4, 5), 8), ((3, 3, 3), 1)])
def test_joint_lines_are_straight_inside_old_regions_and_bend_at_their_edges(widths, seed):
    from nnmath.presets import random_relu_network

    net = random_relu_network(widths, seed)
    partition = regions_2d(net)
    for k in range(len(widths)):
        segments, layers, units = partition.after_layer(k).edges()
        lines = partition.joint_lines(k)
        for d in range(widths[k]):
            mine = [line for unit, line in lines if unit == d]
            # the polylines cover exactly the edges of unit d (same total length)
            drawn = sum(np.hypot(*np.diff(line, axis=0).T).sum() for line in mine)
            edges = segments[(layers == k) & (units == d)]
            np.testing.assert_allclose(drawn, np.hypot(*(edges[:, 1] - edges[:, 0]).T).sum(),
                                       rtol=1e-9, atol=1e-12)
            for line in mine:
                pre = partition.plane_net.preactivations(line)
                # every vertex lies on the unit's joint: pre-activation 0
                assert np.abs(pre[k][:, d]).max() < 1e-9
                # an open joint ends on the domain's boundary
                closed = np.allclose(line[0], line[-1])
                if not closed:
                    assert np.abs(line[[0, -1]]).max(axis=1).min() > 1 - 1e-9
                # where it turns, it crosses an edge of an earlier layer (a unit there is at 0)
                u, v = np.diff(line, axis=0)[:-1], np.diff(line, axis=0)[1:]
                cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
                turn = np.abs(cross) > 1e-9 * np.hypot(*u.T) * np.hypot(*v.T)
                if k == 0:
                    assert not turn.any()  # layer 1's joints are straight lines
                elif turn.any():
                    nearest = np.min([np.abs(p).min(axis=1) for p in pre[:k]], axis=0)
                    assert nearest[1:-1][turn].max() < 1e-9
    with pytest.raises(ParameterError, match=f"between 0 and {len(widths) - 1}"):
        partition.joint_lines(len(widths))


def test_a_sliver_domain_is_refused_with_a_clear_error():
    net = nnmath.PRESETS["fig3_8"].factory()
    for ylim in [(0.0, 1e-12), (0.0, 1e-7)]:
        with pytest.raises(nnmath.ParameterError, match="too thin to split"):
            nnmath.regions_2d(net, (-1, 1), ylim)
    assert len(nnmath.regions_2d(net, (-1, 1), (0, 1e-3))) >= 1  # thin, but splittable
