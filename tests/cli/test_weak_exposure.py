"""Weak API credentials beyond loopback: ``freqtrade trade`` / ``webserver`` refuse to start.

Each weak value stops the command with one line and exit 1 before anything is created; a strong
config gets past the check (it then meets a port held on loopback, so nothing listens on every
interface during the test); the repository's demo config, on 127.0.0.1, still starts and warns.
"""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from freqtrade.commands.userdir_commands import create_userdir
from tests.cli.test_config_problems import _env, _error_lines, _wait_for_api, run_cli, trade_config
from tests.live_bot import free_port, stop_process

REPO = Path(__file__).resolve().parents[2]
STRONG_PASSWORD = "correct-horse-battery-staple"
STRONG_TOKEN = "ws-token-of-good-length-42"


def exposed_config(tmp: Path, **api_changes) -> Path:
    api_server = {"enabled": True, "listen_ip_address": "0.0.0.0", "listen_port": free_port(),
                  "username": "freqtrader", "password": STRONG_PASSWORD,
                  "jwt_secret_key": "j" * 40, "ws_token": STRONG_TOKEN, **api_changes}
    return trade_config(tmp, api_server=api_server)


WEAK = [
    ({"password": "SuperSecret1!"}, "api_server.password is a published sample value"),
    ({"password": "SuperSecurePassword"}, "api_server.password is a published sample value"),
    ({"password": "demo-only-password"}, "api_server.password is a published sample value"),
    ({"password": "Demo-Only-Password"}, "api_server.password is a published sample value"),
    ({"password": "a"}, "api_server.password is shorter than 12 characters"),
    ({"password": "elevenchars"}, "api_server.password is shorter than 12 characters"),
    ({"ws_token": "secret_ws_t0ken."}, "api_server.ws_token is a published sample value"),
    ({"ws_token": "short-token"}, "api_server.ws_token is shorter than 12 characters"),
    ({"ws_token": [STRONG_TOKEN, "secret_ws_t0ken."]},
     "api_server.ws_token[1] is a published sample value"),
    ({"readonly_username": "viewer", "readonly_password": "viewer"},
     "api_server.readonly_password is shorter than 12 characters"),
    ({"readonly_username": "viewer", "readonly_password": "SuperSecret1!"},
     "api_server.readonly_password is a published sample value"),
]


@pytest.mark.parametrize("changes,reason", WEAK, ids=[str(c) for c, _ in WEAK])
def test_trade_refuses_a_weak_secret_beyond_loopback(tmp_path, changes, reason):
    path = exposed_config(tmp_path, **changes)
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert lines == [f"Refusing to start the API server on 0.0.0.0: {reason}; set a value of "
                     "at least 12 characters that is not a published sample (`freqtrade "
                     "new-config` generates such values), or set api_server.listen_ip_address "
                     "to 127.0.0.1."]
    assert not (tmp_path / "bot.sqlite").exists()


@pytest.mark.parametrize("changes", [{"password": "SuperSecret1!"}, {"password": "a"},
                                     {"ws_token": "secret_ws_t0ken."}, {"ws_token": "tiny"}])
def test_webserver_refuses_a_weak_secret_beyond_loopback(tmp_path, changes):
    path = exposed_config(tmp_path, **changes)
    lines = _error_lines(run_cli("webserver", "-c", str(path), cwd=tmp_path))
    assert len(lines) == 1 and lines[0].startswith("Refusing to start the API server on 0.0.0.0")


def test_every_weak_value_is_its_own_line(tmp_path):
    path = exposed_config(tmp_path, password="a", ws_token=["short", "secret_ws_t0ken."])
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert [line.split(": ", 1)[1].split(";")[0] for line in lines] == [
        "api_server.password is shorter than 12 characters",
        "api_server.ws_token[0] is shorter than 12 characters",
        "api_server.ws_token[1] is a published sample value"]


@pytest.mark.parametrize("command", ["trade", "webserver"])
def test_strong_secrets_beyond_loopback_pass_the_check(tmp_path, command):
    """The command reaches the bind (refused only because the test holds the port)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        path = exposed_config(tmp_path, listen_port=port)
        lines = _error_lines(run_cli(command, "-c", str(path), cwd=tmp_path))
    assert lines[-1].startswith(f"Could not start the API server on 0.0.0.0:{port}: ")
    assert not any("Refusing" in line for line in lines)


def test_demo_config_on_loopback_starts_and_warns(tmp_path):
    """README command 1's config (demo password, 127.0.0.1) keeps working."""
    create_userdir(tmp_path / "user_data")
    port = free_port()
    env = {"FREQTRADE__API_SERVER__LISTEN_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "freqtrade", "trade", "-c",
         str(REPO / "config_examples" / "config_demo.json"),
         "--db-url", f"sqlite:///{tmp_path / 'demo.sqlite'}"],
        cwd=tmp_path, env=_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_api(f"http://127.0.0.1:{port}", proc, ("freqtrader", "demo-only-password"))
        ping = requests.get(f"http://127.0.0.1:{port}/api/v1/ping", timeout=10)
    finally:
        _out, console = stop_process(proc)
    assert ping.json() == {"status": "pong"}
    assert ("SECURITY WARNING - api_server.password is a published sample value: acceptable on "
            "loopback only") in console
    assert "demo-only-password" not in console


def test_show_config_of_a_weak_exposed_config_still_works(tmp_path):
    """Only the commands that serve the API refuse; the config itself stays readable."""
    path = exposed_config(tmp_path, password="a")
    result = run_cli("show-config", "-c", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Refusing" not in result.stderr
