"""Prices of the simulated market as the bot's dry-run order book will see them.

The market is a pure function of time, so the test process computes the same prices as the bot:
a limit price "near" the market rests when placed and is traded through within the placement
minute (the minute's open is part of every range the book checks from then on); a "far" price
is never reached.
"""
from __future__ import annotations

import math
import time
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def _exchange():
    from freqtrade.exchange.simulated import SimulatedExchange

    return SimulatedExchange({"dry_run": True, "exchange": {"name": "simulated"}})


def ticker(pair: str) -> dict:
    return _exchange().fetch_ticker(pair)


def _tick(pair: str) -> float:
    return _exchange().markets[pair]["precision"]["price"]


def _minute_open(pair: str) -> float:
    from freqtrade.exchange.simulated import pair_price

    now = int(time.time())
    return float(pair_price(pair, np.array([float(now - now % 60)]))[0])


def _on_tick(pair: str, price: float, up: bool) -> float:
    ticks = price / _tick(pair)
    return _exchange().price_to_precision(
        pair, (math.ceil(ticks - 1e-9) if up else math.floor(ticks + 1e-9)) * _tick(pair))


def near_entry_price(pair: str) -> float:
    """A buy price below the ask that the book sees traded this minute (else the bid)."""
    quote = ticker(pair)
    price = _on_tick(pair, _minute_open(pair), up=True)
    return price if price < quote["ask"] else _on_tick(pair, quote["bid"], up=False)


def near_exit_price(pair: str) -> float:
    """A sell price above the bid that the book sees traded this minute (else the ask)."""
    quote = ticker(pair)
    price = _on_tick(pair, _minute_open(pair), up=False)
    return price if price > quote["bid"] else _on_tick(pair, quote["ask"], up=True)


def far_price(pair: str, factor: float) -> float:
    """``factor`` times the market, on the tick: 0.5 never buys, 2 never sells."""
    return _on_tick(pair, ticker(pair)["last"] * factor, up=factor > 1)


def amount_step(pair: str) -> float:
    return _exchange().markets[pair]["precision"]["amount"]
