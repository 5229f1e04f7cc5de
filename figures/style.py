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
