"""The bot's notion of "now": injectable so tests can drive time deterministically."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

_now_fn: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def dt_now() -> datetime:
    """Current time as a tz-aware UTC datetime (from the injected clock, if any)."""
    return _now_fn()


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (``None`` restores wall time). Used by tests and simulations."""
    global _now_fn
    _now_fn = fn or (lambda: datetime.now(UTC))


class FrozenClock:
    """A manual clock for tests: ``clock.advance(minutes=5)``."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> datetime:
        self.current = self.current + timedelta(**kwargs)
        return self.current
