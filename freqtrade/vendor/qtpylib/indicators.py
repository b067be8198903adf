"""Indicator helpers compatible with ``import freqtrade.vendor.qtpylib.indicators as qtpylib``.

Our own vectorised pandas implementations of the functions strategies commonly use.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def _series(value) -> pd.Series:
    return value if isinstance(value, pd.Series) else pd.Series(value)


def crossed(series1, series2, direction: str | None = None) -> pd.Series:
    s1 = _series(series1).astype(float)
    s2 = series2 if isinstance(series2, (int, float)) else _series(series2).astype(float)
    prev1 = s1.shift(1)
    prev2 = s2.shift(1) if isinstance(s2, pd.Series) else s2
    above = (s1 > s2) & (prev1 <= prev2)
    below = (s1 < s2) & (prev1 >= prev2)
    if direction == "above":
        return above
    if direction == "below":
        return below
    return above | below


def crossed_above(series1, series2) -> pd.Series:
    return crossed(series1, series2, "above")


def crossed_below(series1, series2) -> pd.Series:
    return crossed(series1, series2, "below")


def typical_price(bars: pd.DataFrame) -> pd.Series:
    return (bars["high"] + bars["low"] + bars["close"]) / 3


def mid_price(bars: pd.DataFrame) -> pd.Series:
    return (bars["high"] + bars["low"]) / 2


def ibs(bars: pd.DataFrame) -> pd.Series:
    """Internal bar strength, rounded to two decimals as in qtpylib."""
    rng = (bars["high"] - bars["low"]).replace(0, np.nan)
    return ((bars["close"] - bars["low"]) / rng).round(2)


def true_range(bars: pd.DataFrame) -> pd.Series:
    prev_close = bars["close"].shift(1)
    return pd.concat([bars["high"] - bars["low"], (bars["high"] - prev_close).abs(),
                      (bars["low"] - prev_close).abs()], axis=1).max(axis=1)


def _periods(window: int, min_periods: int | None) -> int:
    return window if min_periods is None else min_periods


def rolling_mean(series, window: int = 200, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=_periods(window, min_periods)).mean()


sma = rolling_mean


def rolling_std(series, window: int = 200, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=_periods(window, min_periods)).std()


def rolling_min(series, window: int = 14, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=_periods(window, min_periods)).min()


def rolling_max(series, window: int = 14, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=_periods(window, min_periods)).max()


def rolling_weighted_mean(series, window: float = 200, min_periods: int | None = None
                          ) -> pd.Series:
    """qtpylib's "weighted" mean is an exponential mean with ``span=window`` (as freqtrade)."""
    min_periods = window if min_periods is None else min_periods
    return _series(series).ewm(span=window, min_periods=int(min_periods)).mean()


wma = rolling_weighted_mean


def hull_moving_average(series, window: int = 200, min_periods: int | None = None
                        ) -> pd.Series:
    min_periods = window if min_periods is None else min_periods
    fast = rolling_weighted_mean(series, window / 2, min_periods)
    slow = rolling_weighted_mean(series, window, min_periods)
    return rolling_weighted_mean(2 * fast - slow, np.sqrt(window), min_periods)


hma = hull_moving_average


# qtpylib attaches ``ema`` to pandas objects as an alias of its exponential "wma"
ema = rolling_weighted_mean
rolling_ema = ema


def atr(bars: pd.DataFrame, window: int = 14, exp: bool = False) -> pd.Series:
    tr = true_range(bars)
    if exp:
        return rolling_weighted_mean(tr, window)
    return rolling_mean(tr, window)


def rsi(series, window: int = 14) -> pd.Series:
    """Wilder's RSI (0-100) as qtpylib computes it: seeded with the average move of the
    first ``window + 1`` changes (divided by ``window``), those first rows holding the seed."""
    series = _series(series)
    values = series.to_numpy(dtype=float)
    out = np.zeros(len(values))
    if len(values) < 2:
        return pd.Series(out, index=series.index)
    deltas = np.diff(values)
    seed = deltas[:window + 1]
    ups = seed[seed > 0].sum() / window
    downs = -seed[seed < 0].sum() / window
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:window] = 100.0 - 100.0 / (1.0 + ups / downs)
        for i in range(window, len(values)):
            delta = deltas[i - 1]
            ups = (ups * (window - 1) + max(delta, 0.0)) / window
            downs = (downs * (window - 1) + max(-delta, 0.0)) / window
            out[i] = 100.0 - 100.0 / (1.0 + ups / downs)
    return pd.Series(out, index=series.index)


def macd(series, fast: int = 3, slow: int = 10, smooth: int = 16) -> pd.DataFrame:
    series = _series(series)
    line = rolling_weighted_mean(series, fast) - rolling_weighted_mean(series, slow)
    signal = rolling_weighted_mean(line, smooth)
    return pd.DataFrame({"macd": line, "signal": signal, "histogram": line - signal},
                        index=series.index)


