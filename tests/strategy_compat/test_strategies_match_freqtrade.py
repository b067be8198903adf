"""Real-world-style strategy files give the same parameters, settings, indicator columns and
entry/exit signals here as in freqtrade 2026.9, on the same stored candles.

Both sides load the files in ``strategies/`` with their own loader, get a data provider on the
same candle files (informative pairs, ``@informative``, ``self.dp``), run ``bot_start`` and
analyze each pair; the reference runs as a subprocess (``reference_analysis.py``).
"""
from __future__ import annotations

import json
import math
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from freqtrade.data.history import store_ohlcv
from freqtrade.data.stored_provider import StoredCandlesProvider
from freqtrade.strategy.resolver import StrategyResolver
from tests.reference import require_python

HERE = Path(__file__).parent
STRATEGIES = ["HyperoptedRsi", "InformativeMulti", "IndicatorZoo", "NoStoplossLegacy",
              "DcaShaped"]
PAIRS = ["ETH/USDT", "SOL/USDT"]
ALL_PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT"]
SIGNALS = ("enter_long", "exit_long", "enter_short", "exit_short", "enter_tag", "exit_tag")
SETTINGS = ("timeframe", "minimal_roi", "stoploss", "trailing_stop", "trailing_stop_positive",
            "trailing_stop_positive_offset", "trailing_only_offset_is_reached",
            "use_exit_signal", "exit_profit_only", "ignore_roi_if_entry_signal",
            "position_adjustment_enable", "max_entry_position_adjustment",
            "startup_candle_count")


def random_walk(start: str, freq: str, count: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.004, count)))
    open_ = np.concatenate([[close[0]], close[:-1]]) * (1 + rng.normal(0, 0.001, count))
    spread = np.abs(rng.normal(0, 0.003, count)) * close
    return pd.DataFrame({
        "date": pd.date_range(start, periods=count, freq=freq, tz="UTC"),
        "open": open_, "high": np.maximum(open_, close) + spread,
        "low": np.minimum(open_, close) - spread, "close": close,
        "volume": rng.uniform(10, 100, count)})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("strategy_compat")
    strategy_path = root / "strategies"
    shutil.copytree(HERE / "strategies", strategy_path)
    datadir = root / "data"
    for seed, pair in enumerate(ALL_PAIRS):
        store_ohlcv(datadir, pair, "5m", random_walk("2026-01-01", "5min", 1500, seed))
        store_ohlcv(datadir, pair, "1h", random_walk("2025-12-31", "1h", 160, seed + 10))
    out_dir = root / "reference"
    out_dir.mkdir()
    job = {"strategies": STRATEGIES, "strategy_path": str(strategy_path),
           "user_data_dir": str(root), "datadir": str(datadir), "pairs": PAIRS,
           "all_pairs": ALL_PAIRS, "out_dir": str(out_dir)}
    (root / "job.json").write_text(json.dumps(job))
    done = subprocess.run([str(require_python()), str(HERE / "reference_analysis.py"),
                           str(root / "job.json")], capture_output=True, text=True,
                          timeout=180, cwd="/")
    assert done.returncode == 0, done.stderr[-4000:]
    return {**job, "reference": json.loads(done.stdout.strip().splitlines()[-1])}


def ours(workspace: dict, name: str):
    config = {"strategy": name, "strategy_path": workspace["strategy_path"],
              "user_data_dir": workspace["user_data_dir"], "datadir": workspace["datadir"],
              "stake_currency": "USDT", "dataformat_ohlcv": "feather",
              "exchange": {"name": "simulated"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        strategy = StrategyResolver.load_strategy(config, name)
    strategy.dp = StoredCandlesProvider(config, None, Path(workspace["datadir"]), None)
    strategy.ft_bot_start()
    return strategy


@pytest.mark.parametrize("name", STRATEGIES)
def test_parameters_and_settings_are_freqtrades(workspace, name):
    expected = workspace["reference"][name]
    strategy = ours(workspace, name)
    assert {p.name: p.value for p in strategy.ft_parameters()} == expected["params"]
    assert {p.name: p.space for p in strategy.ft_parameters()} == expected["spaces"]
    settings = json.loads(json.dumps({key: getattr(strategy, key) for key in SETTINGS},
                                     default=str))
    assert settings == expected["settings"]


def _same_values(got: pd.Series, want: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(want) and pd.api.types.is_numeric_dtype(got):
        a = got.to_numpy(dtype="float64", na_value=np.nan)
        b = want.to_numpy(dtype="float64", na_value=np.nan)
        return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))
    if pd.api.types.is_datetime64_any_dtype(want):
        a, b = pd.to_datetime(got, utc=True), pd.to_datetime(want, utc=True)
        return bool(((a == b) | (a.isna() & b.isna())).all())

    def norm(value):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return None
        return value

    return [norm(v) for v in got.tolist()] == [norm(v) for v in want.tolist()]


@pytest.mark.parametrize("name", STRATEGIES)
def test_indicators_and_signals_are_freqtrades(workspace, name):
    strategy = ours(workspace, name)
    for pair in PAIRS:
        want = pd.read_feather(Path(workspace["out_dir"]) /
                               f"{name}-{pair.replace('/', '_')}.feather")
        candles = strategy.dp.get_pair_dataframe(pair, strategy.timeframe)
        got = strategy.analyze_ticker(candles, {"pair": pair}).reset_index(drop=True)
        assert len(got) == len(want)
        extra = sorted(set(map(str, got.columns)) - set(map(str, want.columns)))
        missing = sorted(set(map(str, want.columns)) - set(map(str, got.columns)))
        assert (extra, missing) == ([], []), pair
        differing = [column for column in want.columns
                     if not _same_values(got[column], want[column])]
        assert differing == [], pair
        for signal in ("enter_long", "exit_long"):
            assert (want[signal].fillna(0) == 1).sum() > 0, f"{name} {pair}: no {signal}"
