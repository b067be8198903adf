"""The offline simulated market: deterministic, aligned, consistent across timeframes."""
import tracemalloc
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from freqtrade.exceptions import InvalidOrderException
from freqtrade.exchange import SimulatedExchange, create_exchange, simulated
from freqtrade.exchange.exchange import Exchange

NOW = datetime(2026, 5, 4, 10, 17, 42, tzinfo=UTC)
CONFIG = {"exchange": {"name": "simulated"}, "dry_run": True, "entry_pricing": {},
          "exit_pricing": {}}


@pytest.fixture
def clock_start():
    return NOW


@pytest.fixture
def exchange(clock):
    return create_exchange(CONFIG)


def test_markets_cover_twenty_usdt_and_some_btc_pairs(exchange):
    usdt = [s for s, m in exchange.markets.items() if m["quote"] == "USDT" and m["active"]]
    btc = [s for s, m in exchange.markets.items() if m["quote"] == "BTC"]
    assert len(usdt) >= 20 and len(btc) >= 3
    market = exchange.markets["BTC/USDT"]
    assert market["precision"]["amount"] > 0 and market["limits"]["cost"]["min"] == 5.0
    assert any(not m["active"] for m in exchange.markets.values())


def test_same_candles_from_two_instances(clock):
    a = SimulatedExchange(CONFIG).fetch_ohlcv("ETH/USDT", "5m", limit=50)
    b = SimulatedExchange(CONFIG).fetch_ohlcv("ETH/USDT", "5m", limit=50)
    assert a == b and len(a) == 50


def test_candles_are_aligned_and_end_with_the_forming_one(exchange):
    candles = exchange.fetch_ohlcv("BTC/USDT", "15m", limit=10)
    assert all(c[0] % (15 * 60000) == 0 for c in candles)
    assert [b[0] - a[0] for a, b in zip(candles, candles[1:], strict=False)] == [900000] * 9
    forming_start = int(datetime(2026, 5, 4, 10, 15, tzinfo=UTC).timestamp() * 1000)
    assert candles[-1][0] == forming_start
    assert candles[-1][4] == pytest.approx(exchange.fetch_ticker("BTC/USDT")["last"])


def test_new_candles_appear_as_time_passes(exchange, clock):
    before = exchange.fetch_ohlcv("SOL/USDT", "1m", limit=3)
    clock.advance(minutes=2)
    after = exchange.fetch_ohlcv("SOL/USDT", "1m", limit=3)
    assert after[-1][0] - before[-1][0] == 120000
    assert before[0] in exchange.get_historic_ohlcv("SOL/USDT", "1m", before[0][0])[:1]


def test_larger_timeframes_aggregate_the_one_minute_candles(exchange):
    hour = exchange.fetch_ohlcv("ETH/USDT", "1h", limit=3)[0]
    minutes = exchange.get_historic_ohlcv("ETH/USDT", "1m", hour[0], hour[0] + 59 * 60000)
    assert len(minutes) == 60
    assert hour[1] == pytest.approx(minutes[0][1])
    assert hour[2] == pytest.approx(max(m[2] for m in minutes))
    assert hour[3] == pytest.approx(min(m[3] for m in minutes))
    assert hour[4] == pytest.approx(minutes[-1][4])
    assert hour[5] == pytest.approx(sum(m[5] for m in minutes))


def test_any_past_range_exists_and_pagination_spans_pages(exchange):
    since = int((NOW - timedelta(days=400)).timestamp() * 1000)
    since -= since % 60000
    until = since + 2500 * 60000
    candles = exchange.get_historic_ohlcv("XRP/USDT", "1m", since, until)
    assert len(candles) == 2501
    assert len({c[0] for c in candles}) == len(candles)


def test_cross_rates_and_spread(exchange):
    eth_btc = exchange.fetch_ticker("ETH/BTC")["last"]
    ratio = exchange.fetch_ticker("ETH/USDT")["last"] / exchange.fetch_ticker("BTC/USDT")["last"]
    assert eth_btc == pytest.approx(ratio, rel=1e-9)
    ticker = exchange.fetch_ticker("ADA/USDT")
    assert ticker["bid"] < ticker["last"] < ticker["ask"]


