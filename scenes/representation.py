"""Functional view vs representation view (deck 002): one trained classifier seen two ways.

A 2-2-1 ReLU network trained on two bent bands (no straight line separates them in x):
1. the data and the trained network's score on it;
2. the functional view: the output y as a function of x, its decision boundary y(x) = 0 drawn
   exactly (the level set of the exact linear regions), a line bent where it crosses the
   units' joint lines (dashed);
3. the representation view: every point travels from x to its hidden values
   h = ReLU[beta_0 + Omega_0 x] (real images: a point with a unit off lands on an axis);
4. in h the output is linear: the boundary is the straight line beta_1 + omega_1 . h = 0;
5. the same boundary: the bent line of x lands on that straight line (its middle piece on the
   segment inside the quadrant, each arm on one end).

The svd scene (part 3) shows how a linear map and tanh warp the plane step by step; this scene
only compares the two readings of the result. Every coordinate comes from nnmath.representation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, UP, UR, Create, DashedLine, Dot, FadeIn, FadeOut, Line, Square, Transform, VGroup, Write,
)

import nnmath
from nnmath.representation import TwoViews, two_views
from scenes.common import BODY, LABEL, LectureScene, affine_tex, fmt, step

DOT_RADIUS = 0.07
X_PANEL = (5.6, 3.9)  # width, height of the input panel (scene units)
H_SIDE = 3.9  # the representation panel is square
PANELS_Y = 0.35


@dataclass(frozen=True)
class RepresentationData:
    """What the scene draws, all from nnmath.representation.

    views: the trained network and its points; h_range: (lo, hi, step) of both axes of the h
    panel; boundary: the exact decision boundary in x (S, 2, 2) and its image in h (S, 2, 2);
    line: the straight boundary in h, clipped to the h panel (2, 2); joints: each unit's joint
    line in the x panel (2, 2) or None; counts: training points per activation pattern.
    """

    views: TwoViews
    h_range: tuple
    boundary: np.ndarray
    boundary_h: np.ndarray
    line: np.ndarray
    joints: list
    counts: dict

    @classmethod
    def from_params(cls, params: dict) -> RepresentationData:
        views = two_views(seed=params["seed"], epochs=params["epochs"])
        top = float(np.ceil(views.h.max() + 0.3))
        h_range = (-1.0, max(top, 1.5), 1.0)  # (from -1: every tick labelled)
        boundary = views.boundary_x()
        line = views.line_h(np.full(2, h_range[0]), np.full(2, h_range[1]))
        if len(boundary) == 0 or line is None:
            raise nnmath.ParameterError(
                f"the network trained from seed {params['seed']} for {params['epochs']:,} epochs puts "
                "every input on one side (no decision boundary in the drawn square); try another "
                "seed, e.g. seed = 3, or more epochs")
        return cls(views, h_range, boundary, views.boundary_h(), line, views.joint_segments(),
                   views.off_counts())


class Representation(LectureScene):
    """Storyboard: data; functional view; points travel to h; the line in h; the same boundary."""

    def construct(self) -> None:
        self.data = RepresentationData.from_params(self.params)
        self.show_data()
        self.functional_view()
        self.to_representation()
        self.linear_classifier()
        self.same_boundary()

    @step
    def show_data(self) -> None:
        v = self.data.views
        lo, hi = v.box
        self.heading = self.title("One classifier, two views")
        self.x_panel = self.axes((lo[0], hi[0], 1.0), (lo[1], hi[1], 1.0), *X_PANEL, "x_1", "x_2")
        self.x_panel.move_to([-3.35, PANELS_Y, 0])
        hr = self.data.h_range
        self.h_panel = self.axes(hr, hr, H_SIDE, H_SIDE, "h_1", "h_2")
        self.h_panel.move_to([3.75, PANELS_Y, 0])
        self.x_caption = self.prose(r"input $\mathbf{x}$", size=BODY).next_to(self.x_panel, UP, buff=0.35)
        self.h_caption = self.prose(r"hidden $\mathbf{h} = \mathrm{ReLU}[\boldsymbol\beta_0 + "
                                    r"\boldsymbol\Omega_0\mathbf{x}]$", size=BODY)
        self.h_caption.next_to(self.h_panel, UP, buff=0.35)
        self.h_caption.align_to(self.x_caption, DOWN)
        self.x_points = self.marks(self.x_panel, v.x)
        self.status = self.prose("Two bent bands: no straight line separates them", size=BODY)
        self.status.to_edge(DOWN, buff=0.95)
        score = (f"A 2-2-1 ReLU network, trained: {v.correct} of {len(v.labels)} points on their "
                 "side")
        self.score = self.prose(score, size=LABEL, color=self.theme.muted).to_edge(DOWN, buff=0.35)
        self.play(Write(self.heading), Create(self.x_panel), FadeIn(self.x_caption), run_time=1.5)
        self.play(FadeIn(self.x_points), Write(self.status), run_time=1.5)
        self.network = self.network_column()
        self.play(FadeIn(self.score), FadeIn(self.network), run_time=1.2)
        counts = [int(np.sum(v.labels == c)) for c in (0, 1)]
        self.say(f"Two bent bands, {counts[0]} points of class 0 (dots, below) and {counts[1]} of "
                 f"class 1 (squares, above): no straight line in x separates them. A network with "
                 f"2 inputs, 2 ReLU hidden units and 1 output, trained by gradient descent on the "
                 f"binary cross-entropy ({v.epochs:,} epochs, seed {v.seed}, learning rate "
                 f"{fmt(v.lr)}, L2 penalty {fmt(v.l2, 3)}), puts {v.correct} of {len(v.labels)} "
                 f"points on their side ({100 * v.accuracy:.0f} %).")
        self.wait(3)

    @step
    def functional_view(self) -> None:
        d = self.data
        v = d.views
        self.joint_lines = VGroup()
        joint_labels = VGroup()
        for k, ends in enumerate(d.joints):
            if ends is None:
                continue
            a, b = (self.x_panel.c2p(*p) for p in ends)
            line = DashedLine(a, b, dash_length=0.15, stroke_width=3.5, color=self.theme.line(2 + k))
            self.joint_lines.add(line)
            label = self.tex(f"h_{k + 1} = 0", size=LABEL, color=self.theme.label(2 + k))
            low = a if a[1] < b[1] else b  # the end at the bottom of the panel: no points there
            label.next_to(low, UR, buff=0.12)
            joint_labels.add(label)
        self.joint_labels = joint_labels
        self.boundary = VGroup(*(Line(*(self.x_panel.c2p(*p) for p in seg), color=self.theme.text,
                                      stroke_width=6) for seg in d.boundary))
        caption = self.prose(r"functional view: $y(\mathbf{x}) = 0$", size=BODY).move_to(self.x_caption)
        status = self.prose(r"The boundary in $\mathbf{x}$ is a bent line: "
                            f"{len(d.boundary)} straight pieces", size=BODY).move_to(self.status)
        reading = self.lines(r"$y$ as a function of $\mathbf{x}$: class 1",
                             r"where $y(\mathbf{x}) > 0$. The boundary",
                             r"bends where it crosses a dashed",
                             r"line, where $h_1$ or $h_2$ switches on.")
        reading.next_to(self.network, DOWN, buff=0.45, aligned_edge=LEFT)
        self.reading = reading
        self.play(Create(self.joint_lines), FadeIn(joint_labels), run_time=1.5)
        self.play(Create(self.boundary), Transform(self.x_caption, caption),
                  Transform(self.status, status), FadeIn(reading), run_time=2)
        bends = ", ".join(f"({fmt(p[0])}, {fmt(p[1])})" for p in self.bends())
        self.say(f"The functional view: the output y(x) = {self.output_text(True)} as a function of the "
                 f"input. Its decision boundary y(x) = 0 is drawn exactly, from the network's "
                 f"{len(v.partition)} linear regions: a bent line of {len(d.boundary)} straight "
                 f"pieces, bending at {bends}, where it crosses the dashed joint lines on which h_1 "
                 "or h_2 switches on.")
        self.wait(3)

    @step
    def to_representation(self) -> None:
        d = self.data
        v = d.views
        self.h_points = self.marks(self.h_panel, v.h)
        moving = self.x_points.copy()
        status = self.prose(r"Each point moves to its hidden values $\mathbf{h}$", size=BODY)
        status.move_to(self.status)
        self.play(FadeOut(self.network), FadeOut(self.reading), run_time=0.8)
        self.play(Create(self.h_panel), FadeIn(self.h_caption), Transform(self.status, status),
                  run_time=1.2)
        self.play(Transform(moving, self.h_points), run_time=3)
        self.remove(moving)
        self.add(self.h_points)
        c = d.counts
        units = [affine_tex(b, w, [" x_1", " x_2"]) for b, w in zip(v.beta0, v.omega0)]
        self.say(f"The representation view: every training point moves to its hidden values, "
                 f"h_1 = ReLU[{units[0]}] and h_2 = ReLU[{units[1]}] "
                 f"(their real images). {c[(True, True)]} points have both units on; "
                 f"{c[(True, False)]} have h_2 = 0 and {c[(False, True)]} have h_1 = 0 (they land "
                 f"on an axis); {c[(False, False)]} have both off and all land on h = (0, 0).")
        self.wait(2.5)

    @step
    def linear_classifier(self) -> None:
        d = self.data
        v = d.views
        self.line = Line(*(self.h_panel.c2p(*p) for p in d.line), color=self.theme.text, stroke_width=6)
        equation = self.tex(f"y = {self.output_text()} = 0", size=LABEL)
        equation.next_to(self.h_panel.frame, DOWN, buff=0.55)
        self.equation = equation
        status = self.prose(r"In $\mathbf{h}$ the classifier is linear: one straight line",
                            size=BODY).move_to(self.status)
        self.play(Create(self.line), Write(equation), Transform(self.status, status), run_time=2)
        side = v.h @ v.omega1 + v.beta1
        right = int(np.sum((side > 0) == (v.labels == 1)))
        self.say(f"In h the output y = {self.output_text(True)} is a linear function: its boundary "
                 f"y = 0 is one straight line, and class 1 is where y > 0. The same {right} of "
                 f"{len(v.labels)} points lie on their side of it: a linear classifier on the "
                 "learned representation.")
        self.wait(3)

    @step
    def same_boundary(self) -> None:
        d = self.data
        v = d.views
        images = VGroup(*(self.segment_or_point(self.h_panel, seg) for seg in d.boundary_h))
        moving = self.boundary.copy().set_stroke(width=10)
        status = self.prose(r"The same boundary: the bent line lands on the straight one",
                            size=BODY).move_to(self.status)
        self.play(Transform(self.status, status), self.boundary.animate.set_stroke(width=10),
                  run_time=1)
        self.play(Transform(moving, images), run_time=3)
        self.boundary_images = moving
        lengths = np.linalg.norm(d.boundary_h[:, 1] - d.boundary_h[:, 0], axis=1)
        points = sum(int(n < 1e-9) for n in lengths)
        self.say(f"Both views hold the same boundary. Mapped into h, the {len(d.boundary)} pieces "
                 f"of the bent line land on the straight line: {len(d.boundary) - points} on its "
                 f"segment inside the quadrant h >= 0 (drawn thick), and {points} (the pieces where a unit "
                 "is off, so its z is constant along them) each on a single point of an axis (the "
                 "diamonds). The svd scene "
                 "shows how the linear map and the activation warp the plane step by step.")
        self.wait(3)

    # --- drawing helpers (every coordinate comes from RepresentationData) ---------------------
    def network_column(self) -> VGroup:
        """The trained network's three equations, in the right half of the frame."""
        v = self.data.views
        rows = [self.prose("The trained network:", size=BODY)]
        for k, (b, w) in enumerate(zip(v.beta0, v.omega0)):
            inside = affine_tex(b, w, [r"\,x_1", r"\,x_2"])
            rows.append(self.tex(f"h_{k + 1} = \\mathrm{{ReLU}}[{inside}]", size=BODY))
        rows.append(self.tex(f"y = {self.output_text()}", size=BODY))
        column = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return column.move_to([0.9, 2.0, 0], aligned_edge=UP + LEFT)

    def lines(self, *texts: str) -> VGroup:
        return VGroup(*(self.prose(t, size=LABEL) for t in texts)).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def marks(self, panel, points: np.ndarray) -> VGroup:
        """Class 0 as dots, class 1 as squares, at ``points`` (N, 2) of ``panel``."""
        out = VGroup()
        for p, label in zip(points, self.data.views.labels):
            at = panel.c2p(*p)
            if label == 0:
                out.add(Dot(at, radius=DOT_RADIUS, color=self.theme.line(0)))
            else:
                out.add(Square(1.7 * DOT_RADIUS, color=self.theme.line(1), fill_opacity=1,
                               stroke_width=0).move_to(at))
        return out

    def segment_or_point(self, panel, seg: np.ndarray):
        a, b = (panel.c2p(*p) for p in seg)
        if np.linalg.norm(b - a) < 1e-6:  # a piece along which a unit is off: one point of h
            return Square(0.26, color=self.theme.text, fill_opacity=1, stroke_width=0).rotate(np.pi / 4).move_to(a)
        return Line(a, b, color=self.theme.text, stroke_width=10)

    def output_text(self, plain: bool = False) -> str:
        """beta_1 + omega_1 . h with the network's numbers (LaTeX, or plain for the notes)."""
        v = self.data.views
        return affine_tex(v.beta1, v.omega1, [" h_1", " h_2"] if plain else [r"\,h_1", r"\,h_2"])

    def bends(self) -> np.ndarray:
        """The corners of the boundary in x: the ends its pieces share."""
        ends = self.data.boundary.reshape(-1, 2)
        shared = [p for i, p in enumerate(ends) if any(np.allclose(p, q, atol=1e-9)
                                                        for j, q in enumerate(ends) if j // 2 != i // 2)]
        return np.unique(np.round(shared, 9), axis=0)
