"""At a million trades: our bot's first answer after a close vs warm, and freqtrade 2026.9's.

    .venv/bin/python bench/cold_at_scale.py --db FILE --anchor-dir DIR [--anchor-venv DIR]
        [--samples 3] [--warm 3] [--pairs 20] [--settle 15] [--out DIR]

``bench/side_by_side_cold.py``'s cold-after-close table, shaped for sizes where one freqtrade
``/profit`` or ``/balance`` takes a minute or more. The database is any of ours or freqtrade's
(``bench/seed_db.py --trades 1000000`` writes one in a few minutes, the anchor kit's
``seed_trades.py`` in about 16); each bot runs on its own copy with the anchor kit's settings
and strategy, one after the other, so that neither shares the machine with the other.

Ours: the start time (process start to the first analysis served), the idle RSS (``--settle``
s after that), then, once the first start's one-time wallet-history rebuild is over, the first
``/profit`` after start, then per endpoint and way of closing (``api`` = ``/forceexit``,
``db`` = another connection's insert) the median warm and cold answer and whether the cold
answer saw the close.

With ``--anchor-venv``, then freqtrade 2026.9: start time, idle RSS, and per endpoint one
warm answer and one answer right after a ``/forceexit`` (it keeps no caches, so more samples
would only repeat minutes-long requests); its peak RSS, sampled each second. At a million
trades freqtrade's ``/balance`` was killed by the kernel for memory here (about 19 GB): an
endpoint that fails is reported with the reason, and the ones after it are left out, so
``/balance`` is asked last.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from side_by_side import _peak_rss_mb, _rss_mb, anchor_run, stop
from side_by_side_cold import (
    OPEN_TRADES,
    Bot,
    cold_endpoints,
    measure_cold,
    measure_each,
    start_anchor,
    start_our_bot,
)


def _settled(bot: Bot, settle: float) -> float | None:
    time.sleep(settle)
    idle = _rss_mb(bot.proc.pid)
    print(f"{bot.name}: ready {bot.started_in:.1f} s after start, idle RSS {idle or 0:.0f} MB",
          flush=True)
    return idle


def _rebuild_over(bot: Bot, timeout: float = 600.0) -> None:
    """Wait until the first start's one-time wallet-history rebuild is over (it reads every
    trade on a thread of its own, and the cells timed meanwhile would share the CPU with it:
    at 1M trades it runs for about 12 s after the ledger's first read)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        status, body, _ = bot.get("/api/v1/historic_balance")
        if status == 200 and json.loads(body).get("capture_start_ts"):
            break
        time.sleep(0.5)
    else:
        raise SystemExit(f"{bot.name}: the wallet-history rebuild did not end in {timeout} s")
    print(f"{bot.name}: wallet-history rebuild over "
          f"{time.perf_counter() - started:.1f} s after the settle", flush=True)


def measure_ours(args: argparse.Namespace, db: Path, out: Path, pairs: list[str],
                 endpoints: dict[str, str]) -> dict:
    bot = start_our_bot(args, db, out / "ours")
    try:
        idle = _settled(bot, args.settle)
        _rebuild_over(bot)
        first = time.perf_counter()
        status, _, _ = bot.get("/api/v1/profit")
        print(f"first /profit after start: {(time.perf_counter() - first) * 1000:.0f} ms "
              f"(HTTP {status}), RSS {_rss_mb(bot.proc.pid) or 0:.0f} MB", flush=True)
        bot.top_up(pairs)
        cold = {way: measure_cold(bot, endpoints, way, args.samples, args.warm)
                for way in ("api", "db")}
        final = _rss_mb(bot.proc.pid)
    finally:
        stop(bot.proc)
    return {"start": bot.started_in, "idle": idle, "final": final, "cold": cold}


