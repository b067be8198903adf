"""``Trade.get_open_trades()`` reuses the trades its session holds: always what the full ORM
query gives (the same objects, values and order), with fewer trades built.

Compared after the session's own pending changes, its commits, another connection's commits
and deletes; and a commit that writes nothing keeps the loaded trades loaded.
"""
from datetime import timedelta

from sqlalchemy import create_engine, event, inspect, select, text

from freqtrade.persistence import Trade, get_engine, get_session, remove_session
from freqtrade.persistence.held_trades import nothing_to_commit
from tests.persistence.test_trade_json import T0, _fill, _trade

FULL_QUERY = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)


def _add_trades(count: int) -> None:
    session = get_session()
    for n in range(count):
        trade = _trade(n, pair=("ETH/USDT", "SOL/USDT")[n % 2])
        session.add(trade)
        _fill(trade, f"o{n}", "buy", 10.0, 2.0 + n / 100, T0 + timedelta(minutes=n))
    Trade.commit()
    remove_session()


def _as_the_full_query_gives(committed: bool = True) -> list[Trade]:
    """The open trades through ``get_open_trades``, checked against the full query in the
    same session (the same objects in the same order) and, when the session has nothing
    uncommitted, against the stored rows (the same values)."""
    session = get_session()
    held = Trade.get_open_trades()
    full = list(session.scalars(FULL_QUERY).all())
    assert [id(t) for t in held] == [id(t) for t in full]
    if not committed:
        return held
    with get_engine().connect() as conn:  # what is stored, read on another connection
        stored = {row["id"]: dict(row) for row in conn.execute(  # (columns in another order)
            select(*reversed(Trade.__table__.columns)).where(Trade.is_open.is_(True)))
            .mappings()}
    assert [t.id for t in held] == sorted(stored)
    for trade in held:
        assert {key: getattr(trade, key) for key in stored[trade.id]} == stored[trade.id]
    return held


def _trade_row_reads() -> tuple[list[str], object]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().startswith("SELECT trades.id, trades.exchange"):
            statements.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    return statements, count


def test_open_trades_are_the_full_querys_and_built_once(database):
    _add_trades(12)
    statements, listener = _trade_row_reads()
    try:
        first = _as_the_full_query_gives()
        for _ in range(3):
            assert Trade.get_open_trades() == first
    finally:
        event.remove(get_engine(), "before_cursor_execute", listener)
    assert len(first) == 12
    # the full query of the check reads rows but builds nothing new; ours read them once
    assert len(statements) == 2
    remove_session()


def test_pending_changes_new_and_closed_trades_show(database):
    _add_trades(6)
    held = _as_the_full_query_gives()
    held[1].is_open = False  # not flushed yet: the id query flushes it first
    session = get_session()
    added = _trade(50)
    session.add(added)
    _fill(added, "new", "buy", 10.0, 2.0, T0)
    now = _as_the_full_query_gives(committed=False)
    assert held[1] not in now and added in now
    Trade.commit()  # expires every trade: they are read again
    assert all(inspect(t).expired for t in now)
    again = _as_the_full_query_gives()
    assert [t.id for t in again] == [t.id for t in now]
    remove_session()


def test_another_connections_commit_shows_after_a_commit_or_a_new_session(database):
    _add_trades(5)
    held = _as_the_full_query_gives()
    other = create_engine(database)
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE trades SET stop_loss = 1.23 WHERE id = :id"),
                         {"id": held[0].id})
            conn.execute(text("DELETE FROM orders WHERE ft_trade_id = :id"), {"id": held[2].id})
            conn.execute(text("DELETE FROM trades WHERE id = :id"), {"id": held[2].id})
        remove_session()
        fresh = _as_the_full_query_gives()
        assert fresh[0].stop_loss == 1.23
        assert held[2].id not in {t.id for t in fresh}
    finally:
        other.dispose()
    remove_session()


def test_a_commit_that_writes_nothing_keeps_the_trades_loaded(database):
    _add_trades(4)
    held = Trade.get_open_trades()
    first_id = held[0].id
    session = get_session()
    sqlite = get_engine().dialect.name == "sqlite"
    assert nothing_to_commit(session) is sqlite  # other databases cannot tell: committed
    Trade.commit()
    assert any(inspect(t).expired for t in held) is not sqlite
    held = Trade.get_open_trades()
    held[0].stop_loss = 1.5  # a change to write
    assert not nothing_to_commit(session)
    session.flush()
    assert not nothing_to_commit(session)  # flushed, not committed yet
    Trade.commit()
    assert all(inspect(t).expired for t in held)
    remove_session()
    assert get_session().get(Trade, first_id).stop_loss == 1.5
    remove_session()
