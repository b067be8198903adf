"""PriceFilter: drops pairs by last price, by price tick size or by minimum order step value."""
from __future__ import annotations

import logging

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist

logger = logging.getLogger(__name__)

TICK_SIZE = 4


class PriceFilter(Pairlist):
    """``low_price_ratio``: one price tick above this share of the price; ``min_price`` /
    ``max_price``: last price outside the range; ``max_value``: the value of one amount step
    at the minimum order above this. Each 0 (default) is off. Pairs without a last price are
    dropped while any check is on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in ("low_price_ratio", "min_price", "max_price", "max_value"):
            value = self._pairlist_config.get(key, 0)
            if value < 0:
                raise OperationalException(f"PriceFilter requires {key} to be >= 0")
            setattr(self, f"_{key}", value)
        self._enabled = any(getattr(self, f"_{key}") > 0 for key in (
            "low_price_ratio", "min_price", "max_price", "max_value"))

    @property
    def needs_tickers(self) -> bool:
        return True

    def short_desc(self) -> str:
        active = []
        if self._low_price_ratio != 0:
            active.append(f"below {self._low_price_ratio:.1%}")
        if self._min_price != 0:
            active.append(f"below {self._min_price:.8f}")
        if self._max_price != 0:
            active.append(f"above {self._max_price:.8f}")
        if self._max_value != 0:
            active.append(f"Value above {self._max_value:.8f}")
        if active:
            return f"{self.name} - Filtering pairs priced {' or '.join(active)}."
        return f"{self.name} - No price filters configured."

    def validate_pair(self, pair: str, ticker: dict | None) -> bool:
        price = (ticker or {}).get("last")
        if not price:
            self.log_once(f"Removed {pair} from whitelist, because ticker['last'] is empty "
                          "(Usually no trade in the last 24h).", logger.info)
            return False
        if self._low_price_ratio != 0:
            change = self._exchange.price_get_one_pip(pair, price) / price
            if change > self._low_price_ratio:
                self.log_once(f"Removed {pair} from whitelist, because 1 unit is {change:.3%}",
                              logger.info)
                return False
        if self._max_value != 0 and not self._step_value_ok(pair, price):
            return False
        if self._min_price != 0 and price < self._min_price:
            self.log_once(f"Removed {pair} from whitelist, because last price < "
                          f"{self._min_price:.8f}", logger.info)
            return False
        if self._max_price != 0 and price > self._max_price:
            self.log_once(f"Removed {pair} from whitelist, because last price > "
                          f"{self._max_price:.8f}", logger.info)
            return False
        return True

    def _step_value_ok(self, pair: str, price: float) -> bool:
        market = self._exchange.markets[pair]
        min_amount = ((market.get("limits") or {}).get("amount") or {}).get("min")
        if min_amount is None:
            return True
        step = market["precision"]["amount"]
        if self._exchange.precision_mode != TICK_SIZE:
            step = pow(0.1, step)
        diff = (min_amount + step) * price - min_amount * price
        if diff > self._max_value:
            self.log_once(f"Removed {pair} from whitelist, because min value change of {diff} > "
                          f"{self._max_value}.", logger.info)
            return False
        return True
