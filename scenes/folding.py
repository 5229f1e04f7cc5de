"""Composition as folding (UDL Fig. 4.1 and 4.3).

Network 1 (x -> y) maps [-1, 1] onto [-1, 1] three times with alternating slopes; network 2
(y -> y') is therefore copied into each of those folds, the middle copy flipped, and the
composition has 9 linear regions from 20 parameters, where a shallow network with 6 hidden units
has at most 7 regions from 19. The second half shows the same thing as folding the x-line onto
itself, applying network 2 to the folded line, and unfolding it.

Every coordinate drawn comes from nnmath (exact breakpoints, folds, preimages, counts).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN, RIGHT, UP, Create, DashedLine, Dot, FadeIn, FadeOut, FadeTransform,
    Group, Indicate, Transform, Triangle, UpdateFromAlphaFunc, ValueTracker, VGroup, VMobject,
    Write, linear, rate_functions,
)

import nnmath
from scenes.common import (
    BODY, LABEL, LectureScene, dashes, fmt, live_number, nice_range, redraw, shallow_tex, spread_row, step,
)


#: What the scene draws, all computed by nnmath from the two networks and the interval.
FoldingData = nnmath.Composition


PANEL_W, PANEL_H = 2.85, 2.75  # networks 1 and 2
WIDE_W = 4.3  # the composition, wide enough to label its three copies
PANEL_Y = 1.0
FOLD_LAYER = 0.2  # vertical gap between the layers of the folded line (paper stacking)


class Folding(LectureScene):
    """Storyboard: networks, sweep, shared preimages, counts, fold, act, unfold."""

    def construct(self) -> None:
        self.data = FoldingData.from_params(self.params)
        self.show_networks()
        self.sweep()
        self.mark_shared_level()
        self.count_regions()
        self.fold()
        self.apply_second_network()
        self.unfold()

    # --- part 1: three panels -------------------------------------------------------------
    @step
    def show_networks(self) -> None:
        d = self.data
        lo, hi = d.interval
        y_range = nice_range(d.first.values)
        z_range = nice_range(np.concatenate([d.second.values, d.composed.values]))
        self.heading = self.title(r"Composing two networks folds the input")
        self.ax1 = self.axes((lo, hi), y_range, PANEL_W, PANEL_H, "x", "y")
        self.ax2 = self.axes(y_range, z_range, PANEL_W, PANEL_H, "y", "y'")
        self.ax3 = self.axes((lo, hi), z_range, WIDE_W, PANEL_H, "x", "y'")
        panels = VGroup(self.ax1, self.ax2, self.ax3).arrange(RIGHT, buff=0.45).move_to(UP * PANEL_Y)
        # Panels 2 and 3 share the y' scale and height, so a level y' is one horizontal line.
        captions = [r"Network 1: $x \to y$", r"Network 2: $y \to y'$", r"Composition: $x \to y'$"]
        self.captions = VGroup(*(self.prose(c, size=LABEL).next_to(ax, UP, buff=0.15)
                                 for c, ax in zip(captions, panels)))
        self.graph1 = VGroup(*(self.polyline(self.ax1, *self.knots(d.first, f.x_lo, f.x_hi),
                                             self.fold_color(i))
                               for i, f in enumerate(d.folds.folds)))
        self.graph2 = self.polyline(self.ax2, d.second.breakpoints, d.second.values, self.theme.text)
        eq1 = self.formula(shallow_tex(d.net1.theta, d.net1.phi, "x", "y"))
        eq2 = self.formula(shallow_tex(d.net2.theta, d.net2.phi, "y", "y'"))
        note = self.tex(r"\mathrm{a}[z] = \mathrm{ReLU}[z] = \max(0, z)", size=LABEL)
        self.equations = VGroup(eq1, eq2, note).arrange(DOWN, buff=0.22)
        self.equations.next_to(panels, DOWN, buff=0.75)  # room for the row of copy labels
        self.play(Write(self.heading), run_time=1)
        self.play(*(Create(ax) for ax in panels), FadeIn(self.captions), run_time=1.5)
        self.play(Write(eq1), Create(self.graph1), run_time=2)
        self.play(Write(eq2), Create(self.graph2), FadeIn(note), run_time=2)
        self.say(
            f"Network 1 (x to y) and network 2 (y to y') are shallow {activation_name(d.net1)} "
            f"networks with {units_text(d.net1.hidden_dim, d.net2.hidden_dim)}; the third "
            f"panel will hold their composition y' = f2(f1(x)) on [{fmt(lo)}, {fmt(hi)}].",
            f"Network 1 {fold_walk(d.folds)}; network 2 has "
            f"{plural(d.second.num_regions, 'linear region')} on y in {bracket(d.second.interval)}.")
        self.wait(0.5)

    # --- part 2: a point sweeps x, the composition is drawn as it goes -----------------
    @step
    def sweep(self) -> None:
        d = self.data
        lo, hi = d.interval
        x = ValueTracker(lo)
        self.x_tracker = x

        def y_of() -> float:
            return float(d.first(x.get_value()))

        def z_of() -> float:
            return float(d.composed(x.get_value()))

        def moving_dot(ax, at) -> Dot:  # a dot that goes where ``at()`` is each frame
            dot = Dot(ax.c2p(*at()), radius=0.08, color=self.theme.point)
            return dot.add_updater(lambda m: m.move_to(ax.c2p(*at())))

        dot1 = moving_dot(self.ax1, lambda: (x.get_value(), y_of()))
        dot2 = moving_dot(self.ax2, lambda: (y_of(), z_of()))
        dot3 = moving_dot(self.ax3, lambda: (x.get_value(), z_of()))
        guides = redraw(lambda: dashes([
            (self.ax1.c2p(x.get_value(), 0), dot1.get_center()),
            (self.ax2.c2p(y_of(), 0), dot2.get_center()),
            (dot2.get_center(), dot3.get_center()),
            (self.ax3.c2p(x.get_value(), 0), dot3.get_center()),
        ], dash_length=0.07, stroke_width=2.5, color=self.theme.guide))
        self.composed_graph = redraw(lambda: self.composed_up_to(x.get_value()))
        readout = self.readout(x, y_of, z_of)
        self.copy_labels = self.copy_row(self.ax3, y=self.ax3.bottom - 0.28)
        self.play(FadeIn(readout), FadeIn(dot1), FadeIn(dot2), FadeIn(dot3), run_time=0.6)
        self.add(guides, self.composed_graph)
        for i, fold in enumerate(d.folds.folds):
            # net 2 is traversed forwards on rising folds and backwards on flipped ones
            self.play(x.animate.set_value(fold.x_hi), rate_func=linear,
                      run_time=max(1.5, 9 * (fold.x_hi - fold.x_lo) / (hi - lo)))
            self.label_copy(i, fold)
        self.composed_graph.clear_updaters()
        folds = d.folds.folds
        flipped = [i + 1 for i, f in enumerate(folds) if f.flipped]
        self.say(
            f"As x runs from {fmt(lo)} to {fmt(hi)}, y follows network 1 and y' = f2(y) draws the "
            f"composition. {every(len(folds), 'fold').capitalize()} of network 1 "
            f"{'traces' if len(folds) == 1 else 'trace'} a copy of network 2's graph, {ranges_text(folds)}"
            + (f"; {'copy' if len(flipped) == 1 else 'copies'} {listing(flipped)} "
               f"{'runs' if len(flipped) == 1 else 'run'} through it backwards (flipped), "
               f"because network 1 falls there." if flipped else "; none is flipped."))
        self.play(FadeOut(guides), FadeOut(dot1), FadeOut(dot2), FadeOut(dot3), run_time=0.5)
        self.readout_group = readout

    def readout(self, x: ValueTracker, y_of, z_of) -> VGroup:
        """'x = .. -> y = .. -> y' = ..' with live numbers, under the equations."""
        parts = []
        for name, value in ((r"x =", x.get_value), (r"y =", y_of), (r"y' =", z_of)):
            number = live_number(value, 2, font_size=BODY, color=self.theme.text)
            parts += [self.tex(name), number]
        row = VGroup(*parts).arrange(RIGHT, buff=0.18)
        for k in (2, 4):  # extra space between the three readings
            row[k:].shift(RIGHT * 0.6)
        return row.next_to(self.equations, DOWN, buff=0.3)

    def label_copy(self, i: int, fold: nnmath.Fold) -> None:
        """Name the copy of network 2 that fold i produced (the flipped ones say so)."""
        self.play(FadeIn(self.copy_labels[i]), run_time=0.4)

    def copy_row(self, ax, y: float) -> VGroup:
        """'copy 1', 'copy 2, flipped', ... in one row at height y, each under its fold."""
        labels = VGroup(*(self.prose(f"copy {i + 1}" + (", flipped" if f.flipped else ""),
                                     size=LABEL, color=self.label_color(i)).set_y(y)
                          for i, f in enumerate(self.data.folds.folds)))
        centres = [ax.c2p(0.5 * (f.x_lo + f.x_hi), 0)[0] for f in self.data.folds.folds]
        spread_row(labels, centres, gap=0.3, right=7.1 - 0.4)
        return labels

    # --- part 3: the x values that share one y --------------------------------------------
    @step
    def mark_shared_level(self) -> None:
        d = self.data
        level, xs = d.level, d.preimages
        z = float(d.net2(np.array([level]))[0])
        lo, hi = d.interval
        line1 = DashedLine(self.ax1.c2p(lo, level), self.ax1.c2p(hi, level), dash_length=0.07,
                           color=self.theme.highlight, stroke_width=3)
        line3 = DashedLine(self.ax3.c2p(lo, z), self.ax3.c2p(hi, z), dash_length=0.07,
                           color=self.theme.highlight, stroke_width=3)
        fold_of = [d.folds.fold_index(x) for x in xs]
        dots1 = VGroup(*(Dot(self.ax1.c2p(x, level), radius=0.09, color=self.fold_color(k))
                         for x, k in zip(xs, fold_of)))
        drops = VGroup(*(DashedLine(self.ax1.c2p(x, level), self.ax1.c2p(x, 0), dash_length=0.06,
                                    color=self.fold_color(k), stroke_width=2.5)
                         for x, k in zip(xs, fold_of)))
        dots3 = VGroup(*(Dot(self.ax3.c2p(x, z), radius=0.09, color=self.fold_color(k))
                         for x, k in zip(xs, fold_of)))
        dot2 = Dot(self.ax2.c2p(level, z), radius=0.09, color=self.theme.highlight)
        values = ", ".join(fmt(x) for x in xs)
        caption = self.prose(
            f"$x = {values}$ all give $y = {fmt(level)}$, so all give $y' = {fmt(z)}$",
            size=BODY).move_to(self.readout_group)
        self.play(Create(line1), run_time=0.8)
        self.play(FadeIn(dots1), Create(drops), FadeOut(self.readout_group), run_time=1)
        self.play(FadeIn(dot2), Create(line3), FadeIn(dots3), Write(caption), run_time=1.5)
        if len(xs) > 1:
            both = "both" if len(xs) == 2 else "all"
            self.say(f"x = {listing([fmt(x) for x in xs])} {both} map to y = {fmt(level)}, so {both} "
                     f"map to the same y' = f2({fmt(level)}) = {fmt(z)}: the composition takes that "
                     f"value once in every fold that reaches y = {fmt(level)}, {len(xs)} times.")
        else:
            self.say(f"Only x = {fmt(xs[0]) if len(xs) else '?'} maps to y = {fmt(level)}, and "
                     f"on to y' = {fmt(z)}: network 1 does not fold back over this level.")
        self.wait(2)
        self.play(FadeOut(VGroup(line1, line3, dots1, drops, dots3, dot2)), run_time=0.6)
        self.shared_caption = caption

    # --- part 4: counts ------------------------------------------------------------------
    @step
    def count_regions(self) -> None:
        d = self.data
        lo, hi = d.interval
        y0, y1 = self.ax3.y_range[:2]
        borders = VGroup(*(DashedLine(self.ax3.c2p(x, y0), self.ax3.c2p(x, y1), dash_length=0.06,
                                      color=self.theme.guide, stroke_width=2)
                           for x in d.composed.joints))
        deep = self.prose(
            f"Composition: \\textbf{{{d.composed.num_regions} linear regions}}, "
            f"{d.composed_parameters} parameters", size=BODY)
        shallow = self.prose(
            f"Shallow net with {d.shallow_units} hidden units: at most "
            f"{d.shallow_max_regions} regions, {d.shallow_parameters} parameters",
            size=BODY, color=self.theme.muted)
        counts = VGroup(deep, shallow).arrange(DOWN, buff=0.15)
        counts.move_to(self.shared_caption).align_to(self.shared_caption, UP)
        self.play(Create(borders), FadeOut(self.shared_caption), run_time=1.2)
        self.play(Write(deep), run_time=1.2)
        self.play(FadeIn(shallow, shift=UP * 0.1), run_time=1)
        n, most = d.composed.num_regions, d.shallow_max_regions
        compare = (f"so the composition has {n - most} more than any such shallow network can make"
                   if n > most else "so here the composition does not beat the shallow bound"
                   if n < most else "so the composition matches the best such shallow network")
        self.say(
            f"The composition has exactly {plural(n, 'linear region')} on [{fmt(lo)}, {fmt(hi)}], "
            f"split by {plural(len(d.composed.joints), 'joint')}, from {d.composed_parameters} "
            f"parameters ({d.net1.num_parameters} of network 1, {d.net2.num_parameters} of network 2).",
            f"A shallow network with {d.shallow_units} hidden units has {d.shallow_parameters} "
            f"parameters and at most {most} regions: an upper bound (one more than its units, "
            f"reached only with every joint inside the interval), {compare}.")
        self.play(Indicate(self.composed_graph, color=self.theme.highlight, scale_factor=1.03))
        self.wait(2.5)
        self.region_borders = borders
        self.counts = counts

    # --- part 5: folding view (Fig. 4.3) --------------------------------------------------
    @step
    def fold(self) -> None:
        d = self.data
        lo, hi = d.interval
        everything = [m for m in self.mobjects if m is not self.heading]
        self.play(FadeOut(Group(*everything)), run_time=0.8)
        z_range = nice_range(d.composed.values)
        y_lo, y_hi = d.second.breakpoints[0], d.second.breakpoints[-1]
        span = (min(lo, y_lo), max(hi, y_hi))
        self.axf = self.axes(span, z_range, 10.5, 4.3, "", "y'").move_to(DOWN * 0.35)
        self.axis_name = self.tex("x", size=BODY).next_to(self.axf.c2p(span[1], z_range[0]), RIGHT, 0.15)
        subtitle = self.prose(r"Network 1 folds the $x$-line onto itself", size=BODY)
        subtitle.next_to(self.heading, DOWN, buff=0.2)
        # the x-line, one coloured piece per fold, at height 0 of the folding axes
        self.layers = VGroup(*(self.polyline(self.axf, c.x, np.zeros_like(c.x), self.fold_color(i),
                                             width=9)
                               for i, c in enumerate(d.copies)))
        joints = VGroup(*(self.tex(fmt(f.x_hi), size=LABEL).next_to(self.axf.c2p(f.x_hi, 0), DOWN, 0.3)
                          for f in d.folds.folds[:-1]))
        self.play(Create(self.axf), FadeIn(self.axis_name), Write(subtitle), run_time=1)
        # an arrowhead at the right end of each piece shows which way x runs along it,
        # so the flipped layer visibly points the other way once folded
        self.heads = VGroup(*(redraw(lambda layer=layer, i=i: self.arrowhead(layer, i))
                              for i, layer in enumerate(self.layers)))
        self.play(Create(self.layers), FadeIn(joints), run_time=1.2)
        folds = d.folds.folds
        turns = [fmt(f.x_hi) for f in folds[:-1]]
        flipped = [i + 1 for i, f in enumerate(folds) if f.flipped]
        if turns:
            self.say(
                f"Network 1 turns at x = {listing(turns)}, so the x-line folds there into "
                f"{len(folds)} layers laid on the y-axis where network 1 sends them, "
                f"{ranges_text(folds)}."
                + (f" {'Layer' if len(flipped) == 1 else 'Layers'} {listing(flipped)} "
                   f"{'is' if len(flipped) == 1 else 'are'} turned over (network 1 falls there): "
                   "the arrowhead points the other way." if flipped else ""))
        else:
            self.say(f"Network 1 never turns on [{fmt(lo)}, {fmt(hi)}]: the x-line is carried onto "
                     f"y in {bracket((folds[0].y_lo, folds[0].y_hi))} as one layer, without a fold.")
        self.add(self.heads)
        self.wait(0.4)
        y_name = self.tex("y", size=BODY).move_to(self.axis_name)
        self.play(
            *(UpdateFromAlphaFunc(layer, self.fold_updater(i)) for i, layer in enumerate(self.layers)),
            FadeOut(joints), FadeTransform(self.axis_name, y_name),
            run_time=3, rate_func=rate_functions.smooth,
        )
        self.axis_name = y_name
        self.subtitle = subtitle
        self.wait(0.5)

    @step
    def apply_second_network(self) -> None:
        d = self.data
        new_subtitle = self.prose(r"Network 2 acts on the folded line: one graph for all "
                                  f"{len(d.copies)} layers", size=BODY).move_to(self.subtitle)
        graph = self.polyline(self.axf, d.second.breakpoints, d.second.values, self.theme.text)
        self.play(Transform(self.subtitle, new_subtitle), Create(graph), run_time=1.5)
        ranges = {(fmt(c.fold.y_lo), fmt(c.fold.y_hi)) for c in d.copies}
        self.say(
            f"Network 2 is applied once to the folded line: its graph on y in "
            f"{bracket(d.second.interval)} has {plural(d.second.num_regions, 'linear region')}, and "
            + (f"{every(len(d.copies), 'layer')} {'gets' if len(d.copies) == 1 else 'get'} that "
               "same graph." if len(ranges) == 1 else
               f"each of the {len(d.copies)} layers gets the part over its own range of y."))
        # one copy of network 2 per layer, in the layer's colour: all the same graph of y,
        # so they lie exactly on top of each other until the line is unfolded
        self.copies = VGroup(*(self.polyline(self.axf, c.y, c.z, self.fold_color(i))
                               for i, c in enumerate(d.copies)))
        self.play(FadeIn(self.copies), FadeOut(graph), run_time=1.2)
        self.wait(0.5)

    @step
    def unfold(self) -> None:
        d = self.data
        new_subtitle = self.prose(
            r"Unfolding gives $y' = f_2(f_1(x))$: network 2 copied into each fold",
            size=BODY).move_to(self.subtitle)
        targets = VGroup(*(self.polyline(self.axf, c.x, c.z, self.fold_color(i))
                           for i, c in enumerate(d.copies)))
        x_name = self.tex("x", size=BODY).move_to(self.axis_name)
        self.play(
            *(UpdateFromAlphaFunc(layer, self.fold_updater(i, reverse=True))
              for i, layer in enumerate(self.layers)),
            Transform(self.copies, targets), FadeTransform(self.axis_name, x_name),
            Transform(self.subtitle, new_subtitle),
            run_time=3, rate_func=rate_functions.smooth,
        )
        labels = self.copy_row(self.axf, y=self.axf.bottom - 0.3)
        y0, y1 = self.axf.y_range[:2]
        borders = VGroup(*(DashedLine(self.axf.c2p(x, y0), self.axf.c2p(x, y1), dash_length=0.08,
                                      color=self.theme.guide, stroke_width=2)
                           for x in d.composed.joints))
        total = self.prose(
            f"{d.composed.num_regions} linear regions from {d.composed_parameters} parameters",
            size=BODY).next_to(labels, DOWN, buff=0.3).set_x(self.axf.frame.get_x())
        self.play(FadeIn(labels), Create(borders), Write(total), run_time=1.5)
        joints = d.composed.joints
        flipped = [i + 1 for i, c in enumerate(d.copies) if c.fold.flipped]
        self.say(
            f"Unfolding carries every layer back to its x: a copy of network 2 on "
            f"{every(len(d.copies), 'fold')}"
            + (f", {'copy' if len(flipped) == 1 else 'copies'} {listing(flipped)} mirrored"
               if flipped else "")
            + f". Together {plural(d.composed.num_regions, 'linear region')} from "
            f"{d.composed_parameters} parameters"
            + (f", with joints at x = {listing([fmt(x) for x in joints])}." if len(joints) else "."))
        self.wait(3)

    # --- helpers (drawing only) -----------------------------------------------------------
    def fold_color(self, i: int) -> str:
        return self.theme.line(i)

    def label_color(self, i: int) -> str:
        return self.theme.label(i)

    @staticmethod
    def knots(pl: nnmath.PiecewiseLinear, x_lo: float, x_hi: float) -> tuple[np.ndarray, np.ndarray]:
        """Vertices of the exact graph of ``pl`` between x_lo and x_hi (both included)."""
        inner = pl.breakpoints[(pl.breakpoints > x_lo) & (pl.breakpoints < x_hi)]
        xs = np.concatenate([[x_lo], inner, [x_hi]])
        return xs, pl(xs)

    def composed_up_to(self, x: float) -> VGroup:
        """The composed graph from the left end of the interval up to x, coloured per fold."""
        pieces = VGroup()
        for i, fold in enumerate(self.data.folds.folds):
            if x <= fold.x_lo:
                break
            xs, zs = self.knots(self.data.composed, fold.x_lo, min(x, fold.x_hi))
            pieces.add(self.polyline(self.ax3, xs, zs, self.fold_color(i)))
        return pieces

    def layer_points(self, i: int, t: float) -> np.ndarray:
        """Points of fold i's piece of the line, a fraction t of the way from x to y = f1(x).

        Each point slides from its x to its y; layers settle FOLD_LAYER apart, and flipped
        layers swing up over the others so the fold reads as paper turning over.
        """
        c, fold = self.data.copies[i], self.data.folds.folds[i]
        horizontal = (1 - t) * c.x + t * c.y
        lift = (0.9 if fold.flipped else 0.0) * np.sin(np.pi * t)
        return np.array([self.axf.c2p(h, 0) + UP * (lift + FOLD_LAYER * i * t)
                         for h in horizontal])

    def arrowhead(self, layer: VMobject, i: int) -> Triangle:
        """A small triangle at the end of a layer (its largest x), pointing along the layer."""
        points = layer.get_anchors()
        end, before = points[-1], points[-2]
        direction = (end - before) / max(np.linalg.norm(end - before), 1e-9)
        head = Triangle(color=self.fold_color(i), fill_opacity=1, stroke_width=0).scale(0.09)
        head.rotate(np.arctan2(direction[1], direction[0]) - np.pi / 2)
        return head.move_to(end + direction * 0.02)

    def fold_updater(self, i: int, reverse: bool = False):
        def update(layer: VMobject, alpha: float) -> None:
            layer.set_points_as_corners(self.layer_points(i, 1 - alpha if reverse else alpha))
        return update


