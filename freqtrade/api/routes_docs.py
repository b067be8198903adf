"""``/openapi.json`` (always public, as in freqtrade) and Swagger UI at ``/docs``.

Swagger UI is served from the ``swagger-ui-bundle-v2`` package's files (Apache-2.0 licensed
Swagger UI assets), so it works on a machine without internet. With ``enable_openapi`` off,
``/docs`` falls through to the UI catch-all like any other unknown page.
"""
from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from freqtrade.api.openapi import build_openapi
from freqtrade.api.responses import ApiJSONResponse
from freqtrade.api.routes_ui import ui_fallback
from freqtrade.api.ui_folder import resolve_file

_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
           "favicon-32x32.png", "favicon-16x16.png", "oauth2-redirect.html",
           "oauth2-redirect.js")
DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Freqtrade API - Swagger UI</title>
  <link rel="stylesheet" href="/docs/static/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/static/swagger-ui-bundle.js"></script>
  <script src="/docs/static/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/static/init.js"></script>
</body>
</html>
"""
INIT_JS = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "BaseLayout",
  oauth2RedirectUrl: window.location.origin + "/docs/oauth2-redirect",
});
"""


def _find_assets() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


SWAGGER_DIR = _find_assets()


def _docs_enabled(request: Request) -> bool:
    return bool(request.app.state.context.api_config.get("enable_openapi", False))


async def openapi_json(request: Request) -> Response:
    """The OpenAPI document of every API route."""
    document = getattr(request.app.state, "openapi_document", None)
    if document is None:
        document = build_openapi(request.app.routes)
        request.app.state.openapi_document = document
    return ApiJSONResponse(document)


async def docs(request: Request) -> Response:
    """Swagger UI when ``enable_openapi`` is on; otherwise whatever the UI route answers."""
    if not _docs_enabled(request) or SWAGGER_DIR is None:
        return await ui_fallback(request)
    return HTMLResponse(DOCS_PAGE)


async def oauth2_redirect(request: Request) -> Response:
    if not _docs_enabled(request) or SWAGGER_DIR is None:
        return await ui_fallback(request)
    return FileResponse(SWAGGER_DIR / "oauth2-redirect.html", media_type="text/html")


async def docs_asset(request: Request, name: str) -> Response:
    """The Swagger UI files the page loads (a fixed list; nothing else in the folder)."""
    if not _docs_enabled(request) or SWAGGER_DIR is None:
        return await ui_fallback(request)
    if name == "init.js":
        return Response(INIT_JS, media_type="application/javascript")
    found = resolve_file(SWAGGER_DIR, name) if name in _ASSETS else None
    if found is None:
        raise HTTPException(404)
    media_type = "application/javascript" if found.suffix == ".js" else None
    return FileResponse(found, media_type=media_type)
