"""Our pairlist chains against freqtrade 2026.9's own, on the same markets, tickers and candles.

The simulated market provides the data (with its stablecoin, coarse-tick coin, wide-spread coin
and recent listing); freqtrade's PairListManager runs in the reference venv over a stand-in
exchange serving that same data (``tests/reference/pairlist_driver.py``). Each case compares the
resulting whitelist (order included) or the start-up error message.
"""
from __future__ import annotations

import copy
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from freqtrade.exceptions import OperationalException
from freqtrade.exchange import SimulatedExchange
from freqtrade.plugins.pairlist_manager import PairListManager
from freqtrade.util.timeframes import timeframe_to_prev_date
from tests.reference import require_python

DRIVER = Path(__file__).resolve().parents[1] / "reference" / "pairlist_driver.py"
STATIC_PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "DOGE/USDT", "ADA/USDT",
                "USDC/USDT", "BTTC/USDT", "KMD/USDT", "MOVE/USDT", "LINK/USDT", "NOPE/USDT"]
VOLUME_ALL = {"method": "VolumePairList", "number_assets": 40}


class SnapshotExchange(SimulatedExchange):
    """The simulated market with its tickers taken once, so both sides see the same ones."""

    def __init__(self, config: dict, tickers: dict):
        super().__init__(config)
        self._snapshot = tickers

    def _fetch_tickers(self) -> dict[str, dict]:
        return self._snapshot


def _config(pairlists: list[dict], whitelist: list[str] | None = None,
            blacklist: list[str] | None = None) -> dict:
    return {"exchange": {"name": "simulated", "pair_whitelist": whitelist or [],
                         "pair_blacklist": blacklist or []},
            "stake_currency": "USDT", "stoploss": -0.1, "timeframe": "5m",
            "max_open_trades": 3, "runmode": "other", "pairlists": pairlists}


CASES = {
    "volume_top_10_minus_blacklist": _config(
        [{"method": "VolumePairList", "number_assets": 10}], blacklist=["BNB/.*", "ETH/USDT"]),
    "volume_min_and_max_value": _config(
        [{"method": "VolumePairList", "number_assets": 30, "min_value": 10_000_000,
          "max_value": 50_000_000}]),
    "volume_lookback_days": _config(
        [{"method": "VolumePairList", "number_assets": 8, "lookback_days": 7,
          "refresh_period": 86400}]),
    "volume_lookback_hours": _config(
        [{"method": "VolumePairList", "number_assets": 8, "lookback_timeframe": "1h",
          "lookback_period": 24, "refresh_period": 3600}]),
    "volume_as_later_step_ranks_static_pairs": _config(
        [{"method": "StaticPairList"}, {"method": "VolumePairList", "number_assets": 5}],
        whitelist=STATIC_PAIRS),
    "percent_change_desc": _config(
        [{"method": "PercentChangePairList", "number_assets": 10}]),
    "percent_change_asc_bounded": _config(
        [{"method": "PercentChangePairList", "number_assets": 10, "sort_direction": "asc",
          "min_value": -1, "max_value": 1.5}]),
    "percent_change_lookback_hours": _config(
        [{"method": "PercentChangePairList", "number_assets": 6, "lookback_timeframe": "1h",
          "lookback_period": 12, "refresh_period": 3600}]),
    "static_with_documented_filters": _config(
        [{"method": "StaticPairList"}, {"method": "AgeFilter", "min_days_listed": 10},
         {"method": "PrecisionFilter"}, {"method": "PriceFilter", "low_price_ratio": 0.01},
         {"method": "SpreadFilter", "max_spread_ratio": 0.005}], whitelist=STATIC_PAIRS),
    "static_regex_and_inactive": _config(
        [{"method": "StaticPairList"}], whitelist=["MATIC/USDT", "A.*/USDT", "ETH/BTC"]),
    "static_allow_inactive": _config(
        [{"method": "StaticPairList", "allow_inactive": True}],
        whitelist=["MATIC/USDT", "ETH/USDT"]),
    "age_between_3_and_8_days": _config(
        [VOLUME_ALL, {"method": "AgeFilter", "min_days_listed": 3, "max_days_listed": 8}]),
    "price_min_max": _config(
        [VOLUME_ALL, {"method": "PriceFilter", "min_price": 1, "max_price": 500}]),
    "price_max_value": _config(
        [VOLUME_ALL, {"method": "PriceFilter", "max_value": 0.05}]),
    "spread_tight": _config(
        [VOLUME_ALL, {"method": "SpreadFilter", "max_spread_ratio": 0.001}]),
    "range_stability_sorted": _config(
        [VOLUME_ALL, {"method": "RangeStabilityFilter", "lookback_days": 10,
                      "min_rate_of_change": 0.05, "max_rate_of_change": 0.3,
                      "sort_direction": "desc"}]),
    "range_stability_default_drops_stablecoin": _config(
        [VOLUME_ALL, {"method": "RangeStabilityFilter", "lookback_days": 10}]),
    "volatility_sorted": _config(
        [VOLUME_ALL, {"method": "VolatilityFilter", "lookback_days": 10,
                      "min_volatility": 0.02, "max_volatility": 0.2,
                      "sort_direction": "asc"}]),
    "volatility_hours": _config(
        [VOLUME_ALL, {"method": "VolatilityFilter", "lookback_timeframe": "1h",
                      "lookback_period": 6, "sort_direction": "desc"}]),
    "shuffle_seed_then_offset": _config(
        [VOLUME_ALL, {"method": "ShuffleFilter", "seed": 42},
         {"method": "OffsetFilter", "offset": 3, "number_assets": 5}]),
    "empty_offset_beyond_the_list": _config(
        [{"method": "VolumePairList", "number_assets": 4}, {"method": "OffsetFilter",
                                                              "offset": 6}]),
    # start-up refusals: same message
    "error_volume_without_number_assets": _config([{"method": "VolumePairList"}]),
    "error_volume_bad_sort_key": _config(
        [{"method": "VolumePairList", "number_assets": 5, "sort_key": "baseVolume"}]),
    "error_volume_range_refresh_too_short": _config(
        [{"method": "VolumePairList", "number_assets": 5, "lookback_days": 2}]),
    "error_lookback_days_and_period": _config(
        [VOLUME_ALL, {"method": "RangeStabilityFilter", "lookback_days": 3,
                      "lookback_period": 3}]),
    "error_lookback_days_with_timeframe": _config(
        [VOLUME_ALL, {"method": "VolatilityFilter", "lookback_days": 3,
                      "lookback_timeframe": "1h"}]),
    "error_lookback_timeframe_without_period": _config(
        [VOLUME_ALL, {"method": "VolatilityFilter", "lookback_timeframe": "1h"}]),
    "error_age_min_days": _config([VOLUME_ALL, {"method": "AgeFilter", "min_days_listed": 0}]),
    "error_age_max_below_min": _config(
        [VOLUME_ALL, {"method": "AgeFilter", "min_days_listed": 5, "max_days_listed": 5}]),
    "error_price_negative": _config([VOLUME_ALL, {"method": "PriceFilter", "min_price": -1}]),
    "error_offset_negative": _config([VOLUME_ALL, {"method": "OffsetFilter", "offset": -1}]),
    "error_sort_direction": _config(
        [VOLUME_ALL, {"method": "RangeStabilityFilter", "lookback_days": 3,
                      "sort_direction": "up"}]),
}


