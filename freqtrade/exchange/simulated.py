"""An offline, deterministic synthetic market (``"exchange": {"name": "simulated"}``).

The log price of a coin is a sum of value-noise octaves (1 minute to 10 days) seeded by the
coin's name: a pure function of (coin, time), so any past range exists at once, runs repeat,
and new candles appear as wall-clock (or the injected clock's) time passes. A 1m candle opens
at p(t) and closes at p(t + 60 s) with deterministic wicks; every larger candle aggregates its
1m candles, so timeframes agree with each other. BTC-quoted pairs are cross rates of the USDT
prices. Orders always go through the dry-run order book.

A few coins exist to give the pairlist filters something to act on, as real markets do: a
stablecoin that barely moves (USDC), a coin whose price tick is over 1 % of its price (BTTC), a
thin market with a wide spread (KMD) and a young listing (MOVE, whose history always starts
seven days before the current UTC day, so it stays young on a long-running bot).
"""
from __future__ import annotations

import math
import zlib
from functools import cache, lru_cache

import numpy as np

from freqtrade.exchange.exchange import Exchange
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import dt_from_ts
from freqtrade.util.timeframes import timeframe_to_seconds

# coin -> (starting price in USDT, daily volume in coins)
COINS: dict[str, tuple[float, float]] = {
    "BTC": (65000.0, 900.0), "ETH": (3200.0, 12000.0), "BNB": (580.0, 30000.0),
    "SOL": (150.0, 150000.0), "XRP": (0.55, 40_000_000.0), "ADA": (0.45, 30_000_000.0),
    "DOGE": (0.12, 200_000_000.0), "DOT": (6.5, 2_000_000.0), "LTC": (80.0, 200000.0),
    "LINK": (14.0, 1_000_000.0), "AVAX": (28.0, 500000.0), "TRX": (0.12, 80_000_000.0),
    "ATOM": (7.5, 900000.0), "NEAR": (5.0, 2_000_000.0), "UNI": (8.0, 800000.0),
    "ETC": (22.0, 300000.0), "XLM": (0.11, 50_000_000.0), "FIL": (4.5, 1_500_000.0),
    "APT": (8.5, 700000.0), "ARB": (0.8, 8_000_000.0), "OP": (1.7, 3_000_000.0),
    "MATIC": (0.6, 10_000_000.0), "POL": (0.4, 12_000_000.0), "BCH": (360.0, 60000.0),
    "USDC": (1.0, 400_000_000.0), "BTTC": (0.0000008, 600_000_000_000.0),
    "KMD": (0.3, 900_000.0), "MOVE": (0.5, 30_000_000.0),
}
# coin -> multiplier of the price moves (1 when absent): a stablecoin hardly moves
VOLATILITY = {"USDC": 0.01}
# pair -> price tick where the exchange's tick is coarse for the price
PRICE_TICKS = {"BTTC/USDT": 1e-8}
# coin -> bid/ask spread (SPREAD when absent)
SPREADS = {"KMD": 0.008}
# coin -> age in days at the start of the current UTC day: no candles before that
LISTED_DAYS_AGO = {"MOVE": 7}
BTC_QUOTED = ("ETH", "LTC", "XRP", "ADA", "LINK")
INACTIVE = ("MATIC/USDT",)

# (period in seconds, amplitude in log-price)
OCTAVES = ((60, 0.0008), (300, 0.0016), (1800, 0.003), (3600 * 4, 0.008),
           (86400, 0.02), (86400 * 10, 0.08))
SPREAD = 0.0002
FEE = 0.001
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
_MASK_INT = 0xFFFFFFFFFFFFFFFF
_MASK = np.uint64(_MASK_INT)


def _hash_uniform(seed: int, index: np.ndarray) -> np.ndarray:
    """Deterministic uniform values in [-1, 1] for integer lattice points (splitmix64)."""
    with np.errstate(over="ignore"):
        z = (index.astype(np.uint64) + np.uint64(seed)) * np.uint64(0x9E3779B97F4A7C15) & _MASK
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9) & _MASK
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB) & _MASK
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53) * 2.0 - 1.0


def _coin_seed(coin: str, octave: int = 0) -> int:
    return zlib.crc32(f"{coin}:{octave}".encode()) * 2654435761 % (1 << 63)


