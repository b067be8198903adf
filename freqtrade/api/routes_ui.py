"""The UI routes, served after every API route, with the rules of freqtrade's web UI mount.

``/favicon.ico``, ``/fallback_file.html``, ``/ui_version``, then a GET catch-all: paths that
start with ``api`` or ``.`` get a JSON 404 (an API typo never answers HTML); a file inside the
UI folder is served as is (``.js`` as ``application/javascript``); anything else gets the SPA's
``index.html``, or the install hint page while no UI is installed. Because the catch-all only
allows GET, other methods on unknown paths answer 405 with ``allow: GET``, as freqtrade does.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from freqtrade.api.routing import get_config
from freqtrade.api.ui_folder import STATIC_DIR, installed_version, resolve_file, ui_folder

FALLBACK_FILE = STATIC_DIR / "fallback_file.html"


def is_api_like(path: str) -> bool:
    """Paths that must never be answered by the UI (freqtrade's ``api*`` / ``.*`` rule)."""
    rest = path.lstrip("/")
    return rest.startswith("api") or rest.startswith(".")


async def favicon(request: Request) -> Response:
    """The UI's icon, or ours while no UI is installed."""
    found = resolve_file(ui_folder(get_config(request)), "favicon.ico")
    return FileResponse(found or STATIC_DIR / "favicon.ico", media_type="image/x-icon")


async def fallback_file(request: Request) -> Response:
    return FileResponse(FALLBACK_FILE, media_type="text/html")


async def ui_version(request: Request) -> dict[str, str]:
    """The installed FreqUI release, or "not_installed"."""
    return {"version": installed_version(ui_folder(get_config(request)))}


async def ui_fallback(request: Request) -> Response:
    """A UI file, else the SPA's index.html, else the install hint; JSON 404 for API paths."""
    path = request.path_params.get("rest_of_path", "")
    if is_api_like(path):
        raise HTTPException(404)
    folder = ui_folder(get_config(request))
    found = resolve_file(folder, path) if path else None
    if found is not None:
        media_type = "application/javascript" if found.suffix == ".js" else None
        return FileResponse(found, media_type=media_type)
    index = resolve_file(folder, "index.html")
    if index is not None:
        return FileResponse(index, media_type="text/html")
    return FileResponse(FALLBACK_FILE, media_type="text/html")
