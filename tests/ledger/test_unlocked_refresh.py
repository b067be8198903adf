"""A refresh that finds nothing changed does not wait for the ledger's lock; one that finds a
change waits for it and applies the change."""
from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine, func, select

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Trade, get_engine
from tests.ledger.history_writer import HistoryWriter


def _sql_sum() -> float:
    with get_engine().connect() as conn:
        total = conn.execute(select(func.sum(Trade.close_profit_abs))
                             .where(Trade.is_open.is_(False))).scalar()
    return float(total or 0.0)


class _LedgerHeld:
    """Another reader holding the ledger's lock (as a long read does) until released."""

    def __init__(self) -> None:
        self.held, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        with LEDGER._lock:
            self.held.set()
            self.release.wait(10)

    def __enter__(self) -> _LedgerHeld:
        self.thread.start()
        assert self.held.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(10)


def _built_ledger(database: str, writer: HistoryWriter) -> None:
    with get_engine().begin() as conn:
        for _ in range(10):
            writer.open_trade(conn)
            writer.close_trade(conn)
    LEDGER.refresh()
    assert LEDGER.ready
    assert abs(LEDGER.closed_profit() - _sql_sum()) < 1e-9


def test_refresh_without_changes_does_not_wait_for_the_lock(database):
    _built_ledger(database, HistoryWriter(seed=3))
    version = LEDGER.version
    with _LedgerHeld():
        started = time.monotonic()
        LEDGER.refresh()
        assert time.monotonic() - started < 1.0
    assert LEDGER.version == version


def test_refresh_after_a_close_waits_for_the_lock_and_applies_it(database):
    writer = HistoryWriter(seed=5)
    _built_ledger(database, writer)
    other = create_engine(database)
    try:
        with other.begin() as conn:
            writer.open_trade(conn)
            writer.close_trade(conn)
    finally:
        other.dispose()
    done = threading.Event()
    refresher = threading.Thread(target=lambda: (LEDGER.refresh(), done.set()))
    with _LedgerHeld():
        refresher.start()
        assert not done.wait(0.5)  # the change is applied under the lock: it waits
    refresher.join(10)
    assert done.is_set()
    assert abs(LEDGER.closed_profit() - _sql_sum()) < 1e-9
