"""Each pairlist's freqtrade 2026.9 behaviour, on a stand-in exchange with chosen data.

The stand-in replaces only the exchange's outside world (markets, tickers, candle pages); the
manager, the pairlists and the exchange base class are ours, unmocked. The bot's clock is
frozen so refresh periods, candle boundaries and listing ages are exact.
"""
from __future__ import annotations

import logging
import math
import random
import statistics
from datetime import UTC, datetime

import pytest

from freqtrade.exceptions import OperationalException
from freqtrade.exchange.exchange import Exchange
from freqtrade.plugins.pairlist.registry import SUPPORTED_PAIRLISTS
from freqtrade.plugins.pairlist_manager import PairListManager

NOW = datetime(2026, 6, 10, 12, 30, tzinfo=UTC)
DAY_MS = 86400 * 1000
TODAY_MS = int(NOW.replace(hour=0, minute=30).timestamp() * 1000) - 30 * 60000


def market(pair: str, tick: float = 0.01, step: float = 0.001, min_amount: float | None = 0.001,
           active: bool = True) -> dict:
    base, quote = pair.split("/")
    return {"symbol": pair, "base": base, "quote": quote, "active": active, "spot": True,
            "precision": {"price": tick, "amount": step},
            "limits": {"amount": {"min": min_amount}, "cost": {"min": 5.0}}}


def ticker(pair: str, last: float | None = 10.0, volume: float | None = 1000.0,
           percentage: float | None = 1.0, spread: float = 0.001) -> dict:
    bid = ask = None
    if last:
        bid, ask = last * (1 - spread / 2), last * (1 + spread / 2)
    return {"symbol": pair, "last": last, "bid": bid, "ask": ask, "quoteVolume": volume,
            "percentage": percentage}


def daily(closes: list[float], highs: list[float] | None = None,
          lows: list[float] | None = None, volumes: list[float] | None = None,
          forming: bool = True) -> list[list]:
    """Daily candles ending with today's (forming) candle when ``forming``."""
    count = len(closes)
    last_start = TODAY_MS if forming else TODAY_MS - DAY_MS
    rows = []
    for i, close in enumerate(closes):
        high = highs[i] if highs else close
        low = lows[i] if lows else close
        rows.append([last_start - (count - 1 - i) * DAY_MS, close, high, low, close,
                     volumes[i] if volumes else 1.0])
    return rows


def listed_days_ago(days: int, until_days: int = 30) -> list[list]:
    """Daily candles from ``days`` days ago on, also for days still in the future (the
    exchange only serves those once the clock reaches them)."""
    return [[TODAY_MS - d * DAY_MS, 1.0, 1.0, 1.0, 1.0, 1.0] for d in range(days, -until_days, -1)]


class StandInExchange(Exchange):
    """Markets, tickers and candles of the test's choosing behind our exchange base class."""

    id = "standin"
    name = "StandIn"

    def __init__(self, markets: dict, tickers: dict, candles: dict | None = None, **options):
        super().__init__({"exchange": {"name": "standin"}, "dry_run": True})
        self.market_data = markets
        self.ticker_data = tickers
        self.candle_data = candles or {}
        self.ticker_options = {**Exchange.ticker_options, **options}
        self.ticker_fetches = 0

    def _load_markets(self) -> dict:
        return self.market_data

    def _fetch_tickers(self) -> dict:
        self.ticker_fetches += 1
        return dict(self.ticker_data)

    def _fetch_ohlcv_page(self, pair, timeframe, since_ms, limit):
        return [row for row in self.candle_data.get((pair, timeframe), [])
                if since_ms is None or row[0] >= since_ms][:limit]


@pytest.fixture
def clock_start():
    return NOW


def make(pairlists: list[dict], exchange: Exchange, whitelist: list[str] | None = None,
         blacklist: list[str] | None = None, **config) -> PairListManager:
    full = {"exchange": {"name": "standin", "pair_whitelist": whitelist or [],
                         "pair_blacklist": blacklist or []},
            "stake_currency": "USDT", "stoploss": -0.1, "timeframe": "5m",
            "max_open_trades": 3, "pairlists": pairlists, **config}
    return PairListManager(exchange, full)


def usdt(*coins: str) -> list[str]:
    return [f"{coin}/USDT" for coin in coins]


