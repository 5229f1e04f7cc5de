"""Lecture files: the order of a lecture's slides, in TOML (``python render.py deck --example``).

A lecture file names its sections and, in each, its slides, one of four kinds:

- ``title``: the lecture's or a section's title page (``title``, ``subtitle``);
- ``text``: a heading with bullet lines and typeset equations (``bullets``, ``equations``, LaTeX
  without the dollars), optionally the equation of one of the book's networks with its numbers
  (``network = "fig3_3"``, a name from nnmath's presets) and the merged layer of two composed
  networks with its numbers (``merged = ["fig4_1_net1", "fig4_1_net2"]``: psi from nnmath);
- ``scene``: one of the scenes (``name``), every step of it a slide with its speaker notes;
- ``figure``: one of the figures (``name``), as a vector image;
- ``page``: one of the interactive pages (``name``, e.g. ``playground``), live in the HTML deck
  (a still describing it in the PDF handout and the PPTX).

Scenes and figures take ``params`` (a parameter file, relative to the lecture file), ``theme``
and, for scenes with variants, ``options`` (e.g. ``{ activation = "sigmoid" }``). Every slide
takes ``notes``: the lecturer's own words, before a scene's step notes. This module reads and
checks a file; it imports neither Manim nor Matplotlib.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nnmath
from nnlecture import catalog

KINDS = ("title", "text", "scene", "figure", "page")
THEMES = ("light", "dark")
#: --quality -> the label in file names (480 lines at 15 frames per second, ...)
QUALITY_LABELS = {"low": "480p15", "medium": "720p30", "high": "1080p60", "4k": "2160p60"}
QUALITIES = tuple(QUALITY_LABELS)
#: What each kind of slide accepts, besides ``kind`` and ``notes``.
KEYS = {
    "title": {"title", "subtitle", "theme"},
    "text": {"title", "bullets", "equations", "network", "merged", "theme"},
    "scene": {"name", "params", "theme", "options"},
    "figure": {"name", "params", "theme"},
    "page": {"name", "params", "theme"},
}
#: A lecture of more slides than this is the wrong file (a lecture has a few dozen).
MAX_SLIDES = 500
MAX_TEXT = 2000  # characters of one bullet, equation or note

DEFAULT_LECTURE = Path(__file__).resolve().parent.parent / "lectures" / "deep_networks.toml"


class LectureError(ValueError):
    """A lecture file that cannot be built: what is wrong, where, and how to fix it."""


@dataclass(frozen=True)
class Slide:
    """One entry of a lecture file; a scene becomes as many slides as it has steps."""

    kind: str
    section: str
    theme: str
    notes: str = ""
    title: str = ""
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    equations: tuple[str, ...] = ()
    network: str | None = None
    merged: tuple[str, ...] = ()  # two networks: the merged layer's psi with their numbers
    order: tuple[str, ...] = ()  # of bullets, equations, network, merged: as in the file
    name: str | None = None  # scene or figure
    params: dict[str, Any] = field(default_factory=dict)  # resolved (defaults + file + options)
    params_file: Path | None = None
    options: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """How the build's progress and table name this slide."""
        if self.kind in ("scene", "figure", "page"):
            variant = "".join(f" {k}={v}" for k, v in self.options)
            return f"{self.name}{variant} ({self.theme})"
        return f"{self.kind} '{self.title}'"


@dataclass(frozen=True)
class Lecture:
    title: str
    subtitle: str
    theme: str
    quality: str
    slides: tuple[Slide, ...]
    source: Path | None = None


def load(path: Path | None = None) -> Lecture:
    """Read and check a lecture file (default: the deep-networks lecture)."""
    path = Path(path) if path is not None else DEFAULT_LECTURE
    try:
        if path.is_dir():
            raise LectureError(f"{path} is a folder; give a lecture file (.toml)")
        data = path.read_bytes()
    except OSError as error:
        raise LectureError(f"cannot read the lecture file {path}: {error.strerror or error}") from None
    if len(data) > 1 << 20:
        raise LectureError(f"{path} is {len(data):,} bytes; a lecture file is a few kB. Check the file.")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise LectureError(f"{path} is not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LectureError(f"{path} is not valid TOML: {error}. "
                           "'python render.py deck --example' prints a lecture file") from None
    return parse(table, path)


