"""On a SQLite file, a ledger read with nothing committed since the ledger was last found
current runs no statement on the bot's engine (SQLite's ``data_version`` is read on a
connection of its own); any connection's commit is still seen by the next read."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from sqlalchemy import create_engine, event, func, select

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Trade, get_engine
from tests.ledger.history_writer import HistoryWriter


@contextmanager
def _statements():
    """The SQL statements SQLite runs on the connections the bot's engine hands out inside
    the block: traced by SQLite itself, so statements run on the DBAPI connection (the
    ledger's change queries) count as well as SQLAlchemy's."""
    seen: list[str] = []

    def traced(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.set_trace_callback(seen.append)

    def untraced(dbapi_connection, _record) -> None:
        dbapi_connection.set_trace_callback(None)

    engine = get_engine()
    event.listen(engine, "checkout", traced)
    event.listen(engine, "checkin", untraced)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", traced)
        event.remove(engine, "checkin", untraced)


def _sql_sum() -> float:
    with get_engine().connect() as conn:
        return float(conn.execute(select(func.sum(Trade.close_profit_abs))
                                  .where(Trade.is_open.is_(False))).scalar() or 0.0)


def test_reads_with_nothing_committed_ask_nothing_and_every_commit_is_seen(tmp_path):
    from freqtrade.persistence import close_db, init_db

    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    init_db(url)
    other = create_engine(url)
    raw = sqlite3.connect(tmp_path / "ledger.sqlite")
    writer = HistoryWriter(seed=11)
    try:
        with get_engine().begin() as conn:
            for _ in range(5):
                writer.insert_closed(conn)
        LEDGER.refresh()  # the first full read
        assert LEDGER.ready
        assert abs(LEDGER.closed_profit() - _sql_sum()) < 1e-9
        for step in range(30):
            with _statements() as asked:
                for _ in range(3):
                    LEDGER.refresh()
                    LEDGER.stamp()
            assert asked == [], f"step {step}: {asked}"
            if step % 3 == 0:  # this process's engine
                with get_engine().begin() as conn:
                    writer.random_operation(conn)
            elif step % 3 == 1:  # another engine on the file (another program's, say)
                with other.begin() as conn:
                    writer.random_operation(conn)
            else:  # Python's sqlite3 module
                raw.execute("UPDATE trades SET close_profit_abs = close_profit_abs + 0.25 "
                            "WHERE id = (SELECT MAX(id) FROM trades WHERE is_open = 0)")
                raw.commit()
            assert abs(LEDGER.closed_profit() - _sql_sum()) < 1e-9, f"step {step}"
    finally:
        raw.close()
        other.dispose()
        close_db()
