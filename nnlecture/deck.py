"""Build a lecture (``nnlecture.lectures``) into one deck: HTML, PDF handout and PPTX.

Every slide of the lecture file becomes a *part*: a scene (one video per step, from
manim-slides), a figure (SVG for the HTML, PNG for the rest) or a text slide (a still typeset
by LaTeX in the scenes' look). A part is built in its own process (``python render.py
deck-part``, with its own private media folder) and kept in the cache under a key made of
everything it is made from: the code it runs, its parameters (the parameter file's text),
theme, quality and the pinned versions. A later build reuses every part whose key is in the
cache, so a rebuild with nothing changed renders nothing.

The deck is then assembled from the parts: one self-contained HTML file (reveal.js and every
video and image inlined as data: URIs, not one http(s) link), a PDF handout (each slide's
final frame with its speaker notes under it) and a PPTX (the videos embedded, notes in the
notes pane). The three are written beside their targets and moved in together only when all
are complete, so a failed or interrupted build leaves the previous deck as it was.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import sys
import time
from base64 import b64encode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from nnlecture import lectures
from nnlecture.files import cache_dir, move_in_together, remove, temporary_beside
from nnlecture.parts import PART_FILE

ROOT = Path(__file__).resolve().parent.parent
REVEALJS_VERSION = "6.0.1"  # pinned in ./nnl, which installs it from the npm registry
OUTPUTS = ("html", "pdf", "pptx")
#: Versions that change what a part looks like (a new one re-renders every part).
PINNED = ("manim", "manim-slides", "matplotlib", "numpy", "pillow", "av")
#: The code every part of a kind runs, besides its own module (relative to the project).
SHARED_CODE = {
    "scene": ("scenes/common.py", "scenes/runner.py"),
    "text": ("scenes/common.py", "scenes/runner.py", "scenes/text_slide.py"),
    "figure": ("figures/style.py",),
    # an interactive page: its script and style, and the text slide that stands in for it
    "page": ("nnlecture/playground", "scenes/common.py", "scenes/runner.py", "scenes/text_slide.py"),
}
COMMON_CODE = ("nnmath", "nnlecture/palette.py", "nnlecture/files.py", "nnlecture/parts.py",
               "data")


class DeckError(RuntimeError):
    """A deck that could not be built; the message says what and what to do."""


# --- the parts of a lecture ------------------------------------------------------------------


@dataclass
class Part:
    """One slide of the lecture file as a unit of work; ``spec`` is what the worker needs."""

    slide: lectures.Slide
    spec: dict[str, Any]
    key: str
    status: str = "waiting"  # waiting, reused, building, built, failed
    seconds: float = 0.0
    error: str = ""

    @property
    def folder(self) -> Path:
        return parts_dir() / self.key


def parts_dir() -> Path:
    return cache_dir() / "deck-parts"


def plan(lecture: lectures.Lecture, quality: str) -> list[Part]:
    """The parts of ``lecture`` at ``quality``, each with its cache key."""
    versions = {name: _version(name) for name in PINNED}
    versions["python"] = ".".join(map(str, sys.version_info[:3]))
    parts = []
    for slide in lecture.slides:
        spec: dict[str, Any] = {"kind": "text" if slide.kind in ("title", "text") else slide.kind,
                                "theme": slide.theme, "quality": quality}
        code: list[str] = list(SHARED_CODE[spec["kind"]])
        if slide.kind in ("scene", "figure", "page"):
            entry = lectures.catalog.lookup(slide.name)
            module = entry.target.partition(":")[0]
            code.append(module.replace(".", "/") + ".py")
            spec.update(name=slide.name, options=dict(slide.options),
                        params_file=str(slide.params_file) if slide.params_file else None,
                        params_text=_read(slide.params_file) if slide.params_file else "")
        else:
            spec.update(page={"kind": slide.kind, "title": slide.title, "subtitle": slide.subtitle,
                              "bullets": list(slide.bullets), "equations": list(slide.equations),
                              "network": slide.network, "merged": list(slide.merged),
                              "order": list(slide.order)})
        digest = hashlib.sha256()
        digest.update(json.dumps({**spec, "versions": versions}, sort_keys=True).encode())
        for path in sorted({*code, *COMMON_CODE}):
            _hash_path(digest, ROOT / path)
        parts.append(Part(slide, spec, digest.hexdigest()[:20]))
    return parts


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _hash_path(digest: Any, path: Path) -> None:
    files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
        if path.is_dir() else [path] if path.is_file() else []
    for file in files:
        digest.update(str(file.relative_to(ROOT)).encode())
        digest.update(file.read_bytes())


# --- building the parts, in parallel processes -------------------------------------------------


def build_parts(parts: list[Part], jobs: int, report: Callable[[str], None],
                status: Callable[[str], None] | None = None, debug: bool = False,
                executor: Any = None) -> None:
    """Reuse the cached parts and build the others, each in its own process: ``jobs`` at a
    time on this machine, or on a Dask cluster (``executor``, see nnlecture.executors).

    ``report`` gets one line per part that finishes; ``status`` (a terminal) a line of what is
    running, every second. Ctrl-C stops every worker (they clean up their private folders) and
    is raised again here.
    """
    from nnlecture.executors import Local

    todo: list[Part] = []
    seen: dict[str, Part] = {}
    for part in parts:
        if (part.folder / PART_FILE).is_file():
            part.status = "reused"
        elif part.key in seen:  # the same scene twice in one lecture: build it once
            part.status = "same"
        else:
            seen[part.key] = part
            todo.append(part)
    # scenes first: they take minutes, text slides and figures seconds, so the short ones
    # fill the gaps at the end instead of the long ones starting last
    todo.sort(key=lambda part: part.spec["kind"] != "scene")
    parts_dir().mkdir(parents=True, exist_ok=True)
    runner = executor or Local(jobs)
    running: dict[Any, tuple[Part, float]] = {}
    finished = 0
    try:
        queue = list(todo)
        while queue or running:
            while queue and len(running) < runner.capacity:
                part = queue.pop(0)
                part.status = "building"
                job = runner.start(part.spec, part.folder, part.key, debug, part.spec["kind"] == "scene")
                running[job] = (part, time.monotonic())
            time.sleep(0.2)
            for job in list(running):
                outcome = runner.result(job)
                if outcome is None:
                    continue
                part, started = running.pop(job)
                part.seconds = time.monotonic() - started
                finished += 1
                ok, error, where = outcome
                on = f" on {where}" if where else ""
                if ok and (part.folder / PART_FILE).is_file():
                    part.status = "built"
                    report(f"[{finished}/{len(todo)}] built {part.slide.label} in {part.seconds:.1f} s{on}")
                else:
                    part.status = "failed"
                    part.error = error or "the worker wrote no part"
                    report(f"[{finished}/{len(todo)}] FAILED {part.slide.label}{on}: {part.error}")
            if status and running:
                now = time.monotonic()
                status("building " + ", ".join(f"{p.slide.label} {now - t:.0f} s"
                                                for p, t in running.values()))
    except BaseException:
        for job in running:
            runner.stop(job)
        raise
    finally:
        if executor is None:
            runner.close()
    for part in parts:
        if part.status == "same":
            part.status = seen[part.key].status if seen[part.key].status == "failed" else "reused"


# --- the deck ---------------------------------------------------------------------------------


@dataclass
class DeckSlide:
    """One slide of the finished deck."""

    kind: str  # video, image or page (an interactive HTML page)
    file: Path  # what the HTML shows (mp4, svg, png or html)
    still: Path  # a PNG of it (the handout; the PPTX picture of an image slide)
    poster: Path  # the PPTX poster of a video
    notes: str
    section: str
    label: str
    background: str


def slides_of(parts: Sequence[Part]) -> list[DeckSlide]:
    """The deck's slides, in order: every step of a scene, the lecture's notes first."""
    result = []
    for part in parts:
        document = json.loads((part.folder / PART_FILE).read_text(encoding="utf-8"))
        for number, slide in enumerate(document["slides"]):
            notes = "\n".join(n for n in ((part.slide.notes if number == 0 else ""), slide["notes"]) if n)
            label = part.slide.label + (f", step {slide['step']}" if "step" in slide else "")
            result.append(DeckSlide(slide["kind"], part.folder / slide["file"],
                                    part.folder / slide["still"], part.folder / slide["poster"],
                                    notes, part.slide.section, label, document["background"]))
    return result


def revealjs_dir() -> Path:
    """reveal.js as ./nnl setup installed it (from the npm registry) into the environment."""
    folder = Path(sys.prefix) / "share" / f"reveal.js-{REVEALJS_VERSION}" / "dist"
    if not (folder / "reveal.js").is_file():
        raise DeckError(f"reveal.js {REVEALJS_VERSION} is not installed in {sys.prefix} (it plays "
                        "the HTML deck offline); run './nnl setup', which installs it from the "
                        "npm registry")
    return folder


def write_html(slides: Sequence[DeckSlide], title: str, theme: str, target: Path) -> None:
    """One self-contained HTML file: reveal.js inlined, every video and image a data: URI."""
    reveal = revealjs_dir()
    css = (reveal / "reveal.css").read_text(encoding="utf-8")
    theme_css = (reveal / "theme" / ("black.css" if theme == "dark" else "white.css")).read_text(encoding="utf-8")
    script = (reveal / "reveal.js").read_text(encoding="utf-8")
    notes = (reveal / "plugin" / "notes.js").read_text(encoding="utf-8")
    sections = []
    for number, slide in enumerate(slides, start=1):
        data = data_uri(slide.file) if slide.kind != "page" else ""
        if slide.kind == "video":
            media = (f'<video class="nn-media" data-autoplay muted playsinline preload="auto" '
                     f'src="{data}"></video>')
        elif slide.kind == "page":  # live: the page's own HTML in an iframe, offline
            media = (f'<iframe class="nn-media" title="{html.escape(slide.label)}" '
                     f'srcdoc="{html.escape(slide.file.read_text(encoding="utf-8"))}"></iframe>')
        else:
            media = f'<img class="nn-media" alt="{html.escape(slide.label)}" src="{data}">'
        aside = f'<aside class="notes">{_notes_html(slide.notes)}</aside>' if slide.notes else ""
        sections.append(f'<section data-background-color="{slide.background}" '
                        f'data-nn-kind="{slide.kind}" data-nn-label="{html.escape(slide.label)}">'
                        f'{media}{aside}</section>')
    width, height = 1920, 1080
    page = HTML_TEMPLATE.format(
        title=html.escape(title), css=_no_urls(css), theme_css=_no_urls(theme_css),
        script=_inline_script(script), notes=_inline_script(notes), sections="\n".join(sections),
        width=width, height=height)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(page)
        handle.flush()
        os.fsync(handle.fileno())


def data_uri(path: Path) -> str:
    mime = {".mp4": "video/mp4", ".webm": "video/webm", ".svg": "image/svg+xml",
            ".png": "image/png"}[path.suffix]
    return f"data:{mime};base64,{b64encode(path.read_bytes()).decode('ascii')}"


def _notes_html(notes: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in notes.splitlines() if line.strip())


def _inline_script(code: str) -> str:
    """Script text safe inside <script>; the web addresses in reveal.js' comments and strings
    (its home page, marked's) are written ``https:\\/\\/`` (the same string to JavaScript), so
    the file holds no link at all."""
    return code.replace("</script", "<\\/script").replace("://", ":\\/\\/")


def _no_urls(css: str) -> str:
    """reveal.js' themes import web fonts from Google (@import url(https://...)): offline they
    cannot load, so they are dropped (the theme's fallback fonts are used)."""
    import re

    return re.sub(r"@import\s+url\([^)]*\)\s*;?", "", css)


HTML_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>{css}</style>
<style>{theme_css}</style>
<style>
.reveal .slides section {{ padding: 0; }}
.reveal .nn-media {{ position: absolute; left: 0; top: 0; width: {width}px; height: {height}px;
  object-fit: contain; margin: 0; max-width: none; max-height: none; border: 0; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
{sections}
</div></div>
<script>{script}</script>
<script>{notes}</script>
<script>
Reveal.initialize({{
  width: {width}, height: {height}, margin: 0, minScale: 0.1, maxScale: 4,
  center: false, controls: false, progress: true, slideNumber: "c/t", showSlideNumber: "speaker",
  hash: true,
  transition: "none", backgroundTransition: "none", autoPlayMedia: null,
  plugins: [RevealNotes]
}});
</script>
</body>
</html>
"""


def write_pdf(slides: Sequence[DeckSlide], title: str, theme: str, target: Path) -> None:
    """The handout: one A4 landscape page per slide, its final frame with its notes under it
    (on white paper, whatever the slides' theme)."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from PIL import Image

    with open(target, "wb") as handle:
        with PdfPages(handle, metadata={"Title": title, "Creator": "nnlecture",
                                        "CreationDate": None}) as pdf:
            for number, slide in enumerate(slides, start=1):
                fig = plt.figure(figsize=(11.69, 8.27))
                with Image.open(slide.still) as image:
                    picture = image.convert("RGB")
                ax = fig.add_axes([0.06, 0.30, 0.88, 0.66])
                ax.imshow(picture)
                ax.set_xticks([])
                ax.set_yticks([])
                for spine in ax.spines.values():  # the slide's edge, on a white page
                    spine.set_color("#767676")
                notes = "\n".join(textwrap.fill(_printable(line), 130)
                                  for line in slide.notes.splitlines() if line.strip()) or "(no notes)"
                fig.text(0.06, 0.27, notes, va="top", ha="left", fontsize=10, wrap=True)
                fig.text(0.06, 0.03, f"{title}: {slide.section}", fontsize=9, color="#444444")
                fig.text(0.94, 0.03, f"{number} / {len(slides)}", fontsize=9, ha="right",
                         color="#444444")
                pdf.savefig(fig)
                plt.close(fig)
        handle.flush()
        os.fsync(handle.fileno())


def _printable(line: str) -> str:
    """A note as Matplotlib can set it: its $...$ maths typeset when mathtext can, else shown
    as written (a note with LaTeX that mathtext lacks must not stop the handout)."""
    import io

    from matplotlib import mathtext

    if line.count("$") < 2:
        return line.replace("$", r"\$")
    try:
        mathtext.math_to_image(line, io.BytesIO(), format="png")
        return line
    except Exception:
        return line.replace("$", r"\$")


def write_pptx(slides: Sequence[DeckSlide], title: str, theme: str, target: Path) -> None:
    """A PowerPoint deck: each video embedded (played when its slide opens), each image as a
    picture, the notes in the notes pane (the theme is in the pictures themselves)."""
    import pptx
    from manim_slides.convert import _auto_play_pptx_media  # pinned manim-slides 5.7.0
    from pptx.util import Emu

    deck = pptx.Presentation()
    width, height = Emu(12192000), Emu(6858000)  # 16:9, 13.33 x 7.5 in
    deck.slide_width, deck.slide_height = width, height
    deck.core_properties.title = title
    layout = deck.slide_layouts[6]  # blank
    for slide in slides:
        page = deck.slides.add_slide(layout)
        if slide.kind == "video":
            movie = page.shapes.add_movie(str(slide.file), 0, 0, width, height,
                                          poster_frame_image=str(slide.poster), mime_type="video/mp4")
            _auto_play_pptx_media(movie)
        else:
            page.shapes.add_picture(str(slide.still), 0, 0, width, height)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    with open(target, "wb") as handle:
        deck.save(handle)
        handle.flush()
        os.fsync(handle.fileno())


WRITERS = {"html": write_html, "pdf": write_pdf, "pptx": write_pptx}


def assemble(slides: Sequence[DeckSlide], title: str, theme: str, stem: Path,
             outputs: Sequence[str]) -> list[Path]:
    """Write the deck's files beside their targets, then move them in together."""
    targets = {fmt: stem.with_name(f"{stem.name}.{fmt}") for fmt in outputs}
    temporaries: dict[Path, Path] = {}
    try:
        for fmt, target in targets.items():
            temporary = temporaries[target] = temporary_beside(target)
            WRITERS[fmt](slides, title, theme, temporary)
            os.chmod(temporary, 0o666 & ~_umask())
        if move_in_together(temporaries):
            raise KeyboardInterrupt
    finally:
        for temporary in temporaries.values():
            remove(temporary)
    return list(targets.values())


# --- a rebuild with nothing changed writes nothing ---------------------------------------------


def deck_key(parts: Sequence[Part], title: str, theme: str, outputs: Sequence[str]) -> str:
    """What the deck's files are made from: every part's key, the deck's title and theme, the
    formats and the writers' code (this module)."""
    digest = hashlib.sha256(json.dumps({"parts": [p.key for p in parts], "title": title,
                                        "theme": theme, "outputs": sorted(outputs)}).encode())
    _hash_path(digest, Path(__file__).resolve())
    return digest.hexdigest()


def _record_path(target: Path) -> Path:
    """Where the record of the deck written to ``target`` (a path stem) is kept: in the cache,
    named after the target's absolute path."""
    name = hashlib.sha256(str(Path(target).resolve()).encode()).hexdigest()[:20]
    return cache_dir() / "deck-builds" / f"{name}.json"


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def up_to_date(target: Path, key: str, outputs: Sequence[str]) -> list[Path]:
    """The deck's files when the ones written last time from the same ``key`` are all still
    there, untouched (same size and modification time); else []."""
    files = [target.with_name(f"{target.name}.{fmt}") for fmt in outputs]
    try:
        record = json.loads(_record_path(target).read_text(encoding="utf-8"))
        same = record["key"] == key and all(record["files"].get(str(f)) == _stamp(f) for f in files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
    return files if same else []


def remember(target: Path, key: str, files: Sequence[Path]) -> None:
    """Record what the deck's files were written from (atomically; a lost record only means
    the next build writes them again)."""
    record = _record_path(target)
    temporary = temporary_beside(record)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"key": key, "files": {str(f): _stamp(f) for f in files}}),
                             encoding="utf-8")
        os.replace(temporary, record)
    except OSError:
        remove(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- the build as a whole ----------------------------------------------------------------------


@dataclass
class Result:
    parts: list[Part]
    files: list[Path] = field(default_factory=list)
    slides: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[Part]:
        return [p for p in self.parts if p.status == "failed"]

    def table(self) -> str:
        """What was built, reused or failed, with times."""
        rows = [("part", "status", "time")]
        rows += [(p.slide.label, p.status, f"{p.seconds:.1f} s" if p.status in ("built", "failed")
                  else "-") for p in self.parts]
        width = [max(len(r[i]) for r in rows) for i in range(3)]
        lines = ["  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)) for row in rows]
        lines.insert(1, "  ".join("-" * w for w in width))
        counts = {s: sum(p.status == s for p in self.parts) for s in ("built", "reused", "failed")}
        lines.append(f"{counts['built']} built, {counts['reused']} reused, {counts['failed']} "
                     f"failed; {self.slides} slides; {self.seconds:.1f} s in all")
        return "\n".join(lines)


def build(lecture: lectures.Lecture, out: Path, quality: str | None = None, jobs: int = 1,
          outputs: Sequence[str] = OUTPUTS, report: Callable[[str], None] = print,
          status: Callable[[str], None] | None = None, debug: bool = False,
          stem: str | None = None, executor: Any = None) -> Result:
    """Build ``lecture`` into ``out``; the deck's files are written only if every part was.
    ``executor`` (nnlecture.executors) builds the parts elsewhere, e.g. on a Dask cluster."""
    return build_course([lecture], out, quality, jobs, outputs, report, status, debug,
                        [stem] if stem else None, executor)[0]


def build_course(course: Sequence[lectures.Lecture], out: Path, quality: str | None = None,
                 jobs: int = 1, outputs: Sequence[str] = OUTPUTS,
                 report: Callable[[str], None] = print, status: Callable[[str], None] | None = None,
                 debug: bool = False, stems: Sequence[str] | None = None,
                 executor: Any = None) -> list[Result]:
    """Build several lectures into ``out``, one deck each, their parts in one pool (a part two
    lectures share is built once). A deck's files are written only if all its parts were."""
    started = time.monotonic()
    stems = list(stems or [lecture.source.stem if lecture.source else "lecture" for lecture in course])
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise DeckError(f"two lectures would write the same deck ({', '.join(twice)}): lecture "
                        "files of one build need different names")
    plans = [(lecture, quality or lecture.quality) for lecture in course]
    plans = [(lecture, q, plan(lecture, q)) for lecture, q in plans]
    if "html" in outputs:
        revealjs_dir()  # before any work: a missing reveal.js is said at once
    everything = [part for _, _, parts in plans for part in parts]
    cached = [(p.folder / PART_FILE).is_file() for p in everything]
    build_count = len({p.key for p, done in zip(everything, cached) if not done})  # once each
    where = executor.describe() if executor is not None else f"{jobs} at a time"
    lectures_said = f"{len(course)} lectures, " if len(course) > 1 else ""
    report(f"{lectures_said}{len(everything)} lecture slides: {sum(cached)} reused from the cache, "
           f"{build_count} to build, {where}")
    build_parts(everything, jobs, report, status, debug, executor)
    results = []
    for (lecture, q, parts), name in zip(plans, stems):
        result = Result(parts)
        if not result.failed:
            slides = slides_of(parts)
            result.slides = len(slides)
            target = out / f"{name}_{lectures.QUALITY_LABELS[q]}"
            key = deck_key(parts, lecture.title, lecture.theme, outputs)
            result.files = up_to_date(target, key, outputs)
            if result.files:
                report(f"{target.name}: up to date, nothing changed since its files were written")
            else:
                result.files = assemble(slides, lecture.title, lecture.theme, target, outputs)
                remember(target, key, result.files)
        result.seconds = time.monotonic() - started
        results.append(result)
    return results
