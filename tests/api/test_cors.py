"""CORS: exact origins, preflights, headers on error answers, and origin validation."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import ORIGIN, basic_header

from freqtrade.configuration.cors_origins import origin_problems
from freqtrade.configuration.validate import validate_config
from freqtrade.exceptions import OperationalException

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient


def preflight(client: TestClient, origin: str) -> Any:
    return client.options("/api/v1/token/login", headers={
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type",
    })


def assert_cors(response: Any) -> None:
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in response.headers["vary"]


def test_preflight_from_allowed_origin(client: TestClient) -> None:
    response = preflight(client, ORIGIN)
    assert response.status_code == 200
    assert_cors(response)
    assert response.headers["access-control-allow-headers"] == "Authorization, Content-Type"
    assert "POST" in response.headers["access-control-allow-methods"]


def test_preflight_from_other_origin_is_refused(client: TestClient) -> None:
    response = preflight(client, "http://evil.example")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("method,path,headers,status", [
    ("GET", "/api/v1/test/protected", {}, 401),
    ("GET", "/api/v1/test/rpcfail", basic_header(), 502),
    ("GET", "/api/v1/nothing", {}, 404),
    ("GET", "/api/v1/test/trades?limit=0", basic_header(), 422),
    ("GET", "/api/v1/test/explode", basic_header(), 500),
    ("GET", "/api/v1/test/protected", basic_header(), 200),
])
def test_answers_carry_cors_headers_for_allowed_origin(
        client: TestClient, method: str, path: str, headers: dict[str, str], status: int) -> None:
    response = client.request(method, path, headers={**headers, "Origin": ORIGIN})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert_cors(response)


def test_other_origin_gets_no_allow_origin(client: TestClient) -> None:
    response = client.get("/api/v1/ping", headers={"Origin": "http://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_origin_list_is_fixed_per_app_build(make_client: MakeClient,
                                            api_config: dict[str, Any]) -> None:
    """The worker rebuilds the API when ``api_server`` changes; a built app keeps its list."""
    client = make_client()
    api_config["api_server"]["CORS_origins"] = ["http://192.168.1.20:8080"]
    assert preflight(client, ORIGIN).status_code == 200
    assert preflight(make_client(), "http://192.168.1.20:8080").status_code == 200


BAD_ORIGINS = [
    ("http://example.com/", 'trailing slash or path; write it as "http://example.com"'),
    ("http://example.com/ui", 'trailing slash or path; write it as "http://example.com"'),
    ("http://example.com?x=1", 'trailing slash or path; write it as "http://example.com"'),
    ("ftp://example.com", "scheme http or https"),
    ("example.com", "scheme http or https"),
    ("http://user@example.com", "scheme http or https"),
    ("*", '"*" is not allowed'),
    ("", "must be a non-empty string"),
    ("http://Example.com", 'write it as "http://example.com"'),
    ("https://example.com:443", 'write it as "https://example.com"'),
    ("http://example.com:99999", "not a valid URL"),
]
GOOD_ORIGINS = ["http://example.com", "https://bot.local:8443", "http://[::1]:8080",
                "http://127.0.0.1:3000"]


@pytest.mark.parametrize("origin,hint", BAD_ORIGINS)
def test_bad_origins_are_explained(origin: str, hint: str) -> None:
    problems = origin_problems([origin])
    assert len(problems) == 1
    assert problems[0].startswith("api_server.CORS_origins[0]: ") and hint in problems[0]


def test_good_origins_pass() -> None:
    assert origin_problems(GOOD_ORIGINS) == []
    assert origin_problems(None) == []
    assert origin_problems("http://example.com") == [
        "api_server.CORS_origins: must be a list of origins"]


@pytest.mark.parametrize("origin", [origin for origin, _ in BAD_ORIGINS] + GOOD_ORIGINS)
def test_config_check_and_app_agree(make_client: MakeClient, api_config: dict[str, Any],
                                    origin: str) -> None:
    """An origin the config loader accepts is one the app accepts, and the other way round."""
    api_config["api_server"]["CORS_origins"] = [origin]
    config_problems = [p for p in validate_config(api_config) if "CORS_origins" in p]
    try:
        make_client()
        app_problems: list[str] = []
    except OperationalException as exc:
        app_problems = str(exc).splitlines()[1:]
    assert config_problems == app_problems


def test_create_app_refuses_bad_origins(make_client: MakeClient,
                                        api_config: dict[str, Any]) -> None:
    api_config["api_server"]["CORS_origins"] = ["http://example.com/"]
    with pytest.raises(OperationalException, match="trailing slash"):
        make_client()
