"""nnlecture's front door: ``python render.py list``, ``python render.py SCENE [options]``.

A thin click layer over ``registry.ENTRIES``: every entry becomes a sub-command with the same
options. User mistakes (unknown scene, bad option, bad parameter file) print what was expected,
what was received and how to fix it, and exit non-zero without a traceback.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

import click

import registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
QUALITY_CHOICES = ("low", "medium", "high", "4k")
FORMAT_CHOICES = ("mp4", "gif", "png")
THEME_CHOICES = ("light", "dark")
FIGURE_FORMATS = ("pdf", "svg", "png")


def load_params_file(path: Path | None) -> dict[str, Any]:
    """The parsed TOML parameter file, or {} when none was given."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise click.ClickException(
            f"{path} is not valid TOML: {error}. Parameter files look like "
            "'[net1]\\ntheta = [[2, 2], [0, 5.33]]\\nphi = [-1, 1, -1]'; "
            "'python render.py params SCENE' prints a complete example."
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot read the parameter file {path}: {error.strerror}") from None


def resolve_params(entry: registry.Entry, params_file: Path | None,
                   choices: dict[str, str] | None = None) -> dict[str, Any]:
    """The entry's parameters: defaults, the parameter file, the variant options; checked."""
    import nnmath

    try:
        return entry.resolve_params(load_params_file(params_file), choices)
    except nnmath.ParameterError as error:
        where = f" in {params_file}" if params_file else ""
        raise click.ClickException(f"bad parameter{where}: {error}") from None


def render_entry(entry: registry.Entry, quality: str, fmt: str, theme: str,
                 params_file: Path | None, out: Path, debug: bool,
                 choices: dict[str, str] | None = None) -> None:
    import nnmath

    params = resolve_params(entry, params_file, choices)
    click.echo(f"Rendering {entry.name} ({quality} quality, {fmt}, {theme} theme) ...", err=True)
    try:
        from scenes.runner import render_scene

        # Manim's per-animation progress bars only help in a terminal; in a log they are noise
        path, _ = render_scene(entry.load(), entry.name, params, theme=theme, quality=quality,
                               fmt=fmt, out_dir=out, progress=sys.stderr.isatty())
    except nnmath.ParameterError as error:
        raise click.ClickException(f"these parameters cannot be drawn: {error}") from None
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; no file was written") from None
    except Exception as error:  # a failure inside Manim, LaTeX or ffmpeg
        if debug:
            traceback.print_exc()
        raise click.ClickException(
            f"rendering {entry.name} failed: {type(error).__name__}: {str(error).rstrip('.')}. "
            "No file was written. Re-run with --debug for the full traceback; if LaTeX is "
            "missing, './nnl setup' installs it."
        ) from None
    click.echo(str(path))


def build_figure(entry: registry.Entry, theme: str, params_file: Path | None, out: Path,
                 formats: tuple[str, ...], debug: bool, pass_interrupt: bool = False) -> list[Path]:
    """Draw one figure and write all its formats together; errors become ClickExceptions that
    say which files were and were not written. Ctrl-C becomes one too, or, with
    ``pass_interrupt``, a ``figures.style.Interrupted`` (whose ``written`` lists the files) for
    the caller to report."""
    import nnmath

    params = resolve_params(entry, params_file)
    name = f"{entry.name}_{theme}"
    try:
        from figures.style import Interrupted, SaveError, save, written_text

        figure = entry.load()(params, theme=theme)
        paths = save(figure, name, out, formats, theme=theme)
    except nnmath.ParameterError as error:
        raise click.ClickException(f"{entry.name}: these parameters cannot be drawn: {error}") from None
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
    for path in paths:
        click.echo(str(path))
    return paths


def figure_command(entry: registry.Entry) -> click.Command:
    """The sub-command that draws one figure."""

    @click.command(name=entry.name, help=entry.summary)
    @click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
    @click.option("--format", "formats", type=click.Choice(FIGURE_FORMATS), multiple=True,
                  help="Repeat for several; default: pdf, svg and png.")
    @click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
                  default=None, help="TOML file overriding the figure's parameters.")
    @click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUT,
                  show_default="out/ beside render.py", help="Folder for the output files.")
    @click.option("--debug", is_flag=True, help="Show the full traceback when drawing fails.")
    def command(theme, formats, params_file, out, debug) -> None:
        build_figure(entry, theme, params_file, out, formats or FIGURE_FORMATS, debug)

    return command


