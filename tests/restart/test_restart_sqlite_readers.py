"""Readers and the bot's writes share the rollback-journal file without "database is locked".

A real bot process keeps trades open (its loop updates them every iteration) while the test
opens and closes trades through the API; API readers in several threads and another program
reading the main file directly run at the same time.
"""
from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time

from tests.restart.bot_process import BotProcess, write_config

READ_PATHS = ("status", "profit", "trades?limit=50", "performance", "count", "balance")
RUN_SECONDS = 6.0  # at least, and until enough was read and written
MAX_SECONDS = 60.0


def test_api_readers_and_an_outside_reader_never_see_a_locked_database(tmp_path):
    db_file = tmp_path / "tradesv3.sqlite"
    config_file = write_config(tmp_path, db_file)
    config = json.loads(config_file.read_text())
    config["internals"]["process_throttle_secs"] = 0.2
    config_file.write_text(json.dumps(config))
    bot = BotProcess(config_file, tmp_path / "bot.log")
    stop = threading.Event()
    failures: list[str] = []
    reads = {"api": 0, "file": 0}
    try:
        for pair in ("SOL/USDT", "XRP/USDT"):  # open trades the loop writes to every iteration
            assert bot.post("forceenter", {"pair": pair, "ordertype": "market"}).ok

        def api_reader() -> None:
            while not stop.is_set():
                for path in READ_PATHS:
                    response = bot.get(path)
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text}")
                    reads["api"] += 1

        def file_reader() -> None:
            conn = sqlite3.connect(db_file, timeout=10)
            try:
                while not stop.is_set():
                    conn.execute("SELECT count(*), sum(is_open) FROM trades").fetchone()
                    conn.execute("SELECT count(*) FROM orders").fetchone()
                    reads["file"] += 1
                    time.sleep(0.01)
            except sqlite3.Error as exc:
                failures.append(f"outside reader: {exc}")
            finally:
                conn.close()

        threads = [threading.Thread(target=api_reader) for _ in range(3)]
        threads.append(threading.Thread(target=file_reader))
        for thread in threads:
            thread.start()
        closed = 0
        started = time.monotonic()

        def enough() -> bool:
            return (time.monotonic() - started >= RUN_SECONDS and closed >= 3
                    and reads["api"] >= 20 and reads["file"] >= 20)

        try:
            while not enough() and time.monotonic() - started < MAX_SECONDS:
                entered = bot.post("forceenter", {"pair": "BTC/USDT", "ordertype": "market"})
                assert entered.status_code == 200, entered.text
                exited = bot.post("forceexit", {"tradeid": entered.json()["trade_id"],
                                                "ordertype": "market"})
                assert exited.status_code == 200, exited.text
                closed += 1
        finally:
            stop.set()
            for thread in threads:
                thread.join(30)
        api_closed = bot.get("profit").json()["closed_trade_count"]
    finally:
        bot.stop(signal.SIGTERM)

    assert failures == []
    assert closed >= 3 and reads["api"] >= 20 and reads["file"] >= 20
    assert api_closed == closed
    conn = sqlite3.connect(db_file)
    assert conn.execute("SELECT count(*) FROM trades WHERE is_open = 0").fetchone()[0] == closed
    assert "database is locked" not in bot.log
