"""The read-only user and the audit log against a real bot over HTTP.

The bot has a full user and a read-only one (``readonly_username``/``readonly_password``).
The route table is walked: every ``TRADE`` route refuses the read-only user with 403, every
other route serves it. State-changing calls of either user land in ``GET /api/v1/audit``.
"""
from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from websockets.sync.client import connect

from freqtrade.api.jwt_tokens import bound_key, create_token, new_session_id
from freqtrade.api.routes import api_routes
from freqtrade.api.routing import READ, TRADE
from freqtrade.commands.userdir_commands import create_userdir
from tests.e2e.conftest import JWT_SECRET, PASSWORD, USERNAME, write_config
from tests.live_bot import LiveBot, running_bot
from tests.strategy_files import write_quiet_strategy

VIEWER, VIEWER_PASSWORD = "viewer", "viewer-password-456"
READ_ONLY_POSTS = {"/api/v1/token/login", "/api/v1/token/refresh", "/api/v1/token/logout",
                   "/api/v1/pair_candles", "/api/v1/pair_history"}
NOT_ENOUGH = {"detail": "Not enough permissions"}


@pytest.fixture(scope="module")
def live_bot(tmp_path_factory, free_port) -> Iterator[LiveBot]:
    tmp = tmp_path_factory.mktemp("roles")
    create_userdir(tmp / "user_data")
    write_quiet_strategy(tmp / "user_data")
    path = write_config(tmp, free_port())
    config = json.loads(path.read_text())
    config["api_server"].update(readonly_username=VIEWER, readonly_password=VIEWER_PASSWORD)
    path.write_text(json.dumps(config))
    with running_bot(path) as live:
        yield live


def url(live_bot: LiveBot, path: str) -> str:
    return f"{live_bot.base_url}{path}"


def concrete(path: str) -> str:
    for name in ("tradeid", "trade_id", "lockid"):
        path = path.replace("{" + name + "}", "1")
    return path.replace("{strategy}", "SampleStrategy")


def declared(scope: str | None) -> Iterator[tuple[str, str]]:
    for route in api_routes():
        if route.spec.scope == scope:
            for method in route.spec.methods:
                yield method, route.path


