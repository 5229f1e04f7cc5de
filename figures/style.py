"""The shared look of every figure and the one ``save()`` that writes PDF, SVG and PNG.

Figures are drawn for 16:9 slides: 13.33 x 7.5 inches (40/3 exactly) at 144 dpi is 1920 x 1080
pixels. No text is smaller than the scenes' minimum in proportion (``MIN_FONT_PT``), text is in
the theme's text colours only (4.5:1 on the background), lines in its series, axis and guide
colours (3:1). Colours come from ``nnlecture.palette`` so figures and animations match.

``save()`` writes slide material: SVG text stays ``<text>`` and PDF fonts are embedded as
TrueType (Type 42), so a lecturer can edit a label; the same figure gives byte-identical files
(no dates, a fixed SVG id salt); all formats are moved in together or none is.
"""

from __future__ import annotations

import logging
import math
import os
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.layout_engine

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from nnlecture.files import interrupts_held, move_in, remove, temporary_beside  # noqa: E402
from nnlecture.palette import THEMES, Theme  # noqa: E402


def _remember_more_mathtext(size: int = 4096) -> None:
    """Matplotlib keeps the last 50 typeset math strings ($x_1$, tick labels as $10^{2}$) of each
    renderer's parser, and every file written makes new renderers: our figures ask 2,179 times
    for about 800 different (string, size, dpi) and typeset 1,485 of them again, 9 ms each. Keep
    them per kind of output (vector or raster) instead: what a parse returns depends on nothing
    else (the grammar and fonts are the class's). If matplotlib changes this private cache,
    nothing changes here but the speed."""
    import functools
    import matplotlib.mathtext

    parser = matplotlib.mathtext.MathTextParser
    original = getattr(getattr(parser, "_parse_cached", None), "__wrapped__", None)
    if original is None or not hasattr(parser("path"), "_output_type"):
        return
    parsers = {kind: parser(output) for kind, output in (("vector", "path"), ("raster", "agg"))}

    @functools.lru_cache(size)
    def shared(kind, s, dpi, prop, antialiased, load_glyph_flags):
        return original(parsers[kind], s, dpi, prop, antialiased, load_glyph_flags)

    def _parse_cached(self, s, dpi, prop, antialiased, load_glyph_flags):
        return shared(self._output_type, s, dpi, prop, antialiased, load_glyph_flags)

    _parse_cached.cache_info = shared.cache_info
    parser._parse_cached = _parse_cached


_remember_more_mathtext()

SLIDE = (40 / 3, 7.5)  # inches, 16:9 (13.33 gave 1919 px)
DPI = 144  # PNG: 1920 x 1080 for a full slide
FORMATS = ("pdf", "svg", "png")

# --- the text floor, in proportion to the scenes' -------------------------------------------------
#: Manim font size 28, the scenes' smallest text, has capitals 27 px tall on a 1080 px frame.
CAP_FRACTION = 27 / 1080
#: Cap height of DejaVu Serif, the figures' font, in em: its "H" is 1493 of 2048 units.
CAP_HEIGHT_EM = 0.729
#: The smallest font size a figure may use: capitals 2.5 % of the 7.5 in slide, 18.5 pt.
MIN_FONT_PT = CAP_FRACTION * SLIDE[1] * 72 / CAP_HEIGHT_EM
SMALL = math.ceil(MIN_FONT_PT)  # 19 pt: ticks, legends, notes
LABEL = SMALL + 1  # axis labels
TITLE = SMALL + 3  # panel titles

#: Settings that only matter when a file is written (see ``save``).
EXPORT = {
    "svg.fonttype": "none",  # text stays <text>, editable in Inkscape
    "pdf.fonttype": 42,  # TrueType, not Type 3: editable in Illustrator/PowerPoint
    "svg.hashsalt": "nnlecture",  # SVG ids from content, not random: identical rebuilds
}
_METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}, "png": None}