def exchange_with(tickers: list[dict], extra_markets: list[dict] = (), candles=None,
                  **options) -> StandInExchange:
    markets = {t["symbol"]: market(t["symbol"]) for t in tickers}
    markets.update({m["symbol"]: m for m in extra_markets})
    return StandInExchange(markets, {t["symbol"]: t for t in tickers}, candles, **options)


# ---------------------------------------------------------------------- the chain
def test_registry_lists_what_the_manager_applies():
    assert set(SUPPORTED_PAIRLISTS) == {
        "StaticPairList", "VolumePairList", "PercentChangePairList", "AgeFilter",
        "PrecisionFilter", "PriceFilter", "SpreadFilter", "RangeStabilityFilter",
        "VolatilityFilter", "ShuffleFilter", "OffsetFilter", "PerformanceFilter",
        "FullTradesFilter"}


def test_unsupported_pairlist_is_refused_with_its_name(clock):
    exchange = exchange_with([ticker("BTC/USDT")])
    with pytest.raises(OperationalException, match='Pairlist "RemotePairList" is not supported'):
        make([{"method": "StaticPairList"}, {"method": "RemotePairList"}], exchange)


def test_a_filter_cannot_start_the_chain(clock):
    with pytest.raises(OperationalException, match="AgeFilter is a filter: it should not be "
                                                   "used at the first position"):
        make([{"method": "AgeFilter"}], exchange_with([ticker("BTC/USDT")]))


def test_method_lists_every_step_in_chain_order(clock):
    manager = make([{"method": "VolumePairList", "number_assets": 5},
                    {"method": "SpreadFilter"}, {"method": "OffsetFilter", "offset": 1}],
                   exchange_with([ticker("BTC/USDT")]))
    assert manager.name_list == ["VolumePairList", "SpreadFilter", "OffsetFilter"]


def test_tickers_are_needed_and_missing_fetch_tickers_is_refused(clock):
    class NoTickers(StandInExchange):
        def exchange_has(self, endpoint):
            return endpoint != "fetchTickers"

    exchange = NoTickers({"BTC/USDT": market("BTC/USDT")}, {})
    with pytest.raises(OperationalException, match="does not support dynamic whitelist"):
        make([{"method": "VolumePairList", "number_assets": 5}], exchange)
    with pytest.raises(OperationalException, match="does not support fetchTickers.*\n"
                                                   "PriceFilter."):
        make([{"method": "StaticPairList"}, {"method": "PriceFilter"}], exchange,
             whitelist=["BTC/USDT"])
    # a chain without ticker-based steps is fine
    assert make([{"method": "StaticPairList"}], exchange,
                whitelist=["BTC/USDT"]).refresh() == ["BTC/USDT"]


# ---------------------------------------------------------------------- StaticPairList
def test_static_list_keeps_order_and_drops_what_cannot_be_traded(clock, caplog):
    exchange = exchange_with([ticker(p) for p in usdt("BTC", "ETH", "SOL")],
                             [market("OLD/USDT", active=False), market("ETH/BTC")])
    caplog.set_level(logging.INFO)
    manager = make([{"method": "StaticPairList"}], exchange,
                   whitelist=["SOL/USDT", "NOPE/USDT", "OLD/USDT", "ETH/BTC", "BTC/USDT"])
    assert manager.refresh() == ["SOL/USDT", "BTC/USDT"]
    assert "Pair NOPE/USDT is not compatible with exchange StandIn" in caplog.text
    assert "Pair ETH/BTC is not compatible with your stake currency USDT" in caplog.text
    assert "Ignoring OLD/USDT from whitelist. Market is not active." in caplog.text
    allow = make([{"method": "StaticPairList", "allow_inactive": True}], exchange,
                 whitelist=["OLD/USDT", "BTC/USDT"])
    assert allow.refresh() == ["OLD/USDT", "BTC/USDT"]


def test_static_list_as_a_later_step_appends_its_pairs(clock):
    exchange = exchange_with([ticker("BTC/USDT", volume=1), ticker("ETH/USDT", volume=5),
                              ticker("SOL/USDT", volume=3)])
    manager = make([{"method": "VolumePairList", "number_assets": 1},
                    {"method": "StaticPairList"}], exchange, whitelist=["BTC/USDT", "ETH/USDT"])
    assert manager.refresh() == ["ETH/USDT", "BTC/USDT"]


