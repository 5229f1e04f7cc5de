"""The one palette and the two themes, shared by scenes (Manim) and figures (Matplotlib).

Colours are the book's (UDL figures), adjusted where a projector needs it. A theme says which
colour plays which part: background, text, secondary text, axes, dashed guides, shading of
inactive regions, a series of colours for things that belong together (units, folds, layers),
the same series in shades dark or light enough for text, a highlight, and points.

The rules every theme keeps (tested in ``tests/test_palette.py`` with the functions below):
- text, secondary text, the highlight and every ``series_text`` colour reach a WCAG contrast
  of 4.5:1 against the background (and against the ``shade`` that inactive regions are
  filled with); lines, axes, guides and every ``series`` colour reach 3:1;
- every two series colours differ by a CIEDE2000 distance of at least 20 and in luminance by a
  ratio of at least 1.25, so they stay apart on a washed-out projector and in grey print.
Scenes and figures add a second cue (dashes, markers) where series must be told apart.
"""

from __future__ import annotations

import math
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

# Shades of the book's hues for a white background: the book's orange (2.9:1 on white) is too
# light even for a line on a projector, its dark teal (4.49:1) just too light for text.
ORANGE_LINE = "#C27455"  # 3.5:1 on white
ORANGE_TEXT = "#9C5535"  # 5.6:1
TEAL_TEXT = "#2D7068"  # 5.8:1
BLUE = "#3D5C99"  # 6.6:1; a clearer blue than blue-grey, 28 CIEDE2000 from the dark teal
MUTED_TEXT = "#56656A"  # 6.1:1, secondary text (the book's grey is 3.8:1)
# For a black background: the book's orange and teal, and two hues of other lightness.
BLUE_ON_BLACK = "#4A7FD0"  # 5.2:1
BLUE_TEXT_ON_BLACK = "#6F9BE8"
LAVENDER = "#C79BEA"  # 9.3:1


@dataclass(frozen=True)
class Theme:
    """Colours of one look.

    ``series`` colours lines and marks of pieces that belong together (folds, units, layers);
    ``series_text[i]`` is the same hue for text (labels such as "copy 1" or "unit 1");
    ``muted`` is secondary text (notes, parameter counts); ``guide`` dashed helper lines.
    """

    name: str
    background: str
    text: str
    muted: str
    axis: str
    guide: str  # dashed helper lines
    shade: str  # regions where a unit is inactive
    series: tuple[str, ...]
    series_text: tuple[str, ...]
    highlight: str
    point: str

    def line(self, i: int) -> str:
        """Series colour i (cycling), for lines and marks."""
        return self.series[i % len(self.series)]

    def label(self, i: int) -> str:
        """Series colour i (cycling) in its text shade."""
        return self.series_text[i % len(self.series_text)]


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text=CHARCOAL,
    muted=MUTED_TEXT,
    axis=GREY,
    guide=GREY,
    shade="#EEF1F2",
    series=(ORANGE_LINE, DARK_TEAL, BLUE, DARK_ORANGE),  # lightness 57 / 50 / 40 / 32
    series_text=(ORANGE_TEXT, TEAL_TEXT, BLUE, DARK_ORANGE),
    highlight=DARK_ORANGE,
    point=CHARCOAL,
)
DARK = Theme(
    name="dark",
    background="#000000",
    text="#FFFFFF",
    muted="#B4BCBF",
    axis="#BBBBBB",
    guide="#999999",
    shade="#202426",
    series=(ORANGE, TEAL, BLUE_ON_BLACK, LAVENDER),  # lightness 62 / 83 / 53 / 71
    series_text=(ORANGE, TEAL, BLUE_TEXT_ON_BLACK, LAVENDER),
    highlight="#F4A582",
    point="#FFFFFF",
)
THEMES: dict[str, Theme] = {LIGHT.name: LIGHT, DARK.name: DARK}

# The thresholds the themes are tested against (WCAG 2.1 AA; see the module docstring).
TEXT_CONTRAST = 4.5
LINE_CONTRAST = 3.0
SERIES_DELTA_E = 20.0
SERIES_LUMINANCE_RATIO = 1.25


# --- colour arithmetic (sRGB, WCAG 2.1, CIELAB D65, CIEDE2000) --------------------------------
def rgb(color: str) -> tuple[float, float, float]:
    """'#RRGGBB' as three floats in [0, 1]."""
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio (L_light + 0.05) / (L_dark + 0.05), from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def lab(color: str) -> tuple[float, float, float]:
    """CIELAB (D65) coordinates L*, a*, b* of an sRGB colour."""
    r, g, b = (_linear(c) for c in rgb(color))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return math.cbrt(t) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 colour difference of two sRGB colours; about 2 is just noticeable."""
    return delta_e_lab(lab(a), lab(b))


def delta_e_lab(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """CIEDE2000 difference of two CIELAB colours (Sharma, Wu and Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2
                     + r_t * (dc / s_c) * (dh_big / s_h))
