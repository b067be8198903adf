"""Swagger UI at /docs really renders: headless Chromium loads it offline and lists operations.

The browser is part of the test set-up (``tests/setup_env.py``, run by README command 2 and
``.ci/run``); without one on PATH the test skips and says so.
"""
from __future__ import annotations

import subprocess

import pytest

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.server import ApiServer
from freqtrade.enums import RunMode
from tests.setup_env import find_browser


@pytest.fixture(scope="session")
def chromium() -> str:
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium on PATH: `.venv/bin/python tests/setup_env.py` installs "
                    "Debian's chromium when run as root")
    return browser


@pytest.fixture
def docs_server(tmp_path, free_port):
    port = free_port()
    config = {"runmode": RunMode.WEBSERVER, "user_data_dir": str(tmp_path),
              "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1",
                             "listen_port": port, "username": "u", "password": "p" * 12,
                             "jwt_secret_key": "s" * 40, "enable_openapi": True}}
    context = ApiContext(config, RunMode.WEBSERVER)
    server = ApiServer(context, create_app(context))
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_swagger_ui_renders_the_operations(chromium, docs_server, tmp_path):
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=15000", "--dump-dom", f"{docs_server}/docs"],
        capture_output=True, text=True, timeout=120)
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert "swagger-ui" in dom and "Freqtrade API" in dom, dom[:2000]
    assert dom.count('class="opblock ') >= 50  # one block per operation
    for path in ("/api/v1/status", "/api/v1/forceenter", "/api/v1/pair_candles"):
        assert path in dom
