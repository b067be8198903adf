"""The audit trail: every state-changing call of an authenticated user, stored in the database.

``run_audited`` wraps the ASGI app of each route the table declares state-changing
(``RouteSpec.audited``): it watches the request body the handler reads and the status the
answer starts with, and stores time, user, peer address, method, path, parameters
(secret-looking values redacted) and status just before the answer's last part is sent.
Stored then, the write is over when the client has its answer: on SQLite a commit keeps
readers waiting, and a client's next request (FreqUI asks for the trades right after an exit)
would otherwise wait behind it. Unauthenticated requests are not stored (anyone could flood
the bounded log with them). A failed write is logged and never changes the answer.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from freqtrade.api.auth import ApiUser
from freqtrade.configuration.secrets import mask_secrets
from freqtrade.exceptions import OperationalException
from freqtrade.persistence import session_scope
from freqtrade.persistence.audit_log import DEFAULT_MAX_ENTRIES, record_call

logger = logging.getLogger(__name__)

MAX_BODY_CAPTURE = 16 * 1024
MAX_PARAMETERS_CHARS = 4000


def _grouped(query: QueryParams) -> dict[str, Any]:
    """Query parameters; a repeated key keeps every value, in order."""
    grouped: dict[str, Any] = {}
    for key, value in query.multi_items():
        if key in grouped:
            previous = grouped[key]
            grouped[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            grouped[key] = value
    return grouped


def _body_value(body: bytes, complete: bool, parse: bool = True) -> Any:
    """The body as JSON when it was read whole and decodes, else its text (clipped)."""
    text = body.decode("utf-8", errors="replace")
    if complete and parse:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to decode
            pass
    clipped = not complete or len(text) > MAX_PARAMETERS_CHARS
    return text[:MAX_PARAMETERS_CHARS] + ("..." if clipped else "")


def call_parameters(scope: Scope, body: bytes, body_complete: bool) -> str:
    """Path, query and body of the call as JSON text, secrets redacted, size bounded."""
    parameters: dict[str, Any] = {}
    if scope.get("path_params"):
        parameters["path"] = dict(scope["path_params"])
    query = _grouped(QueryParams(scope.get("query_string", b"")))
    if query:
        parameters["query"] = query
    if body:
        parameters["body"] = _body_value(body, body_complete)
    try:
        text = json.dumps(mask_secrets(parameters), default=str, ensure_ascii=False)
    except RecursionError:  # a body nested deeper than redaction walks: kept as text
        parameters["body"] = _body_value(body, body_complete, parse=False)
        text = json.dumps(mask_secrets(parameters), default=str, ensure_ascii=False)
    if len(text) > MAX_PARAMETERS_CHARS:
        text = json.dumps({"truncated": text[:MAX_PARAMETERS_CHARS]}, ensure_ascii=False)
    return text


def _store(entry: dict[str, Any]) -> None:
    with session_scope():
        record_call(**entry)


async def _record(scope: Scope, body: bytes, body_complete: bool, status: int) -> None:
    user = scope.get("user")
    if not isinstance(user, ApiUser):
        return
    try:
        context = scope["app"].state.context
        client = scope.get("client")
        entry = {
            "username": user.username, "address": client[0] if client else "unknown",
            "method": scope["method"], "route": scope["path"],
            "parameters": call_parameters(scope, body, body_complete), "status": status,
            "max_entries": context.api_config.get("audit_log_max_entries",
                                                  DEFAULT_MAX_ENTRIES),
        }
        await run_in_threadpool(_store, entry)
    except OperationalException:  # no database in this process (yet): nothing to audit into
        logger.debug("No database: %s %s not audited.", scope["method"], scope["path"])
    except Exception as exc:
        logger.warning("Could not write the audit log entry for %s %s by %r: %s",
                       scope["method"], scope["path"], user.username, exc)


async def run_audited(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Serve the call with ``app``, then store it in the audit log."""
    chunks: list[bytes] = []
    captured = 0
    complete = True
    status = 500

    async def receive_and_capture() -> Message:
        nonlocal captured, complete
        message = await receive()
        if message["type"] == "http.request":
            part = message.get("body", b"")
            room = MAX_BODY_CAPTURE - captured
            if len(part) > room:
                complete = False
            chunks.append(part[:max(room, 0)])
            captured += min(len(part), max(room, 0))
        return message

    recorded = False

    async def send_and_watch(message: Message) -> None:
        nonlocal status, recorded
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body" and not message.get("more_body") \
                and not recorded:
            recorded = True
            await _record(scope, b"".join(chunks), complete, status)
        await send(message)

    try:
        await app(scope, receive_and_capture, send_and_watch)
    except Exception:
        if not recorded:
            await _record(scope, b"".join(chunks), complete, 500)
        raise
    if not recorded:  # the answer ended without a last body part
        await _record(scope, b"".join(chunks), complete, status)
