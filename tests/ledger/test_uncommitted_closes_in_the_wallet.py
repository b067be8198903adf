"""The dry-run wallet of a session that closed, edited, deleted or reopened trades and has
not committed yet counts its own writes, and equals the wallet after the commit, without
summing the whole history again (it took half a second at a million trades, on every fill)."""
from __future__ import annotations

import math
import random

import pytest
from sqlalchemy import create_engine, event, func, select, update

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Trade, get_engine, get_session, remove_session
from freqtrade.wallets import Wallets
from tests.ledger.history_writer import HistoryWriter

CONFIG = {"dry_run": True, "stake_currency": "USDT", "dry_run_wallet": 1000.0}


def _as_the_session_sees_it() -> float:
    """Start + Σ close_profit_abs (exactly rounded) + open trades' realised - their stakes,
    summed through this thread's session, in the wallet's order."""
    session = get_session()
    closed = session.scalars(select(Trade.close_profit_abs)
                             .where(Trade.is_open.is_(False))).all()
    open_trades = Trade.get_open_trades()
    realized = sum(t.realized_profit or 0.0 for t in open_trades)
    stakes = sum(t.stake_amount for t in open_trades)
    return 1000.0 + math.fsum(v for v in closed if v is not None) + realized - stakes


class _HistorySums:
    """Counts the statements that sum close_profit_abs over the whole trades table."""

    def __init__(self, engine) -> None:
        self.count = 0
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_args) -> None:
        if "sum(trades.close_profit_abs)" in statement.lower():
            self.count += 1

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)


def _session_write(rng: random.Random, session, writer: HistoryWriter) -> None:
    """One uncommitted ORM write to the history, as the bot's fill handling makes them."""
    closed = session.scalars(select(Trade).where(Trade.is_open.is_(False))).all()
    opened = session.scalars(select(Trade).where(Trade.is_open.is_(True))).all()
    kind = rng.choice(("close", "close", "edit", "delete", "reopen", "new"))
    if kind == "close" and opened:
        trade = rng.choice(opened)
        trade.is_open = False
        trade.close_profit_abs = round(rng.uniform(-3, 3), 6)
        trade.close_profit = 0.01
        trade.close_date = writer._tick()
    elif kind == "edit" and closed:
        rng.choice(closed).close_profit_abs = rng.choice((None, round(rng.uniform(-5, 5), 7)))
    elif kind == "delete" and closed:
        session.delete(rng.choice(closed))
    elif kind == "reopen" and closed:
        rng.choice(closed).is_open = True
    else:
        session.add(Trade(**{**writer._trade_values(False), **writer._close_values()}))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_wallet_before_a_commit_counts_the_sessions_own_writes(database, seed):
    rng = random.Random(seed)
    writer = HistoryWriter(seed)
    writer.history(get_engine(), closed=60, open_trades=6)
    LEDGER.refresh()
    other = create_engine(database)
    sums = _HistorySums(get_engine())
    try:
        for round_number in range(12):
            with other.begin() as conn:  # another program's commit in between
                writer.random_operation(conn)
            session = get_session()
            for _ in range(rng.randint(1, 4)):
                _session_write(rng, session, writer)
                wallets = Wallets(CONFIG, exchange=None)
                assert wallets.get_free("USDT") == _as_the_session_sees_it(), round_number
            before_commit = wallets.get_free("USDT")
            if rng.random() < 0.75:
                session.commit()
                remove_session()
                assert Wallets(CONFIG, exchange=None).get_free("USDT") == before_commit
            else:
                session.rollback()
                remove_session()
        assert sums.count == 0  # the written trades were read, never the whole history
    finally:
        sums.close()
        other.dispose()
        remove_session()


def test_a_write_that_names_no_trade_is_summed_in_full(database):
    """An UPDATE statement through the session: which trades it wrote is not known, so the
    wallet sums the whole history as the session sees it."""
    writer = HistoryWriter(9)
    writer.history(get_engine(), closed=20, open_trades=2)
    LEDGER.refresh()
    sums = _HistorySums(get_engine())
    try:
        session = get_session()
        session.execute(update(Trade).where(Trade.is_open.is_(False))
                        .values(close_profit_abs=Trade.close_profit_abs + 1.0))
        assert Wallets(CONFIG, exchange=None).get_free("USDT") == _as_the_session_sees_it()
        assert sums.count == 1
        session.commit()
        remove_session()
        expected = _as_the_session_sees_it()
        assert Wallets(CONFIG, exchange=None).get_free("USDT") == expected
        total = get_session().scalar(select(func.count()).where(Trade.is_open.is_(False)))
        assert total == 20
    finally:
        sums.close()
        remove_session()
