"""The representation view: a linear map, activations and a small network as warps of the plane.

Part 1 (the slides' SVD): a grid, the unit circle and three labelled points under
Theta = [[0.19, 1.84], [-0.97, -0.93]], first at once (e1 and e2 land on Theta's columns), then
in three moves Theta = U S V^T: V^T turns the plane, S stretches it by the singular values
(2.162 and 0.744) along the axes, U turns it again, and the product is checked against Theta.
det Theta = 1.608 > 0, so both U and V^T are rotations; a Theta with det < 0 shows exactly one
reflection, e.g. with the file

    theta = [[0.19, 1.84], [0.97, 0.93]]   # Theta with its second row negated: det -1.608

passed as ``python render.py svd --params FILE.toml``.
Part 2: ReLU[S x] and tanh[S x] warp the grid that Theta made, for two scale factors S, each
result on a plane of its own honest scale: ReLU's two pictures are the same up to the numbers
on the axes (ReLU[S x] = S ReLU[x]); tanh's share the square (-1, 1)^2.
Part 3: a 2-2-1 tanh network trained on two bent bands warps the plane in two steps (linear
map, activation) until one straight line separates the classes; the grid is made of lines of
constant z_1 and z_2, straight in every panel. The separating line is pulled back through the
network into the curved boundary of the input space.

Every coordinate drawn comes from nnmath (nnmath.svd).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Arrow, ApplyMatrix, BackgroundRectangle, Circle, Create, DashedLine,
    DashedVMobject, Dot, FadeIn, FadeOut, FadeTransform, Group, Indicate, NumberPlane,
    Restore, Rotate, Square, Transform, VGroup, VMobject, Write,
)

import nnmath
from nnmath import svd
from nnlecture.limits import stretch_limit
from scenes.common import BODY, LABEL, LectureScene, affine_tex, fmt, step

POINTS = np.array([[1.0, 0.0], [0.0, 1.0], [-0.6, 0.8]])  # labelled points, on the unit circle
POINT_NAMES = (r"\mathbf{e}_1", r"\mathbf{e}_2", r"\mathbf{p}")
GRID_LINES = 9  # per direction, over [-1, 1]^2
WARP_SCALES = (0.5, 2.0)
WARP_ACTIVATIONS = ("relu", "tanh")
TANH_RANGE = (-1.25, 1.25, 0.5)  # the plane every tanh warp is drawn on: (-1, 1)^2 and a margin
SEED = 0  # data and initialisation of the 2-2-1 network (nnmath.svd.untangle)


@dataclass(frozen=True)
class NetworkView:
    """The trained 2-2-1 network drawn in three panels: input x, pre-activations z, hidden h.

    boxes: (lo, hi) per panel, each (2,); steps: the spacing of each panel's background lines
    and numbers; grid: lines of constant z_1 (first) and z_2 at multiples of ``grid_step``,
    each as its (x, z, h) polylines (M, 2): straight in all three panels (z is affine in x and
    tanh acts on each coordinate), over the part of the x panel that the z panel shows;
    line: the separating line in h (2, 2); boundary: the part of it pulled back, as (h, z, x)
    samples (K, 2), and the runs (slices) of samples inside the x panel.
    """

    net: svd.Untangling
    boxes: tuple
    steps: tuple
    grid_step: float
    grid: list
    line: np.ndarray
    boundary: tuple
    boundary_runs: list

    @classmethod
    def build(cls, net: svd.Untangling) -> NetworkView:
        x_box = (np.floor(net.x.min(axis=0) * 2 - 1) / 2, np.ceil(net.x.max(axis=0) * 2 + 1) / 2)
        z_step = 2.0
        z_box = _square_box(net.z, margin=0.6, step=z_step)
        h_box = (np.full(2, -1.15), np.full(2, 1.15))
        x_planes = svd.box_halfplanes(*x_box)
        # the grid's values: multiples of z_step inside the z panel; each line runs between the
        # outermost lines of the other family, so the grid ends on grid lines (or the x panel)
        values = [np.arange(np.ceil(lo / z_step) * z_step, hi + 1e-9, z_step) for lo, hi in zip(*z_box)]
        grid = []
        for axis in (0, 1):  # lines z_axis = c
            other = 1 - axis
            for c in values[axis]:
                ends = np.zeros((2, 2))
                ends[:, axis] = c
                ends[:, other] = values[other][0], values[other][-1]
                a, b = net.inputs_of(ends)
                span = svd.clip_segment(a, b, *x_planes)  # the part inside the x panel too
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
        inside_x = svd.inside(boundary[2], *x_planes)
        runs = [r for r in svd.runs(inside_x) if r.stop - r.start > 2]
        return cls(net, (x_box, z_box, h_box), (1.0, z_step, 0.5), z_step, grid, line, boundary, runs)


@dataclass(frozen=True)
class SVDData:
    """What the scene draws, all computed by nnmath.svd from Theta.

    factors: Theta = U S V^T; view: half-width of the first part's plane; grid: lines (M, 2)
    over [-1, 1]^2 (with the points where Theta x crosses an axis); circle: (K, 2);
    points: (3, 2) and their positions after each step, ``after[name]``; warps: per
    (activation, S) the warped grid and circle, from Theta's image; source_range and
    warp_ranges[(activation, S)]: (lo, hi, step) of the plane each is drawn on (ReLU's at S
    times one range, so both pictures look the same; tanh's all TANH_RANGE); network: the
    trained 2-2-1 network and its panels.
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
    source_range: tuple
    warp_ranges: dict
    network: NetworkView

    @classmethod
    def from_params(cls, params: dict) -> SVDData:
        theta = params["theta"]
        factors = svd.rotation_scale_rotation(theta)
        s1 = factors.singular_values[0]
        stretch_limit(params)  # (also checked when the parameters are read)
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
        reach = float(np.abs(np.concatenate(theta_grid)).max())
        source_range = (-np.ceil(reach * 2) / 2, np.ceil(reach * 2) / 2, 1.0)
        # ReLU[S x] = S ReLU[x]: one range for ReLU[x], times S
        relu_top = float(np.ceil(np.concatenate(svd.scaled_activation(np.concatenate(theta_grid), "relu", 1.0)
                                                ).max() * 2) / 2)
        warp_ranges = {("relu", s): (-0.2 * relu_top * s, 1.1 * relu_top * s, s) for s in WARP_SCALES}
        warp_ranges.update({("tanh", s): TANH_RANGE for s in WARP_SCALES})
        view = max(2.0, float(np.ceil((s1 * np.sqrt(2) + 0.12) * 2) / 2))
        network = NetworkView.build(svd.untangle(seed=SEED))
        return cls(theta, factors, view, grid, circle, POINTS, after, theta_grid, theta_circle,
                   warps, source_range, warp_ranges, network)


def _square_box(points: np.ndarray, margin: float, step: float) -> tuple[np.ndarray, np.ndarray]:
    """A box around points (N, 2) with equal sides, rounded out to multiples of step."""
    lo, hi = points.min(axis=0) - margin, points.max(axis=0) + margin
    side = float(np.ceil((hi - lo).max() / step) * step)
    centre = np.round((lo + hi) / 2 / step * 2) * step / 2
    return centre - side / 2, centre + side / 2


PLANE_SIZE = 5.5
PLANE_CENTER = np.array([-3.45, -0.45, 0.0])
COLUMN_X = 0.45  # left edge of the text column of part 1
WARP_SIZE = 3.3
WARP_Y = 0.05
PANEL_H = 3.2
DOT_RADIUS = 0.075


class SVD(LectureScene):
    """Storyboard: plane, Theta at once, three moves, check; warps; a network untangles."""

    def construct(self) -> None:
        self.data = SVDData.from_params(self.params)
        self.show_plane()
        self.apply_at_once()
        self.three_moves()
        self.check_product()
        self.warp_relu()
        self.warp_tanh()
        self.show_bands()
        self.linear_step()
        self.activation_step()
        self.separate()
        self.pull_back()

    # --- part 1: Theta = U S V^T ------------------------------------------------------------
    @step
    def show_plane(self) -> None:
        d = self.data
        r = d.view
        moves = {None: ("rotation", "rotation"), "Vt": ("reflection", "rotation"),
                 "U": ("rotation", "reflection")}[d.factors.reflection]
        self.heading = self.title(f"A linear map is a {moves[0]}, a stretch and a {moves[1]}")
        self.plane = self.plane_mobject((-r, r, 0.5 if r <= 2.5 else 1), PLANE_SIZE, PLANE_SIZE,
                                        number_step=1.0)
        self.plane.move_to(PLANE_CENTER - self.plane.c2p(0, 0) + self.plane.get_center())
        self.origin = self.plane.c2p(0, 0)
        self.grid = VGroup(*(self.path(self.plane, line, self.grid_color(k), 2.5)
                             for k, line in enumerate(d.grid)))
        self.circle = self.path(self.plane, d.circle, self.theme.text, 4)
        self.dots = VGroup(*(Dot(self.plane.c2p(*p), radius=0.08, color=self.theme.highlight)
                             for p in d.points)).set_z_index(2)
        self.labels = VGroup(*(self.point_label(name, dot) for name, dot in zip(POINT_NAMES, self.dots)))
        self.labels.set_z_index(3)  # above the grid and the dashed targets
        self.moving = VGroup(self.grid, self.circle)
        theta = self.matrix_row(r"\Theta", d.theta, "")
        self.rows = VGroup(theta)
        theta.move_to([COLUMN_X, 2.55, 0], aligned_edge=UP + LEFT)
        self.intro = self.lines(
            r"Every $2\times 2$ matrix is a turn (or a mirror)",
            r"$V^T$, a stretch $S$ along the axes and a turn",
            r"(or a mirror) $U$: $\Theta = U S V^T$, its singular",
            r"value decomposition (SVD).",
        ).next_to(theta, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(Write(self.heading), Create(self.plane), run_time=1.2)
        self.play(Create(self.grid), Create(self.circle), FadeIn(self.dots), FadeIn(self.labels),
                  Write(theta), run_time=1.8)
        self.play(FadeIn(self.intro), run_time=0.8)
        f = d.factors
        p = ", ".join(fmt(v) for v in d.points[2])
        if f.reflection is not None:
            kind = (f"det Theta = {fmt(f.det, 3)} < 0, so exactly one of the two turns of its SVD "
                    "is a reflection")
        elif f.singular_values[1] < 1e-12:
            kind = "det Theta = 0: Theta flattens the plane onto a line (its second singular value is 0)"
        else:
            kind = (f"det Theta = {fmt(f.det, 3)} > 0, so its SVD Theta = U S V^T is a rotation, a "
                    "stretch and a rotation")
        self.say(f"Theta = {matrix_text(d.theta)} acts on a grid over [-1, 1]^2, the unit circle "
                 f"and three points e1, e2 and p = ({p}). {kind}.")
        self.wait(2)

    @step
    def apply_at_once(self) -> None:
        d = self.data
        self.moving.save_state()
        self.dots.save_state()
        note = self.prose(r"$\Theta$ at once", size=LABEL, color=self.theme.muted)
        note.next_to(self.rows[0], RIGHT, buff=0.4)
        self.play(FadeIn(note), run_time=0.4)
        self.play(ApplyMatrix(d.theta, self.moving, about_point=self.origin),
                  *self.move_dots(d.after["theta"]), run_time=2)
        e1, e2, p = (r"(" + ", ".join(fmt(v) for v in q) + ")" for q in d.after["theta"])
        images = self.lines(
            f"$\\Theta\\mathbf{{e}}_1 = {e1}$, $\\Theta\\mathbf{{e}}_2 = {e2}$:",
            r"the columns of $\Theta$. And " + f"$\\Theta\\mathbf{{p}} = {p}$.",
        ).next_to(self.intro, DOWN, buff=0.4, aligned_edge=LEFT)
        # where the three moves must arrive: a dashed ellipse and rings at the points
        self.ghost = VGroup(
            DashedVMobject(self.path(self.plane, svd.linear_map(d.circle, d.theta),
                                     self.theme.guide, 3), num_dashes=60),
            *(Circle(radius=0.13, color=self.theme.guide, stroke_width=3).move_to(self.plane.c2p(*p))
              for p in d.after["theta"]))
        self.play(FadeIn(self.ghost), FadeIn(images), run_time=0.8)
        s1, s2 = (fmt(v, 3) for v in d.factors.singular_values)
        shape = (f"an ellipse with half-axes {s1} and {s2}, the singular values"
                 if d.factors.singular_values[1] > 1e-12 else
                 f"a segment of half-length {s1} (the singular values are {s1} and 0)")
        self.say(f"Theta at once: Theta e1 = {e1} and Theta e2 = {e2}, the columns of Theta; "
                 f"Theta p = {p}. The unit circle becomes {shape} (dashed: where the three moves "
                 "must arrive).")
        self.wait(2.5)
        self.play(Restore(self.moving), Restore(self.dots), FadeOut(note), FadeOut(self.intro),
                  FadeOut(images), run_time=1.2)

    @step
    def three_moves(self) -> None:
        d = self.data
        f = d.factors
        moves = [self.symbol(name) + " " + plain_move(self.move_text(name))
                 + (" along x_1 and x_2" if name == "S" else "") for name, _ in f.steps()]
        self.say("In three moves: " + "; then ".join(moves) + ". The points arrive where Theta "
                 "sent them.")
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
            self.wait(1)

    @step
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
        det_line = self.lines(*dets).next_to(product, DOWN, buff=0.25, aligned_edge=LEFT)
        self.play(Write(product), run_time=1.2)
        self.play(Indicate(self.ghost, color=self.theme.highlight, scale_factor=1.0),
                  FadeIn(det_line), run_time=1.2)
        error = float(np.abs(f.product() - d.theta).max())
        signs = (f"det U = det V^T = +1, det Theta = {s1} x {s2} = {fmt(f.det, 3)}"
                 if f.reflection is None else
                 f"det {self.symbol(f.reflection)} = -1 (the one reflection), det Theta = -{s1} x "
                 f"{s2} = {fmt(f.det, 3)}")
        self.say(f"U S V^T multiplies back to Theta (largest difference {error:.0e}): {signs}.")
        self.wait(3)

    # --- part 2: activations warp the plane ---------------------------------------------------
    @step
    def warp_relu(self) -> None:
        """Theta's grid, and ReLU[S x] beside it for two S, each on its own numbered plane."""
        d = self.data
        self.play(FadeOut(Group(*(m for m in self.mobjects if m is not self.heading))), run_time=0.8)
        for label in self.labels:
            label.clear_updaters()
        heading = self.title(r"An activation warps the plane: $\mathrm{a}[S\,\mathbf{x}]$")
        self.source = self.plane_mobject(d.source_range, WARP_SIZE, WARP_SIZE)
        self.targets = VGroup(*(self.plane_mobject(d.warp_ranges[("relu", s)], WARP_SIZE, WARP_SIZE)
                                for s in WARP_SCALES))
        VGroup(self.source, *self.targets).arrange(RIGHT, buff=1.0).move_to(UP * WARP_Y)
        source_picture = self.warp_picture(self.source, d.theta_grid, d.theta_circle)
        self.source_caption = self.prose(r"$\mathbf{x}$: the grid $\Theta$ made", size=BODY)
        self.source_caption.next_to(self.source, UP, buff=0.2)
        self.play(Transform(self.heading, heading), Create(self.source), Create(self.targets),
                  FadeIn(self.source_caption), run_time=1)
        self.play(Create(source_picture), run_time=1.2)
        self.source_picture = source_picture
        self.warp_step("relu", (
            r"ReLU folds the plane onto the corner $x_1, x_2 \geq 0$. Since",
            r"$\mathrm{ReLU}[S\mathbf{x}] = S\,\mathrm{ReLU}[\mathbf{x}]$, the two pictures are the same:",
            r"only the numbers on the axes differ.",
        ))
        ellipse = d.theta_circle[:-1]  # equally spaced in angle on the circle; the last repeats the first
        negative = (ellipse < 0).sum(axis=1)
        share = [100 * float(np.mean(negative == n)) for n in (0, 1, 2)]
        self.say(f"ReLU[S x] for S = {' and '.join(fmt(s) for s in WARP_SCALES)}, applied to the "
                 f"grid Theta made: by angle around the circle, {share[0]:.0f} % of the ellipse "
                 f"stays put (both coordinates positive), {share[1]:.0f} % lands on an edge of the "
                 f"corner x_1, x_2 >= 0 and {share[2]:.0f} % on its tip (0, 0). Since "
                 "ReLU[S x] = S ReLU[x], the two pictures differ only in the numbers on the axes.")

    @step
    def warp_tanh(self) -> None:
        """tanh[S x] for the same two S, both on (-1, 1)^2 with the edges of that square dashed."""
        self.play(FadeOut(self.warped), FadeOut(self.captions), FadeOut(self.note), run_time=0.6)
        targets = VGroup(*(self.plane_mobject(self.data.warp_ranges[("tanh", s)], WARP_SIZE, WARP_SIZE)
                           .move_to(old) for s, old in zip(WARP_SCALES, self.targets)))
        squares = VGroup(*(DashedVMobject(self.path(p, np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]),
                                                    self.theme.guide, 2.5), num_dashes=40)
                           for p in targets))
        self.play(*(FadeTransform(a, b) for a, b in zip(self.targets, targets)), run_time=1)
        self.targets = targets
        self.play(Create(squares), run_time=0.8)
        self.warp_step("tanh", (
            r"tanh bends the plane into the square $(-1, 1)^2$ (dashed).",
            r"For $S = " + fmt(WARP_SCALES[0]) + r"$ the grid stays nearly straight; for $S = " +
            fmt(WARP_SCALES[1]) + r"$ most of it",
            r"is pressed against the edges.",
        ))
        reach = []
        for s in WARP_SCALES:
            h = np.abs(np.concatenate(self.data.warps[("tanh", s)][0])).max(axis=1)
            reach.append(f"for S = {fmt(s)}, {100 * float(np.mean(h > 0.9)):.0f} % of the grid's "
                         f"points have a coordinate beyond 0.9 in size (the largest {below_one(h.max())})")
        self.say("tanh[S x] squeezes the plane into the square (-1, 1)^2: " + "; ".join(reach) + ".")
        self.play(FadeOut(Group(self.source, self.source_picture, self.source_caption, self.targets,
                                squares, self.warped, self.captions, self.note)), run_time=0.6)

    def warp_step(self, activation: str, note: tuple[str, ...]) -> None:
        """Copies of the grid Theta made travel into both target planes, warped by a[S x]."""
        d = self.data
        name = r"\mathrm{ReLU}" if activation == "relu" else r"\tanh"
        self.captions = VGroup(*(self.tex(f"{name}[{fmt(s)}\\,\\mathbf{{x}}]", size=BODY)
                                 .next_to(p, UP, buff=0.2) for s, p in zip(WARP_SCALES, self.targets)))
        self.captions.align_to(self.source_caption, DOWN)
        self.note = self.lines(*note).to_edge(DOWN, buff=0.35)
        self.warped = VGroup(*(self.warp_picture(p, *d.warps[(activation, s)])
                               for s, p in zip(WARP_SCALES, self.targets)))
        moving = VGroup(*(self.source_picture.copy() for _ in WARP_SCALES))
        self.play(FadeIn(self.captions), FadeIn(self.note), run_time=0.8)
        self.play(*(Transform(m, w) for m, w in zip(moving, self.warped)), run_time=2.5)
        self.remove(*moving)
        self.add(self.warped)
        self.wait(3)

    def warp_picture(self, plane: NumberPlane, lines: list, circle: np.ndarray) -> VGroup:
        return VGroup(*(self.path(plane, line, self.grid_color(k), 2) for k, line in enumerate(lines)),
                      self.path(plane, circle, self.theme.text, 3))

    # --- part 3: a 2-2-1 network untangles two bands -------------------------------------------
    @step
    def show_bands(self) -> None:
        v = self.data.network
        net = v.net
        heading = self.title(r"A 2-2-1 network untangles two bands")
        self.panels = VGroup(*(
            self.plane_mobject((lo[0], hi[0], step), min(PANEL_H * (hi[0] - lo[0]) / (hi[1] - lo[1]), 4.2),
                               PANEL_H, y_range=(lo[1], hi[1], step), faint=True)
            for (lo, hi), step in zip(v.boxes, v.steps)))
        self.panels.arrange(RIGHT, buff=0.9).move_to(UP * 0.75)
        names = (r"input $\mathbf{x}$", r"$\mathbf{z} = \boldsymbol\beta_0 + \boldsymbol\Omega_0\mathbf{x}$",
                 r"$\mathbf{h} = \tanh[\mathbf{z}]$")
        self.panel_captions = VGroup(*(self.prose(n, size=LABEL).next_to(p, UP, buff=0.15)
                                       for n, p in zip(names, self.panels)))
        self.panel_captions.align_to(self.panel_captions[1], DOWN)
        # x -> z -> h, between the captions (the gaps between the panels hold numbers)
        self.arrows = VGroup(*(Arrow(a.get_right(), b.get_left(), buff=0.25, color=self.theme.guide,
                                     stroke_width=4, max_tip_length_to_length_ratio=0.2,
                                     max_stroke_width_to_length_ratio=10)
                               for a, b in zip(self.panel_captions[:-1], self.panel_captions[1:])))
        self.stage_pictures = [self.network_picture(k) for k in range(3)]
        self.status = self.prose("No straight line separates the two bands", size=BODY)
        self.status.to_edge(DOWN, buff=0.8)
        trained = (f"trained by gradient descent (seed {net.seed}, {net.epochs} epochs): "
                   f"{int(round(net.accuracy * len(net.labels)))} of {len(net.labels)} points right")
        self.trained = self.prose(trained, size=LABEL, color=self.theme.muted).to_edge(DOWN, buff=0.3)
        self.play(Transform(self.heading, heading), Create(self.panels[0]),
                  FadeIn(self.panel_captions[0]), run_time=1)
        self.play(FadeIn(self.stage_pictures[0]), Write(self.status), run_time=1.2)
        self.wait(2)
        self.play(FadeIn(self.trained), run_time=0.6)
        counts = [int(np.sum(net.labels == c)) for c in (0, 1)]
        self.say(f"Two bent bands, {counts[0]} points of class 0 (dots) and {counts[1]} of class 1 "
                 f"(squares). A 2-2-1 network with tanh hidden units, trained by gradient descent "
                 f"for {net.epochs:,} epochs (seed {net.seed}, learning rate {fmt(net.lr, 3)}, L2 "
                 f"penalty {fmt(net.l2, 4)}), puts {int(round(net.accuracy * len(net.labels)))} of "
                 f"{len(net.labels)} points on their side.")

    @step
    def linear_step(self) -> None:
        net = self.data.network.net
        equation = self.tex(r"\mathbf{z} =", self.column(net.beta0), "+", self.matrix(net.omega0),
                            r"\mathbf{x}", size=LABEL)
        self.equation = equation.next_to(self.panels[:2], DOWN, buff=0.3)
        self.carry(1, equation, "The linear map turns, stretches and shifts the plane")
        stretch = np.linalg.svd(net.omega0, compute_uv=False)
        det = float(np.linalg.det(net.omega0))
        lo, hi = net.z.min(axis=0), net.z.max(axis=0)
        self.say(f"z = beta_0 + Omega_0 x with beta_0 = ({', '.join(fmt(v) for v in net.beta0)}) and "
                 f"Omega_0 = {matrix_text(net.omega0)}: it stretches by {fmt(stretch[0])} and "
                 f"{fmt(stretch[1])} (det {fmt(det)}, {'no' if det > 0 else 'one'} reflection) and "
                 f"shifts by beta_0. The points' z_1 runs from {fmt(lo[0])} to {fmt(hi[0])}, z_2 "
                 f"from {fmt(lo[1])} to {fmt(hi[1])}; grid lines stay straight and parallel.")

    @step
    def activation_step(self) -> None:
        net = self.data.network.net
        w, b = net.omega1, net.beta1
        equation = self.tex(r"y = " + _affine(b, w, (r"h_1", r"h_2")), size=LABEL)
        self.output_equation = equation.next_to(self.panels[2], DOWN, buff=0.3)
        self.carry(2, VGroup(), r"tanh bends it: the bands come apart")
        zs = net.z.min(axis=0), net.z.max(axis=0)
        lo, hi = ([tanh_text(z) for z in end] for end in zs)
        self.say(f"h = tanh[z], coordinate by coordinate, squeezes z into (-1, 1)^2: the points' h_1 "
                 f"runs from {lo[0]} to {hi[0]}, h_2 from {lo[1]} to {hi[1]}. "
                 "A line of constant z_1 or z_2 stays straight (constant h_1 or h_2).")

    def carry(self, k: int, equation, text: str) -> None:
        """Carry the picture of panel k-1 into panel k, warping it on the way."""
        status = self.prose(text, size=BODY).move_to(self.status)
        moving = self.stage_pictures[k - 1].copy()
        self.play(Create(self.panels[k]), FadeIn(self.panel_captions[k]), Create(self.arrows[k - 1]),
                  Transform(self.status, status), run_time=1)
        self.play(Transform(moving, self.stage_pictures[k]), run_time=2.5)
        self.remove(moving)
        self.add(self.stage_pictures[k])
        if len(equation):
            self.play(Write(equation), run_time=1)
        self.wait(2)

    @step
    def separate(self) -> None:
        v = self.data.network
        h_panel = self.panels[2]
        self.line = self.path(h_panel, v.line, self.theme.text, 5)
        status = self.prose(r"In $\mathbf{h}$ one straight line separates them: $y = 0$",
                            size=BODY).move_to(self.status)
        self.play(Create(self.line), Write(self.output_equation), Transform(self.status, status),
                  run_time=1.5)
        net = v.net
        right = int(round(net.accuracy * len(net.labels)))
        self.say(f"The output y = {affine_tex(net.beta1, net.omega1, [' h_1', ' h_2'])} is 0 on one "
                 f"straight line in h; class 1 is where y > 0. {right} of {len(net.labels)} points "
                 "lie on their side of it.")
        self.wait(2)

    @step
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
        net = v.net
        z = [affine_tex(b, w, [" x_1", " x_2"]) for b, w in zip(net.beta0, net.omega0)]
        y = affine_tex(net.beta1, net.omega1, [f" tanh({z[0]})", f" tanh({z[1]})"])
        self.say(f"Pulled back through tanh and the linear map, the line y = 0 is the set of x with "
                 f"{y} = 0: a curve in the input space, the boundary between the bands.")
        self.boundary_curve = sources
        self.wait(3)

    # --- drawing helpers (no math: every coordinate comes from SVDData) -----------------------
    def plane_mobject(self, x_range, width: float, height: float, y_range=None,
                      faint: bool = False, number_step: float | None = None) -> NumberedPlane:
        """A plane in the theme's colours (NumberPlane's defaults are made for black), its
        coordinates numbered on the bottom and left edges at multiples of ``number_step``
        (default: the range's step); ``faint`` background lines where a grid is drawn on top."""
        x_range = list(x_range)
        y_range = list(y_range or x_range)
        plane = NumberPlane(
            x_range=x_range, y_range=y_range, x_length=width, y_length=height,
            background_line_style={"stroke_color": self.theme.axis, "stroke_width": 1,
                                   "stroke_opacity": 0.18 if faint else 0.35},
            axis_config={"stroke_color": self.theme.axis, "stroke_width": 2},
        )
        return NumberedPlane(plane, self.edge_numbers(plane, x_range, y_range, number_step))

    def edge_numbers(self, plane: NumberPlane, x_range, y_range, step: float | None) -> VGroup:
        """Numbers below the bottom edge and left of the left edge; every other one when they
        would touch."""
        numbers = VGroup()
        for axis, (lo, hi, own_step) in (("x", x_range), ("y", y_range)):
            gap = step or own_step
            values = np.arange(np.ceil(lo / gap - 1e-9), np.floor(hi / gap + 1e-9) + 1) * gap
            labels = [self.tex(fmt(v), size=LABEL) for v in values]
            if len(values) > 1:
                at = (lambda v: plane.c2p(v, 0)[0]) if axis == "x" else (lambda v: plane.c2p(0, v)[1])
                spacing = abs(at(values[1]) - at(values[0]))
                need = max(m.width if axis == "x" else m.height for m in labels) + 0.15
                keep = 1 if spacing >= need else 2
                zero = int(np.argmin(np.abs(values)))  # keep 0 and every keep-th from it
                labels = [m for i, m in enumerate(labels) if (i - zero) % keep == 0]
                values = [v for i, v in enumerate(values) if (i - zero) % keep == 0]
            for v, label in zip(values, labels):
                if axis == "x":
                    label.next_to(plane.c2p(v, y_range[0]), DOWN, buff=0.12)
                else:
                    label.next_to(plane.c2p(x_range[0], v), LEFT, buff=0.12)
                numbers.add(label)
        return numbers

    def path(self, plane, points: np.ndarray, color: str, width: float) -> VMobject:
        return self.polyline(plane, points[:, 0], points[:, 1], color, width)

    def lines(self, *texts: str) -> VGroup:
        """Lines of prose at LABEL size, left-aligned."""
        return VGroup(*(self.prose(t, size=LABEL) for t in texts)).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def point_label(self, name: str, dot: Dot) -> VGroup:
        """A point's name on a patch of background (it stays readable over grid lines), kept
        outside the dot on the side away from the origin as the dot moves."""
        tex = self.tex(name, size=LABEL)
        label = VGroup(BackgroundRectangle(tex, color=self.theme.background, fill_opacity=0.85, buff=0.05), tex)

        def follow(m, dot=dot):
            outward = dot.get_center() - self.origin
            length = np.linalg.norm(outward[:2])
            direction = outward / length if length > 1e-6 else RIGHT
            m.next_to(dot, direction, buff=0.08)

        label.add_updater(follow)
        return label

    def network_picture(self, k: int) -> VGroup:
        """Grid and training points of the network, at stage k (0: x, 1: z, 2: h), in panel k:
        class 0 as dots, class 1 as squares."""
        v = self.data.network
        plane = self.panels[k]
        grid = VGroup(*(self.path(plane, stages[k], self.theme.line(2), 2).set_stroke(opacity=0.55)
                        for stages in v.grid))
        points = (v.net.x, v.net.z, v.net.h)[k]
        marks = VGroup(*(self.mark(plane.c2p(*p), c) for p, c in zip(points, v.net.labels)))
        return VGroup(grid, marks)

    def mark(self, at: np.ndarray, label: int):
        if label == 0:
            return Dot(at, radius=DOT_RADIUS, color=self.class_color(0))
        return Square(1.7 * DOT_RADIUS, color=self.class_color(1), fill_opacity=1, stroke_width=0).move_to(at)

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
        return self.theme.line(1) if k < GRID_LINES else self.theme.line(0)

    def class_color(self, label: int) -> str:
        return self.theme.line(0) if label == 0 else self.theme.line(1)


