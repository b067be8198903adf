"""Pairlists on a ccxt exchange, with a fake at the ccxt boundary (no network)."""
from __future__ import annotations

import pytest

from freqtrade.exceptions import OperationalException
from freqtrade.exchange import CcxtExchange
from freqtrade.plugins.pairlist_manager import PairListManager


def _market(pair: str, tick: float) -> dict:
    base, quote = pair.split("/")
    return {"symbol": pair, "base": base, "quote": quote, "active": True, "spot": True,
            "precision": {"amount": 2, "price": tick},
            "limits": {"amount": {"min": 1}, "cost": {"min": 10}}}


class FakeTickersCcxt:
    """A ccxt client with markets and ``fetch_tickers`` as ccxt returns them."""

    name = "Fakex"
    precisionMode = 4
    has = {"fetchTickers": True, "fetchOHLCV": True}

    def __init__(self):
        self.ticker_calls = 0

    def load_markets(self):
        return {p: _market(p, 0.01) for p in ("BTC/USDT", "ETH/USDT", "SOL/USDT", "ETH/BTC")}

    def fetch_tickers(self):
        self.ticker_calls += 1
        rows = {"BTC/USDT": (60000.0, 9e8, 1.5), "ETH/USDT": (3000.0, 5e8, -2.0),
                "SOL/USDT": (150.0, None, 0.5), "ETH/BTC": (0.05, 9e9, 3.0)}
        return {pair: {"symbol": pair, "last": last, "bid": last * 0.9999, "ask": last,
                       "quoteVolume": volume, "baseVolume": 10.0, "percentage": change}
                for pair, (last, volume, change) in rows.items()}


def make(exchange_id: str, api=None) -> CcxtExchange:
    return CcxtExchange({"exchange": {"name": exchange_id}, "dry_run": True},
                        api=api or FakeTickersCcxt(), sleep=lambda _s: None)


def manager(exchange, pairlists):
    return PairListManager(exchange, {
        "exchange": {"pair_whitelist": ["BTC/USDT", "ETH/USDT", "SOL/USDT"],
                     "pair_blacklist": []},
        "stake_currency": "USDT", "stoploss": -0.1, "timeframe": "5m",
        "pairlists": pairlists})


def test_volume_pairlist_ranks_ccxt_tickers_and_skips_missing_quote_volume():
    api = FakeTickersCcxt()
    lists = manager(make("binance", api), [{"method": "VolumePairList", "number_assets": 5},
                                           {"method": "SpreadFilter"}])
    assert lists.refresh() == ["BTC/USDT", "ETH/USDT"]
    assert lists.refresh() == ["BTC/USDT", "ETH/USDT"] and api.ticker_calls == 1


def test_percent_change_pairlist_on_ccxt_tickers():
    lists = manager(make("binance"), [{"method": "PercentChangePairList", "number_assets": 5}])
    assert lists.refresh() == ["BTC/USDT", "SOL/USDT", "ETH/USDT"]


def test_exchanges_whose_tickers_lack_data_are_refused_as_freqtrade_does():
    with pytest.raises(OperationalException, match="Exchange Fakex does not support dynamic "
                                                   "whitelist in this configuration"):
        manager(make("okx"), [{"method": "VolumePairList", "number_assets": 5}])
    with pytest.raises(OperationalException, match="SpreadFilter requires exchange to have "
                                                   "bid/ask data"):
        manager(make("hyperliquid"), [{"method": "StaticPairList"}, {"method": "SpreadFilter"}])


def test_no_fetch_tickers_refuses_ticker_pairlists():
    api = FakeTickersCcxt()
    api.has = {"fetchTickers": False}
    with pytest.raises(OperationalException, match="does not support fetchTickers"):
        manager(make("binance", api), [{"method": "StaticPairList"},
                                       {"method": "PriceFilter", "min_price": 1}])


def test_price_tick_in_decimal_places_mode():
    api = FakeTickersCcxt()
    api.precisionMode = 2  # ccxt DECIMAL_PLACES: precision 2 means a 0.01 tick
    api.load_markets = lambda: {"BTC/USDT": {**_market("BTC/USDT", 2)}}
    exchange = make("binance", api)
    assert exchange.price_get_one_pip("BTC/USDT", 100.0) == pytest.approx(0.01)
    assert exchange.price_to_precision_up("BTC/USDT", 100.001) == pytest.approx(100.01)
