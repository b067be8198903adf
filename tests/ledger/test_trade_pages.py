"""``/trades`` pages joined from cached per-trade bytes are byte for byte the serialised page,
and show a change made by another connection at once."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, update

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Trade, get_engine, get_session
from freqtrade.rpc.trade_views import trade_history_json, trades_json
from freqtrade.util.json_bytes import json_dumps
from tests.ledger.history_writer import HistoryWriter


def _expected(limit: int, offset: int, order_by_id: bool) -> bytes:
    session = get_session()
    order = (Trade.id.asc(),) if order_by_id else (Trade.close_date.desc(), Trade.id.desc())
    query = select(Trade).where(Trade.is_open.is_(False)).order_by(*order)
    rendered = trades_json(session, query.limit(limit).offset(offset))
    total = len(trades_json(session, query))
    return json_dumps({"trades": rendered, "trades_count": len(rendered), "offset": offset,
                       "total_trades": total})


@pytest.mark.parametrize("order_by_id", [True, False])
def test_pages_equal_the_serialised_page_after_changes(database, order_by_id):
    engine = get_engine()
    writer = HistoryWriter(21)
    writer.history(engine, closed=30)
    LEDGER.refresh()  # built: pages come from the kept renderings
    pages = [(10, 0), (10, 10), (500, 0), (5, 28), (5, 40)]
    for limit, offset in pages:
        assert trade_history_json(limit, offset, order_by_id) == \
            _expected(limit, offset, order_by_id)
    other = create_engine(database)
    try:
        with other.begin() as conn:  # another program edits a shown trade and closes one
            conn.execute(update(Trade).where(Trade.id == 3).values(exit_reason="edited"))
            writer.close_trade(conn)
            writer.delete_trade(conn)
    finally:
        other.dispose()
    get_session().expire_all()
    for limit, offset in pages:
        assert trade_history_json(limit, offset, order_by_id) == \
            _expected(limit, offset, order_by_id)
    assert b'"exit_reason":"edited"' in trade_history_json(500, 0, order_by_id)


@pytest.mark.parametrize("order_by_id", [True, False])
def test_pages_before_the_ledger_is_built_come_from_sql_and_equal_the_page(database,
                                                                          order_by_id):
    """While the first full read has not run, a page does not wait for it (nor start it)."""
    HistoryWriter(22).history(get_engine(), closed=25)
    pages = [(10, 0), (10, 20), (500, 0), (5, 40)]
    for limit, offset in pages:
        assert trade_history_json(limit, offset, order_by_id) == \
            _expected(limit, offset, order_by_id)
    assert not LEDGER.ready
    LEDGER.refresh()
    for limit, offset in pages:
        assert trade_history_json(limit, offset, order_by_id) == \
            _expected(limit, offset, order_by_id)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_pages_equal_the_serialised_page_through_random_changes(database, seed):
    """Pages asked again and again (their joined bytes kept) while another connection
    opens, closes, edits, deletes and reopens trades: each answer is the page as it is now."""
    engine = get_engine()
    writer = HistoryWriter(seed)
    writer.history(engine, closed=40, open_trades=3)
    LEDGER.refresh()  # built: pages come from the kept renderings
    assert LEDGER.ready
    pages = [(10, 0), (10, 10), (500, 0), (7, 33)]
    other = create_engine(database)
    try:
        for _ in range(25):
            for limit, offset in pages:  # twice: the second answer is the kept one
                for _ in range(2):
                    assert trade_history_json(limit, offset, True) == \
                        _expected(limit, offset, True)
            with other.begin() as conn:
                writer.random_operation(conn)
            get_session().expire_all()
    finally:
        other.dispose()


def test_a_page_read_while_a_shown_trade_changes_is_not_kept(database, monkeypatch):
    """A trade edited (and the ledger told) while a page is being rendered: the bytes read
    before the edit are not kept, so the next answer shows the edit."""
    from freqtrade.rpc import trade_views

    engine = get_engine()
    HistoryWriter(4).history(engine, closed=12)
    LEDGER.refresh()
    other = create_engine(database)
    rendering = trade_views.trades_json

    def rendering_then_edited(session, query):
        rows = rendering(session, query)  # the trades as they were
        with other.begin() as conn:
            conn.execute(update(Trade).where(Trade.id == 2).values(exit_reason="raced"))
        LEDGER.refresh()  # another request's refresh sees the edit: the ledger tells
        return rows

    monkeypatch.setattr(trade_views, "trades_json", rendering_then_edited)
    try:
        first = trade_history_json(500, 0, True)
    finally:
        monkeypatch.setattr(trade_views, "trades_json", rendering)
        other.dispose()
    assert b'"exit_reason":"raced"' not in first  # read before the edit
    get_session().expire_all()
    assert trade_history_json(500, 0, True) == _expected(500, 0, True)
    assert b'"exit_reason":"raced"' in trade_history_json(500, 0, True)
