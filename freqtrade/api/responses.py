"""JSON rendering for every API answer: orjson, compact, ``application/json`` without charset.

orjson is used because candle and trade payloads are large and mostly numpy-backed: it
serialises numpy arrays and scalars natively (``OPT_SERIALIZE_NUMPY``) and writes NaN and
±inf as ``null``, which is what freqtrade clients expect. UTC datetimes render as ISO 8601
with ``Z`` (``2017-11-26T08:50:00Z``), matching the JSON that freqtrade's pydantic models write.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson
from starlette.responses import JSONResponse, Response

ORJSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS
NO_STORE = "no-store"


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


class ApiJSONResponse(JSONResponse):
    """Drop-in ``JSONResponse`` rendered by orjson (NaN/inf -> null, numpy, ISO datetimes)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_dumps(content)


def mark_no_store(response: Response) -> Response:
    """Forbid caching of authenticated answers (a shared cache or the browser must not
    keep them); an explicit header wins."""
    if "cache-control" not in response.headers:
        response.headers["Cache-Control"] = NO_STORE
    return response


class RenderedJSONResponse(Response):
    """A body already rendered by ``json_dumps`` (cached answers are not re-serialised)."""

    media_type = "application/json"


class RenderedCache:
    """A small LRU of rendered JSON bodies, for answers that are identical until their key
    changes (the candles of one analysis). Thread-safe; bounded by entry count."""

    def __init__(self, maxsize: int = 32) -> None:
        import threading
        from collections import OrderedDict

        self.maxsize = maxsize
        self._entries: OrderedDict[Any, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def response(self, key: Any, render: Any) -> Response:
        """The cached body for ``key``, or ``render()`` serialised and remembered."""
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
        if body is None:
            body = json_dumps(render())
            with self._lock:
                self._entries[key] = body
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        return RenderedJSONResponse(body)
