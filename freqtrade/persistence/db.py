"""Engine and session set-up: SQLite (rollback journal, busy timeout, foreign keys) or
PostgreSQL.

SQLite files use SQLite's default rollback journal, as freqtrade does, never WAL: a commit
writes the trade into the main database file itself. In WAL mode committed data sits in
``<file>-wal`` beside it until a checkpoint, so a setup that mounts only the main file (the
usual single-file Docker volume) or copies only it loses every trade since the last
checkpoint, and other programs reading the file see none of them. A file left in WAL mode
(by an earlier version of this bot or another tool) is switched back when it is opened,
which also moves what its WAL holds into the main file. Readers and the writer wait for each
other's locks for up to ``SQLITE_BUSY_TIMEOUT_MS`` instead of failing with "database is
locked"; reads run outside transactions (pysqlite starts one only before a write), so a reader
holds its lock only while its statement runs.

Sessions are thread-local (``scoped_session``): the bot thread and each API worker thread get
their own. A thread ends its unit of work with ``remove_session()`` so the next one starts
with fresh objects.
"""
from __future__ import annotations

import importlib.util
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Select, create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool

from freqtrade.exceptions import OperationalException
from freqtrade.persistence import pending_history, trade_changes
from freqtrade.persistence.base import ModelBase
from freqtrade.persistence.data_version import forget_database

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# pooled connections kept open: the trading loop's, one per API worker thread
# (freqtrade.api.app: API_WORKER_THREADS + BOT_CALL_THREADS) and spares; up to 10 more open
# when all are in use
POOL_SIZE = 20
_engine: Engine | None = None
_session_registry: scoped_session | None = None
_lock = threading.Lock()


def _masked(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _leave_wal_mode(engine: Engine, db_url: str) -> None:
    """Switch a SQLite file in WAL mode to the rollback journal (its WAL is folded in).

    Runs on the engine's first connection, before any other is open: leaving WAL mode needs
    the only connection to the file. When another program holds the file open the switch
    cannot happen; the bot then runs in WAL mode and says so.
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            return
        try:
            mode = cursor.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError as exc:
            mode = f"wal ({exc})"
        if str(mode).lower() == "delete":
            logger.info("Database %s switched from WAL to the rollback journal: every commit "
                        "now lands in the main file.", _masked(db_url))
        else:
            logger.warning("Database %s stays in WAL mode (%s): another program has it open. "
                           "Committed trades may sit in its -wal file until this bot is "
                           "restarted with the file free.", _masked(db_url), mode)
    finally:
        raw.close()


def _installed_postgres_driver(url: URL) -> URL:
    """A freqtrade config's ``postgresql+psycopg2://`` URL, with only psycopg 3 installed (what
    ``pip install 'freqtrade[postgres]'`` brings), uses psycopg 3: the same server, the same
    tables, so the config works unchanged."""
    if url.drivername != "postgresql+psycopg2" or importlib.util.find_spec("psycopg2"):
        return url
    if importlib.util.find_spec("psycopg") is None:
        return url
    logger.info("psycopg2 is not installed: using psycopg (3) for %s.",
                url.render_as_string(hide_password=True))
    return url.set(drivername="postgresql+psycopg")


def _create_engine(db_url: str) -> Engine:
    try:
        url = make_url(db_url)
    except ArgumentError as exc:
        raise OperationalException(f"Invalid database URL {_masked(db_url)}: {exc}") from None
    url = _installed_postgres_driver(url)
    kwargs: dict = {}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False,
                                  "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if url.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    if "poolclass" not in kwargs:
        kwargs["pool_size"] = POOL_SIZE
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError, ArgumentError) as exc:
        raise OperationalException(
            f"Cannot use database {_masked(db_url)}: {exc}. For PostgreSQL install the driver "
            "with `pip install 'freqtrade[postgres]'`.") from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if url.database not in (None, "", ":memory:"):
            try:
                _leave_wal_mode(engine, db_url)
            except (sqlite3.Error, OperationalError) as exc:
                engine.dispose()
                raise OperationalException(
                    f"Could not open database {_masked(db_url)}: "
                    f"{getattr(exc, 'orig', None) or exc}") from None
    return engine


def open_engine(db_url: str) -> Engine:
    """An engine on the database of ``db_url``, created or migrated to our tables."""
    from freqtrade.persistence.migrations import check_migrate

    engine = _create_engine(db_url)
    try:
        check_migrate(engine)
        trade_changes.install(engine)
    except DBAPIError as exc:  # the server refused the connection or the migration
        engine.dispose()
        raise OperationalException(
            f"Could not open database {_masked(db_url)}: "
            f"{' '.join(str(exc.orig).split())}") from None
    return engine


def init_db(db_url: str) -> None:
    """Open (or create) the database, migrate it, and set up thread-local sessions."""
    global _engine, _session_registry

    with _lock:
        if _engine is not None:
            _close_locked()
        engine = open_engine(db_url)
        pending_history.install()
        registry = scoped_session(sessionmaker(bind=engine, autoflush=True))
        ModelBase.session = registry
        _engine, _session_registry = engine, registry
    logger.info("Database ready: %s", _masked(db_url))


def get_engine() -> Engine:
    if _engine is None:
        raise OperationalException("Database not initialised: call init_db() first.")
    return _engine


def database_open() -> bool:
    """Whether ``init_db`` has opened a database (webserver mode never does)."""
    return _session_registry is not None


def get_session() -> Session:
    """The calling thread's session."""
    if _session_registry is None:
        raise OperationalException("Database not initialised: call init_db() first.")
    return _session_registry()