def take_market() -> dict:
    """Markets, tickers and closed-plus-forming candles of every USDT pair."""
    exchange = SimulatedExchange({"exchange": {"name": "simulated"}})
    tickers = exchange.get_tickers(cached=False)
    now = datetime.now(UTC)
    candles = {}
    for pair, data in exchange.markets.items():
        if data["quote"] != "USDT":
            continue
        for timeframe, since in (("1d", now - timedelta(days=14)),
                                 ("1h", now - timedelta(hours=40))):
            candles[f"{pair}|{timeframe}"] = exchange.get_historic_ohlcv(
                pair, timeframe, int(since.timestamp() * 1000))
    return {"markets": exchange.markets, "tickers": tickers, "candles": candles,
            "options": dict(exchange.ticker_options), "has_fetch_tickers": True,
            "precision_mode": 4, "candle_limit": exchange.candle_limit}


def _ours(config: dict, market: dict) -> dict:
    exchange = SnapshotExchange(config, market["tickers"])
    try:
        manager = PairListManager(exchange, config)
        return {"whitelist": manager.refresh(), "methods": manager.name_list}
    except OperationalException as exc:
        return {"error": str(exc)}


def _theirs(market: dict) -> dict:
    """freqtrade's result for every case, from one run of the reference interpreter."""
    payload = {**market, "cases": copy.deepcopy(CASES)}
    completed = subprocess.run([str(require_python()), str(DRIVER)], input=json.dumps(payload),
                               capture_output=True, text=True, timeout=300, cwd="/")
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def results():
    """(ours, theirs) per case on one market snapshot; all taken again if an hour started
    between the snapshot and the last answer (the hourly candles moved)."""
    for _attempt in range(2):
        hour = timeframe_to_prev_date("1h")
        market = take_market()
        theirs = _theirs(market)
        ours = {name: _ours(copy.deepcopy(config), market) for name, config in CASES.items()}
        if timeframe_to_prev_date("1h") == hour:
            break
    return ours, theirs


@pytest.mark.parametrize("name", list(CASES))
def test_same_whitelist_as_freqtrade(name, results):
    ours, theirs = results[0][name], results[1][name]
    assert ours == theirs
    if name.startswith("error_"):
        assert "error" in ours
    elif name.startswith("empty_"):
        assert ours["whitelist"] == []
    else:
        assert ours["whitelist"], "a case that compares empty lists pins nothing"
