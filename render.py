"""nnlecture's front door: ``python render.py list``, ``python render.py SCENE [options]``.

A thin click layer over ``nnlecture.catalog.ENTRIES``: every entry becomes a sub-command with
the same options. User mistakes (unknown scene, bad option, bad parameter file) print what was
expected, what was received and how to fix it, and exit non-zero without a traceback.
"""

from __future__ import annotations

import sys

#: What ``python render.py`` needs before anything else can run (checked without importing).
REQUIRED_PYTHON = (3, 11)  # Manim 0.21 needs 3.11
REQUIRED_PACKAGES = ("click", "numpy", "matplotlib", "manim")


def project_python_problem(version: tuple[int, ...] = tuple(sys.version_info[:3]),
                           missing: list[str] | None = None, args: list[str] | None = None) -> str | None:
    """The paragraph to print when this Python cannot run nnlecture (too old, or without the
    project's packages, e.g. the system Python in a fresh clone); None when it can."""
    import importlib.util
    import os
    import shlex

    folder = os.path.dirname(os.path.abspath(__file__))
    here = os.path.relpath(folder)
    here = "" if here == "." else folder if here.startswith("..") else here
    nnl = os.path.join(here or ".", "nnl")
    command = shlex.join([nnl, "render", *(sys.argv[1:] if args is None else args)])
    if tuple(version) < REQUIRED_PYTHON:
        return (f"nnlecture needs Python {'.'.join(map(str, REQUIRED_PYTHON))} or newer (Manim 0.21 "
                f"does); this is Python {'.'.join(map(str, version))} ({sys.executable}). Run "
                f"'{command}' instead: it checks the Python it uses and says what to install.")
    if missing is None:
        missing = [name for name in REQUIRED_PACKAGES if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    activate = f"source {os.path.join(here, '.venv', 'bin', 'activate')}"
    if os.path.isfile(os.path.join(folder, ".venv", "bin", "python")):
        other = f"activate the environment './nnl setup' made ('{activate}') and run this again"
    else:
        other = f"install them once with '{nnl} setup', then '{activate}' and run this again"
    return (f"this Python ({sys.executable}) does not have nnlecture's packages (missing: "
            f"{', '.join(missing)}). Either run '{command}', which installs them into .venv the "
            f"first time, or {other}.")


if __name__ == "__main__":
    import signal as _signal

    def _quit_while_starting(signum, frame):  # Ctrl-C while importing: nothing to clean up yet
        sys.stderr.write("Error: interrupted while starting; nothing was written\n")
        import os as _os
        _os._exit(130)

    _signal.signal(_signal.SIGINT, _quit_while_starting)
    _problem = project_python_problem()
    if _problem:
        sys.stderr.write(f"Error: {_problem}\n")
        sys.exit(1)

import errno  # noqa: E402  (after the check above, which must run with no packages)
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import tomllib  # noqa: E402
import traceback  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Iterator, NamedTuple  # noqa: E402

import click  # noqa: E402

from nnlecture import catalog  # noqa: E402
from nnlecture.slots import Entry  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
QUALITY_CHOICES = ("low", "medium", "high", "4k")
FORMAT_CHOICES = ("mp4", "webm", "gif", "png")
THEME_CHOICES = ("light", "dark")
FIGURE_FORMATS = ("pdf", "svg", "png")
#: The default number of processes sharing one movie (each holds the whole scene in memory).
SHARED_JOBS = 4


#: A parameter file is a few hundred bytes; anything this large is the wrong file.
MAX_PARAMS_BYTES = 1 << 20
EXAMPLE_FILE = ("Parameter files look like '[net1]\\ntheta = [[2, 2], [0, 5.33]]\\nphi = [-1, 1, -1]'; "
                "'python render.py params SCENE' prints a complete example.")


def load_params_file(path: Path | None) -> dict[str, Any]:
    """The parsed TOML parameter file, or {} when none was given; every problem with the file
    itself (missing, huge, not UTF-8, not TOML) is a ClickException naming the file."""
    if path is None:
        return {}
    try:
        if path.exists() and not path.is_file():  # /dev/zero would be read for ever
            kind = "a folder" if path.is_dir() else "not a regular file"
            raise click.ClickException(f"the parameter file {path} is {kind}; give a .toml file.")
        size = path.stat().st_size
        if size > MAX_PARAMS_BYTES:
            raise click.ClickException(
                f"the parameter file {path} is {size:,} bytes; parameter files are a few hundred "
                f"bytes (at most {MAX_PARAMS_BYTES:,}). Check that you passed the right file.")
        data = path.read_bytes()
    except OSError as error:
        raise click.ClickException(
            f"cannot read the parameter file {path}: {error.strerror or error}") from None
    try:
        return tomllib.loads(params_text(data, path))
    except tomllib.TOMLDecodeError as error:
        raise click.ClickException(f"{path} is not valid TOML: {error}. {EXAMPLE_FILE}") from None
    except (RecursionError, ValueError) as error:  # lists nested 1000 deep; a 5000-digit number
        what = "lists nested too deeply" if isinstance(error, RecursionError) else \
            "a number with thousands of digits"
        raise click.ClickException(f"{path} is not a parameter file: it holds {what}. "
                                   f"{EXAMPLE_FILE}") from None


def params_text(data: bytes, path: Path) -> str:
    """The text of a parameter file: UTF-8 (a UTF-8 byte-order mark is dropped); any other
    encoding is a ClickException naming the byte, its position and how to re-save the file."""
    save = "save it as UTF-8 (in most editors: Save as..., Encoding: UTF-8) and try again"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:100].count(b"\x00") > 10:
        raise click.ClickException(
            f"{path} is UTF-16 text (what Windows Notepad calls 'Unicode'), not UTF-8; {save}.")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        byte = data[start]
        guess = data[start:start + 1].decode("cp1252", errors="replace")
        seen = (f" ('{guess}' in Latin-1/Windows-1252, the likely encoding of the file)"
                if guess.isprintable() and guess != "\ufffd" else "")
        raise click.ClickException(
            f"{path} is not UTF-8 text: byte 0x{byte:02x}{seen} at byte {start} (line {line}, "
            f"column {column}) is not valid UTF-8; {save}, or delete that character."
        ) from None


