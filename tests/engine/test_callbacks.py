"""The strategy callbacks around orders, with freqtrade's arguments and effects: position
adjustment (DCA, partial exits), order_filled, entry/exit timeouts, order price adjustment,
custom entry/exit prices, leverage, custom_stoploss after a fill.

A real bot, a real strategy file and SQLite file, on a scripted exchange (prices and fills
set by the test) with a frozen clock. Trade figures after DCA and partial exits are compared
with freqtrade 2026.9 replaying the same orders.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select

from freqtrade.persistence import Trade, get_session
from tests.engine.conftest import START
from tests.engine.scripted_exchange import ScriptedExchange
from tests.reference.trade_replay import reference_replay

PAIR = "ETH/USDT"

CALLBACK_STRATEGY = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class CallbackStrategy(IStrategy):
    """Every callback records its call in config["_calls"] and answers with the test's
    hook from config["_hooks"] (or freqtrade's default when there is none)."""
    timeframe = "1m"
    minimal_roi = {"0": 10}
    stoploss = -0.5
    process_only_new_candles = False
    position_adjustment_enable = True

    def _hook(self, name, default, **kwargs):
        self.config["_calls"].append((name, kwargs))
        hook = self.config["_hooks"].get(name)
        return hook(**kwargs) if hook else default

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if metadata["pair"] in self.config["_signals"]["enter"]:
            dataframe.loc[dataframe.index[-1], ["enter_long", "enter_tag"]] = (1, "sig")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if metadata["pair"] in self.config["_signals"]["exit"]:
            dataframe.loc[dataframe.index[-1], "exit_long"] = 1
        return dataframe

    def adjust_trade_position(self, trade, current_time, current_rate, current_profit,
                              min_stake, max_stake, current_entry_rate, current_exit_rate,
                              current_entry_profit, current_exit_profit, **kwargs):
        return self._hook("adjust_trade_position", None, trade=trade,
                          current_rate=current_rate, current_profit=current_profit,
                          min_stake=min_stake, max_stake=max_stake,
                          current_entry_rate=current_entry_rate,
                          current_exit_rate=current_exit_rate,
                          current_entry_profit=current_entry_profit,
                          current_exit_profit=current_exit_profit)

    def order_filled(self, pair, trade, order, current_time, **kwargs):
        self._hook("order_filled", None, pair=pair, trade_id=trade.id,
                   order_id=order.order_id, side=order.ft_order_side,
                   filled=order.filled, status=order.status)

    def check_entry_timeout(self, pair, trade, order, current_time, **kwargs):
        return self._hook("check_entry_timeout", False, order_id=order.order_id)

    def check_exit_timeout(self, pair, trade, order, current_time, **kwargs):
        return self._hook("check_exit_timeout", False, order_id=order.order_id)

    def adjust_entry_price(self, trade, order, pair, current_time, proposed_rate,
                           current_order_rate, entry_tag, side, **kwargs):
        return self._hook("adjust_entry_price", current_order_rate,
                          proposed_rate=proposed_rate, current_order_rate=current_order_rate,
                          entry_tag=entry_tag, side=side)

    def adjust_exit_price(self, trade, order, pair, current_time, proposed_rate,
                          current_order_rate, entry_tag, side, **kwargs):
        return self._hook("adjust_exit_price", current_order_rate,
                          proposed_rate=proposed_rate, current_order_rate=current_order_rate)

    def custom_entry_price(self, pair, trade, current_time, proposed_rate, entry_tag, side,
                           **kwargs):
        return self._hook("custom_entry_price", proposed_rate, proposed_rate=proposed_rate,
                          trade=trade)

    def custom_exit_price(self, pair, trade, current_time, proposed_rate, current_profit,
                          exit_tag, **kwargs):
        return self._hook("custom_exit_price", proposed_rate, proposed_rate=proposed_rate,
                          exit_tag=exit_tag)

    def leverage(self, pair, current_time, current_rate, proposed_leverage, max_leverage,
                 entry_tag, side, **kwargs):
        return self._hook("leverage", 3.0)

    def custom_stoploss(self, pair, trade, current_time, current_rate, current_profit,
                        after_fill, **kwargs):
        return self._hook("custom_stoploss", None, after_fill=after_fill)
'''


@pytest.fixture
def callback_bot(userdir, make_config, clock):
    """factory(prices, fill_at_once=True, **config) -> a started bot on a scripted exchange."""
    from freqtrade.bot import FreqtradeBot
    from freqtrade.persistence import close_db, remove_session

    (userdir / "strategies" / "callback_strategy.py").write_text(CALLBACK_STRATEGY)

    def factory(prices=None, fill_at_once=True, **overrides):
        config = make_config(strategy="CallbackStrategy", _hooks={}, _calls=[], **overrides)
        exchange = ScriptedExchange(config, prices or {PAIR: 3000.0}, fill_at_once)
        bot = FreqtradeBot(config, exchange=exchange)
        bot.startup()
        return bot

    yield factory
    remove_session()
    close_db()


def trades() -> list[Trade]:
    return list(get_session().scalars(select(Trade).order_by(Trade.id)).all())


def calls(bot, name: str) -> list[dict]:
    return [kwargs for called, kwargs in bot.config["_calls"] if called == name]


def enter(bot, clock) -> Trade:
    """One loop with an entry signal on PAIR; the signal is cleared afterwards."""
    bot.config["_signals"]["enter"].add(PAIR)
    bot.process()
    bot.config["_signals"]["enter"].clear()
    (trade,) = trades()
    return trade


def as_scenario(trade: Trade) -> dict:
    """The trade's orders in the form the reference replay takes."""
    orders = [{"side": o.ft_order_side, "amount": o.amount, "price": o.safe_price,
               "filled": o.filled, "status": o.status}
              for o in trade.orders if not o.ft_is_open]
    return {"fee": trade.fee_open, "amount_precision": trade.amount_precision,
            "price_precision": trade.price_precision, "orders": orders}


def adjust_once(bot, clock, answer, price: float) -> None:
    """The next candle at ``price``: adjust_trade_position answers ``answer`` once."""
    answers = [answer]
    bot.config["_hooks"]["adjust_trade_position"] = lambda **kw: answers.pop() \
        if answers else None
    bot.exchange.prices[PAIR] = price
    clock.advance(seconds=60)
    bot.process()


COMPARED = ("open_rate", "amount", "stake_amount", "max_stake_amount", "open_trade_value",
            "realized_profit", "close_profit", "close_profit_abs", "fee_open_cost",
            "nr_of_successful_entries", "nr_of_successful_exits", "is_open")


def assert_matches_freqtrade(trade: Trade) -> None:
    expected = reference_replay(as_scenario(trade))[-1]
    for field in COMPARED:
        got = getattr(trade, field)
        if isinstance(got, float):
            assert got == pytest.approx(expected[field], rel=1e-12, abs=1e-12), field
        else:
            assert got == expected[field], field


# ---------------------------------------------------------------------- position adjustment
def test_dca_entry_recomputes_the_trade_as_freqtrade(callback_bot, clock):
    bot = callback_bot()
    trade = enter(bot, clock)
    assert trade.nr_of_successful_entries == 1 and trade.amount == pytest.approx(0.0333)
    adjust_once(bot, clock, 50.0, price=2900.0)
    (trade,) = trades()
    assert trade.nr_of_successful_entries == 2
    dca = trade.select_filled_orders("buy")[-1]
    assert (dca.price, dca.amount) == (2900.0, pytest.approx(0.0172))
    # freqtrade's arguments: entry and exit rates and profits; min stake without stoploss
    # headroom (5 USDT cost minimum * 1.05); max stake is what the wallet has left
    # (tradable_balance_ratio 0.99 of 1000 minus the trade's stake)
    asked = calls(bot, "adjust_trade_position")[0]
    assert asked["current_rate"] == asked["current_entry_rate"] == 2900.0
    assert asked["current_exit_rate"] == 2900.0
    assert asked["current_profit"] == asked["current_entry_profit"] == pytest.approx(
        (0.0333 * 2900 * 0.999) / (0.0333 * 3000 * 1.001) - 1, abs=1e-8)
    assert asked["min_stake"] == pytest.approx(5.25)
    assert asked["max_stake"] == pytest.approx(990 - 0.0333 * 3000)
    assert trade.open_rate == pytest.approx((0.0333 * 3000 + 0.0172 * 2900) / 0.0505,
                                            abs=0.1)
    assert_matches_freqtrade(trade)


def test_max_entry_position_adjustment_caps_the_extra_entries(callback_bot, clock):
    bot = callback_bot()
    bot.strategy.max_entry_position_adjustment = 2
    enter(bot, clock)
    bot.config["_hooks"]["adjust_trade_position"] = lambda **kw: 20.0
    for _ in range(6):
        clock.advance(seconds=60)
        bot.process()
    (trade,) = trades()
    # the first entry plus max_entry_position_adjustment more
    assert trade.nr_of_successful_entries == 3
    assert len(calls(bot, "adjust_trade_position")) == 6


def test_no_position_adjustment_unless_enabled(callback_bot, clock):
    bot = callback_bot()
    bot.strategy.position_adjustment_enable = False
    enter(bot, clock)
    bot.config["_hooks"]["adjust_trade_position"] = lambda **kw: 20.0
    clock.advance(seconds=60)
    bot.process()
    assert calls(bot, "adjust_trade_position") == []
    assert trades()[0].nr_of_successful_entries == 1


def test_negative_stake_is_a_partial_exit_with_realized_profit(callback_bot, clock):
    bot = callback_bot()
    enter(bot, clock)
    adjust_once(bot, clock, (-50.0, "take_half"), price=3300.0)
    (trade,) = trades()
    assert trade.is_open and trade.nr_of_successful_exits == 1
    exit_order = trade.select_filled_orders("sell")[0]
    # share of the position: stake 50 of the trade's stake, at the amount precision
    assert exit_order.amount == pytest.approx(0.0166)
    assert exit_order.price == 3300.0 and exit_order.ft_order_tag == "take_half"
    assert trade.amount == pytest.approx(0.0333 - 0.0166)
    expected_profit = 0.0166 * 3300 * 0.999 - 0.0166 * 3000 * 1.001
    assert trade.realized_profit == pytest.approx(expected_profit, abs=1e-8)
    assert_matches_freqtrade(trade)
    # the exit signal then closes the rest; close_profit covers both exits
    bot.config["_signals"]["exit"].add(PAIR)
    clock.advance(seconds=60)
    bot.process()
    (trade,) = trades()
    assert not trade.is_open
    assert_matches_freqtrade(trade)


def test_partial_exit_leaving_less_than_the_minimum_stake_is_not_placed(callback_bot, clock):
    bot = callback_bot()
    enter(bot, clock)
    bot.config["_hooks"]["adjust_trade_position"] = lambda **kw: -97.0
    clock.advance(seconds=60)
    bot.process()
    (trade,) = trades()
    assert trade.nr_of_successful_exits == 0 and len(trade.orders) == 1


# ---------------------------------------------------------------------- order_filled
def test_order_filled_is_called_once_per_fill(callback_bot, clock):
    bot = callback_bot(fill_at_once=False)
    trade = enter(bot, clock)
    entry_id = trade.orders[0].order_id
    for _ in range(2):  # still open: no call
        clock.advance(seconds=10)
        bot.process()
    assert calls(bot, "order_filled") == []
    bot.exchange.fill(entry_id)
    for _ in range(3):
        clock.advance(seconds=10)
        bot.process()
    # a DCA limit order: the trade changes only when it fills, and order_filled comes then
    amount_before = trades()[0].amount
    answers = [30.0]
    bot.config["_hooks"]["adjust_trade_position"] = lambda **kw: answers.pop() \
        if answers else None
    clock.advance(seconds=10)
    bot.process()
    (trade,) = trades()
    dca_id = trade.orders[-1].order_id
    assert trade.orders[-1].ft_is_open and trade.amount == amount_before
    assert trade.nr_of_successful_entries == 1 and len(calls(bot, "order_filled")) == 1
    bot.exchange.fill(dca_id)
    clock.advance(seconds=10)
    bot.process()
    assert trades()[0].nr_of_successful_entries == 2 and trades()[0].amount > amount_before
    bot.exchange.fill_at_once = True
    bot.config["_signals"]["exit"].add(PAIR)
    clock.advance(seconds=10)
    bot.process()
    filled = calls(bot, "order_filled")
    (trade,) = trades()
    exit_id = trade.select_filled_orders("sell")[0].order_id
    assert [(c["order_id"], c["side"], c["status"]) for c in filled] == [
        (entry_id, "buy", "closed"), (dca_id, "buy", "closed"), (exit_id, "sell", "closed")]
    assert all(c["trade_id"] == trade.id and c["pair"] == PAIR for c in filled)


# ---------------------------------------------------------------------- timeouts
def test_check_entry_timeout_true_cancels_the_entry(callback_bot, clock):
    bot = callback_bot(fill_at_once=False)
    trade = enter(bot, clock)
    order_id = trade.orders[0].order_id
    clock.advance(seconds=10)
    bot.process()  # the callback answers False: the order stays
    assert bot.exchange.open_order_ids() == [order_id]
    bot.config["_hooks"]["check_entry_timeout"] = lambda **kw: True
    clock.advance(seconds=10)
    bot.process()
    assert bot.exchange.cancelled == [order_id]
    assert trades() == []  # an entry without any fill leaves no trade
    assert {c["order_id"] for c in calls(bot, "check_entry_timeout")} == {order_id}


def test_unfilled_dca_order_cancelled_on_timeout_keeps_the_trade(callback_bot, clock):
    bot = callback_bot()
    trade = enter(bot, clock)
    amount, stake = trade.amount, trade.stake_amount
    bot.exchange.fill_at_once = False
    adjust_once(bot, clock, 30.0, price=2950.0)
    (trade,) = trades()
    assert trade.orders[-1].ft_is_open
    bot.config["_hooks"]["check_entry_timeout"] = lambda **kw: True
    clock.advance(seconds=10)
    bot.process()
    (trade,) = trades()
    assert trade.is_open and not trade.has_open_orders
    assert (trade.amount, trade.stake_amount) == (amount, stake)
    assert trade.orders[-1].ft_cancel_reason == "cancelled due to timeout"


def place_open_exit(bot, clock) -> Trade:
    """A filled trade with an open exit order (the exit signal is cleared afterwards)."""
    enter(bot, clock)
    bot.exchange.fill_at_once = False
    bot.config["_signals"]["exit"].add(PAIR)
    bot.process()
    bot.config["_signals"]["exit"].clear()
    (trade,) = trades()
    assert trade.orders[-1].ft_order_side == "sell" and trade.orders[-1].ft_is_open
    return trade


def test_check_exit_timeout_true_cancels_the_exit_and_keeps_the_trade(callback_bot, clock):
    bot = callback_bot()
    trade = place_open_exit(bot, clock)
    exit_id = trade.orders[-1].order_id
    clock.advance(seconds=10)
    bot.process()
    assert bot.exchange.open_order_ids() == [exit_id]
    bot.config["_hooks"]["check_exit_timeout"] = lambda **kw: True
    clock.advance(seconds=10)
    bot.process()
    (trade,) = trades()
    assert bot.exchange.cancelled == [exit_id]
    assert trade.is_open and trade.exit_reason is None and not trade.has_open_orders
    assert trade.orders[-1].ft_cancel_reason == "cancelled due to timeout"
    assert {c["order_id"] for c in calls(bot, "check_exit_timeout")} == {exit_id}
    assert calls(bot, "check_entry_timeout") == []  # the entry filled at once


@pytest.mark.parametrize("timeout", [{"entry": 2, "unit": "minutes"},
                                     {"entry": 45, "unit": "seconds"}])
def test_unfilledtimeout_in_minutes_or_seconds(callback_bot, clock, timeout):
    limit = timedelta(minutes=2) if timeout["unit"] == "minutes" else timedelta(seconds=45)
    bot = callback_bot(fill_at_once=False,
                       unfilledtimeout={"exit": 10, "exit_timeout_count": 0, **timeout})
    trade = enter(bot, clock)
    assert trade.orders[0].order_date_utc == START.replace(microsecond=0)
    clock.advance(seconds=limit.total_seconds() - 1)
    bot.process()
    assert len(trades()) == 1 and bot.exchange.cancelled == []
    clock.advance(seconds=1)
    bot.process()
    assert trades() == [] and len(bot.exchange.cancelled) == 1


def test_partially_filled_entry_on_timeout_keeps_the_filled_part(callback_bot, clock):
    bot = callback_bot(fill_at_once=False, unfilledtimeout={"entry": 1, "exit": 10,
                                                             "unit": "minutes"})
    trade = enter(bot, clock)
    order_id = trade.orders[0].order_id
    bot.exchange.fill(order_id, 0.0133)
    clock.advance(seconds=61)
    bot.process()
    (trade,) = trades()
    order = trade.orders[0]
    assert order.status == "canceled" and not order.ft_is_open
    assert order.ft_cancel_reason == "cancelled due to timeout, partially filled"
    assert trade.is_open and trade.amount == pytest.approx(0.0133)
    assert trade.stake_amount == pytest.approx(0.0133 * 3000)
    assert trade.nr_of_successful_entries == 1


def test_exit_timeout_count_exits_at_market_after_that_many_timeouts(callback_bot, clock):
    bot = callback_bot(unfilledtimeout={"entry": 10, "exit": 1, "unit": "minutes",
                                        "exit_timeout_count": 2})
    enter(bot, clock)
    bot.exchange.fill_at_once = False
    bot.config["_signals"]["exit"].add(PAIR)
    bot.process()  # exit order 1
    clock.advance(seconds=61)
    bot.process()  # timed out and cancelled; the signal places exit order 2
    (trade,) = trades()
    assert [o.status for o in trade.orders if o.ft_order_side == "sell"] == \
        ["canceled", "open"]
    bot.config["_signals"]["exit"].clear()
    clock.advance(seconds=61)
    bot.process()  # second timeout: emergency exit at market
    (trade,) = trades()
    assert not trade.is_open and trade.exit_reason == "emergency_exit"
    assert trade.orders[-1].order_type == "market"


# ---------------------------------------------------------------------- price adjustment
def test_adjust_entry_price_replaces_keeps_or_cancels(callback_bot, clock):
    bot = callback_bot(fill_at_once=False)
    trade = enter(bot, clock)
    first = trade.orders[0]
    first_id, first_amount = first.order_id, first.amount
    bot.exchange.prices[PAIR] = 2990.0
    clock.advance(seconds=20)  # same candle: not asked
    bot.process()
    assert calls(bot, "adjust_entry_price") == []
    clock.advance(seconds=40)  # a new candle: asked, the same price keeps the order
    bot.process()
    asked = calls(bot, "adjust_entry_price")
    assert asked == [{"proposed_rate": 2990.0, "current_order_rate": 3000.0,
                      "entry_tag": "sig", "side": "long"}]
    assert bot.exchange.open_order_ids() == [first_id]
    # another price: the order is cancelled and placed again there, for the same stake
    bot.config["_hooks"]["adjust_entry_price"] = lambda **kw: 2995.0
    clock.advance(seconds=60)
    bot.process()
    (trade,) = trades()
    assert bot.exchange.cancelled == [first_id]
    replacement = trade.orders[-1]
    assert len(trade.orders) == 2 and replacement.ft_is_open
    assert replacement.price == 2995.0
    assert replacement.amount == pytest.approx(first_amount * 3000.0 / 2995.0, abs=1e-4)
    assert trade.orders[0].ft_cancel_reason == "cancelled to be replaced by new limit order"
    # None: cancelled without a replacement; nothing filled, so the trade is gone
    bot.config["_hooks"]["adjust_entry_price"] = lambda **kw: None
    clock.advance(seconds=60)
    bot.process()
    assert trades() == [] and bot.exchange.cancelled == [first_id, replacement.order_id]


def test_adjust_exit_price_replaces_the_exit_order(callback_bot, clock):
    bot = callback_bot()
    trade = place_open_exit(bot, clock)
    first_id, amount = trade.orders[-1].order_id, trade.orders[-1].amount
    bot.config["_hooks"]["adjust_exit_price"] = lambda **kw: 3010.0
    clock.advance(seconds=60)
    bot.process()
    (trade,) = trades()
    assert calls(bot, "adjust_exit_price")[0] == {"proposed_rate": 3000.0,
                                                  "current_order_rate": 3000.0}
    assert bot.exchange.cancelled == [first_id]
    replacement = trade.orders[-1]
    assert replacement.ft_order_side == "sell" and replacement.ft_is_open
    assert (replacement.price, replacement.amount) == (3010.0, amount)
    assert trade.exit_reason == "exit_signal" and trade.is_open


def test_adjust_order_price_with_adjust_entry_price_is_refused(userdir, make_config):
    from freqtrade.exceptions import OperationalException
    from freqtrade.strategy.resolver import StrategyResolver

    source = CALLBACK_STRATEGY.replace("class CallbackStrategy", "class BothStrategy") + """
    def adjust_order_price(self, trade, order, pair, current_time, proposed_rate,
                           current_order_rate, entry_tag, side, is_entry, **kwargs):
        return current_order_rate
"""
    (userdir / "strategies" / "both_strategy.py").write_text(source)
    with pytest.raises(OperationalException, match="adjust_order_price"):
        StrategyResolver.load_strategy(make_config(strategy="BothStrategy"))


# ---------------------------------------------------------------------- custom prices
@pytest.mark.parametrize(("answer", "config", "expected"), [
    (2990.0, {}, 2990.0),                                         # within 2 %: used
    (2700.0, {}, 2940.0),                                         # clamped to -2 %
    (3500.0, {}, 3060.0),                                         # clamped to +2 %
    (2700.0, {"custom_price_max_distance_ratio": 0.05}, 2850.0),  # the configured ratio
    ("abc", {}, 3000.0),                                          # no number: proposed
])
def test_custom_entry_price_is_clamped_by_max_distance(callback_bot, clock, answer, config,
                                                        expected):
    bot = callback_bot(fill_at_once=False, **config)
    bot.config["_hooks"]["custom_entry_price"] = lambda **kw: answer
    trade = enter(bot, clock)
    assert trade.orders[0].price == pytest.approx(expected)
    assert calls(bot, "custom_entry_price")[0]["proposed_rate"] == 3000.0
    assert calls(bot, "custom_entry_price")[0]["trade"] is None


def test_custom_exit_price_is_clamped_for_limit_exits(callback_bot, clock):
    bot = callback_bot()
    enter(bot, clock)
    bot.exchange.fill_at_once = False
    bot.config["_hooks"]["custom_exit_price"] = lambda **kw: 4000.0
    bot.config["_signals"]["exit"].add(PAIR)
    bot.process()
    (trade,) = trades()
    assert trade.orders[-1].ft_order_side == "sell"
    assert trade.orders[-1].price == pytest.approx(3060.0)
    assert calls(bot, "custom_exit_price")[0]["exit_tag"] == "exit_signal"


# ---------------------------------------------------------------------- leverage, stoploss
def test_leverage_is_not_asked_in_spot_and_is_one(callback_bot, clock):
    bot = callback_bot()
    trade = enter(bot, clock)
    assert calls(bot, "leverage") == []  # freqtrade asks it only in futures and margin
    assert trade.leverage == 1.0


def test_custom_stoploss_is_asked_after_each_entry_fill(callback_bot, clock):
    bot = callback_bot()
    bot.strategy.use_custom_stoploss = True
    enter(bot, clock)
    assert [c["after_fill"] for c in calls(bot, "custom_stoploss")] == [True]
    clock.advance(seconds=60)
    bot.process()
    assert [c["after_fill"] for c in calls(bot, "custom_stoploss")] == [True, False]
