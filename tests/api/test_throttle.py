"""Login throttling: 5 wrong passwords per client within 5 minutes, then 429 until the window."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import USERNAME, basic_header, bearer_header

from freqtrade.api.throttle import LoginThrottle

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from freqtrade.util.clock import FrozenClock

PROTECTED = "/api/v1/test/protected"
LOGIN = "/api/v1/token/login"
WRONG = basic_header(USERNAME, "wrong-password")


def fail_times(client: TestClient, count: int, path: str = PROTECTED) -> None:
    for _ in range(count):
        method = client.post if path == LOGIN else client.get
        assert method(path, headers=WRONG).status_code == 401


def assert_429(response: Any, seconds: int) -> None:
    assert response.status_code == 429
    assert response.headers["retry-after"] == str(seconds)
    assert response.json() == {
        "detail": f"Too many failed login attempts, retry in {seconds} seconds."}


@pytest.mark.parametrize("path", [PROTECTED, LOGIN])
def test_sixth_attempt_is_refused_even_with_the_right_password(
        client: TestClient, frozen_clock: FrozenClock, path: str) -> None:
    fail_times(client, 5, path)
    frozen_clock.advance(seconds=60)
    assert_429(client.get(PROTECTED, headers=basic_header()), 240)
    assert_429(client.post(LOGIN, headers=basic_header()), 240)
    assert_429(client.post(LOGIN, headers=WRONG), 240)


def test_recovers_after_the_window(client: TestClient, frozen_clock: FrozenClock) -> None:
    fail_times(client, 5)
    assert client.get(PROTECTED, headers=basic_header()).status_code == 429
    frozen_clock.advance(minutes=5)
    assert client.get(PROTECTED, headers=basic_header()).status_code == 200
    assert client.post(LOGIN, headers=basic_header()).status_code == 200


def test_failures_spread_beyond_the_window_do_not_lock(client: TestClient,
                                                       frozen_clock: FrozenClock) -> None:
    for _ in range(10):
        fail_times(client, 1)
        frozen_clock.advance(minutes=1, seconds=1)
    assert client.get(PROTECTED, headers=basic_header()).status_code == 200


def test_success_resets_the_count(client: TestClient, frozen_clock: FrozenClock) -> None:
    fail_times(client, 4, LOGIN)
    assert client.post(LOGIN, headers=basic_header()).status_code == 200
    fail_times(client, 4, LOGIN)
    assert client.post(LOGIN, headers=basic_header()).status_code == 200


def test_bearer_tokens_keep_working_during_a_lockout(client: TestClient,
                                                     frozen_clock: FrozenClock) -> None:
    access = client.post(LOGIN, headers=basic_header()).json()["access_token"]
    fail_times(client, 5)
    assert client.get(PROTECTED, headers=basic_header()).status_code == 429
    assert client.get(PROTECTED, headers=bearer_header(access)).status_code == 200


def test_public_routes_are_not_throttled(client: TestClient, frozen_clock: FrozenClock) -> None:
    fail_times(client, 5)
    assert client.get("/api/v1/ping", headers=WRONG).status_code == 200


def test_throttle_is_per_client() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    throttle = LoginThrottle(max_failures=2, clock=lambda: now)
    assert throttle.failure("1.2.3.4") is False
    assert throttle.failure("1.2.3.4") is True
    assert throttle.retry_after("1.2.3.4") == 300
    assert throttle.retry_after("5.6.7.8") is None


def test_throttle_memory_is_bounded() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    throttle = LoginThrottle(max_tracked=3, clock=lambda: now)
    for i in range(10):
        throttle.failure(f"10.0.0.{i}")
    assert len(throttle._failures) <= 3
    assert throttle.retry_after("10.0.0.9") is None  # one failure is not a lockout
