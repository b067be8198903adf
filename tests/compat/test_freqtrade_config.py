"""A freqtrade user's config file works as is: the full documented layout, the 2021 names.

Keys this bot does not act on are accepted and named once in an info line; 2021 names are
mapped to today's with a deprecation warning; ``add_config_files`` includes other files.
"""
from __future__ import annotations

import json
import logging

import pytest

from freqtrade.configuration import Configuration, build_config
from freqtrade.enums import RunMode
from tests.strategy_files import minimal_strategy

FULL_CONFIG = """/* freqtrade's full example configuration, the way users keep it */
{{
    "max_open_trades": 3,
    "stake_currency": "USDT",
    "stake_amount": "unlimited",
    "tradable_balance_ratio": 0.99,
    "fiat_display_currency": "USD",
    "amount_reserve_percent": 0.05,
    "amend_last_stake_amount": false,
    "last_stake_amount_min_ratio": 0.5,
    "dry_run": true,
    "dry_run_wallet": 1000,
    "cancel_open_orders_on_exit": false,
    "timeframe": "5m",
    "trailing_stop": false,
    "trailing_stop_positive": 0.005,
    "trailing_stop_positive_offset": 0.0051,
    "trailing_only_offset_is_reached": false,
    "use_exit_signal": true,
    "exit_profit_only": false,
    "exit_profit_offset": 0.0,
    "ignore_roi_if_entry_signal": false,
    "ignore_buying_expired_candle_after": 300,
    "trading_mode": "spot",
    "margin_mode": "",
    "minimal_roi": {{"40": 0.0, "30": 0.01, "20": 0.02, "0": 0.04}},
    "stoploss": -0.10,
    "unfilledtimeout": {{"entry": 10, "exit": 30, "exit_timeout_count": 0, "unit": "minutes"}},
    "entry_pricing": {{
        "price_side": "same",
        "use_order_book": true,
        "order_book_top": 1,
        "price_last_balance": 0.0,
        "check_depth_of_market": {{"enabled": false, "bids_to_ask_delta": 1}},
    }},
    "exit_pricing": {{"price_side": "same", "use_order_book": true, "order_book_top": 1}},
    "order_types": {{
        "entry": "limit", "exit": "limit", "emergency_exit": "market",
        "force_exit": "market", "force_entry": "market", "stoploss": "market",
        "stoploss_on_exchange": false, "stoploss_price_type": "last",
        "stoploss_on_exchange_interval": 60, "stoploss_on_exchange_limit_ratio": 0.99,
    }},
    "order_time_in_force": {{"entry": "GTC", "exit": "GTC"}},
    "pairlists": [
        {{"method": "StaticPairList"}},
        {{"method": "VolumePairList", "number_assets": 20, "sort_key": "quoteVolume",
         "min_value": 0, "refresh_period": 1800}},
        {{"method": "AgeFilter", "min_days_listed": 10}},
        {{"method": "PrecisionFilter"}},
        {{"method": "PriceFilter", "low_price_ratio": 0.01}},
        {{"method": "SpreadFilter", "max_spread_ratio": 0.005}},
    ],
    "exchange": {{
        "name": "simulated",
        "key": "your_exchange_key",
        "secret": "your_exchange_secret",
        "password": "",
        "log_responses": false,
        "ccxt_config": {{"enableRateLimit": true}},
        "ccxt_async_config": {{"enableRateLimit": true, "rateLimit": 200}},
        "pair_whitelist": ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT",],
        "pair_blacklist": ["DOGE/USDT", "BNB/.*"],
        "outdated_offset": 5,
        "markets_refresh_interval": 60,
    }},
    "telegram": {{
        "enabled": true,
        "token": "your_telegram_token",
        "chat_id": "your_telegram_chat_id",
        "notification_settings": {{"status": "on", "entry": "silent", "exit": {{"roi": "off"}}}},
        "reload": true,
        "balance_dust_level": 0.01,
    }},
    "api_server": {{
        "enabled": true,
        "listen_ip_address": "127.0.0.1",
        "listen_port": 8080,
        "verbosity": "error",
        "enable_openapi": false,
        "jwt_secret_key": "somethingrandomsomethingrandomsomethingrandom",
        "ws_token": "secret_ws_t0ken.",
        "CORS_origins": [],
        "username": "freqtrader",
        "password": "SuperSecurePassword",  // change me
    }},
    "bot_name": "freqtrade",
    "db_url": "sqlite:///{tmp}/tradesv3.sqlite",
    "initial_state": "running",
    "force_entry_enable": false,
    "internals": {{"process_throttle_secs": 5, "heartbeat_interval": 60}},
    "disable_dataframe_checks": false,
    "strategy": "ConfigCheckStrategy",
    "strategy_path": "{tmp}/user_data/strategies/",
    "recursive_strategy_search": false,
    "user_data_dir": "{tmp}/user_data",
    "dataformat_ohlcv": "feather",
    "dataformat_trades": "feather",
}}
"""