def resolve_params(entry: Entry, params_file: Path | None,
                   choices: dict[str, str] | None = None) -> dict[str, Any]:
    """The entry's parameters: defaults, the parameter file, the variant options; checked."""
    import nnmath

    table = load_params_file(params_file)
    where = f" in {params_file}" if params_file else ""
    try:
        with numpy_warnings_as_errors():
            return entry.resolve_params(table, choices)
    except nnmath.ParameterError as error:
        raise click.ClickException(f"bad parameter{where}: {error}") from None
    except RuntimeWarning as error:  # a limit computing with numbers the checks let through
        raise click.ClickException(f"bad parameter{where}: computing with these numbers went "
                                   f"wrong ({error}); use smaller numbers.") from None


def check_step(entry: Entry, step: str | None, fmt: str) -> None:
    """--step: a frame (png) of a step the scene has; checked before any work."""
    if step is None:
        return
    if fmt != "png":
        raise click.UsageError(f"--step writes the frame at the end of a step: use it with "
                               f"--format png (got --format {fmt}).")
    from scenes.common import step_base, step_methods

    names = step_methods(entry.load())
    if step_base(step) not in names:
        raise click.UsageError(f"{entry.name} has no step {step!r}; its steps, in order: "
                               f"{', '.join(names)} (a step played again is NAME_2, NAME_3, ...).")


def render_entry(entry: Entry, quality: str, fmt: str, theme: str,
                 params_file: Path | None, out: Path, debug: bool,
                 choices: dict[str, str] | None = None, step: str | None = None,
                 jobs: int = 1) -> None:
    import nnmath

    params = resolve_params(entry, params_file, choices)
    check_writable(out)
    check_step(entry, step, fmt)
    what = f"the end of step {step}" if step else fmt
    click.echo(f"Rendering {entry.name} ({quality} quality, {what}, {theme} theme) ...", err=True)
    try:
        with stop_on_signals(), numpy_warnings_as_errors():
            from scenes.runner import render_scene

            # Manim's per-animation progress bars only help in a terminal; in a log they are noise
            path, scene = render_scene(entry.load(), entry.name, params, theme=theme, quality=quality,
                                       fmt=fmt, out_dir=out, progress=sys.stderr.isatty(), step=step,
                                       jobs=jobs)
    except nnmath.ParameterError as error:  # what the scene found: its data, not the file's syntax
        raise click.ClickException(f"{entry.name} cannot be drawn: {error}") from None
    except ValueError as error:
        if step is None or "has no step" not in str(error):
            raise
        raise click.ClickException(f"{entry.name} {error} (with these parameters); no file was "
                                   "written.") from None
    except Stopped as stop:
        raise Interrupted(f"stopped by {stop.name}; no file was written", 128 + stop.signum) from None
    except KeyboardInterrupt:
        raise Interrupted("interrupted; no file was written", 130) from None
    except Exception as error:  # a failure inside Manim, LaTeX or ffmpeg, a full disk, ...
        if debug:
            traceback.print_exc()
        raise click.ClickException(failure_text(f"rendering {entry.name}", error, out)) from None
    shares = getattr(scene, "shared_plays", None)
    if shares:
        click.echo(f"{len(shares)} processes played {' + '.join(map(str, shares))} = {sum(shares)} "
                   "animations", err=True)
    click.echo(str(path))


