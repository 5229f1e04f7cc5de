"""Group D: the notation and depth_efficiency scenes and the layer_shapes, depth_counts,
composition and fold_view figures draw what nnmath computed."""

import numpy as np
import pytest

import nnmath
from nnlecture import catalog
from tests.test_scenes import check_layout, render  # noqa: F401  (the layout check fixture)


# --- nnmath: the counts, by a second route -----------------------------------------------------
def test_fig4_6_preset_has_the_books_shapes():
    net = nnmath.PRESETS["fig4_6"].factory()
    assert [o.shape for o in net.omegas] == [(4, 3), (2, 4), (3, 2), (2, 3)]
    assert [b.shape for b in net.betas] == [(4,), (2,), (3,), (2,)]
    assert net.num_parameters == 43
    for o in net.omegas:  # one decimal, for writing out
        np.testing.assert_allclose(o, np.round(o, 1), atol=0)


@pytest.mark.parametrize("sizes", [(3, 4, 2, 3, 2), (1, 10, 10, 10, 10, 10, 1), (10, 50, 50, 1), (2, 1, 7, 3)])
def test_parameter_terms_add_up_to_both_counts(sizes):
    di, *widths, do = sizes
    terms = nnmath.parameter_terms(di, widths, do)
    net = nnmath.random_relu_network(widths, seed=0, input_dim=di, output_dim=do)
    assert [(t.rows, t.cols) for t in terms] == [o.shape for o in net.omegas]
    assert sum(t.total for t in terms) == net.num_parameters == nnmath.num_parameters(di, widths, do)


@pytest.mark.parametrize("width, depth", [(10, 5), (1, 1), (3, 2), (50, 7)])
def test_uniform_count_is_the_layer_by_layer_count(width, depth):
    c = nnmath.uniform_count(width, depth)
    assert c.first + c.middle + c.last == c.total == nnmath.num_parameters(1, [width] * depth, 1)
    assert sum(t.total for t in nnmath.parameter_terms(1, [width] * depth, 1)) == c.total
    assert nnmath.uniform_count(10, 5).total == 471


def test_equal_parameter_width_is_the_nearest():
    for di, p in [(2, 109), (2, 67), (1, 20), (10, 10_801)]:
        d = nnmath.equal_parameter_width(di, p)
        best = min(abs(nnmath.num_parameters(di, [w], 1) - p) for w in range(1, 5000))
        assert abs(nnmath.num_parameters(di, [d], 1) - p) == best
    assert nnmath.equal_parameter_width(2, 109) == 27  # 2 -> 27 -> 1 has 109, as 2 -> 6, 6, 6 -> 1


def test_product_bound_of_the_reference():
    assert nnmath.max_regions_product(2, [6, 6]) == 484
    assert nnmath.max_regions_product(2, [6, 6, 6]) == 10_648
    assert nnmath.max_regions_product(2, [6]) == nnmath.max_regions_shallow(2, 6) == 22
    assert nnmath.max_regions_product(1, [10] * 5) == 11 ** 5 == nnmath.max_regions_deep(1, 10, 5)


# --- the notation scene -------------------------------------------------------------------------
def assert_blocks_are_the_networks(scene, net):
    for layer, omega, beta in zip(scene.layers, net.omegas, net.betas):
        assert layer.omega.shape == omega.shape and layer.beta.shape == (beta.size, 1)
        # the drawn squares: as many as entries, in rows x columns on screen
        centres = np.array([c.get_center() for c in layer.omega])
        assert len(layer.omega) == omega.size
        assert len(np.unique(np.round(centres[:, 1], 3))) == omega.shape[0]
        assert len(np.unique(np.round(centres[:, 0], 3))) == omega.shape[1]
        assert len(layer.beta) == beta.size


def test_notation_draws_every_shape_of_fig4_6(tmp_path):
    scene = render("notation", tmp_path)
    net = nnmath.PRESETS["fig4_6"].factory()
    assert_blocks_are_the_networks(scene, net)
    d = scene.data
    assert d.net.num_parameters == 43 and [t.total for t in d.terms] == [16, 10, 9, 8]
    assert d.count.total == 471
    # the diagram: one line per weight, one circle per unit
    assert len(scene.diagram.edges) == sum(o.size for o in net.omegas) == 32
    assert len(scene.diagram.nodes) == 3 + 4 + 2 + 3 + 2
    assert "43" in scene.total.tex_string and "471" in scene.total_line.get_tex_string()


def test_notation_follows_a_lecturers_widths(tmp_path):
    entry = catalog.lookup("notation")
    params = entry.resolve_params({"input_dim": 1, "widths": [6, 6], "output_dim": 1,
                                   "depth": 3, "width": 4})
    scene = render("notation", tmp_path, params)
    assert [layer.omega.shape for layer in scene.layers] == [(6, 1), (6, 6), (1, 6)]
    assert scene.data.count.total == 3 * 4 + 1 + 2 * 4 * 5 == nnmath.num_parameters(1, [4] * 3, 1)


@pytest.mark.parametrize("table, words", [
    ({"widths": [4, 2, 3, 5]}, "at most 3"),
    ({"widths": [7]}, "from 1 to 6"),
])
def test_notation_refuses_what_does_not_fit(table, words):
    with pytest.raises(nnmath.ParameterError, match=words):
        catalog.lookup("notation").resolve_params(table)
