"""``PairLocks``: the pair-lock calls strategies make (``PairLocks.is_pair_locked(...)``) as
static methods over the ``pairlocks`` table."""
from __future__ import annotations

from datetime import datetime

from freqtrade.persistence import pairlock
from freqtrade.persistence.pairlock import PairLock


class PairLocks:
    @staticmethod
    def lock_pair(pair: str, until: datetime, reason: str | None = None, *,
                  now: datetime | None = None, side: str = "*") -> PairLock:
        return pairlock.lock_pair(pair, until, reason, side=side, now=now)

    @staticmethod
    def get_pair_locks(pair: str | None, now: datetime | None = None,
                       side: str | None = None) -> list[PairLock]:
        return pairlock.get_pair_locks(pair, now, side)

    @staticmethod
    def get_pair_longest_lock(pair: str, now: datetime | None = None,
                              side: str = "*") -> PairLock | None:
        locks = pairlock.get_pair_locks(pair, now, side)
        return max(locks, key=lambda lock: lock.lock_end_time) if locks else None

    @staticmethod
    def unlock_pair(pair: str, now: datetime | None = None, side: str = "*") -> None:
        pairlock.unlock_pair(pair, now, side)

    @staticmethod
    def unlock_reason(reason: str, now: datetime | None = None) -> None:
        pairlock.unlock_reason(reason, now)

    @staticmethod
    def is_global_lock(now: datetime | None = None, side: str = "*") -> bool:
        return bool(pairlock.get_pair_locks("*", now, side))

    @staticmethod
    def is_pair_locked(pair: str, now: datetime | None = None, side: str = "*") -> bool:
        return pairlock.is_pair_locked(pair, now, side)

    @staticmethod
    def get_all_locks() -> list[PairLock]:
        return pairlock.get_all_locks()
