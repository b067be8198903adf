"""Scalar coercion with pydantic v2's lax rules and exact error types and messages.

Query strings and JSON values go through the same functions: ``"5"`` and ``5`` are both a
valid int, ``5.5`` is ``int_from_float``, ``"5.5"`` is ``int_parsing``. Stricter than pydantic
in two places, on purpose: NaN/inf are refused (``finite_number``) and booleans are not ints.
Datetimes accept ISO 8601 (``Z`` or offsets), dates, and unix timestamps (s or ms), with
speedate's error wording.
"""
from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from freqtrade.api.error_items import Loc, fail

_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity|nan)", re.I)
_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}


def to_int(value: Any, loc: Loc) -> int:
    if isinstance(value, bool):
        return fail("int_type", loc, "Input should be a valid integer", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return fail("finite_number", loc, "Input should be a finite number", value)
        if value != int(value):
            return fail("int_from_float", loc,
                        "Input should be a valid integer, got a number with a fractional part",
                        value)
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if "." in text:  # "5.0" and "5.00" are whole numbers for pydantic
            head, _, tail = text.partition(".")
            if tail.strip("0") == "" and _INT_RE.fullmatch(head):
                text = head
        if _INT_RE.fullmatch(text):
            return int(text)
        return fail("int_parsing", loc,
                    "Input should be a valid integer, unable to parse string as an integer", value)
    return fail("int_type", loc, "Input should be a valid integer", value)


def to_float(value: Any, loc: Loc) -> float:
    if isinstance(value, bool):
        return fail("float_type", loc, "Input should be a valid number", value)
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _FLOAT_RE.fullmatch(text):
            return fail("float_parsing", loc,
                        "Input should be a valid number, unable to parse string as a number",
                        value)
        result = float(text)
    else:
        return fail("float_type", loc, "Input should be a valid number", value)
    if not math.isfinite(result):  # stricter than pydantic's default: no NaN prices
        return fail("finite_number", loc, "Input should be a finite number", value)
    return result


def to_bool(value: Any, loc: Loc) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    elif isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
    else:
        return fail("bool_type", loc, "Input should be a valid boolean", value)
    return fail("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input",
                value)


def to_str(value: Any, loc: Loc) -> str:
    if isinstance(value, str):
        return str(value)
    return fail("string_type", loc, "Input should be a valid string", value)


def to_strategy_name(value: Any, loc: Loc) -> str:
    name = to_str(value, loc)
    if ":" in name:
        return fail("strategy_name", loc, "base64 encoded strategies are not allowed.", value)
    return name


# --------------------------------------------------------------------------- datetimes

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME_RE = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?")
_TZ_RE = re.compile(r"([Zz])|([+-])(\d{2}):?(\d{2})?")


def _date_problem(text: str) -> str:
    """The reason a string is not ``YYYY-MM-DD`` (speedate's wording)."""
    if len(text) < 10:
        return "input is too short"
    checks = [
        (text[0:4].isdigit(), "invalid character in year"),
        (text[4] == "-", "invalid date separator, expected `-`"),
        (text[5:7].isdigit(), "invalid character in month"),
        (text[7] == "-", "invalid date separator, expected `-`"),
        (text[8:10].isdigit(), "invalid character in day"),
    ]
    for ok, problem in checks:
        if not ok:
            return problem
    if not 1 <= int(text[5:7]) <= 12:
        return "month value is outside expected range of 1-12"
    return "day value is outside expected range"


def _datetime_error(kind: str, loc: Loc, value: Any, problem: str) -> Any:
    if kind == "date":
        return fail("datetime_from_date_parsing", loc,
                    f"Input should be a valid datetime or date, {problem}", value,
                    {"error": problem})
    return fail("datetime_parsing", loc, f"Input should be a valid datetime, {problem}", value,
                {"error": problem})


def _parse_time_part(rest: str, loc: Loc, value: Any) -> tuple[tuple[int, ...], str]:
    """Parse ``HH:MM[:SS[.ffffff]]`` at the start of ``rest``; return fields and the remainder."""
    match = _TIME_RE.match(rest)
    if not match:
        if len(rest) < 2 or not rest[:2].isdigit():
            _datetime_error("time", loc, value, "invalid character in hour")
        if len(rest) < 5:
            _datetime_error("time", loc, value, "input is too short")
        if rest[2] != ":":
            _datetime_error("time", loc, value, "invalid time separator, expected `:`")
        _datetime_error("time", loc, value, "invalid character in minute")
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    fraction = match.group(4) or ""
    if hour > 23:
        _datetime_error("time", loc, value, "hour value is outside expected range of 0-23")
    if minute > 59:
        _datetime_error("time", loc, value, "minute value is outside expected range of 0-59")
    if second > 59:
        _datetime_error("time", loc, value, "second value is outside expected range of 0-59")
    if len(fraction) > 6:
        _datetime_error("time", loc, value, "second fraction value is more than 6 digits long")
    micro = int(fraction.ljust(6, "0")) if fraction else 0
    return (hour, minute, second, micro), rest[match.end():]


def _parse_tz(rest: str, loc: Loc, value: Any) -> timezone | None:
    if rest == "":
        return None
    match = _TZ_RE.fullmatch(rest)
    if not match:
        if rest[0] not in "+-Zz":
            _datetime_error("time", loc, value, "invalid timezone sign")
        _datetime_error("time", loc, value, "invalid timezone hour or minute")
    if match.group(1):
        return UTC
    hours, minutes = int(match.group(3)), int(match.group(4) or 0)
    if hours > 23 or minutes > 59:
        _datetime_error("time", loc, value, "timezone offset must be less than 24 hours")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match.group(2) == "-" else offset)


def _from_timestamp(number: float) -> datetime:
    if abs(number) > 2e10:  # pydantic: larger numbers are milliseconds
        number /= 1000
    return datetime.fromtimestamp(number, tz=UTC)


def to_datetime(value: Any, loc: Loc, aware: bool = False) -> datetime:
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            return fail("finite_number", loc, "Input should be a finite number", value)
        result = _from_timestamp(float(value))
    elif isinstance(value, str):
        result = _parse_datetime_text(value.strip(), loc, value)
    else:
        return fail("datetime_type", loc, "Input should be a valid datetime", value)
    if aware and result.tzinfo is None:
        return fail("timezone_aware", loc, "Input should have timezone info", value)
    return result


def _parse_datetime_text(text: str, loc: Loc, value: Any) -> datetime:
    if _FLOAT_RE.fullmatch(text) and text[-1].isdigit():
        return _from_timestamp(float(text))
    date_match = _DATE_RE.match(text)
    if not date_match:
        return _datetime_error("date", loc, value, _date_problem(text))
    year, month, day = (int(g) for g in date_match.groups())
    if not 1 <= month <= 12:
        return _datetime_error("date", loc, value, "month value is outside expected range of 1-12")
    try:
        datetime(year, month, day)
    except ValueError:
        return _datetime_error("date", loc, value, "day value is outside expected range")
    rest = text[10:]
    if rest == "":
        return datetime(year, month, day)
    if rest[0] not in "Tt _":
        return _datetime_error(
            "time", loc, value, "invalid datetime separator, expected `T`, `t`, `_` or space")
    (hour, minute, second, micro), tail = _parse_time_part(rest[1:], loc, value)
    tzinfo = _parse_tz(tail, loc, value)
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tzinfo)
