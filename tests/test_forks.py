"""nnlecture.forks.run_claimed: tasks shared by forked workers, outcomes in task order, a stop
that ends every worker, Ctrl-C passed on to the workers, a worker that dies."""

import os
import signal
import time

from nnlecture.forks import STARTED, run_claimed


def test_every_task_once_in_order_by_several_processes():
    outcomes = run_claimed(12, 3, lambda i: (i * i, os.getpid()))
    assert [o[0] for o in outcomes] == [i * i for i in range(12)]
    pids = {o[1] for o in outcomes}
    assert os.getpid() not in pids and 1 <= len(pids) <= 3


def test_one_job_runs_in_this_process():
    assert run_claimed(3, 1, lambda i: os.getpid()) == [os.getpid()] * 3


def test_a_stopping_outcome_ends_every_worker_after_its_task():
    def work(i):
        time.sleep(0.05)
        return "stop" if i == 2 else i

    outcomes = run_claimed(40, 2, work, stops=lambda o: o == "stop")
    assert outcomes[2] == "stop"
    assert outcomes.index(None) <= 5 and outcomes[-1] is None  # the rest was never started
    assert all(o is None for o in outcomes[outcomes.index(None):])


def test_ctrl_c_to_the_parent_reaches_the_workers_and_their_outcomes_come_back():
    parent = os.getpid()

    def work(i):
        try:  # the parent passes the SIGINT on at once: this worker may get it before os.kill returns
            if i == 0:
                time.sleep(0.5)  # the other worker has taken task 1 by now, on all but a stalled host
                os.kill(parent, signal.SIGINT)  # as if someone pressed Ctrl-C at the parent alone
            time.sleep(30)
            return "finished"
        except KeyboardInterrupt:
            return "interrupted"

    started = time.monotonic()
    outcomes = run_claimed(10, 2, work, stops=lambda o: o == "interrupted")
    assert time.monotonic() - started < 10
    assert outcomes[0] == "interrupted" and outcomes[1] in ("interrupted", None)
    assert outcomes[2:] == [None] * 8


def test_a_worker_that_dies_leaves_its_task_started_and_the_others_done():
    def work(i):
        if i == 1:
            os._exit(3)
        time.sleep(0.02)
        return i

    outcomes = run_claimed(6, 2, work)
    assert outcomes[1] == STARTED
    assert [o for k, o in enumerate(outcomes) if k != 1] == [0, 2, 3, 4, 5]
