"""Strategy files written for freqtrade run unchanged: the documented sample style (v3) and the
2021 style (``populate_buy_trend``/``populate_sell_trend`` with ``buy``/``sell`` columns).

The strategies record every callback call with the keyword names they received, so the test
sees that our bot calls them the way freqtrade does. Time is a frozen clock on the
deterministic simulated market, so every run is the same.
"""
from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from freqtrade.configuration import build_config
from freqtrade.persistence import Trade, close_db, get_session, remove_session
from freqtrade.rpc.strategy_info import load_strategy_info
from freqtrade.strategy.resolver import StrategyResolver

START = datetime(2026, 3, 2, 12, 0, 5, tzinfo=UTC)
PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT"]

SAMPLE_STRATEGY = '''
# --- Do not remove these imports ---
from datetime import datetime, timedelta
from typing import Optional

import numpy as np  # noqa
import pandas as pd  # noqa
from pandas import DataFrame

import freqtrade.vendor.qtpylib.indicators as qtpylib
from freqtrade.persistence import Trade
from freqtrade.strategy import (
    BooleanParameter,
    CategoricalParameter,
    DecimalParameter,
    IntParameter,
    IStrategy,
    informative,
    merge_informative_pair,
    stoploss_from_open,
)


class CompatSampleStrategy(IStrategy):
    """Freqtrade's sample strategy layout, with every callback recording its arguments."""

    INTERFACE_VERSION = 3
    can_short: bool = False

    minimal_roi = {"60": 0.5, "30": 0.6, "0": 0.7}
    stoploss = -0.10
    trailing_stop = False
    use_custom_stoploss = True
    timeframe = "1m"
    process_only_new_candles = True
    use_exit_signal = True
    exit_profit_only = False
    ignore_roi_if_entry_signal = False
    startup_candle_count: int = 30

    buy_rsi = IntParameter(low=1, high=100, default=100, space="buy", optimize=True, load=True)
    sell_rsi = IntParameter(low=50, high=100, default=99, space="sell", optimize=True,
                            load=True)
    bb_window = IntParameter(10, 30, default=20, space="buy")
    bb_stds = DecimalParameter(1.0, 3.0, default=2.0, decimals=1, space="buy")
    ma_type = CategoricalParameter(["sma", "ema"], default="ema", space="buy")
    use_bb_filter = BooleanParameter(default=True, space="buy")

    order_types = {
        "entry": "limit",
        "exit": "limit",
        "stoploss": "market",
        "stoploss_on_exchange": False,
    }
    order_time_in_force = {"entry": "GTC", "exit": "GTC"}

    plot_config = {
        "main_plot": {"bb_upperband": {"color": "grey"}, "bb_lowerband": {"color": "grey"}},
        "subplots": {"RSI": {"rsi": {"color": "red"}}},
    }

    calls: dict = {}
    denied_exits: set = set()

    def _record(self, name: str, args: dict) -> None:
        args = {k: v for k, v in args.items() if k not in ("self", "kwargs", "__class__")}
        self.calls.setdefault(name, []).append(args)

    def informative_pairs(self):
        return [("BTC/USDT", "15m")]

    @informative("5m")
    def populate_indicators_5m(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["ema_fast"] = dataframe["close"].ewm(span=5, adjust=False).mean()
        return dataframe

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = qtpylib.rsi(dataframe["close"], 14)
        bollinger = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe),
                                            window=self.bb_window.value,
                                            stds=float(self.bb_stds.value))
        dataframe["bb_lowerband"] = bollinger["lower"]
        dataframe["bb_middleband"] = bollinger["mid"]
        dataframe["bb_upperband"] = bollinger["upper"]
        if self.ma_type.value == "ema":
            dataframe["ma"] = qtpylib.wma(dataframe["close"], 10)
        else:
            dataframe["ma"] = qtpylib.sma(dataframe["close"], 10)

        informative = self.dp.get_pair_dataframe(pair="BTC/USDT", timeframe="15m")
        informative["btc_rsi"] = qtpylib.rsi(informative["close"], 14)
        dataframe = merge_informative_pair(dataframe, informative, self.timeframe, "15m",
                                           ffill=True)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        conditions = (
            (dataframe["rsi"] < self.buy_rsi.value)
            & (dataframe["ema_fast_5m"] > 0)
            & (dataframe["btc_rsi_15m"] > 0)
            & (dataframe["volume"] > 0)
        )
        if self.use_bb_filter.value:
            conditions &= dataframe["close"] > dataframe["bb_lowerband"] * 0.9
        dataframe.loc[conditions, ["enter_long", "enter_tag"]] = (1, "bb_rsi")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            qtpylib.crossed_above(dataframe["rsi"], self.sell_rsi.value)
            & (dataframe["volume"] > 0),
            "exit_long"] = 1
        return dataframe

    def bot_start(self, **kwargs) -> None:
        self._record("bot_start", {})

    def bot_loop_start(self, current_time: datetime, **kwargs) -> None:
        self._record("bot_loop_start", locals())

    def custom_stake_amount(self, pair: str, current_time: datetime, current_rate: float,
                            proposed_stake: float, min_stake: Optional[float], max_stake: float,
                            leverage: float, entry_tag: Optional[str], side: str,
                            **kwargs) -> float:
        self._record("custom_stake_amount", locals())
        return proposed_stake / 2

    def confirm_trade_entry(self, pair: str, order_type: str, amount: float, rate: float,
                            time_in_force: str, current_time: datetime, entry_tag: Optional[str],
                            side: str, **kwargs) -> bool:
        self._record("confirm_trade_entry", locals())
        return pair != "SOL/USDT"

    def custom_stoploss(self, pair: str, trade: Trade, current_time: datetime,
                        current_rate: float, current_profit: float, after_fill: bool,
                        **kwargs) -> Optional[float]:
        self._record("custom_stoploss", locals())
        # a stop 5 % below the open rate, expressed relative to the current rate
        return stoploss_from_open(-0.05, current_profit, is_short=trade.is_short,
                                  leverage=trade.leverage)

    def custom_exit(self, pair: str, trade: Trade, current_time: datetime, current_rate: float,
                    current_profit: float, **kwargs):
        self._record("custom_exit", locals())
        if current_time - trade.open_date_utc >= timedelta(minutes=3):
            return "time_exit"
        return None

    def confirm_trade_exit(self, pair: str, trade: Trade, order_type: str, amount: float,
                           rate: float, time_in_force: str, exit_reason: str,
                           current_time: datetime, **kwargs) -> bool:
        self._record("confirm_trade_exit", locals())
        if trade.id not in self.denied_exits:
            self.denied_exits.add(trade.id)  # refuse the first exit of every trade
            return False
        return True
'''

