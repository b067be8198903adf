"""The database itself notes which trades changed, whoever wrote them."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

from sqlalchemy import create_engine, update

from freqtrade.persistence import Trade, get_engine, trade_changes
from tests.ledger.history_writer import HistoryWriter


def _noted_after(mark: int) -> tuple[frozenset[int], int]:
    with get_engine().connect() as conn:
        changes = trade_changes.changes_since(conn, mark)
    return changes.trade_ids, changes.mark


def _mark() -> int:
    with get_engine().connect() as conn:
        return trade_changes.current_mark(conn)


def test_closes_edits_deletes_and_order_writes_are_noted_open_trade_moves_are_not(database):
    engine = get_engine()
    writer = HistoryWriter(3)
    with engine.begin() as conn:
        writer.open_trade(conn)   # trade 1, with its entry order: noted (volume)
        writer.open_trade(conn)   # trade 2
    mark = _mark()
    with engine.begin() as conn:
        writer.move_open_stoploss(conn)
        conn.execute(update(Trade).where(Trade.id == 1).values(stop_loss=0.5, max_rate=9.0))
    assert _noted_after(mark)[0] == frozenset()
    with engine.begin() as conn:
        conn.execute(update(Trade).where(Trade.id == 2).values(is_open=False))
    noted, mark = _noted_after(mark)
    assert noted == {2}
    with engine.begin() as conn:
        conn.execute(update(Trade).where(Trade.id == 2).values(exit_reason="edited"))
        writer.delete_trade(conn)
    noted, mark = _noted_after(mark)
    assert 2 in noted
    assert _noted_after(mark)[0] == frozenset()  # nothing since the last mark


def test_a_write_by_another_process_is_noted(database):
    engine = get_engine()
    with engine.begin() as conn:
        HistoryWriter(4).insert_closed(conn)
    mark = _mark()
    script = textwrap.dedent("""
        import sys
        from sqlalchemy import create_engine, text
        engine = create_engine(sys.argv[1])
        with engine.begin() as conn:
            conn.execute(text("UPDATE trades SET close_profit_abs = 42 WHERE id = 1"))
    """)
    done = subprocess.run([sys.executable, "-c", script, database], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert _noted_after(mark)[0] == {1}


def test_rolled_back_writes_are_not_noted(database):
    engine = get_engine()
    with engine.begin() as conn:
        HistoryWriter(5).insert_closed(conn)
    mark = _mark()
    with engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(update(Trade).where(Trade.id == 1).values(close_profit_abs=7.0))
        transaction.rollback()
    assert _noted_after(mark)[0] == frozenset()
    if engine.dialect.name == "sqlite":  # a sqlite3 shell or script
        raw = sqlite3.connect(engine.url.database)
        raw.execute("UPDATE trades SET exit_reason = 'shell' WHERE id = 1")
        raw.commit()
        raw.close()
        assert _noted_after(mark)[0] == {1}


def test_a_change_committed_after_a_later_one_is_still_noted(postgres_url):
    """PostgreSQL commits concurrently: a transaction that started first but commits last
    must not fall below the reader's mark."""
    from freqtrade.persistence import close_db, init_db

    init_db(postgres_url)
    try:
        engine = get_engine()
        writer = HistoryWriter(6)
        with engine.begin() as conn:
            writer.insert_closed(conn)
            writer.insert_closed(conn)
        mark = _mark()
        other = create_engine(postgres_url)
        with engine.connect() as first, other.connect() as second:
            slow = first.begin()
            first.execute(update(Trade).where(Trade.id == 1).values(close_profit_abs=1.0))
            quick = second.begin()
            second.execute(update(Trade).where(Trade.id == 2).values(close_profit_abs=2.0))
            quick.commit()
            noted, mark = _noted_after(mark)
            assert noted == {2}
            slow.commit()
        noted, mark = _noted_after(mark)
        assert 1 in noted
        other.dispose()
    finally:
        close_db()


def test_reading_rows_in_batches_leaves_the_sessions_connection_usable_for_bulk_writes(database):
    """A streamed read must not leave streaming switched on for the session's connection
    (PostgreSQL cannot run executemany on a server-side cursor)."""
    from sqlalchemy import insert, select

    from freqtrade.persistence import KeyValueStore, get_session
    from freqtrade.persistence.db import fetch_rows

    session = get_session()
    assert fetch_rows(select(Trade.id)) == []
    session.execute(insert(KeyValueStore), [
        {"key": f"k{i}", "value_type": "str", "string_value": "v"} for i in range(3)])
    session.commit()
    assert len(fetch_rows(select(KeyValueStore.key))) >= 3


def test_triggers_carried_off_by_a_table_rename_are_made_again_on_the_new_table(tmp_path):
    """A migration that renames ``trades`` and copies it into a new table takes SQLite's
    triggers along to the renamed table; the next open puts them on the new one."""
    from freqtrade.persistence import close_db, init_db

    path = tmp_path / "renamed.sqlite"
    init_db(f"sqlite:///{path}")
    close_db()
    raw = sqlite3.connect(path)
    creates = {table: raw.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                  (table,)).fetchone()[0] for table in ("trades", "orders")}
    for table, create in creates.items():  # as such a migration does
        raw.execute(f"ALTER TABLE {table} RENAME TO {table}_bak")
        for (index,) in list(raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL", (f"{table}_bak",))):
            raw.execute(f'DROP INDEX "{index}"')
        raw.execute(create)
        raw.execute(f"INSERT INTO {table} SELECT * FROM {table}_bak")
    raw.commit()
    moved = {name for name, table in raw.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        if table.endswith("_bak")}
    raw.close()
    assert "ft_trades_update_noted" in moved and "ft_trades_update_open" in moved
    init_db(f"sqlite:///{path}")
    try:
        tables = {name: table for name, table in sqlite3.connect(path).execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")}
        assert {tables[name] for name in moved} == {"trades", "orders"}
        mark = _mark()
        with get_engine().begin() as conn:
            HistoryWriter(6).insert_closed(conn)
        assert len(_noted_after(mark)[0]) == 1
    finally:
        close_db()
