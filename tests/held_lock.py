"""Hold a lock on another thread, as a long-running holder would, for "never waits" tests."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def held_by_another_thread(lock: Any, seconds: float = 10) -> Iterator[None]:
    """``lock`` is held by another thread for the block (at most ``seconds``)."""
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with lock:
            held.set()
            release.wait(seconds)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(5)
        yield
    finally:
        release.set()
        thread.join(seconds)
