"""The daily wallet history rebuilt from the trade history, once per database, at start-up.

A database that holds trades from before its first daily snapshot (written by freqtrade, or
by us before this existed) gets one ``wallet_history`` row per UTC midnight since the bot's
start: the stake currency's balance (starting balance, minus each filled entry's stake and
fee, plus each filled exit's proceeds less its fee, from the day after the fill) and, for each
pair with coins held at that midnight, the amount valued at that day's 1d candle open. These
are the numbers freqtrade's own rebuild writes. The work is a few array passes over the orders
(no per-day, per-trade loop): a few seconds at 100k trades, plus one daily-candle request per
pair held at some midnight. ``wallet_history_migration_date`` records when it ran;
``/historic_balance`` reports it as the start of the captured (not rebuilt) history.

At a million trades reading the orders takes tens of seconds, so the bot runs the rebuild on
its own thread (``WalletHistoryRebuild``) once the API is up and its first loop iteration is
done; until it has finished, the daily snapshot waits (the rebuild writes today's row, as when
it ran first) and ``/historic_balance`` waits for it rather than answer a history without the
rebuilt days.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Integer, String, case, cast, func, insert, or_, select

from freqtrade.persistence import (
    KeyValueStore,
    Order,
    Trade,
    WalletHistory,
    get_session,
    remove_session,
)
from freqtrade.persistence.db import fetch_rows
from freqtrade.util.clock import dt_now
from freqtrade.util.gc_pause import collector_paused
from freqtrade.util.memory import release_free_memory

logger = logging.getLogger(__name__)

DONE_KEY = "wallet_history_migration"
DATE_KEY = "wallet_history_migration_date"
DAY_MS = 86_400_000
_SETTLED = ("cancelled", "canceled", "expired", "rejected", "closed")
# a read holds SQLite's shared lock (writers wait) for about 0.3 s
TRADES_PER_READ = 25_000


class WalletHistoryRebuild:
    """The rebuild on its own thread, when it is still to do: pending from creation, run from
    ``start`` (the bot calls it after its first loop iteration, which so does not share the
    CPU with it); ``wait`` blocks until it has finished (or failed: it never stops the bot
    either way)."""

    def __init__(self, config: dict, exchange, starting_balance: float):
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            pending = backfill_pending(config)
        except Exception:
            logger.exception("Could not read whether the wallet history was rebuilt")
            pending = False
        if not pending:
            self._done.set()
            return
        self._thread = threading.Thread(target=self._run,
                                        args=(config, exchange, starting_balance),
                                        name="wallet-history-rebuild", daemon=True)

    def start(self) -> None:
        """Run the rebuild (once; later calls do nothing)."""
        if self._thread is not None and self._thread.ident is None:
            self._thread.start()

    def _run(self, config: dict, exchange, starting_balance: float) -> None:
        try:
            backfill_wallet_history(config, exchange, starting_balance)
        finally:
            remove_session()
            self._done.set()
            release_free_memory()

    @property
    def running(self) -> bool:
        """Still to do or running."""
        return not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the rebuild is over (at once when there was none to do); a reader that
        needs it starts it if the loop has not yet."""
        self.start()
        return self._done.wait(timeout)

    def join(self, timeout: float) -> None:
        """On stop: let a rebuild that has started finish (one that has not stays to do)."""
        if self._thread is not None and self._thread.ident is not None and self.running:
            logger.info("Waiting for the wallet history rebuild to finish ...")
            self._thread.join(timeout)


def backfill_pending(config: dict) -> bool:
    """The rebuild has not run on this database and the config does not skip it."""
    return not config.get("skip_wallet_history_migration") and \
        not KeyValueStore.get_int_value(DONE_KEY)


def backfill_wallet_history(config: dict, exchange, starting_balance: float) -> None:
    """Rebuild the history unless done before (or ``skip_wallet_history_migration``); a
    failure is logged and never stops the bot."""
    try:
        if not backfill_pending(config):
            return
        logger.info("Rebuilding the daily wallet history from the trade history ...")
        started = time.monotonic()
        with collector_paused():  # reads every trade and order: rows, no cycles
            written = _backfill(config["stake_currency"], exchange, starting_balance)
        KeyValueStore.store_value(DONE_KEY, 1)
        KeyValueStore.store_value(DATE_KEY, dt_now())
        logger.info("Wallet history rebuilt: %s rows in %.1f s.", written,
                    time.monotonic() - started)
    except Exception:
        logger.exception("Could not rebuild the wallet history")
        try:
            get_session().rollback()
        except Exception:  # e.g. the database was closed under it: nothing to roll back
            pass


def _ms(texts: list) -> np.ndarray:
    """Database date strings -> integer milliseconds (None -> -1)."""
    dates = np.array(texts, dtype="datetime64[us]")
    values = dates.astype("datetime64[ms]").astype(np.int64)
    values[np.isnat(dates)] = -1
    return values


