"""Results derived from the closed-trade history, kept until that history changes.

Closed trades rarely change, while every endpoint that aggregates them (``/profit``,
``/performance``, ``/stats``, ``/balance``, ...) would otherwise rescan the whole table on each
request. A process-wide *generation* counter moves whenever something that may affect those
results is written through this process's engine:

- an ORM flush that inserts, updates or deletes an ``Order``, inserts or deletes a ``Trade``,
  or updates a ``Trade`` that is closed or whose ``is_open`` changed (the bot loop's updates of
  open trades - max rate, stoploss - leave it alone);
- any other INSERT/UPDATE/DELETE statement on ``trades`` or ``orders`` (Core, bulk ORM, raw
  SQL) that does not come from a flush;
- and again when such a transaction commits, so a reader that computed a result from the data
  committed before cannot keep it under the new generation.

``cached(key, compute)`` returns the value computed under the current generation, computing
it (outside any lock) when the generation moved. Writes made by *other processes* are not
seen: the database belongs to one bot, as in freqtrade; ``invalidate()`` drops everything.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

T = TypeVar("T")

_lock = threading.Lock()
_generation = 0
_values: dict[Any, tuple[int, Any]] = {}
_flushing = threading.local()
_DIRTY = "ft_history_dirty"
_TABLES = ("trades", "orders")


def generation() -> int:
    return _generation


def invalidate() -> None:
    """Move the generation: every cached value is recomputed on next use."""
    global _generation
    with _lock:
        _generation += 1
        _values.clear()


def cached(key: Any, compute: Callable[[], T]) -> T:
    """The value of ``compute()`` for ``key`` under the current generation."""
    current = _generation
    hit = _values.get(key)
    if hit is not None and hit[0] == current:
        return hit[1]
    value = compute()
    with _lock:
        if current == _generation:
            _values[key] = (current, value)
    return value


def _history_touched(session: Session) -> bool:
    from freqtrade.persistence.trade_model import Order, Trade

    for obj in session.new:
        if isinstance(obj, Order | Trade):
            return True
    for obj in session.deleted:
        if isinstance(obj, Order | Trade):
            return True
    for obj in session.dirty:
        if isinstance(obj, Order):
            return True
        if isinstance(obj, Trade):
            if not obj.is_open or inspect(obj).attrs.is_open.history.has_changes():
                return True
    return False


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    _flushing.active = True


def _after_flush(session: Session, _context: Any) -> None:
    if _history_touched(session):
        session.connection().info[_DIRTY] = True
        invalidate()


def _after_flush_postexec(session: Session, _context: Any) -> None:
    _flushing.active = False


def _after_rollback(session: Session) -> None:
    _flushing.active = False


def _before_cursor_execute(conn, _cursor, statement: str, _params, _context,
                           _executemany) -> None:
    if getattr(_flushing, "active", False):
        return
    head = statement.lstrip()[:6].upper()
    if head not in ("INSERT", "UPDATE", "DELETE"):
        return
    lowered = statement.lower()
    if any(table in lowered for table in _TABLES):
        conn.info[_DIRTY] = True
        invalidate()


def _on_commit(conn) -> None:
    if conn.info.pop(_DIRTY, False):
        invalidate()


def _on_rollback(conn) -> None:
    if conn.info.pop(_DIRTY, False):
        invalidate()


_session_hooks_installed = False


def install(engine: Engine) -> None:
    """Watch ``engine`` (and, once per process, every ORM session) for history writes."""
    global _session_hooks_installed
    with _lock:
        if not _session_hooks_installed:
            event.listen(Session, "before_flush", _before_flush)
            event.listen(Session, "after_flush", _after_flush)
            event.listen(Session, "after_flush_postexec", _after_flush_postexec)
            event.listen(Session, "after_soft_rollback", lambda s, _t: _after_rollback(s))
            _session_hooks_installed = True
    event.listen(engine, "before_cursor_execute", _before_cursor_execute)
    event.listen(engine, "commit", _on_commit)
    event.listen(engine, "rollback", _on_rollback)
    invalidate()
