"""``/status`` renders open trades from two Core SELECTs: exactly what the ORM path gives.

Many open trades of every kind (one fill, DCA with a partial exit, entry not filled, short
with leverage, no stoploss, no price precision), rates known and unknown, a closed trade asked
for by id, and a trade the session holds with a stoploss update time.
"""
import math
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, select, text

from freqtrade.persistence import Trade, get_engine, get_session, remove_session
from freqtrade.rpc import trade_views
from freqtrade.rpc.trade_views import open_trade_view, open_trade_views, open_trades_json
from freqtrade.util.json_bytes import json_dumps
from tests.persistence.test_trade_json import T0, _fill, _seed, _trade

OPEN_TRADES = 120


@pytest.fixture(autouse=True)
def _no_renderings_from_other_tests():
    """Each test's database starts from nothing: so do the renderings kept in memory."""
    trade_views._RENDERED_ROWS.clear()


def _add_open_trades(count: int) -> None:
    session = get_session()
    for n in range(count):
        kind, start, pair = n % 5, T0 + timedelta(minutes=n), PAIRS[n % 3]
        if kind == 0:
            trade = _trade(10 + n, pair=pair)
            session.add(trade)
            _fill(trade, f"a{n}", "buy", 10.0, 2.0 + n / 1000, start)
            trade.adjust_stop_loss(2.0, -0.05, initial=True)
        elif kind == 1:
            trade = _trade(10 + n, pair=pair, amount=6.0, stake_amount=12.0,
                           max_stake_amount=12.0)
            session.add(trade)
            _fill(trade, f"b{n}", "buy", 3.0, 2.0, start)
            _fill(trade, f"c{n}", "buy", 3.0, 1.9, start + timedelta(minutes=5))
            _fill(trade, f"d{n}", "sell", 2.0, 2.1, start + timedelta(hours=1))
            trade.adjust_stop_loss(1.95, -0.1, initial=True)
        elif kind == 2:
            trade = _trade(10 + n, pair=pair)
            session.add(trade)
            _fill(trade, f"e{n}", "buy", 10.0, 2.0, start, status="open", filled=0.0)
        elif kind == 3:
            trade = _trade(10 + n, pair=pair, is_short=True, leverage=2.0,
                           trading_mode="FUTURES")
            session.add(trade)
            _fill(trade, f"f{n}", "sell", 10.0, 2.0, start)
            trade.adjust_stop_loss(2.0, -0.04, initial=True)
        else:
            trade = _trade(10 + n, pair=pair, price_precision=None, stop_loss=0.0)
            session.add(trade)
            _fill(trade, f"g{n}", "buy", 10.0, 2.0, start)
    Trade.commit()
    remove_session()


RATES = {"ETH/USDT": 2.1, "SOL/USDT": 1.95, "BTC/USDT": float("nan")}  # BTC: rate unknown
PAIRS = list(RATES)


def _rate_of(pair: str, is_short: bool) -> float:
    return RATES[pair] + (0.01 if is_short else 0.0)


def _rate_or_none(trade) -> float | None:
    return _rate_of(trade.pair, trade.is_short) if trade.is_open else None


def _same(fast: list[dict], slow: list[dict]) -> None:
    assert len(fast) == len(slow) > 0
    for mine, orm in zip(fast, slow, strict=True):
        assert mine.keys() == orm.keys()
        for key, value in orm.items():
            other = mine[key]
            if isinstance(value, float) and math.isnan(value):
                assert isinstance(other, float) and math.isnan(other), key
            else:
                assert other == value, (mine["trade_id"], key)
                assert type(other) is type(value), (mine["trade_id"], key)


def test_many_open_trades_render_as_the_orm_path_does(database):
    _seed()
    _add_open_trades(OPEN_TRADES)
    session = get_session()
    query = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)
    fast = open_trade_views(session, query, _rate_of)
    remove_session()
    session = get_session()
    slow = [open_trade_view(t, _rate_or_none(t)) for t in session.scalars(query).all()]
    _same(fast, slow)
    assert len(fast) == OPEN_TRADES + 2
    # every kind is there: unknown rates, no fill, totals, no stoploss distance
    assert any(v["current_rate"] is None for v in fast)
    assert any(v["nr_of_successful_entries"] == 0 and v["profit_abs"] == 0.0 for v in fast)
    assert any(v["total_profit_ratio"] is not None and v["is_short"] for v in fast)
    assert any(v["stoploss_entry_dist"] is None and v["current_rate"] for v in fast)
    assert all(v["close_profit"] is None for v in fast)


