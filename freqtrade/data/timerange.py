"""Timerange strings (``20240101-20240201``, open ends, hour/minute precision, epochs)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from freqtrade.exceptions import OperationalException

_FORMATS = ((re.compile(r"^\d{8}T\d{6}$"), "%Y%m%dT%H%M%S"),
            (re.compile(r"^\d{8}T\d{4}$"), "%Y%m%dT%H%M"),
            (re.compile(r"^\d{8}$"), "%Y%m%d"))


def _parse_side(text: str, whole: str) -> datetime | None:
    if text == "":
        return None
    if re.fullmatch(r"\d{13}", text):
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    if re.fullmatch(r"\d{10}", text):
        return datetime.fromtimestamp(int(text), tz=UTC)
    for pattern, fmt in _FORMATS:
        if pattern.match(text):
            try:
                return datetime.strptime(text, fmt).replace(tzinfo=UTC)
            except ValueError:
                break
    raise OperationalException(f'Incorrect syntax for timerange "{whole}"')


@dataclass
class TimeRange:
    """A start and/or stop in UTC; ``None`` means open-ended."""

    start: datetime | None = None
    stop: datetime | None = None

    @classmethod
    def parse_timerange(cls, text: str | None) -> TimeRange:
        if text is None or text.strip() == "":
            return cls()
        text = text.strip()
        if "-" not in text:
            # a single date means "from this date on"
            return cls(_parse_side(text, text), None)
        start_text, _, stop_text = text.partition("-")
        if start_text == "" and stop_text == "":
            raise OperationalException(f'Incorrect syntax for timerange "{text}"')
        start, stop = _parse_side(start_text, text), _parse_side(stop_text, text)
        if start and stop and start > stop:
            raise OperationalException(f'Start date is after stop date for timerange "{text}"')
        return cls(start, stop)

    def __str__(self) -> str:
        fmt = "%Y%m%d"
        return (f"{self.start.strftime(fmt) if self.start else ''}-"
                f"{self.stop.strftime(fmt) if self.stop else ''}")
