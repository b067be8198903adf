"""Inputs from the handler's signature, validated by pydantic, answered in FastAPI's 422 shape."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import pytest
from api_helpers import basic_header
from pydantic import AwareDatetime, BaseModel, Field
from starlette.requests import Request

from freqtrade.api.request_models import ForceExitPayload, LocksPayload, StrategyName
from freqtrade.api.routing import READ, TRADE, api_route

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient


def _query(request: Request, pair: str, limit: Annotated[int, Field(ge=1, le=500)] = 500,
           flag: bool = False, since: AwareDatetime | None = None,
           pairs_to_delete: Annotated[list[str], Field(max_length=3)] = [],  # noqa: B006
           strategy: StrategyName | None = None) -> dict[str, Any]:
    return {"pair": pair, "limit": limit, "flag": flag, "since": since,
            "pairs_to_delete": pairs_to_delete, "strategy": strategy}


def _trade(request: Request, tradeid: int, limit: int = 1) -> dict[str, Any]:
    return {"tradeid": tradeid, "limit": limit}


def _forceexit(request: Request, tradeid: int, body: ForceExitPayload) -> dict[str, Any]:
    return {"tradeid": tradeid, "body": body.model_dump(mode="json")}


def _locks(request: Request, body: Annotated[list[LocksPayload], Field(max_length=2)]
           ) -> list[dict[str, Any]]:
    return [lock.model_dump(mode="json") for lock in body]


class Count(BaseModel):
    count: int


def _optional(request: Request, body: Count | None = None) -> dict[str, Any]:
    return {"body": body.count if body else None}


ROUTES = [
    api_route("/api/v1/test/query", _query, scope=READ, mode="any"),
    api_route("/api/v1/test/trade/{tradeid}", _trade, scope=READ, mode="any"),
    api_route("/api/v1/test/forceexit/{tradeid}", _forceexit, ["POST"], scope=TRADE,
              mode="any"),
    api_route("/api/v1/test/locks", _locks, ["POST"], scope=TRADE, mode="any"),
    api_route("/api/v1/test/optional", _optional, ["POST"], scope=TRADE, mode="any"),
]
INT_PARSING = "Input should be a valid integer, unable to parse string as an integer"
MODEL_ATTRIBUTES = "Input should be a valid dictionary or object to extract fields from"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def vclient(make_client: MakeClient) -> TestClient:
    return make_client(ROUTES)


def errors_of(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    return response.json()["detail"]


def get(client: TestClient, path: str) -> Any:
    return client.get(f"/api/v1/test/{path}", headers=basic_header())


def post(client: TestClient, path: str, **kwargs: Any) -> Any:
    headers = {**basic_header(), **kwargs.pop("headers", {})}
    return client.post(f"/api/v1/test/{path}", headers=headers, **kwargs)


def test_query_values_defaults_and_repeated_keys(vclient: TestClient) -> None:
    response = get(vclient, "query?pair=ETH/BTC&limit=5&flag=yes&since=2024-01-01T10:00:00Z"
                            "&pairs_to_delete=A/B&pairs_to_delete=C/D&strategy=Sample")
    assert response.json() == {"pair": "ETH/BTC", "limit": 5, "flag": True,
                               "since": "2024-01-01T10:00:00Z",
                               "pairs_to_delete": ["A/B", "C/D"], "strategy": "Sample"}
    assert get(vclient, "query?pair=X").json() == {
        "pair": "X", "limit": 500, "flag": False, "since": None, "pairs_to_delete": [],
        "strategy": None}


def test_missing_query_parameter_has_null_input(vclient: TestClient) -> None:
    assert errors_of(get(vclient, "query")) == [
        {"type": "missing", "loc": ["query", "pair"], "msg": "Field required", "input": None}]


@pytest.mark.parametrize("params,expected", [
    ("limit=0", {"type": "greater_than_equal", "loc": ["query", "limit"],
                 "msg": "Input should be greater than or equal to 1", "input": "0",
                 "ctx": {"ge": 1}}),
    ("since=2024-01-01T10:00:00", {"type": "timezone_aware", "loc": ["query", "since"],
                                   "msg": "Input should have timezone info",
                                   "input": "2024-01-01T10:00:00"}),
    ("strategy=abc:ZGVm", {"type": "strategy_name", "loc": ["query", "strategy"],
                           "msg": "base64 encoded strategies are not allowed.",
                           "input": "abc:ZGVm"}),
    ("pairs_to_delete=A&pairs_to_delete=B&pairs_to_delete=C&pairs_to_delete=D", {
        "type": "too_long", "loc": ["query", "pairs_to_delete"],
        "msg": "List should have at most 3 items after validation, not 4",
        "input": ["A", "B", "C", "D"],
        "ctx": {"field_type": "List", "max_length": 3, "actual_length": 4}}),
])
def test_query_errors(vclient: TestClient, params: str, expected: dict[str, Any]) -> None:
    assert errors_of(get(vclient, f"query?pair=X&{params}")) == [expected]


def test_errors_come_path_then_query_then_body(vclient: TestClient) -> None:
    response = post(vclient, "forceexit/abc?limit=x", json={"tradeid": None, "amount": -1})
    assert [(e["type"], e["loc"]) for e in errors_of(response)] == [
        ("int_parsing", ["path", "tradeid"]),
        ("string_type", ["body", "tradeid", "str"]), ("int_type", ["body", "tradeid", "int"]),
        ("greater_than", ["body", "amount"])]
    assert [e["loc"] for e in errors_of(get(vclient, "trade/abc?limit=x"))] == [
        ["path", "tradeid"], ["query", "limit"]]


def test_body_reaches_the_handler_as_a_model(vclient: TestClient) -> None:
    response = post(vclient, "forceexit/3", json={"tradeid": "all", "ordertype": "market",
                                                  "extra": 1})
    assert response.json() == {"tradeid": 3, "body": {"tradeid": "all", "ordertype": "market",
                                                      "amount": None, "price": None}}


def test_missing_body_field_reports_the_body_as_input(vclient: TestClient) -> None:
    body = {"ordertype": "limit"}
    assert errors_of(post(vclient, "forceexit/1", json=body)) == [
        {"type": "missing", "loc": ["body", "tradeid"], "msg": "Field required", "input": body}]


@pytest.mark.parametrize("kwargs", [{}, {"content": ""}])
def test_absent_body_is_missing(vclient: TestClient, kwargs: dict[str, Any]) -> None:
    assert errors_of(post(vclient, "forceexit/1", headers=JSON, **kwargs)) == [
        {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]


def test_invalid_json_is_the_only_error(vclient: TestClient) -> None:
    response = post(vclient, "forceexit/abc", content='{"tradeid": ', headers=JSON)
    assert errors_of(response) == [
        {"type": "json_invalid", "loc": ["body", 12], "msg": "JSON decode error", "input": {},
         "ctx": {"error": "Expecting value"}}]


@pytest.mark.parametrize("content,content_type,expected_input", [
    ("null", "application/json", None),
    ("[1, 2]", "application/json", [1, 2]),
    ('{"tradeid": 1}', "application/xml", '{"tradeid": 1}'),  # text/plain: 415
    ('{"tradeid": 1}', None, '{"tradeid": 1}'),  # no content type: not read as JSON
])
def test_body_that_is_not_an_object(vclient: TestClient, content: str,
                                    content_type: str | None, expected_input: Any) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = post(vclient, "forceexit/1", content=content, headers=headers)
    assert errors_of(response) == [{"type": "model_attributes_type", "loc": ["body"],
                                    "msg": MODEL_ATTRIBUTES, "input": expected_input}]


def test_optional_body_may_be_absent(vclient: TestClient) -> None:
    assert post(vclient, "optional").json() == {"body": None}
    assert post(vclient, "optional", json={"count": "7"}).json() == {"body": 7}


def test_list_body_of_models(vclient: TestClient) -> None:
    locks = [{"pair": "ETH/BTC", "until": "2024-01-01T10:00:00.123Z", "reason": "manual"},
             {"pair": "XRP/BTC", "until": "2024-01-01T12:00:00+02:00", "side": "long"}]
    assert post(vclient, "locks", json=locks).json() == [
        {"pair": "ETH/BTC", "side": "*", "until": "2024-01-01T10:00:00.123000Z",
         "reason": "manual"},
        {"pair": "XRP/BTC", "side": "long", "until": "2024-01-01T12:00:00+02:00",
         "reason": None}]


def test_list_body_errors_and_cap(vclient: TestClient) -> None:
    bad = [1, {"pair": "X" * 65, "until": "2024-01-01T10:00:00Z", "side": "both"}]
    assert [(e["type"], e["loc"]) for e in errors_of(post(vclient, "locks", json=bad))] == [
        ("model_attributes_type", ["body", 0]), ("string_too_long", ["body", 1, "pair"]),
        ("literal_error", ["body", 1, "side"])]
    lock = {"pair": "ETH/BTC", "until": "2024-01-01T10:00:00Z"}
    assert errors_of(post(vclient, "locks", json=[lock] * 3)) == [
        {"type": "too_long", "loc": ["body"],
         "msg": "List should have at most 2 items after validation, not 3",
         "input": [lock] * 3, "ctx": {"field_type": "List", "max_length": 2,
                                      "actual_length": 3}}]


def test_prices_must_be_positive_and_finite(vclient: TestClient) -> None:
    response = post(vclient, "forceexit/1", content='{"tradeid": 1, "price": Infinity}',
                    headers=JSON)
    assert errors_of(response) == [
        {"type": "finite_number", "loc": ["body", "price"],
         "msg": "Input should be a finite number", "input": None}]  # inf renders as null


def test_auth_is_checked_before_validation(vclient: TestClient) -> None:
    assert vclient.get("/api/v1/test/trade/abc").status_code == 401
    assert vclient.post("/api/v1/test/forceexit/1", content="{", headers=JSON).status_code == 401


def _bad_path_default(request: Request, tradeid: int = 1) -> None:
    return None


def test_path_parameter_with_a_default_fails_at_import_time() -> None:
    with pytest.raises(ValueError, match="cannot have a default"):
        api_route("/api/v1/x/{tradeid}", _bad_path_default, scope=READ, mode="any")


def test_untyped_datetime_query_keeps_pydantic_lax_parsing(make_client: MakeClient) -> None:
    def _when(request: Request, when: datetime) -> dict[str, str]:
        return {"when": when.isoformat()}

    client = make_client([api_route("/api/v1/test/when", _when, scope=READ, mode="any")])
    assert get(client, "when?when=2024-01-02").json() == {"when": "2024-01-02T00:00:00"}
    assert errors_of(get(client, "when?when=2024-13-01"))[0]["type"] == \
        "datetime_from_date_parsing"
