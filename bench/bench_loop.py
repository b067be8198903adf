"""Time one bot loop iteration (``FreqtradeBot.process()``) over 20 pairs of the simulated market.

    .venv/bin/python bench/bench_loop.py [--iterations 20] [--trades 0]

A dry-run bot with the sample strategy (1m) and 20 USDT pairs on a fresh database (``--trades``
closed trades and 10 open ones from ``seed_db.py``). The first iteration (startup candles for
every pair) is reported on its own; then the median and spread of the next N.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_rpc import make_bot  # noqa: E402
from seed_db import PAIRS, seed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--trades", type=int, default=0, help="closed trades in the database")
    args = ap.parse_args()
    import logging

    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "loop.sqlite"
        seed(db, args.trades, quiet=True)
        bot = make_bot(db, work)
        t0 = time.perf_counter()
        bot.process()
        first = (time.perf_counter() - t0) * 1000
        times = []
        for _ in range(args.iterations):
            t0 = time.perf_counter()
            bot.process()
            times.append((time.perf_counter() - t0) * 1000)
        bot.cleanup()
    print(f"bot loop over {len(PAIRS)} pairs, {args.trades} closed + 10 open trades:")
    print(f"  first iteration (startup candles)  {first:8.1f} ms")
    print(f"  next {args.iterations} iterations: median {statistics.median(times):8.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
