"""Small time-based caches for the pairlists, driven by the bot's clock (``dt_now``).

A pairlist keeps its result for ``refresh_period`` seconds; candle-based values expire when a
new candle starts (``aligned``), so a restart of the clock in tests behaves like wall time.
"""
from __future__ import annotations

from typing import Any

from freqtrade.util.clock import dt_now


class TimedCache:
    """``key -> value`` entries that expire ``ttl`` seconds after they were stored.

    With ``aligned`` the entries instead expire at the next multiple of ``ttl`` since the epoch
    (a 1h cache empties at every full hour), as candle data changes at candle boundaries.
    """

    def __init__(self, ttl: float, aligned: bool = False):
        self.ttl = float(ttl)
        self.aligned = aligned
        self._entries: dict[Any, tuple[float, Any]] = {}

    def _expiry(self, now: float) -> float:
        if self.aligned and self.ttl > 0:
            return now - now % self.ttl + self.ttl
        return now + self.ttl

    def get(self, key: Any, default: Any = None) -> Any:
        entry = self._entries.get(key)
        if entry is None:
            return default
        if dt_now().timestamp() >= entry[0]:
            del self._entries[key]
            return default
        return entry[1]

    def __contains__(self, key: Any) -> bool:
        marker = object()
        return self.get(key, marker) is not marker

    def __setitem__(self, key: Any, value: Any) -> None:
        self._entries[key] = (self._expiry(dt_now().timestamp()), value)

    def clear(self) -> None:
        self._entries.clear()
