"""The API sessions ended by logout: checked on every token, mirrored in the database.

Every token the API issues carries the id of its session (the ``sid`` claim); logout adds
the id here and from then on every token of that session is refused. The set lives in
memory, so checking a token never waits for the database, and is mirrored in the
``ft_revoked_api_sessions`` table so that it survives a restart: ``sync`` writes the
revocations not stored yet and reads those stored by earlier runs. It runs when an app is
built, when a bot is attached after a reload, and after every logout. While no database is
open (``freqtrade webserver``, the moment a reload swaps the bot) a revocation holds in
memory and is written at the next sync.

One set per process, like the database connection it mirrors.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from freqtrade.exceptions import OperationalException
from freqtrade.persistence.revoked_session import exchange_revoked
from freqtrade.util.clock import dt_now

logger = logging.getLogger(__name__)


class RevokedSessions:
    """Session id -> the time after which no token of that session can be valid anyway."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, datetime] = {}
        self._unsaved: dict[str, datetime] = {}

    def is_revoked(self, session_id: str) -> bool:
        return session_id in self._until

    def revoke(self, session_id: str, until: datetime) -> None:
        """Refuse every token of ``session_id`` from now on (``sync`` makes it durable)."""
        with self._lock:
            self._until[session_id] = until
            self._unsaved[session_id] = until

    def sync(self) -> bool:
        """Write unsaved revocations, read stored ones, forget expired ones; False while
        there is no usable database (the unsaved ones are kept for the next sync)."""
        now = dt_now()
        with self._lock:
            unsaved = dict(self._unsaved)
        try:
            stored = exchange_revoked(unsaved, now)
        except OperationalException:  # no database open in this process (yet)
            logger.debug("No database: %d session revocations kept in memory.", len(unsaved))
            return False
        except SQLAlchemyError as exc:
            logger.warning("Could not store API session revocations (kept in memory, retried "
                           "at the next logout or reload): %s", exc)
            return False
        with self._lock:
            for session_id, until in unsaved.items():
                if self._unsaved.get(session_id) == until:
                    del self._unsaved[session_id]
            self._until.update(stored)
            self._until = {sid: until for sid, until in self._until.items() if until > now}
        return True

    def forget(self) -> None:
        """Drop the in-memory copy, as a new process starts (tests of restarts use it)."""
        with self._lock:
            self._until.clear()
            self._unsaved.clear()


revoked_sessions = RevokedSessions()
