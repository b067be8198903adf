"""The one rule for ``api_server.CORS_origins`` entries, shared by config validation and the app.

Browsers send ``Origin`` as ``scheme://host[:port]`` (lower-case, default port omitted, nothing
after it), and CORS compares it exactly: an entry written any other way silently never matches,
the most reported cause of FreqUI's "login failed". ``*`` is refused because the API allows
credentials. Nothing here imports the web layer.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

EXAMPLE = '"http://192.168.1.10:8080"'


def origin_problem(origin: Any) -> str | None:
    """Why ``origin`` can never match a browser's ``Origin`` header (None when it is fine)."""
    if not isinstance(origin, str) or not origin:
        return f"{origin!r} must be a non-empty string like {EXAMPLE}"
    if origin == "*":
        return f'"*" is not allowed (credentials are sent); list each UI origin, e.g. {EXAMPLE}'
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return f'"{origin}" is not a valid URL; write it as "http://host:port"'
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return f'"{origin}" must look like "http://host:port" (scheme http or https)'
    bare = f"{parts.scheme}://{parts.netloc}"
    if origin != bare:
        return (f'"{origin}" must be an origin without a trailing slash or path; write it as '
                f'"{bare}"')
    if origin != origin.lower():
        return f'"{origin}" must be lower-case; write it as "{origin.lower()}"'
    if (parts.scheme, port) in (("http", 80), ("https", 443)):
        return (f'"{origin}" names the default port, which browsers omit; write it as '
                f'"{parts.scheme}://{parts.netloc.rsplit(":", 1)[0]}"')
    return None


def origin_problems(origins: Any) -> list[str]:
    """Every problem of a ``CORS_origins`` value, as ``api_server.CORS_origins[i]: why``."""
    if origins is None:
        return []
    if isinstance(origins, str) or not isinstance(origins, Sequence):
        return ["api_server.CORS_origins: must be a list of origins"]
    return [f"api_server.CORS_origins[{index}]: {problem}"
            for index, origin in enumerate(origins)
            if (problem := origin_problem(origin)) is not None]
