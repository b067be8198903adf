"""Bring an existing database up to our models without touching freqtrade's data.

Only additive changes: missing tables are created, missing columns are added as nullable
(with a default where freqtrade declares NOT NULL), missing indexes created. Our schema
version lives in our own table ``ft_schema_version``, so freqtrade ignores it.
"""
from __future__ import annotations

import logging

from sqlalchemy import Integer, inspect, literal, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from freqtrade.persistence.base import ModelBase

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1

# defaults for NOT NULL columns older freqtrade databases may lack, rendered as literals of
# the column's type (PostgreSQL refuses ``BOOLEAN DEFAULT 0``)
_COLUMN_DEFAULTS = {"is_stop_loss_trailing": False, "is_short": False, "interest_rate": 0.0,
                    "record_version": 0, "leverage": 1.0, "bot_managed": True}


class SchemaVersion(ModelBase):
    __tablename__ = "ft_schema_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)


def _add_missing_columns(engine: Engine) -> None:
    inspector = inspect(engine)
    existing_tables = set(inspector.get_table_names())
    for table in ModelBase.metadata.sorted_tables:
        if table.name not in existing_tables:
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            ddl_type = column.type.compile(dialect=engine.dialect)
            clause = ""
            if column.name in _COLUMN_DEFAULTS:
                value = literal(_COLUMN_DEFAULTS[column.name], column.type)
                clause = " DEFAULT " + str(value.compile(
                    dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
            logger.info("Migrating database: adding %s.%s", table.name, column.name)
            with engine.begin() as conn:
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" '
                                  f"{ddl_type}{clause}"))


def get_schema_version(engine: Engine) -> int | None:
    if "ft_schema_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT MAX(version) FROM ft_schema_version")).scalar()


def _add_missing_indexes(engine: Engine) -> None:
    """Our indexes on tables that already existed (a freqtrade file has only its own two):
    create_all skips them, and without them the history queries scan every trade."""
    existing = {table: {ix["name"] for ix in inspect(engine).get_indexes(table)}
                for table in inspect(engine).get_table_names()}
    for table in ModelBase.metadata.sorted_tables:
        for index in table.indexes:
            if index.name not in existing.get(table.name, set()):
                logger.info("Adding index %s to %s.", index.name, table.name)
                index.create(bind=engine, checkfirst=True)


def check_migrate(engine: Engine) -> None:
    """Create missing tables/indexes, add missing columns, record our schema version."""
    from freqtrade.persistence import (  # noqa: F401  (register every model)
        audit_log,
        custom_data,
        key_value_store,
        pairlock,
        revoked_session,
        trade_model,
        wallet_history,
    )

    _add_missing_columns(engine)
    ModelBase.metadata.create_all(engine)  # tables (with their indexes) that do not exist yet
    _add_missing_indexes(engine)
    version = get_schema_version(engine)
    if version != SCHEMA_VERSION:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM ft_schema_version"))
            conn.execute(text("INSERT INTO ft_schema_version (version) VALUES (:v)"),
                         {"v": SCHEMA_VERSION})
