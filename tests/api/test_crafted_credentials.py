"""Crafted credentials against every protected route of the route table: never let in.

The routes come from ``freqtrade.api.routes.all_routes()``, so a route added later is walked
too; a new public route under ``/api/v1`` fails ``test_every_public_route_is_classified``
until it is classified here. Tokens are built with joserfc (``alg: none`` by hand, as joserfc
refuses to write it); each forged token differs from a valid one in one respect only, and the
valid one is checked to get through on every route, so a refusal is the forgery's doing.
Answers must be 401 (429 once password attempts are throttled), never 200 or 500.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import (
    JWT_SECRET,
    USERNAME,
    b64url,
    b64url_decode,
    basic_header,
    bearer_header,
    signing_key,
)
from joserfc import jwt
from joserfc.jwk import OctKey
from starlette.exceptions import StarletteDeprecationWarning

from freqtrade.api.routes import all_routes
from freqtrade.api.routing import ApiRoute

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 (not installable here)
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import WebSocketDenialResponse, WebSocketDisconnect

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient

    from freqtrade.util.clock import FrozenClock

PUBLIC_BY_DESIGN = {"/api/v1/ping", "/api/v1/token/login"}
REFRESH, LOGOUT = "/api/v1/token/refresh", "/api/v1/token/logout"
TOKEN_ROUTES = {REFRESH: "refresh", LOGOUT: "refresh"}  # check a Bearer token themselves
WEBSOCKET = "/api/v1/message/ws"
REFUSED = {401, 429}
LIFETIME = {"access": 15 * 60, "refresh": 30 * 86400}
OTHER_KEY = "an-attacker-chosen-key-of-enough-length-0123456789"


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """No bot attached: a request that passes authentication ends in a 502 or a 503 on
    the trading routes rather than doing anything."""
    return make_client()


def walked_routes() -> list[tuple[str, str, str]]:
    """(method, concrete path, token type it expects) of every route that needs credentials."""
    walked = []
    for route in all_routes():
        if not isinstance(route, ApiRoute) or route.spec is None:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        token_type = TOKEN_ROUTES.get(route.path, "access")
        if route.spec.scope is not None or route.path in TOKEN_ROUTES:
            walked += [(method, path, token_type) for method in route.spec.methods]
    return walked


ROUTES = walked_routes()


def test_every_public_route_is_classified() -> None:
    public = {route.path for route in all_routes() if isinstance(route, ApiRoute)
              and route.spec is not None and route.spec.scope is None
              and route.path.startswith("/api/v1/")}
    assert public <= PUBLIC_BY_DESIGN | set(TOKEN_ROUTES), public
    assert len(ROUTES) >= 55


def claims(now: int, token_type: str, **changes: Any) -> dict[str, Any]:
    """Valid claims of a fresh session, with ``changes`` (None removes a claim)."""
    base = {"identity": {"u": USERNAME}, "exp": now + LIFETIME[token_type], "iat": now,
            "type": token_type, "sid": secrets.token_urlsafe(16)}
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def signed(payload: dict[str, Any], key: str | None = None,
           header: dict[str, Any] | None = None) -> str:
    return jwt.encode(header or {"alg": "HS256", "typ": "JWT"}, payload,
                      OctKey.import_key((key or signing_key()).encode()), algorithms=["HS256"])


def unsigned(payload: dict[str, Any]) -> str:
    head = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{head}.{b64url(json.dumps(payload).encode())}."


def tampered(payload: dict[str, Any], **changes: Any) -> str:
    """A validly signed token whose payload was edited afterwards (signature kept)."""
    head, body, signature = signed(payload).split(".")
    edited = {**json.loads(b64url_decode(body)), **changes}
    return f"{head}.{b64url(json.dumps(edited).encode())}.{signature}"


def relabelled(token: str, alg: str) -> str:
    """A validly signed token whose header was changed to name another algorithm."""
    _head, body, signature = token.split(".")
    return f"{b64url(json.dumps({'alg': alg, 'typ': 'JWT'}).encode())}.{body}.{signature}"


# name -> (now, token type) -> forged bearer token; each breaks one rule only
Forgery = Callable[[int, str], str]
FORGERIES: dict[str, Forgery] = {
    "alg_none": lambda now, kind: unsigned(claims(now, kind)),
    "alg_none_with_signature": lambda now, kind: relabelled(signed(claims(now, kind)), "none"),
    "alg_hs512_label": lambda now, kind: relabelled(signed(claims(now, kind)), "HS512"),
    "wrong_key": lambda now, kind: signed(claims(now, kind), OTHER_KEY),
    "configured_secret_unbound": lambda now, kind: signed(claims(now, kind), JWT_SECRET),
    "expired": lambda now, kind: signed(claims(now - LIFETIME[kind] - 1, kind)),
    "iat_in_future": lambda now, kind: signed(claims(now + 3600, kind)),
    "nbf_in_future": lambda now, kind: signed(claims(now, kind, nbf=now + 3600)),
    "overlong_exp": lambda now, kind: signed(claims(now, kind, exp=now + LIFETIME[kind] + 1)),
    "valid_until_9999": lambda now, kind: signed(claims(now, kind, exp=253402300799)),
    "unknown_type": lambda now, kind: signed(claims(now, kind, type="id")),
    "tampered_username": lambda now, kind: tampered(claims(now, kind), identity={"u": "eve"}),
    "tampered_exp": lambda now, kind: tampered(claims(now, kind), exp=now + 10 * 86400 * 365),
    "missing_identity": lambda now, kind: signed(claims(now, kind, identity=None)),
    "missing_exp": lambda now, kind: signed(claims(now, kind, exp=None)),
    "missing_iat": lambda now, kind: signed(claims(now, kind, iat=None)),
    "missing_type": lambda now, kind: signed(claims(now, kind, type=None)),
    "missing_sid": lambda now, kind: signed(claims(now, kind, sid=None)),
    "unknown_user": lambda now, kind: signed(claims(now, kind, identity={"u": "eve"})),
    "identity_not_object": lambda now, kind: signed(claims(now, kind, identity=USERNAME)),
    "garbage": lambda now, kind: "garbage",
    "garbage_segments": lambda now, kind: "a.b.c",
    "empty_segments": lambda now, kind: "..",
    "non_json_payload": lambda now, kind: "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
    "oversized": lambda now, kind: "A" * 64 * 1024,
}


@pytest.fixture
def now(frozen_clock: FrozenClock) -> int:
    return int(frozen_clock().timestamp())


def call(client: TestClient, method: str, path: str, headers: dict[str, Any]) -> int:
    kwargs: dict[str, Any] = {"json": {}} if method == "POST" else {}
    return client.request(method, path, headers=headers, **kwargs).status_code


def walk(client: TestClient, headers_for: Callable[[str], dict[str, Any]]) -> dict[str, int]:
    """Status of every walked route (``headers_for`` gets the token type the route wants)."""
    return {f"{method} {path}": call(client, method, path, headers_for(kind))
            for method, path, kind in ROUTES}


def assert_all_refused(statuses: dict[str, int]) -> None:
    let_in = {route: status for route, status in statuses.items() if status not in REFUSED}
    assert not let_in, let_in


def test_a_valid_token_gets_past_authentication_on_every_route(client: TestClient,
                                                               now: int) -> None:
    """The control: the unforged token passes, so every refusal below is the forgery's."""
    statuses = walk(client, lambda kind: bearer_header(signed(claims(now, kind))))
    refused = {route: status for route, status in statuses.items()
               if status in REFUSED or status >= 500 and status not in (502, 503)}
    assert not refused, refused
    assert statuses[f"POST {REFRESH}"] == statuses[f"POST {LOGOUT}"] == 200


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forged_token_is_refused_on_every_route(client: TestClient, now: int,
                                                forgery: str) -> None:
    tokens = {kind: FORGERIES[forgery](now, kind) for kind in LIFETIME}
    assert_all_refused(walk(client, lambda kind: bearer_header(tokens[kind])))


