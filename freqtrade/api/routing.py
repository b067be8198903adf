"""``api_route``: one line per URL, carrying auth scope, run-mode gate, inputs and docs.

Every API request goes through the same pipeline, in freqtrade's order of failures:

1. auth scope (``authorize``)           -> 401 / 403 / 429
2. run mode (``mode``)                  -> 503 ``Bot is not in the correct state.``
3. bot attached (``needs_rpc``)         -> 502 ``{"error": ...}``
4. declared inputs (path, query, body)  -> 422 (all errors of the request at once) / 413
5. ``handler(request, **inputs)``: async handlers are awaited, sync ones run in the threadpool
   (bot calls block); a dict/list/None result becomes an orjson 200, a ``Response`` is sent
   as is. Authenticated answers get ``Cache-Control: no-store``.

``ApiRoute.spec`` keeps the declaration so the OpenAPI generator reads the same source.
"""
from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from freqtrade.api.auth import SCOPE_READ, SCOPE_TRADE, authorize
from freqtrade.api.context import get_context
from freqtrade.api.errors import BotNotReady, ValidationFailed
from freqtrade.api.fields import BodySpec, Field
from freqtrade.api.responses import ApiJSONResponse, mark_no_store
from freqtrade.api.validation import (
    MAX_BODY_BYTES,
    body_shape,
    collect_body,
    collect_path,
    collect_query,
)
from freqtrade.enums import TRADE_MODES, RunMode
from freqtrade.exceptions import RPCException
from freqtrade.persistence import session_scope

Mode = Literal["any", "trade", "webserver"]
Handler = Callable[..., Any]
AUTO: Any = "auto"
_SAFE_METHODS = {"GET", "HEAD"}
_PLACEHOLDER = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::[^}]*)?}")


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


_MODE_CHECKS: dict[str, Callable[[HTTPConnection], None] | None] = {
    "any": None, "trade": require_trade_mode, "webserver": require_webserver_mode}


@dataclass(frozen=True)
class RouteSpec:
    """Everything declared about one route (read by the pipeline and by the OpenAPI builder)."""

    path: str
    methods: tuple[str, ...]
    handler: Handler
    scope: str | None
    mode: Mode
    needs_rpc: bool
    query: tuple[Field, ...]
    path_params: tuple[Field, ...]
    body: BodySpec | None
    body_required: bool
    body_max_items: int | None
    max_body_bytes: int
    no_store: bool
    summary: str
    description: str
    tags: tuple[str, ...]
    include_in_schema: bool
    response: Any = None


class ApiRoute(Route):
    """A Starlette Route without the implicit HEAD, with a deterministic ``allow`` header."""

    def __init__(self, path: str, endpoint: Callable[..., Any], *, methods: Sequence[str],
                 name: str | None = None, include_in_schema: bool = True,
                 spec: RouteSpec | None = None) -> None:
        super().__init__(path, endpoint, methods=methods, name=name,
                         include_in_schema=include_in_schema)
        self.methods = {m.upper() for m in methods}  # HEAD only where declared (freqtrade)
        self.allow = ", ".join(m.upper() for m in methods)
        self.spec = spec

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in self.methods:
            raise HTTPException(405, headers={"Allow": self.allow})
        await self.app(scope, receive, send)


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

    async def endpoint(request: Request) -> Response:
        if spec.scope is not None:
            authorize(request, spec.scope)
        if mode_check is not None:
            mode_check(request)
        if spec.needs_rpc:
            get_rpc(request)
        kwargs, errors = collect_path(request, spec.path_params)
        query_values, query_errors = collect_query(request, spec.query)
        kwargs.update(query_values)
        errors.extend(query_errors)
        if spec.body is not None:
            body, body_errors = await collect_body(request, spec.body, spec.body_required,
                                                   spec.max_body_bytes, spec.body_max_items)
            kwargs["body"] = body
            errors.extend(body_errors)
        if errors:
            raise ValidationFailed(errors)
        if handler_is_async:
            result = await spec.handler(request, **kwargs)
        else:
            result = await run_in_threadpool(released_call, spec.handler, request, **kwargs)
        response = _to_response(result)
        return mark_no_store(response) if spec.no_store else response

    endpoint.__name__ = getattr(spec.handler, "__name__", "endpoint")
    return endpoint


