"""Render one scene class to a file with Manim's Cairo renderer, atomically and side by side.

- Atomic: the scene is rendered into a private hidden folder beside the output
  (``.NAME-XXXXXXXX``) and only the finished file is moved into place (``os.replace``), so a
  failed or interrupted render never leaves a half-written video where a good one was. The
  folder is removed on the way out; one left by a killed render (SIGKILL, a power cut) is
  removed by the next render into the same folder, once the lock its owner held is free.
- Side by side: the LaTeX and text glyphs compiled by one render are kept for the next in a
  shared cache (:func:`cache_dir`). Manim 0.21 writes that cache in place (a temporary
  ``<hash>_.svg`` beside each file it reads, ``.dvi``/``.log`` files that every render deletes
  for all the others, SVGs rewritten while another process reads them), so two renders at once
  break each other. :func:`shared_cache` replaces those steps: each render compiles in a
  private folder and moves finished files into the cache with one atomic rename, and never
  writes a file once it is there. A cache that cannot be written is read where it can be and
  otherwise bypassed (files are compiled into the render's own folder).
- GIFs are made from the finished MP4 in two streaming passes (palette, then frames), so
  memory stays at a few frames instead of the whole movie (Manim keeps every frame).
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import pickle
import re
import shutil
import subprocess
import tempfile
import time
import zlib
from contextlib import ExitStack, contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterator

import av
import av.filter
from manim import RIGHT, config, tempconfig

from nnlecture.files import cache_dir, write_cache_file
from nnlecture.lectures import QUALITY_LABELS
from scenes.common import THEMES

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no stale-folder detection
    fcntl = None

# CLI name -> (Manim quality preset, label used in file names)
QUALITIES: dict[str, tuple[str, str]] = {
    name: (preset, QUALITY_LABELS[name]) for name, preset in
    (("low", "low_quality"), ("medium", "medium_quality"), ("high", "high_quality"),
     ("4k", "fourk_quality"))
}
FORMATS = ("mp4", "webm", "gif", "png")
#: Held (flock) by the process that owns a private folder, for as long as it lives.
LOCK_NAME = ".nnlecture-owner"
#: A folder of the older, lock-less kind counts as abandoned when nothing in it changed for this long.
LEGACY_STALE_SECONDS = 3600


class TexError(RuntimeError):
    """LaTeX or dvisvgm failed on a formula; ``missing`` when the program is not installed."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


