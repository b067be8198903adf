"""Closed-trade histories and the locks freqtrade's protections write for them.

Each case is evaluated the way the bot does after an exit fills: the protections for the
exiting pair first, then for every pair, at ``NOW`` on the 5m timeframe. ``expected`` lists
the lock rows (pair, side, reason, lock end) the database holds afterwards.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

TIMEFRAME = "5m"
NOW = datetime(2026, 3, 2, 12, 3, 10, tzinfo=UTC)


@dataclass
class T:
    """A closed trade: closed ``ago`` minutes before NOW with ``profit`` (ratio)."""

    pair: str = "ETH/USDT"
    ago: float = 10
    exit_reason: str = "stop_loss"
    profit: float = -0.05
    profit_abs: float | None = None
    short: bool = False


@dataclass
class Case:
    name: str
    protections: list[dict]
    trades: list[T]
    expected: list[tuple[str, str, str, str]]  # pair, side, reason, lock end "HH:MM:SS"
    pair: str = "ETH/USDT"
    side: str = "long"
    starting_balance: float = 0.0
    locks: list[tuple[str, str, str, int]] = field(default_factory=list)  # existing: minutes


SL4 = {"method": "StoplossGuard", "lookback_period": 60, "trade_limit": 4, "stop_duration": 60}
SL4_REASON = "4 stoplosses in 60 min, locking for 60 minutes."
COOLDOWN = {"method": "CooldownPeriod", "stop_duration_candles": 2}

CASES = [
    Case("stoplossguard_three_stoplosses_do_not_lock", [SL4],
         [T("ETH/USDT", 5), T("BTC/USDT", 15), T("XRP/USDT", 25)], []),
    Case("stoplossguard_fourth_stoploss_locks_every_pair_from_the_latest_close", [SL4],
         [T("ETH/USDT", 5), T("BTC/USDT", 15), T("XRP/USDT", 25), T("SOL/USDT", 35)],
         # latest close 11:58:10 + 60 min = 12:58:10, rounded up to the 5m candle 13:00
         [("*", "*", SL4_REASON, "13:00:00")]),
    Case("stoplossguard_counts_only_losing_stoploss_exits_inside_the_window", [SL4],
         [T("ETH/USDT", 5), T("BTC/USDT", 15, "trailing_stop_loss"),
          T("XRP/USDT", 25, "stoploss_on_exchange"), T("SOL/USDT", 35, "roi"),
          T("SOL/USDT", 36, "exit_signal"), T("ADA/USDT", 37, profit=0.01),
          T("ADA/USDT", 38, profit=0.0), T("ADA/USDT", 61)], []),
    Case("stoplossguard_trailing_and_exchange_stoplosses_count",
         [SL4], [T("ETH/USDT", 5), T("BTC/USDT", 15, "trailing_stop_loss"),
                 T("XRP/USDT", 25, "stoploss_on_exchange"), T("SOL/USDT", 59)],
         [("*", "*", SL4_REASON, "13:00:00")]),
    Case("stoplossguard_required_profit_counts_small_wins",
         [{**SL4, "trade_limit": 2, "required_profit": 0.02}],
         [T("ETH/USDT", 5, "trailing_stop_loss", 0.01), T("BTC/USDT", 20, profit=-0.01)],
         [("*", "*", "2 stoplosses in 60 min, locking for 60 minutes.", "13:00:00")]),
    Case("stoplossguard_only_per_pair_locks_the_pair_not_everything",
         [{"method": "StoplossGuard", "lookback_period": 60, "trade_limit": 2,
           "only_per_pair": True, "stop_duration_candles": 3}],
         [T("ETH/USDT", 2), T("ETH/USDT", 30), T("BTC/USDT", 4)],
         # 12:01:10 + 15 min = 12:16:10 -> 12:20
         [("ETH/USDT", "*", "2 stoplosses in 60 min, locking for 3 candles.", "12:20:00")]),
    Case("stoplossguard_only_per_side_counts_and_locks_one_side",
         [{**SL4, "trade_limit": 2, "only_per_side": True}],
         [T("ETH/USDT", 5), T("BTC/USDT", 6, short=True), T("XRP/USDT", 50)],
         [("*", "long", "2 stoplosses in 60 min, locking for 60 minutes.", "13:00:00")]),
    Case("stoplossguard_short_side_trades_do_not_lock_long",
         [{**SL4, "trade_limit": 2, "only_per_side": True}],
         [T("ETH/USDT", 5), T("BTC/USDT", 6, short=True)], []),
    Case("stoplossguard_lookback_in_candles",
         [{"method": "StoplossGuard", "lookback_period_candles": 2, "trade_limit": 1,
           "stop_duration_candles": 1}],
         [T("ETH/USDT", 11)], []),
    Case("stoplossguard_lookback_in_candles_inside",
         [{"method": "StoplossGuard", "lookback_period_candles": 3, "trade_limit": 1,
           "stop_duration_candles": 1}],
         [T("ETH/USDT", 11)],
         # the pair lock comes first; the global one is written as well (it covers more)
         [("ETH/USDT", "*", "1 stoplosses in 15 min, locking for 1 candle.", "12:00:00"),
          ("*", "*", "1 stoplosses in 15 min, locking for 1 candle.", "12:00:00")]),
    Case("cooldown_locks_the_pair_for_n_candles_after_its_exit", [COOLDOWN],
         [T("ETH/USDT", 0, "roi", 0.02), T("BTC/USDT", 0, "roi")],
         # 12:03:10 + 10 min = 12:13:10 -> 12:15
         [("ETH/USDT", "*", "Cooldown period for for 2 candles.", "12:15:00")]),
    Case("cooldown_counts_from_the_latest_close_in_the_lookback",
         [{"method": "CooldownPeriod", "stop_duration": 30, "lookback_period": 20}],
         [T("ETH/USDT", 15, "roi", 0.02), T("ETH/USDT", 45, "roi")],
         # 11:48:10 + 30 min = 12:18:10 -> 12:20
         [("ETH/USDT", "*", "Cooldown period for for 30 minutes.", "12:20:00")]),
    Case("cooldown_ignores_exits_before_the_lookback", [COOLDOWN],
         [T("ETH/USDT", 61, "roi")], []),
    Case("cooldown_does_not_duplicate_a_longer_lock", [COOLDOWN], [T("ETH/USDT", 0, "roi")],
         [("ETH/USDT", "*", "manual", "12:55:00")],
         locks=[("ETH/USDT", "*", "manual", 50)]),
    Case("cooldown_unlock_at_time_of_day",
         [{"method": "CooldownPeriod", "unlock_at": "08:00"}], [T("ETH/USDT", 1, "roi")],
         # 08:00 has passed today: the next day, seconds of the close kept, rounded up
         [("ETH/USDT", "*", "Cooldown period for until 08:00.", "08:05:00")]),
    Case("maxdrawdown_ratios_locks_every_pair",
         [{"method": "MaxDrawdown", "lookback_period": 60, "trade_limit": 3,
           "stop_duration": 20, "max_allowed_drawdown": 0.1}],
         [T("ETH/USDT", 40, "roi", -0.05), T("BTC/USDT", 30, "roi", 0.02),
          T("XRP/USDT", 20, "exit_signal", -0.1)],
         # running sum -0.05, -0.03, -0.13 from a peak of 0: 0.13 > 0.1
         [("*", "*", f"{abs(-0.05 + 0.02 - 0.1)} passed 0.1 in 60 minutes, locking for 20 "
           "minutes.", "12:05:00")]),
    Case("maxdrawdown_needs_trade_limit_trades",
         [{"method": "MaxDrawdown", "lookback_period": 60, "trade_limit": 4,
           "stop_duration": 20, "max_allowed_drawdown": 0.1}],
         [T("ETH/USDT", 40, "roi", -0.05), T("BTC/USDT", 30, "roi", 0.02),
          T("XRP/USDT", 20, "exit_signal", -0.1), T("XRP/USDT", 70, "roi", -0.2)], []),
    Case("maxdrawdown_drawdown_from_a_peak",
         [{"method": "MaxDrawdown", "lookback_period_candles": 12, "trade_limit": 2,
           "stop_duration_candles": 4, "max_allowed_drawdown": 0.04}],
         [T("ETH/USDT", 40, "roi", 0.06), T("BTC/USDT", 30, "roi", -0.03),
          T("XRP/USDT", 20, "exit_signal", -0.02)],
         [("*", "*", f"{abs(0.06 - 0.03 - 0.02 - 0.06)} passed 0.04 in 12 candles, locking "
           "for 4 candles.", "12:05:00")]),
    Case("maxdrawdown_equity_mode_relative_to_the_balance",
         [{"method": "MaxDrawdown", "lookback_period": 60, "trade_limit": 2,
           "stop_duration": 10, "max_allowed_drawdown": 0.05, "calculation_mode": "equity"}],
         [T("ETH/USDT", 90, "roi", 0.5, 100.0), T("BTC/USDT", 30, "roi", 0.1, 20.0),
          T("XRP/USDT", 20, "stop_loss", -0.5, -80.0)],
         # balance 1000 + 100 before the window: peak 1120, low 1040 -> 80 / 1120
         [("*", "*", f"{80 / 1120} passed 0.05 in 60 minutes, locking for 10 minutes.",
           "11:55:00")], starting_balance=1000.0),
    Case("lowprofitpairs_locks_a_pair_below_required_profit",
         [{"method": "LowProfitPairs", "lookback_period": 60, "trade_limit": 2,
           "stop_duration": 60, "required_profit": 0.0}],
         [T("ETH/USDT", 5, "roi", -0.011), T("ETH/USDT", 25, "exit_signal", 0.003),
          T("BTC/USDT", 5, "roi", -0.5)],
         [("ETH/USDT", "*", f"{-0.011 + 0.003} < 0.0 in 60 minutes, locking for 60 minutes.",
           "13:00:00")]),
    Case("lowprofitpairs_enough_profit_does_not_lock",
         [{"method": "LowProfitPairs", "lookback_period": 60, "trade_limit": 2,
           "required_profit": 0.01}],
         [T("ETH/USDT", 5, "roi", 0.004), T("ETH/USDT", 25, "roi", 0.007)], []),
    Case("lowprofitpairs_only_per_side",
         [{"method": "LowProfitPairs", "lookback_period": 60, "trade_limit": 2,
           "stop_duration_candles": 1, "required_profit": 0.01, "only_per_side": True}],
         [T("ETH/USDT", 5, "roi", 0.004), T("ETH/USDT", 25, "roi", 0.2, short=True)],
         [("ETH/USDT", "long", "0.004 < 0.01 in 60 minutes, locking for 1 candle.",
           "12:05:00")]),
]


def write_case(case: Case, db_path: Path) -> None:
    """Write the case's trades and locks into a new freqtrade database at ``db_path``."""
    from freqtrade.persistence import PairLock, Trade, close_db, get_session, init_db

    init_db(f"sqlite:///{db_path}")
    session = get_session()
    for trade in case.trades:
        close = (NOW - timedelta(minutes=trade.ago)).replace(tzinfo=None)
        profit_abs = trade.profit * 100 if trade.profit_abs is None else trade.profit_abs
        session.add(Trade(
            pair=trade.pair, base_currency=trade.pair.split("/")[0], stake_currency="USDT",
            exchange="binance", amount=1.0, amount_requested=1.0, open_rate=100.0,
            close_rate=100.0 * (1 + trade.profit), stake_amount=100.0, fee_open=0.001,
            fee_close=0.001, is_open=False, open_date=close - timedelta(minutes=30),
            close_date=close, exit_reason=trade.exit_reason, close_profit=trade.profit,
            close_profit_abs=profit_abs, is_short=trade.short, leverage=1.0,
            strategy="CaseStrategy", timeframe=5))
    for pair, side, reason, minutes in case.locks:
        session.add(PairLock(pair=pair, side=side, reason=reason, active=True,
                             lock_time=NOW.replace(tzinfo=None) - timedelta(minutes=1),
                             lock_end_time=NOW.replace(tzinfo=None)
                             + timedelta(minutes=minutes + 1, seconds=50)))
    session.commit()
    close_db()


def evaluate(case: Case, db_path: Path) -> list[tuple[str, str, str, str]]:
    """Our protections as the bot runs them after the case's exit: the pair, then every pair."""
    from freqtrade.persistence import close_db, init_db
    from freqtrade.plugins.protections import ProtectionManager

    init_db(f"sqlite:///{db_path}")
    try:
        manager = ProtectionManager({"timeframe": TIMEFRAME}, case.protections)
        manager.stop_per_pair(case.pair, now=NOW, side=case.side,
                              starting_balance=case.starting_balance)
        manager.global_stop(now=NOW, side=case.side, starting_balance=case.starting_balance)
    finally:
        close_db()
    return read_locks(db_path)


def read_locks(db_path: Path) -> list[tuple[str, str, str, str]]:
    """(pair, side, reason, end time of day) of every active lock, in the order written."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT pair, side, reason, lock_end_time FROM pairlocks "
                            "WHERE active ORDER BY id").fetchall()
    return [(pair, side, reason, datetime.fromisoformat(end).strftime("%H:%M:%S"))
            for pair, side, reason, end in rows]
