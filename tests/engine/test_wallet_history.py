"""The daily wallet snapshot and /historic_balance built from it."""
import sqlite3
import threading

import pytest
from sqlalchemy import select

from freqtrade.persistence import WalletHistory, get_session, remove_session
from freqtrade.rpc.rpc import RPC
from tests.engine.conftest import START, run


def rows():
    remove_session()
    return get_session().scalars(select(WalletHistory).order_by(WalletHistory.timestamp,
                                                                WalletHistory.currency)).all()


def test_one_snapshot_per_utc_day_with_bot_managed_values(make_bot, clock):
    bot = make_bot()
    rpc = RPC(bot)
    assert rpc.historic_balance()["data"] == []
    run(bot, clock, 1)
    first = rows()
    assert [(r.currency, r.rate, r.balance, r.bot_managed) for r in first] == [
        ("USDT", 1.0, 1000.0, True)]
    assert first[0].total_quote == 1000.0 and first[0].quote_currency == "USDT"
    rpc.force_entry("ETH/USDT", ordertype="market")
    run(bot, clock, 5)  # same day: nothing new
    assert len(rows()) == 1

    clock.advance(days=1)
    run(bot, clock, 1)
    second = [r for r in rows() if r.timestamp.day == START.day + 1]
    eth = next(r for r in second if r.currency == "ETH")
    assert eth.bot_managed and eth.rate > 0
    assert eth.total_quote == eth.rate * eth.balance
    usdt = next(r for r in second if r.currency == "USDT")
    assert usdt.balance < 1000.0  # the stake went into the ETH trade

    history = rpc.historic_balance()
    assert history["columns"] == ["date", "__date_ts", "total_quote"]
    assert [row[0] for row in history["data"]] == ["2026-03-02T00:00:00",
                                                  "2026-03-03T00:00:00"]
    assert history["data"][1][2] == sum(r.total_quote for r in second if r.bot_managed)
    assert history["data"][0][1] == int(START.replace(hour=0, minute=0, second=0)
                                        .timestamp() * 1000)
    assert history["capture_start_ts"] == int(START.timestamp() * 1000)


def test_a_failing_snapshot_never_stops_trading(make_bot, clock, monkeypatch):
    import freqtrade.bot

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(freqtrade.bot, "record_daily_snapshot", broken)
    bot = make_bot()
    run(bot, clock, 2)
    assert bot.last_process is not None and rows() == []


def test_history_before_the_first_snapshot_is_rebuilt_from_the_trades_once(make_bot, clock):
    from freqtrade.persistence import KeyValueStore, Trade

    _one_trade_bought_and_sold(make_bot, clock)
    remove_session()
    profit = get_session().scalar(select(Trade.close_profit_abs)
                                  .where(Trade.is_open.is_(False)))
    # a database written before the wallet history existed: trades, no history
    session = get_session()
    session.query(WalletHistory).delete()
    session.commit()
    for key in ("wallet_history_migration", "wallet_history_migration_date"):
        KeyValueStore.delete_value(key)
    clock.advance(days=3)

    restarted = make_bot()
    assert restarted.wallet_history.running  # to run after the first loop iteration
    restarted.process()
    assert restarted.wait_wallet_history(30)  # on its own thread
    days = [(r.timestamp.day, r.balance) for r in rows() if r.currency == "USDT"]
    # from the starting balance (1000 x tradable_balance_ratio 0.99, as freqtrade); midnight
    # of the start day precedes the trade, the three midnights after include its profit
    assert [d for d, _ in days] == [START.day + i for i in range(4)]
    assert days[0][1] == 990.0
    stake_part = 990.0 + profit
    assert all(abs(balance - stake_part) < 1e-6 for _, balance in days[1:])  # profit: 8 digits
    history = RPC(restarted).historic_balance()
    assert history["length"] == 4
    assert history["capture_start_ts"] == int(clock().timestamp() * 1000)

    again = make_bot()  # rebuilt once per database: no second set of rows
    assert again.wallet_history is not None and not again.wallet_history.running
    assert len([r for r in rows() if r.currency == "USDT"]) == 4


