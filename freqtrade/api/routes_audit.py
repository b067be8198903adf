"""``/api/v1/audit``: the stored trail of state-changing calls (full user only)."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from starlette.requests import Request

from freqtrade.api.context import get_context
from freqtrade.api.errors import BotNotReady
from freqtrade.persistence import database_open
from freqtrade.persistence.audit_log import DEFAULT_MAX_ENTRIES, latest_calls

MAX_AUDIT_PAGE = 1000
AuditLimit = Annotated[int, Field(ge=1, le=MAX_AUDIT_PAGE,
                                  description="Maximum number of entries to return")]


def audit(request: Request, limit: AuditLimit = 100) -> dict[str, Any]:
    """The newest state-changing API calls, newest first: who, from where, what, outcome."""
    if not database_open():
        raise BotNotReady("No database is open: the audit log is kept by a trading bot.")
    api_config = get_context(request).api_config
    return {"max_entries": api_config.get("audit_log_max_entries", DEFAULT_MAX_ENTRIES),
            "entries": latest_calls(limit)}
