"""Info routes that work in every run mode: ping, version, config, logs, health, strategies."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from freqtrade import __version__
from freqtrade.api.context import get_context
from freqtrade.api.request_models import StrategyName
from freqtrade.api.routing import get_config
from freqtrade.enums import MarginMode, TradingMode
from freqtrade.exceptions import OperationalException, RPCException
from freqtrade.rpc.rpc import RPC, show_config
from freqtrade.rpc.strategy_info import load_strategy_info, plot_config_of


async def ping(request: Request) -> dict[str, str] | Response:
    """Liveness check; HEAD answers 200 with an empty JSON-typed body."""
    if request.method == "HEAD":
        return Response(status_code=200, media_type="application/json")
    return {"status": "pong"}


def version(request: Request) -> dict[str, str]:
    """The bot's version."""
    return {"version": __version__}


def config_view(request: Request) -> dict[str, Any]:
    """The effective configuration (an allow-list: no secrets)."""
    context = get_context(request)
    config = dict(get_config(request))
    config.setdefault("runmode", context.runmode.value)
    return show_config(config, context.rpc)


def logs(request: Request, limit: Annotated[int, Field(ge=0)] | None = None) -> dict[str, Any]:
    """The newest log records (at most 1,000)."""
    return RPC.logs(limit)


def sysinfo(request: Request) -> dict[str, Any]:
    """CPU and memory usage of the machine."""
    return RPC.sysinfo()


def health(request: Request) -> dict[str, Any]:
    """Time of the last loop iteration, first start and this process' start."""
    context = get_context(request)
    if context.rpc is None:
        raise RPCException("Bot is not in the correct state")
    return context.rpc.health()


def strategy(request: Request, strategy: StrategyName) -> dict[str, Any]:
    """A strategy's source code, timeframe and parameters."""
    context = get_context(request)
    running = context.rpc.strategy if context.rpc is not None else None
    try:
        return load_strategy_info(get_config(request), strategy, running)
    except FileNotFoundError:
        raise HTTPException(404, "Strategy not found") from None
    except OperationalException:
        raise HTTPException(404, "Strategy not found") from None


def plot_config(request: Request, strategy: StrategyName | None = None) -> dict[str, Any]:
    """The plot configuration of the running (or the named) strategy."""
    context = get_context(request)
    running = context.rpc.strategy if context.rpc is not None else None
    try:
        return plot_config_of(get_config(request), strategy, running)
    except OperationalException as exc:
        raise HTTPException(502, str(exc)) from None


def markets(request: Request, trading_mode: TradingMode | None = None,
            margin_mode: MarginMode | None = None, exchange: str | None = None,
            base: str | None = None, quote: str | None = None,
            include_inactive: bool = False) -> dict[str, Any]:
    """Markets of the exchange, filtered by base / quote currency."""
    from freqtrade.rpc.markets import markets_view

    del trading_mode, margin_mode  # validated as freqtrade does; this bot lists spot only
    context = get_context(request)
    bot_exchange = context.rpc.exchange if context.rpc is not None else None
    return markets_view(get_config(request), bot_exchange, base, quote, include_inactive,
                        exchange_name=exchange)
