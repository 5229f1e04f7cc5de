"""``render.py gallery``: one HTML page showing every scene and figure of the catalogue.

Each card has a thumbnail (a scene's final frame, a figure's PNG), for a scene a short clip
that loops (its longest step, at most CLIP_SECONDS of it), the one-line summary and the command
that makes it. The page is built from the same cached parts as the decks (``deck.build_parts``),
so a gallery after a deck of the same quality renders nothing new, and it is one
self-contained file (every image and clip inlined, no link).
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Callable

from nnlecture import catalog, deck, lectures
from nnlecture.files import move_in_together, remove, temporary_beside

CLIP_SECONDS = 8.0


def lecture(theme: str = "light", names: tuple[str, ...] = ()) -> lectures.Lecture:
    """Every scene and figure of the catalogue (or those named), with the book's values, as
    one lecture."""
    entries = [catalog.lookup(name) for name in names] if names else catalog.ENTRIES
    slides = [{"kind": entry.kind, "name": entry.name} for entry in entries]
    return lectures.parse({"title": "nnlecture gallery", "theme": theme,
                           "section": [{"title": "Gallery", "slide": slides}]})


def build(out: Path, quality: str = "low", theme: str = "light", jobs: int = 1,
          names: tuple[str, ...] = (), report: Callable[[str], None] = print,
          status: Callable[[str], None] | None = None) -> tuple[deck.Result, Path | None]:
    parts = deck.plan(lecture(theme, names), quality)
    deck.build_parts(parts, jobs, report, status)
    result = deck.Result(parts, slides=len(parts))
    if result.failed:
        return result, None
    target = out / f"gallery_{theme}_{lectures.QUALITY_LABELS[quality]}.html"
    temporary = temporary_beside(target)
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(page([card(part, quality, theme) for part in parts], theme))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        if move_in_together({target: temporary}):
            raise KeyboardInterrupt
    finally:
        remove(temporary)
    result.files = [target]
    return result, target


def card(part: deck.Part, quality: str, theme: str) -> str:
    entry = catalog.lookup(part.slide.name)
    document = json.loads((part.folder / deck.PART_FILE).read_text(encoding="utf-8"))
    slides = document["slides"]
    thumbnail = deck.data_uri(part.folder / slides[-1]["still"])
    command = f"python render.py {entry.name}" + (f" --theme {theme}" if theme != "light" else "")
    if entry.kind == "scene":
        clip = max(slides, key=lambda s: _seconds(part.folder / s["file"]))
        media = (f'<video autoplay loop muted playsinline preload="auto" poster="{thumbnail}" '
                 f'src="{deck.data_uri(_clip(part.folder / clip["file"]))}"></video>')
        extra = f"{len(slides)} steps: " + ", ".join(s["step"] for s in slides)
    else:
        media = f'<img alt="{html.escape(entry.name)}" src="{thumbnail}">'
        extra = "PDF, SVG and PNG" if entry.kind == "figure" else \
            f"one offline HTML file, {entry.name}.html (live in the HTML deck)"
    return (f'<figure class="card" data-name="{entry.name}">{media}<figcaption>'
            f'<h2>{html.escape(entry.name)} <span>{entry.kind}</span></h2>'
            f'<p>{html.escape(entry.summary)}</p><p class="extra">{html.escape(extra)}</p>'
            f'<code>{html.escape(command)}</code></figcaption></figure>')


def _seconds(video: Path) -> float:
    import av

    with av.open(str(video)) as movie:
        stream = movie.streams.video[0]
        return float(stream.duration * stream.time_base) if stream.duration else 0.0


def _clip(video: Path) -> Path:
    """The first CLIP_SECONDS of ``video`` (itself when shorter), beside it in the cache."""
    import av

    clip = video.with_suffix(".clip.mp4")
    if clip.is_file() or _seconds(video) <= CLIP_SECONDS:
        return clip if clip.is_file() else video
    temporary = temporary_beside(clip)
    try:
        with av.open(str(video)) as source, av.open(str(temporary), "w", format="mp4") as target:
            stream = source.streams.video[0]
            out = target.add_stream("libx264", rate=stream.average_rate)
            out.width, out.height, out.pix_fmt = stream.width, stream.height, "yuv420p"
            for frame in source.decode(stream):
                if frame.time is not None and frame.time >= CLIP_SECONDS:
                    break
                frame.pts = None
                target.mux(out.encode(frame))
            target.mux(out.encode())
        os.replace(temporary, clip)
    finally:
        remove(temporary)
    return clip


def page(cards: list[str], theme: str) -> str:
    from nnlecture.palette import THEMES

    t = THEMES[theme]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nnlecture gallery</title>
<style>
body {{ background: {t.background}; color: {t.text}; font-family: sans-serif; margin: 2em; }}
h1 {{ font-weight: normal; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 2em; }}
.card {{ margin: 0; }}
.card video, .card img {{ width: 100%; aspect-ratio: 16 / 9; object-fit: contain;
  border: 1px solid {t.muted}; }}
.card h2 {{ font-size: 1.2em; margin: 0.4em 0 0.2em; }}
.card h2 span, .card .extra {{ color: {t.muted}; font-weight: normal; font-size: 0.85em; }}
.card p {{ margin: 0.2em 0; }}
code {{ font-size: 0.95em; }}
</style></head>
<body><h1>nnlecture: every scene and figure</h1>
<p>Each scene is a storyboard of steps (each a slide in a deck); each figure is written as PDF,
SVG and PNG. Run a command from the folder of <code>render.py</code>.</p>
<div class="grid">
{chr(10).join(cards)}
</div></body></html>
"""
