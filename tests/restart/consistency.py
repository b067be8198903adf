"""Is a database the bot was stopped on (killed or not) consistent, and does its API agree?

``check_database(db_url, acknowledged)`` reads the ``trades`` and ``orders`` tables with plain
SQL through SQLAlchemy (any URL the bot accepts: a SQLite file or PostgreSQL) and collects every
problem:

- every trade the API acknowledged is there once, in the state the acknowledgement promised,
  with the order ids the API reported; a deleted trade's orders stay deleted; at most
  ``acknowledged.unconfirmed`` trades exist that no answer reported (a request cut by the kill);
- no order id appears twice, every order belongs to a trade, at most one open trade per pair;
- an order's open flag matches its status, its fill does not exceed its amount;
- an open trade's amount and stake follow from its filled orders (entries add, exits take at the
  average entry price), or, before any fill, from its one open entry order; it has no close
  date; a closed trade has no open order, exited all it bought and has its close rate, date and
  profit, the profit being what its orders made after fees.

``check_api(get, state, start_capital)`` compares a running bot's ``/status``, ``/trades``,
``/count``, ``/profit`` and ``/balance`` with that state; the dry-run wallet must be the starting
capital plus closed and realized profit minus the stakes of open trades. ``check_running_bot``
does both while the bot trades, until its loop did not change a trade between the two reads.
"""
from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, text

REL = 1e-6  # floats stored and recomputed: several roundings apart
ABS = 1e-6  # stake currency

# promised states: open, closed, either of them, either or deleted; deleted
OPEN, CLOSED, EXISTS, ANY, DELETED = "open", "closed", "exists", "any", "deleted"


@dataclass
class Acknowledged:
    """What the API confirmed: trade id -> promised state, and the order ids it reported.

    A deleted trade is remembered by its orders: SQLite gives the next trade the id of a
    deleted last one again.
    """

    states: dict[int, str] = field(default_factory=dict)
    orders: dict[int, set[str]] = field(default_factory=dict)
    deleted_orders: set[str] = field(default_factory=set)
    unconfirmed: int = 0  # requests that may have been carried out without an answer

    def trade(self, trade: dict[str, Any], state: str = OPEN) -> None:
        """A trade as the API returned it (force entry answer, ``/status`` entry)."""
        self.states[trade["trade_id"]] = state
        self.orders[trade["trade_id"]] = {o["order_id"] for o in trade.get("orders") or ()}

    def set_state(self, trade_id: int, state: str) -> None:
        if state == DELETED:
            self.states.pop(trade_id, None)
            self.deleted_orders |= self.orders.pop(trade_id, set())
        else:
            self.states[trade_id] = state


@dataclass
class DbState:
    """The rows of one database, as dicts."""

    trades: dict[int, dict[str, Any]]
    orders: list[dict[str, Any]]

    def orders_of(self, trade_id: int) -> list[dict[str, Any]]:
        return sorted((o for o in self.orders if o["ft_trade_id"] == trade_id),
                      key=lambda o: o["id"])

    def open_trades(self) -> list[dict[str, Any]]:
        return [t for t in self.trades.values() if t["is_open"]]

    def closed_trades(self) -> list[dict[str, Any]]:
        return [t for t in self.trades.values() if not t["is_open"]]


def read_state(db_url: str) -> DbState:
    """Both tables as of one moment (one read transaction), also while a bot writes."""
    sqlite = db_url.startswith("sqlite")
    engine = create_engine(db_url, **({} if sqlite else {"isolation_level": "REPEATABLE READ"}))
    try:
        with engine.connect() as conn:
            if sqlite:
                assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
                conn.exec_driver_sql("BEGIN")  # the driver would not open one for reads
            trades = {row["id"]: dict(row) for row in conn.execute(text(
                "SELECT * FROM trades")).mappings()}
            orders = [dict(row) for row in conn.execute(text("SELECT * FROM orders")).mappings()]
    finally:
        engine.dispose()
    for row in trades.values():
        row["is_open"] = bool(row["is_open"])
    for order in orders:
        order["ft_is_open"] = bool(order["ft_is_open"])
    return DbState(trades, orders)


