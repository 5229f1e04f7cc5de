"""The representation view: a linear map, activations and a small network as warps of the plane.

Part 1 (the slides' SVD): a grid, the unit circle and three labelled points under
Theta = [[0.19, 1.84], [-0.97, -0.93]], first at once, then in three moves Theta = U S V^T:
V^T turns the plane, S stretches it by the singular values (2.162 and 0.744) along the axes,
U turns it again, and the product is checked against Theta. det Theta = 1.608 > 0, so both U
and V^T are rotations; a Theta with det < 0 shows exactly one reflection, e.g. with the file

    theta = [[0.19, 1.84], [0.97, 0.93]]   # Theta with its second row negated: det -1.608

passed as ``python render.py svd --params FILE.toml``.
Part 2: ReLU[S x] and tanh[S x] warp the grid that Theta made, for two scale factors S.
Part 3: a 2-2-1 tanh network trained on two bent bands warps the plane in two steps (linear
map, activation) until one straight line separates the classes; that line is pulled back
through the network into the curved boundary of the input space.

Every coordinate drawn comes from nnmath (nnmath.svd).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, DR, LEFT, RIGHT, UL, UP, UR, Arrow, ApplyMatrix, Circle, Create, DashedLine, DashedVMobject,
    Dot, FadeIn, FadeOut, Group, Indicate, NumberPlane, Restore, Rotate, Transform, VGroup,
    VMobject, Write,
)

import nnmath
from nnmath import svd
from scenes.common import BODY, LABEL, LectureScene, fmt

POINTS = np.array([[1.0, 0.0], [0.0, 1.0], [-0.6, 0.8]])  # labelled points, on the unit circle
POINT_NAMES = (r"\mathbf{e}_1", r"\mathbf{e}_2", r"\mathbf{p}")
POINT_SIDES = (UR, DR, UL)
GRID_LINES = 9  # per direction, over [-1, 1]^2
WARP_SCALES = (0.5, 2.0)
WARP_ACTIVATIONS = ("relu", "tanh")
MAX_STRETCH = 4.0  # largest singular value the first part can draw legibly
SEED = 0  # data and initialisation of the 2-2-1 network (nnmath.svd.untangle)


@dataclass(frozen=True)
class NetworkView:
    """The trained 2-2-1 network drawn in three panels: input x, pre-activations z, hidden h.

    boxes: (lo, hi) per panel, each (2,), and steps: the spacing of each panel's background
    lines; grid: per grid line its (x, z, h) polylines (M, 2);
    line: the separating line in h (2, 2); boundary: the part of it pulled back, as (h, z, x)
    samples (K, 2), and the runs (slices) of samples inside the x panel.
    """

    net: svd.Untangling
    boxes: tuple
    steps: tuple
    grid: list
    line: np.ndarray
    boundary: tuple
    boundary_runs: list

    @classmethod
    def build(cls, net: svd.Untangling) -> NetworkView:
        x_box = (np.floor(net.x.min(axis=0) * 2 - 1) / 2, np.ceil(net.x.max(axis=0) * 2 + 1) / 2)
        z_box = _square_box(net.z, margin=0.6, step=1.0)
        h_box = (np.full(2, -1.15), np.full(2, 1.15))
        # the grid of the input panel, clipped to where z stays inside the z panel
        normals, offsets = map(np.concatenate, zip(svd.box_halfplanes(*x_box),
                                                   svd.preimage_halfplanes(net.omega0, net.beta0, *z_box)))
        grid = []
        for vertical in (True, False):
            axis = 0 if vertical else 1
            for c in np.arange(x_box[0][axis], x_box[1][axis] + 1e-9, 0.5):
                a, b = np.array(x_box[0], float), np.array(x_box[1], float)
                a[axis] = b[axis] = c
                span = svd.clip_segment(a, b, normals, offsets)
                if span is None or span[1] - span[0] < 1e-6:
                    continue
                t = np.linspace(span[0], span[1], 48)[:, None]
                x = a + t * (b - a)
                grid.append((x, *net.hidden(x)))
        line = net.separating_line(np.full(2, -1.0), np.full(2, 1.0))
        # the part of the line whose pull-back stays inside the z panel's box
        boundary = net.boundary(np.tanh(z_box[0]), np.tanh(z_box[1]))
        if line is None or boundary is None:
            raise nnmath.ParameterError("the trained network's line misses the hidden square")
        inside_x = svd.inside(boundary[2], *svd.box_halfplanes(*x_box))
        runs = [r for r in svd.runs(inside_x) if r.stop - r.start > 2]
        steps = (0.5, max(1.0, float(z_box[1][0] - z_box[0][0]) // 8), 0.5)
        return cls(net, (x_box, z_box, h_box), steps, grid, line, boundary, runs)


@dataclass(frozen=True)
class SVDData:
    """What the scene draws, all computed by nnmath.svd from Theta.

    factors: Theta = U S V^T; view: half-width of the first part's plane; grid: lines (M, 2)
    over [-1, 1]^2 (with the points where Theta x crosses an axis); circle: (K, 2);
    points: (3, 2) and their positions after each step, ``after[name]``; warps: per
    (activation, S) the warped grid and circle, from Theta's image; warp_view: (lo, hi) of
    the warp panels; network: the trained 2-2-1 network and its panels.
    """

    theta: np.ndarray
    factors: svd.RotationScaleRotation
    view: float
    grid: list
    circle: np.ndarray
    points: np.ndarray
    after: dict
    theta_grid: list
    theta_circle: np.ndarray
    warps: dict
    warp_view: tuple
    network: NetworkView

    @classmethod
    def from_params(cls, params: dict) -> SVDData:
        theta = params["theta"]
        factors = svd.rotation_scale_rotation(theta)
        s1 = factors.singular_values[0]
        if s1 < 1e-3:
            raise nnmath.ParameterError(
                f"theta = {theta.tolist()} maps the whole plane to the origin; give a matrix "
                "with at least one non-zero entry")
        if s1 > MAX_STRETCH:
            raise nnmath.ParameterError(
                f"theta stretches the plane by {s1:.3g} (its largest singular value); the scene "
                f"draws stretches up to {MAX_STRETCH:g}: divide theta by {s1 / 2:.3g} or more")
        grid = svd.grid_lines(-1, 1, GRID_LINES, samples=33, kinks_of=theta)
        angles = np.linspace(0, 2 * np.pi, 121)
        circle = np.column_stack([np.cos(angles), np.sin(angles)])
        after, current = {}, POINTS
        for name, matrix in factors.steps():
            current = svd.linear_map(current, matrix)
            after[name] = current
        after["theta"] = svd.linear_map(POINTS, theta)
        theta_grid = [svd.linear_map(line, theta) for line in grid]
        theta_circle = svd.linear_map(circle, theta)
        warps = {(a, s): ([svd.scaled_activation(line, a, s) for line in theta_grid],
                          svd.scaled_activation(theta_circle, a, s))
                 for a in WARP_ACTIVATIONS for s in WARP_SCALES}
        everything = np.concatenate([*theta_grid, *(p for lines, _ in warps.values() for p in lines)])
        warp_view = (float(np.floor(everything.min() * 2 - 0.5) / 2),
                     float(np.ceil(everything.max() * 2 + 0.5) / 2))
        view = max(2.0, float(np.ceil((s1 * np.sqrt(2) + 0.12) * 2) / 2))
        network = NetworkView.build(svd.untangle(seed=SEED))
        return cls(theta, factors, view, grid, circle, POINTS, after, theta_grid, theta_circle,
                   warps, warp_view, network)


def _square_box(points: np.ndarray, margin: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    """A box around points (N, 2) with equal sides, rounded out to multiples of step."""
    lo, hi = points.min(axis=0) - margin, points.max(axis=0) + margin
    side = float(np.ceil((hi - lo).max() / step) * step)
    centre = np.round((lo + hi) / 2 / step * 2) * step / 2
    return centre - side / 2, centre + side / 2


PLANE_SIZE = 6.9
PLANE_CENTER = np.array([-3.45, -0.42, 0.0])
COLUMN_X = 0.35  # left edge of the text column of part 1
WARP_SIZE = 5.6
PANEL_H = 4.0


class SVD(LectureScene):
    """Storyboard: plane, Theta at once, three moves, check; warps; a network untangles."""

    def construct(self) -> None:
        self.data = SVDData.from_params(self.params)
        self.show_plane()
        self.apply_at_once()
        self.three_moves()
        self.check_product()
        self.warp()
        self.show_bands()
        self.linear_step()
        self.activation_step()
        self.separate()
        self.pull_back()

    # --- part 1: Theta = U S V^T ------------------------------------------------------------
    def show_plane(self) -> None:
        d = self.data
        r = d.view
        self.heading = self.title(r"A linear map is a rotation, a stretch and a rotation")
        self.plane = self.plane_mobject((-r, r, 0.5 if r <= 2.5 else 1), PLANE_SIZE, PLANE_SIZE)
        self.plane.move_to(PLANE_CENTER)
        self.origin = self.plane.c2p(0, 0)
        self.grid = VGroup(*(self.path(self.plane, line, self.grid_color(k), 2)
                             for k, line in enumerate(d.grid)))
        self.circle = self.path(self.plane, d.circle, self.theme.text, 4)
        self.dots = VGroup(*(Dot(self.plane.c2p(*p), radius=0.08, color=self.theme.highlight)
                             for p in d.points))
        self.labels = VGroup(*(self.tex(name, size=LABEL) for name in POINT_NAMES))
        # each label on its own side of its dot, so that labels of points Theta merges stay apart
        for label, dot, side in zip(self.labels, self.dots, POINT_SIDES):
            label.add_updater(lambda m, dot=dot, side=side: m.next_to(dot, side, buff=0.1))
        self.moving = VGroup(self.grid, self.circle)
        theta = self.matrix_row(r"\Theta", d.theta, "")
        self.rows = VGroup(theta)
        theta.move_to([COLUMN_X, 2.45, 0], aligned_edge=LEFT)
        self.play(Write(self.heading), Create(self.plane), run_time=1.2)
        self.play(Create(self.grid), Create(self.circle), FadeIn(self.dots), FadeIn(self.labels),
                  Write(theta), run_time=1.8)

    def apply_at_once(self) -> None:
        d = self.data
        self.moving.save_state()
        self.dots.save_state()
        note = self.prose(r"$\Theta$ at once", size=LABEL, color=self.theme.guide)
        note.next_to(self.rows[0], RIGHT, buff=0.4)
        self.play(FadeIn(note), run_time=0.4)
        self.play(ApplyMatrix(d.theta, self.moving, about_point=self.origin),
                  *self.move_dots(d.after["theta"]), run_time=2)
        # where the three moves must arrive: a dashed ellipse and rings at the points
        self.ghost = VGroup(
            DashedVMobject(self.path(self.plane, svd.linear_map(d.circle, d.theta),
                                     self.theme.guide, 3), num_dashes=60),
            *(Circle(radius=0.13, color=self.theme.guide, stroke_width=3).move_to(self.plane.c2p(*p))
              for p in d.after["theta"]))
        self.play(FadeIn(self.ghost), run_time=0.6)
        self.wait(0.6)
        self.play(Restore(self.moving), Restore(self.dots), FadeOut(note), run_time=1.2)

    def three_moves(self) -> None:
        d = self.data
        f = d.factors
        for name, matrix in f.steps():
            row = self.matrix_row(self.symbol(name), matrix, self.move_text(name))
            row.next_to(self.rows, DOWN, buff=0.25, aligned_edge=LEFT)
            self.rows.add(row)
            self.play(FadeIn(row), run_time=0.7)
            mirror = VGroup()
            if name == f.reflection:
                mirror = self.mirror_line(f.angle(name))
                self.play(Create(mirror), run_time=0.6)
            if name == "S" or name == f.reflection:
                motion = ApplyMatrix(matrix, self.moving, about_point=self.origin)
            else:
                motion = Rotate(self.moving, f.angle(name), about_point=self.origin)
            self.play(motion, *self.move_dots(d.after[name]), run_time=1.8)
            if len(mirror):
                self.play(FadeOut(mirror), run_time=0.4)
            self.wait(0.3)

    def check_product(self) -> None:
        d = self.data
        f = d.factors
        product = self.matrix_row(r"U S V^T", f.product(), r"$= \Theta$ \checkmark")
        product.next_to(self.rows, DOWN, buff=0.3, aligned_edge=LEFT)
        s1, s2 = (fmt(s, 3) for s in f.singular_values)
        if f.reflection is None:
            dets = (r"$\det U = \det V^T = +1$: two rotations",
                    f"$\\det\\Theta = {s1}\\cdot{s2} = {fmt(f.det, 3)}$")
        else:
            other = "U" if f.reflection == "Vt" else "V^T"
            dets = (f"$\\det {self.symbol(f.reflection)} = -1$: the one reflection",
                    f"$\\det {other} = +1$, $\\det\\Theta = -{s1}\\cdot{s2} = {fmt(f.det, 3)}$")
        det_line = VGroup(*(self.prose(t, size=LABEL) for t in dets)).arrange(DOWN, aligned_edge=LEFT,
                                                                                buff=0.15)
        det_line.next_to(product, DOWN, buff=0.25, aligned_edge=LEFT)
        self.play(Write(product), run_time=1.2)
        self.play(Indicate(self.ghost, color=self.theme.highlight, scale_factor=1.0),
                  FadeIn(det_line), run_time=1.2)
        self.wait(2)

    # --- part 2: activations warp the plane ---------------------------------------------------
    def warp(self) -> None:
        d = self.data
        lo, hi = d.warp_view
        step = 1.0 if hi - lo <= 10 else 2.0
        self.play(FadeOut(Group(*(m for m in self.mobjects if m is not self.heading))),
                  run_time=0.8)
        for label in self.labels:
            label.clear_updaters()
        heading = self.title(r"An activation warps the plane: $\mathrm{a}[S\,\mathbf{x}]$")
        panels = VGroup(*(self.plane_mobject((lo, hi, step), WARP_SIZE, WARP_SIZE)
                          for _ in WARP_SCALES)).arrange(RIGHT, buff=1.0).move_to(DOWN * 0.3)
        captions = VGroup(*(self.prose(f"$S = {fmt(s)}$", size=BODY).next_to(p, UP, buff=0.12)
                            for s, p in zip(WARP_SCALES, panels)))
        grids = VGroup(*(self.warp_picture(p, d.theta_grid, d.theta_circle) for p in panels))
        note = self.prose(r"$\mathbf{x}$ runs over the grid and circle that $\Theta$ made",
                          size=LABEL).to_edge(DOWN, buff=0.2)
        self.play(Transform(self.heading, heading), Create(panels), FadeIn(captions), run_time=1)
        self.play(Create(grids), FadeIn(note), run_time=1.2)
        originals = grids.copy()
        for activation, text in (
            ("relu", r"ReLU folds the plane onto the axes; $\mathrm{ReLU}[S\mathbf{x}] = "
                     r"S\,\mathrm{ReLU}[\mathbf{x}]$: $S$ only resizes it"),
            ("tanh", r"tanh bends it into $(-1, 1)^2$: nearly linear for small $S$, "
                     r"squashed for large $S$"),
        ):
            name = r"\mathrm{ReLU}" if activation == "relu" else r"\tanh"
            named = VGroup(*(self.tex(f"{name}[{fmt(s)}\\,\\mathbf{{x}}]", size=BODY).move_to(c)
                             for s, c in zip(WARP_SCALES, captions)))
            targets = VGroup(*(self.warp_picture(p, *d.warps[(activation, s)])
                               for s, p in zip(WARP_SCALES, panels)))
            new_note = self.prose(text, size=LABEL).to_edge(DOWN, buff=0.2)
            self.play(Transform(captions, named), Transform(note, new_note), run_time=0.5)
            self.play(Transform(grids, targets), run_time=2.2)
            self.wait(1.2)
            self.play(Transform(grids, originals.copy()), run_time=1)
        self.play(FadeOut(Group(panels, captions, grids, note)), run_time=0.6)

    def warp_picture(self, plane: NumberPlane, lines: list, circle: np.ndarray) -> VGroup:
        return VGroup(*(self.path(plane, line, self.grid_color(k), 2) for k, line in enumerate(lines)),
                      self.path(plane, circle, self.theme.text, 3))

    # --- part 3: a 2-2-1 network untangles two bands -------------------------------------------
    def show_bands(self) -> None:
        v = self.data.network
        net = v.net
        heading = self.title(r"A 2-2-1 network untangles two bands")
        self.panels = VGroup(*(
            self.plane_mobject((lo[0], hi[0], step), min(PANEL_H * (hi[0] - lo[0]) / (hi[1] - lo[1]), 4.6),
                               PANEL_H, y_range=(lo[1], hi[1], step), faint=True)
            for (lo, hi), step in zip(v.boxes, v.steps)))
        self.panels.arrange(RIGHT, buff=0.6).move_to(UP * 0.7)
        names = (r"input $\mathbf{x}$", r"$\mathbf{z} = \boldsymbol\beta_0 + \boldsymbol\Omega_0\mathbf{x}$",
                 r"$\mathbf{h} = \tanh[\mathbf{z}]$")
        self.panel_captions = VGroup(*(self.prose(n, size=LABEL).next_to(p, UP, buff=0.1)
                                       for n, p in zip(names, self.panels)))
        self.arrows = VGroup(*(Arrow(a.get_right(), b.get_left(), buff=0.12, color=self.theme.guide,
                                     stroke_width=4, max_tip_length_to_length_ratio=0.35)
                               for a, b in zip(self.panels[:-1], self.panels[1:])))
        self.stage_pictures = [self.network_picture(k) for k in range(3)]
        self.status = self.prose("No straight line separates the two bands", size=BODY)
        self.status.to_edge(DOWN, buff=0.75)
        trained = (f"trained by gradient descent (seed {net.seed}, {net.epochs} epochs): "
                   f"{int(round(net.accuracy * len(net.labels)))} of {len(net.labels)} points right")
        self.trained = self.prose(trained, size=LABEL, color=self.theme.guide).to_edge(DOWN, buff=0.25)
        self.play(Transform(self.heading, heading), Create(self.panels[0]),
                  FadeIn(self.panel_captions[0]), run_time=1)
        self.play(FadeIn(self.stage_pictures[0]), Write(self.status), run_time=1.2)
        self.wait(0.8)
        self.play(FadeIn(self.trained), run_time=0.6)

    def linear_step(self) -> None:
        net = self.data.network.net
        equation = self.tex(r"\mathbf{z} =", self.column(net.beta0), "+", self.matrix(net.omega0),
                            r"\mathbf{x}", size=LABEL)
        self.equation = equation.next_to(self.panels[:2], DOWN, buff=0.25)
        self.step(1, equation, "The linear map turns, stretches and shifts the plane")

    def activation_step(self) -> None:
        net = self.data.network.net
        w, b = net.omega1, net.beta1
        equation = self.tex(r"y = " + _affine(b, w, (r"h_1", r"h_2")), size=LABEL)
        self.output_equation = equation.next_to(self.panels[2], DOWN, buff=0.25)
        self.step(2, VGroup(), r"tanh bends it: the bands come apart")

    def step(self, k: int, equation, text: str) -> None:
        """Carry the picture of panel k-1 into panel k, warping it on the way."""
        status = self.prose(text, size=BODY).move_to(self.status)
        moving = self.stage_pictures[k - 1].copy()
        self.play(Create(self.panels[k]), FadeIn(self.panel_captions[k]), Create(self.arrows[k - 1]),
                  Transform(self.status, status), run_time=1)
        self.play(Transform(moving, self.stage_pictures[k]), run_time=2.2)
        self.remove(moving)
        self.add(self.stage_pictures[k])
        if len(equation):
            self.play(Write(equation), run_time=1)
        self.wait(0.5)

    def separate(self) -> None:
        v = self.data.network
        h_panel = self.panels[2]
        self.line = self.path(h_panel, v.line, self.theme.text, 5)
        status = self.prose(r"In $\mathbf{h}$ one straight line separates them: $y = 0$",
                            size=BODY).move_to(self.status)
        self.play(Create(self.line), Write(self.output_equation), Transform(self.status, status),
                  run_time=1.5)
        self.wait(1)

    def pull_back(self) -> None:
        v = self.data.network
        h, z, x = v.boundary
        z_panel, x_panel = self.panels[1], self.panels[0]
        in_h = self.path(self.panels[2], h, self.theme.text, 5)
        in_z = self.path(z_panel, z, self.theme.text, 5)
        status = self.prose(r"Pulled back through the network, the line is the curved boundary",
                            size=BODY).move_to(self.status)
        self.play(Transform(in_h, in_z), Transform(self.status, status), run_time=1.8)
        pieces = VGroup(*(self.path(x_panel, x[r], self.theme.text, 5) for r in v.boundary_runs))
        sources = VGroup(*(self.path(z_panel, z[r], self.theme.text, 5) for r in v.boundary_runs))
        self.play(Transform(sources, pieces), run_time=1.8)
        self.boundary_curve = sources
        self.wait(2.5)

    # --- drawing helpers (no math: every coordinate comes from SVDData) -----------------------
    def plane_mobject(self, x_range, width: float, height: float, y_range=None,
                      faint: bool = False) -> NumberPlane:
        """A plane in the theme's colours (NumberPlane's defaults are made for black); ``faint``
        background lines where a warped grid is drawn on top."""
        return NumberPlane(
            x_range=list(x_range), y_range=list(y_range or x_range), x_length=width, y_length=height,
            background_line_style={"stroke_color": self.theme.axis, "stroke_width": 1,
                                   "stroke_opacity": 0.18 if faint else 0.35},
            axis_config={"stroke_color": self.theme.axis, "stroke_width": 2},
        )

    def path(self, plane: NumberPlane, points: np.ndarray, color: str, width: float) -> VMobject:
        return self.polyline(plane, points[:, 0], points[:, 1], color, width)

    def network_picture(self, k: int) -> VGroup:
        """Grid and training points of the network, at stage k (0: x, 1: z, 2: h), in panel k."""
        v = self.data.network
        plane = self.panels[k]
        grid = VGroup(*(self.path(plane, stages[k], self.theme.series[2], 1.5).set_stroke(opacity=0.5)
                        for stages in v.grid))
        points = (v.net.x, v.net.z, v.net.h)[k]
        dots = VGroup(*(Dot(plane.c2p(*p), radius=0.045, color=self.class_color(c))
                        for p, c in zip(points, v.net.labels)))
        return VGroup(grid, dots)

    def mirror_line(self, angle: float) -> DashedLine:
        """The mirror of a reflection: the line through the origin at ``angle``, across the plane."""
        reach = 0.95 * self.data.view
        direction = np.array([np.cos(angle), np.sin(angle)])
        start, end = (self.plane.c2p(*(sign * reach * direction)) for sign in (-1, 1))
        return DashedLine(start, end, dash_length=0.12, stroke_width=4, color=self.theme.highlight)

    def move_dots(self, targets: np.ndarray) -> list:
        return [dot.animate.move_to(self.plane.c2p(*p)) for dot, p in zip(self.dots, targets)]

    def matrix_row(self, symbol: str, matrix: np.ndarray, text: str) -> VGroup:
        digits = 3 if symbol == "S" else 2
        row = VGroup(self.tex(f"{symbol} =", self.matrix(matrix, digits), size=LABEL))
        if text:
            row.add(self.prose(text, size=LABEL))
        return row.arrange(RIGHT, buff=0.3)

    def move_text(self, name: str) -> str:
        f = self.data.factors
        if name == "S":
            s1, s2 = f.singular_values
            return f"stretch by {fmt(s1, 3)} and {fmt(s2, 3)}"
        degrees = np.degrees(f.angle(name))
        if name == f.reflection:
            return f"reflect in the line at ${fmt(degrees, 1)}^\\circ$"
        return f"rotate by ${fmt(degrees, 1)}^\\circ$"

    @staticmethod
    def symbol(name: str) -> str:
        return {"Vt": "V^T", "S": "S", "U": "U"}[name]

    @staticmethod
    def matrix(m: np.ndarray, digits: int = 2) -> str:
        rows = r" \\ ".join(" & ".join(fmt(v, digits) for v in row) for row in m)
        return r"\begin{pmatrix} " + rows + r" \end{pmatrix}"

    @staticmethod
    def column(v: np.ndarray) -> str:
        return r"\begin{pmatrix} " + r" \\ ".join(fmt(x) for x in v) + r" \end{pmatrix}"

    def grid_color(self, k: int) -> str:
        """Vertical lines in one colour, horizontal ones in another (folds stay readable)."""
        return self.theme.series[1] if k < GRID_LINES else self.theme.series[0]

    def class_color(self, label: int) -> str:
        return self.theme.series[0] if label == 0 else self.theme.series[1]


def _affine(bias: float, weights: np.ndarray, names) -> str:
    terms = [fmt(bias)]
    for w, n in zip(weights, names):
        terms.append(f"{'-' if w < 0 else '+'} {fmt(abs(w))}\\,{n}")
    return " ".join(terms)
