"""Synthetic, deterministic market data for the differential tests.

Used by reference_server.py (markets, tickers, candles served to freqtrade 2026.9 without any
network), by the test (the same data for our bot) and by seed_db.py (entry prices).
Pure numpy; no freqtrade import, so it can be loaded from any environment.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

STAKE = "USDT"

# ~20 liquid binance spot pairs with rough price levels (USDT).
BASE_PRICES: dict[str, float] = {
    "BTC": 62000.0,
    "ETH": 3100.0,
    "BNB": 580.0,
    "SOL": 145.0,
    "XRP": 0.58,
    "ADA": 0.42,
    "DOGE": 0.14,
    "TRX": 0.16,
    "AVAX": 28.0,
    "DOT": 5.6,
    "LINK": 13.5,
    "POL": 0.38,
    "LTC": 72.0,
    "BCH": 360.0,
    "ATOM": 6.4,
    "NEAR": 4.9,
    "UNI": 7.8,
    "XLM": 0.095,
    "ETC": 21.0,
    "FIL": 3.9,
}
PAIRS: list[str] = [f"{base}/{STAKE}" for base in BASE_PRICES]

_MINUTE_MS = 60_000
_DAY_MS = 86_400_000
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _pair_seed(pair: str) -> int:
    return zlib.crc32(pair.encode())


def _unit_noise(seed: int, idx: np.ndarray) -> np.ndarray:
    """Deterministic noise in [-1, 1) for integer indices (splitmix64 finaliser)."""
    with np.errstate(over="ignore"):
        x = idx.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53) * 2.0 - 1.0


def price_at(pair: str, ts_ms) -> np.ndarray:
    """Synthetic price of `pair` at the given millisecond timestamp(s)."""
    base = BASE_PRICES[pair.split("/")[0]]
    seed = _pair_seed(pair)
    t = np.asarray(ts_ms, dtype=np.float64)
    ph = (seed % 1000) / 1000.0 * 2 * math.pi
    drift = (
        0.08 * np.sin(2 * math.pi * t / (30 * _DAY_MS) + ph)
        + 0.03 * np.sin(2 * math.pi * t / (3 * _DAY_MS) + 2 * ph)
        + 0.01 * np.sin(2 * math.pi * t / (_DAY_MS / 4) + 3 * ph)
        + 0.002 * _unit_noise(seed, (t // _MINUTE_MS).astype(np.int64))
    )
    return base * np.exp(drift)


def ohlcv(pair: str, tf_ms: int, starts_ms: np.ndarray) -> list[list[float]]:
    """Candles [ts, open, high, low, close, volume] opening at `starts_ms`."""
    starts = np.asarray(starts_ms, dtype=np.int64)
    if starts.size == 0:
        return []
    step = max(tf_ms // 4, _MINUTE_MS)
    samples = np.stack([price_at(pair, starts + k * step) for k in range(4)])
    close = price_at(pair, starts + tf_ms - _MINUTE_MS)
    open_ = samples[0]
    wick = 1 + 0.0008 * np.abs(_unit_noise(_pair_seed(pair) + 7, starts // tf_ms))
    high = np.maximum(samples.max(axis=0), close) * wick
    low = np.minimum(samples.min(axis=0), close) / wick
    base_vol = 1_000_000.0 / BASE_PRICES[pair.split("/")[0]]
    volume = base_vol * (1.2 + _unit_noise(_pair_seed(pair) + 13, starts // tf_ms))
    return np.column_stack([starts.astype(np.float64), open_, high, low, close, volume]).tolist()


def tick_sizes(pair: str) -> tuple[float, float]:
    """(amount tick, price tick) as binance-style TICK_SIZE precision."""
    price = BASE_PRICES[pair.split("/")[0]]
    price_tick = 10.0 ** (math.floor(math.log10(price)) - 4)
    amount_tick = min(1.0, 10.0 ** math.floor(math.log10(1.0 / price)))
    return amount_tick, price_tick


def ccxt_markets(pairs: list[str] | None = None) -> dict[str, dict]:
    """Unified ccxt market structures for binance spot, for ccxt's offline set_markets()."""
    markets = {}
    for pair in pairs or PAIRS:
        base, quote = pair.split("/")
        amount_tick, price_tick = tick_sizes(pair)
        markets[pair] = {
            "id": f"{base}{quote}",
            "lowercaseId": f"{base}{quote}".lower(),
            "symbol": pair,
            "base": base,
            "quote": quote,
            "settle": None,
            "baseId": base,
            "quoteId": quote,
            "settleId": None,
            "type": "spot",
            "spot": True,
            "margin": True,
            "swap": False,
            "future": False,
            "option": False,
            "index": None,
            "active": True,
            "contract": False,
            "linear": None,
            "inverse": None,
            "subType": None,
            "taker": 0.001,
            "maker": 0.001,
            "contractSize": None,
            "expiry": None,
            "expiryDatetime": None,
            "strike": None,
            "optionType": None,
            "precision": {"amount": amount_tick, "price": price_tick, "base": 1e-8, "quote": 1e-8},
            "limits": {
                "leverage": {"min": None, "max": None},
                "amount": {"min": amount_tick, "max": 9_000_000.0},
                "price": {"min": price_tick, "max": 1_000_000.0},
                "cost": {"min": 5.0, "max": 9_000_000.0},
                "market": {"min": 0.0, "max": 9_000_000.0},
            },
            "marginModes": {"cross": True, "isolated": True},
            "created": None,
            "info": {"symbol": f"{base}{quote}", "status": "TRADING", "baseAsset": base,
                     "quoteAsset": quote, "isSpotTradingAllowed": True},
        }
    return markets
