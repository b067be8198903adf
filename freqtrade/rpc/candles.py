"""Analyzed dataframes to the ``pair_candles``/``pair_history`` payload (contract §5.12).

Built column by column: each column is converted to a Python list once (non-finite values
to None), then rows are zipped; no per-cell formatting.
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


def _column_values(series: pd.Series) -> list:
    if pd.api.types.is_datetime64_any_dtype(series):
        ts = series.dt.tz_convert("UTC") if series.dt.tz is not None else series
        return [None if pd.isna(v) else v.strftime("%Y-%m-%dT%H:%M:%SZ") for v in ts]
    if pd.api.types.is_bool_dtype(series):
        return series.tolist()
    if pd.api.types.is_integer_dtype(series) and not series.isna().any():
        return series.astype("int64").tolist()
    if pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        result = values.astype(object)
        result[~np.isfinite(values)] = None
        return result.tolist()
    return [None if (v is None or (isinstance(v, float) and not np.isfinite(v))
                     or v is pd.NA or v is pd.NaT) else v for v in series.tolist()]


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
    frame = frame.copy()
    counters: dict[str, int] = {}
    if "date" in frame.columns and len(frame):
        dates = pd.to_datetime(frame["date"], utc=True)
        epoch = pd.Timestamp(0, tz="UTC")
        frame["__date_ts"] = ((dates - epoch) // pd.Timedelta(milliseconds=1)).astype("int64")
    else:
        frame["__date_ts"] = pd.Series(dtype="int64")
    for signal, legacy in SIGNALS:
        if signal in frame.columns:
            hits = frame[signal] == 1
            counters[f"{signal}_signals"] = int(hits.sum())
            if legacy:
                counters[legacy] = int(hits.sum())
            frame[f"_{signal}_signal_close"] = frame["close"].where(hits)
        else:
            counters[f"{signal}_signals"] = 0
            if legacy:
                counters[legacy] = 0
    if "buy" in frame.columns and "enter_long" not in frame.columns:
        frame["_buy_signal_close"] = frame["close"].where(frame["buy"] == 1)
    if "sell" in frame.columns and "exit_long" not in frame.columns:
        frame["_sell_signal_close"] = frame["close"].where(frame["sell"] == 1)
    final_columns = [str(c) for c in frame.columns]
    values = [_column_values(frame[c]) for c in frame.columns]
    data = [list(row) for row in zip(*values, strict=True)] if values else []
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
