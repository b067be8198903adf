"""Build the ASGI app: route tables in freqtrade's order, middleware, JSON error handlers.

Route order matters for the 404/405 fall-through (research §1.1): public, auth, then the
tables other modules pass as ``extra_routes`` (info, trading, webserver ...), the message
websocket, ``/openapi.json`` and ``/docs``, and the UI catch-all last. Middleware, outermost first:

* CORS (from the live config) - so 401/404/422/502/500 answers carry CORS headers too
* InternalErrorMiddleware     - unexpected exceptions -> logged JSON 500
* AuthenticationMiddleware    - ``BasicOrJWTBackend`` sets ``request.user``/``request.auth``
* (Starlette's ExceptionMiddleware, innermost) - HTTPException/422/502/503 -> JSON
"""
from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.routing import BaseRoute

from freqtrade.api import routes_auth, routes_docs, routes_public, routes_ui, routes_ws
from freqtrade.api.auth import BasicOrJWTBackend, resolve_jwt_secret
from freqtrade.api.context import ApiContext
from freqtrade.api.cors import ConfigCORSMiddleware, validate_cors_origins
from freqtrade.api.errors import InternalErrorMiddleware, exception_handlers
from freqtrade.api.message_stream import MessageStream
from freqtrade.api.responses import ApiJSONResponse, RenderedCache
from freqtrade.exceptions import OperationalException


def _auth_error(conn: HTTPConnection, exc: Exception) -> Response:
    """Only reached if a backend raises AuthenticationError (ours never does)."""
    return ApiJSONResponse({"detail": "Unauthorized"}, status_code=401)


def create_app(context: ApiContext, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The API app for ``context``; ``extra_routes`` go between the auth and the UI routes."""
    problems = validate_cors_origins(context.api_config.get("CORS_origins"))
    if problems:
        raise OperationalException("Invalid api_server.CORS_origins:\n" + "\n".join(problems))
    resolve_jwt_secret(context)  # warn about a missing/default secret at start-up, not later
    routes = [*routes_public.ROUTES, *routes_auth.ROUTES, *extra_routes, *routes_ws.ROUTES,
              *routes_docs.ROUTES, *routes_ui.ROUTES]
    backend = BasicOrJWTBackend(lambda: context.config, lambda: resolve_jwt_secret(context))
    middleware = [
        Middleware(ConfigCORSMiddleware,
                   origins_getter=lambda: context.api_config.get("CORS_origins")),
        Middleware(InternalErrorMiddleware),
        Middleware(AuthenticationMiddleware, backend=backend, on_error=_auth_error),
    ]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=exception_handlers())
    app.state.context = context
    app.state.message_stream = MessageStream()
    app.state.candle_cache = RenderedCache(maxsize=32)  # one body per analyzed frame
    app.state.history_pages = RenderedCache(maxsize=8)  # /trades pages per history version
    return app
