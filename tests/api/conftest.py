"""Shared API fixtures: a config, an in-process client, a real hypercorn server, a frozen clock.

Tests drive the app over HTTP only. Dummy routes stand in for the trading handlers that are
added later; they are declared with the same ``api_route`` helper those handlers will use.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import pytest
from api_helpers import JWT_SECRET, ORIGIN, PASSWORD, USERNAME, FakeRPC, free_port
from pydantic import Field
from starlette.exceptions import StarletteDeprecationWarning
from starlette.requests import Request
from starlette.routing import BaseRoute

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.revocations import revoked_sessions
from freqtrade.api.routing import READ, TRADE, api_route, get_rpc
from freqtrade.api.server import ApiServer
from freqtrade.enums import RunMode
from freqtrade.util.clock import FrozenClock

if TYPE_CHECKING:
    from starlette.testclient import TestClient


def load_test_client() -> type[TestClient]:
    """Starlette 1.x warns at import that its TestClient prefers httpx2 (not installable here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from starlette.testclient import TestClient
    return TestClient


def _protected(request: Request) -> dict[str, Any]:
    return {"user": request.user.username}


def _trade_action(request: Request) -> dict[str, str]:
    return {"status": "done"}


def _rpc_fails(request: Request) -> None:
    get_rpc(request).fail()


async def _explodes(request: Request) -> None:
    raise ValueError("secret internal detail")


def _trades(request: Request, limit: Annotated[int, Field(ge=1, le=500)] = 500
            ) -> dict[str, int]:
    return {"limit": limit}


DUMMY_ROUTES: list[BaseRoute] = [
    api_route("/api/v1/test/protected", _protected, scope=READ, mode="any"),
    api_route("/api/v1/test/action", _trade_action, ["POST"], scope=TRADE, mode="any"),
    api_route("/api/v1/test/rpcfail", _rpc_fails, scope=READ, mode="trade"),
    api_route("/api/v1/test/explode", _explodes, scope=READ, mode="any"),
    api_route("/api/v1/test/trades", _trades, scope=READ, mode="trade"),
]


@pytest.fixture(autouse=True)
def fresh_revocations() -> Iterator[None]:
    """Sessions ended by logout are process-wide: each test starts and ends with none."""
    revoked_sessions.forget()
    yield
    revoked_sessions.forget()


@pytest.fixture
def api_config() -> dict[str, Any]:
    return {
        "runmode": RunMode.DRY_RUN,
        "api_server": {
            "enabled": True,
            "listen_ip_address": "127.0.0.1",
            "listen_port": 8080,
            "username": USERNAME,
            "password": PASSWORD,
            "jwt_secret_key": JWT_SECRET,
            "CORS_origins": [ORIGIN],
            "verbosity": "error",
        },
    }


MakeClient = Callable[..., "TestClient"]


@pytest.fixture
def make_client(api_config: dict[str, Any]) -> Iterator[MakeClient]:
    """Build a client for a context; ``routes`` are added to the dummy routes."""
    clients: list[TestClient] = []

    def build(routes: Sequence[BaseRoute] = (), runmode: RunMode = RunMode.DRY_RUN,
              rpc: Any = None, config: dict[str, Any] | None = None) -> TestClient:
        context = ApiContext(config or api_config, runmode, rpc)
        client = load_test_client()(create_app(context, [*DUMMY_ROUTES, *routes]))
        client.context = context  # type: ignore[attr-defined]
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client(rpc=FakeRPC())


@pytest.fixture
def clock_start() -> datetime:
    return datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock(clock: FrozenClock) -> FrozenClock:
    """The shared frozen clock under the name the API tests use."""
    return clock


@pytest.fixture
def live_server(api_config: dict[str, Any]) -> Iterator[tuple[ApiServer, str]]:
    """A real hypercorn server on a free loopback port, stopped by the test teardown."""
    api_config["api_server"]["listen_port"] = free_port()
    context = ApiContext(api_config, RunMode.DRY_RUN)
    server = ApiServer(context, create_app(context))
    server.start()
    yield server, f"http://127.0.0.1:{api_config['api_server']['listen_port']}"
    server.stop()
