"""CORS for multi-bot FreqUI setups: exact origins from ``api_server.CORS_origins`` only.

Browsers send ``Origin`` as ``scheme://host[:port]`` with nothing after it, so an entry with a
trailing slash or a path silently never matches; that is the most reported FreqUI "login
failed" cause (freqtrade #8222). ``validate_cors_origins`` says how to write each bad entry.
``*`` is refused because credentials are allowed. The config loader checks the same rules;
this is defence in depth.

``ConfigCORSMiddleware`` wraps Starlette's ``CORSMiddleware`` and rebuilds it when a config
reload changes the origin list, so the app never needs rebuilding for it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger(__name__)


def _origin_problem(origin: Any) -> str | None:
    if not isinstance(origin, str) or not origin:
        return f"CORS origin {origin!r} must be a non-empty string like 'http://192.168.1.10:8080'"
    if origin == "*":
        return ("CORS origin '*' is not allowed (credentials are sent); list each UI origin, "
                "e.g. 'http://192.168.1.10:8080'")
    try:
        parts = urlsplit(origin)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return f"CORS origin {origin!r} is not a valid URL; write it as 'http://host:port'"
    base = f"{parts.scheme}://{parts.netloc}"
    if parts.scheme not in ("http", "https"):
        return (f"CORS origin {origin!r} must start with http:// or https://, "
                "e.g. 'http://192.168.1.10:8080'")
    if not parts.hostname or "@" in parts.netloc:
        return f"CORS origin {origin!r} needs a host and no user info, e.g. 'http://host:8080'"
    if parts.path == "/" and not parts.query and not parts.fragment:
        return f"CORS origin {origin!r} has a trailing slash; write it as {base!r}"
    if parts.path or parts.query or parts.fragment or origin.endswith(("?", "#")):
        return (f"CORS origin {origin!r} must not contain a path, query or fragment; "
                f"write it as {base!r}")
    if origin != origin.lower():
        return f"CORS origin {origin!r} must be lower-case; write it as {origin.lower()!r}"
    if (parts.scheme, parts.port) in (("http", 80), ("https", 443)):
        return (f"CORS origin {origin!r} names the default port, which browsers omit; "
                f"write it as '{parts.scheme}://{parts.netloc.rsplit(':', 1)[0]}'")
    return None


def validate_cors_origins(origins: Any) -> list[str]:
    """Problems with a ``CORS_origins`` value, one readable message each (empty = valid)."""
    if origins is None:
        return []
    if isinstance(origins, str) or not isinstance(origins, Sequence):
        return [f"api_server.CORS_origins must be a list of origins, got {origins!r}"]
    problems = [_origin_problem(origin) for origin in origins]
    return [problem for problem in problems if problem]


def cors_middleware(app: ASGIApp, origins: Sequence[str]) -> CORSMiddleware:
    """Starlette's CORS with freqtrade's settings (credentials, all methods and headers)."""
    return CORSMiddleware(app, allow_origins=list(origins), allow_credentials=True,
                          allow_methods=["*"], allow_headers=["*"])


class ConfigCORSMiddleware:
    """CORS driven by the live config: rebuilt when the origin list changes."""

    def __init__(self, app: ASGIApp, origins_getter: Callable[[], Any]) -> None:
        self.app = app
        self.origins_getter = origins_getter
        self._origins: tuple[Any, ...] | None = None
        self._inner: CORSMiddleware | None = None

    def _current(self) -> CORSMiddleware:
        raw = self.origins_getter() or []
        origins = tuple(raw) if isinstance(raw, list | tuple) else (raw,)
        if self._inner is None or origins != self._origins:
            problems = validate_cors_origins(list(origins))
            for problem in problems:
                logger.error("%s - ignoring this entry.", problem)
            valid = [o for o in origins if _origin_problem(o) is None]
            self._inner = cors_middleware(self.app, valid)
            self._origins = origins
        return self._inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self._current()(scope, receive, send)
