"""Network diagrams and the merge of two networks: nnmath.diagram against a second route, the
diagram and merge scenes' drawn objects against nnmath, their figures' numbers, bad input."""

import itertools

import numpy as np
import pytest
from click.testing import CliRunner

import nnmath
import render
from figures.network_diagrams import draw as draw_diagrams
from figures.merged_network import draw as draw_merged
from nnlecture import catalog
from nnmath import diagram as nd
from scenes.common import fmt
from tests.test_scenes import render as render_scene, render_once


def preset(name):
    return nnmath.PRESETS[name].factory()


# --- nnmath.diagram ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["fig3_3", "fig3_8", "fig4_5", "fig4_6"])
def test_one_arrow_per_parameter_and_per_weight(name):
    net = nnmath.as_deep(preset(name))
    assert len(nd.arrows(net)) == net.num_parameters
    assert len(nd.arrows(net, biases=False)) == sum(o.size for o in net.omegas)
    # every arrow's value is the parameter it names
    for a in nd.arrows(net):
        expected = net.betas[a.layer][a.target] if a.is_bias else net.omegas[a.layer][a.target, a.source]
        assert a.value == expected


def test_the_books_symbols():
    assert [a.symbol for a in nd.arrows(preset("fig3_3"))] == [
        r"\theta_{10}", r"\theta_{11}", r"\theta_{20}", r"\theta_{21}", r"\theta_{30}", r"\theta_{31}",
        r"\phi_{0}", r"\phi_{1}", r"\phi_{2}", r"\phi_{3}"]
    merged = nnmath.compose(preset("fig4_1_net1"), preset("fig4_1_net2"))
    psi = {a.key: a.symbol for a in nd.arrows(merged) if a.layer == 1}
    assert psi[1, 1, 0] == r"\psi_{21}" and psi[1, 2, None] == r"\psi_{30}"  # target i, source j
    deep = nd.arrows(preset("fig4_6"))
    assert deep[0].symbol == r"(\beta_{0})_{1}" and deep[1].symbol == r"(\Omega_{0})_{11}"
    two_outputs = nnmath.ShallowNetwork([[0, 1], [1, -1]], [[0, 1, 2], [3, 4, 5]])
    assert nd.arrows(two_outputs)[-1].symbol == r"\phi_{22}"


@pytest.mark.parametrize("name", ["fig3_3", "fig4_5", "fig4_6"])
def test_the_flow_adds_up_to_the_forward_pass(name):
    net = nnmath.as_deep(preset(name))
    x = np.linspace(0.3, 0.9, net.input_dim)
    flow = nd.flow(net, x)
    # second route: sum what the arrows carry into each node, apply ReLU, layer by layer
    values = [x]
    for k in range(net.num_hidden_layers + 1):
        into = np.zeros(net.omegas[k].shape[0])
        for a in nd.arrows(net):
            if a.layer == k:
                into[a.target] += flow.carried(a)
        values.append(np.maximum(into, 0) if k < net.num_hidden_layers else into)
        if k < net.num_hidden_layers:
            np.testing.assert_allclose(flow.preactivations[k], into, atol=1e-12)
            assert (flow.active[k] == (into > 0)).all()
    for mine, theirs in zip(values, flow.values):
        np.testing.assert_allclose(mine, theirs, atol=1e-12)
    np.testing.assert_allclose(flow.output, np.atleast_1d(net(x[None, :])[0]), atol=1e-12)


def test_labels_are_placed_clear_of_each_other_and_the_nodes():
    segments = [[[0, 0], [4, 0]], [[0, 1], [4, 1]], [[0, 0], [4, 1]]]
    nodes = [[-0.3, -0.3, 0.3, 0.3], [3.7, 0.7, 4.3, 1.3]]
    centres = nd.place_labels(segments, [[0.6, 0.3]] * 3, nodes)
    boxes = [[c[0] - 0.3, c[1] - 0.15, c[0] + 0.3, c[1] + 0.15] for c in centres]
    for a, b in itertools.combinations(boxes + nodes, 2):
        assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])


# --- the diagram scene ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def diagram_scene(tmp_path_factory):
    return render_once("diagram", tmp_path_factory)


