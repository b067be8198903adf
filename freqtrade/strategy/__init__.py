"""What strategy files import: ``from freqtrade.strategy import IStrategy, IntParameter, ...``."""
from typing import Any

from freqtrade.strategy.annotations import AnnotationType
from freqtrade.strategy.informative import informative
from freqtrade.strategy.interface import ExitCheckTuple, IStrategy, SignalDirection
from freqtrade.strategy.parameters import (
    BaseParameter,
    BooleanParameter,
    CategoricalParameter,
    DecimalParameter,
    IntParameter,
    RealParameter,
)
from freqtrade.strategy.strategy_helper import (
    merge_informative_pair,
    stoploss_from_absolute,
    stoploss_from_open,
)
from freqtrade.util.timeframes import (
    timeframe_to_minutes,
    timeframe_to_msecs,
    timeframe_to_next_date,
    timeframe_to_prev_date,
    timeframe_to_seconds,
)

__all__ = [
    "AnnotationType", "BaseParameter", "BooleanParameter", "CategoricalParameter",
    "DecimalParameter",
    "ExitCheckTuple", "IStrategy", "IntParameter", "RealParameter", "SignalDirection", "Trade",
    "Order", "PairLocks",
    "informative", "merge_informative_pair", "stoploss_from_absolute", "stoploss_from_open",
    "timeframe_to_minutes", "timeframe_to_msecs", "timeframe_to_next_date",
    "timeframe_to_prev_date", "timeframe_to_seconds",
]


def __getattr__(name: str) -> Any:
    """``Trade`` is imported lazily so loading strategies does not require a database."""
    if name in ("Trade", "Order", "PairLocks"):
        from freqtrade import persistence

        return getattr(persistence, name)
    raise AttributeError(name)
