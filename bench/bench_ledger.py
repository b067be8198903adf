"""The closed-trade ledger in-process: first full read, then what one change costs.

    .venv/bin/python bench/bench_ledger.py --db FILE [--changes 20]

On a copy of ``--db`` (ours or freqtrade's): the first read (every closed trade loaded) with
its time and the RSS it adds; then, ``--changes`` times each, the time to bring the ledger up
to date and answer ``/profit``'s closed figures, ``/performance``'s groups and a ``/trades``
page after (a) another connection inserts a trade closed now (the common close: appended),
(b) another connection closes one of the open trades after newer trades closed (its id is
below theirs: the usual close of a trade held longer than others; as many as there are open
trades), (c) another connection edits the profit of a trade in the middle of the history (the
drawdown is re-derived), (d) nothing changed (the warm path: one indexed query).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from side_by_side import _rss_mb
from side_by_side_cold import insert_closed_copy

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import init_db


def answer() -> None:
    LEDGER.closed_summary(None, 1000.0)
    LEDGER.grouped("pair")
    LEDGER.closed_ids(500, 0)


def timed(action, repeat: int) -> list[float]:
    took = []
    for _ in range(repeat):
        action()
        started = time.perf_counter()
        answer()
        took.append((time.perf_counter() - started) * 1000)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    db = folder / "copy.sqlite"
    shutil.copyfile(args.db, db)
    init_db(f"sqlite:///{db}")
    before = _rss_mb(os.getpid())
    started = time.perf_counter()
    answer()
    build_s = time.perf_counter() - started
    print(f"{LEDGER.closed_count():,} closed trades: first "
          f"read {build_s:.2f} s, RSS {before or 0:.0f} -> {_rss_mb(os.getpid()) or 0:.0f} MB",
          flush=True)

    def edit_middle() -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE trades SET close_profit_abs = close_profit_abs + 0.01 WHERE id ="
                         " (SELECT id FROM trades WHERE is_open = 0 LIMIT 1 OFFSET "
                         "(SELECT count(*) / 2 FROM trades WHERE is_open = 0))")

    with sqlite3.connect(db) as conn:
        held = [row[0] for row in conn.execute("SELECT id FROM trades WHERE is_open = 1 "
                                               "ORDER BY id LIMIT ?", (args.changes,))]

    def close_held() -> None:
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE trades SET is_open = 0, close_date = ?, close_profit = 0.01, "
                         "close_profit_abs = 0.1, exit_reason = 'force_exit' WHERE id = ?",
                         (now, held.pop(0)))

    rows = {"close (another connection's insert)": timed(lambda: insert_closed_copy(db),
                                                         args.changes),
            "close of an older open trade": timed(close_held, len(held)),
            "edit in the middle (drawdown re-derived)": timed(edit_middle, args.changes),
            "nothing changed (warm)": timed(lambda: None, args.changes)}
    print(f"{'after':<42} {'median ms':>10} {'max ms':>8}")
    for name, took in rows.items():
        print(f"{name:<42} {statistics.median(took):>10.2f} {max(took):>8.2f}")
    print(f"RSS at end {_rss_mb(os.getpid()) or 0:.0f} MB")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
