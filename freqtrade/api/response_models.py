"""What each endpoint answers, as pydantic models: read for the OpenAPI document only.

Answers are built as plain dicts and rendered by orjson; nothing is validated against these
classes at run time. ``tests/e2e/test_openapi.py`` checks every documented field against live
answers, so the document cannot drift from the wire. Nothing imports this module at start-up:
``openapi.py`` loads it on the first ``/openapi.json`` (building the classes costs memory and
start time). Fields without a default are always present; ``X | None`` without a default may be
null; a ``= None`` default means the key may be absent.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class StatusMsg(BaseModel):
    status: str


class ResultMsg(BaseModel):
    result: str


class Ping(BaseModel):
    status: str


class Version(BaseModel):
    version: str


class AccessAndRefreshToken(BaseModel):
    access_token: str
    refresh_token: str


class AccessToken(BaseModel):
    access_token: str


class Count(BaseModel):
    current: int
    max: int
    total_stake: float


class StrategyListResponse(BaseModel):
    strategies: list[str]


class SysInfo(BaseModel):
    cpu_pct: list[float]
    ram_pct: float
    cpu_load: list[Any] | None = None
    cpu_load_avg: dict[str, Any] | None = None
    cpu_count: int | None = None
    cpu_avg: float | None = None


class Health(BaseModel):
    last_process: str | None
    last_process_ts: int | None
    bot_start: str | None
    bot_start_ts: int | None
    bot_startup: str | None
    bot_startup_ts: int | None


class Logs(BaseModel):
    """Each log line is [date string, timestamp ms, logger name, level, message]."""

    log_count: int
    logs: list[Any]


class PlotConfig(BaseModel):
    main_plot: dict[str, Any] | None = None
    subplots: dict[str, Any] | None = None


class DeleteTrade(BaseModel):
    cancel_order_count: int
    result: str
    result_msg: str
    trade_id: int


class Order(BaseModel):
    pair: str
    order_id: str
    status: str
    remaining: float | None
    amount: float
    safe_price: float
    cost: float
    filled: float | None
    ft_order_side: str
    order_type: str
    is_open: bool
    order_timestamp: int | None
    order_filled_timestamp: int | None
    ft_fee_base: float | None
    ft_order_tag: str | None


class TradeHistoryOrder(Order):
    """The raw order of /trades carries a few more fields."""

    ft_is_entry: bool
    average: float | None
    order_date: str | None
    order_filled_date: str | None
    price: float | None
    funding_fee: float | None


class TradeSchema(BaseModel):
    """A trade as /status, /trade/{id} and a successful force entry answer it."""

    trade_id: int
    pair: str
    base_currency: str
    quote_currency: str
    is_open: bool
    is_short: bool
    exchange: str
    amount: float
    amount_requested: float
    stake_amount: float
    max_stake_amount: float | None
    strategy: str
    enter_tag: str | None
    timeframe: int
    fee_open: float | None
    fee_open_cost: float | None
    fee_open_currency: str | None
    fee_close: float | None
    fee_close_cost: float | None
    fee_close_currency: str | None
    open_date: str
    open_timestamp: int
    open_fill_date: str | None
    open_fill_timestamp: int | None
    open_rate: float
    open_rate_requested: float | None
    open_trade_value: float
    close_date: str | None
    close_timestamp: int | None
    close_rate: float | None
    close_rate_requested: float | None
    close_profit: float | None
    close_profit_pct: float | None
    close_profit_abs: float | None
    profit_ratio: float | None
    profit_pct: float | None
    profit_abs: float | None
    profit_fiat: float | None
    realized_profit: float
    realized_profit_ratio: float | None
    exit_reason: str | None
    exit_order_status: str | None
    stop_loss_abs: float | None
    stop_loss_ratio: float | None
    stop_loss_pct: float | None
    stoploss_last_update: str | None
    stoploss_last_update_timestamp: int | None
    initial_stop_loss_abs: float | None
    initial_stop_loss_ratio: float | None
    initial_stop_loss_pct: float | None
    min_rate: float | None
    max_rate: float | None
    has_open_orders: bool
    orders: list[Order]
    leverage: float | None
    interest_rate: float | None
    liquidation_price: float | None
    funding_fees: float | None
    trading_mode: str | None
    amount_precision: float | None
    price_precision: float | None
    precision_mode: int | None
    nr_of_successful_entries: int
    nr_of_successful_exits: int


class OpenTradeSchema(TradeSchema):
    stoploss_current_dist: float | None
    stoploss_current_dist_ratio: float | None
    stoploss_current_dist_pct: float | None
    stoploss_entry_dist: float | None
    stoploss_entry_dist_ratio: float | None
    current_rate: float
    total_profit_abs: float
    total_profit_fiat: float | None
    total_profit_ratio: float | None


class TradeHistoryEntry(TradeSchema):
    orders: list[TradeHistoryOrder]  # type: ignore[assignment]  # /trades shows more
    trade_duration_s: int | None
    trade_duration: int | None


class TradeResponse(BaseModel):
    trades: list[TradeHistoryEntry]
    trades_count: int
    offset: int
    total_trades: int


class CustomDataEntry(BaseModel):
    key: str
    type: str
    value: Any
    created_at: str | None
    updated_at: str | None


class ListCustomData(BaseModel):
    trade_id: int
    custom_data: list[CustomDataEntry]


class Profit(BaseModel):
    profit_closed_coin: float
    profit_closed_percent_mean: float
    profit_closed_ratio_mean: float
    profit_closed_percent_sum: float
    profit_closed_ratio_sum: float
    profit_closed_percent: float
    profit_closed_ratio: float
    profit_closed_fiat: float
    profit_all_coin: float
    profit_all_percent_mean: float
    profit_all_ratio_mean: float
    profit_all_percent_sum: float
    profit_all_ratio_sum: float
    profit_all_percent: float
    profit_all_ratio: float
    profit_all_fiat: float
    trade_count: int
    closed_trade_count: int
    first_trade_date: str
    first_trade_humanized: str
    first_trade_timestamp: int
    latest_trade_date: str
    latest_trade_humanized: str
    latest_trade_timestamp: int
    avg_duration: str
    best_pair: str
    best_rate: float
    best_pair_profit_ratio: float
    best_pair_profit_abs: float
    winning_trades: int
    losing_trades: int
    profit_factor: float | None
    winrate: float
    expectancy: float
    expectancy_ratio: float
    max_drawdown: float
    max_drawdown_abs: float
    max_drawdown_start: str
    max_drawdown_start_timestamp: int
    max_drawdown_end: str
    max_drawdown_end_timestamp: int
    trading_volume: float | None
    bot_start_timestamp: int
    bot_start_date: str
    sharpe: float | None
    sortino: float | None
    sqn: float | None
    calmar: float | None
    cagr: float | None
    current_drawdown: float | None
    current_drawdown_abs: float | None
    current_drawdown_high: float | None
    current_drawdown_start: str | None
    current_drawdown_start_timestamp: int | None


class ProfitAll(BaseModel):
    all: Profit
    long: Profit | None
    short: Profit | None


class PerformanceEntry(BaseModel):
    pair: str
    profit: float
    profit_ratio: float
    profit_pct: float
    profit_abs: float
    count: int


class Entry(BaseModel):
    enter_tag: str
    profit_ratio: float
    profit_pct: float
    profit_abs: float
    count: int


class Exit(BaseModel):
    exit_reason: str
    profit_ratio: float
    profit_pct: float
    profit_abs: float
    count: int


class MixTag(BaseModel):
    mix_tag: str
    profit_ratio: float
    profit_pct: float
    profit_abs: float
    count: int


class StatsDurations(BaseModel):
    wins: float | None
    draws: float | None
    losses: float | None


class Stats(BaseModel):
    exit_reasons: dict[str, Any]
    durations: StatsDurations


class TimeUnitProfitRecord(BaseModel):
    date: str
    abs_profit: float
    rel_profit: float
    starting_balance: float
    fiat_value: float
    trade_count: int


class DailyWeeklyMonthly(BaseModel):
    stake_currency: str
    fiat_display_currency: str
    data: list[TimeUnitProfitRecord]


class Balance(BaseModel):
    currency: str
    free: float
    balance: float
    used: float
    bot_owned: float | None
    est_stake: float
    est_stake_bot: float | None
    stake: str
    side: str
    is_position: bool
    position: float
    is_bot_managed: bool


class Balances(BaseModel):
    currencies: list[Balance]
    total: float
    total_bot: float
    symbol: str
    value: float
    value_bot: float
    stake: str
    note: str
    starting_capital: float
    starting_capital_ratio: float
    starting_capital_pct: float
    starting_capital_fiat: float
    starting_capital_fiat_ratio: float
    starting_capital_fiat_pct: float


class HistoricBalance(BaseModel):
    columns: list[str]
    data: list[Any]
    length: int
    capture_start_ts: int


class WhitelistResponse(BaseModel):
    whitelist: list[str]
    length: int
    method: list[str]


class BlacklistResponse(BaseModel):
    blacklist: list[str]
    blacklist_expanded: list[str]
    errors: dict[str, Any]
    length: int
    method: list[str]


class Lock(BaseModel):
    id: int
    pair: str
    lock_time: str
    lock_timestamp: int
    lock_end_time: str
    lock_end_timestamp: int
    reason: str | None
    side: str
    active: bool


class Locks(BaseModel):
    lock_count: int
    locks: list[Lock]


class ShowConfig(BaseModel):
    version: str
    strategy_version: str | None
    api_version: float
    dry_run: bool
    trading_mode: str
    short_allowed: bool
    stake_currency: str
    stake_amount: str
    available_capital: float | None
    stake_currency_decimals: int
    max_open_trades: float
    minimal_roi: dict[str, Any]
    stoploss: float | None
    stoploss_on_exchange: bool
    trailing_stop: bool | None
    trailing_stop_positive: float | None
    trailing_stop_positive_offset: float | None
    trailing_only_offset_is_reached: bool | None
    unfilledtimeout: dict[str, Any] | None
    order_types: dict[str, Any] | None
    use_custom_stoploss: bool | None
    timeframe: str | None
    timeframe_ms: int
    timeframe_min: int
    exchange: str
    strategy: str | None
    force_entry_enable: bool
    exit_pricing: dict[str, Any]
    entry_pricing: dict[str, Any]
    bot_name: str
    state: str
    runmode: str
    position_adjustment_enable: bool
    max_entry_position_adjustment: int
    margin_mode: str | None = None
    demo_trading: bool | None = None


class StrategyParameter(BaseModel):
    param_type: str
    name: str
    space: str | None
    load: bool
    optimize: bool
    value: Any
    low: Any | None = None
    high: Any | None = None
    decimals: int | None = None
    opt_range: list[Any] | None = None


class StrategyResponse(BaseModel):
    strategy: str
    code: str
    timeframe: str | None
    params: list[StrategyParameter]


class PairHistory(BaseModel):
    """data holds one row per candle, in the order of columns; dates as strings."""

    strategy: str
    pair: str
    timeframe: str
    timeframe_ms: int
    columns: list[str]
    all_columns: list[str]
    data: list[Any]
    length: int
    buy_signals: int
    sell_signals: int
    enter_long_signals: int
    exit_long_signals: int
    enter_short_signals: int
    exit_short_signals: int
    last_analyzed: str | None
    last_analyzed_ts: int | None
    data_start_ts: int
    data_start: str
    data_stop: str
    data_stop_ts: int
    annotations: list[Any] | None = None


class AvailablePairs(BaseModel):
    length: int
    pairs: list[str]
    pair_interval: list[Any]


class TradeMode(BaseModel):
    trading_mode: str
    margin_mode: str


class ValidExchange(BaseModel):
    classname: str
    name: str
    valid: bool
    supported: bool
    comment: str
    comment_futures: str | None = None
    dex: bool
    is_alias: bool
    alias_for: str | None
    trade_modes: list[TradeMode]


class ExchangeListResponse(BaseModel):
    exchanges: list[ValidExchange]


class MarketResponse(BaseModel):
    markets: dict[str, Any]
    exchange_id: str


class AuditEntry(BaseModel):
    id: int
    date: str
    timestamp: int
    username: str
    address: str
    method: str
    route: str
    parameters: dict[str, Any]
    status: int


class AuditLog(BaseModel):
    max_entries: int
    entries: list[AuditEntry]
