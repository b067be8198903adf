"""The crash tests' consistency checks pass on a sound database and catch each kind of damage.

The database is written by the bot's own models (an open trade, a closed one with a partial
exit before its last one, an unfilled entry); each case then damages it with plain SQL.
"""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from freqtrade.persistence import Order, Trade, close_db, get_session, init_db
from tests.restart.consistency import (
    CLOSED,
    OPEN,
    Acknowledged,
    check_api,
    check_database,
    expected_wallet,
    read_state,
)

START_CAPITAL = 1000.0


def _order(trade: Trade, order_id: str, side: str, amount: float, price: float,
           status: str = "closed") -> Order:
    order = Order(order_id=order_id, ft_order_side=side, ft_pair=trade.pair,
                  ft_is_open=status == "open", ft_amount=amount, ft_price=price,
                  status=status, side=side, order_type="limit", price=price, amount=amount,
                  filled=amount if status == "closed" else 0.0,
                  remaining=0.0 if status == "closed" else amount,
                  average=price if status == "closed" else None)
    trade.orders.append(order)
    if status == "closed":
        trade.update_trade(order)
    return order


def _trade(pair: str, amount: float, price: float) -> Trade:
    trade = Trade(pair=pair, base_currency=pair.split("/")[0], stake_currency="USDT",
                  stake_amount=amount * price, amount=amount, amount_requested=amount,
                  is_open=True, open_date=datetime.now(UTC).replace(tzinfo=None),
                  fee_open=0.001, fee_close=0.001, open_rate=price,
                  exchange="simulated", strategy="QuietStrategy", trading_mode="SPOT",
                  amount_precision=0.001, price_precision=0.01, precision_mode=4,
                  precision_mode_price=4)
    get_session().add(trade)
    return trade


@pytest.fixture
def db_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'tradesv3.sqlite'}"
    init_db(url)
    try:
        held = _trade("SOL/USDT", 0.5, 100.0)
        _order(held, "sol-buy", "buy", 0.5, 100.0)
        closed = _trade("ETH/USDT", 0.02, 2000.0)
        _order(closed, "eth-buy-1", "buy", 0.01, 2000.0)
        _order(closed, "eth-buy-2", "buy", 0.01, 2100.0)
        _order(closed, "eth-sell-1", "sell", 0.005, 2200.0)
        _order(closed, "eth-sell-2", "sell", 0.015, 1900.0)
        resting = _trade("XRP/USDT", 100.0, 0.5)
        _order(resting, "xrp-buy", "buy", 100.0, 0.5, status="open")
        Trade.commit()
        assert not closed.is_open and held.is_open
    finally:
        close_db()
    return url


def _acknowledged() -> Acknowledged:
    acknowledged = Acknowledged()
    for trade_id, state, orders in ((1, OPEN, ["sol-buy"]),
                                    (2, CLOSED, ["eth-buy-1", "eth-sell-2"]),
                                    (3, OPEN, ["xrp-buy"])):
        acknowledged.trade({"trade_id": trade_id, "orders": [{"order_id": o} for o in orders]},
                           state)
    return acknowledged


def _damage(db_url: str, *statements: str) -> None:
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_a_sound_database_passes(db_url):
    state = check_database(db_url, _acknowledged())
    assert sorted(state.trades) == [1, 2, 3]
    wallet = expected_wallet(state, START_CAPITAL)
    closed_profit = state.trades[2]["close_profit_abs"]
    assert closed_profit < 0  # bought at 2050 on average, sold at 1975 on average
    assert wallet["free"] == pytest.approx(START_CAPITAL + closed_profit - 50.0 - 50.0)
    assert wallet["used"] == pytest.approx(50.0)


