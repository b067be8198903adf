"""Per-client login throttling: freqtrade never limits password guessing; we do.

Sliding window: after ``max_failures`` failed password checks from one client within
``window``, further password attempts from it are refused with 429 until the oldest failure
leaves the window. A success clears the client's record. JWT requests are not throttled
(a signature cannot be guessed). Behind a reverse proxy all clients share the proxy's address,
so they share one budget: that errs on the safe side.
"""
from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

from freqtrade.util.clock import dt_now

MAX_FAILURES = 5
WINDOW = timedelta(minutes=5)
MAX_TRACKED_CLIENTS = 10_000


class LoginThrottle:
    """Counts failed password checks per client key (the IP address)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: timedelta = WINDOW,
                 clock: Callable[[], datetime] = dt_now,
                 max_tracked: int = MAX_TRACKED_CLIENTS) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_tracked = max_tracked
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try a password again, or None if it may now."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if len(times) < self.max_failures:
                return None
            wait = (times[-self.max_failures] + self.window - now).total_seconds()
            return max(1, math.ceil(wait))

    def failure(self, key: str) -> bool:
        """Record a failed attempt; True when this failure exhausts the budget."""
        with self._lock:
            now = self.clock()
            if key not in self._failures and len(self._failures) >= self.max_tracked:
                self._forget_stale(now)
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            return len(times) >= self.max_failures

    def success(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _forget_stale(self, now: datetime) -> None:
        """Bound memory under a many-address attack: drop expired, then the oldest records."""
        for key in list(self._failures):
            self._recent(key, now)
        while len(self._failures) >= self.max_tracked:
            oldest = min(self._failures, key=lambda k: self._failures[k][-1])
            del self._failures[oldest]
