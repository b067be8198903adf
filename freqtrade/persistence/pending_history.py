"""Whether a session holds writes to the trade history that it has not committed yet.

The closed-trade ledger (``freqtrade.ledger``) reads committed data only, on a connection of
its own. A caller whose own session has just closed a trade but not committed it (the bot
thread between a fill and its commit) must not mix the two views, so it asks ``pending`` and
then reads through its session instead.

A session counts as pending from the first flush that touches an ``Order`` or ``Trade``
(except the loop's updates of still-open trades: max rate, stoploss) or the first INSERT /
UPDATE / DELETE statement on ``trades`` or ``orders`` it executes, until it commits or rolls
back.

It also knows which trade rows it wrote (``written_trade_ids``), so a reader can take the
committed figures of every other trade and only these trades' rows through the session.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.attributes import get_history

_FLAG = "ft_history_pending"
# ids of the trade rows the session flushed since it last committed; None once a statement
# wrote trade rows without naming them (an INSERT / UPDATE / DELETE construct or text)
_WRITTEN = "ft_history_trade_ids"
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


def written_trade_ids(session: Session) -> frozenset[int] | None:
    """Ids of the trade rows (inserted, updated, deleted) that ``session`` flushed since it
    last committed or rolled back; None when a statement wrote trade rows without naming
    them. Orders are not counted. Flush first: what is not flushed yet is not in it."""
    written = session.info.get(_WRITTEN, frozenset())
    return None if written is None else frozenset(written)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if _touches_history(session):
        session.info[_FLAG] = True


def _after_flush(session: Session, _context: Any) -> None:
    """Note the flushed trades' ids (the session's lists still hold what was flushed, and
    new rows have their ids now)."""
    from freqtrade.persistence.trade_model import Trade

    written = session.info.get(_WRITTEN, set())
    if written is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Trade) and obj.id is not None:
            written.add(obj.id)
    session.info[_WRITTEN] = written


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    statement = state.statement
    table = getattr(statement, "table", None)  # INSERT / UPDATE / DELETE constructs
    if table is not None:
        names = {getattr(table, "name", None)}
    else:
        text = str(getattr(statement, "text", "")).lstrip()
        names = {name for name in _TABLES if name in text.lower()} \
            if text[:6].upper() in ("INSERT", "UPDATE", "DELETE") else set()
    if names & set(_TABLES):
        state.session.info[_FLAG] = True
    if "trades" in names:  # which rows it wrote is not known
        state.session.info[_WRITTEN] = None


def _settled(session: Session, *_args: Any) -> None:
    session.info.pop(_FLAG, None)
    session.info.pop(_WRITTEN, None)


def install() -> None:
    """Watch every ORM session (once per process)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "after_commit", _settled)
    event.listen(Session, "after_soft_rollback", _settled)
    _installed = True
