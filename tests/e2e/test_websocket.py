"""The message websocket on a real hypercorn: auth, subscriptions, requests, back-pressure."""
from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from freqtrade.util.clock import set_clock

FREQUI_SUBSCRIPTION = ["whitelist", "entry_fill", "exit_fill", "entry_cancel", "exit_cancel",
                       "new_candle"]


def ws_url(live_bot, token: str) -> str:
    return live_bot.base_url.replace("http://", "ws://") + f"/api/v1/message/ws?token={token}"


def receive_until(socket, wanted: str, timeout: float = 15) -> dict:
    """The first message of type ``wanted`` (others are skipped), within ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no {wanted!r} message within {timeout} s")
        message = json.loads(socket.recv(timeout=remaining))
        if message["type"] == wanted:
            return message


def access_token(live_bot) -> str:
    return requests.post(f"{live_bot.base_url}/api/v1/token/login", auth=live_bot.auth,
                         timeout=10).json()["access_token"]


def test_ws_token_and_access_jwt_are_accepted(live_bot):
    for token in ("e2e-ws-token", access_token(live_bot)):
        with connect(ws_url(live_bot, token), open_timeout=10) as socket:
            socket.send(json.dumps({"type": "whitelist", "data": ""}))
            message = receive_until(socket, "whitelist")
            assert message["data"] == live_bot.bot.active_pair_whitelist


@pytest.mark.parametrize("token", ["wrong", "", "refresh"])
def test_bad_tokens_are_refused_before_the_handshake(live_bot, token):
    if token == "refresh":
        token = requests.post(f"{live_bot.base_url}/api/v1/token/login", auth=live_bot.auth,
                              timeout=10).json()["refresh_token"]
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(live_bot, token), open_timeout=10)
    assert refused.value.response.status_code == 403


def test_fills_reach_subscribers_with_top_level_fields(live_bot):
    with connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as socket:
        socket.send(json.dumps({"type": "subscribe", "data": FREQUI_SUBSCRIPTION}))
        socket.send(json.dumps({"type": "whitelist", "data": ""}))
        receive_until(socket, "whitelist")  # the subscription is in place
        trade = live_bot.post("forceenter", {"pair": "ETH/USDT", "ordertype": "market"}).json()
        entry = receive_until(socket, "entry_fill")
        assert entry["pair"] == "ETH/USDT" and entry["direction"] == "Long"
        assert entry["trade_id"] == trade["trade_id"] and entry["open_rate"] > 0
        assert entry["amount"] > 0
        live_bot.post("forceexit", {"tradeid": trade["trade_id"], "ordertype": "market"})
        exit_fill = receive_until(socket, "exit_fill")
        assert exit_fill["pair"] == "ETH/USDT" and exit_fill["trade_id"] == trade["trade_id"]
        assert exit_fill["exit_reason"] == "force_exit"


def test_new_candle_from_the_bot_loop(live_bot):
    """Jump the bot's clock past the next 1m candle close; the loop announces the candle."""
    offset = {"delta": timedelta(0)}
    set_clock(lambda: datetime.now(UTC) + offset["delta"])
    try:
        with connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as socket:
            socket.send(json.dumps({"type": "subscribe", "data": ["new_candle"]}))
            time.sleep(0.3)
            offset["delta"] = timedelta(seconds=65)
            message = receive_until(socket, "new_candle", timeout=20)
            pair, timeframe, candle_type = message["data"]
            assert pair in live_bot.bot.active_pair_whitelist
            assert (timeframe, candle_type) == ("1m", "spot")
    finally:
        set_clock(None)


def test_unsubscribed_types_are_not_sent_and_bad_requests_are_ignored(live_bot):
    with connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as socket:
        socket.send(json.dumps({"type": "subscribe", "data": ["entry_fill", "no_such_type"]}))
        socket.send("not json")
        socket.send(json.dumps({"type": "subscribe", "data": "entry_fill"}))
        live_bot.bot.send_msg({"type": "entry_fill", "pair": "X/USDT"})
        socket.send(json.dumps({"type": "whitelist"}))
        # nothing subscribed (both subscribe requests were invalid): only the reply arrives
        assert json.loads(socket.recv(timeout=10))["type"] == "whitelist"


def test_analyzed_df_request(live_bot):
    deadline = time.monotonic() + 30
    while live_bot.bot.dataprovider.get_analyzed_dataframe("BTC/USDT", "1m")[0].empty:
        assert time.monotonic() < deadline, "the bot never analyzed BTC/USDT"
        time.sleep(0.2)
    with connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as socket:
        socket.send(json.dumps({"type": "analyzed_df", "data": {"pair": "BTC/USDT",
                                                                 "limit": 5}}))
        message = receive_until(socket, "analyzed_df")
        assert message["data"]["key"] == ["BTC/USDT", "1m", "spot"]
        frame = json.loads(message["data"]["df"]["__value__"])
        assert len(frame["data"]) == 5 and "close" in frame["columns"]
        assert message["data"]["la"].endswith("+00:00")


def test_dead_consumer_never_stalls_the_bot(live_bot):
    """A socket that never reads is dropped; publishing stays instant; others still receive."""
    stream = live_bot.api.app.state.message_stream
    with connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as dead, \
            connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as alive:
        dead.send(json.dumps({"type": "subscribe", "data": ["status", "warning"]}))
        alive.send(json.dumps({"type": "subscribe", "data": ["warning"]}))
        time.sleep(0.3)
        assert stream.client_count == 2
        big = "x" * 200_000
        started = time.monotonic()
        for _ in range(600):
            live_bot.bot.send_msg({"type": "status", "status": big})
        assert time.monotonic() - started < 2.0  # publishing never waited for the socket
        deadline = time.monotonic() + 20
        while stream.client_count > 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert stream.client_count == 1  # the dead consumer was disconnected
        last = live_bot.bot.last_process
        live_bot.bot.send_msg({"type": "warning", "status": "still here"})
        assert receive_until(alive, "warning")["status"] == "still here"
        deadline = time.monotonic() + 10
        while live_bot.bot.last_process == last and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_bot.bot.last_process != last  # the loop kept running
        with pytest.raises(ConnectionClosed):
            for _ in range(10_000):
                dead.recv(timeout=10)


def test_stopping_the_server_closes_sockets(live_bot):
    """Last test of the module: api.stop() with a socket open ends promptly and cleanly."""
    with connect(ws_url(live_bot, "e2e-ws-token"), open_timeout=10) as socket:
        started = time.monotonic()
        live_bot.api.stop()
        assert time.monotonic() - started < 8
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