# ---------------------------------------------------------------------- VolumePairList
def test_volume_sorts_by_quote_volume_and_cuts_to_number_assets(clock):
    exchange = exchange_with(
        [ticker("AAA/USDT", volume=50), ticker("BBB/USDT", volume=300),
         ticker("CCC/USDT", volume=100), ticker("TIE/USDT", volume=100),
         ticker("NOV/USDT", volume=None), ticker("ETH/BTC", volume=10**9)],
        [market("DEAD/USDT", active=False)])
    exchange.ticker_data["DEAD/USDT"] = ticker("DEAD/USDT", volume=10**9)
    manager = make([{"method": "VolumePairList", "number_assets": 3}], exchange)
    # ties keep the tickers' order; no quote volume, other quote, inactive: no part
    assert manager.refresh() == ["BBB/USDT", "CCC/USDT", "TIE/USDT"]
    everything = make([{"method": "VolumePairList", "number_assets": 30}], exchange)
    assert everything.refresh() == usdt("BBB", "CCC", "TIE", "AAA")


def test_volume_min_and_max_value_are_strict_bounds(clock):
    exchange = exchange_with([ticker(f"{c}/USDT", volume=v)
                              for c, v in (("A", 100), ("B", 200), ("C", 300), ("D", 400))])
    manager = make([{"method": "VolumePairList", "number_assets": 10, "min_value": 100,
                     "max_value": 400}], exchange)
    assert manager.refresh() == ["C/USDT", "B/USDT"]


def test_volume_refresh_period_keeps_the_ranking_but_not_the_blacklist(clock):
    exchange = exchange_with([ticker("A/USDT", volume=1), ticker("B/USDT", volume=2)])
    manager = make([{"method": "VolumePairList", "number_assets": 10, "refresh_period": 600}],
                   exchange)
    assert manager.refresh() == ["B/USDT", "A/USDT"]
    exchange.ticker_data["A/USDT"] = ticker("A/USDT", volume=9)
    clock.advance(seconds=599)
    assert manager.refresh() == ["B/USDT", "A/USDT"]
    manager.add_to_blacklist(["B/USDT"])
    assert manager.whitelist == ["A/USDT"]
    manager.remove_from_blacklist(["B/USDT"])
    # the ranking is renewed after refresh_period; tickers are fetched every 30 minutes
    clock.advance(seconds=2)
    assert manager.refresh() == ["B/USDT", "A/USDT"] and exchange.ticker_fetches == 1
    clock.advance(minutes=30)
    assert manager.refresh() == ["A/USDT", "B/USDT"] and exchange.ticker_fetches == 2


def test_volume_over_closed_daily_candles(clock):
    # (h + l + c) / 3 * volume over the last 2 closed candles; older and forming ones don't count
    candles = {
        ("A/USDT", "1d"): daily([10, 10, 10, 10], volumes=[10**6, 1, 1, 10**6]),
        ("B/USDT", "1d"): daily([10, 10, 10, 10], highs=[10, 10, 13, 10], lows=[10, 10, 7, 10],
                                volumes=[1, 2, 3, 1]),
    }
    exchange = exchange_with([ticker("A/USDT", volume=10**9), ticker("B/USDT", volume=1)],
                             candles=candles)
    manager = make([{"method": "VolumePairList", "number_assets": 5, "lookback_days": 2,
                     "refresh_period": 86400}], exchange)
    assert manager.refresh() == ["B/USDT", "A/USDT"]
    volumes = dict(manager._handlers[0].ranked_values(["A/USDT", "B/USDT"], {}))
    assert volumes == {"A/USDT": pytest.approx(20.0), "B/USDT": pytest.approx(50.0)}


@pytest.mark.parametrize(("settings", "message"), [
    ({}, "`number_assets` not specified"),
    ({"number_assets": 5, "sort_key": "baseVolume"}, r"key baseVolume not in \['quoteVolume'\]"),
    ({"number_assets": 5, "lookback_days": 1},
     "Refresh period of 1800 seconds is smaller than one timeframe of 1d"),
    ({"number_assets": 5, "lookback_days": 1, "lookback_period": 2, "refresh_period": 86400},
     "Ambiguous configuration: lookback_days and lookback_period both set"),
    ({"number_assets": 5, "lookback_timeframe": "1h", "lookback_period": 2000,
      "refresh_period": 3600}, r"not exceed exchange max request size \(1000\)"),
])
def test_volume_settings_are_validated(clock, settings, message):
    with pytest.raises(OperationalException, match=message):
        make([{"method": "VolumePairList", **settings}], exchange_with([ticker("A/USDT")]))


