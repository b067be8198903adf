"""Every history endpoint answers from the latest committed trades, including a write that
another program made straight into the database file, right after it happened."""
from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import closed_trade, e2e_bot
from tests.live_bot import free_port

ENDPOINTS = ("profit", "performance", "stats", "entries", "exits", "mix_tags",
             "trades?limit=500", "trades?limit=2&offset=1", "balance")


def _bodies(live) -> dict[str, dict]:
    answers = {}
    for path in ENDPOINTS:
        response = live.get(path)
        assert response.status_code == 200, (path, response.text)
        answers[path] = response.json()
    return answers


def test_closes_and_another_programs_writes_are_in_the_next_answer(tmp_path):
    with e2e_bot(tmp_path, free_port()) as live:
        first = closed_trade(live, "BTC/USDT")
        before = _bodies(live)
        assert before["profit"]["closed_trade_count"] == 1

        second = closed_trade(live, "ETH/USDT")  # through the API: the bot's own write
        after_close = _bodies(live)
        assert after_close["profit"]["closed_trade_count"] == 2
        assert {p["pair"] for p in after_close["performance"]} == {"BTC/USDT", "ETH/USDT"}
        assert after_close["trades?limit=500"]["total_trades"] == 2
        assert [t["trade_id"] for t in after_close["trades?limit=2&offset=1"]["trades"]] \
            == [second]

        database = live.config["db_url"].removeprefix("sqlite:///")
        with sqlite3.connect(database) as shell:  # another program edits the first close
            shell.execute("UPDATE trades SET close_profit_abs = 123.5, close_profit = 0.5, "
                          "exit_reason = 'edited_by_hand' WHERE id = ?", (first,))
        edited = _bodies(live)
        assert edited["profit"]["profit_closed_coin"] == pytest.approx(
            123.5 + next(t["profit_abs"] for t in after_close["trades?limit=500"]["trades"]
                         if t["trade_id"] == second))
        assert "edited_by_hand" in edited["stats"]["exit_reasons"]
        assert any(e["exit_reason"] == "edited_by_hand" for e in edited["exits"])
        assert next(t for t in edited["trades?limit=500"]["trades"]
                    if t["trade_id"] == first)["profit_abs"] == 123.5
        assert edited["balance"] != after_close["balance"]

        with sqlite3.connect(database) as shell:  # and deletes the second one
            shell.execute("DELETE FROM orders WHERE ft_trade_id = ?", (second,))
            shell.execute("DELETE FROM trades WHERE id = ?", (second,))
        deleted = _bodies(live)
        assert deleted["profit"]["closed_trade_count"] == 1
        assert deleted["trades?limit=500"]["total_trades"] == 1
        assert deleted["trades?limit=2&offset=1"]["trades"] == []
        assert [p["pair"] for p in deleted["performance"]] == ["BTC/USDT"]
