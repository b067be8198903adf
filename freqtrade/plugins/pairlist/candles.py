"""Closed candles for the pairlists that look back over a range (volume, change, volatility, age).

Only completed candles count: the forming candle is dropped, as its values still move. Results
for a (timeframe, lookback) pair are kept until the next candle of that timeframe starts.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from freqtrade.exceptions import DependencyException
from freqtrade.plugins.pairlist.cache import TimedCache
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import dt_ts
from freqtrade.util.timeframes import timeframe_to_prev_date, timeframe_to_seconds

logger = logging.getLogger(__name__)

COLUMNS = ["date", "open", "high", "low", "close", "volume"]


def date_minus_candles(timeframe: str, count: int, date: datetime | None = None) -> datetime:
    """Start of the candle ``count`` candles before the one forming at ``date``."""
    start = timeframe_to_prev_date(timeframe, date or dt_now())
    return start - timedelta(seconds=timeframe_to_seconds(timeframe) * count)


class CandleSource:
    """Fetches closed candles from the exchange, with a per-candle cache."""

    def __init__(self, exchange: Any) -> None:
        self._exchange = exchange
        self._caches: dict[tuple[str, int], TimedCache] = {}

    def closed_candles(self, pair: str, timeframe: str, since_ms: int) -> pd.DataFrame | None:
        """Every closed candle from ``since_ms``; None when the exchange has none."""
        try:
            rows = self._exchange.get_historic_ohlcv(pair, timeframe, since_ms)
        except DependencyException as exc:
            logger.warning("Could not fetch %s %s candles for the pairlist: %s", pair,
                           timeframe, exc)
            return None
        forming = dt_ts(timeframe_to_prev_date(timeframe, dt_now()))
        rows = [row for row in rows if row[0] < forming]
        if not rows:
            return None
        frame = pd.DataFrame(rows, columns=COLUMNS)
        frame[COLUMNS[1:]] = frame[COLUMNS[1:]].astype(float)
        return frame

    def lookback(self, pairs: list[str], timeframe: str,
                 period: int) -> dict[str, pd.DataFrame | None]:
        """The last ``period`` + 1 closed candles of each pair (a change over N candles needs
        N + 1 of them), cached until the next ``timeframe`` candle starts."""
        cache = self._caches.setdefault(
            (timeframe, period), TimedCache(timeframe_to_seconds(timeframe), aligned=True))
        since_ms = dt_ts(date_minus_candles(timeframe, period + 1))
        result: dict[str, pd.DataFrame | None] = {}
        for pair in pairs:
            if pair in cache:
                result[pair] = cache.get(pair)
                continue
            frame = self.closed_candles(pair, timeframe, since_ms)
            cache[pair] = frame
            result[pair] = frame
        return result
