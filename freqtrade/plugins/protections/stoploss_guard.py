"""StoplossGuard: stop entering after ``trade_limit`` losing stoploss exits in the look-back."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from freqtrade.enums import ExitType
from freqtrade.plugins.protections.base import Protection, ProtectionResult

# exits that count as a stoploss; liquidation counts too (futures)
STOPLOSS_EXITS = (ExitType.TRAILING_STOP_LOSS.value, ExitType.STOP_LOSS.value,
                  ExitType.STOPLOSS_ON_EXCHANGE.value, "liquidation")


class StoplossGuard(Protection):
    """Counts closed trades whose exit was a stoploss with ``close_profit < required_profit``.

    A trade with a profit of exactly 0 never counts. Locks every pair unless
    ``only_per_pair``; with ``only_per_side`` only trades (and locks) of the exiting side.
    """

    has_global_stop = True
    has_local_stop = True

    def __init__(self, config: dict[str, Any], protection_config: dict[str, Any]) -> None:
        super().__init__(config, protection_config)
        self._trade_limit = protection_config.get("trade_limit", 10)
        self._only_per_pair = protection_config.get("only_per_pair", False)
        self._only_per_side = protection_config.get("only_per_side", False)
        self._profit_limit = protection_config.get("required_profit", 0.0)

    def short_desc(self) -> str:
        return (f"{self.name} - Frequent Stoploss Guard, {self._trade_limit} stoplosses "
                f"with profit < {self._profit_limit:.2%} within {self.lookback_period_str}.")

    def _reason(self) -> str:
        return (f"{self._trade_limit} stoplosses in {self._lookback_period} min, "
                f"locking {self.unlock_reason_time_element}.")

    def _counted(self, trade, side: str) -> bool:
        return (str(trade.exit_reason) in STOPLOSS_EXITS
                and bool(trade.close_profit) and trade.close_profit < self._profit_limit
                and (not self._only_per_side or trade.trade_direction == side))

    def _guard(self, pair: str | None, now: datetime, side: str) -> ProtectionResult | None:
        trades = [trade for trade in self.closed_trades(pair, self.lookback_start(now))
                  if self._counted(trade, side)]
        if len(trades) < self._trade_limit:
            return None
        self.log_once(f"Trading stopped due to {self._trade_limit} stoplosses within "
                      f"{self._lookback_period} minutes.")
        return ProtectionResult(until=self.lock_end(trades), reason=self._reason(),
                                side=side if self._only_per_side else "*")

    def global_stop(self, now: datetime, side: str,
                    starting_balance: float) -> ProtectionResult | None:
        return None if self._only_per_pair else self._guard(None, now, side)

    def stop_per_pair(self, pair: str, now: datetime, side: str,
                      starting_balance: float) -> ProtectionResult | None:
        return self._guard(pair, now, side)
