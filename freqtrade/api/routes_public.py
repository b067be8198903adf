"""Routes anyone may call: the liveness ping (GET for clients, HEAD for probes)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from freqtrade.api import schemas as S
from freqtrade.api.routing import api_route


async def ping(request: Request) -> dict[str, str] | Response:
    """Liveness check; HEAD answers 200 with an empty JSON-typed body."""
    if request.method == "HEAD":
        return Response(status_code=200, media_type="application/json")
    return {"status": "pong"}


ROUTES: list[BaseRoute] = [
    api_route("/api/v1/ping", ping, ["GET", "HEAD"], response=S.PING, scope=None, tags=["Info"]),
]
