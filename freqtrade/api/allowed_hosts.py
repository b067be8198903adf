"""``api_server.allowed_hosts``: answer only requests whose Host header names this bot.

DNS rebinding points an attacker's domain at 127.0.0.1, so a page on that domain can reach a
bot listening on loopback; its requests still carry the attacker's host name in ``Host``. With
an allow-list, such requests get 400 ``{"detail": ...}`` (websocket handshakes are closed, which
the server answers with 403). Absent, every host is accepted, as in freqtrade.
"""
from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from freqtrade.api.responses import ApiJSONResponse
from freqtrade.configuration.exposure import normalize_host

POLICY_VIOLATION = 1008


def host_of(header: str | None) -> str | None:
    """The host part of a Host header (``name``, ``name:port``, ``[v6]:port``)."""
    if not header:
        return None
    header = header.strip()
    if header.startswith("["):
        return normalize_host(header.split("]", 1)[0] + "]")
    if header.count(":") == 1:
        header = header.split(":", 1)[0]
    return normalize_host(header)


class AllowedHostsMiddleware:
    """Refuse HTTP requests and websocket handshakes for hosts not in ``allowed_hosts``."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(normalize_host(host) for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or \
                host_of(Headers(scope=scope).get("host")) in self.allowed:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": POLICY_VIOLATION})
            return
        response = ApiJSONResponse(
            {"detail": "Host header not allowed: the request names a host that is not in "
                       "api_server.allowed_hosts."}, status_code=400)
        await response(scope, receive, send)
