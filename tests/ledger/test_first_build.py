"""The ledger's first full read waits for the bot's call, not for the wallet's first sum."""
from __future__ import annotations

import gc
import time

from sqlalchemy import create_engine, func, select

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Trade, get_engine
from tests.collections_counted import collections_on_this_thread
from tests.held_lock import held_by_another_thread
from tests.ledger.history_writer import HistoryWriter


def _sql_sum() -> float:
    with get_engine().connect() as conn:
        total = conn.execute(select(func.sum(Trade.close_profit_abs))
                             .where(Trade.is_open.is_(False))).scalar()
    return float(total or 0.0)


def _write_history(closes: int, writer: HistoryWriter | None = None) -> float:
    writer = writer or HistoryWriter(seed=7)
    with get_engine().begin() as conn:
        for _ in range(closes):
            writer.open_trade(conn)
            writer.close_trade(conn)
    return _sql_sum()


def test_closed_profit_before_the_build_is_the_sql_sum_and_reads_nothing_more(database):
    expected = _write_history(30)
    assert LEDGER.closed_profit() == expected
    time.sleep(0.2)  # a read started by that call would be over by now
    assert not LEDGER.ready


def test_closed_profit_before_the_build_sees_every_later_close(database):
    """The SQL sum is kept between calls; a close by another connection replaces it."""
    writer = HistoryWriter(seed=11)
    _write_history(10, writer)
    first = LEDGER.closed_profit()
    assert LEDGER.closed_profit() == first
    other = create_engine(database)
    try:
        for _ in range(5):
            with other.begin() as conn:
                writer.open_trade(conn)
            assert LEDGER.closed_profit() == _sql_sum()
            with other.begin() as conn:
                writer.close_trade(conn)
            assert LEDGER.closed_profit() == _sql_sum()
    finally:
        other.dispose()
    assert not LEDGER.ready


def test_build_in_background_builds_the_same_sum(database):
    expected = _write_history(30)
    LEDGER.build_in_background()
    deadline = time.monotonic() + 10
    while not LEDGER.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert LEDGER.ready
    assert abs(LEDGER.closed_profit() - expected) < 1e-9
    LEDGER.build_in_background()  # done: nothing to start
    assert LEDGER.ready


def test_build_in_background_does_not_wait_while_a_read_holds_the_ledger(database):
    """The loop calls it after every turn: a read in progress (the first full read takes
    seconds at a million trades) must not hold the loop up."""
    expected = _write_history(5)
    with held_by_another_thread(LEDGER._lock):  # what a read holds while it runs
        started = time.monotonic()
        LEDGER.build_in_background()  # its thread waits for the lock; this call does not
        LEDGER.build_in_background()
        assert time.monotonic() - started < 1.0
    deadline = time.monotonic() + 10
    while not LEDGER.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert abs(LEDGER.closed_profit() - expected) < 1e-9


def test_first_full_read_runs_no_collection_and_leaves_the_collector_running(tmp_path):
    """At a million trades each scan of the read's row tuples took ~100 ms of every thread."""
    from bench.seed_db import seed
    from freqtrade.persistence import close_db, init_db

    db = tmp_path / "seeded.sqlite"
    seed(db, 3000, days=60, quiet=True)
    init_db(f"sqlite:///{db}")
    try:
        with collections_on_this_thread() as collections:
            LEDGER.refresh()
        assert LEDGER.ready
    finally:
        close_db()
    # the first statements around the read (connection, change-table mark, compiling) ran 3
    # gen0 collections; the read of these 3,000 trades ran 18 without the pause
    assert len(collections) <= 5
    assert gc.isenabled()
