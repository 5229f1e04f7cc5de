"""Universal approximation, and a gradient-descent fit that works (UDL Fig. 3.5 as a movie).

Part 1: a smooth curve (dashed) and the shallow ReLU networks that interpolate it at D + 1
knots for D = 3, 5, 10, 20: one joint per knot, D linear regions, the largest error shrinking.
Part 2: the live demo a lecturer "could not quite get working", side by side. Ten units trained
by gradient descent on samples of the curve from the same He-uniform weights: with zero biases
every joint starts at x = 0 (triangles), the edge of the data, so each unit is a straight line
or dead there; the fit stays near the best straight line and units die. With the joints drawn
inside the data it fits. The curves, joints, losses and dead-unit counts are nnmath's, frame
by frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, DashedVMobject, DecimalNumber, Dot, FadeIn, FadeOut, Integer,
    Transform, ValueTracker, VGroup, VMobject, Write, rate_functions,
)

import nnmath
from nnlecture.results import kept
from nnmath.approximation import DEMO_INTERVAL, approximation_ladder, demo_race, demo_target
from scenes.common import (
    BODY, LABEL, LectureScene, dots, fmt, follow, joined, live_number, polygons, redraw, screen_points,
    step,
)

RUNS = ("zero biases", "joints spread")
HEADINGS = {"zero biases": r"zero biases: every joint starts at $x = 0$",
            "joints spread": r"joints drawn inside the data"}
Y_RANGE = (-1.0, 1.0, 0.5)
#: A joint's mark: the corners of Manim's Triangle().scale(0.09) around its centre (the middle
#: of its bounding box: a quarter of the way from the base centre to the apex, unscaled).
MARK = 0.09 * np.array([[0.0, 0.75, 0.0], [-np.sqrt(3) / 2, -0.75, 0.0], [np.sqrt(3) / 2, -0.75, 0.0]])


@dataclass(frozen=True)
class Frame:
    """One snapshot of a gradient-descent run: the exact graph's vertices, the joints in the
    closed interval (zero biases put them all at its left end), the loss and the number of dead
    units (pre-activation <= 0 on every sample)."""

    epoch: int
    xs: np.ndarray
    ys: np.ndarray
    joints: np.ndarray
    loss: float
    dead: int


@dataclass(frozen=True)
class FittingData:
    """Everything the scene draws: the constructive ladder, both runs frame by frame, and the
    exact number of linear regions of each run's final network."""

    interval: tuple[float, float]
    ladder: list
    race: nnmath.approximation.FittingRace
    frames: dict
    regions: dict
    race_range: tuple  # (lo, hi, step) of the race panels' y axis

    @classmethod
    def from_params(cls, params: dict) -> FittingData:
        ladder = approximation_ladder(demo_target, DEMO_INTERVAL, params["hidden"])
        race = kept("fitting_race", demo_race, hidden=params["fit_hidden"], epochs=params["epochs"],
                    seed=params["seed"])
        frames = {name: [cls.frame(net, epoch, fit.loss[epoch], race.x)
                         for epoch, net in zip(fit.epochs, fit.networks)]
                  for name, fit in race.fits.items()}
        regions = {name: nnmath.piecewise_linear(fit.networks[-1], *DEMO_INTERVAL).num_regions
                   for name, fit in race.fits.items()}
        # the race panels show every frame whole (the zero-bias start line leaves [-1, 1])
        ys = np.concatenate([[-1.0, 1.0], *(f.ys for run in frames.values() for f in run)])
        lo, hi = np.floor(ys.min() * 2) / 2, np.ceil(ys.max() * 2) / 2
        race_range = (float(max(lo, -3.0)), float(min(hi, 3.0)), 0.5)
        return cls(DEMO_INTERVAL, ladder, race, frames, regions, race_range)

    @staticmethod
    def frame(net: nnmath.ShallowNetwork, epoch: int, loss: float, samples: np.ndarray) -> Frame:
        lo, hi = DEMO_INTERVAL
        joints = net.joints()
        shown = np.sort(joints[np.isfinite(joints) & (joints >= lo) & (joints <= hi)])
        inside = shown[(shown > lo) & (shown < hi)]
        xs = np.concatenate([[lo], inside, [hi]])     # the graph is straight between joints
        dead = nnmath.dead_units(nnmath.MLP.from_network(net), samples).num_dead
        return Frame(int(epoch), xs, np.asarray(net(xs), dtype=float), shown, float(loss), dead)

    def target(self, n: int = 401) -> tuple[np.ndarray, np.ndarray]:
        xs = np.linspace(*self.interval, n)
        return xs, demo_target(xs)


