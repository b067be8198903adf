"""``fiat_display_currency``: CoinGecko rates in the API's ``*_fiat`` fields.

A real bot on the simulated market answers over the real app (Starlette TestClient); CoinGecko
is a local HTTP server (``tests/fake_coingecko.py``) the converter is pointed at with
``coingecko.api_url``. Trades are made through the API; the clock is the bot's frozen clock.
"""
from __future__ import annotations

import logging
import socket
import time
import warnings
from collections.abc import Iterator

import pytest

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.configuration import build_config
from freqtrade.enums import RunMode
from freqtrade.exceptions import ConfigurationError
from freqtrade.rpc.fiat_convert import CoinGeckoClient, CryptoToFiatConverter
from freqtrade.rpc.rpc import RPC
from tests.fake_coingecko import FakeCoinGecko
from tests.live_bot import free_port

EUR_PER_USDT = 0.9
AUTH = ("fiat-user", "fiat-password-123")
CONVERTER_LOG = "freqtrade.rpc.fiat_convert"
FIELD_PATHS = ("profit", "balance", "daily?timescale=3", "weekly", "monthly", "status")


@pytest.fixture
def gecko() -> Iterator[FakeCoinGecko]:
    with FakeCoinGecko() as fake:
        yield fake


@pytest.fixture
def make_client(make_bot):
    """A TestClient over the bot's real API; ``fiat`` and ``api_url`` go into the config."""
    with warnings.catch_warnings():  # Starlette warns at import that it prefers httpx2
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    clients = []

    def build(fiat: str | None = "EUR", api_url: str = "http://127.0.0.1:9/api/v3"):
        overrides = {"coingecko": {"api_url": api_url, "api_key": "", "is_demo": True},
                     "api_server": {"enabled": True, "username": AUTH[0],
                                    "password": AUTH[1], "jwt_secret_key": "k" * 40}}
        if fiat is not None:
            overrides["fiat_display_currency"] = fiat
        bot = make_bot(**overrides)
        client = TestClient(create_app(ApiContext(bot.config, RunMode.DRY_RUN, RPC(bot))))
        client.auth = AUTH
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


def get(client, path: str):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 200, response.text
    return response.json()


def make_trades(client, clock) -> None:
    """Two trades closed a day apart, one still open."""
    for pair, exit_it in (("BTC/USDT", True), ("ETH/USDT", True), ("SOL/USDT", False)):
        entered = client.post("/api/v1/forceenter", json={"pair": pair, "ordertype": "market"})
        assert entered.status_code == 200, entered.text
        clock.advance(hours=20)
        if exit_it:
            exited = client.post("/api/v1/forceexit", json={
                "tradeid": str(entered.json()["trade_id"]), "ordertype": "market"})
            assert exited.status_code == 200, exited.text


def converter_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == CONVERTER_LOG and r.levelno >= logging.WARNING]


def assert_fiat_fields(client, rate: float) -> None:
    """Every fiat field is its stake-currency field times ``rate``."""
    profit = get(client, "profit")
    assert profit["profit_closed_coin"] != 0
    assert profit["profit_closed_fiat"] == profit["profit_closed_coin"] * rate
    assert profit["profit_all_fiat"] == profit["profit_all_coin"] * rate
    assert get(client, "profit_all")["all"]["profit_all_fiat"] == profit["profit_all_fiat"]
    balance = get(client, "balance")
    assert balance["symbol"] == "EUR"
    assert balance["value"] == balance["total"] * rate
    assert balance["value_bot"] == balance["total_bot"] * rate
    assert balance["starting_capital_fiat"] == balance["starting_capital"] * rate
    ratio = balance["value_bot"] / balance["starting_capital_fiat"] - 1 if rate else 0.0
    assert balance["starting_capital_fiat_ratio"] == ratio
    assert balance["starting_capital_fiat_pct"] == round(ratio * 100, 2)
    for path in ("daily?timescale=3", "weekly?timescale=2", "monthly?timescale=2"):
        body = get(client, path)
        assert body["fiat_display_currency"] == "EUR"
        assert any(row["abs_profit"] for row in body["data"])
        assert [row["fiat_value"] for row in body["data"]] == \
            [row["abs_profit"] * rate for row in body["data"]]
    (open_trade,) = get(client, "status")
    assert open_trade["profit_fiat"] == open_trade["profit_abs"] * rate
    assert open_trade["total_profit_fiat"] == open_trade["total_profit_abs"] * rate
    closed = get(client, "trade/1")
    assert closed["is_open"] is False
    assert closed["profit_fiat"] == closed["profit_abs"] * rate
    # closed-trade history carries no fiat value (as freqtrade's /trades)
    assert {t["profit_fiat"] for t in get(client, "trades")["trades"]} == {None}


