"""Fan-out of bot messages to websocket clients, without ever blocking the bot loop.

The bot calls ``publish`` from its own thread. Each connected socket has a bounded outbox on the
server's event loop; ``publish`` only schedules a non-blocking append there. A consumer that
lets its outbox fill up (slow or dead) is closed instead of slowing anyone down, and a send that
takes longer than ``SEND_TIMEOUT`` closes the socket as well.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from typing import Any

from freqtrade.enums import RPCMessageType

logger = logging.getLogger(__name__)

OUTBOX_LIMIT = 500
MAX_CLIENTS = 32  # authenticated sockets at once; FreqUI tabs and consumers are a handful
SEND_TIMEOUT = 3.0
CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_POLICY = 1008
CLOSE_TRY_AGAIN_LATER = 1013
MESSAGE_TYPES = frozenset(t.value for t in RPCMessageType)


class StreamClient:
    """One socket's subscription set and outbox; outbox methods run on the server loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, limit: int = OUTBOX_LIMIT) -> None:
        self.loop = loop
        self.limit = limit
        self.subscriptions: frozenset[str] = frozenset()
        self.close_code: int | None = None
        self.connected_at = time.monotonic()
        self._outbox: deque[dict[str, Any]] = deque()
        self._wake = asyncio.Event()

    # -- any thread
    def offer(self, message: dict[str, Any]) -> None:
        """Queue a broadcast if this client subscribed to its type (never blocks)."""
        if self.close_code is not None or message.get("type") not in self.subscriptions:
            return
        self._call(self.push, message)

    def request_close(self, code: int) -> None:
        self._call(self.close, code)

    def _call(self, func: Any, *args: Any) -> None:
        try:
            self.loop.call_soon_threadsafe(func, *args)
        except RuntimeError:  # the server loop is closed: the socket is gone anyway
            self.close_code = self.close_code or CLOSE_GOING_AWAY

    # -- server loop only
    def push(self, message: dict[str, Any]) -> None:
        if self.close_code is not None:
            return
        if len(self._outbox) >= self.limit:
            logger.warning("Websocket client fell %s messages behind; disconnecting it.",
                           self.limit)
            self.close(CLOSE_TRY_AGAIN_LATER)
            return
        self._outbox.append(message)
        self._wake.set()

    def close(self, code: int) -> None:
        if self.close_code is None:
            self.close_code = code
        self._wake.set()

    async def next_message(self) -> dict[str, Any] | None:
        """The next outgoing message, or None once the socket should close."""
        while True:
            if self.close_code is not None:
                return None
            if self._outbox:
                return self._outbox.popleft()
            self._wake.clear()
            await self._wake.wait()


class MessageStream:
    """The set of connected clients and the bot they listen to (re-attached on reload)."""

    def __init__(self, max_clients: int = MAX_CLIENTS) -> None:
        self._clients: set[StreamClient] = set()
        self._lock = threading.Lock()
        self.max_clients = max_clients
        self.bot: Any = None

    def attach(self, bot: Any) -> None:
        self.detach()
        self.bot = bot
        bot.add_listener(self.publish)

    def detach(self) -> None:
        bot, self.bot = self.bot, None
        if bot is not None:
            bot.remove_listener(self.publish)

    def register(self, client: StreamClient) -> bool:
        """Add ``client``; False (not added) when ``max_clients`` sockets are connected."""
        with self._lock:
            if len(self._clients) >= self.max_clients:
                return False
            self._clients.add(client)
            return True

    def unregister(self, client: StreamClient) -> None:
        with self._lock:
            self._clients.discard(client)

    @property
    def client_count(self) -> int:
        with self._lock:
            return len(self._clients)

    def publish(self, message: dict[str, Any]) -> None:
        """Called by the bot (any thread) for every notification."""
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.offer(message)

    def close_all(self, timeout: float = 2.0) -> None:
        """Ask every socket to close (1001) and wait, bounded, until they are gone."""
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.request_close(CLOSE_GOING_AWAY)
        deadline = time.monotonic() + timeout
        while self.client_count and time.monotonic() < deadline:
            time.sleep(0.02)
