"""The real hypercorn server thread: start, serve, stop, refusals, logging."""
from __future__ import annotations

import http.client
import logging
import os
import signal
import socket
import threading
import time
from typing import Any

import pytest
import requests
from api_helpers import basic_header, free_port

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.server import ApiServer, check_listen_security
from freqtrade.enums import RunMode
from freqtrade.exceptions import OperationalException

TIMEOUT = 5


def api_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ApiServer"]


def assert_port_free(port: int) -> None:
    # SO_REUSEADDR like any server: closed client connections may linger in TIME_WAIT
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()


def make_server(api_config: dict[str, Any], **api_changes: Any) -> ApiServer:
    api_config["api_server"].update({"listen_port": free_port(), **api_changes})
    context = ApiContext(api_config, RunMode.DRY_RUN)
    return ApiServer(context, create_app(context))


def test_serves_requests_and_stops_cleanly(api_config: dict[str, Any],
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    server = make_server(api_config)
    port = api_config["api_server"]["listen_port"]
    try:
        server.start()
        assert [t.daemon for t in api_threads()] == [True]
        base = f"http://127.0.0.1:{port}"
        response = requests.get(f"{base}/api/v1/ping", timeout=TIMEOUT)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"status": "pong"}
        head = requests.head(f"{base}/api/v1/ping", timeout=TIMEOUT)
        assert (head.status_code, head.content) == (200, b"")
        login = requests.post(f"{base}/api/v1/token/login", headers=basic_header(),
                              timeout=TIMEOUT)
        assert login.status_code == 200
        assert login.headers["cache-control"] == "no-store"
        with requests.Session() as keep_alive:  # an idle keep-alive must not block stop()
            assert keep_alive.get(f"{base}/api/v1/ping", timeout=TIMEOUT).status_code == 200
            started = time.monotonic()
            server.stop()
            assert time.monotonic() - started < 5
    finally:
        server.stop()
    assert api_threads() == []
    assert_port_free(port)
    assert f"Starting HTTP Server at 127.0.0.1:{port}" in caplog.text
    assert "Stopping API Server" in caplog.text


def test_one_keep_alive_connection_serves_requests_with_and_without_bodies(
        live_server: tuple[ApiServer, str]) -> None:
    """GETs with no body, a ``null`` body (the official client's) and a chunked body, sent
    back to back on one connection: every one answered, the connection never closed."""
    _, base = live_server
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    sent = [({}, None), ({"Content-Type": "application/json"}, b"null"),
            ({"Content-Type": "application/json"}, iter([b"nu", b"ll"])), ({}, None)] * 2
    try:
        conn.connect()
        opened = conn.sock
        for headers, body in sent:
            conn.request("GET", "/api/v1/ping", body=body, headers=headers)
            response = conn.getresponse()
            assert (response.status, response.read()) == (200, b'{"status":"pong"}')
            assert not response.will_close
            assert conn.sock is opened  # http.client reconnects after a closed connection
    finally:
        conn.close()


def test_a_keep_alive_connection_is_not_closed_after_a_thousand_requests(
        live_server: tuple[ApiServer, str]) -> None:
    """hypercorn's default closes it after 1,000 (``connection: close`` on the last answer):
    a client polling several times a second would reconnect every few minutes."""
    _, base = live_server
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        conn.connect()
        opened = conn.sock
        for _ in range(1_050):
            conn.request("GET", "/api/v1/ping")
            response = conn.getresponse()
            assert (response.status, response.read()) == (200, b'{"status":"pong"}')
            assert response.getheader("connection") is None
            assert conn.sock is opened
    finally:
        conn.close()


def test_live_server_fixture(live_server: tuple[ApiServer, str]) -> None:
    server, base = live_server
    assert server.running
    response = requests.post(f"{base}/api/v1/token/login", headers=basic_header(),
                             timeout=TIMEOUT)
    assert response.status_code == 200
    assert set(response.json()) == {"access_token", "refresh_token"}


def test_port_in_use_is_a_clear_error(api_config: dict[str, Any]) -> None:
    server = make_server(api_config)
    port = api_config["api_server"]["listen_port"]
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", port))
        blocker.listen()
        with pytest.raises(OperationalException, match=f"127.0.0.1:{port}.*listen_port"):
            server.start()
    assert not server.running
    assert api_threads() == []


@pytest.mark.parametrize("missing", ["password", "username"])
def test_refuses_external_listen_without_credentials(api_config: dict[str, Any],
                                                     missing: str) -> None:
    server = make_server(api_config, listen_ip_address="0.0.0.0", **{missing: ""})
    with pytest.raises(OperationalException, match="127.0.0.1"):
        server.start()
    assert api_threads() == []


