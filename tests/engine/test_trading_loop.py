"""The bot trades by itself on the simulated market: entries, exits, limits, locks."""
from sqlalchemy import select

from freqtrade.enums import State
from freqtrade.persistence import PairLock, Trade, get_session, is_pair_locked
from tests.engine.conftest import run


def trades():
    return get_session().scalars(select(Trade).order_by(Trade.id)).all()


def test_entry_signal_opens_a_filled_trade(make_bot, clock):
    bot = make_bot()
    bot.config["_signals"]["enter"].add("ETH/USDT")
    run(bot, clock, 20, until=lambda: any(t.nr_of_successful_entries for t in trades()))
    (trade,) = trades()
    assert trade.pair == "ETH/USDT" and trade.is_open
    assert trade.enter_tag == "test_tag" and trade.strategy == "SignalStrategy"
    assert trade.stake_amount <= 100 and trade.amount > 0
    assert trade.stop_loss and trade.initial_stop_loss_pct == -0.5
    assert trade.open_trade_value == round(trade.amount * trade.open_rate * 1.001, 8) or \
        abs(trade.open_trade_value - trade.amount * trade.open_rate * 1.001) < 1e-6


def test_exit_signal_closes_the_trade_with_exact_profit(make_bot, clock):
    bot = make_bot()
    signals = bot.config["_signals"]
    signals["enter"].add("BTC/USDT")
    run(bot, clock, 20, until=lambda: any(t.nr_of_successful_entries for t in trades()))
    signals["enter"].clear()
    signals["exit"].add("BTC/USDT")
    run(bot, clock, 40, until=lambda: not trades()[0].is_open)
    trade = trades()[0]
    assert not trade.is_open and trade.exit_reason == "test_exit"
    exit_order = trade.select_filled_orders("sell")[0]
    close_value = trade.amount * exit_order.safe_price * (1 - trade.fee_close)
    expected = close_value - trade.open_trade_value
    assert abs(trade.close_profit_abs - expected) < 1e-6
    assert abs(trade.close_profit - (close_value / trade.open_trade_value - 1)) < 1e-9


def test_roi_exit(make_bot, clock):
    bot = make_bot()
    bot.strategy.minimal_roi = {"0": -0.5}
    bot.config["_signals"]["enter"].add("SOL/USDT")
    run(bot, clock, 60, until=lambda: trades() and not trades()[0].is_open)
    trade = trades()[0]
    assert not trade.is_open and trade.exit_reason == "roi"


def test_stoploss_exit(make_bot, clock):
    bot = make_bot()
    bot.strategy.stoploss = -0.0001
    bot.config["_signals"]["enter"].add("XRP/USDT")
    run(bot, clock, 120, until=lambda: trades() and not trades()[0].is_open)
    trade = trades()[0]
    assert not trade.is_open and trade.exit_reason == "stop_loss"
    assert trade.close_profit < 0


def test_trailing_stop_moves_up_and_exits(make_bot, clock):
    bot = make_bot()
    bot.strategy.stoploss = -0.05
    bot.strategy.trailing_stop = True
    bot.strategy.trailing_stop_positive = 0.0005
    bot.strategy.trailing_stop_positive_offset = 0.0
    bot.config["_signals"]["enter"].add("ETH/USDT")
    run(bot, clock, 400, until=lambda: trades() and not trades()[0].is_open)
    trade = trades()[0]
    assert not trade.is_open and trade.exit_reason == "trailing_stop_loss"
    assert trade.stop_loss > trade.initial_stop_loss


def test_max_open_trades_and_one_trade_per_pair(make_bot, clock):
    bot = make_bot(max_open_trades=2)
    bot.config["_signals"]["enter"].update({"BTC/USDT", "ETH/USDT", "SOL/USDT"})
    run(bot, clock, 10)
    open_trades = [t for t in trades() if t.is_open]
    assert len(open_trades) == 2
    assert len({t.pair for t in open_trades}) == 2


