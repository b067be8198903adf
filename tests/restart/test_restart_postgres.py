"""Killing or stopping a bot on PostgreSQL with unfilled orders loses nothing.

The same three pending orders as on SQLite (``test_restart_pending_orders``), in a real
``freqtrade trade`` process whose database is on the test session's PostgreSQL server. After
SIGKILL or SIGTERM the server holds every trade the API reported with its open orders, no
session of the stopped process is left (no transaction holding locks), and a new process
on the same database keeps the far orders open and fills the near one at its price.
"""
from __future__ import annotations

import signal
import time

import pytest
from sqlalchemy import create_engine, text

from tests.restart.bot_process import write_config
from tests.restart.test_restart_pending_orders import (
    _open_orders,
    restart_and_check,
    stop_with_pending_orders,
)

SESSIONS_GONE_WITHIN = 15.0


def _check_stored(db_url: str, reported_status: list[dict]) -> None:
    """The stored trades and orders are what the API reported, and the stopped process has
    no session left on the server."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            deadline = time.monotonic() + SESSIONS_GONE_WITHIN
            others = None
            while others != 0 and time.monotonic() < deadline:
                others = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()")).scalar()
                if others:
                    time.sleep(0.2)
            assert others == 0, "sessions of the stopped bot are still open"
            trades = dict(conn.execute(text("SELECT id, is_open FROM trades")).all())
            orders = dict(conn.execute(text("SELECT order_id, ft_is_open FROM orders")).all())
    finally:
        engine.dispose()
    for trade in reported_status:
        assert trades.get(trade["trade_id"]) is trade["is_open"], trade["trade_id"]
        assert all(order["order_id"] in orders for order in trade["orders"])
    for trade_id, open_orders in _open_orders(reported_status).items():
        assert open_orders, f"trade {trade_id} had no open order before the stop"
        assert all(orders[order_id] is True for _side, order_id in open_orders)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_unfilled_orders_survive_a_stop_on_postgresql(tmp_path, postgres_url, sig):
    config_file = write_config(tmp_path / "bot", None, postgres_url)
    stopped = stop_with_pending_orders(config_file, tmp_path / "first.log", sig)
    _check_stored(postgres_url, stopped.reported_status)
    restart_and_check(config_file, tmp_path / "second.log", stopped)
