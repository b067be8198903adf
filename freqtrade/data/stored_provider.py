"""The data provider of a strategy analysing stored candles (``/pair_history``).

Every pair and timeframe the strategy asks for (``get_pair_dataframe``, ``informative_pairs``,
``@informative``) comes from the candle files on disk, cut to the requested timerange plus the
strategy's startup candles, as a backtest would see them. There is no whitelist here:
``current_whitelist()`` refuses, with freqtrade's message, so the API answers it as a 502.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from freqtrade.data.dataprovider import DataProvider
from freqtrade.data.history import load_pair_history
from freqtrade.data.timerange import TimeRange
from freqtrade.exceptions import OperationalException


class StoredCandlesProvider(DataProvider):
    def __init__(self, config: dict, exchange: Any | None, datadir: Path,
                 timerange: TimeRange | None,
                 exchange_factory: Callable[[], Any] | None = None) -> None:
        super().__init__(config, exchange)
        self._exchange_factory = exchange_factory
        self._datadir = Path(datadir)
        self._timerange = timerange
        self._stored: dict[tuple[str, str], pd.DataFrame] = {}

    def historic_ohlcv(self, pair: str, timeframe: str | None = None,
                       candle_type: str = "") -> pd.DataFrame:
        timeframe = self._timeframe(timeframe)
        key = (pair, timeframe)
        if key not in self._stored:
            self._stored[key] = load_pair_history(
                pair, timeframe, self._datadir, self._timerange,
                self._config.get("dataformat_ohlcv", "feather"),
                int(self._config.get("startup_candle_count") or 0))
        return self._stored[key].copy()

    def ohlcv(self, pair: str, timeframe: str | None = None, copy: bool = True,
              candle_type: str = "") -> pd.DataFrame:
        """Live candles: there are none outside trading (freqtrade answers empty too)."""
        return pd.DataFrame()

    def get_pair_dataframe(self, pair: str, timeframe: str | None = None,
                           candle_type: str = "") -> pd.DataFrame:
        return self.historic_ohlcv(pair, timeframe, candle_type)

    def market(self, pair: str) -> dict | None:
        """The exchange's market; the exchange is only created when a strategy asks."""
        if self._exchange is None and self._exchange_factory is not None:
            factory, self._exchange_factory = self._exchange_factory, None
            try:
                self._exchange = factory()
            except Exception as exc:
                raise OperationalException(f"Market {pair} is not available: {exc}") from exc
        return super().market(pair)

    def current_whitelist(self) -> list[str]:
        raise OperationalException("Dataprovider was not initialized with a pairlist provider.")
