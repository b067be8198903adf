"""The rows the ledger is built from: closed trades, and per trade sums of its orders.

Each function reads, on the given connection, either every trade (``ids=None``) or only the
given ones. Rows come as plain tuples in batches (``fetch_rows``, ``fetch_rows_for_ids``: no
ORM objects, dates as text, values as the driver returns them), per-trade figures as numpy
arrays, so a million trades are never held as Python objects all at once.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Select, String, and_, bindparam, case, cast, func, select
from sqlalchemy.engine import Connection

from freqtrade.persistence import Order, Trade
from freqtrade.persistence.db import fetch_rows, fetch_rows_for_ids

CHUNK = 500  # ids per IN list
ID_RANGE = 50_000  # trade ids per statement of a full read


_IDS: Any = bindparam("ids", expanding=True)


def _batches(connection: Connection, query: Select, ids: Sequence[int] | None,
             by_ids: Select, id_column: Any) -> Iterator[list[Sequence[Any]]]:
    """Rows of ``query`` (all trades) or of ``by_ids`` (the same, for the ``ids`` bound).

    All trades are read in ranges of ``ID_RANGE`` trade ids, one short statement each: an
    open SQLite statement holds a read lock, and a reader that kept one open while it
    processed a million rows would keep the bot from committing for longer than its busy
    timeout. Writes between the ranges are reported by the change table afterwards."""
    if ids is None:
        highest = connection.execute(select(func.max(Trade.id))).scalar() or 0
        for low in range(0, int(highest) + 1, ID_RANGE):
            ranged = query.where(id_column >= low, id_column < low + ID_RANGE)
            yield list(fetch_rows(ranged, connection))  # plain tuples
        return
    for start in range(0, len(ids), CHUNK):  # few rows: the text per count compiled once
        yield list(fetch_rows_for_ids(by_ids, connection, ids[start:start + CHUNK]))


_TRADES = select(Trade.id, Trade.is_open, Trade.pair, Trade.is_short, Trade.enter_tag,
                 Trade.exit_reason, Trade.close_profit, Trade.close_profit_abs,
                 cast(Trade.open_date, String), cast(Trade.close_date, String))
_CLOSED_TRADES = _TRADES.where(Trade.is_open.is_(False)).order_by(Trade.id)
_TRADES_BY_ID = _TRADES.where(Trade.id.in_(_IDS)).order_by(Trade.id)


def trades(connection: Connection, ids: Sequence[int] | None
           ) -> Iterator[list[Sequence[Any]]]:
    """Batches of (id, is_open, pair, is_short, enter_tag, exit_reason, close_profit,
    close_profit_abs, open_date, close_date), ascending by id; every closed trade when
    ``ids`` is None."""
    yield from _batches(connection, _CLOSED_TRADES, ids, _TRADES_BY_ID, Trade.id)


def _per_trade(connection: Connection, queries: tuple[Select, Select],
               ids: Sequence[int] | None, extra: int = 0) -> tuple[np.ndarray, ...]:
    """(trade ids, *columns) of a per-trade aggregate (``queries``: over every trade, over
    the bound ids), ascending by id; NULL -> NaN."""
    # every column is a number or NULL: one 2-D float conversion per batch (None -> NaN),
    # several times faster than column by column; ids stay exact (far below 2**53)
    blocks = [np.array(batch, dtype=float).reshape(len(batch), 2 + extra)
              for batch in _batches(connection, queries[0], ids, queries[1], Order.ft_trade_id)]
    table = np.concatenate(blocks) if blocks else np.zeros((0, 2 + extra))
    order = np.argsort(table[:, 0], kind="stable")
    table = table[order]
    return (table[:, 0].astype(np.int64), *[np.ascontiguousarray(table[:, index])
                                             for index in range(1, 2 + extra)])


_ENTRY = and_(Order.ft_order_side == case((Trade.is_short.is_(True), "sell"), else_="buy"),
              Order.filled > 0)
_ENTRY_COST = (case((Order.filled > 0, Order.filled), else_=Order.amount)
               * func.coalesce(Order.average, Order.price, Order.ft_price)
               / func.coalesce(Trade.leverage, 1.0))
_CLOSED_ORDER = Order.status == "closed"
# one pass over the orders, grouped by their trade id alone (SQLite walks that index)
_ORDER_SUMS = (select(Order.ft_trade_id,
                      func.sum(case((_ENTRY, 1), else_=0)),
                      func.sum(case((_ENTRY, _ENTRY_COST), else_=None)),
                      func.max(case((Trade.is_short.is_(True), 1), else_=0)),
                      func.sum(case((_CLOSED_ORDER, 1), else_=0)),
                      func.sum(case((_CLOSED_ORDER, Order.cost), else_=None)))
               .join(Trade, Trade.id == Order.ft_trade_id))
_ORDER_SUMS_QUERIES = (_ORDER_SUMS.group_by(Order.ft_trade_id),
                       _ORDER_SUMS.where(Order.ft_trade_id.in_(_IDS)).group_by(Order.ft_trade_id))


@dataclass(frozen=True)
class OrderSums:
    """Per trade with orders, ascending by id: whether it has a filled entry order and their
    Σ cost ÷ leverage (the trade's weight in the profit ratio of a pair or tag), whether it
    has closed orders and their Σ cost (its trading volume), and its direction."""

    ids: np.ndarray
    has_entry: np.ndarray
    entry_cost: np.ndarray  # NaN where the costs are unknown (NULL)
    short: np.ndarray
    has_volume: np.ndarray
    volume: np.ndarray


def order_sums(connection: Connection, ids: Sequence[int] | None) -> OrderSums:
    trade_ids, entries, cost, short, closed, volume = _per_trade(
        connection, _ORDER_SUMS_QUERIES, ids, extra=4)
    return OrderSums(ids=trade_ids, has_entry=entries > 0, entry_cost=cost, short=short == 1,
                     has_volume=closed > 0, volume=volume)
