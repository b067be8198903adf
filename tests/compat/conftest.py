"""Helpers for the "coming from freqtrade" tests: freqtrade's DDL, a live bot on a given DB."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.live_bot import LiveBot, free_port
from tests.live_bot import running_bot as start_bot
from tests.strategy_files import write_strategy

DDL_FILE = Path(__file__).parent.parent / "persistence" / "freqtrade_2026_9_schema.sql"
USERNAME = "freqtrader"
PASSWORD = "compat-password-123"


@contextmanager
def running_bot(tmp: Path, db_file: Path, strategy_name: str, strategy_source: str,
                pairs: list[str]) -> Iterator[LiveBot]:
    """A dry-run bot on the simulated market using ``db_file``, with its API on a free port."""
    write_strategy(tmp / "user_data", f"{strategy_name.lower()}.py", strategy_source)
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
                       "listen_port": free_port(), "username": USERNAME, "password": PASSWORD,
                       "jwt_secret_key": "compat-secret-" + "y" * 40},
    }))
    with start_bot(config_file) as bot:
        yield bot
