"""SIGKILL while force entries and exits are in flight loses, duplicates and corrupts nothing.

One database, one real ``freqtrade trade`` process after another (simulated market, a loop
every 0.2 s). Each run starts by confirming what the previous one left, then a client thread
issues force entries (filled at once, resting near the market so the loop fills them, resting
far away), full, partial and resting exits, and exits that delete unfilled trades; the process
is SIGKILLed at a different moment each run: right after an answer, a few milliseconds into
the next request, while the loop settles fills, while a new process settles what filled while
it was down. After every kill the file on disk, and after
every restart the database and the new process's API, pass ``tests.restart.consistency``.
"""
from __future__ import annotations

import itertools
import json
import random
import signal
import time
from pathlib import Path
from typing import Any

from tests.restart import market_prices
from tests.restart.api_writer import ApiWriter, Step, entry, exit_
from tests.restart.bot_process import PAIRS, BotProcess, write_config
from tests.restart.consistency import (
    CLOSED,
    EXISTS,
    OPEN,
    Acknowledged,
    check_database,
    check_running_bot,
)

START_CAPITAL = 1000.0
# (what is in flight, answers to wait for, seconds from then to the kill)
KILLS = (
    ("entries", 3, 0.0),
    ("exits", 2, 0.01),
    ("mixed", 3, 0.003),
    ("loop fills", None, 0.25),  # every command answered; the loop is settling their fills
    ("recovery", None, 0.15),  # the next start, as it settles what filled while it was down
)


def _sell_order_open(trade: dict[str, Any]) -> bool:
    return any(o["is_open"] and o["ft_order_side"] == "sell" for o in trade["orders"])


def _entry_far(trade: dict[str, Any]) -> bool:
    return not trade["nr_of_successful_entries"] and all(
        o["safe_price"] < 0.8 * market_prices.ticker(trade["pair"])["last"]
        for o in trade["orders"] if o["is_open"])


def _plan(kind: str, status: list[dict[str, Any]], rng: random.Random) -> list[Step]:
    """The commands of one run, from the open trades the new process reports."""
    free = [p for p in PAIRS if p not in {t["pair"] for t in status}]
    rng.shuffle(free)
    holding = [t for t in status if t["nr_of_successful_entries"] and not t["has_open_orders"]]
    entries = [entry(pair, how) for pair, how in zip(free, itertools.cycle(
        ("market", "near", "far")), strict=False)]
    exits = [exit_(t, "cancel") for t in status if _entry_far(t)]
    exits += [exit_(t, "market") for t in status if _sell_order_open(t)]
    exits += [exit_(t, how) for t, how in zip(holding, itertools.cycle(
        ("partial", "market", "far")), strict=False)]
    if kind == "entries":
        return entries
    if kind == "exits":
        return exits + entries
    if kind == "loop fills":
        return ([entry(pair, "near") for pair in free[:4]]
                + [exit_(t, "near") for t in holding[:3]])
    steps = entries + exits
    rng.shuffle(steps)
    return steps


def _confirmed(bot: BotProcess, previous: Acknowledged) -> Acknowledged:
    """What the new process reports, as the acknowledged state the next run builds on."""
    acknowledged = Acknowledged(deleted_orders=previous.deleted_orders)
    for trade in bot.get("status").json():  # a resting exit may still close the trade
        acknowledged.trade(trade, EXISTS if _sell_order_open(trade) else OPEN)
    for trade in bot.get("trades?limit=500").json()["trades"]:
        acknowledged.trade(trade, CLOSED)
    return acknowledged


def _kill_while_recovering(config_file: Path, log_file: Path, delay: float) -> None:
    """SIGKILL ``delay`` s into the loop's first step: it re-reads and settles open orders."""
    bot = BotProcess(config_file, log_file, wait=False)
    try:
        deadline = time.monotonic() + 60
        while "Changing state to: running" not in bot.log:
            assert bot.proc.poll() is None and time.monotonic() < deadline, bot.log
            time.sleep(0.01)
        time.sleep(delay)
    finally:
        bot.stop(signal.SIGKILL)


def _config(tmp_path: Path, db_url: str) -> Path:
    config_file = write_config(tmp_path, tmp_path / "tradesv3.sqlite")
    config = json.loads(config_file.read_text())
    config["db_url"] = db_url
    config["max_open_trades"] = len(PAIRS)
    config["internals"]["process_throttle_secs"] = 0.2
    config_file.write_text(json.dumps(config))
    return config_file


def kill_and_restart(tmp_path: Path, db_url: str) -> None:
    """Every kill of ``KILLS`` on the (empty) database ``db_url``, checked after each."""
    config_file = _config(tmp_path, db_url)
    rng = random.Random(14)
    acknowledged = Acknowledged()
    commands = 0
    for run, (kind, answers, delay) in enumerate(KILLS):
        if kind == "recovery":
            _kill_while_recovering(config_file, tmp_path / f"run{run}.log", delay)
            check_database(db_url, acknowledged)
            continue
        bot = BotProcess(config_file, tmp_path / f"run{run}.log")
        try:
            check_running_bot(bot.get, db_url, acknowledged, START_CAPITAL)
            acknowledged = _confirmed(bot, acknowledged)
            writer = ApiWriter(bot.base_url, _plan(kind, bot.get("status").json(), rng),
                               acknowledged)
            writer.start()
            if answers is None:
                writer.join(30)
            else:
                writer.wait_for_acks(answers)
            time.sleep(delay)
        finally:
            bot.stop(signal.SIGKILL)
        writer.join(30)
        assert writer.failures == [], bot.log
        assert writer.acks >= (answers or 1), f"run {run} ({kind}): {bot.log}"
        commands += writer.acks
        acknowledged.unconfirmed += writer.cut
        check_database(db_url, acknowledged)  # what the killed process left on disk

    final = BotProcess(config_file, tmp_path / "final.log")
    try:
        check_running_bot(final.get, db_url, acknowledged, START_CAPITAL)
        # the recovered database takes a new close consistently (and the end state holds a
        # closed trade whatever the kills cut off)
        acknowledged = _confirmed(final, acknowledged)
        holding = [t for t in final.get("status").json()
                   if t["nr_of_successful_entries"] and not t["has_open_orders"]]
        assert holding, final.log
        closer = ApiWriter(final.base_url, [exit_(holding[0], "market")], acknowledged)
        closer.start()
        closer.join(30)
        assert closer.failures == [] and closer.acks == 1, final.log
        state = check_running_bot(final.get, db_url, acknowledged, START_CAPITAL)
    finally:
        assert final.stop(signal.SIGTERM) == 0, final.log
    assert commands >= 10
    assert state.closed_trades() and state.open_trades()
    assert acknowledged.deleted_orders
    assert any(t["realized_profit"] for t in state.open_trades() + state.closed_trades())
    for log in (tmp_path / f"run{run}.log" for run in range(len(KILLS))):
        assert "Traceback" not in log.read_text(), log.read_text()


def test_sigkill_at_busy_moments_leaves_every_acknowledged_trade_consistent(tmp_path, db_url):
    """On a SQLite file and on a PostgreSQL database."""
    kill_and_restart(tmp_path, db_url)
