"""Date conversions in the formats the API answers with (print format, ms timestamps)."""
from __future__ import annotations

from datetime import UTC, datetime

from freqtrade.constants import DATETIME_PRINT_FORMAT


def as_utc(dt: datetime) -> datetime:
    """Naive datetimes from the database are UTC; make them tz-aware."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def dt_ts(dt: datetime | None) -> int:
    """Milliseconds since the epoch (0 for None)."""
    return int(as_utc(dt).timestamp() * 1000) if dt else 0


def dt_ts_none(dt: datetime | None) -> int | None:
    return int(as_utc(dt).timestamp() * 1000) if dt else None


def dt_from_ts(ts: float) -> datetime:
    """From seconds or milliseconds since the epoch (values > 1e11 are taken as ms)."""
    if ts > 1e11:
        ts /= 1000
    return datetime.fromtimestamp(ts, tz=UTC)


def format_date(dt: datetime | None) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in UTC, "" for None."""
    return as_utc(dt).strftime(DATETIME_PRINT_FORMAT) if dt else ""


def format_date_none(dt: datetime | None) -> str | None:
    return as_utc(dt).strftime(DATETIME_PRINT_FORMAT) if dt else None


def iso_z(dt: datetime | None) -> str | None:
    """ISO 8601 with ``Z`` (fractional seconds only when non-zero), as pydantic renders UTC."""
    if dt is None:
        return None
    dt = as_utc(dt)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += f".{dt.microsecond:06d}".rstrip("0")
    return text + "Z"
