"""Trade and Order: freqtrade's ``trades`` and ``orders`` tables, column for column.

Profit arithmetic follows freqtrade: the open value includes the entry fee, the close value
deducts the exit fee; partial exits accumulate in ``realized_profit``.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from math import isclose
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from freqtrade.persistence.base import ModelBase, RowId
from freqtrade.persistence.trade_json import order_json, trade_json
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc
from freqtrade.util.precision import amount_to_precision, price_to_precision

logger = logging.getLogger(__name__)

NON_OPEN_STATES = ("closed", "canceled", "cancelled", "expired", "rejected")
# Two amounts closer than this are the same amount (a fill that empties the position).
MATH_CLOSE_PREC = 1e-14
RECORD_VERSION = 2


def _naive(dt: datetime | None) -> datetime | None:
    """Dates are stored naive UTC, as freqtrade does."""
    if dt is None:
        return None
    return as_utc(dt).replace(tzinfo=None)


def _dec(value: float) -> Decimal:
    """A float as the decimal of its shortest repr (how the profit arithmetic sees it)."""
    return Decimal(repr(float(value)))


def _columns(obj: ModelBase) -> dict[str, Any]:
    """Column name -> current attribute value (what the renderers in trade_json read)."""
    return {column.key: getattr(obj, column.key) for column in obj.__table__.columns}


class Order(ModelBase):
    """One exchange order of a trade (entry, exit or stoploss)."""

    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("ft_pair", "order_id", name="_order_pair_order_id"),
        Index("ix_ft_orders_trade_side", "ft_trade_id", "ft_order_side"),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    ft_trade_id: Mapped[int] = mapped_column(RowId, ForeignKey("trades.id"), index=True)
    trade: Mapped[Trade] = relationship("Trade", back_populates="orders")
    ft_order_side: Mapped[str] = mapped_column(String(25), nullable=False)
    ft_pair: Mapped[str] = mapped_column(String(25), nullable=False)
    ft_is_open: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, index=True)
    ft_amount: Mapped[float] = mapped_column(Float(), nullable=False)
    ft_price: Mapped[float] = mapped_column(Float(), nullable=False)
    ft_cancel_reason: Mapped[str | None] = mapped_column(String(255), nullable=True)
    order_id: Mapped[str] = mapped_column(String(255), nullable=False, index=True)
    status: Mapped[str | None] = mapped_column(String(255), nullable=True)
    symbol: Mapped[str | None] = mapped_column(String(25), nullable=True)
    order_type: Mapped[str | None] = mapped_column(String(50), nullable=True)
    side: Mapped[str | None] = mapped_column(String(25), nullable=True)
    price: Mapped[float | None] = mapped_column(Float(), nullable=True)
    average: Mapped[float | None] = mapped_column(Float(), nullable=True)
    amount: Mapped[float | None] = mapped_column(Float(), nullable=True)
    filled: Mapped[float | None] = mapped_column(Float(), nullable=True)
    remaining: Mapped[float | None] = mapped_column(Float(), nullable=True)
    cost: Mapped[float | None] = mapped_column(Float(), nullable=True)
    stop_price: Mapped[float | None] = mapped_column(Float(), nullable=True)
    order_date: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True,
                                                        default=lambda: _naive(dt_now()))
    order_filled_date: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    order_update_date: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    funding_fee: Mapped[float | None] = mapped_column(Float(), nullable=True)
    ft_fee_base: Mapped[float | None] = mapped_column(Float(), nullable=True)
    ft_order_tag: Mapped[str | None] = mapped_column(String(255), nullable=True)

    # ------------------------------------------------------------------ safe accessors
    @property
    def safe_price(self) -> float:
        return self.average or self.price or self.stop_price or self.ft_price

    @property
    def safe_placement_price(self) -> float:
        return self.price or self.stop_price or self.ft_price

    @property
    def safe_amount(self) -> float:
        return self.amount or self.ft_amount

    @property
    def safe_filled(self) -> float:
        if self.filled is not None:
            return self.filled
        return self.amount or 0.0 if self.status == "closed" else 0.0

    @property
    def safe_cost(self) -> float:
        return self.cost or 0.0

    @property
    def safe_remaining(self) -> float:
        if self.remaining is not None:
            return self.remaining
        return self.safe_amount - (self.filled or 0.0)

    @property
    def safe_fee_base(self) -> float:
        return self.ft_fee_base or 0.0

    @property
    def safe_amount_after_fee(self) -> float:
        """What the fill added to (or took from) the position: a fee paid in the base
        currency reduces it."""
        return self.safe_filled - self.safe_fee_base

    @property
    def stake_amount(self) -> float:
        """Stake of the whole order (its amount at its price, per leverage)."""
        leverage = (self.trade.leverage if self.trade is not None else None) or 1.0
        return float(_dec(self.safe_amount) * _dec(self.safe_price) / _dec(leverage))

    @property
    def stake_amount_filled(self) -> float:
        leverage = (self.trade.leverage if self.trade is not None else None) or 1.0
        return float(_dec(self.safe_filled) * _dec(self.safe_price) / _dec(leverage))

    @property
    def order_date_utc(self) -> datetime | None:
        return as_utc(self.order_date) if self.order_date else None

    @property
    def order_filled_utc(self) -> datetime | None:
        return as_utc(self.order_filled_date) if self.order_filled_date else None

    def __repr__(self) -> str:
        return (f"Order(id={self.id}, trade={self.ft_trade_id}, order_id={self.order_id}, "
                f"side={self.side}, status={self.status})")

    # ------------------------------------------------------------------ ccxt mapping
    def update_from_ccxt_object(self, order: dict[str, Any]) -> None:
        """Copy the fields of a ccxt order dict that are present."""
        if order.get("id") and str(order["id"]) != self.order_id:
            logger.debug("Order id mismatch: %s != %s", order["id"], self.order_id)
        for attr, key in (("status", "status"), ("symbol", "symbol"), ("order_type", "type"),
                          ("side", "side"), ("price", "price"), ("amount", "amount"),
                          ("filled", "filled"), ("average", "average"),
                          ("remaining", "remaining"), ("cost", "cost"),
                          ("stop_price", "stopPrice")):
            value = order.get(key)
            if value is not None:
                setattr(self, attr, value)
        if order.get("timestamp") and self.order_date is None:
            self.order_date = _naive(datetime.fromtimestamp(order["timestamp"] / 1000,
                                                            tz=dt_now().tzinfo))
        now = _naive(dt_now())
        self.order_update_date = now
        if self.status in NON_OPEN_STATES:
            self.ft_is_open = False
            if self.status == "closed" and self.order_filled_date is None:
                fill_ts = order.get("lastTradeTimestamp") or order.get("timestamp")
                self.order_filled_date = (
                    _naive(datetime.fromtimestamp(fill_ts / 1000, tz=dt_now().tzinfo))
                    if fill_ts else now)
        fee = order.get("fee") or {}
        if fee.get("cost") is not None and fee.get("currency"):
            base = self.ft_pair.split("/")[0]
            if fee["currency"] == base:
                self.ft_fee_base = fee["cost"]

    @classmethod
    def parse_from_ccxt_object(cls, order: dict[str, Any], pair: str, side: str,
                               amount: float | None = None,
                               price: float | None = None) -> Order:
        """A new Order row from a ccxt order dict (``side`` is the ft side buy/sell/stoploss)."""
        obj = cls(order_id=str(order["id"]), ft_order_side=side, ft_pair=pair,
                  ft_amount=amount if amount is not None else order.get("amount") or 0.0,
                  ft_price=price if price is not None else order.get("price") or 0.0,
                  ft_is_open=True)
        obj.update_from_ccxt_object(order)
        return obj

    @staticmethod
    def order_by_id(order_id: str, pair: str | None = None) -> Order | None:
        """The stored order with this exchange id (ids are unique per pair)."""
        filters = [Order.order_id == order_id]
        if pair is not None:
            filters.append(Order.ft_pair == pair)
        return Order.session.scalars(select(Order).filter(*filters)).first()

    # ------------------------------------------------------------------ rendering
    def to_json(self, entry_side: str, minified: bool = False) -> dict[str, Any]:
        """The order as the API shows it inside a trade."""
        return order_json(_columns(self), entry_side, minified)


@dataclass
class ProfitStruct:
    profit_abs: float
    profit_ratio: float
    total_profit: float
    total_profit_ratio: float


class Trade(ModelBase):
    """A position: its entry/exit orders, fees, stoploss state and resulting profit."""

    __tablename__ = "trades"
    __table_args__ = (
        Index("ix_ft_trades_close_date", "close_date"),
        Index("ix_ft_trades_is_open_close_date", "is_open", "close_date"),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    orders: Mapped[list[Order]] = relationship(
        "Order", order_by="Order.id", cascade="all, delete-orphan", lazy="selectin",
        back_populates="trade")
    exchange: Mapped[str] = mapped_column(String(25), nullable=False)
    pair: Mapped[str] = mapped_column(String(25), nullable=False, index=True)
    base_currency: Mapped[str | None] = mapped_column(String(25), nullable=True)
    stake_currency: Mapped[str | None] = mapped_column(String(25), nullable=True)
    is_open: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, index=True)
    fee_open: Mapped[float] = mapped_column(Float(), nullable=False, default=0.0)
    fee_open_cost: Mapped[float | None] = mapped_column(Float(), nullable=True)
    fee_open_currency: Mapped[str | None] = mapped_column(String(25), nullable=True)
    fee_close: Mapped[float] = mapped_column(Float(), nullable=False, default=0.0)
    fee_close_cost: Mapped[float | None] = mapped_column(Float(), nullable=True)
    fee_close_currency: Mapped[str | None] = mapped_column(String(25), nullable=True)
    open_rate: Mapped[float] = mapped_column(Float(), nullable=False)
    open_rate_requested: Mapped[float | None] = mapped_column(Float(), nullable=True)
    open_trade_value: Mapped[float | None] = mapped_column(Float(), nullable=True)
    close_rate: Mapped[float | None] = mapped_column(Float(), nullable=True)
    close_rate_requested: Mapped[float | None] = mapped_column(Float(), nullable=True)
    realized_profit: Mapped[float | None] = mapped_column(Float(), default=0.0, nullable=True)
    close_profit: Mapped[float | None] = mapped_column(Float(), nullable=True)
    close_profit_abs: Mapped[float | None] = mapped_column(Float(), nullable=True)
    stake_amount: Mapped[float] = mapped_column(Float(), nullable=False)
    max_stake_amount: Mapped[float | None] = mapped_column(Float(), nullable=True)
    amount: Mapped[float] = mapped_column(Float(), nullable=False)
    amount_requested: Mapped[float | None] = mapped_column(Float(), nullable=True)
    open_date: Mapped[datetime] = mapped_column(DateTime(), nullable=False,
                                                default=lambda: _naive(dt_now()))
    close_date: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    stop_loss: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0.0)
    stop_loss_pct: Mapped[float | None] = mapped_column(Float(), nullable=True)
    initial_stop_loss: Mapped[float | None] = mapped_column(Float(), nullable=True,
                                                             default=0.0)
    initial_stop_loss_pct: Mapped[float | None] = mapped_column(Float(), nullable=True)
    is_stop_loss_trailing: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    max_rate: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0.0)
    min_rate: Mapped[float | None] = mapped_column(Float(), nullable=True)
    exit_reason: Mapped[str | None] = mapped_column(String(255), nullable=True)
    exit_order_status: Mapped[str | None] = mapped_column(String(100), nullable=True)
    strategy: Mapped[str | None] = mapped_column(String(100), nullable=True)
    enter_tag: Mapped[str | None] = mapped_column(String(255), nullable=True)
    timeframe: Mapped[int | None] = mapped_column(Integer, nullable=True)
    trading_mode: Mapped[str | None] = mapped_column(String(7), nullable=True, default="SPOT")
    amount_precision: Mapped[float | None] = mapped_column(Float(), nullable=True)
    price_precision: Mapped[float | None] = mapped_column(Float(), nullable=True)
    precision_mode: Mapped[int | None] = mapped_column(Integer, nullable=True)
    precision_mode_price: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contract_size: Mapped[float | None] = mapped_column(Float(), nullable=True)
    leverage: Mapped[float | None] = mapped_column(Float(), nullable=True, default=1.0)
    is_short: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    liquidation_price: Mapped[float | None] = mapped_column(Float(), nullable=True)
    interest_rate: Mapped[float] = mapped_column(Float(), nullable=False, default=0.0)
    funding_fees: Mapped[float | None] = mapped_column(Float(), nullable=True, default=0.0)
    funding_fee_running: Mapped[float | None] = mapped_column(Float(), nullable=True)
    record_version: Mapped[int] = mapped_column(Integer, nullable=False,
                                                default=RECORD_VERSION)

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("realized_profit", 0.0)
        kwargs.setdefault("is_stop_loss_trailing", False)
        kwargs.setdefault("is_short", False)
        kwargs.setdefault("interest_rate", 0.0)
        kwargs.setdefault("leverage", 1.0)
        kwargs.setdefault("funding_fees", 0.0)
        kwargs.setdefault("record_version", RECORD_VERSION)
        # freqtrade maps TradingMode by enum name ("SPOT"); "spot" would not load there
        kwargs["trading_mode"] = str(kwargs.get("trading_mode") or "SPOT").upper()
        for key in ("open_date", "close_date"):
            if kwargs.get(key) is not None:
                kwargs[key] = _naive(kwargs[key])
        super().__init__(**kwargs)
        if self.stop_loss is None:
            self.stop_loss = 0.0
        if self.initial_stop_loss is None:
            self.initial_stop_loss = 0.0
        if self.max_rate is None:
            self.max_rate = 0.0
        self.stoploss_last_update: datetime | None = None
        if self.open_trade_value is None and self.open_rate is not None \
                and self.amount is not None:
            self.recalc_open_trade_value()

    def __repr__(self) -> str:
        return (f"Trade(id={self.id}, pair={self.pair}, amount={self.amount:.8f}, "
                f"open_rate={self.open_rate:.8f}, is_open={self.is_open})")

    # ------------------------------------------------------------------ simple properties
    @property
    def entry_side(self) -> str:
        return "sell" if self.is_short else "buy"

    @property
    def exit_side(self) -> str:
        return "buy" if self.is_short else "sell"

    @property
    def trade_direction(self) -> str:
        return "short" if self.is_short else "long"

    @property
    def open_date_utc(self) -> datetime:
        return as_utc(self.open_date)

    @property
    def close_date_utc(self) -> datetime | None:
        return as_utc(self.close_date) if self.close_date else None

    @property
    def quote_currency(self) -> str | None:
        return self.stake_currency

    @property
    def open_orders(self) -> list[Order]:
        return [o for o in self.orders if o.ft_is_open and o.ft_order_side != "stoploss"]

    @property
    def has_open_orders(self) -> bool:
        return bool(self.open_orders)

    @property
    def open_orders_ids(self) -> list[str]:
        return [o.order_id for o in self.open_orders]

    @property
    def nr_of_successful_entries(self) -> int:
        return len(self.select_filled_orders(self.entry_side))

    @property
    def nr_of_successful_exits(self) -> int:
        return len(self.select_filled_orders(self.exit_side))

    @property
    def stoploss_or_liquidation(self) -> float:
        return self.stop_loss or 0.0

    def select_order(self, order_side: str | None = None,
                     is_open: bool | None = None) -> Order | None:
        """The newest order matching side and open state."""
        for order in reversed(self.orders):
            if order_side and order.ft_order_side != order_side:
                continue
            if is_open is not None and order.ft_is_open != is_open:
                continue
            return order
        return None

    def select_filled_orders(self, order_side: str | None = None) -> list[Order]:
        """Orders with a fill that are no longer open (optionally of one side)."""
        return [o for o in self.orders
                if (order_side is None or o.ft_order_side == order_side)
                and not o.ft_is_open and (o.filled or 0) > 0 and o.status in NON_OPEN_STATES]

    def select_filled_or_open_orders(self) -> list[Order]:
        return [o for o in self.orders if o.ft_is_open or (o.filled or 0) > 0]

    # ------------------------------------------------------------------ profit arithmetic
    def _calc_open_trade_value(self, amount: float, open_rate: float) -> float:
        value = _dec(amount) * _dec(open_rate)
        fee = value * _dec(self.fee_open or 0.0)
        return float(value - fee if self.is_short else value + fee)

    def recalc_open_trade_value(self) -> None:
        self.open_trade_value = self._calc_open_trade_value(self.amount, self.open_rate)

    def calc_close_trade_value(self, rate: float, amount: float | None = None) -> float:
        """What closing ``amount`` at ``rate`` yields (long) or costs (short), after fees."""
        if rate is None or not self.open_rate:
            return 0.0
        amount = self.amount if amount is None else amount
        value = _dec(amount) * _dec(rate)
        fee = value * _dec(self.fee_close or 0.0)
        return float(value + fee if self.is_short else value - fee)

    def calc_profit(self, rate: float, amount: float | None = None,
                    open_rate: float | None = None) -> float:
        return self.calculate_profit(rate, amount, open_rate).profit_abs

    def calc_profit_ratio(self, rate: float, amount: float | None = None,
                          open_rate: float | None = None) -> float:
        return self.calculate_profit(rate, amount, open_rate).profit_ratio

    def calculate_profit(self, rate: float, amount: float | None = None,
                         open_rate: float | None = None) -> ProfitStruct:
        """Unrealized profit of ``amount`` at ``rate`` and the total including realized.

        The total ratio is relative to the largest position the trade held, entry fee
        included, so DCA trades are measured against everything they put in.
        """
        amount = self.amount if amount is None else amount
        if open_rate is None and amount == self.amount:
            open_value = self.open_trade_value or self._calc_open_trade_value(
                amount, self.open_rate)
        else:
            open_value = self._calc_open_trade_value(amount, open_rate or self.open_rate)
        close_value = self.calc_close_trade_value(rate, amount)
        if self.is_short:
            profit_abs = open_value - close_value
        else:
            profit_abs = close_value - open_value
        if open_value == 0.0 or (isinstance(rate, float) and math.isnan(rate)):
            ratio = 0.0 if open_value == 0.0 else float("nan")
        elif self.is_short:
            ratio = round((1 - close_value / open_value) * (self.leverage or 1.0), 8)
        else:
            ratio = round((close_value / open_value - 1) * (self.leverage or 1.0), 8)
        total = profit_abs + (self.realized_profit or 0.0)
        if self.max_stake_amount:
            fee_factor = (1 - self.fee_open) if self.is_short else (1 + self.fee_open)
            total_ratio = round(total / (self.max_stake_amount * fee_factor), 8)
        else:
            total_ratio = 0.0
        return ProfitStruct(round(profit_abs, 8), ratio, round(total, 8), total_ratio)

    # ------------------------------------------------------------------ order updates
    @property
    def date_last_filled_utc(self) -> datetime:
        """When the last order filled (the open date while none has)."""
        filled = [as_utc(o.order_filled_date) for o in self.select_filled_orders()
                  if o.order_filled_date]
        return max([self.open_date_utc, *filled])

    def recalc_trade_from_orders(self, *, is_closing: bool = False) -> None:
        """Rebuild amount, average open rate, stake and realized profit from filled orders.

        Walking the orders in placement order: an entry adds its amount at its price and
        moves the average; an exit removes its amount at the average of that moment and
        books its profit against that average. ``close_profit`` is the booked profit over
        the total entry value (fees included); it is set once there was an exit.
        """
        zero = Decimal(0)
        amount = zero
        stake = zero
        max_stake = zero
        avg_price = zero
        total_stake = 0.0
        close_profit = 0.0
        close_profit_abs = 0.0
        last_exit_profit = 0.0
        total_funding = 0.0
        leverage = self.leverage or 1.0
        for order in self.orders:
            if order.ft_is_open or not order.filled:
                continue
            total_funding += order.funding_fee or 0.0
            fill = _dec(order.safe_amount_after_fee)
            price = _dec(order.safe_price)
            is_exit = order.ft_order_side != self.entry_side
            if fill > zero:
                if is_exit:
                    amount -= fill
                    stake -= avg_price * fill
                else:
                    amount += fill
                    stake += price * fill
                    if amount > zero:
                        avg_price = stake / amount
            if is_exit:
                profit = self.calculate_profit(order.safe_price, order.safe_amount_after_fee,
                                               float(avg_price))
                last_exit_profit = profit.profit_abs
                close_profit_abs += profit.profit_abs
                if total_stake > 0:
                    close_profit = close_profit_abs / total_stake * leverage
            else:
                total_stake += self._calc_open_trade_value(float(fill), float(price))
                max_stake += fill * price
        self.funding_fees = total_funding
        self.max_stake_amount = float(max_stake) / leverage
        if close_profit:
            self.close_profit = close_profit
            self.realized_profit = close_profit_abs
            self.close_profit_abs = last_exit_profit
        remaining = amount_to_precision(float(amount), self.amount_precision,
                                        self.precision_mode)
        if remaining > 0.0:
            self.open_rate = price_to_precision(float(stake / amount), self.price_precision,
                                                self.precision_mode_price)
            self.amount = remaining
            self.stake_amount = float(stake) / leverage
            self.fee_open_cost = self.fee_open * float(self.max_stake_amount)
            self.recalc_open_trade_value()
            if self.stop_loss_pct is not None and self.open_rate is not None:
                self.adjust_stop_loss(self.open_rate, self.stop_loss_pct)
        elif is_closing and total_stake > 0:
            self.close_profit = close_profit_abs / total_stake * leverage
            self.close_profit_abs = close_profit_abs

    def update_trade(self, order: Order, recalculating: bool = False) -> None:
        """Apply a filled (or cancelled, partially filled) order to the trade.

        An exit (or stoploss) order that takes the whole remaining amount closes the trade;
        a smaller one is a partial exit. ``recalculating`` (rebuilding a stored trade) only
        closes when the position really comes out at zero.
        """
        if order.status == "open" or order.safe_price is None:
            return
        if order.ft_order_side != "stoploss" and order.funding_fee is None:
            order.funding_fee = self.funding_fee_running or 0.0
            self.funding_fee_running = 0.0
        if order.ft_order_side == self.entry_side:
            self.open_rate = order.safe_price
            self.amount = order.safe_amount_after_fee
            self.recalc_trade_from_orders()
            if self.nr_of_successful_entries == 1:
                self.open_date = order.order_filled_date or self.open_date
            logger.info("Entry order filled for trade %s: %.8f at %.8f.", self.id,
                        order.safe_filled, order.safe_price)
            return
        if order.ft_order_side == "stoploss":
            self.close_rate_requested = self.stop_loss
            self.exit_reason = "stoploss_on_exchange"
        elif order.ft_order_side != self.exit_side:
            raise ValueError(f"Unknown order side: {order.ft_order_side}")
        position = amount_to_precision(self.amount, self.amount_precision, self.precision_mode)
        exited = order.safe_amount_after_fee
        if isclose(exited, position, abs_tol=MATH_CLOSE_PREC) or (
                not recalculating and exited > position):
            self.close(order.safe_price, order)
        else:
            self.recalc_trade_from_orders()
            self.close_rate_requested = None
            logger.info("Partial exit of trade %s: %.8f at %.8f, realized %.8f.", self.id,
                        exited, order.safe_price, self.realized_profit or 0.0)

    def close(self, rate: float, order: Order | None = None) -> None:
        """Mark the trade closed at ``rate``; profit comes from all its orders."""
        self.close_rate = rate
        self.close_date = self.close_date or _naive(self.date_last_filled_utc
                                                    if self.select_filled_orders()
                                                    else dt_now())
        self.is_open = False
        self.exit_order_status = "closed"
        self.recalc_trade_from_orders(is_closing=True)
        if order is not None:
            self.fee_close_cost = order.safe_filled * rate * self.fee_close
            self.fee_close_currency = self.stake_currency
        logger.info("Trade %s closed at %.8f: profit %.8f (%.2f%%).", self.id, rate,
                    self.close_profit_abs or 0.0, (self.close_profit or 0) * 100)

    # ------------------------------------------------------------------ stoploss
    def _set_stop_loss(self, stop_loss: float, percent: float) -> None:
        self.stop_loss = stop_loss
        self.stop_loss_pct = -1 * abs(percent)
        self.stoploss_last_update = dt_now()

    def adjust_stop_loss(self, current_price: float, stoploss: float | None,
                         initial: bool = False, allow_refresh: bool = False) -> None:
        """Move the stop with the price; it only ever moves in the trade's favour."""
        if stoploss is None or (initial and self.initial_stop_loss_pct is not None
                                and not allow_refresh):
            return
        leverage = self.leverage or 1.0
        ratio = abs(stoploss) / leverage
        new_stop = current_price * (1 + ratio) if self.is_short else current_price * (1 - ratio)
        if self.initial_stop_loss_pct is None or not self.stop_loss:
            self._set_stop_loss(new_stop, stoploss)
            self.initial_stop_loss = new_stop
            self.initial_stop_loss_pct = -1 * abs(stoploss)
            return
        better = new_stop < self.stop_loss if self.is_short else new_stop > self.stop_loss
        if better or (allow_refresh and new_stop != self.stop_loss):
            self.is_stop_loss_trailing = True
            self._set_stop_loss(new_stop, stoploss)

    def adjust_min_max_rates(self, current_price: float, current_price_low: float) -> None:
        self.max_rate = max(current_price, self.max_rate or self.open_rate)
        self.min_rate = min(current_price_low, self.min_rate or self.open_rate)

    def set_liquidation_price(self, liquidation_price: float | None) -> None:
        self.liquidation_price = liquidation_price

    # ------------------------------------------------------------------ rendering
    def to_json(self, minified: bool = False) -> dict[str, Any]:
        """The raw trade dict of ``/trades`` (the superset the other renderings start from)."""
        return trade_json(_columns(self), [_columns(o) for o in self.orders], minified,
                          getattr(self, "stoploss_last_update", None))

    # ------------------------------------------------------------------ queries
    @classmethod
    def get_open_trades(cls) -> list[Trade]:
        """The open trades in id order; objects this session already holds are reused."""
        from freqtrade.persistence.held_trades import open_trades

        return open_trades(cls.session(), cls)

    @classmethod
    def get_open_trade_count(cls) -> int:
        return cls.session.execute(select(func.count(cls.id))
                                   .where(cls.is_open.is_(True))).scalar_one()

    @classmethod
    def get_trades_proxy(cls, *, pair: str | None = None, is_open: bool | None = None,
                         open_date: datetime | None = None,
                         close_date: datetime | None = None) -> list[Trade]:
        """Trades filtered like freqtrade's helper of the same name (strategies call it)."""
        query = select(cls)
        if pair:
            query = query.where(cls.pair == pair)
        if is_open is not None:
            query = query.where(cls.is_open.is_(is_open))
        if open_date:
            query = query.where(cls.open_date > _naive(open_date))
        if close_date:
            query = query.where(cls.close_date > _naive(close_date))
        return list(cls.session.scalars(query.order_by(cls.id)).all())

    @classmethod
    def get_trades(cls, *filters: Any) -> list[Trade]:
        return list(cls.session.scalars(select(cls).where(*filters).order_by(cls.id)).all())

    @classmethod
    def get_trade_by_id(cls, trade_id: int) -> Trade | None:
        return cls.session.get(cls, trade_id)

    @classmethod
    def total_open_trades_stakes(cls) -> float:
        return cls.session.execute(select(func.coalesce(func.sum(cls.stake_amount), 0.0))
                                   .where(cls.is_open.is_(True))).scalar_one()

    @classmethod
    def commit(cls) -> None:
        """Commit this thread's session; one with nothing to write is left as it is (its
        loaded trades stay loaded instead of being expired)."""
        from freqtrade.persistence.held_trades import nothing_to_commit

        session = cls.session()
        if not nothing_to_commit(session):
            session.commit()

    @classmethod
    def rollback(cls) -> None:
        cls.session.rollback()

    @property
    def is_removed(self) -> bool:
        """True once the row was deleted (or never stored) in this process."""
        state = sa_inspect(self)
        return state.was_deleted or state.deleted or state.transient

    def delete(self) -> None:
        """Remove the trade with its orders and custom data; a second call is a no-op.

        Cancelling an unfilled entry already removes its trade, so callers that cancel and
        then clean up must not make SQLAlchemy delete a row that is gone.
        """
        from freqtrade.persistence.custom_data import CustomData

        if self.is_removed:
            return

        for item in self.session.scalars(select(CustomData)
                                         .where(CustomData.ft_trade_id == self.id)).all():
            self.session.delete(item)
        self.session.delete(self)
        self.session.commit()

    # ------------------------------------------------------------------ custom data
    def set_custom_data(self, key: str, value: Any) -> None:
        from freqtrade.persistence.custom_data import set_custom_data

        set_custom_data(self.id, key, value)

    def get_custom_data(self, key: str, default: Any = None) -> Any:
        from freqtrade.persistence.custom_data import get_custom_data

        found = get_custom_data(self.id, key)
        return found[0].value if found else default
