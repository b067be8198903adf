"""Time the RPC layer in-process (no HTTP, no JSON): where an endpoint's time goes.

    .venv/bin/python bench/bench_rpc.py --db /tmp/bench/t100k.sqlite [--repeat 5]
    .venv/bin/python bench/bench_rpc.py --db ... --only profit --profile   # needs pyinstrument

Opens a copy of the seeded database with a dry-run bot on the simulated exchange (one loop
iteration first, so candles are analysed) and times each RPC method, median of --repeat.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from seed_db import PAIRS, STRATEGY  # noqa: E402


def make_bot(db: Path, workdir: Path):
    from freqtrade.commands.userdir_commands import create_userdir
    from freqtrade.configuration import build_config
    from freqtrade.enums import RunMode

    create_userdir(workdir / "user_data")
    shutil.copy(ROOT / "freqtrade" / "templates" / "sample_strategy.py",
                workdir / "user_data" / "strategies")
    import json

    config_file = workdir / "config.json"
    config_file.write_text(json.dumps({
        "dry_run": True, "dry_run_wallet": 10000, "stake_currency": "USDT",
        "stake_amount": 50, "max_open_trades": 10, "timeframe": "1m", "strategy": STRATEGY,
        "user_data_dir": str(workdir / "user_data"), "db_url": f"sqlite:///{db}",
        "initial_state": "running",
        "exchange": {"name": "simulated", "pair_whitelist": PAIRS},
    }))
    config = build_config([str(config_file)], environ={})
    config["runmode"] = RunMode.DRY_RUN
    from freqtrade.bot import FreqtradeBot

    bot = FreqtradeBot(config)
    bot.startup()
    return bot


CALLS = {
    "status": lambda rpc: rpc.trade_status(),
    "trades": lambda rpc: rpc.trade_history(500),
    "profit": lambda rpc: rpc.profit_all(),
    "performance": lambda rpc: rpc.performance(),
    "daily": lambda rpc: rpc.timeunit_profit(7, "days"),
    "stats": lambda rpc: rpc.stats(),
    "balance": lambda rpc: rpc.balance(),
    "count": lambda rpc: rpc.count(),
    "pair_candles": lambda rpc: rpc.analysed_dataframe("BTC/USDT", "1m", 1000),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="a database from seed_db.py")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", help="comma-separated subset of: " + ", ".join(CALLS))
    ap.add_argument("--profile", action="store_true", help="pyinstrument profile of each call")
    args = ap.parse_args()
    names = [n for n in (args.only.split(",") if args.only else CALLS)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "copy.sqlite"
        shutil.copy(args.db, db)
        bot = make_bot(db, work)
        bot.process()
        from freqtrade.rpc.rpc import RPC

        rpc = RPC(bot)
        for name in names:
            call = CALLS[name]
            call(rpc)  # warm-up
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                call(rpc)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{name:<14} median {statistics.median(times):9.2f} ms   "
                  f"min {min(times):9.2f} ms")
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                profiler.start()
                call(rpc)
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
        bot.cleanup()


if __name__ == "__main__":
    main()
