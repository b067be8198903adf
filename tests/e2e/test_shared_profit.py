"""Concurrent /profit requests share a computation, but never one that began before them:
an answer holds every history write committed before its request arrived."""
from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from freqtrade.rpc.rpc import RPC
from tests.e2e.conftest import closed_trade, e2e_bot
from tests.live_bot import free_port


def _edit_close(live, trade_id: int, profit_abs: float) -> None:
    """Another program's commit: the closed trade's profit changed in the database file."""
    database = live.config["db_url"].removeprefix("sqlite:///")
    with sqlite3.connect(database, timeout=30) as shell:
        shell.execute("UPDATE trades SET close_profit_abs = ? WHERE id = ?", (profit_abs, trade_id))


def _without_ages(answer: dict) -> dict:
    """The answer without the "x seconds ago" texts, which move with the clock."""
    return {key: value for key, value in answer.items() if not key.endswith("_humanized")}


class _Held:
    """Holds the first computation of ``RPC.<method>``, once computed, until released;
    counts computations."""

    def __init__(self, monkeypatch, method: str = "profit") -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0
        original = getattr(RPC, method)

        def held(rpc, *args, **kwargs):
            self.calls += 1
            answer = original(rpc, *args, **kwargs)
            if self.calls == 1:
                self.started.set()
                assert self.release.wait(30)
            return answer

        monkeypatch.setattr(RPC, method, held)


def until_queued(live, before: int, waiters: int) -> None:
    """Until ``waiters`` more requests than ``before`` wait behind a running computation."""
    shared = live.api.app.state.shared_answers
    deadline = time.monotonic() + 30
    while shared.queued < before + waiters and time.monotonic() < deadline:
        time.sleep(0.02)
    assert shared.queued == before + waiters


def queued(live) -> int:
    """How many requests waited behind a running computation so far."""
    return live.api.app.state.shared_answers.queued


def behind_a_held_one(live, held: _Held, path: str, waiters: int) -> list:
    """The responses of ``waiters`` requests of ``path`` sent while the computation of a first
    one is held (they all wait behind it), once it was released."""
    with ThreadPoolExecutor(waiters + 1) as pool:
        running = pool.submit(live.get, path)
        assert held.started.wait(30)
        before = queued(live)
        waiting = [pool.submit(live.get, path) for _ in range(waiters)]
        until_queued(live, before, waiters)
        held.release.set()
        bodies = [future.result(30) for future in waiting]
        assert running.result(30).status_code == 200
    return bodies


def _get_profit(live) -> dict:
    response = live.get("profit")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_close_committed_while_profit_is_computed_is_in_the_next_request(tmp_path,
                                                                           monkeypatch):
    with e2e_bot(tmp_path, free_port()) as live:
        first = closed_trade(live, "BTC/USDT")
        assert _get_profit(live)["closed_trade_count"] == 1
        held = _Held(monkeypatch)
        with ThreadPoolExecutor(2) as pool:
            running = pool.submit(_get_profit, live)
            assert held.started.wait(30)
            _edit_close(live, first, 123.5)  # committed while the first computation runs
            before = queued(live)
            later = pool.submit(_get_profit, live)  # arrives after the commit
            until_queued(live, before, 1)  # it waits behind the running computation
            held.release.set()
            assert running.result(30)["profit_closed_coin"] != 123.5
            assert later.result(30)["profit_closed_coin"] == 123.5
        assert held.calls == 2


def test_requests_waiting_together_share_one_computation_and_get_one_alones_answer(
        tmp_path, monkeypatch):
    with e2e_bot(tmp_path, free_port()) as live:
        closed_trade(live, "BTC/USDT")
        closed_trade(live, "ETH/USDT")
        held = _Held(monkeypatch)
        bodies = behind_a_held_one(live, held, "profit", 16)
        assert held.calls == 2  # the held one, then one for all 16
        assert all(body.status_code == 200 for body in bodies)
        assert len({body.content for body in bodies}) == 1
        alone = _get_profit(live)
        assert held.calls == 3
        assert _without_ages(bodies[0].json()) == _without_ages(alone)
        assert alone["closed_trade_count"] == 2
        assert {k: v for k, v in bodies[0].headers.items() if k.lower() != "date"} == \
            {k: v for k, v in live.get("profit").headers.items() if k.lower() != "date"}
