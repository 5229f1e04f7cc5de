"""Hyperparameters and the notation of deep networks (UDL section 4.4, Fig. 4.6).

The decks' three notation changes, one step each: the scalar equations of the first layer
become vectors, the second layer's nine psi_ij become a matrix Psi, and the Greek letters are
renamed beta_k, Omega_k so that any depth reads as one line, h_{k+1} = a[beta_k + Omega_k h_k].
Then the Fig. 4.6 network (3 inputs, layers of 4, 2 and 3 units, 2 outputs) with every beta_k
and Omega_k drawn as a block of its shape, and the parameter count, layer by layer, and for
K layers of D units with one input and one output, 3D + 1 + (K-1) D (D+1), term by term.

Every size, shape and count is read from the network object and nnmath.counting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Brace, Circle, Create, FadeIn, FadeOut, Group, Line, Square, VGroup, Write,
)

import nnmath
from scenes.common import BODY, LABEL, TITLE, LectureScene, step

#: The decks' two-layer example (Fig. 4.1's networks merged): 1 input, 3 and 3 hidden units.
DECK_UNITS = 3
HOLD = 2.5  # seconds a finished step stays still, for the lecturer to talk over


@dataclass(frozen=True)
class NotationData:
    """What the scene draws: the Fig. 4.6 network, its layers' parameters and the K, D count."""

    net: nnmath.DeepNetwork
    terms: tuple[nnmath.LayerTerm, ...]  # one per Omega_k, from the network's sizes
    count: nnmath.UniformCount  # 1 input, K layers of D, 1 output

    @classmethod
    def from_params(cls, params: dict) -> "NotationData":
        net = nnmath.presets.layered_network(params["input_dim"], params["widths"],
                                             params["output_dim"])
        terms = nnmath.parameter_terms(net.input_dim, net.widths, net.output_dim)
        assert sum(t.total for t in terms) == net.num_parameters
        return cls(net, terms, nnmath.uniform_count(params["width"], params["depth"]))

    @property
    def sizes(self) -> list[int]:
        """D_0 = Di, D_1..D_K, D_{K+1} = Do."""
        return [self.net.input_dim, *self.net.widths, self.net.output_dim]


def vector(symbol: str, n: int, start: int = 1, suffix: str = "") -> str:
    """LaTeX of a column [symbol_{start suffix}; ...] with n entries (symbol may end in a prime)."""
    rows = r" \\ ".join(f"{symbol}_{{{i}{suffix}}}" for i in range(start, start + n))
    return rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}"


def matrix(symbol: str, rows: int, cols: int) -> str:
    """LaTeX of the matrix [symbol_ij] with ``rows`` x ``cols`` entries (i, j from 1)."""
    body = r" \\ ".join(" & ".join(f"{symbol}_{{{i}{j}}}" for j in range(1, cols + 1))
                        for i in range(1, rows + 1))
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


