"""After any sequence of closes, edits, deletes and writes from other connections, every
closed-trade figure of the running ledger equals a recomputation from every row."""
from __future__ import annotations

import dataclasses
import math
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from freqtrade.ledger.ledger import LEDGER, ClosedLedger
from freqtrade.persistence import Trade, get_engine
from freqtrade.rpc import statistics
from tests.ledger import full_recompute
from tests.ledger.history_writer import HistoryWriter

STARTING_BALANCE = 1000.0
# the writer's close dates fall in 2025's first months: days, weeks and months around them
_DAYS = [date(2024, 12, 30) + timedelta(days=i) for i in range(150)]
_WEEKS = _DAYS[::7]
_MONTHS = [date(2024 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(12, 18)]
PERIODS = {name: (tuple(starts[:-1]), tuple(starts[1:]))
           for name, starts in (("days", _DAYS), ("weeks", _WEEKS), ("months", _MONTHS))}


def _same(actual, expected, path="") -> list[str]:
    """Differences between two figures (floats to 1e-9 relative, NaN equal to NaN)."""
    if dataclasses.is_dataclass(actual) or dataclasses.is_dataclass(expected):
        actual, expected = (dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v
                            for v in (actual, expected))
    if isinstance(actual, dict):
        if actual.keys() != expected.keys():
            return [f"{path}: keys {sorted(actual)} != {sorted(expected)}"]
        return [d for k in actual for d in _same(actual[k], expected[k], f"{path}.{k}")]
    if isinstance(actual, (list, tuple)):
        if len(actual) != len(expected):
            return [f"{path}: {actual!r} != {expected!r}"]
        return [d for i, (a, e) in enumerate(zip(actual, expected, strict=True))
                for d in _same(a, e, f"{path}[{i}]")]
    if isinstance(actual, float) or isinstance(expected, float):
        if actual is None or expected is None:
            return [] if actual is expected else [f"{path}: {actual!r} != {expected!r}"]
        if math.isnan(actual) and math.isnan(expected):
            return []
        if math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9):
            return []
        return [f"{path}: {actual!r} != {expected!r}"]
    if isinstance(actual, datetime) or actual != expected:
        return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]
    return []


def _performance_oracle(session: Session, column, key_name: str, pair=None, other="Other"):
    rows = full_recompute.grouped(session, column, pair, other)
    return {k: (round(a, 8), a / c if c else 0.0, n) for k, (a, c, n) in rows.items()}, key_name


def _as_map(rows: list[dict], key_name: str) -> dict:
    return {r[key_name]: (r["profit_abs"], r["profit_ratio"], r["count"]) for r in rows}


