"""Pausing Python's cyclic garbage collector while a bulk read runs.

A full read of a million trades creates millions of row tuples and arrays that outlive
many allocations. Each time the surviving objects grow by a quarter, the collector scans
every object of the process while all threads wait. In the bot at a million trades a scan
took about 100 ms, and the first read of the closed-trade history plus the wallet-history
rebuild ran over 70 of them: 7-8 s of the start, each a stall of the API and the trading
loop. Rows of plain values form no reference cycles, so those scans free nothing of a read.

While paused, cycles made elsewhere (by the API, the trading loop) wait for the first
collection after the last read ends: memory they hold stays in use until then.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_readers = 0
_paused_here = False  # whether the collector was running when the first reader came


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection while any thread is inside; the collector runs again when
    the last one leaves, unless it was already disabled when the first one came."""
    global _readers, _paused_here
    with _lock:
        if _readers == 0:
            _paused_here = gc.isenabled()
            gc.disable()
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0 and _paused_here:
                _paused_here = False
                gc.enable()
