"""The HTTP API layer: a Starlette app served by hypercorn in its own thread.

Other modules add endpoints as route tables built with ``api_route`` and pass them to
``create_app(context, extra_routes=...)``; handlers reach the bot through ``get_rpc(request)``.
"""
from freqtrade.api.app import create_app
from freqtrade.api.auth import SCOPE_READ, SCOPE_TRADE, authorize
from freqtrade.api.context import ApiContext, get_context
from freqtrade.api.errors import BotNotReady, ValidationFailed
from freqtrade.api.fields import MISSING, AwareDatetime, Field, Model, StrategyName
from freqtrade.api.responses import ApiJSONResponse, json_dumps, json_response
from freqtrade.api.routing import (
    ApiRoute,
    RouteSpec,
    api_route,
    get_config,
    get_rpc,
    require_trade_mode,
    require_webserver_mode,
)
from freqtrade.api.server import ApiServer
from freqtrade.api.validation import MAX_BODY_BYTES, parse_body, parse_path, parse_query

__all__ = [
    "MAX_BODY_BYTES",
    "MISSING",
    "SCOPE_READ",
    "SCOPE_TRADE",
    "ApiContext",
    "ApiJSONResponse",
    "ApiRoute",
    "ApiServer",
    "AwareDatetime",
    "BotNotReady",
    "Field",
    "Model",
    "RouteSpec",
    "StrategyName",
    "ValidationFailed",
    "api_route",
    "authorize",
    "create_app",
    "get_config",
    "get_context",
    "get_rpc",
    "json_dumps",
    "json_response",
    "parse_body",
    "parse_path",
    "parse_query",
    "require_trade_mode",
    "require_webserver_mode",
]
