"""ShuffleFilter: randomises the order of the pairs."""
from __future__ import annotations

import logging
import random

from freqtrade.enums import TRADE_MODES
from freqtrade.plugins.pairlist.base import Pairlist, Tickers
from freqtrade.plugins.pairlist.cache import TimedCache
from freqtrade.util.timeframes import timeframe_to_seconds

logger = logging.getLogger(__name__)


class ShuffleFilter(Pairlist):
    """Shuffles the list once per candle (``shuffle_frequency`` "candle", default) or on every
    refresh ("iteration"). ``seed`` makes the order repeatable, but only outside dry-run/live,
    where a repeating order would favour the same pairs every time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._live = self._config.get("runmode") in TRADE_MODES
        if self._live:
            self._seed = None
            logger.info("Live mode detected, not applying seed.")
        else:
            self._seed = self._pairlist_config.get("seed")
            logger.info("Backtesting mode detected, applying seed value: %s", self._seed)
        self._random = random.Random(self._seed)  # noqa: S311 - ordering, not security
        self._frequency = self._pairlist_config.get("shuffle_frequency", "candle")
        self._shuffled = TimedCache(timeframe_to_seconds(self._config.get("timeframe") or "5m"),
                                    aligned=True)

    def short_desc(self) -> str:
        seed = f", seed = {self._seed}." if self._seed is not None else "."
        return f"{self.name} - Shuffling pairs every {self._frequency}{seed}"

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        key = tuple(pairlist)
        cached = self._shuffled.get(key)
        if cached and self._frequency == "candle":
            return list(cached)
        shuffled = list(pairlist)
        self._random.shuffle(shuffled)
        if self._live:
            self._shuffled[key] = shuffled
        return list(shuffled)
