"""Protections in the trading loop: evaluated when a trade closes, obeyed by signal entries,
kept across a restart; a strategy's invalid protections stop the start with freqtrade's words."""
import pytest
from sqlalchemy import select

from freqtrade.enums import ExitType
from freqtrade.exceptions import ConfigurationError
from freqtrade.persistence import PairLock, Trade, get_session
from tests.engine.conftest import SIGNAL_STRATEGY, run

PROTECTED_STRATEGY = SIGNAL_STRATEGY.replace(
    "class SignalStrategy(IStrategy):",
    "class ProtectedStrategy(IStrategy):\n"
    "    @property\n"
    "    def protections(self):\n"
    "        return self.config['_protections']\n")


@pytest.fixture
def protected_bot(make_bot, userdir, clock):
    (userdir / "strategies" / "protected_strategy.py").write_text(PROTECTED_STRATEGY)

    def factory(protections, **overrides):
        return make_bot(strategy="ProtectedStrategy", _protections=protections, **overrides)

    return factory


def trades():
    return get_session().scalars(select(Trade).order_by(Trade.id)).all()


def locks():
    return [(lock.pair, lock.side, lock.reason, lock.lock_end_time.strftime("%H:%M:%S"))
            for lock in get_session().scalars(select(PairLock).order_by(PairLock.id))]


def enter_and_close(bot, clock, pair, exit_type=ExitType.EXIT_SIGNAL):
    """A forced entry (market, filled at once) closed by a market exit of ``exit_type``."""
    from freqtrade.bot import ExitCheck

    trade = bot.execute_entry(pair, 50, ordertype="market", is_forced=True)
    assert trade is not None and trade.nr_of_successful_entries == 1
    rate = bot.exchange.get_rate(pair, side="exit", is_short=False)
    assert bot.execute_trade_exit(trade, rate, ExitCheck(exit_type), ordertype="market")
    assert not trade.is_open
    return trade


def test_an_exit_writes_the_auto_lock_and_the_cooldown_lock(protected_bot, clock):
    bot = protected_bot([{"method": "CooldownPeriod", "stop_duration_candles": 3}])
    messages = []
    bot.add_listener(messages.append)
    enter_and_close(bot, clock, "ETH/USDT")
    # closed at 12:00:05 on 1m candles: the auto lock to the next candle, side of the trade;
    # the cooldown 3 candles after the close, rounded up to a candle
    assert locks() == [("ETH/USDT", "long", "Auto lock", "12:01:00"),
                       ("ETH/USDT", "*", "Cooldown period for for 3 candles.", "12:04:00")]
    (trigger,) = [m for m in messages if m["type"] == "protection_trigger"]
    assert trigger["pair"] == "ETH/USDT" and trigger["base_currency"] == "ETH"
    assert trigger["reason"] == "Cooldown period for for 3 candles."
    assert trigger["lock_end_time"] == "2026-03-02 12:04:00" and trigger["active"] is True


def test_a_locked_pair_gets_no_signal_entry_until_the_lock_ends(protected_bot, clock):
    bot = protected_bot([{"method": "CooldownPeriod", "stop_duration_candles": 3}])
    enter_and_close(bot, clock, "ETH/USDT")
    bot.config["_signals"]["enter"].add("ETH/USDT")
    run(bot, clock, 7, seconds=30)  # up to 12:03:35: still locked
    assert [t.pair for t in trades()] == ["ETH/USDT"]
    run(bot, clock, 10, seconds=30, until=lambda: len(trades()) == 2)
    second = trades()[1]
    assert second.pair == "ETH/USDT" and second.open_date.strftime("%H:%M") >= "12:04"


def test_a_global_lock_stops_every_signal_entry(protected_bot, clock):
    bot = protected_bot([{"method": "StoplossGuard", "lookback_period": 60, "trade_limit": 1,
                          "stop_duration": 10}])
    enter_and_close(bot, clock, "ETH/USDT")  # an exit signal is no stoploss: no lock
    assert [lock[2] for lock in locks()] == ["Auto lock"]
    trade = enter_and_close(bot, clock, "SOL/USDT", ExitType.STOP_LOSS)
    assert trade.close_profit < 0
    reason = "1 stoplosses in 60 min, locking for 10 minutes."
    assert locks()[-2:] == [("SOL/USDT", "*", reason, "12:11:00"),
                            ("*", "*", reason, "12:11:00")]
    bot.config["_signals"]["enter"].update({"BTC/USDT", "XRP/USDT"})
    run(bot, clock, 6, seconds=60)
    assert {t.pair for t in trades()} == {"ETH/USDT", "SOL/USDT"}
    run(bot, clock, 10, seconds=60, until=lambda: len(trades()) > 2)
    assert {t.pair for t in trades()[2:]} == {"BTC/USDT", "XRP/USDT"}


