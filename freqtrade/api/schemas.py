"""Response declarations: what each endpoint answers, in the contract's field names and types.

Routes name one of these with ``api_route(..., response=...)``; the OpenAPI document is built
from them and ``tests/e2e/test_openapi.py`` checks every declared field against real answers,
so the document cannot drift from the wire. Field lists are written ``name:type`` (``?`` =
may be null, ``=`` prefix = may be absent) to keep them as readable as the contract tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from freqtrade.api.fields import Field, Model


@dataclass(frozen=True)
class Nullable:
    """A nested model (or list of them) that may be ``null``; ``X | None`` for plain types."""

    inner: Any

_TYPES: dict[str, Any] = {"int": int, "float": float, "str": str, "bool": bool, "dict": dict,
                          "list": list, "any": Any, "strlist": list[str],
                          "floatlist": list[float]}


def fields(spec: str, **nested: Any) -> tuple[Field, ...]:
    """Parse ``"a:int b:str? =c:float"``; ``nested`` gives types for names typed ``*``."""
    result = []
    for token in spec.split():
        name, type_name = token.split(":")
        optional = name.startswith("=")
        name = name.lstrip("=")
        nullable = type_name.endswith("?")
        type_name = type_name.rstrip("?")
        tp = nested[name] if type_name == "*" else _TYPES[type_name]
        if nullable:
            tp = Nullable(tp) if isinstance(tp, Model) or not isinstance(tp, type) else tp | None
        result.append(Field(name, tp, location="body", required=not optional))
    return tuple(result)


def model(name: str, spec: str, description: str = "", **nested: Any) -> Model:
    return Model(name, fields(spec, **nested), description)


# ------------------------------------------------------------------- simple answers
STATUS_MSG = model("StatusMsg", "status:str")
RESULT_MSG = model("ResultMsg", "result:str")
PING = model("Ping", "status:str")
VERSION = model("Version", "version:str")
ACCESS_AND_REFRESH = model("AccessAndRefreshToken", "access_token:str refresh_token:str")
ACCESS_TOKEN = model("AccessToken", "access_token:str")
COUNT = model("Count", "current:int max:int total_stake:float")
STRATEGY_LIST = model("StrategyListResponse", "strategies:strlist")
SYSINFO = model("SysInfo", "cpu_pct:floatlist ram_pct:float =cpu_load:list =cpu_load_avg:dict "
                           "=cpu_count:int =cpu_avg:float")
HEALTH = model("Health", "last_process:str? last_process_ts:int? bot_start:str? "
                         "bot_start_ts:int? bot_startup:str? bot_startup_ts:int?")
LOGS = model("Logs", "log_count:int logs:list",
             "Each log line is [date string, timestamp ms, logger name, level, message].")
PLOT_CONFIG = model("PlotConfig", "=main_plot:dict =subplots:dict")
DELETE_TRADE = model("DeleteTrade", "cancel_order_count:int result:str result_msg:str "
                                    "trade_id:int")

# ------------------------------------------------------------------- trades
_ORDER = """
    pair:str order_id:str status:str remaining:float? amount:float safe_price:float cost:float
    filled:float? ft_order_side:str order_type:str is_open:bool order_timestamp:int?
    order_filled_timestamp:int? ft_fee_base:float? ft_order_tag:str?
"""
ORDER = model("Order", _ORDER)
# the raw order of /trades carries a few more fields
HISTORY_ORDER = model("TradeHistoryOrder", _ORDER + """
    ft_is_entry:bool average:float? order_date:str? order_filled_date:str? price:float?
    funding_fee:float?