def test_volume_needs_quote_volume_in_tickers_without_a_range(clock):
    exchange = exchange_with([ticker("A/USDT")], tickers_have_quoteVolume=False)
    with pytest.raises(OperationalException, match="either remove VolumePairList, or switch "
                                                   "to using candles"):
        make([{"method": "VolumePairList", "number_assets": 5}], exchange)
    ranged = make([{"method": "VolumePairList", "number_assets": 5, "lookback_days": 1,
                    "refresh_period": 86400}], exchange)
    assert ranged.refresh() == ["A/USDT"]


# ---------------------------------------------------------------------- PercentChangePairList
def test_percent_change_sorts_by_change_and_drops_missing_percentage(clock, caplog):
    caplog.set_level(logging.INFO)
    exchange = exchange_with([ticker("A/USDT", percentage=-3), ticker("B/USDT", percentage=7),
                              ticker("C/USDT", percentage=2), ticker("N/USDT", percentage=None)])
    desc = make([{"method": "PercentChangePairList", "number_assets": 2}], exchange)
    assert desc.refresh() == ["B/USDT", "C/USDT"]
    assert "Removed N/USDT from whitelist, because ticker['percentage'] is empty" in caplog.text
    asc = make([{"method": "PercentChangePairList", "number_assets": 5, "sort_direction": "asc",
                 "min_value": -3, "max_value": 7}], exchange)
    assert asc.refresh() == ["C/USDT"]


def test_percent_change_over_candles(clock):
    # one candle back: the last two closed closes count, not the forming one nor older ones
    candles = {("A/USDT", "1d"): daily([100, 120, 110, 999]),  # 120 -> 110
               ("B/USDT", "1d"): daily([300, 100, 105, 1])}    # 100 -> 105
    exchange = exchange_with([ticker("A/USDT", percentage=-50), ticker("B/USDT", percentage=50)],
                             candles=candles)
    manager = make([{"method": "PercentChangePairList", "number_assets": 5,
                     "lookback_days": 1, "refresh_period": 86400}], exchange)
    assert manager.refresh() == ["B/USDT", "A/USDT"]
    changes = dict(manager._handlers[0].ranked_values(["A/USDT", "B/USDT"], {}))
    assert changes == {"A/USDT": pytest.approx((110 - 120) / 120 * 100),
                       "B/USDT": pytest.approx(5.0)}


# ---------------------------------------------------------------------- AgeFilter
def test_age_filter_min_and_max_days(clock, caplog):
    caplog.set_level(logging.INFO)
    candles = {("OLD/USDT", "1d"): listed_days_ago(40), ("MID/USDT", "1d"): listed_days_ago(15),
               ("NEW/USDT", "1d"): listed_days_ago(5)}
    exchange = exchange_with([ticker(p) for p in usdt("OLD", "MID", "NEW")], candles=candles)
    static = {"method": "StaticPairList"}
    pairs = usdt("OLD", "MID", "NEW")
    assert make([static, {"method": "AgeFilter", "min_days_listed": 10}], exchange,
                whitelist=pairs).refresh() == usdt("OLD", "MID")
    assert "Removed NEW/USDT from whitelist, because age 5 is less than 10 days" in caplog.text
    assert make([static, {"method": "AgeFilter", "min_days_listed": 10, "max_days_listed": 20}],
                exchange, whitelist=pairs).refresh() == ["MID/USDT"]


def test_age_filter_rechecks_a_failed_pair_the_next_day(clock):
    exchange = exchange_with([ticker("NEW/USDT")],
                             candles={("NEW/USDT", "1d"): listed_days_ago(2)})
    manager = make([{"method": "StaticPairList"}, {"method": "AgeFilter", "min_days_listed": 3}],
                   exchange, whitelist=["NEW/USDT"])
    assert manager.refresh() == []
    clock.advance(hours=11)  # 23:30: three days old now would pass, but the day is the same
    assert manager.refresh() == []
    clock.advance(hours=1)
    assert manager.refresh() == ["NEW/USDT"]