def test_price_sides(exchange):
    ticker = exchange.fetch_ticker("BTC/USDT")
    assert exchange.get_rate("BTC/USDT", "entry") == ticker["bid"]
    assert exchange.get_rate("BTC/USDT", "exit") == ticker["ask"]
    other = create_exchange({**CONFIG, "entry_pricing": {"price_side": "other"},
                             "exit_pricing": {"price_side": "other"}})
    assert other.get_rate("BTC/USDT", "entry") == ticker["ask"]
    assert other.get_rate("BTC/USDT", "exit") == ticker["bid"]


def test_market_order_fills_across_the_spread_with_fee(exchange):
    ticker = exchange.fetch_ticker("ETH/USDT")
    order = exchange.create_order("ETH/USDT", "market", "buy", 0.5, None)
    assert order["status"] == "closed" and order["average"] == ticker["ask"]
    assert order["fee"]["cost"] == pytest.approx(0.5 * ticker["ask"] * 0.001)
    sell = exchange.create_order("ETH/USDT", "market", "sell", 0.5, None)
    assert sell["average"] == ticker["bid"]


def test_limit_order_fills_only_after_price_crosses(exchange, clock):
    price = exchange.fetch_ticker("BTC/USDT")["bid"] * 0.998
    order = exchange.create_order("BTC/USDT", "limit", "buy", 0.001, price)
    assert order["status"] == "open"
    filled_at = None
    for minute in range(1, 600):
        clock.advance(minutes=1)
        fetched = exchange.fetch_order(order["id"], "BTC/USDT")
        if fetched["status"] == "closed":
            filled_at = minute
            break
    assert filled_at is not None and fetched["average"] == price
    low = min(c[3] for c in exchange.get_historic_ohlcv(
        "BTC/USDT", "1m", order["timestamp"] - order["timestamp"] % 60000))
    assert low <= price


def test_cancel_and_unknown_orders(exchange):
    order = exchange.create_order("BTC/USDT", "limit", "buy", 0.001, 1.0)
    assert exchange.cancel_order(order["id"], "BTC/USDT")["status"] == "canceled"
    with pytest.raises(InvalidOrderException):
        exchange.fetch_order("missing", "BTC/USDT")
    with pytest.raises(InvalidOrderException):
        exchange.create_order("NOPE/USDT", "market", "buy", 1, None)


def test_after_the_database_was_closed_only_the_exchanges_own_orders_are_known(
        exchange, tmp_path, monkeypatch):
    from freqtrade.persistence import Order, close_db, init_db

    init_db(f"sqlite:///{tmp_path / 'closed.sqlite'}")
    close_db()

    def no_database(*args, **kwargs):
        raise AssertionError("a closed database was read")

    monkeypatch.setattr(Order, "order_by_id", no_database)
    with pytest.raises(InvalidOrderException):
        exchange.fetch_order("missing", "BTC/USDT")
    order = exchange.create_order("BTC/USDT", "limit", "buy", 0.001, 1.0)
    assert exchange.fetch_order(order["id"], "BTC/USDT")["id"] == order["id"]


def test_precision_and_minimum_stake(exchange):
    assert exchange.amount_to_precision("BTC/USDT", 0.0012399) == 0.00123
    assert exchange.price_to_precision("ETH/USDT", 3201.23456) == pytest.approx(3201.2)
    assert exchange.get_min_pair_stake_amount("BTC/USDT", 60000, -0.1) == \
        pytest.approx(5.0 / 0.9 * 1.05)


def test_prices_are_the_same_whether_lattice_cells_are_shared_or_hashed_one_by_one():
    minutes = np.arange(29_000_000, 29_000_000 + 5000, dtype=np.int64) * 60.0
    dense = simulated.coin_price("ETH", minutes)
    # a point years away makes the cells sparse: every point is hashed on its own
    sparse = simulated.coin_price("ETH", np.r_[minutes, minutes[-1] + 3e8])[:-1]
    assert np.array_equal(dense, sparse)


@pytest.mark.parametrize("timeframe, count", [("1d", 400), ("1w", 60), ("4h", 1000),
                                              ("5m", 1000), ("1m", 3000)])
