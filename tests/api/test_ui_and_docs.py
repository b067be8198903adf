"""Serving FreqUI, the install hint, /ui_version, /openapi.json and the offline Swagger UI."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from api_helpers import free_port

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.server import ApiServer
from freqtrade.enums import RunMode

SECRET = "do-not-serve-this"


@pytest.fixture
def ui_dir(tmp_path: Path) -> Path:
    """A FreqUI-shaped build in <user_data>/ui/installed, and a secret file beside it."""
    folder = tmp_path / "user_data" / "ui" / "installed"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<html><body>FreqUI index</body></html>")
    (folder / "assets" / "index-abc.js").write_text("console.log('freqUI');")
    (folder / "assets" / "style.css").write_text("body {}")
    (folder / "favicon.ico").write_bytes(b"\x00\x00\x01\x00ui-icon")
    (folder / ".uiversion").write_text("2.3.4\n")
    (tmp_path / "user_data" / "secret.txt").write_text(SECRET)
    (tmp_path / "secret.txt").write_text(SECRET)
    (folder / "escape").symlink_to(tmp_path)
    return folder


@pytest.fixture
def ui_config(api_config: dict[str, Any], ui_dir: Path) -> dict[str, Any]:
    api_config["user_data_dir"] = str(ui_dir.parent.parent)
    return api_config


def test_installed_ui_is_served_with_spa_fallback(make_client, ui_config):
    client = make_client(config=ui_config)
    assert "FreqUI index" in client.get("/").text
    deep_link = client.get("/trade/42")
    assert deep_link.status_code == 200 and "FreqUI index" in deep_link.text
    script = client.get("/assets/index-abc.js")
    assert script.headers["content-type"].startswith("application/javascript")
    assert script.text == "console.log('freqUI');"
    assert client.get("/assets/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/ui_version").json() == {"version": "2.3.4"}
    assert client.get("/favicon.ico").content.endswith(b"ui-icon")


@pytest.mark.parametrize("path", ["/api", "/apiary", "/api/v1/nothing", "/.env", "/.git/config"])
def test_api_like_and_dot_paths_never_get_html(make_client, ui_config, path):
    response = make_client(config=ui_config).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_without_ui_the_install_hint_is_served(make_client, api_config, tmp_path):
    api_config["user_data_dir"] = str(tmp_path / "empty")
    client = make_client(config=api_config)
    assert client.get("/ui_version").json() == {"version": "not_installed"}
    for path in ("/", "/dashboard", "/fallback_file.html"):
        page = client.get(path)
        assert page.status_code == 200 and "freqtrade install-ui" in page.text
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"


def test_ui_folder_can_be_configured(make_client, api_config, ui_dir):
    api_config["api_server"]["ui_folder"] = str(ui_dir)
    assert make_client(config=api_config).get("/ui_version").json() == {"version": "2.3.4"}


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """Send the request target byte for byte (HTTP clients would normalise the dots)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/secret.txt",
    "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%5c..%5csecret.txt", "/escape/secret.txt", "/escape/user_data/secret.txt",
    "//etc/passwd", "/%2fetc%2fpasswd", "/assets/%00index-abc.js",
])
def test_traversal_out_of_the_ui_folder_is_impossible(ui_config, target):
    ui_config["api_server"]["listen_port"] = port = free_port()
    context = ApiContext(ui_config, RunMode.DRY_RUN)
    server = ApiServer(context, create_app(context))
    server.start()
    try:
        status, body = raw_get(port, target)
    finally:
        server.stop()
    assert SECRET.encode() not in body and b"root:" not in body
    assert status in (200, 400, 404)
    if status == 200:
        assert b"FreqUI index" in body  # the SPA fallback, never the file


def test_openapi_json_is_public_and_docs_follow_the_switch(make_client, api_config, tmp_path):
    api_config["user_data_dir"] = str(tmp_path)
    off = make_client(config=api_config)
    assert off.get("/openapi.json").json()["info"]["title"] == "Freqtrade API"
    page = off.get("/docs")
    assert page.status_code == 200 and "swagger-ui" not in page.text  # the UI route answered
    assert "swagger" not in off.get("/docs/static/swagger-ui-bundle.js").text.lower()

    api_config["api_server"]["enable_openapi"] = True
    on = make_client(config=api_config)
    docs = on.get("/docs")
    assert docs.headers["content-type"].startswith("text/html")
    assert '<div id="swagger-ui">' in docs.text and "cdn" not in docs.text.lower()
    bundle = on.get("/docs/static/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("application/javascript")
    assert len(bundle.content) > 100_000
    assert "/openapi.json" in on.get("/docs/static/init.js").text
    assert on.get("/docs/static/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert on.get("/docs/static/index.j2").status_code == 404  # only the listed assets
    escaped = on.get("/docs/static/..%2f__init__.py")  # not an asset name: the UI answers
    assert "swagger_ui_path" not in escaped.text and "text/html" in escaped.headers["content-type"]
    assert on.get("/docs/oauth2-redirect").status_code == 200


def _loaded_after(code: str) -> set[str]:
    """The ``freqtrade.api`` modules a fresh interpreter has loaded after running ``code``."""
    script = code + "\nimport sys\nprint(' '.join(m for m in sys.modules if 'freqtrade.api' in m))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=60, cwd=Path(__file__).parents[2])
    return set(out.stdout.split())


def test_install_ui_helper_does_not_load_the_app() -> None:
    assert _loaded_after("import freqtrade.api.ui_folder") == {
        "freqtrade.api", "freqtrade.api.ui_folder"}


def test_response_models_load_only_with_the_openapi_document() -> None:
    build = ("from freqtrade.api.app import create_app\n"
             "from freqtrade.api.context import ApiContext\n"
             "app = create_app(ApiContext({'api_server': {}}, 'dry_run'))\n")
    assert "freqtrade.api.response_models" not in _loaded_after(build)
    document = build + "from freqtrade.api.openapi import build_openapi\nbuild_openapi(app.routes)"
    assert "freqtrade.api.response_models" in _loaded_after(document)
