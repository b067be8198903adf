"""LowProfitPairs: lock a pair whose closed trades in the look-back made too little."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from freqtrade.plugins.protections.base import Protection, ProtectionResult


class LowProfitPairs(Protection):
    """With at least ``trade_limit`` closed trades, locks when their summed ``close_profit``
    (a sum of ratios) is below ``required_profit``; ``only_per_side`` sums one side only."""

    has_local_stop = True

    def __init__(self, config: dict[str, Any], protection_config: dict[str, Any]) -> None:
        super().__init__(config, protection_config)
        self._trade_limit = protection_config.get("trade_limit", 1)
        self._required_profit = protection_config.get("required_profit", 0.0)
        self._only_per_side = protection_config.get("only_per_side", False)

    def short_desc(self) -> str:
        return (f"{self.name} - Low Profit Protection, locks pairs with "
                f"profit < {self._required_profit} within {self.lookback_period_str}.")

    def _reason(self, profit: float) -> str:
        return (f"{profit} < {self._required_profit} in {self.lookback_period_str}, "
                f"locking {self.unlock_reason_time_element}.")

    def stop_per_pair(self, pair: str, now: datetime, side: str,
                      starting_balance: float) -> ProtectionResult | None:
        trades = self.closed_trades(pair, self.lookback_start(now))
        if len(trades) < self._trade_limit:
            return None
        # the trade count above includes both sides; only the sum is per side
        profit = sum(trade.close_profit for trade in trades
                     if trade.close_profit
                     and (not self._only_per_side or trade.trade_direction == side))
        if profit >= self._required_profit:
            return None
        self.log_once(f"Trading for {pair} stopped due to {profit:.2f} < "
                      f"{self._required_profit} within {self._lookback_period} minutes.")
        return ProtectionResult(until=self.lock_end(trades), reason=self._reason(profit),
                                side=side if self._only_per_side else "*")