def rc(theme: Theme) -> dict:
    """Matplotlib settings of the theme: type at the floor or above, quiet axes, its colours."""
    return {
        "figure.facecolor": theme.background,
        "axes.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.titlecolor": theme.text,
        "axes.edgecolor": theme.axis,
        "xtick.color": theme.axis,
        "ytick.color": theme.axis,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "legend.labelcolor": theme.text,
        "axes.prop_cycle": matplotlib.cycler(color=list(theme.series)),
        "font.size": SMALL,
        "axes.titlesize": TITLE,
        "figure.titlesize": TITLE,
        "axes.labelsize": LABEL,
        "xtick.labelsize": SMALL,
        "ytick.labelsize": SMALL,
        "legend.fontsize": SMALL,
        "legend.title_fontsize": SMALL,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 1.25,
        "xtick.major.width": 1.25,
        "ytick.major.width": 1.25,
        "xtick.minor.width": 1.0,
        "ytick.minor.width": 1.0,
        "lines.linewidth": 2.5,
        "mathtext.fontset": "dejavuserif",
        "font.family": "serif",
        "font.serif": ["DejaVu Serif"],
        **EXPORT,
    }


@contextmanager
def themed(theme: Theme | str):
    """Draw inside ``with themed("light"):`` so every figure gets the same settings."""
    theme = THEMES[theme] if isinstance(theme, str) else theme
    with plt.rc_context(rc(theme)):
        yield theme


def slide(**kw):
    """A new 16:9 slide figure with constrained layout and room at the edges."""
    fig = plt.figure(figsize=SLIDE, layout="constrained", **kw)
    fig.get_layout_engine().set(w_pad=0.15, h_pad=0.15)
    return fig


def symmetric_range(values, headroom: float = 1.05) -> tuple[float, list[float]]:
    """(L, ticks) for an axis from -L to L that holds every value: L is the smallest nice number
    (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) >= headroom * max |values|, and
    the ticks are -T, 0, T with T the largest of 1, 2, 5 times a power of ten <= L."""
    top = headroom * float(np.nanmax(np.abs(values))) if np.size(values) else 1.0
    top = top if np.isfinite(top) and top > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(top))
    limit = next(round(m * power, 12) for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= top)
    tick = max(m * p for p in (power / 10, power, power * 10) for m in (1, 2, 5) if m * p <= limit)
    return limit, [-tick, 0.0, tick]


def halo(theme: Theme, width: float) -> list:
    """Path effects drawing a line on a ``width``-point band of the background colour, so it
    keeps its contrast on any colour map or fill."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground=theme.background)]


# --- writing the files: all formats or none -------------------------------------------------------
class SaveError(Exception):
    """``save()`` failed. ``replaced`` lists files already replaced (empty unless a rollback
    failed); ``kept`` the earlier files left as they were; ``stage`` what was being done."""

    def __init__(self, stage: str, cause: BaseException, kept: list[Path], replaced: list[Path]):
        self.stage, self.cause, self.kept, self.replaced = stage, cause, kept, replaced
        reason = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
        super().__init__(f"{stage} failed: {reason}. {written_text(replaced, kept)}")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during ``save()``; ``written`` lists the files it had completed (all or none)."""

    def __init__(self, written: list[Path], kept: list[Path]):
        super().__init__()
        self.written, self.kept = written, kept


def written_text(written: list[Path], kept: list[Path]) -> str:
    """What a failed or interrupted save left: one sentence naming the files."""
    if written:
        return f"Already replaced: {_names(written)}; the rest is unchanged."
    if kept:
        return f"No file was replaced: the earlier {_names(kept)} are unchanged."
    return "No file was written."


def _names(paths: list[Path]) -> str:
    folder = paths[0].parent
    return f"{', '.join(p.name for p in paths)} in {folder}"


