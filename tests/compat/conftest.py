"""Helpers for the "coming from freqtrade" tests: freqtrade's DDL, a live bot on a given DB."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

DDL_FILE = Path(__file__).parent.parent / "persistence" / "freqtrade_2026_9_schema.sql"
USERNAME = "freqtrader"
PASSWORD = "compat-password-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Bot:
    base_url: str
    config: dict
    bot: object

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(f"{self.base_url}/api/v1/{path}", auth=(USERNAME, PASSWORD),
                            timeout=30, **kwargs)

    def post(self, path: str, json=None) -> requests.Response:
        return requests.post(f"{self.base_url}/api/v1/{path}", auth=(USERNAME, PASSWORD),
                             json=json, timeout=30)


@contextmanager
def running_bot(tmp: Path, db_file: Path, strategy_name: str, strategy_source: str,
                pairs: list[str]):
    """A dry-run bot on the simulated market using ``db_file``, with its API on a free port.

    The trading loop runs in a thread (as in production); the bot is cleaned up on exit.
    """
    from freqtrade.api.bootstrap import BotApi
    from freqtrade.bot import FreqtradeBot
    from freqtrade.configuration import build_config
    from freqtrade.enums import RunMode
    from freqtrade.persistence import close_db

    strategies = tmp / "user_data" / "strategies"
    strategies.mkdir(parents=True, exist_ok=True)
    (strategies / f"{strategy_name.lower()}.py").write_text(strategy_source)
    port = free_port()
    config_file = tmp / "config.json"
    config_file.write_text(json.dumps({
        "dry_run": True, "dry_run_wallet": 1000, "stake_currency": "USDT",
        "stake_amount": 50, "max_open_trades": 5, "timeframe": "1m",
        "strategy": strategy_name, "user_data_dir": str(tmp / "user_data"),
        "db_url": f"sqlite:///{db_file}", "initial_state": "running",
        "force_entry_enable": True,
        "exchange": {"name": "simulated", "pair_whitelist": pairs},
        "internals": {"process_throttle_secs": 1},
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1",
                       "listen_port": port, "username": USERNAME, "password": PASSWORD,
                       "jwt_secret_key": "compat-secret-" + "y" * 40},
    }))
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
                bot.process()
            except Exception:  # pragma: no cover - shows up in the test log
                logging.getLogger(__name__).exception("loop failed")
            stop.wait(0.5)

    thread = threading.Thread(target=loop, name="compat-bot-loop", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while bot.last_process is None and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Bot(f"http://127.0.0.1:{port}", config, bot)
    finally:
        stop.set()
        thread.join(30)
        api.stop()
        bot.cleanup()
        close_db()