def test_refresh_token_is_refused_where_an_access_token_is_expected(client: TestClient,
                                                                    now: int) -> None:
    statuses = walk(client, lambda kind: bearer_header(signed(claims(now, "refresh"))))
    del statuses[f"POST {REFRESH}"], statuses[f"POST {LOGOUT}"]  # those take refresh tokens
    assert_all_refused(statuses)


def test_access_token_is_refused_where_a_refresh_token_is_expected(client: TestClient,
                                                                   now: int) -> None:
    access = signed(claims(now, "access"))
    response = client.post(REFRESH, headers=bearer_header(access))
    assert (response.status_code, response.json()) == (
        401, {"detail": "Could not validate credentials"})


def test_logged_out_session_is_refused_on_every_route(client: TestClient,
                                                      frozen_clock: FrozenClock) -> None:
    tokens = client.post("/api/v1/token/login", headers=basic_header()).json()
    assert client.post(LOGOUT, headers=bearer_header(tokens["refresh_token"])).status_code == 200
    by_type = {"access": tokens["access_token"], "refresh": tokens["refresh_token"]}
    assert_all_refused(walk(client, lambda kind: bearer_header(by_type[kind])))


def _basic(raw: bytes) -> dict[str, bytes]:
    return {"Authorization": b"Basic " + raw}


