"""VolatilityFilter: keeps pairs whose recent volatility lies in a range."""
from __future__ import annotations

import logging
import math
import sys

import numpy as np
import pandas as pd

from freqtrade.plugins.pairlist.candle_measure import CandleMeasureFilter

logger = logging.getLogger(__name__)


class VolatilityFilter(CandleMeasureFilter):
    """Volatility = mean of the rolling ``lookback_period``-candle standard deviation of the
    log returns, times sqrt(``lookback_period``); kept when ``min_volatility`` (default 0) <=
    volatility <= ``max_volatility``. Measures are kept for ``refresh_period`` (default
    1440 s)."""

    default_refresh = 1440

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._min_volatility = self._pairlist_config.get("min_volatility", 0)
        self._max_volatility = self._pairlist_config.get("max_volatility", sys.maxsize)

    def short_desc(self) -> str:
        return (f"{self.name} - Filtering pairs with volatility range {self._min_volatility}-"
                f"{self._max_volatility} over the last {self.range_text()}.")

    def measure(self, candles: pd.DataFrame) -> float:
        returns = np.log(candles["close"].shift(1) / candles["close"]).fillna(0)
        series = returns.rolling(window=self.lookback_period).std() \
            * np.sqrt(self.lookback_period)
        return float(series.mean())

    def sort_value(self, value: float) -> float:
        return value if value and not math.isnan(value) else 0

    def accept(self, pair: str, value: float) -> bool:
        if self._min_volatility <= value <= self._max_volatility:
            return True
        self.log_once(f"Removed {pair} from whitelist, because volatility over "
                      f"{self.range_text()} is: {value:.3f} which is not in the configured "
                      f"range of {self._min_volatility}-{self._max_volatility}.", logger.info)
        return False