def entry_command(entry: registry.Entry) -> click.Command:
    """The sub-command that renders one registry entry."""
    if entry.kind == "figure":
        return figure_command(entry)

    @click.command(name=entry.name, help=entry.summary)
    @click.option("--quality", type=click.Choice(QUALITY_CHOICES), default="high", show_default=True,
                  help="480p15, 720p30, 1080p60 or 2160p60.")
    @click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="mp4",
                  show_default=True, help="png writes the last frame only.")
    @click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True,
                  help="light: white background and the book's palette; dark: Manim's look.")
    @click.option("--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
                  default=None, help="TOML file overriding the scene's parameters "
                  "(see 'python render.py params NAME').")
    @click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUT,
                  show_default="out/ beside render.py", help="Folder for the output file.")
    @click.option("--debug", is_flag=True, help="Show the full traceback when rendering fails.")
    def command(quality: str, fmt: str, theme: str, params_file: Path | None, out: Path,
                debug: bool, **choices: str) -> None:
        render_entry(entry, quality, fmt, theme, params_file, out, debug, choices)

    for name, variant in entry.options.items():
        command = click.option(f"--{name}", type=click.Choice(sorted(variant.presets)), default=None,
                               help=variant.help)(command)
    return command


class RegistryGroup(click.Group):
    """A group whose sub-commands are the fixed ones plus one per registry entry."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(super().list_commands(ctx)) + [e.name for e in registry.ENTRIES]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        fixed = super().get_command(ctx, name)
        if fixed is not None:
            return fixed
        entry = registry.BY_NAME.get(name)
        return entry_command(entry) if entry else None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            try:
                registry.lookup(name)
            except LookupError as error:
                raise click.UsageError(str(error), ctx) from None
        return super().resolve_command(ctx, args)


@click.group(cls=RegistryGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Render the lecture's animations and figures. Start with 'python render.py list'."""


@cli.command(name="list")
def list_entries() -> None:
    """Print every scene and figure with a one-line description."""
    for title, entries in (("Scenes", registry.scenes()), ("Figures", registry.figures())):
        click.echo(f"{title}:")
        if not entries:
            click.echo("  (none yet)")
        width = max((len(e.name) for e in entries), default=0)
        for e in entries:
            click.echo(f"  {e.name:<{width}}  {e.summary}")


@cli.command(name="figures")
@click.option("--theme", type=click.Choice(THEME_CHOICES), default="light", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUT,
              show_default="out/ beside render.py", help="Folder for the output files.")
@click.option("--debug", is_flag=True, help="Show the full traceback when drawing fails.")
def all_figures(theme: str, out: Path, debug: bool) -> None:
    """Rebuild every figure of the lecture as PDF, SVG and PNG, with the book's values.

    Each figure's three files are replaced together or not at all; Ctrl-C stops at once.
    """
    entries = registry.figures()
    done, failed = [], []
    for i, entry in enumerate(entries):
        click.echo(f"Drawing {entry.name} ...", err=True)
        try:
            build_figure(entry, theme, None, out, FIGURE_FORMATS, debug, pass_interrupt=True)
            done.append(entry.name)
        except click.ClickException as error:
            click.echo(f"Error: {error.message}", err=True)
            failed.append(entry.name)
        except KeyboardInterrupt as error:
            from figures.style import written_text

            if getattr(error, "written", []):
                done.append(entry.name)
                now = f"just after {entry.name} was written"
            else:
                now = f"while drawing {entry.name}: {written_text([], getattr(error, 'kept', []))}"
            rest = [e.name for e in entries[i + 1:]]
            raise click.ClickException(
                f"interrupted {now.rstrip('.')}. Written: {', '.join(done) or 'none'}. "
                f"Not drawn: {', '.join(rest) or 'none'}."
                + (f" Failed: {', '.join(failed)}." if failed else "")
            ) from None
    if failed:
        raise click.ClickException(f"{len(failed)} figure(s) failed: {', '.join(failed)} "
                                   f"(their earlier files are unchanged); written: "
                                   f"{', '.join(done) or 'none'}.")


@cli.group(name="train")
def train() -> None:
    """Run the training experiments whose results figures and scenes draw."""


@train.command(name="depth")
@click.option("--mode", type=click.Choice(["quick", "book"]), default="quick", show_default=True,
              help="quick: a larger learning rate, epoch axis rescaled (minutes); book: lr 0.0025 "
              "until 0 % error, as in UDL Fig. 20.2 (52 min measured on 2 cores).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUT,
              show_default="out/ beside render.py", help="Folder for checkpoints and the result.")
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


@cli.command(name="params")
@click.argument("name")
def print_params(name: str) -> None:
    """Print NAME's parameters (the book's values) as a TOML file to edit and pass with --params."""
    try:
        entry = registry.lookup(name)
    except LookupError as error:
        raise click.UsageError(str(error)) from None
    click.echo(entry.example_params(), nl=False)


if __name__ == "__main__":
    cli()
