"""Identical requests that wait together share one computation, never one older than they are.

Many clients polling a CPU-heavy read (``/profit``: open trades, rates, wallet, the closed
history's figures; ``/balance``, ``/stats``, ``/daily`` and the other aggregates, keyed by
their parameters) would each run it on a worker thread at once: N copies of the same work
take turns for the interpreter lock with each other and with the trading loop. Here at most one
computation per key runs at any time. A request that arrives while one runs does not take that
result: the running computation started before the request and may miss a close committed in
between. It waits for the *next* computation instead, which starts as soon as the running one
ends and answers every request that arrived meanwhile. So every answer is computed entirely
after its request arrived (it reflects every commit before that), and N concurrent requests
cost about two computations instead of N.

All bookkeeping runs on the server's event loop, so it needs no lock; the computations run on
the worker threads. A waiter that goes away (client disconnect) does not cancel the
computation the others wait for.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable

from starlette.concurrency import run_in_threadpool

Compute = Callable[[], bytes]


class SharedAnswers:
    """Per key: the running computation and the one queued behind it (with its waiters)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._running: dict[Hashable, asyncio.Future[bytes]] = {}
        self._queued: dict[Hashable, tuple[asyncio.Future[bytes], Compute]] = {}
        self.started = 0  # computations started so far (for tests and benchmarks)
        self.queued = 0  # requests that waited for a next computation so far (likewise)

    async def answer(self, key: Hashable, compute: Compute) -> bytes:
        """``compute()`` (on a worker thread) or the result of the one that starts next."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new server loop (tests build several): start afresh
            self._loop, self._running, self._queued = loop, {}, {}
        if key not in self._running:
            future = self._start(key, compute)
        elif key in self._queued:
            self.queued += 1
            future = self._queued[key][0]
        else:
            self.queued += 1
            future = loop.create_future()
            future.add_done_callback(_retrieve)
            self._queued[key] = (future, compute)
        return await asyncio.shield(future)

    def _start(self, key: Hashable, compute: Compute) -> asyncio.Future[bytes]:
        self.started += 1
        task = asyncio.ensure_future(run_in_threadpool(compute))
        self._running[key] = task
        task.add_done_callback(lambda done: self._finished(key, done))
        return task

    def _finished(self, key: Hashable, done: asyncio.Future[bytes]) -> None:
        _retrieve(done)
        if self._running.get(key) is done:
            del self._running[key]
        queued = self._queued.pop(key, None)
        if queued is None:
            return
        waiting, compute = queued
        self._start(key, compute).add_done_callback(lambda result: _copy(result, waiting))


def _retrieve(future: asyncio.Future[bytes]) -> None:
    """Mark an error as seen: the waiters re-raise it, and when all of them left nobody
    would, and asyncio would log it as never retrieved."""
    if not future.cancelled():
        future.exception()


def _copy(source: asyncio.Future[bytes], target: asyncio.Future[bytes]) -> None:
    if target.done():
        return
    if source.cancelled():
        target.cancel()
    elif source.exception() is not None:
        target.set_exception(source.exception())  # type: ignore[arg-type]
    else:
        target.set_result(source.result())