def _one_trade_bought_and_sold(make_bot, clock) -> None:
    """A bot that bought ETH and sold it again, two loop turns each."""
    bot = make_bot()
    rpc = RPC(bot)
    rpc.force_entry("ETH/USDT", ordertype="market")
    run(bot, clock, 2)
    rpc.force_exit("all", ordertype="market")
    run(bot, clock, 2)


def _forget_wallet_history() -> None:
    """Make the database one written before the wallet history existed."""
    from freqtrade.persistence import KeyValueStore

    remove_session()
    session = get_session()
    session.query(WalletHistory).delete()
    session.commit()
    for key in ("wallet_history_migration", "wallet_history_migration_date"):
        KeyValueStore.delete_value(key)


def test_the_loop_runs_while_the_rebuild_does_and_the_history_waits_for_it(make_bot, clock,
                                                                           monkeypatch):
    import freqtrade.rpc.rpc
    from freqtrade.exceptions import RPCException
    from freqtrade.exchange import SimulatedExchange

    bot = make_bot()
    rpc = RPC(bot)
    rpc.force_entry("ETH/USDT", ordertype="market")
    run(bot, clock, 2)
    clock.advance(days=1)  # ETH held over a midnight: the rebuild asks for its daily opens
    run(bot, clock, 1)
    rpc.force_exit("all", ordertype="market")
    run(bot, clock, 2)
    _forget_wallet_history()
    clock.advance(days=2)
    # the market answers the daily opens only when the test lets it
    answer = threading.Event()
    daily_opens = SimulatedExchange.get_daily_opens

    def slow_daily_opens(self, pair, since_ms):
        assert answer.wait(30)
        return daily_opens(self, pair, since_ms)

    monkeypatch.setattr(SimulatedExchange, "get_daily_opens", slow_daily_opens)
    monkeypatch.setattr(freqtrade.rpc.rpc, "HISTORY_WAIT_SECS", 0.2)

    restarted = make_bot()
    assert restarted.wallet_history.running
    run(restarted, clock, 2)  # the rebuild starts after the first iteration
    assert restarted.last_process is not None  # the loop did not wait for it
    assert rows() == []  # nor did the daily snapshot write today's row before the rebuild
    with pytest.raises(RPCException, match="being rebuilt"):
        RPC(restarted).historic_balance()

    answer.set()
    assert restarted.wait_wallet_history(30)
    rebuilt = [(r.timestamp.day, r.currency) for r in rows()]
    assert [day for day, currency in rebuilt if currency == "USDT"] == \
        [START.day + i for i in range(4)]
    assert (START.day + 1, "ETH") in rebuilt
    run(restarted, clock, 1)  # today's row came from the rebuild: the snapshot adds none
    assert [(r.timestamp.day, r.currency) for r in rows()] == rebuilt
    assert RPC(restarted).historic_balance()["length"] == 4


def _rebuild(config: dict, exchange) -> list[tuple]:
    from freqtrade.wallet_backfill import backfill_wallet_history

    _forget_wallet_history()
    backfill_wallet_history(config, exchange, 10_000.0)
    return [(r.timestamp, r.currency, r.rate, r.balance, r.total_quote, r.bot_managed)
            for r in rows()]


def _simulated_exchange() -> tuple[dict, object]:
    """A dry-run config on the simulated exchange, with the bot's start noted."""
    from freqtrade.exchange import create_exchange
    from freqtrade.persistence import KeyValueStore

    config = {"stake_currency": "USDT", "dry_run": True, "exchange": {"name": "simulated"}}
    exchange = create_exchange(config)
    KeyValueStore.set_startup_time()
    return config, exchange


