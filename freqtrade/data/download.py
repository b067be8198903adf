"""Download candles from an exchange and append them to the stored files."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pandas as pd

from freqtrade.data.converter import ohlcv_to_dataframe
from freqtrade.data.history import data_file, load_pair_history, store_ohlcv
from freqtrade.data.timerange import TimeRange
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import timeframe_to_seconds

logger = logging.getLogger(__name__)


def download_pair_data(exchange, pairs: list[str], timeframes: list[str], datadir: Path, *,
                       days: int | None = None, timerange: str | None = None,
                       erase: bool = False, data_format: str = "feather",
                       progress: Callable[[int, int, str], None] | None = None) -> list[str]:
    """Fetch each (pair, timeframe); returns pairs that had no data. Existing data is kept and
    extended (no duplicates) unless ``erase``."""
    span = TimeRange.parse_timerange(timerange) if timerange else TimeRange(
        dt_now() - timedelta(days=days or 30), None)
    missing: list[str] = []
    jobs = [(pair, tf) for pair in pairs for tf in timeframes]
    for done, (pair, timeframe) in enumerate(jobs, start=1):
        if pair not in exchange.markets:
            logger.warning("%s is not available on %s, skipped.", pair, exchange.name)
            missing.append(pair)
            if progress:
                progress(done, len(jobs), f"{pair} {timeframe}")
            continue
        path = data_file(Path(datadir), pair, timeframe, data_format)
        if erase and path.exists():
            path.unlink()
        existing = load_pair_history(pair, timeframe, datadir, data_format=data_format)
        since = span.start or (dt_now() - timedelta(days=30))
        if not existing.empty and not erase:
            last = existing["date"].iloc[-1].to_pydatetime()
            since = max(since, last + timedelta(seconds=timeframe_to_seconds(timeframe)))
            if span.start and span.start < existing["date"].iloc[0]:
                since = span.start
        until_ms = int(span.stop.timestamp() * 1000) if span.stop else None
        candles = exchange.get_historic_ohlcv(pair, timeframe, int(since.timestamp() * 1000),
                                              until_ms)
        new = ohlcv_to_dataframe(candles, timeframe, pair, drop_incomplete=True)
        frame = pd.concat([existing, new]) if not existing.empty else new
        frame = frame.drop_duplicates(subset="date", keep="last").sort_values("date")
        if frame.empty:
            missing.append(pair)
        else:
            store_ohlcv(Path(datadir), pair, timeframe, frame, data_format)
        if progress:
            progress(done, len(jobs), f"{pair} {timeframe}")
    return list(dict.fromkeys(missing))
