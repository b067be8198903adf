"""The audit log over HTTP with a real SQLite file: outcomes, size bound, restarts, failures."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import basic_header
from starlette.requests import Request

from freqtrade.api.routing import TRADE, api_route, get_rpc
from freqtrade.persistence import close_db, init_db


def _fails_in_the_bot(request: Request) -> None:
    get_rpc(request).fail()


async def _crashes(request: Request) -> None:
    raise ValueError("secret internal detail")


def _takes_body(request: Request, body: dict[str, Any]) -> dict[str, int]:
    return {"keys": len(body)}


ROUTES = [
    api_route("/api/v1/test/body-action", _takes_body, ["POST"], scope=TRADE, mode="any"),
    api_route("/api/v1/test/rpc-action", _fails_in_the_bot, ["POST"], scope=TRADE, mode="trade"),
    api_route("/api/v1/test/crash-action", _crashes, ["DELETE"], scope=TRADE, mode="any"),
]


@pytest.fixture
def db_path(tmp_path) -> Iterator[Path]:
    path = tmp_path / "tradesv3.sqlite"
    init_db(f"sqlite:///{path}")
    yield path
    close_db()


@pytest.fixture
def audited_client(make_client, db_path, api_config):
    from api_helpers import FakeRPC

    api_config["api_server"]["audit_log_max_entries"] = 3
    return make_client(ROUTES, rpc=FakeRPC())


def entries(client) -> list[dict[str, Any]]:
    response = client.get("/api/v1/audit", headers=basic_header())
    assert response.status_code == 200, response.text
    return response.json()["entries"]


def test_outcomes_are_recorded_including_failures_in_the_bot_and_crashes(audited_client):
    assert audited_client.post("/api/v1/test/action?x=1", headers=basic_header()).status_code \
        == 200
    assert audited_client.post("/api/v1/test/rpc-action", headers=basic_header()
                               ).status_code == 502
    crashed = audited_client.delete("/api/v1/test/crash-action", headers=basic_header())
    assert crashed.status_code == 500
    recorded = entries(audited_client)
    assert [(e["method"], e["route"], e["status"]) for e in recorded] == [
        ("DELETE", "/api/v1/test/crash-action", 500),
        ("POST", "/api/v1/test/rpc-action", 502),
        ("POST", "/api/v1/test/action", 200)]
    assert recorded[2]["parameters"] == {"query": {"x": "1"}}
    assert {e["username"] for e in recorded} == {"freqtrader"}


def test_only_the_newest_entries_are_kept(audited_client, db_path):
    for number in range(7):
        audited_client.post(f"/api/v1/test/action?n={number}", headers=basic_header())
    recorded = entries(audited_client)
    assert [e["parameters"]["query"]["n"] for e in recorded] == ["6", "5", "4"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM ft_api_audit_log").fetchone()[0] == 3


def test_entries_survive_a_restart(make_client, db_path):
    from api_helpers import FakeRPC

    client = make_client(rpc=FakeRPC())
    client.post("/api/v1/test/action?before=restart", headers=basic_header())
    client.close()
    close_db()
    init_db(f"sqlite:///{db_path}")
    again = make_client(rpc=FakeRPC())
    assert entries(again)[0]["parameters"] == {"query": {"before": "restart"}}


def test_a_failing_audit_write_is_logged_and_the_call_still_answers(audited_client, db_path,
                                                                    caplog):
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE ft_api_audit_log")
    with caplog.at_level(logging.WARNING, logger="freqtrade.api.audit_trail"):
        response = audited_client.post("/api/v1/test/action", headers=basic_header())
    assert response.status_code == 200 and response.json() == {"status": "done"}
    assert "Could not write the audit log entry for POST /api/v1/test/action" in caplog.text


def test_without_a_database_calls_answer_unaudited(client, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post("/api/v1/test/action", headers=basic_header())
    assert response.status_code == 200
    assert "audit" not in caplog.text


def test_without_a_database_the_audit_log_answers_503(client):
    response = client.get("/api/v1/audit", headers=basic_header())
    assert response.status_code == 503
    assert response.json() == {
        "detail": "No database is open: the audit log is kept by a trading bot."}


def test_parameters_are_bounded_and_odd_bodies_never_break_the_call(audited_client):
    big = {"pairs": [f"PAIR{i}/USDT" for i in range(5000)]}
    assert audited_client.post("/api/v1/test/body-action", json=big, headers=basic_header()
                               ).json() == {"keys": 1}
    deep = "[" * 7000 + "]" * 7000  # fits the 16 KiB captured, too deep to decode: kept as text
    answered = audited_client.post("/api/v1/test/body-action", content=deep,
                                   headers={**basic_header(), "Content-Type": "application/json"})
    assert answered.status_code == 400
    recorded = entries(audited_client)
    assert [e["status"] for e in recorded[:2]] == [400, 200]
    assert len(recorded[1]["parameters"]["truncated"]) == 4000
    assert recorded[0]["parameters"]["truncated"].startswith('{"body": "[[[')


def test_a_recorded_integer_beyond_64_bits_is_read_back_as_its_digits(audited_client):
    huge = 10**30
    body = f'{{"tradeid": {huge}, "amount": 3}}'
    assert audited_client.post("/api/v1/test/body-action", content=body, headers={
        **basic_header(), "Content-Type": "application/json"}).status_code == 200
    response = audited_client.get("/api/v1/audit", headers=basic_header())
    assert response.status_code == 200
    assert response.json()["entries"][0]["parameters"]["body"] == {
        "tradeid": str(huge), "amount": 3}
