"""Read every HTTP request body to its end before the answer starts, so keep-alive survives.

hypercorn (h11) reuses a connection only when the request was received completely by the time
the answer ends; otherwise it closes the connection after answering. A client that sends a body
the route does not read (the official freqtrade-client sends ``null`` on every GET) and reuses
the connection at once then writes its next request into a socket being closed, and that
answer is lost ("Remote end closed connection without response"). Routes that ignore bodies
never read them, so this wrapper reads and discards what is left before the answer's first
message, bounded in size and time: past ``max_bytes`` or ``timeout`` it stops and answers, and
hypercorn does not reuse that one connection. A request without a body (neither
``Content-Length`` above 0 nor ``Transfer-Encoding``: every GET FreqUI sends) is complete once
its headers are in and passes straight through.
"""
from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DRAIN_TIMEOUT = 5.0


def has_body(scope: Scope) -> bool:
    """Whether the request announces a body (header names are lower-case in ASGI)."""
    for name, value in scope["headers"]:
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            try:
                return int(value) != 0
            except ValueError:  # the server refuses such a request before the app sees it
                return True
    return False


class DrainRequestBody:
    """ASGI wrapper: the rest of the request body is read before ``http.response.start``."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = DRAIN_TIMEOUT) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not has_body(scope):
            await self.app(scope, receive, send)
            return
        complete = False
        waiting = 0  # the app's own pending reads: never read beside them

        async def tracked_receive() -> Message:
            nonlocal complete, waiting
            waiting += 1
            try:
                message = await receive()
            finally:
                waiting -= 1
            if message["type"] != "http.request" or not message.get("more_body", False):
                complete = True
            return message

        async def draining_send(message: Message) -> None:
            nonlocal complete
            if message["type"] == "http.response.start" and not complete and not waiting:
                complete = True
                try:
                    await asyncio.wait_for(self._discard(receive), self.timeout)
                except TimeoutError:
                    pass
            await send(message)

        await self.app(scope, tracked_receive, draining_send)

    async def _discard(self, receive: Receive) -> None:
        size = 0
        while size <= self.max_bytes:
            message = await receive()
            if message["type"] != "http.request":
                return
            size += len(message.get("body", b""))
            if not message.get("more_body", False):
                return
