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


@dataclass(frozen=True)
class ProfitMoments:
    """What Sharpe, Sortino, SQN and Calmar need from the closed trades' absolute profits:
    their count and sum, their standard deviation (population and sample) and that of the
    losses alone (NaN without losses). Kept as numbers so a running history can update them
    per close instead of passing every profit."""

    count: int
    total: float
    std: float
    sample_std: float
    downside_std: float

    @classmethod
    def of(cls, profits: np.ndarray) -> ProfitMoments:
        profits = np.asarray(profits, dtype=float)
        losses = profits[profits < 0]
        return cls(count=len(profits), total=float(profits.sum()),
                   std=float(np.std(profits)) if len(profits) else float("nan"),
                   sample_std=float(np.std(profits, ddof=1)) if len(profits) > 1
                   else float("nan"),
                   downside_std=float(np.std(losses)) if len(losses) else float("nan"))


def _ratio_per_day(moments: ProfitMoments, std: float, starting_balance: float,
                   first: datetime | None, last: datetime | None) -> float:
    if not moments.count or not first or not last or first == last or not starting_balance:
        return 0.0
    mean = moments.total / starting_balance / _days(first, last)
    std = std / abs(starting_balance)  # of the returns (profit / starting balance)
    if std == 0 or math.isnan(std):
        return -100.0
    return float(mean / std * math.sqrt(365))


def sharpe_of(moments: ProfitMoments, starting_balance: float, first: datetime | None,
              last: datetime | None) -> float:
    return _ratio_per_day(moments, moments.std, starting_balance, first, last)


def sortino_of(moments: ProfitMoments, starting_balance: float, first: datetime | None,
               last: datetime | None) -> float:
    return _ratio_per_day(moments, moments.downside_std, starting_balance, first, last)


def sqn_of(moments: ProfitMoments, starting_balance: float) -> float:
    if not moments.count or not starting_balance:
        return 0.0
    std = moments.sample_std / abs(starting_balance)
    if std == 0 or math.isnan(std):
        return -100.0
    mean = moments.total / starting_balance / moments.count
    return round(float(math.sqrt(moments.count) * mean / std), 4)


def calmar_of(moments: ProfitMoments, starting_balance: float, first: datetime | None,
              last: datetime | None, max_drawdown_relative: float) -> float:
    if not moments.count or not first or not last or first == last or not starting_balance:
        return 0.0
    expected = moments.total / starting_balance / _days(first, last) * 100
    if not max_drawdown_relative:
        return -100.0
    return float(expected / max_drawdown_relative * math.sqrt(365))


def sharpe(profits: np.ndarray, starting_balance: float, first: datetime | None,
           last: datetime | None) -> float:
    return sharpe_of(ProfitMoments.of(profits), starting_balance, first, last)


def sortino(profits: np.ndarray, starting_balance: float, first: datetime | None,
            last: datetime | None) -> float:
    return sortino_of(ProfitMoments.of(profits), starting_balance, first, last)


def sqn(profits: np.ndarray, starting_balance: float) -> float:
    return sqn_of(ProfitMoments.of(profits), starting_balance)


def calmar(profits: np.ndarray, starting_balance: float, first: datetime | None,
           last: datetime | None, max_drawdown_relative: float) -> float:
    return calmar_of(ProfitMoments.of(profits), starting_balance, first, last,
                     max_drawdown_relative)


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
    wins = profits[profits > 0]
    losses = profits[profits < 0]
    return expectancy_of(len(profits), len(wins), float(wins.sum()), len(losses),
                         float(losses.sum()))


def expectancy_of(count: int, wins: int, win_sum: float, losses: int,
                  loss_sum: float) -> tuple[float, float]:
    """``expectancy`` from the number of trades and the count and sum of wins and losses."""
    if count == 0:
        return 0.0, 100.0
    winrate = wins / count
    lossrate = losses / count
    avg_win = win_sum / wins if wins else 0.0
    avg_loss = abs(loss_sum / losses) if losses else 0.0
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
