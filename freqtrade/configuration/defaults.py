"""Values for every optional key, applied after merging (never over a given value)."""
from __future__ import annotations

import copy

from freqtrade.constants import DEFAULT_DB_DRYRUN_URL, DEFAULT_DB_PROD_URL, DEFAULT_USERDATA_DIR

DEFAULTS: dict = {
    "max_open_trades": 3,
    "stake_currency": "USDT",
    "stake_amount": "unlimited",
    "tradable_balance_ratio": 0.99,
    "dry_run": True,
    "dry_run_wallet": 1000,
    "initial_state": "stopped",
    "force_entry_enable": False,
    "bot_name": "freqtrade",
    "cancel_open_orders_on_exit": False,
    "user_data_dir": DEFAULT_USERDATA_DIR,
    "dataformat_ohlcv": "feather",
    "trading_mode": "spot",
    "margin_mode": "",
    "internals": {"process_throttle_secs": 5, "heartbeat_interval": 60},
    "entry_pricing": {"price_side": "same", "use_order_book": False, "order_book_top": 1,
                      "price_last_balance": 0.0},
    "exit_pricing": {"price_side": "same", "use_order_book": False, "order_book_top": 1},
    "exchange": {"name": "simulated", "key": "", "secret": "", "pair_whitelist": [],
                 "pair_blacklist": [], "ccxt_config": {}},
    "pairlists": [{"method": "StaticPairList"}],
    "api_server": {"enabled": False, "listen_ip_address": "127.0.0.1", "listen_port": 8080,
                   "verbosity": "error", "enable_openapi": False, "jwt_secret_key": "",
                   "CORS_origins": [], "username": "", "password": ""},
}


def _fill(config: dict, defaults: dict) -> None:
    for key, value in defaults.items():
        if key not in config:
            config[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(config[key], dict):
            _fill(config[key], value)


def apply_defaults(config: dict) -> dict:
    """Fill optional keys in place; derived defaults (db_url, datadir) depend on others."""
    _fill(config, DEFAULTS)
    if not config.get("db_url"):
        config["db_url"] = DEFAULT_DB_DRYRUN_URL if config.get("dry_run") else DEFAULT_DB_PROD_URL
    if not config.get("datadir"):
        config["datadir"] = f"{config['user_data_dir']}/data/{config['exchange'].get('name')}"
    return config
