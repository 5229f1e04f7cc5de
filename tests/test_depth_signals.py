"""`render.py train depth` stopped by real signals in a real process (issue 12).

One Ctrl-C (SIGINT to the process group, as a terminal sends it), SIGTERM to the main process
or SIGHUP to the group: the running models checkpoint after their current epoch, the queued
ones never start, the process exits with 128 + the signal's number and says what is on disk
and how to resume. A second signal while it stops (a worker frozen with SIGSTOP, so that the
stop cannot finish) quits at once. Each run trains for a few hundred epochs at most.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("mnist1d")

from experiments import depth  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MAX_EPOCHS = 3000  # never reached: each run is stopped a second or so into training
#: a status line once the 1- and 2-layer models both report epochs
TRAINING = re.compile(r"1 layer: ([\d,]+) ep [\d.]+%  2 layers: ([\d,]+) ep [\d.]+%")
#: generous: the whole start (imports, 4000 examples generated, two workers spawned)
START_SECONDS = 240


class Run:
    """`python render.py train depth` in its own session, its stderr read line by line."""

    def __init__(self, out: Path):
        self.out = out
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "render.py", "train", "depth", "--mode", "quick", "--max-epochs",
             str(MAX_EPOCHS), "--out", str(out)], cwd=ROOT, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, pattern, seconds: float) -> re.Match:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for line in list(self.lines):
                if match := pattern.search(line):
                    return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.kill()
        pytest.fail(f"no line matching {pattern.pattern!r}; stderr:\n{''.join(self.lines)}")

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(c) for c in children
                if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]

    def signal(self, number: int, group: bool = True) -> float:
        (os.killpg if group else os.kill)(self.process.pid, number)
        return time.monotonic()

    def finish(self, seconds: float) -> tuple[int, str, str]:
        try:
            self.process.wait(timeout=seconds)  # stdout is one line at most: no pipe fills
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"running {seconds} s after the signal; stderr:\n{''.join(self.lines)}")
        self._reader.join(5)
        return self.process.returncode, self.process.stdout.read(), "".join(self.lines)

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def checkpoint_epoch(out: Path, layers: int) -> int | None:
    path = depth.checkpoint_path(out, "quick", layers)
    if not path.exists():
        return None
    with np.load(path) as data:
        return int(data["epoch"])


def resume_command(out: Path) -> str:
    return (f"Resume with: python render.py train depth --mode quick --out {out} --max-epochs "
            f"{MAX_EPOCHS}")


def gone(pids) -> bool:
    return not any(Path(f"/proc/{pid}").exists() and "Z" not in
                   Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in pids)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("name, group", [("SIGINT", True), ("SIGTERM", False), ("SIGHUP", True)])
def test_one_signal_checkpoints_the_running_models_and_exits(tmp_path, name, group):
    number = getattr(signal, name)
    run = Run(tmp_path)
    seen = [int(n.replace(",", "")) for n in run.wait_for(TRAINING, START_SECONDS).groups()]
    workers = run.workers()
    assert len(workers) == 2  # the 1- and 2-layer models; 3 and 4 wait for a free worker
    sent = run.signal(number, group)
    code, stdout, stderr = run.finish(30)
    seconds = time.monotonic() - sent
    assert code == 128 + number, stderr
    assert "Traceback" not in stderr and "Warning" not in stderr and stdout == ""
    assert seconds < 15, f"took {seconds:.1f} s to stop"  # was: minutes, or never
    epochs = {k: checkpoint_epoch(tmp_path, k) for k in depth.DEPTHS}
    # the running models were checkpointed where they were, the queued ones never started
    assert epochs[1] > seen[0] and epochs[2] > seen[1] and epochs[3] is epochs[4] is None
    words = {"SIGINT": "Ctrl-C (SIGINT)", "SIGTERM": "SIGTERM", "SIGHUP": "SIGHUP"}[name]
    message = stderr[stderr.index("Stopped by"):]
    assert message.startswith(f"Stopped by {words}")
    assert (f"1 layer: checkpointed after {epochs[1]:,} epochs; 2 layers: checkpointed after "
            f"{epochs[2]:,} epochs; 3 layers: not started, no checkpoint; 4 layers: not started, "
            f"no checkpoint. {resume_command(tmp_path)}") in message
    assert "stopping: checkpointing the 1-layer and 2-layer models" in stderr
    assert gone(workers) and not list((tmp_path / "depth_quick").glob("*.tmp"))
    if name == "SIGINT":  # the checkpoint is where its weights are: resuming is exact
        x, labels, _ = depth.make_data()
        target = epochs[2] + 20
        resumed = depth.train_model(2, "quick", tmp_path, x, labels, max_epochs=target)
        straight = depth.train_model(2, "quick", tmp_path / "straight", x, labels,
                                     max_epochs=target)
        np.testing.assert_array_equal(resumed["loss"], straight["loss"])


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_second_signal_quits_at_once_while_stopping(tmp_path):
    run = Run(tmp_path)
    run.wait_for(TRAINING, START_SECONDS)
    one, two = run.workers()
    os.kill(one, signal.SIGSTOP)  # the 1-layer model cannot checkpoint: stopping never ends
    run.signal(signal.SIGINT)
    run.wait_for(re.compile("2 layers: [\\d,]+ ep checkpointed"), 30)
    time.sleep(1)
    assert run.process.poll() is None  # the first Ctrl-C waits for the frozen model
    sent = run.signal(signal.SIGINT)
    code, stdout, stderr = run.finish(15)
    seconds = time.monotonic() - sent
    assert code == 130 and "Traceback" not in stderr and seconds < 5, (seconds, stderr)
    epochs = {k: checkpoint_epoch(tmp_path, k) for k in depth.DEPTHS}
    assert epochs[1] is None and epochs[2] > 0 and epochs[3] is epochs[4] is None
    message = stderr[stderr.index("Stopped at once"):]
    assert message.startswith("Stopped at once by a second signal after Ctrl-C (SIGINT), without "
                              "waiting for the checkpoints of the models that were training.")
    assert (f"1 layer: was training; no checkpoint yet (its epochs are lost); 2 layers: "
            f"checkpointed after {epochs[2]:,} epochs; 3 layers: not started") in message
    assert resume_command(tmp_path) in message
    assert gone([one, two]) and not list((tmp_path / "depth_quick").glob("*.tmp"))


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_worker_killed_from_outside_is_reported_and_the_others_checkpointed(tmp_path):
    run = Run(tmp_path)
    run.wait_for(TRAINING, START_SECONDS)
    one, two = run.workers()
    os.kill(two, signal.SIGKILL)  # e.g. the kernel's out-of-memory killer
    code, stdout, stderr = run.finish(30)
    epochs = {k: checkpoint_epoch(tmp_path, k) for k in depth.DEPTHS}
    assert code == 1 and "Traceback" not in stderr and epochs[1] > 0 and epochs[2] is None
    assert (f"Error: the 2-layer model's process ended unexpectedly (killed by SIGKILL). In "
            f"{tmp_path / 'depth_quick'}: 1 layer: checkpointed after {epochs[1]:,} epochs; 2 "
            f"layers: was training; no checkpoint yet (its epochs are lost); 3 layers: not "
            f"started, no checkpoint") in stderr
    assert gone([one, two])
