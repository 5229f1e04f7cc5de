"""Render one scene class to a file with Manim's Cairo renderer, atomically.

The scene is rendered into a private temporary folder beside the output and only the finished
file is moved into place (``os.replace``), so a failed or interrupted render never leaves a
half-written video where a good one was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from manim import tempconfig

from scenes.common import THEMES

# CLI name -> (Manim quality preset, label used in file names)
QUALITIES: dict[str, tuple[str, str]] = {
    "low": ("low_quality", "480p15"),
    "medium": ("medium_quality", "720p30"),
    "high": ("high_quality", "1080p60"),
    "4k": ("fourk_quality", "2160p60"),
}
FORMATS = ("mp4", "gif", "png")


def cache_dir() -> Path:
    """Where compiled LaTeX and text glyphs are kept between renders (keyed by content hash)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnlecture"


def output_name(name: str, theme: str, quality: str, fmt: str) -> str:
    """File name of a render, e.g. ``folding_light_1080p60.mp4`` (``..._1080p.png`` for a frame)."""
    label = QUALITIES[quality][1]
    if fmt == "png":
        label = label.split("p")[0] + "p"
    return f"{name}_{theme}_{label}.{fmt}"


def render_scene(
    scene_class: type,
    name: str,
    params: dict[str, Any],
    *,
    theme: str = "light",
    quality: str = "high",
    fmt: str = "mp4",
    out_dir: Path,
    progress: bool = True,
) -> tuple[Path, Any]:
    """Render ``scene_class(params=..., theme=...)``; return the written file and the scene.

    ``fmt`` ``png`` writes the last frame only. The scene object is returned so tests can compare
    what it drew with nnmath.
    """
    if quality not in QUALITIES:
        raise ValueError(f"quality must be one of {', '.join(QUALITIES)}; got {quality!r}")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / output_name(name, theme, quality, fmt)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out_dir))
    options = {
        "quality": QUALITIES[quality][0],
        "media_dir": str(work),
        "disable_caching": True,
        "verbosity": "WARNING",
        "progress_bar": "display" if progress else "none",
        "background_color": THEMES[theme].background,
        "output_file": name,
        # LaTeX is the slow part of a render: reuse compiled formulas across renders
        "tex_dir": str(cache_dir() / "Tex"),
        "text_dir": str(cache_dir() / "texts"),
    }
    if fmt == "png":
        options.update(save_last_frame=True, write_to_movie=False)
    else:
        options.update(format=fmt)
    try:
        with tempconfig(options):
            scene = scene_class(params=params, theme=THEMES[theme])
            scene.render()
            writer = scene.renderer.file_writer
            attribute = {"png": "image_file_path", "gif": "gif_file_path", "mp4": "movie_file_path"}[fmt]
            written = Path(getattr(writer, attribute))
        if not written.is_file():
            raise RuntimeError(f"Manim reported {written} but wrote no file there")
        os.replace(written, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target, scene
