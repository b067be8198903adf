"""Killing or stopping the bot with unfilled orders loses nothing, even with only the main file.

A real ``freqtrade trade`` process gets three forced orders that stay open: an entry far below
the market, an exit far above it, and an entry the simulated market (a pure function of
time) reaches only seconds after the bot is stopped. The process is then SIGKILLed or
SIGTERMed; only the main SQLite file is copied elsewhere (what a single-file Docker volume
keeps when the container is re-created) and a new process is started on that copy: every
trade the API reported is there, the far orders are still open and the near one fills at
its price in the new process.
"""
from __future__ import annotations

import math
import shutil
import signal
import socket
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.restart.bot_process import PAIRS, BotProcess, write_config

UNFILLED_UNTIL = 8  # seconds after placement the near entry is certainly not filled
FILLED_BY = 25  # ... and by when the market reaches it


def _price_low_seen(exchange, pair: str, placed_ms: int, at_s: int) -> float:
    """The lowest price the dry-run book sees for an order placed at ``placed_ms``."""
    from freqtrade.util.clock import FrozenClock, set_clock

    set_clock(FrozenClock(datetime.fromtimestamp(at_s, UTC)))
    try:
        return exchange.price_range_since(pair, placed_ms)[0]
    finally:
        set_clock(None)


def _entry_reached_later(now_s: int, pairs: list[str]) -> tuple[str, float]:
    """(pair, buy price) the market reaches soonest in (UNFILLED_UNTIL, FILLED_BY] s."""
    from freqtrade.exchange.simulated import SimulatedExchange

    exchange = SimulatedExchange({"dry_run": True, "exchange": {"name": "simulated"}})
    best: tuple[int, str, float] | None = None
    for pair in pairs:
        tick = exchange.markets[pair]["precision"]["price"]
        lows = [_price_low_seen(exchange, pair, now_s * 1000, now_s + d)
                for d in range(FILLED_BY + 1)]
        safe_low = min(lows[:UNFILLED_UNTIL + 1])
        for d in range(UNFILLED_UNTIL + 1, FILLED_BY + 1):
            price = exchange.price_to_precision(
                pair, math.ceil(min(lows[UNFILLED_UNTIL + 1:d + 1]) / tick - 1e-9) * tick)
            if price < safe_low:
                if best is None or d < best[0]:
                    best = (d, pair, price)
                break
    assert best is not None, "the simulated market rises on every pair: no near entry"
    return best[1], best[2]


def _market_price(pair: str) -> float:
    from freqtrade.exchange.simulated import SimulatedExchange

    exchange = SimulatedExchange({"dry_run": True, "exchange": {"name": "simulated"}})
    return exchange.fetch_ticker(pair)["last"]


def _place_pending_orders(bot: BotProcess) -> dict[str, dict]:
    """Three open trades with one unfilled order each; returns what is expected of them."""
    far = bot.post("forceenter", {"pair": "BTC/USDT",
                                  "price": round(_market_price("BTC/USDT") * 0.5)})
    assert far.status_code == 200, far.text
    held = bot.post("forceenter", {"pair": "ETH/USDT", "ordertype": "market"})
    assert held.status_code == 200, held.text
    exit_price = round(_market_price("ETH/USDT") * 2)
    exited = bot.post("forceexit", {"tradeid": held.json()["trade_id"], "price": exit_price})
    assert exited.status_code == 200, exited.text
    now_s = int(time.time())
    if now_s % 60 > 50:  # the order's fill range starts at its minute: stay inside one
        time.sleep(61 - now_s % 60)
        now_s = int(time.time())
    pair, price = _entry_reached_later(now_s, [p for p in PAIRS
                                               if p not in ("BTC/USDT", "ETH/USDT")])
    near = bot.post("forceenter", {"pair": pair, "price": price})
    assert near.status_code == 200, near.text
    return {
        "far_entry": {"trade_id": far.json()["trade_id"], "side": "buy"},
        "pending_exit": {"trade_id": held.json()["trade_id"], "side": "sell",
                         "price": exit_price},
        "near_entry": {"trade_id": near.json()["trade_id"], "side": "buy", "price": price,
                       "placed": now_s},
    }


def _open_orders(status: list[dict]) -> dict[int, list[tuple[str, str]]]:
    return {t["trade_id"]: [(o["ft_order_side"], o["order_id"]) for o in t["orders"]
                            if o["is_open"]] for t in status}


