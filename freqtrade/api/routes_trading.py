"""Trade-mode routes: trades, statistics, balance, pairlists, locks, custom data.

Each handler calls the RPC facade and returns its data unchanged; ``RPCNotFound`` becomes
404 ``{"detail": ...}``, other RPC errors 502 ``{"error": ...}`` (``errors.py``).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Annotated, Any

from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from freqtrade.api.request_models import BlacklistPayload, DbInt, DeleteLockRequest, LocksBody
from freqtrade.api.responses import RenderedCache, RenderedJSONResponse, json_dumps
from freqtrade.api.routing import get_rpc, released_call
from freqtrade.api.shared_answers import SharedAnswers

Limit = Annotated[DbInt, Field(ge=1, description="Maximum number of trades to return")]
Offset = Annotated[DbInt, Field(ge=0, description="Number of trades to skip")]
PairList = Annotated[list[str], Field(max_length=200)]


# ---------------------------------------------------------------------- trades
async def status(request: Request) -> Response:
    """Open trades with their current profit."""
    # FreqUI polls this every few seconds: while no commit and no ticker fetch happened
    # since the last answer, it is sent again from the event loop (the check never waits)
    rpc = get_rpc(request)
    body = rpc.trade_status_unchanged()
    if body is None:
        body = await run_in_threadpool(released_call, rpc.trade_status_json)
    return RenderedJSONResponse(body)


def trades(request: Request, limit: Limit = 500, offset: Offset = 0,
           order_by_id: bool = True) -> Response:
    """Closed trades, one page (limit capped at 500) with the exact total."""
    rpc = get_rpc(request)
    # closed trades change rarely while FreqUI re-reads them on every poll
    cache: RenderedCache = request.app.state.history_pages
    version = rpc.history_version()
    if version is None:  # the history is still being read in full: from SQL, not kept
        return RenderedJSONResponse(rpc.trade_history_json(limit, offset, order_by_id))
    key = (limit, offset, order_by_id, version)
    return cache.response(key, lambda: rpc.trade_history_json(limit, offset, order_by_id))


def trade(request: Request, tradeid: DbInt) -> dict[str, Any]:
    """One trade, open or closed."""
    return get_rpc(request).trade(tradeid)


def delete_trade(request: Request, tradeid: DbInt) -> dict[str, Any]:
    """Delete a trade from the database (its open orders are cancelled first)."""
    return get_rpc(request).delete_trade(tradeid)


def cancel_open_order(request: Request, tradeid: DbInt) -> dict[str, Any]:
    """Cancel the open order of a trade."""
    return get_rpc(request).cancel_open_order(tradeid)


def reload_trade(request: Request, tradeid: DbInt) -> dict[str, Any]:
    """Re-read a trade's orders from the exchange."""
    return get_rpc(request).reload_trade(tradeid)


def trade_custom_data(request: Request, trade_id: DbInt, key: str | None = None) -> list[dict]:
    """Custom data stored by the strategy for one trade."""
    return get_rpc(request).custom_data(trade_id, key)


def open_trades_custom_data(request: Request, key: str | None = None,
                            limit: Annotated[int, Field(ge=1, le=500)] = 100,
                            offset: Offset = 0) -> list[dict]:
    """Custom data of the open trades (paged)."""
    return get_rpc(request).open_trades_custom_data(key, limit, offset)


def count(request: Request) -> dict[str, Any]:
    """Number of open trades, the maximum, and the stake in them."""
    return get_rpc(request).count()


# ---------------------------------------------------------------------- statistics
async def profit(request: Request) -> Response:
    """Profit statistics over all trades."""
    return await _shared(request, "profit", get_rpc(request).profit)


async def profit_all(request: Request) -> Response:
    """Profit statistics, all trades and split by direction (futures only)."""
    return await _shared(request, "profit_all", get_rpc(request).profit_all)


async def _shared(request: Request, key: Hashable, read: Callable[[], Any]) -> Response:
    """``read()`` rendered, computed once for the requests that wait together (every one
    computed after its request arrived: ``shared_answers``)."""
    answers: SharedAnswers = request.app.state.shared_answers
    body = await answers.answer(key, lambda: json_dumps(released_call(read)))
    return RenderedJSONResponse(body)


async def performance(request: Request) -> Response:
    """Profit per pair."""
    return await _shared(request, "performance", get_rpc(request).performance)


async def entries(request: Request, pair: str | None = None) -> Response:
    """Profit per entry tag."""
    return await _shared(request, ("entries", pair), lambda: get_rpc(request).entries(pair))


async def exits(request: Request, pair: str | None = None) -> Response:
    """Profit per exit reason."""
    return await _shared(request, ("exits", pair), lambda: get_rpc(request).exits(pair))


async def mix_tags(request: Request, pair: str | None = None) -> Response:
    """Profit per entry tag and exit reason combination."""
    return await _shared(request, ("mix_tags", pair), lambda: get_rpc(request).mix_tags(pair))


async def stats(request: Request) -> Response:
    """Exit reasons by outcome and mean durations."""
    return await _shared(request, "stats", get_rpc(request).stats)


async def daily(request: Request, timescale: Annotated[int, Field(ge=1, le=365)] = 7) -> Response:
    """Profit per day, newest first."""
    return await _timeunit(request, timescale, "days")


async def weekly(request: Request, timescale: Annotated[int, Field(ge=1, le=104)] = 4
                 ) -> Response:
    """Profit per week (weeks start on Monday), newest first."""
    return await _timeunit(request, timescale, "weeks")


async def monthly(request: Request, timescale: Annotated[int, Field(ge=1, le=60)] = 3
                  ) -> Response:
    """Profit per calendar month, newest first."""
    return await _timeunit(request, timescale, "months")


async def _timeunit(request: Request, timescale: int, unit: str) -> Response:
    rpc = get_rpc(request)
    return await _shared(request, (unit, timescale), lambda: rpc.timeunit_profit(timescale, unit))


async def balance(request: Request) -> Response:
    """Balances per currency and their value in the stake currency."""
    return await _shared(request, "balance", get_rpc(request).balance)


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


def blacklist_add(request: Request, body: BlacklistPayload) -> dict[str, Any]:
    """Add entries (pair names or wildcard patterns such as .*/BTC) to the blacklist."""
    return get_rpc(request).blacklist_add(body.blacklist)


def blacklist_delete(request: Request, pairs_to_delete: PairList = []  # noqa: B006
                     ) -> dict[str, Any]:  # (pydantic copies a mutable default per request)
    """Remove entries from the blacklist."""
    return get_rpc(request).blacklist_delete(pairs_to_delete)


# ---------------------------------------------------------------------- locks
def locks(request: Request) -> dict[str, Any]:
    """Active pair locks."""
    return get_rpc(request).locks()


def add_locks(request: Request, body: LocksBody) -> dict[str, Any]:
    """Lock pairs until the given time (rounded up to the next candle)."""
    return get_rpc(request).add_locks([lock.model_dump() for lock in body])


def delete_lock(request: Request, lockid: DbInt) -> dict[str, Any]:
    """Remove a lock by id."""
    return get_rpc(request).delete_lock(lockid=lockid)


def delete_lock_pair(request: Request, body: DeleteLockRequest) -> dict[str, Any]:
    """Remove a lock by id or all locks of a pair."""
    return get_rpc(request).delete_lock(lockid=body.lockid, pair=body.pair)
