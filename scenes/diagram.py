"""Network diagrams drawn from the network object (book Figs. 3.4, 3.7, 3.11, 4.4, 4.6).

``NetworkDiagram`` is a VGroup built from any ShallowNetwork or DeepNetwork (through
``nnmath.as_deep``): one column of nodes per layer, one arrow per weight and, optionally, a
bias node "1" per layer with one arrow per bias. Each arrow carries its symbol (theta_11,
psi_21, (Omega_2)_13) or its value; a network with too many arrows for one label each gets one
label per weight layer (beta_k, Omega_k) instead. Its geometry is queryable (``node``,
``bias_node``, ``arrow``, ``label``), so other scenes (the merge, backpropagation) reuse it.

The ``Diagram`` scene: the Fig. 3.3 network with symbols, bias nodes, values; a forward pass
with real numbers (what each arrow carries, pre-activations, units lit when active and greyed
when off, the output equal to nnmath's net(x)); then a deep network (Fig. 4.6's shape) in
matrix notation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Arrow, BackgroundRectangle, Circle, Create, FadeIn, FadeOut, GrowArrow,
    MathTex, Mobject, ReplacementTransform, ShowPassingFlash, Transform, VGroup, Write,
)

import nnmath
from nnmath import diagram as nd
from nnmath.presets import is_preset
from scenes.common import BODY, LABEL, LectureScene, Theme, fmt, light, shallow_tex, step

#: A weight layer with more arrows than this gets one label (beta_k, Omega_k), not one per arrow.
LABELS_PER_LAYER = 12
#: Largest node radius (scene units); nodes shrink with the space between rows.
MAX_RADIUS = 0.42
ARROW_WIDTH = 3.5


def math(text: str, theme: Theme, size: float = LABEL, color: str | None = None) -> MathTex:
    return light(MathTex(text, font_size=size, color=color or theme.text))


class NetworkDiagram(VGroup):
    """The diagram of ``net`` in a ``width`` x ``height`` box centred on the origin.

    biases: draw the bias nodes "1" and one arrow per bias (then one arrow per parameter).
    labels: "symbols", "values" or None. letters: the letters of the weight layers (see
    ``nnmath.diagram.arrows``); output: the name of the output node(s).
    Attributes: ``params`` (the nnmath Arrows, in order), ``per_arrow`` (one label per arrow,
    else one per layer, ``layer_labels``), dicts ``nodes`` [(layer, unit)], ``bias_nodes``
    [layer], ``arrows`` and ``labels`` [(layer, target, source)], ``names`` [(layer, unit)].
    """

    def __init__(self, net, theme: Theme, width: float, height: float, biases: bool = True,
                 labels: str | None = "symbols", letters=None, output: str = "y") -> None:
        super().__init__()
        self.data = Shared(net=nnmath.as_deep(net), theme=theme, biases=biases,
                           layout=nd.layout(net), params=nd.arrows(net, biases, letters))
        theme = self.theme
        sizes = self.layout.sizes
        top = max((s - 1) / 2 + (1 if biases and k < len(sizes) - 1 else 0) for k, s in enumerate(sizes))
        bottom = -(max(sizes) - 1) / 2
        self.sx = width / (len(sizes) - 1)
        self.sy = min(height / max(top - bottom, 1.0), 1.8)
        self.offset = np.array([-width / 2, -(top + bottom) / 2 * self.sy, 0.0])
        self.radius = min(MAX_RADIUS, 0.3 * self.sy, 0.22 * self.sx)
        names = nd.node_names(net, output)
        self.nodes: dict[tuple[int, int], VGroup] = {}
        self.names: dict[tuple[int, int], MathTex] = {}
        for k, size in enumerate(sizes):
            for u in range(size):
                self.nodes[k, u] = self._node(self.layout.node(k, u))
                self.names[k, u] = math(names[k][u], theme, BODY if self.radius >= 0.4 else LABEL)
                self.names[k, u].move_to(self.nodes[k, u])
        self.bias_nodes: dict[int, VGroup] = {}
        if biases:
            for k in range(len(sizes) - 1):
                self.bias_nodes[k] = self._node(self.layout.bias(k))
                self.bias_nodes[k].add(math("1", theme, BODY).move_to(self.bias_nodes[k]))
        self.arrows: dict[tuple, Arrow] = {}
        for p in self.params:
            start = self.bias_nodes[p.layer] if p.is_bias else self.nodes[p.layer, p.source]
            self.arrows[p.key] = self._arrow(start, self.nodes[p.layer + 1, p.target])
        counts = [sum(1 for p in self.params if p.layer == k) for k in range(len(sizes) - 1)]
        self.per_arrow = labels is not None and max(counts) <= LABELS_PER_LAYER
        self.labels: dict[tuple, VGroup] = {}
        self.layer_labels = VGroup()
        self.add(*self.arrows.values(), *self.nodes.values(), *self.names.values(),
                 *self.bias_nodes.values())
        if self.per_arrow:
            for p in self.params:
                self.labels[p.key] = self.arrow_label(p, labels)
            self.place_labels()
            self.add(*self.labels.values())
        elif labels is not None:
            self.layer_labels = self._layer_labels()
            self.add(self.layer_labels)

    # the network's data: shared by copies of the diagram (Manim deep-copies mobjects)
    net = property(lambda self: self.data.net)
    theme = property(lambda self: self.data.theme)
    biases = property(lambda self: self.data.biases)
    layout = property(lambda self: self.data.layout)
    params = property(lambda self: self.data.params)

    # --- geometry ------------------------------------------------------------------------
    def at(self, point: np.ndarray) -> np.ndarray:
        """Scene coordinates of a layout point (nnmath.diagram.Layout units)."""
        return self.offset + np.array([point[0] * self.sx, point[1] * self.sy, 0.0])

    def node(self, layer: int, unit: int) -> VGroup:
        return self.nodes[layer, unit]

    def bias_node(self, layer: int) -> VGroup:
        return self.bias_nodes[layer]

    def arrow(self, layer: int, target: int, source: int | None) -> Arrow:
        """The arrow of weight (Omega_layer)_{target, source}, or of bias (beta_layer)_target
        when source is None (0-based indices)."""
        return self.arrows[layer, target, source]

    def label(self, layer: int, target: int, source: int | None) -> VGroup:
        return self.labels[layer, target, source]

    def layer_arrows(self, layer: int, biases: bool = True) -> list[Arrow]:
        return [self.arrows[p.key] for p in self.params if p.layer == layer and (biases or not p.is_bias)]

    def bias_parts(self) -> VGroup:
        """The bias nodes, their arrows and labels (to show them after the weights)."""
        keys = [p.key for p in self.params if p.is_bias]
        return VGroup(*self.bias_nodes.values(), *(self.arrows[k] for k in keys),
                      *(self.labels[k] for k in keys if k in self.labels))

    def weight_parts(self) -> VGroup:
        keys = [p.key for p in self.params if not p.is_bias]
        return VGroup(*(self.arrows[k] for k in keys), *(self.labels[k] for k in keys if k in self.labels))

    # --- parts ------------------------------------------------------------------------------
    def _node(self, point: np.ndarray) -> VGroup:
        """A node's circle (``node[0]``); its name is ``names[layer, unit]``."""
        circle = Circle(radius=self.radius, color=self.theme.text, stroke_width=3)
        circle.set_fill(self.theme.background, opacity=1)
        return VGroup(circle.move_to(self.at(point)))

    def _arrow(self, start: VGroup, end: VGroup) -> Arrow:
        a, b = start[0].get_center(), end[0].get_center()
        return Arrow(a, b, buff=self.radius + 0.03, color=self.theme.axis, stroke_width=ARROW_WIDTH,
                     tip_length=0.16, max_stroke_width_to_length_ratio=100,
                     max_tip_length_to_length_ratio=0.4)

    def arrow_label(self, p: nd.Arrow, kind: str) -> VGroup:
        """The label of one arrow on a box of the background colour (the arrow runs under it)."""
        text = p.symbol if kind == "symbols" else fmt(p.value)
        return self.boxed(math(text, self.theme, LABEL))

    def boxed(self, text: Mobject) -> VGroup:
        box = BackgroundRectangle(text, color=self.theme.background, fill_opacity=1, buff=0.04,
                                  stroke_width=0)
        return VGroup(box, text)

    def place_labels(self) -> None:
        """Each arrow's label on its arrow, clear of the nodes and of the labels before it,
        covering as few other arrows as it can (``nnmath.diagram.place_labels``)."""
        arrows = [self.arrows[p.key] for p in self.params]
        labels = [self.labels[p.key] for p in self.params]
        segments = [[a.get_start()[:2], a.get_end()[:2]] for a in arrows]
        nodes = [_box(n[0]) for n in (*self.nodes.values(), *self.bias_nodes.values())]
        centres = nd.place_labels(segments, [[m.width, m.height] for m in labels], nodes)
        for label, centre in zip(labels, centres):
            label.move_to([*centre, 0.0])

    def _layer_labels(self) -> VGroup:
        """(beta_k, Omega_k) under the middle of each gap between columns."""
        bottom = min(n.get_bottom()[1] for n in self.nodes.values())
        group = VGroup()
        for k in range(len(self.layout.sizes) - 1):
            text = rf"\beta_{{{k}}},\ \Omega_{{{k}}}" if self.biases else rf"\Omega_{{{k}}}"
            label = math(text, self.theme, BODY)
            label.move_to(self.at(np.array([k + 0.5, 0.0]))).set_y(bottom - 0.35)
            group.add(label)
        return group

    # --- the forward pass ---------------------------------------------------------------
    def value_in(self, layer: int, unit: int, value: float) -> MathTex:
        """A value to replace a node's name, at the smallest font (a long number may cover the
        circle's edge: it is never shrunk below the floor)."""
        return math(fmt(value), self.theme, LABEL).move_to(self.nodes[layer, unit][0])

    def swap(self, table: dict, key, new: Mobject) -> ReplacementTransform:
        """Morph ``table[key]`` (a label or node name) into ``new``, which takes its place."""
        old = table[key]
        table[key] = new
        if old in self.submobjects:
            self.submobjects[self.submobjects.index(old)] = new
        return ReplacementTransform(old, new)

    def light_up(self, layer: int, unit: int, active: bool) -> Transform:
        """Light a unit that is active (highlight ring, tinted fill), grey one that is off."""
        circle = self.nodes[layer, unit][0].copy()
        if active:
            circle.set_stroke(self.theme.highlight, width=5).set_fill(self.theme.highlight, opacity=0.18)
        else:
            circle.set_stroke(self.theme.muted, width=3).set_fill(self.theme.shade, opacity=1)
        return Transform(self.nodes[layer, unit][0], circle)

    def carried_label(self, p: nd.Arrow, value: float) -> VGroup:
        label = self.boxed(math(fmt(value), self.theme, LABEL, self.theme.highlight))
        return label.move_to(self.labels[p.key]) if p.key in self.labels else label