STRATEGY = minimal_strategy("ConfigCheckStrategy", timeframe="1m", roi=0.5, stoploss=-0.3)

NOT_USED = ("telegram", "amount_reserve_percent", "entry_pricing.use_order_book")


@pytest.fixture
def full_config(tmp_path, write_strategy):
    write_strategy("config_check_strategy.py", STRATEGY)
    path = tmp_path / "config.json"
    path.write_text(FULL_CONFIG.format(tmp=tmp_path))
    return path


def _config_messages(caplog, level):
    return [r.getMessage() for r in caplog.records
            if r.name.startswith("freqtrade.configuration") and r.levelno == level]


def test_full_documented_config_loads_unchanged(full_config, caplog):
    caplog.set_level(logging.INFO)
    config = Configuration([str(full_config)], environ={}, runmode=RunMode.DRY_RUN).load()
    assert config["max_open_trades"] == 3 and config["stake_currency"] == "USDT"
    assert config["stake_amount"] == "unlimited" and config["tradable_balance_ratio"] == 0.99
    assert config["dry_run"] is True and config["dry_run_wallet"] == 1000
    assert config["timeframe"] == "5m" and config["stoploss"] == -0.10
    assert config["minimal_roi"] == {"40": 0.0, "30": 0.01, "20": 0.02, "0": 0.04}
    assert config["trailing_stop_positive_offset"] == 0.0051
    assert config["unfilledtimeout"] == {"entry": 10, "exit": 30, "exit_timeout_count": 0,
                                         "unit": "minutes"}
    assert config["order_types"]["force_entry"] == "market"
    assert config["exchange"]["pair_whitelist"] == ["BTC/USDT", "ETH/USDT", "SOL/USDT",
                                                    "XRP/USDT"]
    assert config["exchange"]["pair_blacklist"] == ["DOGE/USDT", "BNB/.*"]
    assert config["exchange"]["ccxt_config"] == {"enableRateLimit": True}
    assert config["api_server"]["password"] == "SuperSecurePassword"
    assert config["pairlists"][1]["number_assets"] == 20
    assert config["telegram"]["chat_id"] == "your_telegram_chat_id"
    assert config["initial_state"] == "running" and config["bot_name"] == "freqtrade"

    # a documented config gets no other warning; what is not acted on is named once, in one line
    warnings = _config_messages(caplog, logging.WARNING)
    assert len(warnings) == 1
    lines = [m for m in warnings if "not used" in m]
    assert len(lines) == 1
    for name in NOT_USED:
        assert name in lines[0]
    for used in ("StaticPairList", "VolumePairList", "AgeFilter", "api_server", "minimal_roi",
                 "stake_amount", "exchange,", "fiat_display_currency"):
        assert used not in lines[0]


def test_bot_runs_on_the_full_config(full_config):
    from freqtrade.bot import FreqtradeBot
    from freqtrade.persistence import close_db

    config = build_config([str(full_config)], environ={})
    bot = FreqtradeBot(config)
    try:
        strategy = bot.strategy
        # config values override the strategy's own, as in freqtrade
        assert strategy.minimal_roi == {"40": 0.0, "30": 0.01, "20": 0.02, "0": 0.04}
        assert strategy.stoploss == -0.10 and strategy.timeframe == "5m"
        assert strategy.order_types["emergency_exit"] == "market"
        # StaticPairList's pairs, then VolumePairList (as a later step) ranks them by volume
        whitelist = bot.active_pair_whitelist
        assert sorted(whitelist) == ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT"]
        tickers = bot.exchange.get_tickers()
        volumes = [tickers[pair]["quoteVolume"] for pair in whitelist]
        assert volumes == sorted(volumes, reverse=True)
        assert bot.pairlists.name_list == ["StaticPairList", "VolumePairList", "AgeFilter",
                                           "PrecisionFilter", "PriceFilter", "SpreadFilter"]
        # "unlimited": an equal share of the tradable balance per slot; none when all are used
        assert bot.wallets.get_trade_stake_amount(3, 0) == pytest.approx(1000 * 0.99 / 3)
        assert bot.wallets.get_trade_stake_amount(3, 3) == 0
        bot.process()
        assert bot.last_process is not None
    finally:
        bot.cleanup()
        close_db()