class Interrupted(click.ClickException):
    """Ctrl-C or a signal: the message, and the shell's exit code for it (128 + signal)."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it unwinds (and cleans up)
    exactly as after Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Stopped; a second one while stopping takes the
    default action (ends the process at once; the next render removes what it leaves)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]

    def stop(signum, frame):
        for s in wanted:
            signal.signal(s, signal.SIG_DFL)
        raise Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def numpy_warnings_as_errors() -> Iterator[None]:
    """NumPy's RuntimeWarnings (overflow, invalid value, division by zero) raised as errors
    while nnmath, the scenes and the figures compute, instead of printed while a wrong picture
    is drawn; Manim's own are left alone (they concern its geometry, not our numbers)."""
    import warnings

    with warnings.catch_warnings():
        for module in ("nnmath", "scenes", "figures", "nnlecture"):
            warnings.filterwarnings("error", category=RuntimeWarning, module=rf"{module}(\.|$)")
        yield


def check_writable(out: Path) -> None:
    """The output folder exists (or is made) and takes a file: checked before any work."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=".write-test-", dir=out)
        os.rmdir(probe)
    except OSError as error:
        raise click.ClickException(
            f"cannot write into the output folder {out}: {error.strerror or error}. Choose another "
            f"folder with --out, or fix its permissions.") from None


def failure_text(what: str, error: BaseException, out: Path) -> str:
    """One paragraph for a failed render: what went wrong in the user's terms, and what to do."""
    from scenes.runner import TexError

    if isinstance(error, TexError):
        fix = ("'./nnl setup' installs LaTeX and dvisvgm" if error.missing else
               "check the text of that formula (a parameter shown in it may be too long)")
        return f"{what} failed: {str(error).rstrip('.')}. No file was written; {fix}."
    if isinstance(error, RuntimeWarning):  # numpy_warnings_as_errors
        return (f"{what} failed: computing with these numbers went wrong ({error}). No file was "
                f"written; use smaller numbers in the parameter file.")
    if isinstance(error, MemoryError):
        return (f"{what} ran out of memory. No file was written; use smaller parameters or a "
                f"lower --quality.")
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return (f"{what} failed: the disk holding {error.filename or out} is full. No file was "
                f"written; free some space or choose another --out.")
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"{what} failed: cannot write {error.filename or out} ({error.strerror}). No file "
                f"was written; choose another --out.")
    return (f"{what} failed: {type(error).__name__}: {str(error).rstrip('.')}. No file was "
            f"written. Re-run with --debug for the full traceback.")


def out_folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    """--out: a folder name; an empty one is refused rather than read as the current folder."""
    if not value.strip():
        raise click.BadParameter(
            "needs a folder name, got an empty one. Leave --out out to write into out/ beside "
            "render.py, or give a folder, e.g. --out slides.")
    return Path(value)


def out_option(help_text: str):
    """The --out option of every command that writes files."""
    return click.option("--out", type=click.Path(file_okay=False), default=str(DEFAULT_OUT),
                        callback=out_folder, show_default="out/ beside render.py", help=help_text)


def build_figure(entry: Entry, theme: str, params_file: Path | None, out: Path,
                 formats: tuple[str, ...], debug: bool, pass_interrupt: bool = False,
                 echo: bool = True) -> list[Path]:
    """Draw one figure and write all its formats together (printing their paths if ``echo``);
    errors become ClickExceptions that say which files were and were not written. Ctrl-C becomes
    one too, or, with ``pass_interrupt``, a ``figures.style.Interrupted`` (whose ``written``
    lists the files) for the caller to report."""
    import nnmath

    params = resolve_params(entry, params_file)
    check_writable(out)
    name = f"{entry.name}_{theme}"
    try:
        from figures.style import Interrupted, SaveError, save, written_text

        with numpy_warnings_as_errors():
            figure = entry.load()(params, theme=theme)
        paths = save(figure, name, out, formats, theme=theme)
    except nnmath.ParameterError as error:  # what the drawing found: its data, not the file's syntax
        raise click.ClickException(f"{entry.name} cannot be drawn: {error}") from None
    except RuntimeWarning as error:  # numpy_warnings_as_errors
        raise click.ClickException(failure_text(f"drawing {entry.name}", error, out)) from None
    except SaveError as error:
        if debug:
            traceback.print_exc()
        raise click.ClickException(f"{entry.name}: {error}") from None
    except KeyboardInterrupt as error:
        if not isinstance(error, Interrupted):  # while drawing: nothing was written
            error = Interrupted([], [out / f"{name}.{fmt}" for fmt in formats
                                     if (out / f"{name}.{fmt}").is_file()])
        if pass_interrupt:
            raise error from None
        if error.written:
            click.echo("\n".join(str(p) for p in error.written))
            raise click.ClickException(f"interrupted just after all {len(error.written)} files of "
                                       f"{entry.name} were written.") from None
        raise click.ClickException(f"interrupted while drawing {entry.name}. "
                                   f"{written_text([], error.kept)}") from None
    except Exception as error:
        if debug:
            traceback.print_exc()
        kept = [out / f"{name}.{fmt}" for fmt in formats if (out / f"{name}.{fmt}").is_file()]
        raise click.ClickException(
            f"drawing {entry.name} failed: {type(error).__name__}: {str(error).rstrip('.')}. "
            f"{written_text([], kept)} Re-run with --debug for the full traceback."
        ) from None
    for path in paths if echo else ():
        click.echo(str(path))
    return paths


