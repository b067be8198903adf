"""PrecisionFilter: drops pairs whose price tick is too coarse to place the stoploss."""
from __future__ import annotations

import logging

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist

logger = logging.getLogger(__name__)


class PrecisionFilter(Pairlist):
    """A pair stays when the stop price (last price x (1 - |stoploss|)) and 1 % below it
    round up to different price ticks; otherwise a stoploss order could not sit below the
    stop price. Disabled with a stoploss of 0."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "stoploss" not in self._config:
            raise OperationalException(
                "PrecisionFilter can only work with stoploss defined. Please add the stoploss "
                "key to your configuration (overwrites eventual strategy settings).")
        self._enabled = self._config["stoploss"] != 0
        self._stop_factor = 1 - abs(self._config["stoploss"])

    @property
    def needs_tickers(self) -> bool:
        return True

    def short_desc(self) -> str:
        return f"{self.name} - Filtering untradable pairs."

    def validate_pair(self, pair: str, ticker: dict | None) -> bool:
        if not ticker or ticker.get("last") is None:
            self.log_once(f"Removed {pair} from whitelist, because ticker['last'] is empty "
                          "(Usually no trade in the last 24h).", logger.info)
            return False
        stop_price = ticker["last"] * self._stop_factor
        stop = self._exchange.price_to_precision_up(pair, stop_price)
        stop_gap = self._exchange.price_to_precision_up(pair, stop_price * 0.99)
        if stop <= stop_gap:
            self.log_once(f"Removed {pair} from whitelist, because stop price {stop} would be "
                          f"<= stop limit {stop_gap}", logger.info)
            return False
        return True
