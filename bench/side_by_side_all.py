"""Every side-by-side figure of the performance goals in one run: 100k, then 1M trades.

    .venv/bin/python bench/side_by_side_all.py --anchor-dir DIR --anchor-venv DIR \
        --db-1m FILE [--seed-db-100k FILE] [--trades 100000] [--samples 3] [--warm 3] [--out DIR]

1. ``side_by_side_cold.py`` at 100k trades: freqtrade 2026.9 and our bot running side by side
   on copies of one database, per endpoint the first answer after a close against the warm one
   (by ``/forceexit`` and by another connection's write), requests/s of 16 keep-alive clients,
   start time and idle RSS of both;
2. ``cold_at_scale.py`` on ``--db-1m``: the same cold-after-close table for our bot at a million
   trades, its start time and RSS, then freqtrade 2026.9 on its own copy (one warm and one cold
   answer per endpoint, as each takes minutes there; an endpoint that fails is reported).

The two parts run one after the other, never at the same time, so neither measures the other's
load; each prints its tables as it finishes. The whole run takes about an hour, most of it
freqtrade's answers at a million trades.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _stamp(what: str) -> None:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n=== {what}: {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC, load {load}", flush=True)


def _run(script: str, *options: str) -> int:
    _stamp(f"{script} {' '.join(options)}")
    return subprocess.run([sys.executable, str(HERE / script), *options], check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--anchor-dir", type=Path, required=True)
    parser.add_argument("--anchor-venv", type=Path, required=True)
    parser.add_argument("--db-1m", type=Path, required=True,
                        help="a database with a million trades (seed_db.py or seed_trades.py)")
    parser.add_argument("--seed-db-100k", type=Path,
                        help="a 100k-trade database written by the anchor's seed_trades.py "
                             "(default: seed one, a few minutes)")
    parser.add_argument("--trades", type=int, default=100_000,
                        help="trades of the first part (seeded unless --seed-db-100k)")
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--out", type=Path, help="keep both parts' files under this folder")
    args = parser.parse_args()
    if not args.db_1m.is_file():
        parser.error(f"--db-1m: no such file: {args.db_1m}")
    anchor = ["--anchor-dir", str(args.anchor_dir.resolve()),
              "--anchor-venv", str(args.anchor_venv.resolve())]
    common = ["--samples", str(args.samples), "--warm", str(args.warm)]
    small = [*anchor, *common, "--trades", str(args.trades)]
    if args.seed_db_100k:
        small += ["--seed-db", str(args.seed_db_100k.resolve())]
    large = [*anchor, *common, "--db", str(args.db_1m.resolve())]
    if args.out:
        small += ["--out", str((args.out / "100k").resolve())]
        large += ["--out", str((args.out / "1m").resolve())]
    started = time.monotonic()
    codes = {"100k": _run("side_by_side_cold.py", *small),
             "1M": _run("cold_at_scale.py", *large)}
    _stamp(f"done in {(time.monotonic() - started) / 60:.0f} min, exit codes {codes}")
    return max(codes.values())


if __name__ == "__main__":
    sys.exit(main())
