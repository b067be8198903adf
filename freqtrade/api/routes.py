"""Every URL of the API, in the order the router tries them, each with its handler.

Order matters for the 404/405 fall-through: the API routes first, then the message
websocket, ``/openapi.json`` and ``/docs``, and the UI catch-all last (a GET to an unknown
path gets the UI; another method gets 405). ``scope``: the auth scope a caller needs
(``PUBLIC`` = none; ``READ``: every user, the read-only one included; ``TRADE``: the full
user only, 403 for the read-only one; ``TRADE`` routes that change state are audited).
``mode``: "trade" answers 503 outside live/dry_run (and 502 while no bot is attached), "any"
answers in every run mode. ``response`` names the answer's class in
``response_models.py``; ``errors`` are statuses the handler itself answers.
"""
from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, WebSocketRoute

from freqtrade.api import routes_audit as audit
from freqtrade.api import routes_auth as auth
from freqtrade.api import routes_botcontrol as control
from freqtrade.api import routes_candles as candles
from freqtrade.api import routes_docs as docs
from freqtrade.api import routes_info as info
from freqtrade.api import routes_trading as trading
from freqtrade.api import routes_ui as ui
from freqtrade.api.routes_ws import message_ws
from freqtrade.api.routing import PUBLIC, READ, TRADE, api_route

V1 = "/api/v1"
POST, DELETE = ["POST"], ["DELETE"]