def test_coingecko_rate_fills_every_fiat_field(make_client, gecko, clock):
    client = make_client(api_url=gecko.url)
    make_trades(client, clock)
    assert_fiat_fields(client, EUR_PER_USDT)
    # the coin meant by a symbol several CoinGecko coins share is the exchange's one
    prices = [query for path, query, _ in gecko.calls if path == "simple/price"]
    assert prices and all(q == {"ids": "tether", "vs_currencies": "eur"} for q in prices)


def test_one_coingecko_call_serves_many_requests_for_six_hours(make_client, gecko, clock):
    client = make_client(api_url=gecko.url)
    get(client, "balance")  # served by the rate fetched at start-up (or waits for it)
    assert (gecko.count("coins/list"), gecko.count("simple/price")) == (1, 1)
    make_trades(client, clock)  # 60 hours: that rate has expired
    get(client, "profit")
    assert (gecko.count("coins/list"), gecko.count("simple/price")) == (1, 2)
    for _ in range(5):
        for path in FIELD_PATHS:
            get(client, path)
    assert (gecko.count("coins/list"), gecko.count("simple/price")) == (1, 2)
    clock.advance(hours=5, minutes=59)
    get(client, "balance")
    assert gecko.count("simple/price") == 2
    clock.advance(minutes=2)
    gecko.prices = {"tether": {"eur": 0.8}}
    assert_fiat_fields(client, 0.8)
    assert (gecko.count("coins/list"), gecko.count("simple/price")) == (1, 3)


def test_offline_coingecko_gives_zero_fiat_values_and_one_warning(make_client, clock, caplog):
    caplog.set_level(logging.INFO)
    client = make_client(api_url=f"http://127.0.0.1:{free_port()}/api/v3")
    make_trades(client, clock)
    started = time.monotonic()
    for _ in range(3):
        assert_fiat_fields(client, 0.0)
        clock.advance(seconds=90)  # past the retry delay: each round tries again
    assert time.monotonic() - started < 20
    (warning,) = converter_warnings(caplog)
    assert "CoinGecko is unreachable" in warning and "fiat values read 0" in warning


@pytest.mark.parametrize("path, body", [
    ("simple/price", b"<html>Service temporarily unavailable</html>"),
    ("simple/price", b'{"tether": {"usd": 1.0}}'),
    ("simple/price", b'{"tether": "cheap"}'),
    ("coins/list", b'{"status": {"error_code": 10002, "error_message": "key missing"}}'),
    ("coins/list", b'[{"name": "no id, no symbol"}]'),
])
def test_bad_coingecko_answer_gives_zero_fiat_values(make_client, gecko, clock, caplog,
                                                     path, body):
    gecko.raw[path] = body
    client = make_client(api_url=gecko.url)
    make_trades(client, clock)
    assert_fiat_fields(client, 0.0)
    clock.advance(seconds=90)  # retried: still no rate, no second warning
    assert_fiat_fields(client, 0.0)
    assert len(converter_warnings(caplog)) == 1


