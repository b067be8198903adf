"""``/status`` sends its last answer again only while a new one would be the same bytes.

A real bot on the simulated market and a real SQLite file, over the real app. Every answer is
compared with a fresh computation: the dict answer of ``RPC.trade_status()`` in a new session,
serialised as every answer is. What must show at once: a commit from another connection (a
stop moved, an order filled), the loop's own commits, a new ticker sweep (a rate change).
"""
from __future__ import annotations

import sqlite3
import time
import warnings
from collections.abc import Iterator

import pytest

from freqtrade.api import routes_trading
from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.enums import RunMode
from freqtrade.exchange.exchange import TICKER_CACHE_SECS
from freqtrade.persistence import Trade, get_engine, get_session, remove_session, session_scope
from freqtrade.persistence.data_version import database_version
from freqtrade.rpc.rpc import RPC
from freqtrade.util.json_bytes import json_dumps
from tests.held_lock import held_by_another_thread

AUTH = ("kept-user", "kept-password-123")
PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT"]


@pytest.fixture
def status_bot(make_bot, tmp_path) -> Iterator[tuple]:
    """(bot, its RPC, a TestClient of its API, its database file) with three open trades."""
    with warnings.catch_warnings():  # Starlette warns at import that it prefers httpx2
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    bot = make_bot(api_server={"enabled": True, "username": AUTH[0], "password": AUTH[1],
                               "jwt_secret_key": "k" * 40})
    for pair in PAIRS:
        assert bot.execute_entry(pair, 100.0, ordertype="market") is not None
    remove_session()
    rpc = RPC(bot)
    with TestClient(create_app(ApiContext(bot.config, RunMode.DRY_RUN, rpc))) as client:
        client.auth = AUTH
        yield bot, rpc, client, tmp_path / "trades.sqlite"


def fresh_answer(rpc: RPC) -> bytes:
    """What a new session computes from scratch, serialised as the API serialises."""
    with session_scope():
        return json_dumps(rpc.trade_status())


def api_status(client) -> bytes:
    response = client.get("/api/v1/status")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.content


@pytest.fixture
def worker_calls(monkeypatch) -> list[object]:
    """The calls ``/status`` hands to a worker thread."""
    calls: list[object] = []
    real = routes_trading.run_in_threadpool

    async def counting(func, *args, **kwargs):
        calls.append(args[0] if args else func)
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(routes_trading, "run_in_threadpool", counting)
    return calls


def test_the_answer_is_the_serialised_dict_answer(status_bot, clock):
    bot, rpc, client, _ = status_bot
    first = api_status(client)
    assert first == fresh_answer(rpc)
    assert [t["pair"] for t in json_loads(first)] == PAIRS
    clock.advance(minutes=7)  # other prices once the tickers are fetched again
    bot.exchange._tickers_time -= TICKER_CACHE_SECS + 1
    moved = api_status(client)
    assert moved == fresh_answer(rpc)
    assert moved != first


def json_loads(body: bytes) -> list[dict]:
    import orjson

    return orjson.loads(body)


def test_a_repeat_is_sent_from_the_event_loop(status_bot, worker_calls):
    _, rpc, client, _ = status_bot
    first = api_status(client)
    assert len(worker_calls) == 1
    for _ in range(3):
        assert api_status(client) == first
    assert len(worker_calls) == 1
    assert first == fresh_answer(rpc)


def test_a_commit_from_another_connection_shows_at_once(status_bot, worker_calls):
    _, rpc, client, db = status_bot
    first = api_status(client)
    trade_id = json_loads(first)[1]["trade_id"]
    with sqlite3.connect(db) as other:
        other.execute("UPDATE trades SET stop_loss = 1.5 WHERE id = ?", (trade_id,))
    moved = api_status(client)
    assert len(worker_calls) == 2
    assert moved != first and moved == fresh_answer(rpc)
    assert json_loads(moved)[1]["stop_loss_abs"] == 1.5
    with sqlite3.connect(db) as other:  # an order's fill changes the trade's answer
        other.execute("UPDATE orders SET filled = filled / 2, remaining = amount - filled / 2 "
                      "WHERE ft_trade_id = ?", (trade_id,))
    filled = api_status(client)
    assert filled != moved and filled == fresh_answer(rpc)
    assert api_status(client) == filled
    assert len(worker_calls) == 3


