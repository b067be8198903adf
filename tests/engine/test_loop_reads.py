"""One loop iteration builds its open trades once (again only after a commit that wrote),
and still sees what others committed before it began."""
from __future__ import annotations

import sqlite3

from sqlalchemy import event, select

from freqtrade.persistence import Trade, get_engine, get_session, remove_session
from tests.engine.conftest import run

PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT"]


def _open_three(bot) -> None:
    for pair in PAIRS:
        assert bot.execute_entry(pair, 100.0, ordertype="market") is not None
    remove_session()


def _trade_row_reads(bot, clock) -> int:
    """Full reads of trade rows (every column) during one iteration."""
    reads: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().startswith("SELECT trades.id, trades.exchange"):
            reads.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        run(bot, clock, 1)
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)
    return len(reads)


def test_an_iteration_builds_its_open_trades_once_per_write(make_bot, clock):
    bot = make_bot()
    _open_three(bot)
    run(bot, clock, 2)
    # the iteration's first ask, and its wallets' after the commit of the moved max rates
    assert 1 <= _trade_row_reads(bot, clock) <= 2
    stored = get_session().scalars(select(Trade).order_by(Trade.id)).all()
    assert [t.pair for t in stored] == PAIRS and all(t.is_open for t in stored)
    remove_session()


def test_a_stop_moved_by_another_program_is_acted_on_at_the_next_iteration(
        make_bot, clock, tmp_path):
    bot = make_bot()
    _open_three(bot)
    run(bot, clock, 1)
    held = Trade.get_open_trades()  # this thread holds them between iterations
    assert len(held) == 3
    with sqlite3.connect(tmp_path / "trades.sqlite") as other:
        other.execute("UPDATE trades SET stop_loss = open_rate * 10 WHERE pair = 'ETH/USDT'")
    run(bot, clock, 1)
    remove_session()
    trade = get_session().scalars(select(Trade).where(Trade.pair == "ETH/USDT")).one()
    assert trade.exit_reason == "stop_loss"
    assert trade.has_open_orders or not trade.is_open
    remove_session()
