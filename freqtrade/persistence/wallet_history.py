"""``wallet_history``: one row per day and currency, behind ``/historic_balance``."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from freqtrade.persistence.base import ModelBase, RowId


class WalletHistory(ModelBase):
    __tablename__ = "wallet_history"
    __table_args__ = (UniqueConstraint("timestamp", "currency", name="unique_wallet_daily"),)

    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    timestamp: Mapped[datetime] = mapped_column(DateTime(), nullable=False, index=True)
    currency: Mapped[str] = mapped_column(String(25), nullable=False)
    rate: Mapped[float | None] = mapped_column(Float(), nullable=True)
    quote_currency: Mapped[str] = mapped_column(String(25), nullable=False)
    balance: Mapped[float] = mapped_column(Float(), nullable=False)
    total_quote: Mapped[float | None] = mapped_column(Float(), nullable=True)
    total_position_value: Mapped[float | None] = mapped_column(Float(), nullable=True)
    collateral: Mapped[float | None] = mapped_column(Float(), nullable=True)
    leverage: Mapped[float] = mapped_column(Float(), nullable=False, default=1.0)
    bot_managed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