def _close(a: float | None, b: float | None, rel: float = REL, abs_: float = ABS) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _price(order: dict[str, Any]) -> float:
    return order["average"] or order["price"] or order["stop_price"] or order["ft_price"]


def _filled(order: dict[str, Any]) -> float:
    """What a settled order moved in the position (a fee taken in the coin reduces it)."""
    if order["ft_is_open"]:
        return 0.0
    return (order["filled"] or 0.0) - (order["ft_fee_base"] or 0.0)


@dataclass
class _Position:
    """A trade's position replayed from its settled orders, in placement order."""

    bought: float = 0.0
    sold: float = 0.0
    amount: float = 0.0
    average: float = 0.0
    profit: float = 0.0
    entries: int = 0
    exits: int = 0


def replay(trade: dict[str, Any], orders: list[dict[str, Any]]) -> _Position:
    """Entries add at their price and move the average; exits take at the average and book
    their proceeds after the exit fee against the cost after the entry fee."""
    entry_side = "sell" if trade["is_short"] else "buy"
    position = _Position()
    for order in orders:
        fill = _filled(order)
        if fill <= 0:
            continue
        price = _price(order)
        if order["ft_order_side"] == entry_side:
            cost = position.average * position.amount + price * fill
            position.amount += fill
            position.bought += fill
            position.average = cost / position.amount
            position.entries += 1
        else:
            position.profit += (fill * price * (1 - trade["fee_close"])
                                - fill * position.average * (1 + trade["fee_open"]))
            position.amount -= fill
            position.sold += fill
            position.exits += 1
    return position


def _order_problems(state: DbState) -> list[str]:
    problems = []
    for order_id, count in Counter(o["order_id"] for o in state.orders).items():
        if count > 1:
            problems.append(f"order {order_id} is stored {count} times")
    for order in state.orders:
        name = f"order {order['order_id']} (trade {order['ft_trade_id']})"
        if order["ft_trade_id"] not in state.trades:
            problems.append(f"{name} belongs to no trade")
        if order["ft_is_open"] != (order["status"] in (None, "open")):
            problems.append(f"{name}: open flag {order['ft_is_open']} with status "
                            f"{order['status']}")
        amount = order["amount"] or order["ft_amount"]
        if (order["filled"] or 0.0) > amount * (1 + REL):
            problems.append(f"{name}: filled {order['filled']} of {amount}")
        if order["status"] == "closed" and not _close(order["filled"], amount):
            problems.append(f"{name}: closed with {order['filled']} of {amount} filled")
    for pair, count in Counter(t["pair"] for t in state.open_trades()).items():
        if count > 1:
            problems.append(f"{count} open trades for {pair}")
    return problems


def _open_trade_problems(trade: dict[str, Any], orders: list[dict[str, Any]],
                         position: _Position) -> list[str]:
    name = f"open trade {trade['id']} ({trade['pair']})"
    problems = []
    open_orders = [o for o in orders if o["ft_is_open"]]
    if trade["close_date"] is not None or trade["close_rate"] is not None:
        problems.append(f"{name} has close data: {trade['close_date']}, {trade['close_rate']}")
    for side, count in Counter(o["ft_order_side"] for o in open_orders).items():
        if count > 1:
            problems.append(f"{name} has {count} open {side} orders")
    leverage = trade["leverage"] or 1.0
    if position.entries == 0:
        entry_side = "sell" if trade["is_short"] else "buy"
        pending = [o for o in open_orders if o["ft_order_side"] == entry_side]
        if not pending:
            problems.append(f"{name} holds nothing and has no open entry order")
            return problems
        order = pending[0]
        if not _close(trade["amount"], order["ft_amount"]):
            problems.append(f"{name}: amount {trade['amount']} but its entry order is for "
                            f"{order['ft_amount']}")
        # the stake buys ``amount`` rounded down to the amount step
        step = (trade["amount_precision"] or 0.0) * order["ft_price"] / leverage
        value = order["ft_amount"] * order["ft_price"] / leverage
        if not value - ABS <= trade["stake_amount"] <= value + step + ABS:
            problems.append(f"{name}: stake {trade['stake_amount']} for an order worth {value}")
        return problems
    if not _close(trade["amount"], position.amount):
        problems.append(f"{name}: amount {trade['amount']}, its orders hold {position.amount}")
    if not _close(trade["stake_amount"], position.amount * position.average / leverage):
        problems.append(f"{name}: stake {trade['stake_amount']}, its orders hold "
                        f"{position.amount * position.average / leverage}")
    if not _close(trade["realized_profit"] or 0.0, position.profit):
        problems.append(f"{name}: realized profit {trade['realized_profit']}, its exits made "
                        f"{position.profit}")
    return problems


