"""Cached closed-history results are dropped exactly when the closed history may change."""
from datetime import UTC, datetime

from sqlalchemy import text, update

from freqtrade.persistence import Trade, get_engine, get_session, history_cache

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _trade(**kw) -> Trade:
    values = dict(pair="ETH/USDT", stake_currency="USDT", exchange="simulated", amount=1.0,
                  open_rate=2.0, stake_amount=2.0, is_open=True, open_date=T0,
                  fee_open=0.001, fee_close=0.001)
    values.update(kw)
    return Trade(**values)


def _moves(action) -> bool:
    before = history_cache.generation()
    action()
    return history_cache.generation() != before


def test_cached_value_is_reused_until_the_generation_moves(database):
    calls = []
    assert history_cache.cached("k", lambda: calls.append(1) or 1) == 1
    assert history_cache.cached("k", lambda: calls.append(1) or 2) == 1
    history_cache.invalidate()
    assert history_cache.cached("k", lambda: calls.append(1) or 3) == 3
    assert len(calls) == 2


def test_open_trade_updates_keep_the_cache_and_closing_drops_it(database):
    session = get_session()
    trade = _trade()
    session.add(trade)
    assert _moves(Trade.commit)  # a new trade (with or without orders)
    trade.max_rate = 2.5
    trade.stop_loss = 1.9
    assert not _moves(Trade.commit)  # the bot loop touching an open trade
    trade.is_open = False
    trade.close_profit_abs = 0.3
    assert _moves(Trade.commit)
    trade.exit_reason = "roi"
    assert _moves(Trade.commit)  # any change to a closed trade
    assert _moves(trade.delete)


def test_writes_outside_the_orm_unit_of_work_drop_the_cache(database):
    session = get_session()
    session.add(_trade())
    Trade.commit()
    assert _moves(lambda: session.execute(update(Trade).values(exit_reason="x")))
    assert _moves(Trade.commit)
    with get_engine().begin() as conn:
        assert _moves(lambda: conn.execute(text("UPDATE trades SET close_profit_abs = 1")))
    assert not _moves(lambda: session.execute(text("SELECT * FROM trades")).all())
