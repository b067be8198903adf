"""Candle lists <-> DataFrames, and trimming to a timerange."""
from __future__ import annotations

import pandas as pd

from freqtrade.data.timerange import TimeRange
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import timeframe_to_seconds

COLUMNS = ["date", "open", "high", "low", "close", "volume"]


def ohlcv_to_dataframe(ohlcv: list, timeframe: str, pair: str = "", *,
                       drop_incomplete: bool = True) -> pd.DataFrame:
    """A DataFrame with a UTC ``date`` column; duplicates removed; optionally without the
    still-forming last candle (its close is not final, so decisions must not use it)."""
    if not ohlcv:
        return empty_ohlcv()
    frame = pd.DataFrame(ohlcv, columns=COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"], unit="ms", utc=True)
    frame = frame.astype({c: "float64" for c in COLUMNS[1:]})
    frame = frame.drop_duplicates(subset="date", keep="last").sort_values("date")
    frame = frame.reset_index(drop=True)
    if drop_incomplete and len(frame):
        last_close = frame["date"].iloc[-1] + pd.Timedelta(seconds=timeframe_to_seconds(
            timeframe))
        if last_close > pd.Timestamp(dt_now()):
            frame = frame.iloc[:-1]
    return frame


def empty_ohlcv() -> pd.DataFrame:
    frame = pd.DataFrame(columns=COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    return frame.astype({c: "float64" for c in COLUMNS[1:]})


def trim_dataframe(frame: pd.DataFrame, timerange: TimeRange,
                   startup_candles: int = 0) -> pd.DataFrame:
    if startup_candles:
        frame = frame.iloc[startup_candles:]
    elif timerange.start:
        frame = frame[frame["date"] >= pd.Timestamp(timerange.start)]
    if timerange.stop:
        frame = frame[frame["date"] <= pd.Timestamp(timerange.stop)]
    return frame.reset_index(drop=True)
