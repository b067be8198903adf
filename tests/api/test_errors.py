"""Error shapes (502/503/500/413), the 401 -> 503 -> 502 -> 422 order, and JSON rendering."""
from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest
from api_helpers import FakeRPC, basic_header
from pydantic import BaseModel
from starlette.requests import Request

from freqtrade.api.context import get_context
from freqtrade.api.responses import ApiJSONResponse
from freqtrade.api.routing import READ, TRADE, api_route
from freqtrade.enums import RunMode

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient

TRADES = "/api/v1/test/trades"


def test_rpc_exception_is_502_with_error_key(client: TestClient,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    response = client.get("/api/v1/test/rpcfail", headers=basic_header())
    assert response.status_code == 502
    assert response.json() == {
        "error": "Error querying /api/v1/test/rpcfail: Force_entry not enabled."}
    assert any(r.getMessage() == "API Error calling: Force_entry not enabled."
               for r in caplog.records)


@pytest.mark.parametrize("runmode,rpc,headers,status,body", [
    (RunMode.DRY_RUN, FakeRPC(), {}, 401, {"detail": "Unauthorized"}),
    (RunMode.WEBSERVER, None, basic_header(), 503,
     {"detail": "Bot is not in the correct state."}),
    (RunMode.LIVE, None, basic_header(), 502,
     {"error": f"Error querying {TRADES}: Bot is not in the correct state"}),
    (RunMode.DRY_RUN, FakeRPC(), basic_header(), 422, None),
])
def test_check_order_is_auth_mode_bot_validation(
        make_client: MakeClient, runmode: RunMode, rpc: Any, headers: dict[str, str],
        status: int, body: Any) -> None:
    client = make_client(runmode=runmode, rpc=rpc)
    response = client.get(f"{TRADES}?limit=0", headers=headers)
    assert response.status_code == status
    if body is not None:
        assert response.json() == body
    else:
        assert response.json()["detail"][0]["type"] == "greater_than_equal"


def test_valid_request_reaches_the_handler(client: TestClient) -> None:
    response = client.get(f"{TRADES}?limit=7", headers=basic_header())
    assert response.status_code == 200
    assert response.json() == {"limit": 7}


def test_webserver_only_route_is_503_in_trade_mode(make_client: MakeClient) -> None:
    route = api_route("/api/v1/test/backtest", lambda request: {"ok": True}, scope=READ,
                      mode="webserver")
    assert make_client([route]).get("/api/v1/test/backtest",
                                    headers=basic_header()).status_code == 503
    client = make_client([route], runmode=RunMode.WEBSERVER)
    assert client.get("/api/v1/test/backtest", headers=basic_header()).json() == {"ok": True}


def test_unexpected_exception_is_logged_json_500(client: TestClient,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    response = client.get("/api/v1/test/explode", headers=basic_header())
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Internal server error"}
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "secret internal detail" in str(logged[0].exc_info[1])


class Echo(BaseModel):
    data: str


def _echo_body(request: Request, body: Echo) -> dict[str, Any]:
    return body.model_dump()


BODY_ROUTE = api_route("/api/v1/test/echo", _echo_body, ["POST"], scope=TRADE, mode="any")


def test_oversize_body_is_413(make_client: MakeClient) -> None:
    client = make_client([BODY_ROUTE])
    big = '{"data": "' + "x" * (1024 * 1024) + '"}'
    response = client.post("/api/v1/test/echo", content=big, headers=basic_header())
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Request body too large (limit 1048576 bytes)."}


def test_oversize_streamed_body_is_413(make_client: MakeClient) -> None:
    client = make_client([BODY_ROUTE])
    chunks = (b"x" * 65536 for _ in range(20))  # chunked: no content-length to trust
    response = client.post("/api/v1/test/echo", content=chunks, headers=basic_header())
    assert response.status_code == 413


def test_body_just_under_the_cap_is_fine(make_client: MakeClient) -> None:
    client = make_client([BODY_ROUTE])
    data = "x" * (1024 * 1024 - 20)
    response = client.post("/api/v1/test/echo", json={"data": data}, headers=basic_header())
    assert response.status_code == 200
    assert response.json() == {"data": data}


def _rich(request: Request) -> dict[str, Any]:
    return {
        "nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"),
        "array": np.array([1.5, np.nan, np.inf]), "np_int": np.int64(3),
        "np_float": np.float64(0.25), "np_bool": np.bool_(True),
        "utc": datetime(2017, 11, 26, 8, 50, tzinfo=UTC),
        "fraction": datetime(2017, 11, 26, 8, 50, 0, 500000, tzinfo=UTC),
        "pandas": pd.Timestamp("2018-01-11", tz="UTC"), "nat": pd.NaT,
        "mode": get_context(request).runmode,
    }


def test_rendering_is_orjson_compatible_with_freqtrade(make_client: MakeClient) -> None:
    client = make_client([api_route("/api/v1/test/rich", _rich, scope=READ, mode="any")])
    response = client.get("/api/v1/test/rich", headers=basic_header())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text == (
        '{"nan":null,"inf":null,"ninf":null,"array":[1.5,null,null],"np_int":3,'
        '"np_float":0.25,"np_bool":true,"utc":"2017-11-26T08:50:00Z",'
        '"fraction":"2017-11-26T08:50:00.500000Z","pandas":"2018-01-11T00:00:00Z",'
        '"nat":null,"mode":"dry_run"}')


def test_handler_may_choose_status_and_headers(make_client: MakeClient) -> None:
    route = api_route("/api/v1/test/created", lambda request: ApiJSONResponse(
        {"id": 1}, status_code=201, headers={"X-Thing": "yes"}), ["POST"], scope=TRADE,
        mode="any")
    response = make_client([route]).post("/api/v1/test/created", headers=basic_header())
    assert response.status_code == 201
    assert response.headers["x-thing"] == "yes"
    assert response.headers["cache-control"] == "no-store"


def test_public_answers_are_cacheable(client: TestClient) -> None:
    assert "cache-control" not in client.get("/api/v1/ping").headers