def parse(table: dict[str, Any], path: Path | None = None) -> Lecture:
    where = f" in {path}" if path else ""
    unknown = set(table) - {"title", "subtitle", "theme", "quality", "section"}
    if unknown:
        raise LectureError(f"unknown key(s) {', '.join(sorted(unknown))}{where}; a lecture file has "
                           "title, subtitle, theme, quality and [[section]] tables")
    title = _text(table.get("title", "Lecture"), "title", where)
    theme = _choice(table.get("theme", "light"), THEMES, "theme", where)
    quality = _choice(table.get("quality", "high"), QUALITIES, "quality", where)
    sections = table.get("section", [])
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        raise LectureError(f"'section'{where} must be a list of [[section]] tables")
    slides: list[Slide] = []
    base = path.parent if path else Path.cwd()
    for number, section in enumerate(sections, start=1):
        heading = _text(section.get("title", f"Section {number}"), f"section {number} title", where)
        extra = set(section) - {"title", "slide"}
        if extra:
            raise LectureError(f"unknown key(s) {', '.join(sorted(extra))} in section {heading!r}"
                               f"{where}; a section has a title and [[section.slide]] tables")
        entries = section.get("slide", [])
        if not isinstance(entries, list) or not all(isinstance(s, dict) for s in entries):
            raise LectureError(f"the slides of section {heading!r}{where} must be [[section.slide]] tables")
        for index, entry in enumerate(entries, start=1):
            slides.append(_slide(entry, heading, theme, base, f"slide {index} of section {heading!r}{where}"))
            if len(slides) > MAX_SLIDES:
                raise LectureError(f"more than {MAX_SLIDES} slides{where}; split the lecture")
    if not slides:
        raise LectureError(f"no slides{where}: add [[section]] tables with [[section.slide]] entries")
    return Lecture(title, _text(table.get("subtitle", ""), "subtitle", where), theme, quality,
                   tuple(slides), path)


def _slide(entry: dict[str, Any], section: str, theme: str, base: Path, where: str) -> Slide:
    kind = entry.get("kind")
    if kind not in KINDS:
        raise LectureError(f"{where}: 'kind' must be one of {', '.join(KINDS)}; got {kind!r}")
    extra = set(entry) - KEYS[kind] - {"kind", "notes"}
    if extra:
        raise LectureError(f"{where}: a {kind} slide does not take {', '.join(sorted(extra))}; it "
                           f"takes {', '.join(sorted(KEYS[kind] | {'notes'}))}")
    common = dict(kind=kind, section=section, notes=_text(entry.get("notes", ""), "notes", where),
                  theme=_choice(entry.get("theme", theme), THEMES, "theme", where))
    if kind == "title":
        return Slide(title=_text(entry.get("title", section), "title", where),
                     subtitle=_text(entry.get("subtitle", ""), "subtitle", where), **common)
    if kind == "text":
        network = entry.get("network")
        if network is not None and network not in nnmath.PRESETS:
            raise LectureError(f"{where}: network {network!r} is not one of the book's networks "
                               f"({', '.join(sorted(nnmath.PRESETS))})")
        merged = _texts(entry.get("merged", []), "merged", where)
        if merged and (len(merged) != 2 or not set(merged) <= set(nnmath.PRESETS)):
            raise LectureError(f"{where}: merged must name two of the book's networks, the first "
                               f"fed into the second, e.g. [\"fig4_1_net1\", \"fig4_1_net2\"]; "
                               f"got {list(merged)}")
        return Slide(title=_text(entry.get("title", ""), "title", where),
                     bullets=_texts(entry.get("bullets", []), "bullets", where),
                     equations=_texts(entry.get("equations", []), "equations", where),
                     network=network, merged=merged,
                     order=tuple(k for k in entry if k in ("bullets", "equations", "network", "merged")),
                     **common)
    name = entry.get("name")
    try:
        item = catalog.lookup(str(name))
    except LookupError as error:
        raise LectureError(f"{where}: {error}") from None
    if item.kind != kind:
        raise LectureError(f"{where}: {name!r} is a {item.kind}, not a {kind}; use kind = \"{item.kind}\"")
    params_file = None
    table: dict[str, Any] = {}
    if "params" in entry:
        params_file = base / _text(entry["params"], "params", where)
        table = _params_table(params_file, where)
    options = entry.get("options", {})
    if not isinstance(options, dict):
        raise LectureError(f"{where}: options must be a table, e.g. {{ activation = \"sigmoid\" }}")
    for option, value in options.items():
        if option not in item.options:
            raise LectureError(f"{where}: {name} has no option {option!r}"
                               f" (it has: {', '.join(item.options) or 'none'})")
        if value not in item.options[option].presets:
            raise LectureError(f"{where}: {option} must be one of "
                               f"{', '.join(sorted(item.options[option].presets))}; got {value!r}")
    try:
        params = item.resolve_params(table, dict(options))
    except nnmath.ParameterError as error:
        raise LectureError(f"{where}: bad parameter{' in ' + str(params_file) if params_file else ''}: "
                           f"{error}") from None
    return Slide(name=item.name, params=params, params_file=params_file,
                 options=tuple(sorted(options.items())), **common)


