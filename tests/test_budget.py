"""The per-letter budget's kept child (jbz.budget): one child for many letters,
replaced when a letter overruns, holding nothing of its parent's."""

import fcntl
import os
import time

import pytest

from jbz import budget


def test_one_child_answers_many_calls():
    first = budget.run_bounded(os.getpid, seconds=30)
    assert first != os.getpid()
    assert budget.run_bounded(os.getpid, seconds=30) == first


def test_a_child_that_overruns_is_replaced():
    before = budget.run_bounded(os.getpid, seconds=30)
    with pytest.raises(budget.OverBudget, match="more than 0.5 s"):
        budget.run_bounded(time.sleep, 60, seconds=0.5)
    after = budget.run_bounded(os.getpid, seconds=30)
    assert after != before
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left behind
        os.kill(before, 0)


def test_errors_come_back_and_the_child_stays():
    pid = budget.run_bounded(os.getpid, seconds=30)
    with pytest.raises(ValueError, match="invalid literal"):
        budget.run_bounded(int, "x", seconds=30)
    assert budget.run_bounded(os.getpid, seconds=30) == pid


def test_work_that_does_not_pickle_still_runs():
    assert budget.run_bounded(lambda a: a * 2, 21, seconds=30) == 42


def test_the_child_does_not_keep_a_lock_of_its_parent(tmp_path):
    """A build holds a lock file while it parses; once the build lets go, the
    next build must get the lock, kept child or not."""
    lock = tmp_path / "build.lock"
    with lock.open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        budget._KEPT and budget._KEPT.close()  # a child forked now, while the lock is held
        budget.run_bounded(os.getpid, seconds=30)
    with lock.open("w") as g:
        fcntl.flock(g, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if the child holds it


def test_threads_asking_at_once_each_get_their_own_answer():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: budget.run_bounded(sorted, [n, -n, 0], seconds=30), range(1, 41)))
    assert answers == [[-n, 0, n] for n in range(1, 41)]


def test_the_kept_child_leaves_what_it_inherited_to_the_collector_s_permanent_generation():
    """The kept child (like each pool worker) freezes the objects it was forked
    with, so its collector's full passes do not walk, and copy, its parent's."""
    import gc

    budget._KEPT and budget._KEPT.close()
    gc.unfreeze()  # what builds run earlier in this process froze (jbz.nogc.paused(keep=True)) goes back to the collector
    assert gc.get_freeze_count() == 0  # not frozen here, in the parent
    assert budget.run_bounded(gc.get_freeze_count, seconds=30) > 1000