""")
_TRADE = """
    trade_id:int pair:str base_currency:str quote_currency:str is_open:bool is_short:bool
    exchange:str amount:float amount_requested:float stake_amount:float
    max_stake_amount:float? strategy:str enter_tag:str? timeframe:int
    fee_open:float? fee_open_cost:float? fee_open_currency:str?
    fee_close:float? fee_close_cost:float? fee_close_currency:str?
    open_date:str open_timestamp:int open_fill_date:str? open_fill_timestamp:int?
    open_rate:float open_rate_requested:float? open_trade_value:float
    close_date:str? close_timestamp:int? close_rate:float? close_rate_requested:float?
    close_profit:float? close_profit_pct:float? close_profit_abs:float?
    profit_ratio:float? profit_pct:float? profit_abs:float? profit_fiat:float?
    realized_profit:float realized_profit_ratio:float? exit_reason:str? exit_order_status:str?
    stop_loss_abs:float? stop_loss_ratio:float? stop_loss_pct:float?
    stoploss_last_update:str? stoploss_last_update_timestamp:int?
    initial_stop_loss_abs:float? initial_stop_loss_ratio:float? initial_stop_loss_pct:float?
    min_rate:float? max_rate:float? has_open_orders:bool orders:*
    leverage:float? interest_rate:float? liquidation_price:float? funding_fees:float?
    trading_mode:str? amount_precision:float? price_precision:float? precision_mode:int?
    nr_of_successful_entries:int nr_of_successful_exits:int
"""
TRADE = model("TradeSchema", _TRADE, orders=list[ORDER])
OPEN_TRADE = model("OpenTradeSchema", _TRADE + """
    stoploss_current_dist:float? stoploss_current_dist_ratio:float?
    stoploss_current_dist_pct:float? stoploss_entry_dist:float?
    stoploss_entry_dist_ratio:float? current_rate:float total_profit_abs:float
    total_profit_fiat:float? total_profit_ratio:float?
""", orders=list[ORDER])
HISTORY_TRADE = model("TradeHistoryEntry", _TRADE + """
    trade_duration_s:int? trade_duration:int?
""", orders=list[HISTORY_ORDER])
TRADE_HISTORY = model("TradeResponse", "trades:* trades_count:int offset:int total_trades:int",
                      trades=list[HISTORY_TRADE])
FORCE_ENTER_RESULT = TRADE  # or {"status": "Error entering ..."} when no trade was found
CUSTOM_DATA_ENTRY = model("CustomDataEntry", "key:str type:str value:any created_at:str? "
                                             "updated_at:str?")
TRADE_CUSTOM_DATA = model("ListCustomData", "trade_id:int custom_data:*",
                          custom_data=list[CUSTOM_DATA_ENTRY])

# ------------------------------------------------------------------- statistics
_PROFIT = """
    profit_closed_coin:float profit_closed_percent_mean:float profit_closed_ratio_mean:float
    profit_closed_percent_sum:float profit_closed_ratio_sum:float profit_closed_percent:float
    profit_closed_ratio:float profit_closed_fiat:float profit_all_coin:float
    profit_all_percent_mean:float profit_all_ratio_mean:float profit_all_percent_sum:float
    profit_all_ratio_sum:float profit_all_percent:float profit_all_ratio:float
    profit_all_fiat:float trade_count:int closed_trade_count:int first_trade_date:str
    first_trade_humanized:str first_trade_timestamp:int latest_trade_date:str
    latest_trade_humanized:str latest_trade_timestamp:int avg_duration:str best_pair:str
    best_rate:float best_pair_profit_ratio:float best_pair_profit_abs:float winning_trades:int
    losing_trades:int profit_factor:float? winrate:float expectancy:float
    expectancy_ratio:float max_drawdown:float max_drawdown_abs:float max_drawdown_start:str
    max_drawdown_start_timestamp:int max_drawdown_end:str max_drawdown_end_timestamp:int
    trading_volume:float? bot_start_timestamp:int bot_start_date:str sharpe:float?
    sortino:float? sqn:float? calmar:float? cagr:float? current_drawdown:float?
    current_drawdown_abs:float? current_drawdown_high:float? current_drawdown_start:str?
    current_drawdown_start_timestamp:int?
"""
PROFIT = model("Profit", _PROFIT)
PROFIT_ALL = model("ProfitAll", "all:* long:*? short:*?", all=PROFIT, long=PROFIT,
                   short=PROFIT)
PERFORMANCE_ENTRY = model("PerformanceEntry", "pair:str profit:float profit_ratio:float "
                                              "profit_pct:float profit_abs:float count:int")
ENTRY = model("Entry", "enter_tag:str profit_ratio:float profit_pct:float profit_abs:float "
                       "count:int")
EXIT = model("Exit", "exit_reason:str profit_ratio:float profit_pct:float profit_abs:float "
                     "count:int")
MIX_TAG = model("MixTag", "mix_tag:str profit_ratio:float profit_pct:float profit_abs:float "
                          "count:int")
STATS = model("Stats", "exit_reasons:dict durations:*", durations=model(
    "StatsDurations", "wins:float? draws:float? losses:float?"))
TIMEUNIT_RECORD = model("TimeUnitProfitRecord", "date:str abs_profit:float rel_profit:float "
                                                "starting_balance:float fiat_value:float "
                                                "trade_count:int")
TIMEUNIT = model("DailyWeeklyMonthly", "stake_currency:str fiat_display_currency:str data:*",
                 data=list[TIMEUNIT_RECORD])
BALANCE_ENTRY = model("Balance", """
    currency:str free:float balance:float used:float bot_owned:float? est_stake:float
    est_stake_bot:float? stake:str side:str is_position:bool position:float
    is_bot_managed:bool