@pytest.mark.parametrize(("statements", "problem"), [
    (["INSERT INTO orders (ft_trade_id, ft_order_side, ft_pair, ft_is_open, ft_amount, "
      "ft_price, order_id, status, amount, filled) "
      "SELECT ft_trade_id, ft_order_side, 'SOL/BTC', ft_is_open, ft_amount, ft_price, "
      "order_id, status, amount, filled FROM orders WHERE order_id = 'sol-buy'"],
     "order sol-buy is stored 2 times"),
    (["UPDATE trades SET amount = amount * 2 WHERE id = 1"], "amount 1.0, its orders hold 0.5"),
    (["UPDATE trades SET stake_amount = 60 WHERE id = 1"], "stake 60.0"),
    (["UPDATE trades SET close_date = NULL WHERE id = 2"], "has no close_date"),
    (["UPDATE trades SET close_profit_abs = 0 WHERE id = 2"], "profit 0.0, its orders made"),
    (["UPDATE orders SET filled = 0.004 WHERE order_id = 'eth-sell-1'"],
     "bought 0.02, sold 0.019"),
    (["UPDATE orders SET ft_is_open = 1 WHERE order_id = 'sol-buy'"], "open flag True"),
    (["UPDATE orders SET ft_is_open = 0, status = 'canceled' WHERE order_id = 'xrp-buy'"],
     "holds nothing and has no open entry order"),
    (["UPDATE trades SET pair = 'SOL/USDT' WHERE id = 3",
      "UPDATE orders SET ft_pair = 'SOL/USDT' WHERE order_id = 'xrp-buy'"],
     "2 open trades for SOL/USDT"),
    (["DELETE FROM orders WHERE ft_trade_id = 1", "DELETE FROM trades WHERE id = 1"],
     "acknowledged trade 1 (open) is lost"),
    (["UPDATE trades SET is_open = 1, close_date = NULL, close_rate = NULL WHERE id = 2"],
     "trade 2 should be closed"),
], ids=["duplicate-order", "amount", "stake", "close-date", "profit", "position-left",
        "open-flag", "orphan-trade", "two-open-per-pair", "lost", "reopened"])
def test_each_kind_of_damage_is_reported(db_url, statements, problem):
    _damage(db_url, *statements)
    with pytest.raises(AssertionError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        check_database(db_url, _acknowledged())


def test_a_deleted_trade_coming_back_and_an_unacknowledged_trade_are_reported(db_url):
    acknowledged = _acknowledged()
    acknowledged.set_state(3, "deleted")
    with pytest.raises(AssertionError, match=r"orders \['xrp-buy'\] of deleted trades are back"):
        check_database(db_url, acknowledged)
    acknowledged = _acknowledged()
    del acknowledged.states[3]
    with pytest.raises(AssertionError, match=r"trades \[3\] were never acknowledged"):
        check_database(db_url, acknowledged)
    acknowledged.unconfirmed = 1  # a request cut by the kill may have opened it
    check_database(db_url, acknowledged)


class _Answer:
    def __init__(self, body):
        self.status_code, self.text, self._body = 200, "", body

    def json(self):
        return self._body


def _api_of(db_url: str, free_offset: float = 0.0):
    """The answers a bot on this database gives (as the bot shapes them), ``free`` shifted."""
    state = read_state(db_url)
    wallet = expected_wallet(state, START_CAPITAL)

    def view(trade):
        return {"trade_id": trade["id"], "is_open": trade["is_open"],
                "amount": trade["amount"], "stake_amount": trade["stake_amount"],
                "orders": [{"order_id": o["order_id"], "is_open": o["ft_is_open"]}
                           for o in state.orders_of(trade["id"])]}

    closed = state.closed_trades()
    answers = {
        "status": [view(t) for t in state.open_trades()],
        "trades?limit=500": {"trades": [view(t) for t in closed]},
        "count": {"current": len(state.open_trades())},
        "profit": {"closed_trade_count": len(closed),
                   "profit_closed_coin": sum(t["close_profit_abs"] for t in closed)},
        "balance": {"currencies": [{"currency": "USDT", "free": wallet["free"] + free_offset,
                                    "used": wallet["used"],
                                    "balance": wallet["total"] + free_offset}]},
    }
    return state, lambda path: _Answer(answers[path])


def test_the_api_check_compares_the_wallet_with_the_trades(db_url):
    state, get = _api_of(db_url)
    check_api(get, state, START_CAPITAL)
    state, get = _api_of(db_url, free_offset=0.01)
    with pytest.raises(AssertionError, match="/balance USDT free"):
        check_api(get, state, START_CAPITAL)
