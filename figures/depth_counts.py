"""Depth efficiency counted (book section 4.5; Figs. 3.9 and 4.7 against real nets).

Two He-initialised random ReLU nets with 2 inputs and the same number of parameters, a deep one
(2 -> 6, 6, 6 -> 1, seed 3: 109 parameters) and a shallow one (2 -> 27 -> 1: 109), their exact
linear regions on [-1, 1]^2 (nnmath.regions_2d; neighbours in different tints, the output is
not drawn), and on the right each count beside the bounds for its widths on a log scale: for the
deep widths book eq. 4.17, what one construction reaches (a lower bound on the maximum), and the
product of the layers' Zaslavsky counts (an upper bound); for the shallow net Zaslavsky's count,
the exact maximum. All numbers come from nnmath.equal_nets.
"""

from __future__ import annotations

from matplotlib.collections import PolyCollection

import nnmath
from figures.style import LABEL, SMALL, TITLE, colour_regions, map_axes, region_tints, slide, themed


def bars(nets: nnmath.EqualNets) -> list[tuple[str, int, str]]:
    """(name, value, kind) from top to bottom; kind is 'count' or 'bound'."""
    rows = [("deep: counted", len(nets.deep_regions), "count")]
    if nets.deep_lower is not None:
        rows.append(("deep: eq. 4.17, a construction (lower bound)", nets.deep_lower, "bound"))
    rows += [("deep: product of layer maxima (upper bound)", nets.deep_upper, "bound"),
             ("shallow: counted", len(nets.shallow_regions), "count"),
             ("shallow: Zaslavsky (the exact maximum)", nets.shallow_max, "bound")]
    return rows


def draw(params: dict, theme="light"):
    nets = nnmath.equal_nets(params["widths"], params["seed"])
    with themed(theme) as look:
        fig = slide()
        grid = fig.add_gridspec(1, 3, width_ratios=[1, 1, 1.15])
        tints = region_tints(look)
        for column, (name, net, partition) in enumerate((("deep", nets.deep, nets.deep_regions),
                                                         ("shallow", nets.shallow, nets.shallow_regions))):
            ax = fig.add_subplot(grid[0, column])
            colours = colour_regions(partition, len(tints))
            ax.add_collection(PolyCollection(partition.polygons, facecolors=tints[colours],
                                             edgecolors=look.text, linewidths=1.0))
            map_axes(ax, (-1, -1), (1, 1), ticks=3, left=column == 0)
            sizes = r"$\to$".join(str(w) for w in [2, *net.widths, 1])
            ax.set_title(f"{name}: {sizes}\n{net.num_parameters} parameters\n"
                         f"{len(partition)} regions", fontsize=LABEL, color=look.label(column), pad=16)
        ax = fig.add_subplot(grid[0, 2])
        rows = bars(nets)
        top = max(v for _, v, _ in rows)
        ys = [1.3 * i for i in range(len(rows))][::-1]
        for y, (name, value, kind) in zip(ys, rows):
            series = 0 if name.startswith("deep") else 1
            ax.barh(y, value, height=0.45, left=1, color=look.line(series) if kind == "count" else "none",
                    edgecolor=look.line(series), lw=2.5, hatch=None if kind == "count" else "//")
            ax.text(value * 1.3, y, f"{value:,}", va="center", fontsize=SMALL, color=look.text)
            ax.text(1, y + 0.32, name, va="bottom", fontsize=SMALL, color=look.label(series))
        ax.set_xscale("log")
        ax.set_xlim(1, top * 40)
        ax.set_ylim(-0.5, ys[0] + 1.0)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("linear regions (log scale)")
        ax.set_title("counted (filled), bounds (hatched)", fontsize=LABEL)
        same = f"{nets.deep.num_parameters} parameters each" if nets.same_parameters else \
            f"{nets.deep.num_parameters} and {nets.shallow.num_parameters} parameters"
        fig.suptitle(f"Two random nets, {same}: their regions counted exactly", fontsize=TITLE)
        fig.drawn_nets = nets
        fig.drawn_bars = rows
    return fig
