"""Wire a running bot to the API: one server for the process, re-attached across reloads.

The worker calls ``attach`` after building a bot and ``detach`` before tearing it down, so
requests during a reload get 502 "Bot is not in the correct state" instead of touching a
half-built bot. The server thread keeps running across reloads; when the ``api_server``
section changed, the worker stops this object and builds a new one (new app, new server).
"""
from __future__ import annotations

import copy
import logging

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.revocations import revoked_sessions
from freqtrade.api.server import ApiServer

logger = logging.getLogger(__name__)


class BotApi:
    """The API server of a trading process (runmode dry_run or live)."""

    def __init__(self, config: dict):
        self.context = ApiContext(config, config.get("runmode"))
        self.app = create_app(self.context)
        self.server = ApiServer(self.context, self.app)
        self.config_section = copy.deepcopy(config.get("api_server") or {})

    def start(self) -> None:
        self.server.start()

    def attach(self, bot, config: dict) -> None:
        """Serve ``bot``: new config and RPC facade; the websocket stream follows the bot."""
        from freqtrade.rpc.rpc import RPC

        self.context.config = config
        self.context.rpc = RPC(bot)
        revoked_sessions.sync()  # the new bot's database: store and read logouts there too
        stream = getattr(self.app.state, "message_stream", None)
        if stream is not None:
            stream.attach(bot)

    def detach(self) -> None:
        stream = getattr(self.app.state, "message_stream", None)
        if stream is not None:
            stream.detach()
        self.context.rpc = None

    def stop(self) -> None:
        self.detach()
        self.server.stop()
