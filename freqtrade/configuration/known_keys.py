"""Every top-level key a freqtrade 2026.9 config may hold, plus the ones this bot adds.

Used to spot typos: an unknown key close to one of these gets a "did you mean" warning. Keys
far from all of them are left alone (strategies read their own custom keys).
"""
from __future__ import annotations

FREQTRADE_TOP_LEVEL = frozenset({
    "$schema", "add_config_files", "amend_last_stake_amount", "amount_reserve_percent",
    "analyze_per_epoch", "api_server", "available_capital", "backtest_breakdown",
    "backtest_cache", "bot_name", "cancel_open_orders_on_exit", "coingecko",
    "custom_price_max_distance_ratio", "datadir", "dataformat_ohlcv", "dataformat_trades",
    "db_url", "disable_dataframe_checks", "disableparamexport", "discord", "download_trades",
    "dry_run", "dry_run_wallet", "early_stop", "edge", "entry_pricing", "epochs", "exchange",
    "exit_pricing", "exit_profit_offset", "exit_profit_only", "experimental", "export",
    "external_message_consumer", "fee", "fiat_display_currency", "force_entry_enable",
    "freqai", "freqaimodel", "freqaimodel_path", "hyperopt_jobs", "hyperopt_loss",
    "hyperopt_min_trades", "hyperopt_path", "hyperopt_random_state",
    "ignore_buying_expired_candle_after", "ignore_roi_if_entry_signal", "initial_state",
    "internals", "last_stake_amount_min_ratio", "liquidation_buffer", "liquidation_warn_ratio",
    "log_config", "logfile", "lookahead_analysis_exportfilename", "margin_mode",
    "max_entry_position_adjustment", "max_open_trades", "minimal_roi", "minimum_trade_amount",
    "new_pairs_days", "order_time_in_force", "order_types", "orderflow", "pairlists",
    "position_adjustment_enable", "print_all", "process_only_new_candles", "producer",
    "protections", "proxy_coin", "recursive_strategy_search", "reduce_df_footprint",
    "skip_wallet_history_migration", "spaces", "stake_amount", "stake_currency",
    "startup_candle", "startup_candle_count", "stoploss", "strategy", "strategy_path",
    "targeted_trade_amount", "telegram", "timeframe", "tradable_balance_ratio",
    "trading_mode", "trailing_only_offset_is_reached", "trailing_stop",
    "trailing_stop_positive", "trailing_stop_positive_offset", "unfilledtimeout",
    "use_custom_stoploss", "use_exit_signal", "user_data_dir", "verbosity", "webhook",
})
# set by the command line or by the bot itself after loading
INTERNAL_TOP_LEVEL = frozenset({"config_files", "runmode", "original_config"})

KNOWN_TOP_LEVEL = FREQTRADE_TOP_LEVEL | INTERNAL_TOP_LEVEL
