"""Tasks shared by forked copies of this process, each taking the next task when it is free.

``run_claimed(count, jobs, work)`` runs ``work(i)`` for i = 0 .. count - 1 in ``jobs`` forked
processes (the parent waits), so what the parent imported is imported in every worker, and
returns the outcomes in task order: ``None`` for the tasks never started, ``STARTED`` for those
started whose outcome never came (Ctrl-C between the end of ``work`` and the sending, or the
worker died), so the caller can look at what they left. ``work`` must return something
picklable and catch its own errors. An outcome for which ``stops(outcome)`` is true
(Ctrl-C in that task, say) makes every worker stop after its current task.

A worker takes no new task once its parent is gone (killed with SIGKILL, say).
Ctrl-C from a terminal reaches every process of the group: each worker finishes or abandons its
task as ``work`` decides (``work`` sees the KeyboardInterrupt, so it can clean up and say what
it wrote), and the parent waits for them all, then returns. A SIGINT sent to the parent alone is
passed on to the workers. A worker that dies leaves its task ``STARTED``.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
from typing import Any, Callable


STARTED = "started"


def run_claimed(count: int, jobs: int, work: Callable[[int], Any],
                stops: Callable[[Any], bool] = lambda outcome: False) -> list[Any]:
    outcomes: list[Any] = [None] * count
    jobs = max(1, min(jobs, count))
    if jobs == 1:
        for i in range(count):
            outcomes[i] = STARTED
            try:
                outcomes[i] = work(i)
            except KeyboardInterrupt:  # outside what ``work`` catches: the caller looks
                break
            if stops(outcomes[i]):
                break
        return outcomes
    context = multiprocessing.get_context("fork")
    claimed, stop = context.Value("i", 0), context.Event()
    readers, workers = [], []
    for _ in range(jobs):
        reader, writer = context.Pipe(duplex=False)
        worker = context.Process(target=_worker,
                                 args=(count, work, stops, claimed, stop, writer, os.getpid()))
        worker.start()
        writer.close()  # the worker holds the only writing end: its exit ends the reader
        readers.append(reader)
        workers.append(worker)
    try:
        _collect(readers, outcomes)
    except KeyboardInterrupt:  # the parent alone was interrupted (or it came first): pass it on
        stop.set()
        for worker in workers:
            if worker.is_alive():
                os.kill(worker.pid, signal.SIGINT)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            _collect(readers, outcomes)
        finally:
            signal.signal(signal.SIGINT, previous)
    for worker in workers:
        worker.join()
    return outcomes


def _collect(readers: list, outcomes: list) -> None:
    """Read outcomes as they come until every worker has closed its pipe."""
    while readers:
        for reader in multiprocessing.connection.wait(readers):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # never half a message
            try:
                i, outcome = reader.recv()
                if outcome != STARTED or outcomes[i] is None:
                    outcomes[i] = outcome
            except EOFError:
                readers.remove(reader)
                reader.close()
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _interrupt_once(signum, frame) -> None:
    """A worker's first Ctrl-C raises KeyboardInterrupt; later ones (the parent passing on what
    the worker already had) are ignored, so they cannot cut short the clean-up of the first."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _worker(count, work, stops, claimed, stop, writer, parent: int) -> None:
    code = 0
    signal.signal(signal.SIGINT, _interrupt_once)
    try:
        while not stop.is_set() and os.getppid() == parent:  # a killed parent: take no more
            with claimed.get_lock():
                i = claimed.value
                claimed.value += 1
            if i >= count:
                break
            _send(writer, (i, STARTED))
            outcome = work(i)
            _send(writer, (i, outcome))
            if stops(outcome):
                stop.set()
                break
    except KeyboardInterrupt:  # between tasks: nothing started, nothing to say
        stop.set()
    except BaseException:  # noqa: BLE001 -- a worker must not run the parent's exit handlers
        code = 1
    finally:
        writer.close()
        os._exit(code)


def _send(writer, item) -> None:
    """Send a message with SIGINT held back, so Ctrl-C cannot cut it in half."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        writer.send(item)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
