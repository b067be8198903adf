"""The simulated market with prices and fills the test decides (the exchange is the outside
world: faking it is fair). Candles still come from the simulated market; tickers are the
prices the test set (no spread), and orders fill only when the test says so, unless
``fill_at_once`` is on."""
from __future__ import annotations

import itertools
from typing import Any

from freqtrade.exceptions import InvalidOrderException
from freqtrade.exchange.simulated import SimulatedExchange
from freqtrade.util.clock import dt_now


class ScriptedExchange(SimulatedExchange):
    def __init__(self, config: dict, prices: dict[str, float], fill_at_once: bool = True):
        super().__init__(config)
        self.prices = dict(prices)
        self.fill_at_once = fill_at_once
        self.orders: dict[str, dict[str, Any]] = {}
        self.cancelled: list[str] = []
        self._ids = itertools.count(1)

    def fetch_ticker(self, pair: str) -> dict:
        if pair not in self.prices:
            return super().fetch_ticker(pair)
        price = self.prices[pair]
        return {"symbol": pair, "timestamp": int(dt_now().timestamp() * 1000),
                "bid": price, "ask": price, "last": price}

    def get_tickers(self, cached: bool = True) -> dict[str, dict]:
        tickers = dict(super().get_tickers(cached))
        tickers.update({pair: self.fetch_ticker(pair) for pair in self.prices})
        return tickers

    def create_order(self, pair: str, ordertype: str, side: str, amount: float, rate: float,
                     time_in_force: str = "GTC") -> dict[str, Any]:
        now_ms = int(dt_now().timestamp() * 1000)
        price = self.prices[pair] if ordertype == "market" else rate
        order = {"id": f"scripted-{next(self._ids)}", "symbol": pair, "type": ordertype,
                 "side": side, "price": price, "average": None, "amount": amount,
                 "filled": 0.0, "remaining": amount, "cost": 0.0, "status": "open",
                 "timestamp": now_ms, "fee": None}
        self.orders[order["id"]] = order
        if self.fill_at_once or ordertype == "market":
            self.fill(order["id"])
        return dict(order)

    def fill(self, order_id: str, amount: float | None = None) -> None:
        """Fill the order completely, or ``amount`` more of it, at its price."""
        order = self.orders[order_id]
        order["filled"] = order["amount"] if amount is None else order["filled"] + amount
        order["remaining"] = order["amount"] - order["filled"]
        order["average"] = order["price"]
        order["cost"] = order["filled"] * order["price"]
        if order["remaining"] <= 0:
            order["status"] = "closed"
            order["lastTradeTimestamp"] = int(dt_now().timestamp() * 1000)

    def open_order_ids(self) -> list[str]:
        return [oid for oid, o in self.orders.items() if o["status"] == "open"]

    def fetch_order(self, order_id: str, pair: str) -> dict[str, Any]:
        if order_id not in self.orders:
            raise InvalidOrderException(f"Unknown order {order_id}.")
        return dict(self.orders[order_id])

    def cancel_order(self, order_id: str, pair: str) -> dict[str, Any]:
        order = self.orders[order_id]
        if order["status"] == "open":
            order["status"] = "canceled"
            self.cancelled.append(order_id)
        return dict(order)
