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
    from scenes.runner import render_scene
    entry = catalog.lookup("notation")
    params = entry.resolve_params({"input_dim": 1, "widths": [6, 6], "output_dim": 1,
                                   "depth": 3, "width": 4})
    # up to the shapes step (the frame that depends on the widths), layout checked
    _, scene = render_scene(entry.load(), "notation", params, quality="low", fmt="png",
                            out_dir=tmp_path, progress=False, step="shapes")
    assert scene.layout_problems == []
    assert [layer.omega.shape for layer in scene.layers] == [(6, 1), (6, 6), (1, 6)]
    assert scene.data.count.total == 3 * 4 + 1 + 2 * 4 * 5 == nnmath.num_parameters(1, [4] * 3, 1)


@pytest.mark.parametrize("table, words", [
    ({"widths": [4, 2, 3, 5]}, "at most 3"),
    ({"widths": [7]}, "from 1 to 6"),
])
def test_notation_refuses_what_does_not_fit(table, words):
    with pytest.raises(nnmath.ParameterError, match=words):
        catalog.lookup("notation").resolve_params(table)


# --- the depth_efficiency scene -----------------------------------------------------------------
def tex_numbers(mobject) -> list[str]:
    """Every number written in a Tex/MathTex (commas and LaTeX braces removed)."""
    import re
    text = mobject.get_tex_string() if hasattr(mobject, "get_tex_string") else mobject.tex_string
    return re.findall(r"\d+(?:\.\d+)?", text.replace("{,}", "").replace(",", ""))


def test_depth_efficiency_numbers_are_nnmaths(tmp_path):
    from nnmath.pixelmap import pattern_map
    scene = render("depth_efficiency", tmp_path)
    d = scene.data
    nets = d.nets
    # Fig. 3.9's point, Fig. 4.7's examples
    assert d.point == (100, 500, 51_001, nnmath.max_regions_shallow(100, 500))
    assert d.point[3] > 10 ** 107
    assert d.examples[1] == (10, 5, 471, 161_051)
    assert d.examples[10][:3] == (50, 5, 10_801) and d.examples[10][3] > 10 ** 40
    assert nnmath.leading_digits(d.examples[10][3], 4) == (17956, 41)
    # the composition: 20 parameters and 9 regions against 19 and at most 7
    c = d.composition
    assert (c.composed_parameters, c.composed.num_regions, c.shallow_parameters,
            c.shallow_max_regions) == (20, 9, 19, 7)
    # the two random nets: equal parameters, exact counts, brute force agrees
    assert nets.deep.num_parameters == nets.shallow.num_parameters == 109 and nets.same_parameters
    assert nets.shallow.widths == (27,)
    for net, partition, drawn in ((nets.deep, nets.deep_regions, scene.sides[0]),
                                  (nets.shallow, nets.shallow_regions, scene.sides[1])):
        assert len(drawn[1]) == len(partition)  # one polygon per region
        assert str(len(partition)) in tex_numbers(drawn[3])
        pixels = pattern_map(net, resolution=400)
        exact = {row.tobytes(): i for i, row in enumerate(partition.patterns)}
        seen = {exact[row.tobytes()] for row in pixels.patterns}  # KeyError: the grid found more
        missed = np.setdiff1d(np.arange(len(partition)), list(seen))
        assert (partition.areas[missed] < 20 * (2 / 400) ** 2).all()
    assert (nets.deep_lower, nets.deep_upper, nets.shallow_max) == (5_632, 10_648, 379)
    assert len(nets.deep_regions) < nets.deep_upper and len(nets.shallow_regions) <= nets.shallow_max
    # the words on screen name which bound is which
    deep_words = " ".join(m.tex_string for m in scene.sides[0][4])
    assert "at least 5,632" in deep_words and "construction" in deep_words and "at most 10,648" in deep_words
    assert "exact" in scene.sides[1][4][0].tex_string


def test_depth_efficiency_curves_are_the_books():
    from scenes.depth_efficiency import DepthData
    d = DepthData.from_params(catalog.lookup("depth_efficiency").default_params())
    shallow, deep = d.deep[1]
    assert deep[0].regions[4] == 161_051 and deep[0].parameters[4] == 471
    assert shallow.maximum and all(c.maximum for c in deep)  # 1 input: the maxima
    assert not any(c.maximum for c in d.deep[10][1])  # 10 inputs: a construction's count
    assert d.deep[10][1][1].parameters[4] == 10_801
    for curve in d.deep[10][1]:
        for widths, p, r in zip(curve.widths, curve.parameters, curve.regions):
            assert p == nnmath.num_parameters(10, widths, 1)
            assert r == nnmath.max_regions_deep(10, widths[0], len(widths))


def test_depth_efficiency_refuses_too_many_regions_to_draw():
    with pytest.raises(nnmath.ParameterError, match="room for 2,000"):
        catalog.lookup("depth_efficiency").resolve_params({"widths": [30, 30]})


# --- the figures ----------------------------------------------------------------------------------
def build(name, table=None, theme="light"):
    import matplotlib.pyplot as plt
    entry = catalog.lookup(name)
    fig = entry.load()(entry.resolve_params(table or {}), theme=theme)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]
    plt.close(fig)
    return fig, texts


