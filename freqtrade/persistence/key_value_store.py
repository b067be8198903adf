"""``KeyValueStore``: small typed facts about the bot, e.g. its first start time."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Double, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from freqtrade.persistence.base import ModelBase, RowId
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc

ValueTypes = str | datetime | float | int


class KeyValueStore(ModelBase):
    __tablename__ = "KeyValueStore"

    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    key: Mapped[str] = mapped_column(String(50), nullable=False, index=True)
    value_type: Mapped[str] = mapped_column(String(20), nullable=False)
    string_value: Mapped[str | None] = mapped_column(String(255), nullable=True)
    datetime_value: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    float_value: Mapped[float | None] = mapped_column(Double(), nullable=True)
    int_value: Mapped[int | None] = mapped_column(Integer, nullable=True)

    @classmethod
    def _row(cls, key: str) -> KeyValueStore | None:
        return cls.session.scalars(select(cls).where(cls.key == key)).first()

    @classmethod
    def store_value(cls, key: str, value: ValueTypes) -> None:
        row = cls._row(key) or cls(key=key)
        row.string_value = row.datetime_value = row.float_value = row.int_value = None
        if isinstance(value, str):
            row.value_type, row.string_value = "str", value
        elif isinstance(value, datetime):
            row.value_type = "datetime"
            row.datetime_value = as_utc(value).replace(tzinfo=None)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"Unsupported value type for {key}: {type(value).__name__}")
        elif isinstance(value, int):
            row.value_type, row.int_value = "int", value
        else:
            row.value_type, row.float_value = "float", value
        cls.session.add(row)
        cls.session.commit()

    @classmethod
    def get_value(cls, key: str) -> ValueTypes | None:
        row = cls._row(key)
        if row is None:
            return None
        if row.value_type == "str":
            return row.string_value
        if row.value_type == "datetime":
            return as_utc(row.datetime_value) if row.datetime_value else None
        if row.value_type == "float":
            return row.float_value
        if row.value_type == "int":
            return row.int_value
        raise ValueError(f"Unknown value type {row.value_type} for {key}")

    @classmethod
    def get_string_value(cls, key: str) -> str | None:
        value = cls.get_value(key)
        return value if isinstance(value, str) else None

    @classmethod
    def get_datetime_value(cls, key: str) -> datetime | None:
        value = cls.get_value(key)
        return value if isinstance(value, datetime) else None

    @classmethod
    def get_float_value(cls, key: str) -> float | None:
        value = cls.get_value(key)
        return float(value) if isinstance(value, (int, float)) else None

    @classmethod
    def get_int_value(cls, key: str) -> int | None:
        value = cls.get_value(key)
        return value if isinstance(value, int) else None

    @classmethod
    def delete_value(cls, key: str) -> None:
        row = cls._row(key)
        if row is not None:
            cls.session.delete(row)
            cls.session.commit()

    @classmethod
    def set_startup_time(cls) -> None:
        """Remember the first-ever start of this bot (kept across restarts). A database that
        already holds trades without it started with its first trade."""
        if cls.get_datetime_value("bot_start_time") is None:
            from freqtrade.persistence.trade_model import Trade

            first = cls.session.scalar(select(func.min(Trade.open_date)))
            cls.store_value("bot_start_time", first if first is not None else dt_now())
        cls.store_value("startup_time", dt_now())
