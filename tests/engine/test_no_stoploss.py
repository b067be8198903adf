"""``stoploss = -1`` is freqtrade's "no stoploss": entries work, nothing is stopped out."""
import pytest

from freqtrade.exchange import SimulatedExchange
from freqtrade.rpc.rpc import RPC


def test_minimum_stake_with_no_stoploss_takes_the_capped_reserve():
    exchange = SimulatedExchange({"exchange": {"name": "simulated"}})
    limits = exchange.markets["BTC/USDT"]["limits"]
    price = 60000.0
    by_cost = limits["cost"]["min"] * 1.5
    by_amount = limits["amount"]["min"] * price * 1.05
    assert exchange.get_min_pair_stake_amount("BTC/USDT", price, -1) == \
        pytest.approx(max(by_cost, by_amount))
    # a reserve above 1.5 is capped, a tiny stoploss still reserves at least 1
    assert exchange.get_min_pair_stake_amount("BTC/USDT", price, -0.99) == \
        pytest.approx(max(by_cost, by_amount))
    assert exchange.get_min_pair_stake_amount("BTC/USDT", price, 0) == \
        pytest.approx(max(limits["cost"]["min"] * 1.05, by_amount))


def test_force_entry_with_no_stoploss_opens_a_trade_with_a_zero_stop(make_bot):
    bot = make_bot(stoploss=-1)
    assert bot.strategy.stoploss == -1
    trade = RPC(bot).force_entry("BTC/USDT", ordertype="market")
    assert trade["pair"] == "BTC/USDT" and trade["is_open"]
    assert trade["stop_loss_abs"] == 0 and trade["stop_loss_ratio"] == -1
