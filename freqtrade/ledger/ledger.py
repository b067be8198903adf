"""The closed trades as columns plus running sums, kept current by the change table.

On the first read the ledger loads every closed trade once. Every later read first asks the
database which trades changed since its mark (``trade_changes``, one indexed query, usually
empty), re-reads only those, takes their old contribution out of every sum and puts the new
one in. Reads use a connection of their own, so they see committed data only - whichever
process committed it - and a transaction that is rolled back never reaches the ledger.

Sums are kept per *group* (pair, enter tag, exit reason, direction, dated, outcome: at most a
few thousand), per direction and per UTC close day (``/daily``, ``/weekly``, ``/monthly``
fold the days of their periods); the endpoints fold the groups they need. Every figure is the
same as a full recomputation over the same trades up to float rounding of the running sums
(pinned by ``tests/ledger``).
"""
from __future__ import annotations

import logging
import math
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from freqtrade.ledger import rows
from freqtrade.ledger.drawdown import RunningDrawdown
from freqtrade.ledger.exact_sum import Split, group_units, to_float, units
from freqtrade.ledger.records import SortedRecords
from freqtrade.persistence import Trade, data_version, trade_changes
from freqtrade.persistence.db import get_engine
from freqtrade.rpc.metrics import Drawdown, ProfitMoments
from freqtrade.util.gc_pause import collector_paused
from freqtrade.util.memory import release_free_memory

# changes asked without the lock: ((engine, mark) asked from, the changes, the connection)
_Asked = tuple[tuple[Any, int], trade_changes.Changes, Connection]

logger = logging.getLogger(__name__)

NAT = np.iinfo(np.int64).min  # numpy's NaT as int64: a closed trade without close date
DAY_US = 86_400_000_000
WINS, LOSSES, DRAWS = 0, 1, 2
OUTCOMES = ("wins", "losses", "draws")

CLOSED = np.dtype([("id", "i8"), ("pair", "i4"), ("tag", "i4"), ("reason", "i4"),
                   ("short", "?"), ("outcome", "i1"), ("ratio", "f8"), ("abs", "f8"),
                   ("has_abs", "?"), ("has_cost", "?"), ("cost", "f8"), ("open_us", "i8"),
                   ("close_us", "i8")])
VOLUME = np.dtype([("id", "i8"), ("short", "?"), ("volume", "f8")])
# group sets: the key columns of each, kept separately so every answer folds only a few
# cells (the pair set serves /performance and the best pair, tag /entries, reason /exits,
# mix /mix_tags, stats /stats)
GROUP_SETS = {
    "pair": ("pair", "short", "dated"),
    "tag": ("pair", "tag"),
    "reason": ("pair", "reason"),
    "mix": ("pair", "tag", "reason"),
    "stats": ("reason", "outcome"),
}


class _Codes:
    """Small integer codes for repeated strings (pairs, tags, reasons; None included)."""

    def __init__(self) -> None:
        self._code: dict[str | None, int] = {}
        self.values: list[str | None] = []

    def codes(self, values: tuple[str | None, ...]) -> np.ndarray:
        """The code of each value, new values numbered in the order they first appear."""
        known = self._code
        for value in dict.fromkeys(values):  # the few distinct values, in order
            if value not in known:
                known[value] = len(self.values)
                self.values.append(value)
        # one C-level lookup per value: a Python call per value took ~1.7 s at 1M trades
        return np.fromiter(map(known.__getitem__, values), dtype=np.int32, count=len(values))


# Running totals are dicts of exact integers: counts, and sums in ``exact_sum`` units.
GROUP_COUNTS = ("count", "cost_count", "cost_abs_count", "dur_count")
GROUP_SUMS = ("ratio", "abs", "cost_abs", "cost", "dur")
SIDE_COUNTS = ("count", "win_count", "pos_count", "neg_count", "dur_count")
SIDE_SUMS = ("ratio", "abs", "win_abs", "lose_abs", "pos_abs", "neg_abs", "dev", "dev2",
             "neg_dev", "neg_dev2", "dur")
Cell = dict[str, int]
_COUNT_NAMES = tuple(dict.fromkeys(GROUP_COUNTS + SIDE_COUNTS))
_SUM_NAMES = tuple(dict.fromkeys(GROUP_SUMS + SIDE_SUMS))
FEW = 8  # up to this many changed records are added one by one (``_add_few``)
# more records are summed in slices of this many: the exact sums are integers, so slices add
# up to the same cells, and the split doubles of a million records at once held about
# 490 MB more for a moment (a first read's peak RSS 817 MB in-process)
BULK = 50_000