def _split_fields(path: str, fields: Sequence[Field], body: BodySpec | None
                  ) -> tuple[tuple[Field, ...], tuple[Field, ...], BodySpec | None]:
    """Sort ``fields`` by location and check them against the path template."""
    query = tuple(f for f in fields if f.location == "query")
    path_params = tuple(f for f in fields if f.location == "path")
    body_fields = [f for f in fields if f.location == "body"]
    if body_fields:
        if body is not None:
            raise ValueError(f"{path}: declare the body either as fields or as body=, not both")
        body = body_fields
    if body is not None:
        body_shape(body)  # fails early on an unsupported declaration
    placeholders = set(_PLACEHOLDER.findall(path))
    for fld in path_params:
        if fld.wire_name not in placeholders:
            raise ValueError(f"{path}: path field {fld.wire_name!r} is not in the path")
    names = [f.name for f in (*query, *path_params)] + (["body"] if body is not None else [])
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: two inputs share a name")
    return query, path_params, body


def api_route(
    path: str,
    handler: Handler,
    methods: Sequence[str] = ("GET",),
    *,
    scope: str | None = AUTO,
    mode: Mode = "any",
    needs_rpc: bool | None = None,
    fields: Sequence[Field] = (),
    body: BodySpec | None = None,
    body_required: bool = True,
    body_max_items: int | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    no_store: bool | None = None,
    summary: str = "",
    description: str = "",
    tags: Sequence[str] = (),
    name: str | None = None,
    include_in_schema: bool = True,
    response: Any = None,
) -> ApiRoute:
    """Declare one API route; see the module docstring for the request pipeline.

    ``scope``: auth scope required ("read" / "trade"); ``None`` = public. The default picks
    "read" for GET/HEAD and "trade" for anything that may change state.
    ``mode``: "any", "trade" (live/dry_run only) or "webserver" (``freqtrade webserver``).
    ``needs_rpc``: 502 before validation when no bot is attached; defaults to mode == "trade".
    ``fields``: query/path/body ``Field``s (the location is on the field); handler kwargs.
    ``body``: a ``Model``, ``[Model]`` / ``list[Model]`` or body Fields; passed as ``body=``.
    ``no_store``: ``Cache-Control: no-store``; defaults to True on authenticated routes.
    ``response``: what a 200 answers (a ``freqtrade.api.schemas`` model, ``list[Model]``, a
    type); documented in /openapi.json and checked against real answers by the tests.
    """
    methods = tuple(m.upper() for m in methods)
    if scope == AUTO:
        scope = SCOPE_READ if set(methods) <= _SAFE_METHODS else SCOPE_TRADE
    if mode not in _MODE_CHECKS:
        raise ValueError(f"{path}: unknown mode {mode!r}")
    query, path_params, body = _split_fields(path, fields, body)
    spec = RouteSpec(
        path=path, methods=methods, handler=handler, scope=scope, mode=mode,
        needs_rpc=(mode == "trade") if needs_rpc is None else needs_rpc,
        query=query, path_params=path_params, body=body, body_required=body_required,
        body_max_items=body_max_items, max_body_bytes=max_body_bytes,
        no_store=(scope is not None) if no_store is None else no_store,
        summary=summary or (inspect.getdoc(handler) or "").split("\n", 1)[0],
        description=description, tags=tuple(tags), include_in_schema=include_in_schema,
        response=response,
    )
    return ApiRoute(path, _make_endpoint(spec), methods=methods, name=name,
                    include_in_schema=include_in_schema, spec=spec)