OLD_2021_CONFIG = {
    "max_open_trades": 2,
    "stake_currency": "USDT",
    "stake_amount": 20,
    "ticker_interval": "15m",
    "forcebuy_enable": True,
    "bid_strategy": {"price_side": "bid", "ask_last_balance": 0.25, "use_order_book": False,
                     "order_book_top": 1,
                     "check_depth_of_market": {"enabled": False, "bids_to_ask_delta": 1}},
    "ask_strategy": {"price_side": "ask", "bid_last_balance": 0.5, "use_order_book": False,
                     "order_book_top": 1, "use_sell_signal": False, "sell_profit_only": True,
                     "sell_profit_offset": 0.01, "ignore_roi_if_buy_signal": True},
    "order_types": {"buy": "limit", "sell": "market", "forcebuy": "market",
                    "forcesell": "limit", "emergencysell": "market", "stoploss": "market",
                    "stoploss_on_exchange": False},
    "order_time_in_force": {"buy": "gtc", "sell": "gtc"},
    "unfilledtimeout": {"buy": 3, "sell": 4},
    "exchange": {"name": "simulated", "pair_whitelist": ["ETH/USDT"]},
}


def test_2021_names_map_to_todays_with_a_deprecation_warning(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(OLD_2021_CONFIG))
    config = build_config([str(path)], environ={})
    assert config["timeframe"] == "15m"
    assert config["force_entry_enable"] is True
    assert config["entry_pricing"]["price_side"] == "bid"
    assert config["entry_pricing"]["price_last_balance"] == 0.25
    assert config["exit_pricing"]["price_side"] == "ask"
    assert config["exit_pricing"]["price_last_balance"] == 0.5
    assert config["use_exit_signal"] is False
    assert config["exit_profit_only"] is True and config["exit_profit_offset"] == 0.01
    assert config["ignore_roi_if_entry_signal"] is True
    assert config["order_types"] == {"entry": "limit", "exit": "market",
                                     "force_entry": "market", "force_exit": "limit",
                                     "emergency_exit": "market", "stoploss": "market",
                                     "stoploss_on_exchange": False}
    assert config["order_time_in_force"] == {"entry": "gtc", "exit": "gtc"}
    assert config["unfilledtimeout"]["entry"] == 3 and config["unfilledtimeout"]["exit"] == 4
    for old in ("ticker_interval", "forcebuy_enable", "bid_strategy", "ask_strategy",
                "use_sell_signal", "sell_profit_only", "ignore_roi_if_buy_signal"):
        assert old not in config, old
    for section in ("entry_pricing", "exit_pricing"):
        for old in ("ask_last_balance", "bid_last_balance", "use_sell_signal"):
            assert old not in config[section]

    warnings = _config_messages(caplog, logging.WARNING)
    assert all("deprecated" in w for w in warnings), warnings  # no "unknown key" warnings
    text = "\n".join(warnings)
    for old, new in (("ticker_interval", "timeframe"), ("forcebuy_enable", "force_entry_enable"),
                     ("bid_strategy", "entry_pricing"), ("ask_strategy", "exit_pricing"),
                     ("ask_last_balance", "price_last_balance"),
                     ("sell_profit_only", "exit_profit_only"),
                     ("use_sell_signal", "use_exit_signal"),
                     ("order_types.forcesell", "order_types.force_exit"),
                     ("unfilledtimeout.buy", "unfilledtimeout.entry")):
        assert any(old in w and new in w for w in warnings), (old, new, text)


def test_add_config_files_are_merged_under_the_including_file(tmp_path):
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "exchange.json").write_text(json.dumps({
        "exchange": {"key": "my-key", "secret": "my-secret", "name": "binance"},
        "api_server": {"password": "from-secrets"}}))
    (tmp_path / "base.json").write_text(json.dumps({
        "add_config_files": ["pairs.json"], "max_open_trades": 7}))
    (tmp_path / "pairs.json").write_text('{"exchange": {"pair_whitelist": ["ETH/USDT"],},}')
    (tmp_path / "config.json").write_text(json.dumps({
        "add_config_files": ["base.json", "secrets/exchange.json"],
        "exchange": {"name": "simulated"}, "stake_amount": 10}))
    config = build_config([str(tmp_path / "config.json")], environ={})
    assert config["exchange"]["key"] == "my-key" and config["exchange"]["secret"] == "my-secret"
    assert config["exchange"]["name"] == "simulated"  # the including file wins
    assert config["exchange"]["pair_whitelist"] == ["ETH/USDT"]  # nested include
    assert config["max_open_trades"] == 7 and config["stake_amount"] == 10
    assert config["api_server"]["password"] == "from-secrets"
    assert "add_config_files" not in config


def test_missing_added_config_file_is_a_clear_error(tmp_path):
    from freqtrade.exceptions import ConfigurationError

    (tmp_path / "config.json").write_text(json.dumps({"add_config_files": ["nope.json"]}))
    with pytest.raises(ConfigurationError, match="nope.json"):
        build_config([str(tmp_path / "config.json")], environ={})
