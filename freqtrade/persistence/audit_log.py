"""``ApiAuditEntry``: one row per state-changing API call, newest ``max_entries`` kept.

A table of its own (``ft_api_audit_log``) beside freqtrade's; freqtrade ignores it. Times are
stored as naive UTC, like every date in the file. ``parameters`` is a JSON object (as text) the
caller has already stripped of secrets.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from freqtrade.persistence.base import ModelBase
from freqtrade.persistence.db import get_session
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc

DEFAULT_MAX_ENTRIES = 10_000
_LIMITS = {"username": 255, "address": 64, "method": 10, "route": 255}


class ApiAuditEntry(ModelBase):
    __tablename__ = "ft_api_audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    timestamp: Mapped[datetime] = mapped_column(DateTime(), nullable=False)
    username: Mapped[str] = mapped_column(String(255), nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False)
    method: Mapped[str] = mapped_column(String(10), nullable=False)
    route: Mapped[str] = mapped_column(String(255), nullable=False)
    parameters: Mapped[str] = mapped_column(Text(), nullable=False)
    status: Mapped[int] = mapped_column(Integer, nullable=False)

    def to_json(self) -> dict[str, Any]:
        when = as_utc(self.timestamp)
        return {
            "id": self.id, "date": when.strftime("%Y-%m-%d %H:%M:%S"),
            "timestamp": int(when.timestamp() * 1000), "username": self.username,
            "address": self.address, "method": self.method, "route": self.route,
            "parameters": _parsed(self.parameters), "status": self.status,
        }


def _int_or_text(digits: str) -> int | str:
    """Integers a JSON answer can carry (64 bits) as numbers, larger ones as their digits."""
    value = int(digits)
    return value if -2**63 <= value < 2**64 else digits


def _parsed(text: str) -> dict[str, Any]:
    """The stored parameters; a row not written by ``record_call`` shows its raw text."""
    try:
        value = json.loads(text, parse_int=_int_or_text)
    except ValueError:
        return {"raw": text}
    return value if isinstance(value, dict) else {"raw": value}


def record_call(*, username: str, address: str, method: str, route: str, parameters: str,
                status: int, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
    """Store one call and drop the rows beyond the newest ``max_entries`` (one commit)."""
    values = {"username": username, "address": address, "method": method, "route": route}
    clipped = {key: value[:_LIMITS[key]] for key, value in values.items()}
    session = get_session()  # OperationalException while no database is open
    entry = ApiAuditEntry(timestamp=dt_now().replace(tzinfo=None), parameters=parameters,
                          status=status, **clipped)
    session.add(entry)
    session.flush()  # assigns the id; ids only grow, so older rows have smaller ones
    session.execute(delete(ApiAuditEntry).where(ApiAuditEntry.id <= entry.id - max_entries))
    session.commit()


def latest_calls(limit: int) -> list[dict[str, Any]]:
    """The newest ``limit`` calls, newest first."""
    rows = get_session().scalars(
        select(ApiAuditEntry).order_by(ApiAuditEntry.id.desc()).limit(limit))
    return [row.to_json() for row in rows]