def _slices(records: np.ndarray) -> Iterator[np.ndarray]:
    """``records`` in consecutive slices of at most ``BULK`` (views, no copies)."""
    for start in range(0, len(records), BULK):
        yield records[start:start + BULK]


@dataclass
class Group:
    """Sums over the closed trades of one group key (or a fold of several)."""

    count: int = 0
    ratio: float = 0.0
    abs: float = 0.0
    cost_count: int = 0      # trades with a filled entry order (the ratio-weighted figures)
    cost_abs: float = 0.0
    cost_abs_count: int = 0  # of those, the ones with a close_profit_abs (not NULL)
    cost: float = 0.0
    dur_count: int = 0       # trades with a close date
    dur: float = 0.0


def _group_view(cell: Cell) -> Group:
    values: dict[str, Any] = {name: cell[name] for name in GROUP_COUNTS}
    values.update((name, to_float(cell[name])) for name in GROUP_SUMS)
    return Group(**values)


def _fold(cells: Iterable[Cell], names: Iterable[str]) -> Cell:
    total: Cell = dict.fromkeys(names, 0)
    for cell in cells:
        for name in total:
            total[name] += cell[name]
    return total


def _contributions(records: np.ndarray, shift: float) -> dict[str, np.ndarray]:
    """Per record, what it adds to each running total (0 where it does not count)."""
    ratio, profit = records["ratio"], records["abs"]
    has_cost, has_close = records["has_cost"], records["close_us"] != NAT
    duration = np.where(has_close, (records["close_us"] - records["open_us"]) / 1e6, 0.0)
    dev = profit - shift
    win, neg = ratio >= 0, profit < 0
    return {
        "count": np.ones(len(records)), "ratio": ratio, "abs": profit,
        "cost_count": has_cost, "cost_abs": np.where(has_cost, profit, 0.0),
        "cost_abs_count": has_cost & records["has_abs"], "cost": np.where(has_cost,
                                                                         records["cost"], 0.0),
        "dur_count": has_close, "dur": duration,
        "win_count": win, "win_abs": np.where(win, profit, 0.0),
        "lose_abs": np.where(win, 0.0, profit),
        "pos_count": profit > 0, "pos_abs": np.where(profit > 0, profit, 0.0),
        "neg_count": neg, "neg_abs": np.where(neg, profit, 0.0),
        "dev": dev, "dev2": dev * dev,
        "neg_dev": np.where(neg, dev, 0.0), "neg_dev2": np.where(neg, dev * dev, 0.0),
    }