# --- speaker notes (words for the numbers above) ------------------------------------------------
def listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def bracket(interval) -> str:
    lo, hi = interval
    return f"[{fmt(lo)}, {fmt(hi)}]"


def every(n: int, noun: str) -> str:
    """'the one fold', 'both folds', 'all 3 folds'."""
    return f"the one {noun}" if n == 1 else f"both {noun}s" if n == 2 else f"all {n} {noun}s"


def units_text(a: int, b: int) -> str:
    return f"{a} hidden units each" if a == b else f"{a} and {b} hidden units"


def ranges_text(folds) -> str:
    """The range of y each fold covers: 'each over y in [-1, 1]' when they agree."""
    ranges = [bracket((f.y_lo, f.y_hi)) for f in folds]
    if len(set(ranges)) == 1:
        return f"{'each ' if len(ranges) > 1 else ''}over y in {ranges[0]}"
    return "over y in " + listing(ranges) + " in turn"


def activation_name(net: nnmath.ShallowNetwork) -> str:
    return {"relu": "ReLU"}.get(net.activation.name, net.activation.name.replace("_", " "))


def fold_walk(folds: nnmath.FoldingMap) -> str:
    """How network 1 sweeps y fold by fold, e.g. 'rises on [-1, 0] (y from -1 to 1), falls ...'."""
    return listing([
        f"{'falls' if f.flipped else 'rises'} on {bracket((f.x_lo, f.x_hi))} (y from "
        f"{fmt(f.y_hi if f.flipped else f.y_lo)} to {fmt(f.y_lo if f.flipped else f.y_hi)})"
        for f in folds.folds])