def api_routes() -> list[BaseRoute]:
    """The documented API, in freqtrade's order (public, auth, info, trading, candle data)."""
    return [
        api_route(f"{V1}/ping", info.ping, ["GET", "HEAD"], scope=PUBLIC, mode="any",
                  response="Ping", tags=["Info"]),
        api_route(f"{V1}/token/login", auth.token_login, POST, scope=PUBLIC, mode="any",
                  no_store=True, response="AccessAndRefreshToken", errors=[401, 429],
                  tags=["Auth"]),
        api_route(f"{V1}/token/refresh", auth.token_refresh, POST, scope=PUBLIC, mode="any",
                  no_store=True, response="AccessToken", errors=[401], tags=["Auth"]),
        api_route(f"{V1}/token/logout", auth.token_logout, POST, scope=PUBLIC, mode="any",
                  no_store=True, response="StatusMsg", errors=[401], tags=["Auth"]),
        # info: every run mode
        api_route(f"{V1}/version", info.version, scope=READ, mode="any",
                  response="Version", tags=["Info"]),
        api_route(f"{V1}/show_config", info.config_view, scope=READ, mode="any",
                  response="ShowConfig", tags=["Info"]),
        api_route(f"{V1}/logs", info.logs, scope=READ, mode="any",
                  response="Logs", tags=["Info"]),
        api_route(f"{V1}/sysinfo", info.sysinfo, scope=READ, mode="any",
                  response="SysInfo", tags=["Info"]),
        api_route(f"{V1}/health", info.health, scope=READ, mode="any",
                  response="Health", errors=[502], tags=["Info"]),
        api_route(f"{V1}/strategy/{{strategy}}", info.strategy, scope=READ, mode="any",
                  response="StrategyResponse", errors=[404], tags=["Strategy"]),
        api_route(f"{V1}/plot_config", info.plot_config, scope=READ, mode="any",
                  response="PlotConfig", errors=[502], tags=["Candle data"]),
        api_route(f"{V1}/markets", info.markets, scope=READ, mode="any",
                  response="MarketResponse", tags=["Candle data"]),
        # trading: live and dry-run only
        api_route(f"{V1}/balance", trading.balance, scope=READ, mode="trade",
                  response="Balances", tags=["Info"]),
        api_route(f"{V1}/count", trading.count, scope=READ, mode="trade",
                  response="Count", tags=["Info"]),
        api_route(f"{V1}/entries", trading.entries, scope=READ, mode="trade",
                  response="list[Entry]", tags=["Info"]),
        api_route(f"{V1}/exits", trading.exits, scope=READ, mode="trade",
                  response="list[Exit]", tags=["Info"]),
        api_route(f"{V1}/mix_tags", trading.mix_tags, scope=READ, mode="trade",
                  response="list[MixTag]", tags=["Info"]),
        api_route(f"{V1}/performance", trading.performance, scope=READ, mode="trade",
                  response="list[PerformanceEntry]", tags=["Info"]),
        api_route(f"{V1}/profit", trading.profit, scope=READ, mode="trade",
                  response="Profit", tags=["Info"]),
        api_route(f"{V1}/profit_all", trading.profit_all, scope=READ, mode="trade",
                  response="ProfitAll", tags=["Info"]),
        api_route(f"{V1}/stats", trading.stats, scope=READ, mode="trade",
                  response="Stats", tags=["Info"]),
        api_route(f"{V1}/historic_balance", trading.historic_balance, scope=READ,
                  mode="trade", response="HistoricBalance", tags=["Info"]),
        api_route(f"{V1}/daily", trading.daily, scope=READ, mode="trade",
                  response="DailyWeeklyMonthly", tags=["Info"]),
        api_route(f"{V1}/weekly", trading.weekly, scope=READ, mode="trade",
                  response="DailyWeeklyMonthly", tags=["Info"]),
        api_route(f"{V1}/monthly", trading.monthly, scope=READ, mode="trade",
                  response="DailyWeeklyMonthly", tags=["Info"]),
        api_route(f"{V1}/status", trading.status, scope=READ, mode="trade",
                  response="list[OpenTradeSchema]", tags=["Trades"]),
        api_route(f"{V1}/trades", trading.trades, scope=READ, mode="trade",
                  response="TradeResponse", tags=["Trades"]),
        api_route(f"{V1}/trade/{{tradeid}}", trading.trade, scope=READ, mode="trade",
                  response="OpenTradeSchema", errors=[404], tags=["Trades"]),
        api_route(f"{V1}/trades/open/custom-data", trading.open_trades_custom_data,
                  scope=READ, mode="trade", response="list[ListCustomData]", errors=[404],
                  tags=["Trades"]),
        api_route(f"{V1}/trades/{{tradeid}}", trading.delete_trade, DELETE, scope=TRADE,
                  mode="trade", response="DeleteTrade", tags=["Trades"]),
        api_route(f"{V1}/trades/{{tradeid}}/open-order", trading.cancel_open_order, DELETE,
                  scope=TRADE, mode="trade", response="OpenTradeSchema", tags=["Trades"]),
        api_route(f"{V1}/trades/{{tradeid}}/reload", trading.reload_trade, POST, scope=TRADE,
                  mode="trade", response="OpenTradeSchema", tags=["Trades"]),
        api_route(f"{V1}/trades/{{trade_id}}/custom-data", trading.trade_custom_data,
                  scope=READ, mode="trade", response="list[ListCustomData]", errors=[404],
                  tags=["Trades"]),
        api_route(f"{V1}/whitelist", trading.whitelist, scope=READ, mode="trade",
                  response="WhitelistResponse", tags=["Pairlist"]),
        api_route(f"{V1}/blacklist", trading.blacklist, scope=READ, mode="trade",
                  response="BlacklistResponse", tags=["Pairlist"]),
        api_route(f"{V1}/blacklist", trading.blacklist_add, POST, scope=TRADE, mode="trade",
                  response="BlacklistResponse", name="blacklist_post", tags=["Pairlist"]),
        api_route(f"{V1}/blacklist", trading.blacklist_delete, DELETE, scope=TRADE,
                  mode="trade", response="BlacklistResponse", name="blacklist_delete",
                  tags=["Pairlist"]),
        api_route(f"{V1}/locks", trading.locks, scope=READ, mode="trade",
                  response="Locks", tags=["Locks"]),
        api_route(f"{V1}/locks", trading.add_locks, POST, scope=TRADE, mode="trade",
                  response="Locks", name="locks_post", tags=["Locks"]),
        api_route(f"{V1}/locks/{{lockid}}", trading.delete_lock, DELETE, scope=TRADE,
                  mode="trade", response="Locks", tags=["Locks"]),
        api_route(f"{V1}/locks/delete", trading.delete_lock_pair, POST, scope=TRADE,
                  mode="trade", response="Locks", tags=["Locks"]),
        # bot control (pause has two older names)
        api_route(f"{V1}/start", control.start, POST, scope=TRADE, mode="trade",
                  response="StatusMsg", tags=["Bot-control"]),
        api_route(f"{V1}/stop", control.stop, POST, scope=TRADE, mode="trade",
                  response="StatusMsg", tags=["Bot-control"]),
        api_route(f"{V1}/pause", control.pause, POST, scope=TRADE, mode="trade",
                  response="StatusMsg", tags=["Bot-control"]),
        api_route(f"{V1}/stopentry", control.pause, POST, scope=TRADE, mode="trade",
                  response="StatusMsg", name="stopentry", tags=["Bot-control"]),
        api_route(f"{V1}/stopbuy", control.pause, POST, scope=TRADE, mode="trade",
                  response="StatusMsg", name="stopbuy", tags=["Bot-control"]),
        api_route(f"{V1}/reload_config", control.reload_config, POST, scope=TRADE,
                  mode="trade", response="StatusMsg", tags=["Bot-control"]),
        api_route(f"{V1}/forceenter", control.force_entry, POST, scope=TRADE, mode="trade",
                  response="TradeSchema", errors=[400], tags=["Bot-control"]),
        api_route(f"{V1}/forcebuy", control.force_entry, POST, scope=TRADE, mode="trade",
                  response="TradeSchema", errors=[400], name="forcebuy", tags=["Bot-control"]),
        api_route(f"{V1}/forceexit", control.force_exit, POST, scope=TRADE, mode="trade",
                  response="ResultMsg", tags=["Bot-control"]),
        api_route(f"{V1}/forcesell", control.force_exit, POST, scope=TRADE, mode="trade",
                  response="ResultMsg", name="forcesell", tags=["Bot-control"]),
        # beyond freqtrade: the trail of the calls above that change state (full user only)
        api_route(f"{V1}/audit", audit.audit, scope=TRADE, mode="trade", needs_rpc=False,
                  response="AuditLog", tags=["Audit"]),
        # candle data; pair_history, available_pairs, strategies and exchanges answer in
        # trade mode too (freqtrade limits them to webserver mode)
        api_route(f"{V1}/pair_candles", candles.pair_candles, scope=READ, mode="trade",
                  response="PairHistory", tags=["Candle data"]),
        api_route(f"{V1}/pair_candles", candles.pair_candles_post, POST, scope=READ,
                  mode="trade", response="PairHistory", name="pair_candles_post",
                  tags=["Candle data"]),
        api_route(f"{V1}/pair_history", candles.pair_history, scope=READ, mode="any",
                  response="PairHistory", errors=[502], tags=["Candle data"]),
        api_route(f"{V1}/pair_history", candles.pair_history_post, POST, scope=READ,
                  mode="any", response="PairHistory", errors=[502], name="pair_history_post",
                  tags=["Candle data"]),
        api_route(f"{V1}/available_pairs", candles.available_pairs, scope=READ, mode="any",
                  response="AvailablePairs", tags=["Candle data"]),
        api_route(f"{V1}/strategies", candles.strategies, scope=READ, mode="any",
                  response="StrategyListResponse", tags=["Strategy"]),
        api_route(f"{V1}/exchanges", candles.exchanges, scope=READ, mode="any",
                  response="ExchangeListResponse", tags=["Info"]),
        api_route(f"{V1}/edge", candles.edge, scope=READ, mode="trade",
                  response="list", tags=["Info"]),
    ]


