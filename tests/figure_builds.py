"""Every registered figure, built in each theme and saved, with what its PNG pass drew.

Used by tests/test_figures.py (the look and the files; its figures-command test draws each figure
a second time and compares the bytes) and by the group modules for their own figures, so each
figure is drawn and written once per test process.
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from figures.style import save
from nnlecture import catalog

FIGURES = [entry.name for entry in catalog.figures()]
THEMES = ["light", "dark"]
_ROOT = tempfile.TemporaryDirectory(prefix="nnlecture-figures-")  # removed at exit


@dataclass(frozen=True)
class DrawnText:
    """One text the PNG pass drew: the artist, its box in PNG pixels, its size and colour."""

    artist: Text
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 (pixels, origin bottom left)
    fontsize: float


@dataclass(frozen=True)
class Build:
    figure: Figure  # closed (no longer in pyplot), still inspectable
    first: list[Path]  # the files of the first build
    texts: list[DrawnText]
    name: str
    theme: str


@functools.cache
def built(name: str, theme: str) -> Build:
    entry = catalog.lookup(name)
    folder = Path(_ROOT.name) / f"{name}_{theme}_1"
    figure = entry.load()(entry.default_params(), theme=theme)
    with recording_texts() as texts:
        first = save(figure, f"{name}_{theme}", folder, theme=theme)
    return Build(figure, first, list(texts.values()), name, theme)


class recording_texts:
    """Context manager: collects every non-empty Text drawn by the Agg (PNG) renderer, by artist."""

    def __enter__(self) -> dict:
        self.texts: dict[int, DrawnText] = {}
        original = Text.draw

        def draw(text, renderer):
            original(text, renderer)
            if isinstance(renderer, RendererAgg) and text.get_visible() and text.get_text().strip():
                box = text.get_window_extent(renderer)
                self.texts[id(text)] = DrawnText(text, (box.x0, box.y0, box.x1, box.y1),
                                                 text.get_fontsize())

        self.patch = mock.patch.object(Text, "draw", draw)
        self.patch.start()
        return self.texts

    def __exit__(self, *exc) -> None:
        self.patch.stop()
