"""Password throttling over HTTP: per (address, username) and per username, never a weapon.

5 failures of one username from one address within 5 minutes throttle that pair; 20 failures
of one username from anywhere within an hour throttle it from addresses that never logged in
as it. The clock is frozen, each simulated address is its own TestClient on the same app.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import requests
from address_clients import FromAddress as From
from address_clients import clients_by_address
from api_helpers import USERNAME, basic_header, bearer_header

from freqtrade.api.throttle import LoginThrottle, password_account

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from freqtrade.api.server import ApiServer
    from freqtrade.util.clock import FrozenClock

PROTECTED = "/api/v1/test/protected"
LOGIN = "/api/v1/token/login"
WRONG = basic_header(USERNAME, "wrong-password")
RIGHT = basic_header()


@pytest.fixture
def from_address(client: TestClient) -> Iterator[From]:
    with clients_by_address(client) as build:
        yield build


def fail_times(client: TestClient, count: int, path: str = PROTECTED,
               headers: dict[str, str] = WRONG) -> None:
    for _ in range(count):
        method = client.post if path == LOGIN else client.get
        assert method(path, headers=headers).status_code == 401


def assert_429(response: Any, seconds: int) -> None:
    assert response.status_code == 429
    assert response.headers["retry-after"] == str(seconds)
    assert response.json() == {
        "detail": f"Too many failed login attempts, retry in {seconds} seconds."}


def owner_gets_in(client: TestClient) -> bool:
    return (client.get(PROTECTED, headers=RIGHT).status_code == 200
            and client.post(LOGIN, headers=RIGHT).status_code == 200)


# --------------------------------------------------------------- per (address, username)

@pytest.mark.parametrize("path", [PROTECTED, LOGIN])
def test_sixth_attempt_is_refused_even_with_the_right_password(
        client: TestClient, frozen_clock: FrozenClock, path: str) -> None:
    fail_times(client, 5, path)
    frozen_clock.advance(seconds=60)
    assert_429(client.get(PROTECTED, headers=RIGHT), 240)
    assert_429(client.post(LOGIN, headers=RIGHT), 240)
    assert_429(client.post(LOGIN, headers=WRONG), 240)


def test_two_mistypes_do_not_block(client: TestClient, frozen_clock: FrozenClock) -> None:
    fail_times(client, 2, LOGIN)
    assert owner_gets_in(client)
    fail_times(client, 2)
    assert owner_gets_in(client)


def test_recovers_after_the_window(client: TestClient, frozen_clock: FrozenClock) -> None:
    fail_times(client, 5)
    assert client.get(PROTECTED, headers=RIGHT).status_code == 429
    frozen_clock.advance(minutes=5)
    assert owner_gets_in(client)


def test_refused_attempts_do_not_extend_the_lock(client: TestClient,
                                                 frozen_clock: FrozenClock) -> None:
    fail_times(client, 5)
    for _ in range(4):
        frozen_clock.advance(minutes=1)
        assert client.get(PROTECTED, headers=WRONG).status_code == 429
    frozen_clock.advance(minutes=1)
    assert owner_gets_in(client)


def test_failures_spread_beyond_the_window_do_not_lock(client: TestClient,
                                                       frozen_clock: FrozenClock) -> None:
    for _ in range(10):
        fail_times(client, 1)
        frozen_clock.advance(minutes=1, seconds=1)
    assert owner_gets_in(client)


def test_a_success_does_not_reset_the_failures_of_a_shared_address(
        client: TestClient, frozen_clock: FrozenClock) -> None:
    """Otherwise an attacker behind the owner's proxy gets 4 fresh guesses per owner login."""
    fail_times(client, 4, LOGIN)
    assert owner_gets_in(client)
    fail_times(client, 1)
    assert_429(client.get(PROTECTED, headers=RIGHT), 300)


# ------------------------------------------------------------------ unknown usernames

def test_unknown_users_failures_never_lock_the_owner_out(
        client: TestClient, frozen_clock: FrozenClock) -> None:
    """Someone sharing the owner's address without knowing the username cannot lock them out."""
    for attempt in range(40):
        client.get(PROTECTED, headers=basic_header("admin", f"guess{attempt}"))
        client.post(LOGIN, headers=basic_header(f"user{attempt}", "guess"))
    assert client.get(PROTECTED, headers=basic_header("admin", "x")).status_code == 429
    assert owner_gets_in(client)
    fail_times(client, 4)  # the owner's own budget is untouched
    assert owner_gets_in(client)


def test_unknown_users_failures_from_many_addresses_never_lock_the_owner_out(
        from_address: From, frozen_clock: FrozenClock) -> None:
    for i in range(20):
        fail_times(from_address(f"10.0.1.{i}"), 1, headers=basic_header("admin", "guess"))
    assert from_address("10.0.1.99").get(
        PROTECTED, headers=basic_header("admin", "x")).status_code == 429
    assert owner_gets_in(from_address("10.0.1.99"))


