"""The database file itself: pragmas, freqtrade's exact layout, opening freqtrade's files."""
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest

from freqtrade.exceptions import OperationalException
from freqtrade.persistence import (
    KeyValueStore,
    Trade,
    close_db,
    get_engine,
    get_session,
    init_db,
    remove_session,
)

DDL = (Path(__file__).parent / "freqtrade_2026_9_schema.sql").read_text()
TABLES = ("trades", "orders", "pairlocks", "KeyValueStore", "trade_custom_data",
          "wallet_history")


def test_sqlite_file_uses_rollback_journal_busy_timeout_and_foreign_keys(db_file):
    with get_engine().connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sqlite3.connect(db_file).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def _wal_file_with_trade_only_in_its_wal(tmp_path) -> Path:
    """A WAL-mode file as a killed process leaves it: the trade is in -wal, not the file."""
    source = tmp_path / "writer.sqlite"
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.executescript(DDL)
    conn.execute(
        "INSERT INTO trades (id, exchange, pair, is_open, fee_open, fee_close, open_rate, "
        "stake_amount, amount, open_date, strategy, trading_mode, leverage, is_short, "
        "interest_rate, is_stop_loss_trailing, record_version) VALUES (3, 'binance', "
        "'BTC/USDT', 1, 0.001, 0.001, 60000.0, 60.0, 0.001, '2025-01-01 10:00:00.000000', "
        "'S', 'SPOT', 1.0, 0, 0.0, 0, 2)")
    conn.commit()
    path = tmp_path / "killed.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").write_bytes(Path(f"{source}{suffix}").read_bytes())
    conn.close()
    assert sqlite3.connect(f"file:{path}?immutable=1", uri=True).execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'trades'").fetchone()[0] == 0
    return path


def test_a_wal_mode_file_is_switched_to_the_rollback_journal_keeping_its_wal(tmp_path):
    path = _wal_file_with_trade_only_in_its_wal(tmp_path)
    init_db(f"sqlite:///{path}")
    try:
        assert get_session().get(Trade, 3).pair == "BTC/USDT"
    finally:
        close_db()
    assert not Path(f"{path}-wal").exists()
    main_only = tmp_path / "main_only.sqlite"
    main_only.write_bytes(path.read_bytes())
    conn = sqlite3.connect(main_only)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT pair FROM trades WHERE id = 3").fetchone()[0] == "BTC/USDT"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_wal_file_held_open_elsewhere_still_opens_with_a_warning(tmp_path, caplog,
                                                                   monkeypatch):
    from freqtrade.persistence import db

    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "shared.sqlite"
    other = sqlite3.connect(path)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE other_program (x)")
    other.commit()
    try:
        init_db(f"sqlite:///{path}")
        try:
            assert Trade.get_open_trade_count() == 0
        finally:
            close_db()
    finally:
        other.close()
    assert "stays in WAL mode" in caplog.text


