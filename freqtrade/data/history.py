"""Candles on disk: ``<datadir>/<BASE>_<QUOTE>-<timeframe>.feather`` (JSON read too)."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pandas as pd

from freqtrade.data.converter import COLUMNS, empty_ohlcv, ohlcv_to_dataframe
from freqtrade.data.timerange import TimeRange
from freqtrade.util.timeframes import timeframe_to_seconds

logger = logging.getLogger(__name__)

_FILE_RE = re.compile(r"^(?P<pair>[^-]+)-(?P<tf>\d+[smhdwMy])(?:-(?P<ct>[a-zA-Z_]+))?"
                      r"\.(?P<ext>feather|json)$")


def pair_to_filename(pair: str) -> str:
    return pair.replace("/", "_").replace(":", "_")


def data_file(datadir: Path, pair: str, timeframe: str, data_format: str = "feather",
              candle_type: str = "spot") -> Path:
    suffix = "" if candle_type in ("spot", "") else f"-{candle_type}"
    folder = Path(datadir) / ("futures" if suffix else "")
    return folder / f"{pair_to_filename(pair)}-{timeframe}{suffix}.{data_format}"


def store_ohlcv(datadir: Path, pair: str, timeframe: str, frame: pd.DataFrame,
                data_format: str = "feather", candle_type: str = "spot") -> Path:
    path = data_file(datadir, pair, timeframe, data_format, candle_type)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = frame[COLUMNS].reset_index(drop=True)
    if data_format == "json":
        rows = [[int(d.timestamp() * 1000), o, h, low, c, v] for d, o, h, low, c, v
                in frame.itertuples(index=False)]
        path.write_text(json.dumps(rows))
    else:
        frame.to_feather(path, compression_level=9, compression="lz4")
    return path


def _read(path: Path, timeframe: str) -> pd.DataFrame:
    if path.suffix == ".json":
        return ohlcv_to_dataframe(json.loads(path.read_text() or "[]"), timeframe,
                                  drop_incomplete=False)
    frame = pd.read_feather(path)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    return frame[COLUMNS]


def load_pair_history(pair: str, timeframe: str, datadir: Path,
                      timerange: TimeRange | None = None, data_format: str = "feather",
                      startup_candles: int = 0, candle_type: str = "spot") -> pd.DataFrame:
    """Stored candles (feather preferred over json), optionally cut to ``timerange`` with
    ``startup_candles`` extra candles before its start."""
    frame = None
    for fmt in dict.fromkeys((data_format, "feather", "json")):
        path = data_file(Path(datadir), pair, timeframe, fmt, candle_type)
        if path.is_file():
            frame = _read(path, timeframe)
            break
    if frame is None or frame.empty:
        return empty_ohlcv()
    if timerange is not None:
        if timerange.start:
            start = pd.Timestamp(timerange.start) - pd.Timedelta(
                seconds=timeframe_to_seconds(timeframe) * startup_candles)
            frame = frame[frame["date"] >= start]
        if timerange.stop:
            frame = frame[frame["date"] <= pd.Timestamp(timerange.stop)]
    return frame.reset_index(drop=True)


def load_data(datadir: Path, timeframe: str, pairs: list[str],
              timerange: TimeRange | None = None, startup_candles: int = 0,
              data_format: str = "feather") -> dict[str, pd.DataFrame]:
    result = {}
    for pair in pairs:
        frame = load_pair_history(pair, timeframe, datadir, timerange, data_format,
                                  startup_candles)
        if not frame.empty:
            result[pair] = frame
    return result


def available_data(datadir: Path, trading_mode: str = "spot") -> list[tuple[str, str, str]]:
    """(pair, timeframe, candle type) for every stored candle file."""
    datadir = Path(datadir)
    folder = datadir / "futures" if trading_mode == "futures" else datadir
    found: set[tuple[str, str, str]] = set()
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = _FILE_RE.match(path.name)
        if not match:
            continue
        parts = match.group("pair").split("_")
        if len(parts) < 2:
            continue
        pair = f"{parts[0]}/{parts[1]}" + (f":{parts[2]}" if len(parts) > 2 else "")
        found.add((pair, match.group("tf"), match.group("ct") or trading_mode))
    return sorted(found)