def test_throttling_does_not_reveal_which_username_exists(
        from_address: From, frozen_clock: FrozenClock) -> None:
    def story(username: str, prefix: str) -> list[tuple[int, str | None]]:
        answers = []
        for i in range(25):
            response = from_address(f"{prefix}.{i % 6}").get(
                PROTECTED, headers=basic_header(username, "not-the-password"))
            answers.append((response.status_code, response.headers.get("retry-after")))
        return answers

    configured = story(USERNAME, "10.1.0")
    unknown = story("not-" + USERNAME, "10.2.0")
    assert configured == unknown
    assert {code for code, _ in configured} == {401, 429}


# --------------------------------------------------------------- distributed guessing

def test_distributed_guessing_is_bounded(from_address: From, frozen_clock: FrozenClock) -> None:
    """80 guesses over 20 addresses: only the first 20 are ever checked."""
    codes = []
    for i in range(20):
        for _ in range(4):
            codes.append(from_address(f"10.0.2.{i}").get(PROTECTED, headers=WRONG).status_code)
        frozen_clock.advance(seconds=30)
    assert codes.count(401) == 20 and codes.count(429) == 60
    newcomer = from_address("10.0.2.200")
    assert_429(newcomer.post(LOGIN, headers=RIGHT), 3600 - 20 * 30)
    frozen_clock.advance(hours=1)
    assert owner_gets_in(newcomer)


def test_distributed_guessing_cannot_keep_a_known_address_out(
        from_address: From, frozen_clock: FrozenClock) -> None:
    owner = from_address("192.168.1.5")
    assert owner_gets_in(owner)
    for i in range(20):
        fail_times(from_address(f"10.0.3.{i}"), 1)
    assert from_address("10.0.3.99").get(PROTECTED, headers=RIGHT).status_code == 429
    assert owner_gets_in(owner)


def test_a_known_address_is_forgotten_after_30_days(from_address: From,
                                                    frozen_clock: FrozenClock) -> None:
    owner = from_address("192.168.1.5")
    assert owner_gets_in(owner)
    frozen_clock.advance(days=30)
    for i in range(20):
        fail_times(from_address(f"10.0.4.{i}"), 1)
    assert owner.get(PROTECTED, headers=RIGHT).status_code == 429


def test_a_known_address_still_has_its_own_budget(from_address: From,
                                                  frozen_clock: FrozenClock) -> None:
    owner = from_address("192.168.1.5")
    assert owner_gets_in(owner)
    fail_times(owner, 5)
    assert owner.get(PROTECTED, headers=RIGHT).status_code == 429


# ------------------------------------------------------------------------ unaffected

def test_bearer_tokens_keep_working_during_a_lockout(from_address: From,
                                                     frozen_clock: FrozenClock) -> None:
    owner = from_address("192.168.1.5")
    access = owner.post(LOGIN, headers=RIGHT).json()["access_token"]
    fail_times(owner, 5)
    for i in range(15):  # with the owner's own 5: the username's hourly budget
        fail_times(from_address(f"10.0.5.{i}"), 1)
    assert owner.get(PROTECTED, headers=RIGHT).status_code == 429
    for caller in (owner, from_address("10.0.5.1"), from_address("10.0.5.77")):
        assert caller.get(PROTECTED, headers=bearer_header(access)).status_code == 200


def test_public_routes_are_not_throttled(client: TestClient, frozen_clock: FrozenClock) -> None:
    fail_times(client, 5)
    assert client.get("/api/v1/ping", headers=WRONG).status_code == 200


def test_throttled_over_a_real_server(live_server: tuple[ApiServer, str],
                                      frozen_clock: FrozenClock) -> None:
    _, base = live_server
    for _ in range(5):
        assert requests.post(base + LOGIN, headers=WRONG, timeout=10).status_code == 401
    assert_429(requests.post(base + LOGIN, headers=RIGHT, timeout=10), 300)
    assert_429(requests.get(base + "/api/v1/version", headers=RIGHT, timeout=10), 300)
    assert requests.post(base + LOGIN, headers=basic_header("someone", "else"),
                         timeout=10).status_code == 401


# ---------------------------------------------------------------------------- memory

def test_memory_is_bounded_and_junk_does_not_evict_a_locked_account() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    throttle = LoginThrottle(clock=lambda: now, max_tracked=50)
    target = password_account(USERNAME)
    for i in range(20):
        throttle.failure(f"10.9.0.{i}", target)
    for i in range(2000):
        throttle.failure(f"10.8.{i // 250}.{i % 250}", password_account(f"junk{i}"))
    assert throttle.tracked_keys() <= 100
    assert throttle.retry_after("10.7.0.1", target) == 3600
    assert throttle.retry_after("10.7.0.1", password_account("junk1999")) is None


def test_expired_counters_are_dropped_first() -> None:
    clock = {"now": datetime(2026, 1, 1, tzinfo=UTC)}
    throttle = LoginThrottle(clock=lambda: clock["now"], max_tracked=10)
    for i in range(10):
        throttle.failure(f"10.9.1.{i}", password_account(f"old{i}"))
    clock["now"] += timedelta(hours=1)
    throttle.failure("10.9.2.1", password_account("new"))
    assert throttle.tracked_keys() == 2  # the new pair and the new account