class Fitting(LectureScene):
    """Storyboard: the curve, the constructive ladder, the gradient-descent race, the verdict."""

    def construct(self) -> None:
        self.data = FittingData.from_params(self.params)
        self.show_target()
        self.climb_ladder()
        self.race()
        self.verdict()

    # --- part 1: universal approximation, constructively ------------------------------------
    @step
    def show_target(self) -> None:
        self.heading = self.title("More hidden units, more linear regions, a closer fit")
        self.big = self.axes((*self.data.interval, 0.5), Y_RANGE, 10.5, 4.2).shift(DOWN * 0.2)
        self.curve_target = self.target_curve(self.big)
        self.play(Write(self.heading), Create(self.big), run_time=1.2)
        self.play(Create(self.curve_target), run_time=1.5)
        xs, ys = self.data.target()
        turns = int(np.sum(np.diff(np.sign(np.diff(ys))) != 0))
        lo, hi = self.data.interval
        self.say(f"The curve to approximate (dashed): smooth on [{fmt(lo)}, {fmt(hi)}], with "
                 f"{turns} turning point{'' if turns == 1 else 's'}, between y = {fmt(ys.min())} "
                 f"and y = {fmt(ys.max())}.")

    @step
    def climb_ladder(self) -> None:
        ladder = sorted(self.data.ladder, key=lambda rung: rung.hidden)
        errors = [rung.max_error for rung in ladder]
        trend = ""
        if len(ladder) > 1 and all(b < a for a, b in zip(errors, errors[1:])):
            trend = (f" The largest error falls from {fmt(errors[0], 3)} to {fmt(errors[-1], 3)} as "
                     f"the units go from {ladder[0].hidden} to {ladder[-1].hidden}.")
        elif len(ladder) > 1:
            trend = " Here the largest error does not fall at every step."
        self.say("Each network joins D + 1 equally spaced points of the curve by straight pieces "
                 "(a construction, not training): "
                 + "; ".join(f"D = {r.hidden}: {plural(r.regions, 'linear region')}, "
                             f"largest error {fmt(r.max_error, 3)}" for r in self.data.ladder)
                 + "." + trend)
        fit = knots = label = None
        for rung in self.data.ladder:
            new_fit = self.polyline(self.big, rung.knots, rung.network(rung.knots), self.theme.series[0])
            new_knots = VGroup(*(Dot(self.big.c2p(float(x), float(y)), radius=0.06,
                                     color=self.theme.series[0])
                                 for x, y in zip(rung.knots, rung.network(rung.knots))))
            new_label = self.prose(
                rf"$D = {rung.hidden}$ hidden units: {rung.regions} linear regions, "
                rf"largest error {fmt(rung.max_error, 3)}", size=BODY)
            new_label.next_to(self.heading, DOWN, buff=0.3)
            if fit is None:  # why D regions, when D units can make up to D + 1
                self.why = VGroup(*(self.prose(t, size=LABEL, color=self.theme.muted) for t in (
                    r"Each network joins $D + 1$ points of the curve by straight pieces.",
                    r"Its first joint is at $x = 0$, the left end: $D$ regions "
                    r"($D + 1$ if every joint is inside)"))).arrange(DOWN, buff=0.12)
                self.why.next_to(self.big, DOWN, buff=0.3)
            if fit is None:
                self.play(Create(new_fit), FadeIn(new_knots), FadeIn(new_label), FadeIn(self.why),
                          run_time=1.5)
            else:
                self.play(Transform(fit, new_fit), Transform(knots, new_knots),
                          Transform(label, new_label), run_time=1.5)
            fit, knots, label = fit or new_fit, knots or new_knots, label or new_label
            self.wait(1.2)
        self.play(*(FadeOut(m) for m in (fit, knots, label, self.big, self.curve_target, self.heading,
                                          self.why)), run_time=0.8)

    # --- part 2: gradient descent from two initialisations ----------------------------------
    @step
    def race(self) -> None:
        race = self.data.race
        self.hidden = race.fits[RUNS[0]].networks[0].hidden_dim
        self.heading = self.title(rf"Gradient descent with $D = {self.hidden}$ units: where do the "
                                  rf"joints start?")
        epoch_label = self.prose("epoch", size=LABEL)
        self.epoch = Integer(0, font_size=LABEL, color=self.theme.text, group_with_commas=True)
        counter = VGroup(epoch_label, self.epoch).arrange(RIGHT, buff=0.15)
        counter.next_to(self.heading, DOWN, buff=0.2)
        self.panels = {}
        step = ValueTracker(0)
        count = len(self.data.frames[RUNS[0]])
        index = lambda: min(int(step.get_value()), count - 1)  # noqa: E731
        for name, side, k in zip(RUNS, (LEFT, RIGHT), (1, 0)):
            self.panels[name] = self.panel(name, side, k, index)
        follow(self.epoch, lambda: self.data.frames[RUNS[0]][index()].epoch)
        self.play(Write(self.heading), FadeIn(counter), run_time=1)
        for name in RUNS:
            p = self.panels[name]
            self.play(Create(p["axes"]), FadeIn(p["heading"]), Create(p["target"]),
                      FadeIn(p["samples"]), run_time=1)
        self.play(*(FadeIn(p["fit"], p["joints"], p["readout"]) for p in self.panels.values()),
                  run_time=1)
        left = self.panels[RUNS[0]]
        start = self.data.frames[RUNS[0]][0]
        at_zero = int(np.sum(start.joints == self.data.interval[0]))
        pile = self.prose(rf"{at_zero} joints at $x = 0$", size=LABEL, color=left["label"])
        pile.next_to(left["axes"].c2p(0, left["axes"].y_range[0]), UP + RIGHT, buff=0.25)
        self.play(FadeIn(pile), run_time=0.8)
        self.say(*self.race_notes(at_zero))
        self.wait(1.5)
        self.play(FadeOut(pile), run_time=0.5)
        # slow at first, where the fits change most
        self.play(step.animate.set_value(count - 1), run_time=14, rate_func=rate_functions.ease_in_cubic)
        self.wait(0.5)

    def race_notes(self, at_zero: int) -> list[str]:
        """What the race shows, with both runs' first frames."""
        race, frames = self.data.race, self.data.frames
        zero, spread = frames[RUNS[0]][0], frames[RUNS[1]][0]
        lo, hi = self.data.interval
        where = (f"all {self.hidden} joints at x = {fmt(lo)}" if at_zero == self.hidden else
                 f"{at_zero} of the {self.hidden} joints at x = {fmt(lo)}")
        start = "is a straight line with" if len(zero.xs) == 2 else "has"
        inside = (f"from x = {fmt(spread.joints.min())} to {fmt(spread.joints.max())}"
                  if len(spread.joints) else "inside the data")
        return [f"Gradient descent for {race.epochs:,} epochs (learning rate {fmt(race.lr, 4)}, "
                f"momentum {fmt(race.momentum)}) on {len(race.x)} samples of the curve, with "
                f"{self.hidden} units and the same He-uniform weights in both runs.",
                f"Left, zero biases: {where}, the left end of the data; the start {start} loss "
                f"{fmt(zero.loss, 4)} and {plural(zero.dead, 'dead unit')}. Right, joints drawn {inside}: loss "
                f"{fmt(spread.loss, 4)}, {spread.dead} dead."]

    def panel(self, name: str, side, k: int, index) -> dict:
        frames = self.data.frames[name]
        color, label_color = self.theme.line(k), self.theme.label(k)
        ax = self.axes((*self.data.interval, 0.5), self.data.race_range, 5.5, 3.3)
        ax.move_to(side * 3.45 + UP * 0.05)
        heading = self.prose(HEADINGS[name], size=LABEL, color=label_color).next_to(ax, UP, buff=0.3)
        samples = dots(screen_points(ax, self.data.race.x, self.data.race.y), radius=0.035,
                       color=self.theme.text)
        fit = redraw(lambda: self.polyline(ax, frames[index()].xs, frames[index()].ys, color,
                                                  clip=ax.y_range[:2]))
        joints = redraw(lambda: self.joint_marks(ax, frames[index()].joints, color))
        loss = self.number(lambda: frames[index()].loss, 4)
        dead = Integer(frames[0].dead, font_size=LABEL, color=self.theme.text)
        follow(dead, lambda: frames[index()].dead)
        readout = VGroup(self.prose("MSE loss", size=LABEL), loss, dead,
                         self.prose("dead units", size=LABEL)).arrange(RIGHT, buff=0.15)
        readout[2:].shift(RIGHT * 0.35)
        readout.next_to(ax, DOWN, buff=0.3)
        return {"axes": ax, "heading": heading, "target": self.target_curve(ax), "samples": samples,
                "fit": fit, "joints": joints, "readout": readout, "frames": frames, "color": color,
                "label": label_color}

    # --- the verdict -----------------------------------------------------------------------
    @step
    def verdict(self) -> None:
        race, regions = self.data.race, self.data.regions
        stuck = race.fits[RUNS[0]].loss[-1]
        lines = {
            # what is drawn: a few bends, a loss only a little below the best straight line's
            RUNS[0]: (rf"stuck: its joints stay at $x = {self.places(RUNS[0])}$",
                      rf"loss {fmt(stuck, 3)}; the best straight line: {fmt(race.line_loss, 3)}"),
            RUNS[1]: (rf"{regions[RUNS[1]]} linear regions from {self.hidden} units",),
        }
        notes = []
        for name, text in lines.items():
            p = self.panels[name]
            note = VGroup(*(self.prose(t, size=LABEL, color=p["label"]) for t in text))
            note.arrange(DOWN, buff=0.12).next_to(p["readout"], DOWN, buff=0.2)
            notes.append(note)
        self.play(*(FadeIn(n) for n in notes), run_time=1)
        end = {name: self.data.frames[name][-1] for name in RUNS}
        joints = [fmt(j) for j in np.unique(np.round(end[RUNS[0]].joints, 2))]
        share = 100 * stuck / race.line_loss if race.line_loss > 0 else float("nan")
        self.say(
            f"After {race.epochs:,} epochs the zero-bias run ends at loss {fmt(stuck, 4)}, "
            f"{share:.0f} % of the best straight line's {fmt(race.line_loss, 4)}, with "
            f"{plural(end[RUNS[0]].dead, 'dead unit')}, {plural(regions[RUNS[0]], 'linear region')} "
            f"and its joints at "
            f"x = {listing(joints) if joints else 'none inside'}.",
            f"The run with spread joints ends at loss {fmt(end[RUNS[1]].loss, 4)} with "
            f"{plural(end[RUNS[1]].dead, 'dead unit')} and "
            f"{plural(regions[RUNS[1]], 'linear region')} from {self.hidden} units.")
        self.wait(3)

    def places(self, name: str) -> str:
        """Where a run's final joints are, to the 2 decimals a student can read off the plot."""
        joints = np.unique(np.round(self.data.frames[name][-1].joints, 2))
        words = [fmt(j) for j in joints]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + r"\text{ and }" + words[-1]

    # --- drawing helpers ---------------------------------------------------------------------
    def target_curve(self, ax) -> VMobject:
        """The target, dashed (60 dashes, drawn as one mobject)."""
        xs, ys = self.data.target()
        curve = self.polyline(ax, xs, ys, self.theme.guide, width=3)
        return joined(DashedVMobject(curve, num_dashes=60))

    def joint_marks(self, ax, joints: np.ndarray, color: str) -> VMobject:
        """A small triangle on the x-axis under each joint in the interval, all in one mobject
        (Triangle().scale(0.09) moved there, each)."""
        y = ax.c2p(0, ax.y_range[0])[1] + 0.08
        centres = screen_points(ax, joints, np.zeros(len(joints)))
        centres[:, 1] = y
        return polygons(centres[:, None, :] + MARK, color=color, fill_color=color, fill_opacity=1,
                        stroke_width=0)

    def number(self, value, digits: int) -> DecimalNumber:
        return live_number(value, digits, font_size=LABEL, color=self.theme.text)


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