def _or(column, default: float = 0.0):
    """SQL for Python's ``value or default`` on a number column (None and 0 -> default)."""
    return func.coalesce(func.nullif(column, 0), default)


def _replay(days: np.ndarray) -> tuple[np.ndarray | None, tuple[np.ndarray, ...], list[str]]:
    """Every fill of the trade history, read ``TRADES_PER_READ`` trades at a time and reduced
    read by read (a million trades never sit in memory at once):

    - what the fills add to the stake-currency balance from each day on (None: no fills),
      summed in the order one pass over all fills would sum them;
    - for the fills that hold coins over a midnight: pair code, first and last day, amount
      (negative for an exit);
    - the pair names the codes stand for."""
    low, high = get_session().execute(select(func.min(Trade.id), func.max(Trade.id))).one()
    codes: dict[str, int] = {}
    changes = np.zeros(len(days) + 1)
    carry = 0.0
    holding: list[tuple[np.ndarray, ...]] = []
    for first in range(low or 0, (high or -1) + 1, TRADES_PER_READ):
        o = _order_rows(first, first + TRADES_PER_READ, codes)
        if not o:
            continue
        # a fill counts from the first midnight at or after it
        first_day = np.searchsorted(days, o["filled_ms"], side="left")
        fill_changes, carry = _stake_changes(o, carry)
        np.add.at(changes, first_day, fill_changes)
        # coins: from the fill's first midnight up to the trade's close (inclusive)
        last_day = np.where(o["end_ms"] < 0, len(days) - 1,
                            np.searchsorted(days, o["end_ms"], side="right") - 1)
        keep = first_day <= last_day
        signed = np.where(o["entry"], o["amount"], -o["amount"])
        holding.append((o["pair"][keep], first_day[keep], last_day[keep], signed[keep]))
    if not holding:
        return None, (), list(codes)
    return changes, tuple(np.concatenate(column) for column in zip(*holding, strict=True)), \
        list(codes)


def _order_rows(first: int, end: int, codes: dict[str, int]) -> dict[str, np.ndarray]:
    """Every filled (or open, partly filled) order with a fill date of the trades ``first``
    <= id < ``end``, ordered by trade and fill time (as each trade's orders are replayed),
    with its trade's facts looked up from the trade's row (half the values of a join);
    ``codes`` numbers the pairs, growing as new ones appear."""
    trades = fetch_rows(
        select(Trade.id, Trade.pair, case((Trade.is_short, 1), else_=0), _or(Trade.leverage, 1.0),
               _or(Trade.fee_open), _or(Trade.fee_close), cast(Trade.close_date, String))
        .where(Trade.id >= first, Trade.id < end).order_by(Trade.id))
    # an expression, not the column: SQLite reads the orders through the trade-id index rather
    # than the one on ft_is_open (which would read all orders for each range)
    is_open = cast(Order.ft_is_open, Integer)
    orders = fetch_rows(
        select(Order.ft_trade_id,
               case((Order.ft_order_side == "buy", 1), (Order.ft_order_side == "sell", 2),
                    else_=0),
               _or(Order.filled),
               func.coalesce(func.nullif(Order.average, 0), func.nullif(Order.price, 0),
                             func.nullif(Order.stop_price, 0), func.nullif(Order.ft_price, 0),
                             0.0),
               cast(Order.order_filled_date, String), _or(Order.funding_fee))
        .where(Order.ft_trade_id >= first, Order.ft_trade_id < end,
               Order.order_filled_date.is_not(None),
               or_((is_open == 0) & (Order.filled > 0) & Order.status.in_(_SETTLED),
                   (is_open == 1) & Order.status.is_not(None)))
        .order_by(Order.ft_trade_id, Order.order_filled_date, Order.id))
    if not trades or not orders:
        return {}
    ids, pairs, short, leverage, fee_open, fee_close, close_date = zip(*trades, strict=True)
    trade_id, side, amount, price, filled_at, funding = zip(*orders, strict=True)
    ids_array = np.array(ids, dtype=np.int64)
    order_trade = np.array(trade_id, dtype=np.int64)
    row = np.minimum(np.searchsorted(ids_array, order_trade), len(ids_array) - 1)
    known = ids_array[row] == order_trade  # as the join did: no trade, no order
    row = row[known]
    short_array = np.array(short, dtype=bool)[row]
    side_array = np.array(side, dtype=np.int8)[known]
    pair_codes = np.array([codes.setdefault(pair, len(codes)) for pair in pairs],
                          dtype=np.int32)
    return {
        "trade_id": order_trade[known], "pair": pair_codes[row],
        "entry": np.where(short_array, side_array == 2, side_array == 1),
        "short": short_array,
        "amount": np.array(amount, dtype=float)[known],
        "price": np.array(price, dtype=float)[known],
        "filled_ms": _ms(list(filled_at))[known], "end_ms": _ms(list(close_date))[row],
        "funding": np.array(funding, dtype=float)[known],
        "leverage": np.array(leverage, dtype=float)[row],
        "fee_open": np.array(fee_open, dtype=float)[row],
        "fee_close": np.array(fee_close, dtype=float)[row],
    }


