"""Time the wallet history rebuild (first start on an existing database) at N trades.

    .venv/bin/python bench/bench_wallet_backfill.py --trades 100000

Seeds N closed trades over a year (bench/seed_db.py), then runs the rebuild the bot runs at
start-up against the simulated exchange's daily candles and prints rows written and seconds.
freqtrade 2026.9 takes minutes for the same step at 100k trades.
"""
from __future__ import annotations

import argparse
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
    args = parser.parse_args()

    from freqtrade.exchange import create_exchange
    from freqtrade.persistence import KeyValueStore, close_db, init_db
    from freqtrade.wallet_backfill import backfill_wallet_history
    from freqtrade.wallets import Wallets

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "backfill.sqlite"
        seed(db, args.trades, quiet=True)
        init_db(f"sqlite:///{db}")
        config = {"stake_currency": "USDT", "dry_run": True, "dry_run_wallet": 10_000,
                  "exchange": {"name": "simulated"}}
        exchange = create_exchange(config)
        KeyValueStore.set_startup_time()
        wallets = Wallets(config, exchange)
        start = time.perf_counter()
        backfill_wallet_history(config, exchange, wallets.get_starting_balance())
        elapsed = time.perf_counter() - start
        from sqlalchemy import func, select

        from freqtrade.persistence import WalletHistory, get_session

        rows = get_session().scalar(select(func.count(WalletHistory.id)))
        print(f"wallet history rebuild, {args.trades:,} trades: {rows:,} rows in "
              f"{elapsed:.2f} s")
        close_db()


if __name__ == "__main__":
    main()
