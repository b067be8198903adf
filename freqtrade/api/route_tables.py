"""Every API route table, in the order freqtrade mounts them (info, trading, data)."""
from __future__ import annotations

from starlette.routing import BaseRoute


def all_routes() -> list[BaseRoute]:
    from freqtrade.api import routes_botcontrol, routes_candles, routes_info, routes_trading

    return [*routes_info.ROUTES, *routes_trading.ROUTES, *routes_botcontrol.ROUTES,
            *routes_candles.ROUTES]
