"""Timeframe arithmetic (``"5m"`` -> seconds, candle boundaries) without ccxt."""
from __future__ import annotations

import re
from datetime import UTC, datetime

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "M": 2592000, "y": 31536000}
_TF_RE = re.compile(r"^(\d+)([smhdwMy])$")


def timeframe_to_seconds(timeframe: str) -> int:
    match = _TF_RE.match(timeframe or "")
    if not match:
        raise ValueError(f"Invalid timeframe '{timeframe}'")
    return int(match.group(1)) * _UNITS[match.group(2)]


def timeframe_to_minutes(timeframe: str) -> int:
    return timeframe_to_seconds(timeframe) // 60


def timeframe_to_msecs(timeframe: str) -> int:
    return timeframe_to_seconds(timeframe) * 1000


def timeframe_to_prev_date(timeframe: str, date: datetime | None = None) -> datetime:
    """Open time of the candle containing ``date`` (default: now)."""
    date = date or datetime.now(UTC)
    secs = timeframe_to_seconds(timeframe)
    ts = int(date.timestamp())
    return datetime.fromtimestamp(ts - ts % secs, tz=UTC)


def timeframe_to_next_date(timeframe: str, date: datetime | None = None) -> datetime:
    """Open time of the candle after the one containing ``date`` (a boundary moves one on)."""
    date = date or datetime.now(UTC)
    secs = timeframe_to_seconds(timeframe)
    ts = int(date.timestamp())
    return datetime.fromtimestamp(ts - ts % secs + secs, tz=UTC)
