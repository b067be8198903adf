"""Aggregates over the trade history for the statistics endpoints.

Closed-trade figures come from the in-memory ledger (``freqtrade.ledger``), which re-reads
only the trades that changed since the last answer; the few open trades are priced per
request. ``/daily``-style periods sum the days in SQL over the close-date index.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from freqtrade.ledger.ledger import LEDGER, Group
from freqtrade.persistence import KeyValueStore, Trade, get_session, trade_changes
from freqtrade.persistence.db import get_engine
from freqtrade.rpc import metrics
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc, dt_ts, format_date


def _performance_rows(groups: dict[Any, Group], key_name: str,
                      other: str | None = "Other") -> list[dict[str, Any]]:
    """Trades with a filled entry order per key, most profitable first; ratio = Σ profit_abs
    / Σ entry cost. ``other`` names the trades whose key is None (None: keep them apart)."""
    folded: dict[Any, Group] = {}
    for key, group in groups.items():
        if not group.cost_count:
            continue
        total = folded.setdefault(other if key is None and other else key, Group())
        total.cost_count += group.cost_count
        total.cost_abs += group.cost_abs
        total.cost += group.cost
    ordered = sorted(folded.items(), key=lambda item: str(item[0]))
    ordered.sort(key=lambda item: item[1].cost_abs, reverse=True)
    result = []
    for key, group in ordered:
        ratio = group.cost_abs / group.cost if group.cost else 0.0
        result.append({key_name: key, "profit_ratio": ratio, "profit_pct": round(ratio * 100, 2),
                       "profit_abs": round(group.cost_abs, 8), "count": group.cost_count})
    return result


def performance() -> list[dict[str, Any]]:
    rows = _performance_rows(LEDGER.grouped("pair"), "pair", other=None)
    return [{"pair": r["pair"], "profit": r["profit_pct"], "profit_ratio": r["profit_ratio"],
             "profit_pct": r["profit_pct"], "profit_abs": r["profit_abs"], "count": r["count"]}
            for r in rows]


def entries(pair: str | None = None) -> list[dict[str, Any]]:
    return _performance_rows(LEDGER.grouped("tag", pair), "enter_tag")


def exits(pair: str | None = None) -> list[dict[str, Any]]:
    return _performance_rows(LEDGER.grouped("reason", pair), "exit_reason")


def mix_tags(pair: str | None = None) -> list[dict[str, Any]]:
    """Per "<enter_tag> <exit_reason>" combination; ratio = Σ close_profit (upstream rule)."""
    folded: dict[str, Group] = {}
    for (tag, reason), group in LEDGER.grouped("mix", pair).items():
        name = f"{tag if tag is not None else 'Other'} {reason if reason is not None else 'Other'}"
        total = folded.setdefault(name, Group())
        total.ratio += group.ratio
        total.abs += group.abs
        total.count += group.count
    result = [{"mix_tag": name, "profit_ratio": g.ratio, "profit_pct": round(g.ratio * 100, 2),
               "profit_abs": round(g.abs, 8), "count": g.count} for name, g in folded.items()]
    return sorted(result, key=lambda r: r["profit_abs"], reverse=True)


def stats() -> dict[str, Any]:
    """Exit reasons with win/loss/draw counts, mean durations per outcome."""
    reasons: dict[str, dict[str, int]] = {}
    by_reason, by_outcome = LEDGER.groupings(("stats", "outcome"))
    for (reason, outcome), group in sorted(by_reason.items(), key=lambda item: str(item[0])):
        entry = reasons.setdefault(reason or "Other", {"wins": 0, "losses": 0, "draws": 0})
        entry[outcome] += group.count
    durations: dict[str, float | None] = {"wins": None, "draws": None, "losses": None}
    for outcome, group in by_outcome.items():
        if group.dur_count:
            durations[outcome] = round(group.dur / group.dur_count, 2)
    return {"exit_reasons": reasons, "durations": durations}


# ---------------------------------------------------------------------- /profit
def profit_statistics(*, starting_balance: float, current_balance: float,
                      rate_for: Callable[[Trade], float],
                      is_short: bool | None = None) -> dict[str, Any]:
    """The 54 fields of ``/profit``, over open and closed trades (or one side of them)."""
    now = dt_now()
    closed = LEDGER.closed_summary(is_short, starting_balance)
    open_trades = [t for t in Trade.get_open_trades()
                   if is_short is None or t.is_short == is_short]

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

    # trade set = open + closed, ordered by id: first/last trade dates
    ids_dates = [(t.id, t.open_date) for t in open_trades]
    if closed.first_id_open is not None and closed.last_id_open is not None:
        ids_dates += [(i, d.replace(tzinfo=None)) for i, d in
                      (closed.first_id_open, closed.last_id_open)]
    ids_dates.sort()
    first_date = as_utc(ids_dates[0][1]) if ids_dates else None
    last_date = as_utc(ids_dates[-1][1]) if ids_dates else None

    drawdown = closed.drawdown
    best_pair, best_ratio, best_abs = closed.best_pair
    expectancy, expectancy_ratio = metrics.expectancy_of(*closed.expectancy_counts)
    winning, losing = closed.winning, closed.losing
    profit_factor = closed.winning_abs / abs(closed.losing_abs) if closed.losing_abs else None
    avg_duration = metrics.format_duration(closed.avg_duration_seconds) \
        if closed.avg_duration_seconds is not None else "0:00:00"
    moments = closed.moments

    def ratio_block(prefix: str, count: int, ratio_sum: float, abs_sum: float
                    ) -> dict[str, Any]:
        coin = round(abs_sum, 8) if count else 0.0
        mean = ratio_sum / count if count else 0.0
        ratio = coin / starting_balance if starting_balance else 0.0
        return {
            f"profit_{prefix}_coin": coin,
            f"profit_{prefix}_percent_mean": round(mean * 100, 2),
            f"profit_{prefix}_ratio_mean": mean,
            f"profit_{prefix}_percent_sum": round(ratio_sum * 100, 2),
            f"profit_{prefix}_ratio_sum": ratio_sum,
            f"profit_{prefix}_percent": round(ratio * 100, 2),
            f"profit_{prefix}_ratio": ratio,
            f"profit_{prefix}_fiat": 0.0,
        }

    priced = [(r, a) for r, a in zip(open_ratio, open_abs, strict=True) if not math.isnan(r)]
    bot_start = KeyValueStore.get_datetime_value("bot_start_time")
    result: dict[str, Any] = {}
    result.update(ratio_block("closed", closed.count, closed.ratio_sum, closed.abs_sum))
    result.update(ratio_block("all", closed.count + len(priced),
                              closed.ratio_sum + sum(r for r, _ in priced),
                              closed.abs_sum + sum(a for _, a in priced)))
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
        "sharpe": metrics.sharpe_of(moments, starting_balance, first_date, last_date),
        "sortino": metrics.sortino_of(moments, starting_balance, first_date, last_date),
        "sqn": metrics.sqn_of(moments, starting_balance),
        "calmar": metrics.calmar_of(moments, starting_balance, first_date, last_date,
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


def _sql_period_totals(bounds: list[tuple[datetime, datetime]]) -> list[tuple[float, int]]:
    """(Σ close_profit_abs, closed trades) per period, from the database: one row per
    calendar day, summed over the close_date index, folded into the periods."""
    day = func.date(Trade.close_date)
    per_day = get_session().execute(
        select(day, func.coalesce(func.sum(Trade.close_profit_abs), 0.0), func.count())
        .where(Trade.is_open.is_(False), Trade.close_date >= bounds[-1][0])
        .group_by(day)).all()
    sums = [0.0] * len(bounds)
    counts = [0] * len(bounds)
    for day_value, profit_abs, count in per_day:
        closed_on = datetime.fromisoformat(str(day_value))
        for index, (start, end) in enumerate(bounds):
            if start <= closed_on < end:
                sums[index] += profit_abs
                counts[index] += count
                break
    return list(zip(sums, counts, strict=True))


def timeunit_profit(timescale: int, unit: str, stake_currency: str, fiat_currency: str,
                    current_total_stake: float) -> dict[str, Any]:
    """Newest period first, exactly ``timescale`` periods, empty ones included."""
    now = dt_now().astimezone(UTC)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    starts = _period_starts(unit, timescale, today)
    bounds = [(start, _next_start(unit, start)) for start in starts]
    # from SQL while the ledger's first read runs, and where the ledger re-reads everything
    # on each answer (a database without change triggers)
    if LEDGER.first_read_running() or not trade_changes.supported(get_engine()):
        totals = _sql_period_totals(bounds)
    else:  # per-day sums kept by the ledger: no rows read, whatever the timescale
        totals = LEDGER.closed_per_period(tuple(start.date() for start, _ in bounds),
                                          tuple(end.date() for _, end in bounds))
    data = []
    balance = current_total_stake
    for (start, _end), (profit, count) in zip(bounds, totals, strict=True):
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

