"""SIGTERM stops the bot by itself, promptly and cleanly, also with orders and clients in flight.

As a process: force entries and exits in flight, an open websocket and an idle keep-alive
connection; the process exits 0 within ``EXIT_WITHIN`` seconds, its port can be bound at once,
it leaves no child process, its log shows the shutdown and no traceback, and the database it
leaves is consistent and reopens. In this process: ``Worker.run`` returns on SIGTERM with no
thread of its own left running (the API server's, hypercorn's and the request handlers'
included), the port free and the database file closed.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
import requests
from websockets.sync.client import connect

from tests.live_bot import free_port
from tests.restart.api_writer import ApiWriter, entry, exit_
from tests.restart.bot_process import PAIRS, PASSWORD, USERNAME, BotProcess, write_config
from tests.restart.consistency import Acknowledged, check_database, check_running_bot

EXIT_WITHIN = 10.0
START_CAPITAL = 1000.0
WS_TOKEN = "shutdown-ws-token"
# the 502 answer (and its log line) to requests arriving once the bot is detached to stop
STOPPING_REFUSAL = "Bot is not in the correct state"


def _config(tmp_path: Path) -> tuple[Path, str]:
    db_file = tmp_path / "tradesv3.sqlite"
    config_file = write_config(tmp_path, db_file)
    config = json.loads(config_file.read_text())
    config["internals"]["process_throttle_secs"] = 0.2
    config["api_server"]["ws_token"] = WS_TOKEN
    config_file.write_text(json.dumps(config))
    return config_file, f"sqlite:///{db_file}"


def _assert_port_free(port: int) -> None:
    """Bind as a server restarting on it would (closed connections may sit in TIME_WAIT)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()


@contextmanager
def _clients(port: int) -> Iterator[None]:
    """An open websocket and a keep-alive connection that has answered one request."""
    with connect(f"ws://127.0.0.1:{port}/api/v1/message/ws?token={WS_TOKEN}",
                 open_timeout=10) as websocket, requests.Session() as session:
        websocket.send(json.dumps({"type": "subscribe", "data": ["status", "entry_fill"]}))
        assert session.get(f"http://127.0.0.1:{port}/api/v1/ping", timeout=10).ok
        yield


def _sigterm(bot: BotProcess) -> tuple[int, float]:
    """(exit code, seconds to exit) of a SIGTERM; the process is killed past the bound."""
    started = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    try:
        code = bot.proc.wait(EXIT_WITHIN)
    except Exception:
        bot.close()
        raise AssertionError(f"no exit {EXIT_WITHIN} s after SIGTERM:\n{bot.log}") from None
    elapsed = time.monotonic() - started
    bot.close()
    return code, elapsed


def _assert_clean_exit(bot: BotProcess, code: int, elapsed: float,
                       children: list[psutil.Process]) -> None:
    assert code == 0, bot.log
    assert elapsed < EXIT_WITHIN
    _assert_port_free(bot.port)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    log = bot.log
    assert "Stopping API Server" in log and log.rstrip().endswith("Bot stopped."), log
    assert "Traceback" not in log and "did not stop within" not in log, log
    errors = [line for line in log.splitlines() if " - ERROR - " in line]
    assert all(line.endswith(STOPPING_REFUSAL) for line in errors), log