OLD_2021_STRATEGY = '''
from pandas import DataFrame

import freqtrade.vendor.qtpylib.indicators as qtpylib
from freqtrade.strategy import IStrategy


class OldStyle2021(IStrategy):
    INTERFACE_VERSION = 2

    minimal_roi = {"0": 10}
    stoploss = -0.5
    timeframe = "1m"
    use_sell_signal = True
    sell_profit_only = True
    sell_profit_offset = -0.9
    ignore_roi_if_buy_signal = True
    order_types = {"buy": "market", "sell": "market", "stoploss": "market",
                   "stoploss_on_exchange": False}
    order_time_in_force = {"buy": "gtc", "sell": "gtc"}
    selling = False
    calls: dict = {}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["sma"] = qtpylib.sma(dataframe["close"], 5)
        return dataframe

    def populate_buy_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if not self.selling:
            dataframe.loc[dataframe["sma"] > 0, ["buy", "buy_tag"]] = (1, "old_buy")
        return dataframe

    def populate_sell_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if self.selling:
            dataframe.loc[dataframe["volume"] > 0, "sell"] = 1
        return dataframe

    def custom_sell(self, pair: str, trade, current_time, current_rate: float,
                    current_profit: float, **kwargs):
        self.calls.setdefault("custom_sell", []).append(pair)
        if pair == "ETH/USDT":
            return "old_custom_sell"
        return None

    def confirm_trade_exit(self, pair: str, trade, order_type: str, amount: float,
                           rate: float, time_in_force: str, sell_reason: str,
                           **kwargs) -> bool:
        self.calls.setdefault("confirm_trade_exit", []).append(sell_reason)
        return True
'''


@pytest.fixture
def clock_start():
    return START


@pytest.fixture
def make_bot(tmp_path, clock, write_strategy):
    write_strategy("compat_sample_strategy.py", SAMPLE_STRATEGY)
    write_strategy("old_style_2021.py", OLD_2021_STRATEGY)

    def factory(strategy: str, **overrides):
        from freqtrade.bot import FreqtradeBot

        config = build_config([], {"strategy": strategy,
                                   "user_data_dir": str(tmp_path / "user_data"),
                                   "db_url": f"sqlite:///{tmp_path / 'trades.sqlite'}"},
                              environ={})
        config["exchange"]["pair_whitelist"] = list(PAIRS)
        config.update({"initial_state": "running", "stake_amount": 100,
                       "max_open_trades": 3, "dry_run_wallet": 1000})
        config.update(overrides)
        bot = FreqtradeBot(config)
        bot.startup()
        return bot

    yield factory
    remove_session()
    close_db()


