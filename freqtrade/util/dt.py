"""The date helpers freqtrade's ``freqtrade.util`` gives strategies, with its semantics
(``dt_ts()`` without a date is now; timestamps above 1e10 are milliseconds)."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from freqtrade.constants import DATETIME_PRINT_FORMAT
from freqtrade.util.clock import dt_now


def dt_now_no_micro() -> datetime:
    return dt_now().replace(microsecond=0)


def dt_utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
           microsecond: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


def dt_ts(dt: datetime | None = None) -> int:
    """Milliseconds since the epoch of ``dt``, of now without one."""
    return int((dt or dt_now()).timestamp() * 1000)


def dt_ts_def(dt: datetime | None, default: int = 0) -> int:
    return int(dt.timestamp() * 1000) if dt else default


def dt_ts_none(dt: datetime | None) -> int | None:
    return int(dt.timestamp() * 1000) if dt else None


def dt_floor_day(dt: datetime) -> datetime:
    return dt.replace(hour=0, minute=0, second=0, microsecond=0)


def dt_from_ts(timestamp: float) -> datetime:
    """A UTC datetime from seconds, or milliseconds (values above 1e10)."""
    if timestamp > 1e10:
        timestamp /= 1000
    return datetime.fromtimestamp(timestamp, tz=UTC)


_SHORT_UNITS = [(re.compile("seconds?"), "sec"), (re.compile("minutes?"), "min"),
                (re.compile("hours?"), "h"), (re.compile("days?"), "d"),
                (re.compile("^an?"), "1")]


def shorten_date(text: str) -> str:
    """``"an hour ago"`` -> ``"1 h ago"``: humanized durations short enough for a phone."""
    for pattern, replacement in _SHORT_UNITS:
        text = pattern.sub(replacement, text)
    return text


def format_date(date: datetime | None, fallback: str = "") -> str:
    return date.strftime(DATETIME_PRINT_FORMAT) if date else fallback


def format_ms_time(date: float) -> str:
    return dt_from_ts(date).strftime("%Y-%m-%dT%H:%M:%S")


def format_ms_time_det(date: float) -> str:
    """Like ``format_ms_time`` with milliseconds."""
    return dt_from_ts(date).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