@pytest.mark.parametrize("status", [429, 503])
def test_refusals_are_retried_after_a_minute_then_rates_return(make_client, gecko, clock,
                                                               caplog, status):
    caplog.set_level(logging.INFO)
    gecko.status = status
    client = make_client(api_url=gecko.url)
    make_trades(client, clock)
    assert get(client, "profit")["profit_closed_fiat"] == 0.0
    calls = len(gecko.calls)
    gecko.status = 200
    clock.advance(seconds=30)
    assert get(client, "profit")["profit_closed_fiat"] == 0.0
    assert len(gecko.calls) == calls  # nothing asked inside the retry delay
    clock.advance(seconds=31)
    assert_fiat_fields(client, EUR_PER_USDT)
    assert len(converter_warnings(caplog)) == 1
    assert any("answers again" in r.getMessage() for r in caplog.records
               if r.name == CONVERTER_LOG)


def test_without_fiat_display_currency_answers_freqtrades_defaults(make_client, gecko, clock):
    client = make_client(fiat=None, api_url=gecko.url)
    make_trades(client, clock)
    # an unfilled limit entry: freqtrade reports its profit_fiat as 0.0 even without a currency
    waiting = client.post("/api/v1/forceenter", json={"pair": "XRP/USDT", "ordertype": "limit",
                                                      "price": 0.01})
    assert waiting.status_code == 200, waiting.text
    profit = get(client, "profit")
    assert (profit["profit_closed_fiat"], profit["profit_all_fiat"]) == (0.0, 0.0)
    balance = get(client, "balance")
    assert balance["symbol"] == "" and balance["value"] == balance["value_bot"] == 0.0
    assert balance["starting_capital_fiat"] == balance["starting_capital_fiat_ratio"] == 0.0
    daily = get(client, "daily?timescale=3")
    assert daily["fiat_display_currency"] == ""
    assert {row["fiat_value"] for row in daily["data"]} == {0.0}
    status = {t["pair"]: t for t in get(client, "status")}
    assert status["SOL/USDT"]["profit_fiat"] is None
    assert status["SOL/USDT"]["total_profit_fiat"] is None
    assert status["XRP/USDT"]["nr_of_successful_entries"] == 0
    assert status["XRP/USDT"]["profit_fiat"] == 0.0
    assert status["XRP/USDT"]["total_profit_fiat"] is None
    assert gecko.calls == []


def test_stake_currency_equal_to_fiat_needs_no_rate(gecko):
    converter = CryptoToFiatConverter(CoinGeckoClient(gecko.url))
    assert converter.convert_amount(2.5, "BTC", "BTC") == 2.5
    assert gecko.calls == []


def test_usd_stake_is_priced_through_the_fiat_in_usd(gecko):
    # CoinGecko's "usd" symbol is a token, so 1 USD = 1 / (price of the fiat coin in usd)
    gecko.coins = [{"id": "stasis-eurs", "symbol": "eur", "name": "EUR coin"}]
    gecko.prices = {"stasis-eurs": {"usd": 1.25}}
    converter = CryptoToFiatConverter(CoinGeckoClient(gecko.url))
    assert converter.convert_amount(10, "USD", "EUR") == 10 * (1 / 1.25)
    assert gecko.calls[-1][1] == {"ids": "stasis-eurs", "vs_currencies": "usd"}


def test_symbols_coingecko_cannot_tell_apart_read_zero_with_one_warning(gecko, caplog):
    gecko.coins = [*gecko.coins, {"id": "abc-one", "symbol": "abc", "name": "One"},
                   {"id": "abc-two", "symbol": "ABC", "name": "Two"}]
    converter = CryptoToFiatConverter(CoinGeckoClient(gecko.url))
    for _ in range(3):
        assert converter.convert_amount(5, "ABC", "EUR") == 0.0
        assert converter.convert_amount(5, "NOTLISTED", "EUR") == 0.0
    assert gecko.count("simple/price") == 0 and gecko.count("coins/list") == 1
    several, unlisted = converter_warnings(caplog)
    assert "Several CoinGecko coins use the symbol ABC (abc-one, abc-two)" in several
    assert "CoinGecko lists no coin NOTLISTED" in unlisted


