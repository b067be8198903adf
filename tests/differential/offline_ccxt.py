"""The exchange's network edge, answered from ``market`` at the ccxt level, for both bots.

``offline_api(api)`` gives one ccxt instance offline markets, time, tickers, order books and
candles; ``block_network()`` makes ccxt's HTTP layer raise, so nothing can reach the network.
Everything above ccxt (each bot's exchange layer, pricing, candle handling) runs unchanged.
Imported by reference_server.py (freqtrade 2026.9's venv) and by the test (ours): it needs only
ccxt and numpy.
"""
from __future__ import annotations

import time
from typing import Any

import numpy as np

if __package__:  # imported by the test, as tests.differential.offline_ccxt
    from . import market
else:  # run beside reference_server.py
    import market

_UNIT_MS = {"m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
MARKETS = market.ccxt_markets()


def _now_ms() -> int:
    return int(time.time() * 1000)


def timeframe_ms(timeframe: str) -> int:
    return int(timeframe[:-1]) * _UNIT_MS[timeframe[-1]]


def ticker(pair: str) -> dict:
    now = _now_ms()
    last = float(market.price_at(pair, now))
    day_open = float(market.price_at(pair, now - 86_400_000))
    spread = last * 0.0001
    return {
        "symbol": pair, "timestamp": now, "datetime": None, "high": last * 1.02,
        "low": last * 0.98, "bid": last - spread, "bidVolume": 10.0, "ask": last + spread,
        "askVolume": 10.0, "vwap": last, "open": day_open, "close": last, "last": last,
        "previousClose": None, "change": last - day_open,
        "percentage": (last / day_open - 1) * 100, "average": (last + day_open) / 2,
        "baseVolume": 1_000_000.0 / last, "quoteVolume": 1_000_000.0, "info": {},
    }


def order_book(pair: str, limit: int | None) -> dict:
    top = ticker(pair)
    step = top["last"] * 0.0001
    depth = min(limit or 100, 100)
    return {"symbol": pair, "bids": [[top["bid"] - i * step, 5.0 + i] for i in range(depth)],
            "asks": [[top["ask"] + i * step, 5.0 + i] for i in range(depth)],
            "timestamp": top["timestamp"], "datetime": None, "nonce": None}


def candles(pair: str, timeframe: str, since: int | None, limit: int | None) -> list:
    tf_ms = timeframe_ms(timeframe)
    limit = limit or 500
    last_open = _now_ms() // tf_ms * tf_ms  # the still-forming candle is included
    start = last_open - (limit - 1) * tf_ms if since is None else -(-int(since) // tf_ms) * tf_ms
    stop = min(start + limit * tf_ms, last_open + tf_ms)
    return market.ohlcv(pair, tf_ms, np.arange(start, stop, tf_ms, dtype=np.int64))


def offline_api(api: Any, is_async: bool = False) -> Any:
    """Replace the network-backed endpoints of one ccxt instance by offline answers."""
    import ccxt

    def check(symbol: str) -> None:
        if symbol not in MARKETS:
            raise ccxt.BadSymbol(f"offline market: unknown symbol {symbol}")

    def load_markets(reload=False, params=None):
        api.set_markets(MARKETS)  # ccxt's own offline market loading
        return api.markets

    def fetch_ticker(symbol, params=None):
        check(symbol)
        return ticker(symbol)

    def fetch_tickers(symbols=None, params=None):
        return {p: ticker(p) for p in (symbols or MARKETS) if p in MARKETS}

    def fetch_order_book(symbol, limit=None, params=None):
        check(symbol)
        return order_book(symbol, limit)

    def fetch_ohlcv(symbol, timeframe="1m", since=None, limit=None, params=None):
        check(symbol)
        return candles(symbol, timeframe, since, limit)

    funcs = {"load_markets": load_markets, "fetch_time": lambda params=None: _now_ms(),
             "fetch_ticker": fetch_ticker, "fetch_tickers": fetch_tickers,
             "fetch_bids_asks": fetch_tickers, "fetch_order_book": fetch_order_book,
             "fetch_l2_order_book": fetch_order_book, "fetch_ohlcv": fetch_ohlcv}
    for name, func in funcs.items():
        if is_async:
            async def coro(*args, _func=func, **kwargs):
                return _func(*args, **kwargs)

            setattr(api, name, coro)
        else:
            setattr(api, name, func)
    return api


def block_network() -> None:
    """ccxt's HTTP layer raises instead of connecting (sync and async)."""
    import ccxt
    import ccxt.async_support

    def blocked(self, url, *args, **kwargs):
        raise ccxt.NetworkError(f"offline market: network is disabled (tried {url})")

    async def blocked_async(self, url, *args, **kwargs):
        raise ccxt.NetworkError(f"offline market: network is disabled (tried {url})")

    ccxt.Exchange.fetch = blocked
    ccxt.async_support.Exchange.fetch = blocked_async
