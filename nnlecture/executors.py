"""Where the parts of a deck are built: processes on this machine, or the workers of a Dask cluster.

Both run the same job, ``python render.py deck-part SPEC TARGET``, one process per part: Manim
keeps its settings in globals, so two parts never share an interpreter. The part is written
straight into its cache folder (TARGET, a path in the cache of the machine that asked), so a
cluster's workers must see the project and that cache at the same paths, as on the shared
file system of a university cluster; the LaTeX cache beside it is shared the same way.

- :class:`Local`: ``jobs`` processes at a time on this machine.
- :class:`Dask`: every part is handed to an existing ``dask.distributed`` scheduler (we never
  start one) and runs on whichever worker it picks, as many at a time as the workers have
  threads; scenes go first (priority). ``dask-jobqueue`` (Slurm, PBS, ...) starts such workers
  on an HPC cluster; see the README.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXECUTORS = ("local", "dask")
#: How long to wait for a Dask scheduler to answer before saying it cannot be reached.
CONNECT_SECONDS = 10


class ExecutorError(RuntimeError):
    """An executor that cannot be used; the message says what and what to do."""


def part_command(spec_file: Path, target: Path, debug: bool) -> list[str]:
    return [sys.executable, str(ROOT / "render.py"), "deck-part", str(spec_file), str(target)] + (
        ["--debug"] if debug else [])


def last_error(log: Path) -> str:
    """The worker's error paragraph (its last 'Error:' line), or the end of its output."""
    try:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                 if line.strip()]
    except OSError:
        return "the worker left no output"
    errors = [line for line in lines if line.startswith("Error:")]
    text = errors[-1].removeprefix("Error:").strip() if errors else " / ".join(lines[-3:])
    return text or "the worker stopped without saying why"


class Local:
    """``jobs`` worker processes at a time on this machine."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.logs = Path(tempfile.mkdtemp(prefix="nnlecture-deck-"))

    @property
    def capacity(self) -> int:
        return self.jobs

    def describe(self) -> str:
        return f"{self.jobs} at a time"

    def start(self, spec: dict[str, Any], target: Path, key: str, debug: bool, first: bool) -> Any:
        log, spec_file = self.logs / f"{key}.log", self.logs / f"{key}.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        with open(log, "wb") as handle:
            process = subprocess.Popen(part_command(spec_file, target, debug), stdout=handle,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT)
        return process, log

    def result(self, job: Any) -> tuple[bool, str, str] | None:
        """None while the job runs; then (it exited 0, its error if not, where it ran)."""
        process, log = job
        if process.poll() is None:
            return None
        return process.returncode == 0, "" if process.returncode == 0 else last_error(log), ""

    def stop(self, job: Any) -> None:
        """SIGTERM (the worker cleans up and exits), then SIGKILL if it has not within 10 s."""
        process, _ = job
        try:
            process.terminate()
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        except OSError:
            pass

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.logs, ignore_errors=True)


class Dask:
    """The workers of the Dask scheduler at ``address`` (``tcp://host:8786``)."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("--executor dask needs dask.distributed in this environment: "
                                f"{sys.executable} -m pip install 'dask[distributed]' (the workers "
                                "need it and this project too)") from None
        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ExecutorError(
                f"could not reach a Dask scheduler at {address!r} within {CONNECT_SECONDS} s "
                f"({' '.join(str(error).split()) or type(error).__name__}). Give the address "
                "its scheduler prints (e.g. --scheduler tcp://login1:8786), or run the build "
                "without --executor dask.") from None
        self.workers = len(self.client.scheduler_info().get("workers", {}))
        if self.workers == 0:
            self.client.close()
            raise ExecutorError(f"the Dask scheduler at {address!r} has no workers: start some "
                                "(dask worker ADDRESS, or dask-jobqueue on a cluster) and build again")

    @property
    def capacity(self) -> int:
        return 1 << 30  # everything at once: the scheduler decides what runs where

    def describe(self) -> str:
        return f"on the Dask cluster at {self.address} ({self.workers} workers)"

    def start(self, spec: dict[str, Any], target: Path, key: str, debug: bool, first: bool) -> Any:
        from nnlecture.files import cache_dir

        return self.client.submit(build_on_worker, spec, str(target), str(cache_dir()), debug,
                                  key=f"nnlecture-part-{key}-{os.getpid()}-{time.monotonic_ns()}",
                                  pure=False, priority=1 if first else 0)

    def result(self, future: Any) -> tuple[bool, str, str] | None:
        if not future.done():
            return None
        try:
            said = future.result()
        except Exception as error:  # the worker died, the task was lost or cancelled
            return False, f"the Dask worker failed: {' '.join(str(error).split()) or type(error).__name__}", ""
        return said["returncode"] == 0, said["error"], said["where"]

    def stop(self, future: Any) -> None:
        future.cancel()

    def close(self) -> None:
        self.client.close()


def build_on_worker(spec: dict[str, Any], target: str, cache: str, debug: bool) -> dict[str, Any]:
    """What a Dask worker runs for one part: the same ``render.py deck-part`` as on this machine,
    with the cache of the machine that asked (``cache`` is its ``.../nnlecture`` folder)."""
    with tempfile.TemporaryDirectory(prefix="nnlecture-part-") as folder:
        spec_file, log = Path(folder) / "spec.json", Path(folder) / "log"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(cache).parent)}
        with open(log, "wb") as handle:
            done = subprocess.run(part_command(spec_file, Path(target), debug), stdout=handle,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
        return {"returncode": done.returncode, "error": "" if done.returncode == 0 else last_error(log),
                "where": f"{socket.gethostname()}:{os.getpid()}"}


def make(executor: str, jobs: int, scheduler: str | None) -> Local | Dask:
    """The executor the command line asked for; checked before any work."""
    if executor not in EXECUTORS:
        raise ExecutorError(f"the executor must be one of {', '.join(EXECUTORS)}; got {executor!r}")
    if executor == "dask":
        if not scheduler:
            raise ExecutorError("--executor dask needs --scheduler ADDRESS, the address of a "
                                "running Dask scheduler (e.g. tcp://login1:8786)")
        return Dask(scheduler)
    if scheduler:
        raise ExecutorError("--scheduler is the address of a Dask scheduler: use it with "
                            "--executor dask")
    return Local(jobs)
