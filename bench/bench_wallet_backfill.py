"""Time the wallet history rebuild (first start on an existing database) at N trades.

    .venv/bin/python bench/bench_wallet_backfill.py --trades 100000
    .venv/bin/python bench/bench_wallet_backfill.py --db FILE

Seeds N closed trades over a year (bench/seed_db.py), or copies ``--db``, then runs the
rebuild the bot runs at start-up against the simulated exchange's daily candles and prints
rows written, seconds and this process's RSS before, after and at its peak.
freqtrade 2026.9 takes minutes for the same step at 100k trades.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_db import seed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="rebuild on a copy of this file instead")
    args = parser.parse_args()
    import psutil

    from freqtrade.exchange import create_exchange
    from freqtrade.persistence import KeyValueStore, close_db, init_db
    from freqtrade.util.memory import release_free_memory
    from freqtrade.wallet_backfill import backfill_wallet_history
    from freqtrade.wallets import Wallets

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "backfill.sqlite"
        if args.db:
            shutil.copy(args.db, db)
        else:
            seed(db, args.trades, quiet=True)
        init_db(f"sqlite:///{db}")
        config = {"stake_currency": "USDT", "dry_run": True, "dry_run_wallet": 10_000,
                  "exchange": {"name": "simulated"}}
        exchange = create_exchange(config)
        KeyValueStore.set_startup_time()
        wallets = Wallets(config, exchange)
        before = psutil.Process().memory_info().rss / 2**20
        start = time.perf_counter()
        backfill_wallet_history(config, exchange, wallets.get_starting_balance())
        elapsed = time.perf_counter() - start
        release_free_memory()
        after = psutil.Process().memory_info().rss / 2**20
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        from sqlalchemy import func, select

        from freqtrade.persistence import Trade, WalletHistory, get_session

        rows = get_session().scalar(select(func.count(WalletHistory.id)))
        trades = get_session().scalar(select(func.count(Trade.id)))
        print(f"wallet history rebuild, {trades:,} trades: {rows:,} rows in {elapsed:.2f} s; "
              f"RSS {before:.0f} MB before, {after:.0f} MB after, peak {peak:.0f} MB")
        close_db()


if __name__ == "__main__":
    main()
