"""Write a year of synthetic trades into a SQLite file with our schema, fast.

    .venv/bin/python bench/seed_db.py --trades 100000 --db /tmp/bench/t100k.sqlite

N closed trades spread over --days days on 20 USDT pairs of the simulated exchange (entry
prices from its price path), plus --open open trades on distinct pairs (the newest ids).
About 10 % of the closed trades have two entry fills (DCA) and about 4 % a partial exit before
the final one. Exit reasons and their return ranges: roi, exit_signal, stop_loss,
trailing_stop_loss, force_exit. Profits follow the arithmetic of
``freqtrade/persistence/trade_model.py`` (entry fee in the open value, exit fee deducted from
the close value, partial exits accumulated in ``realized_profit``); ``--check K`` replays K
random closed trades through ``Trade.update_trade`` and compares.

Rows go in with SQLAlchemy Core ``executemany`` (no ORM objects), in one transaction per batch.
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# the interpreter's installed freqtrade (e.g. another checkout's venv), else this checkout's
if importlib.util.find_spec("freqtrade") is None:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from freqtrade.exchange.simulated import COINS, INACTIVE, _precision, pair_price  # noqa: E402
from freqtrade.persistence import Order, Trade, close_db, get_engine, init_db  # noqa: E402

FEE = 0.001
STAKE = "USDT"
EXCHANGE = "simulated"
STRATEGY = "SampleStrategy"
STOPLOSS = -0.02
# 20 tradable USDT pairs of the simulated market
PAIRS = [f"{coin}/USDT" for coin in COINS if f"{coin}/USDT" not in INACTIVE
         and coin != "DOGE"][:20]
ENTER_TAGS = ["rsi_pullback", "ema_trend", "bb_lower", "volume_spike", None]
# exit reason, cumulative probability, return sampler, exit order type
EXITS = [
    ("roi", 0.55, lambda r: r.uniform(0.004, 0.03), "limit"),
    ("exit_signal", 0.75, lambda r: r.gauss(0.002, 0.015), "limit"),
    ("stop_loss", 0.90, lambda r: r.uniform(-0.028, -0.02), "market"),
    ("trailing_stop_loss", 0.98, lambda r: r.uniform(-0.005, 0.02), "market"),
    ("force_exit", 1.00, lambda r: r.gauss(0.0, 0.02), "market"),
]


def _fmt_tick(value: float, tick: float) -> float:
    digits = max(0, -int(math.floor(math.log10(tick))))
    return round(round(value / tick) * tick, digits)


def _floor_step(value: float, step: float) -> float:
    digits = max(0, -int(math.floor(math.log10(step))))
    return round(math.floor(value / step + 1e-9) * step, digits)


class Seeder:
    """Builds trade and order rows as plain dicts (keys = column names)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.trades: list[dict] = []
        self.orders: list[dict] = []
        # (amount step, price tick) as the simulated market reports them
        self.precision = {p: _precision(COINS[p.split("/")[0]][0]) for p in PAIRS}

    def _order(self, trade_id: int, n: int, side: str, pair: str, amount: float,
               price: float, when: datetime, order_type: str, tag: str | None,
               is_open: bool = False) -> dict:
        filled = 0.0 if is_open else amount
        return {
            "ft_trade_id": trade_id, "ft_order_side": side, "ft_pair": pair,
            "ft_is_open": is_open, "ft_amount": amount, "ft_price": price,
            "ft_cancel_reason": None, "order_id": f"dry_run_{side}_{trade_id}_{n}",
            "status": "open" if is_open else "closed", "symbol": pair,
            "order_type": order_type, "side": side, "price": price,
            "average": None if is_open else price, "amount": amount, "filled": filled,
            "remaining": amount - filled, "cost": filled * price, "stop_price": None,
            "order_date": when, "order_filled_date": None if is_open else when,
            "order_update_date": when, "funding_fee": 0.0, "ft_fee_base": None,
            "ft_order_tag": tag if side == "buy" else None,
        }

    def add(self, trade_id: int, pair: str, open_date: datetime, open_price: float,
            close_date: datetime | None) -> None:
        rng = self.rng
        step, tick = self.precision[pair]
        tag = ENTER_TAGS[rng.randrange(len(ENTER_TAGS))]
        rate1 = _fmt_tick(open_price, tick)
        stake = 50.0 * rng.uniform(0.8, 1.2)
        amount = max(step, _floor_step(stake / rate1, step))
        fills = [(amount, rate1, open_date)]
        is_open = close_date is None
        if not is_open and rng.random() < 0.10:  # DCA: second fill 0.5-2 % lower
            first = max(step, _floor_step(amount / 2, step))
            rate2 = _fmt_tick(rate1 * (1 - rng.uniform(0.005, 0.02)), tick)
            fills = [(first, rate1, open_date),
                     (amount - first if amount - first > 0 else step, rate2,
                      open_date + (close_date - open_date) / 3)]
        n = 0
        for filled, rate, when in fills:
            n += 1
            self.orders.append(self._order(trade_id, n, "buy", pair, filled, rate, when,
                                           "limit", tag))
        total_amount = sum(f[0] for f in fills)
        total_cost = sum(f[0] * f[1] for f in fills)
        open_rate = total_cost / total_amount
        amount = total_amount
        stake_amount = amount * open_rate
        open_value = amount * open_rate * (1 + FEE)
        stop = open_rate * (1 + STOPLOSS)
        row = {
            "id": trade_id, "exchange": EXCHANGE, "pair": pair,
            "base_currency": pair.split("/")[0], "stake_currency": STAKE, "is_open": True,
            "fee_open": FEE, "fee_open_cost": total_cost * FEE, "fee_open_currency": STAKE,
            "fee_close": FEE, "fee_close_cost": None, "fee_close_currency": None,
            "open_rate": open_rate, "open_rate_requested": rate1,
            "open_trade_value": open_value, "close_rate": None, "close_rate_requested": None,
            "realized_profit": 0.0, "close_profit": None, "close_profit_abs": None,
            "stake_amount": stake_amount, "max_stake_amount": total_cost, "amount": amount,
            "amount_requested": amount, "open_date": open_date, "close_date": None,
            "stop_loss": stop, "stop_loss_pct": STOPLOSS, "initial_stop_loss": stop,
            "initial_stop_loss_pct": STOPLOSS, "is_stop_loss_trailing": False,
            "max_rate": open_rate, "min_rate": open_rate, "exit_reason": None,
            "exit_order_status": None, "strategy": STRATEGY, "enter_tag": tag, "timeframe": 1,
            "trading_mode": "SPOT", "amount_precision": step, "price_precision": tick,
            "precision_mode": 4, "precision_mode_price": 4, "contract_size": 1.0,
            "leverage": 1.0, "is_short": False, "liquidation_price": None,
            "interest_rate": 0.0, "funding_fees": 0.0, "funding_fee_running": None,
            "record_version": 2,
        }
        self.trades.append(row)
        if is_open:
            return
        u = rng.random()
        reason, _, sampler, exit_type = next(e for e in EXITS if u <= e[1])
        ret = float(sampler(rng))
        realized = 0.0
        if rng.random() < 0.04:  # partial exit of 30-60 % halfway, at a 0-1.5 % gain
            part = _floor_step(amount * rng.uniform(0.3, 0.6), step)
            if 0 < part < amount:
                prate = _fmt_tick(open_rate * (1 + rng.uniform(0.0, 0.015)), tick)
                pdate = open_date + (close_date - open_date) / 2
                n += 1
                self.orders.append(self._order(trade_id, n, "sell", pair, part, prate, pdate,
                                               "limit", None))
                profit = round(part * prate * (1 - FEE) - part * open_rate * (1 + FEE), 8)
                realized = profit
                remaining = amount - part
                stake_amount = stake_amount * remaining / amount
                amount = remaining
                open_value = amount * open_rate * (1 + FEE)
        close_rate = _fmt_tick(open_rate * (1 + ret), tick)
        n += 1
        self.orders.append(self._order(trade_id, n, "sell", pair, amount, close_rate,
                                       close_date, exit_type, None))
        close_value = amount * close_rate * (1 - FEE)
        profit_abs = round(close_value - open_value, 8)
        ratio = close_value / open_value - 1
        total = round(profit_abs + realized, 8)
        total_ratio = total / total_cost
        row.update({
            "is_open": False, "amount": amount, "stake_amount": stake_amount,
            "open_trade_value": open_value, "close_rate": close_rate,
            "close_rate_requested": close_rate, "close_date": close_date,
            "close_profit": total_ratio if realized else ratio, "close_profit_abs": total,
            "realized_profit": total, "fee_close_cost": amount * close_rate * FEE,
            "fee_close_currency": STAKE, "exit_reason": reason, "exit_order_status": "closed",
            "max_rate": max(open_rate, close_rate) * (1 + rng.uniform(0, 0.01)),
            "min_rate": min(open_rate, close_rate) * (1 - rng.uniform(0, 0.01)),
        })
        if reason == "trailing_stop_loss":
            row["is_stop_loss_trailing"] = True
            row["stop_loss"] = close_rate


