"""The declarative base shared by all models, with freqtrade's ``Model.session`` attribute."""
from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy.orm import DeclarativeBase


class ModelBase(DeclarativeBase):
    """Models expose the scoped session as ``Trade.session`` (strategies use that)."""

    session: ClassVar[Any]
