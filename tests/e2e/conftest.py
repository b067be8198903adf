"""One real bot per module: simulated market, SQLite file, strategy file, API on hypercorn.

The bot loop runs in a background thread (as in production the API runs beside the loop),
stopped by the fixture; requests go over real HTTP to a free loopback port.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from freqtrade.commands.userdir_commands import create_userdir
from freqtrade.configuration import build_config
from freqtrade.enums import RunMode

USERNAME = "freqtrader"
PASSWORD = "e2e-password-123"
JWT_SECRET = "e2e-secret-" + "x" * 40
PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveBot:
    base_url: str
    config: dict
    bot: object
    api: object
    config_file: Path

    @property
    def auth(self) -> tuple[str, str]:
        return (USERNAME, PASSWORD)

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(f"{self.base_url}/api/v1/{path}", auth=self.auth, timeout=30,
                            **kwargs)

    def post(self, path: str, json=None, **kwargs) -> requests.Response:
        return requests.post(f"{self.base_url}/api/v1/{path}", auth=self.auth, json=json,
                             timeout=30, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return requests.delete(f"{self.base_url}/api/v1/{path}", auth=self.auth, timeout=30,
                               **kwargs)


def write_config(tmp: Path, port: int) -> Path:
    import json

    config = {
        "dry_run": True, "dry_run_wallet": 1000, "stake_currency": "USDT",
        "stake_amount": 50, "max_open_trades": 4, "timeframe": "1m",
        "strategy": "QuietStrategy", "user_data_dir": str(tmp / "user_data"),
        "db_url": f"sqlite:///{tmp / 'e2e.sqlite'}", "initial_state": "running",
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


@pytest.fixture(scope="module")
def live_bot(tmp_path_factory):
    from freqtrade.api.bootstrap import BotApi
    from freqtrade.bot import FreqtradeBot
    from freqtrade.persistence import close_db

    tmp = tmp_path_factory.mktemp("e2e")
    create_userdir(tmp / "user_data")
    shutil.copy(Path(__file__).parent / "strategies" / "quiet_strategy.py",
                tmp / "user_data" / "strategies")
    port = free_port()
    config_file = write_config(tmp, port)
    config = build_config([str(config_file)], environ={})
    config["runmode"] = RunMode.DRY_RUN
    bot = FreqtradeBot(config)
    bot.startup()
    api = BotApi(config)
    api.attach(bot, config)
    api.start()
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                if str(bot.state) in ("running", "paused"):
                    bot.process()
            except Exception:  # pragma: no cover - surfaces in the test log
                import logging

                logging.getLogger(__name__).exception("loop failed")
            stop.wait(0.5)

    thread = threading.Thread(target=loop, name="e2e-bot-loop", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while bot.last_process is None and time.monotonic() < deadline:
        time.sleep(0.1)
    live = LiveBot(f"http://127.0.0.1:{port}", config, bot, api, config_file)
    try:
        yield live
    finally:
        stop.set()
        thread.join(30)
        api.stop()
        bot.cleanup()
        close_db()
