"""A running bot with freqtrade's documented dynamic pairlist chain, asked over HTTP."""
from __future__ import annotations

import json

from tests.live_bot import free_port, running_bot
from tests.strategy_files import write_quiet_strategy

CHAIN = [  # what freqtrade's docs and `new-config` put in a config
    {"method": "VolumePairList", "number_assets": 20, "sort_key": "quoteVolume",
     "min_value": 0, "refresh_period": 1800},
    {"method": "AgeFilter", "min_days_listed": 10},
    {"method": "PrecisionFilter"},
    {"method": "PriceFilter", "low_price_ratio": 0.01},
    {"method": "SpreadFilter", "max_spread_ratio": 0.005},
    {"method": "RangeStabilityFilter", "lookback_days": 10, "min_rate_of_change": 0.01,
     "refresh_period": 86400},
]


def test_dynamic_pairlist_gives_a_ranked_whitelist_and_names_its_methods(tmp_path):
    write_quiet_strategy(tmp_path / "user_data")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({
        "dry_run": True, "stake_currency": "USDT", "stake_amount": 50, "max_open_trades": 3,
        "timeframe": "5m", "strategy": "QuietStrategy",
        "user_data_dir": str(tmp_path / "user_data"),
        "db_url": f"sqlite:///{tmp_path / 'trades.sqlite'}", "initial_state": "running",
        "exchange": {"name": "simulated", "pair_whitelist": [], "pair_blacklist": ["BNB/.*"]},
        "pairlists": CHAIN, "internals": {"process_throttle_secs": 1},
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1",
                       "listen_port": free_port(), "username": "pl", "password": "pl-pass-123",
                       "jwt_secret_key": "k" * 40, "ws_token": "pl-ws-token"}}))
    with running_bot(config) as live:
        answer = live.get("whitelist").json()
        tickers = live.bot.exchange.get_tickers()
    assert answer["method"] == [step["method"] for step in CHAIN]
    pairs = answer["whitelist"]
    assert 10 <= len(pairs) <= 20 and answer["length"] == len(pairs)
    volumes = [tickers[pair]["quoteVolume"] for pair in pairs]
    assert volumes == sorted(volumes, reverse=True)
    # the highest-volume stablecoin barely moves, the young listing is too young, BNB is
    # blacklisted: none of them is traded
    assert not {"USDC/USDT", "MOVE/USDT", "BNB/USDT"} & set(pairs)
    assert all(pair.endswith("/USDT") for pair in pairs)