def _params_table(path: Path, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LectureError(f"{where}: cannot read the parameter file {path}: "
                           f"{error.strerror or error}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LectureError(f"{where}: the parameter file {path} is not UTF-8 TOML: {error}") from None


def _text(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str):
        raise LectureError(f"{where}: {key} must be text in quotes; got {value!r}")
    if len(value) > MAX_TEXT:
        raise LectureError(f"{where}: {key} is {len(value):,} characters; at most {MAX_TEXT:,} fit a slide")
    return value


def _texts(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise LectureError(f"{where}: {key} must be a list of texts, e.g. [\"one\", \"two\"]; got {value!r}")
    return tuple(_text(v, key, where) for v in value)


def _choice(value: Any, choices: tuple[str, ...], key: str, where: str) -> str:
    if value not in choices:
        raise LectureError(f"{key}{where} must be one of {', '.join(choices)}; got {value!r}")
    return value


EXAMPLE = '''\
# A lecture for 'python render.py deck THIS_FILE': sections of slides, presented in this order.
# Paths (params) are relative to this file. Every slide takes notes = "..." (speaker notes).
title = "Deep neural networks"
subtitle = "Understanding Deep Learning, chapter 4"
theme = "light"        # light or dark: the default of every slide
quality = "high"       # low, medium, high (1080p60) or 4k; --quality overrides it

[[section]]
title = "Recap: shallow neural networks"

  [[section.slide]]
  kind = "title"
  title = "Deep neural networks"
  subtitle = "From composing two shallow networks to the general case"

  [[section.slide]]
  kind = "text"
  title = "A shallow network"
  bullets = ["Each hidden unit clips a line at its joint; the output weights and adds them."]
  equations = ['y = \\phi_0 + \\sum_{d=1}^{D} \\phi_d\\, \\mathrm{a}[\\theta_{d0} + \\theta_{d1} x]']
  network = "fig3_3"     # adds this network's equation with its numbers
  notes = "Recall the build-up: lines, clipped, weighted, summed."

  [[section.slide]]
  kind = "scene"
  name = "joints"                          # every step of the scene is a slide
  # options = { activation = "sigmoid" }   # the scene's variants
  # params = "my_joints.toml"              # 'python render.py params joints' prints one

[[section]]
title = "Composing two networks"

  [[section.slide]]
  kind = "scene"
  name = "folding"
  theme = "dark"

  [[section.slide]]
  kind = "figure"
  name = "region_maps"

  # [[section.slide]]
  # kind = "page"                          # live in the HTML deck, a still in PDF and PPTX
  # name = "playground"
'''
