"""The shared flow of the generators that rank the market by one number (volume, change).

As generator: the active stake-currency markets minus the blacklist, ranked, cut to
``number_assets``, and kept for ``refresh_period`` seconds. As a later step: the incoming list
ranked the same way (not cached). The number comes from the tickers, or, with a lookback range,
from closed candles.
"""
from __future__ import annotations

import logging
from typing import Any

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist, Tickers
from freqtrade.plugins.pairlist.cache import TimedCache

logger = logging.getLogger(__name__)


class RankedPairlist(Pairlist):
    """Subclasses set ``ticker_option`` and implement ``ranked_values``."""

    is_generator = True
    ticker_option = ""
    ticker_error_hint = ""
    descending = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "number_assets" not in self._pairlist_config:
            raise OperationalException(
                "`number_assets` not specified. Please check your configuration for "
                '"pairlist.config.number_assets"')
        self._stake_currency: str = self._config["stake_currency"]
        self._number_pairs: int = self._pairlist_config["number_assets"]
        self._pair_cache = TimedCache(self.refresh_period)
        self.init_lookback()
        self.use_range = self.check_range_refresh()
        if not self.use_range and not (self._exchange.exchange_has("fetchTickers")
                                       and self._exchange.get_option(self.ticker_option)):
            raise OperationalException(
                f"Exchange {self._exchange.name} does not support dynamic whitelist in this "
                f"configuration. Please edit your config and either remove {self.name}, or "
                f"switch to using candles and restart the bot.{self.ticker_error_hint}")

    @property
    def needs_tickers(self) -> bool:
        return not self.use_range

    def ticker_candidate(self, ticker: dict[str, Any]) -> bool:
        """Whether a ticker can take part when ranking from tickers."""
        return True

    def gen_pairlist(self, tickers: Tickers) -> list[str]:
        cached = self._pair_cache.get("pairlist")
        if cached:
            return list(cached)
        pairs = self.verify_blacklist(self.stake_markets(), logger.info)
        if not self.use_range:
            allowed = set(pairs)
            pairs = [ticker.get("symbol", symbol) for symbol, ticker in tickers.items()
                     if self._exchange.get_pair_quote_currency(symbol) == self._stake_currency
                     and self.ticker_candidate(ticker)
                     and ticker.get("symbol", symbol) in allowed]
        pairs = self.filter_pairlist(pairs, tickers)
        self._pair_cache["pairlist"] = list(pairs)
        return pairs

    def ranked_values(self, pairlist: list[str], tickers: Tickers) -> list[tuple[str, Any]]:
        """``(pair, value)`` for each pair that can be ranked, in the order ties keep."""
        raise NotImplementedError

    def keep(self, value: Any) -> bool:
        raise NotImplementedError

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        values = [(pair, value) for pair, value in self.ranked_values(pairlist, tickers)
                  if self.keep(value)]
        values.sort(key=lambda item: item[1], reverse=self.descending)
        pairs = self.whitelist_for_active_markets([pair for pair, _ in values])
        pairs = self.verify_blacklist(pairs, logger.info)
        return pairs[:self._number_pairs]