def test_our_tables_match_freqtrades_columns_exactly(tmp_path):
    reference = sqlite3.connect(tmp_path / "ref.sqlite")
    reference.executescript(DDL)
    init_db(f"sqlite:///{tmp_path / 'ours.sqlite'}")
    close_db()
    ours = sqlite3.connect(tmp_path / "ours.sqlite")
    for table in TABLES:
        expected = [row[1:4] for row in reference.execute(f'PRAGMA table_info("{table}")')]
        actual = [row[1:4] for row in ours.execute(f'PRAGMA table_info("{table}")')]
        assert actual == expected, table
    ref_indexes = {r[0] for r in reference.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND name LIKE 'ix_%'")}
    our_indexes = {r[0] for r in ours.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND name LIKE 'ix_%'")}
    assert ref_indexes <= our_indexes
    assert {i for i in our_indexes - ref_indexes if not i.startswith("ix_ft_")} == set()


def _freqtrade_file(tmp_path) -> Path:
    """A database as freqtrade 2026.9 writes it, with one closed trade and its orders."""
    path = tmp_path / "freqtrade.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(DDL)
    conn.execute(
        "INSERT INTO trades (id, exchange, pair, base_currency, stake_currency, is_open, "
        "fee_open, fee_close, open_rate, open_trade_value, close_rate, realized_profit, "
        "close_profit, close_profit_abs, stake_amount, max_stake_amount, amount, open_date, "
        "close_date, stop_loss, stop_loss_pct, initial_stop_loss, initial_stop_loss_pct, "
        "is_stop_loss_trailing, exit_reason, strategy, timeframe, trading_mode, leverage, "
        "is_short, interest_rate, record_version) VALUES (7, 'binance', 'ETH/USDT', 'ETH', "
        "'USDT', 0, 0.001, 0.001, 2000.0, 100.1, 2100.0, 4.8951, 0.04890, 4.8951, 100.0, 100.0,"
        " 0.05, '2025-01-01 10:00:00.000000', '2025-01-01 12:30:00.000000', 1800.0, -0.1, "
        "1800.0, -0.1, 0, 'roi', 'OldStrategy', 5, 'SPOT', 1.0, 0, 0.0, 2)")
    for oid, side, price, date in ((1, "buy", 2000.0, "2025-01-01 10:00:00.000000"),
                                   (2, "sell", 2100.0, "2025-01-01 12:30:00.000000")):
        conn.execute(
            "INSERT INTO orders (id, ft_trade_id, ft_order_side, ft_pair, ft_is_open, "
            "ft_amount, ft_price, order_id, status, symbol, order_type, side, price, average,"
            " amount, filled, remaining, cost, order_date, order_filled_date) VALUES "
            "(?, 7, ?, 'ETH/USDT', 0, 0.05, ?, ?, 'closed', 'ETH/USDT', 'limit', ?, ?, ?, "
            "0.05, 0.05, 0.0, ?, ?, ?)",
            (oid, side, price, f"x{oid}", side, price, price, 0.05 * price, date, date))
    conn.execute("INSERT INTO KeyValueStore (key, value_type, datetime_value) VALUES "
                 "('bot_start_time', 'datetime', '2024-12-31 09:00:00.000000')")
    conn.commit()
    conn.close()
    return path


def test_opens_a_freqtrade_database_unchanged(tmp_path):
    path = _freqtrade_file(tmp_path)
    before = sqlite3.connect(path).execute('PRAGMA table_info("trades")').fetchall()
    init_db(f"sqlite:///{path}")
    try:
        trade = get_session().get(Trade, 7)
        assert trade.pair == "ETH/USDT" and not trade.is_open
        assert [o.ft_order_side for o in trade.orders] == ["buy", "sell"]
        data = trade.to_json()
        assert data["close_date"] == "2025-01-01 12:30:00"
        assert data["trade_duration"] == 150 and data["trading_mode"] == "spot"
        assert data["profit_abs"] == 4.8951
        assert KeyValueStore.get_datetime_value("bot_start_time") == \
            datetime.fromisoformat("2024-12-31 09:00:00+00:00")
    finally:
        close_db()
    after = sqlite3.connect(path).execute('PRAGMA table_info("trades")').fetchall()
    assert after == before  # freqtrade's columns untouched


def test_our_indexes_are_added_to_a_freqtrade_file(tmp_path):
    """freqtrade's file has two trade indexes; the history queries need ours as well."""
    path = _freqtrade_file(tmp_path)
    init_db(f"sqlite:///{path}")
    close_db()
    with sqlite3.connect(path) as conn:
        indexes = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trades'")}
        plan = " ".join(str(row) for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT close_date FROM trades WHERE is_open = 0 "
            "AND close_date >= '2025-01-01'"))
    assert {"ix_trades_is_open", "ix_trades_pair", "ix_ft_trades_close_date",
            "ix_ft_trades_is_open_close_date"} <= indexes
    assert "ix_ft_trades" in plan  # the daily/weekly query no longer scans every trade


def test_older_file_missing_a_table_and_columns_is_upgraded(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(DDL.replace("funding_fee_running FLOAT, \n", ""))
    conn.execute("DROP TABLE trade_custom_data")
    conn.commit()
    conn.close()
    init_db(f"sqlite:///{path}")
    close_db()
    conn = sqlite3.connect(path)
    names = {r[1] for r in conn.execute('PRAGMA table_info("trades")')}
    assert "funding_fee_running" in names
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='trade_custom_data'") \
        .fetchone()


def test_bad_url_is_a_clear_error():
    with pytest.raises(OperationalException, match="Invalid database URL"):
        init_db("not a url at all")
    with pytest.raises(OperationalException, match="postgres"):
        init_db("postgresql+nosuchdriver://user:pw@localhost/db")


def test_two_threads_read_and_write_one_database(database):
    errors = []

    def writer():
        try:
            for i in range(30):
                get_session().add(Trade(pair=f"P{i}/USDT", exchange="simulated", amount=1.0,
                                        open_rate=1.0, stake_amount=1.0, fee_open=0.001,
                                        fee_close=0.001, is_open=True))
                Trade.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            remove_session()

    def reader():
        try:
            for _ in range(60):
                Trade.get_open_trade_count()
                remove_session()
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert Trade.get_open_trade_count() == 30


def test_fetch_rows_matches_the_orm_query(tmp_path):
    """The raw SQLite path returns what SQLAlchemy would, with bound parameters in order."""
    from sqlalchemy import String, cast, select

    from freqtrade.persistence.db import fetch_rows

    path = _freqtrade_file(tmp_path)
    init_db(f"sqlite:///{path}")
    try:
        statement = (select(Trade.id, Trade.pair, Trade.close_profit_abs,
                            cast(Trade.close_date, String))
                     .where(Trade.is_open.is_(False), Trade.pair.in_(["ETH/USDT", "X/Y"]),
                            Trade.id > 0).order_by(Trade.id))
        expected = [tuple(row) for row in get_session().execute(statement)]
        assert expected and fetch_rows(statement) == expected
    finally:
        close_db()
