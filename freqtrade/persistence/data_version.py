"""A cheap, never-waiting answer to "has anyone committed to the database since?".

SQLite's ``PRAGMA data_version`` on one connection moves whenever another connection (this
process's or another program's) commits to the file. This module keeps one connection of its
own for that question, which never writes, so every commit by anyone moves the number. It is
asked on the API's event loop: the connection waits for no lock (a commit in progress answers
None, as does any database that is not a SQLite file).

The same connection reads the count of writes to open trades (``open_trades_version``, kept by
the triggers of ``trade_changes``), for answers that depend on the open trades alone.
"""
from __future__ import annotations

import sqlite3
import threading

from sqlalchemy.engine import Engine

from freqtrade.persistence.trade_changes import OPEN_TABLE

_lock = threading.Lock()
_watched: tuple[Engine, sqlite3.Connection, int] | None = None
_opened = 0  # connections opened so far: a number of another connection is never the same


def _sqlite_file(engine: Engine) -> str | None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.query.get("mode") == "memory" or str(url.database).startswith("file:"):
        return None  # URI forms (shared memory databases among them): not watched
    return str(url.database)


def database_version(engine: Engine) -> tuple[int, int] | None:
    """A value that moves with every commit to ``engine``'s SQLite file since it was last
    asked; None when that cannot be told right now (a commit is being written, another
    thread is asking) or for another kind of database. Never waits."""
    return _ask(engine, "PRAGMA data_version")


def open_trades_version(engine: Engine) -> tuple[int, int] | None:
    """A value that moves with every committed write of an open trade or of an open trade's
    orders (``trade_changes.OPEN_TABLE``); None as for ``database_version``, and when the
    count is missing. Never waits."""
    return _ask(engine, f"SELECT n FROM {OPEN_TABLE} WHERE id = 0")


def _ask(engine: Engine, statement: str) -> tuple[int, int] | None:
    """(the watching connection's number, the one value ``statement`` reads) or None."""
    global _watched, _opened

    if not _lock.acquire(blocking=False):
        return None
    try:
        if _watched is None or _watched[0] is not engine:
            _close_locked()
            path = _sqlite_file(engine)
            if path is None:
                return None
            # timeout 0: a locked file answers "database is locked" at once
            connection = sqlite3.connect(path, timeout=0, check_same_thread=False,
                                         isolation_level=None)
            _opened += 1
            _watched = (engine, connection, _opened)
        row = _watched[1].execute(statement).fetchone()
        return None if row is None else (_watched[2], row[0])
    except sqlite3.Error:
        return None
    finally:
        _lock.release()


def _close_locked() -> None:
    global _watched

    if _watched is not None:
        _watched[1].close()
        _watched = None


def forget_database() -> None:
    """Close the watching connection (the engine is being disposed)."""
    with _lock:
        _close_locked()
