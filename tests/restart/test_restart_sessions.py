"""API sessions across real process restarts and a password change applied by reload_config.

A logout is stored in the bot's SQLite file, so the next process refuses that session's
tokens while other sessions keep working; a password changed in the config file and applied
with ``/reload_config`` ends every session issued before.
"""
from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import requests

from tests.restart.bot_process import PASSWORD, USERNAME, BotProcess, write_config

NEW_PASSWORD = "a-rotated-password-456"
RELOAD_TIMEOUT = 60.0


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(bot: BotProcess, password: str = PASSWORD) -> dict[str, str]:
    response = requests.post(f"{bot.base_url}/token/login", auth=(USERNAME, password),
                             timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def refresh_status(bot: BotProcess, refresh: str) -> int:
    return requests.post(f"{bot.base_url}/token/refresh", headers=bearer(refresh),
                         timeout=30).status_code


def access_status(bot: BotProcess, access: str) -> int:
    return requests.get(f"{bot.base_url}/version", headers=bearer(access),
                        timeout=30).status_code


def wait_for_password(bot: BotProcess, password: str) -> None:
    """Until the reloaded API accepts ``password`` (it restarts when its section changed)."""
    deadline = time.monotonic() + RELOAD_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{bot.base_url}/version", auth=(USERNAME, password),
                            timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the reloaded API did not accept the new password:\n{bot.log}")


def test_logout_survives_a_restart_and_a_reloaded_password_ends_every_session(
        tmp_path: Path) -> None:
    db_file = tmp_path / "tradesv3.sqlite"
    config_file = write_config(tmp_path, db_file)
    first = BotProcess(config_file, tmp_path / "first.log")
    try:
        ended, kept = login(first), login(first)
        logout = requests.post(f"{first.base_url}/token/logout",
                               headers=bearer(ended["refresh_token"]), timeout=30)
        assert (logout.status_code, logout.json()) == (200, {"status": "Logged out."})
    finally:
        first.stop(signal.SIGTERM)

    second = BotProcess(config_file, tmp_path / "second.log")
    try:
        assert refresh_status(second, ended["refresh_token"]) == 401
        assert access_status(second, ended["access_token"]) == 401
        assert refresh_status(second, kept["refresh_token"]) == 200
        assert access_status(second, kept["access_token"]) == 200

        config = json.loads(config_file.read_text())
        config["api_server"]["password"] = NEW_PASSWORD
        config_file.write_text(json.dumps(config))
        assert second.post("reload_config", {}).status_code == 200
        wait_for_password(second, NEW_PASSWORD)
        assert refresh_status(second, kept["refresh_token"]) == 401
        assert access_status(second, kept["access_token"]) == 401
        assert access_status(second, login(second, NEW_PASSWORD)["access_token"]) == 200
    finally:
        second.stop(signal.SIGTERM)
