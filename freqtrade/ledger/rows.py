"""The rows the ledger is built from: closed trades, their entry cost, every trade's volume.

Each function reads, on the given connection, either every trade (``ids=None``) or only the
given ones, as plain tuples (``fetch_rows``: no ORM objects, dates as text).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.engine import Connection

from freqtrade.persistence import Order, Trade
from freqtrade.persistence.db import fetch_rows

CHUNK = 500  # ids per IN list


def _chunks(ids: Sequence[int] | None) -> Iterable[list[int] | None]:
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def trades(connection: Connection, ids: Sequence[int] | None) -> list[Sequence[Any]]:
    """(id, is_open, pair, is_short, enter_tag, exit_reason, close_profit, close_profit_abs,
    open_date, close_date) per trade, ascending by id."""
    rows: list[Sequence[Any]] = []
    for part in _chunks(ids):
        query = select(Trade.id, Trade.is_open, Trade.pair, Trade.is_short, Trade.enter_tag,
                       Trade.exit_reason, Trade.close_profit, Trade.close_profit_abs,
                       cast(Trade.open_date, String), cast(Trade.close_date, String))
        if part is None:
            query = query.where(Trade.is_open.is_(False))
        else:
            query = query.where(Trade.id.in_(part))
        rows.extend(fetch_rows(query.order_by(Trade.id), connection))
    return rows


def entry_costs(connection: Connection, ids: Sequence[int] | None) -> dict[int, float | None]:
    """Σ filled entry-order cost (÷ leverage) per trade that has a filled entry order: the
    weight of a trade in the profit ratio of a pair or tag (freqtrade's API 2.50 rule)."""
    price = func.coalesce(Order.average, Order.price, Order.ft_price)
    amount = case((Order.filled > 0, Order.filled), else_=Order.amount)
    entry_side = case((Trade.is_short.is_(True), "sell"), else_="buy")
    costs: dict[int, float | None] = {}
    for part in _chunks(ids):
        query = (select(Order.ft_trade_id,
                        func.sum(amount * price / func.coalesce(Trade.leverage, 1.0)))
                 .join(Trade, Trade.id == Order.ft_trade_id)
                 .where(Order.ft_order_side == entry_side, Order.filled > 0))
        if part is not None:
            query = query.where(Order.ft_trade_id.in_(part))
        rows = fetch_rows(query.group_by(Order.ft_trade_id), connection)
        costs.update((int(trade_id), cost) for trade_id, cost in rows)
    return costs


def volumes(connection: Connection, ids: Sequence[int] | None) -> list[Sequence[Any]]:
    """(trade id, is_short, Σ cost of its closed orders) per trade with a closed order."""
    rows: list[Sequence[Any]] = []
    for part in _chunks(ids):
        query = (select(Order.ft_trade_id, Trade.is_short, func.sum(Order.cost))
                 .join(Trade, Trade.id == Order.ft_trade_id)
                 .where(Order.status == "closed"))
        if part is not None:
            query = query.where(Order.ft_trade_id.in_(part))
        rows.extend(fetch_rows(query.group_by(Order.ft_trade_id, Trade.is_short)
                               .order_by(Order.ft_trade_id), connection))
    return rows
