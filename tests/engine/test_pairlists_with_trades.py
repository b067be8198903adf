"""Pairlists on a real bot and SQLite file: the trade-history filters, the change message."""
from __future__ import annotations

import logging
from datetime import timedelta

from freqtrade.persistence import Order, Trade, get_session
from freqtrade.rpc.rpc import RPC
from tests.engine.conftest import START, run

PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT"]


def closed_trade(pair: str, profit: float, cost: float, minutes_ago: int) -> Trade:
    """A closed trade whose entry order cost ``cost`` and which made ``profit``."""
    closed = START.replace(tzinfo=None) - timedelta(minutes=minutes_ago)
    trade = Trade(pair=pair, base_currency=pair.split("/")[0], stake_currency="USDT",
                  exchange="simulated", amount=1.0, open_rate=cost, stake_amount=cost,
                  fee_open=0.0, fee_close=0.0, is_open=False, close_rate=cost + profit,
                  open_date=closed - timedelta(hours=1), close_date=closed,
                  close_profit_abs=profit, close_profit=profit / cost, exit_reason="roi",
                  strategy="SignalStrategy", timeframe=1)
    trade.orders.append(Order(ft_order_side="buy", ft_pair=pair, ft_is_open=False,
                              ft_amount=1.0, ft_price=cost, order_id=f"{pair}-{minutes_ago}",
                              status="closed", side="buy", order_type="market", price=cost,
                              average=cost, amount=1.0, filled=1.0, remaining=0.0))
    return trade


def with_history(bot) -> None:
    session = get_session()
    for trade in (closed_trade("BTC/USDT", 1.0, 50.0, 10), closed_trade("BTC/USDT", 1.0, 50.0, 20),
                  closed_trade("ETH/USDT", 2.0, 100.0, 30),
                  closed_trade("SOL/USDT", -1.0, 100.0, 40),
                  closed_trade("XRP/USDT", 50.0, 100.0, 600)):  # before the window below
        session.add(trade)
    session.commit()


def test_performance_filter_orders_by_profit_then_fewer_trades(make_bot):
    bot = make_bot(pairlists=[{"method": "StaticPairList"},
                              {"method": "PerformanceFilter", "minutes": 120}])
    with_history(bot)
    # BTC and ETH both +2 %: ETH has fewer trades; XRP's trade is outside the window (0)
    assert bot.pairlists.refresh() == ["ETH/USDT", "BTC/USDT", "XRP/USDT", "SOL/USDT"]


def test_performance_filter_min_profit_drops_losers(make_bot):
    bot = make_bot(pairlists=[{"method": "StaticPairList"},
                              {"method": "PerformanceFilter", "minutes": 120,
                               "min_profit": 0.0}])
    with_history(bot)
    assert bot.pairlists.refresh() == ["ETH/USDT", "BTC/USDT", "XRP/USDT"]


def test_performance_filter_without_minutes_keeps_the_order_as_freqtrade_does(make_bot):
    bot = make_bot(pairlists=[{"method": "StaticPairList"}, {"method": "PerformanceFilter"}])
    with_history(bot)
    assert bot.pairlists.refresh() == PAIRS


def test_full_trades_filter_empties_the_list_while_slots_are_full(make_bot, clock, caplog):
    bot = make_bot(max_open_trades=2,
                   pairlists=[{"method": "StaticPairList"}, {"method": "FullTradesFilter"}])
    rpc = RPC(bot)
    rpc.force_entry("BTC/USDT", ordertype="market")
    run(bot, clock, 1)
    assert bot.pairlists.whitelist == PAIRS
    caplog.set_level(logging.WARNING)
    rpc.force_entry("ETH/USDT", ordertype="market")
    run(bot, clock, 2)
    assert bot.pairlists.whitelist == []
    # the open trades' pairs stay in the active list for their candles
    assert bot.active_pair_whitelist == ["BTC/USDT", "ETH/USDT"]
    assert rpc.whitelist()["whitelist"] == ["BTC/USDT", "ETH/USDT"]
    assert "The whitelist is empty: FullTradesFilter removed the last 4 pairs" in caplog.text
    rpc.force_exit("1", ordertype="market")
    run(bot, clock, 1)
    assert bot.pairlists.whitelist == PAIRS


def test_a_changed_whitelist_is_announced_once(make_bot, clock):
    bot = make_bot()
    messages = []
    bot.add_listener(lambda msg: messages.append(msg) if msg["type"] == "whitelist" else None)
    run(bot, clock, 2)
    assert messages == []
    bot.pairlists.add_to_blacklist(["SOL/USDT"])
    run(bot, clock, 3)
    assert messages == [{"type": "whitelist", "data": ["BTC/USDT", "ETH/USDT", "XRP/USDT"]}]
