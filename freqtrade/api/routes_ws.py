"""``/api/v1/message/ws``: the bot's notifications as a websocket, as FreqUI and freqtrade's
producer/consumer mode use it.

Auth is the ``token`` query parameter (the configured ``ws_token``, or a valid access JWT);
anything else is closed with 1008 before the handshake completes. Wrong tokens are throttled
like passwords (account ``ws_token``): a throttled handshake is answered 429 with Retry-After,
without looking at the token, unless it is a valid access JWT. Each socket gets one
``StreamClient`` outbox; this module only speaks the protocol, ``message_stream`` does the
fan-out and back-pressure.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.websockets import WebSocket, WebSocketDisconnect

from freqtrade.api.auth import (
    SCOPE_READ,
    client_key,
    resolve_jwt_secret,
    token_scopes,
    too_many_attempts,
)
from freqtrade.api.context import ApiContext, get_context
from freqtrade.api.jwt_tokens import InvalidToken, decode_claims
from freqtrade.api.message_stream import (
    CLOSE_NORMAL,
    CLOSE_POLICY,
    CLOSE_TRY_AGAIN_LATER,
    MESSAGE_TYPES,
    SEND_TIMEOUT,
    MessageStream,
    StreamClient,
)
from freqtrade.api.routing import released_call
from freqtrade.api.throttle import WS_TOKEN_ACCOUNT
from freqtrade.rpc.stream_views import analyzed_df_messages, whitelist_message

logger = logging.getLogger(__name__)
MAX_INCOMING_BYTES = 64 * 1024  # also hypercorn's frame buffer limit: larger ones close 1009


def _is_access_jwt(context: ApiContext, token: str) -> bool:
    """An access JWT of a configured user whose token grants the "read" scope."""
    try:
        identity = decode_claims(token, resolve_jwt_secret(context), "access")["identity"]
    except InvalidToken:
        return False
    return SCOPE_READ in (token_scopes(context.api_config, identity) or ())


def _is_ws_token(api_config: dict[str, Any], token: str) -> bool:
    """Configured ws_token(s), compared in constant time."""
    configured = api_config.get("ws_token")
    candidates = configured if isinstance(configured, list) else [configured]
    return any(isinstance(candidate, str) and candidate and hmac.compare_digest(
        candidate.encode(), token.encode()) for candidate in candidates)


def token_is_valid(websocket: WebSocket, token: str | None) -> bool:
    """An access JWT granting "read" (never throttled), else a configured ws_token.

    Raises the 429 ``HTTPException`` while ws_token attempts from this address are throttled;
    a wrong token counts as a failed attempt.
    """
    if not token:
        return False
    context = get_context(websocket)
    if _is_access_jwt(context, token):
        return True
    throttle, address = context.login_throttle, client_key(websocket)
    wait = throttle.retry_after(address, WS_TOKEN_ACCOUNT)
    if wait is not None:
        raise too_many_attempts(wait)
    if _is_ws_token(context.api_config, token):
        throttle.success(address, WS_TOKEN_ACCOUNT)
        return True
    if throttle.failure(address, WS_TOKEN_ACCOUNT):
        logger.warning("Too many wrong websocket tokens from %s: refusing websocket tokens "
                       "from there for a while.", address)
    else:
        logger.warning("Wrong websocket token from %s.", address)
    return False


async def _refuse_throttled(websocket: WebSocket, refusal: HTTPException) -> None:
    """A 429 handshake answer where the server can send one, else the policy close."""
    response = JSONResponse({"detail": refusal.detail}, refusal.status_code, refusal.headers)
    try:
        await websocket.send_denial_response(response)
    except RuntimeError:  # the server lacks the websocket.http.response extension
        await websocket.close(code=CLOSE_POLICY)


def _dumps(message: dict[str, Any]) -> str:
    return orjson.dumps(message, default=str,
                        option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS).decode()


async def _send_loop(websocket: WebSocket, client: StreamClient) -> None:
    """Drain the outbox; a send slower than SEND_TIMEOUT closes the socket."""
    while True:
        message = await client.next_message()
        if message is None:
            break
        try:
            await asyncio.wait_for(websocket.send_text(_dumps(message)), SEND_TIMEOUT)
        except TimeoutError:
            logger.warning("Websocket send timed out; disconnecting the client.")
            client.close(CLOSE_TRY_AGAIN_LATER)
            break
        except Exception:  # peer gone: the receive loop notices and cleans up
            client.close(CLOSE_TRY_AGAIN_LATER)
            return
    try:
        await websocket.close(code=client.close_code or CLOSE_NORMAL)
    except Exception:  # already closed by the peer
        pass


async def _handle(stream: MessageStream, client: StreamClient, text: str) -> None:
    try:
        request = orjson.loads(text)
    except orjson.JSONDecodeError:
        logger.info("Websocket request is not JSON; ignored.")
        return
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        logger.info("Websocket request without a type; ignored.")
        return
    kind, data = request["type"], request.get("data")
    bot = stream.bot
    if kind == "subscribe":
        if isinstance(data, list) and data and all(
                isinstance(t, str) and t in MESSAGE_TYPES for t in data):
            client.subscriptions = frozenset(data)
        else:
            logger.info("Websocket subscribe with invalid types ignored: %r", data)
        return
    if bot is None:
        client.push({"type": "exception", "data": "Error processing request"})
        return
    try:
        if kind == "whitelist":
            client.push(whitelist_message(bot))
        elif kind == "analyzed_df":
            for message in await run_in_threadpool(released_call, analyzed_df_messages, bot, data):
                client.push(message)
        else:
            logger.info("Unknown websocket request type %r ignored.", kind)
    except Exception:
        logger.exception("Websocket request %r failed", kind)
        client.push({"type": "exception", "data": "Error processing request"})


async def message_ws(websocket: WebSocket) -> None:
    """Subscribe to bot notifications; ask for the whitelist or analyzed candles."""
    try:
        accepted = token_is_valid(websocket, websocket.query_params.get("token"))
    except HTTPException as refusal:
        await _refuse_throttled(websocket, refusal)
        return
    if not accepted:
        await websocket.close(code=CLOSE_POLICY)
        return
    stream: MessageStream = websocket.app.state.message_stream
    if stream.bot is None:  # webserver mode or a reload in progress
        await websocket.close(code=CLOSE_TRY_AGAIN_LATER)
        return
    client = StreamClient(asyncio.get_running_loop())
    if not stream.register(client):  # before the handshake, so a shutdown always sees it
        logger.warning("Websocket refused: %s sockets are connected (the limit).",
                       stream.max_clients)
        await websocket.accept()  # so the client gets the close code and reason
        await websocket.close(code=CLOSE_TRY_AGAIN_LATER,
                              reason=f"Too many websocket connections (limit {stream.max_clients})")
        return
    try:
        await websocket.accept()
    except Exception:
        stream.unregister(client)
        raise
    sender = asyncio.create_task(_send_loop(websocket, client))
    try:
        while client.close_code is None:
            receive = asyncio.ensure_future(websocket.receive_text())
            done, _ = await asyncio.wait({receive, sender}, return_when=asyncio.FIRST_COMPLETED)
            if receive not in done:
                receive.cancel()
                break
            text = receive.result()
            if len(text) > MAX_INCOMING_BYTES:
                client.close(CLOSE_POLICY)
                break
            await _handle(stream, client, text)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        stream.unregister(client)
        if client.close_code is None:
            client.close(CLOSE_NORMAL)
        try:
            await asyncio.wait_for(sender, SEND_TIMEOUT + 1)
        except (TimeoutError, asyncio.CancelledError, Exception):
            sender.cancel()
