"""The ccxt adapter against a fake ccxt client: no network is ever touched."""
import ccxt
import pytest

from freqtrade.exceptions import (
    AuthenticationError,
    InsufficientFundsError,
    InvalidOrderException,
    OperationalException,
    TemporaryError,
)
from freqtrade.exchange import CcxtExchange, create_exchange, list_exchanges

MINUTE = 60000


class FakeCcxt:
    name = "Fakex"
    timeframes = {"1m": "1m", "5m": "5m"}

    def __init__(self, failures=0, error=ccxt.NetworkError):
        self.failures = failures
        self.error = error
        self.calls = []

    def _maybe_fail(self):
        if self.failures:
            self.failures -= 1
            raise self.error("boom")

    def load_markets(self):
        self._maybe_fail()
        return {"BTC/USDT": {"symbol": "BTC/USDT", "base": "BTC", "quote": "USDT",
                             "active": True, "precision": {"amount": 0.0001, "price": 0.01},
                             "limits": {"cost": {"min": 10}}}}

    def fetch_ohlcv(self, pair, timeframe, since=None, limit=None):
        self.calls.append((since, limit))
        start = since or 0
        end = 10_000 * MINUTE
        return [[t, 1.0, 2.0, 0.5, 1.5, 10.0]
                for t in range(start, min(start + 500 * MINUTE, end), MINUTE)]

    def fetch_ticker(self, pair):
        return {"symbol": pair, "bid": 99.0, "ask": 101.0, "last": 100.0}

    def fetch_tickers(self):
        return {"BTC/USDT": self.fetch_ticker("BTC/USDT")}

    def create_order(self, *args):
        raise ccxt.InsufficientFunds("no money")

    def fetch_balance(self):
        self._maybe_fail()
        return {"USDT": {"free": 5.0, "used": 1.0, "total": 6.0}, "info": {}}


def make(api, dry_run=True):
    return CcxtExchange({"exchange": {"name": "fakex"}, "dry_run": dry_run}, api=api,
                        sleep=lambda _s: None)


def test_markets_and_tickers():
    exchange = make(FakeCcxt())
    assert list(exchange.markets) == ["BTC/USDT"]
    assert exchange.get_rate("BTC/USDT", "entry") == 99.0
    assert exchange.name == "Fakex"


def test_ohlcv_pagination_uses_since():
    api = FakeCcxt()
    exchange = make(api)
    candles = exchange.get_historic_ohlcv("BTC/USDT", "1m", 0, 1499 * MINUTE)
    assert len(candles) == 1500
    assert [c[0] for c in api.calls] == [0, 500 * MINUTE, 1000 * MINUTE]


def test_network_errors_are_retried_then_succeed():
    api = FakeCcxt(failures=3)
    assert list(make(api).markets) == ["BTC/USDT"]


def test_retries_exhausted_raise_temporary_error():
    api = FakeCcxt(failures=10, error=ccxt.RequestTimeout)
    with pytest.raises(TemporaryError, match="after 4 attempts"):
        make(api).markets  # noqa: B018


def test_authentication_error_is_clear_and_not_retried():
    api = FakeCcxt(failures=1, error=ccxt.AuthenticationError)
    with pytest.raises(AuthenticationError,
                       match=r"exchange.api_key \(or exchange.key\) and exchange.secret"):
        make(api, dry_run=False).get_balances()
    assert api.failures == 0


def test_live_order_errors_are_mapped():
    exchange = make(FakeCcxt(), dry_run=False)
    with pytest.raises(InsufficientFundsError):
        exchange.create_order("BTC/USDT", "limit", "buy", 1.0, 100.0)


def test_dry_run_uses_real_prices_with_simulated_fills():
    order = make(FakeCcxt()).create_order("BTC/USDT", "market", "buy", 0.1, None)
    assert order["status"] == "closed" and order["average"] == 101.0


def test_unknown_exchange_id():
    with pytest.raises(OperationalException, match="not supported by ccxt"):
        create_exchange({"exchange": {"name": "nosuchexchange"}})


def test_list_exchanges_shape():
    entries = list_exchanges()
    assert entries[0]["name"] == "Simulated" and len(entries) > 20
    keys = {"classname", "name", "valid", "supported", "comment", "comment_futures", "dex",
            "is_alias", "alias_for", "trade_modes"}
    assert all(set(e) == keys for e in entries)
    assert any(e["classname"] == "binance" and e["supported"] for e in entries)


class OrderBookCcxt(FakeCcxt):
    """Knows one order; ``hidden`` first lookups answer OrderNotFound."""

    def __init__(self, hidden=0, has_fetch_order=True):
        super().__init__()
        self.hidden = hidden
        self.lookups: list[str] = []
        self.has = {"fetchOrder": has_fetch_order}
        self.order = {"id": "42", "symbol": "BTC/USDT", "status": "open", "filled": 0.0}

    def _lookup(self, kind, order_id):
        self.lookups.append(kind)
        if self.hidden or order_id != "42":
            self.hidden = max(0, self.hidden - 1)
            raise ccxt.OrderNotFound(f"{kind}: no order {order_id}")
        return dict(self.order)

    def fetch_order(self, order_id, pair):
        return self._lookup("order", order_id)

    def fetch_open_order(self, order_id, pair):
        raise ccxt.OrderNotFound("not open")

    def fetch_closed_order(self, order_id, pair):
        return self._lookup("closed", order_id)


def _live(api, pauses):
    return CcxtExchange({"exchange": {"name": "fakex"}, "dry_run": False}, api=api,
                        sleep=pauses.append)


def test_live_order_is_read_by_id_asking_again_while_not_found():
    pauses: list[float] = []
    api = OrderBookCcxt(hidden=2)
    assert _live(api, pauses).fetch_order("42", "BTC/USDT")["status"] == "open"
    assert api.lookups == ["order"] * 3 and pauses == [1, 2]


def test_an_order_the_exchange_never_finds_is_an_invalid_order_after_growing_pauses():
    pauses: list[float] = []
    with pytest.raises(InvalidOrderException, match="fetch order 7"):
        _live(OrderBookCcxt(), pauses).fetch_order("7", "BTC/USDT")
    assert pauses == [1, 2, 5, 10, 17]


def test_without_fetch_order_the_open_then_the_closed_orders_are_asked():
    api = OrderBookCcxt(has_fetch_order=False)
    assert _live(api, []).fetch_order("42", "BTC/USDT")["id"] == "42"
    assert api.lookups == ["closed"]
