"""Timeframe arithmetic (``"5m"`` -> seconds, candle boundaries) without ccxt.

The results are the ones freqtrade gets from ccxt: a month is 30 days and a year 365 days when
counted in seconds, while candle boundaries of weeks, months and years are calendar ones
(weeks start on Monday, months on the 1st, years on January 1st).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "M": 2592000, "y": 31536000}
_EPOCH_MONDAY = datetime(1970, 1, 5, tzinfo=UTC)


def timeframe_to_seconds(timeframe: str) -> int:
    unit = (timeframe or " ")[-1]
    try:
        amount = int(timeframe[:-1])
    except (TypeError, ValueError):
        raise ValueError(f"Invalid timeframe '{timeframe}'") from None
    if unit not in _UNITS:
        raise ValueError(f"Invalid timeframe '{timeframe}': unit {unit} is not supported")
    return amount * _UNITS[unit]


def timeframe_to_minutes(timeframe: str) -> int:
    return timeframe_to_seconds(timeframe) // 60


def timeframe_to_msecs(timeframe: str) -> int:
    return timeframe_to_seconds(timeframe) * 1000


def _calendar_round(timeframe: str, date: datetime, up: bool) -> datetime:
    amount, unit = int(timeframe[:-1]), timeframe[-1]
    if unit == "w":
        monday = datetime(date.year, date.month, date.day, tzinfo=UTC) - timedelta(
            days=date.weekday())
        weeks = (monday - _EPOCH_MONDAY).days // 7 // amount * amount
        return _EPOCH_MONDAY + timedelta(weeks=weeks + (amount if up else 0))
    if unit == "M":
        months = (date.year * 12 + date.month - 1) // amount * amount + (amount if up else 0)
        return datetime(months // 12, months % 12 + 1, 1, tzinfo=UTC)
    year = date.year // amount * amount + (amount if up else 0)
    return datetime(year, 1, 1, tzinfo=UTC)


def _round(timeframe: str, date: datetime | None, up: bool) -> datetime:
    date = date or datetime.now(UTC)
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    if timeframe[-1:] in ("w", "M", "y") and timeframe_to_seconds(timeframe) > 0:
        return _calendar_round(timeframe, date.astimezone(UTC), up)
    step = timeframe_to_msecs(timeframe)
    ts = int(date.timestamp() * 1000)
    return datetime.fromtimestamp((ts - ts % step + (step if up else 0)) // 1000, tz=UTC)


def timeframe_to_prev_date(timeframe: str, date: datetime | None = None) -> datetime:
    """Open time of the candle containing ``date`` (default: now); a candle's own open time
    stays as it is."""
    return _round(timeframe, date, up=False)


def timeframe_to_next_date(timeframe: str, date: datetime | None = None) -> datetime:
    """Open time of the candle after the one containing ``date`` (a boundary moves one on)."""
    return _round(timeframe, date, up=True)


def date_minus_candles(timeframe: str, candle_count: int,
                       date: datetime | None = None) -> datetime:
    """The open time ``candle_count`` candles before the candle containing ``date``."""
    return timeframe_to_prev_date(timeframe, date) - timedelta(
        minutes=timeframe_to_minutes(timeframe) * candle_count)


def timeframe_to_resample_freq(timeframe: str) -> str:
    """The pandas ``resample`` rule for candles of ``timeframe``: weeks start on Monday,
    months and years on their first day."""
    if timeframe == "1y":
        return "1YS"
    seconds = timeframe_to_seconds(timeframe)
    minutes = seconds // 60
    if 10000 < minutes < 43200:
        return "1W-MON"
    if 43200 <= minutes < 525600:
        return f"{timeframe}S"
    if minutes > 43200:
        return timeframe
    return f"{seconds}s"


def timeframe_to_floor_freq(timeframe: str) -> str:
    """The pandas ``floor`` frequency used to align candle dates of ``timeframe``."""
    return "1s" if timeframe_to_minutes(timeframe) <= 1 else "1min"