def figure_command(entry: Entry) -> click.Command:
    """The sub-command that draws one figure."""

    @click.command(name=entry.name, help=entry.summary)
    @click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
    @click.option("--format", "formats", type=click.Choice(FIGURE_FORMATS), multiple=True,
                  help="Repeat for several; default: pdf, svg and png.")
    @click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
                  default=None, help="TOML file overriding the figure's parameters.")
    @out_option("Folder for the output files.")
    @click.option("--debug", is_flag=True, help="Show the full traceback when drawing fails.")
    def command(theme, formats, params_file, out, debug) -> None:
        build_figure(entry, theme, params_file, out, formats or FIGURE_FORMATS, debug)

    return command


def build_page(entry: Entry, theme: str, params_file: Path | None, out: Path, debug: bool) -> Path:
    """Write one page (``out/NAME.html``, atomically); errors become ClickExceptions."""
    import nnmath

    params = resolve_params(entry, params_file)
    check_writable(out)
    try:
        with stop_on_signals(), numpy_warnings_as_errors():
            path = entry.load()(params, theme, out)
    except nnmath.ParameterError as error:
        raise click.ClickException(f"{entry.name} cannot be written: {error}") from None
    except (Stopped, KeyboardInterrupt):
        raise Interrupted(f"interrupted; {entry.name}.html was not written", 130) from None
    except Exception as error:
        if debug:
            traceback.print_exc()
        raise click.ClickException(failure_text(f"writing {entry.name}", error, out)) from None
    click.echo(str(path))
    return path


def page_command(entry: Entry) -> click.Command:
    """The sub-command that writes one page."""

    @click.command(name=entry.name, help=entry.summary)
    @click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
    @click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
                  default=None, help="TOML file overriding the page's parameters "
                  "(see 'python render.py params NAME').")
    @out_option("Folder for NAME.html.")
    @click.option("--debug", is_flag=True, help="Show the full traceback when writing fails.")
    def command(theme, params_file, out, debug) -> None:
        build_page(entry, theme, params_file, out, debug)

    return command


def entry_command(entry: Entry) -> click.Command:
    """The sub-command that renders one catalog entry."""
    if entry.kind == "figure":
        return figure_command(entry)
    if entry.kind == "page":
        return page_command(entry)

    @click.command(name=entry.name, help=entry.summary)
    @click.option("--quality", type=click.Choice(QUALITY_CHOICES), default="high", show_default=True,
                  help="480p15, 720p30, 1080p60 or 2160p60.")
    @click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="mp4",
                  show_default=True, help="webm for web pages; png writes the last frame only "
                  "(or, with --step, the frame at the end of that step).")
    @click.option("--step", default=None, metavar="NAME",
                  help="With --format png: the frame at the end of this storyboard step "
                  "('python render.py steps NAME' lists them).")
    @click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True,
                  help="light: white background and the book's palette; dark: Manim's look.")
    @click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
                  default=None, help="TOML file overriding the scene's parameters "
                  "(see 'python render.py params NAME').")
    @click.option("--jobs", type=click.IntRange(1, 64), default=min(os.cpu_count() or 1, SHARED_JOBS),
                  show_default=f"the number of cores, at most {SHARED_JOBS}",
                  help="Processes that share the movie's animations (the same frames as one; each "
                  "builds the whole scene, so more than a few only adds memory).")
    @out_option("Folder for the output file.")
    @click.option("--debug", is_flag=True, help="Show the full traceback when rendering fails.")
    def command(quality: str, fmt: str, step: str | None, theme: str, params_file: Path | None,
                jobs: int, out: Path, debug: bool, **choices: str) -> None:
        render_entry(entry, quality, fmt, theme, params_file, out, debug, choices, step, jobs)

    for name, variant in entry.options.items():
        command = click.option(f"--{name}", type=click.Choice(sorted(variant.presets)), default=None,
                               help=variant.help)(command)
    return command


