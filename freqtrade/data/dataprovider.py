"""Candles for the strategy and the API: live cache from the exchange, analyzed frames.

The cache refreshes incrementally (only candles newer than the last one held) and keeps a
bounded window. ``ohlcv`` returns closed candles only; the analyzed frame of each pair is
kept with the time it was analyzed (``/pair_candles`` serves it).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from freqtrade.data.converter import empty_ohlcv, ohlcv_to_dataframe
from freqtrade.data.history import load_pair_history
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import timeframe_to_msecs

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_DATAFRAME_CANDLES = 1000
NO_EXCHANGE_EXCEPTION = "Exchange is not available to DataProvider."
PairTf = tuple[str, str]


class DataProvider:
    def __init__(self, config: dict, exchange, max_candles: int | None = None):
        self._config = config
        self._exchange = exchange
        startup = int(config.get("startup_candle_count") or 0)
        self._max_candles = max_candles or max(startup + 500, 1000)
        self._candles: dict[PairTf, pd.DataFrame] = {}
        self._analyzed: dict[PairTf, tuple[pd.DataFrame, datetime]] = {}
        self._whitelist: list[str] = []
        self._lock = threading.Lock()
        self.new_candle_hook: Callable[[str, str, str], None] | None = None

    @property
    def runmode(self):
        return self._config.get("runmode")

    def _timeframe(self, timeframe: str | None) -> str:
        """``timeframe``, else the strategy's (the resolver writes it into the config)."""
        return timeframe or self._config["timeframe"]

    # ----------------------------------------------------------------- live candles
    def refresh(self, pair_timeframes: list[PairTf]) -> None:
        """Fetch candles newer than the cached ones for each (pair, timeframe)."""
        for pair, timeframe in dict.fromkeys(pair_timeframes):
            try:
                self._refresh_one(pair, timeframe)
            except Exception as exc:
                logger.warning("Could not refresh %s %s candles: %s", pair, timeframe, exc)

    def _refresh_one(self, pair: str, timeframe: str) -> None:
        cached = self._candles.get((pair, timeframe))
        step = timeframe_to_msecs(timeframe)
        if cached is None or cached.empty:
            since = None
            raw = self._exchange.fetch_ohlcv(pair, timeframe, None, self._max_candles)
        else:
            since = int(cached["date"].iloc[-1].timestamp() * 1000) + step
            now_ms = int(dt_now().timestamp() * 1000)
            if since + step > now_ms:
                return  # the next candle has not closed yet
            raw = self._exchange.fetch_ohlcv(pair, timeframe, since, None)
        new = ohlcv_to_dataframe(raw, timeframe, pair, drop_incomplete=True)
        if new.empty:
            return
        frame = new if cached is None or cached.empty else pd.concat([cached, new])
        frame = frame.drop_duplicates(subset="date", keep="last").tail(self._max_candles)
        frame = frame.reset_index(drop=True)
        grew = cached is None or cached.empty or \
            frame["date"].iloc[-1] > cached["date"].iloc[-1]
        with self._lock:
            self._candles[(pair, timeframe)] = frame
        if grew and since is not None and self.new_candle_hook:
            self.new_candle_hook(pair, timeframe, "spot")

    def ohlcv(self, pair: str, timeframe: str | None = None, copy: bool = True,
              candle_type: str = "") -> pd.DataFrame:
        timeframe = self._timeframe(timeframe)
        with self._lock:
            frame = self._candles.get((pair, timeframe))
        if frame is None:
            return empty_ohlcv()
        return frame.copy() if copy else frame

    def historic_ohlcv(self, pair: str, timeframe: str | None = None,
                       candle_type: str = "") -> pd.DataFrame:
        timeframe = self._timeframe(timeframe)
        datadir = Path(self._config.get("datadir") or
                       Path(self._config.get("user_data_dir", "user_data")) / "data")
        return load_pair_history(pair, timeframe, datadir,
                                 data_format=self._config.get("dataformat_ohlcv", "feather"))

    def get_pair_dataframe(self, pair: str, timeframe: str | None = None,
                           candle_type: str = "") -> pd.DataFrame:
        """Live candles; fetched on demand when the pair is not cached yet."""
        timeframe = self._timeframe(timeframe)
        frame = self.ohlcv(pair, timeframe)
        if frame.empty and self._exchange is not None:
            self._refresh_one(pair, timeframe)
            frame = self.ohlcv(pair, timeframe)
        return frame

    # ----------------------------------------------------------------- analyzed frames
    def _set_cached_df(self, pair: str, timeframe: str, dataframe: pd.DataFrame,
                       candle_type: str = "") -> None:
        with self._lock:
            self._analyzed[(pair, timeframe)] = (dataframe, dt_now())

    def get_analyzed_dataframe(self, pair: str, timeframe: str) -> tuple[pd.DataFrame,
                                                                         datetime]:
        with self._lock:
            found = self._analyzed.get((pair, timeframe))
        if found is None:
            return pd.DataFrame(), EPOCH
        return found

    # ----------------------------------------------------------------- misc
    def set_whitelist(self, pairs: list[str]) -> None:
        self._whitelist = list(pairs)

    def current_whitelist(self) -> list[str]:
        return list(self._whitelist)

    def market(self, pair: str) -> dict | None:
        return self._exchange.markets.get(pair) if self._exchange else None

    def ticker(self, pair: str) -> dict:
        try:
            return self._exchange.fetch_ticker(pair)
        except Exception:
            return {}
