"""``freqtrade.vendor.qtpylib.indicators``: technical's qtpylib under the old import path.

The functions strategies call are pinned against values computed by hand, and the module must
hold every public function of ``technical.qtpylib`` (the one freqtrade re-exports).
"""
import importlib
import inspect
import math
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import technical.qtpylib

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    import freqtrade.vendor.qtpylib.indicators as qtpylib

NAN = float("nan")


def same(actual, expected):
    actual = list(pd.Series(actual).astype(float))
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        if math.isnan(want):
            assert math.isnan(got), (actual, expected)
        else:
            assert got == pytest.approx(want, abs=1e-6), (actual, expected)


def test_crossed_above_and_below_a_constant():
    series = pd.Series([1, 2, 3, 2, 1, 3])
    assert list(qtpylib.crossed_above(series, 2)) == [False, False, True, False, False, True]
    assert list(qtpylib.crossed_below(series, 2)) == [False, False, False, False, True, False]
    assert list(qtpylib.crossed(series, 2)) == [False, False, True, False, True, True]


def test_crossed_above_and_below_another_series():
    fast = pd.Series([1.0, 3.0, 2.0, 4.0])
    slow = pd.Series([2.0, 2.0, 3.0, 3.0])
    assert list(qtpylib.crossed_above(fast, slow)) == [False, True, False, True]
    assert list(qtpylib.crossed_below(fast, slow)) == [False, False, True, False]
    # touching is not crossing; arrays work like series
    assert not qtpylib.crossed_above(np.array([1.0, 2.0, 2.0]), 2.0).any()


def test_typical_mid_price_and_true_range():
    bars = pd.DataFrame({"open": [9.0, 9.0], "high": [10.0, 12.0], "low": [8.0, 9.0],
                         "close": [9.0, 11.0], "volume": [1.0, 1.0]})
    same(qtpylib.typical_price(bars), [9.0, 32 / 3])
    same(qtpylib.mid_price(bars), [9.0, 10.5])
    same(qtpylib.true_range(bars), [2.0, 3.0])


def test_bollinger_bands_use_the_rows_available_and_sample_std():
    bands = qtpylib.bollinger_bands(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), window=3, stds=2)
    assert list(bands.columns) == ["upper", "mid", "lower"]
    same(bands["mid"], [1.0, 1.5, 2.0, 3.0, 4.0])
    half = 2 * math.sqrt(0.5)  # two sample standard deviations of [1, 2]
    same(bands["upper"], [NAN, 1.5 + half, 4.0, 5.0, 6.0])
    same(bands["lower"], [NAN, 1.5 - half, 0.0, 1.0, 2.0])


def test_rolling_helpers():
    series = pd.Series([3.0, 1.0, 2.0, 5.0])
    same(qtpylib.rolling_mean(series, 2), [NAN, 2.0, 1.5, 3.5])
    same(qtpylib.sma(series, 2), [NAN, 2.0, 1.5, 3.5])
    same(qtpylib.rolling_mean(series, 3, min_periods=1), [3.0, 2.0, 2.0, 8 / 3])
    same(qtpylib.rolling_std(series, 2), [NAN, math.sqrt(2), math.sqrt(0.5), math.sqrt(4.5)])
    same(qtpylib.rolling_min(series, 2), [NAN, 1.0, 1.0, 2.0])
    same(qtpylib.rolling_max(series, 2), [NAN, 3.0, 2.0, 5.0])


def test_weighted_mean_is_exponential_with_span():
    # span 3 -> alpha 0.5; weights 1, 0.5, 0.25 from the newest value back
    same(qtpylib.rolling_weighted_mean(pd.Series([1.0, 2.0, 3.0]), 3),
         [NAN, NAN, (3 + 2 * 0.5 + 1 * 0.25) / 1.75])
    same(qtpylib.wma(pd.Series([1.0, 2.0, 3.0]), 3, min_periods=1),
         [1.0, (2 + 0.5) / 1.5, (3 + 2 * 0.5 + 1 * 0.25) / 1.75])


def test_rsi_is_wilders_seeded_average():
    rsi = qtpylib.rsi(pd.Series([1.0, 2.0, 3.0, 2.0, 3.0, 4.0]), window=2)
    # seed: ups 2/2, downs 1/2 -> rs 2; then Wilder smoothing of each later change
    same(rsi, [100 - 100 / 3, 100 - 100 / 3, 80.0, 100 - 100 / 1.8, 100 - 100 / 3.4,
               100 - 100 / 6.6])


def test_rate_of_change_is_a_ratio_and_returns():
    series = pd.Series([1.0, 2.0, 4.0, 2.0])
    same(qtpylib.roc(series, 1), [NAN, 1.0, 1.0, -0.5])
    same(qtpylib.returns(series), [NAN, 1.0, 1.0, -0.5])
    same(qtpylib.log_returns(series), [NAN, math.log(2), math.log(2), math.log(0.5)])


def test_rolling_vwap():
    bars = pd.DataFrame({"high": [3.0, 6.0, 9.0], "low": [1.0, 2.0, 3.0],
                         "close": [2.0, 4.0, 6.0], "volume": [1.0, 3.0, 1.0]})
    # typical prices 2, 4, 6
    same(qtpylib.rolling_vwap(bars, window=2), [NAN, (2 + 12) / 4, (12 + 6) / 4])


def test_every_technical_qtpylib_function_is_importable_from_the_old_path():
    functions = {name for name, obj in vars(technical.qtpylib).items()
                 if inspect.isfunction(obj) and not name.startswith("_")}
    assert len(functions) >= 46
    for name in sorted(functions):
        assert getattr(qtpylib, name) is getattr(technical.qtpylib, name), name
    for name in ("awesome_oscillator", "zlema", "cci", "stoch", "heikinashi", "tdi"):
        assert name in functions


def test_old_import_path_warns_that_it_is_deprecated():
    sys.modules.pop("freqtrade.vendor.qtpylib.indicators", None)
    with pytest.warns(FutureWarning, match="technical"):
        importlib.import_module("freqtrade.vendor.qtpylib.indicators")


def test_functions_missing_from_the_old_hand_written_copy_compute_like_technical():
    close = pd.Series([1.0, 2.0, 4.0, 3.0, 5.0, 6.0, 4.0, 7.0])
    bars = pd.DataFrame({"open": close - 0.5, "high": close + 1, "low": close - 1,
                         "close": close, "volume": 1.0})
    # qtpylib's cci divides by the population deviation of the whole rolling-mean column,
    # not by the windowed mean absolute deviation of the textbook formula
    typical = (bars["high"] + bars["low"] + bars["close"]) / 3
    mean = typical.rolling(3).mean()
    assert qtpylib.cci(bars, 3).iloc[-1] == pytest.approx(
        (typical.iloc[-1] - mean.iloc[-1]) / (0.015 * mean.std(ddof=0)))
    # zlema: an exponential mean (span = lag) of 2 * x - x shifted by lag = (window - 1) // 2
    corrected = 2 * close - close.shift(2)
    zlema = qtpylib.zlema(close, 5)
    assert zlema.iloc[-1] == pytest.approx(corrected.ewm(span=2, min_periods=5).mean().iloc[-1])
    assert zlema.iloc[:6].isna().all()
    # awesome oscillator: fast minus slow simple mean of the median price
    median = (bars["high"] + bars["low"]) / 2
    assert qtpylib.awesome_oscillator(bars, fast=2, slow=4).iloc[-1] == pytest.approx(
        median.iloc[-2:].mean() - median.iloc[-4:].mean())
