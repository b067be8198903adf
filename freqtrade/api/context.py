"""What the web layer knows about the process: config, run mode, and the bot's RPC facade."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from freqtrade.api.throttle import LoginThrottle
from freqtrade.enums import RunMode

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection


class ApiContext:
    """Shared by the app, its handlers and the server thread.

    ``config`` may be replaced on reload (the app reads it per request); ``rpc`` is the
    framework-free RPC object, ``None`` in webserver mode and while the bot reloads.
    """

    def __init__(self, config: dict[str, Any], runmode: RunMode | str | None = None,
                 rpc: Any = None) -> None:
        self.config = config
        self.runmode = RunMode(runmode or config.get("runmode") or RunMode.OTHER)
        self.rpc = rpc
        self.login_throttle = LoginThrottle()
        self.generated_jwt_secret: str | None = None

    @property
    def api_config(self) -> dict[str, Any]:
        """The ``api_server`` section (empty dict when absent)."""
        return self.config.get("api_server") or {}


def get_context(conn: HTTPConnection) -> ApiContext:
    """The ApiContext of the app serving this request (set by ``create_app``)."""
    return conn.app.state.context
