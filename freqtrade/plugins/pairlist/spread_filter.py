"""SpreadFilter: drops pairs whose bid/ask spread is too wide."""
from __future__ import annotations

import logging

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist

logger = logging.getLogger(__name__)


class SpreadFilter(Pairlist):
    """Removes a pair when 1 - bid / ask exceeds ``max_spread_ratio`` (default 0.005), or when
    its ticker has no bid or ask."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._max_spread_ratio = self._pairlist_config.get("max_spread_ratio", 0.005)
        self._enabled = self._max_spread_ratio != 0
        if not self._exchange.get_option("tickers_have_bid_ask"):
            raise OperationalException(
                f"{self.name} requires exchange to have bid/ask data for tickers, which is not "
                "available for the selected exchange / trading mode.")

    @property
    def needs_tickers(self) -> bool:
        return True

    def short_desc(self) -> str:
        return (f"{self.name} - Filtering pairs with ask/bid diff above "
                f"{self._max_spread_ratio:.2%}.")

    def validate_pair(self, pair: str, ticker: dict | None) -> bool:
        if ticker and ticker.get("ask") and ticker.get("bid"):
            spread = 1 - ticker["bid"] / ticker["ask"]
            if spread > self._max_spread_ratio:
                self.log_once(f"Removed {pair} from whitelist, because spread {spread:.3%} > "
                              f"{self._max_spread_ratio:.3%}", logger.info)
                return False
            return True
        self.log_once(f"Removed {pair} from whitelist due to invalid ticker data: {ticker}",
                      logger.info)
        return False
