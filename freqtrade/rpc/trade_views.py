"""Trade renderings: OpenTrade (``/status``, ``/trade/{id}``), TradeSchema, raw history."""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import Connection, Result, Select, bindparam, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Order, Trade, get_session
from freqtrade.persistence.db import fetch_rows
from freqtrade.persistence.trade_json import trade_json
from freqtrade.util.json_bytes import json_dumps

# fields of the raw dict that TradeSchema (forceenter responses) does not carry
_RAW_ONLY = ("trade_duration_s", "trade_duration", "precision_mode_price", "contract_size")
TRADE_HISTORY_MAX = 500


def _nan_to_none(value: Any) -> Any:
    return None if isinstance(value, float) and (math.isnan(value) or math.isinf(value)) \
        else value


# the order fields TradeSchema carries (the raw dict of /trades has more)
_ORDER_FIELDS = ("pair", "order_id", "status", "remaining", "amount", "safe_price", "cost",
                 "filled", "ft_order_side", "order_type", "is_open", "order_timestamp",
                 "order_filled_timestamp", "ft_fee_base", "ft_order_tag")


def trade_schema(trade: Trade) -> dict[str, Any]:
    """TradeSchema: the raw dict minus the history-only fields, orders in OrderSchema."""
    return _schema_of(trade.to_json())


def _schema_of(data: dict[str, Any]) -> dict[str, Any]:
    """The raw dict of a trade reduced to TradeSchema (in place)."""
    for key in _RAW_ONLY:
        data.pop(key, None)
    data["orders"] = [{key: order.get(key) for key in _ORDER_FIELDS}
                      for order in data["orders"]]
    return data


class TradeValues:
    """The columns of one trade row (and its order rows) as attributes, with ``Trade``'s own
    profit arithmetic and order selection: ``/status`` renders open trades from two Core
    SELECTs instead of building ORM objects, with the same functions doing the same math."""

    orders: list[SimpleNamespace]
    # the columns the OpenTrade view reads (every column is set)
    is_open: bool
    close_rate: float | None
    close_profit: float | None
    close_profit_abs: float | None
    stop_loss: float | None
    price_precision: float | None

    def __init__(self, row: Mapping[str, Any], orders: Sequence[Mapping[str, Any]]) -> None:
        self.__dict__.update(row)
        self.orders = [SimpleNamespace(**order) for order in orders]

    # Trade's functions, bound to these values (typed loosely: their ``self`` is a Trade)
    entry_side: Any = Trade.entry_side
    select_filled_orders: Any = Trade.select_filled_orders
    _calc_open_trade_value: Any = Trade._calc_open_trade_value
    calc_close_trade_value: Any = Trade.calc_close_trade_value
    calculate_profit: Any = Trade.calculate_profit


def open_trade_view(trade: Trade, current_rate: float | None) -> dict[str, Any]:
    """OpenTrade: TradeSchema plus the profit at ``current_rate`` and stoploss distances."""
    return _open_view(trade, trade_schema(trade), current_rate)


def open_trade_views(session: Session, trades_query: Select,
                     rate_of: Callable[[str, bool], float]) -> list[dict[str, Any]]:
    """OpenTrade of each trade ``trades_query`` (``select(Trade)`` with filters and order)
    selects, open trades at ``rate_of(pair, is_short)``; the same as ``open_trade_view`` of
    the ORM objects (the non-column ``stoploss_last_update`` comes from a trade this session
    holds). Top-level keys of each view are the caller's; nested dicts are shared.

    The rows are read as the driver returns them (no type processing) and identify the
    rendering: only trades whose row or orders changed are read again, typed, and rendered."""
    return [dict(rendering.view(rate))
            for rendering, rate in _renderings(session, trades_query, rate_of)]


def open_trades_json(session: Session, trades_query: Select,
                     rate_of: Callable[[str, bool], float],
                     complete: Callable[[dict[str, Any]], dict[str, Any]],
                     reuse: bool = True) -> bytes:
    """``json_dumps([complete(view) for view in open_trade_views(...)])``, joined from each
    trade's serialised view; while no trade and no rate changed, the whole answer of the
    last call: ``/status`` is polled every few seconds and is mostly unchanged in between.

    ``reuse``: ``complete`` (the fiat fields) gives the same for the same view every time;
    False when it does not (a live fiat rate): then nothing serialised is reused."""
    parts = _renderings(session, trades_query, rate_of)
    if not reuse:
        return json_dumps([complete(dict(rendering.view(rate))) for rendering, rate in parts])
    return _LAST_ANSWER.get((complete, parts), lambda: b"[" + b",".join(
        rendering.json(rate, complete) for rendering, rate in parts) + b"]")