def save(fig, name: str, out_dir: Path, formats=FORMATS, theme: Theme | str | None = None) -> list[Path]:
    """Write ``fig`` as ``out_dir/name.{pdf,svg,png}``, all formats or none; close it; return the paths.

    Each format is written to a hidden temporary file beside its target (created like any new
    file: mode 0666 less the umask), flushed to disk; only when every format is complete are
    they renamed into place, with Ctrl-C held back for those renames. An error or Ctrl-C before
    that removes the temporaries and leaves the earlier files as they were; a rename failing
    midway puts the earlier files back. Errors are raised as ``SaveError``, Ctrl-C as
    ``Interrupted`` (a KeyboardInterrupt), each saying what was and was not written.
    ``theme``: the theme the figure was drawn in, so that drawing at save time sees its settings.
    """
    out_dir = Path(out_dir)
    formats = tuple(dict.fromkeys(formats))  # each once
    targets = [out_dir / f"{name}.{fmt}" for fmt in formats]
    kept = [t for t in targets if t.is_file()]
    temporaries: dict[Path, Path] = {}
    stage = f"creating the folder {out_dir}"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        settings = rc(THEMES[theme] if isinstance(theme, str) else theme) if theme else EXPORT
        with plt.rc_context(settings), _quiet_font_subsetting():
            settle_layout(fig)
            for fmt, target in zip(formats, targets):
                stage = f"writing {target}"
                if target.is_dir():
                    raise IsADirectoryError(0, f"{target} is a folder; remove it or choose "
                                               "another --out")
                _write_temporary(fig, target, fmt, temporaries)
        stage = f"moving the files into {out_dir}"
        with interrupts_held() as held:
            move_in(temporaries)
        if held:
            raise Interrupted(targets, kept)
        return targets
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise Interrupted([], kept) from None
    except Exception as error:
        replaced = getattr(error, "replaced", [])
        raise SaveError(stage, error, [k for k in kept if k not in replaced], replaced) from error
    finally:
        for temporary in temporaries.values():
            remove(temporary)
        plt.close(fig)


#: settle_layout stops when no axes edge moved more than this, in pixels of the PNG.
SETTLED_PX = 0.05


def settle_layout(fig, rounds: int = 8) -> None:
    """Run the constrained layout until the axes stop moving, then fix it, so that every format
    gets the same, final layout (with equal-aspect axes the first pass leaves titles up to 5 px
    beyond the slide; it takes up to four passes to settle). "Stopped" is no edge moving more
    than ``SETTLED_PX``: the passes after that move edges by 1e-13 px and would run all rounds."""
    if not isinstance(fig.get_layout_engine(), matplotlib.layout_engine.ConstrainedLayoutEngine):
        return
    fig.set_dpi(DPI)
    scale = DPI * max(fig.get_size_inches())  # figure fraction -> pixels, at most
    before = None
    for _ in range(rounds):
        fig.draw_without_rendering()
        now = np.array([ax.get_position().bounds for ax in fig.axes])
        if before is not None and np.abs(now - before).max(initial=0) * scale <= SETTLED_PX:
            break
        before = now
    fig.set_layout_engine("none")
    # "none" leaves a placeholder engine, and with any engine set savefig draws the whole figure
    # once more before it writes (for the layout we just fixed): that draw was a third of each
    # file's time. Without an engine there is nothing left for it to do.
    fig._layout_engine = None


def _write_temporary(fig, target: Path, fmt: str, temporaries: dict[Path, Path]) -> None:
    temporary = temporaries[target] = temporary_beside(target)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    with os.fdopen(fd, "wb") as handle:
        fig.savefig(handle, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
        handle.flush()
        os.fsync(handle.fileno())  # a full disk shows here, not after the rename


@contextmanager
def _quiet_font_subsetting():
    """fontTools, which subsets the TrueType fonts embedded in the PDF, warns on the terminal
    that DejaVu's 'created' timestamps "seem very low": noise for a lecturer, so hush it."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


# --- region maps (Figs. 3.8, 4.2, 4.7) ------------------------------------------------------------
def output_colormap():
    """The book's 2-D map colours: dark brown (low) to cream (high)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "udl", ["#3B1E10", "#773C23", "#D18362", "#EBC4A4", "#FBF3E8"])


def map_axes(ax, lo, hi, ticks: int = 5, left: bool = True) -> None:
    """A square map of [lo[0], hi[0]] x [lo[1], hi[1]]: equal aspect, ticks at both ends, the axes
    moved a little outwards so that the two "-1" labels at the corner do not meet."""
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xticks(np.linspace(lo[0], hi[0], ticks))
    ax.set_yticks(np.linspace(lo[1], hi[1], ticks))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}".replace("-", "\u2212")))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}".replace("-", "\u2212")))
    for side in ("left", "bottom"):
        ax.spines[side].set_position(("outward", 6))
    ax.set_xlabel("$x_1$")
    if left:
        ax.set_ylabel("$x_2$")
    else:  # the same x_2 axis as the panel on its left
        ax.tick_params(labelleft=False)


