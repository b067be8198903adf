"""The history aggregates (/performance, /entries, /exits, /mix_tags, /stats, /daily, /weekly,
/monthly, /balance) share one computation among requests that wait together, as /profit does:
never one that began before a request, never one of other parameters."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.conftest import closed_trade
from tests.e2e.test_shared_profit import (
    _edit_close,
    _Held,
    behind_a_held_one,
    queued,
    until_queued,
)

# path -> the RPC method that computes its answer
ENDPOINTS = {
    "performance": "performance",
    "entries": "entries",
    "exits": "exits",
    "mix_tags": "mix_tags",
    "stats": "stats",
    "daily?timescale=5": "timeunit_profit",
    "weekly": "timeunit_profit",
    "monthly": "timeunit_profit",
    "balance": "balance",
}


def _ok(live, path: str):
    response = live.get(path)
    assert response.status_code == 200, response.text
    return response


@pytest.fixture(scope="module")
def bot_with_history(live_bot):
    closed_trade(live_bot, "BTC/USDT")
    closed_trade(live_bot, "ETH/USDT")
    return live_bot


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_requests_waiting_together_share_one_computation(bot_with_history, monkeypatch, path):
    live = bot_with_history
    held = _Held(monkeypatch, ENDPOINTS[path])
    bodies = behind_a_held_one(live, held, path, 8)
    assert held.calls == 2  # the held one, then one for all 8
    assert all(body.status_code == 200 for body in bodies)
    assert len({body.content for body in bodies}) == 1
    alone = _ok(live, path)
    assert held.calls == 3
    assert bodies[0].json() == alone.json()
    assert bodies[0].headers["content-type"] == alone.headers["content-type"]


def test_requests_of_other_parameters_do_not_share(bot_with_history, monkeypatch):
    live = bot_with_history
    held = _Held(monkeypatch, "timeunit_profit")
    with ThreadPoolExecutor(3) as pool:
        running = pool.submit(_ok, live, "daily?timescale=3")
        assert held.started.wait(30)
        five = pool.submit(_ok, live, "daily?timescale=5")  # not behind the held one
        assert len(five.result(30).json()["data"]) == 5
        weeks = pool.submit(_ok, live, "weekly?timescale=3")
        assert len(weeks.result(30).json()["data"]) == 3
        held.release.set()
        assert len(running.result(30).json()["data"]) == 3
    assert held.calls == 3


def test_a_close_edited_while_performance_is_computed_is_in_the_next_request(
        bot_with_history, monkeypatch):
    live = bot_with_history
    trade_id = closed_trade(live, "SOL/USDT")
    held = _Held(monkeypatch, "performance")
    with ThreadPoolExecutor(2) as pool:
        running = pool.submit(_ok, live, "performance")
        assert held.started.wait(30)
        _edit_close(live, trade_id, 77.25)  # committed while the first computation runs
        before = queued(live)
        later = pool.submit(_ok, live, "performance")  # arrives after the commit
        until_queued(live, before, 1)  # it waits behind the running computation
        held.release.set()

        def sol(response) -> float:
            return next(row["profit_abs"] for row in response.json() if row["pair"] == "SOL/USDT")

        assert sol(running.result(30)) != 77.25
        assert sol(later.result(30)) == 77.25
    assert held.calls == 2