def test_sigterm_with_orders_and_clients_in_flight_exits_cleanly_and_consistently(tmp_path):
    config_file, db_url = _config(tmp_path)
    acknowledged = Acknowledged()
    bot = BotProcess(config_file, tmp_path / "busy.log")
    steps = [entry(pair, how) for pair, how in zip(PAIRS[:6], ("market", "near", "far") * 2,
                                                     strict=True)]
    writer = ApiWriter(bot.base_url, steps, acknowledged)
    try:
        with _clients(bot.port):
            children = psutil.Process(bot.proc.pid).children(recursive=True)
            writer.start()
            writer.wait_for_acks(2)
            code, elapsed = _sigterm(bot)
            writer.join(30)
    finally:
        bot.close()
    _assert_clean_exit(bot, code, elapsed, children)
    assert not [f for f in writer.failures if STOPPING_REFUSAL not in f]
    acknowledged.unconfirmed += writer.cut
    check_database(db_url, acknowledged)

    again = BotProcess(config_file, tmp_path / "again.log")  # the same database reopens
    try:
        check_running_bot(again.get, db_url, acknowledged, START_CAPITAL)
        held = [t for t in again.get("status").json() if t["nr_of_successful_entries"]]
        assert held
        assert again.post("forceexit", exit_(held[0], "market").body()).ok
        children = psutil.Process(again.proc.pid).children(recursive=True)
        code, elapsed = _sigterm(again)
    finally:
        again.close()
    _assert_clean_exit(again, code, elapsed, children)
    assert len(check_database(db_url).closed_trades()) == 1


@pytest.mark.parametrize("started", ["Database ready", "Starting Local Rest Server"],
                         ids=["bot-being-built", "api-just-started"])
def test_sigterm_during_startup_exits_cleanly(tmp_path, started):
    """A stop while the bot is still starting (``docker stop`` right after a start)."""
    config_file, _db_url = _config(tmp_path)
    bot = BotProcess(config_file, tmp_path / "starting.log", wait=False)
    try:
        deadline = time.monotonic() + 60
        while started not in bot.log and bot.proc.poll() is None:
            assert time.monotonic() < deadline, bot.log
            time.sleep(0.02)
        code, elapsed = _sigterm(bot)
    finally:
        bot.close()
    assert code == 0, bot.log
    assert elapsed < EXIT_WITHIN
    _assert_port_free(bot.port)
    assert "Traceback" not in bot.log, bot.log
    assert bot.log.rstrip().endswith(("Interrupted, exiting.", "Bot stopped.")), bot.log


def _start_with_strategy_tail(tmp_path: Path, tail: str, sigint_ignored: bool | None = None
                              ) -> tuple[int, str]:
    """(exit code, log) of a start whose strategy file ends with ``tail``, which it runs when
    the strategy is loaded."""
    config_file, _db_url = _config(tmp_path)
    strategy_file = tmp_path / "user_data" / "strategies" / "quiet_strategy.py"
    strategy_file.write_text(strategy_file.read_text() + tail)
    bot = BotProcess(config_file, tmp_path / "starting.log", wait=False,
                     sigint_ignored=sigint_ignored)
    try:
        code = bot.proc.wait(60)
    finally:
        bot.close()
    return code, bot.log


# the SIGTERM lands while the strategy is being loaded, and loading goes on for a second
SIGTERM_THEN_ONE_SECOND = """
import os as _os, signal as _signal, time as _time
_os.kill(_os.getpid(), _signal.SIGTERM)
_time.sleep(1)
print("strategy module loaded", flush=True)
"""


def test_sigterm_while_starting_ends_the_start_at_its_next_step_not_inside_it(tmp_path):
    code, log = _start_with_strategy_tail(tmp_path, SIGTERM_THEN_ONE_SECOND)
    assert "strategy module loaded" in log, log  # the step it arrived in was not cut
    assert "Traceback" not in log, log
    assert log.rstrip().endswith("Interrupted, exiting."), log
    assert code == 0, log


# the SIGTERM lands while ``exec`` runs a string (SQLAlchemy builds helpers that way at
# start) that goes on past the grace the start is given: it is interrupted there
SIGTERM_INSIDE_A_LONG_EXEC = """
import os as _os, signal as _signal, time as _time
exec("_os.kill(_os.getpid(), _signal.SIGTERM)\\n_time.sleep(120)")
"""


