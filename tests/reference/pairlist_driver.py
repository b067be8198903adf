"""Runs freqtrade 2026.9's own pairlist chain on given markets, tickers and candles.

Executed by the reference interpreter (never imported by our tests): reads the market data and
``{"cases": {name: config}}`` as JSON on stdin, builds freqtrade's PairListManager for each
config over a stand-in exchange that serves exactly that data, and prints ``{name:
{"whitelist": [...], "methods": [...]} or {"error": "..."}}``.
"""
from __future__ import annotations

import json
import sys

from freqtrade.exchange.exchange_utils import price_to_precision
from freqtrade.plugins.pairlistmanager import PairListManager

from freqtrade.data.converter import ohlcv_to_dataframe
from freqtrade.enums import CandleType, RunMode
from freqtrade.exceptions import OperationalException
from freqtrade.exchange import date_minus_candles
from freqtrade.util import dt_ts


class StandInExchange:
    """The exchange methods the pairlists call, answered from the case's data."""

    name = "Simulated"

    def __init__(self, case: dict):
        self.markets = case["markets"]
        self._tickers = case["tickers"]
        self._candles = case["candles"]
        self._options = case["options"]
        self._has_tickers = case["has_fetch_tickers"]
        self.precisionMode = case["precision_mode"]
        self._limit = case["candle_limit"]

    def exchange_has(self, endpoint: str) -> bool:
        return self._has_tickers if endpoint == "fetchTickers" else True

    def get_option(self, name: str, default=None):
        return self._options.get(name, default)

    def get_tickers(self, *args, **kwargs):
        return self._tickers

    def ohlcv_candle_limit(self, timeframe, candle_type=None, since_ms=None) -> int:
        return self._limit

    def get_markets(self, quote_currencies=None, tradable_only=True, active_only=False, **_):
        return {s: m for s, m in self.markets.items()
                if (not quote_currencies or m["quote"] in quote_currencies)
                and (not active_only or m.get("active", True))}

    def get_pair_quote_currency(self, pair: str) -> str:
        return self.markets.get(pair, {}).get("quote", "")

    def market_is_tradable(self, market: dict) -> bool:
        return bool(market.get("quote") and market.get("base") and market.get("spot"))

    def price_to_precision(self, pair, price, *, rounding_mode):
        return price_to_precision(price, self.markets[pair]["precision"]["price"],
                                  self.precisionMode, rounding_mode=rounding_mode)

    def price_get_one_pip(self, pair, price):
        precision = self.markets[pair]["precision"]["price"]
        return precision if self.precisionMode == 4 else 1 / pow(10, precision)

    def refresh_latest_ohlcv(self, pairs, *, since_ms=None, cache=True, drop_incomplete=None):
        result = {}
        for pair, timeframe, candle_type in pairs:
            rows = [r for r in self._candles.get(f"{pair}|{timeframe}", [])
                    if since_ms is None or r[0] >= since_ms]
            result[(pair, timeframe, candle_type)] = ohlcv_to_dataframe(
                rows, timeframe, pair, fill_missing=False, drop_incomplete=True)
        return result

    def refresh_ohlcv_with_cache(self, pairs, *, lookback_period):
        result = {}
        for timeframe in {p[1] for p in pairs}:
            since_ms = dt_ts(date_minus_candles(timeframe, lookback_period + 1))
            result.update(self.refresh_latest_ohlcv([p for p in pairs if p[1] == timeframe],
                                                    since_ms=since_ms, cache=False))
        return result


def run_case(market: dict, config: dict) -> dict:
    config["runmode"] = RunMode(config.get("runmode", "other"))
    config["candle_type_def"] = CandleType.SPOT
    try:
        manager = PairListManager(StandInExchange(market), config)
        manager.refresh_pairlist()
    except OperationalException as exc:
        return {"error": str(exc)}
    return {"whitelist": manager.whitelist, "methods": manager.name_list}


def main() -> None:
    market = json.load(sys.stdin)
    cases = market.pop("cases")
    print(json.dumps({name: run_case(market, config) for name, config in cases.items()}))


if __name__ == "__main__":
    main()
