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
from scenes.common import BODY, LABEL, TITLE, LectureScene, affine_tex, shallow_tex, step

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
            makers = {"bullets": self.bullets, "equations": self.equations,
                      "network": self.network, "merged": self.merged}
            order = p.get("order") or list(makers)
            body = VGroup(*(part for key in order for part in makers[key](p.get(key))))
            body.arrange(DOWN, buff=0.45)
            for part in body:  # bullets on the left, equations centred
                if isinstance(part, Bullets):
                    part.set_x(0)
            content = VGroup(heading, body).arrange(DOWN, buff=0.6)
            self.fit(content, p.get("title", ""))
            content.move_to([0, TOP - content.height / 2, 0])
            heading.set_x(0)
        self.play(FadeIn(content), run_time=0.5)

    def bullets(self, texts) -> list:
        """The bullet points, set by LaTeX (itemize in a minipage as wide as the slide's text),
        so lines break between words and never inside the maths."""
        if not texts:
            return []
        points_per_unit = 100 / self.prose(r"\rule{100pt}{1pt}", size=BODY).width
        items = "".join(rf"\item {text} " for text in texts)
        return [Bullets(self.prose(
            rf"\begin{{minipage}}{{{TEXT_WIDTH * points_per_unit:.1f}pt}}\raggedright"
            rf"\begin{{itemize}}\setlength{{\itemsep}}{{6pt}}{items}\end{{itemize}}\end{{minipage}}",
            size=BODY))]

    def equations(self, equations) -> list:
        return [self.tex(equation, size=BODY) for equation in equations or ()]

    def network(self, name: str | None) -> list:
        if name is None:
            return []
        net = nnmath.PRESETS[name].factory()
        if not isinstance(net, nnmath.ShallowNetwork) or net.input_dim != 1 or net.output_dim != 1:
            raise nnmath.ParameterError(f"network {name!r} is not a shallow network with one input "
                                        "and one output, whose equation a text slide can write")
        caption = self.prose(nnmath.PRESETS[name].description, size=LABEL, color=self.theme.muted)
        return [caption, self.formula(shallow_tex(net.theta, net.phi), max_width=TEXT_WIDTH)]

    def merged(self, names) -> list:
        """The second network's hidden units written in the first's: h'_i = a[psi_i0 + sum_j
        psi_ij h_j], psi from nnmath (psi_i0 = theta'_i0 + theta'_i1 phi_0, psi_ij = theta'_i1 phi_j)."""
        if not names:
            return []
        first, second = (nnmath.PRESETS[name].factory() for name in names)
        psi = nnmath.psi(first, second)
        units = [f"h_{j + 1}" for j in range(psi.shape[1] - 1)]
        rows = [rf"h'_{i + 1} = \mathrm{{a}}[{affine_tex(psi[i, 0], psi[i, 1:], units)}]"
                for i in range(psi.shape[0])]
        caption = self.prose(f"{nnmath.PRESETS[names[0]].description} fed into "
                             f"{nnmath.PRESETS[names[1]].description}", size=LABEL, color=self.theme.muted)
        return [caption, *(self.tex(row, size=BODY) for row in rows)]

    def fit(self, content: VGroup, title: str) -> None:
        if content.height > TOP - BOTTOM or content.width > config.frame_width - 0.4:
            raise nnmath.ParameterError(
                f"the text slide {title!r} does not fit: its text is {content.height:.1f} units "
                f"high and {content.width:.1f} wide, the slide has {TOP - BOTTOM:.1f} by "
                f"{config.frame_width - 0.4:.1f}. Split it into two slides or shorten it "
                "(text is never shrunk below the size read from the back row)")


class Bullets(VGroup):
    """The bullet points of a slide, as one block."""

    def __init__(self, text) -> None:
        super().__init__(text)