def seed(db_path: Path, n_closed: int, n_open: int = 10, days: float = 365.0,
         seed_value: int = 42, batch: int = 20000, quiet: bool = False) -> dict:
    """Create ``db_path`` afresh and fill it; returns counts and the elapsed seconds."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    init_db(f"sqlite:///{db_path}")
    engine = get_engine()
    rng = random.Random(seed_value)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    span = days * 86400
    offsets = sorted((rng.uniform(3600, span) for _ in range(n_closed)), reverse=True)
    pair_idx = [rng.randrange(len(PAIRS)) for _ in range(n_closed)]
    # entry prices from the simulated market's price path, vectorised per pair
    open_secs = np.array([now.replace(tzinfo=UTC).timestamp() - o for o in offsets])
    prices = np.empty(n_closed)
    idx = np.array(pair_idx, dtype=int)
    for i, pair in enumerate(PAIRS):
        mask = idx == i
        if mask.any():
            prices[mask] = pair_price(pair, open_secs[mask])
    open_pairs = rng.sample(PAIRS, min(n_open, len(PAIRS)))
    seeder = Seeder(rng)
    trades_tbl, orders_tbl = Trade.__table__, Order.__table__
    n_trades = n_orders = 0

    def flush() -> None:
        nonlocal n_trades, n_orders
        with engine.begin() as conn:
            if seeder.trades:
                conn.execute(insert(trades_tbl), seeder.trades)
            if seeder.orders:
                conn.execute(insert(orders_tbl), seeder.orders)
        n_trades += len(seeder.trades)
        n_orders += len(seeder.orders)
        seeder.trades.clear()
        seeder.orders.clear()

    for i in range(n_closed):
        open_date = now - timedelta(seconds=offsets[i])
        duration = min(max(rng.lognormvariate(math.log(3 * 3600), 1.0), 300), 5 * 86400)
        close_date = min(open_date + timedelta(seconds=duration), now - timedelta(minutes=1))
        seeder.add(i + 1, PAIRS[pair_idx[i]], open_date, float(prices[i]), close_date)
        if len(seeder.trades) >= batch:
            flush()
            if not quiet:
                print(f"  {n_trades}/{n_closed + n_open} trades, "
                      f"{time.perf_counter() - t0:.1f}s", flush=True)
    for j, pair in enumerate(open_pairs):
        open_date = now - timedelta(minutes=rng.uniform(5, 120))
        price = float(pair_price(pair, np.array([open_date.replace(tzinfo=UTC).timestamp()]))[0])
        seeder.add(n_closed + j + 1, pair, open_date, price, None)
    flush()
    with engine.connect() as conn:
        profit = conn.execute(select(func.sum(trades_tbl.c.close_profit_abs))).scalar() or 0.0
    elapsed = time.perf_counter() - t0
    close_db()
    return {"trades": n_trades, "open": len(open_pairs), "orders": n_orders,
            "closed_profit": profit, "seconds": elapsed}


def check(db_path: Path, count: int, seed_value: int = 1) -> int:
    """Replay ``count`` random closed trades' orders through Trade.update_trade; mismatches."""
    from freqtrade.persistence import get_session

    init_db(f"sqlite:///{db_path}")
    session = get_session()
    ids = [r[0] for r in session.execute(select(Trade.id).where(Trade.is_open.is_(False)))]
    rng = random.Random(seed_value)
    bad = 0
    fields = ("open_rate", "amount", "stake_amount", "close_rate", "close_profit",
              "close_profit_abs", "realized_profit", "open_trade_value")
    for trade_id in rng.sample(ids, min(count, len(ids))):
        stored = session.get(Trade, trade_id)
        replay = Trade(exchange=stored.exchange, pair=stored.pair, is_open=True,
                       fee_open=FEE, fee_close=FEE, open_rate=stored.orders[0].price,
                       amount=stored.orders[0].amount, stake_amount=0.0,
                       open_date=stored.open_date, stake_currency=STAKE)
        for order in stored.orders:
            copy = Order(**{c.key: getattr(order, c.key) for c in Order.__table__.columns
                            if c.key not in ("id", "ft_trade_id")})
            replay.orders.append(copy)
            replay.update_trade(copy)
        for field in fields:
            a, b = getattr(stored, field), getattr(replay, field)
            if not math.isclose(a or 0.0, b or 0.0, rel_tol=1e-9, abs_tol=1e-9):
                bad += 1
                print(f"trade {trade_id}: {field} stored {a!r} replayed {b!r}")
                break
        session.expunge_all()
    close_db()
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trades", type=int, required=True, help="closed trades")
    ap.add_argument("--open", type=int, default=10, help="open trades (max 20)")
    ap.add_argument("--db", required=True, help="SQLite file (replaced)")
    ap.add_argument("--days", type=float, default=365.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--check", type=int, default=0, metavar="K",
                    help="replay K closed trades through the ORM and compare")
    args = ap.parse_args()
    info = seed(Path(args.db), args.trades, args.open, args.days, args.seed)
    print(f"seeded {info['trades']} trades ({info['open']} open), {info['orders']} orders, "
          f"closed profit {info['closed_profit']:.2f} {STAKE}, in {info['seconds']:.1f}s "
          f"-> {args.db}")
    if args.check:
        bad = check(Path(args.db), args.check)
        print(f"check: {args.check} trades replayed, {bad} mismatches")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
