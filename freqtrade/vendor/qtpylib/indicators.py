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
    rng = (bars["high"] - bars["low"]).replace(0, np.nan)
    return (bars["close"] - bars["low"]) / rng


def true_range(bars: pd.DataFrame) -> pd.Series:
    prev_close = bars["close"].shift(1)
    return pd.concat([bars["high"] - bars["low"], (bars["high"] - prev_close).abs(),
                      (bars["low"] - prev_close).abs()], axis=1).max(axis=1)


def rolling_mean(series, window: int = 200, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=min_periods or window).mean()


sma = rolling_mean


def rolling_std(series, window: int = 200, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=min_periods or window).std()


def rolling_min(series, window: int = 14, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=min_periods or window).min()


def rolling_max(series, window: int = 14, min_periods: int | None = None) -> pd.Series:
    return _series(series).rolling(window, min_periods=min_periods or window).max()


def rolling_weighted_mean(series, window: int = 200, min_periods: int | None = None
                          ) -> pd.Series:
    weights = np.arange(1, window + 1, dtype=float)
    return _series(series).rolling(window, min_periods=min_periods or window).apply(
        lambda x: np.dot(x, weights[-len(x):]) / weights[-len(x):].sum(), raw=True)


wma = rolling_weighted_mean


def hull_moving_average(series, window: int = 200) -> pd.Series:
    half = rolling_weighted_mean(series, window // 2)
    full = rolling_weighted_mean(series, window)
    return rolling_weighted_mean(2 * half - full, max(int(np.sqrt(window)), 1))


hma = hull_moving_average


def ema(series, window: int = 200) -> pd.Series:
    return _series(series).ewm(span=window, adjust=False, min_periods=window).mean()


rolling_ema = ema


def atr(bars: pd.DataFrame, window: int = 14, exp: bool = False) -> pd.Series:
    tr = true_range(bars)
    if exp:
        return tr.ewm(span=window, adjust=False, min_periods=window).mean()
    return rolling_mean(tr, window)


def rsi(series, window: int = 14) -> pd.Series:
    """Wilder's RSI (0-100)."""
    delta = _series(series).astype(float).diff()
    gain = delta.clip(lower=0).ewm(alpha=1 / window, adjust=False, min_periods=window).mean()
    loss = (-delta.clip(upper=0)).ewm(alpha=1 / window, adjust=False,
                                      min_periods=window).mean()
    rs = gain / loss.replace(0, np.nan)
    out = 100 - 100 / (1 + rs)
    return out.where(loss != 0, 100.0).where(gain.notna())


def macd(series, fast: int = 3, slow: int = 10, smooth: int = 16) -> pd.DataFrame:
    series = _series(series)
    line = ema(series, fast) - ema(series, slow)
    signal = line.ewm(span=smooth, adjust=False, min_periods=smooth).mean()
    return pd.DataFrame({"macd": line, "signal": signal, "histogram": line - signal})


def bollinger_bands(series, window: int = 20, stds: float = 2) -> pd.DataFrame:
    series = _series(series)
    mid = rolling_mean(series, window)
    std = series.rolling(window, min_periods=window).std(ddof=0)
    return pd.DataFrame({"upper": mid + std * stds, "mid": mid, "lower": mid - std * stds})


def weighted_bollinger_bands(series, window: int = 20, stds: float = 2) -> pd.DataFrame:
    series = _series(series)
    mid = rolling_weighted_mean(series, window)
    std = series.rolling(window, min_periods=window).std(ddof=0)
    return pd.DataFrame({"upper": mid + std * stds, "mid": mid, "lower": mid - std * stds})


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
    series = _series(series)
    return series.pct_change(window) * 100


def zscore(bars: pd.DataFrame, window: int = 20, stds: float = 1,
           col: str = "close") -> pd.Series:
    mean = rolling_mean(bars[col], window)
    std = rolling_std(bars[col], window)
    return (bars[col] - mean) / (std * stds)


def pvt(bars: pd.DataFrame) -> pd.Series:
    change = bars["close"].pct_change().fillna(0)
    return (change * bars["volume"]).cumsum()


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
