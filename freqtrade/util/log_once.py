"""Log a repeated message at most once per period, so the trading loop does not flood the log."""
from __future__ import annotations

import time
from collections.abc import Callable


class LogOnce:
    """``log_once(message, logger.info)`` logs ``message`` again only after ``period`` seconds."""

    def __init__(self, period: float = 3600.0, maxsize: int = 1024):
        self._period = period
        self._maxsize = maxsize
        self._last: dict[str, float] = {}

    def __call__(self, message: str, method: Callable[[str], object]) -> None:
        now = time.monotonic()
        last = self._last.get(message)
        if last is not None and now - last < self._period:
            return
        if len(self._last) >= self._maxsize:
            self._last.clear()
        self._last[message] = now
        method(message)
