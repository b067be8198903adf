"""Enumerations with the string values freqtrade uses on the wire and in the database."""
from enum import Enum
from typing import Any


class _ValueStr(str, Enum):
    """A string enum that prints as its value (``f"{RunMode.LIVE}"`` -> ``live``)."""

    def __str__(self) -> str:
        return self.value


class State(Enum):
    RUNNING = 1
    PAUSED = 2
    STOPPED = 3
    RELOAD_CONFIG = 4

    def __str__(self) -> str:
        return self.name.lower()


class RunMode(_ValueStr):
    LIVE = "live"
    DRY_RUN = "dry_run"
    BACKTEST = "backtest"
    HYPEROPT = "hyperopt"
    UTIL_EXCHANGE = "util_exchange"
    UTIL_NO_EXCHANGE = "util_no_exchange"
    PLOT = "plot"
    WEBSERVER = "webserver"
    OTHER = "other"


TRADE_MODES = [RunMode.LIVE, RunMode.DRY_RUN]
OPTIMIZE_MODES = [RunMode.BACKTEST, RunMode.HYPEROPT]
NON_UTIL_MODES = TRADE_MODES + OPTIMIZE_MODES


class TradingMode(_ValueStr):
    SPOT = "spot"
    MARGIN = "margin"
    FUTURES = "futures"


class CandleType(_ValueStr):
    SPOT = "spot"
    FUTURES = "futures"
    MARK = "mark"
    INDEX = "index"
    PREMIUMINDEX = "premiumIndex"
    FUNDING_RATE = "funding_rate"
    OPEN_INTEREST = "open_interest"


class SignalType(_ValueStr):
    ENTER_LONG = "enter_long"
    EXIT_LONG = "exit_long"
    ENTER_SHORT = "enter_short"
    EXIT_SHORT = "exit_short"


class SignalTagType(_ValueStr):
    ENTER_TAG = "enter_tag"
    EXIT_TAG = "exit_tag"


class ExitType(_ValueStr):
    ROI = "roi"
    STOP_LOSS = "stop_loss"
    STOPLOSS_ON_EXCHANGE = "stoploss_on_exchange"
    TRAILING_STOP_LOSS = "trailing_stop_loss"
    LIQUIDATION = "liquidation"
    EXIT_SIGNAL = "exit_signal"
    FORCE_EXIT = "force_exit"
    EMERGENCY_EXIT = "emergency_exit"
    CUSTOM_EXIT = "custom_exit"
    PARTIAL_EXIT = "partial_exit"
    SOLD_ON_EXCHANGE = "sold_on_exchange"
    NONE = ""


class RPCMessageType(_ValueStr):
    STATUS = "status"
    WARNING = "warning"
    EXCEPTION = "exception"
    STARTUP = "startup"
    ENTRY = "entry"
    ENTRY_FILL = "entry_fill"
    ENTRY_CANCEL = "entry_cancel"
    EXIT = "exit"
    EXIT_FILL = "exit_fill"
    EXIT_CANCEL = "exit_cancel"
    PROTECTION_TRIGGER = "protection_trigger"
    PROTECTION_TRIGGER_GLOBAL = "protection_trigger_global"
    LIQUIDATION_WARNING = "liquidation_warning"
    STRATEGY_MSG = "strategy_msg"
    WHITELIST = "whitelist"
    ANALYZED_DF = "analyzed_df"
    NEW_CANDLE = "new_candle"


# message types the message websocket does not echo back to the consumer that sent them
NO_ECHO_MESSAGES = (RPCMessageType.ANALYZED_DF, RPCMessageType.WHITELIST,
                    RPCMessageType.NEW_CANDLE)


class RPCRequestType(_ValueStr):
    SUBSCRIBE = "subscribe"
    WHITELIST = "whitelist"
    ANALYZED_DF = "analyzed_df"


class MarginMode(_ValueStr):
    CROSS = "cross"
    ISOLATED = "isolated"
    NONE = ""


class PriceType(_ValueStr):
    """Which price a stoploss on exchange is triggered by (futures)."""
    LAST = "last"
    MARK = "mark"
    INDEX = "index"


class OrderTypeValues(_ValueStr):
    limit = "limit"
    market = "market"


class SignalDirection(_ValueStr):
    """The side of an entry signal or a forced entry."""
    LONG = "long"
    SHORT = "short"


class MarketDirection(Enum):
    """A strategy's view of the market, set through the API or ``/marketdir``."""
    LONG = "long"
    SHORT = "short"
    EVEN = "even"
    NONE = "none"

    def __str__(self) -> str:
        return self.value


class BacktestState(Enum):
    STARTUP = 1
    DATALOAD = 2
    ANALYZE = 3
    CONVERT = 4
    BACKTEST = 5

    def __str__(self) -> str:
        return self.name.lower()


class HyperoptState(Enum):
    STARTUP = 1
    DATALOAD = 2
    INDICATORS = 3
    OPTIMIZE = 4

    def __str__(self) -> str:
        return self.name.lower()


def __getattr__(name: str) -> Any:
    """``ExitCheckTuple`` lives with the strategy interface."""
    if name == "ExitCheckTuple":
        from freqtrade.strategy import interface

        return getattr(interface, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