def test_trades_asked_for_by_id_include_closed_ones(database):
    _seed()
    _add_open_trades(10)
    session = get_session()
    query = select(Trade).where(Trade.id.in_([1, 2, 4, 5, 12])).order_by(Trade.id)
    fast = open_trade_views(session, query, _rate_of)
    remove_session()
    slow = [open_trade_view(t, _rate_or_none(t))
            for t in get_session().scalars(query).all()]
    _same(fast, slow)
    assert [v["is_open"] for v in fast] == [False, False, True, True, True]
    assert fast[0]["current_rate"] == slow[0]["close_rate"]


def test_a_trade_the_session_holds_keeps_its_stoploss_update_time(database):
    session = get_session()
    trade = _trade(1)
    session.add(trade)
    _fill(trade, "h1", "buy", 10.0, 2.0, T0)
    trade.adjust_stop_loss(2.0, -0.05, initial=True)
    Trade.commit()
    query = select(Trade).where(Trade.is_open.is_(True))
    fast = open_trade_views(session, query, _rate_of)
    assert fast[0]["stoploss_last_update"] is not None
    assert fast == [open_trade_view(trade, _rate_of(trade.pair, trade.is_short))]


def test_open_trades_are_read_in_a_few_queries_and_unchanged_ones_not_again(database):
    _add_open_trades(OPEN_TRADES)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    engine = get_engine()
    query = select(Trade).where(Trade.is_open.is_(True))
    event.listen(engine, "before_cursor_execute", count)
    try:
        views = open_trade_views(get_session(), query, _rate_of)
        first = len(statements)
        remove_session()
        again = open_trade_views(get_session(), query, _rate_of)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(views) == len(again) == OPEN_TRADES
    # rows as stored (trades, orders) plus typed rows of the trades not rendered yet; on
    # SQLite the stored rows are read on the driver's cursor, which this event does not see
    assert 0 < first <= 4
    assert len(statements) - first < first


def test_a_changed_trade_or_rate_is_rendered_again(database):
    _add_open_trades(10)
    query = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)
    first = open_trade_views(get_session(), query, _rate_of)
    remove_session()
    again = open_trade_views(get_session(), query, _rate_of)
    assert again == first
    again[0]["profit_fiat"] = 12.0  # a caller's change stays in its copy
    remove_session()
    trade = get_session().get(Trade, first[0]["trade_id"])
    trade.adjust_stop_loss(2.5, -0.01)
    Trade.commit()
    remove_session()
    moved = open_trade_views(get_session(), query, lambda pair, short: 3.0)
    remove_session()
    slow = [open_trade_view(t, 3.0) for t in get_session().scalars(query).all()]
    _same(moved, slow)
    assert moved[0]["stop_loss_abs"] != first[0]["stop_loss_abs"]
    assert moved[0]["profit_fiat"] is None
    assert {v["current_rate"] for v in moved} == {3.0}


def test_queries_of_one_shape_with_other_values_select_their_own_trades(database):
    """The SQL of a query is kept by its shape: each query's own values still select."""
    _add_open_trades(30)
    for pair in PAIRS + PAIRS:
        query = select(Trade).where(Trade.is_open.is_(True), Trade.pair == pair) \
            .order_by(Trade.id)
        fast = open_trade_views(get_session(), query, _rate_of)
        remove_session()
        slow = [open_trade_view(t, _rate_or_none(t))
                for t in get_session().scalars(query).all()]
        remove_session()
        _same(fast, slow)
        assert {view["pair"] for view in fast} == {pair}
        assert all(len(view["orders"]) == len(orm["orders"])
                   for view, orm in zip(fast, slow, strict=True))