def test_the_loops_commits_and_a_closed_trade_show_at_once(status_bot, clock):
    bot, rpc, client, _ = status_bot
    first = api_status(client)
    trade = get_session().get(Trade, json_loads(first)[0]["trade_id"])
    trade.adjust_stop_loss(trade.open_rate * 1.01, -0.01)
    Trade.commit()
    remove_session()
    moved = api_status(client)
    assert moved != first and moved == fresh_answer(rpc)
    exited = client.post("/api/v1/forceexit", json={"tradeid": str(json_loads(first)[2][
        "trade_id"]), "ordertype": "market"})
    assert exited.status_code == 200, exited.text
    after_exit = api_status(client)
    assert len(json_loads(after_exit)) == 2
    assert after_exit == fresh_answer(rpc)


def test_a_new_ticker_sweep_is_priced_again(status_bot, clock, worker_calls):
    bot, rpc, client, _ = status_bot
    first = api_status(client)
    clock.advance(minutes=3)
    bot.exchange.get_tickers(cached=False)  # someone fetched: the kept rates are not current
    assert rpc.trade_status_unchanged() is None
    moved = api_status(client)
    assert moved != first and moved == fresh_answer(rpc)
    bot.exchange._tickers_time -= TICKER_CACHE_SECS + 1  # expired: the next answer fetches
    assert rpc.trade_status_unchanged() is None


def test_nothing_is_kept_when_the_answer_depends_on_more(status_bot, monkeypatch):
    bot, rpc, client, _ = status_bot
    with session_scope():  # this session holds a trade: its stoploss update time shows
        held = get_session().get(Trade, 1)
        rpc.trade_status_json()
        assert rpc.trade_status_unchanged() is None
        assert held is not None
    rates = iter(range(1, 1000))
    monkeypatch.setattr(rpc, "_exit_rate", lambda pair, is_short: float(next(rates)))
    with session_scope():
        first = rpc.trade_status_json()
    assert rpc.trade_status_unchanged() is None
    with session_scope():
        assert rpc.trade_status_json() != first
    monkeypatch.setattr(bot.exchange, "get_rate", lambda *args, **kwargs: 2.0)
    assert bot.exchange.cached_tickers() is None


def test_the_database_version_moves_with_every_commit_and_never_waits(status_bot):
    _, _, _, db = status_bot
    engine = get_engine()
    before = database_version(engine)
    assert before is not None and database_version(engine) == before
    with sqlite3.connect(db) as other:
        other.execute("UPDATE trades SET stop_loss = 1.25 WHERE id = 1")
    after = database_version(engine)
    assert after is not None and after != before
    trade = get_session().get(Trade, 2)
    trade.stop_loss = 1.75
    Trade.commit()
    remove_session()
    assert database_version(engine) != after
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        assert database_version(engine) is None  # a commit being written: cannot tell
        assert time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_cached_tickers_never_wait_for_a_fetch(status_bot):
    bot, _, _, _ = status_bot
    exchange = bot.exchange
    tickers = exchange.get_tickers()
    assert exchange.cached_tickers() is tickers
    with held_by_another_thread(exchange._tickers_lock):  # a fetch is running
        assert exchange.cached_tickers() is None
    exchange._tickers_time -= TICKER_CACHE_SECS + 1
    assert exchange.cached_tickers() is None