def login(live_bot: LiveBot, auth: tuple[str, str]) -> dict[str, str]:
    response = requests.post(url(live_bot, "/api/v1/token/login"), auth=auth, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


# ------------------------------------------------------------------------ read-only user

def test_every_state_changing_route_is_declared_trade():
    """A new POST/DELETE route that forgets its scope would be open to the read-only user."""
    reads_by_post = {path for method, path in declared(READ) if method not in ("GET", "HEAD")}
    public_posts = {path for method, path in declared(None) if method not in ("GET", "HEAD")}
    assert reads_by_post | public_posts == READ_ONLY_POSTS
    assert {path for method, path in declared(TRADE) if method == "GET"} == {"/api/v1/audit"}


def test_read_only_user_gets_403_on_every_trade_route(live_bot):
    access = login(live_bot, (VIEWER, VIEWER_PASSWORD))["access_token"]
    checked = 0
    for method, path in declared(TRADE):
        for credentials in ({"auth": (VIEWER, VIEWER_PASSWORD)}, {"headers": bearer(access)}):
            response = requests.request(method, url(live_bot, concrete(path)), timeout=10,
                                        json={}, **credentials)
            assert response.status_code == 403, (method, path, response.text)
            assert response.json() == NOT_ENOUGH
            checked += 1
    assert checked >= 2 * 19  # the TRADE routes of API 2.50 and GET /audit


def test_read_only_user_reads_every_read_route(live_bot):
    access = login(live_bot, (VIEWER, VIEWER_PASSWORD))["access_token"]
    checked = 0
    for method, path in declared(READ):
        body = {"pair": "BTC/USDT", "timeframe": "1m"} if method == "POST" else None
        response = requests.request(method, url(live_bot, concrete(path)), json=body,
                                    headers=bearer(access), timeout=30)
        assert response.status_code not in (401, 403, 500), (method, path, response.text)
        checked += 1
    assert checked >= 35


def test_read_only_tokens_carry_only_the_read_scope_and_refresh_keeps_it(live_bot):
    tokens = login(live_bot, (VIEWER, VIEWER_PASSWORD))
    for token in tokens.values():
        assert claims(token)["identity"] == {"u": VIEWER, "scopes": ["authenticated", "read"]}
    refreshed = requests.post(url(live_bot, "/api/v1/token/refresh"), timeout=10,
                              headers=bearer(tokens["refresh_token"]))
    assert refreshed.status_code == 200
    access = refreshed.json()["access_token"]
    assert claims(access)["identity"]["scopes"] == ["authenticated", "read"]
    assert requests.get(url(live_bot, "/api/v1/status"), headers=bearer(access),
                        timeout=10).status_code == 200
    assert requests.post(url(live_bot, "/api/v1/stop"), headers=bearer(access),
                         timeout=10).status_code == 403


def signed_access(identity: dict[str, Any]) -> str:
    """An access token signed with the bot's key (its secret bound to both users)."""
    key = bound_key(JWT_SECRET, [USERNAME, PASSWORD, VIEWER, VIEWER_PASSWORD])
    return create_token(identity, key, "access", new_session_id())


def test_a_token_never_gains_a_scope(live_bot):
    """Scopes a token claims beyond its user's are ignored; narrower claims narrow it."""
    inflated = signed_access({"u": VIEWER, "scopes": ["authenticated", "read", "trade"]})
    plain_viewer = signed_access({"u": VIEWER})
    narrowed_owner = signed_access({"u": USERNAME, "scopes": ["authenticated", "read"]})
    for token in (inflated, plain_viewer, narrowed_owner):
        assert requests.get(url(live_bot, "/api/v1/count"), headers=bearer(token),
                            timeout=10).status_code == 200
        assert requests.post(url(live_bot, "/api/v1/pause"), headers=bearer(token),
                             timeout=10).json() == NOT_ENOUGH
    nothing = signed_access({"u": USERNAME, "scopes": ["unknown"]})
    assert requests.get(url(live_bot, "/api/v1/count"), headers=bearer(nothing),
                        timeout=10).status_code == 401


def test_read_only_user_can_follow_the_message_websocket(live_bot):
    access = login(live_bot, (VIEWER, VIEWER_PASSWORD))["access_token"]
    ws = live_bot.base_url.replace("http://", "ws://") + f"/api/v1/message/ws?token={access}"
    with connect(ws, open_timeout=10) as socket:
        socket.send(json.dumps({"type": "subscribe", "data": ["whitelist", "entry_fill"]}))
        socket.send(json.dumps({"type": "whitelist", "data": ""}))
        deadline = time.monotonic() + 15
        while True:
            message = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message["type"] == "whitelist":
                break
        assert message["data"] == live_bot.bot.active_pair_whitelist


def test_frequi_session_works_read_only_and_its_bot_controls_get_403(live_bot):
    """FreqUI's calls from another origin: its reads answer, its controls get a readable 403."""
    origin = {"Origin": "http://example.com"}
    tokens = requests.post(url(live_bot, "/api/v1/token/login"), json={}, headers=origin,
                           auth=(VIEWER, VIEWER_PASSWORD), timeout=10).json()
    headers = {**origin, **bearer(tokens["access_token"])}
    reads = ["ping", "show_config", "status", "trades?limit=500&offset=0", "locks", "profit",
             "profit_all", "balance", "historic_balance", "whitelist", "blacklist",
             "daily?timescale=30", "weekly?timescale=20", "performance", "entries", "exits",
             "mix_tags", "logs", "strategy/QuietStrategy"]
    for path in reads:
        response = requests.get(url(live_bot, f"/api/v1/{path}"), headers=headers, timeout=30)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["access-control-allow-origin"] == origin["Origin"]
    candles = requests.post(url(live_bot, "/api/v1/pair_candles"), headers=headers, json={
        "pair": "BTC/USDT", "timeframe": "1m", "columns": ["enter_tag", "exit_tag"]}, timeout=30)
    assert candles.status_code == 200, candles.text
    controls = [("start", {}), ("stop", {}), ("stopbuy", {}), ("reload_config", {}),
                ("forcebuy", {"pair": "BTC/USDT"}), ("forcesell", {"tradeid": "all"}),
                ("blacklist", {"blacklist": ["LTC/USDT"]})]
    for path, body in controls:
        response = requests.post(url(live_bot, f"/api/v1/{path}"), headers=headers, json=body,
                                 timeout=10)
        assert (response.status_code, response.json()) == (403, NOT_ENOUGH), path
        assert response.headers["access-control-allow-origin"] == origin["Origin"]
    assert live_bot.bot.state.name == "RUNNING"


def test_wrong_read_only_password_is_refused(live_bot):
    response = requests.get(url(live_bot, "/api/v1/status"), auth=(VIEWER, "wrong-password"),
                            timeout=10)
    assert response.status_code == 401
    assert requests.post(url(live_bot, "/api/v1/token/login"), auth=(VIEWER, "nope"),
                         timeout=10).status_code == 401


# ------------------------------------------------------------------------ audit log

def audit(live_bot: LiveBot, limit: int = 200, auth: tuple[str, str] | None = None
          ) -> requests.Response:
    return requests.get(url(live_bot, "/api/v1/audit"), params={"limit": limit},
                        auth=auth or live_bot.auth, timeout=10)


def stored_entry(live_bot: LiveBot, match: Callable[[dict], bool]) -> dict[str, Any]:
    """The newest audit entry ``match`` accepts, read once: an entry is stored before the
    call's answer is complete, so it is there as soon as the client has that answer."""
    entries = audit(live_bot).json()["entries"]
    found = [entry for entry in entries if match(entry)]
    assert found, f"no such audit entry in {entries[:5]}"
    return found[0]


def newest_id(live_bot: LiveBot) -> int:
    entries = audit(live_bot, limit=1).json()["entries"]
    return entries[0]["id"] if entries else 0


def audited(live_bot: LiveBot, response: requests.Response, since: int, user: str = USERNAME
            ) -> dict[str, Any]:
    """The entry of the call that gave ``response`` (stored after entry ``since``)."""
    request = response.request
    path = request.path_url.split("?")[0]
    entry = stored_entry(live_bot, lambda e: e["id"] > since and e["route"] == path and
                           e["method"] == request.method and e["username"] == user
                           and e["status"] == response.status_code)
    assert entry["address"] == "127.0.0.1"
    return entry


def test_trading_calls_are_audited_with_user_parameters_and_outcome(live_bot):
    since = newest_id(live_bot)
    entered = live_bot.post("forceenter", {"pair": "ETH/USDT", "ordertype": "market"})
    assert entered.status_code == 200, entered.text
    entry = audited(live_bot, entered, since)
    assert entry["parameters"] == {"body": {"pair": "ETH/USDT", "ordertype": "market"}}
    again = live_bot.post("forceenter", {"pair": "ETH/USDT"})
    assert again.status_code == 502  # a trade for the pair is open
    audited(live_bot, again, since)
    invalid = live_bot.post("forceenter", {"pair": "ETH/USDT", "ordertype": "stop"})
    assert invalid.status_code == 422
    assert audited(live_bot, invalid, since)["parameters"]["body"]["ordertype"] == "stop"
    trade_id = entered.json()["trade_id"]
    exited = live_bot.post("forceexit", {"tradeid": str(trade_id)})
    assert exited.status_code == 200
    assert audited(live_bot, exited, since)["parameters"] == {"body": {"tradeid": str(trade_id)}}
    unknown = live_bot.post("forceexit", {"tradeid": "999999"})
    assert unknown.status_code == 502
    audited(live_bot, unknown, since)


def test_pairlist_and_lock_changes_are_audited(live_bot):
    since = newest_id(live_bot)
    added = live_bot.post("blacklist", {"blacklist": ["LTC/USDT"]})
    assert audited(live_bot, added, since)["parameters"] == {"body": {"blacklist": ["LTC/USDT"]}}
    removed = live_bot.delete("blacklist", params={"pairs_to_delete": ["LTC/USDT", "X/USDT"]})
    assert audited(live_bot, removed, since)["parameters"] == {
        "query": {"pairs_to_delete": ["LTC/USDT", "X/USDT"]}}
    locked = live_bot.post("locks", [{"pair": "XRP/USDT", "until": "2031-01-01T00:00:00Z"}])
    assert locked.status_code == 200
    audited(live_bot, locked, since)
    lock_id = locked.json()["locks"][0]["id"]
    deleted = live_bot.delete(f"locks/{lock_id}")
    assert audited(live_bot, deleted, since)["parameters"] == {"path": {"lockid": str(lock_id)}}
    missing = live_bot.delete("locks/abc")
    assert missing.status_code == 422
    audited(live_bot, missing, since)


def test_secret_looking_parameters_are_redacted(live_bot):
    since = newest_id(live_bot)
    response = live_bot.post("blacklist?token=e2e-ws-token", {"blacklist": ["LTC/USDT"],
                                                              "password": "hunter2hunter2"})
    entry = audited(live_bot, response, since)
    assert entry["parameters"]["query"] == {"token": "REDACTED"}
    assert entry["parameters"]["body"]["password"] == "REDACTED"
    assert "hunter2" not in json.dumps(audit(live_bot).json())


def test_refused_read_only_calls_are_audited_and_anonymous_ones_are_not(live_bot):
    since = newest_id(live_bot)
    refused = requests.post(url(live_bot, "/api/v1/stopentry"), timeout=10,
                            auth=(VIEWER, VIEWER_PASSWORD))
    assert refused.status_code == 403
    assert audited(live_bot, refused, since, user=VIEWER)["status"] == 403
    before = audit(live_bot).json()["entries"][0]["id"]
    assert requests.post(url(live_bot, "/api/v1/stopentry"), timeout=10).status_code == 401
    assert requests.post(url(live_bot, "/api/v1/stopentry"), auth=(USERNAME, "wrong"),
                         timeout=10).status_code == 401
    time.sleep(0.3)
    assert audit(live_bot).json()["entries"][0]["id"] == before


def test_audit_log_is_newest_first_validated_and_full_user_only(live_bot):
    body = audit(live_bot, limit=3).json()
    assert body["max_entries"] == 10_000
    ids = [entry["id"] for entry in body["entries"]]
    assert len(ids) == 3 and ids == sorted(ids, reverse=True)
    for limit in (0, 1001, "x"):
        response = audit(live_bot, limit=limit)  # type: ignore[arg-type]
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
            "query", "limit"]
    refused = audit(live_bot, auth=(VIEWER, VIEWER_PASSWORD))
    assert refused.status_code == 403 and refused.json() == NOT_ENOUGH
    reads_before = audit(live_bot).json()["entries"][0]["id"]
    live_bot.get("status")
    assert audit(live_bot).json()["entries"][0]["id"] == reads_before  # reads are not audited


def test_bot_control_calls_are_audited(live_bot):
    for path in ("stop", "start", "pause", "start"):
        since = newest_id(live_bot)
        response = live_bot.post(path)
        assert response.status_code == 200, response.text
        audited(live_bot, response, since)
    since = newest_id(live_bot)
    reloaded = live_bot.post("reload_config")
    assert reloaded.status_code == 200
    audited(live_bot, reloaded, since)
