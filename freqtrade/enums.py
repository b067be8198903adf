"""Enumerations with the string values freqtrade uses on the wire and in the database."""
from enum import Enum


class State(Enum):
    RUNNING = 1
    PAUSED = 2
    STOPPED = 3
    RELOAD_CONFIG = 4

    def __str__(self) -> str:
        return self.name.lower()


class RunMode(str, Enum):
    LIVE = "live"
    DRY_RUN = "dry_run"
    WEBSERVER = "webserver"
    OTHER = "other"


TRADE_MODES = (RunMode.LIVE, RunMode.DRY_RUN)


class TradingMode(str, Enum):
    SPOT = "spot"
    MARGIN = "margin"
    FUTURES = "futures"


class CandleType(str, Enum):
    SPOT = "spot"
    FUTURES = "futures"
    MARK = "mark"
    INDEX = "index"
    PREMIUMINDEX = "premiumIndex"
    FUNDING_RATE = "funding_rate"


class SignalType(str, Enum):
    ENTER_LONG = "enter_long"
    EXIT_LONG = "exit_long"
    ENTER_SHORT = "enter_short"
    EXIT_SHORT = "exit_short"


class SignalTagType(str, Enum):
    ENTER_TAG = "enter_tag"
    EXIT_TAG = "exit_tag"


class ExitType(str, Enum):
    ROI = "roi"
    STOP_LOSS = "stop_loss"
    STOPLOSS_ON_EXCHANGE = "stoploss_on_exchange"
    TRAILING_STOP_LOSS = "trailing_stop_loss"
    EXIT_SIGNAL = "exit_signal"
    FORCE_EXIT = "force_exit"
    EMERGENCY_EXIT = "emergency_exit"
    CUSTOM_EXIT = "custom_exit"
    PARTIAL_EXIT = "partial_exit"
    LIQUIDATION = "liquidation"
    NONE = ""

    def __str__(self) -> str:
        return self.value


class RPCMessageType(str, Enum):
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
    STRATEGY_MSG = "strategy_msg"
    WHITELIST = "whitelist"
    ANALYZED_DF = "analyzed_df"
    NEW_CANDLE = "new_candle"

    def __str__(self) -> str:
        return self.value
