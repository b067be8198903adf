"""Aggregates over the trade history, computed in SQL or over a few loaded columns.

Nothing here loads every Trade object: closed trades are read as column tuples, so the cost
stays proportional to the number of rows, not to ORM object graphs.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import String, case, cast, func, select

from freqtrade.persistence import KeyValueStore, Order, Trade, get_session, history_cache
from freqtrade.persistence.db import fetch_rows
from freqtrade.rpc import metrics
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc, dt_ts, format_date

EPOCH = datetime(1970, 1, 1)


def _copy_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def _direction_filter(is_short: bool | None) -> list:
    return [] if is_short is None else [Trade.is_short.is_(is_short)]


def _entry_cost_subquery(is_short: bool | None = None):
    """Σ filled entry-order cost per trade (÷ leverage), as freqtrade 2.50 weights ratios."""
    price = func.coalesce(Order.average, Order.price, Order.ft_price)
    amount = case((Order.filled > 0, Order.filled), else_=Order.amount)
    entry_side = case((Trade.is_short.is_(True), "sell"), else_="buy")
    return (select(Order.ft_trade_id.label("trade_id"),
                   func.sum(amount * price / func.coalesce(Trade.leverage, 1.0)).label("cost"))
            .join(Trade, Trade.id == Order.ft_trade_id)
            .where(Order.ft_order_side == entry_side, Order.filled > 0,
                   *_direction_filter(is_short))
            .group_by(Order.ft_trade_id).subquery())


def _grouped_performance(key_column, key_name: str, pair: str | None = None,
                         other: str | None = "Other") -> list[dict[str, Any]]:
    cost = _entry_cost_subquery()
    key = func.coalesce(key_column, other) if other else key_column
    query = (select(key.label("key"), func.sum(Trade.close_profit_abs).label("abs"),
                    func.sum(cost.c.cost).label("cost"), func.count(Trade.id).label("count"))
             .join(cost, cost.c.trade_id == Trade.id)
             .where(Trade.is_open.is_(False)))
    if pair:
        query = query.where(Trade.pair == pair)
    rows = get_session().execute(query.group_by(key)
                                 .order_by(func.sum(Trade.close_profit_abs).desc())).all()
    result = []
    for row in rows:
        ratio = (row.abs or 0.0) / row.cost if row.cost else 0.0
        item = {key_name: row.key, "profit_ratio": ratio, "profit_pct": round(ratio * 100, 2),
                "profit_abs": round(row.abs or 0.0, 8), "count": row.count}
        result.append(item)
    return result


def performance() -> list[dict[str, Any]]:
    return _copy_rows(history_cache.cached(("performance", None), _performance))


def _performance() -> list[dict[str, Any]]:
    rows = _grouped_performance(Trade.pair, "pair", other=None)
    for row in rows:
        row["profit"] = row["profit_pct"]
    return [{"pair": r["pair"], "profit": r["profit"], "profit_ratio": r["profit_ratio"],
             "profit_pct": r["profit_pct"], "profit_abs": r["profit_abs"], "count": r["count"]}
            for r in rows]


def entries(pair: str | None = None) -> list[dict[str, Any]]:
    return _copy_rows(history_cache.cached(("entries", pair), lambda: _entries(pair)))


def _entries(pair: str | None = None) -> list[dict[str, Any]]:
    return _grouped_performance(Trade.enter_tag, "enter_tag", pair)


def exits(pair: str | None = None) -> list[dict[str, Any]]:
    return _copy_rows(history_cache.cached(("exits", pair), lambda: _exits(pair)))


def _exits(pair: str | None = None) -> list[dict[str, Any]]:
    return _grouped_performance(Trade.exit_reason, "exit_reason", pair)


def mix_tags(pair: str | None = None) -> list[dict[str, Any]]:
    return _copy_rows(history_cache.cached(("mix_tags", pair), lambda: _mix_tags(pair)))


def _mix_tags(pair: str | None = None) -> list[dict[str, Any]]:
    """Per "<enter_tag> <exit_reason>" combination; ratio = Σ close_profit (upstream rule)."""
    tag = func.coalesce(Trade.enter_tag, "Other")
    reason = func.coalesce(Trade.exit_reason, "Other")
    query = (select(tag.label("tag"), reason.label("reason"),
                    func.sum(Trade.close_profit).label("ratio"),
                    func.sum(Trade.close_profit_abs).label("abs"),
                    func.count(Trade.id).label("count"))
             .where(Trade.is_open.is_(False)).group_by(tag, reason))
    if pair:
        query = query.where(Trade.pair == pair)
    rows = get_session().execute(query).all()
    result = [{"mix_tag": f"{r.tag} {r.reason}", "profit_ratio": r.ratio or 0.0,
               "profit_pct": round((r.ratio or 0.0) * 100, 2),
               "profit_abs": round(r.abs or 0.0, 8), "count": r.count} for r in rows]
    return sorted(result, key=lambda r: r["profit_abs"], reverse=True)


def stats() -> dict[str, Any]:
    return copy.deepcopy(history_cache.cached(("stats",), _stats))


def _stats() -> dict[str, Any]:
    """Exit reasons with win/loss/draw counts, mean durations per outcome."""
    outcome = case((Trade.close_profit > 0, "wins"), (Trade.close_profit < 0, "losses"),
                   else_="draws")
    session = get_session()
    reasons: dict[str, dict[str, int]] = {}
    for reason, kind, count in session.execute(
            select(Trade.exit_reason, outcome, func.count(Trade.id))
            .where(Trade.is_open.is_(False)).group_by(Trade.exit_reason, outcome)).all():
        entry = reasons.setdefault(reason or "Other", {"wins": 0, "losses": 0, "draws": 0})
        entry[kind] = count
    durations: dict[str, float | None] = {"wins": None, "draws": None, "losses": None}
    seconds = (func.julianday(Trade.close_date) - func.julianday(Trade.open_date)) * 86400
    if session.get_bind().dialect.name != "sqlite":
        seconds = func.extract("epoch", Trade.close_date - Trade.open_date)
    for kind, mean in session.execute(
            select(outcome, func.avg(seconds)).where(Trade.is_open.is_(False),
                                                     Trade.close_date.is_not(None))
            .group_by(outcome)).all():
        durations[kind] = round(float(mean), 2) if mean is not None else None
    return {"exit_reasons": reasons, "durations": durations}


# ---------------------------------------------------------------------- /profit
@dataclass(frozen=True)
class _ClosedColumns:
    """The closed trades as arrays, ordered by id (dates naive UTC, microseconds)."""

    ids: np.ndarray
    ratio: np.ndarray
    abs: np.ndarray
    open_us: np.ndarray
    close_us: np.ndarray  # NaT where a closed trade has no close date


def _dates(texts: list) -> np.ndarray:
    """Database date strings -> datetime64[us]; numpy parses them in C (None -> NaT)."""
    return np.array(texts, dtype="datetime64[us]")


def _floats(values: tuple) -> np.ndarray:
    array = np.array(values, dtype=float)  # None -> nan; the statistics treat missing as 0
    array[np.isnan(array)] = 0.0
    array.flags.writeable = False
    return array


def _closed_columns(is_short: bool | None) -> _ClosedColumns:
    """One SELECT with dates as text: no per-row datetime objects (1M rows in ~1 s)."""
    rows = fetch_rows(
        select(Trade.id, Trade.close_profit, Trade.close_profit_abs,
               cast(Trade.open_date, String), cast(Trade.close_date, String))
        .where(Trade.is_open.is_(False), *_direction_filter(is_short))
        .order_by(Trade.id))
    if not rows:
        empty = np.array([], dtype="datetime64[us]")
        return _ClosedColumns(np.array([], dtype=np.int64), _floats(()), _floats(()),
                              empty, empty)
    ids, ratios, profits, opened, closed = zip(*rows, strict=True)
    return _ClosedColumns(np.array(ids, dtype=np.int64), _floats(ratios), _floats(profits),
                          _dates(list(opened)), _dates(list(closed)))


def _as_datetime(value: np.datetime64) -> datetime:
    return value.astype("datetime64[us]").astype(datetime)


def _best_pair(is_short: bool | None) -> tuple[str, float, float]:
    cost = _entry_cost_subquery(is_short)
    row = get_session().execute(
        select(Trade.pair, func.sum(Trade.close_profit_abs).label("abs"),
               func.sum(cost.c.cost).label("cost"))
        .join(cost, cost.c.trade_id == Trade.id)
        .where(Trade.is_open.is_(False), Trade.close_date > EPOCH,
               *_direction_filter(is_short))
        .group_by(Trade.pair).order_by(func.sum(Trade.close_profit_abs).desc()).limit(1)
    ).first()
    if row is None:
        return "", 0.0, 0.0
    ratio = (row.abs or 0.0) / row.cost if row.cost else 0.0
    return row.pair, ratio, float(row.abs or 0.0)


def _trading_volume(is_short: bool | None) -> float:
    value = get_session().execute(
        select(func.coalesce(func.sum(Order.cost), 0.0))
        .join(Trade, Trade.id == Order.ft_trade_id)
        .where(Order.status == "closed", *_direction_filter(is_short))).scalar_one()
    return float(value or 0.0)


class _UtcDates(Sequence):
    """Naive UTC datetimes read as aware ones, converted only when indexed."""

    def __init__(self, dates: list[datetime]):
        self._dates = dates

    def __len__(self) -> int:
        return len(self._dates)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [as_utc(d) for d in self._dates[index]]
        return as_utc(self._dates[index])


@dataclass(frozen=True)
class _ClosedSummary:
    """Everything /profit needs from the closed trades that does not depend on the request."""

    count: int
    ratio: np.ndarray
    abs: np.ndarray
    first_id_date: tuple[int, datetime] | None
    last_id_date: tuple[int, datetime] | None
    avg_duration: str
    dd_profits: np.ndarray
    dd_dates: _UtcDates
    best_pair: tuple[str, float, float]
    expectancy: tuple[float, float]
    winning: int
    losing: int
    profit_factor: float | None
    trading_volume: float


def _closed_summary(is_short: bool | None) -> _ClosedSummary:
    closed = _closed_columns(is_short)
    closed_ratio, closed_abs = closed.ratio, closed.abs
    winning_profit = float(closed_abs[closed_ratio >= 0].sum())
    losing_profit = float(closed_abs[closed_ratio < 0].sum())
    count = len(closed.ids)

    has_close = ~np.isnat(closed.close_us)
    open_us, close_us, ids = closed.open_us[has_close], closed.close_us[has_close], \
        closed.ids[has_close]
    # timedelta.total_seconds() is exactly microseconds / 1e6; summed left to right as before
    durations = ((close_us - open_us).astype(np.int64) / 1e6).tolist()
    avg_duration = metrics.format_duration(sum(durations) / len(durations)) \
        if durations else "0:00:00"

    order = np.lexsort((ids, close_us)) if len(ids) else np.array([], dtype=np.int64)
    dd_profits = closed_abs[has_close][order]
    dd_profits.flags.writeable = False
    dd_dates = _UtcDates(close_us[order].astype(datetime).tolist())

    return _ClosedSummary(
        count=count, ratio=closed_ratio, abs=closed_abs,
        first_id_date=(int(closed.ids[0]), _as_datetime(closed.open_us[0])) if count else None,
        last_id_date=(int(closed.ids[-1]), _as_datetime(closed.open_us[-1])) if count else None,
        avg_duration=avg_duration, dd_profits=dd_profits, dd_dates=dd_dates,
        best_pair=_best_pair(is_short), expectancy=metrics.expectancy(closed_abs),
        winning=int((closed_ratio >= 0).sum()), losing=int((closed_ratio < 0).sum()),
        profit_factor=winning_profit / abs(losing_profit) if losing_profit else None,
        trading_volume=_trading_volume(is_short))


def profit_statistics(*, starting_balance: float, current_balance: float,
                      rate_for: Callable[[Trade], float],
                      is_short: bool | None = None) -> dict[str, Any]:
    """The 54 fields of ``/profit``, over open and closed trades (or one side of them)."""
    now = dt_now()
    closed = history_cache.cached(("closed_summary", is_short),
                                  lambda: _closed_summary(is_short))
    open_trades = [t for t in Trade.get_open_trades()
                   if is_short is None or t.is_short == is_short]

    closed_ratio, closed_abs = closed.ratio, closed.abs
    open_ratio: list[float] = []
    open_abs: list[float] = []
    for trade in open_trades:
        if not trade.select_filled_orders(trade.entry_side):
            continue
        rate = rate_for(trade)
        if rate is None or (isinstance(rate, float) and math.isnan(rate)):
            open_ratio.append(float("nan"))
            open_abs.append(float("nan"))
            continue
        profit = trade.calculate_profit(rate)
        open_ratio.append(profit.profit_ratio)
        open_abs.append(profit.total_profit)
    all_ratio = np.concatenate([closed_ratio, np.array(open_ratio, dtype=float)])
    all_abs = np.concatenate([closed_abs, np.array(open_abs, dtype=float)])

    # trade set = open + closed, ordered by id: first/last trade dates
    ids_dates = [(t.id, t.open_date) for t in open_trades]
    if closed.first_id_date is not None and closed.last_id_date is not None:
        ids_dates += [closed.first_id_date, closed.last_id_date]
    ids_dates.sort()
    first_date = as_utc(ids_dates[0][1]) if ids_dates else None
    last_date = as_utc(ids_dates[-1][1]) if ids_dates else None

    drawdown = metrics.drawdown(closed.dd_profits, closed.dd_dates, starting_balance)
    best_pair, best_ratio, best_abs = closed.best_pair
    expectancy, expectancy_ratio = closed.expectancy
    winning, losing, profit_factor = closed.winning, closed.losing, closed.profit_factor
    avg_duration = closed.avg_duration

    def ratio_block(prefix: str, ratios: list[float] | np.ndarray,
                    abs_values: list[float] | np.ndarray) -> dict[str, Any]:
        ratios = np.array(ratios, dtype=float)
        abs_values = np.array(abs_values, dtype=float)
        coin = round(float(np.nansum(abs_values)), 8) if len(abs_values) else 0.0
        mean = float(np.nanmean(ratios)) if len(ratios) and not np.isnan(ratios).all() else 0.0
        total = float(np.nansum(ratios)) if len(ratios) else 0.0
        ratio = coin / starting_balance if starting_balance else 0.0
        return {
            f"profit_{prefix}_coin": coin,
            f"profit_{prefix}_percent_mean": round(mean * 100, 2),
            f"profit_{prefix}_ratio_mean": mean,
            f"profit_{prefix}_percent_sum": round(total * 100, 2),
            f"profit_{prefix}_ratio_sum": total,
            f"profit_{prefix}_percent": round(ratio * 100, 2),
            f"profit_{prefix}_ratio": ratio,
            f"profit_{prefix}_fiat": 0.0,
        }

    bot_start = KeyValueStore.get_datetime_value("bot_start_time")
    result: dict[str, Any] = {}
    result.update(ratio_block("closed", closed_ratio, closed_abs))
    result.update(ratio_block("all", all_ratio, all_abs))
    result.update({
        "trade_count": closed.count + len(open_trades),
        "closed_trade_count": closed.count,
        "first_trade_date": format_date(first_date),
        "first_trade_humanized": metrics.humanize_since(first_date, now) if first_date else "",
        "first_trade_timestamp": dt_ts(first_date),
        "latest_trade_date": format_date(last_date),
        "latest_trade_humanized": metrics.humanize_since(last_date, now) if last_date else "",
        "latest_trade_timestamp": dt_ts(last_date),
        "avg_duration": avg_duration,
        "best_pair": best_pair,
        "best_rate": round(best_ratio * 100, 2),
        "best_pair_profit_ratio": best_ratio,
        "best_pair_profit_abs": best_abs,
        "winning_trades": winning,
        "losing_trades": losing,
        "profit_factor": profit_factor,
        "winrate": winning / closed.count if closed.count else 0.0,
        "expectancy": expectancy,
        "expectancy_ratio": expectancy_ratio,
        "max_drawdown": drawdown.relative,
        "max_drawdown_abs": drawdown.abs,
        "max_drawdown_start": format_date(drawdown.high_date),
        "max_drawdown_start_timestamp": dt_ts(drawdown.high_date),
        "max_drawdown_end": format_date(drawdown.low_date),
        "max_drawdown_end_timestamp": dt_ts(drawdown.low_date),
        "drawdown_high": drawdown.current_high,
        "trading_volume": closed.trading_volume,
        "bot_start_timestamp": dt_ts(bot_start),
        "bot_start_date": format_date(bot_start),
        "sharpe": metrics.sharpe(closed_abs, starting_balance, first_date, last_date),
        "sortino": metrics.sortino(closed_abs, starting_balance, first_date, last_date),
        "sqn": metrics.sqn(closed_abs, starting_balance),
        "calmar": metrics.calmar(closed_abs, starting_balance, first_date, last_date,
                                 drawdown.relative),
        "cagr": metrics.cagr(starting_balance, current_balance, first_date, last_date),
        "current_drawdown": drawdown.current_relative,
        "current_drawdown_abs": drawdown.current_abs,
        "current_drawdown_high": drawdown.current_high,
        "current_drawdown_start": format_date(drawdown.current_start if closed.count
                                              else None),
        "current_drawdown_start_timestamp": dt_ts(drawdown.current_start if closed.count
                                                  else None),
    })
    result.pop("drawdown_high")
    return result


# ---------------------------------------------------------------------- daily/weekly/monthly
def _period_starts(unit: str, count: int, today: datetime) -> list[datetime]:
    if unit == "days":
        anchor = today
        return [anchor - timedelta(days=i) for i in range(count)]
    if unit == "weeks":
        anchor = today - timedelta(days=today.weekday())
        return [anchor - timedelta(weeks=i) for i in range(count)]
    starts = []
    year, month = today.year, today.month
    for _ in range(count):
        starts.append(today.replace(year=year, month=month, day=1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return starts


def _next_start(unit: str, start: datetime) -> datetime:
    if unit == "days":
        return start + timedelta(days=1)
    if unit == "weeks":
        return start + timedelta(weeks=1)
    return start.replace(year=start.year + (start.month == 12),
                         month=1 if start.month == 12 else start.month + 1)


def timeunit_profit(timescale: int, unit: str, stake_currency: str, fiat_currency: str,
                    current_total_stake: float) -> dict[str, Any]:
    """Newest period first, exactly ``timescale`` periods, empty ones included."""
    now = dt_now().astimezone(UTC)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    starts = _period_starts(unit, timescale, today)
    oldest = starts[-1]
    # one row per calendar day, summed by the database over the close_date index; days are
    # then folded into weeks / months (at most a few hundred rows, whatever the history)
    day = func.date(Trade.close_date)
    per_day = get_session().execute(
        select(day, func.coalesce(func.sum(Trade.close_profit_abs), 0.0), func.count())
        .where(Trade.is_open.is_(False), Trade.close_date >= oldest)
        .group_by(day)).all()
    bounds = [(start, _next_start(unit, start)) for start in starts]
    sums = [0.0] * len(bounds)
    counts = [0] * len(bounds)
    for day_value, profit_abs, count in per_day:
        closed_on = datetime.fromisoformat(str(day_value))
        for index, (start, end) in enumerate(bounds):
            if start <= closed_on < end:
                sums[index] += profit_abs
                counts[index] += count
                break
    data = []
    balance = current_total_stake
    for (start, _end), profit, count in zip(bounds, sums, counts, strict=True):
        starting = balance - profit
        balance = starting
        data.append({
            "date": start.strftime("%Y-%m-%d"),
            "abs_profit": round(profit, 8),
            "rel_profit": round(profit / starting, 8) if starting > 0 else 0.0,
            "starting_balance": starting,
            "fiat_value": 0.0,
            "trade_count": count,
        })
    return {"stake_currency": stake_currency, "fiat_display_currency": fiat_currency,
            "data": data}

