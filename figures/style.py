"""The shared look of every figure and the one ``save()`` that writes PDF, SVG and PNG.

Figures are drawn for 16:9 slides: 13.33 x 7.5 inches at 144 dpi is 1920 x 1080 pixels, and
no text is smaller than 14 pt (readable from the back of a lecture hall). Colours come from
``palette`` so figures and animations match.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from palette import THEMES, Theme  # noqa: E402

SLIDE = (13.33, 7.5)  # inches, 16:9
DPI = 144  # PNG: 1920 x 1080 for a full slide
FORMATS = ("pdf", "svg", "png")


def rc(theme: Theme) -> dict:
    """Matplotlib settings of the theme: large type, quiet axes, the book's colours."""
    return {
        "figure.facecolor": theme.background,
        "axes.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.axis,
        "xtick.color": theme.text,
        "ytick.color": theme.text,
        "axes.prop_cycle": matplotlib.cycler(color=list(theme.series)),
        "font.size": 16,
        "axes.titlesize": 18,
        "axes.labelsize": 17,
        "xtick.labelsize": 14,
        "ytick.labelsize": 14,
        "legend.fontsize": 15,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "lines.linewidth": 2.5,
        "mathtext.fontset": "dejavuserif",
        "font.family": "serif",
        "font.serif": ["DejaVu Serif"],
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
    }


@contextmanager
def themed(theme: Theme | str):
    """Draw inside ``with themed("light"):`` so every figure gets the same settings."""
    theme = THEMES[theme] if isinstance(theme, str) else theme
    with plt.rc_context(rc(theme)):
        yield theme


def save(fig, name: str, out_dir: Path, formats=FORMATS) -> list[Path]:
    """Write ``fig`` as ``out_dir/name.{pdf,svg,png}``, each atomically; close it; return the paths.

    Every file is written to a temporary name in the same folder and renamed into place, so an
    error never leaves a half-written figure or removes a good one.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for fmt in formats:
            target = out_dir / f"{name}.{fmt}"
            handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=f".{fmt}", dir=out_dir)
            os.close(handle)
            try:
                fig.savefig(temporary, format=fmt, dpi=DPI, metadata=_metadata(fmt))
                os.replace(temporary, target)
            finally:
                if os.path.exists(temporary):
                    os.remove(temporary)
            written.append(target)
    finally:
        plt.close(fig)
    return written


def _metadata(fmt: str) -> dict | None:
    # no creation dates: the same parameters give byte-identical PDF/SVG files
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    if fmt == "svg":
        return {"Date": None}
    return None


# --- region maps (Figs. 3.8, 4.2, 4.7) ------------------------------------------------------------
def output_colormap():
    """The book's 2-D map colours: dark brown (low) to cream (high)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "udl", ["#3B1E10", "#773C23", "#D18362", "#EBC4A4", "#FBF3E8"])


def draw_regions(ax, partition, facecolors, edge_colors, edge_width: float = 1.2,
                 max_regions: int = 10_000) -> None:
    """The exact regions as one PolyCollection and their edges as one LineCollection.

    facecolors: one colour (or RGBA row) per region; edge_colors: one colour per hidden layer
    (edges on the domain boundary are not drawn). Above ``max_regions`` polygons the caller
    should draw ``nnmath.pixelmap.pattern_map`` instead (the polygons would be sub-pixel).
    """
    from matplotlib.collections import LineCollection, PolyCollection

    if len(partition) > max_regions:
        raise ValueError(f"{len(partition)} regions: draw the pixel pattern map instead")
    ax.add_collection(PolyCollection(partition.polygons, facecolors=facecolors, edgecolors="none",
                                     antialiased=False))
    segments, layers, _ = partition.edges(unique=True)
    inner = layers >= 0
    colors = [edge_colors[k % len(edge_colors)] for k in layers[inner]]
    ax.add_collection(LineCollection(segments[inner], colors=colors, linewidths=edge_width))
    lo, hi = partition.domain.min(axis=0), partition.domain.max(axis=0)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xticks(np.linspace(lo[0], hi[0], 5))
    ax.set_yticks(np.linspace(lo[1], hi[1], 5))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def layer_legend(ax, colors, count: int, extra=(), **kw) -> None:
    """A legend naming the colour of each hidden layer's joint lines, then ``extra`` artists
    (anything with a label, e.g. a level-set LineCollection)."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colors[k % len(colors)], lw=3) for k in range(count)]
    labels = [f"joints of layer {k + 1}" for k in range(count)]
    ax.legend(handles + list(extra), labels + [e.get_label() for e in extra], **kw)
