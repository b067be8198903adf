"""Build the ASGI app: every route (``routes.py``), middleware, JSON error handlers.

Middleware, outermost first:

* AllowedHostsMiddleware (only with ``api_server.allowed_hosts``) - other Host headers -> 400
* CORS (``api_server.CORS_origins``, fixed per app build: the worker rebuilds the API when the
  ``api_server`` section changes) - so 401/404/422/502/500 answers carry CORS headers too
* RequestGuard                - ``BasicOrJWTBackend`` sets ``request.user``/``request.auth``
  (not on paths only public routes serve); unexpected exceptions -> logged JSON 500
* (Starlette's ExceptionMiddleware, innermost) - HTTPException/RPC errors/422/503 -> JSON

The router is an ``IndexedRouter``: fixed paths try only the routes that can match them.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute

from freqtrade.api.allowed_hosts import AllowedHostsMiddleware
from freqtrade.api.auth import BasicOrJWTBackend, resolve_jwt_secret
from freqtrade.api.context import ApiContext
from freqtrade.api.errors import exception_handlers
from freqtrade.api.message_stream import MessageStream
from freqtrade.api.request_guard import RequestGuard
from freqtrade.api.responses import RenderedCache
from freqtrade.api.revocations import revoked_sessions
from freqtrade.api.route_index import IndexedRouter
from freqtrade.api.routes import all_routes
from freqtrade.api.routing import share_allow
from freqtrade.api.shared_answers import SharedAnswers
from freqtrade.configuration.cors_origins import origin_problems
from freqtrade.exceptions import OperationalException

# Sync handlers run in anyio's worker threads, 40 at once by default. The API is bound by one
# interpreter lock, so a few threads give all the throughput there is; more only take turns
# from the trading loop and each holds a database connection, so at 40 they outnumber the
# connection pool and wait for (or time out on) a connection. Requests beyond this many wait
# on the event loop, which costs nothing. freqtrade.persistence.db.POOL_SIZE covers them.
API_WORKER_THREADS = 8
# State-changing calls wait for the bot lock, which a trading-loop iteration holds throughout:
# they get threads of their own, so a queue of them never leaves the reads without a thread.
BOT_CALL_THREADS = 8


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    """Size the server loop's worker thread pools (anyio limiters belong to one event loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = API_WORKER_THREADS
    app.state.bot_call_limiter = anyio.CapacityLimiter(BOT_CALL_THREADS)
    yield


def create_app(context: ApiContext, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The API app for ``context``; ``extra_routes`` go before the websocket and the UI."""
    origins = context.api_config.get("CORS_origins")
    problems = origin_problems(origins)
    if problems:
        raise OperationalException("Invalid CORS origins:\n" + "\n".join(problems))
    resolve_jwt_secret(context)  # warn about a missing/default secret at start-up, not later
    revoked_sessions.sync()  # sessions ended by logout in earlier runs stay ended
    routes = all_routes(extra_routes)
    share_allow(routes)
    router = IndexedRouter(routes, lifespan=_lifespan)
    backend = BasicOrJWTBackend(lambda: context.config, lambda: resolve_jwt_secret(context))
    allowed_hosts = context.api_config.get("allowed_hosts")
    middleware = [Middleware(AllowedHostsMiddleware, allowed_hosts=allowed_hosts)] \
        if allowed_hosts else []
    middleware += [
        Middleware(CORSMiddleware, allow_origins=list(origins or []), allow_credentials=True,
                   allow_methods=["*"], allow_headers=["*"]),
        Middleware(RequestGuard, backend=backend, public_paths=router.public_paths),
    ]
    app = Starlette(middleware=middleware, exception_handlers=exception_handlers())
    app.router = router  # before the first request builds the middleware stack around it
    app.state.context = context
    app.state.message_stream = MessageStream()
    app.state.candle_cache = RenderedCache(maxsize=32)  # one body per analyzed frame
    app.state.history_pages = RenderedCache(maxsize=8)  # /trades pages per history version
    app.state.shared_answers = SharedAnswers()  # the aggregates: one computation per waiting group
    return app
