"""Every API call gives its pooled database connection back, and calls waiting for the bot
lock never leave the reads without a thread.

API handlers run on pools of long-lived worker threads, each with its own database session.
A session left open keeps one pooled connection checked out for as long as its thread lives;
SQLAlchemy's pool lets a caller wait 30 s for a connection, then raise ``TimeoutError``.
State-changing calls wait for the bot lock on threads of their own. Here more requests than
the pool has connections are in flight at once against a real bot (SQLite file, trades made
through the API), while the bot lock is held: every read must answer 200 well within that
wait, every parked write once the lock is free, and afterwards no connection may be checked
out.
"""
from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy.pool import QueuePool

from freqtrade.api.app import BOT_CALL_THREADS
from freqtrade.commands.userdir_commands import create_userdir
from freqtrade.persistence import get_engine, remove_session, set_custom_data
from tests.e2e.conftest import PAIRS, write_config
from tests.live_bot import LiveBot, free_port, running_bot

# SQLAlchemy's QueuePool lets this many connections open beyond ``pool.size()``
POOL_OVERFLOW = 10
# an answer slower than this waited for a pooled connection (the pool gives up after 30 s)
ANSWER_WITHIN_S = 15
STRATEGY = Path(__file__).parents[1] / "e2e" / "strategies" / "quiet_strategy.py"


def _ok(response: requests.Response) -> Any:
    assert response.status_code == 200, (response.request.method, response.url,
                                         response.status_code, response.text)
    return response.json()


@pytest.fixture(scope="module")
def bot_with_trades(tmp_path_factory) -> Iterator[tuple[LiveBot, list[int]]]:
    """A running bot with three closed trades (one with custom data) and an open one."""
    tmp = tmp_path_factory.mktemp("pool")
    create_userdir(tmp / "user_data")
    shutil.copy(STRATEGY, tmp / "user_data" / "strategies")
    with running_bot(write_config(tmp, free_port())) as live:
        ids = [_ok(live.post("forceenter", {"pair": pair, "ordertype": "market"}))["trade_id"]
               for pair in PAIRS[:4]]
        for trade_id in ids[:3]:
            _ok(live.post("forceexit", {"tradeid": trade_id, "ordertype": "market"}))
        set_custom_data(ids[0], "note", {"kept": True})
        remove_session()
        yield live, ids


def _waiting_for_bot_lock(bot: object) -> int:
    """How many threads are inside ``bot.acquire()`` right now (blocked on the lock)."""
    code = type(bot).acquire.__code__
    return sum(1 for frame in sys._current_frames().values() if frame.f_code is code)


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _timed(call: Callable[[], requests.Response]) -> tuple[requests.Response, float]:
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


def test_more_concurrent_requests_than_pooled_connections_all_answer(bot_with_trades):
    live, ids = bot_with_trades
    engine = get_engine()
    assert isinstance(engine.pool, QueuePool)
    connections = engine.pool.size() + POOL_OVERFLOW
    auth, base = live.auth, f"{live.base_url}/api/v1"

    def get(path: str) -> Callable[[], requests.Response]:
        return lambda: requests.get(f"{base}/{path}", auth=auth, timeout=ANSWER_WITHIN_S)

    def blacklist(pair: str) -> Callable[[], requests.Response]:
        return lambda: requests.post(f"{base}/blacklist", json={"blacklist": [pair]},
                                     auth=auth, timeout=ANSWER_WITHIN_S)

    # blacklist changes wait for the bot lock: held here, they fill the bot-call threads and
    # the rest queue; the reads must still get threads and connections
    parked = [blacklist(f"PARK{n}/USDT") for n in range(connections + 1)]
    reads = [get(f"trades?limit={limit}") for limit in range(1, connections + 1)]
    reads += [get(path) for path in ("status", "profit", "locks",
                                     f"trades/{ids[0]}/custom-data")] * 4
    with ThreadPoolExecutor(max_workers=len(parked) + len(reads)) as pool:
        assert live.bot.acquire()
        try:
            parked_futures = [pool.submit(_timed, call) for call in parked]
            _wait_for(lambda: _waiting_for_bot_lock(live.bot) == BOT_CALL_THREADS,
                      f"{BOT_CALL_THREADS} blacklist requests waiting for the bot lock")
            read_futures = [pool.submit(_timed, call) for call in reads]
            read_answers = [f.result(timeout=2 * ANSWER_WITHIN_S) for f in read_futures]
        finally:
            live.bot.lock.release()
        parked_answers = [f.result(timeout=2 * ANSWER_WITHIN_S) for f in parked_futures]
    for response, elapsed in read_answers + parked_answers:
        _ok(response)
        assert elapsed < ANSWER_WITHIN_S
    assert len(read_answers) + len(parked_answers) > connections
    assert [t["trade_id"] for t in _ok(requests.get(
        f"{base}/trades?limit=500", auth=auth, timeout=ANSWER_WITHIN_S))["trades"]] == ids[:3]
    blacklisted = _ok(requests.get(f"{base}/blacklist", auth=auth, timeout=ANSWER_WITHIN_S))
    assert {f"PARK{n}/USDT" for n in range(len(parked))} <= set(blacklisted["blacklist"])
    # the trading loop holds a session only inside an iteration, which runs under the bot
    # lock; the audit entries of the parked calls are written just after their answers, each
    # for a moment: a connection that is never given back keeps the count above 0
    remove_session()
    assert live.bot.acquire()
    try:
        _wait_for(lambda: engine.pool.checkedout() == 0, "every pooled connection given back")
    finally:
        live.bot.lock.release()