def _renderings(session: Session, trades_query: Select,
                rate_of: Callable[[str, bool], float]
                ) -> list[tuple[_TradeRendering, float | None]]:
    """Each selected trade's rendering with its rate, in the query's order."""
    session.flush()  # what the ORM query would see (autoflush); reads go to the connection
    connection = session.connection()
    rows_statement, orders_statement = _DERIVED.get(trades_query, _derived_statements)
    rows = [tuple(row) for row in _STATEMENTS.rows(rows_statement, connection)]
    names = [column.key for column in Trade.__table__.columns]
    id_at, pair_at, short_at, open_at = (names.index(key)
                                         for key in ("id", "pair", "is_short", "is_open"))
    ids = [row[id_at] for row in rows]
    orders = _raw_orders(connection, orders_statement, ids)
    held = session.identity_map
    keys = []
    for row in rows:
        loaded = held.get(identity_key(Trade, row[id_at])) if len(held) else None
        keys.append((row, orders.get(row[id_at], ()),
                     getattr(loaded, "stoploss_last_update", None)))
    rendered = {key[0][id_at]: found for key in keys
                if (found := _RENDERED_ROWS.get(key[0][id_at], key)) is not None}
    missing = [trade_id for trade_id in ids if trade_id not in rendered]
    if missing:
        rendered.update(_render_rows(connection, missing,
                                     {key[0][id_at]: key for key in keys}))
    result: list[tuple[_TradeRendering, float | None]] = []
    rates: dict[tuple[str, bool], float] = {}  # one rate per pair and side in an answer
    for key in keys:
        row = key[0]
        if row[id_at] not in rendered:
            continue
        rate = None
        if row[open_at]:
            asked = (row[pair_at], bool(row[short_at]))
            rate = rates.get(asked)
            if rate is None:
                rate = rates[asked] = rate_of(*asked)
        result.append((rendered[row[id_at]], rate))
    return result


def _same_rate(one: float | None, other: float | None) -> bool:
    """Rates as a view sees them: NaN (unknown) is the same as NaN."""
    return one == other or (one is not None and other is not None
                            and math.isnan(one) and math.isnan(other))


class _LastAnswer:
    """The bytes of the last ``open_trades_json`` answer with what it was made of: the
    completion and, in the answer's order, each trade's rendering and rate (the answer is
    nothing but these). Renderings are compared by identity: an unchanged trade keeps its
    rendering object, a changed one gets a new one."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._body = b""
        self._lock = threading.Lock()

    def get(self, key: tuple, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            if self._key is not None and self._same(key, self._key):
                return self._body
        body = render()
        with self._lock:
            self._key, self._body = key, body
        return body

    @staticmethod
    def _same(key: tuple, last: tuple) -> bool:
        complete, parts = key
        if complete != last[0] or len(parts) != len(last[1]):
            return False
        return all(mine[0] is theirs[0] and _same_rate(mine[1], theirs[1])
                   for mine, theirs in zip(parts, last[1], strict=True))


_LAST_ANSWER = _LastAnswer()


class _TradeRendering:
    """One trade's TradeSchema and values, its OpenTrade view at the last rate asked, and
    that view completed (fiat fields) and serialised."""

    __slots__ = ("schema", "trade", "_rate", "_view", "_json", "_lock")

    def __init__(self, schema: dict[str, Any], trade: TradeValues) -> None:
        self.schema, self.trade = schema, trade
        self._rate: float | None = None
        self._view: dict[str, Any] | None = None
        self._json: tuple[float | None, Callable, bytes] | None = None
        self._lock = threading.Lock()

    def view(self, rate: float | None) -> dict[str, Any]:
        """The OpenTrade view at ``rate`` (shared: callers copy it before changing it)."""
        with self._lock:
            if self._view is not None and _same_rate(self._rate, rate):
                return self._view
        view = _open_view(self.trade, dict(self.schema), rate)
        with self._lock:
            self._rate, self._view = rate, view
        return view

    def json(self, rate: float | None, complete: Callable[[dict[str, Any]], dict[str, Any]]
             ) -> bytes:
        """``json_dumps(complete(copy of the view at rate))``, kept for the last rate."""
        with self._lock:
            last = self._json
        if last is not None and _same_rate(last[0], rate) and last[1] == complete:
            return last[2]
        body = json_dumps(complete(dict(self.view(rate))))
        with self._lock:
            self._json = (rate, complete, body)
        return body


class _ByIdentity:
    """Values derived from an object, kept by the object's identity (the newest ``size``):
    statements are immutable, so one statement object always derives the same value. An entry
    holds its object, so the object's id is not reused while the entry is kept."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[int, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source: Any, derive: Callable[[Any], Any]) -> Any:
        with self._lock:
            entry = self._entries.get(id(source))
        if entry is not None and entry[0] is source:
            return entry[1]
        value = derive(source)
        with self._lock:
            self._entries[id(source)] = (source, value)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value


