"""Two composed networks become one network with two hidden layers (book section 4.2, Fig. 4.1).

The output y = phi_0 + sum_j phi_j h_j of network 1 is the input of network 2's units
h'_i = a[theta'_i0 + theta'_i1 y]. Substituting y, expanding and collecting the terms gives
h'_i = a[psi_i0 + sum_j psi_ij h_j] with psi_i0 = theta'_i0 + theta'_i1 phi_0 and
psi_ij = theta'_i1 phi_j: i is the unit of the second hidden layer, j the unit of the first
(the slides' "psi_21 h_2" is a typo for psi_21 h_1). The equations transform term by term; then
the psi values with the Fig. 4.1 numbers (nnmath.psi), the merged network's diagram
(NetworkDiagram), the whole network as one equation, and the check that the merged network
(nnmath.compose) is the composition net2(net1(x)), evaluated directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Brace, Create, Dot, FadeIn, FadeOut, Indicate, ReplacementTransform,
    SurroundingRectangle, VGroup, Write,
)

import nnmath
from nnmath.presets import is_preset
from scenes.common import BODY, LABEL, LectureScene, fmt, nice_range, shallow_tex, step
from scenes.diagram import NetworkDiagram

#: The letters of the merged network's three weight layers: theta, psi, phi' (Fig. 4.1's names).
MERGED_LETTERS = (r"\theta", r"\psi", r"\phi'")
#: x values at which the check evaluates both routes.
CHECK_POINTS = 5


@dataclass(frozen=True)
class MergeData:
    """What the scene shows, from nnmath: psi and the merged network, its graph, and the
    composition evaluated as two networks one after the other."""

    net1: nnmath.ShallowNetwork
    net2: nnmath.ShallowNetwork
    psi: np.ndarray  # (D', D+1): row i = psi_i0, psi_i1, ..., psi_iD
    merged: nnmath.DeepNetwork  # x -> h (D) -> h' (D') -> y'
    graph: nnmath.PiecewiseLinear  # the merged network on [-1, 1]
    xs: np.ndarray  # the check's inputs
    composed: np.ndarray  # net2(net1(xs)), the two networks in turn
    merged_values: np.ndarray  # merged(xs)
    source: str  # where the numbers come from: "the numbers of Fig. 4.1" or "the given numbers"

    @classmethod
    def from_params(cls, params: dict) -> "MergeData":
        net1, net2 = params["net1"], params["net2"]
        merged = nnmath.compose(net1, net2)
        xs = np.linspace(-1, 1, CHECK_POINTS)
        return cls(net1=net1, net2=net2, psi=nnmath.psi(net1, net2), merged=merged,
                   graph=nnmath.piecewise_linear(merged, -1, 1), xs=xs,
                   composed=np.asarray(net2(net1(xs))), merged_values=np.asarray(merged(xs)),
                   source=numbers_source(net1, net2))


def numbers_source(net1, net2) -> str:
    """'the numbers of Fig. 4.1' for the book's networks, else 'the given numbers'."""
    book = is_preset(net1, "fig4_1_net1") and is_preset(net2, "fig4_1_net2")
    return "the numbers of Fig. 4.1" if book else "the given numbers"


def morph(source, target, pairs) -> list:
    """Term-by-term animations from equation ``source`` to ``target`` (MathTex with parts):
    ``pairs`` lists (source part indices, target part indices) that become each other; the
    other source parts fade out, the other target parts fade in."""
    moves, used_source, used_target = [], set(), set()
    for src, dst in pairs:  # a part used twice (theta'_i1 multiplied out) is copied
        parts = [source[i].copy() if i in used_source else source[i] for i in src]
        moves.append(ReplacementTransform(VGroup(*parts), VGroup(*(target[i] for i in dst))))
        used_source |= set(src)
        used_target |= set(dst)
    moves += [FadeOut(source[i]) for i in range(len(source.submobjects)) if i not in used_source]
    moves += [FadeIn(target[i]) for i in range(len(target.submobjects)) if i not in used_target]
    return moves