def output_name(name: str, theme: str, quality: str, fmt: str, step: str | None = None) -> str:
    """File name of a render, e.g. ``folding_light_1080p60.mp4`` (``..._1080p.png`` for a frame,
    ``folding_fold_light_1080p.png`` for the frame at the end of step ``fold``; ``slides`` for
    the folder of a scene's slides)."""
    label = QUALITIES[quality][1]
    if fmt == "png":
        label = label.split("p")[0] + "p"
    stem = f"{name}_{step}" if step else name
    return f"{stem}_{theme}_{label}" + ("" if fmt == "slides" else f".{fmt}")


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
    step: str | None = None,
    jobs: int = 1,
) -> tuple[Path, Any]:
    """Render ``scene_class(params=..., theme=...)``; return the written file and the scene.

    ``fmt`` ``png`` writes the last frame only, or with ``step`` the frame at the end of that
    step (the render stops there). ``slides`` writes a folder: manim-slides' presentation file
    (``slides.json``) with one video per step and its speaker notes. A movie (mp4, webm, gif)
    with ``jobs`` > 1 is rendered by that many processes sharing its animations
    (:func:`render_shared`): the same frames as one process, in less time on several cores. The
    scene object is returned so tests can compare what it drew with nnmath. Raises TexError when
    LaTeX fails or is missing.
    """
    if quality not in QUALITIES:
        raise ValueError(f"quality must be one of {', '.join(QUALITIES)}; got {quality!r}")
    if fmt not in (*FORMATS, "slides"):
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    if step is not None and fmt != "png":
        raise ValueError(f"a step is written as a frame (png), not as {fmt}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(out_dir)
    target = out_dir / output_name(name, theme, quality, fmt, step)
    with ExitStack() as stack:
        work = stack.enter_context(private_folder(out_dir, f".{name}-"))
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
            options.update(format="webm" if fmt == "webm" else "mp4")  # a GIF is made from the MP4
        # verbosity last: setting the format to webm logs two needless warnings before it
        options["verbosity"] = options.pop("verbosity")
        logging.getLogger("manim").setLevel(logging.ERROR)
        stack.enter_context(tempconfig(options))
        logging.getLogger("manim-slides").setLevel(logging.WARNING)  # it logs each file twice
        stack.enter_context(shared_cache(work))
        slides = work / "slides" if fmt == "slides" else None
        if jobs > 1 and fmt in ("mp4", "webm", "gif"):
            written, scene = render_shared(scene_class, params, theme, options, work, jobs)
            if fmt == "gif":
                mp4_to_gif(written, written.with_suffix(".gif"))
                written = written.with_suffix(".gif")
            replace(written, target)
            return target, scene
        scene = scene_class(params=params, theme=THEMES[theme], slides_folder=slides, stop_after=step)
        scene.render()
        if step is not None and not (scene.steps and scene.steps[-1].name == step):
            raise ValueError(f"the scene has no step {step!r}; its steps are: "
                             + ", ".join(s.name for s in scene.steps))
        if fmt == "slides":
            written = collect_slides(slides, scene)
        else:
            writer = scene.renderer.file_writer
            written = Path(writer.image_file_path if fmt == "png" else writer.movie_file_path)
        if not written.exists():
            raise RuntimeError(f"Manim reported {written} but wrote no file there")
        if fmt == "gif":
            gif = written.with_suffix(".gif")
            mp4_to_gif(written, gif)
            written = gif
        replace(written, target)
    return target, scene


# --- one scene, several processes --------------------------------------------------------------


def render_shared(scene_class: type, params: dict[str, Any], theme: str, options: dict[str, Any],
                  work: Path, jobs: int) -> tuple[Path, Any]:
    """Render a movie with ``jobs`` processes (this one and jobs - 1 forked from it) that share its
    animations (``scenes.video.SharedRenderer``): each runs the whole scene, plays the animations
    it claims first and skips the others; the partial movie files are then joined in order.
    Returns the joined movie in ``work`` and this process's scene object, whose ``shared_plays``
    are the numbers of animations each process played. Every process must see
    the same number of animations (a scene that is not deterministic fails here)."""
    import multiprocessing

    from scenes.video import SharedRenderer, claimed_parts, join_movies

    claims = work / "claims"
    claims.mkdir()
    # forked before anything is drawn (no encoder threads yet): a helper starts with this
    # process's imports and parameters instead of importing Manim again
    context = multiprocessing.get_context("fork")
    workers = []
    try:
        for number in range(1, jobs):
            media = work / f"share-{number}"
            media.mkdir()
            process = context.Process(target=_share, daemon=True, args=(
                scene_class, params, theme, {**options, "media_dir": str(media), "progress_bar": "none"},
                claims, os.getpid()))
            process.start()
            workers.append((process, media))
        scene = scene_class(params=params, theme=THEMES[theme], renderer=SharedRenderer(claims))
        scene.render()
        plays = scene.renderer.num_plays
        for process, media in workers:
            process.join()
            said = _share_result(media)
            if process.exitcode != 0 or "error" in said:
                raise RuntimeError(said.get("error") or f"a render process ended with exit code "
                                                         f"{process.exitcode} and no message")
            if said["plays"] != plays:
                raise RuntimeError(f"the scene played {plays} animations in one process and "
                                   f"{said['plays']} in another: it is not the same on every run")
    finally:
        for process, _ in workers:
            if process.is_alive():
                process.terminate()
                process.join(10)
                if process.is_alive():
                    process.kill()
                    process.join()
    movie = work / f"shared{config.movie_file_extension}"
    parts = claimed_parts(claims, plays, config.movie_file_extension)
    join_movies(parts, movie)
    scene.shared_plays = [sum(1 for part in parts if work / f"share-{number}" in part.parents)
                          for number in range(1, jobs)]
    scene.shared_plays.insert(0, plays - sum(scene.shared_plays))
    return movie, scene


def _share(scene_class: type, params: dict[str, Any], theme: str, options: dict[str, Any],
           claims: Path, parent: int) -> None:
    """A process of :func:`render_shared`: the scene with the shared renderer; what happened is
    written to ``result.json`` in its media folder (its number of animations, or the error)."""
    import signal

    from scenes.video import SharedRenderer

    # Ctrl-C reaches the whole process group: the first process stops its helpers (SIGTERM,
    # which ends them at once, not the parent's handlers it was forked with)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    media = Path(options["media_dir"])
    result: dict[str, Any]
    try:
        logging.getLogger("manim").setLevel(logging.ERROR)
        with tempconfig(options), shared_cache(media):
            scene = scene_class(params=params, theme=THEMES[theme],
                                renderer=SharedRenderer(claims, parent=parent))
            scene.render()
        result = {"plays": scene.renderer.num_plays}
    except Exception as error:  # reported by the first process, which raises it
        result = {"error": f"{type(error).__name__}: {error}"}
    (media / "result.json").write_text(json.dumps(result), encoding="utf-8")


def _share_result(media: Path) -> dict[str, Any]:
    try:
        return json.loads((media / "result.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


SLIDES_FILE = "slides.json"


def collect_slides(folder: Path, scene: Any) -> Path:
    """The slides manim-slides wrote in ``folder`` (``<Scene>.json`` and ``files/<Scene>/``),
    gathered into one folder that can be moved as a whole: ``slides.json`` names the videos by
    paths relative to it, and every step's name goes with its slide."""
    from manim_slides.config import PresentationConfig

    presentation = PresentationConfig.from_file(folder / f"{scene}.json")
    if len(presentation.slides) != len(scene.steps):
        raise RuntimeError(f"{scene} played {len(scene.steps)} steps but manim-slides made "
                           f"{len(presentation.slides)} slides")
    result = folder / "deck"
    result.mkdir()
    slides = []
    for number, (slide, record) in enumerate(zip(presentation.slides, scene.steps), start=1):
        video = f"{number:02d}_{record.name}{slide.file.suffix}"
        os.replace(slide.file, result / video)
        slides.append({"step": record.name, "file": video, "notes": slide.notes})
    document = {"scene": str(scene), "resolution": list(presentation.resolution),
                "background": str(presentation.background_color), "slides": slides}
    (result / SLIDES_FILE).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return result


def replace(source: Path, target: Path) -> None:
    """Move a finished file or folder into place; a folder that was there is swapped out in one
    rename and then removed, so the old one stays whole until the new one is in place."""
    if source.is_dir():
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.replace(target, old / "folder")
        os.replace(source, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(source, target)


# --- private folders and the ones killed renders leave ---------------------------------------


@contextmanager
def private_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new hidden folder ``parent/prefixXXXXXXXX``, removed on the way out.

    While it exists its owner holds an exclusive lock on ``LOCK_NAME`` inside it, so that
    :func:`remove_stale_folders` in another process can tell it from one whose owner died.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    lock = None
    try:
        if fcntl is not None:
            # lock under a temporary name, then rename: the lock file never exists unlocked
            handle = folder / f"{LOCK_NAME}.new"
            lock = open(handle, "w")
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            lock.write(f"{os.getpid()}\n")
            lock.flush()
            os.replace(handle, folder / LOCK_NAME)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if lock is not None:
            lock.close()


def remove_stale_folders(parent: Path) -> list[Path]:
    """Remove the private folders in ``parent`` that no live process owns; return them.

    A folder with a lock file is stale when its lock can be taken (its owner is gone); a folder
    of the older lock-less kind (``.NAME-XXXXXXXX`` holding Manim's ``videos``/``images``)
    when nothing in it changed for LEGACY_STALE_SECONDS. Never touches anything else.
    """
    removed = []
    try:
        children = [child for child in parent.iterdir() if child.name.startswith(".")]
    except OSError:
        return removed
    for child in children:
        try:
            if not child.is_dir() or child.is_symlink():
                continue
            if (child / LOCK_NAME).is_file():
                if fcntl is not None and _remove_if_unlocked(child):
                    removed.append(child)
            elif _legacy_stale(child):
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child)
        except OSError:
            continue  # another render removed it first, or it is not ours to read
    return removed


def _remove_if_unlocked(folder: Path) -> bool:
    with open(folder / LOCK_NAME, "r+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its owner is alive
        shutil.rmtree(folder, ignore_errors=True)  # while holding the lock: nobody else will
        return True


_LEGACY_NAME = re.compile(r"^\.[A-Za-z0-9_]+-[A-Za-z0-9_]{8}$")


def _legacy_stale(folder: Path) -> bool:
    if not _LEGACY_NAME.match(folder.name):
        return False
    names = {p.name for p in folder.iterdir()}
    if not names or not names <= {"videos", "images", "Tex", "texts"}:
        return False
    newest = max(p.stat().st_mtime for p in [folder, *folder.rglob("*")])
    return time.time() - newest > LEGACY_STALE_SECONDS


# --- the shared LaTeX and text cache ---------------------------------------------------------


@contextmanager
def shared_cache(work: Path) -> Iterator[None]:
    """While rendering, let Manim read and fill the cache in config's tex_dir and text_dir safely
    alongside other processes (see the module docstring); ``work`` is the render's private folder."""
    import manimpango
    from manim.mobject.svg import svg_mobject
    from manim.mobject.text import tex_mobject, text_mobject
    from manim.utils import tex_file_writing

    builds = _Builds(work)
    patches = [
        (tex_mobject, "tex_to_svg_file", lambda *a, **k: _tex_to_svg_file(builds, *a, **k)),
        (tex_file_writing, "tex_to_svg_file", lambda *a, **k: _tex_to_svg_file(builds, *a, **k)),
        (svg_mobject.SVGMobject, "generate_mobject", _generate_mobject),
        (svg_mobject.SVGMobject, "init_svg_mobject", _init_svg_mobject),
        (text_mobject.Text, "_text2svg", _text2svg(builds, text_mobject.Text._text2svg)),
        (text_mobject.MarkupText, "_text2svg", _text2svg(builds, text_mobject.MarkupText._text2svg)),
        (manimpango.PangoUtils, "remove_last_M", staticmethod(_remove_last_m)),
    ]
    saved = [(owner, attribute, owner.__dict__[attribute]) for owner, attribute, _ in patches]
    try:
        for owner, attribute, replacement in patches:
            setattr(owner, attribute, replacement)
        yield
    finally:
        for owner, attribute, original in saved:
            setattr(owner, attribute, original)
        builds.close()


class _Builds:
    """The render's private build folders: one inside each shared cache folder (so that a
    finished file is published by a rename on the same disk), or inside the render's own
    folder when the cache cannot be written."""

    def __init__(self, work: Path):
        self.work = work
        self.folders: dict[Path, Path] = {}
        self.stack = ExitStack()

    def folder(self, shared: Path) -> Path:
        if shared not in self.folders:
            try:
                shared.mkdir(parents=True, exist_ok=True)
                remove_stale_folders(shared)
                self.folders[shared] = self.stack.enter_context(private_folder(shared, ".build-"))
            except OSError:  # read-only or not ours: compile without keeping the result
                fallback = self.work / f"cache-{len(self.folders)}"
                fallback.mkdir()
                self.folders[shared] = fallback
        return self.folders[shared]

    def close(self) -> None:
        self.stack.close()


def _publish(made: Path, shared: Path) -> Path:
    """Move a finished file into the shared cache in one step; where that cannot be done
    (read-only cache), the render uses its private copy."""
    if made.parent.parent != shared.parent:  # built in the fallback folder
        return made
    try:
        os.replace(made, shared)
    except OSError:
        return made
    return shared


def _complete(svg: Path) -> bool:
    """An SVG in the cache that is whole (older Manim versions could leave half-written ones)."""
    try:
        with open(svg, "rb") as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 64))
            return b"</svg>" in handle.read()
    except OSError:
        return False


def _tex_to_svg_file(builds: _Builds, expression: str, environment: str | None = None,
                     tex_template=None) -> Path:
    """Manim's tex_to_svg_file, compiled in a private folder and published atomically."""
    from manim.utils.tex_file_writing import make_tex_compilation_command, tex_hash

    template = tex_template or config["tex_template"]
    code = (template.get_texcode_for_expression_in_env(expression, environment) if environment
            else template.get_texcode_for_expression(expression))
    name = tex_hash(code)
    shared = Path(config.get_dir("tex_dir")) / f"{name}.svg"
    if _complete(shared):
        return shared
    folder = builds.folder(shared.parent)
    tex = folder / f"{name}.tex"
    tex.write_text(code, encoding="utf-8")
    compilers = [template.tex_compiler] if isinstance(template.tex_compiler, str) else template.tex_compiler
    for compiler in compilers:
        command = make_tex_compilation_command(compiler, template.output_format, tex, folder)
        _run(command, compiler)
        if not tex.with_suffix(template.output_format).is_file():
            raise TexError(_tex_failure(tex.with_suffix(".log"), expression, compiler),
                           missing=_missing_package(tex.with_suffix(".log")))
    svg = tex.with_suffix(".svg")
    dvi = tex.with_suffix(template.output_format)
    _run(["dvisvgm", *(["--pdf"] if template.output_format == ".pdf" else []), "--page=1",
          "--no-fonts", "--verbosity=0", f"--output={svg.as_posix()}", dvi.as_posix()], "dvisvgm")
    if not _complete(svg):
        raise TexError(f"dvisvgm could not convert the compiled formula {_excerpt(expression)} to "
                       f"SVG (dvisvgm 2.4 or newer is needed)", missing=True)
    return _publish(svg, shared)


def _run(command: list[str], program: str) -> None:
    try:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        raise TexError(f"'{program}' is not installed (it typesets the formulas)", missing=True) from None


def _tex_failure(log: Path, expression: str, compiler: str) -> str:
    """What LaTeX said, from its log (which is removed with the build folder)."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    errors = [line[1:].strip() for line in lines if line.startswith("!")]
    said = f": {errors[0].rstrip('.')}" if errors else " (it wrote no error message)"
    return f"{compiler} could not typeset {_excerpt(expression)}{said}"


def _missing_package(log: Path) -> bool:
    try:
        return bool(re.search(r"^! LaTeX Error: File `[^']+\.(sty|cls)' not found",
                              log.read_text(encoding="utf-8", errors="replace"), re.M))
    except OSError:
        return False


def _excerpt(expression: str) -> str:
    """The start of a formula as written (without the group markers Manim wraps parts in)."""
    text = " ".join(re.sub(r"\\special\{dvisvgm:raw [^}]*\}", "", expression).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _text2svg(builds: _Builds, original):
    """Text._text2svg / MarkupText._text2svg: Pango writes into a private folder, the glyph
    file gets its final form (remove_last_M) there and is then published atomically."""

    def text2svg(self, color) -> str:
        shared = Path(config.get_dir("text_dir")) / f"{self._text2hash(color)}.svg"
        if _complete(shared):
            return str(shared)
        folder = builds.folder(shared.parent)
        saved = config["text_dir"]
        config["text_dir"] = str(folder)
        try:
            made = Path(original(self, color))
        finally:
            config["text_dir"] = saved
        _remove_last_m(str(made))
        return str(_publish(made, shared))

    return text2svg


def _remove_last_m(file_name: str) -> None:
    """manimpango's remove_last_M, but a file that needs no change is not rewritten (cached
    files never are), and a change is written to a private name and renamed into place."""
    path = Path(file_name)
    content = path.read_text()
    changed = re.sub(r'Z M [^A-Za-z]*? "\/>', 'Z "/>', content)
    if changed == content:
        return
    try:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".edit-", delete=False) as out:
            out.write(changed)
        os.chmod(out.name, path.stat().st_mode & 0o777)  # keep the mode (mkstemp makes 0600)
        os.replace(out.name, path)
    except OSError as error:
        if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise


#: Parsed formulas and texts of this process: key -> pickled (submobjects, id map).
_PARSED: dict[str, bytes] = {}
#: Part of the key of a parsed SVG: raise it when _generate_mobject changes what it makes.
PARSE_VERSION = 1


def _init_svg_mobject(self, use_svg_cache: bool):
    """SVGMobject.init_svg_mobject with the parsed SVG (the glyphs as Bezier curves) kept on
    disk beside the LaTeX cache, so a new render does not parse every formula again (39 of
    folding's took 1 s of a 6 s preview), and unpickled instead of deep-copied when it comes
    again in the same render (3 ms against 13 ms for a formula). The key is everything the
    result depends on: the SVG's bytes, the style and path settings, the class and versions."""
    if not use_svg_cache:
        return self.generate_mobject()
    key = _parsed_key(self)
    data = _PARSED.get(key) or _read_parsed(key)
    if data is not None:
        try:
            mobjects, mapping = pickle.loads(data)
        except Exception:  # noqa: BLE001 -- a damaged or outdated file: parse the SVG again
            data = None
        else:
            _PARSED[key] = data
            self.add(*mobjects)
            self.id_to_vgroup_dict = mapping
            return self
    self.generate_mobject()
    data = pickle.dumps((self.submobjects, self.id_to_vgroup_dict), protocol=pickle.HIGHEST_PROTOCOL)
    _PARSED[key] = data
    _write_parsed(key, data)
    return self


def _parsed_key(svg) -> str:
    import manim
    import svgelements

    digest = hashlib.sha256(Path(svg.get_file_path()).read_bytes())
    settings = (PARSE_VERSION, type(svg).__name__, svg.svg_default, svg.path_string_config,
                config.renderer, manim.__version__, getattr(svgelements, "SVGELEMENTS_VERSION", ""))
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def _parsed_file(key: str) -> Path:
    return cache_dir() / "parsed" / f"{key}.pickle"


def _read_parsed(key: str) -> bytes | None:
    try:
        return zlib.decompress(_parsed_file(key).read_bytes())
    except (OSError, zlib.error):
        return None


def _write_parsed(key: str, data: bytes) -> None:
    """Compressed: a quarter of the size; 0.3 ms a formula to unpack."""
    write_cache_file(_parsed_file(key), zlib.compress(data, 1))


def _generate_mobject(self):
    """SVGMobject.generate_mobject without the temporary ``<hash>_.svg`` it writes beside the
    cached file (and deletes, under any other render reading the same formula): the modified
    tree is parsed from memory."""
    import xml.etree.ElementTree as ET

    import svgelements as se

    tree = self.modify_xml_tree(ET.parse(self.get_file_path()))
    buffer = io.BytesIO()
    tree.write(buffer)
    buffer.seek(0)
    mobjects, mobject_dict = self.get_mobjects_from(se.SVG.parse(buffer))
    self.add(*mobjects)
    self.id_to_vgroup_dict = mobject_dict
    self.flip(RIGHT)  # flip y, as Manim does
    return self


# --- GIF ---------------------------------------------------------------------------------------


def mp4_to_gif(source: Path, target: Path) -> None:
    """Write ``source`` (a movie) as a GIF with one palette for the whole movie, as Manim's own
    GIF writer does (palettegen stats_mode=diff, paletteuse bayer dithering), but in two passes
    over the movie: memory holds a few frames, not all of them."""
    with av.open(str(source)) as movie:
        stream = movie.streams.video[0]
        graph = av.filter.Graph()
        frames = graph.add_buffer(template=stream)
        palettegen = graph.add("palettegen", "stats_mode=diff")
        frames.link_to(palettegen)
        palettegen.link_to(graph.add("buffersink"))
        graph.configure()
        for frame in movie.decode(stream):
            frames.push(frame)
            try:  # asking for output makes palettegen take the frame in (else frames queue up)
                graph.pull()
            except av.error.BlockingIOError:
                pass  # as expected: the palette comes at the end
        frames.push(None)
        palette = graph.pull()
    with av.open(str(source)) as movie, av.open(str(target), "w", format="gif") as gif:
        stream = movie.streams.video[0]
        rate = stream.guessed_rate or stream.average_rate
        out = gif.add_stream("gif", rate=rate)
        out.width, out.height, out.pix_fmt = stream.width, stream.height, "rgb8"
        graph = av.filter.Graph()
        frames = graph.add_buffer(template=stream)
        colours = graph.add_buffer(width=palette.width, height=palette.height, format=palette.format,
                                   time_base=palette.time_base)
        paletteuse = graph.add("paletteuse", "dither=bayer:bayer_scale=5:diff_mode=rectangle")
        frames.link_to(paletteuse, 0, 0)
        colours.link_to(paletteuse, 0, 1)
        paletteuse.link_to(graph.add("buffersink"))
        graph.configure()
        colours.push(palette)
        colours.push(None)
        source_base, tick = stream.time_base, 1 / Fraction(rate)

        def drain() -> None:
            while True:
                try:
                    frame = graph.pull()
                except (av.error.BlockingIOError, av.error.EOFError):
                    return
                # a frame keeps its time: held frames are stored once (scenes.video), so the
                # movie's frames are not evenly spaced
                frame.pts = round(frame.pts * source_base / tick)
                frame.time_base = tick
                gif.mux(out.encode(frame))

        for frame in movie.decode(stream):
            frames.push(frame)
            drain()
        frames.push(None)
        drain()
        gif.mux(out.encode())