def _views_and_orm_views(query) -> tuple[list[dict], list[dict]]:
    fast = open_trade_views(get_session(), query, _rate_of)
    remove_session()
    slow = [open_trade_view(t, _rate_or_none(t)) for t in get_session().scalars(query).all()]
    remove_session()
    return fast, slow


def test_writes_from_another_connection_are_seen_by_the_next_answer(database):
    """Rows read before are reused only while nobody changed the database: a commit from
    another connection (another process's, here another engine's) shows at once."""
    _add_open_trades(12)
    query = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)
    first, _ = _views_and_orm_views(query)
    other = create_engine(database)
    try:
        for step, change in enumerate([
                "UPDATE trades SET stop_loss = 1.5 WHERE id = :id",
                "UPDATE orders SET filled = 4.0 WHERE ft_trade_id = :id",
                "UPDATE trades SET is_open = false WHERE id = :id",
                "DELETE FROM orders WHERE ft_trade_id = :id"]):
            with other.begin() as conn:
                conn.execute(text(change), {"id": first[step + 1]["trade_id"]})
            fast, slow = _views_and_orm_views(query)
            _same(fast, slow)
    finally:
        other.dispose()
    assert fast != first
    assert fast[1]["stop_loss_abs"] == 1.5
    assert first[3]["trade_id"] not in {view["trade_id"] for view in fast}


def test_the_sessions_own_uncommitted_change_is_seen(database):
    _add_open_trades(6)
    query = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)
    first, _ = _views_and_orm_views(query)
    session = get_session()
    open_trade_views(session, query, _rate_of)
    trade = session.get(Trade, first[0]["trade_id"])
    trade.stop_loss = 1.25
    session.flush()
    changed = open_trade_views(session, query, _rate_of)
    session.rollback()
    again = open_trade_views(session, query, _rate_of)
    remove_session()
    assert changed[0]["stop_loss_abs"] == 1.25
    assert again[0]["stop_loss_abs"] == first[0]["stop_loss_abs"]


def test_an_unchanged_sqlite_database_is_not_read_again(db_file):
    _add_open_trades(8)
    query = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)
    statements: list[str] = []
    first = open_trade_views(get_session(), query, _rate_of)
    remove_session()
    session = get_session()
    session.connection().connection.dbapi_connection.set_trace_callback(statements.append)
    try:
        again = open_trade_views(session, query, _rate_of)
    finally:
        session.connection().connection.dbapi_connection.set_trace_callback(None)
    remove_session()
    assert again == first
    assert statements and not [s for s in statements if "FROM trades" in s]


def _with_fiat(view: dict) -> dict:
    view["profit_fiat"] = 0.0 if view["nr_of_successful_entries"] == 0 else None
    return view


def test_serialised_answers_are_the_dict_answers_serialised(database):
    """The bytes of ``/status`` are joined from each trade's kept bytes and, unchanged, the
    whole last answer: always the bytes of the dict answer."""
    _add_open_trades(25)
    query = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)

    def both(rate_of) -> tuple[bytes, bytes, bytes]:
        fast = open_trades_json(get_session(), query, rate_of, _with_fiat)
        remove_session()
        fresh = open_trades_json(get_session(), query, rate_of, _with_fiat, reuse=False)
        remove_session()
        slow = json_dumps([_with_fiat(open_trade_view(t, rate_of(t.pair, t.is_short)))
                           for t in get_session().scalars(query).all()])
        remove_session()
        return fast, fresh, slow

    first = both(_rate_of)
    assert first[0] == first[1] == first[2]
    assert both(_rate_of)[0] is first[0]  # nothing changed: the same answer
    trade = get_session().get(Trade, 3)
    trade.adjust_stop_loss(2.5, -0.01)
    Trade.commit()
    remove_session()
    moved = both(_rate_of)
    assert moved[0] == moved[1] == moved[2] != first[0]
    repriced = both(lambda pair, short: 2.5)
    assert repriced[0] == repriced[1] == repriced[2] != moved[0]
    assert open_trades_json(get_session(), query.where(Trade.id < 0), _rate_of,
                            _with_fiat) == b"[]"