def region_tints(theme: Theme, strength: float = 0.2) -> np.ndarray:
    """(6, 3) RGB fills for regions: the theme's four series hues and two greys, mixed into the
    background (``strength`` of the hue); up to 0.2, series 1-3 lines keep 3:1 on every fill."""
    from matplotlib.colors import to_rgb

    hues = [*theme.series, theme.muted, theme.axis]
    back = np.array(to_rgb(theme.background))
    return np.array([strength * np.array(to_rgb(h)) + (1 - strength) * back for h in hues])


def region_neighbours(partition) -> list[set[int]]:
    """For each region, the regions across its edges: found by locating a point just outside the
    middle of every edge (so T-junctions, where one edge faces two regions, count as well)."""
    starts = partition.vertices
    ends = np.roll(starts, -1, axis=0)
    last = partition.offsets[1:] - 1  # each polygon's last vertex closes onto its first
    ends[last] = starts[partition.offsets[:-1]]
    inner = partition.edge_layers >= 0
    owner = np.repeat(np.arange(len(partition)), np.diff(partition.offsets))[inner]
    d = (ends - starts)[inner]
    length = np.hypot(d[:, 0], d[:, 1])
    # counter-clockwise polygons: (dy, -dx) points out
    outward = np.column_stack([d[:, 1], -d[:, 0]]) / np.maximum(length, 1e-300)[:, None]
    span = float(np.ptp(partition.domain, axis=0).max())
    probe = 0.5 * (starts[inner] + ends[inner]) + 1e-7 * span * outward
    across = partition.locate(probe)
    neighbours = [set() for _ in range(len(partition))]
    for a, b in zip(owner, across):
        if b >= 0 and a != b:
            neighbours[a].add(int(b))
            neighbours[b].add(int(a))
    return neighbours


def colour_regions(partition, count: int) -> np.ndarray:
    """(P,) a colour index in 0..count-1 per region, neighbours different where ``count`` allows
    (greedy in smallest-last order: six colours always suffice for a planar map), each region
    taking the least used of the colours left, so that all are used about equally."""
    import heapq

    neighbours = region_neighbours(partition)
    left = [len(n) for n in neighbours]  # neighbours not yet ordered
    heap = [(d, i) for i, d in enumerate(left)]
    heapq.heapify(heap)
    order, done = [], np.zeros(len(partition), dtype=bool)
    while heap:  # smallest-last: repeatedly take a region with the fewest neighbours left
        d, i = heapq.heappop(heap)
        if done[i] or d != left[i]:
            continue  # a stale entry
        done[i] = True
        order.append(i)
        for j in neighbours[i]:
            if not done[j]:
                left[j] -= 1
                heapq.heappush(heap, (left[j], j))
    colours = np.full(len(partition), -1)
    uses = np.zeros(count, dtype=int)
    for i in reversed(order):  # each region takes the least used colour its neighbours leave
        used = {colours[j] for j in neighbours[i]}
        free = [c for c in range(count) if c not in used] or list(range(count))
        colours[i] = min(free, key=lambda c: (uses[c], c))
        uses[colours[i]] += 1
    return colours


# --- group views: numbers on slides, two classes of points ---------------------------------------
def number(value: float, digits: int = 2) -> str:
    """A value for a slide: at most ``digits`` decimals, trailing zeros dropped, "0" for -0,
    with the typographic minus sign (U+2212): 0.32, -71.3, 2.162."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return ("0" if text in ("-0", "") else text).replace("-", "\u2212")


def classes(ax, points, labels, theme: Theme, size: float = 7) -> None:
    """Points (N, 2) of a 2-class data set: class 0 as dots in series colour 0, class 1 as
    squares in series colour 1 (the scenes' marks), labelled "class 0" / "class 1"."""
    for c, marker in ((0, "o"), (1, "s")):
        p = np.asarray(points)[np.asarray(labels) == c]
        ax.plot(p[:, 0], p[:, 1], ls="none", marker=marker, ms=size, color=theme.line(c),
                label=f"class {c}")
