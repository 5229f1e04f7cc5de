"""Network diagrams as data: one arrow per parameter, with its symbol and value (book Figs.
3.4, 3.7, 3.11, 4.4, 4.6), the diagram's node layout and what flows along each arrow.

"Each parameter multiplies its source and adds to its target": weight (Omega_k)_ij is the
arrow from unit j of layer k to unit i of layer k+1, bias (beta_k)_i the arrow from the bias
node "1" of layer k to unit i of layer k+1. Layer 0 is the input x, layer K+1 the output y.
Indices are 0-based in the arrays and 1-based in the symbols (the book's theta_11 is
``Arrow(layer=0, target=0, source=0)``; its bias theta_10 has ``source=None``).

Symbols follow the book: theta_ij and phi_j for a shallow net (phi_oj with several outputs),
theta, psi, phi for two hidden layers (Fig. 4.4), (Omega_k)_ij and (beta_k)_i in general.
Pure NumPy; the scenes and figures only draw what is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .checks import ParameterError
from .compose import Network, as_deep
from .deep import DeepNetwork

#: The book's letters per weight layer, by the number of hidden layers K (Figs. 3.4, 4.4).
LETTERS = {1: (r"\theta", r"\phi"), 2: (r"\theta", r"\psi", r"\phi")}
MATRIX = "matrix"  # (Omega_k)_ij and (beta_k)_i, the general notation (Fig. 4.6)


@dataclass(frozen=True)
class Arrow:
    """One parameter as an arrow of the diagram.

    layer k: it belongs to Omega_k / beta_k; target i: unit of layer k+1; source j: unit of
    layer k, or None for a bias (from the bias node of layer k). value: the parameter;
    symbol: its LaTeX name (``\\theta_{11}``, ``\\psi_{21}``, ``(\\Omega_{2})_{13}``).
    """

    layer: int
    target: int
    source: int | None
    value: float
    symbol: str

    @property
    def is_bias(self) -> bool:
        return self.source is None

    @property
    def key(self) -> tuple[int, int, int | None]:
        return (self.layer, self.target, self.source)


def _index(*numbers: int) -> str:
    """Subscript indices as the book writes them: ``11``, or ``12,3`` once one has two digits."""
    return ("," if any(n >= 10 for n in numbers) else "").join(str(n) for n in numbers)


def _letters(net: DeepNetwork, letters: Sequence[str] | str | None) -> Sequence[str] | str:
    if letters is None:
        return LETTERS.get(net.num_hidden_layers, MATRIX)
    if letters != MATRIX and len(letters) != net.num_hidden_layers + 1:
        raise ParameterError(
            f"letters must name the K+1 = {net.num_hidden_layers + 1} weight layers of this "
            f"network (e.g. {list(LETTERS.get(2))} for two hidden layers) or be {MATRIX!r}; got "
            f"{list(letters)}.")
    return letters


def symbol(net: DeepNetwork, layer: int, target: int, source: int | None,
           letters: Sequence[str] | str | None = None) -> str:
    """The LaTeX name of one parameter (0-based indices in, the book's 1-based names out)."""
    letters = _letters(net, letters)
    i, j = target + 1, 0 if source is None else source + 1
    if letters == MATRIX:
        return (rf"(\beta_{{{layer}}})_{{{i}}}" if source is None
                else rf"(\Omega_{{{layer}}})_{{{_index(i, j)}}}")
    letter = letters[layer]
    last = layer == net.num_hidden_layers
    if last and net.output_dim == 1:  # one output: phi_j, the output index is dropped
        return rf"{letter}_{{{j}}}"
    return rf"{letter}_{{{_index(i, j)}}}"


def arrows(net: Network, biases: bool = True, letters: Sequence[str] | str | None = None) -> list[Arrow]:
    """Every parameter of ``net`` as an Arrow, layer by layer, unit by unit, bias first.

    With ``biases`` there is one arrow per parameter (``len == net.num_parameters``), without
    one per weight (sum_k D_{k+1} D_k). ``letters``: the letter of each weight layer (default
    the book's, see LETTERS) or "matrix".
    """
    deep = as_deep(net)
    out = []
    for k, (beta, omega) in enumerate(zip(deep.betas, deep.omegas)):
        for i in range(omega.shape[0]):
            sources = ([None] if biases else []) + list(range(omega.shape[1]))
            for j in sources:
                value = beta[i] if j is None else omega[i, j]
                out.append(Arrow(k, i, j, float(value), symbol(deep, k, i, j, letters)))
    return out


def layer_symbols(net: Network) -> list[tuple[str, str]]:
    """(Omega_k, beta_k) LaTeX names with their shapes per weight layer, e.g. the Fig. 4.6
    net's first layer ``("\\Omega_0 \\in \\mathbb{R}^{4 \\times 3}", "\\beta_0 \\in \\mathbb{R}^{4}")``."""
    deep = as_deep(net)
    return [(rf"\Omega_{{{k}}} \in \mathbb{{R}}^{{{o.shape[0]} \times {o.shape[1]}}}",
             rf"\beta_{{{k}}} \in \mathbb{{R}}^{{{o.shape[0]}}}") for k, o in enumerate(deep.omegas)]


def node_names(net: Network, output: str = "y") -> list[list[str]]:
    """The LaTeX name of every node, layer by layer: x (x_1, x_2, ...), the hidden units
    h_d (one hidden layer), h_d and h'_d (two, as in the merged network of Fig. 4.1),
    h_{kd} (more), and the outputs y (y_1, ...)."""
    deep = as_deep(net)
    sizes = [deep.input_dim, *deep.widths, deep.output_dim]
    names = [["x"] if sizes[0] == 1 else [f"x_{{{i + 1}}}" for i in range(sizes[0])]]
    primes = {1: [""], 2: ["", "'"]}.get(deep.num_hidden_layers)
    for k, width in enumerate(deep.widths):
        if primes is not None:
            names.append([f"h{primes[k]}_{{{d + 1}}}" for d in range(width)])
        else:
            names.append([f"h_{{{_index(k + 1, d + 1)}}}" for d in range(width)])
    names.append([output] if sizes[-1] == 1 else [f"{output}_{{{o + 1}}}" for o in range(sizes[-1])])
    return names


@dataclass(frozen=True)
class Layout:
    """Where the nodes of a diagram sit, in abstract units: column k (layer k) at x = k, the
    nodes of a column one unit apart, centred on y = 0; the bias node of column k one unit
    above its top node (the book draws it there)."""

    sizes: tuple[int, ...]  # nodes per layer: Di, D_1, ..., D_K, Do

    def node(self, layer: int, unit: int) -> np.ndarray:
        """(x, y) of unit ``unit`` of layer ``layer``; unit 0 is the top one."""
        size = self.sizes[layer]
        return np.array([float(layer), (size - 1) / 2 - unit])

    def bias(self, layer: int) -> np.ndarray:
        """(x, y) of the bias node "1" that feeds layer + 1."""
        return self.node(layer, 0) + np.array([0.0, 1.0])

    @property
    def height(self) -> float:
        """Rows of the tallest column (a bias node counts as one more)."""
        return float(max(self.sizes))


def layout(net: Network) -> Layout:
    deep = as_deep(net)
    return Layout((deep.input_dim, *deep.widths, deep.output_dim))


@dataclass(frozen=True)
class Flow:
    """One forward pass as the diagram shows it, for a single input x.

    values[k]: the node values of layer k (x, h_1, ..., h_K, y); preactivations[k] those of
    hidden layer k+1 before the activation; active[k]: which of its units are on (> 0).
    ``carried(arrow)`` is what the arrow adds to its target: its parameter times its source.
    """

    values: list[np.ndarray]
    preactivations: list[np.ndarray]
    active: list[np.ndarray]

    def carried(self, arrow: Arrow) -> float:
        # bias: beta_k,i * 1 ; weight: (Omega_k)_ij * value of unit j of layer k
        source = 1.0 if arrow.source is None else self.values[arrow.layer][arrow.source]
        return float(arrow.value * source)

    @property
    def output(self) -> np.ndarray:
        return self.values[-1]


def flow(net: Network, x) -> Flow:
    """The forward pass of ``net`` on one input x (a number, or Di numbers), from its trace."""
    deep = as_deep(net)
    x = np.atleast_1d(np.asarray(x, dtype=float))
    if x.shape != (deep.input_dim,):
        raise ParameterError(f"x must hold one number per input (Di = {deep.input_dim}); got "
                             f"{x.size} number(s).")
    trace = deep.forward(x[None, :])
    pre = [p[0] for p in trace.preactivations]
    hidden = [h[0] for h in trace.activations]
    output = np.atleast_1d(trace.output[0])
    return Flow([x, *hidden, output], pre, [p > 0 for p in pre])


def place_labels(segments, sizes, obstacles, samples: int = 80, margin: float = 0.06) -> np.ndarray:
    """Where to centre the label of each arrow, on the arrow: (n, 2) points.

    segments: (n, 2, 2) start and end of each arrow; sizes: (n, 2) width and height of each
    label; obstacles: (m, 4) boxes (x0, y0, x1, y1) no label may cover (the nodes). Labels
    are placed in order, each at the first best of 15 positions along its arrow (from 22 % to
    78 % of its length) by: overlap with the obstacles and the labels placed before it (weight
    100), then the number of other arrows it covers (each is hidden under it), then the
    distance from the middle.
    """
    segments = np.asarray(segments, float).reshape(-1, 2, 2)
    sizes = np.asarray(sizes, float).reshape(-1, 2)
    taken = [np.asarray(b, float) for b in np.asarray(obstacles, float).reshape(-1, 4)]
    t = np.linspace(0, 1, samples)[:, None]
    points = [a + t * (b - a) for a, b in segments]  # (samples, 2) per arrow
    centres = np.zeros((len(segments), 2))
    for k, ((a, b), (w, h)) in enumerate(zip(segments, sizes)):
        others = np.concatenate([p for j, p in enumerate(points) if j != k] or [np.zeros((0, 2))])
        owner = np.concatenate([[j] * samples for j in range(len(points)) if j != k] or [[]])
        best, best_score = 0.5, np.inf
        for s in np.linspace(0.22, 0.78, 15):
            centre = a + s * (b - a)
            box = np.array([centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2])
            clash = sum(_overlap(box, other) for other in taken)
            inside = np.all((others > box[:2] - margin) & (others < box[2:] + margin), axis=1)
            score = 100 * clash + len(np.unique(owner[inside])) + 0.5 * abs(s - 0.5)
            if score < best_score - 1e-9:
                best, best_score = s, score
        centres[k] = a + best * (b - a)
        taken.append(np.array([centres[k, 0] - w / 2, centres[k, 1] - h / 2,
                               centres[k, 0] + w / 2, centres[k, 1] + h / 2]))
    return centres


def _overlap(a: np.ndarray, b: np.ndarray, margin: float = 0.05) -> float:
    """Overlap area of two boxes (x0, y0, x1, y1), each grown by ``margin``."""
    dx = min(a[2], b[2]) - max(a[0], b[0]) + margin
    dy = min(a[3], b[3]) - max(a[1], b[1]) + margin
    return max(dx, 0.0) * max(dy, 0.0)


__all__ = ["place_labels", "Arrow", "Flow", "Layout", "arrows", "flow", "layer_symbols", "layout", "node_names", "symbol"]
