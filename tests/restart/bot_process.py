"""`freqtrade trade` as a real child process: simulated market, SQLite file, API on loopback.

Each start gets a fresh free port; every wait is bounded, and a process the test did not stop
itself is killed when its ``BotProcess`` is closed.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.live_bot import free_port
from tests.strategy_files import write_quiet_strategy

USERNAME = "restarter"
PASSWORD = "restart-password-123"
PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT", "BNB/USDT", "LTC/USDT",
         "LINK/USDT", "AVAX/USDT", "DOT/USDT", "ATOM/USDT", "NEAR/USDT"]
START_TIMEOUT = 90.0


def write_config(folder: Path, db_file: Path | None, db_url: str | None = None) -> Path:
    """A dry-run config trading nothing by itself (QuietStrategy), force entries enabled; its
    database is the SQLite file ``db_file``, or ``db_url`` when given."""
    user_data = folder / "user_data"
    write_quiet_strategy(user_data)
    config = {
        "dry_run": True, "dry_run_wallet": 1000, "stake_currency": "USDT",
        "stake_amount": 50, "max_open_trades": 8, "timeframe": "1m",
        "strategy": "QuietStrategy", "user_data_dir": str(user_data),
        "db_url": db_url or f"sqlite:///{db_file}", "initial_state": "running",
        "force_entry_enable": True,
        "exchange": {"name": "simulated", "pair_whitelist": PAIRS},
        "pairlists": [{"method": "StaticPairList"}],
        "entry_pricing": {"price_side": "same"}, "exit_pricing": {"price_side": "same"},
        "internals": {"process_throttle_secs": 1},
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1",
                       "listen_port": 8080, "username": USERNAME, "password": PASSWORD,
                       "jwt_secret_key": "restart-secret-" + "x" * 40},
    }
    path = folder / "config.json"
    path.write_text(json.dumps(config))
    return path


def _sigint_as(handler: signal.Handlers):
    return lambda: signal.signal(signal.SIGINT, handler)


class BotProcess:
    """One run of the bot; ``log`` is everything it printed."""

    def __init__(self, config_file: Path, log_file: Path, wait: bool = True,
                 sigint_ignored: bool | None = None):
        """Start the process; unless ``wait`` is False, return once it trades.
        ``sigint_ignored``: True, it inherits SIGINT ignored, as a shell script's ``cmd &``
        does; False, at its default; None, as this process has it."""
        self.port = free_port()
        self.log_file = log_file
        config = json.loads(config_file.read_text())
        config["api_server"]["listen_port"] = self.port
        config_file.write_text(json.dumps(config))
        self._log = open(log_file, "w")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "freqtrade", "trade", "--config", str(config_file)],
            cwd=config_file.parent, stdout=self._log, stderr=subprocess.STDOUT,
            preexec_fn=None if sigint_ignored is None else
            _sigint_as(signal.SIG_IGN if sigint_ignored else signal.SIG_DFL))
        if wait:
            self._wait_until_trading()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    @property
    def log(self) -> str:
        return self.log_file.read_text()

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{self.base_url}/{path}", auth=(USERNAME, PASSWORD), timeout=30)

    def post(self, path: str, body: dict) -> requests.Response:
        return requests.post(f"{self.base_url}/{path}", auth=(USERNAME, PASSWORD), json=body,
                             timeout=30)

    def _wait_until_trading(self) -> None:
        """Until one loop iteration of this process has run (its startup included)."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited with {self.proc.returncode}:\n{self.log}")
            try:
                health = self.get("health")
                if health.ok and health.json().get("last_process_ts") is not None:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.close()
        raise AssertionError(f"the bot did not start trading in {START_TIMEOUT} s:\n{self.log}")

    def wait_for_loop(self) -> None:
        """Until an iteration that started after this call has finished."""
        after = int(time.time()) + 1  # the health timestamp has whole seconds
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if (self.get("health").json().get("last_process_ts") or 0) >= after:
                return
            time.sleep(0.2)
        raise AssertionError("no loop iteration finished in 30 s")

    def stop(self, sig: signal.Signals, timeout: float = 30.0) -> int:
        """Send ``sig`` and wait for the process to end; returns its exit code."""
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()
