#!/usr/bin/env python3
"""Write a freqtrade-schema database with freqtrade 2026.9's own models (run by the reference
interpreter, from a directory outside our repository so ``import freqtrade`` is the reference).

  python seed_db.py --db-url sqlite:////tmp/x.sqlite --trades 600

Spot longs on the market's pairs, opened over the last ``--days`` days, with entry prices from
the same synthetic price path the servers use. Exits by ROI / exit signal / stoploss / trailing
stop / force exit; about 10 % of the closed trades have two entries (DCA) and 10 % exit in two
parts. The newest ``--open`` trades (on distinct pairs) stay open: plain, with two entries, and
partly exited. Profits, realized profit and trade values come from freqtrade's own
``recalc_trade_from_orders()`` and ``close()``. Pair locks: two active, one expired, one
deactivated. ``bot_start_time`` is stored two hours before the first trade.
"""
from __future__ import annotations

import argparse
import math
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import market  # noqa: E402

FEE = 0.001
STRATEGY = "QuietStrategy"
ENTER_TAGS = ["ema_cross", "rsi_dip", "bb_bounce", None]
EXITS = [  # exit reason, probability, return sampler
    ("roi", 0.55, lambda r: r.uniform(0.005, 0.03)),
    ("exit_signal", 0.20, lambda r: r.normal(0.002, 0.015)),
    ("stop_loss", 0.15, lambda r: r.uniform(-0.08, -0.03)),
    ("trailing_stop_loss", 0.08, lambda r: r.uniform(-0.005, 0.02)),
    ("force_exit", 0.02, lambda r: r.normal(0.0, 0.02)),
]


def _floor_to(value: float, tick: float) -> float:
    return math.floor(value / tick + 1e-9) * tick


def _round_to(value: float, tick: float) -> float:
    digits = max(0, -int(math.floor(math.log10(tick))))
    return round(round(value / tick) * tick, digits)


def _order(Order, trade_no: int, n: int, side: str, pair: str, amount: float, price: float,
           when: datetime, tag: str | None):
    return Order(
        ft_order_side=side, ft_pair=pair, ft_is_open=False, ft_amount=amount, ft_price=price,
        ft_order_tag=tag, order_id=f"dry_run_{side}_{pair}_{trade_no}_{n}", status="closed",
        symbol=pair, order_type="limit", side=side, price=price, average=price, amount=amount,
        filled=amount, remaining=0.0, cost=amount * price, order_date=when,
        order_filled_date=when, order_update_date=when, funding_fee=0.0)


def _new_trade(Trade, rng, pair: str, open_date: datetime):
    amount_tick, price_tick = market.tick_sizes(pair)
    open_rate = _round_to(float(market.price_at(pair, open_date.timestamp() * 1000)), price_tick)
    stake = 100.0 * rng.uniform(0.8, 1.2)
    amount = max(amount_tick, _floor_to(stake / open_rate, amount_tick))
    return Trade(
        exchange="binance", pair=pair, base_currency=pair.split("/")[0],
        stake_currency=market.STAKE, is_open=True, fee_open=FEE, fee_close=FEE,
        open_rate=open_rate, open_rate_requested=open_rate, stake_amount=amount * open_rate,
        amount=amount, amount_requested=amount, open_date=open_date, strategy=STRATEGY,
        enter_tag=ENTER_TAGS[rng.integers(len(ENTER_TAGS))], timeframe=5, trading_mode="spot",
        amount_precision=amount_tick, price_precision=price_tick, precision_mode=4,
        precision_mode_price=4, contract_size=1.0, leverage=1.0, is_short=False,
        max_rate=open_rate, min_rate=open_rate, fee_open_currency=market.STAKE)


def _enter(trade, Order, rng, trade_no: int, dca_date: datetime | None) -> None:
    """One filled entry, or two (the second 0.5-2 % lower) when ``dca_date`` is given."""
    amount_tick, price_tick = market.tick_sizes(trade.pair)
    pair, amount, rate, tag = trade.pair, trade.amount, trade.open_rate, trade.enter_tag
    if dca_date is not None:
        first = max(amount_tick, _floor_to(amount / 2, amount_tick))
        second_rate = _round_to(rate * (1 - rng.uniform(0.005, 0.02)), price_tick)
        trade.orders.append(_order(Order, trade_no, 1, "buy", pair, first, rate,
                                   trade.open_date, tag))
        trade.orders.append(_order(Order, trade_no, 2, "buy", pair, amount - first,
                                   second_rate, dca_date, tag))
    else:
        trade.orders.append(_order(Order, trade_no, 1, "buy", pair, amount, rate,
                                   trade.open_date, tag))
    trade.recalc_trade_from_orders()
    trade.fee_open_cost = FEE * trade.stake_amount
    trade.stop_loss = None  # freqtrade sets the initial stoploss (strategy: -0.99)
    trade.adjust_stop_loss(trade.open_rate, -0.99, initial=True)


def _part_exit(trade, Order, trade_no: int, rate: float, when: datetime) -> None:
    amount_tick, _ = market.tick_sizes(trade.pair)
    part = max(amount_tick, _floor_to(trade.amount * 0.4, amount_tick))
    trade.orders.append(_order(Order, trade_no, 5, "sell", trade.pair, part, rate, when, None))
    trade.recalc_trade_from_orders()


