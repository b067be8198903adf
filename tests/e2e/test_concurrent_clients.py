"""Fifty FreqUI-like clients, thirty websockets and a force-trading writer against a trading
``freqtrade trade``: every answer is a 200, no connection drops, the database never reports
itself locked and the loop keeps its pace; and under a burst the API uses a bounded number of
worker threads and database connections. Throughput figures: ``bench/bench_concurrency.py``.
"""
from __future__ import annotations

import http.client
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import event

from freqtrade.api.app import API_WORKER_THREADS
from freqtrade.persistence import get_engine
from freqtrade.persistence.db import POOL_SIZE
from tests.concurrent_load import LoadSettings, percentile, run_load, trading_bot

IDLE_SECONDS = 5.0
LOAD_SECONDS = 15.0
THROTTLE = 1.0
BURST_ENDPOINTS = ("status", "profit", "balance", "locks", "trades", "count")


def periods(iterations) -> list[float]:
    ends = [it.ended for it in iterations]
    return [later - earlier for earlier, later in zip(ends, ends[1:], strict=False)]


def test_fifty_frequi_clients_and_a_writer_while_the_loop_trades(tmp_path):
    with trading_bot(tmp_path, throttle=THROTTLE) as bot:
        idle_from = time.time()
        time.sleep(IDLE_SECONDS)
        load_from = time.time()
        tally = run_load(bot.base_url, LOAD_SECONDS, LoadSettings(clients=50, websockets=30,
                                                                  interval=2.0))
        load_to = time.time()
        idle = bot.iterations(idle_from, load_from)
        loaded = bot.iterations(load_from, load_to)
        assert bot.stop() == 0
    assert tally.errors == []
    for name in ("status", "balance", "profit", "locks", "whitelist", "trades page",
                 "pair_candles", "forceenter", "forceexit", "trade"):
        assert tally.latencies[name], f"no {name} request was answered"
    assert set(tally.statuses["status"]) == {200}
    assert tally.writer_round_trips >= 2
    assert tally.ws_open == 30
    assert tally.ws_messages["whitelist"] == 30
    assert tally.ws_messages["entry_fill"] > 0 and tally.ws_messages["exit_fill"] > 0
    assert bot.log_problems() == []
    # the loop went on at a sane pace (the 20 % figure is the bench's, on a quiet machine)
    assert len(loaded) >= LOAD_SECONDS / (4 * THROTTLE)
    assert statistics.median(periods(loaded)) <= 3 * statistics.median(periods(idle))
    assert percentile([it.took for it in loaded], 50) < 10 * THROTTLE


def test_a_burst_of_requests_uses_bounded_worker_threads_and_connections(live_bot):
    """Sixty clients at once: at most API_WORKER_THREADS handler threads run, and every one
    finds a pooled connection, so none is opened and thrown away per request."""
    engine = get_engine()
    opened = []
    checked_out = [0, 0]  # now, peak
    guard = threading.Lock()

    def on_connect(*_args) -> None:
        opened.append(1)

    def on_checkout(*_args) -> None:
        with guard:
            checked_out[0] += 1
            checked_out[1] = max(checked_out)

    def on_checkin(*_args) -> None:
        with guard:
            checked_out[0] -= 1

    before = {t.ident for t in threading.enumerate() if t.name == "AnyIO worker thread"}
    peak_threads = [0]
    done = threading.Event()

    def watch_threads() -> None:
        while not done.is_set():
            new = [t for t in threading.enumerate()
                   if t.name == "AnyIO worker thread" and t.ident not in before]
            peak_threads[0] = max(peak_threads[0], len(new))
            time.sleep(0.01)

    def client(n: int) -> list[int]:
        with requests.Session() as session:
            session.auth = live_bot.auth
            return [session.get(f"{live_bot.base_url}/api/v1/{path}", timeout=60).status_code
                    for path in BURST_ENDPOINTS[n % 3:] * 2]

    listeners = {"connect": on_connect, "checkout": on_checkout, "checkin": on_checkin}
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    watcher = threading.Thread(target=watch_threads, daemon=True)
    watcher.start()
    try:
        with ThreadPoolExecutor(60) as pool:
            statuses = [s for answers in pool.map(client, range(60)) for s in answers]
    finally:
        done.set()
        watcher.join(5)
        for name, listener in listeners.items():
            event.remove(engine, name, listener)
    assert set(statuses) == {200} and len(statuses) > 500
    assert 1 <= peak_threads[0] <= API_WORKER_THREADS
    assert checked_out[1] <= POOL_SIZE
    assert len(opened) <= POOL_SIZE


def test_a_keep_alive_connection_idle_for_a_frequi_refresh_period_still_answers(live_bot):
    """A client pausing 6 s (FreqUI refreshes every 5 s) reuses its connection: the server
    has not closed it under the client's next request."""
    host, port = live_bot.base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        for pause in (0.0, 6.0):
            time.sleep(pause)
            connection.request("GET", "/api/v1/ping")
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b'{"status":"pong"}')
            if pause == 0.0:
                first_socket = connection.sock
        assert connection.sock is first_socket
    finally:
        connection.close()