def test_locks_survive_a_restart_and_are_not_evaluated_again(make_config, userdir, clock):
    from freqtrade.bot import FreqtradeBot
    from freqtrade.persistence import close_db

    (userdir / "strategies" / "protected_strategy.py").write_text(PROTECTED_STRATEGY)
    protections = [{"method": "CooldownPeriod", "stop_duration_candles": 5}]
    bot = FreqtradeBot(make_config(strategy="ProtectedStrategy", _protections=protections))
    bot.startup()
    enter_and_close(bot, clock, "BTC/USDT")
    before = locks()
    bot.cleanup()
    config = make_config(strategy="ProtectedStrategy", _protections=protections)
    config["_signals"]["enter"].add("BTC/USDT")
    bot = FreqtradeBot(config)
    bot.startup()
    try:
        run(bot, clock, 4, seconds=60)
        assert locks() == before and len(trades()) == 1
    finally:
        close_db()


@pytest.mark.parametrize(("protections", "problem"), [
    ([{"method": "CooldownPeriod", "stop_duration": 5, "stop_duration_candles": 2}],
     "Protections must specify either `stop_duration` or `stop_duration_candles`. "
     "Please fix the protection CooldownPeriod."),
    ([{"method": "LowProfitPairs", "lookback_period": 5, "lookback_period_candles": 2}],
     "Protections must specify either `lookback_period` or `lookback_period_candles`. "
     "Please fix the protection LowProfitPairs."),
    ([{"method": "StoplossGuard", "unlock_at": "08:00", "stop_duration": 30}],
     "Protections must specify either `unlock_at`, `stop_duration` or "
     "`stop_duration_candles`. Please fix the protection StoplossGuard."),
    ([{"method": "MaxDrawdown", "unlock_at": "25:61"}],
     "Invalid date format for unlock_at: 25:61."),
    ([{"method": "Cooldown"}],
     "Impossible to load Protection 'Cooldown'. This class does not exist or contains "
     "Python code errors."),
    ([{"stop_duration": 5}], "protections: each entry needs a \"method\", got "
                             "{'stop_duration': 5}"),
    ([{"method": "CooldownPeriod", "stop_duration": "ten"}],
     "protections: CooldownPeriod.stop_duration must be a number, got 'ten'"),
])
def test_invalid_strategy_protections_stop_the_start(protected_bot, protections, problem):
    with pytest.raises(ConfigurationError) as exc:
        protected_bot(protections)
    assert exc.value.errors == [problem]


def test_strategy_lock_helpers_as_freqtrade(make_bot, clock):
    from datetime import timedelta

    bot = make_bot()
    strategy = bot.strategy
    strategy.lock_pair("BTC/USDT", clock() + timedelta(minutes=2), "mine")  # 12:02:05
    strategy.lock_pair("BTC/USDT", clock() + timedelta(minutes=2), "mine")  # no duplicate
    strategy.lock_pair("ETH/USDT", clock() + timedelta(minutes=2), "mine", side="long")
    assert locks() == [("BTC/USDT", "*", "mine", "12:03:00"),
                       ("ETH/USDT", "long", "mine", "12:03:00")]
    assert strategy.is_pair_locked("BTC/USDT") and strategy.is_pair_locked("ETH/USDT",
                                                                           side="long")
    assert not strategy.is_pair_locked("ETH/USDT")  # a long lock is no lock on both sides
    # at the last candle 12:01 the check is for 12:02: still locked; at 12:02, no longer
    last = clock().replace(minute=1, second=0)
    assert strategy.is_pair_locked("BTC/USDT", candle_date=last)
    assert not strategy.is_pair_locked("BTC/USDT", candle_date=last + timedelta(minutes=1))
    strategy.unlock_pair("ETH/USDT")  # releases both-sides locks only, as freqtrade
    assert strategy.is_pair_locked("ETH/USDT", side="long")
    strategy.unlock_reason("mine")
    assert not strategy.is_pair_locked("BTC/USDT")
    assert not strategy.is_pair_locked("ETH/USDT", side="long")


BOT_START_STRATEGY = SIGNAL_STRATEGY.replace(
    "class SignalStrategy(IStrategy):",
    "class BotStartProtections(IStrategy):\n"
    "    def bot_start(self, **kwargs):\n"
    "        self.cooldown_candles = 2\n\n"
    "    @property\n"
    "    def protections(self):\n"
    "        return [{'method': 'CooldownPeriod',\n"
    "                 'stop_duration_candles': self.cooldown_candles}]\n")


def test_a_protections_property_may_use_what_bot_start_sets(make_bot, userdir, clock):
    (userdir / "strategies" / "bot_start_protections.py").write_text(BOT_START_STRATEGY)
    bot = make_bot(strategy="BotStartProtections")
    enter_and_close(bot, clock, "ETH/USDT")
    assert ("ETH/USDT", "*", "Cooldown period for for 2 candles.", "12:03:00") in locks()