def _copy_trade(conn: sqlite3.Connection, source: int, **replaced: object) -> int:
    """Another program's insert: a copy of trade ``source`` (with ``replaced`` columns) and of
    its orders; returns the new trade's id."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(trades)") if row[1] != "id"]
    placeholders = ", ".join("?" if column in replaced else column for column in columns)
    new_id = conn.execute(f"INSERT INTO trades ({', '.join(columns)}) SELECT {placeholders} "
                          "FROM trades WHERE id = ?",
                          [replaced[c] for c in columns if c in replaced] + [source]
                          ).lastrowid
    order_columns = [row[1] for row in conn.execute("PRAGMA table_info(orders)")
                     if row[1] not in ("id", "ft_trade_id", "order_id")]
    conn.execute(f"INSERT INTO orders (ft_trade_id, order_id, {', '.join(order_columns)}) "
                 f"SELECT ?, order_id || '-' || ?, {', '.join(order_columns)} FROM orders "
                 "WHERE ft_trade_id = ?", (new_id, new_id, source))
    return new_id


def test_writes_of_closed_trades_leave_the_answer_and_open_ones_show(status_bot, worker_calls):
    """Randomized writes by another connection: after each, the answer is a fresh
    computation's; one that wrote closed trades only is sent from the event loop."""
    import random

    _, rpc, client, db = status_bot
    choose = random.Random(16)
    now = "2026-12-01 10:00:00.000000"

    def ids(conn: sqlite3.Connection, is_open: int) -> list[int]:
        return [row[0] for row in conn.execute("SELECT id FROM trades WHERE is_open = ?",
                                               (is_open,))]

    def close_copy(conn, opened, closed):
        _copy_trade(conn, choose.choice(opened + closed), is_open=0, close_date=now,
                    close_rate=123.0, close_profit=0.01, close_profit_abs=1.0)

    def edit_closed(conn, opened, closed):
        conn.execute("UPDATE trades SET exit_reason = ?, close_profit_abs = ? WHERE id = ?",
                     (f"edited {choose.random()}", choose.random(), choose.choice(closed)))

    def edit_closed_orders(conn, opened, closed):
        conn.execute("UPDATE orders SET ft_order_tag = ? WHERE ft_trade_id = ?",
                     (f"tag {choose.random()}", choose.choice(closed)))

    def delete_closed(conn, opened, closed):
        trade_id = choose.choice(closed)
        conn.execute("DELETE FROM orders WHERE ft_trade_id = ?", (trade_id,))
        conn.execute("DELETE FROM trades WHERE id = ?", (trade_id,))

    def open_copy(conn, opened, closed):
        _copy_trade(conn, choose.choice(opened))

    def move_stop(conn, opened, closed):
        conn.execute("UPDATE trades SET stop_loss = ? WHERE id = ?",
                     (choose.uniform(1, 2), choose.choice(opened)))

    def fill_order(conn, opened, closed):
        conn.execute("UPDATE orders SET ft_order_tag = ?, average = average * ? "
                     "WHERE ft_trade_id = ?",
                     (f"tag {choose.random()}", choose.uniform(0.99, 1.01),
                      choose.choice(opened)))

    def close_open(conn, opened, closed):
        conn.execute("UPDATE trades SET is_open = 0, close_date = ?, close_rate = 1.0 "
                     "WHERE id = ?", (now, choose.choice(opened)))

    def delete_open(conn, opened, closed):
        trade_id = choose.choice(opened)
        conn.execute("DELETE FROM orders WHERE ft_trade_id = ?", (trade_id,))
        conn.execute("DELETE FROM trades WHERE id = ?", (trade_id,))

    closed_only = [close_copy, edit_closed, edit_closed_orders, delete_closed]
    of_open = [open_copy, move_stop, fill_order, close_open, delete_open]
    with sqlite3.connect(db) as other:
        close_copy(other, ids(other, 1), [])
    answer = api_status(client)
    assert answer == fresh_answer(rpc)
    left, shown = 0, 0
    for _ in range(60):
        with sqlite3.connect(db) as other:
            opened, closed = ids(other, 1), ids(other, 0)
            writes = [w for w in closed_only if closed or w is close_copy]
            if len(opened) > 1:
                writes += of_open
            elif opened:
                writes += [open_copy, move_stop, fill_order]
            write = choose.choice(writes)
            write(other, opened, closed)
        calls = len(worker_calls)
        previous, answer = answer, api_status(client)
        assert answer == fresh_answer(rpc), write.__name__
        if write in closed_only:
            assert len(worker_calls) == calls, write.__name__  # sent from the event loop
            assert answer == previous
            left += 1
        else:
            assert len(worker_calls) == calls + 1, write.__name__
            shown += answer != previous
    assert left >= 15 and shown >= 15
