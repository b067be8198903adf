"""Sessions: logout ends every token of a login, across restarts; a credential change ends all.

Requests go over HTTP (TestClient); the database is a real SQLite file, read back with
sqlite3. A restart is a new app on the same file after the process's in-memory copy of the
revocations is dropped (``tests/restart`` does the same with real processes).
"""
from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import PASSWORD, USERNAME, basic_header, bearer_header

from freqtrade.api.revocations import revoked_sessions
from freqtrade.persistence import close_db, init_db

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient

    from freqtrade.util.clock import FrozenClock

PROTECTED = "/api/v1/test/protected"
LOGIN, REFRESH, LOGOUT = "/api/v1/token/login", "/api/v1/token/refresh", "/api/v1/token/logout"
DETAIL = {"detail": "Could not validate credentials"}


@pytest.fixture
def db_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "tradesv3.sqlite"
    init_db(f"sqlite:///{path}")
    yield path
    close_db()


def login(client: TestClient, username: str = USERNAME, password: str = PASSWORD
          ) -> dict[str, str]:
    response = client.post(LOGIN, headers=basic_header(username, password))
    assert response.status_code == 200, response.text
    return response.json()


def access_status(client: TestClient, access: str) -> int:
    return client.get(PROTECTED, headers=bearer_header(access)).status_code


def refresh_status(client: TestClient, refresh: str) -> int:
    return client.post(REFRESH, headers=bearer_header(refresh)).status_code


def stored_sessions(db_file: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT session_id, expires_at FROM ft_revoked_api_sessions"
                            ).fetchall()


def restart(make_client: MakeClient, config: dict[str, Any] | None = None) -> TestClient:
    """A new process on the same database: nothing in memory, a new app."""
    revoked_sessions.forget()
    return make_client(config=config)


@pytest.mark.parametrize("logout_with", ["refresh_token", "access_token"])
def test_logout_ends_every_token_of_the_session(client: TestClient, frozen_clock: FrozenClock,
                                                logout_with: str) -> None:
    tokens = login(client)
    minted = client.post(REFRESH, headers=bearer_header(tokens["refresh_token"])).json()
    other = login(client)  # a second login is a session of its own
    response = client.post(LOGOUT, headers=bearer_header(tokens[logout_with]))
    assert response.status_code == 200
    assert response.json() == {"status": "Logged out."}
    assert response.headers["cache-control"] == "no-store"
    assert access_status(client, tokens["access_token"]) == 401
    assert access_status(client, minted["access_token"]) == 401
    refused = client.post(REFRESH, headers=bearer_header(tokens["refresh_token"]))
    assert (refused.status_code, refused.json()) == (401, DETAIL)
    again = client.post(LOGOUT, headers=bearer_header(tokens["refresh_token"]))
    assert (again.status_code, again.json()) == (401, DETAIL)
    assert again.headers["www-authenticate"] == "Bearer"
    assert access_status(client, other["access_token"]) == 200
    assert refresh_status(client, other["refresh_token"]) == 200