@pytest.mark.parametrize("in_docker", [False, True])
def test_weak_password_beyond_loopback_is_refused_inside_docker_too(
        api_config: dict[str, Any], in_docker: bool) -> None:
    api = {**api_config["api_server"], "listen_ip_address": "0.0.0.0", "password": "short"}
    with pytest.raises(OperationalException, match="api_server.password is shorter than 12"):
        check_listen_security(api, in_docker=in_docker)
    server = make_server(api_config, listen_ip_address="0.0.0.0", ws_token="secret_ws_t0ken.",
                         password="a-strong-password-of-our-own")
    with pytest.raises(OperationalException, match="api_server.ws_token is a published sample"):
        server.start()
    assert api_threads() == []


def test_weak_secrets_on_loopback_only_warn(api_config: dict[str, Any],
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    for host in ("127.0.0.1", "::1", "::ffff:127.0.0.1", "localhost"):
        check_listen_security({**api_config["api_server"], "listen_ip_address": host,
                               "ws_token": "tiny"}, in_docker=False)
    assert caplog.text.count("SECURITY WARNING - api_server.password is a published sample "
                             "value: acceptable on loopback only") == 4
    assert caplog.text.count("api_server.ws_token is shorter than 12 characters") == 4
    assert api_config["api_server"]["password"] not in caplog.text


def test_external_listen_warnings(api_config: dict[str, Any],
                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    api = {**api_config["api_server"], "listen_ip_address": "0.0.0.0",
           "password": "a-strong-password-of-our-own"}
    check_listen_security(api, in_docker=False)
    assert "SECURITY WARNING - Local Rest Server listening to external connections" in caplog.text
    assert ("SECURITY WARNING - This is insecure please set to your loopback,e.g 127.0.0.1 in "
            "config.json") in caplog.text
    caplog.clear()
    check_listen_security(api, in_docker=True)
    check_listen_security({**api, "listen_ip_address": "127.0.0.1"}, in_docker=False)
    assert "SECURITY WARNING" not in caplog.text


def test_empty_password_on_loopback_only_warns(api_config: dict[str, Any],
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    check_listen_security({**api_config["api_server"], "password": ""}, in_docker=False)
    assert "SECURITY WARNING - No password for local REST Server defined." in caplog.text


@pytest.mark.parametrize("verbosity,logged", [("info", True), ("error", False)])
def test_access_log_follows_verbosity_and_redacts_tokens(
        api_config: dict[str, Any], caplog: pytest.LogCaptureFixture, verbosity: str,
        logged: bool) -> None:
    caplog.set_level(logging.INFO)
    server = make_server(api_config, verbosity=verbosity)
    port = api_config["api_server"]["listen_port"]
    server.start()
    try:
        url = f"http://127.0.0.1:{port}/api/v1/ping?pair=ETH&token=s3cr3t-ws-token"
        assert requests.get(url, timeout=TIMEOUT).status_code == 200
    finally:
        server.stop()  # joins the thread, so the access line has been emitted
    access = [r.getMessage() for r in caplog.records if r.name == "freqtrade.api.access"]
    assert "s3cr3t-ws-token" not in caplog.text
    if logged:
        assert len(access) == 1
        assert "/api/v1/ping?pair=ETH&token=*** " in access[0]
        assert '" 200 ' in access[0]
    else:
        assert access == []


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signal handlers need the main thread")
def test_run_forever_returns_on_sigterm(api_config: dict[str, Any]) -> None:
    server = make_server(api_config)
    previous = signal.getsignal(signal.SIGTERM)

    def send_sigterm() -> None:
        deadline = time.monotonic() + TIMEOUT
        while not server.running and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    sender = threading.Thread(target=send_sigterm)
    sender.start()
    started = time.monotonic()
    server.run_forever()
    sender.join(TIMEOUT)
    assert time.monotonic() - started < TIMEOUT
    assert not server.running
    assert api_threads() == []
    assert signal.getsignal(signal.SIGTERM) == previous


def test_websocket_token_never_reaches_the_log(api_config: dict[str, Any],
                                               caplog: pytest.LogCaptureFixture) -> None:
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    caplog.set_level(logging.DEBUG)
    api_config["api_server"]["ws_token"] = "s3cr3t-ws-token"
    server = make_server(api_config, verbosity="info")
    port = api_config["api_server"]["listen_port"]
    server.start()
    try:
        for token in ("s3cr3t-ws-token", "wrong-s3cr3t"):
            with pytest.raises(InvalidStatus):  # no bot attached / bad token: refused
                connect(f"ws://127.0.0.1:{port}/api/v1/message/ws?token={token}",
                        open_timeout=10)
    finally:
        server.stop()
    access = [r.getMessage() for r in caplog.records if r.name == "freqtrade.api.access"]
    assert len([line for line in access if "/api/v1/message/ws?token=*** " in line]) == 2
    server_side = [r.getMessage() for r in caplog.records
                   if not r.name.startswith("websockets")]  # the test's own client logs URLs
    assert not [line for line in server_side if "s3cr3t" in line]
