"""``freqtrade new-config`` and ``freqtrade show-config``."""
from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

from freqtrade.commands.common import load_config_with_logging
from freqtrade.configuration.secrets import mask_secrets
from freqtrade.enums import RunMode
from freqtrade.exceptions import OperationalException


def running_in_docker() -> bool:
    """Our image (like freqtrade's) sets FT_APP_ENV=docker."""
    return os.environ.get("FT_APP_ENV") == "docker"


def new_config_dict() -> dict:
    """A dry-run config on the offline simulated market with freshly generated secrets.

    In a container the API listens on 0.0.0.0 (the port is published by Docker), elsewhere
    on the loopback only.
    """
    return {
        "max_open_trades": 3,
        "stake_currency": "USDT",
        "stake_amount": 100,
        "tradable_balance_ratio": 0.99,
        "dry_run": True,
        "dry_run_wallet": 1000,
        "timeframe": "1m",
        "strategy": "SampleStrategy",
        "initial_state": "running",
        "force_entry_enable": True,
        "exchange": {
            "name": "simulated",
            "key": "",
            "secret": "",
            "pair_whitelist": ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT"],
            "pair_blacklist": [],
        },
        "unfilledtimeout": {"entry": 10, "exit": 10, "exit_timeout_count": 0, "unit": "minutes"},
        "entry_pricing": {"price_side": "same"},
        "exit_pricing": {"price_side": "same"},
        "pairlists": [{"method": "StaticPairList"}],
        "api_server": {
            "enabled": True,
            "listen_ip_address": "0.0.0.0" if running_in_docker() else "127.0.0.1",  # noqa: S104
            "listen_port": 8080,
            "verbosity": "error",
            "enable_openapi": False,
            "jwt_secret_key": secrets.token_hex(32),
            "ws_token": secrets.token_urlsafe(25),
            "CORS_origins": [],
            "username": "freqtrader",
            "password": secrets.token_urlsafe(12),
        },
        "bot_name": "freqtrade",
        "internals": {"process_throttle_secs": 5},
    }


def start_new_config(args: argparse.Namespace) -> int:
    path = Path(args.config)
    if path.is_dir():
        raise OperationalException(f"{path} is a folder, not a config file: give a file name "
                                   f"such as {path / 'config.json'}.")
    if path.exists() and not args.force:
        raise OperationalException(f"{path} already exists; use --force to overwrite it.")
    if not path.parent.is_dir():
        # as freqtrade: no folders are created, so a mistyped path is noticed
        raise OperationalException(f"Cannot write {path}: the folder {path.parent} does not "
                                   "exist (create it first).")
    config = new_config_dict()
    try:
        path.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OperationalException(f"Cannot write {path}: {exc.strerror}.") from None
    api = config["api_server"]
    print(f"Wrote {path}. API: http://{api['listen_ip_address']}:{api['listen_port']} "
          f"user '{api['username']}', password '{api['password']}'.")
    return 0


def start_show_config(args: argparse.Namespace) -> int:
    _configuration, config = load_config_with_logging(args, RunMode.OTHER)
    json.dump(mask_secrets(config), sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
    return 0
