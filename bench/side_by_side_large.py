"""``/status`` with 100 open trades and ``/pair_candles`` with 5,000 candles x 40 columns:
freqtrade 2026.9 and our bot side by side.

    .venv/bin/python bench/side_by_side_large.py --anchor-dir DIR --anchor-venv DIR
        [--trades 1000] [--open 100] [--repeat 20] [--cold 2] [--seed-db FILE] [--out DIR]

One run, both bots at the same time, each on its own copy of the same database: the anchor
kit's ``seed_trades.py`` writes ``--trades`` trades with freqtrade's own models, 20 of them open
(one per pair of the anchor's market), then copies of those open trades (same pair, same
orders) bring the open trades to ``--open``. Neither market has more than 20 comparable pairs
and both bots refuse a second force entry on a pair, so the extra open trades are written into
the file before the bots start. Both run ``bench/strategies/WideFrameStrategy.py`` (1m candles,
4,999 startup candles: the most freqtrade downloads; 27 indicator columns, 40 columns in the
payload) with ``max_open_trades`` = ``--open``; freqtrade with its wallet-history rebuild skipped.

Timing starts once both serve 5,000 candles (freqtrade holds 4,999 until the next candle
closes). Then ``--repeat`` rounds, each one request per endpoint and bot (the anchor's
``time_endpoints.py`` client: Bearer, keep-alive, whole body read): the median is "warm". Our
bot renders ``/pair_candles`` once per analysis; "cold" is its first answer after a new candle
was analyzed (``--cold`` samples, one per minute), next to freqtrade's answer at that moment.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from side_by_side import ROOT, _rss_mb, stop
from side_by_side_cold import (
    Bot,
    copy_trade,
    parse_run_arguments,
    seed,
    start_anchor,
    start_our_bot,
)

STRATEGY = "WideFrameStrategy"
TIMEFRAME = "1m"
CANDLES = 5000
TARGET = 5
SEEDED_OPEN = 20  # seed_trades.py leaves at most one open trade per pair, 20 pairs


def endpoints() -> dict[str, str]:
    return {"status": "/api/v1/status",
            "pair_candles": f"/api/v1/pair_candles?pair=BTC/USDT&timeframe={TIMEFRAME}"
                            f"&limit={CANDLES}"}


def settings(open_trades: int) -> dict:
    """What both bots run with on top of the anchor's settings."""
    return {"max_open_trades": open_trades, "strategy": STRATEGY,
            "strategy_path": str(ROOT / "bench" / "strategies")}


def add_open_copies(db: Path, wanted: int) -> int:
    """Copy the open trades of ``db`` (round robin) until ``wanted`` are open."""
    conn = sqlite3.connect(db)
    try:
        sources = [row[0] for row in conn.execute(
            "SELECT id FROM trades WHERE is_open = 1 ORDER BY id")]
        if not sources:
            raise SystemExit(f"{db} has no open trade to copy")
        for number in range(max(0, wanted - len(sources))):
            copy_trade(conn, sources[number % len(sources)], {})
        conn.commit()
        # the file is copied next: move the write-ahead log into it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return conn.execute("SELECT count(*) FROM trades WHERE is_open = 1").fetchone()[0]
    finally:
        conn.close()


def candle_answer(bot: Bot, limit: int) -> dict:
    status, body, _ = bot.get(f"/api/v1/pair_candles?pair=BTC/USDT&timeframe={TIMEFRAME}"
                              f"&limit={limit}")
    if status != 200:
        raise SystemExit(f"{bot.name}: /pair_candles -> {status} {body[:200]!r}")
    return json.loads(body)


def wait_for_candles(bots: list[Bot], deadline: float) -> None:
    """Until every bot serves ``CANDLES`` analyzed candles."""
    waiting = list(bots)
    while waiting:
        if time.monotonic() > deadline:
            raise SystemExit(f"not serving {CANDLES} candles in time: "
                             f"{[bot.name for bot in waiting]}")
        waiting = [bot for bot in waiting if candle_answer(bot, CANDLES)["length"] < CANDLES]
        if waiting:
            time.sleep(2)


def describe(bot: Bot) -> dict:
    """Rows, columns and bytes of each answer, and the number of open trades."""
    result = {}
    for name, path in endpoints().items():
        status, body, _ = bot.get(path)
        if status != 200:
            raise SystemExit(f"{bot.name}: {path} -> {status} {body[:200]!r}")
        data = json.loads(body)
        shape = (f"{len(data)} trades" if name == "status" else
                 f"{data['length']} x {len(data['columns'])}")
        result[name] = {"bytes": len(body), "shape": shape}
    return result


