"""Hostile or out-of-range input gets a clear 4xx (or the 502 of a refused bot command), never
a 500: integers the database cannot bind, numbers past Python's digit limit, deep JSON,
unrenderable echoed inputs, dates past year 9999, bad timeframes, infinite stakes, a short
balance and a ``stoploss = -1`` strategy; blacklist entries that would freeze the process are
refused per entry. One real bot (SQLite file, strategy file, hypercorn)
serves the whole module.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from freqtrade.commands.userdir_commands import create_userdir
from tests.e2e.conftest import write_config
from tests.live_bot import LiveBot, running_bot
from tests.postgres_server import DATABASES, fresh_database
from tests.strategy_files import minimal_strategy, write_strategy

HUGE = "9" * 23
INT64_OVERFLOW = str(2**63)


@pytest.fixture(scope="module", params=DATABASES)
def bot(request, tmp_path_factory, free_port) -> Iterator[LiveBot]:
    """A dry-run bot whose strategy has ``stoploss = -1`` (no stoploss at all), once on a
    SQLite file and once on PostgreSQL (whose integer columns are 32 bits wide)."""
    tmp = tmp_path_factory.mktemp("badinput")
    create_userdir(tmp / "user_data")
    write_strategy(tmp / "user_data", "no_stop.py",
                   minimal_strategy("NoStopStrategy", timeframe="1m", roi=100.0, stoploss=-1))
    with fresh_database(request, request.param, tmp) as url:
        config_file = write_config(tmp, free_port(), url)
        config = json.loads(config_file.read_text())
        config["strategy"] = "NoStopStrategy"
        config_file.write_text(json.dumps(config))
        with running_bot(config_file) as live:
            yield live


def _raw_post(bot: LiveBot, path: str, body: str) -> requests.Response:
    return requests.post(f"{bot.base_url}/api/v1/{path}", data=body.encode(), auth=bot.auth,
                         headers={"content-type": "application/json"}, timeout=30)


def _types(response: requests.Response) -> list[str]:
    return [item["type"] for item in response.json()["detail"]]


@pytest.mark.parametrize(("method", "path"), [
    ("GET", f"trade/{HUGE}"),
    ("DELETE", f"trades/{HUGE}"),
    ("DELETE", f"trades/{HUGE}/open-order"),
    ("POST", f"trades/{HUGE}/reload"),
    ("GET", f"trades/{HUGE}/custom-data"),
    ("DELETE", f"locks/{HUGE}"),
    ("GET", f"trades?offset={INT64_OVERFLOW}"),
    ("GET", f"trades?limit={INT64_OVERFLOW}"),
])
def test_ids_and_offsets_beyond_64_bits_in_the_url_are_422(bot, method, path):
    response = requests.request(method, f"{bot.base_url}/api/v1/{path}", auth=bot.auth,
                                timeout=30)
    assert response.status_code == 422
    assert _types(response) == ["less_than_equal"]
    assert response.json()["detail"][0]["ctx"] == {"le": 2**63 - 1}


PAST_32_BITS = 2**31 + 5  # fits the API's 64-bit ids, not PostgreSQL's INTEGER id columns


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", f"trade/{PAST_32_BITS}", 404),
    ("GET", f"trade/-{PAST_32_BITS}", 404),
    ("DELETE", f"trades/{PAST_32_BITS}", 502),
    ("DELETE", f"trades/{PAST_32_BITS}/open-order", 502),
    ("POST", f"trades/{PAST_32_BITS}/reload", 502),
    ("GET", f"trades/{PAST_32_BITS}/custom-data", 404),
    ("DELETE", f"locks/{PAST_32_BITS}", 200),
])
def test_ids_past_32_bits_are_unknown_ids_on_every_database(bot, method, path, status):
    response = requests.request(method, f"{bot.base_url}/api/v1/{path}", auth=bot.auth,
                                timeout=30)
    assert response.status_code == status, response.text
    if status == 200:
        assert response.json()["lock_count"] == 0


def test_ids_past_32_bits_in_bodies_are_unknown_ids_on_every_database(bot):
    assert bot.post("locks/delete", {"lockid": PAST_32_BITS}).json()["lock_count"] == 0
    refused = bot.post("forceexit", {"tradeid": PAST_32_BITS})
    assert refused.status_code == 502 and "invalid argument" in refused.json()["error"]


def test_lock_id_beyond_64_bits_in_the_body_is_422(bot):
    response = _raw_post(bot, "locks/delete", f'{{"lockid": {HUGE}}}')
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "lockid"]
    assert response.json()["detail"][0]["input"] == int(HUGE)


def test_forceexit_trade_id_beyond_64_bits_is_422_as_number_and_502_as_text(bot):
    as_number = _raw_post(bot, "forceexit", f'{{"tradeid": {HUGE}}}')
    assert as_number.status_code == 422
    assert "less_than_equal" in _types(as_number)
    as_text = bot.post("forceexit", json={"tradeid": HUGE})
    assert as_text.status_code == 502
    assert as_text.json() == {"error": "Error querying /api/v1/forceexit: invalid argument"}


def test_integer_past_the_digit_limit_in_a_query_is_422(bot):
    response = bot.get("logs", params={"limit": "9" * 5000})
    assert response.status_code == 422
    assert _types(response) == ["int_parsing_size"]


def test_integer_past_the_digit_limit_in_a_body_is_400(bot):
    response = _raw_post(bot, "forceenter", '{"pair": ' + "9" * 5000 + "}")
    assert response.status_code == 400
    assert response.json() == {"detail": "There was an error parsing the body"}


def test_deeply_nested_json_body_is_400(bot):
    response = _raw_post(bot, "forceenter", "[" * 5000 + "]" * 5000)
    assert response.status_code == 400
    assert response.json() == {"detail": "There was an error parsing the body"}


@pytest.mark.parametrize(("body", "echoed"), [
    ('{"pair": "BTC/USDT", "side": "\\ud800"}', "\ud800"),
    ('{"pair": "BTC/USDT", "side": ' + HUGE + "}", int(HUGE)),
    ('{"pair": "BTC/USDT", "side": ' + "9" * 4000 + "}", int("9" * 4000)),
])
def test_422_echoes_inputs_utf8_or_orjson_cannot_write(bot, body, echoed):
    response = _raw_post(bot, "forceenter", body)
    assert response.status_code == 422
    assert response.json()["detail"][-1]["input"] == echoed


@pytest.mark.parametrize("until", ["10000-01-01T00:00:00Z", 1e20, "9999-12-31T23:59:00Z"])
def test_lock_until_past_year_9999_is_422(bot, until):
    response = bot.post("locks", json=[{"pair": "BTC/USDT", "until": until}])
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", 0, "until"]
    assert bot.get("locks").json()["lock_count"] == 0


@pytest.mark.parametrize("timeframe", ["7x", "", "0m", "m", "+5m", " 5m", "5m\n", "\u0665m"])
def test_invalid_timeframe_on_pair_candles_is_422(bot, timeframe):
    got = bot.get("pair_candles", params={"pair": "BTC/USDT", "timeframe": timeframe})
    posted = bot.post("pair_candles", json={"pair": "BTC/USDT", "timeframe": timeframe})
    for response, where in ((got, "query"), (posted, "body")):
        assert response.status_code == 422
        assert response.json()["detail"] == [{
            "type": "timeframe", "loc": [where, "timeframe"],
            "msg": f"Invalid timeframe '{timeframe}'", "input": timeframe,
            "ctx": {"timeframe": timeframe}}]


def test_a_boolean_is_not_a_trade_id(bot):
    def open_ids() -> list[int]:
        return [trade["trade_id"] for trade in bot.get("status").json()]

    before = open_ids()
    response = bot.post("forceexit", {"tradeid": True})  # lax JSON reading: trade 1
    assert response.status_code == 422
    assert _types(response) == ["id_boolean"]
    assert open_ids() == before


def test_a_boolean_is_not_a_lock_id(bot):
    bot.post("locks", [{"pair": "XRP/USDT", "until": "2031-01-01T00:00:00Z"}])
    response = bot.post("locks/delete", {"lockid": False})
    assert response.status_code == 422
    assert _types(response) == ["id_boolean"]
    locks = bot.get("locks").json()["locks"]
    assert any(lock["pair"] == "XRP/USDT" for lock in locks)
    for lock in locks:
        assert bot.delete(f"locks/{lock['id']}").status_code == 200


def test_valid_timeframe_on_pair_candles_still_answers(bot):
    assert bot.get("pair_candles", params={"pair": "BTC/USDT", "timeframe": "1m"}
                   ).status_code == 200


def test_infinite_stake_amount_is_422(bot):
    response = _raw_post(bot, "forceenter", '{"pair": "BTC/USDT", "stakeamount": 1e400}')
    assert response.status_code == 422
    assert _types(response) == ["finite_number"]


def test_force_entry_price_below_the_price_precision_is_502(bot):
    response = bot.post("forceenter", json={"pair": "ADA/USDT", "price": 1e-300})
    assert response.status_code == 502
    assert response.json() == {"error": "Error querying /api/v1/forceenter: Price 1e-300 is "
                                        "below the price precision of ADA/USDT."}


def test_force_exit_price_below_the_price_precision_is_502_and_keeps_the_trade(bot):
    trade_id = bot.post("forceenter", json={"pair": "ADA/USDT"}).json()["trade_id"]
    response = bot.post("forceexit", json={"tradeid": trade_id, "price": 1e-300})
    assert response.status_code == 502
    assert response.json() == {"error": "Error querying /api/v1/forceexit: Price 1e-300 is "
                                        "below the price precision of ADA/USDT."}
    assert bot.get(f"trade/{trade_id}").json()["is_open"] is True
    assert bot.post("forceexit", json={"tradeid": trade_id, "ordertype": "market"}
                    ).status_code == 200


def test_force_entry_with_a_stoploss_of_minus_one_opens_the_trade(bot):
    assert bot.bot.strategy.stoploss == -1
    response = bot.post("forceenter", json={"pair": "BTC/USDT", "stakeamount": 50})
    assert response.status_code == 200, response.text
    assert response.json()["pair"] == "BTC/USDT"
    assert response.json()["is_open"] is True
    trade_id = response.json()["trade_id"]
    for path in (f"trade/{trade_id}", "status", "profit", "performance", "count"):
        assert bot.get(path).status_code == 200, path


def test_force_entry_beyond_the_balance_is_502(bot):
    assert bot.post("forceenter", json={"pair": "ETH/USDT", "stakeamount": 100000}
                    ).status_code == 400  # more than is left: refused
    assert bot.post("forceenter", json={"pair": "ETH/USDT", "stakeamount": 100000,
                                        "stake_all_available": True}
                    ).status_code == 200  # asked for: takes what is left
    response = bot.post("forceenter", json={"pair": "SOL/USDT"})  # the configured 50
    assert response.status_code == 502
    error = response.json()["error"]
    assert error.startswith("Error querying /api/v1/forceenter: Available balance")
    assert [t["pair"] for t in bot.get("status").json()] == ["BTC/USDT", "ETH/USDT"]



def test_blacklist_refuses_freezing_and_oversized_entries_per_entry(bot):
    evil, long_entry = "(?=DOGE)(.*.*.*.*)*!", "X" * 101
    response = bot.post("blacklist", json={"blacklist": [evil, long_entry, "XRP/.*"]})
    assert response.status_code == 200
    answer = response.json()
    assert answer["errors"] == {
        evil: {"error_msg": f"Pair {evil} is not a valid wildcard: lookahead/lookbehind are "
                            "not supported."},
        long_entry: {"error_msg": "Entry is longer than 100 characters."}}
    assert answer["blacklist"] == ["DOGE/USDT", "XRP/.*"]
    assert "XRP/USDT" in answer["blacklist_expanded"]
    assert requests.get(f"{bot.base_url}/api/v1/ping", timeout=10).status_code == 200
    removed = bot.delete("blacklist", params={"pairs_to_delete": ["XRP/.*"]})
    assert removed.json()["blacklist"] == ["DOGE/USDT"]
