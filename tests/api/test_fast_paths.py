"""The request fast paths answer exactly like the full pipeline.

``create_app`` routes fixed paths through ``IndexedRouter`` (only the routes that can match a
path are tried) and ``RequestGuard`` does not authenticate paths only public routes serve.
The reference app here is the same app with Starlette's plain router (every route tried in
order) and authentication on every path; both get the same requests, in the same order, and
must give the same status, headers (CORS included) and body.
"""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from api_helpers import ORIGIN, basic_header, bearer_header
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Router

from freqtrade.api.app import create_app
from freqtrade.api.auth import resolve_jwt_secret
from freqtrade.api.context import ApiContext
from freqtrade.api.jwt_tokens import create_token, new_session_id
from freqtrade.api.request_guard import RequestGuard
from freqtrade.api.routing import READ, api_route
from freqtrade.enums import RunMode

OTHER_ORIGIN = "http://elsewhere.example"
# paths beyond the fixed ones: parameterised routes, a fixed path shadowed by one, unknown ones
EXTRA_PATHS = ["/api/v1/locks/7", "/api/v1/locks/delete", "/api/v1/trades/3/custom-data",
               "/api/v1/nope", "/api/v1/ping/", "/ui/some/page", "/docs/static/x.js"]
# answered with a valid token, these are figures of the moment (CPU load) or slow to build
# (every exchange): they get only the requests that do not reach their handler
NOT_CALLED = {"/api/v1/sysinfo", "/api/v1/exchanges"}


def _whoami(request: Request) -> dict[str, Any]:
    return {"user": request.user.username}


EXTRA_ROUTES = [api_route("/api/v1/test/protected", _whoami, scope=READ, mode="any")]


def full_scan_app(context: ApiContext) -> Any:
    """``create_app``'s app with Starlette's own router and no path left unauthenticated."""
    app = create_app(context, EXTRA_ROUTES)
    app.router = Router(list(app.router.routes), lifespan=app.router.lifespan_context)
    app.user_middleware = [
        Middleware(m.cls, *m.args, **{**m.kwargs, "public_paths": ()})
        if m.cls is RequestGuard else m for m in app.user_middleware]
    return app


@pytest.fixture
def twins(api_config: dict[str, Any]) -> tuple[Any, Any, str]:
    """(fast app, full-pipeline app, a valid access token); separate contexts, so each
    counts its own failed logins."""
    fast_context = ApiContext(api_config, RunMode.DRY_RUN)
    token = create_token({"u": api_config["api_server"]["username"]},
                         resolve_jwt_secret(fast_context), "access", new_session_id())
    return (create_app(fast_context, EXTRA_ROUTES),
            full_scan_app(ApiContext(api_config, RunMode.DRY_RUN)), token)


async def call(app: Any, method: str, path: str, headers: dict[str, str]) -> tuple:
    """One request straight into the ASGI app: (status, sorted headers, body)."""
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"},
             "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8080), "extensions": {},
             "headers": [(b"host", b"127.0.0.1:8080"),
                         *((k.lower().encode(), v.encode()) for k, v in headers.items())]}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], sorted(start.get("headers", [])), body


def compare(twins: tuple[Any, Any, str], requests: list[tuple[str, str, dict[str, str]]]
            ) -> list[tuple]:
    """Every request to both apps in turn; the fast app's answers (asserted equal)."""
    fast, full, _ = twins

    async def run() -> list[tuple]:
        answers = []
        for method, path, headers in requests:
            mine, reference = await call(fast, method, path, headers), \
                await call(full, method, path, headers)
            assert mine == reference, (method, path, headers)
            answers.append(mine)
        return answers

    return asyncio.run(run())


def header_variants(token: str | None) -> list[dict[str, str]]:
    """Anonymous, valid Bearer (unless None), bad Bearer, wrong password, malformed Basic."""
    return [
        {"Origin": ORIGIN},
        *([{"Origin": OTHER_ORIGIN, **bearer_header(token)}] if token else []),
        bearer_header("not-a-token"),
        {"Origin": ORIGIN, **basic_header(password="wrong")},
        {"Authorization": "Basic !!!"},
    ]


def test_every_path_answers_as_with_the_full_route_scan_and_authentication(twins) -> None:
    fast, _, token = twins
    assert "/api/v1/ping" in fast.router.public_paths
    assert "/api/v1/status" not in fast.router.public_paths
    requests = []
    for path in [*fast.router.index, *EXTRA_PATHS]:
        variants = header_variants(None if path in NOT_CALLED else token)
        requests += [("GET", path, headers) for headers in variants]
        requests += [("HEAD", path, variants[0]), ("POST", path, {"Origin": ORIGIN}),
                     ("DELETE", path, bearer_header("bad")),
                     ("OPTIONS", path, {"Origin": ORIGIN, "Access-Control-Request-Method": "GET",
                                        "Access-Control-Request-Headers": "authorization"}),
                     ("OPTIONS", path, {"Origin": OTHER_ORIGIN,
                                        "Access-Control-Request-Method": "POST"})]
    statuses = {answer[0] for answer in compare(twins, requests)}
    assert {200, 401, 404, 405, 400} <= statuses  # the requests reach every kind of answer


def test_public_ping_ignores_credentials_as_before(twins) -> None:
    _, _, token = twins
    variants = header_variants(token)
    answers = compare(twins, [("GET", "/api/v1/ping", headers) for headers in variants])
    for status, _, body in answers:
        assert status == 200 and body == b'{"status":"pong"}'
    allowed = dict(answers[0][1])
    assert allowed[b"access-control-allow-origin"] == ORIGIN.encode()
    assert allowed[b"vary"] == b"Origin"


def test_protected_route_still_authenticates_on_the_fast_router(twins) -> None:
    _, _, token = twins
    anonymous, bad, good = compare(twins, [
        ("GET", "/api/v1/test/protected", {}),
        ("GET", "/api/v1/test/protected", bearer_header("not-a-token")),
        ("GET", "/api/v1/test/protected", bearer_header(token))])
    assert anonymous[0] == 401 and bad[0] == 401
    assert (b"www-authenticate", b"Bearer") in bad[1]
    assert good[0] == 200 and good[2] == b'{"user":"freqtrader"}'
