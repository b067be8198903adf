"""A client thread issuing force entries and exits, recording what the API acknowledged.

Before a request that may change a trade is sent, the trade's promised state becomes "any"
(the request may be carried out without its answer arriving); a 200 answer sets the state the
command promises. A 4xx is a refusal (e.g. a partial exit below the minimum stake) and changes
nothing; a 5xx is a failure of the bot. The thread ends at its last step or at the first
connection error (the process was killed).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from tests.restart import market_prices
from tests.restart.bot_process import PASSWORD, USERNAME
from tests.restart.consistency import ANY, CLOSED, DELETED, EXISTS, OPEN, Acknowledged


@dataclass
class Step:
    """One API command: the request body and what an acknowledgement promises."""

    path: str
    body: Callable[[], dict[str, Any]]  # built when sent: prices follow the market
    trade_id: int | None = None  # None: a new trade
    promises: str = OPEN


def entry(pair: str, how: str) -> Step:
    """A force entry: "market" fills at once, "near" rests and fills soon, "far" rests."""
    if how == "market":
        return Step("forceenter", lambda: {"pair": pair, "ordertype": "market"})
    if how == "near":
        return Step("forceenter", lambda: {"pair": pair,
                                           "price": market_prices.near_entry_price(pair)})
    return Step("forceenter", lambda: {"pair": pair,
                                       "price": market_prices.far_price(pair, 0.5)})


def exit_(trade: dict[str, Any], how: str) -> Step:
    """A force exit of an open ``/status`` trade.

    "market" closes it; "partial" sells half at market; "far" leaves an exit order open;
    "near" rests and fills soon; "cancel" exits a trade whose entry never filled, which
    deletes it.
    """
    trade_id, pair = trade["trade_id"], trade["pair"]
    if how == "market":
        return Step("forceexit", lambda: {"tradeid": trade_id, "ordertype": "market"},
                    trade_id, CLOSED)
    if how == "partial":
        step = market_prices.amount_step(pair)
        half = (trade["amount"] / 2 // step) * step
        return Step("forceexit", lambda: {"tradeid": trade_id, "ordertype": "market",
                                          "amount": half}, trade_id, OPEN)
    if how == "cancel":
        return Step("forceexit", lambda: {"tradeid": trade_id}, trade_id, DELETED)
    if how == "near":
        return Step("forceexit", lambda: {"tradeid": trade_id,
                                          "price": market_prices.near_exit_price(pair)},
                    trade_id, EXISTS)
    return Step("forceexit", lambda: {"tradeid": trade_id,
                                      "price": market_prices.far_price(pair, 2.0)},
                trade_id, OPEN)


class ApiWriter(threading.Thread):
    """Runs ``steps`` against ``base_url`` back to back."""

    def __init__(self, base_url: str, steps: list[Step], acknowledged: Acknowledged):
        super().__init__(name="api-writer", daemon=True)
        self.base_url = base_url
        self.steps = steps
        self.acknowledged = acknowledged
        self.acks = 0
        self.cut = False  # a request was in flight when the connection broke
        self.failures: list[str] = []
        self.done = False
        self.acked = threading.Condition()

    def run(self) -> None:
        for step in self.steps:
            if step.trade_id is not None:
                self.acknowledged.set_state(step.trade_id, ANY)
            try:
                response = requests.post(f"{self.base_url}/{step.path}", json=step.body(),
                                         auth=(USERNAME, PASSWORD), timeout=30)
            except requests.RequestException:
                self.cut = True
                break
            if response.status_code >= 500:
                self.failures.append(f"{step.path}: {response.status_code} {response.text}")
            elif response.status_code == 200:
                if step.trade_id is None:
                    self.acknowledged.trade(response.json(), step.promises)
                else:
                    self.acknowledged.set_state(step.trade_id, step.promises)
                with self.acked:
                    self.acks += 1
                    self.acked.notify_all()
        with self.acked:
            self.done = True
            self.acked.notify_all()

    def wait_for_acks(self, count: int, timeout: float = 30.0) -> None:
        """Until ``count`` commands were acknowledged or the steps ran out."""
        with self.acked:
            self.acked.wait_for(lambda: self.acks >= count or self.done, timeout)