def time_warm(bots: list[Bot], rounds: int) -> dict[tuple[str, str], list[float]]:
    """Round robin: per round one request per endpoint and bot; ms per (bot, endpoint)."""
    took: dict[tuple[str, str], list[float]] = {}
    for bot in bots:
        for path in endpoints().values():
            bot.get(path)  # untimed warm-up
    for _ in range(rounds):
        for name, path in endpoints().items():
            for bot in bots:
                status, body, seconds = bot.get(path)
                if status != 200:
                    raise SystemExit(f"{bot.name}: {path} -> {status} {body[:200]!r}")
                took.setdefault((bot.name, name), []).append(seconds * 1000)
    return took


def time_cold(ours: Bot, theirs: Bot, samples: int) -> list[tuple[float, float]]:
    """(ours, freqtrade) ms of ``/pair_candles`` right after our bot analyzed a new candle."""
    path = endpoints()["pair_candles"]
    result = []
    for _ in range(samples):
        seen = candle_answer(ours, 1)["last_analyzed"]
        deadline = time.monotonic() + 150
        while candle_answer(ours, 1)["last_analyzed"] == seen:
            if time.monotonic() > deadline:
                raise SystemExit("our bot analyzed no new candle in 150 s")
            time.sleep(0.5)
        _, _, mine = ours.get(path)
        _, _, other = theirs.get(path)
        result.append((mine * 1000, other * 1000))
        print(f"  cold pair_candles: ours {mine * 1000:.1f} ms, freqtrade {other * 1000:.1f} ms",
              flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trades", type=int, default=1000, help="seeded trades (20 open)")
    parser.add_argument("--open", type=int, default=100, help="open trades in the database")
    parser.add_argument("--repeat", type=int, default=20, help="timed rounds")
    parser.add_argument("--cold", type=int, default=2,
                        help="cold /pair_candles samples (one per new candle, ~1 minute each)")
    args, out = parse_run_arguments(parser, "side-by-side-large-")
    seeded = args.seed_db or seed(args, out, "--open", str(SEEDED_OPEN))
    base = out / "base.sqlite"
    subprocess.run(["cp", str(seeded), str(base)], check=True)
    open_count = add_open_copies(base, args.open)
    for name in ("ours", "freqtrade"):
        subprocess.run(["cp", str(base), str(out / f"{name}.sqlite")], check=True)
    load_before = os.getloadavg()
    extra = settings(args.open)
    bots: list[Bot] = []
    try:
        bots.append(start_our_bot(args, out / "ours.sqlite", out / "ours", extra, TIMEFRAME))
        bots.append(start_anchor(args, out / "freqtrade.sqlite", out / "freqtrade",
                                 {**extra, "force_entry_enable": True}, TIMEFRAME))
        for bot in bots:
            print(f"{bot.name}: ready {bot.started_in:.1f} s after start", flush=True)
        wait_for_candles(bots, time.monotonic() + 300)
        ours, theirs = bots
        shapes = {bot.name: describe(bot) for bot in bots}
        warm = time_warm(bots, args.repeat)
        cold = time_cold(ours, theirs, args.cold)
        rss = {bot.name: _rss_mb(bot.proc.pid) for bot in bots}
    finally:
        for bot in bots:
            stop(bot.proc)
    load_after = os.getloadavg()

    print(f"\nside_by_side_large {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {args.trades:,} seeded "
          f"trades, {open_count} open, same database, freqtrade 2026.9 vs ours, "
          f"{args.repeat} rounds; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after")
    print(f"{'endpoint':<14} {'answer ft / ours':<26} {'KB ft':>7} {'KB ours':>8} "
          f"{'ft ms':>8} {'ours ms':>8} {'ft/ours':>8} {'target':>7}")
    for name in endpoints():
        theirs_ms = statistics.median(warm["freqtrade", name])
        ours_ms = statistics.median(warm["ours", name])
        ratio = theirs_ms / ours_ms
        shape = f"{shapes['freqtrade'][name]['shape']} / {shapes['ours'][name]['shape']}"
        print(f"{name:<14} {shape:<26} {shapes['freqtrade'][name]['bytes'] / 1024:>7.0f} "
              f"{shapes['ours'][name]['bytes'] / 1024:>8.0f} {theirs_ms:>8.1f} {ours_ms:>8.1f} "
              f"{ratio:>7.1f}x {TARGET:>6}x {'PASS' if ratio >= TARGET else 'MISS'}")
    for mine, other in cold:
        print(f"{'pair_candles cold':<41} {'':>8} {other:>8.1f} {mine:>8.1f} "
              f"{other / mine:>7.1f}x {TARGET:>6}x {'PASS' if other / mine >= TARGET else 'MISS'}")
    print(f"RSS at the end: freqtrade {rss['freqtrade'] or 0:.0f} MB, "
          f"ours {rss['ours'] or 0:.0f} MB")
    (out / "results.json").write_text(json.dumps({
        "warm_ms": {f"{bot}/{name}": values for (bot, name), values in warm.items()},
        "cold_ms": cold, "shapes": shapes, "open": open_count}, indent=1))
    print(f"(kept in {out})")


if __name__ == "__main__":
    main()
