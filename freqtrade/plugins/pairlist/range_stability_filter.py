"""RangeStabilityFilter: drops pairs whose high-low range over the lookback is too narrow
(or, with a maximum, too wide)."""
from __future__ import annotations

import logging

import pandas as pd

from freqtrade.plugins.pairlist.candle_measure import CandleMeasureFilter

logger = logging.getLogger(__name__)


class RangeStabilityFilter(CandleMeasureFilter):
    """Rate of change = (highest high - lowest low) / lowest low over ``lookback_period`` + 1
    closed candles; kept when >= ``min_rate_of_change`` (default 0.01) and, if set, <=
    ``max_rate_of_change``. Measures are kept for ``refresh_period`` (default 86400 s)."""

    default_refresh = 86400

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._min_rate = self._pairlist_config.get("min_rate_of_change", 0.01)
        self._max_rate = self._pairlist_config.get("max_rate_of_change")

    def short_desc(self) -> str:
        above = f" and above {self._max_rate}" if self._max_rate else ""
        return (f"{self.name} - Filtering pairs with rate of change below {self._min_rate}"
                f"{above} over the last {self.range_text()}.")

    def measure(self, candles: pd.DataFrame) -> float:
        high = candles["high"].max()
        low = candles["low"].min()
        return (high - low) / low if low > 0 else 0

    def accept(self, pair: str, value: float) -> bool:
        result = True
        if value < self._min_rate:
            self.log_once(f"Removed {pair} from whitelist, because rate of change over "
                          f"{self.range_text()} is {value:.3f}, which is below the threshold "
                          f"of {self._min_rate}.", logger.info)
            result = False
        if self._max_rate and value > self._max_rate:
            self.log_once(f"Removed {pair} from whitelist, because rate of change over "
                          f"{self.range_text()} is {value:.3f}, which is above the threshold "
                          f"of {self._max_rate}.", logger.info)
            result = False
        return result