@pytest.mark.parametrize("headers", [
    pytest.param(_basic(base64.b64encode("frëqtrader:pässwörd".encode())), id="utf8_in_base64"),
    pytest.param(_basic(base64.b64encode("frëqtrader:pässwörd".encode("latin-1"))),
                 id="latin1_in_base64"),
    pytest.param(_basic("frëqtrader:pässwörd".encode("latin-1")), id="raw_latin1_header"),
    pytest.param(_basic(b"not base64 at all"), id="not_base64"),
    pytest.param(basic_header(USERNAME, "wrong-password"), id="wrong_password"),
    pytest.param({"Authorization": "Basic " + "A" * 64 * 1024}, id="oversized_basic"),
    pytest.param({"Authorization": "Bearer"}, id="scheme_without_token"),
    pytest.param({"Authorization": "Digest abc"}, id="unknown_scheme"),
    pytest.param({}, id="nothing"),
])
def test_crafted_header_is_refused_on_every_route(client: TestClient,
                                                  headers: dict[str, Any]) -> None:
    assert_all_refused(walk(client, lambda kind: headers))


def ws_refused(client: TestClient, token: str) -> bool:
    """Closed for policy (1008) or throttled (429); a token that passes is closed "try again
    later" (1013) here instead, as no bot is attached to stream from."""
    try:
        with client.websocket_connect(f"{WEBSOCKET}?token={token}"):
            return False
    except WebSocketDenialResponse as denial:
        return denial.status_code == 429
    except WebSocketDisconnect as closed:
        assert closed.code in (1008, 1013)
        return closed.code == 1008


def test_websocket_refuses_every_forged_and_logged_out_token(client: TestClient, now: int,
                                                             frozen_clock: FrozenClock) -> None:
    assert not ws_refused(client, signed(claims(now, "access")))  # the control
    forged = {name: make(now, "access") for name, make in FORGERIES.items()
              if name != "oversized"}  # longer than a request line may be
    tokens = client.post("/api/v1/token/login", headers=basic_header()).json()
    assert client.post(LOGOUT, headers=bearer_header(tokens["access_token"])).status_code == 200
    forged["logged_out"] = tokens["access_token"]
    forged["refresh_token"] = signed(claims(now, "refresh"))
    let_in = [name for name, token in forged.items() if not ws_refused(client, token)]
    assert not let_in