def test_reading_a_few_trades_at_a_time_rebuilds_the_same_history(tmp_path, monkeypatch):
    import freqtrade.wallet_backfill
    from bench.seed_db import seed
    from freqtrade.persistence import close_db, init_db

    db = tmp_path / "seeded.sqlite"
    seed(db, 3000, days=60, quiet=True)  # DCA entries and part exits among them
    with sqlite3.connect(db) as conn:  # leveraged: an exit's proceeds depend on the collateral
        conn.execute("UPDATE trades SET leverage = 1 + id % 3")
    init_db(f"sqlite:///{db}")
    try:
        config, exchange = _simulated_exchange()
        in_one_read = _rebuild(config, exchange)
        monkeypatch.setattr(freqtrade.wallet_backfill, "TRADES_PER_READ", 97)
        in_many_reads = _rebuild(config, exchange)
    finally:
        remove_session()
        close_db()
    assert len(in_one_read) > 100 and len({row[1] for row in in_one_read}) > 3
    assert in_many_reads == in_one_read  # to the last bit


def test_the_rebuild_waits_for_the_ledgers_first_read(make_bot, clock, monkeypatch):
    """Both read every trade; the statistics answers wait for the ledger, so it reads first
    instead of sharing the CPU with the rebuild."""
    import freqtrade.wallet_backfill
    from freqtrade.ledger import rows as ledger_rows
    from freqtrade.ledger.ledger import LEDGER

    _one_trade_bought_and_sold(make_bot, clock)
    _forget_wallet_history()
    clock.advance(days=2)

    reading, release = threading.Event(), threading.Event()
    order_sums = ledger_rows.order_sums

    def held_full_read(connection, ids):
        if ids is None:  # the first full read, not a re-read of changed trades
            reading.set()
            assert release.wait(30)
        return order_sums(connection, ids)

    rebuilding = threading.Event()
    backfill = freqtrade.wallet_backfill.backfill_wallet_history

    def noted_backfill(*args, **kwargs):
        rebuilding.set()
        return backfill(*args, **kwargs)

    monkeypatch.setattr(ledger_rows, "order_sums", held_full_read)
    monkeypatch.setattr(freqtrade.wallet_backfill, "backfill_wallet_history", noted_backfill)
    restarted = make_bot()  # another engine: the ledger reads this database afresh
    assert restarted.wallet_history.running and not LEDGER.ready
    run(restarted, clock, 3)
    assert reading.wait(30)  # the ledger's read runs (held) ...
    assert not rebuilding.wait(0.5)  # ... and the rebuild has not started
    release.set()
    for _ in range(300):  # bounded: 30 s
        if LEDGER.ready:
            break
        threading.Event().wait(0.1)
    assert LEDGER.ready
    run(restarted, clock, 1)  # the next turn starts it
    assert rebuilding.wait(30)
    assert restarted.wait_wallet_history(30)
    assert [r.currency for r in rows()].count("USDT") == 3


def test_the_rebuild_runs_no_collection_and_leaves_the_collector_running(tmp_path):
    """At a million trades the rebuild ran 55 full scans of ~100 ms, each stalling the bot."""
    import gc

    from bench.seed_db import seed
    from freqtrade.persistence import close_db, init_db
    from freqtrade.wallet_backfill import backfill_wallet_history
    from tests.collections_counted import collections_on_this_thread

    db = tmp_path / "seeded.sqlite"
    seed(db, 3000, days=60, quiet=True)
    init_db(f"sqlite:///{db}")
    try:
        config, exchange = _simulated_exchange()
        _forget_wallet_history()
        with collections_on_this_thread() as collections:
            backfill_wallet_history(config, exchange, 10_000.0)
        written = len(rows())
    finally:
        remove_session()
        close_db()
    assert written > 100
    # the statements around the rebuild may run one or two; without the pause it ran 33
    assert len(collections) <= 2
    assert gc.isenabled()
