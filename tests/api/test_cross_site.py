"""Cross-site requests: form-type bodies on state-changing routes are 415, and the optional
``api_server.allowed_hosts`` answers other Host headers with 400 (DNS rebinding).

A page on another site can POST ``text/plain`` or a form without a CORS preflight; JSON needs
the preflight, which CORS refuses to unknown origins. freqtrade-client (JSON with a ``null``
body), FreqUI (JSON, or no body) and a POST with no Content-Type and no body keep working.
"""
from __future__ import annotations

import http.client
import re
from typing import Any

import pytest
from api_helpers import basic_header
from starlette.routing import Route
from starlette.websockets import WebSocketDisconnect

from freqtrade.api.routes import all_routes
from freqtrade.api.routing import SAFE_METHODS
from freqtrade.configuration.validate import validate_config

FORM_TYPES = ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=x", "TEXT/PLAIN"]


def mutating_requests() -> list[tuple[str, str]]:
    """(method, path) of every state-changing route, path parameters filled in."""
    found = []
    for route in all_routes():
        if isinstance(route, Route):
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            found += [(method, path) for method in sorted(route.methods or ())
                      if method not in SAFE_METHODS]
    return found


def test_the_route_table_has_the_body_less_controls() -> None:
    paths = {path for _method, path in mutating_requests()}
    assert {"/api/v1/start", "/api/v1/stop", "/api/v1/pause", "/api/v1/reload_config",
            "/api/v1/forceenter", "/api/v1/token/login"} <= paths


@pytest.mark.parametrize("content_type", FORM_TYPES)
def test_every_state_changing_route_refuses_form_content_types(make_client, content_type):
    client = make_client()
    wrong = {}
    for method, path in mutating_requests():
        response = client.request(method, path, content=b"x=1",
                                  headers={"content-type": content_type, **basic_header()})
        if response.status_code != 415 or not response.json()["detail"].startswith(
                f"Content-Type {content_type.split(';')[0].lower()} is not accepted here"):
            wrong[f"{method} {path}"] = (response.status_code, response.text)
    assert wrong == {}


@pytest.mark.parametrize("headers,body", [
    ({}, b""),  # no Content-Type, no body
    ({"content-type": "application/json"}, b"null"),  # freqtrade-client
    ({"content-type": "application/json"}, b"{}"),  # FreqUI
    ({"content-type": "Application/JSON; charset=utf-8"}, b"{}"),
])
def test_json_and_body_less_posts_still_work(client, headers, body):
    response = client.post("/api/v1/test/action", content=body,
                           headers={**headers, **basic_header()})
    assert (response.status_code, response.json()) == (200, {"status": "done"})


def test_reads_are_not_judged_by_content_type(client):
    response = client.get("/api/v1/test/protected",
                          headers={"content-type": "text/plain", **basic_header()})
    assert response.status_code == 200


def test_415_comes_before_credentials_are_looked_at(client):
    response = client.post("/api/v1/test/action", content=b"x",
                           headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/json"


# --------------------------------------------------------------------------- allowed_hosts

def with_hosts(api_config: dict[str, Any], hosts: list[str] | None) -> dict[str, Any]:
    api_config["api_server"]["allowed_hosts"] = hosts
    return api_config


@pytest.mark.parametrize("hosts,allowed", [
    (["bot.example.com", "127.0.0.1"], ["bot.example.com", "BOT.example.COM:8080",
                                        "bot.example.com.", "127.0.0.1:8080"]),
    (["[::1]", "localhost"], ["[::1]:8080", "localhost"]),
])
def test_allowed_hosts_answer(make_client, api_config, hosts, allowed):
    client = make_client(config=with_hosts(api_config, hosts))
    for host in allowed:
        response = client.get("/api/v1/ping", headers={"host": host})
        assert response.status_code == 200, host


@pytest.mark.parametrize("host", ["evil.example", "bot.example.com.evil.example",
                                  "127.0.0.2", "testserver"])
def test_other_hosts_get_400(make_client, api_config, host):
    client = make_client(config=with_hosts(api_config, ["bot.example.com", "127.0.0.1"]))
    response = client.get("/api/v1/show_config", headers={"host": host, **basic_header()})
    assert response.status_code == 400
    assert response.json() == {"detail": "Host header not allowed: the request names a host "
                                         "that is not in api_server.allowed_hosts."}


def test_websocket_handshake_for_another_host_is_closed(make_client, api_config):
    client = make_client(config=with_hosts(api_config, ["bot.example.com"]))
    with pytest.raises(WebSocketDisconnect) as closed, \
            client.websocket_connect("/api/v1/message/ws?token=x",
                                     headers={"host": "evil.example"}):
        pass
    assert closed.value.code == 1008


def test_without_allowed_hosts_every_host_is_served(client):
    assert client.get("/api/v1/ping", headers={"host": "anything.example"}).status_code == 200


@pytest.fixture
def localhost_only(api_config: dict[str, Any]) -> dict[str, Any]:
    """Requested before ``live_server``, so the server starts with the allow-list."""
    return with_hosts(api_config, ["localhost"])


def test_live_server_refuses_another_host(localhost_only, live_server):
    port = localhost_only["api_server"]["listen_port"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/v1/ping", headers={"Host": "rebound.example"})
        refused = connection.getresponse()
        assert (refused.status, refused.getheader("content-type")) == (400, "application/json")
        refused.read()
        connection.request("GET", "/api/v1/ping", headers={"Host": f"localhost:{port}"})
        assert connection.getresponse().status == 200
    finally:
        connection.close()


@pytest.mark.parametrize("value", ["localhost", [], ["http://bot.example.com"],
                                   ["bot.example.com:8080"], [""], [5], ["bad host"]])
def test_allowed_hosts_is_validated_at_config_load(value):
    problems = validate_config({"api_server": {"allowed_hosts": value}})
    assert [p.split(":", 1)[0] for p in problems] == ["api_server.allowed_hosts"]


def test_valid_allowed_hosts_pass_validation():
    assert validate_config({"api_server": {"allowed_hosts": [
        "bot.example.com", "127.0.0.1", "::1", "[::1]", "localhost"]}}) == []
