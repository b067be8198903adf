"""Trade-mode routes: trades, statistics, balance, pairlists, locks, custom data.

Each handler parses, calls the RPC facade and returns its data unchanged; "not found" RPC
errors become 404 ``{"detail": ...}``, other RPC errors 502 ``{"error": ...}``.
"""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from freqtrade.api import schemas as S
from freqtrade.api.fields import AwareDatetime, Field, Model
from freqtrade.api.handler_utils import not_found_as_404
from freqtrade.api.responses import RenderedCache
from freqtrade.api.routing import api_route, get_rpc

TRADE_ID = Field("tradeid", int, location="path")


# ---------------------------------------------------------------------- trades
def status(request: Request) -> list[dict[str, Any]]:
    """Open trades with their current profit."""
    return get_rpc(request).trade_status()


def trades(request: Request, limit: int, offset: int, order_by_id: bool) -> Response:
    """Closed trades, one page (limit capped at 500) with the exact total."""
    rpc = get_rpc(request)
    # closed trades change rarely while FreqUI re-reads them on every poll
    cache: RenderedCache = request.app.state.history_pages
    key = (limit, offset, order_by_id, rpc.history_version())
    return cache.response(key, lambda: rpc.trade_history(limit, offset, order_by_id))


def trade(request: Request, tradeid: int) -> dict[str, Any]:
    """One trade, open or closed."""
    return not_found_as_404(get_rpc(request).trade, tradeid)


def delete_trade(request: Request, tradeid: int) -> dict[str, Any]:
    """Delete a trade from the database (its open orders are cancelled first)."""
    return get_rpc(request).delete_trade(tradeid)


def cancel_open_order(request: Request, tradeid: int) -> dict[str, Any]:
    """Cancel the open order of a trade."""
    return get_rpc(request).cancel_open_order(tradeid)


def reload_trade(request: Request, tradeid: int) -> dict[str, Any]:
    """Re-read a trade's orders from the exchange."""
    return get_rpc(request).reload_trade(tradeid)


def trade_custom_data(request: Request, tradeid: int, key: str | None) -> list[dict]:
    """Custom data stored by the strategy for one trade."""
    return not_found_as_404(get_rpc(request).custom_data, tradeid, key)


def open_trades_custom_data(request: Request, key: str | None, limit: int,
                            offset: int) -> list[dict]:
    """Custom data of the open trades (paged)."""
    return not_found_as_404(get_rpc(request).open_trades_custom_data, key, limit, offset)


def count(request: Request) -> dict[str, Any]:
    """Number of open trades, the maximum, and the stake in them."""
    return get_rpc(request).count()


# ---------------------------------------------------------------------- statistics
def profit(request: Request) -> dict[str, Any]:
    """Profit statistics over all trades."""
    return get_rpc(request).profit()


def profit_all(request: Request) -> dict[str, Any]:
    """Profit statistics, all trades and split by direction (futures only)."""
    return get_rpc(request).profit_all()


def performance(request: Request) -> list[dict[str, Any]]:
    """Profit per pair."""
    return get_rpc(request).performance()


def entries(request: Request, pair: str | None) -> list[dict[str, Any]]:
    """Profit per entry tag."""
    return get_rpc(request).entries(pair)


def exits(request: Request, pair: str | None) -> list[dict[str, Any]]:
    """Profit per exit reason."""
    return get_rpc(request).exits(pair)


def mix_tags(request: Request, pair: str | None) -> list[dict[str, Any]]:
    """Profit per entry tag and exit reason combination."""
    return get_rpc(request).mix_tags(pair)


def stats(request: Request) -> dict[str, Any]:
    """Exit reasons by outcome and mean durations."""
    return get_rpc(request).stats()


def daily(request: Request, timescale: int) -> dict[str, Any]:
    """Profit per day, newest first."""
    return get_rpc(request).timeunit_profit(timescale, "days")


def weekly(request: Request, timescale: int) -> dict[str, Any]:
    """Profit per week (weeks start on Monday), newest first."""
    return get_rpc(request).timeunit_profit(timescale, "weeks")


def monthly(request: Request, timescale: int) -> dict[str, Any]:
    """Profit per calendar month, newest first."""
    return get_rpc(request).timeunit_profit(timescale, "months")


def balance(request: Request) -> dict[str, Any]:
    """Balances per currency and their value in the stake currency."""
    return get_rpc(request).balance()


def historic_balance(request: Request) -> dict[str, Any]:
    """Daily bot-managed wallet value."""
    return get_rpc(request).historic_balance()


# ---------------------------------------------------------------------- pairlists
def whitelist(request: Request) -> dict[str, Any]:
    """The active whitelist."""
    return get_rpc(request).whitelist()


def blacklist(request: Request) -> dict[str, Any]:
    """The blacklist and what its entries expand to."""
    return get_rpc(request).blacklist()


