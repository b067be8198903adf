"""Random writes to the trade history through any connection, as a bot or a script would."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection, Engine

from freqtrade.persistence import Order, Trade

T0 = datetime(2025, 1, 1)
PAIRS = ("BTC/USDT", "ETH/USDT", "XRP/USDT", "SOL/USDT")
TAGS = (None, "Other", "breakout", "dip", "")
REASONS = (None, "roi", "stop_loss", "exit_signal", "force_exit", "", "Other")


class HistoryWriter:
    """Each method is one committed or rolled-back change on the connection it is given."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.clock = T0
        self.order_seq = 0

    def _tick(self) -> datetime:
        self.clock += timedelta(minutes=self.rng.randint(1, 600),
                                microseconds=self.rng.randint(0, 999))
        return self.clock

    def _order(self, conn: Connection, trade_id: int, pair: str, side: str, amount: float,
               price: float, status: str = "closed") -> None:
        self.order_seq += 1
        filled = amount if status == "closed" else 0.0
        conn.execute(Order.__table__.insert().values(
            ft_trade_id=trade_id, ft_order_side=side, ft_pair=pair, ft_is_open=status != "closed",
            ft_amount=amount, ft_price=price, order_id=f"o{self.order_seq}", status=status,
            side=side, price=price, average=price if filled else None, amount=amount,
            filled=filled, remaining=amount - filled, cost=filled * price if filled else None,
            order_date=self.clock))

    def _pick(self, conn: Connection, is_open: bool) -> int | None:
        ids = conn.execute(select(Trade.id).where(Trade.is_open.is_(is_open))).scalars().all()
        return self.rng.choice(ids) if ids else None

    def _trade_values(self, is_open: bool) -> dict:
        rng = self.rng
        short = rng.random() < 0.3
        opened = self._tick()
        price = rng.uniform(1, 100)
        return dict(exchange="simulated", pair=rng.choice(PAIRS), stake_currency="USDT",
                    is_open=is_open, fee_open=0.001, fee_close=0.001, open_rate=price,
                    stake_amount=10.0, amount=10.0 / price, open_date=opened, is_short=short,
                    leverage=rng.choice((1.0, 1.0, 3.0)), enter_tag=rng.choice(TAGS))

    def _close_values(self, out_of_order: bool = False) -> dict:
        rng = self.rng
        ratio = rng.choice((rng.uniform(-0.2, 0.3), rng.uniform(-0.2, 0.3), 0.0, None))
        closed = self._tick() if not out_of_order else \
            T0 + timedelta(minutes=rng.randint(0, 100_000))
        return dict(is_open=False, close_profit=ratio,
                    close_profit_abs=None if ratio is None else round(ratio * 10, 6),
                    close_date=None if rng.random() < 0.05 else closed,
                    close_rate=1.0, exit_reason=rng.choice(REASONS))

    # ------------------------------------------------------------------ operations
    def open_trade(self, conn: Connection) -> None:
        values = self._trade_values(True)
        trade_id = conn.execute(Trade.__table__.insert().values(**values)
                                .returning(Trade.id)).scalar_one()
        side = "sell" if values["is_short"] else "buy"
        self._order(conn, trade_id, values["pair"], side, values["amount"], values["open_rate"])

    def close_trade(self, conn: Connection) -> None:
        trade_id = self._pick(conn, True)
        if trade_id is None:
            return self.open_trade(conn)
        trade = conn.execute(select(Trade.pair, Trade.is_short, Trade.amount)
                             .where(Trade.id == trade_id)).one()
        self._order(conn, trade_id, trade.pair, "buy" if trade.is_short else "sell",
                    trade.amount, self.rng.uniform(1, 100))
        conn.execute(update(Trade).where(Trade.id == trade_id).values(**self._close_values()))

    def insert_closed(self, conn: Connection) -> None:
        values = {**self._trade_values(False), **self._close_values(out_of_order=True)}
        trade_id = conn.execute(Trade.__table__.insert().values(**values)
                                .returning(Trade.id)).scalar_one()
        if self.rng.random() < 0.9:  # a few closed trades have no filled entry order
            self._order(conn, trade_id, values["pair"], "sell" if values["is_short"] else "buy",
                        values["amount"], values["open_rate"])

    def edit_closed(self, conn: Connection) -> None:
        trade_id = self._pick(conn, False)
        if trade_id is None:
            return self.insert_closed(conn)
        rng = self.rng
        change = rng.choice(("profit", "reason", "tag", "pair", "date", "all"))
        values = self._close_values(out_of_order=True)
        picked = {
            "profit": {k: values[k] for k in ("close_profit", "close_profit_abs")},
            "reason": {"exit_reason": values["exit_reason"]},
            "tag": {"enter_tag": rng.choice(TAGS)},
            "pair": {"pair": rng.choice(PAIRS)},
            "date": {"close_date": values["close_date"]},
            "all": values,
        }[change]
        conn.execute(update(Trade).where(Trade.id == trade_id).values(**picked))

    def edit_order(self, conn: Connection) -> None:
        order_id = conn.execute(select(Order.id).order_by(func.random()).limit(1)).scalar()
        if order_id is None:
            return self.open_trade(conn)
        conn.execute(update(Order).where(Order.id == order_id).values(
            cost=self.rng.uniform(1, 50), average=self.rng.uniform(1, 100),
            status=self.rng.choice(("closed", "closed", "canceled"))))

    def delete_trade(self, conn: Connection) -> None:
        trade_id = self._pick(conn, self.rng.random() < 0.2)
        if trade_id is None:
            return
        conn.execute(delete(Order).where(Order.ft_trade_id == trade_id))
        conn.execute(delete(Trade).where(Trade.id == trade_id))

    def reopen(self, conn: Connection) -> None:
        trade_id = self._pick(conn, False)
        if trade_id is not None:
            conn.execute(update(Trade).where(Trade.id == trade_id).values(is_open=True))

    def move_open_stoploss(self, conn: Connection) -> None:
        trade_id = self._pick(conn, True)
        if trade_id is not None:
            conn.execute(update(Trade).where(Trade.id == trade_id)
                         .values(stop_loss=self.rng.uniform(0.5, 1), max_rate=2.0))

    def history(self, engine: Engine, closed: int, open_trades: int = 1) -> None:
        """``closed`` closed trades and ``open_trades`` open ones, in one transaction."""
        with engine.begin() as conn:
            for _ in range(closed):
                self.insert_closed(conn)
            for _ in range(open_trades):
                self.open_trade(conn)

    OPERATIONS = ("open_trade", "close_trade", "close_trade", "insert_closed", "edit_closed",
                  "edit_order", "delete_trade", "reopen", "move_open_stoploss")

    def random_operation(self, conn: Connection) -> str:
        name = self.rng.choice(self.OPERATIONS)
        getattr(self, name)(conn)
        return name
