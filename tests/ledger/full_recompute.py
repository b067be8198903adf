"""The closed-trade figures recomputed from every row, in SQL and numpy: what the ledger's
running sums must equal. This is how the statistics endpoints computed them before the
ledger (one full scan per answer), kept as the tests' independent oracle."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from freqtrade.persistence import Order, Trade
from freqtrade.rpc import metrics

EPOCH = datetime(1970, 1, 1)


def _direction(is_short: bool | None) -> list:
    return [] if is_short is None else [Trade.is_short.is_(is_short)]


def _entry_cost(is_short: bool | None = None):
    price = func.coalesce(Order.average, Order.price, Order.ft_price)
    amount = case((Order.filled > 0, Order.filled), else_=Order.amount)
    entry_side = case((Trade.is_short.is_(True), "sell"), else_="buy")
    return (select(Order.ft_trade_id.label("trade_id"),
                   func.sum(amount * price / func.coalesce(Trade.leverage, 1.0)).label("cost"))
            .join(Trade, Trade.id == Order.ft_trade_id)
            .where(Order.ft_order_side == entry_side, Order.filled > 0, *_direction(is_short))
            .group_by(Order.ft_trade_id).subquery())


def grouped(session: Session, column, pair: str | None = None,
            other: str | None = "Other") -> dict[Any, tuple[float, float, int]]:
    """key -> (Σ profit_abs, Σ entry cost, count) over closed trades with a filled entry."""
    cost = _entry_cost()
    key = func.coalesce(column, other) if other else column
    query = (select(key, func.sum(Trade.close_profit_abs), func.sum(cost.c.cost),
                    func.count(Trade.id))
             .join(cost, cost.c.trade_id == Trade.id).where(Trade.is_open.is_(False)))
    if pair:
        query = query.where(Trade.pair == pair)
    return {k: (a or 0.0, c or 0.0, n) for k, a, c, n in session.execute(query.group_by(key))}


def mix(session: Session, pair: str | None = None) -> dict[str, tuple[float, float, int]]:
    tag = func.coalesce(Trade.enter_tag, "Other")
    reason = func.coalesce(Trade.exit_reason, "Other")
    query = (select(tag, reason, func.sum(Trade.close_profit), func.sum(Trade.close_profit_abs),
                    func.count(Trade.id)).where(Trade.is_open.is_(False)).group_by(tag, reason))
    if pair:
        query = query.where(Trade.pair == pair)
    return {f"{t} {r}": (ratio or 0.0, profit or 0.0, n)
            for t, r, ratio, profit, n in session.execute(query)}


def stats(session: Session) -> dict[str, Any]:
    outcome = case((Trade.close_profit > 0, "wins"), (Trade.close_profit < 0, "losses"),
                   else_="draws")
    reasons: dict[str, dict[str, int]] = {}
    for reason, kind, count in session.execute(
            select(Trade.exit_reason, outcome, func.count(Trade.id))
            .where(Trade.is_open.is_(False)).group_by(Trade.exit_reason, outcome)):
        entry = reasons.setdefault(reason or "Other", {"wins": 0, "losses": 0, "draws": 0})
        entry[kind] += count
    rows = _closed_rows(session, None)
    durations: dict[str, float | None] = {"wins": None, "draws": None, "losses": None}
    for kind in durations:
        seconds = [(c - o).total_seconds() for _i, ratio, _a, o, c in rows
                   if c is not None and _outcome(ratio) == kind]
        durations[kind] = round(sum(seconds) / len(seconds), 2) if seconds else None
    return {"exit_reasons": reasons, "durations": durations}


def _outcome(ratio: float | None) -> str:
    if ratio is not None and ratio > 0:
        return "wins"
    if ratio is not None and ratio < 0:
        return "losses"
    return "draws"


def _closed_rows(session: Session, is_short: bool | None) -> list[tuple]:
    rows = session.execute(
        select(Trade.id, Trade.close_profit, Trade.close_profit_abs,
               cast(Trade.open_date, String), cast(Trade.close_date, String))
        .where(Trade.is_open.is_(False), *_direction(is_short)).order_by(Trade.id)).all()

    def date(text: str | None) -> datetime | None:
        return datetime.fromisoformat(text) if text else None

    return [(i, r, a, date(o), date(c)) for i, r, a, o, c in rows]


def closed_figures(session: Session, is_short: bool | None,
                   starting_balance: float) -> dict[str, Any]:
    """The ledger's ``ClosedSummary`` fields, from every closed row."""
    rows = _closed_rows(session, is_short)
    ratio = np.nan_to_num(np.array([r[1] for r in rows], dtype=float), nan=0.0)
    profit = np.nan_to_num(np.array([r[2] for r in rows], dtype=float), nan=0.0)
    dated = sorted((r for r in rows if r[4] is not None), key=lambda r: (r[4], r[0]))
    durations = [(r[4] - r[3]).total_seconds() for r in rows if r[4] is not None]
    cost = _entry_cost(is_short)
    best = session.execute(
        select(Trade.pair, func.sum(Trade.close_profit_abs), func.sum(cost.c.cost))
        .join(cost, cost.c.trade_id == Trade.id)
        .where(Trade.is_open.is_(False), Trade.close_date > EPOCH, *_direction(is_short))
        .group_by(Trade.pair)
        .order_by(func.sum(Trade.close_profit_abs).desc().nulls_last(), Trade.pair)
        .limit(1)).first()
    volume = session.execute(
        select(func.coalesce(func.sum(Order.cost), 0.0))
        .join(Trade, Trade.id == Order.ft_trade_id)
        .where(Order.status == "closed", *_direction(is_short))).scalar_one()
    wins, losses = profit[profit > 0], profit[profit < 0]
    return {
        "count": len(rows), "ratio_sum": float(ratio.sum()), "abs_sum": float(profit.sum()),
        "winning": int((ratio >= 0).sum()), "losing": int((ratio < 0).sum()),
        "winning_abs": float(profit[ratio >= 0].sum()),
        "losing_abs": float(profit[ratio < 0].sum()),
        "expectancy_counts": (len(rows), len(wins), float(wins.sum()), len(losses),
                              float(losses.sum())),
        "moments": metrics.ProfitMoments.of(profit),
        "avg_duration_seconds": sum(durations) / len(durations) if durations else None,
        "first_id_open": (rows[0][0], rows[0][3].replace(tzinfo=UTC)) if rows else None,
        "last_id_open": (rows[-1][0], rows[-1][3].replace(tzinfo=UTC)) if rows else None,
        "best_pair": (best[0], (best[1] or 0.0) / best[2] if best[2] else 0.0,
                      float(best[1] or 0.0)) if best else ("", 0.0, 0.0),
        "trading_volume": float(volume or 0.0),
        "drawdown": metrics.drawdown(np.array([r[2] or 0.0 for r in dated], dtype=float),
                                     [r[4].replace(tzinfo=UTC) for r in dated],
                                     starting_balance),
    }


def per_period(session: Session, bounds: list[tuple[datetime, datetime]]
               ) -> list[tuple[float, int]]:
    """(Σ close_profit_abs with NULL as 0, closed trades) per period start <= close_date <
    end: one query per period, summed in close-date order, as freqtrade's /daily does."""
    totals = []
    for start, end in bounds:
        profits = session.execute(
            select(Trade.close_profit_abs)
            .where(Trade.is_open.is_(False), Trade.close_date >= start, Trade.close_date < end)
            .order_by(Trade.close_date)).scalars().all()
        totals.append((float(sum(p for p in profits if p is not None)), len(profits)))
    return totals