class CatalogGroup(click.Group):
    """A group whose sub-commands are the fixed ones plus one per catalog entry."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(super().list_commands(ctx)) + [e.name for e in catalog.ENTRIES]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        fixed = super().get_command(ctx, name)
        if fixed is not None:
            return fixed
        entry = catalog.BY_NAME.get(name)
        return entry_command(entry) if entry else None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            try:
                catalog.lookup(name)
            except LookupError as error:
                raise click.UsageError(str(error), ctx) from None
        return super().resolve_command(ctx, args)


@click.group(cls=CatalogGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Render the lecture's animations and figures. Start with 'python render.py list'."""


@cli.command(name="list")
def list_entries() -> None:
    """Print every scene, figure and page with a one-line description."""
    for title, entries in (("Scenes", catalog.scenes()), ("Figures", catalog.figures()),
                           ("Pages", catalog.pages())):
        click.echo(f"{title}:")
        if not entries:
            click.echo("  (none yet)")
        width = max((len(e.name) for e in entries), default=0)
        for e in entries:
            click.echo(f"  {e.name:<{width}}  {e.summary}")


@cli.command(name="figures")
@click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
@out_option("Folder for the output files.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
              show_default="the number of cores", help="Figures drawn at the same time.")
@click.option("--debug", is_flag=True, help="Show the full traceback when drawing fails.")
def all_figures(theme: str, out: Path, jobs: int, debug: bool) -> None:
    """Rebuild every figure of the lecture as PDF, SVG and PNG, with the book's values.

    Each figure's three files are replaced together or not at all; Ctrl-C stops at once.
    """
    from nnlecture.forks import STARTED, run_claimed

    entries = catalog.figures()
    check_writable(out)
    if jobs > 1:  # the workers are forks of this process: import what every figure needs once
        for entry in entries:  # (three import their scene's module, and so Manim: 1.2 s)
            try:
                entry.load()
            except Exception:  # noqa: BLE001 -- the worker drawing it says what is wrong
                pass
    targets = [[out / f"{e.name}_{theme}.{fmt}" for fmt in FIGURE_FORMATS] for e in entries]
    before = [[file_identity(t) for t in files] for files in targets]
    with stop_on_signals():  # SIGTERM, SIGHUP: as Ctrl-C, passed on to the workers
        outcomes = run_claimed(len(entries), jobs,
                               lambda i: figure_outcome(entries[i], theme, out, debug, echo=jobs == 1),
                               stops=lambda outcome: outcome.end == "interrupted")
    for i, outcome in enumerate(outcomes):
        if outcome == STARTED:  # Ctrl-C came between its files and its report: look at them
            now = [file_identity(t) for t in targets[i]]
            written = all(n is not None and n != b for n, b in zip(now, before[i]))
            outcomes[i] = FigureOutcome("interrupted",
                                        [str(t) for t in targets[i]] if written else [], "",
                                        [] if written else [str(t) for t, n in zip(targets[i], now) if n])
        elif jobs > 1 and outcome is not None:  # what the workers did not print themselves
            for path in outcome.written:
                click.echo(path)
            if outcome.error:
                click.echo(f"Error: {outcome.error}", err=True)
    done = [e.name for e, o in zip(entries, outcomes) if o is not None and o.written]
    failed = [e.name for e, o in zip(entries, outcomes) if o is not None and o.end == "failed"]
    interrupted = [(e.name, o) for e, o in zip(entries, outcomes)
                   if o is not None and o.end == "interrupted"]
    if interrupted:
        from figures.style import written_text

        now = [f"just after {name} was written" if o.written else
               f"while drawing {name}: {written_text([], [Path(p) for p in o.kept]).rstrip('.')}"
               for name, o in interrupted]
        rest = [e.name for e, o in zip(entries, outcomes) if o is None]
        raise click.ClickException(
            f"interrupted {'; '.join(now)}. Written: {', '.join(done) or 'none'}. "
            f"Not drawn: {', '.join(rest) or 'none'}."
            + (f" Failed: {', '.join(failed)}." if failed else ""))
    if None in outcomes:  # a worker died (killed, out of memory) and the others stopped
        missing = [e.name for e, o in zip(entries, outcomes) if o is None]
        raise click.ClickException(f"a worker process stopped before drawing {', '.join(missing)}; "
                                   f"written: {', '.join(done) or 'none'}. Run again with --jobs 1.")
    if failed:
        raise click.ClickException(f"{len(failed)} figure(s) failed: {', '.join(failed)} "
                                   f"(their earlier files are unchanged); written: "
                                   f"{', '.join(done) or 'none'}.")


