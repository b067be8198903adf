"""The running drawdown equals ``metrics.drawdown`` over the whole series, whether it got there
by appends (the O(1) path) or by inserts and removals (re-derived)."""
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from freqtrade.ledger.drawdown import RunningDrawdown
from freqtrade.rpc import metrics

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def _expected(series: list[tuple[int, int, float]], balance: float) -> metrics.Drawdown:
    series = sorted(series)
    dates = [T0 + timedelta(microseconds=close) for close, _, _ in series]
    return metrics.drawdown(np.array([p for _, _, p in series], dtype=float), dates, balance)


def _us(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("balance", [1000.0, 0.0])
def test_appends_inserts_and_removals_give_the_full_recomputation(seed, balance):
    rng = random.Random(seed)
    base = _us(T0)
    series: list[tuple[int, int, float]] = []
    running = RunningDrawdown([], [], [])
    clock = 0
    for trade_id in range(1, 300):
        roll = rng.random()
        if roll < 0.1 and series:  # a removal (edit or delete)
            close, removed_id, _ = series.pop(rng.randrange(len(series)))
            running.remove(base + close, removed_id)
        else:
            if roll < 0.2:  # dated before the latest close (an edit, an imported trade)
                close = rng.randint(0, clock)
            else:
                clock += rng.choice((0, rng.randint(1, 10**9)))  # equal close times happen
                close = clock
            profit = rng.choice((rng.uniform(-5, 5), 0.0, rng.uniform(-50, 20)))
            series.append((close, trade_id, profit))
            running.add(base + close, trade_id, profit)
        if rng.random() < 0.3 or trade_id == 299:
            assert running.result(balance) == _expected(series, balance)
    assert len(running) == len(series)


def test_an_empty_series_has_no_drawdown():
    assert RunningDrawdown([], [], []).result(100.0) == metrics.Drawdown()