@pytest.mark.parametrize("sigint", ["default", "ignored"])
def test_sigterm_in_a_start_step_that_does_not_end_interrupts_it_and_exits_0(tmp_path, sigint):
    """The interrupt is handled, so the exit status is 0, not death by SIGINT (CPython notes
    an interrupt leaving ``exec`` as unhandled); also in a process started with SIGINT
    ignored (``cmd &`` in a script), where the interrupt is a SIGINT all the same."""
    started = time.monotonic()
    code, log = _start_with_strategy_tail(tmp_path, SIGTERM_INSIDE_A_LONG_EXEC,
                                          sigint_ignored=sigint == "ignored")
    assert time.monotonic() - started < 60  # the 120 s step was cut (start included)
    assert log.rstrip().endswith("Interrupted, exiting."), log
    assert code == 0, log


@pytest.fixture
def signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; the test's come back after."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signal handlers need the main thread")
def test_worker_stops_on_sigterm_leaving_no_thread_port_or_open_database(tmp_path,
                                                                          signal_handlers):
    from freqtrade.configuration import Configuration
    from freqtrade.worker import Worker

    config_file, db_url = _config(tmp_path)
    port = free_port()
    config = json.loads(config_file.read_text())
    config["api_server"]["listen_port"] = port
    config_file.write_text(json.dumps(config))
    configuration = Configuration([str(config_file)], environ={})
    before = set(threading.enumerate())
    handler_before = signal.getsignal(signal.SIGTERM)
    worker = Worker(configuration, configuration.load())
    base = f"http://127.0.0.1:{port}/api/v1"
    used: list[str] = []
    sent: list[float] = []

    def use_then_sigterm() -> None:
        """Serve requests (sync handlers, a force entry, a websocket), then SIGTERM."""
        try:
            deadline = time.monotonic() + 30
            while worker.bot.last_process is None and time.monotonic() < deadline:
                time.sleep(0.1)
            auth = (USERNAME, PASSWORD)
            for path in ("status", "balance", "profit", "count"):
                used.append(str(requests.get(f"{base}/{path}", auth=auth, timeout=10)
                                .status_code))
            used.append(str(requests.post(f"{base}/forceenter", auth=auth, timeout=10,
                                          json={"pair": "BTC/USDT", "ordertype": "market"})
                            .status_code))
            with _clients(port):
                used.append("clients")
                sent.append(time.monotonic())
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.5)
                used.append("stopping" if worker.stop_requested else "SIGTERM ignored")
        finally:
            if not worker.stop_requested:  # never leave the test hanging
                worker.request_stop()

    helper = threading.Thread(target=use_then_sigterm, name="test-sigterm-sender")
    helper.start()
    worker.run()
    returned = time.monotonic()
    helper.join(EXIT_WITHIN)
    assert used == ["200"] * 5 + ["clients", "stopping"]
    assert returned - sent[0] < EXIT_WITHIN
    assert signal.getsignal(signal.SIGTERM) == handler_before

    # none at all: no non-daemon thread that would hold the exit, nor a daemon one still serving
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert [t.name for t in left] == []
    _assert_port_free(port)
    assert _files_held(db_url) == []
    assert len(check_database(db_url).open_trades()) == 1


def _files_held(db_url: str) -> list[str]:
    db_file = db_url.removeprefix("sqlite:///")
    return [f.path for f in psutil.Process().open_files() if f.path.startswith(db_file)]


def test_a_worker_that_fails_to_start_leaves_no_thread_or_open_database(tmp_path):
    from freqtrade.configuration import Configuration
    from freqtrade.exceptions import OperationalException
    from freqtrade.worker import Worker

    config_file, db_url = _config(tmp_path)
    before = set(threading.enumerate())
    with socket.socket() as taken:  # the API cannot bind: the bot was built by then
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        config = json.loads(config_file.read_text())
        config["api_server"]["listen_port"] = taken.getsockname()[1]
        config_file.write_text(json.dumps(config))
        configuration = Configuration([str(config_file)], environ={})
        with pytest.raises(OperationalException, match="Could not start the API server"):
            Worker(configuration, configuration.load())
    assert [t.name for t in threading.enumerate() if t not in before and t.is_alive()] == []
    assert _files_held(db_url) == []
