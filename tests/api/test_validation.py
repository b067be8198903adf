"""422 answers in pydantic-v2 shape for every supported input type (dummy routes echo values)."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import basic_header
from starlette.requests import Request

from freqtrade.api import (
    AwareDatetime,
    Field,
    Model,
    StrategyName,
    api_route,
    parse_body,
    parse_query,
)

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient


def _echo(request: Request, **values: Any) -> dict[str, Any]:
    return values


FORCE_EXIT = Model("ForceExitPayload", [
    Field("tradeid", str | int),
    Field("ordertype", str, enum=("limit", "market"), default=None),
    Field("amount", float | None, default=None, gt=0),
])
LOCK = Model("LocksPayload", [
    Field("pair", str, max_length=20),
    Field("side", str, enum=("long", "short", "*"), default="*"),
    Field("reason", str | None, default=None),
    Field("until", AwareDatetime),
])
COUNT = Model("CountPayload", [Field("count", int), Field("tags", list[str], default=None)])

ROUTES = [
    api_route("/api/v1/test/query", _echo, fields=[
        Field("pair", str),
        Field("limit", int, default=500, ge=1, le=500),
        Field("rate", float, default=None),
        Field("flag", bool, default=False),
        Field("ordertype", str, enum=("limit", "market"), default="limit"),
        Field("since", AwareDatetime, default=None),
        Field("when", datetime, default=None),
        Field("pairs_to_delete", list[str], default=[], max_items=3),
        Field("strategy", StrategyName, default=None),
        Field("timeframe", str, alias="tf", default="5m"),
    ]),
    api_route("/api/v1/test/trade/{tradeid}", _echo,
              fields=[Field("tradeid", int, location="path")]),
    api_route("/api/v1/test/forceexit", _echo, ["POST"], body=FORCE_EXIT),
    api_route("/api/v1/test/locks", _echo, ["POST"], body=[LOCK], body_max_items=2),
    api_route("/api/v1/test/count", _echo, ["POST"], body=COUNT),
    api_route("/api/v1/test/optional", _echo, ["POST"], body=COUNT, body_required=False),
]


@pytest.fixture
def vclient(make_client: MakeClient) -> TestClient:
    return make_client(ROUTES)


def errors_of(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    return response.json()["detail"]


def query(client: TestClient, params: str) -> Any:
    return client.get(f"/api/v1/test/query?{params}", headers=basic_header())


def post(client: TestClient, path: str, **kwargs: Any) -> Any:
    headers = {**basic_header(), **kwargs.pop("headers", {})}
    return client.post(f"/api/v1/test/{path}", headers=headers, **kwargs)


# --------------------------------------------------------------------------- query

def test_missing_query_field(vclient: TestClient) -> None:
    assert errors_of(query(vclient, "")) == [
        {"type": "missing", "loc": ["query", "pair"], "msg": "Field required", "input": None}]


def test_query_defaults_and_coercion(vclient: TestClient) -> None:
    response = query(vclient, "pair=ETH/BTC&limit=5.0&rate=1.5e-3&flag=yes&ordertype=market"
                              "&since=2024-01-01T10:00:00Z&when=2024-01-02"
                              "&pairs_to_delete=A/B&pairs_to_delete=C/D&strategy=Sample&tf=1h")
    assert response.status_code == 200
    assert response.json() == {
        "pair": "ETH/BTC", "limit": 5, "rate": 0.0015, "flag": True, "ordertype": "market",
        "since": "2024-01-01T10:00:00Z", "when": "2024-01-02T00:00:00",
        "pairs_to_delete": ["A/B", "C/D"], "strategy": "Sample", "timeframe": "1h"}
    assert query(vclient, "pair=X").json() == {
        "pair": "X", "limit": 500, "rate": None, "flag": False, "ordertype": "limit",
        "since": None, "when": None, "pairs_to_delete": [], "strategy": None, "timeframe": "5m"}


INT_PARSING = "Input should be a valid integer, unable to parse string as an integer"


@pytest.mark.parametrize("params,expected", [
    ("limit=abc", {"type": "int_parsing", "loc": ["query", "limit"], "msg": INT_PARSING,
                   "input": "abc"}),
    ("limit=5.5", {"type": "int_parsing", "loc": ["query", "limit"], "msg": INT_PARSING,
                   "input": "5.5"}),
    ("limit=0", {"type": "greater_than_equal", "loc": ["query", "limit"],
                 "msg": "Input should be greater than or equal to 1", "input": "0",
                 "ctx": {"ge": 1}}),
    ("limit=501", {"type": "less_than_equal", "loc": ["query", "limit"],
                   "msg": "Input should be less than or equal to 500", "input": "501",
                   "ctx": {"le": 500}}),
    ("rate=abc", {"type": "float_parsing", "loc": ["query", "rate"],
                  "msg": "Input should be a valid number, unable to parse string as a number",
                  "input": "abc"}),
    ("rate=nan", {"type": "finite_number", "loc": ["query", "rate"],
                  "msg": "Input should be a finite number", "input": "nan"}),
    ("flag=maybe", {"type": "bool_parsing", "loc": ["query", "flag"],
                    "msg": "Input should be a valid boolean, unable to interpret input",
                    "input": "maybe"}),
    ("ordertype=stop", {"type": "literal_error", "loc": ["query", "ordertype"],
                        "msg": "Input should be 'limit' or 'market'", "input": "stop",
                        "ctx": {"expected": "'limit' or 'market'"}}),
    ("since=2024-01-01T10:00:00", {"type": "timezone_aware", "loc": ["query", "since"],
                                   "msg": "Input should have timezone info",
                                   "input": "2024-01-01T10:00:00"}),
    ("since=garbage", {"type": "datetime_from_date_parsing", "loc": ["query", "since"],
                       "msg": "Input should be a valid datetime or date, input is too short",
                       "input": "garbage", "ctx": {"error": "input is too short"}}),
    ("when=2024-01-01T25:00:00", {
        "type": "datetime_parsing", "loc": ["query", "when"],
        "msg": "Input should be a valid datetime, hour value is outside expected range of 0-23",
        "input": "2024-01-01T25:00:00",
        "ctx": {"error": "hour value is outside expected range of 0-23"}}),
    ("when=2024-13-01", {
        "type": "datetime_from_date_parsing", "loc": ["query", "when"],
        "msg": "Input should be a valid datetime or date, month value is outside expected "
               "range of 1-12",
        "input": "2024-13-01", "ctx": {"error": "month value is outside expected range of 1-12"}}),
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
    assert errors_of(query(vclient, f"pair=X&{params}")) == [expected]


def test_all_errors_of_a_request_are_reported_together(vclient: TestClient) -> None:
    errors = errors_of(query(vclient, "limit=x&flag=2"))
    assert [(e["type"], e["loc"]) for e in errors] == [
        ("missing", ["query", "pair"]), ("int_parsing", ["query", "limit"]),
        ("bool_parsing", ["query", "flag"])]


# --------------------------------------------------------------------------- path

def test_path_parameter(vclient: TestClient) -> None:
    ok = vclient.get("/api/v1/test/trade/12", headers=basic_header())
    assert ok.json() == {"tradeid": 12}
    assert errors_of(vclient.get("/api/v1/test/trade/abc", headers=basic_header())) == [
        {"type": "int_parsing", "loc": ["path", "tradeid"], "msg": INT_PARSING, "input": "abc"}]


def test_auth_is_checked_before_validation(vclient: TestClient) -> None:
    assert vclient.get("/api/v1/test/trade/abc").status_code == 401
    assert post(vclient, "count", headers={"Authorization": ""}, content="{").status_code == 401


# --------------------------------------------------------------------------- body

MODEL_ATTRIBUTES = "Input should be a valid dictionary or object to extract fields from"


def test_body_union_keeps_json_type(vclient: TestClient) -> None:
    assert post(vclient, "forceexit", json={"tradeid": 5}).json() == {
        "body": {"tradeid": 5, "ordertype": None, "amount": None}}
    assert post(vclient, "forceexit", json={"tradeid": "5", "amount": 1,
                                            "ordertype": "market", "extra": 1}).json() == {
        "body": {"tradeid": "5", "ordertype": "market", "amount": 1.0}}


def test_body_union_error_lists_each_member(vclient: TestClient) -> None:
    assert errors_of(post(vclient, "forceexit", json={"tradeid": None})) == [
        {"type": "string_type", "loc": ["body", "tradeid", "str"],
         "msg": "Input should be a valid string", "input": None},
        {"type": "int_type", "loc": ["body", "tradeid", "int"],
         "msg": "Input should be a valid integer", "input": None}]


def test_missing_body_field_reports_the_body_as_input(vclient: TestClient) -> None:
    body = {"ordertype": "limit"}
    assert errors_of(post(vclient, "forceexit", json=body)) == [
        {"type": "missing", "loc": ["body", "tradeid"], "msg": "Field required", "input": body}]


@pytest.mark.parametrize("kwargs", [{}, {"content": "null"}, {"content": ""},
                                    {"json": None}])
def test_absent_or_null_body_is_missing(vclient: TestClient, kwargs: dict[str, Any]) -> None:
    assert errors_of(post(vclient, "forceexit", **kwargs)) == [
        {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]


def test_optional_body_may_be_absent(vclient: TestClient) -> None:
    assert post(vclient, "optional").json() == {"body": None}


def test_invalid_json(vclient: TestClient) -> None:
    response = post(vclient, "forceexit", content='{"tradeid": ',
                    headers={"Content-Type": "application/json"})
    assert errors_of(response) == [
        {"type": "json_invalid", "loc": ["body", 12], "msg": "JSON decode error", "input": {},
         "ctx": {"error": "Expecting value"}}]


@pytest.mark.parametrize("content,content_type,expected_input", [
    ("[1, 2]", None, [1, 2]),
    ('"text"', "application/json", "text"),
    ('{"tradeid": 1}', "text/plain", '{"tradeid": 1}'),
])
def test_body_that_is_not_an_object(vclient: TestClient, content: str,
                                    content_type: str | None, expected_input: Any) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = post(vclient, "forceexit", content=content, headers=headers)
    assert errors_of(response) == [{"type": "model_attributes_type", "loc": ["body"],
                                    "msg": MODEL_ATTRIBUTES, "input": expected_input}]


def test_json_without_content_type_is_parsed(vclient: TestClient) -> None:
    response = post(vclient, "count", content='{"count": 2}')
    assert response.status_code == 200
    assert response.json() == {"body": {"count": 2, "tags": None}}


@pytest.mark.parametrize("body,expected", [
    ({"count": 1.5}, {"type": "int_from_float", "loc": ["body", "count"],
                      "msg": "Input should be a valid integer, got a number with a fractional "
                             "part", "input": 1.5}),
    ({"count": "x"}, {"type": "int_parsing", "loc": ["body", "count"], "msg": INT_PARSING,
                      "input": "x"}),
    ({"count": True}, {"type": "int_type", "loc": ["body", "count"],
                       "msg": "Input should be a valid integer", "input": True}),
    ({"count": 1, "tags": "a"}, {"type": "list_type", "loc": ["body", "tags"],
                                 "msg": "Input should be a valid list", "input": "a"}),
    ({"count": 1, "tags": ["a", 2]}, {"type": "string_type", "loc": ["body", "tags", 1],
                                      "msg": "Input should be a valid string", "input": 2}),
])
def test_body_type_errors(vclient: TestClient, body: dict[str, Any],
                          expected: dict[str, Any]) -> None:
    assert errors_of(post(vclient, "count", json=body)) == [expected]


def test_body_numbers_are_coerced_like_pydantic(vclient: TestClient) -> None:
    assert post(vclient, "count", json={"count": "7", "tags": []}).json() == {
        "body": {"count": 7, "tags": []}}
    assert post(vclient, "count", json={"count": 3.0}).json()["body"]["count"] == 3
    response = post(vclient, "forceexit", json={"tradeid": 1, "amount": -1})
    assert errors_of(response) == [
        {"type": "greater_than", "loc": ["body", "amount"], "msg": "Input should be greater "
         "than 0", "input": -1, "ctx": {"gt": 0}}]


def test_list_body_of_models(vclient: TestClient) -> None:
    locks = [{"pair": "ETH/BTC", "until": "2024-01-01T10:00:00.123Z", "reason": "manual"},
             {"pair": "XRP/BTC", "until": "2024-01-01T12:00:00+02:00", "side": "long"}]
    response = post(vclient, "locks", json=locks)
    assert response.status_code == 200
    assert response.json() == {"body": [
        {"pair": "ETH/BTC", "side": "*", "reason": "manual",
         "until": "2024-01-01T10:00:00.123000Z"},
        {"pair": "XRP/BTC", "side": "long", "reason": None,
         "until": "2024-01-01T12:00:00+02:00"}]}


def test_list_body_errors(vclient: TestClient) -> None:
    bad = [{"pair": "ETH/BTC", "until": "2024-01-01T10:00:00", "side": "both"},
           {"pair": "X" * 21, "until": "2024-01-01T10:00:00Z"}]
    assert errors_of(post(vclient, "locks", json=bad)) == [
        {"type": "literal_error", "loc": ["body", 0, "side"],
         "msg": "Input should be 'long', 'short' or '*'", "input": "both",
         "ctx": {"expected": "'long', 'short' or '*'"}},
        {"type": "timezone_aware", "loc": ["body", 0, "until"],
         "msg": "Input should have timezone info", "input": "2024-01-01T10:00:00"},
        {"type": "string_too_long", "loc": ["body", 1, "pair"],
         "msg": "String should have at most 20 characters", "input": "X" * 21,
         "ctx": {"max_length": 20}}]
    assert errors_of(post(vclient, "locks", json={"pair": "ETH/BTC"})) == [
        {"type": "list_type", "loc": ["body"], "msg": "Input should be a valid list",
         "input": {"pair": "ETH/BTC"}}]


def test_list_body_length_is_capped(vclient: TestClient) -> None:
    lock = {"pair": "ETH/BTC", "until": "2024-01-01T10:00:00Z"}
    errors = errors_of(post(vclient, "locks", json=[lock] * 3))
    assert errors == [{"type": "too_long", "loc": ["body"],
                       "msg": "List should have at most 2 items after validation, not 3",
                       "input": [lock] * 3,
                       "ctx": {"field_type": "List", "max_length": 2, "actual_length": 3}}]


def test_bad_declarations_fail_at_import_time() -> None:
    with pytest.raises(ValueError, match="not in the path"):
        api_route("/api/v1/x", _echo, fields=[Field("tradeid", int, location="path")])
    with pytest.raises(ValueError, match="cannot be optional"):
        Field("tradeid", int, location="path", default=1)
    with pytest.raises(ValueError, match="share a name"):
        api_route("/api/v1/x", _echo, fields=[Field("a", int), Field("a", str, alias="b")])


async def _manual(request: Request) -> dict[str, Any]:
    params = parse_query(request, [Field("limit", int, default=10, le=50)])
    body = await parse_body(request, COUNT)
    return {"limit": params["limit"], "count": body["count"]}


def test_handlers_may_parse_inputs_themselves(make_client: MakeClient) -> None:
    client = make_client([api_route("/api/v1/test/manual", _manual, ["POST"])])
    ok = post(client, "manual?limit=3", json={"count": 2})
    assert ok.json() == {"limit": 3, "count": 2}
    assert errors_of(post(client, "manual?limit=99", json={"count": 2}))[0]["type"] == \
        "less_than_equal"
    assert errors_of(post(client, "manual", json={}))[0]["loc"] == ["body", "count"]
