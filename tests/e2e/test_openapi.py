"""The OpenAPI document against the real server: complete, and true to what the wire carries.

Every documented operation is called on a live bot with trades in it, and its answer is checked
against the document's response schema (required fields present, JSON types right). A route
added without a description, a response declaration or an entry in ``REQUESTS`` fails here.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from freqtrade.api.routes import api_routes

SKIP_CHECK = {("get", "/api/v1/edge"),  # always a 502: documented as an empty list
              ("head", "/api/v1/ping")}  # no body


@pytest.fixture(scope="module")
def document(live_bot) -> dict[str, Any]:
    response = requests.get(f"{live_bot.base_url}/openapi.json", timeout=10)
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def ids(live_bot) -> dict[str, int]:
    """An open trade with custom data, one to close, one to delete, one with an open exit."""
    made = {}
    for name, pair in (("open", "BTC/USDT"), ("closed", "ETH/USDT"), ("delete", "ADA/USDT"),
                       ("pending", "SOL/USDT")):
        body = live_bot.post("forceenter", {"pair": pair, "ordertype": "market"}).json()
        made[name] = body["trade_id"]
    assert live_bot.post("forceexit", {"tradeid": made["closed"]}).status_code == 200
    from freqtrade.persistence.custom_data import set_custom_data

    with live_bot.bot.lock:
        set_custom_data(made["open"], "note", {"why": "test"})
    status = {t["trade_id"]: t for t in live_bot.get("status").json()}
    price = status[made["pending"]]["current_rate"] * 10
    assert live_bot.post("forceexit", {"tradeid": made["pending"], "ordertype": "limit",
                                       "price": price}).status_code == 200
    assert live_bot.post("locks", [{"pair": "XRP/USDT", "until": "2031-01-01T00:00:00Z",
                                    "reason": "doc"}]).status_code == 200
    return made


def requests_for(ids: dict[str, int]) -> dict[tuple[str, str], tuple[str, dict]]:
    """(method, documented path) -> (url path, request kwargs), state-changing ones last."""
    candle = {"pair": "BTC/USDT", "timeframe": "1m"}
    return {
        ("get", "/api/v1/ping"): ("ping", {}),
        ("head", "/api/v1/ping"): ("ping", {}),
        ("post", "/api/v1/token/login"): ("token/login", {}),
        ("post", "/api/v1/token/refresh"): ("token/refresh", {"refresh": True}),
        ("post", "/api/v1/token/logout"): ("token/logout", {"refresh": True}),  # after refresh
        ("get", "/api/v1/version"): ("version", {}),
        ("get", "/api/v1/show_config"): ("show_config", {}),
        ("get", "/api/v1/logs"): ("logs", {"params": {"limit": 3}}),
        ("get", "/api/v1/sysinfo"): ("sysinfo", {}),
        ("get", "/api/v1/health"): ("health", {}),
        ("get", "/api/v1/strategy/{strategy}"): ("strategy/SampleStrategy", {}),
        ("get", "/api/v1/plot_config"): ("plot_config", {}),
        ("get", "/api/v1/markets"): ("markets", {"params": {"quote": "BTC"}}),
        ("get", "/api/v1/balance"): ("balance", {}),
        ("get", "/api/v1/count"): ("count", {}),
        ("get", "/api/v1/entries"): ("entries", {}),
        ("get", "/api/v1/exits"): ("exits", {}),
        ("get", "/api/v1/mix_tags"): ("mix_tags", {}),
        ("get", "/api/v1/performance"): ("performance", {}),
        ("get", "/api/v1/profit"): ("profit", {}),
        ("get", "/api/v1/profit_all"): ("profit_all", {}),
        ("get", "/api/v1/stats"): ("stats", {}),
        ("get", "/api/v1/historic_balance"): ("historic_balance", {}),
        ("get", "/api/v1/daily"): ("daily", {}),
        ("get", "/api/v1/weekly"): ("weekly", {}),
        ("get", "/api/v1/monthly"): ("monthly", {}),
        ("get", "/api/v1/status"): ("status", {}),
        ("get", "/api/v1/trades"): ("trades", {}),
        ("get", "/api/v1/trade/{tradeid}"): (f"trade/{ids['open']}", {}),
        ("get", "/api/v1/trades/open/custom-data"): ("trades/open/custom-data", {}),
        ("get", "/api/v1/trades/{trade_id}/custom-data"):
            (f"trades/{ids['open']}/custom-data", {}),
        ("get", "/api/v1/whitelist"): ("whitelist", {}),
        ("get", "/api/v1/blacklist"): ("blacklist", {}),
        ("get", "/api/v1/locks"): ("locks", {}),
        ("get", "/api/v1/pair_candles"): ("pair_candles", {"params": candle}),
        ("post", "/api/v1/pair_candles"): ("pair_candles", {"json": candle}),
        ("get", "/api/v1/pair_history"): ("pair_history", {"params": {
            **candle, "timerange": "20260101-", "strategy": "SampleStrategy"}, "status": 502}),
        ("post", "/api/v1/pair_history"): ("pair_history", {"json": {
            **candle, "timerange": "20260101-"}, "status": 502}),
        ("get", "/api/v1/available_pairs"): ("available_pairs", {}),
        ("get", "/api/v1/strategies"): ("strategies", {}),
        ("get", "/api/v1/exchanges"): ("exchanges", {}),
        ("get", "/api/v1/edge"): ("edge", {"status": 502}),
        ("get", "/api/v1/audit"): ("audit", {"params": {"limit": 5}}),
        ("post", "/api/v1/blacklist"): ("blacklist", {"json": {"blacklist": ["LTC/USDT"]}}),
        ("delete", "/api/v1/blacklist"): ("blacklist",
                                          {"params": {"pairs_to_delete": "LTC/USDT"}}),
        ("post", "/api/v1/locks"): ("locks", {"json": [
            {"pair": "LTC/USDT", "until": "2031-01-01T00:00:00+00:00"}]}),
        ("post", "/api/v1/locks/delete"): ("locks/delete", {"json": {"pair": "LTC/USDT"}}),
        ("delete", "/api/v1/locks/{lockid}"): ("locks/1", {}),
        ("post", "/api/v1/trades/{tradeid}/reload"): (f"trades/{ids['open']}/reload", {}),
        ("delete", "/api/v1/trades/{tradeid}/open-order"):
            (f"trades/{ids['pending']}/open-order", {}),
        ("delete", "/api/v1/trades/{tradeid}"): (f"trades/{ids['delete']}", {}),
        ("post", "/api/v1/forceenter"): ("forceenter", {"json": {"pair": "BTC/USDT"},
                                                        "status": 502}),
        ("post", "/api/v1/forcebuy"): ("forcebuy", {"json": {"pair": "DOT/USDT"}}),
        ("post", "/api/v1/forceexit"): ("forceexit", {"json": {"tradeid": ids["open"]}}),
        ("post", "/api/v1/forcesell"): ("forcesell", {"json": {"tradeid": "all"}}),
        ("post", "/api/v1/pause"): ("pause", {}),
        ("post", "/api/v1/stopentry"): ("stopentry", {}),
        ("post", "/api/v1/stopbuy"): ("stopbuy", {}),
        ("post", "/api/v1/start"): ("start", {}),
        ("post", "/api/v1/stop"): ("stop", {}),
        ("post", "/api/v1/reload_config"): ("reload_config", {}),
    }


def schema_errors(schema: dict, value: Any, doc: dict, where: str) -> list[str]:
    """A small JSON-schema check: $ref, anyOf, type, required, properties, items, enum."""
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        options = [schema_errors(option, value, doc, where) for option in schema["anyOf"]]
        return [] if any(not errs for errs in options) else [
            f"{where}: {value!r:.60} matches none of {len(options)} options: {options}"]
    kind = schema.get("type")
    checks = {"integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
              "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
              "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
              "null": lambda v: v is None}
    if kind is not None and not checks[kind](value):
        return [f"{where}: expected {kind}, got {type(value).__name__} {value!r:.60}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    errors: list[str] = []
    if kind == "object":
        errors += [f"{where}: documented field {key!r} missing from the answer"
                   for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += schema_errors(sub, value[key], doc, f"{where}.{key}")
    if kind == "array" and "items" in schema:
        for index, item in enumerate(value[:25]):
            errors += schema_errors(schema["items"], item, doc, f"{where}[{index}]")
    return errors


def test_document_is_public_and_names_itself(live_bot, document):
    assert document["openapi"].startswith("3.1")
    assert document["info"] == {"title": "Freqtrade API", "version": "0.1.0"}
    assert "/api/v1/status" in document["paths"]
    assert not any(path.startswith(("/docs", "/ui_version", "/{")) for path in document["paths"])


def test_every_route_is_documented_with_a_response(document):
    routes = [r for r in api_routes() if r.spec.include_in_schema]
    assert len(routes) >= 55
    for route in routes:
        for method in route.spec.methods:
            operation = document["paths"][route.path][method.lower()]
            assert operation["summary"], f"{method} {route.path} has no description"
            schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert schema, f"{method} {route.path} declares no response"
            if route.spec.scope is not None:
                assert "401" in operation["responses"]


def test_parameters_come_from_the_validating_declaration(live_bot, document):
    trades = document["paths"]["/api/v1/trades"]["get"]
    params = {p["name"]: p for p in trades["parameters"]}
    assert params["limit"]["schema"]["type"] == "integer"
    assert (params["limit"]["schema"]["minimum"], params["limit"]["schema"]["default"]) == (1, 500)
    assert live_bot.get("trades", params={"limit": 0}).status_code == 422
    daily = {p["name"]: p for p in document["paths"]["/api/v1/daily"]["get"]["parameters"]}
    assert daily["timescale"]["schema"]["maximum"] == 365
    assert live_bot.get("daily", params={"timescale": 366}).status_code == 422
    body = document["paths"]["/api/v1/forceenter"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    enter = document["components"]["schemas"][ref]
    assert enter["required"] == ["pair"]
    ordertype = enter["properties"]["ordertype"]["anyOf"][0]["$ref"].rsplit("/", 1)[1]
    assert document["components"]["schemas"][ordertype]["enum"] == ["limit", "market"]
    refused = live_bot.post("forceenter", {"pair": "BTC/USDT", "ordertype": "stop"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == [
        "body", "ordertype"]


def test_answers_match_the_documented_schemas(live_bot, document, ids):
    table = requests_for(ids)
    documented = {(method, path) for path, ops in document["paths"].items() for method in ops}
    assert documented == set(table), documented ^ set(table)
    tokens = requests.post(f"{live_bot.base_url}/api/v1/token/login", auth=live_bot.auth,
                           timeout=10).json()
    problems: list[str] = []
    for (method, path), (url, options) in table.items():
        options = dict(options)
        expected = options.pop("status", 200)
        kwargs: dict[str, Any] = {"auth": live_bot.auth, "timeout": 30}
        if options.pop("refresh", False):
            kwargs = {"timeout": 30,
                      "headers": {"Authorization": f"Bearer {tokens['refresh_token']}"}}
        response = requests.request(method, f"{live_bot.base_url}/api/v1/{url}", **options,
                                    **kwargs)
        assert response.status_code == expected, (method, path, response.text)
        if expected != 200 or (method, path) in SKIP_CHECK:
            continue
        operation = document["paths"][path][method]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        problems += schema_errors(schema, response.json(), document, f"{method} {path}")
    assert not problems, "\n".join(problems)


def test_schema_check_catches_a_missing_field(document):
    """The checker itself: a trade without ``current_rate`` must be reported."""
    schema = {"$ref": "#/components/schemas/OpenTradeSchema"}
    errors = schema_errors(schema, {"trade_id": 1}, document, "x")
    assert any("'current_rate' missing" in e for e in errors)
    assert schema_errors({"type": "integer"}, True, document, "x")


@pytest.mark.parametrize("method,path,status", [
    ("get", "/api/v1/trade/{tradeid}", "404"),
    ("get", "/api/v1/strategy/{strategy}", "404"),
    ("get", "/api/v1/trades/{trade_id}/custom-data", "404"),
    ("get", "/api/v1/trades/open/custom-data", "404"),
    ("get", "/api/v1/pair_history", "502"),
    ("post", "/api/v1/pair_history", "502"),
    ("get", "/api/v1/plot_config", "502"),
    ("post", "/api/v1/token/refresh", "401"),
    ("get", "/api/v1/status", "503"),
    ("post", "/api/v1/locks", "413"),
    ("post", "/api/v1/forceenter", "413"),
])
def test_error_statuses_a_route_answers_are_documented(document, method, path, status):
    assert status in document["paths"][path][method]["responses"]


def test_documented_404s_are_real(live_bot):
    assert live_bot.get("trade/99999").status_code == 404
    assert live_bot.get("strategy/NoSuchStrategy").status_code == 404
    assert live_bot.get("trades/99999/custom-data").status_code == 404


def test_public_routes_document_no_401(document):
    assert "401" not in document["paths"]["/api/v1/ping"]["get"]["responses"]
    assert "503" not in document["paths"]["/api/v1/version"]["get"]["responses"]


def test_undecodable_body_is_400_and_documented_as_such(live_bot, document):
    response = requests.post(f"{live_bot.base_url}/api/v1/blacklist", data=b"\xff\xfe\xcb",
                             auth=live_bot.auth, timeout=10,
                             headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"detail": "There was an error parsing the body"}
    assert "400" in document["paths"]["/api/v1/blacklist"]["post"]["responses"]
    assert "400" not in document["paths"]["/api/v1/blacklist"]["get"]["responses"]


def test_password_throttling_429_is_documented_wherever_a_password_is_checked(document):
    assert "429" in document["paths"]["/api/v1/token/login"]["post"]["responses"]
    assert "401" in document["paths"]["/api/v1/token/login"]["post"]["responses"]
    assert "429" in document["paths"]["/api/v1/status"]["get"]["responses"]
    assert "429" not in document["paths"]["/api/v1/ping"]["get"]["responses"]


def test_timeframe_is_documented_with_the_pattern_it_is_validated_by(live_bot, document):
    params = {p["name"]: p for p in document["paths"]["/api/v1/pair_candles"]["get"]
              ["parameters"]}
    pattern = params["timeframe"]["schema"]["pattern"]
    assert re.fullmatch(pattern.strip("^$"), "15m")
    assert not re.fullmatch(pattern.strip("^$"), "00000000")
    assert live_bot.get("pair_candles", params={"pair": "BTC/USDT", "timeframe": "00000000"}
                        ).status_code == 422


def test_lock_until_is_documented_as_a_date_or_a_unix_number(live_bot, document):
    schemas = document["components"]["schemas"]
    until = schemas["LocksPayload"]["properties"]["until"]
    assert [option["type"] for option in until["anyOf"]] == ["string", "number"]
    added = live_bot.post("locks", [{"pair": "XRP/USDT", "until": 1924992000}])
    assert added.status_code == 200
    assert any(lock["lock_end_time"].startswith("2031-01-01")
               for lock in added.json()["locks"])


def test_id_and_strategy_limits_are_documented(live_bot, document):
    schemas = document["components"]["schemas"]
    tradeid = schemas["ForceExitPayload"]["properties"]["tradeid"]["anyOf"]
    assert tradeid[1] == {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1}
    assert live_bot.post("forceexit", {"tradeid": -(2**63) - 1}).status_code == 422
    strategy = schemas["PairHistoryRequest"]["properties"]["strategy"]["anyOf"][0]
    assert strategy["pattern"] == "^[^:]*$"
    assert live_bot.post("pair_history", {"pair": "BTC/USDT", "timeframe": "5m",
                                          "timerange": "20260101-",
                                          "strategy": "X:eA=="}).status_code == 422
