"""The title and text slides of a lecture deck, typeset by LaTeX in the scenes' own look.

A text slide is a still: a heading, bullet lines (LaTeX text, ``$...$`` for maths) and
equations, optionally the equation of one of the book's networks with its numbers (from
nnmath's presets, written by the same ``shallow_tex`` as the scenes). It is one step, so the
layout check of the tests and the font floor apply as to every scene. A slide whose text does
not fit is refused (nnmath.ParameterError) rather than shrunk below the floor.
"""

from __future__ import annotations

from manim import DOWN, LEFT, UP, FadeIn, VGroup, config

import nnmath
from scenes.common import BODY, LABEL, TITLE, LectureScene, shallow_tex, step, wrap

TITLE_PAGE = 56  # the lecture's title on its title page
SUBTITLE = 36
TEXT_WIDTH = 13.0  # of the 14.2 units of the frame
TOP, BOTTOM = 3.6, -3.7


class TextSlide(LectureScene):
    """params: kind ("title" or "text"), title, subtitle, bullets, equations, network."""

    def construct(self) -> None:
        self.page()

    @step
    def page(self) -> None:
        p = self.params
        if p.get("kind") == "title":
            parts = [self.prose(p["title"], size=TITLE_PAGE)]
            if p.get("subtitle"):
                parts.append(self.prose(p["subtitle"], size=SUBTITLE, color=self.theme.muted))
            content = VGroup(*parts).arrange(DOWN, buff=0.5)
            self.fit(content, p["title"])
            content.move_to([0, 0.3, 0])
        else:
            heading = self.prose(p["title"], size=TITLE) if p.get("title") else VGroup()
            body = VGroup(*(self.bullet(text) for text in p.get("bullets", ())),
                          *(self.tex(eq, size=BODY) for eq in p.get("equations", ())),
                          *self.network(p.get("network")))
            body.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
            for part in body:  # equations centred, bullets left
                if not isinstance(part, Bullet):
                    part.set_x(0)
            content = VGroup(heading, body).arrange(DOWN, buff=0.6)
            self.fit(content, p.get("title", ""))
            content.move_to([0, TOP - content.height / 2, 0])
            heading.set_x(0)
        self.play(FadeIn(content), run_time=0.5)

    def bullet(self, text: str) -> "Bullet":
        """One bullet: a dot and the text, wrapped onto lines that fit the slide."""
        chars = 64
        while True:
            lines = [self.prose(line, size=BODY) for line in wrap(text, chars)]
            if max(line.width for line in lines) <= TEXT_WIDTH - 0.6 or chars <= 20:
                break
            chars -= 6
        column = VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        dot = self.tex(r"\bullet", size=BODY).next_to(column[0], LEFT, buff=0.25)
        return Bullet(dot, column)

    def network(self, name: str | None) -> list:
        if name is None:
            return []
        net = nnmath.PRESETS[name].factory()
        if not isinstance(net, nnmath.ShallowNetwork) or net.input_dim != 1 or net.output_dim != 1:
            raise nnmath.ParameterError(f"network {name!r} is not a shallow network with one input "
                                        "and one output, whose equation a text slide can write")
        caption = self.prose(nnmath.PRESETS[name].description, size=LABEL, color=self.theme.muted)
        return [caption, self.formula(shallow_tex(net.theta, net.phi), max_width=TEXT_WIDTH)]

    def fit(self, content: VGroup, title: str) -> None:
        if content.height > TOP - BOTTOM or content.width > config.frame_width - 0.4:
            raise nnmath.ParameterError(
                f"the text slide {title!r} does not fit: its text is {content.height:.1f} units "
                f"high and {content.width:.1f} wide, the slide has {TOP - BOTTOM:.1f} by "
                f"{config.frame_width - 0.4:.1f}. Split it into two slides or shorten it "
                "(text is never shrunk below the size read from the back row)")


class Bullet(VGroup):
    """A bullet point (dot + wrapped lines), kept left-aligned on the slide."""
