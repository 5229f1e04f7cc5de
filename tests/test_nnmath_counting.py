"""Parameter and region counts: the book's values (REFERENCE.md) and brute force."""

from itertools import combinations
from math import comb

import numpy as np
import pytest

import nnmath


def test_reference_values():
    assert nnmath.num_parameters(1, [10] * 5, 1) == 471
    assert nnmath.max_regions_deep(1, 10, 5) == 161_051 == 11**5  # not the slides' 161,501
    assert nnmath.num_parameters(10, [50] * 5, 1) == 10_801
    regions = nnmath.max_regions_deep(10, 50, 5)
    assert 10**40 < regions < 10**42 and f"{regions:.4e}" == "1.7956e+41"  # not 1e134
    assert nnmath.num_parameters(100, [500], 1) == 51_001
    assert nnmath.max_regions_shallow(100, 500) > 10**107
    assert nnmath.num_parameters(1, [6], 1) == 19 and nnmath.max_regions_shallow(1, 6) == 7
    assert nnmath.max_regions_shallow(2, 3) == 7  # Fig. 3.8
    # Fig. 20.2 (the 4-layer model has 15,319 parameters, not 15,139)
    widths = {1: 298, 2: 100, 3: 75, 4: 63}
    assert [nnmath.num_parameters(40, [w] * k, 10) for k, w in widths.items()] == [
        15_208, 15_210, 15_235, 15_319]


@pytest.mark.parametrize("di, d, k, do", [(1, 1, 1, 1), (3, 4, 2, 2), (2, 7, 3, 5), (10, 50, 5, 1)])
def test_parameter_formula_matches_a_built_network(di, d, k, do):
    sizes = [di] + [d] * k + [do]
    net = nnmath.DeepNetwork([np.zeros(n) for n in sizes[1:]],
                             [np.zeros((q, p)) for p, q in zip(sizes[:-1], sizes[1:])])
    # REFERENCE: (Di+1) D + (K-1) D (D+1) + (D+1) Do
    assert net.num_parameters == nnmath.num_parameters(di, [d] * k, do) == (
        (di + 1) * d + (k - 1) * d * (d + 1) + (d + 1) * do)


def brute_force_arrangement_regions(n_lines, rng):
    """Regions of n random lines in the plane in general position: 1 + n + crossings."""
    lines = rng.normal(size=(n_lines, 3))
    crossings = 0
    for a, b in combinations(lines, 2):
        if abs(a[0] * b[1] - a[1] * b[0]) > 1e-12:
            crossings += 1
    return 1 + n_lines + crossings


@pytest.mark.parametrize("d", range(0, 8))
def test_zaslavsky_two_inputs_against_euler_count(d):
    assert nnmath.max_regions_shallow(2, d) == brute_force_arrangement_regions(d, np.random.default_rng(d))
    assert nnmath.max_regions_shallow(2, d) == 1 + d + comb(d, 2)


def test_deep_bound_one_input_reached_by_tent_like_maps():
    # width-D sawtooth layers reach (D+1)^K on one input: check D = 2 (tent map) exactly
    from tests.test_nnmath_piecewise import tent_map
    assert nnmath.piecewise_linear(tent_map(6), 0, 1).num_regions == 2**6 <= nnmath.max_regions_deep(1, 2, 6)


@pytest.mark.parametrize("call, message", [
    (lambda: nnmath.num_parameters(0, [3], 1), "input_dim must be at least 1"),
    (lambda: nnmath.num_parameters(1, [], 1), "at least one hidden layer"),
    (lambda: nnmath.num_parameters(1, [3.5], 1), "whole number"),
    (lambda: nnmath.max_regions_deep(3, 10, 2), "multiple of the input size"),
])
def test_bad_input_messages(call, message):
    with pytest.raises(nnmath.ParameterError, match=message):
        call()