class Shared:
    """Attributes that copies of a mobject share instead of deep-copying (a network holds
    activation objects that cannot be copied, and never changes)."""

    def __init__(self, **values) -> None:
        self.__dict__.update(values)

    def __deepcopy__(self, memo) -> "Shared":
        return self


def plain(symbol: str) -> str:
    """A symbol's LaTeX as speaker notes write it: ``\\theta_{11}`` -> ``theta_11``."""
    return symbol.replace("\\", "").replace("{", "").replace("}", "")


def signed_sum(values) -> str:
    """``-0.23 - 0.16 + 0 + 0.36``."""
    text = fmt(values[0])
    for v in values[1:]:
        text += f" - {fmt(-v)}" if fmt(v).startswith("-") else f" + {fmt(v)}"
    return text


def activity_note(activation: str, on: list[int], off: list[int]) -> str:
    """What the lit and grey units mean, for the speaker notes."""
    if activation == "relu":
        return (f"ReLU keeps a positive pre-activation and makes a negative one 0: {units_list(on)} "
                f"active (lit), {units_list(off)} off (grey, output 0, so "
                f"{'its arrows carry' if len(off) == 1 else 'their arrows carry'} 0).")
    return (f"{activation} is applied to each pre-activation: {units_list(on)} with a positive one "
            f"(lit), {units_list(off)} with a negative one (grey).")