@pytest.mark.parametrize("is_demo, header", [(True, "x-cg-demo-api-key"),
                                             (False, "x-cg-pro-api-key")])
def test_api_key_travels_in_a_header_not_the_url(gecko, is_demo, header):
    converter = CryptoToFiatConverter(CoinGeckoClient(gecko.url, "my-key", is_demo))
    assert converter.get_price("BTC", "EUR") == 50000.0
    for _, query, headers in gecko.calls:
        assert headers[header] == "my-key" and "my-key" not in str(query)


def test_a_silent_coingecko_costs_one_bounded_wait(caplog):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v3"
        converter = CryptoToFiatConverter(CoinGeckoClient(url, timeout=(0.5, 0.5)))
        started = time.monotonic()
        assert converter.get_price("USDT", "EUR") == 0.0
        assert converter.get_price("USDT", "EUR") == 0.0
        assert time.monotonic() - started < 3
    assert len(converter_warnings(caplog)) == 1


def test_unsupported_fiat_display_currency_is_one_config_line(tmp_path):
    with pytest.raises(ConfigurationError) as failure:
        build_config([], {"db_url": f"sqlite:///{tmp_path / 'x.sqlite'}"},
                     environ={"FREQTRADE__FIAT_DISPLAY_CURRENCY": "XYZ"})
    lines = [e for e in failure.value.errors if e.startswith("fiat_display_currency")]
    assert len(lines) == 1 and lines[0].startswith("fiat_display_currency: must be one of AUD")


REFERENCE_CONVERTER = """
import json, sys
import pycoingecko.api
from freqtrade.rpc.fiat_convert import CryptoToFiatConverter

# freqtrade's CoinGecko client, pointed at the local server instead of api.coingecko.com
pycoingecko.api.CoinGeckoAPI._CoinGeckoAPI__API_URL_BASE = sys.argv[1] + "/"
converter = CryptoToFiatConverter({})
print(json.dumps([converter.convert_amount(*case) for case in json.loads(sys.argv[2])]))
"""


def test_conversions_equal_freqtrades_on_the_same_coingecko_answers(gecko, tmp_path):
    import json
    import subprocess

    from tests.reference import require_python

    gecko.coins = [*gecko.coins, {"id": "stasis-eurs", "symbol": "eur", "name": "EUR coin"},
                   {"id": "abc-one", "symbol": "abc", "name": "One"},
                   {"id": "abc-two", "symbol": "abc", "name": "Two"},
                   {"id": "solo", "symbol": "solo", "name": "Solo"}]
    gecko.prices = {**gecko.prices, "stasis-eurs": {"usd": 1.25}, "solo": {"eur": 0.37},
                    "ethereum": {"eur": 2500.5}}
    cases = [(10, "USDT", "EUR"), (-3.5, "BTC", "USD"), (2, "BTC", "BTC"), (10, "USD", "EUR"),
             (5, "ABC", "EUR"), (5, "NOTLISTED", "EUR"), (4, "ETH", "EUR"), (1, "usdt", "eur"),
             (7, "EUR", "EUR"), (12, "SOLO", "EUR"), (3, "SOLO", "USD")]
    reference = subprocess.run(
        [str(require_python()), "-c", REFERENCE_CONVERTER, gecko.url, json.dumps(cases)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert reference.returncode == 0, reference.stderr
    expected = json.loads(reference.stdout.strip().splitlines()[-1])
    ours = CryptoToFiatConverter(CoinGeckoClient(gecko.url))
    assert [ours.convert_amount(*case) for case in cases] == expected
    assert expected[0] == 10 * 0.9 and expected[4] == 0.0  # the comparison compares values
