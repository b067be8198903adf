"""``trade_custom_data``: typed key/value data strategies attach to trades."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from freqtrade.persistence.base import ModelBase, RowId
from freqtrade.util.clock import dt_now

_SIMPLE = {"bool": bool, "int": int, "float": float, "str": str}


def _naive_now() -> datetime:
    return dt_now().replace(tzinfo=None)


class CustomData(ModelBase):
    __tablename__ = "trade_custom_data"
    __table_args__ = (UniqueConstraint("ft_trade_id", "cd_key", name="_trade_id_cd_key"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    ft_trade_id: Mapped[int | None] = mapped_column(RowId, ForeignKey("trades.id"),
                                                    index=True)
    cd_key: Mapped[str] = mapped_column(String(255), nullable=False)
    cd_type: Mapped[str] = mapped_column(String(25), nullable=False)
    cd_value: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(), nullable=False,
                                                 default=_naive_now)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)

    @property
    def value(self) -> Any:
        """The stored value decoded by its type."""
        if self.cd_type == "bool":
            return self.cd_value.lower() == "true"
        if self.cd_type in ("int", "float", "str"):
            return _SIMPLE[self.cd_type](self.cd_value)
        return json.loads(self.cd_value)


def _encode(value: Any) -> tuple[str, str]:
    kind = type(value).__name__
    if kind == "bool":
        return kind, str(value)
    if kind in ("int", "float", "str"):
        return kind, str(value)
    return kind, json.dumps(value)


def set_custom_data(trade_id: int, key: str, value: Any) -> CustomData:
    session = CustomData.session
    row = session.scalars(select(CustomData).where(CustomData.ft_trade_id == trade_id,
                                                   CustomData.cd_key == key)).first()
    kind, text = _encode(value)
    if row is None:
        row = CustomData(ft_trade_id=trade_id, cd_key=key, cd_type=kind, cd_value=text)
        session.add(row)
    else:
        row.cd_type, row.cd_value, row.updated_at = kind, text, _naive_now()
    session.commit()
    return row


def get_custom_data(trade_id: int, key: str | None = None) -> list[CustomData]:
    query = select(CustomData).where(CustomData.ft_trade_id == trade_id)
    if key is not None:
        query = query.where(CustomData.cd_key.ilike(key))
    return list(CustomData.session.scalars(query.order_by(CustomData.id)).all())
