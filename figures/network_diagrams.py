"""Book Figs. 3.4 and 4.6: network diagrams drawn from the network objects.

Left: the shallow network of Fig. 3.3 with its bias nodes "1", one arrow per parameter, each
labelled with its symbol (theta_10 ... phi_3): 10 arrows for 10 parameters. Right: the deep
network of Fig. 4.6's shape (3-4-2-3-2, 43 parameters), whose arrows are too many for one label
each, labelled by weight layer with beta_k, Omega_k and the matrix shapes. Arrows, symbols,
node positions and label places all come from ``nnmath.diagram``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

import nnmath
from figures.style import LABEL, SMALL, TITLE, slide, themed
from nnmath import diagram as nd

#: Node radius in layout units (columns one unit apart, rows one unit apart).
RADIUS = 0.24
#: A weight layer with more arrows than this is labelled once (beta_k, Omega_k).
LABELS_PER_LAYER = 12


def draw(params: dict, theme="light"):
    with themed(theme) as look:
        fig = slide()
        fig.set_layout_engine("none")
        left = fig.add_axes((0.02, 0.14, 0.43, 0.76))
        right = fig.add_axes((0.5, 0.1, 0.48, 0.8))
        fig.drawn = {"shallow": draw_network(left, params["net"], look, biases=True),
                     "deep": draw_network(right, params["deep"], look, biases=True)}
        shallow, deep = (nnmath.as_deep(params[k]) for k in ("net", "deep"))
        fig.text(0.23, 0.93, f"{shallow.num_parameters} parameters, one arrow each", ha="center",
                 fontsize=TITLE, color=look.text)
        fig.text(0.74, 0.93, f"{deep.num_parameters} parameters, one label per layer", ha="center",
                 fontsize=TITLE, color=look.text)
        shapes = ",  ".join(rf"$\Omega_{{{k}}}$: {o.shape[0]}$\times${o.shape[1]}"
                            for k, o in enumerate(deep.omegas))
        fig.text(0.74, 0.04, shapes, ha="center", fontsize=SMALL, color=look.muted)
        fig.text(0.23, 0.06, "each parameter multiplies its source\nand adds to its target",
                 ha="center", fontsize=SMALL, color=look.muted)
    return fig


def draw_network(ax, net, look, biases: bool = True, labels: str | None = "symbols",
                 letters=None, output: str = "y") -> dict:
    """Draw the diagram of ``net`` into ``ax`` (nodes, one arrow per parameter, labels);
    returns what was drawn: ``arrows`` {(layer, target, source): patch}, ``labels``
    {key: Text}, ``layer_labels`` [Text], ``nodes`` {(layer, unit): Circle}."""
    layout = nd.layout(net)
    params = nd.arrows(net, biases, letters)
    names = nd.node_names(net, output)
    sizes = layout.sizes
    top = max((s - 1) / 2 + (1 if biases and k < len(sizes) - 1 else 0) for k, s in enumerate(sizes))
    bottom = -(max(sizes) - 1) / 2
    box = ax.get_position()
    aspect = box.width * ax.figure.get_figwidth() / (box.height * ax.figure.get_figheight())
    rows = top - bottom + 1.15
    gap = min(2.5, (rows * aspect - 0.7) / (len(sizes) - 1))  # columns spread over the width
    ax.set_xlim(-0.35, gap * (len(sizes) - 1) + 0.35)
    ax.set_ylim(bottom - 0.75, top + 0.4)
    stretch = np.array([gap, 1.0])
    ax.set_aspect("equal")
    ax.axis("off")
    drawn = {"arrows": {}, "labels": {}, "layer_labels": [], "nodes": {}}
    centres = {}
    for k, size in enumerate(sizes):
        for u in range(size):
            centres["node", k, u] = layout.node(k, u) * stretch
            drawn["nodes"][k, u] = _node(ax, centres["node", k, u], f"${names[k][u]}$", look)
        if biases and k < len(sizes) - 1:
            centres["bias", k] = layout.bias(k) * stretch
            _node(ax, centres["bias", k], "1", look)
    segments = []
    for p in params:
        a = centres["bias", p.layer] if p.is_bias else centres["node", p.layer, p.source]
        b = centres["node", p.layer + 1, p.target]
        direction = (b - a) / np.linalg.norm(b - a)
        start, end = a + direction * RADIUS, b - direction * (RADIUS + 0.01)
        segments.append([start, end])
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>,head_length=6,head_width=3.5",
                                color=look.axis, lw=1.8, shrinkA=0, shrinkB=0, zorder=1)
        ax.add_patch(arrow)
        drawn["arrows"][p.key] = arrow
    counts = [sum(1 for p in params if p.layer == k) for k in range(len(sizes) - 1)]
    if labels is not None and max(counts) <= LABELS_PER_LAYER:
        texts = [ax.text(0, 0, f"${p.symbol}$" if labels == "symbols" else _number(p.value),
                         ha="center", va="center", fontsize=SMALL, color=look.text, zorder=3,
                         bbox={"boxstyle": "square,pad=0.08", "fc": look.background, "ec": "none"})
                 for p in params]
        sizes_data = [_extent(ax, t) for t in texts]
        nodes = [[c[0] - RADIUS, c[1] - RADIUS, c[0] + RADIUS, c[1] + RADIUS] for c in centres.values()]
        for p, text, centre in zip(params, texts, nd.place_labels(segments, sizes_data, nodes)):
            text.set_position(centre)
            drawn["labels"][p.key] = text
    elif labels is not None:
        for k in range(len(sizes) - 1):
            text = rf"$\beta_{{{k}}},\ \Omega_{{{k}}}$" if biases else rf"$\Omega_{{{k}}}$"
            drawn["layer_labels"].append(ax.text((k + 0.5) * gap, bottom - 0.55, text, ha="center", va="center",
                                                 fontsize=LABEL, color=look.text))
    return drawn


def _node(ax, centre, name: str, look) -> Circle:
    circle = Circle(centre, RADIUS, facecolor=look.background, edgecolor=look.text, lw=2, zorder=2)
    ax.add_patch(circle)
    ax.text(*centre, name, ha="center", va="center", fontsize=LABEL, color=look.text, zorder=3)
    return circle


def _extent(ax, text) -> tuple[float, float]:
    """Width and height of a text in the data units of ``ax`` (equal aspect)."""
    renderer = ax.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    return abs(x1 - x0) + 0.04, abs(y1 - y0) + 0.04  # with the box's padding


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text).replace("-", "\u2212")
