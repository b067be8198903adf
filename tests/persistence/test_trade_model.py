"""Trade arithmetic and order handling, round-tripped through a real SQLite file."""
from datetime import UTC, datetime, timedelta

import pytest

from freqtrade.persistence import (
    CustomData,
    KeyValueStore,
    Order,
    Trade,
    get_pair_locks,
    get_session,
    is_pair_locked,
    lock_pair,
    remove_session,
    set_custom_data,
    unlock_pair,
)
from freqtrade.util.clock import FrozenClock, set_clock

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def make_trade(**kw) -> Trade:
    values = dict(pair="ETH/USDT", base_currency="ETH", stake_currency="USDT",
                  exchange="simulated", amount=10.0, open_rate=2.0, stake_amount=20.0,
                  fee_open=0.001, fee_close=0.001, is_open=True, open_date=T0)
    values.update(kw)
    return Trade(**values)


def ccxt_order(oid, side, amount, price, status="closed", filled=None):
    return {"id": oid, "symbol": "ETH/USDT", "type": "limit", "side": side, "price": price,
            "average": price if status == "closed" else None, "amount": amount,
            "filled": amount if filled is None else filled,
            "remaining": 0.0 if status == "closed" else amount, "cost": amount * price,
            "status": status, "timestamp": int(T0.timestamp() * 1000)}


def test_profit_formulas_long():
    trade = make_trade()
    assert trade.open_trade_value == pytest.approx(20.02)
    assert trade.calc_close_trade_value(2.2) == pytest.approx(21.978)
    assert trade.calc_profit(2.2) == pytest.approx(1.958)
    assert trade.calc_profit_ratio(2.2) == pytest.approx(21.978 / 20.02 - 1)
    assert trade.calc_profit(2.0) == pytest.approx(-0.04)


def test_profit_formulas_short_have_the_opposite_sign():
    trade = make_trade(is_short=True)
    assert trade.open_trade_value == pytest.approx(19.98)
    assert trade.calc_profit(1.8) == pytest.approx(19.98 - 18.018)
    assert trade.calc_profit_ratio(1.8) == pytest.approx(1 - 18.018 / 19.98)
    assert trade.calc_profit(2.2) < 0


def test_trade_with_orders_round_trips_through_the_file(database):
    set_clock(FrozenClock(T0))
    trade = make_trade()
    trade.orders.append(Order.parse_from_ccxt_object(ccxt_order("e1", "buy", 10.0, 2.0),
                                                     "ETH/USDT", "buy", 10.0, 2.0))
    get_session().add(trade)
    trade.update_trade(trade.orders[0])
    trade.adjust_stop_loss(trade.open_rate, -0.05, initial=True)
    Trade.commit()
    exit_order = Order.parse_from_ccxt_object(ccxt_order("x1", "sell", 10.0, 2.2),
                                              "ETH/USDT", "sell", 10.0, 2.2)
    trade.orders.append(exit_order)
    trade.exit_reason = "roi"
    trade.update_trade(exit_order)
    Trade.commit()
    trade_id = trade.id
    remove_session()

    loaded = get_session().get(Trade, trade_id)
    assert not loaded.is_open
    assert loaded.close_rate == 2.2
    assert loaded.close_profit_abs == pytest.approx(1.958)
    assert loaded.close_profit == pytest.approx(21.978 / 20.02 - 1)
    assert [o.order_id for o in loaded.orders] == ["e1", "x1"]
    assert loaded.nr_of_successful_entries == 1 and loaded.nr_of_successful_exits == 1
    data = loaded.to_json()
    assert data["open_date"] == "2025-03-01 12:00:00"
    assert data["open_timestamp"] == int(T0.timestamp() * 1000)
    assert data["profit_pct"] == round(loaded.close_profit * 100, 2)
    assert data["exit_reason"] == "roi" and data["has_open_orders"] is False
    assert [o["ft_is_entry"] for o in data["orders"]] == [True, False]
    assert data["initial_stop_loss_abs"] == pytest.approx(1.9)


def test_partial_exit_accumulates_realized_profit(database):
    trade = make_trade()
    entry = Order.parse_from_ccxt_object(ccxt_order("e1", "buy", 10.0, 2.0), "ETH/USDT", "buy")
    trade.orders.append(entry)
    get_session().add(trade)
    trade.update_trade(entry)
    part = Order.parse_from_ccxt_object(ccxt_order("x1", "sell", 4.0, 2.5), "ETH/USDT", "sell")
    trade.orders.append(part)
    trade.update_trade(part)
    assert trade.is_open
    assert trade.amount == pytest.approx(6.0)
    assert trade.realized_profit == pytest.approx(4 * 2.5 * 0.999 - 4 * 2.0 * 1.001)
    rest = Order.parse_from_ccxt_object(ccxt_order("x2", "sell", 6.0, 2.0), "ETH/USDT", "sell")
    trade.orders.append(rest)
    trade.update_trade(rest)
    assert not trade.is_open
    expected_total = (4 * 2.5 * 0.999 - 4 * 2.0 * 1.001) + (6 * 2.0 * 0.999 - 6 * 2.0 * 1.001)
    assert trade.close_profit_abs == pytest.approx(expected_total)
    # freqtrade divides by what went in, entry fee included
    assert trade.close_profit == pytest.approx(expected_total / (20.0 * 1.001))


