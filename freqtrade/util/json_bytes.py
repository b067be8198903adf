"""The bytes of every JSON answer: orjson, compact, the same options everywhere.

orjson is used because candle and trade payloads are large and mostly numpy-backed: it
serialises numpy arrays and scalars natively (``OPT_SERIALIZE_NUMPY``) and writes NaN and
±inf as ``null``, which is what freqtrade clients expect. UTC datetimes render as ISO 8601
with ``Z`` (``2017-11-26T08:50:00Z``), matching the JSON that freqtrade's pydantic models write.
Kept outside the web layer so the RPC layer can pre-render pieces of large answers (one trade
of a ``/trades`` page) that are then joined without serialising them again.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

ORJSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def _fallback(obj: Any) -> Any:
    """Types orjson does not know: pandas timestamps/NaT, Decimal, sets, other numpy objects."""
    if isinstance(obj, datetime):
        if obj != obj:  # pandas.NaT is a datetime subclass that is unequal to itself
            return None
        return datetime(obj.year, obj.month, obj.day, obj.hour, obj.minute, obj.second,
                        obj.microsecond, obj.tzinfo)
    if isinstance(obj, Decimal):
        return float(obj)
    if isinstance(obj, set | frozenset):
        return list(obj)
    if hasattr(obj, "tolist"):  # numpy object arrays and exotic numpy scalars
        return obj.tolist()
    raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")


def json_dumps(content: Any) -> bytes:
    """Serialise like every API response does (shared with the websocket and tests)."""
    return orjson.dumps(content, default=_fallback, option=ORJSON_OPTIONS)
