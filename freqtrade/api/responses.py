"""JSON answers: ``application/json`` without charset, bodies from ``util.json_bytes``
(orjson: numpy natively, NaN/inf as null, UTC datetimes with ``Z``)."""
from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from freqtrade.util.json_bytes import json_dumps

__all__ = ["ApiJSONResponse", "NO_STORE", "RenderedCache", "RenderedJSONResponse",
           "json_dumps", "mark_no_store"]

NO_STORE = "no-store"


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

    def cached(self, key: Any) -> Response | None:
        """The cached body for ``key`` as an answer, None when there is none."""
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
        return None if body is None else RenderedJSONResponse(body)

    def response(self, key: Any, render: Any) -> Response:
        """The cached body for ``key``, or ``render()`` serialised (or, when it returns bytes,
        as rendered) and remembered."""
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
        if body is None:
            rendered = render()
            body = rendered if isinstance(rendered, bytes) else json_dumps(rendered)
            with self._lock:
                self._entries[key] = body
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        return RenderedJSONResponse(body)
