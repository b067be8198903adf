"""What every protection shares: its time settings, the trades it looks at, when a lock ends.

A protection reads the closed trades of a look-back window and may ask for a lock on one pair
(``stop_per_pair``) or on every pair (``global_stop``). Durations are given in minutes
(``stop_duration``, ``lookback_period``, defaults 60) or in candles of the bot's timeframe
(``stop_duration_candles``, ``lookback_period_candles``); ``unlock_at`` ("HH:MM", UTC) ends a
lock at a time of day instead of after a duration.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from freqtrade.util.log_once import LogOnce
from freqtrade.util.timeframes import timeframe_to_minutes

logger = logging.getLogger(__name__)

DEFAULT_MINUTES = 60


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """``singular`` for 1 and -1, else the plural (``singular + "s"`` by default)."""
    return singular if count in (1, -1) else plural_form or singular + "s"


@dataclass
class ProtectionResult:
    """A protection's request for a lock: ``until`` is rounded up to a candle by the manager."""

    until: datetime
    reason: str
    side: str = "*"


class Protection:
    """Base of the protections; subclasses set the two flags and implement the stops."""

    has_global_stop: bool = False
    has_local_stop: bool = False

    def __init__(self, config: dict[str, Any], protection_config: dict[str, Any]) -> None:
        self._config = config
        self._protection_config = protection_config
        self._stop_duration_candles: int | None = None
        self._stop_duration = 0
        self._unlock_at: str | None = None
        self._log_once = LogOnce()
        candle_minutes = timeframe_to_minutes(config["timeframe"])
        if "stop_duration_candles" in protection_config:
            self._stop_duration_candles = int(protection_config["stop_duration_candles"])
            self._stop_duration = candle_minutes * self._stop_duration_candles
        elif "unlock_at" in protection_config:
            self._unlock_at = protection_config["unlock_at"]
        else:
            self._stop_duration = int(protection_config.get("stop_duration", DEFAULT_MINUTES))
        self._lookback_period_candles: int | None = None
        if "lookback_period_candles" in protection_config:
            self._lookback_period_candles = int(protection_config["lookback_period_candles"])
            self._lookback_period = candle_minutes * self._lookback_period_candles
        else:
            self._lookback_period = int(protection_config.get("lookback_period",
                                                              DEFAULT_MINUTES))

    @property
    def name(self) -> str:
        return type(self).__name__

    # ---------------------------------------------------------------- wording of reasons
    @staticmethod
    def _duration_str(candles: int | None, minutes: int) -> str:
        if candles:
            return f"{candles} {plural(candles, 'candle')}"
        return f"{minutes} {plural(minutes, 'minute')}"

    @property
    def stop_duration_str(self) -> str:
        return self._duration_str(self._stop_duration_candles, self._stop_duration)

    @property
    def lookback_period_str(self) -> str:
        return self._duration_str(self._lookback_period_candles, self._lookback_period)

    @property
    def unlock_reason_time_element(self) -> str:
        """``until HH:MM`` or ``for N candles`` / ``for N minutes``, as lock reasons say it."""
        if self._unlock_at is not None:
            return f"until {self._unlock_at}"
        return f"for {self.stop_duration_str}"

    def short_desc(self) -> str:
        """One line for the start-up log."""
        raise NotImplementedError

    # ---------------------------------------------------------------- evaluation
    def global_stop(self, now: datetime, side: str,
                    starting_balance: float) -> ProtectionResult | None:
        """A lock on every pair, or None."""
        return None

    def stop_per_pair(self, pair: str, now: datetime, side: str,
                      starting_balance: float) -> ProtectionResult | None:
        """A lock on ``pair``, or None."""
        return None

    def lookback_start(self, now: datetime) -> datetime:
        return now - timedelta(minutes=self._lookback_period)

    @staticmethod
    def closed_trades(pair: str | None, closed_after: datetime | None) -> list:
        """Closed trades (of ``pair``, or all) that closed strictly after ``closed_after``."""
        from freqtrade.persistence import Trade

        return Trade.get_trades_proxy(pair=pair, is_open=False, close_date=closed_after)

    def lock_end(self, trades: list) -> datetime:
        """End of a lock caused by ``trades``: counted from the latest close among them.

        With ``unlock_at`` the lock ends at that time of day (the seconds of the close are
        kept), the next day when that time has already passed.
        """
        latest = max(trade.close_date for trade in trades if trade.close_date)
        if latest.tzinfo is None:
            latest = latest.replace(tzinfo=UTC)
        if self._unlock_at is not None:
            hour, minute = self._unlock_at.split(":")
            end = latest.replace(hour=int(hour), minute=int(minute))
            return end + timedelta(days=1) if end < latest else end
        return latest + timedelta(minutes=self._stop_duration)

    def log_once(self, message: str) -> None:
        self._log_once(message, logger.info)
