"""What sampling misses: a random deep ReLU network's exact regions beside a sampled grid.

Left, every exact linear region of a He-initialised 2-input network (default 3 hidden layers of
20 units) on [-1, 1]^2, each in its own colour, with the edges coloured by the hidden layer
whose unit made them (layer 1 teal, 2 orange, 3 blue-grey): later layers bend inside the
regions of earlier ones (book Fig. 4.7's deep build-up). Right, the activation patterns seen at
the centres of a pixel grid: the count of distinct patterns is smaller, because regions thinner
than a pixel are never sampled. Exact counts by ``nnmath.regions_2d``, grid by
``nnmath.pixelmap.pattern_map``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from figures.style import SLIDE, draw_regions, layer_legend, themed
from palette import DARK_ORANGE, DARK_TEAL, ORANGE
from nnmath.pixelmap import pattern_map
from nnmath.presets import random_relu_network
from nnmath.checks import ParameterError
from nnmath.regions import regions_2d

#: More polygons than this are sub-pixel at slide size (figures.style.draw_regions).
MAX_POLYGONS = 10_000


def draw(params: dict, theme="light"):
    widths, seed, grid = params["widths"], params["seed"], params["grid"]
    net = random_relu_network(widths, seed)
    exact = regions_2d(net, (-1, 1), (-1, 1))
    if len(exact) > MAX_POLYGONS:
        raise ParameterError(
            f"widths {list(widths)} give {len(exact):,} regions; this figure draws every region as "
            f"a polygon, at most {MAX_POLYGONS:,}. Use fewer or narrower layers (the default "
            f"[20, 20, 20] gives about a thousand), or the 'regions' scene, which switches to a "
            f"pixel map."
        )
    sampled = pattern_map(net, (-1, 1), (-1, 1), grid)
    rng = np.random.default_rng(0)
    with themed(theme) as look:
        fig, axes = plt.subplots(1, 2, figsize=SLIDE, layout="constrained")
        colors = _pastel(plt.cm.tab20(rng.permutation(len(exact)) % 20))
        edge_colors = [DARK_TEAL, DARK_ORANGE, look.text, ORANGE]
        draw_regions(axes[0], exact, colors, edge_colors, edge_width=1.3)
        layer_legend(axes[0], edge_colors, len(widths), loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes[0].set_title(f"exact: {len(exact):,} regions")
        ids = sampled.ids
        image = _pastel(plt.cm.tab20(rng.permutation(max(ids.max() + 1, 1))[ids] % 20))
        axes[1].imshow(image, origin="lower", extent=(-1, 1, -1, 1), interpolation="nearest")
        axes[1].set_xticks(np.linspace(-1, 1, 5))
        axes[1].set_yticks(np.linspace(-1, 1, 5))
        missed = len(exact) - sampled.num_regions
        axes[1].set_title(f"{grid} x {grid} grid: {sampled.num_regions:,} patterns\n"
                          f"{missed:,} regions ({100 * missed / len(exact):.0f} %) never sampled")
        axes[1].set_xlabel("$x_1$")
        axes[1].set_ylabel("$x_2$")
    return fig


def _pastel(rgba: np.ndarray) -> np.ndarray:
    """Lighten colours so that the edges drawn over them stand out."""
    rgba = rgba.copy()
    rgba[..., :3] = 0.4 * rgba[..., :3] + 0.6
    return rgba