def all_routes(extra: Sequence[BaseRoute] = ()) -> list[BaseRoute]:
    """The app's routes; ``extra`` (tests, plugins) go before the websocket and the UI."""
    return [
        *api_routes(),
        *extra,
        WebSocketRoute(f"{V1}/message/ws", message_ws),  # authenticates by its token param
        api_route("/openapi.json", docs.openapi_json, scope=PUBLIC, mode="any",
                  include_in_schema=False),
        api_route("/docs", docs.docs, scope=PUBLIC, mode="any", include_in_schema=False),
        api_route("/docs/oauth2-redirect", docs.oauth2_redirect, scope=PUBLIC, mode="any",
                  include_in_schema=False),
        api_route("/docs/static/{name}", docs.docs_asset, scope=PUBLIC, mode="any",
                  include_in_schema=False),
        api_route("/favicon.ico", ui.favicon, scope=PUBLIC, mode="any",
                  include_in_schema=False),
        api_route("/fallback_file.html", ui.fallback_file, scope=PUBLIC, mode="any",
                  include_in_schema=False),
        api_route("/ui_version", ui.ui_version, scope=PUBLIC, mode="any",
                  include_in_schema=False),
        api_route("/{rest_of_path:path}", ui.ui_fallback, scope=PUBLIC, mode="any",
                  include_in_schema=False),
    ]
