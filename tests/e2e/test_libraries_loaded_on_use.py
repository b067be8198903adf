"""Libraries a bot may never need are loaded at their first use, not at start.

The JWT library (joserfc, with cryptography's compiled bindings: about 9 MB resident) loads
at the first token, and the HTTP client (requests, about 6 MB) with the CoinGecko converter,
which only a config with a fiat display currency creates. Checked on ``freqtrade trade`` as
a program, from the shared libraries its process has mapped (``/proc/<pid>/maps``): a
compiled module stays mapped once imported.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
import requests

from tests.restart.bot_process import PASSWORD, USERNAME, BotProcess, write_config

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc/<pid>/maps")

JWT_BINDINGS = "cryptography/hazmat/bindings/_rust"
HTTP_CLIENT = "/charset_normalizer/"  # compiled modules of a library requests imports


def _mapped(pid: int, marker: str) -> bool:
    return marker in Path(f"/proc/{pid}/maps").read_text()


def test_a_bot_used_with_basic_auth_loads_neither_jwt_nor_http_client(tmp_path: Path):
    bot = BotProcess(write_config(tmp_path, tmp_path / "tradesv3.sqlite"), tmp_path / "bot.log")
    try:
        for path in ("status", "profit", "balance", "trades", "show_config"):
            assert bot.get(path).status_code == 200, path
        assert not _mapped(bot.proc.pid, JWT_BINDINGS)
        assert not _mapped(bot.proc.pid, HTTP_CLIENT)

        login = requests.post(f"{bot.base_url}/token/login", auth=(USERNAME, PASSWORD),
                              timeout=30)
        assert login.status_code == 200
        assert _mapped(bot.proc.pid, JWT_BINDINGS)
        bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
        assert requests.get(f"{bot.base_url}/status", headers=bearer,
                            timeout=30).status_code == 200
        signed, signature = login.json()["access_token"].rsplit(".", 1)
        other = "B" if signature[0] == "A" else "A"  # the first character: all 6 bits count
        forged = {"Authorization": f"Bearer {signed}.{other}{signature[1:]}"}
        assert requests.get(f"{bot.base_url}/status", headers=forged,
                            timeout=30).status_code == 401
    finally:
        assert bot.stop(signal.SIGTERM) == 0