def blacklist_add(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """Add entries (pairs or regular expressions) to the blacklist."""
    return get_rpc(request).blacklist_add(body["blacklist"])


def blacklist_delete(request: Request, pairs_to_delete: list[str]) -> dict[str, Any]:
    """Remove entries from the blacklist."""
    return get_rpc(request).blacklist_delete(pairs_to_delete or [])


# ---------------------------------------------------------------------- locks
def locks(request: Request) -> dict[str, Any]:
    """Active pair locks."""
    return get_rpc(request).locks()


def add_locks(request: Request, body: list[dict[str, Any]]) -> dict[str, Any]:
    """Lock pairs until the given time (rounded up to the next candle)."""
    return get_rpc(request).add_locks(body)


def delete_lock(request: Request, lockid: int) -> dict[str, Any]:
    """Remove a lock by id."""
    return get_rpc(request).delete_lock(lockid=lockid)


def delete_lock_pair(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """Remove a lock by id or all locks of a pair."""
    return get_rpc(request).delete_lock(lockid=body.get("lockid"), pair=body.get("pair"))


BLACKLIST_BODY = Model("BlacklistPayload", (Field("blacklist", list[str], max_items=200),))
LOCK_BODY = Model("LocksPayload", (
    Field("pair", str, max_length=64), Field("side", str, default="*",
                                             enum=("long", "short", "*")),
    Field("reason", str, default=None), Field("until", AwareDatetime)))
DELETE_LOCK_BODY = Model("DeleteLockRequest", (Field("pair", str, default=None),
                                               Field("lockid", int, default=None)))
PAIR_FILTER = [Field("pair", str, default=None)]
T = {"mode": "trade"}

ROUTES: list[BaseRoute] = [
    api_route("/api/v1/balance", balance, response=S.BALANCES, tags=["Info"], **T),
    api_route("/api/v1/count", count, response=S.COUNT, tags=["Info"], **T),
    api_route("/api/v1/entries", entries, response=list[S.ENTRY],
              tags=["Info"], fields=PAIR_FILTER, **T),
    api_route("/api/v1/exits", exits, response=list[S.EXIT],
              tags=["Info"], fields=PAIR_FILTER, **T),
    api_route("/api/v1/mix_tags", mix_tags, response=list[S.MIX_TAG],
              tags=["Info"], fields=PAIR_FILTER, **T),
    api_route("/api/v1/performance", performance, response=list[S.PERFORMANCE_ENTRY],
              tags=["Info"], **T),
    api_route("/api/v1/profit", profit, response=S.PROFIT, tags=["Info"], **T),
    api_route("/api/v1/profit_all", profit_all, response=S.PROFIT_ALL, tags=["Info"], **T),
    api_route("/api/v1/stats", stats, response=S.STATS, tags=["Info"], **T),
    api_route("/api/v1/historic_balance", historic_balance, response=S.HISTORIC_BALANCE,
              tags=["Info"], **T),
    api_route("/api/v1/daily", daily, response=S.TIMEUNIT, tags=["Info"],
              fields=[Field("timescale", int, default=7, ge=1, le=365)], **T),
    api_route("/api/v1/weekly", weekly, response=S.TIMEUNIT, tags=["Info"],
              fields=[Field("timescale", int, default=4, ge=1, le=104)], **T),
    api_route("/api/v1/monthly", monthly, response=S.TIMEUNIT, tags=["Info"],
              fields=[Field("timescale", int, default=3, ge=1, le=60)], **T),
    api_route("/api/v1/status", status, response=list[S.OPEN_TRADE], tags=["Trades"], **T),
    api_route("/api/v1/trades", trades, response=S.TRADE_HISTORY, tags=["Trades"], fields=[
        Field("limit", int, default=500, ge=1), Field("offset", int, default=0, ge=0),
        Field("order_by_id", bool, default=True)], **T),
    api_route("/api/v1/trade/{tradeid}", trade, response=S.OPEN_TRADE,
              tags=["Trades"], fields=[TRADE_ID], **T),
    api_route("/api/v1/trades/open/custom-data", open_trades_custom_data,
              response=list[S.TRADE_CUSTOM_DATA], tags=["Trades"],
              fields=[Field("key", str, default=None),
                      Field("limit", int, default=100, ge=1, le=500),
                      Field("offset", int, default=0, ge=0)], **T),
    api_route("/api/v1/trades/{tradeid}", delete_trade, ["DELETE"], response=S.DELETE_TRADE,
              tags=["Trades"], fields=[TRADE_ID], **T),
    api_route("/api/v1/trades/{tradeid}/open-order", cancel_open_order, ["DELETE"],
              response=S.OPEN_TRADE, tags=["Trades"], fields=[TRADE_ID], **T),
    api_route("/api/v1/trades/{tradeid}/reload", reload_trade, ["POST"], response=S.OPEN_TRADE,
              tags=["Trades"], fields=[TRADE_ID], **T),
    api_route("/api/v1/trades/{tradeid}/custom-data", trade_custom_data,
              response=list[S.TRADE_CUSTOM_DATA], tags=["Trades"],
              fields=[TRADE_ID, Field("key", str, default=None)], **T),
    api_route("/api/v1/whitelist", whitelist, response=S.WHITELIST, tags=["Pairlist"], **T),
    api_route("/api/v1/blacklist", blacklist, response=S.BLACKLIST, tags=["Pairlist"], **T),
    api_route("/api/v1/blacklist", blacklist_add, ["POST"], response=S.BLACKLIST, tags=["Pairlist"],
              body=BLACKLIST_BODY, name="blacklist_post", **T),
    api_route("/api/v1/blacklist", blacklist_delete, ["DELETE"], response=S.BLACKLIST,
              tags=["Pairlist"],
              fields=[Field("pairs_to_delete", list[str], default=[], max_items=200)],
              name="blacklist_delete", **T),
    api_route("/api/v1/locks", locks, response=S.LOCKS, tags=["Locks"], **T),
    api_route("/api/v1/locks", add_locks, ["POST"], response=S.LOCKS,
              tags=["Locks"], body=[LOCK_BODY],
              body_max_items=100, name="locks_post", **T),
    api_route("/api/v1/locks/{lockid}", delete_lock, ["DELETE"], response=S.LOCKS, tags=["Locks"],
              fields=[Field("lockid", int, location="path")], **T),
    api_route("/api/v1/locks/delete", delete_lock_pair, ["POST"], response=S.LOCKS, tags=["Locks"],
              body=DELETE_LOCK_BODY, **T),
]
