"""``api_route``: one route with its auth scope, run-mode gate, inputs and documentation.

Every API request goes through the same pipeline, in freqtrade's order of failures:

0. state-changing methods: a content type an HTML form (or a fetch without CORS preflight)
   can send cross-site (``text/plain``, form encodings) -> 415, before credentials are read
1. auth scope (``authorize``)           -> 401 / 403 / 429
2. run mode (``mode``)                  -> 503 ``Bot is not in the correct state.``
3. bot attached (``needs_rpc``)         -> 502 ``{"error": ...}``
4. inputs from the handler's signature  -> 413 (body too large), 422 (all errors at once)
5. ``handler(request, **inputs)``: async handlers are awaited, sync ones run in the threadpool
   (bot calls block) as one unit of database work; a dict/list/None result becomes an orjson
   200, a ``Response`` is sent as is. Authenticated answers get ``Cache-Control: no-store``.

Routes declared ``TRADE`` with a method other than GET/HEAD change state: they are
``audited`` (``audit_trail.run_audited`` stores each authenticated call once answered).

``ApiRoute.spec`` keeps the declaration so the OpenAPI document reads the same source.
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import anyio.to_thread
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from freqtrade.api.audit_trail import run_audited
from freqtrade.api.auth import SCOPE_READ, SCOPE_TRADE, authorize
from freqtrade.api.context import get_context
from freqtrade.api.errors import BotNotReady
from freqtrade.api.inputs import MAX_BODY_BYTES, Inputs, inputs_of
from freqtrade.api.responses import ApiJSONResponse, mark_no_store
from freqtrade.enums import TRADE_MODES, RunMode
from freqtrade.exceptions import RPCException
from freqtrade.persistence import session_scope

Mode = Literal["any", "trade", "webserver"]
Handler = Callable[..., Any]
PUBLIC = None
READ = SCOPE_READ
TRADE = SCOPE_TRADE


def get_rpc(conn: HTTPConnection) -> Any:
    """The bot's RPC object; RPCException (-> 502) when none is attached."""
    rpc = get_context(conn).rpc
    if rpc is None:
        raise RPCException("Bot is not in the correct state")
    return rpc


def get_config(conn: HTTPConnection) -> dict[str, Any]:
    """The current (possibly reloaded) configuration."""
    return get_context(conn).config


def require_trade_mode(conn: HTTPConnection) -> None:
    """503 unless the process trades (live / dry_run)."""
    if get_context(conn).runmode not in TRADE_MODES:
        raise BotNotReady()


def require_webserver_mode(conn: HTTPConnection) -> None:
    """503 unless the process is ``freqtrade webserver``."""
    if get_context(conn).runmode != RunMode.WEBSERVER:
        raise BotNotReady()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a cross-site <form> or a no-preflight fetch may send; JSON always needs a preflight,
# which CORS refuses to origins not in CORS_origins.
CROSS_SITE_CONTENT_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded",
                                      "multipart/form-data"})


def refuse_cross_site_content_type(request: Request) -> None:
    """415 for a state-changing request whose Content-Type a cross-site form can send.

    No Content-Type (a POST without body) and ``application/json`` (freqtrade-client sends
    it with a ``null`` body) pass.
    """
    if request.method in SAFE_METHODS:
        return
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type in CROSS_SITE_CONTENT_TYPES:
        raise HTTPException(415, f"Content-Type {media_type} is not accepted here: send no "
                                 "body, or a JSON body with Content-Type: application/json.")


_MODE_CHECKS: dict[str, Callable[[HTTPConnection], None] | None] = {
    "any": None, "trade": require_trade_mode, "webserver": require_webserver_mode}


@dataclass(frozen=True)
class RouteSpec:
    """Everything declared about one route (read by the pipeline and by the OpenAPI builder).

    ``response`` names a class of ``freqtrade.api.response_models`` ("Locks", "list[Lock]"),
    so those classes load only when the document is built. ``errors`` lists the statuses
    the handler itself answers (404, 502 ...) beyond those the pipeline adds.
    """

    path: str
    methods: tuple[str, ...]
    handler: Handler
    scope: str | None
    mode: Mode
    needs_rpc: bool
    inputs: Inputs
    max_body_bytes: int
    no_store: bool
    summary: str
    tags: tuple[str, ...]
    include_in_schema: bool
    response: str | None
    errors: tuple[int, ...]
    audited: bool


SAFE_METHODS = frozenset({"GET", "HEAD"})


