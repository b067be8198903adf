"""Shared flow of the filters that measure each pair over a lookback range of closed candles.

The measure of a pair is kept for the filter's ``refresh_period``; pairs without candles are
dropped; ``sort_direction`` "asc"/"desc" reorders the survivors by their measure.
"""
from __future__ import annotations

import logging

import pandas as pd

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist, Tickers, plural
from freqtrade.plugins.pairlist.cache import TimedCache

logger = logging.getLogger(__name__)


class CandleMeasureFilter(Pairlist):
    """Subclasses implement ``measure`` and ``accept`` and set ``default_refresh``."""

    default_refresh = 1800

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._measure_refresh = self._pairlist_config.get("refresh_period",
                                                          self.default_refresh)
        self._sort_direction = self._pairlist_config.get("sort_direction", None)
        self._measures = TimedCache(self._measure_refresh)
        self.init_lookback(required=True, deprecated_fallback=10)
        if self._sort_direction not in (None, "asc", "desc"):
            raise OperationalException(
                f"{self.name} requires sort_direction to be either None (undefined), 'asc' or "
                "'desc'")

    def range_text(self) -> str:
        return (f"{self.lookback_period} x {self.lookback_timeframe} "
                f"{plural(self.lookback_period, 'candle')}")

    def measure(self, candles: pd.DataFrame) -> float:
        raise NotImplementedError

    def accept(self, pair: str, value: float) -> bool:
        raise NotImplementedError

    def sort_value(self, value: float) -> float:
        return value

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        candles = self.lookback_candles([p for p in pairlist if p not in self._measures])
        kept: list[str] = []
        values: dict[str, float] = {}
        for pair in pairlist:
            value = self._measures.get(pair)
            if value is None:
                frame = candles.get(pair)
                if frame is not None and not frame.empty:
                    value = self.measure(frame)
                    self._measures[pair] = value
            if value is None:
                self.log_once(f"Removed {pair} from whitelist, no candles found.", logger.info)
            elif self.accept(pair, value):
                kept.append(pair)
                values[pair] = self.sort_value(value)
        if self._sort_direction:
            kept.sort(key=lambda p: values[p], reverse=self._sort_direction == "desc")
        return kept
