"""HTTP Basic / Bearer authentication: freqtrade's exact 401 flavours and our security fixes."""
from __future__ import annotations

import base64
import logging
from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import PASSWORD, USERNAME, basic_header, bearer_header

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient

PROTECTED = "/api/v1/test/protected"


def assert_401(response: Any, detail: str, www_authenticate: str | None) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": detail}
    assert response.headers.get("www-authenticate") == www_authenticate


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/v1/token/login", headers=basic_header(), json={})
    assert response.status_code == 200
    return response.json()


def test_basic_auth_grants_access(client: TestClient) -> None:
    response = client.get(PROTECTED, headers=basic_header())
    assert response.status_code == 200
    assert response.json() == {"user": USERNAME}
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Token abc"},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": "Basic"},
    basic_header("wrong", PASSWORD),
    basic_header(USERNAME, "wrong"),
    basic_header("wrong", "wrong"),
])
def test_missing_or_wrong_credentials_are_plain_unauthorized(
        client: TestClient, headers: dict[str, str]) -> None:
    assert_401(client.get(PROTECTED, headers=headers), "Unauthorized", None)


@pytest.mark.parametrize("value", [
    "Basic not-base64!!",
    "Basic " + base64.b64encode(b"no-colon-here").decode(),
    "Basic " + base64.b64encode("fr\u00e9qtrader:p\u00e4ss".encode()).decode(),
])
def test_malformed_basic_is_not_authenticated_with_basic_challenge(
        client: TestClient, value: str) -> None:
    assert_401(client.get(PROTECTED, headers={"Authorization": value}),
               "Not authenticated", "Basic")


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.xx"])
def test_invalid_bearer_is_could_not_validate(client: TestClient, token: str) -> None:
    assert_401(client.get(PROTECTED, headers=bearer_header(token)),
               "Could not validate credentials", "Bearer")


def test_bearer_scheme_is_case_insensitive(client: TestClient) -> None:
    access = login(client)["access_token"]
    response = client.get(PROTECTED, headers={"Authorization": f"bearer {access}"})
    assert response.status_code == 200


def test_login_returns_tokens_usable_as_bearer(client: TestClient) -> None:
    tokens = login(client)
    assert set(tokens) == {"access_token", "refresh_token"}
    response = client.get(PROTECTED, headers=bearer_header(tokens["access_token"]))
    assert response.status_code == 200
    assert response.json() == {"user": USERNAME}


def test_login_answer_is_not_cacheable(client: TestClient) -> None:
    response = client.post("/api/v1/token/login", headers=basic_header())
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer abc"},
                                     {"Authorization": "Basic %%%"}])
def test_login_without_basic_is_not_authenticated(client: TestClient,
                                                  headers: dict[str, str]) -> None:
    assert_401(client.post("/api/v1/token/login", headers=headers), "Not authenticated", "Basic")


def test_login_with_valid_access_token_is_refused(client: TestClient) -> None:
    access = login(client)["access_token"]
    assert_401(client.post("/api/v1/token/login", headers=bearer_header(access)),
               "Not authenticated", "Basic")


def test_login_with_wrong_password(client: TestClient) -> None:
    response = client.post("/api/v1/token/login", headers=basic_header(USERNAME, "nope"))
    assert_401(response, "Incorrect username or password", None)


def test_refresh_returns_only_an_access_token(client: TestClient) -> None:
    refresh = login(client)["refresh_token"]
    response = client.post("/api/v1/token/refresh", headers=bearer_header(refresh))
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["access_token"]
    assert client.get(PROTECTED, headers=bearer_header(body["access_token"])).status_code == 200


def test_refresh_token_cannot_be_used_as_access(client: TestClient) -> None:
    refresh = login(client)["refresh_token"]
    assert_401(client.get(PROTECTED, headers=bearer_header(refresh)),
               "Could not validate credentials", "Bearer")


@pytest.mark.parametrize("kind", ["access", "none", "basic", "garbage"])
def test_refresh_needs_a_refresh_token(client: TestClient, kind: str) -> None:
    headers = {
        "access": lambda: bearer_header(login(client)["access_token"]),
        "none": dict,
        "basic": basic_header,
        "garbage": lambda: bearer_header("x.y.z"),
    }[kind]()
    assert_401(client.post("/api/v1/token/refresh", headers=headers),
               "Could not validate credentials", "Bearer")


def test_several_access_tokens_are_valid_at_once(client: TestClient) -> None:
    tokens = [login(client)["access_token"] for _ in range(3)]
    refresh = login(client)["refresh_token"]
    tokens += [client.post("/api/v1/token/refresh", headers=bearer_header(refresh)
                           ).json()["access_token"] for _ in range(2)]
    for token in tokens:
        assert client.get(PROTECTED, headers=bearer_header(token)).status_code == 200


@pytest.mark.parametrize("field", ["password", "username"])
@pytest.mark.parametrize("supplied", ["", "anything"])
def test_empty_configured_credential_never_authenticates(
        make_client: MakeClient, api_config: dict[str, Any], field: str, supplied: str) -> None:
    api_config["api_server"][field] = ""
    client = make_client()
    user = supplied if field == "username" else USERNAME
    password = supplied if field == "password" else PASSWORD
    assert_401(client.get(PROTECTED, headers=basic_header(user, password)), "Unauthorized", None)
    assert_401(client.post("/api/v1/token/login", headers=basic_header(user, password)),
               "Incorrect username or password", None)


def test_non_ascii_configured_password_is_401_not_500(make_client: MakeClient,
                                                      api_config: dict[str, Any]) -> None:
    api_config["api_server"]["password"] = "p\u00e4ssw\u00f6rd-\u20ac"
    client = make_client()
    assert_401(client.get(PROTECTED, headers=basic_header(USERNAME, "passwoerd")),
               "Unauthorized", None)
    assert_401(client.post("/api/v1/token/login", headers=basic_header(USERNAME, "x")),
               "Incorrect username or password", None)


def test_token_of_a_no_longer_configured_user_is_refused(make_client: MakeClient,
                                                         api_config: dict[str, Any]) -> None:
    client = make_client()
    access = login(client)["access_token"]
    client.context.config = {**api_config,
                             "api_server": {**api_config["api_server"], "username": "other"}}
    assert_401(client.get(PROTECTED, headers=bearer_header(access)),
               "Could not validate credentials", "Bearer")


def test_trade_scope_route_accepts_the_configured_user(client: TestClient) -> None:
    response = client.post("/api/v1/test/action", headers=basic_header())
    assert response.status_code == 200
    assert response.json() == {"status": "done"}


def test_failed_login_is_logged_without_the_password(client: TestClient,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    client.post("/api/v1/token/login", headers=basic_header("mallory", "hunter2-secret"))
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("user 'mall...' (7 characters) from testclient" in m for m in messages)
    assert not any("hunter2-secret" in m for m in messages)
