"""Fixtures every test folder shares: a frozen clock, free loopback ports, strategy files.

A folder or module that needs another start time overrides ``clock_start``; one that wants
the clock under another name or for every test adds a thin fixture on top of ``clock``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freqtrade.util.clock import FrozenClock, set_clock
from tests import live_bot, strategy_files
from tests import postgres_server as postgres_server_module


@pytest.fixture
def clock_start() -> datetime:
    """The frozen clock's first reading; override it for another moment."""
    return datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(clock_start: datetime) -> Iterator[FrozenClock]:
    """The bot's clock frozen at ``clock_start`` (moved with ``clock.advance``), wall time after."""
    frozen = FrozenClock(clock_start)
    set_clock(frozen)
    yield frozen
    set_clock(None)


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """``free_port()`` gives a loopback port nothing listens on (for any fixture scope)."""
    return live_bot.free_port


@pytest.fixture
def user_data(tmp_path: Path) -> Path:
    """An empty user_data folder with its ``strategies`` folder."""
    folder = tmp_path / "user_data"
    (folder / "strategies").mkdir(parents=True)
    return folder


@pytest.fixture
def write_strategy(user_data: Path) -> Callable[[str, str], Path]:
    """``write_strategy(filename, source)`` writes a strategy file into ``user_data``."""
    return lambda filename, source: strategy_files.write_strategy(user_data, filename, source)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres_server_module.PostgresServer]:
    """A PostgreSQL server of the test session's own (loopback, free port), stopped at the end.

    Skips when PostgreSQL or its driver cannot be had here; under CI (``CI`` set) that is a
    failure, since the set-up installs both there.
    """
    reason = postgres_server_module.unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}")
        pytest.skip(reason)
    server = postgres_server_module.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: postgres_server_module.PostgresServer) -> Iterator[str]:
    """The URL of a new empty PostgreSQL database, dropped after the test."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=postgres_server_module.DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database URL, once SQLite (a file) and once PostgreSQL."""
    with postgres_server_module.fresh_database(request, request.param, tmp_path) as url:
        yield url
