"""Live mode after a restart: open orders are re-read from the exchange by id.

The exchange is a fake ccxt client (the outside world); the bot, its database file and the
ccxt adapter are real. An order the exchange still knows goes on; one it does not know is
taken as cancelled at start (as freqtrade does), but only kept and retried in the loop.
"""
from __future__ import annotations

import ccxt
import pytest

from freqtrade.bot import FreqtradeBot
from freqtrade.exchange import CcxtExchange
from freqtrade.persistence import Order, Trade, close_db, get_session, remove_session

MARKET = {"symbol": "BTC/USDT", "base": "BTC", "quote": "USDT", "active": True, "spot": True,
          "precision": {"amount": 0.0001, "price": 0.01}, "limits": {"cost": {"min": 10}},
          "maker": 0.001, "taker": 0.001}


@pytest.fixture(autouse=True)
def _close_database():
    yield
    remove_session()
    close_db()


class LiveFakeCcxt:
    """An exchange that knows the orders in ``orders`` (id -> ccxt order)."""

    name = "Fakex"
    has = {"fetchOrder": True}

    def __init__(self, orders: dict[str, dict]):
        self.orders = orders

    def load_markets(self):
        return {"BTC/USDT": MARKET}

    def fetch_tickers(self):
        return {"BTC/USDT": self.fetch_ticker("BTC/USDT")}

    def fetch_ticker(self, pair):
        return {"symbol": pair, "bid": 60000.0, "ask": 60010.0, "last": 60005.0}

    def fetch_balance(self):
        return {"USDT": {"free": 1000.0, "used": 0.0, "total": 1000.0}}

    def fetch_order(self, order_id, pair):
        if order_id not in self.orders:
            raise ccxt.OrderNotFound(f"order {order_id} does not exist")
        return dict(self.orders[order_id])

    def cancel_order(self, order_id, pair):
        raise ccxt.OrderNotFound(f"order {order_id} does not exist")


def _stored_trade_with_open_entry(order_id: str) -> int:
    trade = Trade(pair="BTC/USDT", base_currency="BTC", stake_currency="USDT",
                  stake_amount=50.0, amount=0.001, amount_requested=0.001, is_open=True,
                  fee_open=0.001, fee_close=0.001, open_rate=50000.0, exchange="fakex",
                  strategy="SignalStrategy", trading_mode="SPOT", leverage=1.0,
                  is_short=False, interest_rate=0.0)
    trade.orders.append(Order(order_id=order_id, ft_order_side="buy", ft_pair="BTC/USDT",
                              ft_is_open=True, ft_amount=0.001, ft_price=50000.0,
                              status="open", side="buy", order_type="limit", price=50000.0,
                              amount=0.001, filled=0.0, remaining=0.001))
    get_session().add(trade)
    Trade.commit()
    return trade.id


def _exchange_order(order_id: str, status: str, filled: float) -> dict:
    return {"id": order_id, "symbol": "BTC/USDT", "status": status, "side": "buy",
            "type": "limit", "price": 50000.0, "average": 50000.0 if filled else None,
            "amount": 0.001, "filled": filled, "remaining": 0.001 - filled,
            "cost": filled * 50000.0}


def _live_bot(make_config, api) -> FreqtradeBot:
    config = make_config(dry_run=False, exchange={"name": "fakex",
                                                  "pair_whitelist": ["BTC/USDT"]})
    pauses: list[float] = []
    return FreqtradeBot(config, exchange=CcxtExchange(config, api=api, sleep=pauses.append))


@pytest.mark.parametrize(("status", "filled", "open_ids", "entries"), [
    ("open", 0.0, ["live-1"], 0), ("closed", 0.001, [], 1)], ids=["resting", "filled"])
def test_a_live_order_the_exchange_knows_is_re_read_at_start(make_config, clock, status,
                                                              filled, open_ids, entries):
    api = LiveFakeCcxt({})
    bot = _live_bot(make_config, api)
    trade_id = _stored_trade_with_open_entry("live-1")
    api.orders["live-1"] = _exchange_order("live-1", status, filled)
    bot.recover_open_orders()
    trade = get_session().get(Trade, trade_id)
    assert trade is not None and trade.is_open
    assert trade.open_orders_ids == open_ids and trade.nr_of_successful_entries == entries


def test_an_order_unknown_to_the_live_exchange_is_cancelled_at_start_only(make_config, clock):
    bot = _live_bot(make_config, LiveFakeCcxt({}))
    kept = _stored_trade_with_open_entry("vanished-in-loop")
    bot.manage_open_orders()
    assert get_session().get(Trade, kept).open_orders_ids == ["vanished-in-loop"]

    bot.recover_open_orders()
    assert get_session().get(Trade, kept) is None  # no fill: removed, as freqtrade does
