"""A real bot for black-box tests: simulated market, SQLite file, API on a free loopback port.

The trading loop runs in a thread beside the API (as ``freqtrade trade`` runs them); the
context manager stops the loop, the server and the database when the test is done.
"""
from __future__ import annotations

import logging
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM a bot started as a program; its (stdout, stderr), killed after 60 s."""
    proc.terminate()
    try:
        return proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


@dataclass
class LiveBot:
    base_url: str
    config: dict
    bot: Any
    api: Any
    config_file: Path

    @property
    def auth(self) -> tuple[str, str]:
        section = self.config["api_server"]
        return (section["username"], section["password"])

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(f"{self.base_url}/api/v1/{path}", auth=self.auth, timeout=30,
                            **kwargs)

    def post(self, path: str, json=None, **kwargs) -> requests.Response:
        return requests.post(f"{self.base_url}/api/v1/{path}", auth=self.auth, json=json,
                             timeout=30, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return requests.delete(f"{self.base_url}/api/v1/{path}", auth=self.auth, timeout=30,
                               **kwargs)


@contextmanager
def running_bot(config_file: Path, loop_pause: float = 0.5) -> Iterator[LiveBot]:
    """The bot of ``config_file`` (dry-run), trading and serving until the block ends."""
    from freqtrade.api.bootstrap import BotApi
    from freqtrade.bot import FreqtradeBot
    from freqtrade.configuration import build_config
    from freqtrade.enums import RunMode
    from freqtrade.persistence import close_db

    config = build_config([str(config_file)], environ={})
    config["runmode"] = RunMode.DRY_RUN
    bot = FreqtradeBot(config)
    bot.startup()
    api = BotApi(config)
    api.attach(bot, config)
    api.start()
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                if str(bot.state) in ("running", "paused"):
                    bot.process()
            except Exception:  # pragma: no cover - surfaces in the test log
                logging.getLogger(__name__).exception("loop failed")
            stop.wait(loop_pause)

    thread = threading.Thread(target=loop, name="test-bot-loop", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while bot.last_process is None and time.monotonic() < deadline:
        time.sleep(0.05)
    port = config["api_server"]["listen_port"]
    try:
        yield LiveBot(f"http://127.0.0.1:{port}", config, bot, api, config_file)
    finally:
        stop.set()
        thread.join(30)
        api.stop()
        bot.cleanup()
        close_db()
