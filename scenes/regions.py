"""Linear regions grow layer by layer (UDL Figs. 3.8 and 4.7's deep build-up).

A 2-input ReLU network's first layer cuts the square [-1, 1]^2 with straight lines; every later
layer's units are straight lines again, but only inside each region of the layers before, so
they bend at the old edges. The count after each layer is shown against the most regions a
network of that size can have (Zaslavsky for one layer, book eq. 4.17 for more). Polygons are
exact (``nnmath.regions_2d``); above ~10^4 regions, or when they would be smaller than a pixel,
the activation-pattern pixel map is shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, ImageMobject, Integer, Square, VGroup,
    VMobject, Write, config,
)
from manim.constants import RESAMPLING_ALGORITHMS

import nnmath
from nnmath.pixelmap import pattern_map
from nnmath.presets import random_relu_network
from nnmath.regions import Partition2D, regions_2d
from scenes.common import BODY, LABEL, LectureScene

SIDE = 6.2  # the square's side on screen
CENTER = np.array([-3.2, -0.45, 0.0])
MAX_POLYGONS = 10_000
FILL_COLORS = 6  # regions are filled from this many light colours, one mobject per colour


@dataclass(frozen=True)
class RegionsData:
    """The network, its partition after every layer, and the bound for every depth."""

    net: nnmath.DeepNetwork
    stages: tuple[Partition2D, ...]  # after hidden layer 1, 2, ..., K
    bounds: tuple[int | None, ...]  # most regions after k layers (None where eq. 4.17 does not apply)

    @classmethod
    def from_params(cls, params: dict) -> RegionsData:
        net = random_relu_network(params["widths"], params["seed"])
        full = regions_2d(net, (-1, 1), (-1, 1))
        stages = tuple(full.after_layer(k) for k in range(full.num_layers))
        bounds = []
        for k, width in enumerate(net.widths, start=1):
            same = all(w == width for w in net.widths[:k])
            if k == 1:
                bounds.append(nnmath.max_regions_shallow(2, width))
            elif same and width % 2 == 0:
                bounds.append(nnmath.max_regions_deep(2, width, k))
            else:
                bounds.append(None)
        return cls(net, stages, tuple(bounds))


class Regions(LectureScene):
    """Storyboard: the square, then one layer at a time (new lines, new regions, the count)."""

    def construct(self) -> None:
        self.data = RegionsData.from_params(self.params)
        self.show_domain()
        for k in range(len(self.data.stages)):
            self.add_layer(k)
        self.wait(3)

    def show_domain(self) -> None:
        widths = " - ".join(str(w) for w in self.data.net.widths)
        self.heading = self.title("Linear regions, one layer at a time")
        self.square = Square(SIDE, color=self.theme.axis, stroke_width=3).move_to(CENTER)
        subtitle = self.prose(f"ReLU network $2 - {widths} - 1$ on $[-1, 1]^2$", size=BODY)
        self.panel = VGroup(subtitle).arrange(DOWN, aligned_edge=LEFT)
        self.panel.next_to(self.square, RIGHT, buff=0.6).align_to(self.square, UP)
        self.fit_to_panel(subtitle)
        self.fill = VGroup()
        self.lines = VGroup()
        self.rows = VGroup()
        self.play(Write(self.heading), Create(self.square), FadeIn(subtitle), run_time=1.5)

    def add_layer(self, k: int) -> None:
        partition, bound = self.data.stages[k], self.data.bounds[k]
        width = self.data.net.widths[k]
        pixels = self.uses_pixels(partition)
        fill = self.pixel_map(k) if pixels else self.regions_mobject(partition)
        # sub-pixel regions: the boundaries are drawn into the pixel map, not as lines
        lines = VMobject() if pixels else self.edges_mobject(partition, k)
        count = Integer(len(partition), font_size=BODY, color=self.theme.series[k % len(self.theme.series)])
        limit = f"at most {bound:,}" if bound is not None else "bound: n/a"
        row = VGroup(self.prose(f"layer {k + 1} ({width} units):", size=LABEL), count,
                     self.prose(f"regions ({limit})", size=LABEL)).arrange(RIGHT, buff=0.15)
        row.next_to(self.rows[-1] if len(self.rows) else self.panel, DOWN, aligned_edge=LEFT, buff=0.35)
        if pixels:  # say why the picture changes
            why = "too many to draw" if len(partition) > MAX_POLYGONS else "smaller than pixels"
            note = self.prose(rf"{why}: shown as a {self.pixels} $\times$ {self.pixels} pattern map",
                              size=LABEL, color=self.theme.guide)
            row.add(note.next_to(row, DOWN, aligned_edge=LEFT, buff=0.12))
        else:
            self.play(Create(lines), run_time=2)
        self.fit_to_panel(row)
        self.play(FadeOut(self.fill), FadeIn(fill), FadeIn(row), run_time=1.2 if not pixels else 2)
        self.fill, self.rows = fill, VGroup(*self.rows, row)
        self.lines.add(lines)
        self.wait(0.8)

    # --- drawing helpers ----------------------------------------------------------------------
    def fit_to_panel(self, mobject) -> None:
        """Shrink a text row (keeping its left edge) so it ends inside the frame."""
        room = config.frame_width / 2 - 0.5 - mobject.get_left()[0]  # Manim's edge margin
        if mobject.width > room:
            mobject.scale_to_fit_width(room, about_edge=LEFT)

    def to_screen(self, xy: np.ndarray) -> np.ndarray:
        """(N, 2) points of [-1, 1]^2 to (N, 3) scene coordinates in the square."""
        points = np.zeros((len(xy), 3))
        points[:, :2] = xy * (SIDE / 2)
        return points + CENTER

    @property
    def pixels(self) -> int:
        """The square's side in screen pixels at this render quality (the pattern map's size)."""
        return int(round(config.pixel_height * SIDE / config.frame_height))

    def uses_pixels(self, partition: Partition2D) -> bool:
        """Too many regions, or regions smaller than a pixel: draw the pattern map instead."""
        return len(partition) > MAX_POLYGONS or partition.is_subpixel(self.pixels)

    def regions_mobject(self, partition: Partition2D) -> VGroup:
        """All regions as FILL_COLORS mobjects, each region a closed subpath."""
        colors = [self.theme.series[i % len(self.theme.series)] for i in range(FILL_COLORS)]
        groups = VGroup(*(VMobject(fill_color=c, fill_opacity=0.28 + 0.12 * (i // 4), stroke_width=0)
                          for i, c in enumerate(colors)))
        order = np.random.default_rng(0).permutation(len(partition)) % FILL_COLORS
        last_start = [None] * FILL_COLORS
        for polygon, group in zip(partition.polygons, order):
            corners = self.to_screen(polygon)
            # a subpath that starts where the previous one closed would be joined to it
            if last_start[group] is not None and np.allclose(corners[0], last_start[group]):
                corners = np.roll(corners, -1, axis=0)
            last_start[group] = corners[0]
            groups[group].start_new_path(corners[0])
            groups[group].add_points_as_corners([*corners[1:], corners[0]])
        groups.set_z_index(-1)
        return groups

    def pixel_map(self, k: int) -> ImageMobject:
        """The activation patterns of layers 1..k+1 at the square's screen pixels, coloured
        per pattern, with the pixels where a neighbour's pattern differs in the text colour."""
        patterns = pattern_map(self.data.net, (-1, 1), (-1, 1), self.pixels, layers=k + 1)
        palette = np.array([_rgb(self.theme.series[i % len(self.theme.series)]) for i in range(FILL_COLORS)])
        background = np.array(_rgb(self.theme.background))
        shuffled = np.random.default_rng(0).permutation(patterns.num_regions) % FILL_COLORS
        rgb = 0.35 * palette[shuffled[patterns.ids]] + 0.65 * background
        rgb[patterns.boundary] = 0.4 * np.array(_rgb(self.theme.text)) + 0.6 * background
        image = ImageMobject((rgb[::-1] * 255).astype(np.uint8))
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        image.height = SIDE
        return image.move_to(CENTER).set_z_index(-1)

    def edges_mobject(self, partition: Partition2D, k: int) -> VMobject:
        """The edges made by hidden layer k, one mobject, one subpath per segment."""
        segments, layers, _ = partition.edges(unique=True)
        mine = segments[layers == k]
        # thinner lines when there are many, so that the regions stay visible
        width = max(1.0, (3.5 - k) * min(1.0, 6 / np.sqrt(max(len(mine), 1))))
        lines = VMobject(stroke_color=self.theme.series[k % len(self.theme.series)], stroke_width=width)
        for a, b in mine:
            start, end = self.to_screen(np.array([a, b]))
            lines.start_new_path(start)
            lines.add_line_to(end)
        return lines


def _rgb(color: str) -> tuple[float, float, float]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))
