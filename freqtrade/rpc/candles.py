"""Analyzed dataframes to the ``pair_candles``/``pair_history`` payload (columns + rows).

Built column by column into one object array (each column converted by numpy once,
non-finite values to None), whose ``tolist()`` gives the rows; no per-cell Python.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from freqtrade.util.datetime_helpers import iso_z
from freqtrade.util.timeframes import timeframe_to_msecs

BASE_COLUMNS = ("date", "open", "high", "low", "close", "volume", "enter_long", "exit_long",
                "enter_short", "exit_short")
SIGNALS = (("enter_long", "buy_signals"), ("exit_long", "sell_signals"),
           ("enter_short", None), ("exit_short", None))


def _date_strings(series: pd.Series) -> np.ndarray:
    """``2026-01-01T00:00:00Z`` per row, formatted by numpy in one call (NaT -> None)."""
    if series.dt.tz is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    stamps = series.to_numpy(dtype="datetime64[s]")
    text = np.char.add(np.datetime_as_string(stamps, unit="s"), "Z").astype(object)
    text[np.isnat(stamps)] = None
    return text


def _float_values(values: np.ndarray) -> np.ndarray:
    result = values.astype(object)
    result[~np.isfinite(values)] = None
    return result


def _objects(values: list) -> np.ndarray:
    """``values`` as a 1-d object array, each item kept as it is (lists too)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _column_values(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(series):
        return _date_strings(series)
    if pd.api.types.is_bool_dtype(series):
        return _objects(series.tolist())
    if pd.api.types.is_integer_dtype(series) and not series.isna().any():
        return series.to_numpy(dtype="int64").astype(object)
    if pd.api.types.is_numeric_dtype(series):
        return _float_values(series.to_numpy(dtype="float64", na_value=np.nan))
    return _objects([None if (v is None or (isinstance(v, float) and not np.isfinite(v))
                              or v is pd.NA or v is pd.NaT) else v for v in series.tolist()])


def _rows(columns: list[np.ndarray], length: int) -> list[list]:
    """Rows of equal-length object columns."""
    if not length:
        return []
    block = np.empty((length, len(columns)), dtype=object)
    for index, column in enumerate(columns):
        block[:, index] = column
    return block.tolist()


def _fmt_start(ts: pd.Timestamp) -> str:
    return ts.tz_convert("UTC").strftime("%Y-%m-%d %H:%M:%S+00:00") if ts.tzinfo else \
        ts.strftime("%Y-%m-%d %H:%M:%S+00:00")


def dataframe_to_payload(pair: str, timeframe: str, dataframe: pd.DataFrame,
                         last_analyzed: datetime, strategy_name: str,
                         columns: list[str] | None = None,
                         annotations: list | None = None) -> dict[str, Any]:
    all_columns = [str(c) for c in dataframe.columns]
    frame = dataframe
    if columns is not None:
        keep = set(BASE_COLUMNS) | set(columns)
        frame = frame[[c for c in frame.columns if c in keep]]
    names = [str(c) for c in frame.columns]
    values = [_column_values(frame[c]) for c in frame.columns]
    counters: dict[str, int] = {}
    if "date" in frame.columns:
        dates = pd.to_datetime(frame["date"], utc=True).dt.tz_localize(None)
        date_ts = dates.to_numpy(dtype="datetime64[ms]").astype("int64").astype(object)
    else:
        date_ts = np.full(len(frame), None, dtype=object)
    names.append("__date_ts")
    values.append(date_ts)
    close = frame["close"].to_numpy(dtype="float64", na_value=np.nan) \
        if "close" in frame.columns else None

    def signal_close(column: str, close: np.ndarray) -> tuple[np.ndarray, int]:
        hits = (frame[column] == 1).to_numpy(dtype=bool, na_value=False)
        return _float_values(np.where(hits, close, np.nan)), int(hits.sum())

    for signal, legacy in SIGNALS:
        count = 0
        if signal in frame.columns and close is not None:
            column_values, count = signal_close(signal, close)
            names.append(f"_{signal}_signal_close")
            values.append(column_values)
        counters[f"{signal}_signals"] = count
        if legacy:
            counters[legacy] = count
    for old, new in (("buy", "enter_long"), ("sell", "exit_long")):
        if old in frame.columns and new not in frame.columns and close is not None:
            names.append(f"_{old}_signal_close")
            values.append(signal_close(old, close)[0])
    final_columns = names
    data = _rows(values, len(frame))
    if len(frame) and "date" in frame.columns:
        start = pd.Timestamp(frame["date"].iloc[0])
        stop = pd.Timestamp(frame["date"].iloc[-1])
        start = start.tz_localize("UTC") if start.tzinfo is None else start
        stop = stop.tz_localize("UTC") if stop.tzinfo is None else stop
        data_start, data_stop = _fmt_start(start), _fmt_start(stop)
        start_ts, stop_ts = int(start.timestamp() * 1000), int(stop.timestamp() * 1000)
    else:
        data_start = data_stop = ""
        start_ts = stop_ts = 0
    last = last_analyzed if last_analyzed.tzinfo else last_analyzed.replace(tzinfo=UTC)
    return {
        "strategy": strategy_name, "pair": pair, "timeframe": timeframe,
        "timeframe_ms": timeframe_to_msecs(timeframe), "columns": final_columns,
        "all_columns": all_columns, "data": data, "length": len(data),
        "buy_signals": counters["buy_signals"], "sell_signals": counters["sell_signals"],
        "enter_long_signals": counters["enter_long_signals"],
        "exit_long_signals": counters["exit_long_signals"],
        "enter_short_signals": counters["enter_short_signals"],
        "exit_short_signals": counters["exit_short_signals"],
        "last_analyzed": iso_z(last), "last_analyzed_ts": int(last.timestamp()),
        "data_start_ts": start_ts, "data_start": data_start,
        "data_stop": data_stop, "data_stop_ts": stop_ts,
        "annotations": annotations or [],
    }