class Notation(LectureScene):
    """Storyboard: hyperparameters, vectors, matrices, the general form, shapes, the count."""

    def construct(self) -> None:
        self.data = NotationData.from_params(self.params)
        self.hyperparameters()
        self.vectors()
        self.matrices()
        self.general_form()
        self.shapes()
        self.count()

    # --- 1: depth and width ----------------------------------------------------------------
    @step
    def hyperparameters(self) -> None:
        d = self.data
        sizes = d.sizes
        k = d.net.num_hidden_layers
        self.heading = self.title("Hyperparameters: depth $K$ and widths $D_k$")
        self.diagram = self.network_diagram(sizes).to_edge(LEFT, buff=0.5).shift(DOWN * 0.2)
        weights, biases = sum(t.weights for t in d.terms), sum(t.biases for t in d.terms)
        widths = ", ".join(f"D_{j}" for j in range(1, k + 1))
        facts = VGroup(
            self.prose(f"depth $K = {k}$ hidden layers"),
            self.prose(f"widths ${widths}$ = " + ", ".join(str(w) for w in d.net.widths)),
            self.prose(f"capacity: {sum(d.net.widths)} hidden units"),
            self.prose(f"{d.net.num_parameters} parameters:"),
            self.prose(f"{weights} weights (the lines) + {biases} biases"),
            self.prose(r"$K$ and $D_k$ are \emph{hyperparameters},", color=self.theme.muted),
            self.prose("chosen before training (by hand", color=self.theme.muted),
            self.prose("or by a search)", color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        facts[4].shift(RIGHT * 0.4 + UP * 0.1)
        facts[5].shift(DOWN * 0.25)
        for line in facts[6:]:
            line.shift(DOWN * 0.25 + RIGHT * 0.4)
        facts[7].shift(UP * 0.12)
        facts.next_to(self.diagram, RIGHT, buff=0.7)
        self.play(Write(self.heading), run_time=1)
        self.play(Create(self.diagram.edges), FadeIn(self.diagram.nodes), run_time=2.5)
        self.play(FadeIn(self.diagram.labels), FadeIn(self.diagram.brace), run_time=1)
        self.play(FadeIn(facts, shift=UP * 0.1, lag_ratio=0.3), run_time=3)
        self.say(
            f"The network of Fig. 4.6: D_i = {sizes[0]} inputs, K = {k} hidden layers of "
            f"widths {', '.join(map(str, d.net.widths))}, D_o = {sizes[-1]} outputs. Depth K and "
            f"the widths D_k are hyperparameters, chosen before training (by hand or by a search).",
            f"Each of the {sum(t.weights for t in d.terms)} lines is one weight; with the "
            f"{sum(t.biases for t in d.terms)} biases that makes {d.net.num_parameters} parameters.")
        self.wait(HOLD)
        self.facts = facts

    def network_diagram(self, sizes: list[int]) -> VGroup:
        """Columns of units, one line per weight; below each column its size D_k."""
        gap_x, gap_y, radius = 1.6, 0.95, 0.24
        columns = []
        for j, n in enumerate(sizes):
            ys = (np.arange(n) - (n - 1) / 2) * -gap_y
            columns.append([np.array([j * gap_x, y, 0.0]) for y in ys])
        edges = VGroup(*(Line(a, b, color=self.theme.guide, stroke_width=2, buff=radius)
                         for left, right in zip(columns[:-1], columns[1:]) for a in left for b in right))
        colours = [self.theme.text] + [self.theme.line(i) for i in range(len(sizes) - 2)] + [self.theme.text]
        nodes = VGroup(*(Circle(radius, color=colours[j], stroke_width=4).move_to(p)
                         for j, column in enumerate(columns) for p in column))
        bottom = min(p[1] for column in columns for p in column) - 0.6
        names = ([r"D_i = " + str(sizes[0])] + [f"D_{j} = {n}" for j, n in enumerate(sizes[1:-1], 1)]
                 + [r"D_o = " + str(sizes[-1])])
        labels = VGroup(*(self.tex(name, size=LABEL).move_to([j * gap_x, bottom, 0])
                          for j, name in enumerate(names)))
        ends = VGroup(self.tex(r"\mathbf{x}", size=LABEL).next_to(labels[0], DOWN, buff=0.2),
                      self.tex(r"\mathbf{y}", size=LABEL).next_to(labels[-1], DOWN, buff=0.2))
        labels.add(*ends)
        hidden = VGroup(*(nodes[sum(sizes[:j]) + i] for j in range(1, len(sizes) - 1)
                          for i in range(sizes[j])))
        brace = Brace(hidden, UP, color=self.theme.muted)
        brace.add(self.prose(f"$K = {len(sizes) - 2}$ hidden layers", size=LABEL).next_to(brace, UP, 0.1))
        group = VGroup(edges, nodes, labels, brace)
        group.edges, group.nodes, group.labels, group.brace = edges, nodes, labels, brace
        return group

    # --- 2-4: the three notation changes ----------------------------------------------------
    @step
    def vectors(self) -> None:
        n = DECK_UNITS
        self.play(FadeOut(Group(self.diagram, self.facts)), run_time=0.8)
        heading = self.title("Notation change 1: vectors")
        scalars = VGroup(*(self.tex(rf"h_{i} = \mathrm{{a}}[\theta_{{{i}0}} + \theta_{{{i}1}} x]")
                           for i in range(1, n + 1))).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        stacked = self.tex(vector("h", n), r"=", r"\mathbf{a}\Big[", vector(r"\theta", n, suffix="0"),
                           "+", vector(r"\theta", n, suffix="1"), r"x\Big]")
        short = self.tex(r"\mathbf{h}", "=", r"\mathbf{a}\big[", r"\boldsymbol{\theta}_0", "+",
                         r"\boldsymbol{\theta}", r"x\big]", size=TITLE)
        top = VGroup(scalars, self.tex(r"\longrightarrow"), stacked, self.tex(r"\longrightarrow"),
                     short).arrange(RIGHT, buff=0.45).move_to(UP * 1.2)
        sum_scalar = self.tex(r"y = \phi_0 + \phi_1 h_1 + \phi_2 h_2 + \phi_3 h_3")
        sum_row = self.tex(r"y = \phi_0 + \begin{bmatrix} \phi_1 & \phi_2 & \phi_3 \end{bmatrix}"
                           + vector("h", n))
        sum_short = self.tex(r"y = \phi_0 + \boldsymbol{\phi}^T \mathbf{h}", size=TITLE)
        bottom = VGroup(sum_scalar, self.tex(r"\longrightarrow"), sum_row, self.tex(r"\longrightarrow"),
                        sum_short).arrange(RIGHT, buff=0.4).move_to(DOWN * 1.55)
        key = self.prose(r"$x, \psi$: a number \quad $\mathbf{h}, \boldsymbol{\psi}$: a vector "
                         r"(bold) \quad $\boldsymbol{\Psi}, \boldsymbol{\Omega}$: a matrix (bold capital)",
                         size=LABEL, color=self.theme.muted).to_edge(DOWN, buff=0.35)
        self.play(FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        self.play(Write(scalars), run_time=2)
        self.play(FadeIn(top[1:3], shift=RIGHT * 0.2), run_time=1.5)
        self.play(FadeIn(top[3:], shift=RIGHT * 0.2), run_time=1.2)
        self.play(Write(sum_scalar), run_time=1.2)
        self.play(FadeIn(bottom[1:], shift=RIGHT * 0.2, lag_ratio=0.4), FadeIn(key), run_time=2)
        self.say(
            f"The {n} hidden units of the first network, h_d = a[theta_d0 + theta_d1 x] for "
            f"d = 1..{n}, are one vector equation: h = a[theta_0 + theta x], with theta_0 and "
            f"theta columns of {n} numbers.",
            f"The output y = phi_0 + phi_1 h_1 + ... + phi_{n} h_{n} is a row times a column: "
            f"y = phi_0 + phi^T h. Bold lower case is a vector, bold capital a matrix.")
        self.wait(HOLD)
        self.page = VGroup(top, bottom, key)

    @step
    def matrices(self) -> None:
        n = DECK_UNITS
        heading = self.title(r"Notation change 2: a matrix for the second layer")
        scalars = VGroup(*(self.tex(rf"h'_{i} = \mathrm{{a}}[\psi_{{{i}0}} + "
                                    + " + ".join(rf"\psi_{{{i}{j}}} h_{j}" for j in range(1, n + 1)) + "]")
                           for i in range(1, n + 1))).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        stacked = self.tex(vector("h'", n), "=", r"\mathbf{a}\Big[",
                           vector(r"\psi", n, suffix="0"), "+", matrix(r"\psi", n, n),
                           vector("h", n) + r"\Big]")
        short = self.tex(r"\mathbf{h}' = \mathbf{a}\big[\boldsymbol{\psi}_0 + "
                         r"\boldsymbol{\Psi}\mathbf{h}\big]", size=TITLE)
        top = VGroup(scalars, self.tex(r"\big\downarrow", size=TITLE)).arrange(DOWN, buff=0.3)
        row2 = VGroup(stacked, self.tex(r"\longrightarrow"), short).arrange(RIGHT, buff=0.45)
        out = self.tex(r"y' = \phi'_0 + \boldsymbol{\phi}'^T \mathbf{h}'")
        key = VGroup(self.prose(r"row $i$ of $\boldsymbol{\Psi}$: the weights into unit $i$ of layer 2",
                                size=LABEL, color=self.theme.muted),
                     self.prose(r"column $j$: the weights out of unit $j$ of layer 1", size=LABEL,
                                color=self.theme.muted)).arrange(DOWN, buff=0.12)
        VGroup(top, row2, out, key).arrange(DOWN, buff=0.4).next_to(heading, DOWN, buff=0.35)
        self.play(FadeOut(self.page), FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        self.play(Write(scalars), run_time=2.5)
        self.play(FadeIn(top[1]), FadeIn(stacked, shift=DOWN * 0.2), run_time=1.8)
        self.play(FadeIn(row2[1:], shift=RIGHT * 0.2), run_time=1.2)
        self.play(Write(out), FadeIn(key), run_time=1.5)
        self.say(
            f"Each of the {n} units of the second layer adds up all {n} units of the first: "
            f"h'_i = a[psi_i0 + psi_i1 h_1 + ... + psi_i{n} h_{n}]. The {n * n} weights psi_ij form "
            f"a {n} x {n} matrix Psi (row i: unit i of the second layer; column j: unit j of the "
            f"first), and the layer is h' = a[psi_0 + Psi h].",
            "The output is y' = phi'_0 + phi'^T h'.")
        self.wait(HOLD)
        self.page = VGroup(top, row2, out, key)

    @step
    def general_form(self) -> None:
        heading = self.title(r"Notation change 3: $\boldsymbol{\beta}_k$ and "
                             r"$\boldsymbol{\Omega}_k$, any depth")
        renamed = VGroup(
            self.tex(r"\mathbf{h} = \mathbf{a}[\boldsymbol{\theta}_0 + \boldsymbol{\theta} x]",
                     r"\;\longrightarrow\;", r"\mathbf{h}_1 = \mathbf{a}[\boldsymbol{\beta}_0 + "
                     r"\boldsymbol{\Omega}_0 \mathbf{x}]"),
            self.tex(r"\mathbf{h}' = \mathbf{a}[\boldsymbol{\psi}_0 + \boldsymbol{\Psi}\mathbf{h}]",
                     r"\;\longrightarrow\;", r"\mathbf{h}_2 = \mathbf{a}[\boldsymbol{\beta}_1 + "
                     r"\boldsymbol{\Omega}_1 \mathbf{h}_1]"),
            self.tex(r"y' = \phi'_0 + \boldsymbol{\phi}'^T \mathbf{h}'", r"\;\longrightarrow\;",
                     r"\mathbf{y} = \boldsymbol{\beta}_2 + \boldsymbol{\Omega}_2 \mathbf{h}_2"),
        ).arrange(DOWN, buff=0.35)
        for line in renamed[1:]:  # the arrows in one column
            line.shift(RIGHT * (renamed[0][1].get_center()[0] - line[1].get_center()[0]))
        general = VGroup(
            self.tex(r"\mathbf{h}_1 &= \mathbf{a}[\boldsymbol{\beta}_0 + \boldsymbol{\Omega}_0 "
                     r"\mathbf{x}]\\ \mathbf{h}_{k+1} &= \mathbf{a}[\boldsymbol{\beta}_k + "
                     r"\boldsymbol{\Omega}_k \mathbf{h}_k] \quad k = 1, \ldots, K-1\\ \mathbf{y} "
                     r"&= \boldsymbol{\beta}_K + \boldsymbol{\Omega}_K \mathbf{h}_K", size=TITLE),
        )
        caption = self.prose(r"$\boldsymbol{\beta}_k$: $D_{k+1}$ entries, \quad "
                             r"$\boldsymbol{\Omega}_k$: $D_{k+1} \times D_k$ \quad "
                             r"($D_0 = D_i$, $D_{K+1} = D_o$)", size=BODY, color=self.theme.muted)
        page = VGroup(renamed, general, caption).arrange(DOWN, buff=0.65).next_to(heading, DOWN, buff=0.55)
        self.play(FadeOut(self.page), FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        self.play(FadeIn(renamed, lag_ratio=0.35), run_time=3)
        self.play(Write(general), run_time=2.5)
        self.play(FadeIn(caption), run_time=1)
        self.say(
            "The biases become beta_k and the weights Omega_k, numbered by the layer they feed "
            "from: the two-layer network is h_1 = a[beta_0 + Omega_0 x], h_2 = a[beta_1 + Omega_1 h_1], "
            "y = beta_2 + Omega_2 h_2.",
            "Any depth is then one line repeated: h_{k+1} = a[beta_k + Omega_k h_k] for k = 1 to K-1, "
            "and y = beta_K + Omega_K h_K; beta_k has D_{k+1} entries and Omega_k is D_{k+1} x D_k.")
        self.wait(HOLD)
        self.page = page

    # --- 5: the shapes of the Fig. 4.6 network ---------------------------------------------
    @step
    def shapes(self) -> None:
        d = self.data
        heading = self.title(rf"Fig.~4.6: $D_i = {d.sizes[0]}$, $D_k$ = "
                             + ", ".join(map(str, d.net.widths)) + rf", $D_o = {d.sizes[-1]}$")
        cell = min(0.5, 2.1 / max(t.rows for t in d.terms))
        layers = VGroup(*(self.layer_block(t, cell) for t in d.terms))
        layers.arrange_in_grid(cols=2, buff=(1.2, 0.45), cell_alignment=UP + LEFT)
        layers.next_to(heading, DOWN, buff=0.4)
        totals = " + ".join(str(t.total) for t in d.terms)
        total = self.prose(rf"{totals} $=$ \textbf{{{d.net.num_parameters} parameters}}")
        total.to_edge(DOWN, buff=0.45)
        self.play(FadeOut(self.page), FadeOut(self.heading), FadeIn(heading), run_time=0.8)
        self.heading = heading
        for layer in layers:
            self.play(FadeIn(layer.equation), Create(layer.cells), run_time=1.4)
            self.play(FadeIn(layer.caption), run_time=0.8)
        self.play(Write(total), run_time=1.2)
        self.say(
            "Every bias vector and weight matrix of the network, drawn with one square per number: "
            + "; ".join(f"beta_{t.k} has {t.rows}, Omega_{t.k} is {t.rows} x {t.cols}, "
                        f"{t.weights} + {t.biases} = {t.total}" for t in d.terms) + ".",
            f"In all {totals} = {d.net.num_parameters} parameters: Omega_k has a row per unit of "
            f"the layer it feeds and a column per unit of the layer it reads.")
        self.wait(HOLD)
        self.layers, self.total = layers, total

    def layer_block(self, term: nnmath.LayerTerm, cell: float) -> VGroup:
        """Layer k: its equation, above beta_k, Omega_k and its input as grids of squares,
        beside them the shapes and the count."""
        k, last = term.k, term.k == self.data.net.num_hidden_layers
        source = r"\mathbf{x}" if k == 0 else rf"\mathbf{{h}}_{k}"
        target = r"\mathbf{y}" if last else rf"\mathbf{{h}}_{k + 1}"
        inside = rf"\boldsymbol{{\beta}}_{k} + \boldsymbol{{\Omega}}_{k} {source}"
        equation = self.tex(rf"{target} = " + (inside if last else rf"\mathbf{{a}}[{inside}]"))
        colour = self.theme.line(k)
        beta = self.grid(term.rows, 1, colour, cell)
        omega = self.grid(term.rows, term.cols, colour, cell)
        # the input h_k is the previous layer's output: its colour; x is in the text colour
        source_cells = self.grid(term.cols, 1, self.theme.line(k - 1) if k else self.theme.text, cell)
        plus = self.tex("+", size=LABEL)
        cells = VGroup(beta, plus, omega, source_cells).arrange(RIGHT, buff=0.15)
        caption = VGroup(
            self.tex(rf"\boldsymbol{{\Omega}}_{k}\!: {term.rows} \times {term.cols}", size=LABEL,
                     color=self.theme.label(k)),
            self.tex(rf"\boldsymbol{{\beta}}_{k}\!: {term.rows}", size=LABEL, color=self.theme.label(k)),
            self.tex(rf"{term.weights} + {term.biases} = {term.total}", size=LABEL),
        ).arrange(DOWN, buff=0.18, aligned_edge=LEFT)
        body = VGroup(cells, caption).arrange(RIGHT, buff=0.45)
        group = VGroup(equation, body).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        group.equation, group.cells, group.caption = equation, cells, caption
        group.beta, group.omega, group.term = beta, omega, term
        return group

    def grid(self, rows: int, cols: int, colour: str, cell: float) -> VGroup:
        """rows x cols squares: ``grid.shape`` is (rows, cols)."""
        cells = VGroup(*(Square(cell, color=colour, stroke_width=2.5, fill_color=colour,
                                fill_opacity=0.25) for _ in range(rows * cols)))
        cells.arrange_in_grid(rows, cols, buff=0)
        cells.shape = (rows, cols)
        return cells

    # --- 6: the count for K layers of D ----------------------------------------------------
    @step
    def count(self) -> None:
        c = self.data.count
        dd, kk = c.width, c.depth
        heading = self.title(rf"Parameters of 1 input $\to$ $K = {kk}$ layers of $D = {dd}$ "
                             r"$\to$ 1 output")
        rows = [
            (r"\boldsymbol{\Omega}_0: D \times 1,\ \boldsymbol{\beta}_0: D", "2D", f"{c.first:,}"),
            (r"\boldsymbol{\Omega}_1 \ldots \boldsymbol{\Omega}_{K-1}: D \times D,\ "
             r"\boldsymbol{\beta}_k: D", r"(K-1)\,D\,(D+1)",
             f"{kk - 1} \\cdot {dd} \\cdot {dd + 1} = {c.middle:,}".replace(",", "{,}")),
            (r"\boldsymbol{\Omega}_K: 1 \times D,\ \boldsymbol{\beta}_K: 1", "D + 1", f"{c.last:,}"),
        ]
        table = VGroup(*(VGroup(self.tex(a, color=self.theme.label(i)), self.tex(b),
                                self.tex(r"= " + v.replace(",", "{,}")))
                         for i, (a, b, v) in enumerate(rows)))
        for i, row in enumerate(table):
            row[0].move_to([-6.7, 2.0 - 1.1 * i, 0], aligned_edge=LEFT)
            row[1].move_to([-0.5, 2.0 - 1.1 * i, 0], aligned_edge=LEFT)
            row[2].next_to(row[1], RIGHT, buff=0.25)
        total = self.tex(r"\text{total} = 3D + 1 + (K-1)\,D\,(D+1)",
                         rf"= {3 * dd + 1:,} + {c.middle:,} = {c.total:,}".replace(",", "{,}"), size=TITLE)
        total.move_to(DOWN * 1.55)
        check = self.prose(f"(the same as counting $D_{{k+1}}(D_k + 1)$ layer by layer: "
                           f"{nnmath.num_parameters(1, [dd] * kk, 1):,})", size=LABEL,
                           color=self.theme.muted).next_to(total, DOWN, buff=0.4)
        self.play(FadeOut(self.layers), FadeOut(self.total), FadeOut(self.heading), FadeIn(heading),
                  run_time=0.8)
        self.heading = heading
        for row in table:
            self.play(FadeIn(row, shift=RIGHT * 0.2), run_time=1.3)
        self.play(Write(total), run_time=2)
        self.play(FadeIn(check), run_time=1)
        self.say(
            f"With one input, K = {kk} hidden layers of D = {dd} units and one output: the first "
            f"layer has D weights and D biases (2D = {c.first}); each of the K - 1 = {kk - 1} "
            f"layers after it has D x D weights and D biases ({kk - 1} x {dd} x {dd + 1} = {c.middle}); "
            f"the output has D weights and 1 bias ({c.last}).",
            f"Total 3D + 1 + (K-1) D (D+1) = {3 * dd + 1} + {c.middle} = {c.total} parameters.")
        self.wait(HOLD)
        self.table, self.total_line = table, total