@pytest.mark.parametrize(("settings", "message"), [
    ({"min_days_listed": 0}, "AgeFilter requires min_days_listed to be >= 1"),
    ({"min_days_listed": 1001}, r"min_days_listed to not exceed exchange max request size"),
    ({"min_days_listed": 5, "max_days_listed": 5}, "max_days_listed <= min_days_listed"),
])
def test_age_filter_settings_are_validated(clock, settings, message):
    with pytest.raises(OperationalException, match=message):
        make([{"method": "StaticPairList"}, {"method": "AgeFilter", **settings}],
             exchange_with([ticker("A/USDT")]))


# ---------------------------------------------------------------------- price-based filters
def test_precision_filter_drops_coarse_ticks_for_the_stoploss(clock, caplog):
    caplog.set_level(logging.INFO)
    exchange = exchange_with([ticker("FINE/USDT", last=10.0), ticker("COARSE/USDT", last=0.5),
                              ticker("NOLAST/USDT", last=None)])
    exchange.market_data["COARSE/USDT"]["precision"]["price"] = 0.01  # 2 % of the price
    exchange.market_data["FINE/USDT"]["precision"]["price"] = 0.001
    pairs = usdt("FINE", "COARSE", "NOLAST")
    chain = [{"method": "StaticPairList"}, {"method": "PrecisionFilter"}]
    assert make(chain, exchange, whitelist=pairs).refresh() == ["FINE/USDT"]
    assert "Removed COARSE/USDT from whitelist, because stop price 0.45 would be <= stop " \
           "limit 0.45" in caplog.text
    # with no stoploss the filter is off
    assert make(chain, exchange, whitelist=pairs, stoploss=0).refresh() == pairs
    with pytest.raises(OperationalException, match="PrecisionFilter can only work with "
                                                   "stoploss defined"):
        manager_config = make([{"method": "StaticPairList"}], exchange)._config
        manager_config.pop("stoploss")
        PairListManager(exchange, {**manager_config, "pairlists": chain})


def test_price_filter_each_check(clock):
    exchange = exchange_with([ticker("LOW/USDT", last=0.5), ticker("MID/USDT", last=20.0),
                              ticker("HIGH/USDT", last=900.0), ticker("NOLAST/USDT", last=None)])
    exchange.market_data["LOW/USDT"]["precision"]["price"] = 0.01   # 1 tick = 2 %
    exchange.market_data["HIGH/USDT"]["precision"]["amount"] = 0.01  # step worth 9 USDT
    pairs = usdt("LOW", "MID", "HIGH", "NOLAST")

    def run(**settings):
        return make([{"method": "StaticPairList"}, {"method": "PriceFilter", **settings}],
                    exchange, whitelist=pairs).refresh()

    assert run() == pairs  # nothing configured: off, even without a last price
    assert run(low_price_ratio=0.01) == usdt("MID", "HIGH")
    assert run(min_price=1) == usdt("MID", "HIGH")
    assert run(max_price=100) == usdt("LOW", "MID")
    assert run(max_value=1) == usdt("LOW", "MID")
    with pytest.raises(OperationalException, match="PriceFilter requires max_value to be >= 0"):
        run(max_value=-1)


def test_spread_filter_ratio_and_invalid_tickers(clock, caplog):
    caplog.set_level(logging.INFO)
    exchange = exchange_with([ticker("TIGHT/USDT", spread=0.001),
                              ticker("WIDE/USDT", spread=0.01), ticker("NOBID/USDT")])
    exchange.ticker_data["NOBID/USDT"]["bid"] = None
    pairs = usdt("TIGHT", "WIDE", "NOBID")
    chain = [{"method": "StaticPairList"}, {"method": "SpreadFilter"}]
    assert make(chain, exchange, whitelist=pairs).refresh() == ["TIGHT/USDT"]
    assert "Removed WIDE/USDT from whitelist, because spread 0.995% > 0.500%" in caplog.text
    assert "Removed NOBID/USDT from whitelist due to invalid ticker data" in caplog.text
    no_bid_ask = exchange_with([ticker("A/USDT")], tickers_have_bid_ask=False)
    with pytest.raises(OperationalException, match="SpreadFilter requires exchange to have "
                                                   "bid/ask data"):
        make(chain, no_bid_ask, whitelist=["A/USDT"])


