"""Files written the safe way, shared by scenes, figures and decks (no Manim, no Matplotlib).

- :func:`cache_dir`: where compiled LaTeX, text glyphs and finished deck parts are kept.
- :func:`move_in_together`: several finished temporaries renamed onto their targets, all or
  none (a failed rename puts the earlier files back), with Ctrl-C held back meanwhile.
- :func:`write_cache_file`: one cache file written whole or not at all.
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator


def cache_dir() -> Path:
    """nnlecture's cache: ``$XDG_CACHE_HOME/nnlecture`` (default ``~/.cache/nnlecture``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nnlecture"


def temporary_beside(target: Path) -> Path:
    """A new hidden name beside ``target`` for writing it (``.NAME.XXXXXXXX.part``)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


def move_in(temporaries: dict[Path, Path]) -> None:
    """Rename every temporary onto its target; if one rename fails, restore the earlier files
    and raise the OSError with ``replaced``: the targets that could not be put back."""
    done: list[tuple[Path, bool, Path | None]] = []  # (target, had a file, that file's hard link)
    backups = []
    try:
        for target, temporary in temporaries.items():
            existed, backup = target.is_file(), None
            if existed:
                backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
                try:
                    os.link(target, backup)
                    backups.append(backup)
                except OSError:  # no hard links here: this one cannot be put back
                    backup = None
            os.replace(temporary, target)
            done.append((target, existed, backup))
    except OSError as error:
        error.replaced = _roll_back(done)
        raise
    finally:
        for backup in backups:
            remove(backup)


def _roll_back(done: list[tuple[Path, bool, Path | None]]) -> list[Path]:
    """Put the earlier files back (remove new ones that had none); return what stays replaced."""
    replaced = []
    for target, existed, backup in done:
        try:
            if backup is not None:
                os.replace(backup, target)
            elif not existed:
                os.remove(target)
            else:
                replaced.append(target)
        except OSError:
            replaced.append(target)
    return replaced


def write_cache_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` (a cache file) through a hidden temporary renamed into place:
    a reader sees all of it or nothing, and Ctrl-C leaves no temporary behind. A cache that
    cannot be written (read-only, full) is left as it is: it only costs the next run the work."""
    temporary = temporary_beside(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException as error:
        with suppress(OSError):  # none was made when the folder itself could not be
            os.remove(temporary)
        if not isinstance(error, OSError):
            raise


def remove(path: Path) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


@contextmanager
def interrupts_held() -> Iterator[list[int]]:
    """Hold Ctrl-C back while files are renamed; yields a list that is non-empty if one came.

    Only the main thread can set a signal handler; elsewhere nothing is held.
    """
    caught: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield caught
        return
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


def move_in_together(temporaries: dict[Path, Path]) -> bool:
    """:func:`move_in` with Ctrl-C held back; returns True if a Ctrl-C came meanwhile."""
    with interrupts_held() as held:
        move_in(temporaries)
    return bool(held)
