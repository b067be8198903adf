"""MaxDrawdown: stop entering on every pair when recent trades drew down too far."""
from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from freqtrade.plugins.protections.base import Protection, ProtectionResult
from freqtrade.util.datetime_helpers import as_utc

CALCULATION_MODES = ("ratios", "equity")


def ratio_drawdown(profits: list[float]) -> float:
    """Largest fall of the running sum of profit ratios from its peak (the peak starts at 0)."""
    cumulative = peak = worst = 0.0
    for profit in profits:
        cumulative += profit
        peak = max(peak, cumulative)
        worst = min(worst, cumulative - peak)
    return abs(worst)


def equity_drawdown(profits_abs: list[float], starting_balance: float) -> float:
    """Largest relative fall of the balance (``starting_balance`` + running profit) from its
    peak. Without a starting balance the fall is taken relative to the peak profit itself."""
    cumulative = peak = worst = 0.0
    for profit in profits_abs:
        cumulative += profit
        peak = max(peak, cumulative)
        if starting_balance:
            top = starting_balance + peak
            relative = (top - (starting_balance + cumulative)) / top
        elif peak:
            relative = (peak - cumulative) / peak
        else:  # no peak to compare with: any loss is an unbounded fall
            relative = math.inf if cumulative < 0 else 0.0
        worst = max(worst, relative)
    return worst


class MaxDrawdown(Protection):
    """Locks every pair when the drawdown of the trades closed in the look-back (at least
    ``trade_limit`` of them) exceeds ``max_allowed_drawdown``.

    ``calculation_mode`` "ratios" (default): drawdown of the summed ``close_profit`` ratios.
    "equity": relative drawdown of the account, starting from the starting balance plus the
    profit of all trades closed before the window.
    """

    has_global_stop = True

    def __init__(self, config: dict[str, Any], protection_config: dict[str, Any]) -> None:
        super().__init__(config, protection_config)
        self._trade_limit = protection_config.get("trade_limit", 1)
        self._max_allowed_drawdown = protection_config.get("max_allowed_drawdown", 0.0)
        self._calculation_mode = protection_config.get("calculation_mode", "ratios")

    def short_desc(self) -> str:
        return (f"{self.name} - Max drawdown protection, stop trading if drawdown is > "
                f"{self._max_allowed_drawdown} within {self.lookback_period_str}.")

    def _reason(self, drawdown: float) -> str:
        return (f"{drawdown} passed {self._max_allowed_drawdown} in {self.lookback_period_str}, "
                f"locking {self.unlock_reason_time_element}.")

    def _drawdown(self, trades: list, window_start: datetime, starting_balance: float) -> float:
        trades = sorted(trades, key=lambda trade: trade.close_date)
        if self._calculation_mode != "equity":
            return ratio_drawdown([trade.close_profit or 0.0 for trade in trades])
        before = sum(trade.close_profit_abs or 0.0 for trade in self.closed_trades(None, None)
                     if trade.close_date and as_utc(trade.close_date) <= window_start)
        return equity_drawdown([trade.close_profit_abs or 0.0 for trade in trades],
                               starting_balance + before)

    def global_stop(self, now: datetime, side: str,
                    starting_balance: float) -> ProtectionResult | None:
        window_start = self.lookback_start(now)
        trades = self.closed_trades(None, window_start)
        if not trades or len(trades) < self._trade_limit:
            return None
        drawdown = self._drawdown(trades, window_start, starting_balance)
        if not drawdown > self._max_allowed_drawdown:
            return None
        self.log_once(f"Trading stopped due to Max Drawdown {drawdown:.2f} > "
                      f"{self._max_allowed_drawdown} within {self.lookback_period_str}.")
        return ProtectionResult(until=self.lock_end(trades), reason=self._reason(drawdown))