def run(bot, clock, steps: int, until=None) -> None:
    for _ in range(steps):
        bot.process()
        if until is not None and until():
            return
        clock.advance(seconds=30)


def all_trades() -> list[Trade]:
    return list(get_session().scalars(select(Trade).order_by(Trade.id)).all())


def test_sample_style_strategy_trades_with_freqtrades_callbacks(make_bot, clock):
    bot = make_bot("CompatSampleStrategy")
    strategy = bot.strategy
    calls = strategy.calls
    run(bot, clock, 4)

    # entries: signals from qtpylib bollinger/rsi plus both informative merges
    trades = all_trades()
    assert {t.pair for t in trades} == {"BTC/USDT", "ETH/USDT", "XRP/USDT"}  # SOL refused
    for trade in trades:
        assert trade.enter_tag == "bb_rsi" and trade.strategy == "CompatSampleStrategy"
        assert trade.stake_amount == pytest.approx(50, rel=0.01)  # custom_stake_amount / 2
    frame, _ = bot.dataprovider.get_analyzed_dataframe("ETH/USDT", "1m")
    for column in ("rsi", "bb_lowerband", "bb_upperband", "ma", "ema_fast_5m",
                   "btc_rsi_15m", "close_15m"):
        assert column in frame.columns and frame[column].iloc[-1] == frame[column].iloc[-1]

    assert calls["bot_start"] == [{}]
    assert [c["current_time"] for c in calls["bot_loop_start"]] == \
        [START + timedelta(seconds=30 * i) for i in range(4)]
    stake_call = calls["custom_stake_amount"][0]
    assert set(stake_call) == {"pair", "current_time", "current_rate", "proposed_stake",
                               "min_stake", "max_stake", "leverage", "entry_tag", "side"}
    assert stake_call["proposed_stake"] == 100 and stake_call["side"] == "long"
    assert stake_call["entry_tag"] == "bb_rsi" and stake_call["leverage"] == 1.0
    entry_call = calls["confirm_trade_entry"][0]
    assert set(entry_call) == {"pair", "order_type", "amount", "rate", "time_in_force",
                               "current_time", "entry_tag", "side"}
    assert entry_call["order_type"] == "limit" and entry_call["time_in_force"] == "GTC"
    assert {c["pair"] for c in calls["confirm_trade_entry"]} >= {"SOL/USDT", "BTC/USDT"}

    # custom stoploss: freqtrade's names, and stoploss_from_open(-5 %) moves the stop up
    stop_call = calls["custom_stoploss"][0]
    assert set(stop_call) == {"pair", "trade", "current_time", "current_rate",
                              "current_profit", "after_fill"}
    # as in freqtrade: asked with after_fill=True right after the entry fills, then each loop
    assert isinstance(stop_call["trade"], Trade) and stop_call["after_fill"] is True
    assert any(c["after_fill"] is False for c in calls["custom_stoploss"])
    filled = [t for t in all_trades() if t.nr_of_successful_entries]
    assert filled
    for trade in filled:
        if trade.nr_of_successful_entries:
            assert trade.stop_loss == pytest.approx(trade.open_rate * 0.95, rel=0.005)
            assert trade.initial_stop_loss == pytest.approx(trade.open_rate * 0.90, rel=1e-6)

    # exits: custom_exit after 3 minutes; confirm_trade_exit refuses once, then allows
    run(bot, clock, 20, until=lambda: any(not t.is_open for t in all_trades()))
    closed = [t for t in all_trades() if not t.is_open]
    assert closed and all(t.exit_reason == "time_exit" for t in closed)
    exit_calls = calls["confirm_trade_exit"]
    assert set(exit_calls[0]) == {"pair", "trade", "order_type", "amount", "rate",
                                  "time_in_force", "exit_reason", "current_time"}
    for trade in closed:
        attempts = [c for c in exit_calls if c["trade"].id == trade.id]
        assert len(attempts) >= 2 and attempts[0]["exit_reason"] == "time_exit"
        assert attempts[-1]["current_time"] > attempts[0]["current_time"]
    assert set(calls["custom_exit"][0]) == {"pair", "trade", "current_time", "current_rate",
                                            "current_profit"}


