"""Simulated order execution for dry-run (and the simulated market, always).

Market orders fill at once on the far side of the spread (buy at the ask, sell at the bid);
limit orders fill at their price once the market has traded through it. Fees: taker for
market orders, maker for limit orders, charged in the quote currency.

The book lives in memory, but the orders table is the record: an order this process did not
place (the bot was restarted while it was open) is rebuilt from its stored row - price,
amount, side, type, filled, placement time - so it stays open and fills as it would have,
including on prices traded while the bot was down.
"""
from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Any

from freqtrade.exceptions import InvalidOrderException, PricingError
from freqtrade.util.clock import dt_now

if TYPE_CHECKING:  # pragma: no cover
    from freqtrade.exchange.exchange import Exchange


class DryRunOrderBook:
    """Open and past dry-run orders, kept in memory for the life of the process."""

    def __init__(self, exchange: Exchange):
        self._exchange = exchange
        self._orders: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _fill(self, order: dict[str, Any], price: float, taker: bool) -> None:
        fee_rate = self._exchange.get_fee(order["symbol"], "taker" if taker else "maker")
        cost = order["amount"] * price
        now_ms = int(dt_now().timestamp() * 1000)
        order.update({
            "status": "closed", "filled": order["amount"], "remaining": 0.0,
            "average": price, "cost": cost, "lastTradeTimestamp": now_ms,
            "fee": {"cost": cost * fee_rate, "currency": order["quote"], "rate": fee_rate},
        })

    def create_order(self, pair: str, ordertype: str, side: str, amount: float,
                     rate: float | None) -> dict[str, Any]:
        if amount <= 0:
            raise InvalidOrderException(f"Order amount must be positive, got {amount}.")
        ticker = self._exchange.fetch_ticker(pair)
        now = dt_now()
        with self._lock:
            order_id = f"dry_run_{side}_{pair.replace('/', '')}_{next(self._ids)}_" \
                       f"{int(now.timestamp() * 1000)}"
        order: dict[str, Any] = {
            "id": order_id, "symbol": pair, "type": ordertype, "side": side,
            "price": rate, "average": None, "amount": amount, "filled": 0.0,
            "remaining": amount, "cost": 0.0, "status": "open",
            "timestamp": int(now.timestamp() * 1000), "datetime": now.isoformat(),
            "fee": None, "quote": self._exchange.get_pair_quote_currency(pair),
        }
        if ordertype == "market":
            price = ticker.get("ask" if side == "buy" else "bid") or ticker.get("last")
            if not price:
                raise PricingError(f"No price to fill a market order on {pair}.")
            order["price"] = price
            self._fill(order, float(price), taker=True)
        elif rate is None:
            raise InvalidOrderException("A limit order needs a price.")
        else:
            ask, bid = ticker.get("ask"), ticker.get("bid")
            if (side == "buy" and ask and ask <= rate) or (side == "sell" and bid and
                                                            bid >= rate):
                self._fill(order, float(rate), taker=False)
        with self._lock:
            self._orders[order_id] = order
        return dict(order)

    def _get(self, order_id: str, pair: str) -> dict[str, Any]:
        with self._lock:
            order = self._orders.get(order_id)
        if order is None:
            order = self._from_stored(order_id, pair)
            with self._lock:
                order = self._orders.setdefault(order_id, order)
        return order

    def _from_stored(self, order_id: str, pair: str) -> dict[str, Any]:
        """The order as placed, from its row in the orders table."""
        from freqtrade.persistence import Order, database_open

        # an exchange used without a database (tools, tests, after the database was closed)
        # has only its own orders
        stored = Order.order_by_id(order_id, pair) if database_open() else None
        if stored is None:
            raise InvalidOrderException(f"Tried to get an invalid dry-run order (id: "
                                        f"{order_id}).")
        amount = stored.safe_amount
        filled = stored.filled or 0.0
        placed = stored.order_date_utc or dt_now()
        return {
            "id": stored.order_id, "symbol": stored.ft_pair,
            "type": stored.order_type or "limit", "side": stored.side or stored.ft_order_side,
            "price": stored.safe_placement_price, "average": stored.average, "amount": amount,
            "filled": filled,
            "remaining": stored.remaining if stored.remaining is not None else amount - filled,
            "cost": stored.cost or 0.0, "status": stored.status or "open",
            "timestamp": int(placed.timestamp() * 1000), "datetime": placed.isoformat(),
            "fee": None, "quote": self._exchange.get_pair_quote_currency(stored.ft_pair),
        }

    def fetch_order(self, order_id: str, pair: str) -> dict[str, Any]:
        order = self._get(order_id, pair)
        if order["status"] == "open":
            self._check_limit_fill(order)
        return dict(order)

    def _check_limit_fill(self, order: dict[str, Any]) -> None:
        rate = order["price"]
        crossed = False
        price_range = self._exchange.price_range_since(order["symbol"], order["timestamp"])
        if price_range:
            low, high = price_range
            crossed = low <= rate if order["side"] == "buy" else high >= rate
        if not crossed:
            try:
                ticker = self._exchange.fetch_ticker(order["symbol"])
            except PricingError:
                return
            ask, bid = ticker.get("ask"), ticker.get("bid")
            crossed = bool((order["side"] == "buy" and ask and ask <= rate)
                           or (order["side"] == "sell" and bid and bid >= rate))
        if crossed:
            self._fill(order, float(rate), taker=False)

    def cancel_order(self, order_id: str, pair: str) -> dict[str, Any]:
        order = self._get(order_id, pair)
        if order["status"] == "open":
            self._check_limit_fill(order)
        if order["status"] == "open":
            order.update({"status": "canceled", "remaining": order["amount"] - order["filled"]})
        return dict(order)
