"""Every registered figure builds and saves, looks class-ready, and draws nnmath's values.

The look, on every figure in both themes (what the PNG pass drew, see tests/figure_builds.py):
no text below the floor (the scenes' smallest capitals in proportion), text at 4.5:1 and lines
at 3:1 against the background, the series of a legend apart in colour (CIEDE2000) and in a
second cue (line style or marker), no two texts overlapping and none leaving the slide.
"""

import itertools
import math
import os
import re
import stat
import struct
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D

import nnmath
import render
from figures import style
from figures.style import save
from nnlecture import catalog, palette
from tests.figure_builds import FIGURES, THEMES, built


# --- the look of every figure ---------------------------------------------------------------------
def test_the_floor_is_the_scenes_smallest_text_in_proportion():
    from matplotlib import ft2font
    from matplotlib.font_manager import FontProperties, findfont

    font = ft2font.FT2Font(findfont(FontProperties(family="DejaVu Serif")))
    glyph = font.load_char(ord("H"), flags=ft2font.LoadFlags.NO_SCALE)
    assert glyph.height / font.units_per_EM == pytest.approx(style.CAP_HEIGHT_EM, abs=5e-4)
    # capitals of the floor size are 27 px of the PNG's 1080, as Manim's font size 28 on a 1080p frame
    assert style.MIN_FONT_PT * style.CAP_HEIGHT_EM / 72 * style.DPI == pytest.approx(27.0)
    assert style.SLIDE[1] * style.DPI == 1080 and round(style.SLIDE[0] * style.DPI) == 1920
    assert style.MIN_FONT_PT == pytest.approx(18.52, abs=0.01) and style.SMALL >= style.MIN_FONT_PT


def _describe(drawn) -> str:
    return f"{drawn.artist.get_text()!r} ({drawn.fontsize:.1f} pt)"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_no_text_is_smaller_than_the_floor(name, theme):
    texts = built(name, theme).texts
    small = [_describe(t) for t in texts if t.fontsize < style.MIN_FONT_PT]
    assert not small, f"below {style.MIN_FONT_PT:.1f} pt: {small}"


def _opaque_hex(color) -> str:
    rgba = to_rgba(color)
    assert rgba[3] == 1, f"translucent colour {color}: its contrast depends on what is behind it"
    return to_hex(rgba)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_text_is_in_the_themes_text_colours_at_4_5_to_1(name, theme):
    build = built(name, theme)
    look = palette.THEMES[theme]
    background = to_hex(build.figure.get_facecolor())
    assert background == look.background.lower()
    text_colours = {c.lower() for c in (look.text, look.muted, look.highlight, *look.series_text)}
    for drawn in build.texts:
        color = _opaque_hex(drawn.artist.get_color())
        assert color in text_colours, f"{_describe(drawn)} in {color}, not one of the theme's text colours"
        behind = [background]
        patch = drawn.artist.get_bbox_patch()
        if patch is not None and patch.get_facecolor()[3] > 0:
            behind.append(_opaque_hex(patch.get_facecolor()))
        for back in behind:
            assert palette.contrast(color, back) >= palette.TEXT_CONTRAST, \
                f"{_describe(drawn)} in {color} on {back}"


def _line_colors(fig):
    """(what, colour) of every line, marker and edge drawn in an axes (fills and images excluded)."""
    for ax in fig.axes:
        for line in ax.lines:
            if not line.get_visible():
                continue
            if line.get_linestyle() not in ("None", "") and line.get_linewidth() > 0:
                yield f"line {line.get_label()}", line.get_color()
            if line.get_marker() not in (None, "None", "", " "):
                for color in (line.get_markerfacecolor(), line.get_markeredgecolor()):
                    if to_rgba(color)[3] > 0:
                        yield f"marker {line.get_label()}", color
        for collection in ax.collections:
            if not collection.get_visible():
                continue
            if isinstance(collection, LineCollection):
                for color in collection.get_colors():
                    yield f"lines {collection.get_label()}", color
            elif isinstance(collection, PathCollection):
                for color in itertools.chain(collection.get_facecolors(), collection.get_edgecolors()):
                    yield f"points {collection.get_label()}", color
            elif isinstance(collection, PolyCollection) and np.any(collection.get_linewidths() > 0):
                for color in collection.get_edgecolors():
                    if color[3] > 0:
                        yield f"edges {collection.get_label()}", color
        for spine in ax.spines.values():
            if spine.get_visible():
                yield "axis", spine.get_edgecolor()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_lines_reach_3_to_1_on_the_background(name, theme):
    fig = built(name, theme).figure
    background = to_hex(fig.get_facecolor())
    faint = {(what, to_hex(c)) for what, c in _line_colors(fig)
             if palette.contrast(_opaque_hex(c), background) < palette.LINE_CONTRAST}
    assert not faint, f"below {palette.LINE_CONTRAST}:1 on {background}: {sorted(faint)}"