def test_strategy_info_lists_the_hyperopt_parameters(make_bot, tmp_path, clock):
    params_file = tmp_path / "user_data" / "strategies" / "compat_sample_strategy.json"
    params_file.write_text(json.dumps({
        "strategy_name": "CompatSampleStrategy",
        "params": {"buy": {"bb_window": 25}, "sell": {"sell_rsi": 97},
                   "stoploss": {"stoploss": -0.2}},
        "ft_stratparam_v": 1, "export_time": "2025-01-01 00:00:00.000000+00:00"}))
    bot = make_bot("CompatSampleStrategy")
    assert bot.strategy.stoploss == -0.2

    for running in (bot.strategy, None):
        info = load_strategy_info(bot.config, "CompatSampleStrategy", running)
        assert info["strategy"] == "CompatSampleStrategy" and info["timeframe"] == "1m"
        assert "class CompatSampleStrategy(IStrategy)" in info["code"]
        params = {p["name"]: p for p in info["params"]}
        assert set(params) == {"buy_rsi", "sell_rsi", "bb_window", "bb_stds", "ma_type",
                               "use_bb_filter"}
        assert params["buy_rsi"]["param_type"] == "IntParameter"
        assert (params["buy_rsi"]["low"], params["buy_rsi"]["high"]) == (1, 100)
        assert params["sell_rsi"]["space"] == "sell" and params["sell_rsi"]["value"] == 97
        assert params["bb_window"]["value"] == 25
        assert params["bb_stds"]["param_type"] == "DecimalParameter"
        assert params["ma_type"]["opt_range"] == ["sma", "ema"]
        assert params["use_bb_filter"]["param_type"] == "BooleanParameter"


def test_resolver_loads_the_sample_strategy_by_name(tmp_path):
    strategies = tmp_path / "strategies"
    strategies.mkdir()
    (strategies / "anything.py").write_text(SAMPLE_STRATEGY)
    config = {"strategy": "CompatSampleStrategy", "user_data_dir": str(tmp_path / "ud"),
              "strategy_path": str(strategies), "stake_currency": "USDT"}
    strategy = StrategyResolver.load_strategy(config)
    assert strategy.get_strategy_name() == "CompatSampleStrategy"
    assert strategy.use_custom_stoploss is True and config["stoploss"] == -0.10
    assert config["minimal_roi"] == {"60": 0.5, "30": 0.6, "0": 0.7}
    assert strategy.gather_informative_pairs()[0] == ("BTC/USDT", "15m")


def test_2021_strategy_buys_and_sells(make_bot, clock, caplog):
    caplog.set_level(logging.WARNING)
    bot = make_bot("OldStyle2021")
    strategy = bot.strategy
    # 2021 attribute names carry over (with a deprecation warning), as in freqtrade spot
    assert strategy.use_exit_signal is True
    assert strategy.exit_profit_only is True and strategy.exit_profit_offset == -0.9
    assert strategy.ignore_roi_if_entry_signal is True
    assert "sell_profit_only" in caplog.text and "exit_profit_only" in caplog.text
    assert strategy.order_types["entry"] == "market" and "buy" not in strategy.order_types
    assert strategy.order_time_in_force == {"entry": "gtc", "exit": "gtc"}

    run(bot, clock, 6, until=lambda: len([t for t in all_trades() if t.is_open]) == 3)
    open_trades = [t for t in all_trades() if t.is_open]
    assert len(open_trades) == 3 and {t.enter_tag for t in open_trades} == {"old_buy"}
    assert all(t.orders[0].order_type == "market" for t in open_trades)
    # custom_sell (2021 name of custom_exit) closes ETH right after its entry fills
    run(bot, clock, 10, until=lambda: any(t.exit_reason == "old_custom_sell" and not t.is_open
                                          for t in all_trades()))
    assert any(t.pair == "ETH/USDT" and t.exit_reason == "old_custom_sell" and not t.is_open
               for t in all_trades())

    strategy.selling = True
    run(bot, clock, 10, until=lambda: all(not t.is_open for t in all_trades()))
    trades = all_trades()
    assert trades and all(not t.is_open for t in trades)
    assert {t.exit_reason for t in trades} <= {"exit_signal", "old_custom_sell"}
    assert "exit_signal" in {t.exit_reason for t in trades}
    # confirm_trade_exit received the 2021 keyword ``sell_reason``
    assert "exit_signal" in strategy.calls["confirm_trade_exit"]
    assert "old_custom_sell" in strategy.calls["confirm_trade_exit"]