def remove_session() -> None:
    """End the calling thread's session (rolls back anything uncommitted)."""
    if _session_registry is not None:
        _session_registry.remove()


def fetch_rows(statement: Select, connection: Connection | None = None
               ) -> Sequence[Sequence[Any]]:
    """All rows of a Core SELECT as plain tuples, on ``connection`` or this thread's session.

    On SQLite the compiled statement runs on the session's own DBAPI connection, skipping
    SQLAlchemy's per-row result processing (about 2.5 µs a row: most of the time of reading
    100k closed trades). Column values come back as the driver returns them, so callers
    select dates as text. Other databases take the normal path.
    """
    if connection is None:
        connection = get_session().connection()
    dbapi = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" \
        else None
    if dbapi is None:
        return [tuple(row) for row in connection.execute(statement)]
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"render_postcompile": True})
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = dbapi.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


class _IdStatementTexts:
    """SQLite text and parameters of a SELECT with an expanding ``ids`` parameter, per
    statement object and number of ids, compiled once.

    A close re-reads one or two trades: SQLAlchemy's expanding ``IN``, compile-cache lookup
    and row processing took 0.4-0.5 ms a statement there, against 0.02-0.07 ms of SQLite's
    own. The statements are module constants, kept by identity (held here, so an id cannot
    be reused); the id positions among the parameters are found by compiling with
    sentinel values, so no parameter naming is relied on."""

    MAXSIZE = 256

    def __init__(self) -> None:
        self._texts: dict[tuple[int, int], tuple[Select, str, list[Any], list[int]]] = {}
        self._lock = threading.Lock()

    def get(self, statement: Select, count: int, dialect: Any
            ) -> tuple[str, list[Any], list[int]]:
        """(SQL text, parameter values, index of the id for each parameter or -1)."""
        key = (id(statement), count)
        with self._lock:
            found = self._texts.get(key)
        if found is not None and found[0] is statement:
            return found[1], found[2], found[3]
        sentinels = [_SENTINEL_BASE - index for index in range(count)]
        expanded = statement.compile(dialect=dialect).construct_expanded_state(
            {"ids": sentinels})
        values = list(expanded.positional_parameters or ())
        slots = [_SENTINEL_BASE - value
                 if isinstance(value, int) and 0 <= _SENTINEL_BASE - value < count else -1
                 for value in values]
        if sorted(slot for slot in slots if slot >= 0) != list(range(count)):
            raise ValueError("statement has no expanding 'ids' parameter")
        with self._lock:
            if len(self._texts) >= self.MAXSIZE:
                self._texts.clear()
            self._texts[key] = (statement, expanded.statement, values, slots)
        return expanded.statement, values, slots


_SENTINEL_BASE = -(2 ** 62)  # far below any trade id; the ids are sentinel - 0 .. - (n-1)
_ID_TEXTS = _IdStatementTexts()


def fetch_rows_for_ids(statement: Select, connection: Connection, ids: Sequence[int]
                       ) -> Sequence[Sequence[Any]]:
    """The rows of ``statement`` (a Core SELECT with ``bindparam("ids", expanding=True)``)
    for ``ids``, as plain tuples with values as the driver returns them (as ``fetch_rows``).

    On SQLite the text for this many ids is compiled once and runs on the DBAPI
    connection; other databases take SQLAlchemy's normal path."""
    ids = [int(trade_id) for trade_id in ids]
    if connection.dialect.name != "sqlite" or not ids:
        return [tuple(row) for row in connection.execute(statement, {"ids": ids})]
    sql, values, slots = _ID_TEXTS.get(statement, len(ids), connection.dialect)
    params = [ids[slot] if slot >= 0 else value
              for value, slot in zip(values, slots, strict=True)]
    dbapi: Any = connection.connection.dbapi_connection  # sqlite3's: a SQLite engine
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


@contextmanager
def session_scope() -> Iterator[None]:
    """One unit of work in this thread: whatever session the work opens is removed afterwards.

    Worker threads are pooled and long-lived; a session left open keeps a pooled connection
    checked out for the thread's lifetime. Opening nothing (no database yet) is fine.
    """
    try:
        yield
    finally:
        remove_session()


def _close_locked() -> None:
    global _engine, _session_registry
    forget_database()
    if _session_registry is not None:
        _session_registry.remove()
    if _engine is not None:
        _engine.dispose()
    _engine = None
    _session_registry = None


def close_db() -> None:
    """Dispose the engine (clean shutdown: every connection to the file is closed)."""
    with _lock:
        _close_locked()
