"""The last route: every GET nobody else answered (FreqUI's SPA fallback lives here).

Unknown GETs below ``/api`` (also ``/apiary``) or starting with ``.`` (``/.env``) are JSON 404s;
any other GET gets the UI. Until a UI is installed, a small HTML page says how to get one.
Because this route only allows GET, every other method on an unknown path is a 405 with
``allow: GET``, exactly as freqtrade answers.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute

from freqtrade.api.routing import api_route

UI_NOT_INSTALLED = """<!doctype html>
<html><head><meta charset="utf-8"><title>freqtrade</title></head>
<body><h1>freqtrade UI not installed</h1>
<p>The API is running. Install the web UI with <code>freqtrade install-ui</code>.</p>
</body></html>
"""


def is_api_like(path: str) -> bool:
    """Paths that must never be answered by the UI (freqtrade's ``api*`` / ``.*`` rule)."""
    rest = path.lstrip("/")
    return rest.startswith("api") or rest.startswith(".")


async def ui_fallback(request: Request) -> HTMLResponse:
    """Placeholder for the FreqUI catch-all: JSON 404 for API-like paths, else the UI."""
    if is_api_like(request.url.path):
        raise HTTPException(404)
    return HTMLResponse(UI_NOT_INSTALLED)


ROUTES: list[BaseRoute] = [
    api_route("/{rest_of_path:path}", ui_fallback, ["GET"], scope=None,
              include_in_schema=False),
]
