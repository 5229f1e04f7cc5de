"""The one palette and the two themes, shared by scenes (Manim) and figures (Matplotlib).

Colours are the book's (UDL figures). A theme says which colour plays which part: background,
text, axes, dashed guides, shading of inactive regions, a series of colours for things that
belong together (units, folds, layers), a highlight, and points.
"""

from __future__ import annotations

from dataclasses import dataclass

# The book's palette (UDL figures).
ORANGE = "#D18362"
DARK_ORANGE = "#773C23"
TEAL = "#A0D9D3"
DARK_TEAL = "#34837A"
CHARCOAL = "#424B4F"
BLUE_GREY = "#476779"
GREY = "#75868B"
LIGHT_GREY = "#C6CDCF"


@dataclass(frozen=True)
class Theme:
    """Colours of one look. ``series`` colours pieces that belong together (folds, units)."""

    name: str
    background: str
    text: str
    axis: str
    guide: str  # dashed helper lines
    shade: str  # regions where a unit is inactive
    series: tuple[str, ...]
    highlight: str
    point: str


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text=CHARCOAL,
    axis=GREY,
    guide=GREY,
    shade="#E7EBEC",
    series=(ORANGE, DARK_TEAL, BLUE_GREY, DARK_ORANGE),
    highlight=DARK_ORANGE,
    point=CHARCOAL,
)
DARK = Theme(
    name="dark",
    background="#000000",
    text="#FFFFFF",
    axis="#BBBBBB",
    guide="#999999",
    shade="#2A2F31",
    series=(ORANGE, TEAL, "#8FB3C7", LIGHT_GREY),  # four hues that stay apart on black
    highlight="#F4A582",
    point="#FFFFFF",
)
THEMES: dict[str, Theme] = {LIGHT.name: LIGHT, DARK.name: DARK}
