"""StaticPairList: the pairs of ``exchange.pair_whitelist`` (regex entries expanded)."""
from __future__ import annotations

import logging
import re

from freqtrade.plugins.pairlist.base import Pairlist, Tickers

logger = logging.getLogger(__name__)


class StaticPairList(Pairlist):
    """Generator: the configured whitelist, minus pairs the exchange cannot trade.

    ``allow_inactive`` keeps markets the exchange marks inactive (freqtrade uses it for
    backtesting delisted pairs). As a later step it appends the configured pairs the list
    lacks.
    """

    is_generator = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._allow_inactive = bool(self._pairlist_config.get("allow_inactive", False))

    def gen_pairlist(self, tickers: Tickers) -> list[str]:
        from freqtrade.plugins.pairlist_manager import expand_pairlist

        stake = self._config["stake_currency"]
        candidates = [symbol for symbol, market in self._exchange.markets.items()
                      if market.get("quote") == stake
                      and (self._allow_inactive or market.get("active", True) is not False)]
        try:
            wanted = expand_pairlist(self._config["exchange"].get("pair_whitelist") or [],
                                     candidates, keep_invalid=True)
        except re.error as exc:
            logger.warning("Invalid entry in pair_whitelist: %s", exc)
            return []
        if self._allow_inactive:
            markets = self._exchange.markets
            return list(dict.fromkeys(
                p for p in wanted if p in markets and markets[p].get("quote") == stake))
        return self.whitelist_for_active_markets(wanted)

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        result = list(pairlist)
        result.extend(p for p in self.gen_pairlist(tickers) if p not in result)
        return result