def file_identity(path: Path) -> tuple[int, int] | None:
    """(inode, modification time) of a file, None if there is none: a file moved into place
    since has another."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns


class FigureOutcome(NamedTuple):
    """How one figure of ``figures`` ended (done, failed or interrupted), the files written,
    the error and the earlier files kept."""
    end: str
    written: list[str]
    error: str
    kept: list[str]


def figure_outcome(entry: Entry, theme: str, out: Path, debug: bool,
                   echo: bool = True) -> FigureOutcome:
    """Draw one figure of ``figures``. With ``echo`` its lines are printed here."""
    click.echo(f"Drawing {entry.name} ...", err=True)
    try:
        paths = build_figure(entry, theme, None, out, FIGURE_FORMATS, debug, pass_interrupt=True,
                             echo=echo)
        return FigureOutcome("done", [str(p) for p in paths], "", [])
    except click.ClickException as error:
        if echo:
            click.echo(f"Error: {error.message}", err=True)
        return FigureOutcome("failed", [], error.message, [])
    except KeyboardInterrupt as error:
        return FigureOutcome("interrupted", [str(p) for p in getattr(error, "written", [])], "",
                             [str(p) for p in getattr(error, "kept", [])])


@cli.group(name="train")
def train() -> None:
    """Run the training experiments whose results figures and scenes draw."""


@train.command(name="depth")
@click.option("--mode", type=click.Choice(["quick", "book"]), default="quick", show_default=True,
              help="quick: a larger learning rate, epoch axis rescaled (minutes); book: lr 0.0025 "
              "until 0 % error, as in UDL Fig. 20.2 (52 min measured on 2 cores).")
@out_option("Folder for checkpoints and the result.")
@click.option("--restart", is_flag=True, help="Delete this mode's checkpoints and start afresh.")
@click.option("--workers", type=click.IntRange(1, 4), default=2, show_default=True,
              help="Processes, one model each, one BLAS thread each.")
@click.option("--max-epochs", type=click.IntRange(1, None), default=None,
              help="Stop every model here (a smoke test); default: until 0 % error.")
def train_depth(mode: str, out: Path, restart: bool, workers: int, max_epochs: int | None) -> None:
    """MNIST-1D with random labels: 1-4 hidden layers, percent error per epoch (UDL Fig. 20.2).

    Resumable: Ctrl-C (or SIGTERM, SIGHUP) checkpoints the models that are training and says
    how to continue; a second Ctrl-C quits at once. Without a terminal (nohup, a log file) it
    prints a status line when a model starts or ends, and every 30 s.
    """
    import contextlib
    import re
    import shlex
    import time

    import nnmath
    from experiments import depth

    resume = ["python", "render.py", "train", "depth", "--mode", mode]
    if out != DEFAULT_OUT:
        resume += ["--out", str(out)]
    if workers != 2:
        resume += ["--workers", str(workers)]
    if max_epochs is not None:
        resume += ["--max-epochs", str(max_epochs)]
    interactive = sys.stderr.isatty()
    bar = (click.progressbar(length=1, label=f"depth ({mode})", show_pos=True, width=30,
                             file=sys.stderr) if interactive else contextlib.nullcontext())
    shown = {"done": 0, "kinds": None, "at": 0.0}

    def report(done: int, total: int, message: str) -> None:
        if interactive:
            bar.length = max(int(total), 1)
            bar.update(int(done) - shown["done"], current_item=message)
            shown["done"] = int(done)
            return
        kinds = re.sub(r"[\d.,]+", "", message)  # which model is waiting, training, done
        if kinds != shown["kinds"] or time.monotonic() - shown["at"] > 30:
            click.echo(f"depth ({mode}) [{100 * done / max(total, 1):5.1f}%] {message}", err=True)
            shown.update(kinds=kinds, at=time.monotonic())

    def notify(line: str) -> None:
        click.echo(("\n" if interactive else "") + line, err=True)

    path = None
    try:
        with bar:
            path = depth.run(mode, out, progress=report, resume=not restart, workers=workers,
                             max_epochs=max_epochs, notify=notify)
    except nnmath.ParameterError as error:
        raise click.ClickException(str(error)) from None
    except depth.TrainingStopped as stopped:
        click.echo(stopped.describe(shlex.join(resume)), err=True)
        raise click.exceptions.Exit(stopped.exit_code) from None
    except KeyboardInterrupt:  # before the run began, or after it wrote its result
        click.echo(f"Stopped by Ctrl-C after writing {path}." if path else
                   "Stopped by Ctrl-C before any training began; nothing was written.", err=True)
        raise click.exceptions.Exit(130) from None
    click.echo(str(path))


def entry_named(name: str) -> Entry:
    """The catalogue entry NAME, or a usage error that suggests the closest names."""
    try:
        return catalog.lookup(name)
    except LookupError as error:
        raise click.UsageError(str(error)) from None


@cli.command(name="params")
@click.argument("name")
def print_params(name: str) -> None:
    """Print NAME's parameters (the book's values) as a TOML file to edit and pass with --params."""
    entry = entry_named(name)
    click.echo(entry.example_params(), nl=False)


# --- slides and decks ---------------------------------------------------------------------------

DECK_OUTPUTS = ("html", "pdf", "pptx")


def jobs_option(function):
    return click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
                        show_default="the number of cores",
                        help="Scenes and figures built at the same time, each in its own process.")(function)


def build_deck(course: list, out: Path, quality: str | None, jobs: int, outputs: tuple[str, ...],
               debug: bool, stems: list[str] | None = None, executor: str = "local",
               scheduler: str | None = None) -> None:
    """Build lectures (nnlecture.lectures.Lecture), a deck each, with progress on stderr and
    the closing tables; a failed part or Ctrl-C exits non-zero and leaves the previous decks
    untouched."""
    from nnlecture import deck, executors

    check_writable(out)
    interactive = sys.stderr.isatty()
    width = shutil.get_terminal_size((100, 20)).columns - 1

    def report(line: str) -> None:
        click.echo(("\r" + " " * width + "\r" if interactive else "") + line, err=True)

    def status(line: str) -> None:
        click.echo("\r" + line[:width].ljust(width), nl=False, err=True)

    runner = None
    try:
        with stop_on_signals():
            runner = executors.make(executor, jobs, scheduler)
            results = deck.build_course(course, out, quality=quality, jobs=jobs, outputs=outputs,
                                        report=report, status=status if interactive else None,
                                        debug=debug, stems=stems, executor=runner)
    except (deck.DeckError, executors.ExecutorError) as error:
        raise click.ClickException(str(error)) from None
    except Stopped as stop:
        raise Interrupted(f"stopped by {stop.name}; the workers were stopped and the previous "
                          "deck is unchanged (finished scenes stay in the cache)", 128 + stop.signum) from None
    except KeyboardInterrupt:
        raise Interrupted("interrupted; the workers were stopped and the previous deck is "
                          "unchanged (finished scenes stay in the cache)", 130) from None
    except Exception as error:
        if debug:
            traceback.print_exc()
        raise click.ClickException(failure_text("building the deck", error, out)) from None
    finally:
        if runner is not None:
            runner.close()
    for result in results:
        click.echo(result.table(), err=True)
    failed = [(lecture, result) for lecture, result in zip(course, results) if result.failed]
    for lecture, result in failed:
        click.echo(f"Error: {lecture.title}: {len(result.failed)} of {len(result.parts)} part(s) "
                   f"failed ({', '.join(p.slide.label for p in result.failed)}; the reasons are "
                   "above). Its deck was not written, the previous one is unchanged; the parts "
                   "that were built are kept for the next run.", err=True)
    if failed:
        raise click.exceptions.Exit(1)
    for result in results:
        for path in result.files:
            click.echo(str(path))


@cli.command(name="deck")
@click.argument("lecture_files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--example", is_flag=True, help="Print a documented lecture file to start from, and stop.")
@click.option("--quality", type=click.Choice(QUALITY_CHOICES), default=None,
              help="Overrides the lecture file's quality (default there: high).")
@click.option("--to", "outputs", type=click.Choice(DECK_OUTPUTS), multiple=True,
              help="Repeat for several; default: html, pdf and pptx.")
@jobs_option
@click.option("--executor", type=click.Choice(("local", "dask")), default="local", show_default=True,
              help="local: --jobs processes on this machine; dask: the workers of the Dask "
              "scheduler at --scheduler (they must see this folder and the cache at the same paths).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --executor dask: the scheduler's address, e.g. tcp://login1:8786.")
@out_option("Folder for the deck's files.")
@click.option("--debug", is_flag=True, help="Show full tracebacks when something fails.")
def make_deck(lecture_files: tuple[Path, ...], example: bool, quality: str | None,
              outputs: tuple[str, ...], jobs: int, executor: str, scheduler: str | None,
              out: Path, debug: bool) -> None:
    """Build lectures as offline decks: LECTURE_FILES (default: the deep-networks lecture); several
    files are a course, their parts built in one pool.

    Writes NAME_QUALITY.html (self-contained: plays offline, present with the arrow keys, S for
    the speaker notes), .pdf (a handout: each slide with its notes) and .pptx (videos embedded).
    Scenes and figures whose inputs have not changed since the last build are reused.
    """
    from nnlecture import lectures

    if example:
        click.echo(lectures.EXAMPLE, nl=False)
        return
    try:
        course = [lectures.load(path) for path in lecture_files] or [lectures.load(None)]
    except lectures.LectureError as error:
        raise click.ClickException(str(error)) from None
    build_deck(course, out, quality, jobs, outputs or DECK_OUTPUTS, debug, executor=executor,
               scheduler=scheduler)


@cli.command(name="slides")
@click.argument("name")
@click.option("--to", "outputs", type=click.Choice(DECK_OUTPUTS), multiple=True,
              help="Repeat for several; default: html.")
@click.option("--quality", type=click.Choice(QUALITY_CHOICES), default="high", show_default=True)
@click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
@click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="TOML file overriding the scene's parameters.")
@out_option("Folder for the deck's files.")
@click.option("--debug", is_flag=True, help="Show full tracebacks when something fails.")
def make_slides(name: str, outputs: tuple[str, ...], quality: str, theme: str,
                params_file: Path | None, out: Path, debug: bool) -> None:
    """Build one scene as a deck: every storyboard step a slide with its speaker notes."""
    from nnlecture import lectures

    entry = entry_named(name)
    if entry.kind != "scene":
        raise click.UsageError(f"{name} is a {entry.kind}; 'slides' builds a scene's steps. "
                               f"Make it with 'python render.py {name}'.")
    slide = {"kind": "scene", "name": name, "theme": theme}
    if params_file is not None:
        slide["params"] = str(params_file.resolve())
    try:
        lecture = lectures.parse({"title": entry.summary, "theme": theme, "quality": quality,
                                  "section": [{"title": name, "slide": [slide]}]})
    except lectures.LectureError as error:
        raise click.ClickException(str(error)) from None
    build_deck([lecture], out, quality, 1, outputs or ("html",), debug, stems=[f"{name}_{theme}_slides"])


@cli.command(name="steps")
@click.argument("name")
def list_steps(name: str) -> None:
    """Print a scene's storyboard steps (each a slide; --step NAME renders its last frame)."""
    entry = entry_named(name)
    if entry.kind != "scene":
        raise click.UsageError(f"{name} is a {entry.kind}, which has no steps.")
    from scenes.common import step_methods

    for step in step_methods(entry.load()):
        click.echo(step)