def _nothing_listens_on(port: int) -> bool:
    """No listener left (connections of the old server may linger in TIME_WAIT)."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _check_main_file_alone(db_file: Path, reported_status: list[dict]) -> None:
    conn = sqlite3.connect(db_file)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored_trades = {row[0]: bool(row[1]) for row in conn.execute(
            "SELECT id, is_open FROM trades")}
        stored_orders = {row[0]: bool(row[1]) for row in conn.execute(
            "SELECT order_id, ft_is_open FROM orders")}
    finally:
        conn.close()
    for trade in reported_status:
        assert stored_trades.get(trade["trade_id"]) == trade["is_open"], trade["trade_id"]
        for order in trade["orders"]:
            assert order["order_id"] in stored_orders
    for trade_id, orders in _open_orders(reported_status).items():
        assert orders, f"trade {trade_id} had no open order before the stop"
        assert all(stored_orders[order_id] for _side, order_id in orders)


def _wait_for_fill(bot: BotProcess, trade_id: int, deadline: float) -> dict:
    while True:
        trade = bot.get(f"trade/{trade_id}").json()
        if not trade["has_open_orders"] or time.time() > deadline:
            return trade
        time.sleep(0.5)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_unfilled_orders_survive_a_stop_with_only_the_main_db_file_kept(tmp_path, sig):
    container, host = tmp_path / "container", tmp_path / "host"
    config_file = write_config(container, container / "tradesv3.sqlite")
    stopped = stop_with_pending_orders(config_file, tmp_path / "first.log", sig)

    host.mkdir()
    mounted = host / "tradesv3.sqlite"
    shutil.copyfile(container / "tradesv3.sqlite", mounted)  # no -journal, -wal or -shm
    _check_main_file_alone(mounted, stopped.reported_status)
    restart_and_check(write_config(host, mounted), tmp_path / "second.log", stopped)


@dataclass
class StoppedBot:
    """What a bot stopped with pending orders had reported, for the checks after restart."""

    expected: dict[str, dict]
    reported_status: list[dict]
    stopped_ms: float
    log: str


def stop_with_pending_orders(config_file: Path, log_file: Path,
                             sig: signal.Signals) -> StoppedBot:
    """Run the bot of ``config_file``, give it three pending orders, stop it with ``sig``."""
    first = BotProcess(config_file, log_file)
    try:
        expected = _place_pending_orders(first)
        reported_status = first.get("status").json()  # /trades lists closed trades only
    except BaseException:
        first.close()
        raise
    port = first.port
    code = first.stop(sig)
    stopped_ms = time.time() * 1000
    if sig == signal.SIGTERM:
        assert code == 0, first.log
        assert "Bot stopped." in first.log
        assert _nothing_listens_on(port)
    assert len(_open_orders(reported_status)) == 3
    return StoppedBot(expected, reported_status, stopped_ms, first.log)


def restart_and_check(config_file: Path, log_file: Path, stopped: StoppedBot) -> None:
    """A new process on the stopped one's database: every trade is there, the far orders are
    still open at their prices, the near entry fills at its price in the new process."""
    expected, reported_status = stopped.expected, stopped.reported_status
    second = BotProcess(config_file, log_file)
    try:
        near = expected["near_entry"]
        filled = _wait_for_fill(second, near["trade_id"],
                                deadline=near["placed"] + FILLED_BY + 15)
        status = {t["trade_id"]: t for t in second.get("status").json()}
        count = second.get("count").json()
    finally:
        second.stop(signal.SIGTERM)

    assert sorted(status) == sorted(t["trade_id"] for t in reported_status)
    assert count["current"] == 3
    before = _open_orders(reported_status)
    for key in ("far_entry", "pending_exit"):
        trade_id = expected[key]["trade_id"]
        assert _open_orders([status[trade_id]])[trade_id] == before[trade_id], key
    exit_order = [o for o in status[expected["pending_exit"]["trade_id"]]["orders"]
                  if o["is_open"]][0]
    assert exit_order["ft_order_side"] == "sell"
    assert exit_order["safe_price"] == expected["pending_exit"]["price"]

    entry = [o for o in filled["orders"] if o["ft_order_side"] == "buy"][0]
    assert entry["order_id"] == before[near["trade_id"]][0][1]
    assert entry["status"] == "closed" and not filled["has_open_orders"]
    assert entry["safe_price"] == near["price"]
    assert filled["open_rate"] == pytest.approx(near["price"], rel=1e-9)
    assert entry["order_filled_timestamp"] >= stopped.stopped_ms  # filled by the new process
    for log in (stopped.log, second.log):
        assert "removing the trade" not in log and "unknown to the exchange" not in log
