"""Candle files on disk: feather and json round trips, timerange loading, listing."""
import json

import pandas as pd
import pytest

from freqtrade.data.converter import ohlcv_to_dataframe
from freqtrade.data.history import (
    available_data,
    data_file,
    load_data,
    load_pair_history,
    store_ohlcv,
)
from freqtrade.data.timerange import TimeRange

START_MS = 1704067200000  # 2024-01-01 00:00 UTC


def candles(count: int, step_ms: int = 300_000, base: float = 100.0) -> pd.DataFrame:
    rows = [[START_MS + i * step_ms, base + i, base + i + 2, base + i - 1, base + i + 1,
             10.0 + i] for i in range(count)]
    return ohlcv_to_dataframe(rows, "5m", drop_incomplete=False)


@pytest.mark.parametrize("fmt", ["feather", "json"])
def test_round_trip(tmp_path, fmt):
    frame = candles(50)
    path = store_ohlcv(tmp_path, "ETH/USDT", "5m", frame, data_format=fmt)
    assert path == tmp_path / f"ETH_USDT-5m.{fmt}" and path.is_file()
    loaded = load_pair_history("ETH/USDT", "5m", tmp_path, data_format=fmt)
    assert list(loaded.columns) == ["date", "open", "high", "low", "close", "volume"]
    assert str(loaded["date"].dt.tz) == "UTC"
    pd.testing.assert_frame_equal(loaded, frame, check_dtype=False)


def test_json_is_freqtrades_list_of_rows(tmp_path):
    path = store_ohlcv(tmp_path, "BTC/USDT", "5m", candles(2), data_format="json")
    rows = json.loads(path.read_text())
    assert rows[0] == [START_MS, 100.0, 102.0, 99.0, 101.0, 10.0]
    assert rows[1][0] == START_MS + 300_000


def test_freqtrade_written_json_file_loads(tmp_path):
    (tmp_path / "SOL_USDT-1h.json").write_text(json.dumps(
        [[START_MS, 1, 2, 0.5, 1.5, 100], [START_MS + 3_600_000, 1.5, 3, 1, 2.5, 50]]))
    loaded = load_pair_history("SOL/USDT", "1h", tmp_path)  # feather asked, json found
    assert len(loaded) == 2 and loaded["close"].tolist() == [1.5, 2.5]
    assert loaded["date"].iloc[1] == pd.Timestamp("2024-01-01 01:00", tz="UTC")


def test_timerange_cuts_and_startup_candles_reach_back(tmp_path):
    store_ohlcv(tmp_path, "ETH/USDT", "5m", candles(100))
    timerange = TimeRange.parse_timerange("20240101T0100-20240101T0200")
    loaded = load_pair_history("ETH/USDT", "5m", tmp_path, timerange=timerange)
    assert loaded["date"].iloc[0] == pd.Timestamp("2024-01-01 01:00", tz="UTC")
    assert loaded["date"].iloc[-1] == pd.Timestamp("2024-01-01 02:00", tz="UTC")
    assert len(loaded) == 13
    with_startup = load_pair_history("ETH/USDT", "5m", tmp_path, timerange=timerange,
                                     startup_candles=4)
    assert with_startup["date"].iloc[0] == pd.Timestamp("2024-01-01 00:40", tz="UTC")
    assert len(with_startup) == 17
    open_end = load_pair_history("ETH/USDT", "5m", tmp_path,
                                 timerange=TimeRange.parse_timerange("20240101T0800-"))
    assert len(open_end) == 4 and open_end["date"].iloc[-1] == pd.Timestamp(
        "2024-01-01 08:15", tz="UTC")


def test_missing_pair_is_empty_and_load_data_skips_it(tmp_path):
    store_ohlcv(tmp_path, "ETH/USDT", "5m", candles(5))
    assert load_pair_history("XRP/USDT", "5m", tmp_path).empty
    data = load_data(tmp_path, "5m", ["ETH/USDT", "XRP/USDT"])
    assert list(data) == ["ETH/USDT"] and len(data["ETH/USDT"]) == 5


def test_available_data_lists_every_file(tmp_path):
    store_ohlcv(tmp_path, "ETH/USDT", "5m", candles(3))
    store_ohlcv(tmp_path, "ETH/USDT", "1h", candles(3), data_format="json")
    store_ohlcv(tmp_path, "ETH/BTC", "1d", candles(3))
    store_ohlcv(tmp_path, "BTC/USDT:USDT", "1h", candles(3), candle_type="futures")
    (tmp_path / "notes.txt").write_text("not candles")
    assert available_data(tmp_path) == [("ETH/BTC", "1d", "spot"), ("ETH/USDT", "1h", "spot"),
                                        ("ETH/USDT", "5m", "spot")]
    assert data_file(tmp_path, "BTC/USDT:USDT", "1h", candle_type="futures") == \
        tmp_path / "futures" / "BTC_USDT_USDT-1h-futures.feather"
    assert available_data(tmp_path, trading_mode="futures") == [
        ("BTC/USDT:USDT", "1h", "futures")]
    assert available_data(tmp_path / "missing") == []
