"""The themes keep their promises: contrast for text and lines, series that stay apart.

The colour arithmetic is checked against published values first (WCAG's black/white 21:1,
Sharma, Wu and Dalal's CIEDE2000 test pairs), then every theme against the thresholds.
"""

import itertools

import pytest

from nnlecture import palette
from nnlecture.palette import THEMES, contrast, delta_e, delta_e_lab, luminance

# (L*, a*, b*) pairs and their CIEDE2000 difference: Sharma, Wu and Dalal (2005), Table 1.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (50.0, 3.2592, 0.3350), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize("first, second, expected", SHARMA)
def test_ciede2000_matches_the_published_test_pairs(first, second, expected):
    assert delta_e_lab(first, second) == pytest.approx(expected, abs=1e-4)
    assert delta_e_lab(second, first) == pytest.approx(expected, abs=1e-4)


def test_contrast_matches_wcag():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # WCAG's classic fail
    assert luminance("#FFFFFF") == pytest.approx(1.0)
    # the review's numbers: the book's orange on white, the book's grey on white
    assert contrast(palette.ORANGE, "#FFFFFF") == pytest.approx(2.94, abs=0.01)
    assert contrast(palette.GREY, "#FFFFFF") == pytest.approx(3.79, abs=0.01)


def roles(theme, kind: str) -> dict:
    """The theme's colours that are drawn as text, or as lines and marks, by role."""
    if kind == "text":
        return {"text": theme.text, "muted": theme.muted, "highlight": theme.highlight,
                "point": theme.point, **{f"series_text[{i}]": c for i, c in enumerate(theme.series_text)}}
    return {"axis": theme.axis, "guide": theme.guide,
            **{f"series[{i}]": c for i, c in enumerate(theme.series)}}


@pytest.mark.parametrize("kind, minimum", [("text", palette.TEXT_CONTRAST), ("lines", palette.LINE_CONTRAST)])
@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_text_and_lines_reach_their_contrast_on_the_background_and_on_the_shade(theme, kind, minimum):
    for ground in (theme.background, theme.shade):
        low = {name: round(contrast(c, ground), 2) for name, c in roles(theme, kind).items()
               if contrast(c, ground) < minimum}
        assert not low, f"{theme.name}: {kind} below {minimum}:1 on {ground}: {low}"


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_series_colours_stay_apart(theme):
    for a, b in itertools.combinations(theme.series, 2):
        assert delta_e(a, b) >= palette.SERIES_DELTA_E, (theme.name, a, b, delta_e(a, b))
        assert contrast(a, b) >= palette.SERIES_LUMINANCE_RATIO, (theme.name, a, b, contrast(a, b))


def test_series_text_shades_keep_the_hue():
    for theme in THEMES.values():
        assert len(theme.series_text) == len(theme.series)
        for line, text in zip(theme.series, theme.series_text):
            assert delta_e(line, text) < 15, (theme.name, line, text)