def _check_against_recomputation(session: Session) -> list[str]:
    problems: list[str] = []
    fresh = ClosedLedger()  # a ledger built now from every row: no running sums involved
    for direction in (None, False, True):
        expected = full_recompute.closed_figures(session, direction, STARTING_BALANCE)
        running = LEDGER.closed_summary(direction, STARTING_BALANCE)
        rebuilt = fresh.closed_summary(direction, STARTING_BALANCE)
        for name, summary in (("running", running), ("rebuilt", rebuilt)):
            problems += _same(dataclasses.asdict(summary), expected, f"{name}[{direction}]")
    for unit, (starts, ends) in PERIODS.items():
        midnight = datetime.min.time()
        expected_periods = full_recompute.per_period(session, [
            (datetime.combine(start, midnight), datetime.combine(end, midnight))
            for start, end in zip(starts, ends, strict=True)])
        for name, ledger in (("running", LEDGER), ("rebuilt", fresh)):
            problems += _same(ledger.closed_per_period(starts, ends), expected_periods,
                              f"{name} {unit}")
    cases = [(statistics.performance(), Trade.pair, "pair", None, None)]
    for pair in (None, "ETH/USDT"):
        cases += [(statistics.entries(pair), Trade.enter_tag, "enter_tag", pair, "Other"),
                  (statistics.exits(pair), Trade.exit_reason, "exit_reason", pair, "Other")]
    for rows, column, key_name, pair, other in cases:
        expected, _ = _performance_oracle(session, column, key_name, pair, other)
        problems += _same(_as_map(rows, key_name), expected, f"{key_name}[{pair}]")
    for pair in (None, "BTC/USDT"):
        mixed = {r["mix_tag"]: (r["profit_ratio"], r["profit_abs"], r["count"])
                 for r in statistics.mix_tags(pair)}
        expected_mix = {k: (ratio, round(profit, 8), n)
                        for k, (ratio, profit, n) in full_recompute.mix(session, pair).items()}
        problems += _same(mixed, expected_mix, f"mix[{pair}]")
    problems += _same(statistics.stats(), full_recompute.stats(session), "stats")
    total = session.execute(select(func.sum(Trade.close_profit_abs))
                            .where(Trade.is_open.is_(False))).scalar() or 0.0
    problems += _same(LEDGER.closed_profit(), float(total), "closed_profit")
    closed_ids = session.execute(select(Trade.id).where(Trade.is_open.is_(False))
                                 .order_by(Trade.id)).scalars().all()
    for limit, offset in ((5, 0), (3, 4), (500, 0)):
        problems += _same(LEDGER.closed_ids(limit, offset),
                          (list(closed_ids[offset:offset + limit]), len(closed_ids)),
                          f"ids[{limit},{offset}]")
    return problems


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_running_ledger_equals_recomputation_after_random_writes(database, seed):
    """Writes alternate between this bot's engine, another engine on the same database (a
    second process) and, on SQLite, Python's own sqlite3 module; some transactions roll back.
    The ledger is read (and so brought up to date) after a random number of writes."""
    engine = get_engine()
    other = create_engine(database)
    writer = HistoryWriter(seed)
    raw = sqlite3.connect(engine.url.database) if engine.dialect.name == "sqlite" else None
    try:
        with engine.begin() as conn:
            for _ in range(15):
                writer.insert_closed(conn)
            for _ in range(4):
                writer.open_trade(conn)
        for step in range(70):
            target = writer.rng.choice((engine, other))
            with target.connect() as conn:
                transaction = conn.begin()
                done = writer.random_operation(conn)
                if writer.rng.random() < 0.1:
                    transaction.rollback()  # never reaches the ledger
                else:
                    transaction.commit()
            if raw is not None and writer.rng.random() < 0.15:
                raw.execute("UPDATE trades SET close_profit_abs = close_profit_abs + 1.5 "
                            "WHERE id = (SELECT MAX(id) FROM trades WHERE is_open = 0)")
                raw.commit()
            if writer.rng.random() < 0.6:
                with Session(engine) as session:
                    problems = _check_against_recomputation(session)
                assert not problems, f"step {step} ({done}): {problems[:8]}"
        with Session(engine) as session:
            assert not _check_against_recomputation(session)
            assert session.execute(select(func.count(Trade.id))
                                   .where(Trade.is_open.is_(False))).scalar() > 5
        monthly = LEDGER.closed_per_period(*PERIODS["months"])
        assert sum(count for _profit, count in monthly) > 5  # the periods hold the closes
    finally:
        if raw is not None:
            raw.close()
        other.dispose()


def test_a_close_reads_only_the_changed_trade(database, monkeypatch):
    """After the first build, a close re-reads one trade, not the history."""
    from freqtrade.ledger import rows

    engine = get_engine()
    writer = HistoryWriter(7)
    writer.history(engine, closed=50)
    LEDGER.refresh()
    asked: list = []
    original = rows.trades
    monkeypatch.setattr(rows, "trades", lambda conn, ids: asked.append(ids) or original(conn, ids))
    with engine.begin() as conn:
        writer.close_trade(conn)
    before = LEDGER.version
    LEDGER.refresh()
    assert LEDGER.version == before + 1
    assert asked == [[51]]
    LEDGER.refresh()  # nothing changed: nothing read
    assert asked == [[51]] and LEDGER.version == before + 1


def test_a_full_read_in_many_id_ranges_equals_recomputation(database, monkeypatch):
    """The first read goes through the trades in short statements of a few ids each."""
    from freqtrade.ledger import rows

    monkeypatch.setattr(rows, "ID_RANGE", 7)
    writer = HistoryWriter(31)
    writer.history(get_engine(), closed=40, open_trades=3)
    with Session(get_engine()) as session:
        assert not _check_against_recomputation(session)


def test_a_full_read_summed_in_slices_equals_recomputation_exactly(database, monkeypatch):
    """A large read is summed a slice at a time (bounded memory); every figure equals the
    one-slice ledger's bit for bit, a last slice of a few records included."""
    from freqtrade.ledger import ledger

    writer = HistoryWriter(37)
    writer.history(get_engine(), closed=40, open_trades=3)
    whole = ClosedLedger()
    whole.refresh()
    monkeypatch.setattr(ledger, "BULK", 11)  # slices of 11, 11, 11 and 7 (added one by one)
    sliced = ClosedLedger()
    sliced.refresh()
    for direction in (None, False, True):
        assert sliced.closed_summary(direction, STARTING_BALANCE) \
            == whole.closed_summary(direction, STARTING_BALANCE)
    for starts, ends in PERIODS.values():
        assert sliced.closed_per_period(starts, ends) == whole.closed_per_period(starts, ends)
    with Session(get_engine()) as session:
        assert not _check_against_recomputation(session)