def _derived_statements(trades_query: Select) -> tuple[Select, Select]:
    """The two SELECTs ``/status`` reads for a trades query: its trade rows (all columns) and
    their orders. Building and keying them cost about as much as running them, so they are
    built once per query object (``_DERIVED``)."""
    table = Order.__table__
    return (trades_query.with_only_columns(*Trade.__table__.columns),
            select(table).where(table.c.ft_trade_id.in_(
                trades_query.with_only_columns(Trade.id))).order_by(table.c.id))


_DERIVED = _ByIdentity(16)


def _cache_key(statement: Select) -> Any:
    return statement._generate_cache_key()
# where an order row holds its trade's id (compared by name: a Column's == builds SQL)
_ORDER_TRADE_ID_AT = [column.key for column in Order.__table__.columns].index("ft_trade_id")


def _raw_orders(connection: Connection, statement: Select, trade_ids: list[int]
                ) -> dict[int, tuple]:
    """Trade id -> its order rows as the driver returns them, in id order (``statement``:
    the orders of the trades a query selects; orders of a trade outside ``trade_ids``, one
    that appeared since those were read, are left out)."""
    trade_at = _ORDER_TRADE_ID_AT
    grouped: dict[int, list[tuple]] = {trade_id: [] for trade_id in trade_ids}
    for order in _STATEMENTS.rows(statement, connection):
        found = grouped.get(order[trade_at])
        if found is not None:
            found.append(tuple(order))
    return {trade_id: tuple(found) for trade_id, found in grouped.items() if found}


class _CompiledStatements:
    """SQLite text of Core SELECTs by SQLAlchemy's cache key: compiling the 77 columns of
    the trades table took longer than reading 100 open trades. Statements with a parameter
    rendered into the text (an ``IN`` list) are compiled each time (``fetch_rows``).

    The rows a connection read last are reused while its database is unchanged: no other
    connection committed (SQLite's ``data_version``, which any other connection's commit
    moves, this process's or another's) and this one wrote nothing (``total_changes``);
    rows read inside a transaction that wrote are not kept.
    SQLite gives up the GIL for every row it steps through, and while the trading loop
    computes, each row then waits for the GIL again."""

    MAXSIZE = 64
    RESULTS_PER_CONNECTION = 8

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple, Any] = OrderedDict()
        # a statement reused as an object (``_DERIVED``) is keyed once
        self._keys = _ByIdentity(self.MAXSIZE)
        self._lock = threading.Lock()

    def rows(self, statement: Select, connection: Connection) -> Sequence[Sequence[Any]]:
        """All rows of ``statement`` as the driver returns them (as ``fetch_rows``)."""
        key = self._keys.get(statement, _cache_key) \
            if connection.dialect.name == "sqlite" else None
        if key is None:
            return fetch_rows(statement, connection)
        with self._lock:
            compiled = self._entries.get(key.key)
        if compiled is None:
            # compiled with its key: construct_params then takes the values of another
            # statement of the same shape
            compiled = statement.compile(dialect=connection.dialect, cache_key=key)
            if compiled.post_compile_params:
                return fetch_rows(statement, connection)
            with self._lock:
                self._entries[key.key] = compiled
                while len(self._entries) > self.MAXSIZE:
                    self._entries.popitem(last=False)
        values = compiled.construct_params(extracted_parameters=key.bindparams)
        parameters = [values[name] for name in compiled.positiontup or ()]
        dbapi: Any = connection.connection.dbapi_connection  # sqlite3's, with total_changes
        # (statement key, values) -> (database version, rows), kept with the DBAPI connection
        # (one thread uses it at a time; the pool drops it with the connection)
        results = connection.connection.info.setdefault("last_rows", OrderedDict())
        cursor = dbapi.cursor()
        try:
            version = (cursor.execute("PRAGMA data_version").fetchone()[0],
                       dbapi.total_changes)
            try:
                result_key = (key.key, tuple(parameters))
                hash(result_key)
            except TypeError:  # a value that cannot be a key: read every time
                result_key = None
            if dbapi.in_transaction:  # own writes not committed yet: a rollback would not
                result_key = None     # move total_changes back
            last = results.get(result_key)
            if last is not None and last[0] == version:
                return last[1]
            cursor.execute(compiled.string, parameters)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if result_key is not None:
            results[result_key] = (version, rows)
            results.move_to_end(result_key)
            while len(results) > self.RESULTS_PER_CONNECTION:
                results.popitem(last=False)
        return rows


