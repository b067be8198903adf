"""One real bot per module: simulated market, SQLite file, strategy file, API on hypercorn.

The bot loop runs in a background thread (as in production the API runs beside the loop),
stopped by the fixture; requests go over real HTTP to a free loopback port.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from freqtrade.commands.userdir_commands import create_userdir
from tests.live_bot import LiveBot, running_bot
from tests.strategy_files import write_quiet_strategy

__all__ = ["LiveBot", "closed_trade", "e2e_bot", "live_bot", "running_bot", "write_config"]

USERNAME = "freqtrader"
PASSWORD = "e2e-password-123"
JWT_SECRET = "e2e-secret-" + "x" * 40
PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT"]


def write_config(tmp: Path, port: int, db_url: str | None = None) -> Path:
    """The e2e bot's config; its database is a SQLite file in ``tmp`` unless ``db_url``."""
    import json

    config = {
        "dry_run": True, "dry_run_wallet": 1000, "stake_currency": "USDT",
        "stake_amount": 50, "max_open_trades": 4, "timeframe": "1m",
        "strategy": "QuietStrategy", "user_data_dir": str(tmp / "user_data"),
        "db_url": db_url or f"sqlite:///{tmp / 'e2e.sqlite'}", "initial_state": "running",
        "force_entry_enable": True,
        "exchange": {"name": "simulated", "pair_whitelist": PAIRS,
                     "pair_blacklist": ["DOGE/USDT"]},
        "internals": {"process_throttle_secs": 1},
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1",
                       "listen_port": port, "username": USERNAME, "password": PASSWORD,
                       "jwt_secret_key": JWT_SECRET, "ws_token": "e2e-ws-token",
                       "CORS_origins": ["http://example.com"], "enable_openapi": True},
    }
    path = tmp / "config.json"
    path.write_text(json.dumps(config))
    return path


@contextmanager
def e2e_bot(tmp: Path, port: int, db_url: str | None = None) -> Iterator[LiveBot]:
    """The e2e bot (QuietStrategy, simulated market) in folder ``tmp``."""
    create_userdir(tmp / "user_data")
    write_quiet_strategy(tmp / "user_data")
    with running_bot(write_config(tmp, port, db_url)) as live:
        yield live


@pytest.fixture(scope="module")
def live_bot(tmp_path_factory, free_port) -> Iterator[LiveBot]:
    with e2e_bot(tmp_path_factory.mktemp("e2e"), free_port()) as live:
        yield live


def closed_trade(live: LiveBot, pair: str) -> int:
    """A trade on ``pair`` entered and exited through the API (market); its id once closed."""
    entered = live.post("forceenter", json={"pair": pair, "ordertype": "market"})
    assert entered.status_code == 200, entered.text
    trade_id = entered.json()["trade_id"]
    exited = live.post("forceexit", json={"tradeid": trade_id, "ordertype": "market"})
    assert exited.status_code == 200, exited.text
    for _ in range(100):  # bounded: the market exit fills on the next loop turn
        trades = live.get("trades").json()["trades"]
        if any(t["trade_id"] == trade_id and not t["is_open"] for t in trades):
            return trade_id
        time.sleep(0.1)
    pytest.fail(f"trade {trade_id} did not close")