def test_the_diagram_draws_one_arrow_per_parameter(diagram_scene):
    from scenes.diagram import NetworkDiagram
    net = preset("fig3_3")
    diagram = diagram_scene.diagram
    assert len(diagram.arrows) == net.num_parameters == 10
    assert len(NetworkDiagram(net, diagram.theme, 6, 5, biases=False).arrows) == 6
    deep = diagram_scene.deep
    assert len(deep.arrows) == preset("fig4_6").num_parameters == 43
    assert not deep.per_arrow and len(deep.layer_labels) == 4  # one label per weight layer
    # each arrow runs from its source node to its target node
    for p in diagram.params:
        start = diagram.bias_node(p.layer) if p.is_bias else diagram.node(p.layer, p.source)
        arrow = diagram.arrow(*p.key)
        assert np.linalg.norm(arrow.get_start() - start.get_center()) < diagram.radius + 0.1
        assert np.linalg.norm(arrow.get_end() - diagram.node(p.layer + 1, p.target).get_center()) < \
            diagram.radius + 0.1


def test_the_forward_pass_on_screen_is_nnmaths(diagram_scene):
    net = preset("fig3_3")
    diagram, flow = diagram_scene.diagram, nd.flow(net, 0.8)
    # after the pass each arrow's label is what it carried: parameter times source
    for p in diagram.params:
        assert diagram.label(*p.key)[1].get_tex_string() == fmt(flow.carried(p))
    # node values: x, h_1..h_3, y
    for (layer, unit), name in diagram.names.items():
        assert name.get_tex_string() == fmt(flow.values[layer][unit])
    assert diagram.names[2, 0].get_tex_string() == fmt(net(0.8)) == "-0.03"
    # lit units are exactly the active ones of the trace
    lit = [diagram.node(1, u)[0].get_stroke_width() > 4 for u in range(3)]
    assert lit == list(net.forward(0.8).active[0]) == [True, False, True]


def test_the_diagram_takes_a_lecturers_deep_network(tmp_path):
    entry = catalog.lookup("diagram")
    params = entry.resolve_params({
        "net": {"betas": [[0.5, -1.0], [0.2, -0.3], [0.1]],
                "omegas": [[[1.0], [2.0]], [[1.0, -1.0], [0.5, 1.0]], [[1.0, 2.0]]]},
        "x": 1.0})
    scene = render_scene("diagram", tmp_path, params)
    flow = nd.flow(params["net"], 1.0)
    assert len(scene.diagram.arrows) == params["net"].num_parameters == 13
    assert [s.name for s in scene.steps].count("forward_layer_2") == 1
    for k in range(2):  # both hidden layers lit as their activation patterns
        lit = [scene.diagram.node(k + 1, u)[0].get_stroke_width() > 4 for u in range(2)]
        assert lit == list(flow.active[k])
    assert scene.diagram.names[3, 0].get_tex_string() == fmt(flow.output[0])


# --- the merge scene ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def merge_scene(tmp_path_factory):
    return render_once("merge", tmp_path_factory)


def test_the_merge_shows_nnmaths_psi_and_the_right_indices(merge_scene):
    net1, net2 = preset("fig4_1_net1"), preset("fig4_1_net2")
    psi = nnmath.psi(net1, net2)
    shown = [[cell.get_tex_string() for cell in row] for row in merge_scene.psi_cells]
    assert shown == [[fmt(v) for v in row] for row in psi]
    # psi_ij = theta'_i1 phi_j, psi_i0 = theta'_i0 + theta'_i1 phi_0 (second route)
    np.testing.assert_allclose(psi[:, 1:], np.outer(net2.theta[:, 1], net1.phi[1:]), atol=1e-12)
    np.testing.assert_allclose(psi[:, 0], net2.theta[:, 0] + net2.theta[:, 1] * net1.phi[0], atol=1e-12)
    text = " ".join(merge_scene.row_tex)
    assert r"\psi_{21} h_1" in merge_scene.row_tex[1]
    assert r"\psi_{21} h_2" not in text and r"\psi_{31} h_2" not in text


def test_the_merged_network_is_the_composition(merge_scene):
    d = merge_scene.data
    xs = np.linspace(-1, 1, 2001)
    np.testing.assert_allclose(d.merged(xs), d.net2(d.net1(xs)), atol=1e-12)
    np.testing.assert_allclose(d.graph(xs), d.net2(d.net1(xs)), atol=1e-12)
    assert d.graph.num_regions == 9
    assert len(merge_scene.diagram.arrows) == d.merged.num_parameters == 22
    # the diagram's middle layer carries psi_ij from h_j to h'_i
    assert merge_scene.diagram.label(1, 1, 0)[1].get_tex_string() == r"\psi_{21}"


