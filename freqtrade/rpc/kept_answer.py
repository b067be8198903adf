"""``/status``'s last answer, given again while nothing it was made from can have changed.

An answer of the open trades is a function of the database's rows (as a new session reads
them) and of the exit rates, which ``get_rate(refresh=False)`` takes from the exchange's
cached tickers. So the bytes of an answer are kept with the database version before it read
(``database_version``: moved by any connection's commit) and the tickers object it priced
with; while both are the same, a new answer would be these bytes. The check waits for
nothing (no lock, no fetch, no SQL that can block), so it runs on the API's event loop and a
repeat poll needs neither a worker thread nor a session.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from freqtrade.exceptions import DependencyException, ExchangeError, PricingError
from freqtrade.persistence.data_version import database_version


def _tickers(exchange: Any) -> dict | None:
    """The exchange's cached tickers (a test double's answer does not count)."""
    tickers = exchange.cached_tickers()
    return tickers if isinstance(tickers, dict) and tickers else None


class KeptAnswer:
    """The last answer with its (database version, tickers); one per RPC object."""

    def __init__(self) -> None:
        self._kept: tuple[tuple[int, int], dict, bytes] | None = None
        # the last answer had open trades, so it asked for rates (the first one likely will)
        self._priced = True

    def current(self, engine: Engine, exchange: Any) -> bytes | None:
        """The kept bytes if a new answer would be the same now, else None."""
        kept = self._kept
        if kept is None:
            return None
        tickers = _tickers(exchange)
        if tickers is not kept[1]:
            return None
        if database_version(engine) != kept[0]:
            return None
        return kept[2]

    def make(self, engine: Engine, exchange: Any, render: Callable[[], bytes],
             keepable: bool = True) -> bytes:
        """``render()``, kept when it was priced with one tickers object throughout and the
        database version was known before it read (``keepable``: rates and everything else
        depend on nothing but rows and tickers)."""
        version = database_version(engine) if keepable else None
        tickers = _tickers(exchange) if version is not None else None
        if version is not None and tickers is None and self._priced and \
                exchange.rates_from_tickers:
            # expired: fetch them before rendering (its first rate would), so the answer is
            # priced from one known tickers object and can be kept
            try:
                exchange.get_tickers()
            except (PricingError, ExchangeError, DependencyException):
                pass  # the rates are unknown (NaN) in the answer, as without this fetch
            tickers = _tickers(exchange)
        body = render()
        self._priced = body != b"[]"
        if version is not None and tickers is not None and _tickers(exchange) is tickers:
            self._kept = (version, tickers, body)
        else:
            self._kept = None
        return body