def build_closed(Trade, Order, rng, trade_no: int, pair: str, open_date: datetime,
                 close_date: datetime):
    trade = _new_trade(Trade, rng, pair, open_date)
    shape = rng.random()
    _enter(trade, Order, rng, trade_no, open_date + (close_date - open_date) / 3
           if shape < 0.10 else None)
    u, acc = rng.random(), 0.0
    reason, sampler = EXITS[-1][0], EXITS[-1][2]
    for name, prob, draw in EXITS:
        acc += prob
        if u <= acc:
            reason, sampler = name, draw
            break
    _, price_tick = market.tick_sizes(pair)
    close_rate = _round_to(trade.open_rate * (1 + float(sampler(rng))), price_tick)
    if 0.10 <= shape < 0.20:
        part_rate = _round_to(trade.open_rate * (1 + rng.uniform(-0.01, 0.02)), price_tick)
        _part_exit(trade, Order, trade_no, part_rate, open_date + (close_date - open_date) / 2)
    trade.orders.append(_order(Order, trade_no, 9, "sell", pair, trade.amount, close_rate,
                               close_date, None))
    trade.exit_reason = reason
    trade.close_rate_requested = close_rate
    trade.max_rate = max(trade.open_rate, close_rate) * (1 + rng.uniform(0, 0.01))
    trade.min_rate = min(trade.open_rate, close_rate) * (1 - rng.uniform(0, 0.01))
    trade.close_date = close_date
    trade.fee_close_cost = FEE * trade.amount * close_rate
    trade.fee_close_currency = market.STAKE
    trade.close(close_rate, show_msg=False)
    return trade


def build_open(Trade, Order, rng, trade_no: int, pair: str, open_date: datetime, kind: int,
               now: datetime):
    """kind 0: one entry; 1: two entries; 2: one entry, then 40 % sold."""
    trade = _new_trade(Trade, rng, pair, open_date)
    _enter(trade, Order, rng, trade_no, open_date + (now - open_date) / 3 if kind == 1 else None)
    if kind == 2:
        _, price_tick = market.tick_sizes(pair)
        rate = _round_to(trade.open_rate * 1.012, price_tick)
        _part_exit(trade, Order, trade_no, rate, open_date + (now - open_date) / 2)
    return trade


def add_locks(PairLock, now: datetime) -> None:
    def lock(pair, side, reason, start, end, active=True):
        PairLock.session.add(PairLock(pair=pair, side=side, reason=reason, lock_time=start,
                                      lock_end_time=end, active=active))

    lock("XRP/USDT", "*", "cooldown after stoploss", now - timedelta(hours=1),
         now + timedelta(days=30))
    lock("*", "long", "global pause", now - timedelta(minutes=5), now + timedelta(days=20))
    lock("ADA/USDT", "*", "expired", now - timedelta(days=3), now - timedelta(days=2))
    lock("DOT/USDT", "*", "unlocked by hand", now - timedelta(hours=2),
         now + timedelta(days=10), active=False)
    PairLock.session.commit()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db-url", required=True)
    ap.add_argument("--trades", type=int, required=True, help="total trades (closed + open)")
    ap.add_argument("--open", type=int, default=9, help="open trades among them")
    ap.add_argument("--days", type=float, default=120.0, help="history span")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from freqtrade.persistence import KeyValueStore, Order, Trade, init_db
    from freqtrade.persistence.pairlock import PairLock

    init_db(args.db_url)
    if Trade.session.query(Trade.id).first() is not None:
        sys.exit("database already holds trades")

    rng = np.random.default_rng(args.seed)
    n_open = min(args.open, args.trades, len(market.PAIRS))
    n_closed = args.trades - n_open
    now = datetime.now(UTC).replace(microsecond=0)
    span_s = args.days * 86400
    offsets = np.sort(rng.uniform(3 * 3600, span_s, n_closed))[::-1]
    durations = np.clip(rng.lognormal(math.log(6 * 3600), 1.0, n_closed), 300, 5 * 86400)
    pair_idx = rng.integers(len(market.PAIRS), size=n_closed)
    open_pairs = [market.PAIRS[i] for i in rng.permutation(len(market.PAIRS))[:n_open]]
    open_offsets = np.sort(rng.uniform(3 * 3600, 3 * 86400, n_open))[::-1]

    trades = []
    for i in range(n_closed):
        open_date = now - timedelta(seconds=float(offsets[i]))
        close_date = min(open_date + timedelta(seconds=float(durations[i])),
                         now - timedelta(hours=2))
        trades.append(build_closed(Trade, Order, rng, i, market.PAIRS[pair_idx[i]],
                                   open_date, close_date))
    for j, pair in enumerate(open_pairs):
        open_date = now - timedelta(seconds=float(open_offsets[j]))
        trades.append(build_open(Trade, Order, rng, n_closed + j, pair, open_date, j % 3, now))
    Trade.session.add_all(trades)
    Trade.commit()
    add_locks(PairLock, now)
    first = min(t.open_date for t in trades)
    KeyValueStore.store_value("bot_start_time", first - timedelta(hours=2))

    total = Trade.session.query(Trade).count()
    print(f"seeded {total} trades, {Trade.session.query(Order).count()} orders", flush=True)
    engine = Trade.session.get_bind()
    Trade.session.remove()
    engine.dispose()  # every connection closed: the file holds everything


if __name__ == "__main__":
    main()