def test_unlimited_stake_splits_the_wallet(make_bot, clock):
    bot = make_bot(stake_amount="unlimited", max_open_trades=4, dry_run_wallet=1000)
    bot.config["_signals"]["enter"].update({"BTC/USDT", "ETH/USDT"})
    run(bot, clock, 3)
    stakes = sorted(t.stake_amount for t in trades())
    assert len(stakes) == 2
    # 1000 * 0.99 over 4 slots; the second entry sees the 742.5 left over 3 slots
    # (amounts are rounded down to the market step, so stakes end slightly below)
    assert all(246.5 < stake <= 247.5 for stake in stakes), stakes


def test_cooldown_lock_after_exit_blocks_reentry_in_same_candle(make_bot, clock):
    bot = make_bot()
    signals = bot.config["_signals"]
    bot.strategy.minimal_roi = {"0": -0.5}
    signals["enter"].add("BTC/USDT")
    run(bot, clock, 60, seconds=10, until=lambda: trades() and not trades()[0].is_open)
    locks = get_session().scalars(select(PairLock)).all()
    assert locks and locks[-1].pair == "BTC/USDT" and locks[-1].reason == "Auto lock"
    assert is_pair_locked("BTC/USDT", now=clock(), side="long")
    count = len(trades())
    bot.process()  # same candle: no new trade although the signal is still there
    assert len(trades()) == count


def test_blacklist_wildcards_remove_pairs(make_bot, clock):
    bot = make_bot()
    errors = bot.pairlists.add_to_blacklist([".*/USDT", "*/BTC"])
    assert errors == {"*/BTC": {"error_msg": "Pair */BTC is not a valid wildcard."}}
    bot.config["_signals"]["enter"].add("ETH/USDT")
    run(bot, clock, 5)
    assert bot.active_pair_whitelist == []
    assert trades() == []
    assert bot.pairlists.remove_from_blacklist(["NOPE/USDT"]) == {
        "NOPE/USDT": {"error_msg": "Pair NOPE/USDT is not in the current blacklist."}}


def test_paused_bot_exits_but_does_not_enter(make_bot, clock):
    bot = make_bot()
    signals = bot.config["_signals"]
    signals["enter"].add("BTC/USDT")
    run(bot, clock, 20, until=lambda: any(t.nr_of_successful_entries for t in trades()))
    bot.state = State.PAUSED
    signals["enter"].add("ETH/USDT")
    signals["exit"].add("BTC/USDT")
    signals["enter"].discard("BTC/USDT")
    run(bot, clock, 40, until=lambda: not trades()[0].is_open)
    assert not trades()[0].is_open
    assert [t.pair for t in trades()] == ["BTC/USDT"]


def test_restart_resumes_open_trades(make_config, clock):
    from freqtrade.bot import FreqtradeBot
    from freqtrade.persistence import close_db

    config = make_config()
    bot = FreqtradeBot(config)
    bot.startup()
    config["_signals"]["enter"].add("BTC/USDT")
    run(bot, clock, 20, until=lambda: any(t.nr_of_successful_entries for t in trades()))
    trade_id = trades()[0].id
    bot.cleanup()
    config = make_config()
    config["_signals"]["exit"].add("BTC/USDT")
    bot = FreqtradeBot(config)
    bot.startup()
    try:
        assert [t.id for t in Trade.get_open_trades()] == [trade_id]
        run(bot, clock, 40, until=lambda: not trades()[0].is_open)
        assert not trades()[0].is_open and trades()[0].exit_reason == "test_exit"
    finally:
        close_db()


def test_unfilled_entry_order_times_out_and_the_trade_is_removed(make_bot, clock):
    bot = make_bot(unfilledtimeout={"entry": 2, "exit": 2, "unit": "minutes"})
    trade = bot.execute_entry("BTC/USDT", 50, price=1000.0, is_forced=True)  # far below
    assert trade is not None and trade.has_open_orders
    run(bot, clock, 6)
    assert trades() == []