def _closed_trade_problems(trade: dict[str, Any], orders: list[dict[str, Any]],
                           position: _Position) -> list[str]:
    name = f"closed trade {trade['id']} ({trade['pair']})"
    problems = []
    if any(o["ft_is_open"] for o in orders):
        problems.append(f"{name} has an open order")
    for key in ("close_date", "close_rate", "close_profit", "close_profit_abs"):
        if trade[key] is None:
            problems.append(f"{name} has no {key}")
    if position.entries == 0 or position.exits == 0:
        problems.append(f"{name}: {position.entries} filled entries, {position.exits} exits")
    if not _close(position.bought, position.sold):
        problems.append(f"{name}: bought {position.bought}, sold {position.sold}")
    if not _close(trade["close_profit_abs"], position.profit):
        problems.append(f"{name}: profit {trade['close_profit_abs']}, its orders made "
                        f"{position.profit}")
    return problems


def _acknowledged_problems(state: DbState, acknowledged: Acknowledged) -> list[str]:
    problems = []
    back = acknowledged.deleted_orders & {o["order_id"] for o in state.orders}
    if back:
        problems.append(f"orders {sorted(back)} of deleted trades are back")
    for trade_id, promised in sorted(acknowledged.states.items()):
        trade = state.trades.get(trade_id)
        if promised == ANY:
            continue
        if trade is None:
            problems.append(f"acknowledged trade {trade_id} ({promised}) is lost")
            continue
        if promised == OPEN and not trade["is_open"] or promised == CLOSED and trade["is_open"]:
            problems.append(f"trade {trade_id} should be {promised}, is_open={trade['is_open']}")
        stored = {o["order_id"] for o in state.orders_of(trade_id)}
        missing = acknowledged.orders.get(trade_id, set()) - stored
        if missing:
            problems.append(f"trade {trade_id} lost its orders {sorted(missing)}")
    unknown = sorted(set(state.trades) - set(acknowledged.states))
    if len(unknown) > acknowledged.unconfirmed:
        problems.append(f"trades {unknown} were never acknowledged (at most "
                        f"{acknowledged.unconfirmed} requests went unanswered)")
    return problems


def check_database(db_url: str, acknowledged: Acknowledged | None = None) -> DbState:
    """The database's state; AssertionError listing every inconsistency found."""
    state = read_state(db_url)
    problems = _order_problems(state)
    for trade in state.trades.values():
        orders = state.orders_of(trade["id"])
        position = replay(trade, orders)
        if trade["is_open"]:
            problems += _open_trade_problems(trade, orders, position)
        else:
            problems += _closed_trade_problems(trade, orders, position)
    if acknowledged is not None:
        problems += _acknowledged_problems(state, acknowledged)
    assert problems == [], "\n".join(problems)
    return state


