"""Every trading endpoint over HTTP against a bot that trades on the simulated market.

Trades are made through the API itself (force entry/exit), so each answer is checked against
real data, in freqtrade's wire format (API 2.50).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests

from freqtrade.api.routes import api_routes
from tests.e2e.conftest import LiveBot, e2e_bot
from tests.postgres_server import DATABASES, fresh_database

ORIGIN = "http://example.com"


def ok(response: requests.Response, status: int = 200):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


@pytest.fixture(scope="module", params=DATABASES)
def live_bot(request, tmp_path_factory, free_port) -> Iterator[LiveBot]:
    """The e2e bot, once on a SQLite file and once on PostgreSQL."""
    tmp = tmp_path_factory.mktemp("e2e")
    with fresh_database(request, request.param, tmp) as url, \
            e2e_bot(tmp, free_port(), url) as live:
        yield live


@pytest.fixture(scope="module")
def trades_made(live_bot):
    """Two closed trades (one partial exit first) and one open trade, made via the API."""
    for pair in ("BTC/USDT", "ETH/USDT", "SOL/USDT"):
        body = ok(live_bot.post("forceenter", {"pair": pair, "ordertype": "market",
                                               "entry_tag": f"tag_{pair[:3]}"}))
        assert body["pair"] == pair
    status = ok(live_bot.get("status"))
    ids = {t["pair"]: t["trade_id"] for t in status}
    eth = next(t for t in status if t["pair"] == "ETH/USDT")
    ok(live_bot.post("forceexit", {"tradeid": str(ids["ETH/USDT"]), "ordertype": "market",
                                   "amount": round(eth["amount"] / 2, 4)}))
    ok(live_bot.post("forcesell", {"tradeid": str(ids["ETH/USDT"]), "ordertype": "market"}))
    ok(live_bot.post("forceexit", {"tradeid": ids["BTC/USDT"], "ordertype": "market"}))
    return ids


def test_ping_and_version_and_show_config(live_bot):
    assert ok(requests.get(f"{live_bot.base_url}/api/v1/ping", timeout=10)) == \
        {"status": "pong"}
    assert "version" in ok(live_bot.get("version"))
    config = ok(live_bot.get("show_config"))
    assert config["api_version"] == 2.5 and config["runmode"] == "dry_run"
    assert config["state"] == "running" and config["strategy"] == "QuietStrategy"
    assert config["timeframe_ms"] == 60000 and config["stake_amount"] == "50"
    assert config["max_open_trades"] == 4.0 and config["exchange"] == "simulated"
    assert "password" not in str(config) and "jwt" not in str(config)


def test_status_and_trade(live_bot, trades_made):
    status = ok(live_bot.get("status"))
    assert [t["pair"] for t in status] == ["SOL/USDT"]
    trade = status[0]
    for key in ("current_rate", "profit_ratio", "profit_abs", "total_profit_abs",
                "stoploss_current_dist", "stoploss_entry_dist_ratio", "orders",
                "nr_of_successful_entries", "open_timestamp", "has_open_orders"):
        assert key in trade
    assert trade["close_profit"] is None and trade["current_rate"] > 0
    assert trade["orders"][0]["ft_order_side"] == "buy"
    single = ok(live_bot.get(f"trade/{trade['trade_id']}"))
    assert single["trade_id"] == trade["trade_id"]
    closed = ok(live_bot.get(f"trade/{trades_made['BTC/USDT']}"))
    assert closed["is_open"] is False and closed["current_rate"] == closed["close_rate"]
    assert ok(live_bot.get("trade/9999"), 404) == {"detail": "Trade not found."}
    assert live_bot.get("trade/abc").status_code == 422


def test_trades_pagination_is_exact(live_bot, trades_made):
    body = ok(live_bot.get("trades"))
    assert body["total_trades"] == 2 and body["trades_count"] == 2 and body["offset"] == 0
    first = ok(live_bot.get("trades", params={"limit": 1}))
    second = ok(live_bot.get("trades", params={"limit": 1, "offset": 1}))
    assert first["total_trades"] == 2 and first["trades_count"] == 1
    assert first["trades"][0]["trade_id"] < second["trades"][0]["trade_id"]
    eth = next(t for t in body["trades"] if t["pair"] == "ETH/USDT")
    assert eth["nr_of_successful_exits"] == 2 and eth["trade_duration_s"] is not None
    assert ok(live_bot.get("trades", params={"limit": 0}), 422)["detail"][0]["type"] == \
        "greater_than_equal"
    by_date = ok(live_bot.get("trades", params={"order_by_id": "false"}))
    assert by_date["total_trades"] == 2


def test_profit_and_profit_all(live_bot, trades_made):
    profit = ok(live_bot.get("profit"))
    assert profit["trade_count"] == 3 and profit["closed_trade_count"] == 2
    assert len(profit) == 54
    assert profit["winning_trades"] + profit["losing_trades"] == 2
    assert profit["first_trade_timestamp"] > 0 and profit["bot_start_timestamp"] > 0
    assert profit["trading_volume"] > 0
    every = ok(live_bot.get("profit_all"))
    assert every["long"] is None and every["short"] is None
    assert every["all"]["closed_trade_count"] == 2


def test_performance_entries_exits_mix_tags_stats(live_bot, trades_made):
    performance = ok(live_bot.get("performance"))
    assert {p["pair"] for p in performance} == {"BTC/USDT", "ETH/USDT"}
    assert set(performance[0]) == {"pair", "profit", "profit_ratio", "profit_pct",
                                   "profit_abs", "count"}
    entries = ok(live_bot.get("entries"))
    assert {e["enter_tag"] for e in entries} == {"tag_BTC", "tag_ETH"}
    assert ok(live_bot.get("entries", params={"pair": "BTC/USDT"}))[0]["count"] == 1
    exits = ok(live_bot.get("exits"))
    assert exits[0]["exit_reason"] == "force_exit" and exits[0]["count"] == 2
    mix = ok(live_bot.get("mix_tags"))
    assert {m["mix_tag"] for m in mix} == {"tag_BTC force_exit", "tag_ETH force_exit"}
    stats = ok(live_bot.get("stats"))
    assert set(stats) == {"exit_reasons", "durations"}
    assert sum(stats["exit_reasons"]["force_exit"].values()) == 2


@pytest.mark.parametrize("path, default", [("daily", 7), ("weekly", 4), ("monthly", 3)])
def test_timeunit_profit(live_bot, trades_made, path, default):
    body = ok(live_bot.get(path))
    assert len(body["data"]) == default and body["stake_currency"] == "USDT"
    today = datetime.now(UTC)
    if path == "daily":
        assert body["data"][0]["date"] == today.strftime("%Y-%m-%d")
        assert body["data"][0]["trade_count"] == 2
    assert len(ok(live_bot.get(path, params={"timescale": 2}))["data"]) == 2
    error = ok(live_bot.get(path, params={"timescale": 0}), 422)["detail"][0]
    assert error["loc"] == ["query", "timescale"] and error["type"] == "greater_than_equal"


def test_count_and_balance(live_bot, trades_made):
    count = ok(live_bot.get("count"))
    assert count["current"] == 1 and count["max"] == 4 and count["total_stake"] > 0
    balance = ok(live_bot.get("balance"))
    usdt = next(c for c in balance["currencies"] if c["currency"] == "USDT")
    assert usdt["is_bot_managed"] and balance["note"] == "Simulated balances"
    assert any(c["currency"] == "SOL" for c in balance["currencies"])
    # the account is worth the wallet plus closed profit plus the open trade at market value:
    # the stake in the open SOL trade counts once (as SOL), not also as USDT
    profit = ok(live_bot.get("profit"))
    sol = next(c for c in balance["currencies"] if c["currency"] == "SOL")
    status = ok(live_bot.get("status"))[0]
    assert usdt["used"] == 0 and usdt["balance"] == usdt["free"]
    assert usdt["balance"] == pytest.approx(1000 + profit["profit_closed_coin"]
                                            - status["stake_amount"], abs=1e-6)
    assert sol["est_stake"] == pytest.approx(sol["balance"] * status["current_rate"], rel=1e-3)
    assert balance["total"] == pytest.approx(usdt["est_stake"] + sol["est_stake"])
    assert balance["starting_capital"] == pytest.approx(990)  # 1000 x tradable_balance_ratio
    # today's snapshot: written by the first loop, or, while the one-time wallet-history
    # rebuild that starts after it still runs, by that rebuild when it ends
    deadline = time.monotonic() + 30
    historic = ok(live_bot.get("historic_balance"))
    while historic["length"] == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
        historic = ok(live_bot.get("historic_balance"))
    assert historic["columns"] == ["date", "__date_ts", "total_quote"]
    assert historic["length"] == 1
    assert historic["data"][0][0] == datetime.now(UTC).strftime("%Y-%m-%dT00:00:00")


def test_whitelist_and_blacklist(live_bot):
    whitelist = ok(live_bot.get("whitelist"))
    assert whitelist["method"] == ["StaticPairList"]
    assert set(whitelist["whitelist"]) >= {"BTC/USDT", "ETH/USDT"}
    blacklist = ok(live_bot.get("blacklist"))
    assert blacklist["blacklist"] == ["DOGE/USDT"]
    assert blacklist["blacklist_expanded"] == ["DOGE/USDT"]
    added = ok(live_bot.post("blacklist", {"blacklist": ["XRP/.*", "*/BTC", "DOGE/USDT"]}))
    assert added["blacklist"] == ["DOGE/USDT", "XRP/.*"]
    assert "XRP/USDT" in added["blacklist_expanded"]
    assert added["errors"] == {
        "*/BTC": {"error_msg": "Pair */BTC is not a valid wildcard."},
        "DOGE/USDT": {"error_msg": "Pair DOGE/USDT already in pairlist."}}
    deleted = ok(live_bot.delete("blacklist", params=[("pairs_to_delete", "XRP/.*"),
                                                      ("pairs_to_delete", "NOPE/USDT")]))
    assert deleted["blacklist"] == ["DOGE/USDT"]
    assert deleted["errors"] == {
        "NOPE/USDT": {"error_msg": "Pair NOPE/USDT is not in the current blacklist."}}


def test_locks(live_bot):
    assert ok(live_bot.get("locks"))["lock_count"] >= 0
    until = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%SZ")
    body = ok(live_bot.post("locks", [{"pair": "ADA/USDT", "until": until,
                                       "reason": "manual"}]))
    lock = next(item for item in body["locks"] if item["pair"] == "ADA/USDT")
    assert lock["reason"] == "manual" and lock["side"] == "*" and lock["active"]
    naive = ok(live_bot.post("locks", [{"pair": "ADA/USDT", "until": "2030-01-01 10:00:00"}]),
               422)
    assert naive["detail"][0]["type"] == "timezone_aware"
    after = ok(live_bot.delete(f"locks/{lock['id']}"))
    assert all(item["id"] != lock["id"] for item in after["locks"])
    ok(live_bot.post("locks", [{"pair": "ADA/USDT", "until": until}]))
    cleared = ok(live_bot.post("locks/delete", {"pair": "ADA/USDT"}))
    assert all(item["pair"] != "ADA/USDT" for item in cleared["locks"])


def test_force_entry_errors(live_bot, trades_made):
    error = ok(live_bot.post("forceenter", {"pair": "SOL/USDT"}), 502)
    assert error["error"].startswith("Error querying /api/v1/forceenter: position for "
                                     "SOL/USDT already open - id: ")
    error = ok(live_bot.post("forcebuy", {"pair": "NOPE/USDT", "price": 1}), 502)
    assert error == {"error": "Error querying /api/v1/forcebuy: Symbol does not exist or "
                              "market is not active."}
    assert ok(live_bot.post("forceenter", {"pair": "BTC/USDT", "side": "up"}), 422)[
        "detail"][0]["type"] == "enum"  # freqtrade: SignalDirection is an enum
    assert ok(live_bot.post("forceenter", {}), 422)["detail"][0]["loc"] == ["body", "pair"]
    error = ok(live_bot.post("forceexit", {"tradeid": "99"}), 502)
    assert error == {"error": "Error querying /api/v1/forceexit: invalid argument"}


def test_delete_trade_and_open_order_errors(live_bot, trades_made):
    error = ok(live_bot.delete("trades/9999"), 502)
    assert error["error"].endswith("Trade with id '9999' not found.")
    error = ok(live_bot.delete("trades/9999/open-order"), 502)
    assert error["error"].endswith("Invalid trade_id.")
    error = ok(live_bot.post("trades/9999/reload"), 502)
    assert error["error"].endswith("Could not find trade with id 9999.")
    sol = trades_made["SOL/USDT"]
    reloaded = ok(live_bot.post(f"trades/{sol}/reload"))
    assert reloaded["trade_id"] == sol


def test_custom_data_not_found_messages(live_bot, trades_made):
    sol = trades_made["SOL/USDT"]
    assert ok(live_bot.get(f"trades/{sol}/custom-data"), 404) == {
        "detail": f"No custom-data found for Trade ID: {sol}."}
    assert ok(live_bot.get("trades/open/custom-data"), 404) == {
        "detail": "No custom-data found for any open trades."}
    live_bot.bot.dataprovider  # noqa: B018 (bot is live)
    from freqtrade.persistence import remove_session, set_custom_data

    set_custom_data(sol, "note", {"a": 1})
    remove_session()
    body = ok(live_bot.get(f"trades/{sol}/custom-data"))
    assert body[0]["custom_data"][0]["value"] == {"a": 1}


def test_pair_candles(live_bot):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body = ok(live_bot.get("pair_candles", params={"pair": "BTC/USDT",
                                                       "timeframe": "1m", "limit": 50}))
        if body["length"]:
            break
        time.sleep(0.5)
    assert body["length"] == 50 and body["timeframe_ms"] == 60000
    columns = body["columns"]
    for column in ("date", "open", "close", "rsi", "__date_ts", "_enter_long_signal_close"):
        assert column in columns
    row = body["data"][-1]
    assert row[columns.index("date")].endswith("Z")
    assert row[columns.index("__date_ts")] == body["data_stop_ts"]
    assert body["data_start"].endswith("+00:00") and body["last_analyzed_ts"] > 1.7e9
    posted = ok(live_bot.post("pair_candles", {"pair": "BTC/USDT", "timeframe": "1m",
                                               "columns": ["rsi"]}))
    assert "rsi" in posted["columns"] and "ema_fast" not in posted["columns"]
    assert "ema_fast" in posted["all_columns"]
    missing = ok(live_bot.get("pair_candles", params={"pair": "BTC/USDT"}), 422)
    assert missing["detail"][0] == {"type": "missing", "loc": ["query", "timeframe"],
                                    "msg": "Field required", "input": None}
    unknown = ok(live_bot.get("pair_candles", params={"pair": "NOPE/USDT",
                                                      "timeframe": "1m"}))
    assert unknown["length"] == 0 and unknown["data"] == []


def test_pair_history_from_disk(live_bot):
    from freqtrade.data.download import download_pair_data
    from freqtrade.rpc.history import datadir

    download_pair_data(live_bot.bot.exchange, ["ETH/USDT"], ["5m"],
                       datadir(live_bot.config), days=2)
    start = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y%m%d")
    body = ok(live_bot.get("pair_history", params={
        "pair": "ETH/USDT", "timeframe": "5m", "timerange": f"{start}-",
        "strategy": "SampleStrategy"}))
    assert body["length"] > 100 and "rsi" in body["columns"]
    assert body["strategy"] == "SampleStrategy"
    assert body["data_start"].startswith(
        (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d"))
    error = ok(live_bot.get("pair_history", params={
        "pair": "ETH/USDT", "timeframe": "5m", "timerange": "20100101-20100102",
        "strategy": "SampleStrategy"}), 502)
    assert error == {"detail": "No data for ETH/USDT, 5m in 20100101-20100102 found."}
    bad = ok(live_bot.get("pair_history", params={
        "pair": "ETH/USDT", "timeframe": "5m", "timerange": "x", "strategy": "a:b"}), 422)
    assert bad["detail"][0]["type"] == "strategy_name"
    posted = ok(live_bot.post("pair_history", {"pair": "ETH/USDT", "timeframe": "5m",
                                               "timerange": f"{start}-"}))
    assert posted["strategy"] == "" and "rsi" not in posted["columns"]
    pairs = ok(live_bot.get("available_pairs", params={"timeframe": "5m"}))
    assert pairs["pairs"] == ["ETH/USDT"] and pairs["pair_interval"] == [
        ["ETH/USDT", "5m", "spot"]]


def test_strategy_endpoints(live_bot):
    assert ok(live_bot.get("strategies")) == {"strategies": ["QuietStrategy", "SampleStrategy"]}
    strategy = ok(live_bot.get("strategy/SampleStrategy"))
    assert strategy["timeframe"] == "1m" and "class SampleStrategy" in strategy["code"]
    names = {p["name"]: p for p in strategy["params"]}
    assert names["buy_rsi"]["param_type"] == "IntParameter" and names["buy_rsi"]["low"] == 10
    assert ok(live_bot.get("strategy/NoSuchStrategy"), 404) == {"detail": "Strategy not found"}
    plot = ok(live_bot.get("plot_config"))
    assert set(plot) == {"main_plot", "subplots"}


def test_info_endpoints(live_bot):
    health = ok(live_bot.get("health"))
    assert health["last_process_ts"] and health["bot_start_ts"]
    logs = ok(live_bot.get("logs", params={"limit": 5}))
    assert logs["log_count"] == len(logs["logs"]) <= 5
    sysinfo = ok(live_bot.get("sysinfo"))
    assert {"cpu_pct", "ram_pct", "cpu_count"} <= set(sysinfo)
    markets = ok(live_bot.get("markets", params={"quote": "BTC"}))
    assert markets["exchange_id"] == "simulated" and "ETH/BTC" in markets["markets"]
    exchanges = ok(live_bot.get("exchanges"))
    assert exchanges["exchanges"][0]["name"] == "Simulated"
    edge = ok(live_bot.get("edge"), 502)
    assert edge == {"error": "Error querying /api/v1/edge: Edge is not enabled."}


def test_jwt_login_refresh_and_use(live_bot):
    tokens = ok(requests.post(f"{live_bot.base_url}/api/v1/token/login", auth=live_bot.auth,
                              json={}, timeout=10))
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert ok(requests.get(f"{live_bot.base_url}/api/v1/count", headers=headers,
                           timeout=10))["max"] == 4
    refreshed = ok(requests.post(
        f"{live_bot.base_url}/api/v1/token/refresh", timeout=10,
        headers={"Authorization": f"Bearer {tokens['refresh_token']}"}))
    assert set(refreshed) == {"access_token"}
    refresh_as_access = requests.get(
        f"{live_bot.base_url}/api/v1/count", timeout=10,
        headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    assert refresh_as_access.status_code == 401


def test_cors_headers_on_errors(live_bot):
    response = live_bot.get("edge", headers={"Origin": ORIGIN})
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    refused = requests.options(f"{live_bot.base_url}/api/v1/status", timeout=10, headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
    assert refused.status_code == 400


def test_every_protected_route_needs_credentials(live_bot):
    checked = 0
    for route in api_routes():
        if route.spec.scope is None:
            continue
        path = route.path
        for name in ("tradeid", "trade_id", "lockid"):
            path = path.replace("{" + name + "}", "1")
        path = path.replace("{strategy}", "SampleStrategy")
        for method in route.methods:
            response = requests.request(method, f"{live_bot.base_url}{path}", timeout=10)
            assert response.status_code == 401, (method, path, response.text)
            assert response.json() == {"detail": "Unauthorized"}
            checked += 1
    assert checked >= 50


def test_start_stop_pause_cycle(live_bot):
    assert ok(live_bot.post("stop")) == {"status": "stopping trader ..."}
    assert ok(live_bot.get("count"), 502) == {
        "error": "Error querying /api/v1/count: trader is not running"}
    assert ok(live_bot.get("show_config"))["state"] == "stopped"
    assert ok(live_bot.post("stopbuy"))["status"].startswith("starting bot with trader in "
                                                             "paused state")
    assert ok(live_bot.get("show_config"))["state"] == "paused"
    assert ok(live_bot.post("start")) == {"status": "starting trader ..."}
    assert ok(live_bot.post("start")) == {"status": "already running"}


def test_pair_candles_repeat_from_the_cache_matches_the_rendered_answer(live_bot):
    """The first request of a frame renders it in a worker thread, a repeat is answered from
    the cache on the event loop: same status, headers (CORS included) and body."""
    headers = {"Origin": "http://example.com"}
    for attempt in range(5):  # a new analysis between the two requests renders again
        params = {"pair": "SOL/USDT", "timeframe": "1m", "limit": 31 + attempt}
        rendered = live_bot.get("pair_candles", params=params, headers=headers)
        repeat = live_bot.get("pair_candles", params=params, headers=headers)
        if repeat.json()["last_analyzed_ts"] == rendered.json()["last_analyzed_ts"]:
            break
    assert rendered.status_code == repeat.status_code == 200
    assert rendered.content == repeat.content and rendered.json()["length"] > 0
    without_date = [{k: v for k, v in r.headers.items() if k.lower() != "date"}
                    for r in (rendered, repeat)]
    assert without_date[0] == without_date[1]
    assert without_date[0]["access-control-allow-origin"] == "http://example.com"
    posted = [live_bot.post("pair_candles", {"pair": "SOL/USDT", "timeframe": "1m",
                                             "columns": ["rsi"]}) for _ in range(2)]
    assert posted[0].status_code == posted[1].status_code == 200
    assert posted[0].json()["columns"] == posted[1].json()["columns"]


def test_pair_candles_follow_each_new_analysis(live_bot):
    """Repeat requests may be served from the rendered cache, but never a stale analysis."""
    from datetime import UTC, datetime, timedelta

    from freqtrade.util.clock import set_clock

    params = {"pair": "ETH/USDT", "timeframe": "1m", "limit": 20}
    first = ok(live_bot.get("pair_candles", params=params))
    assert ok(live_bot.get("pair_candles", params=params)) == first
    offset = timedelta(seconds=65)
    set_clock(lambda: datetime.now(UTC) + offset)
    try:
        deadline = time.monotonic() + 20
        while True:
            latest = ok(live_bot.get("pair_candles", params=params))
            if latest["last_analyzed_ts"] != first["last_analyzed_ts"] or \
                    time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        set_clock(None)
    assert latest["data_stop_ts"] > first["data_stop_ts"]
    assert latest["data"][-1][latest["columns"].index("__date_ts")] == latest["data_stop_ts"]


def test_trades_page_changes_as_soon_as_a_trade_closes(live_bot, trades_made):
    """/trades pages are cached per history version: a closed trade shows at once."""
    before = ok(live_bot.get("trades"))
    assert ok(live_bot.get("trades")) == before
    entered = ok(live_bot.post("forceenter", {"pair": "XRP/USDT", "ordertype": "market"}))
    assert ok(live_bot.get("trades"))["total_trades"] == before["total_trades"]
    ok(live_bot.post("forceexit", {"tradeid": entered["trade_id"], "ordertype": "market"}))
    after = ok(live_bot.get("trades"))
    assert after["total_trades"] == before["total_trades"] + 1
    assert entered["trade_id"] in [t["trade_id"] for t in after["trades"]]
    live_bot.delete(f"trades/{entered['trade_id']}")
    assert ok(live_bot.get("trades"))["total_trades"] == before["total_trades"]
