"""Our bot alone at sizes freqtrade cannot be timed at: first answer after a close vs warm.

    .venv/bin/python bench/cold_at_scale.py --db FILE --anchor-dir DIR [--samples 3]
        [--warm 3] [--pairs 20] [--out DIR]

``bench/side_by_side_cold.py`` with freqtrade left out: at a million trades one freqtrade
``/profit`` or ``/balance`` takes minutes (6.4 s and 13.4 s at 100k), so its cells would take
hours. The database is any of ours or freqtrade's (``bench/seed_db.py --trades 1000000`` writes
one in a few minutes); the bot runs on a copy with the anchor kit's settings and strategy.
Prints the start time (process start to the first analysis served), the idle RSS, then per
endpoint and way of closing (``api`` = ``/forceexit``, ``db`` = another connection's insert)
the median warm and cold answer and whether the cold answer saw the close.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from side_by_side import _rss_mb, anchor_run, stop
from side_by_side_cold import OPEN_TRADES, cold_endpoints, measure_cold, start_our_bot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--anchor-dir", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--settle", type=float, default=15.0)
    parser.add_argument("--out", type=Path, help="keep everything here (default: a temp dir)")
    args = parser.parse_args()
    anchor_market, out = anchor_run(args, "cold-at-scale-")
    db = out / "ours.sqlite"
    shutil.copyfile(args.db, db)
    with sqlite3.connect(db) as conn:
        closed = conn.execute("SELECT count(*) FROM trades WHERE is_open = 0").fetchone()[0]
    bot = start_our_bot(args, db, out / "ours")
    try:
        time.sleep(args.settle)
        idle = _rss_mb(bot.proc.pid)
        print(f"ours: ready {bot.started_in:.1f} s after start, idle RSS {idle or 0:.0f} MB",
              flush=True)
        first = time.perf_counter()
        status, _, _ = bot.get("/api/v1/profit")
        print(f"first /profit after start (the ledger's one full read): "
              f"{(time.perf_counter() - first) * 1000:.0f} ms (HTTP {status}), RSS "
              f"{_rss_mb(bot.proc.pid) or 0:.0f} MB", flush=True)
        bot.top_up(anchor_market.PAIRS[:args.pairs])
        endpoints = cold_endpoints(closed)
        cold = {way: measure_cold(bot, endpoints, way, args.samples, args.warm)
                for way in ("api", "db")}
        final = _rss_mb(bot.proc.pid)
    finally:
        stop(bot.proc)
    print(f"\ncold_at_scale {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {closed:,} closed trades, "
          f"{OPEN_TRADES} open, {args.samples} closes x {args.warm} warm requests")
    print(f"{'way':<4} {'endpoint':<34} {'warm ms':>8} {'cold ms':>8} {'c/w':>6} {'changed':>8}")
    for way, rows in cold.items():
        for name, row in rows.items():
            print(f"{way:<4} {name:<34} {row['warm_ms']:>8.1f} {row['cold_ms']:>8.1f} "
                  f"{row['cold_ms'] / row['warm_ms']:>5.1f}x {row['changed']:>5}/"
                  f"{row['samples']}")
    print(f"start {bot.started_in:.1f} s, idle RSS {idle or 0:.0f} MB, at end {final or 0:.0f} MB"
          f" (kept in {out})")


if __name__ == "__main__":
    main()
