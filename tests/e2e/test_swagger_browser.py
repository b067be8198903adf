"""Swagger UI at /docs really renders: headless Chromium loads it offline and lists operations.

Chromium comes from Debian's ``chromium`` package; the fixture installs it when it is absent
and the machine allows it (root + apt-get), and skips with the reason otherwise.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.server import ApiServer
from freqtrade.enums import RunMode
from tests.e2e.conftest import free_port

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
INSTALL_TIMEOUT = 900


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def install_chromium() -> str:
    """Install Debian's chromium; returns why not when that is impossible here."""
    if shutil.which("apt-get") is None:
        return "no apt-get on this machine"
    if os.geteuid() != 0:
        return "not root, cannot apt-get install chromium"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"{' '.join(command)} timed out"
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return ""


@pytest.fixture(scope="session")
def chromium() -> str:
    browser = find_browser()
    if browser is None:
        problem = install_chromium()
        browser = find_browser()
        if browser is None:
            pytest.skip(f"Chromium is not available and could not be installed: {problem}")
    return browser


@pytest.fixture
def docs_server(tmp_path):
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