# --- figures --------------------------------------------------------------------------------
def test_network_diagrams_figure_draws_every_parameter():
    entry = catalog.lookup("network_diagrams")
    fig = draw_diagrams(entry.default_params())
    shallow, deep = fig.drawn["shallow"], fig.drawn["deep"]
    assert len(shallow["arrows"]) == 10 and len(deep["arrows"]) == 43
    symbols = {a.key: f"${a.symbol}$" for a in nd.arrows(preset("fig3_3"))}
    assert {k: t.get_text() for k, t in shallow["labels"].items()} == symbols
    assert [t.get_text() for t in deep["layer_labels"]] == [
        rf"$\beta_{{{k}}},\ \Omega_{{{k}}}$" for k in range(4)]


def test_merged_network_figure_shows_psi():
    entry = catalog.lookup("merged_network")
    params = entry.default_params()
    fig = draw_merged(params)
    psi = nnmath.psi(params["net1"], params["net2"])
    for (i, j), text in fig.drawn["cells"].items():
        assert float(text.get_text().replace("\u2212", "-")) == pytest.approx(psi[i, j], abs=0.005)
    assert len(fig.drawn["diagram"]["arrows"]) == 15  # the weights; biases are counted in the title
    assert fig.drawn["graph"].num_regions == 9


# --- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize("table, message", [
    ({"net": {"betas": [[0.1] * 9, [0.0]], "omegas": [[[1.0]] * 9, [[1.0] * 9]]}},
     r"layers of 1 - 9 - 1 nodes.*at most 5 hidden layers and 8 nodes per layer"),
    ({"deep": {"betas": [[0.1]]}}, r"'deep' has no deep.omegas"),
    ({"deep": {"betas": [[0.1], [0.2]], "omegas": [[[1.0, 2.0]], [[1.0, 2.0]]]}},
     r"omegas\[1\] must have shape"),
    ({"x": "one"}, r"'x' must be a number"),
    ({"x": [0.1, 0.2]}, r"'x' must give one number per input of 'net', which has 1; got 2"),
])
def test_bad_diagram_parameters_are_refused_clearly(table, message):
    with pytest.raises(nnmath.ParameterError, match=message):
        catalog.lookup("diagram").resolve_params(table)


def test_bad_merge_parameters_fail_cleanly_on_the_command_line(tmp_path):
    params = tmp_path / "p.toml"
    params.write_text("[net2]\ntheta = [[1, 1], [2, 1], [3, 1], [4, 1]]\nphi = [0, 1, 1, 1, 1]\n")
    result = CliRunner().invoke(render.cli, ["merge", "--params", str(params), "--format", "png",
                                             "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "'net2' has 4 hidden units" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["diagram", "merge", "network_diagrams", "merged_network"])
def test_the_example_parameter_file_reads_back_as_the_defaults(name):
    import tomllib
    entry = catalog.lookup(name)
    params = entry.resolve_params(tomllib.loads(entry.example_params()))
    for key, value in entry.default_params().items():
        if hasattr(value, "num_parameters"):
            mine, theirs = nnmath.as_deep(params[key]), nnmath.as_deep(value)
            for a, b in zip(mine.omegas + mine.betas, theirs.omegas + theirs.betas):
                np.testing.assert_allclose(a, b, atol=1e-9)
        else:
            assert params[key] == value


@pytest.mark.parametrize("kind", ["symbols", "values"])
def test_each_arrow_carries_its_symbol_or_its_value(kind):
    from nnlecture.palette import LIGHT
    from scenes.diagram import NetworkDiagram
    net = preset("fig3_3")
    diagram = NetworkDiagram(net, LIGHT, 6.4, 5.2, labels=kind)
    assert diagram.per_arrow and len(diagram.labels) == net.num_parameters
    for p in nd.arrows(net):
        assert diagram.label(*p.key)[1].get_tex_string() == (p.symbol if kind == "symbols" else fmt(p.value))
        # the label sits on its own arrow
        arrow = diagram.arrow(*p.key)
        a, b, c = arrow.get_start()[:2], arrow.get_end()[:2], diagram.label(*p.key).get_center()[:2]
        (ux, uy), (vx, vy) = b - a, c - a
        distance = abs(ux * vy - uy * vx) / np.linalg.norm(b - a)
        assert distance < 1e-6
