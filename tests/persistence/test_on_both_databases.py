"""What differs between SQLite and PostgreSQL, on both: migrating an older database, copying a
database (ids and sequences), row ids out of the column's range, errors at open."""
import importlib.util

import pytest
from sqlalchemy import text

from freqtrade.exceptions import OperationalException
from freqtrade.persistence import (
    Order,
    PairLock,
    Trade,
    close_db,
    get_engine,
    get_session,
    init_db,
    lock_pair,
)
from freqtrade.persistence.copy_db import copy_database_url
from freqtrade.util.clock import dt_now


def _trade(pair: str = "BTC/USDT", **extra) -> Trade:
    return Trade(pair=pair, exchange="simulated", amount=1.0, open_rate=100.0, stake_amount=100.0,
                 fee_open=0.001, fee_close=0.001, is_open=True, **extra)


def _trade_with_order(pair: str) -> Trade:
    trade = _trade(pair)
    trade.orders.append(Order(ft_order_side="buy", ft_pair=pair, ft_is_open=False,
                              ft_amount=1.0, ft_price=100.0, order_id=f"o-{pair}",
                              status="closed", side="buy", amount=1.0, filled=1.0))
    return trade


def test_older_database_missing_not_null_columns_is_upgraded(db_url):
    """PostgreSQL refused ``ALTER TABLE ... BOOLEAN DEFAULT 0``: defaults are typed literals."""
    init_db(db_url)
    get_session().add(_trade())
    Trade.commit()
    with get_engine().begin() as conn:
        for column in ("is_short", "is_stop_loss_trailing", "leverage", "record_version"):
            conn.execute(text(f'ALTER TABLE trades DROP COLUMN "{column}"'))
    close_db()
    init_db(db_url)
    try:
        trade = get_session().get(Trade, 1)
        assert (trade.is_short, trade.is_stop_loss_trailing, trade.leverage) == \
            (False, False, 1.0)
        assert trade.record_version == 0
    finally:
        close_db()


def test_copied_database_keeps_ids_and_new_rows_continue_after_them(tmp_path, db_url):
    """After a copy with explicit ids PostgreSQL's sequences stood at 1: the bot's next trade
    collided with copied trade 1. They are moved past the copied ids."""
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    init_db(source)
    session = get_session()
    for pair in ("BTC/USDT", "ETH/USDT", "SOL/USDT"):
        session.add(_trade_with_order(pair))
    Trade.commit()
    session.delete(session.get(Trade, 2))  # a gap: ids are kept, not renumbered
    Trade.commit()
    lock_pair("XRP/USDT", dt_now().replace(year=2099), "copied")
    close_db()

    counts = copy_database_url(source, db_url)
    assert counts["trades"] == 2 and counts["orders"] == 2 and counts["pairlocks"] == 1
    init_db(db_url)
    try:
        session = get_session()
        assert {t.id: t.pair for t in session.query(Trade)} == {1: "BTC/USDT", 3: "SOL/USDT"}
        assert [o.ft_trade_id for o in session.get(Trade, 3).orders] == [3]
        session.add(_trade_with_order("ADA/USDT"))
        session.add(PairLock(pair="ADA/USDT", reason="new", side="*", active=True,
                             lock_time=dt_now().replace(tzinfo=None),
                             lock_end_time=dt_now().replace(tzinfo=None, year=2099)))
        Trade.commit()
        new = session.query(Trade).filter(Trade.pair == "ADA/USDT").one()
        assert new.id == 4 and new.orders[0].id == 4
        assert session.query(PairLock).filter(PairLock.pair == "ADA/USDT").one().id == 2
    finally:
        close_db()


def test_copy_refuses_a_target_that_holds_trades(tmp_path, db_url):
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    for url in (source, db_url):
        init_db(url)
        get_session().add(_trade())
        Trade.commit()
        close_db()
    with pytest.raises(OperationalException, match="already holds trades"):
        copy_database_url(source, db_url)


def test_row_ids_the_column_cannot_hold_find_nothing(database):
    """PostgreSQL's INTEGER ids are 32 bits: binding 2**31 failed ("integer out of range")."""
    session = get_session()
    session.add(_trade())
    Trade.commit()
    for trade_id in (2**31, -(2**31) - 1, 2**63):
        assert session.get(Trade, trade_id) is None
        assert session.query(Trade).filter(Trade.id.in_([1, trade_id])).count() == 1
        assert session.get(PairLock, trade_id) is None
    assert session.get(Trade, 1).pair == "BTC/USDT"


def test_a_server_that_refuses_is_one_line_with_the_password_masked(postgres_server):
    url = postgres_server.url("postgres").replace(postgres_server.password, "wrong-secret")
    with pytest.raises(OperationalException) as raised:
        init_db(url)
    message = str(raised.value)
    assert "password authentication failed" in message
    assert "wrong-secret" not in message and "\n" not in message


def test_a_freqtrade_psycopg2_url_works_with_psycopg_3_installed(postgres_server):
    pytest.importorskip("psycopg")
    if importlib.util.find_spec("psycopg2"):
        pytest.skip("psycopg2 is installed: its URL uses it")
    url = postgres_server.new_database()
    try:
        init_db(url.replace("postgresql+psycopg://", "postgresql+psycopg2://"))
        try:
            assert get_engine().dialect.driver == "psycopg"
            get_session().add(_trade())
            Trade.commit()
            assert Trade.get_open_trade_count() == 1
        finally:
            close_db()
    finally:
        postgres_server.drop_database(url)
