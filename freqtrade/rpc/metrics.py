"""Pure statistics over arrays of closed-trade results (no database, no bot).

The figures are freqtrade 2026.9's (its ``/profit``): drawdowns on the cumulative profit with
a leading zero row and the peak floored at 0, relative to the balance at the peak; Sharpe,
Sortino and Calmar over whole days (at least one) between the first and the last trade, 0 when
those are the same moment; sentinel values (100, -100, 0) where a ratio is undefined.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np


@dataclass
class Drawdown:
    abs: float = 0.0
    relative: float = 0.0
    high_date: datetime | None = None
    low_date: datetime | None = None
    current_abs: float = 0.0
    current_relative: float = 0.0
    current_high: float = 0.0
    current_start: datetime | None = None


def drawdown(profits: np.ndarray, close_dates: Sequence[datetime],
             starting_balance: float) -> Drawdown:
    """Max and current drawdown of closed trades (sorted by close date by the caller)."""
    if len(profits) == 0:
        return Drawdown()
    cumulative = np.concatenate([[0.0], np.cumsum(profits)])
    peak = np.maximum.accumulate(np.maximum(cumulative, 0.0))
    dd_abs = peak - cumulative
    # relative to the balance at the peak, computed on balances (not on dd_abs) as freqtrade
    # does, so the figure matches its last digits
    denom = starting_balance + peak
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(denom != 0, (denom - (starting_balance + cumulative)) / denom, 0.0)

    def dates(index: int) -> datetime:  # row 0 is the leading zero row: the first close date
        return close_dates[index - 1] if index > 0 else close_dates[0]

    low_idx = int(np.argmax(dd_abs))
    high_idx = int(np.argmax(cumulative[: low_idx + 1] >= peak[low_idx])) if low_idx else 0
    result = Drawdown(abs=float(dd_abs[low_idx]), relative=float(relative[low_idx]),
                      high_date=dates(high_idx), low_date=dates(low_idx))
    result.current_high = float(peak[-1])
    result.current_abs = float(dd_abs[-1])
    if starting_balance:
        result.current_relative = float(relative[-1])
    else:
        result.current_relative = float(dd_abs[-1] / peak[-1]) if peak[-1] else 0.0
    earlier_peak = float(peak[:-1].max()) if len(peak) > 1 else 0.0
    start_idx = int(np.argmax(cumulative[:-1] >= earlier_peak)) if len(peak) > 1 else 0
    result.current_start = dates(start_idx)
    return result


def _days(first: datetime | None, last: datetime | None) -> int:
    if not first or not last:
        return 0
    return max(1, (last - first).days)


def sharpe(profits: np.ndarray, starting_balance: float, first: datetime | None,
           last: datetime | None) -> float:
    if len(profits) == 0 or not first or not last or first == last or not starting_balance:
        return 0.0
    returns = profits / starting_balance
    mean = returns.sum() / _days(first, last)
    std = float(np.std(returns))
    if std == 0 or math.isnan(std):
        return -100.0
    return float(mean / std * math.sqrt(365))


def sortino(profits: np.ndarray, starting_balance: float, first: datetime | None,
            last: datetime | None) -> float:
    if len(profits) == 0 or not first or not last or first == last or not starting_balance:
        return 0.0
    returns = profits / starting_balance
    mean = returns.sum() / _days(first, last)
    downside = returns[returns < 0]
    std = float(np.std(downside)) if len(downside) else float("nan")
    if std == 0 or math.isnan(std):
        return -100.0
    return float(mean / std * math.sqrt(365))


def sqn(profits: np.ndarray, starting_balance: float) -> float:
    if len(profits) == 0 or not starting_balance:
        return 0.0
    returns = profits / starting_balance
    std = float(np.std(returns, ddof=1)) if len(returns) > 1 else float("nan")
    if std == 0 or math.isnan(std):
        return -100.0
    return round(float(math.sqrt(len(returns)) * returns.mean() / std), 4)


def calmar(profits: np.ndarray, starting_balance: float, first: datetime | None,
           last: datetime | None, max_drawdown_relative: float) -> float:
    if len(profits) == 0 or not first or not last or first == last or not starting_balance:
        return 0.0
    expected = profits.sum() / starting_balance / _days(first, last) * 100
    if not max_drawdown_relative:
        return -100.0
    return float(expected / max_drawdown_relative * math.sqrt(365))


def cagr(starting_balance: float, final_balance: float, first: datetime | None,
         last: datetime | None) -> float:
    if final_balance < 0 or starting_balance <= 0:
        return 0.0
    days = _days(first, last) or 1
    try:
        return float((final_balance / starting_balance) ** (1 / (days / 365)) - 1)
    except (OverflowError, ZeroDivisionError):
        return 0.0


def expectancy(profits: np.ndarray) -> tuple[float, float]:
    """(expectancy, expectancy ratio) over closed-trade absolute profits."""
    if len(profits) == 0:
        return 0.0, 100.0
    wins = profits[profits > 0]
    losses = profits[profits < 0]
    n = len(profits)
    winrate = len(wins) / n
    lossrate = len(losses) / n
    avg_win = float(wins.mean()) if len(wins) else 0.0
    avg_loss = float(abs(losses.mean())) if len(losses) else 0.0
    value = winrate * avg_win - lossrate * avg_loss
    ratio = ((1 + avg_win / avg_loss) * winrate - 1) if avg_loss > 0 else 100.0
    return float(value), float(ratio)


def format_duration(seconds: float) -> str:
    """Like ``str(timedelta)`` without the fraction: ``H:MM:SS`` or ``N days, H:MM:SS``."""
    return str(timedelta(seconds=int(seconds)))


def humanize_since(then: datetime, now: datetime) -> str:
    """Natural language age: "now", "a minute ago", "5 minutes ago", "2 days ago"."""
    seconds = int((now - then).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    units = (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600),
             ("minute", 60), ("second", 1))
    if seconds < 1:
        return "now"
    for name, size in units:
        if seconds >= size:
            count = seconds // size
            if count == 1:
                text = f"{'an' if name == 'hour' else 'a'} {name}"
            else:
                text = f"{count} {name}s"
            return f"in {text}" if future else f"{text} ago"
    return "now"  # pragma: no cover