_STATEMENTS = _CompiledStatements()


# built once: constructing a SELECT of the trades table's 77 columns cost more than running it
_TRADE_ROWS_BY_ID = select(*Trade.__table__.columns).where(
    Trade.id.in_(bindparam("ids", expanding=True)))
_ORDERS_BY_TRADE_ID = (select(Order.__table__)
                       .where(Order.__table__.c.ft_trade_id.in_(bindparam("ids", expanding=True)))
                       .order_by(Order.__table__.c.id))


def _render_rows(connection: Connection, trade_ids: list[int], keys: dict[int, tuple]
                 ) -> dict[int, _TradeRendering]:
    """TradeSchema and values of ``trade_ids`` from typed rows, remembered under ``keys``
    (a trade deleted since its row was read is left out)."""
    result = connection.execute(_TRADE_ROWS_BY_ID, {"ids": trade_ids})
    names = list(result.keys())
    rows = {row["id"]: row for row in (dict(zip(names, r, strict=True)) for r in result.all())}
    orders: dict[int, list[dict[str, Any]]] = {trade_id: [] for trade_id in rows}
    for found in _order_results(connection, list(rows)):
        order_names = list(found.keys())
        for order in found.all():
            columns = dict(zip(order_names, order, strict=True))
            orders[columns["ft_trade_id"]].append(columns)
    rendered = {}
    for trade_id, row in rows.items():
        key = keys[trade_id]
        raw = trade_json(row, orders[trade_id], stoploss_last_update=key[2])
        rendered[trade_id] = _TradeRendering(_schema_of(raw), TradeValues(row, orders[trade_id]))
        _RENDERED_ROWS.put(trade_id, key, rendered[trade_id])
    return rendered


