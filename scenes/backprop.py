"""Backpropagation with real numbers on the network diagram (book section 7.4).

One training example (x, y) and a small ReLU network drawn by ``scenes.diagram``'s
NetworkDiagram, each arrow labelled with its parameter. The forward pass fills the nodes layer
by layer (pre-activations f_k in the ledger, activations h_k on the nodes, an off unit greyed),
then the output f_K and the loss l = (f_K - y)^2. The backward pass runs from the output down:
dl/df_K = 2 (f_K - y); for each weight layer k the arrows take dl/dbeta_k = dl/df_k and
dl/dOmega_k = dl/df_k h_k^T, the nodes below take dl/dh_k = Omega_k^T dl/df_k and then, through
the ReLU, dl/df_{k-1} = I[f_{k-1} > 0] (.) dl/dh_k, so an off unit passes nothing back. Last,
every gradient against finite differences. All numbers are nnmath.backprop's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, Line, ShowPassingFlash, VGroup, Write

import nnmath
from scenes.common import BODY, LABEL, LectureScene, fmt, step
from scenes.diagram import NetworkDiagram, math, units_list

DIAGRAM_W, DIAGRAM_H = 6.2, 5.6
DIAGRAM_X = -3.35
LEDGER_X = 0.8  # left edge of the text column
LEDGER_W = 6.0
FD_STEP = 1e-6


def vector(values) -> str:
    """LaTeX of a vector as the slides write it: ``(0.64, 0, 1.2)``; one number without brackets."""
    values = np.ravel(values)
    return fmt(values[0]) if values.size == 1 else "(" + ", ".join(fmt(v) for v in values) + ")"


def matrix(values) -> str:
    """LaTeX of a matrix: a row as a vector, several rows as a pmatrix."""
    values = np.atleast_2d(values)
    if values.shape[0] == 1:
        return vector(values[0])
    rows = r" \\ ".join(" & ".join(fmt(v) for v in row) for row in values)
    return rf"\begin{{pmatrix}} {rows} \end{{pmatrix}}"


def sci(value: float) -> str:
    """LaTeX of a small positive number in scientific notation: ``9.5 \\times 10^{-11}``."""
    if value == 0:
        return "0"
    exponent = int(np.floor(np.log10(abs(value))))
    return rf"{fmt(value / 10 ** exponent, 1)} \times 10^{{{exponent}}}"


def zero_note(r: nnmath.Backprop, k: int) -> str:
    """Why some weights of layer k get gradient 0: they leave an off unit (h = 0) or enter one
    (dl/df = 0)."""
    notes = []
    if k > 0 and np.any(r.h[k] == 0):
        notes.append("the weights out of an off unit get 0, since its h is 0")
    if np.any(r.dl_df[k] == 0):
        notes.append("the bias and weights into an off unit get 0, since its dl/df is 0")
    return "; " + " and ".join(notes) if notes else ""


@dataclass(frozen=True)
class BackpropData:
    """What the scene shows: the network, the example, nnmath's forward and backward pass, the
    finite-difference gradients and the largest difference between the two."""

    net: nnmath.DeepNetwork
    result: nnmath.Backprop
    numeric: np.ndarray  # finite differences, in the order of nd.arrows
    largest_difference: float

    @classmethod
    def from_params(cls, params: dict) -> BackpropData:
        net = nnmath.as_deep(params["net"])
        result = nnmath.backprop(net, params["x"], params["y"])
        numeric = nnmath.finite_differences(net, params["x"], params["y"], FD_STEP)
        return cls(net, result, numeric, float(np.abs(numeric - result.parameter_gradients()).max()))


class Backprop(LectureScene):
    """Storyboard: the network and example, the forward pass layer by layer, the loss, the
    backward pass layer by layer (weights, then through each ReLU), the finite-difference check."""

    def construct(self) -> None:
        self.data = BackpropData.from_params(self.params)
        K = self.data.net.num_hidden_layers
        self.show_network()
        for k in range(K):
            self.forward_layer(k)
        self.forward_output()
        self.backward_output()
        for k in range(K, -1, -1):
            self.backward_layer(k)
        self.check()

    # --- helpers ---------------------------------------------------------------------------
    def ledger(self, *lines) -> VGroup:
        """Lines of text in the right-hand column, below the title."""
        group = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return group.next_to([LEDGER_X, 2.7, 0], DOWN + RIGHT, buff=0).align_to([LEDGER_X, 0, 0], LEFT)

    def show_ledger(self, *lines, run_time: float = 1.2) -> None:
        new = self.ledger(*lines)
        self.play(FadeOut(self.text), FadeIn(new), run_time=run_time)
        self.text = new

    def gradient_tex(self, value: float):
        return math(fmt(value), self.theme, LABEL, self.theme.label(1))

    def flash(self, layer: int, backward: bool) -> None:
        """Light the arrows of weight layer ``layer``, in the direction the values travel."""
        theme, diagram = self.theme, self.diagram
        colour = theme.line(1) if backward else theme.highlight
        flashes = []
        for arrow in diagram.layer_arrows(layer):
            a, b = arrow.get_start(), arrow.get_end()
            path = Line(b, a) if backward else Line(a, b)
            flashes.append(ShowPassingFlash(path.set_stroke(colour, width=8), time_width=0.6))
        self.play(*flashes, run_time=1.6)

    def set_nodes(self, layer: int, values, colour: str | None = None) -> list:
        """Animations writing ``values`` into the nodes of ``layer`` (forward values in the text
        colour, gradients in ``colour``)."""
        diagram = self.diagram
        return [diagram.swap(diagram.names, (layer, u),
                             math(fmt(v), self.theme, LABEL, colour).move_to(diagram.node(layer, u)[0]))
                for u, v in enumerate(np.ravel(values))]

    # --- steps ---------------------------------------------------------------------------------
    @step
    def show_network(self) -> None:
        d, theme = self.data, self.theme
        r = d.result
        self.heading = self.title("Backpropagation on one training example")
        self.diagram = NetworkDiagram(d.net, theme, DIAGRAM_W, DIAGRAM_H, labels="values")
        self.diagram.shift(RIGHT * DIAGRAM_X + DOWN * 0.5)
        K = d.net.num_hidden_layers
        self.text = self.ledger(
            self.tex(rf"x = {vector(r.x)},\quad y = {vector(r.y)}"),
            self.tex(rf"f_0 = \beta_0 + \Omega_0 x,\quad h_k = \mathrm{{ReLU}}[f_{{k-1}}]", size=LABEL),
            self.tex(rf"f_k = \beta_k + \Omega_k h_k,\quad \ell = (f_{{{K}}} - y)^2", size=LABEL),
            self.prose("each arrow carries its parameter", size=LABEL, color=theme.muted))
        self.play(Write(self.heading), run_time=1)
        # its parts, not the group, join the scene: a node's value replaces its name in both
        self.play(*(FadeIn(part) for part in self.diagram.submobjects), run_time=2)
        self.play(FadeIn(self.text), run_time=1.5)
        self.wait(2)
        sizes = " - ".join(map(str, self.diagram.layout.sizes))
        self.say(f"A ReLU network with layers of {sizes} nodes and {d.net.num_parameters} parameters, "
                 f"one arrow each, labelled with its value. One training example: input x = "
                 f"{vector(r.x)}, target y = {vector(r.y)}; the loss is least squares, "
                 f"l = (f_{K} - y)^2.")

    @step
    def forward_layer(self, k: int) -> None:
        d, theme, diagram = self.data, self.theme, self.diagram
        r = d.result
        f, h = r.f[k], r.h[k + 1]
        if k == 0:
            self.play(*self.set_nodes(0, r.x), run_time=1)
        self.flash(k, backward=False)
        source = "x" if k == 0 else f"h_{{{k}}}"
        active = r.slopes[k] > 0
        off = [u + 1 for u in range(len(f)) if not active[u]]
        self.show_ledger(
            self.tex(rf"f_{{{k}}} = \beta_{{{k}}} + \Omega_{{{k}}} {source} = {vector(f)}"),
            self.tex(rf"h_{{{k + 1}}} = \mathrm{{ReLU}}[f_{{{k}}}] = {vector(h)}"),
            self.prose(f"{units_list(off)} off: grey, output 0" if off else "every unit on",
                       size=LABEL, color=theme.muted))
        self.play(*self.set_nodes(k + 1, h), *(diagram.light_up(k + 1, u, a) for u, a in enumerate(active)),
                  run_time=1.5)
        self.wait(2)
        on = [u + 1 for u in range(len(f)) if active[u]]
        self.say(f"Forward, hidden layer {k + 1}: the pre-activations f_{k} = beta_{k} + Omega_{k} "
                 f"{'x' if k == 0 else f'h_{k}'} are {vector(f)}; the ReLU keeps the positive ones, "
                 f"h_{k + 1} = {vector(h)}: {units_list(on)} on, {units_list(off)} off (grey).")

    @step
    def forward_output(self) -> None:
        d, theme = self.data, self.theme
        r = d.result
        K = d.net.num_hidden_layers
        self.flash(K, backward=False)
        residual = r.output - r.y
        self.show_ledger(
            self.tex(rf"f_{{{K}}} = \beta_{{{K}}} + \Omega_{{{K}}} h_{{{K}}} = {vector(r.output)}"),
            self.tex(rf"\ell = (f_{{{K}}} - y)^2 = ({vector(r.output)} - {vector(r.y)})^2 = {fmt(r.loss, 4)}"
                     if r.output.size == 1 else rf"\ell = \|f_{{{K}}} - y\|^2 = {fmt(r.loss, 4)}"))
        self.play(*self.set_nodes(K + 1, r.output), self.diagram.node(K + 1, 0)[0].animate.set_stroke(
            theme.highlight, width=5), run_time=1.5)
        # what the backward pass needs, kept at the bottom of the column from here on
        rows = [self.prose("kept from the forward pass:", size=LABEL, color=theme.muted)]
        rows += [self.tex(rf"f_{{{k}}} = {vector(r.f[k])},\ h_{{{k + 1}}} = {vector(r.h[k + 1])}",
                          size=LABEL, color=theme.muted) for k in range(K)]
        rows.append(self.tex(rf"f_{{{K}}} = {vector(r.output)},\ \ell = {fmt(r.loss, 4)}", size=LABEL,
                             color=theme.muted))
        self.tape = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        self.tape.next_to([LEDGER_X, -3.7, 0], UP + RIGHT, buff=0)
        self.play(FadeIn(self.tape), run_time=1.2)
        self.wait(2)
        self.say(f"The output f_{K} = {vector(r.output)} against the target {vector(r.y)}: the "
                 f"residual is {vector(residual)} and the loss l = {fmt(r.loss, 4)}. Every value of "
                 f"the forward pass is kept: the backward pass needs them.")

    @step
    def backward_output(self) -> None:
        d, theme = self.data, self.theme
        r = d.result
        K = d.net.num_hidden_layers
        g = r.dl_df[K]
        self.show_ledger(
            self.tex(rf"\frac{{\partial \ell}}{{\partial f_{{{K}}}}} = 2 (f_{{{K}}} - y) = {vector(g)}",
                     color=theme.label(1)),
            self.prose("backward: derivatives of the loss (teal)", size=LABEL, color=theme.muted))
        self.play(*self.set_nodes(K + 1, g, theme.label(1)), self.diagram.node(K + 1, 0)[0].animate.set_stroke(
            theme.line(1), width=5), run_time=1.5)
        self.wait(2.5)
        self.say(f"The backward pass starts at the output: dl/df_{K} = 2 (f_{K} - y) = {vector(g)}. "
                 f"From here on every number shown is a derivative of the loss (teal), carried "
                 f"from the output back towards the input.")

    @step
    def backward_layer(self, k: int) -> None:
        d, theme, diagram = self.data, self.theme, self.diagram
        r = d.result
        g = r.dl_df[k]
        teal = theme.label(1)
        source = "x" if k == 0 else f"h_{{{k}}}"
        self.flash(k, backward=True)
        lines = [self.tex(rf"\partial \ell / \partial \beta_{{{k}}} = \partial \ell / \partial f_{{{k}}} = "
                          rf"{vector(r.dl_dbeta[k])}", size=LABEL, color=teal),
                 self.tex(rf"\partial \ell / \partial \Omega_{{{k}}} = (\partial \ell / \partial f_{{{k}}})\,"
                          rf"{source}^T = {matrix(r.dl_domega[k])}", size=LABEL, color=teal)]
        if k > 0:
            lines.append(self.tex(rf"\partial \ell / \partial h_{{{k}}} = \Omega_{{{k}}}^T\, (\partial \ell"
                                  rf" / \partial f_{{{k}}}) = {vector(r.dl_dh[k])}", size=LABEL, color=teal))
        self.show_ledger(*lines)
        grads = {p.key: (r.dl_dbeta[k][p.target] if p.is_bias else r.dl_domega[k][p.target, p.source])
                 for p in diagram.params if p.layer == k}
        self.play(*(diagram.swap(diagram.labels, key, diagram.boxed(self.gradient_tex(v)).move_to(
            diagram.labels[key])) for key, v in grads.items()), run_time=1.8)
        example = next(p for p in diagram.params if p.layer == k and not p.is_bias)
        i, j = example.target, example.source
        notes = [f"Weight layer {k}, backward: each bias gets dl/df_{k} = {vector(g)} (its arrow starts "
                 f"at a 1); each weight gets dl/df_{k} times the value at the start of its arrow, "
                 f"dl/dOmega_{k} = dl/df_{k} {'x' if k == 0 else f'h_{k}'}^T, e.g. {fmt(g[i])} times "
                 f"{fmt(r.h[k][j])} = {fmt(r.dl_domega[k][i, j])}" + zero_note(r, k) + "."]
        if k == 0:
            self.wait(2.5)
            notes.append("The input layer has no parameters below it: the backward pass ends here.")
            self.say(*notes)
            return
        self.play(*self.set_nodes(k, r.dl_dh[k], teal), run_time=1.5)
        self.wait(1)
        # through the ReLU of layer k: dl/df_{k-1} = I[f_{k-1} > 0] (.) dl/dh_k
        slopes, dh, df = r.slopes[k - 1], r.dl_dh[k], r.dl_df[k - 1]
        off = [u + 1 for u in range(len(slopes)) if slopes[u] == 0]
        relu = VGroup(
            self.tex(rf"\partial \ell / \partial f_{{{k - 1}}} = \mathbb{{I}}[f_{{{k - 1}}} > 0] \odot "
                     rf"\partial \ell / \partial h_{{{k}}}", size=LABEL, color=teal),
            self.tex(rf"= {vector(slopes)} \odot {vector(dh)} = {vector(df)}", size=LABEL, color=teal),
            self.prose(f"{units_list(off)} off: its ReLU slope is 0" if off else "every unit on: slope 1",
                       size=LABEL, color=theme.muted)).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        relu.next_to(self.text, DOWN, buff=0.3).align_to(self.text, LEFT)
        self.play(FadeIn(relu), run_time=1.2)
        self.text = VGroup(self.text, relu)
        self.play(*self.set_nodes(k, df, teal), run_time=1.8)
        self.wait(2)
        notes.append(f"The nodes below receive dl/dh_{k} = Omega_{k}^T dl/df_{k} = {vector(dh)}: each "
                     f"arrow sends its weight times the derivative at its end.")
        notes.append(f"Through the ReLU: dl/df_{k - 1} = I[f_{k - 1} > 0] (elementwise) dl/dh_{k}. The "
                     f"slopes are {vector(slopes)}, so {vector(dh)} becomes {vector(df)}"
                     + (f": {units_list(off)} was off, its derivative {fmt(dh[off[0] - 1])} is stopped, "
                        f"and every parameter feeding it gets gradient 0." if off else "."))
        self.say(*notes)

    @step
    def check(self) -> None:
        d, theme = self.data, self.theme
        count = d.net.num_parameters
        self.show_ledger(
            self.prose("Check: finite differences", size=BODY),
            self.tex(r"\frac{\ell(\phi + \varepsilon) - \ell(\phi - \varepsilon)}{2 \varepsilon},\quad "
                     r"\varepsilon = 10^{-6}", size=LABEL),
            self.prose(rf"for each of the {count} parameters $\phi$:", size=LABEL),
            self.tex(rf"\text{{largest difference from backprop}} = {sci(d.largest_difference)}",
                     size=LABEL),
            self.prose("backprop: one forward, one backward pass;", size=LABEL, color=theme.muted),
            self.prose(f"finite differences: {2 * count} forward passes", size=LABEL, color=theme.muted))
        self.wait(4)
        self.say(f"Every arrow now carries dl/d(its parameter). Checked against central finite "
                 f"differences with epsilon = 1e-6, two forward passes per parameter: over all "
                 f"{count} parameters the largest difference is {d.largest_difference:.1e}. "
                 f"Backpropagation gets all {count} from one forward and one backward pass.")
