"""The declarative base shared by all models, with freqtrade's ``Model.session`` attribute."""
from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Integer, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase


class ModelBase(DeclarativeBase):
    """Models expose the scoped session as ``Trade.session`` (strategies use that)."""

    session: ClassVar[Any]


_ID_RANGES = {"postgresql": 2**31, "mysql": 2**31}  # INTEGER columns there are 32 bits wide


class RowId(TypeDecorator):
    """``INTEGER`` for row ids (same DDL as freqtrade's), where a value no row can have never
    reaches the database: PostgreSQL refuses to bind 2**31 to an INTEGER ("integer out of
    range") and SQLite 2**63. Such a value is bound as NULL, so a lookup finds nothing (an
    insert of it is refused by NOT NULL)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        limit = _ID_RANGES.get(dialect.name, 2**63)
        if isinstance(value, int) and not -limit <= value < limit:
            return None
        return value