""")
BALANCES = model("Balances", """
    currencies:* total:float total_bot:float symbol:str value:float value_bot:float stake:str
    note:str starting_capital:float starting_capital_ratio:float starting_capital_pct:float
    starting_capital_fiat:float starting_capital_fiat_ratio:float
    starting_capital_fiat_pct:float
""", currencies=list[BALANCE_ENTRY])
HISTORIC_BALANCE = model("HistoricBalance", "columns:strlist data:list length:int "
                                            "capture_start_ts:int")

# ------------------------------------------------------------------- pairlists and locks
WHITELIST = model("WhitelistResponse", "whitelist:strlist length:int method:strlist")
BLACKLIST = model("BlacklistResponse", "blacklist:strlist blacklist_expanded:strlist "
                                       "errors:dict length:int method:strlist")
LOCK = model("Lock", "id:int pair:str lock_time:str lock_timestamp:int lock_end_time:str "
                     "lock_end_timestamp:int reason:str? side:str active:bool")
LOCKS = model("Locks", "lock_count:int locks:*", locks=list[LOCK])

# ------------------------------------------------------------------- config, strategy, data
SHOW_CONFIG = model("ShowConfig", """
    version:str strategy_version:str? api_version:float dry_run:bool trading_mode:str
    short_allowed:bool stake_currency:str stake_amount:str available_capital:float?
    stake_currency_decimals:int max_open_trades:float minimal_roi:dict stoploss:float?
    stoploss_on_exchange:bool trailing_stop:bool? trailing_stop_positive:float?
    trailing_stop_positive_offset:float? trailing_only_offset_is_reached:bool?
    unfilledtimeout:dict? order_types:dict? use_custom_stoploss:bool? timeframe:str?
    timeframe_ms:int timeframe_min:int exchange:str strategy:str? force_entry_enable:bool
    exit_pricing:dict entry_pricing:dict bot_name:str state:str runmode:str
    position_adjustment_enable:bool max_entry_position_adjustment:int =margin_mode:str
    =demo_trading:bool
""")
STRATEGY_PARAM = model("StrategyParameter", "param_type:str name:str space:str? load:bool "
                                             "optimize:bool value:any =low:any =high:any "
                                             "=decimals:int =opt_range:list")
STRATEGY = model("StrategyResponse", "strategy:str code:str timeframe:str? params:*",
                 params=list[STRATEGY_PARAM])
PAIR_HISTORY = model("PairHistory", """
    strategy:str pair:str timeframe:str timeframe_ms:int columns:strlist all_columns:strlist
    data:list length:int buy_signals:int sell_signals:int enter_long_signals:int
    exit_long_signals:int enter_short_signals:int exit_short_signals:int last_analyzed:str?
    last_analyzed_ts:int? data_start_ts:int data_start:str data_stop:str data_stop_ts:int
    =annotations:list
""", "data holds one row per candle, in the order of columns; dates as strings.")
AVAILABLE_PAIRS = model("AvailablePairs", "length:int pairs:strlist pair_interval:list")
TRADE_MODE = model("TradeMode", "trading_mode:str margin_mode:str")
EXCHANGE = model("ValidExchange", "classname:str name:str valid:bool supported:bool "
                                  "comment:str =comment_futures:str dex:bool is_alias:bool "
                                  "alias_for:str? trade_modes:*", trade_modes=list[TRADE_MODE])
EXCHANGES = model("ExchangeListResponse", "exchanges:*", exchanges=list[EXCHANGE])
MARKETS = model("MarketResponse", "markets:dict exchange_id:str")
