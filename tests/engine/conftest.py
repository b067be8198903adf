"""A real bot on the simulated market, a real SQLite file, a strategy file, a frozen clock."""
from datetime import UTC, datetime
from pathlib import Path

import pytest

from freqtrade.configuration import build_config
from freqtrade.persistence import close_db, remove_session

START = datetime(2026, 3, 2, 12, 0, 5, tzinfo=UTC)

SIGNAL_STRATEGY = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class SignalStrategy(IStrategy):
    """Signals come from config["_signals"] so tests decide when to enter and exit."""
    timeframe = "1m"
    minimal_roi = {"0": 10}
    stoploss = -0.5
    process_only_new_candles = False
    startup_candle_count = 0

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if metadata["pair"] in self.config["_signals"]["enter"]:
            dataframe.loc[dataframe.index[-1], ["enter_long", "enter_tag"]] = (1, "test_tag")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if metadata["pair"] in self.config["_signals"]["exit"]:
            dataframe.loc[dataframe.index[-1], ["exit_long", "exit_tag"]] = (1, "test_exit")
        return dataframe

    def confirm_trade_entry(self, pair, order_type, amount, rate, time_in_force,
                            current_time, entry_tag, side, **kwargs) -> bool:
        return pair not in self.config["_signals"].get("refuse_entry", ())

    def confirm_trade_exit(self, pair, trade, order_type, amount, rate, time_in_force,
                           exit_reason, current_time, **kwargs) -> bool:
        return exit_reason not in self.config["_signals"].get("refuse_exit", ())
'''


@pytest.fixture
def clock_start() -> datetime:
    return START


@pytest.fixture
def userdir(user_data, write_strategy) -> Path:
    write_strategy("signal_strategy.py", SIGNAL_STRATEGY)
    return user_data


@pytest.fixture
def make_config(userdir, tmp_path):
    def factory(**overrides) -> dict:
        config = build_config([], {"strategy": "SignalStrategy",
                                   "user_data_dir": str(userdir),
                                   "db_url": f"sqlite:///{tmp_path / 'trades.sqlite'}"},
                              environ={})
        config["exchange"]["pair_whitelist"] = ["BTC/USDT", "ETH/USDT", "SOL/USDT",
                                                "XRP/USDT"]
        config.update({"initial_state": "running", "stake_amount": 100,
                       "max_open_trades": 3, "force_entry_enable": True,
                       "_signals": {"enter": set(), "exit": set()}})
        config.update(overrides)
        return config

    return factory


@pytest.fixture
def make_bot(make_config, clock):
    bots = []

    def factory(**overrides):
        from freqtrade.bot import FreqtradeBot

        bot = FreqtradeBot(make_config(**overrides))
        bot.startup()
        bots.append(bot)
        return bot

    yield factory
    remove_session()
    close_db()


def run(bot, clock, steps: int, seconds: int = 30, until=None) -> int:
    """Advance the clock and run the loop; stop early when ``until()`` is true."""
    for step in range(steps):
        bot.process()
        if until is not None and until():
            return step
        clock.advance(seconds=seconds)
    return steps