def units_list(units: list[int]) -> str:
    if not units:
        return "no unit"
    return f"unit {units[0]}" if len(units) == 1 else "units " + ", ".join(map(str, units[:-1])) + f" and {units[-1]}"


def _box(m: Mobject) -> np.ndarray:
    """(x0, y0, x1, y1) of a mobject's bounding box."""
    return np.concatenate([m.get_corner(DOWN + LEFT)[:2], m.get_corner(UP + RIGHT)[:2]])


@dataclass(frozen=True)
class DiagramData:
    """What the Diagram scene shows, from nnmath: the shallow net's arrows and forward pass,
    the deep net's arrows and layer shapes."""

    net: nnmath.DeepNetwork
    x: np.ndarray
    flow: nd.Flow
    weights: int  # arrows without bias nodes
    parameters: int  # arrows with them
    deep: nnmath.DeepNetwork
    deep_shapes: list

    @classmethod
    def from_params(cls, params: dict) -> "DiagramData":
        net = nnmath.as_deep(params["net"])
        x = np.array(params["x"], float)
        return cls(net=net, x=x, flow=nd.flow(net, x), weights=len(nd.arrows(net, biases=False)),
                   parameters=len(nd.arrows(net)), deep=nnmath.as_deep(params["deep"]),
                   deep_shapes=nd.layer_symbols(params["deep"]))