def bollinger_bands(series, window: int = 20, stds: float = 2) -> pd.DataFrame:
    """Mean and sample standard deviation over ``window`` rows; like qtpylib, the first rows
    use what is there (``min_periods=1``), so only row 0 has no band width."""
    series = _series(series)
    rolling = series.rolling(window, min_periods=1)
    mid, std = rolling.mean(), rolling.std()
    return pd.DataFrame({"upper": mid + std * stds, "mid": mid, "lower": mid - std * stds},
                        index=series.index)


def weighted_bollinger_bands(series, window: int = 20, stds: float = 2) -> pd.DataFrame:
    series = _series(series)
    mid = rolling_weighted_mean(series, window)
    std = rolling_std(series, window)
    return pd.DataFrame({"upper": mid + std * stds, "mid": mid, "lower": mid - std * stds},
                        index=series.index)


def keltner_channel(bars: pd.DataFrame, window: int = 14, atrs: float = 2) -> pd.DataFrame:
    mid = rolling_mean(typical_price(bars), window)
    width = atr(bars, window) * atrs
    return pd.DataFrame({"upper": mid + width, "mid": mid, "lower": mid - width})


def stoch(df: pd.DataFrame, window: int = 14, d: int = 3, k: int = 3,
          fast: bool = False) -> pd.DataFrame:
    low = df["low"].rolling(window).min()
    high = df["high"].rolling(window).max()
    fast_k = 100 * (df["close"] - low) / (high - low).replace(0, np.nan)
    fast_d = fast_k.rolling(d).mean()
    if fast:
        return pd.DataFrame({"fast_k": fast_k, "fast_d": fast_d})
    slow_k = fast_k.rolling(k).mean()
    return pd.DataFrame({"slow_k": slow_k, "slow_d": slow_k.rolling(d).mean()})


def roc(series, window: int = 14) -> pd.Series:
    """Rate of change as a ratio (qtpylib does not scale it to percent)."""
    series = _series(series)
    before = series.shift(window)
    return (series - before) / before


def returns(series) -> pd.Series:
    series = _series(series)
    return (series / series.shift(1) - 1).replace([np.inf, -np.inf], np.nan)


def log_returns(series) -> pd.Series:
    series = _series(series)
    return np.log(series / series.shift(1)).replace([np.inf, -np.inf], np.nan)


def zscore(bars: pd.DataFrame, window: int = 20, stds: float = 1,
           col: str = "close") -> pd.Series:
    mean = rolling_mean(bars[col], window)
    std = rolling_std(bars[col], window)
    return (bars[col] - mean) / (std * stds)


def pvt(bars: pd.DataFrame) -> pd.Series:
    previous = bars["close"].shift(1)
    return ((bars["close"] - previous) / previous * bars["volume"]).cumsum()


def rolling_vwap(bars: pd.DataFrame, window: int = 200, min_periods: int | None = None
                 ) -> pd.Series:
    """Volume-weighted typical price over the last ``window`` candles."""
    min_periods = window if min_periods is None else min_periods
    price = typical_price(bars)
    weighted = (price * bars["volume"]).rolling(window, min_periods=min_periods).sum()
    volume = bars["volume"].rolling(window, min_periods=min_periods).sum()
    return (weighted / volume).replace([np.inf, -np.inf], np.nan).ffill()


def vwap(bars: pd.DataFrame) -> pd.Series:
    price = typical_price(bars)
    return (price * bars["volume"]).cumsum() / bars["volume"].cumsum()


def chopiness(bars: pd.DataFrame, window: int = 14) -> pd.Series:
    tr_sum = true_range(bars).rolling(window).sum()
    span = bars["high"].rolling(window).max() - bars["low"].rolling(window).min()
    return 100 * np.log10(tr_sum / span.replace(0, np.nan)) / np.log10(window)


def heikinashi(bars: pd.DataFrame) -> pd.DataFrame:
    close = (bars["open"] + bars["high"] + bars["low"] + bars["close"]) / 4
    opens = np.empty(len(bars))
    if len(bars):
        opens[0] = (bars["open"].iloc[0] + bars["close"].iloc[0]) / 2
        close_values = close.to_numpy()
        for i in range(1, len(bars)):
            opens[i] = (opens[i - 1] + close_values[i - 1]) / 2
    ha_open = pd.Series(opens, index=bars.index)
    return pd.DataFrame({
        "open": ha_open, "high": pd.concat([bars["high"], ha_open, close], axis=1).max(axis=1),
        "low": pd.concat([bars["low"], ha_open, close], axis=1).min(axis=1), "close": close,
        "volume": bars["volume"]})
