"""Aggregates at the edges: no trades at all, then exactly one closed trade (/profit, /stats,
/performance and the period sums, as freqtrade answers them)."""
import pytest

from freqtrade.rpc.rpc import RPC


@pytest.fixture
def rpc(make_bot):
    return RPC(make_bot())


def test_every_aggregate_with_no_trades(rpc):
    profit = rpc.profit()
    assert profit["trade_count"] == profit["closed_trade_count"] == 0
    assert profit["profit_all_coin"] == profit["profit_closed_coin"] == 0
    assert profit["profit_closed_ratio_mean"] == profit["profit_all_percent"] == 0
    assert (profit["first_trade_date"], profit["first_trade_timestamp"]) == ("", 0)
    assert (profit["latest_trade_date"], profit["latest_trade_timestamp"]) == ("", 0)
    assert profit["avg_duration"] == "0:00:00" and profit["best_pair"] == ""
    assert profit["winning_trades"] == profit["losing_trades"] == 0
    assert profit["winrate"] == 0 and profit["expectancy"] == 0
    assert profit["expectancy_ratio"] == 100.0 and profit["profit_factor"] is None
    assert profit["max_drawdown"] == profit["max_drawdown_abs"] == 0
    assert profit["max_drawdown_start"] == "" and profit["max_drawdown_start_timestamp"] == 0
    assert rpc.performance() == [] and rpc.entries(None) == [] and rpc.exits(None) == []
    assert rpc.mix_tags(None) == []
    assert rpc.stats() == {"exit_reasons": {},
                           "durations": {"wins": None, "draws": None, "losses": None}}
    daily = rpc.timeunit_profit(3, "days")
    assert [row["trade_count"] for row in daily["data"]] == [0, 0, 0]
    assert {row["abs_profit"] for row in daily["data"]} == {0}
    assert rpc.count()["current"] == 0 and rpc.count()["total_stake"] == 0


def test_every_aggregate_with_one_closed_trade(rpc, clock):
    opened = rpc.force_entry("ETH/USDT", ordertype="market")
    clock.advance(minutes=5)
    rpc.force_exit(str(opened["trade_id"]), ordertype="market")
    trade = rpc.trade(opened["trade_id"])
    ratio, absolute = trade["close_profit"], trade["close_profit_abs"]
    assert trade["is_open"] is False and absolute != 0

    profit = rpc.profit()
    assert profit["trade_count"] == profit["closed_trade_count"] == 1
    assert profit["profit_closed_coin"] == profit["profit_all_coin"] == round(absolute, 8)
    assert profit["profit_closed_ratio_mean"] == pytest.approx(ratio)
    assert profit["profit_closed_percent_mean"] == round(ratio * 100, 2)
    assert (profit["winning_trades"], profit["losing_trades"]) == \
        ((1, 0) if ratio >= 0 else (0, 1))
    assert profit["avg_duration"] == "0:05:00"
    assert profit["best_pair"] == "ETH/USDT"
    # API 2.50: the best pair's profit ratio is relative to the cost of its entries
    entry_cost = sum(o["cost"] for o in trade["orders"] if o["ft_order_side"] == "buy")
    assert profit["best_pair_profit_abs"] == pytest.approx(absolute)
    assert profit["best_pair_profit_ratio"] == pytest.approx(absolute / entry_cost)
    assert profit["first_trade_timestamp"] == profit["latest_trade_timestamp"] == \
        trade["open_timestamp"]
    assert profit["trading_volume"] > 0
    # one closed trade: a loss is a drawdown from 0, a win leaves none, dated at its close
    assert profit["max_drawdown_abs"] == pytest.approx(max(0.0, -absolute))
    assert profit["max_drawdown_start_timestamp"] == trade["close_timestamp"]

    [performance] = rpc.performance()
    assert performance["pair"] == "ETH/USDT" and performance["count"] == 1
    assert performance["profit_abs"] == pytest.approx(absolute)
    # API 2.50: cost-weighted (fees are not in the denominator), unlike close_profit
    assert performance["profit_ratio"] == pytest.approx(absolute / entry_cost)
    assert performance["profit_pct"] == performance["profit"] == \
        round(absolute / entry_cost * 100, 2)
    assert [e["enter_tag"] for e in rpc.entries(None)] == ["force_entry"]
    assert [e["exit_reason"] for e in rpc.exits(None)] == ["force_exit"]
    [mix] = rpc.mix_tags(None)
    assert mix["mix_tag"] == "force_entry force_exit"
    assert mix["profit_ratio"] == pytest.approx(ratio)  # mix_tags still sums close_profit
    assert rpc.entries("BTC/USDT") == []

    outcome = "wins" if ratio > 0 else "losses" if ratio < 0 else "draws"
    stats = rpc.stats()
    assert stats["exit_reasons"]["force_exit"][outcome] == 1
    assert stats["durations"][outcome] == pytest.approx(300)

    today = rpc.timeunit_profit(2, "days")["data"]
    assert today[0]["trade_count"] == 1 and today[1]["trade_count"] == 0
    assert today[0]["abs_profit"] == pytest.approx(absolute)
    assert today[0]["starting_balance"] > 0
    assert today[0]["rel_profit"] == round(absolute / today[0]["starting_balance"], 8)
    assert rpc.count()["current"] == 0


def test_ratios_span_the_first_to_the_last_trade_by_id_open_ones_included(rpc, clock):
    """Sharpe, Sortino, Calmar and CAGR divide by the days from the first trade's entry to the
    last trade's entry (all trades by id, the open ones too), not by the closed trades' span."""
    import numpy as np

    from freqtrade.rpc import metrics

    closed = []
    for days_later in (0, 2):
        opened = rpc.force_entry("ETH/USDT", ordertype="market")
        clock.advance(days=days_later, hours=1)
        rpc.force_exit(str(opened["trade_id"]), ordertype="market")
        closed.append(rpc.trade(opened["trade_id"]))
    clock.advance(days=10)
    still_open = rpc.force_entry("ETH/USDT", ordertype="market")
    assert still_open["is_open"]

    profit = rpc.profit()
    profits = np.array([t["close_profit_abs"] for t in closed])
    start = rpc._starting_balance()
    first = closed[0]["open_date"]
    by_id = (metrics_date(first), metrics_date(still_open["open_date"]))
    closed_span = (metrics_date(first), metrics_date(closed[-1]["open_date"]))
    assert (by_id[1] - by_id[0]).days >= 12 > (closed_span[1] - closed_span[0]).days
    assert profit["sharpe"] == pytest.approx(metrics.sharpe(profits, start, *by_id))
    assert profit["sharpe"] != pytest.approx(metrics.sharpe(profits, start, *closed_span))
    assert profit["sortino"] == pytest.approx(metrics.sortino(profits, start, *by_id))
    assert profit["calmar"] == pytest.approx(
        metrics.calmar(profits, start, *by_id, profit["max_drawdown"]))


def metrics_date(text: str):
    from datetime import UTC, datetime

    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
