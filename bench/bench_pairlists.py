"""Time the pairlist chain freqtrade's docs recommend, on the simulated market.

Prints the first refresh (tickers of every market plus daily candles for the age and range
filters) and the median of later refreshes (served from the caches, as in every bot loop).
Usage: ``.venv/bin/python bench/bench_pairlists.py [--repeat 50]``
"""
from __future__ import annotations

import argparse
import statistics
import time

from freqtrade.exchange import SimulatedExchange
from freqtrade.plugins.pairlist_manager import PairListManager

CHAIN = [
    {"method": "VolumePairList", "number_assets": 20, "refresh_period": 1800},
    {"method": "AgeFilter", "min_days_listed": 10},
    {"method": "PrecisionFilter"},
    {"method": "PriceFilter", "low_price_ratio": 0.01},
    {"method": "SpreadFilter", "max_spread_ratio": 0.005},
    {"method": "RangeStabilityFilter", "lookback_days": 10, "refresh_period": 86400},
    {"method": "VolatilityFilter", "lookback_days": 10, "refresh_period": 86400},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    config = {"exchange": {"name": "simulated", "pair_whitelist": [], "pair_blacklist": []},
              "stake_currency": "USDT", "stoploss": -0.1, "timeframe": "5m",
              "max_open_trades": 3, "pairlists": CHAIN}
    manager = PairListManager(SimulatedExchange(config), config)
    start = time.perf_counter()
    pairs = manager.refresh()
    first = time.perf_counter() - start
    later = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        manager.refresh()
        later.append(time.perf_counter() - start)
    print(f"chain: {' -> '.join(manager.name_list)}")
    print(f"whitelist: {len(pairs)} pairs")
    print(f"first refresh: {first * 1000:.0f} ms")
    print(f"later refresh (median of {args.repeat}): {statistics.median(later) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
