"""One part of a deck, built in a worker process (``render.py deck-part``): a scene's slides
(one video per step, with its first and last frames), a figure (SVG and PNG), a text slide
(a PNG) or an interactive page (its HTML, with a text slide as its still), written with ``part.json`` into its cache folder. This code decides what a part looks
like, so it is part of every part's cache key (``deck.plan``); the deck's own writers are not.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from nnlecture import catalog
from nnlecture.files import remove

PART_FILE = "part.json"


def build_part(spec: dict[str, Any], target: Path) -> None:
    """What ``render.py deck-part`` does in the worker process: build one part into a private
    folder beside ``target``, then move it to ``target`` (the cache entry) in one rename.
    Raises nnmath.ParameterError and the renderer's errors for the caller to report."""
    from scenes.runner import LOCK_NAME, private_folder, remove_stale_folders, render_scene

    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(target.parent)  # what killed builds left
    with private_folder(target.parent, f".{target.name}-") as work:
        kind, theme, quality = spec["kind"], spec["theme"], spec["quality"]
        if kind == "scene":
            entry = catalog.lookup(spec["name"])
            params = entry.resolve_params(_params(spec), spec["options"])
            folder, _ = render_scene(entry.load(), entry.name, params, theme=theme,
                                     quality=quality, fmt="slides", out_dir=work / "render",
                                     progress=False)
            document = json.loads((folder / "slides.json").read_text(encoding="utf-8"))
            slides = []
            for slide in document["slides"]:
                video = folder / slide["file"]
                os.replace(video, work / slide["file"])
                still, poster = _frames(work / slide["file"], work)
                slides.append({"kind": "video", "file": slide["file"], "still": still,
                               "poster": poster, "notes": slide["notes"], "step": slide["step"]})
            resolution = document["resolution"]
        elif kind == "figure":
            from figures.style import save

            entry = catalog.lookup(spec["name"])
            params = entry.resolve_params(_params(spec), {})
            figure = entry.load()(params, theme=theme)
            save(figure, "figure", work, ("svg", "png"), theme=theme)
            slides = [{"kind": "image", "file": "figure.svg", "still": "figure.png",
                       "poster": "figure.png", "notes": ""}]
            resolution = _image_size(work / "figure.png")
        elif kind == "page":  # the page itself, and a text slide standing in for it
            from scenes.text_slide import TextSlide

            entry = catalog.lookup(spec["name"])
            params = entry.resolve_params(_params(spec), {})
            module = importlib.import_module(entry.target.partition(":")[0])
            made = module.deck_part(params, theme, work)
            still, _ = render_scene(TextSlide, "page", {
                "kind": "text", "title": made["title"], "bullets": made["bullets"],
                "order": ["bullets"]}, theme=theme, quality=quality, fmt="png",
                out_dir=work / "render", progress=False)
            os.replace(still, work / "still.png")
            slides = [{"kind": "page", "file": made["file"], "still": "still.png",
                       "poster": "still.png", "notes": made["notes"]}]
            resolution = _image_size(work / "still.png")
        else:
            from scenes.text_slide import TextSlide

            page, _ = render_scene(TextSlide, "page", spec["page"], theme=theme, quality=quality,
                                   fmt="png", out_dir=work / "render", progress=False)
            os.replace(page, work / "page.png")
            slides = [{"kind": "image", "file": "page.png", "still": "page.png",
                       "poster": "page.png", "notes": ""}]
            resolution = _image_size(work / "page.png")
        shutil.rmtree(work / "render", ignore_errors=True)
        from nnlecture.palette import THEMES

        (work / PART_FILE).write_text(json.dumps({
            "slides": slides, "resolution": list(resolution),
            "background": THEMES[theme].background}, indent=1), encoding="utf-8")
        try:
            os.rename(work, target)  # an empty or missing target only: a finished part stays
        except OSError:
            if not (target / PART_FILE).is_file():
                raise
            return  # another build finished the same part first: keep that one
        # the lock file went with the folder; private_folder's clean-up finds nothing left
        remove(target / LOCK_NAME)


def _params(spec: dict[str, Any]) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(spec["params_text"]) if spec.get("params_text") else {}


def _frames(video: Path, folder: Path) -> tuple[str, str]:
    """The last frame (the finished step: the handout's picture) and the first (the PPTX
    poster) of a video, as PNGs beside it; returns their names."""
    import av

    first = last = None
    with av.open(str(video)) as movie:
        for frame in movie.decode(movie.streams.video[0]):
            if first is None:
                first = frame.to_image()
            last = frame
    still, poster = video.with_suffix(".last.png"), video.with_suffix(".first.png")
    last.to_image().save(still)
    first.save(poster)
    return still.name, poster.name


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size