class Merge(LectureScene):
    """Storyboard: the two networks, substitute y, expand, name psi, every unit, psi's values,
    the merged diagram, one equation, the check."""

    def construct(self) -> None:
        self.data = MergeData.from_params(self.params)
        self.units1 = self.data.net1.hidden_dim
        self.units2 = self.data.net2.hidden_dim
        self.show_networks()
        self.substitute()
        self.expand()
        self.name_psi()
        self.every_unit()
        self.psi_values()
        self.merged_diagram()
        self.one_equation()
        self.check()

    # --- the lines of the derivation, as parts (indices used by morph) ----------------------
    def line(self, *parts: str):
        return self.tex(*parts, size=BODY)

    def first_line(self):  # h'_i = a[theta'_i0 + theta'_i1 y]
        return self.line("h'_i", "=", r"\mathrm{a}\Big[", r"\theta'_{i0}", "+", r"\theta'_{i1}", "y", r"\Big]")

    def substituted(self):  # ... theta'_i1 (phi_0 + phi_1 h_1 + ...)
        parts = ["h'_i", "=", r"\mathrm{a}\Big[", r"\theta'_{i0}", "+", r"\theta'_{i1}", r"\big(", r"\phi_0"]
        for j in range(1, self.units1 + 1):
            parts += ["+", rf"\phi_{j}", f"h_{j}"]
        return self.line(*parts, r"\big)", r"\Big]")

    def expanded(self):  # theta'_i0 + theta'_i1 phi_0 + theta'_i1 phi_1 h_1 + ...
        parts = ["h'_i", "=", r"\mathrm{a}\Big[", r"\theta'_{i0}", "+", r"\theta'_{i1}", r"\phi_0"]
        for j in range(1, self.units1 + 1):
            parts += ["+", r"\theta'_{i1}", rf"\phi_{j}", f"h_{j}"]
        return self.line(*parts, r"\Big]")

    def collected(self, i: str = "i"):  # psi_i0 + psi_i1 h_1 + ...
        parts = [f"h'_{i}", "=", r"\mathrm{a}\Big[", rf"\psi_{{{i}0}}"]
        for j in range(1, self.units1 + 1):
            parts += ["+", rf"\psi_{{{i}{j}}}", f"h_{j}"]
        return self.line(*parts, r"\Big]")

    # --- steps ----------------------------------------------------------------------------
    @step
    def show_networks(self) -> None:
        d = self.data
        self.heading = self.title("Two networks in a row are one network with two layers")
        sum1 = " + ".join(rf"\phi_{j} h_{j}" for j in range(1, self.units1 + 1))
        sum2 = " + ".join(rf"\phi'_{i} h'_{i}" for i in range(1, self.units2 + 1))
        net1 = VGroup(self.prose(r"Network 1: $x \to y$", size=LABEL, color=self.theme.muted),
                      self.tex(rf"y = \phi_0 + {sum1}", size=BODY),
                      self.tex(r"h_j = \mathrm{a}[\theta_{j0} + \theta_{j1} x]", size=BODY))
        net2 = VGroup(self.prose(r"Network 2: $y \to y'$", size=LABEL, color=self.theme.muted),
                      self.tex(rf"y' = \phi'_0 + {sum2}", size=BODY),
                      self.tex(r"h'_i = \mathrm{a}[\theta'_{i0} + \theta'_{i1} y]", size=BODY))
        for block in (net1, net2):
            block.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.networks = VGroup(net1, net2).arrange(RIGHT, buff=1.0, aligned_edge=UP).next_to(self.heading, DOWN, buff=0.5)
        self.net1_block, self.net2_block = net1, net2
        numbers = VGroup(
            self.prose(f"With {d.source}:", size=LABEL, color=self.theme.muted),
            self.tex(" ".join(shallow_tex(d.net1.theta, d.net1.phi, "x", "y")), size=LABEL),
            self.tex(" ".join(shallow_tex(d.net2.theta, d.net2.phi, "y", "y'")), size=LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).to_edge(DOWN, buff=0.45)
        self.numbers = numbers
        self.play(Write(self.heading), run_time=1)
        self.play(FadeIn(net1), FadeIn(numbers[0]), FadeIn(numbers[1]), run_time=1.5)
        self.play(FadeIn(net2), FadeIn(numbers[2]), run_time=1.5)
        self.wait(2)
        self.say(f"Network 1 maps x to y with {self.units1} hidden units h_j; network 2 maps y to y' "
                 f"with {self.units2} units h'_i. Composed, y is network 2's input "
                 f"({d.net1.num_parameters} + {d.net2.num_parameters} = "
                 f"{d.net1.num_parameters + d.net2.num_parameters} parameters).")

    @step
    def substitute(self) -> None:
        self.work = self.first_line().move_to(UP * 0.2)
        self.play(ReplacementTransform(self.net2_block[2].copy(), self.work), run_time=1.5)
        y_line = self.net1_block[1]
        self.play(Indicate(self.work[6], color=self.theme.highlight), Indicate(y_line, color=self.theme.highlight),
                  run_time=1.5)
        new = self.substituted().move_to(self.work)
        pairs = [([k], [k]) for k in range(6)] + [([6], list(range(6, 8 + 3 * self.units1 + 1))),
                                                  ([7], [9 + 3 * self.units1])]
        self.play(*morph(self.work, new, pairs), run_time=2.5)
        self.work = new
        self.wait(2)
        self.say("Network 2's unit i receives y; y is network 1's output, so we write "
                 f"phi_0 + {' + '.join(f'phi_{j} h_{j}' for j in range(1, self.units1 + 1))} in its place.")

    @step
    def expand(self) -> None:
        D = self.units1
        new = self.expanded().move_to(self.work)
        pairs = [([k], [k]) for k in range(6)] + [([7], [6])]
        for j in range(1, D + 1):
            a, b = 8 + 3 * (j - 1), 7 + 4 * (j - 1)
            pairs += [([a], [b]), ([5], [b + 1]), ([a + 1], [b + 2]), ([a + 2], [b + 3])]
        pairs.append(([9 + 3 * D], [7 + 4 * D]))
        self.play(*morph(self.work, new, pairs), run_time=3)
        self.work = new
        self.wait(2)
        self.say(f"Multiplying out: theta'_i1 multiplies each of the {D + 1} terms of y, so unit i's "
                 f"pre-activation is theta'_i0 + theta'_i1 phi_0 plus theta'_i1 phi_j h_j for j = 1 to {D}.")

    @step
    def name_psi(self) -> None:
        D = self.units1
        work = self.work
        bias = VGroup(*(work[k] for k in range(3, 7)))
        braces = [Brace(bias, DOWN, buff=0.1, color=self.theme.text)]
        labels = [self.tex(r"\psi_{i0}", size=LABEL, color=self.theme.highlight)]
        for j in range(1, D + 1):
            b = 7 + 4 * (j - 1)
            braces.append(Brace(VGroup(work[b + 1], work[b + 2]), DOWN, buff=0.1, color=self.theme.text))
            labels.append(self.tex(rf"\psi_{{i{j}}}", size=LABEL, color=self.theme.highlight))
        for brace, label in zip(braces, labels):
            label.next_to(brace, DOWN, buff=0.1)
        self.play(*(FadeIn(b) for b in braces), *(FadeIn(lab) for lab in labels), run_time=1.5)
        self.wait(1)
        new = self.collected().move_to(self.work)
        pairs = [([k], [k]) for k in range(3)] + [([3, 4, 5, 6], [3])]
        for j in range(1, D + 1):
            a, b = 7 + 4 * (j - 1), 4 + 3 * (j - 1)
            pairs += [([a], [b]), ([a + 1, a + 2], [b + 1]), ([a + 3], [b + 2])]
        pairs.append(([7 + 4 * D], [4 + 3 * D]))
        definitions = self.tex(r"\psi_{i0} = \theta'_{i0} + \theta'_{i1}\phi_0, \qquad "
                               r"\psi_{ij} = \theta'_{i1}\phi_j", size=BODY, color=self.theme.highlight)
        definitions.next_to(new, DOWN, buff=0.6)
        self.play(*morph(self.work, new, pairs), FadeOut(VGroup(*braces)),
                  ReplacementTransform(VGroup(*labels), definitions), run_time=2.5)
        self.work, self.definitions = new, definitions
        self.wait(2)
        self.say("Collecting the terms: psi_i0 = theta'_i0 + theta'_i1 phi_0 is unit i's new bias and "
                 "psi_ij = theta'_i1 phi_j its weight from h_j. Unit i of network 2 is now a unit of a "
                 f"second hidden layer fed by the {D} units of the first.")

    @step
    def every_unit(self) -> None:
        rows = [self.collected(str(i)) for i in range(1, self.units2 + 1)]
        self.rows = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.rows.next_to(self.definitions, DOWN, buff=0.5).to_edge(LEFT, buff=0.9)
        self.row_tex = [row.get_tex_string() for row in rows]
        self.play(FadeOut(self.numbers), FadeIn(self.rows, shift=DOWN * 0.2), run_time=2)
        explain = VGroup()
        if self.units2 >= 2:  # psi_21 h_1: unit 2 of the second layer, unit 1 of the first
            term = VGroup(rows[1][5], rows[1][6])
            box = SurroundingRectangle(term, color=self.theme.highlight, buff=0.08, stroke_width=3)
            note = self.prose(r"\begin{tabular}{l}$\psi_{21}$: into unit 2 of\\the second layer ($h'_2$),"
                              r"\\from unit 1 of the\\first layer ($h_1$)\end{tabular}", size=LABEL,
                              color=self.theme.muted)
            note.next_to(self.rows, RIGHT, buff=0.6)
            explain = VGroup(box, note)
            self.play(Create(box), FadeIn(note), run_time=1.5)
        self.explain = explain
        self.wait(2)
        self.say(f"The same for every unit of network 2: {self.units2} rows, one per unit of the "
                 "second layer. The first index of psi is the unit it feeds (i), the second the "
                 "unit of the first layer it comes from (j): h'_2 has psi_21 h_1, not psi_21 h_2.")

    @step
    def psi_values(self) -> None:
        d = self.data
        D, D2 = self.units1, self.units2
        kept = VGroup(self.definitions, self.rows)
        self.play(FadeOut(VGroup(self.networks, self.explain, self.work)),
                  kept.animate.next_to(self.heading, DOWN, buff=0.45).set_x(0), run_time=1.2)
        header = [self.tex(rf"j = {j}", size=LABEL, color=self.theme.muted) for j in range(D + 1)]
        cells = [[self.tex(fmt(d.psi[i, j]), size=BODY) for j in range(D + 1)] for i in range(D2)]
        names = [self.tex(rf"i = {i + 1}", size=LABEL, color=self.theme.muted) for i in range(D2)]
        grid = VGroup(VGroup().set_opacity(0), *header)
        for i in range(D2):
            grid.add(names[i], *cells[i])
        grid.arrange_in_grid(rows=D2 + 1, cols=D + 2, buff=(0.55, 0.25))
        title = self.prose(rf"$\psi_{{ij}}$ with {d.source}:", size=LABEL)
        table = VGroup(title, grid).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        i_ex = min(1, D2 - 1)  # a worked example: psi_{21} (or psi_{11})
        t1 = d.net2.theta[i_ex, 1]
        examples = VGroup(
            self.tex(rf"\psi_{{{i_ex + 1}0}} = \theta'_{{{i_ex + 1}0}} + \theta'_{{{i_ex + 1}1}}\phi_0 = "
                     rf"{fmt(d.net2.theta[i_ex, 0])} + {fmt(t1)} \cdot ({fmt(d.net1.phi[0])}) = "
                     rf"{fmt(d.psi[i_ex, 0])}", size=LABEL),
            self.tex(rf"\psi_{{{i_ex + 1}1}} = \theta'_{{{i_ex + 1}1}}\phi_1 = {fmt(t1)} \cdot "
                     rf"({fmt(d.net1.phi[1])}) = {fmt(d.psi[i_ex, 1])}", size=LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        block = VGroup(table, examples).arrange(RIGHT, buff=0.8, aligned_edge=UP)
        block.next_to(self.rows, DOWN, buff=0.5).set_x(0)
        self.psi_cells = cells
        self.play(FadeIn(table), run_time=2)
        self.play(Write(examples), run_time=2)
        self.psi_block = block
        self.wait(2)
        rows = "; ".join(", ".join(fmt(v) for v in row) for row in d.psi)
        self.say(f"With {d.source} (nnmath.psi): psi rows (psi_i0 to psi_i{D}) are {rows}. "
                 f"For example psi_{i_ex + 1}1 = theta'_{i_ex + 1}1 phi_1 = {fmt(t1)} times "
                 f"{fmt(d.net1.phi[1])} = {fmt(d.psi[i_ex, 1])}.")

    @step
    def merged_diagram(self) -> None:
        d = self.data
        old = VGroup(self.work, self.definitions, self.rows, self.psi_block)
        heading = self.title("The merged network: 1 input, two hidden layers, 1 output")
        diagram = NetworkDiagram(d.merged, self.theme, 12.2, 4.7, biases=True, labels="symbols",
                                 letters=MERGED_LETTERS, output="y'")
        diagram.move_to(UP * 0.25)
        self.diagram = diagram
        weights = sum(1 for p in diagram.params if not p.is_bias)
        count = self.prose(
            f"{weights} weights $+$ {len(diagram.params) - weights} biases $=$ "
            f"{d.merged.num_parameters} arrows (the two networks: "
            f"{d.net1.num_parameters + d.net2.num_parameters} parameters)", size=LABEL, color=self.theme.muted)
        count.to_edge(DOWN, buff=0.4)
        self.play(FadeOut(old), FadeOut(self.heading), FadeIn(heading), run_time=1)
        self.heading = heading
        self.play(Create(VGroup(*diagram.nodes.values(), *diagram.names.values(), *diagram.bias_nodes.values())),
                  run_time=1.5)
        self.play(*(Create(a) for a in diagram.arrows.values()), run_time=2)
        self.play(FadeIn(VGroup(*diagram.labels.values())), FadeIn(count), run_time=2)
        self.count = count
        self.wait(2)
        self.say(f"The merged network as a diagram: {' - '.join(map(str, diagram.layout.sizes))} nodes, "
                 f"{len(diagram.params)} arrows, one per parameter ({d.merged.num_parameters}). The "
                 "arrows between the two hidden layers carry psi_ij, from h_j to h'_i.")

    @step
    def one_equation(self) -> None:
        equation = self.tex(r"y' = \phi'_0 + \sum_{i=1}^{" + str(self.units2) + r"} \phi'_i\, \mathrm{a}\Big["
                            r"\psi_{i0} + \sum_{j=1}^{" + str(self.units1) + r"} \psi_{ij}\, \mathrm{a}"
                            r"\big[\theta_{j0} + \theta_{j1} x\big]\Big]", size=BODY)
        equation.move_to(self.count).shift(UP * 0.1)
        self.play(FadeOut(self.count), Write(equation), run_time=2.5)
        self.equation = equation
        self.wait(2)
        self.say(f"The whole network in one equation: the inner a[...] are the first layer's "
                 f"{self.units1} units, the outer ones the second layer's {self.units2}, weighted by "
                 "phi' and added to phi'_0.")

    @step
    def check(self) -> None:
        d = self.data
        lo, hi = -1.0, 1.0
        heading = self.title("The merged network is the composition")
        self.play(FadeOut(VGroup(self.diagram, self.equation)), FadeOut(self.heading), FadeIn(heading),
                  run_time=0.8)
        self.heading = heading
        ax = self.axes((lo, hi), nice_range(np.concatenate([d.graph.values, d.composed])), 7.2, 5.2,
                       "x", "y'").move_to(LEFT * 2.9 + DOWN * 0.35)
        graph = self.polyline(ax, d.graph.breakpoints, d.graph.values, self.theme.line(1), width=6)
        dense = np.linspace(lo, hi, 41)
        dots = VGroup(*(Dot(ax.c2p(x, y), radius=0.05, color=self.theme.point)
                        for x, y in zip(dense, d.net2(d.net1(dense)))))
        body = r" \\ ".join(rf"{fmt(x)} & {fmt(a)} & {fmt(b)}"
                              for x, a, b in zip(d.xs, d.composed, d.merged_values))
        table = self.tex(r"\begin{array}{rrr} x & \text{net}_2(\text{net}_1(x)) & \text{merged}(x) "
                         r"\\[4pt] " + body + r"\end{array}", size=LABEL)
        legend = VGroup(
            self.prose("line: the merged network", size=LABEL, color=self.theme.label(1)),
            self.prose("dots: network 2 applied to network 1", size=LABEL),
            self.prose(f"{d.graph.num_regions} linear regions", size=BODY),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        side = VGroup(legend, table).arrange(DOWN, aligned_edge=LEFT, buff=0.45).next_to(ax, RIGHT, buff=0.8)
        self.play(Create(ax), run_time=1)
        self.play(Create(graph), FadeIn(legend[0]), run_time=2)
        self.play(FadeIn(dots), FadeIn(legend[1]), run_time=1.5)
        self.play(FadeIn(table), FadeIn(legend[2]), run_time=1.5)
        self.check_axes, self.check_graph, self.check_dots, self.check_table = ax, graph, dots, table
        self.wait(2)
        gap = float(np.max(np.abs(d.composed - d.merged_values)))
        self.say(f"The check: the merged network's graph ({d.graph.num_regions} linear "
                 "regions) passes through network 2 applied to network 1's output, at 41 points; at x = "
                 f"{', '.join(fmt(x) for x in d.xs)} both give {', '.join(fmt(v) for v in d.merged_values)} "
                 f"(largest difference {gap:.1g}).")


