"""Runs freqtrade 2026.9's own trade metrics on given sets of closed trades.

Executed by the reference interpreter (never imported by our tests): reads ``{name: case}`` as
JSON on stdin, where a case is ``{"trades": [{"close_date": iso, "profit_abs": x}, ...],
"first_date": iso, "last_date": iso, "starting_balance": x, "final_balance": x}``, and prints
``{name: {metric: value}}``. The trades table and the arguments are built as freqtrade's
``/profit`` builds them (the close date formatted and as a datetime, the first and last trade's
open dates as the period, whole days of at least one for CAGR).
"""
from __future__ import annotations

import json
import sys
from datetime import datetime

import pandas as pd
from freqtrade.data.metrics import (
    DrawDownResult,
    calculate_cagr,
    calculate_calmar,
    calculate_expectancy,
    calculate_max_drawdown,
    calculate_sharpe,
    calculate_sortino,
    calculate_sqn,
)


def _iso(value) -> str | None:
    return None if value is None else pd.Timestamp(value).isoformat()


def run_case(case: dict) -> dict:
    closes = [datetime.fromisoformat(trade["close_date"]) for trade in case["trades"]]
    trades = pd.DataFrame([
        {"close_date": close.strftime("%Y-%m-%d %H:%M:%S"), "close_date_dt": close,
         "profit_abs": trade["profit_abs"]}
        for close, trade in zip(closes, case["trades"], strict=True)])
    first = datetime.fromisoformat(case["first_date"]) if case["first_date"] else None
    last = datetime.fromisoformat(case["last_date"]) if case["last_date"] else None
    balance = case["starting_balance"]
    expectancy, expectancy_ratio = calculate_expectancy(trades)
    drawdown = DrawDownResult()
    if len(trades):
        drawdown = calculate_max_drawdown(trades, value_col="profit_abs",
                                          date_col="close_date_dt", starting_balance=balance)
    return {
        "sharpe": calculate_sharpe(trades, first, last, balance),
        "sortino": calculate_sortino(trades, first, last, balance),
        "sqn": calculate_sqn(trades, balance),
        "calmar": calculate_calmar(trades, first, last, balance),
        "cagr": calculate_cagr(max(1, (last - first).days) if first and last else 1, balance,
                               case["final_balance"]),
        "expectancy": expectancy,
        "expectancy_ratio": expectancy_ratio,
        "drawdown_abs": float(drawdown.drawdown_abs),
        "drawdown_relative": float(drawdown.relative_account_drawdown),
        "drawdown_high_date": _iso(drawdown.high_date),
        "drawdown_low_date": _iso(drawdown.low_date),
        "current_drawdown_abs": float(drawdown.current_drawdown_abs),
        "current_drawdown_relative": float(drawdown.current_relative_account_drawdown),
        "current_drawdown_high": float(drawdown.current_high_value),
        "current_drawdown_start": _iso(drawdown.current_high_date),
    }


def main() -> None:
    cases = json.load(sys.stdin)
    print(json.dumps({name: run_case(case) for name, case in cases.items()}))


if __name__ == "__main__":
    main()