def _lattice_values(seed: int, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hash values at each cell and at the next one. Consecutive times share cells (a
    year of minutes touches 37 cells of the 10-day octave), so when the cells form a dense
    range each is hashed once and looked up: the same values, a fraction of the work."""
    if len(cells) == 0:
        return _hash_uniform(seed, cells), _hash_uniform(seed, cells + 1)
    low = int(cells.min())
    span = int(cells.max()) - low + 2
    if span > 2 * len(cells) + 2:  # sparse (times far apart): hash each point
        return _hash_uniform(seed, cells), _hash_uniform(seed, cells + 1)
    table = _hash_uniform(seed, np.arange(low, low + span, dtype=np.int64))
    index = cells - low
    return table[index], table[index + 1]


def coin_price(coin: str, seconds: np.ndarray) -> np.ndarray:
    """USDT price of ``coin`` at the given epoch seconds (vectorised, pure)."""
    if coin == "USDT":
        return np.ones_like(seconds, dtype=np.float64)
    base = COINS[coin][0]
    log_price = np.zeros_like(seconds, dtype=np.float64)
    for octave, (period, amplitude) in enumerate(OCTAVES):
        position = seconds / period
        cell = np.floor(position)
        frac = position - cell
        smooth = frac * frac * (3 - 2 * frac)
        left, right = _lattice_values(_coin_seed(coin, octave), cell.astype(np.int64))
        log_price += amplitude * (left + (right - left) * smooth)
    return base * np.exp(log_price * VOLATILITY.get(coin, 1.0))


def _hash_uniform_at(seed: int, index: int) -> float:
    """``_hash_uniform`` of one lattice point in integer arithmetic (the same value)."""
    z = ((index + seed) * 0x9E3779B97F4A7C15) & _MASK_INT
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK_INT
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK_INT
    z ^= z >> 31
    return float(z >> 11) / float(1 << 53) * 2.0 - 1.0


@cache
def _octave_seeds(coin: str) -> tuple[int, ...]:
    return tuple(_coin_seed(coin, octave) for octave in range(len(OCTAVES)))


def coin_price_at(coin: str, second: float) -> float:
    """``coin_price`` at one time, bit for bit, in plain floats: a ticker needs one price per
    pair, and numpy's per-call overhead made that ~0.5 ms a coin (20 times this)."""
    if coin == "USDT":
        return 1.0
    log_price = 0.0
    for seed, (period, amplitude) in zip(_octave_seeds(coin), OCTAVES, strict=True):
        position = second / period
        cell = math.floor(position)
        frac = position - cell
        smooth = frac * frac * (3 - 2 * frac)
        left, right = _hash_uniform_at(seed, cell), _hash_uniform_at(seed, cell + 1)
        log_price += amplitude * (left + (right - left) * smooth)
    # numpy's exp, as coin_price uses
    return COINS[coin][0] * float(np.exp(log_price * VOLATILITY.get(coin, 1.0)))


def _split(pair: str) -> tuple[str, str]:
    base, quote = pair.split("/")
    return base, quote


def pair_price(pair: str, seconds: np.ndarray) -> np.ndarray:
    base, quote = _split(pair)
    return coin_price(base, seconds) / coin_price(quote, seconds)


def pair_price_at(pair: str, second: float) -> float:
    """``pair_price`` at one time (the same value, without numpy arrays)."""
    base, quote = _split(pair)
    return coin_price_at(base, second) / coin_price_at(quote, second)


def _minute_candles(pair: str, start_min: int, count: int) -> np.ndarray:
    """``count`` 1m candles from minute index ``start_min``: rows ts, o, h, l, c, v."""
    minutes = np.arange(start_min, start_min + count + 1, dtype=np.int64)
    prices = pair_price(pair, (minutes * 60).astype(np.float64))
    opens, closes = prices[:-1], prices[1:]
    seed = _coin_seed(pair, 99)
    wick_up = np.abs(_hash_uniform(seed, minutes[:-1])) * 0.0006
    wick_down = np.abs(_hash_uniform(seed + 1, minutes[:-1])) * 0.0006
    highs = np.maximum(opens, closes) * (1 + wick_up)
    lows = np.minimum(opens, closes) * (1 - wick_down)
    base, _ = _split(pair)
    daily = COINS[base][1] if base in COINS else 1000.0
    volume = daily / 1440 * (0.4 + np.abs(_hash_uniform(seed + 2, minutes[:-1])) * 1.2)
    return np.column_stack([minutes[:-1] * 60000.0, opens, highs, lows, closes, volume])


# Repeated small requests (a ticker's last day of hourly candles, the minutes since an order
# was placed) reuse their 1m candles; at most 256 x 1,500 x 48 bytes (~18 MB) are kept.
CACHED_MINUTES = 1500
_cached_minute_candles = lru_cache(maxsize=256)(_minute_candles)
# Larger requests are built and aggregated a week of 1m candles at a time (a block of whole
# candles), never kept: a year of daily candles holds ~0.5 MB of minutes at once, not ~25 MB.
BLOCK_MINUTES = 7 * 1440


def synthetic_candles(pair: str, timeframe: str, start_ms: int, count: int,
                      now_ms: int) -> list[list]:
    """Candles of ``timeframe`` from ``start_ms`` (aligned), the last one forming at ``now``."""
    tf_secs = timeframe_to_seconds(timeframe)
    tf_min = max(tf_secs // 60, 1)
    start_s = start_ms // 1000 - (start_ms // 1000) % tf_secs
    now_s = now_ms // 1000
    last_start = now_s - now_s % tf_secs
    count = min(count, (last_start - start_s) // tf_secs + 1)
    if count <= 0:
        return []
    minutes = _cached_minute_candles if count * tf_min <= CACHED_MINUTES else _minute_candles
    per_block = max(BLOCK_MINUTES // tf_min, 1)
    blocks = []
    for first in range(0, count, per_block):
        size = min(per_block, count - first)
        rows = minutes(pair, start_s // 60 + first * tf_min, size * tf_min).reshape(
            size, tf_min, 6)
        blocks.append(np.column_stack([rows[:, 0, 0], rows[:, 0, 1], rows[:, :, 2].max(axis=1),
                                       rows[:, :, 3].min(axis=1), rows[:, -1, 4],
                                       rows[:, :, 5].sum(axis=1)]))
    out = blocks[0] if len(blocks) == 1 else np.concatenate(blocks)
    # the forming candle (the last of the last block's ``rows``): completed minutes plus the
    # current partial minute, closing at the current price (no look-ahead into the rest of it)
    if start_s + (count - 1) * tf_secs == last_start:
        current = pair_price_at(pair, float(now_s))
        done = (now_s - last_start) // 60
        part = rows[-1, :done]
        minute_open = rows[-1, min(done, tf_min - 1), 1]
        highs_part = [current, minute_open] + ([part[:, 2].max()] if done else [])
        lows_part = [current, minute_open] + ([part[:, 3].min()] if done else [])
        out[-1, 2] = max(highs_part)
        out[-1, 3] = min(lows_part)
        out[-1, 4] = current
        out[-1, 5] = (part[:, 5].sum() if done else 0.0) + rows[-1, min(done, tf_min - 1), 5] \
            * ((now_s % 60) / 60)
    result = out.tolist()
    for row in result:
        row[0] = int(row[0])
    return result


@lru_cache(maxsize=64)
def _completed_hours(pair: str, start_ms: int) -> list[list]:
    """The 24 completed 1h candles from ``start_ms`` (they never change; callers copy)."""
    return synthetic_candles(pair, "1h", start_ms, 24, start_ms + 25 * HOUR_MS)


def _listed_ms(pair: str, now_ms: int) -> int | None:
    """Start of the first day with candles of a young listing (None: always listed)."""
    age_days = LISTED_DAYS_AGO.get(_split(pair)[0])
    return None if age_days is None else (now_ms - now_ms % DAY_MS) - age_days * DAY_MS


def pair_spread(pair: str) -> float:
    return SPREADS.get(_split(pair)[0], SPREAD)


def _precision(price: float) -> tuple[float, float]:
    """(amount step, price tick): about five significant digits of price."""
    tick = 10.0 ** (np.floor(np.log10(price)) - 4)
    step = min(1.0, 10.0 ** np.floor(np.log10(1.0 / price)))
    return float(step), float(tick)


class SimulatedExchange(Exchange):
    id = "simulated"
    name = "Simulated"
    candle_limit = 1000
    default_fee = FEE

    def _load_markets(self) -> dict[str, dict]:
        markets: dict[str, dict] = {}
        pairs = [f"{coin}/USDT" for coin in COINS] + [f"{c}/BTC" for c in BTC_QUOTED]
        for pair in pairs:
            base, quote = _split(pair)
            price = COINS[base][0] / (COINS[quote][0] if quote in COINS else 1.0)
            step, tick = _precision(price)
            tick = PRICE_TICKS.get(pair, tick)
            min_cost = 5.0 if quote == "USDT" else 0.0001
            markets[pair] = {
                "id": pair.replace("/", ""), "symbol": pair, "base": base, "quote": quote,
                "active": pair not in INACTIVE, "spot": True, "swap": False, "type": "spot",
                "taker": FEE, "maker": FEE,
                "precision": {"amount": step, "price": tick},
                "limits": {"amount": {"min": step, "max": None},
                           "cost": {"min": min_cost, "max": None},
                           "price": {"min": tick, "max": None}},
            }
        return markets

    def _quote(self, pair: str, now_s: float) -> dict:
        mid = pair_price_at(pair, now_s)
        half = pair_spread(pair) / 2
        return {"symbol": pair, "timestamp": int(now_s * 1000),
                "datetime": dt_from_ts(now_s).isoformat(), "bid": mid * (1 - half),
                "ask": mid * (1 + half), "last": mid, "close": mid}

    def _fetch_tickers(self) -> dict[str, dict]:
        """Every market's 24h ticker: quote volume, change, high/low from the last day's
        candles (none yet for a pair listed less than a day ago)."""
        now_s = float(int(dt_now().timestamp()))
        tickers = {}
        for pair in self.markets:
            ticker = self._quote(pair, now_s)
            mid = ticker["last"]
            day = self._last_day(pair, now_s)
            open_ = pair_price_at(pair, now_s - 86400) if day else None
            base_volume = sum(c[5] for c in day)
            quote_volume = sum(c[5] * c[4] for c in day)
            ticker.update({
                "high": max(c[2] for c in day) if day else mid,
                "low": min(c[3] for c in day) if day else mid,
                "open": open_, "previousClose": None,
                "change": mid - open_ if open_ else None,
                "percentage": (mid - open_) / open_ * 100 if open_ else None,
                "average": (mid + open_) / 2 if open_ else None,
                "vwap": quote_volume / base_volume if base_volume else None,
                "baseVolume": base_volume, "quoteVolume": quote_volume,
                "bidVolume": None, "askVolume": None})
            tickers[pair] = ticker
        return tickers

    def _last_day(self, pair: str, now_s: float) -> list[list]:
        """The 1h candles of the last 24 hours and the forming one (``fetch_ohlcv`` from 24
        hours ago): the completed ones are kept for the hour, so a ticker sweep builds only
        the forming candle of each pair."""
        since_ms = int((now_s - 86400) * 1000)
        now_ms = int(dt_now().timestamp() * 1000)
        listed_ms = _listed_ms(pair, now_ms)
        if pair not in self.markets or (listed_ms is not None and listed_ms > since_ms - HOUR_MS):
            return self._fetch_ohlcv_page(pair, "1h", since_ms, 25)
        start_ms = since_ms - since_ms % HOUR_MS
        forming_ms = now_ms - now_ms % HOUR_MS
        if forming_ms - start_ms != 24 * HOUR_MS:  # not a whole day behind the forming hour
            return self._fetch_ohlcv_page(pair, "1h", since_ms, 25)
        return _completed_hours(pair, start_ms) + synthetic_candles(pair, "1h", forming_ms, 1,
                                                                    now_ms)

    def fetch_ticker(self, pair: str) -> dict:
        """A fresh ticker for one pair (cheap: no full ticker sweep)."""
        if pair not in self.markets:
            return super().fetch_ticker(pair)
        return self._quote(pair, float(int(dt_now().timestamp())))

    def _fetch_ohlcv_page(self, pair: str, timeframe: str, since_ms: int | None,
                          limit: int) -> list[list]:
        if pair not in self.markets:
            return []
        now_ms = int(dt_now().timestamp() * 1000)
        tf_ms = timeframe_to_seconds(timeframe) * 1000
        if since_ms is None:
            since_ms = now_ms - now_ms % tf_ms - tf_ms * (limit - 1)
        listed_ms = _listed_ms(pair, now_ms)
        if listed_ms is not None:
            since_ms = max(since_ms, listed_ms + (-listed_ms) % tf_ms)
        return synthetic_candles(pair, timeframe, since_ms, min(limit, self.candle_limit),
                                 now_ms)

    def get_daily_opens(self, pair: str, since_ms: int) -> dict[int, float]:
        """The days of the 1d candles, each valued at the price of its first minute (a 1d
        candle's open) without building the day's other 1,439 minutes: a year on 20 pairs
        takes milliseconds instead of seconds."""
        if pair not in self.markets:
            return {}
        now_ms = int(dt_now().timestamp() * 1000)
        first_ms = since_ms + (-since_ms) % DAY_MS
        listed_ms = _listed_ms(pair, now_ms)
        if listed_ms is not None:
            first_ms = max(first_ms, listed_ms)
        minutes = np.arange(first_ms, now_ms - now_ms % DAY_MS + 1, DAY_MS,
                            dtype=np.int64) // 60000
        opens = pair_price(pair, (minutes * 60).astype(np.float64))
        return dict(zip((minutes * 60000).tolist(), opens.tolist(), strict=True))