def test_open_orders_are_listed_and_filtered_from_json(database):
    trade = make_trade()
    trade.orders.append(Order.parse_from_ccxt_object(
        ccxt_order("e1", "buy", 10.0, 2.0, status="open", filled=0.0), "ETH/USDT", "buy"))
    trade.orders.append(Order.parse_from_ccxt_object(
        ccxt_order("e0", "buy", 10.0, 2.0, status="canceled", filled=0.0), "ETH/USDT", "buy"))
    get_session().add(trade)
    Trade.commit()
    assert trade.has_open_orders and trade.open_orders_ids == ["e1"]
    assert [o["order_id"] for o in trade.to_json()["orders"]] == ["e1"]


def test_stop_loss_only_moves_up_for_longs():
    trade = make_trade()
    trade.adjust_stop_loss(2.0, -0.1, initial=True)
    assert trade.stop_loss == pytest.approx(1.8) and trade.initial_stop_loss_pct == -0.1
    trade.adjust_stop_loss(2.5, -0.1)
    assert trade.stop_loss == pytest.approx(2.25) and trade.is_stop_loss_trailing
    trade.adjust_stop_loss(2.1, -0.1)
    assert trade.stop_loss == pytest.approx(2.25)
    assert trade.initial_stop_loss == pytest.approx(1.8)


def test_pair_locks_by_side_expiry_and_global(database):
    now = T0
    lock_pair("ETH/USDT", now + timedelta(minutes=10), "cooldown", side="long", now=now)
    assert is_pair_locked("ETH/USDT", now=now, side="long")
    assert not is_pair_locked("ETH/USDT", now=now, side="short")
    assert not is_pair_locked("ETH/USDT", now=now + timedelta(minutes=11), side="long")
    lock_pair("*", now + timedelta(minutes=5), "global", now=now)
    assert is_pair_locked("BTC/USDT", now=now, side="long")
    assert len(get_pair_locks(None, now=now)) == 2
    unlock_pair("ETH/USDT", now=now)  # as freqtrade: releases the both-sides locks only
    assert is_pair_locked("ETH/USDT", now=now + timedelta(minutes=6), side="long")
    unlock_pair("ETH/USDT", now=now, side="long")
    assert not is_pair_locked("ETH/USDT", now=now + timedelta(minutes=6), side="long")
    lock = get_pair_locks("*", now=now)[0].to_json()
    assert lock["lock_time"] == "2025-03-01 12:00:00"
    assert lock["lock_end_timestamp"] == int((now + timedelta(minutes=5)).timestamp() * 1000)
    assert lock["side"] == "*" and lock["active"] is True


def test_key_value_store_types_and_first_start(database):
    KeyValueStore.store_value("s", "text")
    KeyValueStore.store_value("i", 5)
    KeyValueStore.store_value("f", 1.5)
    assert (KeyValueStore.get_value("s"), KeyValueStore.get_value("i"),
            KeyValueStore.get_value("f")) == ("text", 5, 1.5)
    set_clock(FrozenClock(T0))
    KeyValueStore.set_startup_time()
    set_clock(FrozenClock(T0 + timedelta(days=1)))
    KeyValueStore.set_startup_time()
    assert KeyValueStore.get_datetime_value("bot_start_time") == T0
    with pytest.raises(ValueError):
        KeyValueStore.store_value("b", True)


def test_first_start_on_a_database_with_trades_is_its_first_trade(database):
    first = make_trade(open_date=datetime(2024, 5, 1, 8, 30))
    later = make_trade(open_date=datetime(2024, 6, 1))
    get_session().add_all([later, first])
    Trade.commit()
    set_clock(FrozenClock(T0))
    KeyValueStore.set_startup_time()
    assert KeyValueStore.get_datetime_value("bot_start_time") == \
        datetime(2024, 5, 1, 8, 30, tzinfo=UTC)


def test_custom_data_keeps_types(database):
    trade = make_trade()
    get_session().add(trade)
    Trade.commit()
    set_custom_data(trade.id, "flag", True)
    set_custom_data(trade.id, "count", 3)
    set_custom_data(trade.id, "levels", [1, 2])
    trade.set_custom_data("count", 4)
    assert trade.get_custom_data("flag") is True
    assert trade.get_custom_data("count") == 4
    assert trade.get_custom_data("levels") == [1, 2]
    assert trade.get_custom_data("missing", "dflt") == "dflt"
    trade.delete()
    assert get_session().query(CustomData).count() == 0
