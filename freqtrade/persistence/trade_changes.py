"""Which trades changed since a given moment, whoever wrote them.

Triggers on ``trades`` and ``orders`` note the id of every trade whose closed-trade history may
have changed in ``ft_trade_changes`` (one row per trade id, holding the *stamp* of its latest
change). They fire for every writer of the database - this bot, a second bot process, a
``sqlite3`` shell, a script - so a reader that remembers a *mark* can ask for exactly the
trades changed since, instead of rescanning the history:

- a trade row inserted closed, updated while closed or when ``is_open`` changes, or deleted;
  updates of open trades (the loop's stoploss and max-rate moves) are not noted;
- any order row inserted, updated or deleted (its trade's filled volume and entry cost).

Stamps and marks:

- SQLite serialises writers, so the stamp is simply one more than the highest stamp, and a
  reader's mark is the highest stamp it has seen: later commits are always above it.
- PostgreSQL commits concurrently, so a counter could be committed out of order. The stamp is
  the writing transaction's id and a reader's mark is the oldest transaction still running
  when it read (its snapshot's ``xmin``): every change not yet visible then carries a stamp at
  or above the mark. A change may be reported twice; readers re-read the trade's current state,
  so that is harmless.

SQLite files also count the writes that can change the open trades' answer (``/status``) in
``ft_open_trades_version``, a one-row table: a trade row inserted, updated or deleted while
open (before or after the write), and an order row written while its trade is open. A reader
that kept an answer with the count may send it again while the count stands, however many
closed trades were written meanwhile.

The tables and triggers are created when the database is opened (``install``); databases
written by freqtrade get them on their first open by this bot. The tables are not models, so
``convert-db`` does not copy them: the target's own triggers fill them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

TABLE = "ft_trade_changes"

_SQLITE_NOTE = (f"INSERT OR REPLACE INTO {TABLE} (trade_id, stamp) VALUES ({{id}}, "
                f"(SELECT COALESCE(MAX(stamp), 0) + 1 FROM {TABLE}));")

# (trigger name, event, WHEN condition or "", trade-id expressions to note)
_SQLITE_TRIGGERS = (
    ("ft_trades_insert_noted", "AFTER INSERT ON trades", "NEW.is_open = 0", ("NEW.id",)),
    ("ft_trades_update_noted", "AFTER UPDATE ON trades",
     "OLD.is_open = 0 OR NEW.is_open = 0 OR OLD.id <> NEW.id", ("OLD.id", "NEW.id")),
    ("ft_trades_delete_noted", "AFTER DELETE ON trades", "", ("OLD.id",)),
    ("ft_orders_insert_noted", "AFTER INSERT ON orders", "", ("NEW.ft_trade_id",)),
    ("ft_orders_update_noted", "AFTER UPDATE ON orders", "",
     ("OLD.ft_trade_id", "NEW.ft_trade_id")),
    ("ft_orders_delete_noted", "AFTER DELETE ON orders", "", ("OLD.ft_trade_id",)),
)

OPEN_TABLE = "ft_open_trades_version"

_OPEN_BUMP = f"UPDATE {OPEN_TABLE} SET n = n + 1 WHERE id = 0;"


def _trade_is_open(trade_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM trades WHERE id = {trade_id} AND is_open = 1)"


# (trigger name, event, WHEN condition): the writes an answer of the open trades depends on
_SQLITE_OPEN_TRIGGERS = (
    ("ft_trades_insert_open", "AFTER INSERT ON trades", "NEW.is_open = 1"),
    ("ft_trades_update_open", "AFTER UPDATE ON trades", "OLD.is_open = 1 OR NEW.is_open = 1"),
    ("ft_trades_delete_open", "AFTER DELETE ON trades", "OLD.is_open = 1"),
    ("ft_orders_insert_open", "AFTER INSERT ON orders", _trade_is_open("NEW.ft_trade_id")),
    ("ft_orders_update_open", "AFTER UPDATE ON orders",
     f"{_trade_is_open('OLD.ft_trade_id')} OR {_trade_is_open('NEW.ft_trade_id')}"),
    ("ft_orders_delete_open", "AFTER DELETE ON orders", _trade_is_open("OLD.ft_trade_id")),
)

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ft_note_trade_change() RETURNS trigger AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_TABLE_NAME = 'trades' THEN
        IF TG_OP = 'INSERT' THEN
            IF NEW.is_open THEN RETURN NULL; END IF;
            ids := ARRAY[NEW.id];
        ELSIF TG_OP = 'UPDATE' THEN
            IF OLD.is_open AND NEW.is_open AND OLD.id = NEW.id THEN RETURN NULL; END IF;
            ids := ARRAY[OLD.id, NEW.id];
        ELSE
            ids := ARRAY[OLD.id];
        END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            ids := ARRAY[NEW.ft_trade_id];
        ELSIF TG_OP = 'UPDATE' THEN
            ids := ARRAY[OLD.ft_trade_id, NEW.ft_trade_id];
        ELSE
            ids := ARRAY[OLD.ft_trade_id];
        END IF;
    END IF;
    INSERT INTO {TABLE} (trade_id, stamp)
        SELECT DISTINCT x, txid_current() FROM unnest(ids) AS x WHERE x IS NOT NULL
        ON CONFLICT (trade_id) DO UPDATE SET stamp = EXCLUDED.stamp;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def _sqlite_statements() -> list[str]:
    statements = [
        f"CREATE TABLE IF NOT EXISTS {TABLE} "
        "(trade_id INTEGER PRIMARY KEY, stamp INTEGER NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_stamp ON {TABLE} (stamp)",
    ]
    for name, when_event, condition, ids in _SQLITE_TRIGGERS:
        body = " ".join(_SQLITE_NOTE.format(id=expr) for expr in ids)
        where = f" WHEN {condition}" if condition else ""
        statements.append(f"CREATE TRIGGER IF NOT EXISTS {name} {when_event} FOR EACH ROW"
                          f"{where} BEGIN {body} END")
    statements += [
        f"CREATE TABLE IF NOT EXISTS {OPEN_TABLE} "
        "(id INTEGER PRIMARY KEY CHECK (id = 0), n INTEGER NOT NULL)",
        f"INSERT OR IGNORE INTO {OPEN_TABLE} (id, n) VALUES (0, 0)",
    ]
    for name, when_event, condition in _SQLITE_OPEN_TRIGGERS:
        statements.append(f"CREATE TRIGGER IF NOT EXISTS {name} {when_event} FOR EACH ROW "
                          f"WHEN {condition} BEGIN {_OPEN_BUMP} END")
    return statements


def _postgres_statements() -> list[str]:
    statements = [
        f"CREATE TABLE IF NOT EXISTS {TABLE} "
        "(trade_id BIGINT PRIMARY KEY, stamp BIGINT NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_stamp ON {TABLE} (stamp)",
        _PG_FUNCTION,
    ]
    for table in ("trades", "orders"):
        name = f"ft_{table}_noted"
        statements.append(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        statements.append(f'CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                          "FOR EACH ROW EXECUTE FUNCTION ft_note_trade_change()")
    return statements


def install(engine: Engine) -> None:
    """Create the change table and its triggers if they are missing (idempotent)."""
    dialect = engine.dialect.name
    if dialect == "sqlite":
        statements = _sqlite_statements()
    elif dialect == "postgresql":
        statements = _postgres_statements()
    else:
        return
    with engine.begin() as conn:
        if dialect == "sqlite":
            _drop_moved_triggers(conn)
        for statement in statements:
            conn.execute(text(statement))


def _drop_moved_triggers(conn: Connection) -> None:
    """Drop our SQLite triggers that now sit on another table, so they are created again on
    the right one: renaming a table (a migration that copies ``trades`` into a new table)
    takes its triggers along, and ``CREATE TRIGGER IF NOT EXISTS`` would then keep them."""
    expected = {name: event.rsplit(" ", 1)[1] for name, event, *_ in
                _SQLITE_TRIGGERS + _SQLITE_OPEN_TRIGGERS}
    found = conn.execute(text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"))
    for name, table in list(found):
        if name in expected and table != expected[name]:
            conn.execute(text(f'DROP TRIGGER "{name}"'))


def supported(connection: Connection | Engine) -> bool:
    """Whether writes on this database are noted (SQLite and PostgreSQL)."""
    return connection.dialect.name in ("sqlite", "postgresql")


@dataclass(frozen=True)
class Changes:
    """Trades changed after ``since`` (a mark), and the mark to ask from next time."""

    trade_ids: frozenset[int]
    mark: int


def current_mark(connection: Connection) -> int:
    """A mark for "now": changes committed later are reported by ``changes_since``.

    Take it *before* reading a full copy of the history, so nothing committed during that read
    is missed (it may be reported again, which re-reads those trades).
    """
    if connection.dialect.name == "postgresql":
        return int(connection.execute(
            text("SELECT txid_snapshot_xmin(txid_current_snapshot())")).scalar_one())
    return int(connection.execute(
        text(f"SELECT COALESCE(MAX(stamp), 0) FROM {TABLE}")).scalar_one())


def changes_since(connection: Connection, mark: int) -> Changes:
    """The trades noted after ``mark``, read in one statement (one snapshot)."""
    rows: list[tuple[Any, Any]]
    if connection.dialect.name == "postgresql":
        rows = [tuple(row) for row in connection.execute(text(
            f"SELECT now_mark.value, c.trade_id FROM "
            f"(SELECT txid_snapshot_xmin(txid_current_snapshot()) AS value) AS now_mark "
            f"LEFT JOIN {TABLE} AS c ON c.stamp >= :mark"), {"mark": mark})]
        new_mark = int(rows[0][0])
    else:
        # on the DBAPI connection: asked before every read that follows a commit, where
        # SQLAlchemy's execution took ten times SQLite's 0.01-0.04 ms
        dbapi: Any = connection.connection.dbapi_connection
        cursor = dbapi.cursor()
        try:
            rows = [(stamp, trade_id) for trade_id, stamp in cursor.execute(
                f"SELECT trade_id, stamp FROM {TABLE} WHERE stamp > ?", (int(mark),))]
        finally:
            cursor.close()
        new_mark = max((stamp for stamp, _ in rows), default=mark)
    ids = frozenset(int(trade_id) for _, trade_id in rows if trade_id is not None)
    return Changes(ids, new_mark)
