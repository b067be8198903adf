"""Candle data and the data/strategy inventory: pair_candles, pair_history, available_pairs.

``/strategies``, ``/available_pairs``, ``/exchanges`` and ``/pair_history`` answer in trade
mode too (freqtrade 2.50 limits them to webserver mode; a running bot's users want them).
"""
from __future__ import annotations

import logging
from typing import Annotated, Any

from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from freqtrade.api.context import get_context
from freqtrade.api.request_models import (
    CANDLE_LIMIT,
    PairCandlesRequest,
    PairHistoryRequest,
    StrategyName,
    Timeframe,
)
from freqtrade.api.responses import RenderedCache
from freqtrade.api.routing import get_config, get_rpc, released_call
from freqtrade.enums import CandleType
from freqtrade.exceptions import OperationalException, RPCException
from freqtrade.rpc import history

logger = logging.getLogger(__name__)


async def _candles(request: Request, pair: str, timeframe: str, limit: int | None,
                   columns: list[str] | None) -> Response:
    """Rendered once per analysis: a frame does not change until the next candle is analyzed,
    while FreqUI (and every open tab) re-polls it, so repeat requests send the cached body.
    A repeat is answered on the event loop (the stamp and the cache are in memory); only
    rendering goes to a worker thread."""
    rpc = get_rpc(request)
    cache: RenderedCache = request.app.state.candle_cache
    key = (pair, timeframe, limit, tuple(columns) if columns is not None else None,
           rpc.analysed_dataframe_stamp(pair, timeframe))
    cached = cache.cached(key)
    if cached is not None:
        return cached
    def render() -> dict[str, Any]:
        return rpc.analysed_dataframe(pair, timeframe, limit, columns)

    return await run_in_threadpool(released_call, cache.response, key, render)


async def pair_candles(request: Request, pair: str, timeframe: Timeframe,
                       limit: Annotated[int, Field(ge=1, le=CANDLE_LIMIT)] | None = None
                       ) -> Response:
    """The bot's latest analyzed candles of a pair."""
    return await _candles(request, pair, timeframe, limit, None)


async def pair_candles_post(request: Request, body: PairCandlesRequest) -> Response:
    """Like GET, keeping only the requested columns (plus OHLCV and signals)."""
    return await _candles(request, body.pair, body.timeframe, body.limit, body.columns or [])


def _history(request: Request, pair: str, timeframe: str, timerange: str | None,
             strategy: str | None, columns: list[str] | None) -> dict[str, Any]:
    """Any failure of loading or running the strategy is a 502 with its message."""
    context = get_context(request)
    exchange = context.rpc.exchange if context.rpc is not None else None
    try:
        return history.pair_history(get_config(request), pair, timeframe, timerange, strategy,
                                    columns, exchange)
    except OperationalException as exc:
        raise HTTPException(502, str(exc)) from None
    except Exception as exc:
        logger.exception("Error in pair_history")
        raise HTTPException(502, str(exc)) from None


def pair_history(request: Request, pair: str, timeframe: Timeframe, timerange: str,
                 strategy: StrategyName, freqaimodel: str | None = None) -> dict[str, Any]:
    """Stored candles of a timerange, analyzed by the named strategy."""
    return _history(request, pair, timeframe, timerange, strategy, None)


def pair_history_post(request: Request, body: PairHistoryRequest) -> dict[str, Any]:
    """Like GET, with optional strategy and a column filter."""
    return _history(request, body.pair, body.timeframe, body.timerange, body.strategy,
                    body.columns)


def available_pairs(request: Request, timeframe: str | None = None,
                    stake_currency: str | None = None,
                    candletype: CandleType | None = None) -> dict[str, Any]:
    """Pairs and timeframes with candle files on disk."""
    return history.available_pairs(get_config(request), timeframe or None,
                                   stake_currency or None,
                                   candletype.value if candletype else None)


def strategies(request: Request) -> dict[str, list[str]]:
    """Strategy class names found in the strategy folder."""
    return {"strategies": history.strategy_names(get_config(request))}


def exchanges(request: Request) -> dict[str, Any]:
    """Exchanges the bot can use."""
    from freqtrade.exchange import list_exchanges

    return {"exchanges": list_exchanges()}


def edge(request: Request) -> None:
    """Edge positioning (removed; kept so old clients get a clear answer)."""
    get_rpc(request)
    raise RPCException("Edge is not enabled.")