class PeakWatch:
    """The highest RSS a process reached, sampled each second: ``VmHWM`` is gone with a
    process the kernel killed for memory."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.peak = max(self.peak, _peak_rss_mb(self.pid) or 0.0)

    def close(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, _peak_rss_mb(self.pid) or 0.0)


def measure_freqtrade(args: argparse.Namespace, db: Path, out: Path, pairs: list[str],
                      endpoints: dict[str, str]) -> dict:
    """Endpoint by endpoint; one that fails (at a million trades freqtrade's process may be
    killed for memory) is reported with the reason, and after the process died the rest are
    left out."""
    bot = start_anchor(args, db, out / "freqtrade")
    watch = PeakWatch(bot.proc.pid)
    # /balance last: at a million trades it may take freqtrade's process to the memory limit,
    # and the endpoints after a killed process cannot be asked.
    ordered = dict(sorted(endpoints.items(), key=lambda item: item[0] == "balance"))
    try:
        idle = _settled(bot, args.settle)
        bot.top_up(pairs)
        cold = measure_each(bot, ordered, "api", 1, 1, prime=False)
    finally:
        peak = watch.close()
        stop(bot.proc)
    return {"start": bot.started_in, "idle": idle, "peak": peak, "cold": cold,
            "exit": bot.proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--anchor-dir", type=Path, required=True)
    parser.add_argument("--anchor-venv", type=Path,
                        help="a virtualenv with PyPI's freqtrade 2026.9: time it too")
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--settle", type=float, default=15.0)
    parser.add_argument("--out", type=Path, help="keep everything here (default: a temp dir)")
    args = parser.parse_args()
    anchor_market, out = anchor_run(args, "cold-at-scale-")
    pairs = anchor_market.PAIRS[:args.pairs]
    with sqlite3.connect(args.db) as conn:
        closed = conn.execute("SELECT count(*) FROM trades WHERE is_open = 0").fetchone()[0]
    endpoints = cold_endpoints(closed)
    shutil.copyfile(args.db, out / "ours.sqlite")
    ours = measure_ours(args, out / "ours.sqlite", out, pairs, endpoints)
    theirs = None
    if args.anchor_venv is not None:
        (out / "ours.sqlite").unlink()
        shutil.copyfile(args.db, out / "freqtrade.sqlite")
        theirs = measure_freqtrade(args, out / "freqtrade.sqlite", out, pairs, endpoints)
    report(closed, args, ours, theirs, out)


def report(closed: int, args: argparse.Namespace, ours: dict, theirs: dict | None,
           out: Path) -> None:
    print(f"\ncold_at_scale {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {closed:,} closed trades, "
          f"{OPEN_TRADES} open; ours {args.samples} closes x {args.warm} warm requests"
          + (", freqtrade 1 x 1 (api)" if theirs else ""))
    print(f"{'way':<4} {'endpoint':<30} {'warm ms':>8} {'cold ms':>8} {'c/w':>6} {'changed':>8}"
          + (f" {'ft warm ms':>11} {'ft cold ms':>11} {'ft/ours cold':>13}" if theirs else ""))
    for way, rows in ours["cold"].items():
        for name, row in rows.items():
            line = (f"{way:<4} {name:<30} {row['warm_ms']:>8.1f} {row['cold_ms']:>8.1f} "
                    f"{row['cold_ms'] / row['warm_ms']:>5.1f}x {row['changed']:>5}/"
                    f"{row['samples']}")
            ft = theirs["cold"].get(name, {"error": "not asked"}) if theirs else None
            if ft is not None and way == "api":
                line += f"  {ft['error']}" if "error" in ft else (
                    f" {ft['warm_ms']:>11,.0f} {ft['cold_ms']:>11,.0f} "
                    f"{ft['cold_ms'] / row['cold_ms']:>12,.0f}x")
            print(line)
    closes = [row["close_ms"] for row in ours["cold"].get("api", {}).values()
              if row.get("close_ms") is not None]
    if closes:  # each a new connection, as the client's other POSTs
        print(f"ours: /forceexit answered in {statistics.median(closes):.1f} ms "
              "(median of the endpoints' medians)")
    print(f"ours: start {ours['start']:.1f} s, idle RSS {ours['idle'] or 0:.0f} MB, at end "
          f"{ours['final'] or 0:.0f} MB")
    if theirs:
        print(f"freqtrade: start {theirs['start']:.1f} s, idle RSS {theirs['idle'] or 0:.0f} MB,"
              f" peak {theirs['peak'] or 0:.0f} MB, exit code {theirs['exit']}")
    print(f"(kept in {out})")


if __name__ == "__main__":
    main()
