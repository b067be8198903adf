"""Wrong ``ws_token``s on the message websocket are throttled like passwords; JWTs never are.

Without a bot attached an accepted token is closed with 1013 (try again later) and a wrong one
with 1008 (policy), so the two are told apart in-process; a throttled handshake gets 429.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from address_clients import FromAddress as From
from address_clients import clients_by_address
from api_helpers import basic_header, free_port
from starlette.exceptions import StarletteDeprecationWarning
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.api.message_stream import CLOSE_POLICY, CLOSE_TRY_AGAIN_LATER
from freqtrade.api.server import ApiServer
from freqtrade.enums import RunMode

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient

    from freqtrade.util.clock import FrozenClock

with warnings.catch_warnings():  # Starlette 1.x warns at import that it prefers httpx2
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import WebSocketDenialResponse

WS_TOKEN = "the-right-ws-token-0123"


@pytest.fixture
def from_address(make_client: MakeClient, api_config: dict[str, Any]
                 ) -> Iterator[From]:
    """Clients by address of one app whose config has a ws_token."""
    api_config["api_server"]["ws_token"] = WS_TOKEN
    with clients_by_address(make_client()) as build:
        yield build


def handshake(client: TestClient, token: str) -> int:
    """The close code the server answers ``token`` with, or the HTTP status of a refusal."""
    try:
        with client.websocket_connect(f"/api/v1/message/ws?token={token}"):
            raise AssertionError("accepted without a bot")
    except WebSocketDenialResponse as refused:
        return refused.status_code
    except WebSocketDisconnect as closed:
        return closed.code


def access_token(client: TestClient) -> str:
    return client.post("/api/v1/token/login", headers=basic_header()).json()["access_token"]


def test_five_wrong_tokens_then_even_the_right_one_waits(from_address: From,
                                                         frozen_clock: FrozenClock) -> None:
    client = from_address("10.0.0.1")
    assert [handshake(client, f"guess{i}") for i in range(5)] == [CLOSE_POLICY] * 5
    frozen_clock.advance(seconds=60)
    try:
        with client.websocket_connect(f"/api/v1/message/ws?token={WS_TOKEN}"):
            raise AssertionError("accepted")
    except WebSocketDenialResponse as refused:
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "240"
        assert refused.json() == {"detail": "Too many failed login attempts, retry in 240 seconds."}


def test_a_hundred_guesses_check_only_five(from_address: From,
                                             frozen_clock: FrozenClock) -> None:
    client = from_address("10.0.0.2")
    answers = [handshake(client, f"guess{i}") for i in range(100)]
    assert answers.count(CLOSE_POLICY) == 5 and answers.count(429) == 95
    assert handshake(client, WS_TOKEN) == 429


def test_a_mistype_or_two_does_not_block(from_address: From, frozen_clock: FrozenClock) -> None:
    client = from_address("10.0.0.3")
    assert handshake(client, "typo") == CLOSE_POLICY
    assert handshake(client, "typo2") == CLOSE_POLICY
    assert handshake(client, WS_TOKEN) == CLOSE_TRY_AGAIN_LATER


def test_the_lock_ends_with_the_window(from_address: From, frozen_clock: FrozenClock) -> None:
    client = from_address("10.0.0.4")
    for i in range(5):
        handshake(client, f"guess{i}")
    frozen_clock.advance(minutes=4, seconds=59)
    assert handshake(client, WS_TOKEN) == 429
    frozen_clock.advance(seconds=1)
    assert handshake(client, WS_TOKEN) == CLOSE_TRY_AGAIN_LATER


def test_distributed_guessing_is_bounded_but_a_known_consumer_stays_in(
        from_address: From, frozen_clock: FrozenClock) -> None:
    consumer = from_address("192.168.1.9")
    assert handshake(consumer, WS_TOKEN) == CLOSE_TRY_AGAIN_LATER
    answers = [handshake(from_address(f"10.0.1.{i}"), "guess") for i in range(40)]
    assert answers.count(CLOSE_POLICY) == 20 and answers.count(429) == 20
    assert handshake(from_address("10.0.1.200"), WS_TOKEN) == 429
    assert handshake(consumer, WS_TOKEN) == CLOSE_TRY_AGAIN_LATER


def test_access_jwts_are_never_throttled(from_address: From, frozen_clock: FrozenClock) -> None:
    client = from_address("10.0.0.5")
    jwt = access_token(client)
    for i in range(40):
        handshake(from_address(f"10.0.2.{i % 8}"), f"guess{i}")
    assert handshake(client, "guess") == 429
    assert handshake(client, jwt) == CLOSE_TRY_AGAIN_LATER


def test_ws_guesses_do_not_touch_password_logins(from_address: From,
                                                 frozen_clock: FrozenClock) -> None:
    client = from_address("10.0.0.6")
    for i in range(10):
        handshake(client, f"guess{i}")
    assert client.post("/api/v1/token/login", headers=basic_header()).status_code == 200


def test_throttled_handshake_over_a_real_server(api_config: dict[str, Any],
                                                frozen_clock: FrozenClock) -> None:
    api_config["api_server"].update(listen_port=free_port(), ws_token=WS_TOKEN)
    context = ApiContext(api_config, RunMode.DRY_RUN)
    server = ApiServer(context, create_app(context))
    server.start()
    url = f"ws://127.0.0.1:{api_config['api_server']['listen_port']}/api/v1/message/ws?token="
    try:
        for i in range(5):
            with pytest.raises(InvalidStatus) as closed:
                connect(url + f"guess{i}", open_timeout=10)
            assert closed.value.response.status_code == 403
        with pytest.raises(InvalidStatus) as refused:
            connect(url + WS_TOKEN, open_timeout=10)
    finally:
        server.stop()
    response = refused.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "300"
    assert response.body == b'{"detail":"Too many failed login attempts, retry in 300 seconds."}'