class ApiRoute(Route):
    """A Starlette Route without the implicit HEAD, with a deterministic ``allow`` header."""

    def __init__(self, path: str, endpoint: Callable[..., Any], *, methods: Sequence[str],
                 name: str | None = None, include_in_schema: bool = True,
                 spec: RouteSpec | None = None) -> None:
        super().__init__(path, endpoint, methods=methods, name=name,
                         include_in_schema=include_in_schema)
        self.declared = [m.upper() for m in methods]
        self.methods: set[str] = set(self.declared)  # HEAD only where declared (freqtrade)
        self.allow = ", ".join(self.declared)  # widened to the whole path by share_allow
        self.spec = spec

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in self.methods:
            raise HTTPException(405, headers={"Allow": self._allow_at(scope)})
        if self.spec is not None and self.spec.audited:
            await run_audited(self.app, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _allow_at(self, scope: Scope) -> str:
        """The methods of the route at this very URL when its template has no parameters:
        ``/locks/delete`` also matches ``/locks/{lockid}``, but it names the POST route."""
        for route in getattr(scope.get("router"), "routes", ()):
            if (isinstance(route, ApiRoute) and route.path == scope["path"]
                    and not route.param_convertors):
                return route.allow
        return self.allow


def share_allow(routes: Iterable[BaseRoute]) -> None:
    """A 405's ``Allow`` lists every method of the path, over all the routes that serve it."""
    methods: dict[str, list[str]] = {}
    for route in routes:
        if isinstance(route, ApiRoute):
            listed = methods.setdefault(route.path, [])
            listed += [m for m in route.declared if m not in listed]
    for route in routes:
        if isinstance(route, ApiRoute):
            route.allow = ", ".join(methods[route.path])


def _is_async(handler: Handler) -> bool:
    while isinstance(handler, functools.partial):
        handler = handler.func
    return inspect.iscoroutinefunction(handler)


def released_call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``func`` as one unit of database work: worker threads are pooled and long-lived,
    so the thread's session (and its pooled connection) is given back when the call ends."""
    with session_scope():
        return func(*args, **kwargs)


def _to_response(result: Any) -> Response:
    if isinstance(result, Response):
        return result
    return ApiJSONResponse(result)


def _make_endpoint(spec: RouteSpec) -> Callable[[Request], Any]:
    mode_check = _MODE_CHECKS[spec.mode]
    handler_is_async = _is_async(spec.handler)
    inputs = spec.inputs if spec.inputs.declared else None
    mutating = not SAFE_METHODS.issuperset(spec.methods)
    bot_call = spec.audited  # a state-changing TRADE route: its RPC call takes the bot lock

    async def endpoint(request: Request) -> Response:
        if mutating:
            refuse_cross_site_content_type(request)
        if spec.scope is not None:
            authorize(request, spec.scope)
        if mode_check is not None:
            mode_check(request)
        if spec.needs_rpc:
            get_rpc(request)
        kwargs = await inputs.parse(request, spec.max_body_bytes) if inputs else {}
        if handler_is_async:
            result = await spec.handler(request, **kwargs)
        elif bot_call:  # may wait for the bot lock: on the bot-call threads (see app.py)
            limiter = getattr(request.app.state, "bot_call_limiter", None)
            result = await anyio.to_thread.run_sync(functools.partial(
                released_call, spec.handler, request, **kwargs), limiter=limiter)
        else:
            result = await run_in_threadpool(released_call, spec.handler, request, **kwargs)
        response = _to_response(result)
        return mark_no_store(response) if spec.no_store else response

    endpoint.__name__ = getattr(spec.handler, "__name__", "endpoint")
    return endpoint


def api_route(
    path: str,
    handler: Handler,
    methods: Sequence[str] = ("GET",),
    *,
    scope: str | None,
    mode: Mode,
    response: str | None = None,
    errors: Sequence[int] = (),
    tags: Sequence[str] = (),
    name: str | None = None,
    needs_rpc: bool | None = None,
    no_store: bool | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    include_in_schema: bool = True,
) -> ApiRoute:
    """Declare one API route; see the module docstring for the request pipeline.

    ``scope``: auth scope required (``READ`` / ``TRADE``); ``PUBLIC`` (None) = no auth.
    ``mode``: "any", "trade" (live/dry_run only) or "webserver" (``freqtrade webserver``).
    ``needs_rpc``: 502 before validation when no bot is attached; defaults to mode == "trade".
    ``no_store``: ``Cache-Control: no-store``; defaults to True on authenticated routes.
    The summary in the OpenAPI document is the first line of the handler's docstring.
    """
    if mode not in _MODE_CHECKS:
        raise ValueError(f"{path}: unknown mode {mode!r}")
    spec = RouteSpec(
        path=path, methods=tuple(m.upper() for m in methods), handler=handler, scope=scope,
        mode=mode, needs_rpc=(mode == "trade") if needs_rpc is None else needs_rpc,
        inputs=inputs_of(path, handler), max_body_bytes=max_body_bytes,
        no_store=(scope is not None) if no_store is None else no_store,
        summary=(inspect.getdoc(handler) or "").split("\n", 1)[0], tags=tuple(tags),
        include_in_schema=include_in_schema, response=response, errors=tuple(errors),
        audited=scope == TRADE and not SAFE_METHODS.issuperset(m.upper() for m in methods),
    )
    return ApiRoute(path, _make_endpoint(spec), methods=spec.methods, name=name,
                    include_in_schema=include_in_schema, spec=spec)
