"""The collector is paused for bulk reads and runs again once the last of them is over."""
from __future__ import annotations

import gc
import threading

import pytest

from freqtrade.util.gc_pause import collector_paused


@pytest.fixture(autouse=True)
def _collector_running():
    gc.enable()
    yield
    gc.enable()


def test_collector_is_paused_inside_and_runs_again_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_runs_again_after_a_read_that_failed():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the database closed")
    assert gc.isenabled()


def test_collector_stays_paused_until_the_last_of_two_threads_leaves():
    entered, release = threading.Event(), threading.Event()

    def other_read() -> None:
        with collector_paused():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other_read)
    thread.start()
    assert entered.wait(10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's read is still running
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