# ---------------------------------------------------------------------- candle-range filters
def range_exchange() -> StandInExchange:
    candles = {  # 2 days back: the 3 closed candles before today count, not older or forming
        ("CALM/USDT", "1d"): daily([1, 1, 1, 1, 1], highs=[9, 1.004, 1.004, 1.004, 9],
                                   lows=[0.1, 1, 1, 1, 0.1]),
        ("MOVE/USDT", "1d"): daily([100, 100, 100, 103, 100], highs=[200, 100, 101, 103, 200],
                                   lows=[50, 100, 100, 100, 50]),
        ("WILD/USDT", "1d"): daily([100, 100, 150, 100, 100], highs=[100, 100, 150, 100, 100],
                                   lows=[100, 100, 100, 100, 100]),
    }
    return exchange_with([ticker(p) for p in usdt("CALM", "MOVE", "WILD", "NODATA")],
                         candles=candles)


def test_range_stability_filter_over_days(clock, caplog):
    caplog.set_level(logging.INFO)
    pairs = usdt("CALM", "MOVE", "WILD", "NODATA")

    def run(**settings):
        return make([{"method": "StaticPairList"},
                     {"method": "RangeStabilityFilter", "lookback_days": 2, **settings}],
                    range_exchange(), whitelist=pairs).refresh()

    assert run() == usdt("MOVE", "WILD")  # CALM moved 0.4 % < 1 %
    assert "Removed CALM/USDT from whitelist, because rate of change over 2 x 1d candles is " \
           "0.004, which is below the threshold of 0.01." in caplog.text
    assert "Removed NODATA/USDT from whitelist, no candles found." in caplog.text
    assert run(max_rate_of_change=0.4) == ["MOVE/USDT"]  # WILD: 50 %
    assert run(min_rate_of_change=0, sort_direction="asc") == usdt("CALM", "MOVE", "WILD")
    assert run(min_rate_of_change=0, sort_direction="desc") == usdt("WILD", "MOVE", "CALM")


def expected_volatility(closes: list[float], period: int) -> float:
    returns = [0.0] + [math.log(a / b) for a, b in zip(closes, closes[1:], strict=False)]
    windows = [returns[i - period + 1:i + 1] for i in range(period - 1, len(returns))]
    return statistics.mean(statistics.stdev(w) for w in windows) * math.sqrt(period)


def test_volatility_filter_over_days(clock):
    pairs = usdt("CALM", "MOVE", "WILD", "NODATA")
    calm = expected_volatility([1, 1, 1], 2)
    move = expected_volatility([100, 100, 103], 2)
    wild = expected_volatility([100, 150, 100], 2)
    assert calm == 0 < move < 0.05 < wild

    def run(**settings):
        return make([{"method": "StaticPairList"},
                     {"method": "VolatilityFilter", "lookback_days": 2, **settings}],
                    range_exchange(), whitelist=pairs).refresh()

    assert run() == usdt("CALM", "MOVE", "WILD")
    assert run(min_volatility=0.001, max_volatility=0.05) == ["MOVE/USDT"]
    assert run(sort_direction="desc") == usdt("WILD", "MOVE", "CALM")
    measured = make([{"method": "StaticPairList"},
                     {"method": "VolatilityFilter", "lookback_days": 2}], range_exchange(),
                    whitelist=pairs)._handlers[1]
    frames = measured._manager.candles.lookback(["WILD/USDT"], "1d", 2)
    assert measured.measure(frames["WILD/USDT"]) == pytest.approx(wild)


def test_range_filters_need_a_lookback_and_warn_when_falling_back(clock, caplog):
    exchange = range_exchange()
    with pytest.raises(OperationalException, match="requires lookback_period to be set when "
                                                   "using lookback_timeframe"):
        make([{"method": "StaticPairList"},
              {"method": "VolatilityFilter", "lookback_timeframe": "1h"}], exchange)
    with pytest.raises(OperationalException, match="requires sort_direction to be either"):
        make([{"method": "StaticPairList"},
              {"method": "RangeStabilityFilter", "lookback_days": 2, "sort_direction": "up"}],
             exchange)
    make([{"method": "StaticPairList"}, {"method": "RangeStabilityFilter"}], exchange)
    assert "Falling back to lookback_days: 10." in caplog.text


# ---------------------------------------------------------------------- order filters
def test_shuffle_seed_gives_python_randoms_order_outside_trading_modes(clock):
    pairs = [f"P{i}/USDT" for i in range(12)]
    exchange = exchange_with([ticker(p) for p in pairs])
    chain = [{"method": "StaticPairList"}, {"method": "ShuffleFilter", "seed": 7}]
    expected = list(pairs)
    random.Random(7).shuffle(expected)
    assert make(chain, exchange, whitelist=pairs).refresh() == expected
    assert make(chain, exchange, whitelist=pairs).refresh() == expected  # repeatable


