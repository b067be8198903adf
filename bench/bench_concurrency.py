"""Concurrent clients against a trading bot: throughput, latency, errors, and the loop's pace.

    .venv/bin/python bench/bench_concurrency.py [--duration 60] [--idle 30] [--clients 50]
        [--websockets 30] [--interval 5] [--throttle 1] [--trades 1000] [--keep DIR]

Starts ``freqtrade trade -v`` (dry-run, simulated market, ``ChurnStrategy`` of
``tests/concurrent_load.py``: it trades by itself, entering its pairs and leaving each trade
after a few seconds) on a SQLite file seeded with ``--trades`` closed trades
(``bench/seed_db.py``). Then:

1. idle: ``--idle`` s with no client; the loop's iterations are read from the bot's log;
2. load: for ``--duration`` s, ``--clients`` FreqUI-like pollers (``/token/login`` then
   Bearer, one keep-alive connection each; every refresh reads ``/status``, ``/balance``,
   ``/profit``, ``/locks``, ``/whitelist``, a ``/trades`` page and a pair's ``/pair_candles``,
   then pauses ``--interval`` s, jittered +-50 %), ``--websockets`` of them also on the message
   websocket subscribed like FreqUI, and one writer force-entering and force-exiting.

Prints per endpoint the answers, requests/s, p50/p99/max ms and status codes; errors (any
other status, a dropped connection or socket, a forced exit that left the trade open); the
loop's iteration time and period, idle vs under load, and their ratio; problems in the bot's
log ("database is locked", tracebacks, ERROR lines). Exit code 1 when there was an error.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from seed_db import seed  # noqa: E402

from freqtrade.persistence import close_db  # noqa: E402
from tests.concurrent_load import (  # noqa: E402
    Iteration,
    LoadSettings,
    TradingBot,
    percentile,
    run_load,
    write_bot_files,
)


def loop_figures(iterations: list[Iteration]) -> dict[str, float]:
    ends = [it.ended for it in iterations]
    gaps = [later - earlier for earlier, later in zip(ends, ends[1:], strict=False)]
    took = [it.took for it in iterations]
    nan = float("nan")
    return {"iterations": len(iterations),
            "took_p50": statistics.median(took) if took else nan,
            "took_p90": percentile(took, 90) if took else nan,
            "period_p50": statistics.median(gaps) if gaps else nan,
            "period_p90": percentile(gaps, 90) if gaps else nan,
            "period_max": max(gaps) if gaps else nan}


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="load phase, seconds")
    parser.add_argument("--idle", type=float, default=30.0, help="idle phase, seconds")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--websockets", type=int, default=30,
                        help="pollers that also hold a websocket (the server allows 32)")
    parser.add_argument("--interval", type=float, default=5.0,
                        help="pause between one client's refreshes, seconds")
    parser.add_argument("--throttle", type=float, default=1.0,
                        help="internals.process_throttle_secs of the bot")
    parser.add_argument("--trades", type=int, default=1000, help="closed trades seeded")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_file = folder / "load.sqlite"
    if args.trades:
        seed(db_file, args.trades, n_open=0, quiet=True)
        close_db()
    bot = TradingBot(write_bot_files(folder, throttle=args.throttle, db_file=db_file))
    try:
        process = psutil.Process(bot.proc.pid)
        idle_from, idle_cpu = time.time(), cpu_seconds(process)
        time.sleep(args.idle)
        load_from, load_cpu = time.time(), cpu_seconds(process)
        settings = LoadSettings(clients=args.clients, websockets=args.websockets,
                                interval=args.interval)
        tally = run_load(bot.base_url, args.duration, settings)
        load_to, end_cpu = time.time(), cpu_seconds(process)
        idle = loop_figures(bot.iterations(idle_from, load_from))
        loaded = loop_figures(bot.iterations(load_from, load_to))
    finally:
        exit_code = bot.stop()
    problems = bot.log_problems()
    elapsed = load_to - load_from

    print(f"bench_concurrency {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average "
          f"{' / '.join(f'{v:.1f}' for v in os.getloadavg())}, {os.cpu_count()} CPUs")
    print(f"{args.clients} clients every ~{args.interval:g} s, {args.websockets} websockets, "
          f"1 writer; {args.duration:g} s load after {args.idle:g} s idle; "
          f"{args.trades} seeded trades; process_throttle_secs {args.throttle:g}")
    print()
    print(f"{'endpoint':<14} {'answers':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8}  statuses")
    for name in sorted(tally.latencies, key=lambda n: -len(tally.latencies[n])):
        values = tally.latencies[name]
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(tally.statuses[name].items()))
        print(f"{name:<14} {len(values):>8} {len(values) / elapsed:>7.1f} "
              f"{percentile(values, 50) * 1000:>8.1f} {percentile(values, 99) * 1000:>8.1f} "
              f"{max(values) * 1000:>8.1f}  {statuses}")
    print(f"{'all':<14} {tally.requests:>8} {tally.requests / elapsed:>7.1f}")
    print()
    print(f"errors: {len(tally.errors)}" + "".join(f"\n  {e}" for e in tally.errors[:10]))
    print(f"websockets open: {tally.ws_open}/{args.websockets}; messages: "
          + ", ".join(f"{kind} {n}" for kind, n in tally.ws_messages.most_common()))
    print(f"writer round trips (force entry, force exit, read back closed): "
          f"{tally.writer_round_trips}")
    print(f"bot CPU: {(load_cpu - idle_cpu) / (load_from - idle_from):.2f} cores idle, "
          f"{(end_cpu - load_cpu) / elapsed:.2f} under load")
    print()
    print(f"{'loop':<7} {'iterations':>10} {'took p50':>9} {'took p90':>9} {'period p50':>11} "
          f"{'period p90':>11} {'period max':>11}")
    for label, figures in (("idle", idle), ("load", loaded)):
        print(f"{label:<7} {figures['iterations']:>10} {figures['took_p50']:>8.3f}s "
              f"{figures['took_p90']:>8.3f}s {figures['period_p50']:>10.3f}s "
              f"{figures['period_p90']:>10.3f}s {figures['period_max']:>10.3f}s")
    period_ratio = loaded["period_p50"] / idle["period_p50"]
    print(f"period ratio load/idle (p50): {period_ratio:.2f} "
          f"({'within' if period_ratio <= 1.2 else 'OUTSIDE'} 20 %); iteration time ratio "
          f"{loaded['took_p50'] / idle['took_p50']:.2f}")
    print(f"bot log problems: {len(problems)}" + "".join(f"\n  {p}" for p in problems[:10]))
    print(f"bot exit code after SIGTERM: {exit_code}")
    if args.keep:
        print(f"kept: {folder} (bot.log, config.json, load.sqlite)")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if tally.errors or problems or exit_code else 0


if __name__ == "__main__":
    sys.exit(main())