def _group_index(columns: list[np.ndarray]) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """The distinct rows of ``columns`` (ints) and, per record, the index of its row."""
    size = len(columns[0])
    order = np.lexsort(columns[::-1])
    ordered = [column[order] for column in columns]
    starts = np.zeros(size, dtype=bool)
    starts[:1] = True
    for column in ordered:
        starts[1:] |= column[1:] != column[:-1]
    inverse = np.empty(size, dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    keys = list(zip(*(column[starts].tolist() for column in ordered), strict=True))
    return keys, inverse


def _totals(parts: dict[str, np.ndarray], splits: dict[str, Split], index: np.ndarray,
            size: int, counts: tuple[str, ...], sums: tuple[str, ...]) -> list[Cell]:
    cells: list[Cell] = [{} for _ in range(size)]
    for name in counts:
        values = np.bincount(index, weights=np.asarray(parts[name], dtype=float), minlength=size)
        for cell, value in zip(cells, values.tolist(), strict=True):
            cell[name] = int(round(value))
    for name in sums:
        for cell, value in zip(cells, splits[name].per_group(index, size), strict=True):
            cell[name] = value
    return cells


@dataclass(frozen=True)
class ClosedSummary:
    """What ``/profit`` needs from the closed trades of one direction (or both)."""

    count: int
    ratio_sum: float
    abs_sum: float
    winning: int
    losing: int
    winning_abs: float
    losing_abs: float
    expectancy_counts: tuple[int, int, float, int, float]  # n, wins, Σ wins, losses, Σ losses
    moments: ProfitMoments
    avg_duration_seconds: float | None
    first_id_open: tuple[int, datetime] | None
    last_id_open: tuple[int, datetime] | None
    best_pair: tuple[str, float, float]
    trading_volume: float
    drawdown: Drawdown = field(default_factory=Drawdown)


def _first_position(flags: np.ndarray, value: bool, chunk: int = 4096) -> int | None:
    """Index of the first ``value`` in ``flags``, looked for in growing chunks from the start
    (both directions trade all along: the first is near, and a whole-array pass at a million
    trades costs milliseconds)."""
    start = 0
    while start < len(flags):
        part = flags[start:start + chunk] == value
        if part.any():
            return start + int(np.argmax(part))
        start += chunk
        chunk *= 2
    return None


def _as_us(texts: Iterable[str | None]) -> np.ndarray:
    return np.array(list(texts), dtype="datetime64[us]").astype(np.int64)


def _us_datetime(value: int) -> datetime:
    return (np.datetime64(0, "us") + np.timedelta64(int(value), "us")).astype(datetime) \
        .replace(tzinfo=UTC)


class ClosedLedger:
    """In-memory closed-trade history of the open database (one per process)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.version = 0  # only ever grows: results cached under a version stay valid
        self._listeners: list[Callable[[frozenset[int] | None], None]] = []
        self._builder: threading.Thread | None = None
        self._builder_lock = threading.Lock()
        self._sql_profit: tuple[Any, int, float] | None = None  # engine, mark, Σ
        self._memo_values: dict[tuple, Any] = {}
        self._memo_version = -1
        self._reset()

    def on_change(self, listener: Callable[[frozenset[int] | None], None]) -> None:
        """Call ``listener(trade_ids)`` after trades were re-read (``None``: all of them)."""
        self._listeners.append(listener)

    def _notify(self, trade_ids: frozenset[int] | None) -> None:
        for listener in self._listeners:
            listener(trade_ids)

    def _reset(self) -> None:
        self._built = False
        self._engine: Any = None
        self._current_at: tuple[int, int] | None = None  # a version the ledger was current at
        self._mark = 0
        self._pairs, self._tags, self._reasons = _Codes(), _Codes(), _Codes()
        self._closed = SortedRecords(CLOSED)
        self._volume = SortedRecords(VOLUME)
        self._volume_sum = [0, 0]  # long, short; exact units
        self._groups: dict[str, dict[tuple, Cell]] = {name: {} for name in GROUP_SETS}
        self._sides: list[Cell] = [dict.fromkeys(SIDE_COUNTS + SIDE_SUMS, 0) for _ in range(2)]
        # per UTC close day (days since 1970-01-01): [closed trades, Σ close_profit_abs units]
        self._days: dict[int, list[int]] = {}
        self._shift = 0.0
        self._series: dict[bool | None, RunningDrawdown] = {}

    # ------------------------------------------------------------------ reading the database
    def _records(self, batches: Iterable[list], sums: rows.OrderSums,
                 closed_only: bool = False) -> np.ndarray:
        """Closed-trade records of the trade rows (in batches), with their entry costs."""
        parts = [self._batch_records(batch, closed_only) for batch in batches]
        records = np.concatenate(parts) if parts else np.zeros(0, dtype=CLOSED)
        index = np.searchsorted(sums.ids, records["id"])
        inside = index < len(sums.ids)
        found = np.zeros(len(records), dtype=bool)
        found[inside] = sums.ids[index[inside]] == records["id"][inside]
        has_cost = found.copy()
        has_cost[found] = sums.has_entry[index[found]]
        records["has_cost"] = has_cost
        records["cost"][has_cost] = np.nan_to_num(sums.entry_cost[index[has_cost]], nan=0.0)
        return records

    def _batch_records(self, batch: list, closed_only: bool) -> np.ndarray:
        if closed_only:
            batch = [row for row in batch if not row[1]]
        records = np.zeros(len(batch), dtype=CLOSED)
        if not batch:
            return records
        (ids, _open, pairs, shorts, tags, reasons, ratios, profits, opened,
         closed) = zip(*batch, strict=True)
        records["id"] = ids
        records["pair"] = self._pairs.codes(pairs)
        records["tag"] = self._tags.codes(tags)
        records["reason"] = self._reasons.codes(reasons)
        records["short"] = np.array(shorts, dtype=bool)
        raw_ratio = np.array(ratios, dtype=float)  # None -> NaN
        records["outcome"] = np.where(raw_ratio > 0, WINS,
                                      np.where(raw_ratio < 0, LOSSES, DRAWS))
        records["ratio"] = np.nan_to_num(raw_ratio, nan=0.0)
        raw_abs = np.array(profits, dtype=float)
        records["has_abs"] = ~np.isnan(raw_abs)
        records["abs"] = np.nan_to_num(raw_abs, nan=0.0)
        records["open_us"] = _as_us(opened)
        records["close_us"] = _as_us(closed)
        return records

    @staticmethod
    def _volume_records(sums: rows.OrderSums) -> np.ndarray:
        """One record per trade with closed orders."""
        keep = sums.has_volume
        records = np.zeros(int(keep.sum()), dtype=VOLUME)
        records["id"] = sums.ids[keep]
        records["short"] = sums.short[keep]
        records["volume"] = np.nan_to_num(sums.volume[keep], nan=0.0)
        return records

    def _build(self, connection) -> None:
        engine = self._engine
        self._reset()
        self._engine = engine
        self._mark = trade_changes.current_mark(connection)  # before reading: nothing lost
        with collector_paused():  # millions of row tuples, no cycles among them
            sums = rows.order_sums(connection, None)
            closed = self._records(rows.trades(connection, None), sums)
            volume = self._volume_records(sums)
        self._closed.replace_all(closed)
        self._volume.replace_all(volume)
        self._shift = float(closed["abs"][0]) if len(closed) else 0.0
        self._add(closed, +1)
        self._swap_volume(volume[:0], volume)
        self._built = True

    def refresh(self) -> None:
        """Bring the ledger up to what the database holds now.

        On a SQLite file, nothing was committed since a read found the ledger current while
        ``data_version`` stands (asked before that read): then not even the change table is
        asked. A request asks several times (its cache stamp, then its figures)."""
        seen = self._database_version()
        if seen is not None and seen == self._current_at:
            return
        with ExitStack() as held:
            asked = self._changes_since_mark(held)
            if asked is not None and not asked[1].trade_ids:
                self._current_at = seen
                return
            with self._lock:
                engine = get_engine()
                if engine is not self._engine:  # another database was opened
                    self._reset()
                    self._engine = engine
                # the connection the changes were asked on, if it is the database's now
                connection = asked[2] if asked is not None and asked[0][0] is engine else \
                    held.enter_context(engine.connect())
                self._refresh_locked(connection, asked, seen)

    def _refresh_locked(self, connection: Connection, asked: _Asked | None,
                        seen: tuple[int, int] | None) -> None:
        """Under the lock, on ``connection`` (of the ledger's engine): the first full read,
        or the changes since the mark applied (``asked``'s, while the mark is theirs)."""
        engine = self._engine
        # without a change table (other databases) the whole history on each read
        if not self._built or not trade_changes.supported(connection):
            first = not self._built
            self._build(connection)
            self.version += 1
            self._notify(None)
            if first:  # the read's row tuples are gone: ~100 MB at a million trades
                release_free_memory()
            return
        if asked is not None and asked[0] == (engine, self._mark):
            # nobody moved the mark since they were read: the same changes
            changes = asked[1]
        else:
            changes = trade_changes.changes_since(connection, self._mark)
        if changes.trade_ids and self._apply(connection, sorted(changes.trade_ids)):
            self.version += 1
            self._notify(changes.trade_ids)
        self._mark = changes.mark
        self._current_at = seen

    def _database_version(self) -> tuple[int, int] | None:
        """The SQLite file's version now (``data_version``), to note once the ledger is
        current; None before the first read, for another database or when it cannot be told.

        It is read before the read that brings the ledger up to date: a commit after it
        moves it, so a version noted with a current ledger never hides a commit."""
        engine = self._engine
        if not self._built or engine is None or engine is not get_engine():
            return None
        return data_version.database_version(engine)

    def _changes_since_mark(self, held: ExitStack) -> _Asked | None:
        """The changes noted since the ledger's mark, asked without its lock, with the
        (engine, mark) they were asked from and the connection they were asked on (open
        until ``held`` closes: the locked way re-reads the changed trades on it); None for the
        first read or another database.

        The usual read finds no change: it then waits neither for the lock nor, holding it,
        for the database, so readers do not queue behind each other's queries (the trading
        loop's wallet update is one of them). The ledger holds everything up to its mark and
        nothing was committed after it before this query, so it is current; the mark stays
        (the locked way moves it). Found changes are applied the locked way, which takes them
        as they are while the mark is still the one they were asked from (every commit before
        the caller asked is in them; later ones have later stamps, seen by the next read).
        """
        engine, mark, built = self._engine, self._mark, self._built
        if not built or engine is not get_engine():
            return None
        if not trade_changes.supported(engine):
            return None
        connection = held.enter_context(engine.connect())
        return (engine, mark), trade_changes.changes_since(connection, mark), connection

    def _apply(self, connection, ids: list[int]) -> bool:
        """Re-read ``ids``; returns whether anything the ledger holds changed."""
        wanted = np.array(ids, dtype=np.int64)
        sums = rows.order_sums(connection, ids)
        fresh = self._records(rows.trades(connection, ids), sums, closed_only=True)
        fresh_volume = self._volume_records(sums)
        changed = self._replace(self._closed, wanted, fresh, self._swap_closed)
        changed |= self._replace(self._volume, wanted, fresh_volume, self._swap_volume)
        return changed

    @staticmethod
    def _replace(store: SortedRecords, wanted: np.ndarray, fresh: np.ndarray, swap) -> bool:
        index, found = store.positions(wanted)
        old = store.view[index[found]].copy()
        if len(old) == len(fresh) and np.array_equal(old, fresh):
            return False
        swap(old, fresh)
        # the few ids of a change: a set difference in Python is ~20x numpy's setdiff1d
        kept = set(fresh["id"].tolist())
        gone = [trade_id for trade_id in wanted.tolist() if trade_id not in kept]
        if gone:
            store.delete(np.array(gone, dtype=np.int64))
        store.upsert(fresh)
        return True

    def _swap_closed(self, old: np.ndarray, fresh: np.ndarray) -> None:
        self._add(old, -1)
        self._add(fresh, +1)

    def _swap_volume(self, old: np.ndarray, fresh: np.ndarray) -> None:
        for records, sign in ((old, -1), (fresh, +1)):
            if len(records) <= FEW:  # exact either way; one by one is faster for a few
                for short, volume in zip(records["short"].tolist(),
                                         records["volume"].tolist(), strict=True):
                    self._volume_sum[int(short)] += sign * units(volume)
                continue
            for part in _slices(records):  # exact integers: slices add up
                sums = group_units(part["volume"], part["short"].astype(np.int64), 2)
                for short in (0, 1):
                    self._volume_sum[short] += sign * sums[short]

    # ------------------------------------------------------------------ running sums
    def _add(self, records: np.ndarray, sign: int) -> None:
        if not len(records):
            return
        for part in _slices(records):
            if len(part) <= FEW:
                self._add_few(part, sign)
                continue
            parts = _contributions(part, self._shift)
            splits = {name: Split(parts[name]) for name in _SUM_NAMES}
            self._add_groups(part, parts, splits, sign)
            self._add_sides(part, parts, splits, sign)
            self._add_days(part, splits, sign)
        self._add_series(records, sign)

    def _add_few(self, records: np.ndarray, sign: int) -> None:
        """A few records (the usual change, a close): each goes straight into its cell of
        every group set and its side; grouping them first (numpy sorts) would cost more."""
        parts = _contributions(records, self._shift)
        values = {name: [int(value) for value in parts[name].tolist()]
                  for name in _COUNT_NAMES}
        values.update((name, [units(value) for value in parts[name].tolist()])
                      for name in _SUM_NAMES)
        columns = {name: records[name].astype(np.int64).tolist()
                   for name in ("pair", "tag", "reason", "short", "outcome")}
        columns["dated"] = (records["close_us"] > 0).astype(np.int64).tolist()
        for index in range(len(records)):
            for set_name, key_names in GROUP_SETS.items():
                groups = self._groups[set_name]
                key = tuple(columns[name][index] for name in key_names)
                group = groups.setdefault(key, dict.fromkeys(GROUP_COUNTS + GROUP_SUMS, 0))
                for name in GROUP_COUNTS + GROUP_SUMS:
                    group[name] += sign * values[name][index]
                if group["count"] == 0:
                    del groups[key]
            side = self._sides[columns["short"][index]]
            for name in SIDE_COUNTS + SIDE_SUMS:
                side[name] += sign * values[name][index]
        for close_us, profit in zip(records["close_us"].tolist(), values["abs"], strict=True):
            if close_us != NAT:
                self._add_day(close_us // DAY_US, sign, sign * profit)

    def _add_day(self, day: int, count: int, profit: int) -> None:
        cell = self._days.setdefault(day, [0, 0])
        cell[0] += count
        cell[1] += profit
        if cell[0] == 0:
            del self._days[day]

    def _add_days(self, records: np.ndarray, splits: dict[str, Split], sign: int) -> None:
        dated = records["close_us"] != NAT
        if not dated.any():
            return
        days, index = np.unique(records["close_us"][dated] // DAY_US, return_inverse=True)
        groups = np.full(len(records), len(days), dtype=np.int64)  # undated: one group more
        groups[dated] = index
        counts = np.bincount(index, minlength=len(days)).tolist()
        # the profits' split made for the other sums, the undated group's total dropped
        sums = splits["abs"].per_group(groups, len(days) + 1)[:-1]
        for day, count, profit in zip(days.tolist(), counts, sums, strict=True):
            self._add_day(day, sign * count, sign * profit)

    def _add_groups(self, records: np.ndarray, parts: dict[str, np.ndarray],
                    splits: dict[str, Split], sign: int) -> None:
        columns = {name: records[name].astype(np.int64)
                   for name in ("pair", "tag", "reason", "short", "outcome")}
        columns["dated"] = (records["close_us"] > 0).astype(np.int64)
        for set_name, key_names in GROUP_SETS.items():
            groups = self._groups[set_name]
            keys, inverse = _group_index([columns[name] for name in key_names])
            cells = _totals(parts, splits, inverse, len(keys), GROUP_COUNTS, GROUP_SUMS)
            for key, cell in zip(keys, cells, strict=True):
                group = groups.setdefault(key, dict.fromkeys(cell, 0))
                for name, value in cell.items():
                    group[name] += sign * value
                if group["count"] == 0:
                    del groups[key]

    def _add_sides(self, records: np.ndarray, parts: dict[str, np.ndarray],
                   splits: dict[str, Split], sign: int) -> None:
        index = records["short"].astype(np.int64)
        cells = _totals(parts, splits, index, 2, SIDE_COUNTS, SIDE_SUMS)
        for side, cell in zip(self._sides, cells, strict=True):
            for name, value in cell.items():
                side[name] += sign * value

    def _add_series(self, records: np.ndarray, sign: int) -> None:
        if not self._series:
            return
        dated = records[records["close_us"] != NAT]
        dated = dated[np.lexsort((dated["id"], dated["close_us"]))]
        for direction, series in self._series.items():
            part = dated if direction is None else dated[dated["short"] == direction]
            for record in part:
                if sign > 0:
                    series.add(int(record["close_us"]), int(record["id"]), float(record["abs"]))
                else:
                    series.remove(int(record["close_us"]), int(record["id"]))

    def _drawdown_series(self, direction: bool | None) -> RunningDrawdown:
        series = self._series.get(direction)
        if series is None:
            records = self._closed.view
            records = records[records["close_us"] != NAT]
            if direction is not None:
                records = records[records["short"] == direction]
            order = np.lexsort((records["id"], records["close_us"]))
            series = self._series[direction] = RunningDrawdown(
                records["close_us"][order], records["id"][order], records["abs"][order])
        return series

    # ------------------------------------------------------------------ answers
    def _side(self, direction: bool | None) -> Cell:
        if direction is None:
            return _fold(self._sides, SIDE_COUNTS + SIDE_SUMS)
        return self._sides[direction]

    @staticmethod
    def _moments(side: Cell) -> ProfitMoments:
        def std(count: int, dev: int, dev2: int, ddof: int = 0) -> float:
            if count - ddof <= 0:
                return math.nan
            first, second = to_float(dev), to_float(dev2)
            variance = (second - first * first / count) / (count - ddof)
            return math.sqrt(variance) if variance > 0 else 0.0

        return ProfitMoments(count=side["count"], total=to_float(side["abs"]),
                             std=std(side["count"], side["dev"], side["dev2"]),
                             sample_std=std(side["count"], side["dev"], side["dev2"], ddof=1),
                             downside_std=std(side["neg_count"], side["neg_dev"],
                                              side["neg_dev2"]))

    def _id_bounds(self, direction: bool | None) -> tuple[tuple[int, datetime] | None, ...]:
        records = self._closed.view
        if direction is None:
            ends = [0, len(records) - 1] if len(records) else []
        else:
            first = _first_position(records["short"], direction)
            # a record of that direction exists, so the scan from the other end finds one
            last = None if first is None else _first_position(records["short"][::-1], direction)
            ends = [] if first is None or last is None else [first, len(records) - 1 - last]
        if not ends:
            return None, None
        return tuple((int(records["id"][i]), _us_datetime(records["open_us"][i])) for i in ends)

    def _best_pair(self, direction: bool | None) -> tuple[str, float, float]:
        """The pair with the highest Σ profit_abs (pairs whose profits are all NULL last)."""
        cells: dict[int, list[Cell]] = {}
        for (pair, short, dated), cell in self._groups["pair"].items():
            if dated and cell["cost_count"] and (direction is None or bool(short) == direction):
                cells.setdefault(pair, []).append(cell)
        if not cells:
            return "", 0.0, 0.0
        per_pair = sorted(((str(self._pairs.values[pair]), _group_view(_fold(
            group, GROUP_COUNTS + GROUP_SUMS))) for pair, group in cells.items()))
        name, best = max(per_pair, key=lambda item: (item[1].cost_abs_count > 0,
                                                     item[1].cost_abs))
        return name, (best.cost_abs / best.cost if best.cost else 0.0), best.cost_abs

    def _memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per version (answers are read far more often than trades
        change); call with the lock held."""
        if self._memo_version != self.version:
            self._memo_values.clear()
            self._memo_version = self.version
        if key not in self._memo_values:
            self._memo_values[key] = compute()
        return self._memo_values[key]

    def closed_summary(self, direction: bool | None, starting_balance: float) -> ClosedSummary:
        """``/profit``'s closed-trade figures, for both directions (None) or one (the result
        is shared: do not change it)."""
        self.refresh()
        with self._lock:
            return self._memo(("summary", direction, starting_balance),
                              lambda: self._closed_summary(direction, starting_balance))

    def _closed_summary(self, direction: bool | None, starting_balance: float
                        ) -> ClosedSummary:
        side = self._side(direction)
        first, last = self._id_bounds(direction)
        volume = sum(self._volume_sum) if direction is None else self._volume_sum[direction]
        count = side["count"]
        return ClosedSummary(
            count=count, ratio_sum=to_float(side["ratio"]), abs_sum=to_float(side["abs"]),
            winning=side["win_count"], losing=count - side["win_count"],
            winning_abs=to_float(side["win_abs"]), losing_abs=to_float(side["lose_abs"]),
            expectancy_counts=(count, side["pos_count"], to_float(side["pos_abs"]),
                               side["neg_count"], to_float(side["neg_abs"])),
            moments=self._moments(side),
            avg_duration_seconds=to_float(side["dur"]) / side["dur_count"]
            if side["dur_count"] else None,
            first_id_open=first, last_id_open=last, best_pair=self._best_pair(direction),
            trading_volume=to_float(volume),
            drawdown=self._drawdown_series(direction).result(starting_balance))

    def closed_profit(self) -> float:
        """Σ close_profit_abs over every closed trade (the dry-run wallet's realised profit).

        The bot asks this while it starts, before anything else needs the ledger: until the
        ledger is built (``build_in_background``; at a million trades that takes seconds) the
        sum comes from one SQL query, so the start is not held up by the first full read.
        """
        if not self._ready():
            return self._sql_closed_profit()
        self.refresh()
        with self._lock:
            return to_float(self._sides[0]["abs"] + self._sides[1]["abs"])

    def closed_profit_seen_with(self, written: Iterable[int],
                                seen: Iterable[float | None]) -> float | None:
        """``closed_profit()`` as a session that wrote the trades ``written`` and has not
        committed sees it: the committed figures of every other trade, and ``seen`` (the
        ``close_profit_abs`` of each written trade that is closed in the session's view)
        in place of the written trades' committed ones. Exact, as ``closed_profit()``.
        None while the first full read has not run (the caller then sums in SQL)."""
        if not self._ready():
            return None
        self.refresh()
        ids = np.array(sorted(set(written)), dtype=np.int64)
        values = np.nan_to_num(np.array(list(seen), dtype=float), nan=0.0)  # as read
        with self._lock:
            total = self._sides[0]["abs"] + self._sides[1]["abs"]
            index, found = self._closed.positions(ids)
            committed = self._closed.view["abs"][index[found]].tolist()
        total -= sum(units(value) for value in committed)
        total += sum(units(value) for value in values.tolist())
        return to_float(total)

    def _sql_closed_profit(self) -> float:
        """One SQL sum, kept until the change table notes a change (the bot asks several
        times while it starts, and at a million trades each sum takes about half a second)."""
        engine = get_engine()
        with engine.connect() as connection:
            tracked = trade_changes.supported(connection)
            cached = self._sql_profit
            if tracked and cached is not None and cached[0] is engine:
                changes = trade_changes.changes_since(connection, cached[1])
                if not changes.trade_ids:
                    self._sql_profit = (engine, changes.mark, cached[2])
                    return cached[2]
            mark = trade_changes.current_mark(connection) if tracked else 0
            total = float(connection.execute(select(func.sum(Trade.close_profit_abs))
                                             .where(Trade.is_open.is_(False))).scalar() or 0.0)
        self._sql_profit = (engine, mark, total) if tracked else None
        return total

    @property
    def ready(self) -> bool:
        """Whether the first full read of the open database is done."""
        return self._ready()

    def _ready(self) -> bool:
        return self._built and self._engine is get_engine()

    def build_in_background(self) -> None:
        """Start the first full read on a thread of its own, unless it is done or running.

        The bot calls this after its first loop turn, so that the read does not share the
        interpreter with the start-up analysis; a reader that comes earlier builds it itself.
        Never waits for the ledger's lock, which a read holds for as long as it runs: the loop
        calls this after every turn.
        """
        with self._builder_lock:
            if self._ready() or (self._builder is not None and self._builder.is_alive()):
                return
            self._builder = threading.Thread(target=self._background_build,
                                             name="LedgerBuild", daemon=True)
            self._builder.start()

    def first_read_running(self) -> bool:
        """Whether ``build_in_background``'s read is running now (ended, failed or never
        started: False)."""
        builder = self._builder
        return builder is not None and builder.is_alive()

    def _background_build(self) -> None:
        try:
            self.refresh()
        except Exception as exc:  # the database closed meanwhile: the next read builds it
            logger.debug("Closed-trade ledger not built in the background: %s", exc)

    def grouped(self, by: str, pair: str | None = None) -> dict[Any, Group]:
        """Sums per value of ``by`` ("pair", "tag", "reason", "mix" = (tag, reason),
        "stats" = (reason, outcome name) or "outcome"), over one pair or all (the result is
        shared: do not change it)."""
        return self.groupings((by,), pair)[0]

    def groupings(self, kinds: tuple[str, ...], pair: str | None = None
                  ) -> tuple[dict[Any, Group], ...]:
        """``grouped`` for each of ``kinds``, after one refresh and from one version (an
        answer made of several never mixes two states of the history)."""
        self.refresh()
        with self._lock:
            return tuple(self._memo(("grouped", by, pair), partial(self._grouped, by, pair))
                         for by in kinds)

    def _grouped(self, by: str, pair: str | None) -> dict[Any, Group]:
        pairs, tags, reasons = self._pairs.values, self._tags.values, self._reasons.values
        set_name, key_of = {
            "pair": ("pair", lambda key: pairs[key[0]]),
            "tag": ("tag", lambda key: tags[key[1]]),
            "reason": ("reason", lambda key: reasons[key[1]]),
            "mix": ("mix", lambda key: (tags[key[1]], reasons[key[2]])),
            "stats": ("stats", lambda key: (reasons[key[0]], OUTCOMES[key[1]])),
            "outcome": ("stats", lambda key: OUTCOMES[key[1]]),
        }[by]
        if pair is not None and set_name == "stats":
            raise ValueError("/stats figures are not kept per pair")
        cells: dict[Any, list[Cell]] = {}
        for key, cell in self._groups[set_name].items():
            if pair is None or pairs[key[0]] == pair:
                cells.setdefault(key_of(key), []).append(cell)
        return {key: _group_view(_fold(group, GROUP_COUNTS + GROUP_SUMS))
                for key, group in cells.items()}

    def closed_per_period(self, starts: tuple[date, ...], ends: tuple[date, ...]
                          ) -> list[tuple[float, int]]:
        """(Σ close_profit_abs, closed trades) per period ``starts[i]`` <= UTC close day <
        ``ends[i]`` (periods of whole days, not overlapping); trades without a close date in
        none. Exact sums, correctly rounded once per period."""
        self.refresh()
        with self._lock:
            return self._memo(("periods", starts, ends),
                              partial(self._closed_per_period, starts, ends))

    def _closed_per_period(self, starts: tuple[date, ...], ends: tuple[date, ...]
                           ) -> list[tuple[float, int]]:
        epoch = date(1970, 1, 1)
        bounds = [((start - epoch).days, (end - epoch).days)
                  for start, end in zip(starts, ends, strict=True)]
        totals = [[0, 0] for _ in bounds]
        order = sorted(range(len(bounds)), key=lambda index: bounds[index][0])
        lows = [bounds[index][0] for index in order]
        for day, (count, profit) in self._days.items():  # one per day with closes
            position = bisect_right(lows, day) - 1  # the period starting last on or before
            if position >= 0 and day < bounds[order[position]][1]:
                total = totals[order[position]]
                total[0] += count
                total[1] += profit
        return [(to_float(profit), count) for count, profit in totals]

    def closed_count(self) -> int:
        self.refresh()
        return len(self._closed)

    def closed_ids(self, limit: int, offset: int) -> tuple[list[int], int]:
        """One page of closed trade ids in id order, and the number of closed trades."""
        self.refresh()
        with self._lock:
            ids = self._closed.ids[offset:offset + limit]
            return [int(i) for i in ids], len(self._closed)

    def stamp(self) -> int:
        """Moves whenever the closed history (or a trade's volume) changed."""
        self.refresh()
        return self.version


LEDGER = ClosedLedger()
