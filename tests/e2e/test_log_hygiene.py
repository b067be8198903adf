"""What an attacker's request can put into the logs of ``freqtrade webserver`` (access log on).

Percent-encoded control characters in the path cannot forge lines or reach a terminal, a
websocket token hidden behind an encoded or upper-case key is redacted, and a password typed
into the username field shows only its first characters: checked in the log file, on stderr
and in the ``/logs`` answer that FreqUI displays.
"""
from __future__ import annotations

import base64
import http.client
import re
import subprocess
import sys

import pytest
import requests

from tests.cli.test_config_problems import _env, _wait_for_api, trade_config
from tests.live_bot import free_port, stop_process

USER, PASSWORD = "freqtrader", "log-hygiene-password"
WS_TOKEN = "ws-token-never-in-logs-1234"
TYPED_PASSWORD = "my-real-password-in-the-wrong-field"
FORGED = "2026-01-01 00:00:00,000 - freqtrade.bot - INFO - forged line"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw_get(port: int, target: str, headers: dict[str, str] | None = None) -> int:
    """GET exactly ``target`` (no client-side quoting)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def logged(tmp_path_factory) -> dict[str, object]:
    """Run the webserver, send the hostile requests, stop it; its three log outputs."""
    tmp = tmp_path_factory.mktemp("log_hygiene")
    port = free_port()
    path = trade_config(tmp, api_server={
        "enabled": True, "listen_ip_address": "127.0.0.1", "listen_port": port,
        "verbosity": "info", "username": USER, "password": PASSWORD,
        "jwt_secret_key": "k" * 40, "ws_token": WS_TOKEN})
    logfile = tmp / "bot.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "freqtrade", "webserver", "-c", str(path), "--logfile",
         str(logfile)], cwd=tmp, env=_env({}), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        _wait_for_api(f"http://127.0.0.1:{port}", proc, (USER, PASSWORD))
        forged = FORGED.replace(" ", "%20")
        raw_get(port, f"/api/v1/ping%0a{forged}")
        raw_get(port, "/api/v1/ping%0d%1b[2J%1b[31mred%00nul%e2%80%a8sep")
        for key in ("%74oken", "TOKEN", "to%6Ben", "ws_token"):
            raw_get(port, f"/api/v1/message/ws?pair=ETH&{key}={WS_TOKEN}")
        wrong = base64.b64encode(f"{TYPED_PASSWORD}:x".encode()).decode()
        status = raw_get(port, "/api/v1/status", {"Authorization": f"Basic {wrong}"})
        assert status == 401
        logs = requests.get(f"http://127.0.0.1:{port}/api/v1/logs", auth=(USER, PASSWORD),
                            timeout=10).json()["logs"]
    finally:
        _out, stderr = stop_process(proc)
    return {"file": logfile.read_text(encoding="utf-8"), "stderr": stderr,
            "/logs": "\n".join(record[4] for record in logs)}


OUTPUTS = ["file", "stderr", "/logs"]


@pytest.mark.parametrize("output", OUTPUTS)
def test_encoded_newline_cannot_forge_a_log_line(logged, output):
    text = logged[output]
    assert f"/api/v1/ping\\x0a{FORGED} 1.1" in text
    assert not any(line.startswith(FORGED) for line in text.splitlines())


@pytest.mark.parametrize("output", OUTPUTS)
def test_terminal_escapes_nul_and_separators_are_escaped(logged, output):
    text = logged[output]
    assert "/api/v1/ping\\x0d\\x1b[2J\\x1b[31mred\\x00nul\\u2028sep 1.1" in text
    assert not CONTROL.search(text) and "\u2028" not in text


@pytest.mark.parametrize("output", OUTPUTS)
def test_ws_token_is_redacted_behind_any_spelling_of_its_key(logged, output):
    text = logged[output]
    assert WS_TOKEN not in text
    for key in ("%74oken", "TOKEN", "to%6Ben", "ws_token"):
        assert f"/api/v1/message/ws?pair=ETH&{key}=*** 1.1" in text


@pytest.mark.parametrize("output", OUTPUTS)
def test_failed_login_logs_only_a_prefix_of_the_username(logged, output):
    text = logged[output]
    assert f"Failed API login for user 'my-r...' ({len(TYPED_PASSWORD)} characters) from " \
           "127.0.0.1." in text
    assert "real-password" not in text