class _ViewCache:
    """Each trade's last rendering with everything it was computed from (the trade's row and
    order rows as stored, its stoploss update time; the view also by the rate): ``/status``
    is polled every few seconds and most open trades are unchanged in between, so only the
    changed ones are rendered again. Compared, not hashed: rows read again are mostly the
    very same objects. Bounded LRU (one entry per trade)."""

    MAXSIZE = 1_000

    def __init__(self) -> None:
        self._entries: OrderedDict[int, tuple[tuple, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, trade_id: int, key: tuple) -> Any:
        with self._lock:
            entry = self._entries.get(trade_id)
            if entry is None or entry[0] != key:
                return None
            # the same values read again: compare with these objects next time
            self._entries[trade_id] = (key, entry[1])
            self._entries.move_to_end(trade_id)
            return entry[1]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def put(self, trade_id: int, key: tuple, view: Any) -> None:
        with self._lock:
            self._entries[trade_id] = (key, view)
            self._entries.move_to_end(trade_id)
            while len(self._entries) > self.MAXSIZE:
                self._entries.popitem(last=False)


_RENDERED_ROWS = _ViewCache()  # trade id -> (row key, _TradeRendering)


def _open_view(trade: Trade | TradeValues, data: dict[str, Any],
               current_rate: float | None) -> dict[str, Any]:
    """``data`` (the TradeSchema of ``trade``) completed to OpenTrade."""
    # the total profit (realized + open) is only reported for open trades with a fill
    total_abs, total_ratio = 0.0, None
    if not trade.is_open:
        rate = trade.close_rate or 0.0
        profit_ratio = trade.close_profit or 0.0
        profit_abs = trade.close_profit_abs or 0.0
    else:
        rate = current_rate if current_rate is not None else float("nan")
        if not trade.select_filled_orders(trade.entry_side):
            profit_ratio = profit_abs = 0.0
        elif math.isnan(rate):
            profit_ratio = profit_abs = float("nan")
        else:
            profit = trade.calculate_profit(rate)
            profit_ratio, profit_abs = profit.profit_ratio, profit.profit_abs
            total_abs, total_ratio = profit.total_profit, profit.total_profit_ratio
        data["close_profit"] = None
    stop = trade.stop_loss or 0.0
    dist = stop - rate if stop and not math.isnan(rate) else float("nan")
    if trade.price_precision and not math.isnan(dist):
        step = trade.price_precision
        dist = round(round(dist / step) * step, 12)
    dist_ratio = round(dist / rate, 8) if rate and not math.isnan(dist) else float("nan")
    at_stop = trade.calculate_profit(stop) if stop else None
    entry_dist = at_stop.profit_abs if at_stop else float("nan")
    entry_dist_ratio = round(at_stop.profit_ratio, 8) if at_stop else float("nan")
    data.update({
        "profit_ratio": _nan_to_none(profit_ratio),
        "profit_pct": _nan_to_none(round(profit_ratio * 100, 2)
                                   if not math.isnan(profit_ratio) else profit_ratio),
        "profit_abs": _nan_to_none(profit_abs),
        "profit_fiat": None,
        "total_profit_abs": _nan_to_none(total_abs),
        "total_profit_fiat": None,
        "total_profit_ratio": _nan_to_none(total_ratio),
        "current_rate": _nan_to_none(rate),
        "stoploss_current_dist": _nan_to_none(dist),
        "stoploss_current_dist_ratio": _nan_to_none(dist_ratio),
        "stoploss_current_dist_pct": _nan_to_none(round(dist_ratio * 100, 2)
                                                  if not math.isnan(dist_ratio) else None),
        "stoploss_entry_dist": _nan_to_none(entry_dist),
        "stoploss_entry_dist_ratio": _nan_to_none(entry_dist_ratio),
    })
    return data


class _RenderedTrades:
    """``Trade.to_json()`` of recently shown closed trades as JSON bytes, dropped when the
    ledger re-reads them: a page of ``/trades`` after a close renders and serialises only the
    trades that changed and joins the others' bytes. Bounded (``MAXSIZE`` trades, 8 pages of
    500, about 1.5 KB each).

    The joined bytes of the last ``PAGES`` pages are kept too: a close of a trade on no page
    (the newest id, or another page's) leaves a page's bytes as they were, and only the
    total around them moves. Nothing read before a ``forget`` is kept after it (a read
    that raced a change would otherwise keep the trade as it was before)."""

    MAXSIZE = 4_000
    PAGES = 8

    def __init__(self) -> None:
        self._entries: OrderedDict[int, bytes] = OrderedDict()
        # page ids -> (the same as a set, the trades' bytes joined by commas, their number)
        self._pages: OrderedDict[tuple[int, ...], tuple[frozenset[int], bytes, int]] = \
            OrderedDict()
        self._forgets = 0
        self._lock = threading.Lock()

    def forget(self, trade_ids: frozenset[int] | None) -> None:
        with self._lock:
            self._forgets += 1
            if trade_ids is None:
                self._entries.clear()
                self._pages.clear()
                return
            for trade_id in trade_ids:
                self._entries.pop(trade_id, None)
            for key in [key for key, (held, _, _) in self._pages.items()
                        if not held.isdisjoint(trade_ids)]:
                del self._pages[key]

    def page(self, session: Session, trade_ids: list[int]) -> tuple[bytes, int]:
        """The closed trades among ``trade_ids`` (in that order, trades gone left out) as
        their JSON objects joined by commas, and how many they are."""
        key = tuple(trade_ids)
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
                return kept[1], kept[2]
            forgets = self._forgets
        rendered = self._get(session, trade_ids, forgets)
        joined = b",".join(rendered)
        with self._lock:
            if self._forgets == forgets:
                self._pages[key] = (frozenset(trade_ids), joined, len(rendered))
                while len(self._pages) > self.PAGES:
                    self._pages.popitem(last=False)
        return joined, len(rendered)

    def _get(self, session: Session, trade_ids: list[int], forgets: int) -> list[bytes]:
        with self._lock:
            found = {i: self._entries[i] for i in trade_ids if i in self._entries}
            for trade_id in found:
                self._entries.move_to_end(trade_id)
        missing = [i for i in trade_ids if i not in found]
        if missing:
            rendered = trades_json(session, select(Trade).where(
                Trade.id.in_(missing), Trade.is_open.is_(False)).order_by(Trade.id))
            fresh = {row["trade_id"]: json_dumps(row) for row in rendered}
            with self._lock:
                if self._forgets == forgets:
                    self._entries.update(fresh)
                    while len(self._entries) > self.MAXSIZE:
                        self._entries.popitem(last=False)
            found.update(fresh)
        return [found[i] for i in trade_ids if i in found]


_RENDERED = _RenderedTrades()
LEDGER.on_change(_RENDERED.forget)


def trade_history_json(limit: int = TRADE_HISTORY_MAX, offset: int = 0,
                       order_by_id: bool = True) -> bytes:
    """One page of closed trades with the exact total (FreqUI pages until they match), as the
    JSON bytes ``json_dumps`` would give for the dict."""
    limit = max(1, min(int(limit), TRADE_HISTORY_MAX))
    offset = max(0, int(offset))
    session = get_session()
    closed = select(Trade.id).where(Trade.is_open.is_(False))
    order = (Trade.id,) if order_by_id else (Trade.close_date.desc(), Trade.id.desc())
    if not LEDGER.ready:
        # the ledger's first full read is still running (seconds at a million trades): the
        # page from SQL, rendered afresh (the cached renderings are kept current by the ledger)
        ids = list(session.scalars(closed.order_by(*order).limit(limit).offset(offset)))
        total = session.scalar(select(func.count()).select_from(closed.subquery())) or 0
        by_id = {row["trade_id"]: json_dumps(row) for row in trades_json(
            session, select(Trade).where(Trade.id.in_(ids), Trade.is_open.is_(False)))}
        rendered = [by_id[i] for i in ids if i in by_id]
        return _page_json(b",".join(rendered), len(rendered), offset, total)
    if order_by_id:
        ids, total = LEDGER.closed_ids(limit, offset)
    else:
        ids = list(session.scalars(closed.order_by(*order).limit(limit).offset(offset)))
        total = LEDGER.closed_count()
    joined, count = _RENDERED.page(session, ids)
    return _page_json(joined, count, offset, total)


def _page_json(joined: bytes, count: int, offset: int, total: int) -> bytes:
    return b"".join((b'{"trades":[', joined, b'],"trades_count":',
                     str(count).encode(), b',"offset":', str(offset).encode(),
                     b',"total_trades":', str(total).encode(), b"}"))


def trade_history(limit: int = TRADE_HISTORY_MAX, offset: int = 0,
                  order_by_id: bool = True) -> dict[str, Any]:
    """``trade_history_json`` as a dict."""
    return orjson.loads(trade_history_json(limit, offset, order_by_id))


def trades_json(session: Session, trades_query: Select) -> list[dict[str, Any]]:
    """``Trade.to_json()`` of the trades ``trades_query`` selects (``select(Trade)`` with
    filters, order, limit, offset), in its order, from the rows of two Core SELECTs: building
    ORM objects would take about ten times as long for a page of ``/trades``."""
    result = session.execute(trades_query.with_only_columns(*Trade.__table__.columns))
    keys = list(result.keys())
    rows = [dict(zip(keys, row, strict=True)) for row in result]
    if not rows:
        return []
    by_trade: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    for order in _orders_of(session, list(by_trade)):
        by_trade[order["ft_trade_id"]].append(order)
    return [trade_json(row, by_trade[row["id"]]) for row in rows]


def _orders_of(session: Session, trade_ids: list[int], chunk: int = 500
               ) -> Iterable[dict[str, Any]]:
    """The orders of ``trade_ids`` as column dicts, in id order (``chunk`` ids a query)."""
    for result in _order_results(session, trade_ids, chunk):
        keys = list(result.keys())
        for row in result:
            yield dict(zip(keys, row, strict=True))


def _order_results(executor: Session | Connection, trade_ids: list[int], chunk: int = 500
                   ) -> Iterable[Result]:
    """SELECTs of the orders of ``trade_ids`` in id order, ``chunk`` trades each."""
    for start in range(0, len(trade_ids), chunk):
        yield executor.execute(_ORDERS_BY_TRADE_ID, {"ids": trade_ids[start:start + chunk]})
