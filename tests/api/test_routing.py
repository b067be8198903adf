"""Ping, the 404/405 fall-through of freqtrade's route table, and the UI placeholder."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from api_helpers import basic_header
from starlette.requests import Request

from freqtrade.api.routing import READ, api_route

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient


def test_ping_get_needs_no_auth(client: TestClient) -> None:
    response = client.get("/api/v1/ping")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"status": "pong"}


def test_ping_head_is_empty_json(client: TestClient) -> None:
    response = client.head("/api/v1/ping")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == b""


def test_ping_ignores_bad_credentials(client: TestClient) -> None:
    response = client.get("/api/v1/ping", headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 200


@pytest.mark.parametrize("method,path,status,allow", [
    ("GET", "/api/v1/invalid_url", 404, None),
    ("GET", "/apiary", 404, None),
    ("GET", "/.env", 404, None),
    ("GET", "/api/v1/test/action", 404, None),  # GET on a POST-only route: catch-all wins
    ("POST", "/api/v1/invalid_url", 405, "GET"),
    ("DELETE", "/something", 405, "GET"),
    ("PUT", "/api/v1/ping", 405, "GET, HEAD"),
    ("POST", "/api/v1/test/protected", 405, "GET"),  # non-GET on a GET-only route
    ("HEAD", "/api/v1/test/protected", 405, "GET"),
    ("HEAD", "/", 405, "GET"),
    ("OPTIONS", "/api/v1/test/protected", 405, "GET"),  # not a CORS preflight
    ("PUT", "/api/v1/blacklist", 405, "GET, POST, DELETE"),  # three routes, one path
    ("OPTIONS", "/api/v1/locks", 405, "GET, POST"),
    # /locks/delete also matches /locks/{lockid}; its own route's methods are the answer
    ("OPTIONS", "/api/v1/locks/delete", 405, "POST"),
    ("PUT", "/api/v1/locks/3", 405, "DELETE"),
    ("PATCH", "/api/v1/pair_history", 405, "GET, POST"),
])
def test_fall_through(client: TestClient, method: str, path: str, status: int,
                      allow: str | None) -> None:
    response = client.request(method, path, headers=basic_header())
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.headers.get("allow") == allow
    if method != "HEAD":
        expected = "Not Found" if status == 404 else "Method Not Allowed"
        assert response.json() == {"detail": expected}


def test_unknown_api_get_is_404_even_unauthenticated(client: TestClient) -> None:
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("path", ["/", "/trade", "/dashboard", "/docs", "/redoc", "/x/y.js"])
def test_other_gets_reach_the_ui_placeholder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "freqtrade install-ui" in response.text


def test_wrong_method_on_protected_route_is_405_before_auth(client: TestClient) -> None:
    response = client.post("/api/v1/test/protected")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}


def _where_sync(request: Request) -> dict[str, str]:
    return {"thread": threading.current_thread().name}


async def _where_async(request: Request) -> dict[str, str]:
    return {"thread": threading.current_thread().name}


def test_sync_handlers_run_in_the_threadpool(make_client: MakeClient) -> None:
    client = make_client([api_route("/api/v1/test/sync", _where_sync, scope=READ, mode="any"),
                          api_route("/api/v1/test/async", _where_async, scope=READ,
                                    mode="any")])
    sync_thread = client.get("/api/v1/test/sync", headers=basic_header()).json()["thread"]
    loop_thread = client.get("/api/v1/test/async", headers=basic_header()).json()["thread"]
    assert sync_thread != loop_thread
    assert sync_thread.startswith("AnyIO worker thread")