DIAGRAM_W, DIAGRAM_H = 6.4, 5.2
DIAGRAM_X = -3.0  # centre of the diagram
LEDGER_X = 1.3  # left edge of the text column on the right
LEDGER_W = 5.6


class Diagram(LectureScene):
    """Storyboard: weights, biases, values, a forward pass layer by layer, the output, a deep net."""

    def construct(self) -> None:
        self.data = DiagramData.from_params(self.params)
        self.show_weights()
        self.show_biases()
        self.show_values()
        for k in range(self.data.net.num_hidden_layers):
            self.forward_layer(k)
        self.forward_output()
        self.show_deep()

    def ledger(self, *lines: Mobject) -> VGroup:
        """Lines of text in the right-hand column, top-aligned below the title."""
        group = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        if group.width > LEDGER_W:
            group.scale_to_fit_width(LEDGER_W)
        return group.next_to([LEDGER_X, 2.6, 0], DOWN + RIGHT, buff=0).align_to([LEDGER_X, 0, 0], LEFT)

    @step
    def show_weights(self) -> None:
        d = self.data
        self.heading = self.title("A network diagram: one arrow per parameter")
        self.diagram = NetworkDiagram(d.net, self.theme, DIAGRAM_W, DIAGRAM_H).shift(RIGHT * DIAGRAM_X + DOWN * 0.45)
        diagram = self.diagram
        nodes = VGroup(*diagram.nodes.values(), *diagram.names.values())
        shallow = d.net.num_hidden_layers == 1 and d.net.input_dim == 1 and d.net.output_dim == 1
        if shallow:
            eq = [r"y = \phi_0 + \sum_{d} \phi_d h_d", r"h_d = \mathrm{a}[\theta_{d0} + \theta_{d1} x]"]
        else:
            eq = [r"h_{k+1} = \mathrm{a}[\beta_k + \Omega_k h_k]", r"y = \beta_K + \Omega_K h_K"]
        self.equations = self.ledger(*(self.tex(e) for e in eq))
        self.rule = VGroup(*(self.prose(line, size=LABEL, color=self.theme.muted) for line in (
            "Each parameter multiplies the value", "at the start of its arrow and adds",
            "the product to the node it points to."))).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.rule.next_to(self.equations, DOWN, buff=0.5)
        self.rule.align_to(self.equations, LEFT)
        self.play(Write(self.heading), run_time=1)
        self.play(Create(nodes), run_time=1.5)
        self.play(*(GrowArrow(diagram.arrows[p.key]) for p in diagram.params if not p.is_bias), run_time=1.5)
        self.play(FadeIn(VGroup(*(diagram.labels[p.key] for p in diagram.params
                                  if not p.is_bias and p.key in diagram.labels))),
                  Write(self.equations), run_time=1.5)
        self.play(FadeIn(self.rule), run_time=1)
        self.wait(1)
        sizes = " - ".join(map(str, diagram.layout.sizes))
        self.say(f"The network as a diagram: layers of {sizes} nodes, input on the left, output on "
                 f"the right; {d.weights} arrows, one per weight, each labelled with its symbol "
                 f"({plain(next(p.symbol for p in diagram.params if not p.is_bias))} is the first).",
                 "Each parameter multiplies the value at the start of its arrow and adds the product "
                 "to the unit at its end.")

    @step
    def show_biases(self) -> None:
        d, diagram = self.data, self.diagram
        biases = [p for p in diagram.params if p.is_bias]
        count = VGroup(self.prose(rf"{d.weights} weights $+$ {len(biases)} biases $=$ {d.parameters} "
                                  "parameters,", size=LABEL),
                       self.prose("one arrow each", size=LABEL)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        count.next_to(self.rule, DOWN, buff=0.5).align_to(self.rule, LEFT)
        self.count = count
        self.play(FadeIn(VGroup(*diagram.bias_nodes.values())), run_time=1)
        self.play(*(GrowArrow(diagram.arrows[p.key]) for p in biases), run_time=1.5)
        self.play(FadeIn(VGroup(*(diagram.labels[p.key] for p in biases if p.key in diagram.labels))),
                  Write(count), run_time=1.5)
        self.wait(2)
        self.say(f"The bias nodes hold the constant 1: each bias is an arrow from a 1 into its unit, "
                 f"so the diagram has {len(biases)} more arrows, {d.parameters} in all, which is the "
                 f"network's parameter count {d.net.num_parameters}.")

    @step
    def show_values(self) -> None:
        d, diagram = self.data, self.diagram
        net = d.net
        if diagram.per_arrow:
            values = {p.key: diagram.arrow_label(p, "values").move_to(diagram.labels[p.key])
                      for p in diagram.params}
            self.play(*(diagram.swap(diagram.labels, k, v) for k, v in values.items()), run_time=2)
        lines = []
        if net.num_hidden_layers == 1 and net.input_dim == 1 and net.output_dim == 1:
            theta = np.column_stack([net.betas[0], net.omegas[0][:, 0]])
            phi = np.concatenate([net.betas[1], net.omegas[1][0]])
            lines = [self.formula(shallow_tex(theta, phi), size=LABEL, max_width=LEDGER_W)]
        new = self.ledger(*lines) if lines else VGroup()
        self.play(FadeOut(self.equations), FadeIn(new), run_time=1.5)
        self.equations = new
        self.wait(2)
        first = diagram.params[0]
        self.say(f"The same diagram with the numbers of the network: {plain(first.symbol)} = "
                 f"{fmt(first.value)}, and so on for all {len(diagram.params)} arrows; this is the "
                 "network's equation written as a picture.")

    @step
    def forward_layer(self, k: int) -> None:
        d, diagram, theme = self.data, self.diagram, self.theme
        flow = d.flow
        layer = [p for p in diagram.params if p.layer == k]
        if k == 0:  # the input values replace the input names
            inputs = [diagram.value_in(0, u, v) for u, v in enumerate(flow.values[0])]
            xs = ", ".join(fmt(v) for v in flow.values[0])
            self.play(FadeOut(self.rule), FadeOut(self.count),
                      *(diagram.swap(diagram.names, (0, u), t) for u, t in enumerate(inputs)), run_time=1)
            self.header = self.prose(rf"Forward pass at $x = {xs}$", size=BODY).next_to(
                self.equations, DOWN, buff=0.45).align_to(self.equations, LEFT)
            self.play(FadeIn(self.header), run_time=0.8)
        flashes = [ShowPassingFlash(diagram.arrows[p.key].copy().set_stroke(theme.highlight, width=8),
                                    time_width=0.6) for p in layer]
        self.play(*flashes, run_time=1.6)
        carried = {p.key: diagram.carried_label(p, flow.carried(p)) for p in layer if p.key in diagram.labels}
        if carried:
            self.play(*(diagram.swap(diagram.labels, key, lab) for key, lab in carried.items()), run_time=1.5)
        pre, active, h = flow.preactivations[k], flow.active[k], flow.values[k + 1]
        rows = []
        for u in range(len(pre)):
            state = r"\ \text{on}" if active[u] else r"\ \text{off}"
            name = nd.node_names(d.net)[k + 1][u]
            terms = signed_sum([flow.carried(p) for p in layer if p.target == u])
            colour = theme.text if active[u] else theme.muted
            row = self.tex(rf"{name} = \mathrm{{a}}[{terms}] = {fmt(h[u])}{state}", size=LABEL, color=colour)
            if row.width > LEDGER_W:  # many inputs: the sum alone
                row = self.tex(rf"{name} = \mathrm{{a}}[{fmt(pre[u])}] = {fmt(h[u])}{state}", size=LABEL,
                               color=colour)
            rows.append(row)
        table = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        previous = getattr(self, "table", None)
        table.next_to(self.header, DOWN, buff=0.35).align_to(self.header, LEFT)
        if table.get_bottom()[1] < -3.8:
            table.scale_to_fit_height(3.8 + self.header.get_bottom()[1] - 0.35)
            table.next_to(self.header, DOWN, buff=0.35).align_to(self.header, LEFT)
        self.play(*(FadeOut(previous),) if previous else (), FadeIn(table), run_time=1.2)
        self.table = table
        # units light up when active, are greyed when off; an off unit's arrows carry 0
        changes = []
        for u in range(len(pre)):
            changes += [diagram.light_up(k + 1, u, active[u]),
                        diagram.swap(diagram.names, (k + 1, u), diagram.value_in(k + 1, u, h[u]))]
            for p in diagram.params:
                if p.layer == k + 1 and p.source == u and not active[u]:
                    changes.append(diagram.arrows[p.key].animate.set_color(theme.guide).set_stroke(width=2))
        self.play(*changes, run_time=1.5)
        self.wait(1.5)
        on = [u + 1 for u in range(len(pre)) if active[u]]
        off = [u + 1 for u in range(len(pre)) if not active[u]]
        example = next(p for p in layer if not p.is_bias)
        self.say(f"Hidden layer {k + 1}: each arrow carries its parameter times its source, e.g. "
                 f"{plain(example.symbol)} = {fmt(example.value)} times "
                 f"{fmt(flow.values[k][example.source])} = {fmt(flow.carried(example))}; each unit "
                 f"adds what arrives (its bias times 1 included): pre-activations "
                 f"{', '.join(fmt(v) for v in pre)}.",
                 activity_note(d.net.activations[k].name, on, off))

    @step
    def forward_output(self) -> None:
        d, diagram, theme = self.data, self.diagram, self.theme
        flow, K = d.flow, d.net.num_hidden_layers
        layer = [p for p in diagram.params if p.layer == K]
        self.play(*(ShowPassingFlash(diagram.arrows[p.key].copy().set_stroke(theme.highlight, width=8),
                                     time_width=0.6) for p in layer), run_time=1.6)
        carried = {p.key: diagram.carried_label(p, flow.carried(p)) for p in layer if p.key in diagram.labels}
        if carried:
            self.play(*(diagram.swap(diagram.labels, key, lab) for key, lab in carried.items()), run_time=1.5)
        outputs = flow.output
        changes = [diagram.swap(diagram.names, (K + 1, o), diagram.value_in(K + 1, o, v))
                   for o, v in enumerate(outputs)]
        changes += [diagram.nodes[K + 1, o][0].animate.set_stroke(theme.highlight, width=5)
                    for o in range(len(outputs))]
        names = nd.node_names(d.net)[K + 1]
        result = self.tex(", ".join(f"{n} = {fmt(v)}" for n, v in zip(names, outputs)), size=BODY)
        xs = ", ".join(fmt(v) for v in d.x)
        check = self.prose(rf"the network's output at $x = {xs}$", size=LABEL, color=theme.muted)
        result = VGroup(result, check).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        result.next_to(self.table, DOWN, buff=0.4).align_to(self.table, LEFT)
        self.play(*changes, Write(result), run_time=1.8)
        self.result = result
        self.wait(2)
        x = ", ".join(fmt(v) for v in d.x)
        self.say(f"The output adds what its arrows carry: {signed_sum([flow.carried(p) for p in layer])} "
                 f"= {', '.join(fmt(v) for v in outputs)}, which is the network's output at x = {x}.")

    @step
    def show_deep(self) -> None:
        d, theme = self.data, self.theme
        old = VGroup(self.diagram, self.equations, self.header, self.table, self.result)
        deep = NetworkDiagram(d.deep, theme, DIAGRAM_W + 0.6, DIAGRAM_H - 0.6, biases=True,
                              labels="symbols").shift(RIGHT * (DIAGRAM_X - 0.1) + DOWN * 0.2)
        self.deep = deep
        heading = self.title(r"A deep network: one label per weight matrix")
        K = d.deep.num_hidden_layers
        rows = [self.tex(rf"h_1 = \mathrm{{a}}[\beta_0 + \Omega_0 x]", size=LABEL)]
        rows += [self.tex(rf"h_{{{k + 1}}} = \mathrm{{a}}[\beta_{{{k}}} + \Omega_{{{k}}} h_{{{k}}}]", size=LABEL)
                 for k in range(1, K)]
        rows.append(self.tex(rf"y = \beta_{{{K}}} + \Omega_{{{K}}} h_{{{K}}}", size=LABEL))
        shapes = [self.tex(rf"{omega},\ {beta}", size=LABEL) for omega, beta in d.deep_shapes]
        total = self.prose(rf"{d.deep.num_parameters} parameters: {len(deep.params)} arrows", size=LABEL)
        note = self.prose("" if deep.per_arrow else r"too many arrows for one label each", size=LABEL,
                          color=theme.muted) if not deep.per_arrow else VGroup()
        ledger = self.ledger(*rows, *shapes, total, *([note] if not deep.per_arrow else []))
        self.play(FadeOut(old), Transform(self.heading, heading), run_time=1)
        self.play(Create(VGroup(*deep.nodes.values(), *deep.names.values(), *deep.bias_nodes.values())),
                  run_time=1.5)
        self.play(*(GrowArrow(a) for a in deep.arrows.values()), run_time=2)
        self.play(FadeIn(deep.layer_labels), FadeIn(VGroup(*deep.labels.values())), Write(ledger), run_time=2)
        self.wait(2)
        sizes = " - ".join(map(str, deep.layout.sizes))
        book = (" (the shape of Fig. 4.6; the book gives no values, these weights are random)"
                if is_preset(d.deep, "fig4_6") else "")
        self.say(f"A deep network with layers of {sizes} nodes{book}: "
                 f"{d.deep.num_parameters} parameters, {len(deep.params)} arrows with the bias nodes.",
                 "Too many arrows for one label each: the weights between two layers form the matrix "
                 "Omega_k (one row per unit it feeds), the biases the vector beta_k, "
                 + "; ".join(f"Omega_{k} is {o.shape[0]} by {o.shape[1]}" for k, o in enumerate(d.deep.omegas))
                 + "." if not deep.per_arrow else "Each arrow carries its symbol (Omega_k)_ij.")