@pytest.mark.parametrize("headers", [
    {}, basic_header(), {"Authorization": "Bearer "}, {"Authorization": "Bearer x.y.z"},
    {"Authorization": "Token abc"},
])
def test_logout_needs_a_valid_bearer_token(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post(LOGOUT, headers=headers)
    assert (response.status_code, response.json()) == (401, DETAIL)


def test_logout_is_stored_and_survives_a_restart(make_client: MakeClient, db_file: Path,
                                                 frozen_clock: FrozenClock) -> None:
    client = make_client()
    ended, kept = login(client), login(client)
    assert client.post(LOGOUT, headers=bearer_header(ended["refresh_token"])).status_code == 200
    assert len(stored_sessions(db_file)) == 1
    client.close()
    close_db()
    init_db(f"sqlite:///{db_file}")
    restarted = restart(make_client)
    assert access_status(restarted, ended["access_token"]) == 401
    assert refresh_status(restarted, ended["refresh_token"]) == 401
    assert access_status(restarted, kept["access_token"]) == 200
    assert refresh_status(restarted, kept["refresh_token"]) == 200


def test_without_the_stored_row_a_restart_would_accept_the_token(
        make_client: MakeClient, db_file: Path, frozen_clock: FrozenClock) -> None:
    """The control of the restart test: the database row, not memory, carries the logout."""
    client = make_client()
    tokens = login(client)
    assert client.post(LOGOUT, headers=bearer_header(tokens["refresh_token"])).status_code == 200
    with sqlite3.connect(db_file) as conn:
        conn.execute("DELETE FROM ft_revoked_api_sessions")
    assert refresh_status(restart(make_client), tokens["refresh_token"]) == 200


def test_logout_without_a_database_is_stored_at_the_next_sync(
        make_client: MakeClient, tmp_path: Path, frozen_clock: FrozenClock) -> None:
    client = make_client()  # no database open, as during a reload or in webserver mode
    tokens = login(client)
    assert client.post(LOGOUT, headers=bearer_header(tokens["access_token"])).status_code == 200
    assert refresh_status(client, tokens["refresh_token"]) == 401
    path = tmp_path / "later.sqlite"
    init_db(f"sqlite:///{path}")
    try:
        assert revoked_sessions.sync()
        assert len(stored_sessions(path)) == 1
    finally:
        close_db()


def test_revocations_are_purged_once_their_tokens_have_expired(
        make_client: MakeClient, db_file: Path, frozen_clock: FrozenClock) -> None:
    client = make_client()
    first = login(client)
    assert client.post(LOGOUT, headers=bearer_header(first["refresh_token"])).status_code == 200
    frozen_clock.advance(days=29)
    second = login(client)
    assert client.post(LOGOUT, headers=bearer_header(second["refresh_token"])).status_code == 200
    assert len(stored_sessions(db_file)) == 2
    frozen_clock.advance(days=1, seconds=10)  # every token of the first session has expired
    third = login(client)
    assert client.post(LOGOUT, headers=bearer_header(third["refresh_token"])).status_code == 200
    assert len(stored_sessions(db_file)) == 2
    assert refresh_status(client, second["refresh_token"]) == 401


@pytest.mark.parametrize("key,value", [
    ("password", "a-new-password-for-the-bot"),
    ("username", "new-owner"),
    ("jwt_secret_key", "another-secret-of-at-least-32-characters!"),
])
def test_credential_change_applied_by_a_reload_ends_every_token(
        client: TestClient, api_config: dict[str, Any], frozen_clock: FrozenClock,
        key: str, value: str) -> None:
    tokens = login(client)
    assert refresh_status(client, tokens["refresh_token"]) == 200
    reloaded = copy.deepcopy(api_config)
    reloaded["api_server"][key] = value
    client.context.config = reloaded  # what a reload hands the running API
    assert access_status(client, tokens["access_token"]) == 401
    assert refresh_status(client, tokens["refresh_token"]) == 401
    assert client.post(LOGOUT, headers=bearer_header(tokens["refresh_token"])).status_code == 401
    section = reloaded["api_server"]
    fresh = login(client, section["username"], section["password"])
    assert access_status(client, fresh["access_token"]) == 200


def test_read_only_password_change_ends_the_read_only_users_tokens(
        client: TestClient, api_config: dict[str, Any], frozen_clock: FrozenClock) -> None:
    with_viewer = copy.deepcopy(api_config)
    with_viewer["api_server"].update(readonly_username="viewer",
                                     readonly_password="viewer-password-one")
    client.context.config = with_viewer
    tokens = login(client, "viewer", "viewer-password-one")
    assert access_status(client, tokens["access_token"]) == 200
    changed = copy.deepcopy(with_viewer)
    changed["api_server"]["readonly_password"] = "viewer-password-two"
    client.context.config = changed
    assert access_status(client, tokens["access_token"]) == 401
    assert refresh_status(client, tokens["refresh_token"]) == 401


def test_password_changed_while_the_bot_was_down_ends_every_token(
        make_client: MakeClient, api_config: dict[str, Any], frozen_clock: FrozenClock) -> None:
    tokens = login(make_client())
    changed = copy.deepcopy(api_config)
    changed["api_server"]["password"] = "changed-while-stopped"
    restarted = restart(make_client, changed)
    assert access_status(restarted, tokens["access_token"]) == 401
    assert refresh_status(restarted, tokens["refresh_token"]) == 401
    unchanged = restart(make_client, api_config)
    assert refresh_status(unchanged, tokens["refresh_token"]) == 200


def test_logout_is_documented(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/token/logout"]["post"]
    assert operation["tags"] == ["Auth"]
    assert operation["summary"].startswith("End the session of a Bearer token")
    assert set(operation["responses"]) == {"200", "401", "415"}
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/StatusMsg"}