def _legends(fig):
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return legends


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_series_in_a_legend_differ_in_colour_and_in_a_second_cue(name, theme):
    for legend in _legends(built(name, theme).figure):
        entries = []
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            if isinstance(handle, Line2D):  # line style, marker or line width tell it apart too
                cue = (handle.get_linestyle(), handle.get_marker(), handle.get_linewidth())
                entries.append((text.get_text(), to_hex(handle.get_color()), cue))
            elif isinstance(handle, LineCollection):
                cue = (str(handle.get_linestyle()), None, float(handle.get_linewidths()[0]))
                entries.append((text.get_text(), to_hex(handle.get_colors()[0]), cue))
        for (a, color_a, cue_a), (b, color_b, cue_b) in itertools.combinations(entries, 2):
            assert cue_a != cue_b, f"{a!r} and {b!r} differ in colour only"
            if _marks_only(cue_a) != _marks_only(cue_b):
                continue  # dots beside lines: told apart by their shape
            assert palette.delta_e(color_a, color_b) >= palette.SERIES_DELTA_E, (a, b)


def _marks_only(cue) -> bool:
    return cue[0] in ("None", "", " ", "none") and cue[1] not in (None, "None", "")


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_no_two_texts_overlap_and_none_leaves_the_slide(name, theme):
    texts = built(name, theme).texts
    width, height = style.SLIDE[0] * style.DPI, style.SLIDE[1] * style.DPI
    outside = [_describe(t) for t in texts
               if t.box[0] < 0 or t.box[1] < 0 or t.box[2] > width or t.box[3] > height]
    assert not outside, f"beyond the {width:.0f} x {height:.0f} slide: {outside}"
    clashes = [(_describe(a), _describe(b)) for a, b in itertools.combinations(texts, 2)
               if _overlap(a.box, b.box)]
    assert not clashes, f"overlapping texts: {clashes}"


# --- the files of every figure, both themes (the builds above, not drawn again) -------------------
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", FIGURES)
def test_files_are_slide_material(name, theme):
    """SVG text stays <text>, PDF fonts are TrueType (Type 42), the PNG is exactly 1920 x 1080,
    the files get the mode of any new file (umask respected), nothing else is left beside them."""
    build = built(name, theme)
    pdf, svg, png = build.first
    assert [p.suffix for p in build.first] == [".pdf", ".svg", ".png"]
    assert _png_size(png) == (1920, 1080)
    text = svg.read_text(encoding="utf-8")
    # text stays text: one <text> per line of every drawn label at least (a label drawn with a
    # path effect, e.g. a halo, turns into paths and goes missing), and no glyphs drawn as paths
    lines = sum(t.artist.get_text().count("\n") + 1 for t in build.texts)
    assert len(re.findall(r"<text\b", text)) >= lines > 0
    assert 'id="DejaVu' not in text
    data = pdf.read_bytes()
    assert b"/Type3" not in data and b"/FontFile2" in data  # embedded TrueType (Type 42)
    assert re.search(rb"/MediaBox \[ *0 0 960 540 *\]", data)  # 13.33 x 7.5 in
    expected = 0o666 & ~_umask()
    assert {stat.S_IMODE(p.stat().st_mode) for p in build.first} == {expected}
    assert sorted(p.name for p in pdf.parent.iterdir()) == sorted(p.name for p in build.first)


