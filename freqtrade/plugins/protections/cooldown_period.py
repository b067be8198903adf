"""CooldownPeriod: no new entry on a pair for a while after one of its trades closed."""
from __future__ import annotations

from datetime import datetime

from freqtrade.plugins.protections.base import Protection, ProtectionResult


class CooldownPeriod(Protection):
    """Locks the pair from its latest close (within the look-back) for ``stop_duration``."""

    has_local_stop = True

    def _reason(self) -> str:
        # the doubled "for" is freqtrade's own wording ("Cooldown period for for 2 candles.")
        return f"Cooldown period for {self.unlock_reason_time_element}."

    def short_desc(self) -> str:
        return f"{self.name} - Cooldown period {self.unlock_reason_time_element}."

    def stop_per_pair(self, pair: str, now: datetime, side: str,
                      starting_balance: float) -> ProtectionResult | None:
        trades = self.closed_trades(pair, self.lookback_start(now))
        if not trades:
            return None
        latest = max(trades, key=lambda trade: trade.close_date)
        self.log_once(f"Cooldown for {pair} {self.unlock_reason_time_element}.")
        return ProtectionResult(until=self.lock_end([latest]), reason=self._reason())
