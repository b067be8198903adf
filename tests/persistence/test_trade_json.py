"""The column-based renderer (two Core SELECTs) gives exactly what Trade.to_json() gives."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from freqtrade.persistence import Order, Trade, get_session, remove_session
from freqtrade.rpc.trade_views import trades_json

T0 = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)


def _ccxt(oid, side, amount, price, when, status="closed", filled=None):
    return {"id": oid, "symbol": "ETH/USDT", "type": "limit", "side": side, "price": price,
            "average": price if status == "closed" else None, "amount": amount,
            "filled": amount if filled is None else filled,
            "remaining": 0.0 if status == "closed" else amount, "cost": amount * price,
            "status": status, "timestamp": int(when.timestamp() * 1000),
            "fee": {"cost": 0.01, "currency": "ETH"}}


def _trade(n, *, is_short=False, **kw):
    values = dict(pair="ETH/USDT", base_currency="ETH", stake_currency="USDT",
                  exchange="simulated", amount=10.0, open_rate=2.0, stake_amount=20.0,
                  fee_open=0.001, fee_close=0.001, is_open=True,
                  open_date=T0 + timedelta(hours=n), is_short=is_short, enter_tag=f"tag{n % 3}",
                  strategy="SampleStrategy", timeframe=5, amount_requested=10.0,
                  price_precision=0.001, amount_precision=0.01, precision_mode=4,
                  precision_mode_price=4, contract_size=1.0)
    values.update(kw)
    return Trade(**values)


def _fill(trade, oid, side, amount, price, when, **kw):
    order = Order.parse_from_ccxt_object(_ccxt(oid, side, amount, price, when, **kw),
                                         trade.pair, side)
    trade.orders.append(order)
    trade.update_trade(order)
    return order


def _seed():
    session = get_session()
    entry, exit_ = "buy", "sell"
    # closed with one entry and one exit
    closed = _trade(1)
    session.add(closed)
    _fill(closed, "c1e", entry, 10.0, 2.0, T0)
    closed.adjust_stop_loss(2.0, -0.05, initial=True)
    closed.exit_reason = "roi"
    _fill(closed, "c1x", exit_, 10.0, 2.2, T0 + timedelta(hours=3, seconds=7))
    # closed after a partial exit and a DCA entry, plus a cancelled order
    partial = _trade(2, amount=6.0, stake_amount=12.0)
    session.add(partial)
    _fill(partial, "p1e", entry, 3.0, 2.0, T0 + timedelta(hours=2))
    _fill(partial, "p2e", entry, 3.0, 1.9, T0 + timedelta(hours=2, minutes=5))
    _fill(partial, "p1x", exit_, 2.0, 2.1, T0 + timedelta(hours=4))
    _fill(partial, "pc", exit_, 4.0, 2.3, T0 + timedelta(hours=5), status="canceled",
          filled=0.0)
    partial.exit_reason = "exit_signal"
    _fill(partial, "p2x", exit_, 4.0, 1.8, T0 + timedelta(hours=6))
    # closed short at a loss
    short = _trade(3, is_short=True, pair="ETH/USDT", leverage=2.0, trading_mode="FUTURES")
    session.add(short)
    _fill(short, "s1e", "sell", 10.0, 2.0, T0 + timedelta(hours=3))
    short.exit_reason = "stop_loss"
    _fill(short, "s1x", "buy", 10.0, 2.1, T0 + timedelta(hours=9))
    # open: filled entry with a partial exit, and an open exit order
    running = _trade(4)
    session.add(running)
    _fill(running, "o1e", entry, 10.0, 2.0, T0 + timedelta(hours=4))
    _fill(running, "o1x", exit_, 3.0, 2.05, T0 + timedelta(hours=5))
    _fill(running, "o2x", exit_, 7.0, 2.4, T0 + timedelta(hours=6), status="open", filled=0.0)
    # open, entry not filled yet
    pending = _trade(5)
    session.add(pending)
    _fill(pending, "q1e", entry, 10.0, 2.0, T0 + timedelta(hours=5), status="open",
          filled=0.0)
    # closed without any orders (imported history)
    bare = _trade(6, is_open=False, close_rate=2.1, close_profit=0.05, close_profit_abs=1.0,
                  close_date=T0 + timedelta(days=1), exit_reason="force_exit")
    session.add(bare)
    Trade.commit()
    remove_session()


def test_trades_json_equals_to_json(database):
    _seed()
    session = get_session()
    for query in (select(Trade).order_by(Trade.id),
                  select(Trade).where(Trade.is_open.is_(False))
                  .order_by(Trade.close_date.desc()).limit(3).offset(1)):
        fast = trades_json(session, query)
        slow = [t.to_json() for t in session.scalars(query).all()]
        assert len(fast) == len(slow) > 0
        assert fast == slow
        # same types too (True vs 1, int vs float timestamps)
        for a, b in zip(fast, slow, strict=True):
            assert {k: type(v) for k, v in a.items()} == {k: type(v) for k, v in b.items()}
    everything = trades_json(session, select(Trade).order_by(Trade.id))
    assert [t["is_open"] for t in everything] == [False, False, False, True, True, False]
    assert everything[1]["realized_profit_ratio"] is not None
    assert [o["order_id"] for o in everything[1]["orders"]] == ["p1e", "p2e", "p1x", "p2x"]
    assert everything[3]["has_open_orders"] is True
    assert everything[0]["open_date"] == "2025-03-01 12:00:00"
    assert trades_json(session, select(Trade).where(Trade.id < 0)) == []
