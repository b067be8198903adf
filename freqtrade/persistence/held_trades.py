"""The open trades of a session, read once per unit of work and then reused.

One loop iteration asks for the open trades five or six times (whitelist, pairs, orders,
exits, entries, wallets). Building 100 trades with their orders from their rows each time was
most of an iteration's database time, and the objects of one ask were usually gone by the
next: a trade and its orders refer to each other, so they live until the cycle collector
runs, which the next load's allocations trigger. Here a session keeps the open trades it read
(``Session.info``, dropped with the session at the end of the unit of work), and a later ask
reads only the open trades' ids: trades the session still holds unexpired are the very
objects a full query would give back (it does not overwrite loaded objects), the others are
loaded. A commit expires every object, so the first ask after one loads them all again.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

HELD = "open_trades"  # Session.info key: the last open trades this session read


def open_trades(session: Session, trade_class: Any) -> list[Any]:
    """``select(Trade).where(is_open).order_by(id)`` as the ORM answers it, building only
    trades this session does not hold loaded (the id query autoflushes as the full one)."""
    ids = session.scalars(select(trade_class.id).where(trade_class.is_open.is_(True))
                          .order_by(trade_class.id)).all()
    held = session.identity_map
    found: dict[int, Any] = {}
    for trade_id in ids:
        trade = held.get(identity_key(trade_class, trade_id))
        if trade is not None and not sa_inspect(trade).expired_attributes:
            found[trade_id] = trade
    missing = [trade_id for trade_id in ids if trade_id not in found]
    if missing:
        for trade in session.scalars(select(trade_class).where(trade_class.id.in_(missing))):
            found[trade.id] = trade
    # a trade deleted between the two reads is left out, as a query after it would
    result = [found[trade_id] for trade_id in ids if trade_id in found]
    session.info[HELD] = result
    return result


def nothing_to_commit(session: Session) -> bool:
    """True when a commit of ``session`` would write nothing: no pending object changes
    and, on SQLite, no write begun on its connection (pysqlite begins a transaction only
    before a write). Such a commit would only expire every loaded object, and the next ask
    for the open trades would build them all again from unchanged rows. Other databases
    cannot tell cheaply: False."""
    if session.new or session.dirty or session.deleted:
        return False
    if session.get_transaction() is None:
        return True
    connection = session.connection()
    dbapi: Any = connection.connection.dbapi_connection
    if connection.dialect.name != "sqlite" or dbapi is None:
        return False
    return not dbapi.in_transaction
