"""The login throttle under floods: cost per failed attempt, memory, and guesses let through.

    .venv/bin/python bench/bench_throttle.py [--junk 50000] [--addresses 10000]

1. Junk flood: ``--junk`` failures, each from a new address with a new username (the worst
   case for memory), after 20 failures of the real username. Prints the median and worst
   cost of one ``failure()`` call, the keys held, the memory they take (tracemalloc, on a
   second untimed run) and whether the real username is still refused.
2. Distributed guessing: ``--addresses`` addresses each try the real username until refused,
   over one simulated hour (clock injected, no sleeping). Prints how many guesses were
   checked at all.
"""
from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from freqtrade.api.throttle import LoginThrottle, password_account

TARGET = password_account("freqtrader")


def address(i: int) -> str:
    return f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"


def flood(count: int, timed: bool) -> tuple[LoginThrottle, list[float]]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    throttle = LoginThrottle(clock=lambda: now)
    for i in range(20):
        throttle.failure(address(i), TARGET)
    costs = []
    for i in range(count):
        started = time.perf_counter() if timed else 0.0
        throttle.failure(address(100 + i), password_account(f"junk{i}"))
        if timed:
            costs.append(time.perf_counter() - started)
    return throttle, costs


def junk_flood(count: int) -> None:
    throttle, costs = flood(count, timed=True)
    tracemalloc.start()
    again, _ = flood(count, timed=False)  # the same flood again, for its memory only
    memory, _ = tracemalloc.get_traced_memory()
    assert again.tracked_keys() == throttle.tracked_keys()
    tracemalloc.stop()
    print(f"junk flood: {count} failures, median {statistics.median(costs) * 1e6:.1f} us, "
          f"worst {max(costs) * 1e3:.1f} ms per failure(); {throttle.tracked_keys()} keys held, "
          f"{memory / 2**20:.1f} MiB; real username still refused: "
          f"{throttle.retry_after('192.0.2.1', TARGET) is not None}")


def distributed(addresses: int) -> None:
    clock = {"now": datetime(2026, 1, 1, tzinfo=UTC)}
    throttle = LoginThrottle(clock=lambda: clock["now"])
    step = timedelta(hours=1) / addresses
    checked = 0
    for i in range(addresses):
        while throttle.retry_after(address(i), TARGET) is None:
            throttle.failure(address(i), TARGET)
            checked += 1
        clock["now"] += step
    print(f"distributed: {addresses} addresses over one hour, {checked} guesses checked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--junk", type=int, default=50_000)
    parser.add_argument("--addresses", type=int, default=10_000)
    args = parser.parse_args()
    junk_flood(args.junk)
    distributed(args.addresses)


if __name__ == "__main__":
    main()
