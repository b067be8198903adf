"""Whether a session holds writes to the trade history that it has not committed yet.

The closed-trade ledger (``freqtrade.ledger``) reads committed data only, on a connection of
its own. A caller whose own session has just closed a trade but not committed it (the bot
thread between a fill and its commit) must not mix the two views, so it asks ``pending`` and
then reads through its session instead.

A session counts as pending from the first flush that touches an ``Order`` or ``Trade``
(except the loop's updates of still-open trades: max rate, stoploss) or the first INSERT /
UPDATE / DELETE statement on ``trades`` or ``orders`` it executes, until it commits or rolls
back.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.attributes import get_history

_FLAG = "ft_history_pending"
_TABLES = ("trades", "orders")
_installed = False


def _touches_history(session: Session) -> bool:
    from freqtrade.persistence.trade_model import Order, Trade

    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Order | Trade):
            return True
    for obj in session.dirty:
        if isinstance(obj, Order):
            return True
        # get_history of the one attribute: ``inspect(obj).attrs`` would build a state for
        # each of the trade's 80 attributes first (25 ms per flush of 100 moved max rates)
        if isinstance(obj, Trade) and (
                not obj.is_open or get_history(obj, "is_open").has_changes()):
            return True
    return False


def pending(session: Session) -> bool:
    """Uncommitted (flushed or not yet flushed) history writes in ``session``."""
    return bool(session.info.get(_FLAG)) or _touches_history(session)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if _touches_history(session):
        session.info[_FLAG] = True


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    statement = state.statement
    table = getattr(statement, "table", None)  # INSERT / UPDATE / DELETE constructs
    if table is not None:
        touched = getattr(table, "name", None) in _TABLES
    else:
        text = str(getattr(statement, "text", "")).lstrip()
        touched = text[:6].upper() in ("INSERT", "UPDATE", "DELETE") and \
            any(name in text.lower() for name in _TABLES)
    if touched:
        state.session.info[_FLAG] = True


def _settled(session: Session, *_args: Any) -> None:
    session.info.pop(_FLAG, None)


def install() -> None:
    """Watch every ORM session (once per process)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "after_commit", _settled)
    event.listen(Session, "after_soft_rollback", _settled)
    _installed = True
