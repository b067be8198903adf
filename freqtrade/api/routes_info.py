"""Info routes that work in every run mode: version, config, logs, health, strategies."""
from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import BaseRoute

from freqtrade import __version__
from freqtrade.api import schemas as S
from freqtrade.api.context import get_context
from freqtrade.api.fields import Field, StrategyName
from freqtrade.api.routing import api_route, get_config
from freqtrade.exceptions import OperationalException, RPCException
from freqtrade.rpc.rpc import RPC, show_config
from freqtrade.rpc.strategy_info import load_strategy_info, plot_config_of

TAGS = ["Info"]


def version(request: Request) -> dict[str, str]:
    """The bot's version."""
    return {"version": __version__}


def config_view(request: Request) -> dict[str, Any]:
    """The effective configuration (an allow-list: no secrets)."""
    context = get_context(request)
    bot = context.rpc.bot if context.rpc is not None else None
    config = dict(get_config(request))
    config.setdefault("runmode", context.runmode.value)
    return show_config(config, bot)


def logs(request: Request, limit: int | None) -> dict[str, Any]:
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


def strategy(request: Request, strategy: str) -> dict[str, Any]:
    """A strategy's source code, timeframe and parameters."""
    context = get_context(request)
    running = context.rpc.strategy if context.rpc is not None else None
    try:
        return load_strategy_info(get_config(request), strategy, running)
    except FileNotFoundError:
        raise HTTPException(404, "Strategy not found") from None
    except OperationalException:
        raise HTTPException(404, "Strategy not found") from None


def plot_config(request: Request, strategy: str | None) -> dict[str, Any]:
    """The plot configuration of the running (or the named) strategy."""
    context = get_context(request)
    running = context.rpc.strategy if context.rpc is not None else None
    if not strategy and running is None:
        raise RPCException("Strategy is mandatory in webserver mode.")
    try:
        return plot_config_of(get_config(request), strategy, running)
    except OperationalException as exc:
        raise HTTPException(502, str(exc)) from None


def markets(request: Request, base: str | None, quote: str | None, include_inactive: bool,
            exchange: str | None, trading_mode: str | None,
            margin_mode: str | None) -> dict[str, Any]:
    """Markets of the exchange, filtered by base / quote currency."""
    from freqtrade.rpc.markets import markets_view

    context = get_context(request)
    bot_exchange = context.rpc.exchange if context.rpc is not None else None
    return markets_view(get_config(request), bot_exchange, base, quote, include_inactive,
                        exchange_name=exchange)


ROUTES: list[BaseRoute] = [
    api_route("/api/v1/version", version, response=S.VERSION, tags=TAGS),
    api_route("/api/v1/show_config", config_view, response=S.SHOW_CONFIG, tags=TAGS),
    api_route("/api/v1/logs", logs, response=S.LOGS, tags=TAGS,
              fields=[Field("limit", int, default=None, ge=0)]),
    api_route("/api/v1/sysinfo", sysinfo, response=S.SYSINFO, tags=TAGS),
    api_route("/api/v1/health", health, response=S.HEALTH, tags=TAGS),
    api_route("/api/v1/strategy/{strategy}", strategy, response=S.STRATEGY, tags=["Strategy"],
              fields=[Field("strategy", StrategyName, location="path")]),
    api_route("/api/v1/plot_config", plot_config, response=S.PLOT_CONFIG, tags=["Candle data"],
              fields=[Field("strategy", StrategyName, default=None)]),
    api_route("/api/v1/markets", markets, response=S.MARKETS, tags=["Candle data"],
              fields=[Field("base", str, default=None), Field("quote", str, default=None),
                      Field("include_inactive", bool, default=False),
                      Field("exchange", str, default=None),
                      Field("trading_mode", str, default=None,
                            enum=("spot", "margin", "futures")),
                      Field("margin_mode", str, default=None, enum=("cross", "isolated"))]),
]