def test_shuffle_in_dry_run_ignores_the_seed_and_keeps_the_order_for_a_candle(clock):
    pairs = [f"P{i}/USDT" for i in range(12)]
    exchange = exchange_with([ticker(p) for p in pairs])
    manager = make([{"method": "StaticPairList"}, {"method": "ShuffleFilter", "seed": 7}],
                   exchange, whitelist=pairs, runmode="dry_run")
    first = manager.refresh()
    assert sorted(first) == sorted(pairs)
    clock.advance(minutes=4)  # 12:34, same 5m candle
    assert manager.refresh() == first
    orders = set()
    for _ in range(5):
        clock.advance(minutes=5)
        orders.add(tuple(manager.refresh()))
    assert len(orders) > 1


def test_offset_filter_offset_and_number_assets(clock, caplog):
    pairs = usdt("A", "B", "C", "D", "E")
    exchange = exchange_with([ticker(p) for p in pairs])

    def run(**settings):
        return make([{"method": "StaticPairList"}, {"method": "OffsetFilter", **settings}],
                    exchange, whitelist=pairs).refresh()

    assert run(offset=2) == usdt("C", "D", "E")
    assert run(offset=1, number_assets=2) == usdt("B", "C")
    assert run(number_assets=3) == usdt("A", "B", "C")
    assert run(offset=9) == []
    assert "Offset of 9 is larger than pair count of 5" in caplog.text


# ---------------------------------------------------------------------- empty whitelist
def test_empty_whitelist_says_why_once_per_change(clock, caplog):
    exchange = exchange_with([ticker("A/USDT", spread=0.02), ticker("B/USDT", spread=0.03)])
    manager = make([{"method": "StaticPairList"}, {"method": "SpreadFilter"}], exchange,
                   whitelist=["A/USDT", "B/USDT"])
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        assert manager.refresh() == []
    warnings = [r.getMessage() for r in caplog.records if "whitelist is empty" in r.getMessage()]
    assert warnings == ["The whitelist is empty: SpreadFilter removed the last 2 pairs "
                        "(A/USDT, B/USDT). No new trades will be opened."]
    assert all(r.levelno == logging.WARNING for r in caplog.records
               if "whitelist is empty" in r.getMessage())
    exchange.ticker_data["A/USDT"] = ticker("A/USDT", spread=0.001)
    clock.advance(minutes=31)
    assert manager.refresh() == ["A/USDT"]
    manager.add_to_blacklist(["A/.*"])
    assert "the blacklist removed the last 1 pair (A/USDT)" in caplog.text


@pytest.mark.parametrize(("whitelist", "stake", "reason"), [
    ([], "USDT", "StaticPairList has no pairs: exchange.pair_whitelist is empty"),
    (["NOPE/USDT"], "USDT", "none of exchange.pair_whitelist is an active USDT market on "
                            "StandIn"),
    (["A/USDT"], "EUR", "StandIn has no active market quoted in the stake currency EUR"),
])
def test_empty_static_whitelist_reasons(clock, caplog, whitelist, stake, reason):
    manager = make([{"method": "StaticPairList"}], exchange_with([ticker("A/USDT")]),
                   whitelist=whitelist, stake_currency=stake)
    assert manager.refresh() == []
    assert f"The whitelist is empty: {reason}." in caplog.text


def test_blacklist_refuses_entries_beyond_its_capacity_and_keeps_the_rest():
    from freqtrade.plugins.pairlist_manager import MAX_BLACKLIST_ENTRIES

    exchange = exchange_with([ticker("A/USDT", volume=1), ticker("B/USDT", volume=2)])
    manager = make([{"method": "StaticPairList"}], exchange, whitelist=["A/USDT", "B/USDT"],
                   blacklist=[f"X{n}/USDT" for n in range(MAX_BLACKLIST_ENTRIES - 1)])
    errors = manager.add_to_blacklist(["B/USDT", "A/USDT"])
    assert errors == {"A/USDT": {"error_msg": f"Blacklist is full ({MAX_BLACKLIST_ENTRIES} "
                                              "entries)."}}
    assert manager.blacklist[-1] == "B/USDT"
    assert manager.whitelist == ["A/USDT"]
