"""Copy a whole bot database into another one, e.g. a SQLite file into PostgreSQL.

Rows keep their ids (orders point at trades, custom data at trades). After rows are inserted
with explicit ids, PostgreSQL's id sequences still stand at 1, so the next trade the bot
opens would collide with copied trade 1: each sequence is moved past the highest copied id.
The target must hold no trades yet, so a copy never mixes two histories.
"""
from __future__ import annotations

import logging

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine

from freqtrade.exceptions import OperationalException
from freqtrade.persistence.base import ModelBase

logger = logging.getLogger(__name__)

BATCH_ROWS = 5_000


def _copy_table(source: Engine, target: Engine, table, present: set[str]) -> int:
    columns = [column for column in table.columns if column.name in present]
    copied = 0
    with source.connect() as reading, target.begin() as writing:
        result = reading.execution_options(stream_results=True).execute(
            select(*columns).order_by(*table.primary_key.columns))
        while rows := result.fetchmany(BATCH_ROWS):
            writing.execute(table.insert(), [dict(row._mapping) for row in rows])
            copied += len(rows)
    return copied


def reset_sequences(engine: Engine) -> None:
    """Move each table's id sequence past its highest id (PostgreSQL; others need nothing)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in ModelBase.metadata.sorted_tables:
            if "id" not in table.columns or not table.c.id.primary_key:
                continue
            sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                    {"t": f'"{table.name}"'}).scalar()
            highest = conn.execute(select(func.max(table.c.id))).scalar()
            if sequence and highest:
                conn.execute(text("SELECT setval(:s, :v)"), {"s": sequence, "v": highest})


def copy_database(source: Engine, target: Engine) -> dict[str, int]:
    """Copy every table of ours from ``source`` into ``target`` (both already migrated).

    Returns the number of rows copied per table.
    """
    from freqtrade.persistence.trade_model import Trade

    with target.connect() as conn:
        if conn.execute(select(func.count()).select_from(Trade.__table__)).scalar():
            raise OperationalException(
                "The target database already holds trades: copy only into an empty database.")
    source_tables = set(inspect(source).get_table_names())
    counts: dict[str, int] = {}
    for table in ModelBase.metadata.sorted_tables:  # parents before children
        if table.name not in source_tables or table.name == "ft_schema_version":
            continue
        with target.begin() as conn:  # e.g. the first-start facts written when it was opened
            conn.execute(table.delete())
        present = {column["name"] for column in inspect(source).get_columns(table.name)}
        counts[table.name] = _copy_table(source, target, table, present)
        logger.info("Copied %d rows of %s.", counts[table.name], table.name)
    reset_sequences(target)
    return counts


def copy_database_url(source_url: str, target_url: str) -> dict[str, int]:
    """``copy_database`` between two database URLs (each opened and migrated first)."""
    from freqtrade.persistence.db import open_engine

    source = open_engine(source_url)
    try:
        target = open_engine(target_url)
        try:
            return copy_database(source, target)
        finally:
            target.dispose()
    finally:
        source.dispose()
