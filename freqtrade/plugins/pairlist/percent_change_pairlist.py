"""PercentChangePairList: the pairs that moved most (24h ticker change, or a candle range)."""
from __future__ import annotations

import logging
from typing import Any

from freqtrade.plugins.pairlist.base import Tickers
from freqtrade.plugins.pairlist.ranked import RankedPairlist

logger = logging.getLogger(__name__)


class PercentChangePairList(RankedPairlist):
    """``number_assets`` pairs by percent change: the ticker's ``percentage``, or with a
    lookback range the change of the last close over ``lookback_period`` closed candles.
    ``sort_direction`` "desc" (default) puts the biggest gainers first, anything else sorts
    ascending; ``min_value`` / ``max_value`` bound the change strictly.
    """

    ticker_option = "tickers_have_percentage"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._min_value = self._pairlist_config.get("min_value", None)
        self._max_value = self._pairlist_config.get("max_value", None)
        self.descending = self._pairlist_config.get("sort_direction", "desc") == "desc"

    def short_desc(self) -> str:
        return (f"{self.name} - top {self._pairlist_config['number_assets']} percent change "
                "pairs.")

    def keep(self, value: Any) -> bool:
        if self._min_value is not None and not value > self._min_value:
            return False
        return self._max_value is None or value < self._max_value

    def ranked_values(self, pairlist: list[str], tickers: Tickers) -> list[tuple[str, Any]]:
        if self.use_range:
            return self._range_changes(pairlist)
        values = []
        for pair in pairlist:
            ticker = tickers.get(pair)
            if not ticker or ticker.get("percentage") is None:
                self.log_once(f"Removed {pair} from whitelist, because ticker['percentage'] is "
                              "empty (Usually no trade in the last 24h).", logger.info)
                continue
            values.append((pair, ticker["percentage"]))
        return values

    def _range_changes(self, pairlist: list[str]) -> list[tuple[str, Any]]:
        candles = self.lookback_candles(pairlist, "change")
        values = []
        for pair in pairlist:
            frame = candles.get(pair)
            change = 0
            if frame is not None and not frame.empty:
                current = frame["close"].iloc[-1]
                previous = frame["close"].shift(self.lookback_period).iloc[-1]
                change = (current - previous) / previous * 100 if previous > 0 else 0
            values.append((pair, change))
        return values
