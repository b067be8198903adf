"""AgeFilter: only pairs listed long enough (counted in closed daily candles)."""
from __future__ import annotations

import logging
from datetime import timedelta

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist, Tickers, plural
from freqtrade.plugins.pairlist.cache import TimedCache
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import dt_ts

logger = logging.getLogger(__name__)


class AgeFilter(Pairlist):
    """Removes pairs with fewer than ``min_days_listed`` (default 10) closed daily candles or,
    with ``max_days_listed``, more than that. A pair that passed is not checked again; one
    that failed is re-checked the next UTC day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._checked: dict[str, int] = {}
        self._failed = TimedCache(86400, aligned=True)
        self._min_days = self._pairlist_config.get("min_days_listed", 10)
        self._max_days = self._pairlist_config.get("max_days_listed")
        limit = self._exchange.ohlcv_candle_limit("1d")
        if self._min_days < 1:
            raise OperationalException("AgeFilter requires min_days_listed to be >= 1")
        if self._min_days > limit:
            raise OperationalException("AgeFilter requires min_days_listed to not exceed "
                                       f"exchange max request size ({limit})")
        if self._max_days and self._max_days <= self._min_days:
            raise OperationalException("AgeFilter max_days_listed <= min_days_listed not permitted")
        if self._max_days and self._max_days > limit:
            raise OperationalException("AgeFilter requires max_days_listed to not exceed "
                                       f"exchange max request size ({limit})")

    def _limits_text(self) -> str:
        text = f"{self._min_days} {plural(self._min_days, 'day')}"
        if self._max_days:
            text += f" or more than {self._max_days} {plural(self._max_days, 'day')}"
        return text

    def short_desc(self) -> str:
        return f"{self.name} - Filtering pairs with age less than {self._limits_text()}"

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        needed = [p for p in pairlist if p not in self._checked and p not in self._failed]
        if not needed:
            return [p for p in pairlist if p not in self._failed]
        today = dt_now().replace(hour=0, minute=0, second=0, microsecond=0)
        since_ms = dt_ts(today - timedelta(days=(self._max_days or self._min_days) + 1))
        result = []
        for pair in pairlist:
            if pair in self._checked:
                result.append(pair)
                continue
            if pair not in needed:
                continue
            candles = self._manager.candles.closed_candles(pair, "1d", since_ms)
            if candles is None:
                continue
            age = len(candles)
            if age >= self._min_days and (not self._max_days or age <= self._max_days):
                self._checked[pair] = dt_ts(dt_now())
                result.append(pair)
            else:
                self.log_once(f"Removed {pair} from whitelist, because age {age} is less than "
                              f"{self._limits_text()}", logger.info)
                self._failed[pair] = True
        self.log_once(f"Validated {len(result)} pairs.", logger.info)
        return result
