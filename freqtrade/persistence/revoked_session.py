"""``ft_revoked_api_sessions``: API sessions ended by logout, kept until their tokens expire.

Every API token carries the id of the session it belongs to; a row here means every token of
that session is refused. Once ``expires_at`` has passed no token of the session can be valid
any more (each is refused by its own expiry), so the row is deleted at the next write: the
table holds at most the sessions ended within one refresh-token lifetime. The table is ours
alone; freqtrade ignores it.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from freqtrade.persistence.base import ModelBase
from freqtrade.persistence.db import get_engine

SESSION_ID_MAX_LENGTH = 64


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class RevokedApiSession(ModelBase):
    __tablename__ = "ft_revoked_api_sessions"

    session_id: Mapped[str] = mapped_column(String(SESSION_ID_MAX_LENGTH), primary_key=True)
    revoked_at: Mapped[datetime] = mapped_column(DateTime(), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(), nullable=False)


def exchange_revoked(new: Mapping[str, datetime], now: datetime) -> dict[str, datetime]:
    """Store the ``new`` revocations (session id -> expiry), delete the expired ones, and
    return every revocation still in force (tz-aware UTC expiries).

    Uses its own short session and transaction rather than the calling thread's, so any
    thread may call it without touching the bot's unit of work.
    """
    cutoff = _naive(now)
    with Session(get_engine()) as session, session.begin():
        session.execute(delete(RevokedApiSession)
                        .where(RevokedApiSession.expires_at <= cutoff))
        for session_id, expires_at in new.items():
            if expires_at > now:
                session.merge(RevokedApiSession(session_id=session_id, revoked_at=cutoff,
                                                expires_at=_naive(expires_at)))
        rows = session.execute(select(RevokedApiSession.session_id,
                                      RevokedApiSession.expires_at)).all()
    return {session_id: expires_at.replace(tzinfo=UTC) for session_id, expires_at in rows}
