"""A freqtrade 2026.9 database, written row by row as freqtrade writes it, opened by our bot.

The file is built from freqtrade's own DDL with plain SQL INSERTs (30 closed trades over six
days and five pairs, one of them with a partial exit, 3 open trades, pair locks and the
``bot_start_time`` row). Our bot then starts on it, answers the API from that history, keeps
trading on it, and leaves a file freqtrade can still read.
"""
from __future__ import annotations

import re
import sqlite3
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from freqtrade.exchange.simulated import pair_price
from tests.compat.conftest import DDL_FILE, running_bot

CLOSED_PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT"]
OPEN_PAIRS = ["LINK/USDT", "DOT/USDT", "AVAX/USDT"]
NEW_PAIR = "NEAR/USDT"
BASE_PRICES = {"BTC/USDT": 64000.0, "ETH/USDT": 3100.0, "SOL/USDT": 148.0,
               "XRP/USDT": 0.52, "ADA/USDT": 0.44}
FEE = 0.001
FT_DATE = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores freqtrade's DateTime columns
FT_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?$")

QUIET_STRATEGY = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class CompatQuietStrategy(IStrategy):
    """Never signals: trades only come from the database file and from the API."""
    timeframe = "1m"
    minimal_roi = {"0": 100.0}
    stoploss = -0.99
    startup_candle_count = 0

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
'''

TRADE_COLUMNS = (
    "id", "exchange", "pair", "base_currency", "stake_currency", "is_open", "fee_open",
    "fee_open_cost", "fee_open_currency", "fee_close", "fee_close_cost", "fee_close_currency",
    "open_rate", "open_rate_requested", "open_trade_value", "close_rate",
    "close_rate_requested", "realized_profit", "close_profit", "close_profit_abs",
    "stake_amount", "max_stake_amount", "amount", "amount_requested", "open_date",
    "close_date", "stop_loss", "stop_loss_pct", "initial_stop_loss", "initial_stop_loss_pct",
    "is_stop_loss_trailing", "max_rate", "min_rate", "exit_reason", "exit_order_status",
    "strategy", "enter_tag", "timeframe", "trading_mode", "amount_precision",
    "price_precision", "precision_mode", "precision_mode_price", "contract_size", "leverage",
    "is_short", "liquidation_price", "interest_rate", "funding_fees", "funding_fee_running",
    "record_version")
ORDER_COLUMNS = (
    "ft_trade_id", "ft_order_side", "ft_pair", "ft_is_open", "ft_amount", "ft_price",
    "order_id", "status", "symbol", "order_type", "side", "price", "average", "amount",
    "filled", "remaining", "cost", "order_date", "order_filled_date", "order_update_date",
    "funding_fee", "ft_fee_base", "ft_order_tag")


def _date(dt: datetime) -> str:
    return dt.replace(tzinfo=None).strftime(FT_DATE)


def _trade_row(**values) -> dict:
    """A trades row with the values freqtrade fills for a spot long trade."""
    pair = values["pair"]
    row = dict.fromkeys(TRADE_COLUMNS)
    row.update({
        "exchange": "binance", "base_currency": pair.split("/")[0], "stake_currency": "USDT",
        "fee_open": FEE, "fee_open_currency": "USDT", "fee_close": FEE,
        "is_stop_loss_trailing": 0, "strategy": "SampleStrategy", "timeframe": 5,
        "trading_mode": "SPOT", "precision_mode": 4, "precision_mode_price": 4,
        "contract_size": 1.0, "leverage": 1.0, "is_short": 0, "interest_rate": 0.0,
        "funding_fees": 0.0, "record_version": 2, "stop_loss_pct": -0.1,
        "initial_stop_loss_pct": -0.1, "amount_precision": 0.0001, "price_precision": 0.0001,
    })
    row.update(values)
    row["open_rate_requested"] = row["open_rate"]
    row["stop_loss"] = row["initial_stop_loss"] = round(row["open_rate"] * 0.9, 8)
    return row


def _order_row(trade_id: int, pair: str, side: str, amount: float, price: float,
               when: datetime, index: int, tag: str | None) -> dict:
    return {"ft_trade_id": trade_id, "ft_order_side": side, "ft_pair": pair, "ft_is_open": 0,
            "ft_amount": amount, "ft_price": price,
            "order_id": f"dry_run_{side}_{pair}_{trade_id}_{index}", "status": "closed",
            "symbol": pair, "order_type": "limit", "side": side, "price": price,
            "average": price, "amount": amount, "filled": amount, "remaining": 0.0,
            "cost": amount * price, "order_date": _date(when), "order_filled_date": _date(when),
            "order_update_date": _date(when), "funding_fee": 0.0, "ft_fee_base": None,
            "ft_order_tag": tag}


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', tuple(row.values()))


def build_freqtrade_file(path, now: datetime) -> dict:
    """Write the database; returns the closed/open rows and the lock for the assertions."""
    conn = sqlite3.connect(path)
    conn.executescript(DDL_FILE.read_text())
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    closed, opened, orders = [], [], []
    for trade_id in range(1, 30):
        pair = CLOSED_PAIRS[trade_id % 5]
        day = today - timedelta(days=1 + trade_id % 6)
        open_date = day + timedelta(hours=2, minutes=trade_id, seconds=7, microseconds=123456)
        close_date = open_date + timedelta(hours=3, minutes=trade_id)
        open_rate = round(BASE_PRICES[pair] * (1 + trade_id / 1000), 6)
        close_rate = round(open_rate * (1 + ((trade_id * 7) % 11 - 5) / 100), 6)
        amount = round(100 / open_rate, 4)
        open_value = amount * open_rate * (1 + FEE)
        close_value = amount * close_rate * (1 - FEE)
        profit_abs = round(close_value - open_value, 8)
        tag = "rsi_dip" if trade_id % 3 else None
        reason = ("roi", "exit_signal", "stop_loss")[trade_id % 3]
        closed.append(_trade_row(
            id=trade_id, pair=pair, is_open=0, open_rate=open_rate, close_rate=close_rate,
            close_rate_requested=close_rate, amount=amount, amount_requested=amount,
            stake_amount=round(amount * open_rate, 8),
            max_stake_amount=round(amount * open_rate, 8),
            open_trade_value=round(open_value, 8), fee_open_cost=amount * open_rate * FEE,
            fee_close_cost=amount * close_rate * FEE, fee_close_currency="USDT",
            realized_profit=profit_abs, close_profit_abs=profit_abs,
            close_profit=close_value / open_value - 1, open_date=_date(open_date),
            close_date=_date(close_date), exit_reason=reason, exit_order_status="closed",
            enter_tag=tag, max_rate=max(open_rate, close_rate),
            min_rate=min(open_rate, close_rate)))
        orders.append(_order_row(trade_id, pair, "buy", amount, open_rate, open_date, 1, tag))
        orders.append(_order_row(trade_id, pair, "sell", amount, close_rate, close_date, 2,
                                 reason))
    # trade 30: 0.06 ETH bought, half sold (partial exit), then the rest sold
    entry, part, final = 3000.0, 3100.0, 3150.0
    open_date = today - timedelta(days=2, hours=-5)
    part_date, close_date = open_date + timedelta(hours=1), open_date + timedelta(hours=2)
    open_value_rest = 0.03 * entry * (1 + FEE)
    profit_part = 0.03 * part * (1 - FEE) - open_value_rest
    profit_rest = 0.03 * final * (1 - FEE) - open_value_rest
    total = round(profit_part + profit_rest, 8)
    closed.append(_trade_row(
        id=30, pair="ETH/USDT", is_open=0, open_rate=entry, close_rate=final,
        close_rate_requested=final, amount=0.03, amount_requested=0.06, stake_amount=90.0,
        max_stake_amount=180.0, open_trade_value=round(open_value_rest, 8),
        fee_open_cost=0.18, fee_close_cost=0.03 * final * FEE, fee_close_currency="USDT",
        realized_profit=total, close_profit_abs=total, close_profit=total / 180.18,
        open_date=_date(open_date), close_date=_date(close_date), exit_reason="exit_signal",
        exit_order_status="closed", enter_tag="dca", max_rate=final, min_rate=entry))
    orders += [_order_row(30, "ETH/USDT", "buy", 0.06, entry, open_date, 1, "dca"),
               _order_row(30, "ETH/USDT", "sell", 0.03, part, part_date, 2, "take_half"),
               _order_row(30, "ETH/USDT", "sell", 0.03, final, close_date, 3, "exit_signal")]
    # three open trades, entered slightly above the current simulated price
    for trade_id, pair in enumerate(OPEN_PAIRS, start=31):
        price = float(pair_price(pair, np.array([float(int(now.timestamp()))]))[0])
        open_rate = round(price * 1.01, 4)
        amount = round(100 / open_rate, 2)
        open_date = now - timedelta(hours=20 - trade_id)
        opened.append(_trade_row(
            id=trade_id, pair=pair, is_open=1, open_rate=open_rate, amount=amount,
            amount_requested=amount, stake_amount=round(amount * open_rate, 8),
            max_stake_amount=round(amount * open_rate, 8),
            open_trade_value=round(amount * open_rate * (1 + FEE), 8),
            fee_open_cost=amount * open_rate * FEE, realized_profit=0.0,
            open_date=_date(open_date), enter_tag="rsi_dip", max_rate=open_rate,
            min_rate=open_rate))
        orders.append(_order_row(trade_id, pair, "buy", amount, open_rate, open_date, 1,
                                 "rsi_dip"))
    for row in closed + opened:
        _insert(conn, "trades", row)
    for row in orders:
        _insert(conn, "orders", row)
    lock = {"pair": "XRP/USDT", "side": "*", "reason": "Freqtrade cooldown",
            "lock_time": _date(now - timedelta(hours=1)),
            "lock_end_time": _date(now + timedelta(days=1)), "active": 1}
    _insert(conn, "pairlocks", lock)
    _insert(conn, "pairlocks", {**lock, "pair": "ADA/USDT", "reason": "expired",
                                "lock_end_time": _date(now - timedelta(minutes=5))})
    bot_start = (now - timedelta(days=40)).replace(microsecond=0)
    _insert(conn, "KeyValueStore", {"key": "bot_start_time", "value_type": "datetime",
                                    "datetime_value": _date(bot_start)})
    conn.commit()
    conn.close()
    return {"closed": closed, "open": opened, "orders": orders, "lock": lock,
            "bot_start": bot_start}


def ok(response):
    assert response.status_code == 200, response.text
    return response.json()


def _table_info(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return [row[1:4] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _closed_rows(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM trades WHERE is_open = 0 ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """The bot on the freqtrade file; yields (bot, data, path) and stops it afterwards."""
    tmp = tmp_path_factory.mktemp("ftdb")
    path = tmp / "tradesv3.sqlite"
    data = build_freqtrade_file(path, datetime.now(UTC))
    data["closed_before"] = _closed_rows(path)
    pairs = CLOSED_PAIRS + [NEW_PAIR]
    with running_bot(tmp, path, "CompatQuietStrategy", QUIET_STRATEGY, pairs) as bot:
        yield bot, data, path


def test_status_shows_the_three_open_trades_with_a_current_rate(session):
    bot, data, _ = session
    status = ok(bot.get("status"))
    by_id = {t["trade_id"]: t for t in status}
    assert sorted(by_id) == [31, 32, 33]
    for row in data["open"]:
        trade = by_id[row["id"]]
        assert trade["pair"] == row["pair"]
        assert trade["open_rate"] == pytest.approx(row["open_rate"])
        assert trade["amount"] == pytest.approx(row["amount"])
        assert trade["enter_tag"] == "rsi_dip" and trade["strategy"] == "SampleStrategy"
        assert trade["exchange"] == "binance" and trade["trading_mode"] == "spot"
        assert trade["is_open"] is True and trade["has_open_orders"] is False
        live = float(pair_price(row["pair"], np.array([time.time()]))[0])
        assert trade["current_rate"] == pytest.approx(live, rel=0.01)
        expected = (row["amount"] * trade["current_rate"] * (1 - FEE)
                    - row["open_trade_value"])
        assert trade["profit_abs"] == pytest.approx(expected, abs=1e-6)
        assert trade["stop_loss_abs"] == pytest.approx(row["stop_loss"])
        assert [o["ft_order_side"] for o in trade["orders"]] == ["buy"]
        assert trade["open_date"] == row["open_date"][:19]


def test_trades_lists_the_closed_history_with_freqtrades_values(session):
    bot, data, _ = session
    body = ok(bot.get("trades", params={"limit": 500}))
    assert body["total_trades"] == 30 and body["trades_count"] == 30
    by_id = {t["trade_id"]: t for t in body["trades"]}
    for row in data["closed"]:
        trade = by_id[row["id"]]
        assert trade["pair"] == row["pair"] and trade["is_open"] is False
        assert trade["close_profit_abs"] == pytest.approx(row["close_profit_abs"])
        assert trade["profit_abs"] == pytest.approx(row["close_profit_abs"])
        assert trade["profit_ratio"] == pytest.approx(row["close_profit"])
        assert trade["close_rate"] == pytest.approx(row["close_rate"])
        assert trade["exit_reason"] == row["exit_reason"]
        assert trade["enter_tag"] == row["enter_tag"]
        assert trade["close_date"] == row["close_date"][:19]
        assert trade["amount"] == pytest.approx(row["amount"])
    partial = by_id[30]
    assert [o["ft_order_side"] for o in partial["orders"]] == ["buy", "sell", "sell"]
    assert partial["nr_of_successful_exits"] == 2
    assert partial["max_stake_amount"] == pytest.approx(180.0)
    assert partial["realized_profit"] == pytest.approx(data["closed"][-1]["realized_profit"])


def test_profit_adds_up_the_inserted_rows(session):
    bot, data, _ = session
    profit = ok(bot.get("profit"))
    closed = data["closed"]
    assert profit["trade_count"] == 33
    assert profit["closed_trade_count"] == 30
    assert profit["profit_closed_coin"] == pytest.approx(
        sum(r["close_profit_abs"] for r in closed), abs=1e-6)
    assert profit["winning_trades"] == sum(1 for r in closed if r["close_profit"] >= 0)
    assert profit["losing_trades"] == sum(1 for r in closed if r["close_profit"] < 0)
    assert profit["profit_closed_ratio_mean"] == pytest.approx(
        sum(r["close_profit"] for r in closed) / 30)
    assert profit["bot_start_date"] == data["bot_start"].strftime("%Y-%m-%d %H:%M:%S")
    assert profit["first_trade_timestamp"] == int(
        datetime.strptime(closed[0]["open_date"], FT_DATE).replace(tzinfo=UTC)
        .timestamp() * 1000)


def test_performance_sums_per_pair(session):
    bot, data, _ = session
    expected_abs: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    entry_cost: dict[str, float] = defaultdict(float)
    for row in data["closed"]:
        expected_abs[row["pair"]] += row["close_profit_abs"]
        counts[row["pair"]] += 1
    for order in data["orders"]:
        if order["ft_order_side"] == "buy" and order["ft_trade_id"] <= 30:
            entry_cost[order["ft_pair"]] += order["cost"]
    performance = ok(bot.get("performance"))
    assert {p["pair"] for p in performance} == set(CLOSED_PAIRS)
    for item in performance:
        pair = item["pair"]
        assert item["count"] == counts[pair]
        assert item["profit_abs"] == pytest.approx(expected_abs[pair], abs=1e-6)
        assert item["profit_ratio"] == pytest.approx(expected_abs[pair] / entry_cost[pair])
    ordered = [p["profit_abs"] for p in performance]
    assert ordered == sorted(ordered, reverse=True)


def test_daily_puts_profit_on_the_close_dates(session):
    bot, data, _ = session
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for row in data["closed"]:
        day = row["close_date"][:10]
        sums[day] += row["close_profit_abs"]
        counts[day] += 1
    daily = {d["date"]: d for d in ok(bot.get("daily", params={"timescale": 10}))["data"]}
    assert len(sums) >= 6
    for day, total in sums.items():
        assert daily[day]["abs_profit"] == pytest.approx(total, abs=1e-6)
        assert daily[day]["trade_count"] == counts[day]
    assert sum(d["trade_count"] for d in daily.values()) == 30


def test_locks_show_the_active_freqtrade_lock_only(session):
    bot, data, _ = session
    locks = ok(bot.get("locks"))
    assert locks["lock_count"] == 1
    lock = locks["locks"][0]
    assert lock["pair"] == "XRP/USDT" and lock["side"] == "*"
    assert lock["reason"] == "Freqtrade cooldown" and lock["active"] is True
    assert lock["lock_end_time"] == data["lock"]["lock_end_time"][:19]


def test_trading_continues_on_the_freqtrade_history(session):
    bot, data, path = session
    entered = ok(bot.post("forceenter", {"pair": NEW_PAIR, "ordertype": "market",
                                         "stakeamount": 40}))
    assert entered["pair"] == NEW_PAIR
    new_id = entered["trade_id"]
    assert new_id == 34  # continues after freqtrade's ids
    link = next(r for r in data["open"] if r["pair"] == "LINK/USDT")
    ok(bot.post("forceexit", {"tradeid": str(link["id"]), "ordertype": "market"}))

    status = ok(bot.get("status"))
    assert sorted(t["trade_id"] for t in status) == [32, 33, new_id]
    closed_link = ok(bot.get(f"trade/{link['id']}"))
    assert closed_link["is_open"] is False and closed_link["exit_reason"] == "force_exit"
    expected = (link["amount"] * closed_link["close_rate"] * (1 - FEE)
                - link["open_trade_value"])
    assert closed_link["close_profit_abs"] == pytest.approx(expected, abs=1e-6)
    assert [o["ft_order_side"] for o in closed_link["orders"]] == ["buy", "sell"]

    profit = ok(bot.get("profit"))
    assert profit["closed_trade_count"] == 31 and profit["trade_count"] == 34
    assert profit["profit_closed_coin"] == pytest.approx(
        sum(r["close_profit_abs"] for r in data["closed"]) + closed_link["close_profit_abs"],
        abs=1e-6)
    assert ok(bot.get("trades"))["total_trades"] == 31
    assert ok(bot.get("profit"))["bot_start_date"] == \
        data["bot_start"].strftime("%Y-%m-%d %H:%M:%S")
    # freqtrade's closed history is untouched by our bot
    assert [r for r in _closed_rows(path) if r[0] <= 30] == data["closed_before"]


def test_file_is_still_a_freqtrade_database(session, tmp_path):
    """Run last in the module: every freqtrade table/column unchanged, values readable."""
    _, _, path = session
    reference = sqlite3.connect(tmp_path / "reference.sqlite")
    reference.executescript(DDL_FILE.read_text())
    ours = sqlite3.connect(path)
    try:
        ref_tables = {r[0] for r in reference.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        our_tables = {r[0] for r in ours.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        assert ref_tables <= our_tables
        assert our_tables - ref_tables <= {"ft_schema_version", "ft_revoked_api_sessions",
                                           "ft_api_audit_log", "ft_trade_changes",
                                           "ft_open_trades_version"}
        for table in sorted(ref_tables):
            expected = _table_info(reference, table)
            actual = _table_info(ours, table)
            # same columns, same declared types and nullability, in freqtrade's order;
            # columns of our own may only be appended (and must be nullable)
            assert actual[:len(expected)] == expected, table
            assert all(not notnull for _n, _t, notnull in actual[len(expected):]), table
        ref_indexes = {r[0] for r in reference.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND name LIKE 'ix_%'")}
        our_indexes = {r[0] for r in ours.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND name LIKE 'ix_%'")}
        assert ref_indexes <= our_indexes

        # values freqtrade's models can load: enum names, booleans, naive UTC date strings
        modes = {r[0] for r in ours.execute("SELECT DISTINCT trading_mode FROM trades")}
        assert modes <= {"SPOT", "MARGIN", "FUTURES"}
        for column in ("is_open", "is_short", "is_stop_loss_trailing"):
            values = {r[0] for r in ours.execute(f"SELECT DISTINCT {column} FROM trades")}
            assert values <= {0, 1}, column
        sides = {r[0] for r in ours.execute("SELECT DISTINCT ft_order_side FROM orders")}
        assert sides <= {"buy", "sell", "stoploss"}
        for table, column in (("trades", "open_date"), ("trades", "close_date"),
                              ("orders", "order_date"), ("orders", "order_filled_date"),
                              ("pairlocks", "lock_end_time"),
                              ("KeyValueStore", "datetime_value")):
            for (value,) in ours.execute(f'SELECT {column} FROM "{table}" '
                                         f"WHERE {column} IS NOT NULL"):
                assert isinstance(value, str) and FT_DATE_RE.match(value), (table, value)
        new_trade = ours.execute("SELECT exchange, record_version, stake_currency, "
                                 "base_currency, leverage FROM trades WHERE pair = ?",
                                 (NEW_PAIR,)).fetchone()
        assert new_trade == ("simulated", 2, "USDT", "NEAR", 1.0)
        assert ours.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert ours.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        reference.close()
        ours.close()