@cli.command(name="gallery")
@click.argument("names", nargs=-1)
@click.option("--quality", type=click.Choice(QUALITY_CHOICES), default="low", show_default=True)
@click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
@jobs_option
@out_option("Folder for gallery_THEME_QUALITY.html.")
def make_gallery(names: tuple[str, ...], quality: str, theme: str, jobs: int, out: Path) -> None:
    """One HTML page: every scene and figure (or the NAMES given) with a thumbnail, a looping
    clip, its summary and the command that makes it (built from the same cache as the decks)."""
    from nnlecture import gallery

    for name in names:
        entry_named(name)
    check_writable(out)
    try:
        with stop_on_signals():
            result, path = gallery.build(out, quality, theme, jobs, names,
                                         report=lambda line: click.echo(line, err=True))
    except (Stopped, KeyboardInterrupt):
        raise Interrupted("interrupted; no gallery was written (finished parts stay in the "
                          "cache)", 130) from None
    click.echo(result.table(), err=True)
    if path is None:
        raise click.ClickException(f"{len(result.failed)} part(s) failed; no gallery was written.")
    click.echo(str(path))


@cli.command(name="deck-part", hidden=True)
@click.argument("spec_file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True)
def deck_part(spec_file: Path, target: Path, debug: bool) -> None:
    """(Internal) build one part of a deck into the cache; run by 'deck' in its own process."""
    import json

    import nnmath
    from nnlecture import parts

    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    what = spec.get("name") or spec["kind"]
    try:
        with stop_on_signals(), numpy_warnings_as_errors():
            parts.build_part(spec, target)
    except nnmath.ParameterError as error:
        raise click.ClickException(f"{what} cannot be drawn: {error}") from None
    except Stopped as stop:
        raise Interrupted(f"stopped by {stop.name}", 128 + stop.signum) from None
    except KeyboardInterrupt:
        raise Interrupted("interrupted", 130) from None
    except Exception as error:
        if debug:
            traceback.print_exc()
        raise click.ClickException(failure_text(f"building {what}", error, target.parent)) from None


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here Ctrl-C unwinds and cleans up
    cli()
