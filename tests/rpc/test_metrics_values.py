"""``freqtrade/rpc/metrics.py`` gives freqtrade 2026.9's numbers for the same closed trades.

Every case runs through freqtrade's own functions (``freqtrade.data.metrics``, called as its
``/profit`` calls them) in the reference venv, all cases in one subprocess per module
(``tests/reference/metrics_driver.py``), and through ours. Dates must be equal; figures agree to
1e-12 relative (freqtrade's standard deviations come from pandas, which sums in another order
than numpy: the last digit of Sharpe and Sortino may differ).
"""
from __future__ import annotations

import json
import random
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from freqtrade.rpc import metrics
from tests.reference import require_python

DRIVER = Path(__file__).resolve().parents[1] / "reference" / "metrics_driver.py"
START = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
BALANCE = 1000.0


def trade_set(steps: list[tuple[float, float, float]], balance: float = BALANCE,
              final_balance: float | None = None) -> dict:
    """Trades from (hours after START it opened, minutes it lasted, absolute profit)."""
    trades = [{"open_date": START + timedelta(hours=hours),
               "close_date": START + timedelta(hours=hours, minutes=minutes),
               "profit_abs": profit} for hours, minutes, profit in steps]
    return {"trades": trades, "starting_balance": balance,
            "first_date": trades[0]["open_date"] if trades else None,
            "last_date": trades[-1]["open_date"] if trades else None,
            "final_balance": balance + sum(t["profit_abs"] for t in trades)
            if final_balance is None else final_balance}


def _many_days() -> list[tuple[float, float, float]]:
    draw = random.Random(13)
    return [(day * 24 * 4.2 + draw.uniform(0, 20), draw.uniform(5, 3000),
             round(draw.uniform(-8, 10), 8)) for day in range(120)]


CASES = {
    "no_trades": trade_set([]),
    "wins_only": trade_set([(0, 90, 3.2), (24, 30, 1.1), (49, 600, 7.5), (73, 5, 0.4),
                            (97, 45, 2.25)]),
    "losses_only": trade_set([(0, 60, -2.0), (30, 15, -0.5), (55, 240, -3.3),
                              (80, 20, -1.25)]),
    "mixed": trade_set([(0, 120, 5.0), (8, 60, -2.5), (16, 30, 1.2), (24, 90, -0.7),
                        (32, 10, 3.3), (40, 400, -4.1), (48, 60, 0.0), (56, 30, 2.2),
                        (64, 15, -1.0), (72, 75, 6.4)]),
    "one_win": trade_set([(0, 45, 4.2)]),
    "one_loss": trade_set([(0, 45, -4.2)]),
    "zero_duration": trade_set([(0, 0, 1.5), (1 / 6, 0, -0.5), (2 / 6, 0, 2.0),
                                (3 / 6, 0, -3.0)]),
    "drawdown_then_recovery": trade_set([(0, 30, 10.0), (20, 30, -4.0), (40, 30, -6.0),
                                         (60, 30, -3.0), (80, 30, 15.0), (100, 30, -2.0)]),
    "small_balance": trade_set([(0, 30, 2.5), (50, 30, -1.5), (100, 30, 4.0),
                                (150, 30, -0.75)], balance=10.0),
    "balance_went_negative": trade_set([(0, 30, -40.0), (30, 30, 5.0)], balance=30.0,
                                       final_balance=-5.0),
    "many_days": trade_set(_many_days()),
}


def _wire(case: dict) -> dict:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {"trades": [{"close_date": iso(t["close_date"]), "profit_abs": t["profit_abs"]}
                       for t in case["trades"]],
            "first_date": iso(case["first_date"]), "last_date": iso(case["last_date"]),
            "starting_balance": case["starting_balance"],
            "final_balance": case["final_balance"]}


@pytest.fixture(scope="module")
def freqtrades() -> dict[str, dict]:
    done = subprocess.run([str(require_python()), str(DRIVER)],
                          input=json.dumps({name: _wire(case) for name, case in CASES.items()}),
                          capture_output=True, text=True, timeout=180, cwd="/")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def ours(case: dict) -> dict:
    trades = sorted(case["trades"], key=lambda t: t["close_date"])
    profits = np.array([t["profit_abs"] for t in case["trades"]], dtype=float)
    by_close = np.array([t["profit_abs"] for t in trades], dtype=float)
    balance, first, last = case["starting_balance"], case["first_date"], case["last_date"]
    drawdown = metrics.drawdown(by_close, [t["close_date"] for t in trades], balance)
    expectancy, expectancy_ratio = metrics.expectancy(profits)

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "sharpe": metrics.sharpe(profits, balance, first, last),
        "sortino": metrics.sortino(profits, balance, first, last),
        "sqn": metrics.sqn(profits, balance),
        "calmar": metrics.calmar(profits, balance, first, last, drawdown.relative),
        "cagr": metrics.cagr(balance, case["final_balance"], first, last),
        "expectancy": expectancy,
        "expectancy_ratio": expectancy_ratio,
        "drawdown_abs": drawdown.abs,
        "drawdown_relative": drawdown.relative,
        "drawdown_high_date": iso(drawdown.high_date),
        "drawdown_low_date": iso(drawdown.low_date),
        "current_drawdown_abs": drawdown.current_abs,
        "current_drawdown_relative": drawdown.current_relative,
        "current_drawdown_high": drawdown.current_high,
        "current_drawdown_start": iso(drawdown.current_start),
    }


@pytest.mark.parametrize("name", list(CASES))
def test_metrics_equal_freqtrades_for_the_same_trades(name, freqtrades):
    expected = freqtrades[name]
    actual = ours(CASES[name])
    assert actual.keys() == expected.keys()
    differ = {key: (actual[key], value) for key, value in expected.items()
              if actual[key] != (pytest.approx(value, rel=1e-12, abs=1e-15)
                                 if isinstance(value, float) else value)}
    assert differ == {}  # metric: (ours, freqtrade's)
