"""``/status``'s last answer, given again while nothing it was made from can have changed.

An answer of the open trades is a function of the database's rows (as a new session reads
them) and of the exit rates, which ``get_rate(refresh=False)`` takes from the exchange's
cached tickers. So the bytes of an answer are kept with the database version before it read
(``database_version``: moved by any connection's commit), the count of writes to open trades
(``open_trades_version``) and the tickers object it priced with. While the tickers are the
same and either version stands, a new answer would be these bytes: a commit that wrote only
closed trades (a close's aftermath, another process's import) leaves it. The check waits for
nothing (no lock, no fetch, no SQL that can block), so it runs on the API's event loop and a
repeat poll needs neither a worker thread nor a session.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.engine import Engine

from freqtrade.exceptions import DependencyException, ExchangeError, PricingError
from freqtrade.persistence.data_version import database_version, open_trades_version


def _tickers(exchange: Any) -> dict | None:
    """The exchange's cached tickers (a test double's answer does not count)."""
    tickers = exchange.cached_tickers()
    return tickers if isinstance(tickers, dict) and tickers else None


@dataclass(frozen=True)
class _Kept:
    version: tuple[int, int]  # database_version before the answer read
    open_version: tuple[int, int]  # open_trades_version before the answer read
    tickers: dict
    body: bytes


class KeptAnswer:
    """The last answer with what it was made from; one per RPC object."""

    def __init__(self) -> None:
        self._kept: _Kept | None = None
        # the last answer had open trades, so it asked for rates (the first one likely will)
        self._priced = True

    def current(self, engine: Engine, exchange: Any) -> bytes | None:
        """The kept bytes if a new answer would be the same now, else None."""
        kept = self._kept
        if kept is None or _tickers(exchange) is not kept.tickers:
            return None
        version = database_version(engine)
        if version is None or version[0] != kept.version[0]:
            return None
        if version == kept.version:
            return kept.body
        # someone committed: the answer stands if no open trade was written (read after the
        # version, so every commit up to ``version`` is counted)
        if open_trades_version(engine) != kept.open_version:
            return None
        if self._kept is kept:  # the next poll asks the version alone
            # true of these bytes even if a thread kept a newer answer in between
            self._kept = replace(kept, version=version)
        return kept.body

    def make(self, engine: Engine, exchange: Any, render: Callable[[], bytes],
             keepable: bool = True) -> bytes:
        """``render()``, kept when it was priced with one tickers object throughout and the
        database's versions were known before it read (``keepable``: rates and everything
        else depend on nothing but rows and tickers)."""
        version = database_version(engine) if keepable else None
        open_version = open_trades_version(engine) if version is not None else None
        tickers = _tickers(exchange) if open_version is not None else None
        if open_version is not None and tickers is None and self._priced and \
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
        if version is not None and open_version is not None and tickers is not None and \
                _tickers(exchange) is tickers:
            self._kept = _Kept(version, open_version, tickers, body)
        else:
            self._kept = None
        return body
