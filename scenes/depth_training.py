"""Book Fig. 20.2 as a movie: deeper networks fit random labels in fewer epochs (MNIST-1D).

Four ReLU MLPs with about 15,200 parameters each (1-4 hidden layers of 298, 100, 75, 63 units)
memorise 4000 MNIST-1D examples whose labels were shuffled at random, by full-batch gradient
descent. The percent training error of all four is drawn as the epochs run; each curve is
marked where it reaches 0 %, and the scene ends with how many times fewer epochs the deepest
net needed than the shallowest. The curves are the stored result of
``python render.py train depth`` (data/depth_book.npz by default); nothing is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, PI, RIGHT, UP, Create, Dot, FadeIn, Integer, Line, Square, Triangle,
    ValueTracker, VGroup, Write,
    linear,
)

from experiments import depth
from scenes.common import BODY, LABEL, LectureScene, fmt, follow, nice_range, redraw, step

#: Points per curve drawn (decimated from the stored result, the last point always kept).
DRAWN_POINTS = 700
#: When the 1-hidden-layer net reached 0 % in the other runs made with the book's settings
#: (quick-mode draws with init seeds 0, 1 and 2; measured, see experiments/depth.py).
OTHER_DRAWS_1_LAYER = "568k-676k"


@dataclass(frozen=True)
class DepthData:
    """The stored run, ready to draw: per depth, epochs (E,) and percent error (E,) decimated
    to at most DRAWN_POINTS; finish[k]: the (book-equivalent) epoch of 0 % error, or None."""

    curves: depth.DepthCurves
    epochs: dict
    error: dict
    finish: dict
    x_max: float
    x_step: float
    mode: str

    @classmethod
    def from_params(cls, params: dict) -> DepthData:
        mode = params["mode"]
        curves = depth.load_result(depth.find_result(mode, params["out_dir"]))
        epochs, error, finish = {}, {}, {}
        for k in sorted(curves.epochs):
            e, p = curves.scaled_epochs(k), curves.error_percent[k]
            keep = np.unique(np.r_[np.linspace(0, len(e) - 1, DRAWN_POINTS).astype(int), len(e) - 1])
            epochs[k], error[k] = e[keep], p[keep]
            finish[k] = float(e[-1]) if p[-1] == 0 else None
        top = max(float(e[-1]) for e in epochs.values())
        _, x_max, step = nice_range(np.array([0.0, top]), ticks=7)
        return cls(curves, epochs, error, finish, x_max, step, mode)

    def up_to(self, k: int, epoch: float) -> tuple[np.ndarray, np.ndarray]:
        """Curve k from epoch 0 to ``epoch`` (interpolated at the end)."""
        e, p = self.epochs[k], self.error[k]
        n = int(np.searchsorted(e, epoch, side="right"))
        if n == 0:
            return e[:1], p[:1]
        if n < len(e):
            end = np.interp(epoch, e[n - 1:n + 1], p[n - 1:n + 1])
            return np.r_[e[:n], epoch], np.r_[p[:n], end]
        return e, p

    def speed_up(self) -> float | None:
        """Epochs to 0 % of the shallowest net / of the deepest (both must have finished)."""
        first, last = self.finish[min(self.finish)], self.finish[max(self.finish)]
        return first / last if first and last else None


class DepthTraining(LectureScene):
    """Storyboard: the set-up, the four curves racing, the finishing epochs, the ratio."""

    def construct(self) -> None:
        self.data = DepthData.from_params(self.params)
        self.show_setup()
        self.race()
        self.conclude()

    @step
    def show_setup(self) -> None:
        d = self.data
        self.heading = self.title("Deeper networks fit random labels in fewer epochs")
        lr = d.curves.meta["lr"]
        lines = [rf"MNIST-1D, 4000 examples with shuffled labels; full-batch gradient descent, lr {lr:g}"]
        if d.mode != "book":
            lines.append(r"quick mode: a rescaled approximation of the book's run")
        self.setup = VGroup(*(self.prose(rf"\mbox{{{t}}}", size=LABEL) for t in lines)).arrange(DOWN, buff=0.1)
        self.setup.next_to(self.heading, DOWN, buff=0.25)
        step = d.x_step
        self.ax = self.axes((0, d.x_max, step), (0, 100, 25), 7.3, 4.3, "", "", ticks=False)
        self.ax.to_edge(LEFT, buff=1.2).shift(DOWN * 0.3)
        self.ax.add(*self.tick_labels(step))
        self.play(Write(self.heading), FadeIn(self.setup), run_time=1.2)
        self.play(Create(self.ax), run_time=1)
        self.legend = self.make_legend()
        self.play(FadeIn(self.legend), run_time=1)
        depths = sorted(d.epochs)
        meta = d.curves.meta
        start = [float(d.error[k][0]) for k in depths]
        self.say(
            f"{len(depths)} ReLU networks with {listing(depths)} hidden layers of "
            f"{listing([depth.WIDTHS[k] for k in depths])} units "
            f"({listing([f'{depth.num_parameters(k):,}' for k in depths])} parameters) learn "
            f"{meta['num_train']:,} MNIST-1D examples whose labels were shuffled at random, by "
            f"full-batch gradient descent with learning rate {lr:g}.",
            f"Their training error starts between {fmt_percent(min(start))} and {fmt_percent(max(start))} "
            f"(guessing among {depth.NUM_CLASSES} classes gets "
            f"{100 * (1 - 1 / depth.NUM_CLASSES):.0f} % wrong)."
            + ("" if d.mode == "book" else f" Quick mode: learning rate x {meta['epoch_scale']:g}, "
               f"epochs multiplied by {meta['epoch_scale']:g} to the book's scale, an approximation."))

    def tick_labels(self, step: float) -> list:
        d = self.data
        labels = []
        for v in np.arange(0, d.x_max + step / 2, step):
            text = "0" if v == 0 else (rf"{v / 1000:g}\mathrm{{k}}" if v >= 1000 else f"{v:g}")
            labels.append(self.tex(text, size=LABEL).next_to(self.ax.c2p(v, 0), DOWN, buff=0.15))
        for v in (0, 25, 50, 75, 100):
            labels.append(self.tex(rf"{v}\%", size=LABEL).next_to(self.ax.c2p(0, v), LEFT, buff=0.15))
        labels.append(self.prose("epoch" if d.mode == "book" else "epoch (rescaled)", size=LABEL)
                      .next_to(self.ax.x_axis.get_end(), RIGHT, buff=0.2))
        labels.append(self.prose("training error", size=LABEL)
                      .next_to(self.ax.y_axis.get_end(), UP, buff=0.12))
        return labels

    def color(self, k: int) -> str:
        return self.theme.series[(k - 1) % len(self.theme.series)]

    def make_legend(self) -> VGroup:
        rows = []
        for k in sorted(self.data.epochs):
            swatch = VGroup(Line(LEFT * 0.3, RIGHT * 0.3, color=self.color(k), stroke_width=8),
                            self.marker(k, np.zeros(3)))
            name = self.prose(rf"{k} hidden layer{'s' if k > 1 else ''} of {depth.WIDTHS[k]}",
                              size=LABEL)
            params = self.prose(f"{depth.num_parameters(k):,} parameters", size=LABEL,
                                color=self.theme.muted)
            # room for the finishing epoch, written when the curve reaches 0 %
            slot = self.finish_note(k, 999_999).set_opacity(0)
            text = VGroup(name, params, slot).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            rows.append(VGroup(swatch, text).arrange(RIGHT, buff=0.2))
        legend = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return legend.next_to(self.ax, RIGHT, buff=0.7).align_to(self.ax, UP)

    @step
    def race(self) -> None:
        d = self.data
        epoch = ValueTracker(0)
        for k in sorted(d.epochs):
            curve = redraw(lambda k=k: self.polyline(self.ax, *d.up_to(k, epoch.get_value()),
                                                            self.color(k), width=4))
            self.add(curve)
        counter_name = self.prose("epoch", size=LABEL)
        counter = Integer(0, font_size=LABEL, color=self.theme.text, group_with_commas=True)
        follow(counter, lambda: int(epoch.get_value()))
        readout = VGroup(counter_name, counter).arrange(RIGHT, buff=0.15)
        readout.next_to(self.ax.c2p(d.x_max, 100), DOWN + LEFT, buff=0.1)
        self.add(readout)
        self.marks = VGroup()
        # run to each finish in turn, marking it, then on to the last
        stops = sorted(e for e in d.finish.values() if e) or [max(float(e[-1]) for e in d.epochs.values())]
        total = 14.0
        done = 0.0
        for stop in stops:
            self.play(epoch.animate.set_value(stop), run_time=max(0.5, total * (stop - done) / stops[-1]),
                      rate_func=linear)
            done = stop
            for k, finish in d.finish.items():
                if finish == stop:
                    self.mark_finish(k, finish)
        self.say(*self.race_notes())
        self.wait(0.5)

    def race_notes(self) -> list[str]:
        """The epochs at which each net reached 0 %, and where the others were then."""
        d = self.data
        done = sorted((e, k) for k, e in d.finish.items() if e)
        notes = []
        if done:
            notes.append("Epochs to 0 % training error: " + listing(
                [f"{k} hidden layer{'s' if k > 1 else ''} at {int(e):,}" for e, k in done]) + ".")
            first_epoch, first = done[0]
            # from the stored curves (recorded every result_stride epochs), not the drawn ones
            others = [(k, float(np.interp(first_epoch, d.curves.scaled_epochs(k), d.curves.error_percent[k])))
                      for k in sorted(d.epochs) if k != first]
            if others:
                notes.append(f"When the {first}-layer net reaches 0 %, " + listing(
                    [f"the {k}-layer net is at {fmt_percent(p)}" for k, p in others]) + ".")
        for k in sorted(d.epochs):
            if not d.finish[k]:
                notes.append(f"The {k}-layer net ends this run at {fmt_percent(float(d.error[k][-1]))} "
                             f"after {int(d.epochs[k][-1]):,} epochs, short of 0 %.")
        return notes

    def marker(self, k: int, at: np.ndarray):
        """Depth k's own marker shape (circle, square, triangle, diamond): a second cue beside
        the colour, in the legend and where the curve reaches 0 %."""
        shape = [lambda: Dot(radius=0.1), lambda: Square(0.19), lambda: Triangle().scale(0.14),
                 lambda: Square(0.17).rotate(PI / 4)][(k - 1) % 4]()
        return shape.set_fill(self.color(k), 1).set_stroke(width=0).move_to(at)

    def mark_finish(self, k: int, finish: float) -> None:
        dot = self.marker(k, self.ax.c2p(finish, 0))
        row = self.legend[sorted(self.data.epochs).index(k)]
        note = self.finish_note(k, finish).move_to(row[1][2], aligned_edge=LEFT)
        self.play(FadeIn(dot, scale=2), FadeIn(note), run_time=0.6)
        self.wait(1.2)  # time to read the finishing epoch
        self.marks.add(dot, note)

    def finish_note(self, k: int, finish: float):
        return self.prose(f"0\\% at epoch {int(finish):,}", size=LABEL, color=self.theme.label(k - 1))

    @step
    def conclude(self) -> None:
        ratio = self.data.speed_up()
        d = self.data
        if ratio is None:
            self.say(f"Not both the {max(d.finish)}- and the {min(d.finish)}-layer nets reached 0 % "
                     "in this run, so there is no ratio of epochs to show.")
            self.wait(2)
            return
        deep, shallow = max(d.finish), min(d.finish)
        self.say(f"With about the same number of parameters, {deep} hidden layers reach 0 % in "
                 f"{ratio:.1f} times fewer epochs than {shallow} ({int(d.finish[deep]):,} against "
                 f"{int(d.finish[shallow]):,}).")
        text = (rf"Same parameter budget: {max(d.finish)} hidden layers need {ratio:.1f}$\times$ "
                rf"fewer epochs than {min(d.finish)}")
        summary = self.prose(text, size=BODY).to_edge(DOWN, buff=0.3)
        self.play(Write(summary), run_time=1.5)
        self.wait(2)
        self.last_example()

    def last_example(self) -> None:
        """Why the shallowest net finishes so late: one example's wait (experiments.depth)."""
        d = self.data
        k = min(d.finish)
        one, zero = d.curves.first_epoch_at_most(1)[k], d.curves.first_epoch_at_most(0)[k]
        if one is None or zero is None or zero <= one:
            self.wait(1)
            return
        lines = (rf"{k} hidden layer: 1 example still", rf"wrong at epoch {int(one):,};",
                 rf"0\% only at epoch {int(zero):,}")
        note = VGroup(*(self.prose(t, size=LABEL, color=self.theme.muted) for t in lines))
        note.arrange(DOWN, aligned_edge=RIGHT, buff=0.1)
        note.next_to(self.ax.c2p(d.x_max, 100), DOWN + LEFT, buff=0.1).shift(DOWN * 0.6)
        others = (f" (three other draws reached 0 % at {OTHER_DRAWS_1_LAYER})" if k == 1 else "")
        self.say(  # what the lecturer says over it
            f"The {k}-layer network has at most one of the {d.curves.meta['num_train']:,} examples "
            f"wrong by epoch {int(one):,}; that single error lasts another {int(zero - one):,} "
            f"epochs, {100 * (zero - one) / zero:.0f} % of the run. How long the last example "
            f"takes depends on the initialisation{others}, so compare the depths by the bulk of "
            "each curve, not by its last point.")
        self.play(FadeIn(note), run_time=1)
        self.wait(3)


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def fmt_percent(value: float) -> str:
    """A percent error as the axis reads it: 89.4 %, 0 %."""
    return f"{fmt(value, 1)} %"
