"""One ASGI layer between CORS and the routes: who is calling, and the last-resort JSON 500.

It does what two middlewares did, with one call frame and one send wrapper per request:

* authentication: ``BasicOrJWTBackend`` sets ``scope["auth"]``/``scope["user"]`` (what
  ``request.user``/``request.auth`` read) for HTTP requests and websocket handshakes, except
  for ``public_paths``: paths only public routes serve, whose handlers never look at the
  caller (the token routes read the credentials they need themselves), so a ``/ping`` does
  not pay for checking a token nobody asks about;
* unexpected exceptions -> logged JSON 500 ``{"detail": "Internal server error"}``, inside
  CORS so the answer still carries its CORS headers (Starlette's ServerErrorMiddleware sits
  outside CORS and re-raises into the server's log); a client that went away is logged at
  debug level only. An error after the answer started is re-raised (nothing can be sent).
"""
from __future__ import annotations

import logging
from collections.abc import Collection

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    UnauthenticatedUser,
)
from starlette.requests import ClientDisconnect, HTTPConnection
from starlette.routing import get_route_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from freqtrade.api.errors import INTERNAL_ERROR_DETAIL
from freqtrade.api.responses import ApiJSONResponse

logger = logging.getLogger(__name__)
CLOSE_NORMAL = 1000


class RequestGuard:
    """Authenticate (unless the path is public) and turn unhandled errors into a JSON 500."""

    def __init__(self, app: ASGIApp, backend: AuthenticationBackend,
                 public_paths: Collection[str] = ()) -> None:
        self.app = app
        self.backend = backend
        self.public_paths = frozenset(public_paths)

    async def _authenticate(self, scope: Scope) -> bool:
        """Set the caller on the scope; False when the backend refused (it answers 401)."""
        try:
            result = await self.backend.authenticate(HTTPConnection(scope))
        except AuthenticationError:  # BasicOrJWTBackend never raises; a replacement might
            return False
        scope["auth"], scope["user"] = result if result is not None else \
            (AuthCredentials(), UnauthenticatedUser())
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "websocket":
            if await self._authenticate(scope):
                await self.app(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": CLOSE_NORMAL})
            return
        if kind != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            if get_route_path(scope) in self.public_paths or await self._authenticate(scope):
                await self.app(scope, receive, tracking_send)
            else:
                await ApiJSONResponse({"detail": "Unauthorized"}, status_code=401)(
                    scope, receive, tracking_send)
        except ClientDisconnect:
            logger.debug("Client disconnected during %s %s", scope["method"], scope["path"])
        except Exception:
            logger.exception("Unhandled error while serving %s %s", scope["method"], scope["path"])
            if started:
                raise
            response = ApiJSONResponse({"detail": INTERNAL_ERROR_DETAIL}, status_code=500)
            await response(scope, receive, send)