def test_long_requests_built_block_by_block_give_the_one_block_candles(monkeypatch, timeframe,
                                                                       count):
    now_ms = int(NOW.timestamp() * 1000) + 123
    start_ms = now_ms - (count - 1) * simulated.timeframe_to_seconds(timeframe) * 1000
    blocks = simulated.synthetic_candles("SOL/USDT", timeframe, start_ms, count, now_ms)
    monkeypatch.setattr(simulated, "BLOCK_MINUTES", 10**9)
    whole = simulated.synthetic_candles("SOL/USDT", timeframe, start_ms, count, now_ms)
    assert len(blocks) == count and blocks == whole


def test_a_year_of_daily_candles_holds_only_a_block_of_minutes_and_keeps_none(exchange):
    simulated._cached_minute_candles.cache_clear()
    since = int((NOW - timedelta(days=365)).timestamp() * 1000)
    tracemalloc.start()
    try:
        candles = exchange.get_historic_ohlcv("BTC/USDT", "1d", since)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(candles) == 365
    # a year of 1m candles is 525,600 rows x 48 bytes (25 MB) before any temporary array
    assert peak < 8 * 2**20
    assert simulated._cached_minute_candles.cache_info().currsize == 0


@pytest.mark.parametrize("pair", ["BTC/USDT", "ETH/BTC", "USDC/USDT", "MOVE/USDT", "NOPE/USDT"])
@pytest.mark.parametrize("days_back, offset_ms", [(400, 0), (30, 1), (3, -1), (-1, 0)])
def test_daily_opens_are_the_opens_of_the_daily_candles(exchange, pair, days_back, offset_ms):
    midnight = int(datetime(2026, 5, 4, tzinfo=UTC).timestamp() * 1000)
    since = midnight - days_back * 86_400_000 + offset_ms
    from_candles = Exchange.get_daily_opens(exchange, pair, since)
    assert exchange.get_daily_opens(pair, since) == from_candles
    assert bool(from_candles) == (pair != "NOPE/USDT" and days_back >= 0)


def _ticker_from_candles(exchange, pair: str) -> dict:
    """A 24h ticker as its definition says: the quote now, one page of hourly candles from 24
    hours ago, the price then (computed here from the vectorised price function)."""
    now_s = float(int(simulated.dt_now().timestamp()))
    day = exchange._fetch_ohlcv_page(pair, "1h", int((now_s - 86400) * 1000), 25)
    mid = float(simulated.pair_price(pair, np.array([now_s]))[0])
    open_ = float(simulated.pair_price(pair, np.array([now_s - 86400]))[0])
    base_volume = sum(c[5] for c in day)
    quote_volume = sum(c[5] * c[4] for c in day)
    return {"last": mid, "open": open_, "high": max(c[2] for c in day),
            "low": min(c[3] for c in day), "baseVolume": base_volume,
            "quoteVolume": quote_volume, "vwap": quote_volume / base_volume}


@pytest.mark.parametrize("step", [{"seconds": 17}, {"minutes": 7}, {"minutes": 43},
                                  {"hours": 1}, {"hours": 30}])
def test_ticker_sweep_equals_the_day_of_candles_as_the_clock_moves(exchange, clock, step):
    """The sweep keeps each pair's completed hours: its tickers still equal the ones
    computed from scratch, exactly, when the forming candle moves or a new hour starts."""
    pairs = ["BTC/USDT", "ETH/BTC", "KMD/USDT", "MOVE/USDT", "BTTC/USDT"]
    for _ in range(4):
        tickers = exchange.get_tickers(cached=False)
        for pair in pairs:
            expected = _ticker_from_candles(exchange, pair)
            assert {key: tickers[pair][key] for key in expected} == expected, pair
            assert tickers[pair]["bid"] < tickers[pair]["last"] < tickers[pair]["ask"]
        clock.advance(**step)


def test_one_price_equals_the_vectorised_price_bit_for_bit():
    seconds = np.linspace(1.5e9, 1.9e9, 2001).round()
    for pair in ["BTC/USDT", "USDC/USDT", "ETH/BTC", "BTTC/USDT", "USDT/USDT"]:
        vector = simulated.pair_price(pair, seconds)
        assert [simulated.pair_price_at(pair, float(s)) for s in seconds] == vector.tolist()