def _stake_changes(o: dict[str, np.ndarray], carry: float) -> tuple[np.ndarray, float]:
    """What each fill adds to the stake-currency balance. ``carry``: the running sum of the
    collateral changes of all earlier fills (returned updated for the next read), so the sums
    are those of one pass over every fill, to the last bit."""
    stake = o["price"] * o["amount"]
    collateral_change = np.where(o["entry"], 1.0, -1.0) * stake / o["leverage"]
    # collateral each trade holds just before each of its fills
    held = np.cumsum(np.r_[carry, collateral_change])
    starts = np.r_[True, o["trade_id"][1:] != o["trade_id"][:-1]]
    base = np.maximum.accumulate(np.where(starts, np.arange(len(collateral_change)), 0))
    held_before = held[1:] - collateral_change - held[base]
    lev = o["leverage"]
    entry_change = -(stake / lev + stake * o["fee_open"])
    exit_long = stake - held_before * (lev - 1) - stake * o["fee_close"]
    exit_short = held_before * (1 + lev) - stake - stake * o["fee_close"]
    return o["funding"] + np.where(o["entry"], entry_change,
                                   np.where(o["short"], exit_short, exit_long)), \
        float(held[-1])


def _daily_opens(exchange, pair: str, since_ms: int) -> dict[int, float]:
    try:
        return exchange.get_daily_opens(pair, since_ms)
    except Exception as exc:  # no candles: the coin's rows get no value, as in freqtrade
        logger.warning("No daily candles for %s (%s); its wallet history has no value.",
                       pair, exc)
        return {}


def _backfill(stake_currency: str, exchange, starting_balance: float) -> int:
    session = get_session()
    if session.scalar(select(Trade.id).limit(1)) is None:
        return 0
    start = KeyValueStore.get_datetime_value("bot_start_time") or dt_now()
    first_ms = int(start.timestamp() * 1000) // DAY_MS * DAY_MS
    last_ms = int(dt_now().timestamp() * 1000) // DAY_MS * DAY_MS
    days = np.arange(first_ms, last_ms + 1, DAY_MS, dtype=np.int64)
    pairs = sorted(session.scalars(select(Trade.pair).distinct()).all())
    valid = [p for p in pairs if p in exchange.markets]
    if set(pairs) - set(valid):
        logger.warning("Pairs of the trade history unknown to the exchange, left out of the "
                       "wallet history: %s", ", ".join(sorted(set(pairs) - set(valid))))

    changes, held_fills, order_pairs = _replay(days)
    stake = np.full(len(days), float(starting_balance))
    held: dict[str, np.ndarray] = {}
    if changes is not None:
        stake += np.cumsum(changes)[:-1]
        pair_code, first_day, last_day, signed = held_fills
        code = {pair: index for index, pair in enumerate(order_pairs)}
        for pair in valid:
            mask = pair_code == code.get(pair, -1)
            coins = np.zeros(len(days) + 1)
            np.add.at(coins, first_day[mask], signed[mask])
            np.add.at(coins, last_day[mask] + 1, -signed[mask])
            amounts = np.round(np.cumsum(coins)[:-1], 14)
            if (amounts > 0).any():
                held[pair] = amounts
    stake = np.round(stake, 14)
    # candles only for the coins held at some midnight, from the first such day
    opens = {pair: _daily_opens(exchange, pair, int(days[np.argmax(amounts > 0)]))
             for pair, amounts in held.items()}

    existing = set(session.execute(select(WalletHistory.timestamp, WalletHistory.currency)
                                   .where(WalletHistory.timestamp >= _naive(first_ms))).all())
    rows = []
    for index, day_ms in enumerate(days.tolist()):
        when = _naive(day_ms)
        if (when, stake_currency) not in existing:
            rows.append(_row(when, stake_currency, stake_currency, 1.0, float(stake[index])))
        for pair, amounts in held.items():
            amount = float(amounts[index])
            base = exchange.get_pair_base_currency(pair)
            if amount > 0 and (when, base) not in existing:
                rows.append(_row(when, base, stake_currency, opens[pair].get(day_ms), amount))
    if rows:
        session.execute(insert(WalletHistory), rows)
    session.commit()
    return len(rows)


def _naive(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).replace(tzinfo=None)


def _row(when: datetime, currency: str, stake: str, rate: float | None,
         balance: float) -> dict:
    return {"timestamp": when, "currency": currency, "quote_currency": stake, "rate": rate,
            "balance": balance, "total_quote": balance * rate if rate else None,
            "total_position_value": None, "collateral": None, "leverage": 1.0,
            "bot_managed": True}
