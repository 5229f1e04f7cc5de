"""Two inputs, three hidden units (UDL Fig. 3.8), built up in 3-D; then a second output.

Each unit's pre-activation theta_d0 + theta_d1 x1 + theta_d2 x2 is a plane over the input
square (step 1); the ReLU folds it flat to 0 along its joint line (step 2); phi_d scales it
(step 3); phi_0 and the three weighted units add up to a surface of convex planar polygons, the
linear regions (step 4). Seen from above, each region is one activation pattern and exactly
the region where every unit is off is flat (step 5). A second output row of phi weights the
same units differently: the same polygons, other planes (step 6).

Every polygon is an exact region of ``nnmath.regions_2d`` lifted to the network's exact values
at its corners (a unit's two polygons come from the regions of that unit alone); the 3-D view
is an orthographic projection with a slowly turning camera, drawn in the frame's own 2-D
coordinates, so titles, labels and the layout check work as in every other scene. Faces are
shaded by their normal (lit from above), never by one colour per region in a flat map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, FadeIn, FadeOut, Line, ManimColor, Polygon, ValueTracker, VGroup, Write,
    interpolate_color, smooth,
)

import nnmath
from scenes.common import (
    BODY, LABEL, LectureScene, Shape, affine_tex, corner_points, fmt, nice_range, redrawn, shape_groups, step,
    straight_cubics,
)
from scenes.joints import listing

ELEVATION = np.radians(32)  # the camera's height above the input plane
AZIMUTH = (np.radians(-62), np.radians(-38))  # the camera turns between these
LIGHT = np.array([-0.6, -0.5, 0.62])  # direction towards the light (for shading the faces)


@dataclass(frozen=True)
class Piece:
    """A planar polygon of a surface: its corners (n, 2) in the input plane and the heights
    there at each stage of the build-up (a dict stage -> (n,))."""

    xy: np.ndarray
    heights: dict


@dataclass(frozen=True)
class Shallow2DData:
    """What the scene draws, all from nnmath.

    units[d]: the pieces of unit d, the regions of unit d alone (1 or 2 polygons), with heights
    "line" (theta_d0 + theta_d1 x1 + theta_d2 x2), "clipped" (h_d) and "weighted" (phi_1d h_d).
    partition: the regions of output 1 (Fig. 3.8's 7); surfaces[j]: the pieces of output j on
    those polygons, heights "y" = the network's output j at the corners. patterns: (P, D) the
    activation pattern of each region; flat: (P,) where output 1 is constant. edges: (E, 2, 2)
    every edge of the regions once, edge_units (E,) the unit whose joint line carries it (-1:
    the square's boundary), edge_heights (Do, E, 2) each output at the edges' ends.
    """

    net: nnmath.ShallowNetwork
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    units: tuple[tuple[Piece, ...], ...]
    partition: nnmath.Partition2D
    surfaces: tuple[tuple[Piece, ...], ...]
    patterns: np.ndarray
    flat: np.ndarray
    edges: np.ndarray
    edge_units: np.ndarray
    edge_heights: np.ndarray

    @classmethod
    def from_params(cls, params: dict) -> Shallow2DData:
        net, xlim, ylim = params["net"], params["xlim"], params["ylim"]
        phi = net.phi.reshape(net.output_dim, -1)
        units = []
        for d in range(net.hidden_dim):
            alone = nnmath.regions_2d(nnmath.ShallowNetwork(net.theta[d:d + 1], [0.0, 1.0]), xlim, ylim)
            pieces = []
            for xy in alone.polygons:
                z = net.forward(xy)
                pieces.append(Piece(xy, {"line": z.preactivation[:, d], "clipped": z.activation[:, d],
                                         "weighted": phi[0, d + 1] * z.activation[:, d]}))
            units.append(tuple(pieces))
        partition = nnmath.regions_2d(net, xlim, ylim)
        owner = np.repeat(np.arange(len(partition)), np.diff(partition.offsets))
        values = partition.evaluate(partition.vertices, regions=owner)  # exact, (N_v, Do)
        surfaces = tuple(
            tuple(Piece(xy, {"y": values[partition.offsets[i]:partition.offsets[i + 1], j]})
                  for i, xy in enumerate(partition.polygons))
            for j in range(net.output_dim))
        edges, _, edge_units = partition.edges(unique=True)
        ends = np.asarray(net(edges.reshape(-1, 2))).reshape(len(edges), 2, net.output_dim)
        return cls(net, xlim, ylim, tuple(units), partition, surfaces, partition.patterns,
                   partition.flat, edges, edge_units, ends.transpose(2, 0, 1))

    def pattern_text(self, i: int) -> str:
        """'units 1 and 3 active', 'unit 2 active', 'no unit active' for region i."""
        on = [d + 1 for d in np.flatnonzero(self.patterns[i])]
        if not on:
            return "no unit active"
        return f"unit {on[0]} active" if len(on) == 1 else f"units {listing(on)} active"


@dataclass(frozen=True)
class View:
    """An orthographic camera on one 3-D panel: the input rectangle, centred at ``centre`` on
    screen, ``size`` screen units across its longer side; heights times ``z_scale`` of that."""

    centre: np.ndarray
    size: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    z_scale: float

    def project(self, xy: np.ndarray, z: np.ndarray, azimuth: float, elevation: float = ELEVATION):
        """(n, 3) screen points and (n,) depths (larger: farther) of the points (xy, z)."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        half = 0.5 * max(x1 - x0, y1 - y0)
        u = (xy[:, 0] - 0.5 * (x0 + x1)) / half
        v = (xy[:, 1] - 0.5 * (y0 + y1)) / half
        w = np.asarray(z, float) * self.z_scale
        ca, sa = np.cos(azimuth), np.sin(azimuth)
        across, into = u * ca - v * sa, u * sa + v * ca
        up = w * np.cos(elevation) + into * np.sin(elevation)
        depth = into * np.cos(elevation) - w * np.sin(elevation)
        k = 0.5 * self.size / np.sqrt(2)
        points = np.column_stack([across * k, up * k, np.zeros_like(up)]) + self.centre
        return points, depth

    def normal(self, xy: np.ndarray, z: np.ndarray) -> np.ndarray:
        """The unit normal (pointing up) of a planar polygon in the drawn (scaled) space."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        half = 0.5 * max(x1 - x0, y1 - y0)
        p = np.column_stack([xy / half, np.asarray(z) * self.z_scale])
        n = np.zeros(3)
        for a, b in zip(p, np.roll(p, -1, axis=0)):  # Newell's method
            n += np.cross(a, b)
        n /= max(np.linalg.norm(n), 1e-12)
        return n if n[2] >= 0 else -n


def contour_levels_between(lo: float, hi: float, count: int = 7) -> np.ndarray:
    """About ``count`` contour levels strictly inside (lo, hi), at multiples of a nice step."""
    _, _, step = nice_range(np.array([lo, hi]), ticks=count)
    levels = np.arange(np.ceil(lo / step), np.floor(hi / step) + 1) * step
    return levels[(levels > lo + 1e-9) & (levels < hi - 1e-9)]


class Shallow2D(LectureScene):
    """Storyboard: planes, clip, weight, sum, patterns from above, a second output."""

    def construct(self) -> None:
        self.data = Shallow2DData.from_params(self.params)
        self.azimuth = ValueTracker(AZIMUTH[0])
        self.elevation = ValueTracker(ELEVATION)
        self.show_planes()
        self.clip()
        self.weight()
        self.sum_surface()
        self.show_patterns()
        self.second_output()

    # --- step 1: one plane per unit ----------------------------------------------------------
    @step
    def show_planes(self) -> None:
        d = self.data
        net = d.net
        self.heading = self.title(f"Two inputs, {net.hidden_dim} hidden units: planes, clipped, summed")
        count = net.hidden_dim
        self.layout = ValueTracker(0.0)  # 0: the units in a row, 1: in a column on the left
        self.stage = {k: ValueTracker(0.0) for k in ("clip", "weight")}
        self.unit_labels = VGroup(*(
            self.tex(f"z_{k + 1} = {affine_tex(net.theta[k, 0], net.theta[k, 1:], ['x_1', 'x_2'])}",
                     size=LABEL, color=self.theme.label(k)).move_to(self.unit_place(k, 0)[2])
            for k in range(count)))
        self.unit_drawings = [redrawn(lambda m, k=k: self.unit_surface(k, m)) for k in range(count)]
        self.equation = self.tex(r"y = \phi_0 + \sum_d \phi_d\, \mathrm{a}[\theta_{d0} + \theta_{d1}x_1"
                                 r" + \theta_{d2}x_2]", size=BODY).move_to([0, 2.65, 0])
        self.note = self.prose("each hidden unit computes a plane; posts: its height at each corner",
                               size=BODY).move_to([0, -3.55, 0])
        self.play(Write(self.heading), Write(self.equation), run_time=1.5)
        self.play(*(FadeIn(m) for m in self.unit_drawings), FadeIn(self.unit_labels), FadeIn(self.note),
                  run_time=2)
        self.turn(AZIMUTH[1], 4)
        self.say(f"Each of the {count} hidden units computes a plane over the input square "
                 f"[{fmt(d.xlim[0])}, {fmt(d.xlim[1])}] x [{fmt(d.ylim[0])}, {fmt(d.ylim[1])}]: "
                 + listing([f"z_{k + 1} = {affine_tex(net.theta[k, 0], net.theta[k, 1:], ['x1', 'x2'])}"
                            for k in range(count)]) + ".")

    # --- step 2: ReLU folds each plane flat along its joint line ---------------------------------
    @step
    def clip(self) -> None:
        d = self.data
        net = d.net
        labels = VGroup(*(self.tex(rf"h_{k + 1} = \mathrm{{a}}[z_{k + 1}]", size=LABEL,
                                   color=self.theme.label(k))
                          .move_to(self.unit_labels[k]) for k in range(net.hidden_dim)))
        note = self.prose(r"ReLU folds each plane flat at $0$ (grey) along its joint line $z_d = 0$",
                          size=BODY).move_to([0, -3.55, 0])
        self.play(FadeOut(self.note), FadeIn(note), *(FadeOut(a) for a in self.unit_labels),
                  *(FadeIn(b) for b in labels),
                  run_time=1)
        self.unit_labels, self.note = labels, note
        self.play(self.stage["clip"].animate.set_value(1.0), run_time=3, rate_func=smooth)
        self.turn(AZIMUTH[0], 4)
        joints = [self.joint_text(k) for k in range(net.hidden_dim)]
        self.say("The ReLU keeps each plane where it is positive and folds it flat to 0 where it is "
                 "negative; the fold is the unit's joint line: " + listing(joints) + ".")

    # --- step 3: weighting by phi_d -------------------------------------------------------------
    @step
    def weight(self) -> None:
        net = self.data.net
        phi = net.phi.reshape(net.output_dim, -1)[0]
        labels = VGroup(*(self.tex(rf"\phi_{k + 1} h_{k + 1},\ \phi_{k + 1} = {fmt(phi[k + 1])}", size=LABEL,
                                   color=self.theme.label(k)).move_to(self.unit_labels[k])
                          for k in range(net.hidden_dim)))
        note = self.prose(r"each clipped plane is scaled by its weight $\phi_d$: a negative weight "
                          "turns it upside down", size=BODY).move_to([0, -3.55, 0])
        self.play(*(FadeOut(a) for a in self.unit_labels), *(FadeIn(b) for b in labels),
                  FadeOut(self.note), FadeIn(note), run_time=1)
        self.unit_labels, self.note = labels, note
        self.play(self.stage["weight"].animate.set_value(1.0), run_time=3, rate_func=smooth)
        self.turn(AZIMUTH[1], 3)
        self.say("Each clipped plane is scaled by its output weight: "
                 + listing([f"phi_{k + 1} = {fmt(phi[k + 1])}" for k in range(net.hidden_dim)])
                 + "; a negative weight turns it upside down. The flat part stays at 0.")

    # --- step 4: the sum, a surface of convex polygons -------------------------------------------
    @step
    def sum_surface(self) -> None:
        d = self.data
        phi0 = d.net.phi.reshape(d.net.output_dim, -1)[0, 0]
        self.big = self.view([2.6, -0.95, 0], 6.8, 1.8, [p.heights["y"] for s in d.surfaces for p in s])
        self.rise = ValueTracker(0.0)
        self.surface = redrawn(lambda m: self.output_surface(self.big, 0, self.rise.get_value(), m))
        count = len(d.partition)
        self.count = self.prose(f"$y = \\phi_0 + \\sum_d \\phi_d h_d$: {count} convex polygons, "
                                "each a plane", size=BODY).move_to([2.6, 2.6, 0])
        self.play(self.layout.animate.set_value(1.0), FadeOut(self.note), FadeOut(self.equation),
                  *(label.animate.move_to(self.unit_place(k, 1)[2])
                    for k, label in enumerate(self.unit_labels)),
                  run_time=2)
        self.play(FadeIn(self.surface), FadeIn(self.count), run_time=1.5)
        self.play(self.rise.animate.set_value(1.0), run_time=3, rate_func=smooth)
        self.turn(AZIMUTH[0], 5)
        values = self.data.surfaces[0]
        units, bound = d.net.hidden_dim, nnmath.max_regions_shallow(2, d.net.hidden_dim)
        low = min(float(p.heights["y"].min()) for p in values)
        high = max(float(p.heights["y"].max()) for p in values)
        self.say(f"Adding phi_0 = {fmt(phi0)} and the weighted units gives the output y: a continuous "
                 f"surface made of {count} planar convex polygons (the linear regions), from "
                 f"y = {fmt(low)} to y = {fmt(high)}. {units} joint lines cut the plane into at most "
                 f"{bound} regions; {'all' if count == bound else 'here'} {count} of them lie in the "
                 "square.")

    # --- step 5: from above, each region is one activation pattern --------------------------------
    @step
    def show_patterns(self) -> None:
        d = self.data
        self.play(self.elevation.animate.set_value(np.radians(90)), self.azimuth.animate.set_value(0.0),
                  run_time=3, rate_func=smooth)
        self.surface.clear_updaters()
        self.map = self.pattern_map(self.big)
        self.play(FadeOut(self.surface), FadeIn(self.map), run_time=1.5)
        self.surface = self.map
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        self.region_letters = VGroup()
        for i, (cx, cy) in enumerate(d.partition.centroids):
            point, _ = self.big.project(np.array([[cx, cy]]), np.zeros(1), 0.0, np.radians(90))
            self.region_letters.add(self.tex(letters[i], size=LABEL).move_to(point[0]))
        rows = []
        for i in range(len(d.partition)):
            text = f"{letters[i]}: {d.pattern_text(i)}"
            if d.flat[i]:
                text += f", flat: $y = {fmt(d.partition.b[i, 0])}$"
            rows.append(self.prose(text, size=LABEL))
        rows.append(self.prose("grey lines: contours of $y$", size=LABEL, color=self.theme.muted))
        self.legend = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        self.legend.next_to(self.big.centre + np.array([-2.7, 0, 0]), LEFT, buff=0.4)
        self.legend.set_y(-0.75)
        self.play(*(FadeOut(m) for m in self.unit_drawings), FadeOut(self.unit_labels), run_time=1)
        self.play(FadeIn(self.region_letters), FadeIn(self.legend), run_time=2)
        flat = [f"{letters[i]} ({d.pattern_text(i)}, y = {fmt(d.partition.b[i, 0])})"
                 for i in np.flatnonzero(d.flat)]
        self.say(f"Seen from above: the {len(d.partition)} regions, each one activation pattern "
                 "(which units are on): " + listing([f"{letters[i]} {d.pattern_text(i)}"
                                                     for i in range(len(d.partition))]) + ".",
                 (f"Exactly one region is flat: {flat[0]}; on every other region y is a tilted "
                  "plane (grey contour lines)." if len(flat) == 1 else
                  f"{len(flat)} regions are flat: {listing(flat) if flat else 'none'}."))
        self.wait(3)

    # --- step 6: a second output on the same regions -----------------------------------------------
    @step
    def second_output(self) -> None:
        d = self.data
        net = d.net
        phi = net.phi
        units = [f"h_{k + 1}" for k in range(net.hidden_dim)]
        heights = [p.heights["y"] for s in d.surfaces for p in s]
        self.pair = [self.view([-3.55, -1.25, 0], 6.0, 1.5, heights),
                     self.view([3.55, -1.25, 0], 6.0, 1.5, heights)]
        question = self.prose("What would the other output look like?", size=BODY).move_to([0, 2.65, 0])
        captions = VGroup(*(self.tex(f"y_{j + 1} = {affine_tex(phi[j, 0], phi[j, 1:], units)}", size=BODY)
                            .move_to([self.pair[j].centre[0], 1.75, 0]) for j in range(2)))
        self.play(FadeOut(self.region_letters), FadeOut(self.legend), FadeOut(self.count),
                  FadeOut(self.equation), FadeIn(question), run_time=1)
        self.remove(self.surface)
        self.elevation.set_value(ELEVATION)
        self.azimuth.set_value(AZIMUTH[0])
        self.surfaces = [redrawn(lambda m, j=j: self.output_surface(self.pair[j], j, drawing=m))
                         for j in range(2)]
        self.play(FadeIn(self.surfaces[0]), FadeIn(captions[0]), run_time=1.5)
        self.play(FadeIn(self.surfaces[1]), FadeIn(captions[1]), run_time=2)
        self.same = self.prose(f"the same {len(d.partition)} polygons (the same joint lines), other planes",
                               size=BODY).move_to([0, -3.55, 0])
        self.play(FadeIn(self.same), run_time=1)
        self.turn(AZIMUTH[1], 5)
        second = d.surfaces[1]
        flat = [i for i in range(len(d.partition)) if np.ptp(second[i].heights["y"]) < 1e-12]
        self.say(f"A second output row of phi (phi_2 = {', '.join(fmt(v) for v in phi[1])}) weights the "
                 f"same clipped units differently: the same {len(d.partition)} polygons, cut by the "
                 "same three joint lines, carry other planes.",
                 f"Where every unit is off both outputs are flat, y_1 = {fmt(phi[0, 0])} and "
                 f"y_2 = {fmt(phi[1, 0])}; {len(flat)} region{'s are' if len(flat) != 1 else ' is'} flat "
                 "in y_2.")
        self.wait(2)

    # --- drawing helpers ----------------------------------------------------------------------------
    def unit_place(self, k: int, t: float):
        """(centre, size, label position) of unit k's panel: in a row across the frame (t = 0)
        or in a column on the left (t = 1), in between while they move."""
        count = self.data.net.hidden_dim
        size_row = min(4.2, 13.2 / count)
        row_x = (k - (count - 1) / 2) * 13.6 / count
        row = np.array([row_x, -0.8, 0]), size_row, np.array([row_x, 1.8, 0])
        slot = 7.0 / count
        size_col = min(2.6, 1.1 * slot)
        top = 3.15 - k * slot
        column = (np.array([-4.6, top - 0.42 - 0.3 * size_col * np.sin(ELEVATION) - 0.25 * slot, 0]),
                  size_col, np.array([-4.6, top - 0.18, 0]))
        return tuple((1 - t) * a + t * b for a, b in zip(row, column))

    def unit_view(self, k: int) -> View:
        d = self.data
        t = self.layout.get_value()
        centre, size, _ = self.unit_place(k, t)
        heights = [h for pieces in d.units for p in pieces for h in p.heights.values()]
        return self.view(centre, size, (1 - t) * 2.3 + t * 0.24 * 7.0 / d.net.hidden_dim, heights)

    def view(self, centre, size: float, z_height: float, heights) -> View:
        """A panel ``size`` wide on screen whose heights (every value in ``heights``, and 0)
        span ``z_height`` on screen."""
        values = np.concatenate([np.ravel(h) for h in heights] + [[0.0]])
        spread = max(float(values.max() - values.min()), 1e-9)
        k = 0.5 * size / np.sqrt(2)
        return View(np.array(centre, float), size, self.data.xlim, self.data.ylim,
                    z_height / (spread * np.cos(ELEVATION) * k))

    def turn(self, to: float, seconds: float) -> None:
        self.play(self.azimuth.animate.set_value(to), run_time=seconds, rate_func=smooth)

    def shaded(self, colour: str, normal: np.ndarray) -> ManimColor:
        """A face's colour: the hue lit by the light's angle to its normal (Lambert)."""
        light = LIGHT / np.linalg.norm(LIGHT)
        brightness = 0.3 + 0.7 * max(float(normal @ light), 0.0) ** 2
        return interpolate_color(ManimColor(self.theme.background), ManimColor(colour), brightness)

    def faces(self, view: View, pieces, heights, colours, edge: str | None) -> list[Shape]:
        """Planar polygons (xy, heights) projected, farthest first, shaded by their normals;
        outlined in ``edge`` (None: no outline)."""
        az, el = self.azimuth.get_value(), self.elevation.get_value()
        drawn = []
        for piece, z, colour in zip(pieces, heights, colours):
            points, depth = view.project(piece.xy, z, az, el)
            face = Shape(corner_points(points, closed=True), self.shaded(colour, view.normal(piece.xy, z)),
                         0.92, edge, 2.5 if edge else 0)
            drawn.append((float(depth.mean()), face))
        drawn.sort(key=lambda item: -item[0])
        return [face for _, face in drawn]

    def floor(self, view: View, pieces=(), heights=()) -> list[Shape]:
        """The input rectangle at height 0 and, at its corners, posts up (or down) to the
        surface's height there, so that heights read against the floor."""
        (x0, x1), (y0, y1) = view.xlim, view.ylim
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        az, el = self.azimuth.get_value(), self.elevation.get_value()
        points, _ = view.project(corners, np.zeros(4), az, el)
        posts = []
        for piece, z in zip(pieces, heights):
            at = (np.isclose(piece.xy[:, 0], x0) | np.isclose(piece.xy[:, 0], x1)) & \
                 (np.isclose(piece.xy[:, 1], y0) | np.isclose(piece.xy[:, 1], y1))
            for xy, height in zip(piece.xy[at], np.asarray(z)[at]):
                (bottom, top), _ = view.project(np.array([xy, xy]), np.array([0.0, height]), az, el)
                if np.linalg.norm(top - bottom) > 1e-3:
                    posts.append((bottom, top))
        posts = np.array(posts).reshape(-1, 2, 3)
        return [Shape(corner_points(points, closed=True), stroke_color=self.theme.axis, stroke_width=2.5),
                Shape(straight_cubics(posts[:, 0], posts[:, 1]), stroke_color=self.theme.guide,
                      stroke_width=2)]

    def unit_surface(self, k: int, drawing: VGroup | None = None) -> VGroup:
        """Unit k's drawing (its floor, then its faces) at the stages' values now: made when
        ``drawing`` is None, else its shapes set in place (:func:`scenes.common.redrawn`)."""
        pieces = self.data.units[k]
        c, w = self.stage["clip"].get_value(), self.stage["weight"].get_value()
        heights = []
        for p in pieces:
            h = (1 - c) * p.heights["line"] + c * p.heights["clipped"]
            heights.append((1 - w) * h + w * p.heights["weighted"])
        # the part folded flat at 0 (unit off) turns grey as it folds
        colours = [self.theme.line(k) if p.heights["clipped"].max() > 1e-9 else
                   interpolate_color(ManimColor(self.theme.line(k)), ManimColor(self.theme.axis), c)
                   for p in pieces]
        view = self.unit_view(k)
        return shape_groups(drawing, [self.floor(view, pieces, heights),
                                      self.faces(view, pieces, heights, colours, self.theme.line(k))])

    def output_surface(self, view: View, j: int, rise: float = 1.0, drawing: VGroup | None = None) -> VGroup:
        """Output j's drawing (floor, faces, then the edges between regions), as unit_surface."""
        pieces = self.data.surfaces[j]
        heights = [rise * p.heights["y"] for p in pieces]
        colours = [self.theme.line(1)] * len(pieces)
        az, el = self.azimuth.get_value(), self.elevation.get_value()
        edges = []
        for (a, b), unit, z in zip(self.data.edges, self.data.edge_units, self.data.edge_heights[j]):
            ends, _ = view.project(np.array([a, b]), rise * z, az, el)
            joint = unit >= 0  # on unit d's joint line: in unit d's colour
            edges.append(Shape(corner_points(ends), stroke_color=self.theme.line(int(unit)) if joint
                               else self.theme.text, stroke_width=4 if joint else 2.5))
        return shape_groups(drawing, [self.floor(view, pieces, heights),
                                      self.faces(view, pieces, heights, colours, None), edges])

    def pattern_map(self, view: View) -> VGroup:
        """The regions from above: every region outlined, each edge in the colour of the unit
        whose joint line carries it, and contour lines of y (none on a flat region)."""
        d = self.data
        top = np.radians(90)
        part = d.partition
        group = VGroup()
        for xy in part.polygons:
            points, _ = view.project(xy, np.zeros(len(xy)), 0.0, top)
            group.add(Polygon(*points, stroke_width=0, fill_color=self.theme.shade, fill_opacity=1))
        values = np.concatenate([p.heights["y"] for p in d.surfaces[0]])
        levels = contour_levels_between(values.min(), values.max())
        for c in levels:
            for a, b in part.level_set(c):
                (pa, pb), _ = view.project(np.array([a, b]), np.zeros(2), 0.0, top)
                group.add(Line(pa, pb, color=self.theme.guide, stroke_width=2))
        segments, _, units = part.edges(unique=True)
        for (a, b), unit in zip(segments, units):
            (pa, pb), _ = view.project(np.array([a, b]), np.zeros(2), 0.0, top)
            colour = self.theme.axis if unit < 0 else self.theme.line(int(unit))
            group.add(Line(pa, pb, color=colour, stroke_width=4 if unit >= 0 else 2.5))
        self.contour_levels = levels
        return group

    def joint_text(self, k: int) -> str:
        t0, t1, t2 = self.data.net.theta[k]
        return f"unit {k + 1} along {affine_tex(t0, [t1, t2], ['x1', 'x2'])} = 0"