def test_layer_shapes_draws_every_matrix_of_fig4_6():
    fig, texts = build("layer_shapes")
    net = nnmath.PRESETS["fig4_6"].factory()
    assert [(t.rows, t.cols) for t in fig.drawn_terms] == [o.shape for o in net.omegas]
    for ax, omega, beta, term in zip(fig.axes, net.omegas, net.betas, fig.drawn_terms):
        cells = [p for p in ax.patches if p.get_facecolor()[3] == 0]  # the outlined cells
        assert len(cells) == omega.size + beta.size
        written = [float(t.get_text().replace("\u2212", "-")) for t in ax.texts
                   if t.get_text().replace("\u2212", "-").replace(".", "").lstrip("-").isdigit()]
        np.testing.assert_allclose(sorted(written), sorted([*omega.ravel(), *beta]), atol=1e-12)
        assert f"{term.weights} + {term.biases} = {term.total}" in [t.get_text() for t in ax.texts]
    assert "16 + 10 + 9 + 8 = 43 parameters" in texts


def test_layer_shapes_follows_a_lecturers_sizes():
    fig, _ = build("layer_shapes", {"input_dim": 2, "widths": [5], "output_dim": 1})
    assert [(t.rows, t.cols) for t in fig.drawn_terms] == [(5, 2), (1, 5)]
    assert fig.drawn_network.num_parameters == nnmath.num_parameters(2, [5], 1) == 21


def test_depth_counts_bars_are_the_counts_and_bounds():
    fig, texts = build("depth_counts")
    nets = fig.drawn_nets
    assert [v for _, v, _ in fig.drawn_bars] == [88, 5_632, 10_648, 295, 379]
    assert [v for _, v, _ in fig.drawn_bars] == [len(nets.deep_regions), nets.deep_lower, nets.deep_upper,
                                                 len(nets.shallow_regions), nets.shallow_max]
    for value in ("88", "5,632", "10,648", "295", "379"):
        assert value in texts
    assert any("lower bound" in t and "construction" in t for t in texts)
    assert any("exact maximum" in t for t in texts)
    # one polygon per exact region in each map
    from matplotlib.collections import PolyCollection
    drawn = [len(c.get_paths()) for ax in fig.axes for c in ax.collections if isinstance(c, PolyCollection)]
    assert drawn == [len(nets.deep_regions), len(nets.shallow_regions)]


def test_composition_marks_nine_regions_and_the_shared_preimages():
    fig, texts = build("composition")
    c = fig.drawn
    exact = nnmath.piecewise_linear(nnmath.compose(c.net1, c.net2), -1, 1)
    assert c.composed.num_regions == exact.num_regions == 9
    np.testing.assert_allclose(c.preimages, [-0.5, 0.3, 0.8], atol=1e-12)
    level, z = fig.drawn_level
    assert level == 0 and abs(z - (-0.36)) < 5e-3
    both = fig.axes[2]
    assert [t.get_text() for t in both.texts] == [str(i) for i in range(1, 10)]
    # the composed graph drawn is the exact one, and the preimage dots sit on it at y' = z
    lines = both.get_lines()
    graph = max(lines, key=lambda l: len(l.get_xdata()))
    np.testing.assert_allclose(graph.get_xdata(), exact.breakpoints)
    dots = [l for l in lines if l.get_marker() == "o"][0]
    np.testing.assert_allclose(dots.get_xdata(), c.preimages)
    np.testing.assert_allclose(exact(np.asarray(dots.get_xdata())), z, atol=1e-9)
    assert any("20 parameters" in t and "at most 7" in t for t in texts)


def test_fold_view_copies_make_up_the_composition():
    fig, texts = build("fold_view")
    c = fig.drawn
    assert [f.flipped for f in c.folds.folds] == [False, True, False]
    unfold = fig.axes[2]
    copies = [l for l in unfold.get_lines()]
    assert len(copies) == 3
    exact = c.composed
    xs = np.unique(np.concatenate([l.get_xdata() for l in copies]))
    np.testing.assert_allclose(xs, exact.breakpoints, atol=1e-12)
    for line in copies:
        np.testing.assert_allclose(line.get_ydata(), exact(np.asarray(line.get_xdata())), atol=1e-12)
    assert "copy 2\nflipped" in texts and "(c) unfold: 9 linear regions" in texts


@pytest.mark.parametrize("name", ["composition", "fold_view"])
def test_figures_refuse_bad_networks(name):
    with pytest.raises(nnmath.ParameterError, match="nothing to fold"):
        build(name, {"net1": {"theta": [[1, 0]], "phi": [0, 0]}})
    with pytest.raises(nnmath.ParameterError, match="1 to 4"):
        catalog.lookup(name).resolve_params({"net2": {"theta": [[1, 0]] * 5, "phi": [0] * 6}})


def test_a_coefficient_before_a_named_activation_gets_a_thin_space():
    from nnlecture.tex import shallow_tex
    from nnmath import presets

    net = presets.xor_relu()  # y = ReLU[x1 + x2] - 2 ReLU[x1 + x2 - 1]
    parts = shallow_tex(net.theta, net.phi, x=["x_1", "x_2"], act=r"\mathrm{ReLU}")
    assert parts[2].startswith(r"- 2\,\mathrm{ReLU}[")
    assert r"2\mathrm{a}[" in " ".join(shallow_tex(net.theta, net.phi))  # one letter: as the book
