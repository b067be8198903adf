"""Error -> JSON mapping, so no client ever sees Starlette's plain text or an HTML page.

Shapes (those freqtrade's clients parse):

* ``HTTPException``            -> ``{"detail": <detail>}`` with the exception's headers
  (404 ``Not Found``, 405 ``Method Not Allowed`` + ``allow``, 401s, 413, 429 ...)
* ``ValidationFailed``         -> 422 ``{"detail": [<pydantic-v2 shaped items>]}``
* ``BotNotReady``              -> 503 ``{"detail": "Bot is not in the correct state."}``
* ``RPCNotFound``              -> 404 ``{"detail": <message>}`` (an unknown trade id ...)
* ``RPCRefused``               -> 400 ``{"detail": <message>}`` (a stake above the balance ...)
* ``RPCException``             -> 502 ``{"error": "Error querying <path>: <message>"}``
* anything else                -> 500 ``{"detail": "Internal server error"}`` (traceback logged)

The 500 is produced by ``request_guard.RequestGuard`` (not Starlette's ServerErrorMiddleware,
which sits outside CORS and re-raises into the server's log), so it is logged exactly once.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from starlette.responses import Response

from freqtrade.api.responses import ApiJSONResponse, json_dumps
from freqtrade.exceptions import RPCException
from freqtrade.rpc.rpc import RPCNotFound, RPCRefused

logger = logging.getLogger(__name__)

BOT_NOT_READY_DETAIL = "Bot is not in the correct state."
INTERNAL_ERROR_DETAIL = "Internal server error"


class ValidationFailed(Exception):
    """Request input did not match its declaration; ``errors`` are pydantic-v2 shaped dicts."""

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__(f"{len(errors)} validation error(s)")
        self.errors = errors


class BotNotReady(Exception):
    """The endpoint does not exist in the current run mode (trade vs webserver): 503."""

    def __init__(self, detail: str = BOT_NOT_READY_DETAIL):
        super().__init__(detail)
        self.detail = detail


async def http_exception_handler(request: HTTPConnection, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return ApiJSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                           headers=exc.headers)


class ValidationResponse(Response):
    """422 bodies rendered like FastAPI's (stdlib JSON: its number formats, integers of any
    size). Inputs UTF-8 cannot carry (a lone surrogate from a ``"\\ud800"`` escape) are
    written as ``\\u`` escapes; a NaN/infinite input, which stdlib JSON cannot write, falls
    back to orjson's null; anything else unrenderable loses its echoed inputs."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        for attempt in (lambda: _stdlib_json(content, ensure_ascii=False).encode(),
                        lambda: _stdlib_json(content, ensure_ascii=True).encode(),
                        lambda: json_dumps(content)):
            try:
                return attempt()
            except (ValueError, TypeError):  # orjson's error is a TypeError
                continue
        return _stdlib_json(_without_inputs(content), ensure_ascii=True).encode()


def _stdlib_json(content: Any, ensure_ascii: bool) -> str:
    return json.dumps(content, ensure_ascii=ensure_ascii, allow_nan=False, default=str,
                      separators=(",", ":"))


def _without_inputs(content: Any) -> Any:
    """The 422 body with every item's ``input`` and ``ctx`` replaced by null."""
    items = content.get("detail") if isinstance(content, dict) else None
    if not isinstance(items, list):
        return {"detail": "Validation failed"}
    return {"detail": [{**item, "input": None, **({"ctx": None} if "ctx" in item else {})}
                       for item in items]}


async def validation_handler(request: HTTPConnection, exc: Exception) -> Response:
    assert isinstance(exc, ValidationFailed)
    return ValidationResponse({"detail": exc.errors}, status_code=422)


async def bot_not_ready_handler(request: HTTPConnection, exc: Exception) -> Response:
    assert isinstance(exc, BotNotReady)
    return ApiJSONResponse({"detail": exc.detail}, status_code=503)


async def rpc_exception_handler(request: HTTPConnection, exc: Exception) -> Response:
    assert isinstance(exc, RPCException)
    logger.error("API Error calling: %s", exc)
    return ApiJSONResponse({"error": f"Error querying {request.url.path}: {exc.message}"},
                           status_code=502)


async def rpc_not_found_handler(request: HTTPConnection, exc: Exception) -> Response:
    assert isinstance(exc, RPCNotFound)
    return ApiJSONResponse({"detail": exc.message}, status_code=404)


async def rpc_refused_handler(request: HTTPConnection, exc: Exception) -> Response:
    assert isinstance(exc, RPCRefused)
    return ApiJSONResponse({"detail": exc.message}, status_code=400)


def exception_handlers() -> dict[Any, Any]:
    """Handlers for Starlette's ExceptionMiddleware (innermost, i.e. inside CORS)."""
    return {
        HTTPException: http_exception_handler,
        ValidationFailed: validation_handler,
        BotNotReady: bot_not_ready_handler,
        RPCNotFound: rpc_not_found_handler,  # a subclass: Starlette picks the closest (MRO)
        RPCRefused: rpc_refused_handler,
        RPCException: rpc_exception_handler,
    }
