"""Small helpers shared by the route modules (404 mapping of RPC "not found" errors)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException

from freqtrade.rpc.rpc import RPCNotFound


def not_found_as_404(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call an RPC method; its ``RPCNotFound`` becomes 404 ``{"detail": message}``."""
    try:
        return func(*args, **kwargs)
    except RPCNotFound as exc:
        raise HTTPException(404, exc.message) from None