def expected_wallet(state: DbState, start_capital: float) -> dict[str, float]:
    """The dry-run stake wallet the trades imply: free, used (unfilled entries) and total."""
    open_trades = state.open_trades()
    free = (start_capital + sum(t["close_profit_abs"] for t in state.closed_trades())
            + sum(t["realized_profit"] or 0.0 for t in open_trades)
            - sum(t["stake_amount"] for t in open_trades))
    used = 0.0
    for trade in open_trades:
        entry_side = "sell" if trade["is_short"] else "buy"
        used += sum((o["amount"] or o["ft_amount"]) * _price(o) / (trade["leverage"] or 1.0)
                    for o in state.orders_of(trade["id"])
                    if o["ft_is_open"] and o["ft_order_side"] == entry_side)
    return {"free": free, "used": used, "total": free + used}


def check_api(get: Callable[[str], Any], state: DbState, start_capital: float,
              stake_currency: str = "USDT") -> None:
    """The running bot on the database of ``state`` reports the same trades and wallet.

    ``get(path)`` returns a ``requests``-like response of the bot's API (path below /api/v1).
    """
    problems = []
    status = _json(get("status"))
    if sorted(t["trade_id"] for t in status) != sorted(t["id"] for t in state.open_trades()):
        problems.append(f"/status lists {sorted(t['trade_id'] for t in status)}, the "
                        f"database {sorted(t['id'] for t in state.open_trades())}")
    for trade in status:
        stored = state.trades.get(trade["trade_id"])
        if stored is None:
            continue
        if not _close(trade["amount"], stored["amount"]) or not _close(
                trade["stake_amount"], stored["stake_amount"]):
            problems.append(f"/status trade {trade['trade_id']}: {trade['amount']} for "
                            f"{trade['stake_amount']}, stored {stored['amount']} for "
                            f"{stored['stake_amount']}")
        stored_open = sorted(o["order_id"] for o in state.orders_of(trade["trade_id"])
                             if o["ft_is_open"])
        if sorted(o["order_id"] for o in trade["orders"] if o["is_open"]) != stored_open:
            problems.append(f"/status trade {trade['trade_id']}: open orders differ from "
                            f"{stored_open}")
    closed = _json(get("trades?limit=500"))
    listed = sorted(t["trade_id"] for t in closed["trades"] if not t["is_open"])
    if listed != sorted(t["id"] for t in state.closed_trades()):
        problems.append(f"/trades lists closed {listed}, the database "
                        f"{sorted(t['id'] for t in state.closed_trades())}")
    count = _json(get("count"))
    if count["current"] != len(state.open_trades()):
        problems.append(f"/count says {count['current']} open trades")
    profit = _json(get("profit"))
    closed_profit = sum(t["close_profit_abs"] for t in state.closed_trades())
    if profit["closed_trade_count"] != len(state.closed_trades()) or not _close(
            profit["profit_closed_coin"], closed_profit, abs_=1e-5):
        problems.append(f"/profit: {profit['closed_trade_count']} closed for "
                        f"{profit['profit_closed_coin']}, stored {closed_profit}")
    wallet = expected_wallet(state, start_capital)
    balance = _json(get("balance"))
    stake = [c for c in balance["currencies"] if c["currency"] == stake_currency]
    if len(stake) != 1:
        problems.append(f"/balance has no single {stake_currency} entry: {balance}")
    else:
        for key, api_key in (("free", "free"), ("used", "used"), ("total", "balance")):
            if not _close(stake[0][api_key], wallet[key], abs_=1e-5):
                problems.append(f"/balance {stake_currency} {api_key} {stake[0][api_key]}, "
                                f"the trades imply {wallet[key]}")
    assert problems == [], "\n".join(problems)


def _json(response: Any) -> Any:
    assert response.status_code == 200, f"{response.status_code} {response.text}"
    return response.json()


def check_running_bot(get: Callable[[str], Any], db_url: str, acknowledged: Acknowledged | None,
                      start_capital: float, attempts: int = 8) -> DbState:
    """``check_database`` and ``check_api`` of a trading bot; a resting order the loop fills
    between the two reads makes them differ, so the comparison is retried a few times."""
    for attempt in range(attempts):
        state = check_database(db_url, acknowledged)
        try:
            check_api(get, state, start_capital)
            return state
        except AssertionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)
    raise AssertionError("no attempts")  # pragma: no cover - attempts >= 1
