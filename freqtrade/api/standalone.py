"""``freqtrade webserver``: the API without a trading bot (run mode ``webserver``)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.server import ApiServer
from freqtrade.enums import RunMode


def run_webserver(config: dict[str, Any], extra_routes: Sequence[BaseRoute] = ()) -> None:
    """Serve in the foreground until SIGINT/SIGTERM."""
    context = ApiContext(config, RunMode.WEBSERVER)
    ApiServer(context, create_app(context, extra_routes)).run_forever()
