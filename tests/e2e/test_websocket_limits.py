"""Websocket limits on a real hypercorn: frame size and the number of sockets at once."""
from __future__ import annotations

import json
import time
from contextlib import ExitStack

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from freqtrade.api.message_stream import MAX_CLIENTS
from freqtrade.api.routes_ws import MAX_INCOMING_BYTES

TOKEN = "e2e-ws-token"


def ws_url(live_bot) -> str:
    return live_bot.base_url.replace("http://", "ws://") + f"/api/v1/message/ws?token={TOKEN}"


def whitelist_answer(socket) -> dict:
    socket.send(json.dumps({"type": "whitelist", "data": ""}))
    while True:
        message = json.loads(socket.recv(timeout=10))
        if message["type"] == "whitelist":
            return message


def wait_for_count(live_bot, wanted: int) -> None:
    stream = live_bot.api.app.state.message_stream
    deadline = time.monotonic() + 10
    while stream.client_count != wanted and time.monotonic() < deadline:
        time.sleep(0.02)
    assert stream.client_count == wanted


def test_frame_above_the_limit_closes_1009_before_being_buffered_whole(live_bot):
    with connect(ws_url(live_bot), open_timeout=10, max_size=None) as socket:
        socket.send("x" * (MAX_INCOMING_BYTES - 16))  # within the limit: not JSON, ignored
        assert whitelist_answer(socket)["data"] == live_bot.bot.active_pair_whitelist
        socket.send("x" * (MAX_INCOMING_BYTES + 1))
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    wait_for_count(live_bot, 0)


def test_sockets_beyond_the_cap_are_closed_1013_with_the_reason(live_bot):
    with ExitStack() as stack:
        sockets = [stack.enter_context(connect(ws_url(live_bot), open_timeout=10))
                   for _ in range(MAX_CLIENTS)]
        wait_for_count(live_bot, MAX_CLIENTS)
        with connect(ws_url(live_bot), open_timeout=10) as extra:
            with pytest.raises(ConnectionClosed) as closed:
                extra.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
        assert closed.value.rcvd.reason == f"Too many websocket connections (limit {MAX_CLIENTS})"
        assert whitelist_answer(sockets[0])["type"] == "whitelist"  # the others are untouched
        sockets.pop().close()
        wait_for_count(live_bot, MAX_CLIENTS - 1)
        with connect(ws_url(live_bot), open_timeout=10) as again:
            assert whitelist_answer(again)["data"] == live_bot.bot.active_pair_whitelist
    wait_for_count(live_bot, 0)