class NumberedPlane(VGroup):
    """A NumberPlane with its edge numbers; c2p / p2c and the ranges are the plane's."""

    def __init__(self, plane: NumberPlane, numbers: VGroup) -> None:
        super().__init__(plane, numbers)
        self.plane, self.numbers = plane, numbers

    def c2p(self, *coords):
        return self.plane.c2p(*coords)

    def p2c(self, point):
        return self.plane.p2c(point)

    @property
    def x_range(self):
        return self.plane.x_range

    @property
    def y_range(self):
        return self.plane.y_range


def _affine(bias: float, weights: np.ndarray, names) -> str:
    terms = [fmt(bias)]
    for w, n in zip(weights, names):
        terms.append(f"{'-' if w < 0 else '+'} {fmt(abs(w))}\\,{n}")
    return " ".join(terms)


def matrix_text(m: np.ndarray) -> str:
    """A matrix by rows in plain text: [[0.19, 1.84], [-0.97, -0.93]]."""
    return "[" + ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in m) + "]"


def plain_move(text: str) -> str:
    """A move's on-screen words as a sentence: 'rotate by $-71.3^\\circ$' -> 'rotates by -71.3 degrees'."""
    verb, rest = text.replace("^\\circ", " degrees").replace("$", "").split(" ", 1)
    return f"{verb}{'es' if verb.endswith(('ch', 'sh', 's', 'x')) else 's'} {rest}"


def tanh_text(z: float) -> str:
    """tanh(z) as a lecturer reads it: 0.9, or 'almost 1 (tanh 7.76)' where 2 decimals say 1."""
    h = float(np.tanh(z))
    if abs(float(fmt(h))) < 1:
        return fmt(h)
    return f"almost {'-' if h < 0 else ''}1 (tanh of {fmt(z)})"


def below_one(value: float) -> str:
    """A value of tanh (|value| < 1) with enough decimals that it does not read as +-1."""
    for digits in range(2, 7):
        if abs(float(fmt(value, digits))) < 1:
            return fmt(value, digits)
    return fmt(value, 6)