# --- each figure draws nnmath's values -----------------------------------------------------------
def test_figures_command_rebuilds_everything(tmp_path):
    result = CliRunner().invoke(render.cli, ["figures", "--jobs", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # nothing but the progress and the paths (no warnings from the font subsetter)
    assert all(line.startswith("Drawing ") or line.startswith(str(tmp_path))
               for line in result.output.splitlines()), result.output
    names = {p.name for p in tmp_path.iterdir()}
    for entry in catalog.figures():
        assert {f"{entry.name}_light.{ext}" for ext in ("pdf", "svg", "png")} <= names
    # a rebuild gives byte-identical files: the command drew every figure a second time in this
    # process (the light builds above were the first), so nothing may depend on random numbers,
    # dates or the order of a dict or a set
    for name in FIGURES:
        for first in built(name, "light").first:
            assert (tmp_path / first.name).read_bytes() == first.read_bytes(), first.name


def test_bad_figure_parameters_fail_cleanly(tmp_path):
    params = tmp_path / "p.toml"
    params.write_text("[net]\ntheta = [[1, 2, 3]]\nphi = [0, 1]\n")
    result = CliRunner().invoke(render.cli, ["shallow_build_up", "--params", str(params),
                                             "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "net.theta must have shape (D, 2)" in result.output
    assert not (tmp_path / "out").exists()


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def test_shallow_build_up_draws_the_networks_values():
    fig = built("shallow_build_up", "light").figure
    net = nnmath.PRESETS["fig3_3"].factory()
    titles = [ax.get_title() for ax in fig.axes[:3]]
    for title, joint in zip(titles, [0.5, 1.0, 1.5714]):
        assert f"joint at $x = {joint:.3g}$" in title
    output = fig.axes[-1]
    x, y = _longest_line(output)
    np.testing.assert_allclose(y, net(x), atol=1e-12)
    dashed = [c for c in output.collections if isinstance(c, LineCollection)]
    joints = sorted(segment[0, 0] for segment in dashed[0].get_segments())
    np.testing.assert_allclose(joints, net.joints(), atol=1e-12)
    slopes = [_number(t.get_text().split()[-1]) for t in output.texts]
    np.testing.assert_allclose(slopes, nnmath.piecewise_linear(net, 0, 2).slopes, atol=0.005)
    # every value drawn fits in its panel: nothing is clipped (unit 3 starts at 1.1)
    for ax in fig.axes:
        low, high = ax.get_ylim()
        for line in ax.lines:
            assert low <= np.min(line.get_ydata()) and np.max(line.get_ydata()) <= high
    assert max(np.max(np.abs(line.get_ydata())) for ax in fig.axes[:9] for line in ax.lines) > 1
    assert r"\mathrm{ReLU}[z] = \max(0, z)" in fig.get_supxlabel()


def _longest_line(ax):
    line = max(ax.lines, key=lambda l: len(l.get_xdata()))
    return np.asarray(line.get_xdata()), np.asarray(line.get_ydata())


def test_regions_vs_parameters_marks_the_correct_values_and_names_the_bound():
    fig = built("regions_vs_parameters", "light").figure
    left, right = fig.axes[:2]
    labels = [t.get_text() for t in left.texts + right.texts]
    assert any("471 parameters" in t and "161{,}051" in t for t in labels)
    assert not any("161{,}501" in t or "161,501" in t for t in labels)
    assert any("10,801 parameters" in t and r"\geq 1.80\times 10^{41}" in t for t in labels)
    marked = [line for line in left.lines if line.get_marker() == "o" and len(line.get_xdata()) == 1]
    assert marked[0].get_xdata()[0] == 471
    assert marked[0].get_ydata()[0] == pytest.approx(np.log10(161_051))
    # for 10 inputs eq. 4.17 is a construction: never called the maximum there
    assert "lower bound on the maximum" in right.get_title()
    assert "maximum" not in right.get_ylabel() and "maximum" not in left.get_ylabel()
    deep = [line for line in right.lines if len(line.get_xdata()) == 10]
    for line, width in zip(deep, (10, 50, 100)):
        expected = [math.log10(nnmath.max_regions_deep(10, width, k)) for k in range(1, 11)]
        np.testing.assert_allclose(line.get_ydata(), expected)


def test_region_maps_draw_the_exact_output_and_its_regions():
    from figures.region_maps import RESOLUTION
    from nnmath.regions import regions_2d

    fig = built("region_maps", "light").figure
    left, right = fig.axes[:2]
    net = nnmath.PRESETS["fig3_8"].factory()
    composed = nnmath.compose(net, nnmath.PRESETS["fig4_2_second"].factory())
    assert left.get_title().startswith("7 regions, at most 7 for 3 lines")
    assert "1 is flat" in left.get_title()
    assert len(regions_2d(composed)) == 13  # book Fig. 4.2
    assert right.get_title().startswith("fed into a 2-unit second net: 13 regions\n7 + 6 cut")
    flat = [t.get_text() for t in left.texts if "flat" in t.get_text()]
    assert flat == [f"flat: $y = \\phi_0 = {net.phi[0]:.2f}$\n(every unit off)"]
    centres = (np.arange(RESOLUTION) + 0.5) / RESOLUTION * 2 - 1
    points = np.stack(np.meshgrid(centres, centres), -1).reshape(-1, 2)
    for ax, network in ((left, net), (right, composed)):
        # the colours are the output itself, pixel by pixel (second route: the forward pass)
        image = ax.images[0].get_array()
        np.testing.assert_allclose(np.asarray(image).ravel(), network(points).ravel(), atol=1e-12)
        # the colour bar spans the exact range, which no pixel exceeds
        low, high = ax.images[0].norm.vmin, ax.images[0].norm.vmax
        assert low - 1e-12 <= image.min() and image.max() <= high + 1e-12
        assert (high - low) - (image.max() - image.min()) < 0.02 * (high - low)
        # the exact region edges are drawn, one collection per layer of joints
        partition = regions_2d(network)
        segments, layers, _ = partition.edges(unique=True)
        drawn = [c for c in ax.collections if c.get_label().startswith("joints of layer")]
        assert sum(len(c.get_segments()) for c in drawn) == int(np.sum(layers >= 0))
    assert left.images[0].norm.vmax == pytest.approx(0.91) and left.images[0].norm.vmin < -0.52


def test_regions_exact_vs_grid_counts_what_the_grid_misses():
    entry = catalog.lookup("regions_exact_vs_grid")
    fig = built("regions_exact_vs_grid", "light").figure
    left, right = fig.axes[:2]
    net = nnmath.random_relu_network((20, 20, 20), 1)
    exact = nnmath.regions_2d(net, (-1, 1), (-1, 1))
    sampled = nnmath.pattern_map(net, (-1, 1), (-1, 1), 100)
    assert len(left.collections[0].get_paths()) == len(exact)
    assert left.get_title().startswith(f"exact: {len(exact):,} regions")
    assert right.get_title().startswith(f"100 \u00d7 100 grid: {sampled.num_regions:,} regions seen")
    # the dots: one per region holding no grid point; as many as the patterns the grid misses
    dots = [line for line in left.lines if line.get_marker() == "o"][0]
    assert len(dots.get_xdata()) == len(exact) - sampled.num_regions > 0
    assert f"{len(exact) - sampled.num_regions:,} (" in left.get_title()
    # neighbours never share a tint
    from figures.style import colour_regions, region_neighbours

    tint = colour_regions(exact, 6)
    assert all(tint[a] != tint[b] for a, near in enumerate(region_neighbours(exact)) for b in near)
    assert entry.default_params()["grid"] == 100


def test_region_neighbours_agree_with_shared_edges():
    """Second route: two regions are neighbours when their patterns differ in one first-layer
    unit only and they share a piece of that unit's line (a shallow net: every region edge)."""
    from figures.style import region_neighbours

    partition = nnmath.regions_2d(nnmath.PRESETS["fig3_8"].factory())
    neighbours = region_neighbours(partition)
    patterns = partition.patterns
    for a in range(len(partition)):
        for b in range(len(partition)):
            if a != b and b in neighbours[a]:
                assert np.sum(patterns[a] != patterns[b]) == 1
    assert sum(len(n) for n in neighbours) == 2 * 9  # 9 inner edges between the 7 regions


def test_depth_training_draws_the_stored_book_run():
    from experiments import depth
    curves = depth.load_result(depth.find_result("book"))
    fig = built("depth_training", "light").figure
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert [f"{n:,} parameters" in t for n, t in zip((15_208, 15_210, 15_235, 15_319), labels)] == [True] * 4
    for line, k in zip(fig.axes[0].lines, sorted(curves.epochs)):
        np.testing.assert_array_equal(line.get_ydata(), curves.error_percent[k])
        assert f"0 % at epoch {int(curves.epochs[k][-1]):,}" in labels[k - 1]
        assert line.get_markevery() == [len(curves.epochs[k]) - 1]  # a marker at the 0 % point


def test_depth_training_says_how_long_the_last_example_took():
    from experiments import depth
    from figures import depth_training

    curves = depth.load_result(depth.find_result("book"))
    caption = depth_training.last_error_caption(curves)
    # second route: the stored error counts of the 1-layer model, read directly
    wrong = np.rint(curves.error_percent[1] * curves.meta["num_train"] / 100).astype(int)
    one = int(curves.scaled_epochs(1)[np.flatnonzero(wrong <= 1)[0]])
    assert (one, int(curves.epochs[1][-1])) == (536_600, 616_579)
    assert caption == "1 hidden layer: 1 example still wrong at epoch 536,600, 0 % only at epoch 616,579"
    assert len(caption) <= depth_training.CAPTION_CHARS
    fig = built("depth_training", "light").figure
    assert fig._supxlabel.get_text() == caption


def test_depth_training_has_room_for_a_caption_line(monkeypatch, tmp_path):
    from figures import depth_training
    from tests.figure_builds import recording_texts

    # the longest caption the layout promises room for, in wide letters
    note = ("The 1-layer model is the last to reach 0 %: ONE EXAMPLE STAYS MISFIT FROM EPOCH "
            "450,000 ON").ljust(depth_training.CAPTION_CHARS, "M")[:depth_training.CAPTION_CHARS]
    monkeypatch.setattr(depth_training, "last_error_caption", lambda curves: note)
    entry = catalog.lookup("depth_training")
    fig = entry.load()(entry.default_params(), theme="dark")
    with recording_texts() as texts:
        save(fig, "caption", tmp_path, formats=("png",), theme="dark")
    drawn = list(texts.values())
    assert any(t.artist.get_text() == note for t in drawn)
    boxes = [t.box for t in drawn]
    assert all(0 <= b[0] and b[2] <= 1920 and 0 <= b[1] and b[3] <= 1080 for b in boxes)
    assert not any(_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_regions_exact_vs_grid_follows_its_parameters_and_refuses_too_many_polygons(tmp_path):
    entry = catalog.lookup("regions_exact_vs_grid")
    params = entry.resolve_params({"widths": [8, 8], "seed": 2, "grid": 60})
    fig = entry.load()(params)
    exact = nnmath.regions_2d(nnmath.random_relu_network((8, 8), 2), (-1, 1), (-1, 1))
    assert len(fig.axes[0].collections[0].get_paths()) == len(exact)
    assert fig.axes[1].get_title().startswith("60 \u00d7 60 grid")
    toml = tmp_path / "big.toml"
    toml.write_text("widths = [100, 100, 100]\n")
    result = CliRunner().invoke(render.cli, ["regions_exact_vs_grid", "--params", str(toml),
                                             "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "at most 10,000" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _triangles(ax):
    return np.concatenate([line.get_xdata() for line in ax.lines if line.get_marker() == "^"] or [[]])


def test_universal_approximation_draws_the_ladder_and_the_race():
    from figures.universal_approximation import cluster_text, joint_clusters
    from nnmath.approximation import approximation_ladder, fitting_race

    fig = built("universal_approximation", "light").figure
    ladder = approximation_ladder(hidden=(3, 5, 10, 20))
    for ax, rung in zip(fig.axes[:4], ladder):
        assert f"D = {rung.hidden}: {rung.regions} regions" in ax.get_title()
        assert f"{rung.max_error:.3f}" in ax.get_title()
        # the reason for D regions: D joints, one of them at x = 0 (the figure says so)
        joints = np.sort(rung.network.joints())
        assert rung.network.hidden_dim == rung.regions == rung.hidden
        assert joints[0] == pytest.approx(0, abs=1e-12) and np.all(joints[1:] > 0)
        np.testing.assert_allclose(np.sort(_triangles(ax)), np.clip(joints, 0, 1), atol=1e-12)
    assert "one of the D joints (\u25b2) is at x = 0" in fig.subfigs[0].get_suptitle()
    race = fitting_race()
    for ax, name in zip(fig.axes[4:6], ("zero biases", "joints spread")):
        net = race.fits[name].networks[-1]
        assert f"loss {race.fits[name].loss[-1]:.4f}" in ax.get_title()
        regions = nnmath.piecewise_linear(net, 0, 1).num_regions
        assert f"{regions} regions, {race.fits[name].dead.num_dead} dead units" in ax.get_title()
        fit = [line for line in ax.lines if line.get_linestyle() == "-" and len(line.get_xdata()) > 100]
        x, y = (np.asarray(v) for v in fit[0].get_data())
        np.testing.assert_allclose(y, net(x), atol=1e-12)
        # every joint in [0, 1] has its triangle, those at x = 0 included
        joints = net.joints()
        shown = joints[(joints >= -1e-3) & (joints <= 1 + 1e-3)]
        assert len(_triangles(ax)) == len(shown)
    # the zero-bias note says what a student can check: 7 joints at 0, 3 near 0.08
    zero = race.fits["zero biases"].networks[-1].joints()
    clusters = joint_clusters(zero, 0, 1)
    assert [len(c) for c in clusters] == [7, 3]
    assert np.all(np.abs(clusters[1] - 0.08) <= 0.006)
    assert cluster_text(clusters[1], 0, 1) == "3 within 0.006 of $x = 0.08$"
    assert nnmath.piecewise_linear(race.fits["zero biases"].networks[-1], 0, 1).num_regions == 4
    note = [t.get_text() for t in fig.axes[4].texts]
    assert note == ["\u25b2 7 at $x = 0$,\n3 within 0.006 of $x = 0.08$"]
    # the loss axis ends a little above the largest loss, not at 30
    assert fig.axes[6].get_ylim()[1] <= 5
