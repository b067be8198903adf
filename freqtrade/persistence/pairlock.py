"""Pair locks (``pairlocks``): block entries on a pair, one side, or everything (``*``)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, String, select
from sqlalchemy.orm import Mapped, mapped_column

from freqtrade.persistence.base import ModelBase, RowId
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc, dt_ts, format_date
from freqtrade.util.timeframes import timeframe_to_next_date


def _naive(dt: datetime) -> datetime:
    return as_utc(dt).replace(tzinfo=None)


class PairLock(ModelBase):
    __tablename__ = "pairlocks"

    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    pair: Mapped[str] = mapped_column(String(25), nullable=False, index=True)
    side: Mapped[str] = mapped_column(String(25), nullable=False, default="*")
    reason: Mapped[str | None] = mapped_column(String(255), nullable=True)
    lock_time: Mapped[datetime] = mapped_column(DateTime(), nullable=False)
    lock_end_time: Mapped[datetime] = mapped_column(DateTime(), nullable=False, index=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, index=True)

    def __repr__(self) -> str:
        return (f"PairLock(id={self.id}, pair={self.pair}, side={self.side}, "
                f"until={self.lock_end_time}, active={self.active})")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pair": self.pair,
            "lock_time": format_date(self.lock_time),
            "lock_timestamp": dt_ts(self.lock_time),
            "lock_end_time": format_date(self.lock_end_time),
            "lock_end_timestamp": dt_ts(self.lock_end_time),
            "reason": self.reason,
            "side": self.side,
            "active": self.active,
        }


def lock_pair(pair: str, until: datetime, reason: str | None = None, side: str = "*",
              now: datetime | None = None) -> PairLock:
    """Create and commit a lock from ``now`` until ``until``."""
    lock = PairLock(pair=pair, side=side, reason=reason, active=True,
                    lock_time=_naive(now or dt_now()), lock_end_time=_naive(until))
    session = PairLock.session
    session.add(lock)
    session.commit()
    return lock


def lock_pair_to_candle(pair: str, until: datetime, timeframe: str, reason: str | None = None,
                        side: str = "*", now: datetime | None = None) -> PairLock:
    """Lock until the open of the candle after ``until`` (never mid-candle, as freqtrade).

    An active lock of the same pair, side, reason and end is reused rather than duplicated.
    """
    end = timeframe_to_next_date(timeframe, until)
    for lock in get_pair_locks(pair, now, side):
        if lock.reason == reason and lock.side == side and as_utc(lock.lock_end_time) == end:
            return lock
    return lock_pair(pair, end, reason, side=side, now=now)


def get_pair_locks(pair: str | None, now: datetime | None = None,
                   side: str | None = None) -> list[PairLock]:
    """Active, unexpired locks; ``side`` matches that side or ``*``; ``pair`` None = all."""
    now_naive = _naive(now or dt_now())
    query = select(PairLock).where(PairLock.active.is_(True),
                                   PairLock.lock_end_time > now_naive)
    if pair:
        query = query.where(PairLock.pair == pair)
    if side and side != "*":
        query = query.where(PairLock.side.in_((side, "*")))
    elif side == "*":
        query = query.where(PairLock.side == "*")
    return list(PairLock.session.scalars(query.order_by(PairLock.id)).all())


def get_all_locks() -> list[PairLock]:
    return list(PairLock.session.scalars(select(PairLock).order_by(PairLock.id)).all())


def is_pair_locked(pair: str, now: datetime | None = None, side: str = "*") -> bool:
    """True when the pair (or everything, via a ``*`` pair lock) is locked for ``side``."""
    now_naive = _naive(now or dt_now())
    sides = ("*",) if side == "*" else (side, "*")
    query = select(PairLock.id).where(
        PairLock.active.is_(True), PairLock.lock_end_time > now_naive,
        PairLock.pair.in_((pair, "*")), PairLock.side.in_(sides)).limit(1)
    return PairLock.session.execute(query).first() is not None


def is_global_lock(now: datetime | None = None, side: str = "*") -> bool:
    """True when a lock on every pair (pair ``*``) is active for ``side``."""
    return bool(get_pair_locks("*", now, side))


def longest_lock(pair: str, now: datetime | None = None, side: str = "*") -> PairLock | None:
    """The active lock of ``pair`` (matching ``side``) that ends last."""
    locks = get_pair_locks(pair, now, side)
    return max(locks, key=lambda lock: lock.lock_end_time) if locks else None


def unlock_pair(pair: str, now: datetime | None = None, side: str = "*") -> None:
    """Deactivate the pair's current locks of ``side``; as in freqtrade, ``*`` (the default)
    releases only the locks on both sides, a ``long`` lock stays."""
    session = PairLock.session
    for lock in get_pair_locks(pair, now, side):
        lock.active = False
    session.commit()


def unlock_reason(reason: str, now: datetime | None = None) -> None:
    session = PairLock.session
    for lock in get_pair_locks(None, now):
        if lock.reason == reason:
            lock.active = False
    session.commit()
