"""The API's raw trade and order dicts, from mappings of column name -> value.

``Trade.to_json()`` / ``Order.to_json()`` render ORM objects through these functions, and
``freqtrade.rpc.trade_views`` renders a page of ``/trades`` from plain rows of two Core
SELECTs (the trades, then their orders) through the same functions: the same output without
building ORM objects.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from freqtrade.util.datetime_helpers import as_utc, format_date_none

_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def _fmt(dt: datetime | None) -> str | None:
    """``format_date_none`` (naive = UTC), without building an aware copy."""
    if dt is None:
        return None
    if dt.tzinfo is not None:
        return format_date_none(dt)
    return dt.isoformat(" ", "seconds")


def _ts(dt: datetime | None) -> int | None:
    """``dt_ts_none``: the same float arithmetic as ``datetime.timestamp()``."""
    if dt is None:
        return None
    if dt.tzinfo is not None:
        return int((dt - _EPOCH_UTC).total_seconds() * 1000)
    return int((dt - _EPOCH).total_seconds() * 1000)


def _round8(value: float | None) -> float | None:
    return None if value is None else round(value, 8)


def order_json(order: Mapping[str, Any], entry_side: str, minified: bool = False) -> dict[str, Any]:
    """The order as the API shows it inside a trade (``order`` has the ``orders`` columns)."""
    data: dict[str, Any] = {
        "amount": order["amount"] or order["ft_amount"],
        "safe_price": (order["average"] or order["price"] or order["stop_price"]
                       or order["ft_price"]),
        "ft_order_side": order["ft_order_side"],
        "order_filled_timestamp": _ts(order["order_filled_date"]),
        "ft_is_entry": order["ft_order_side"] == entry_side,
        "ft_order_tag": order["ft_order_tag"],
        "cost": order["cost"] if order["cost"] else 0.0,
        "filled": order["filled"],
        "ft_fee_base": order["ft_fee_base"],
    }
    if not minified:
        data.update({
            "pair": order["ft_pair"],
            "order_id": order["order_id"],
            "status": order["status"],
            "average": round(order["average"], 8) if order["average"] else 0,
            "order_date": _fmt(order["order_date"]),
            "order_timestamp": _ts(order["order_date"]),
            "order_filled_date": _fmt(order["order_filled_date"]),
            "order_type": order["order_type"],
            "price": order["price"],
            "remaining": order["remaining"],
            "is_open": order["ft_is_open"],
            "funding_fee": order["funding_fee"],
        })
    return data


def _filled(order: Mapping[str, Any]) -> bool:
    return not order["ft_is_open"] and (order["filled"] or 0) > 0


def trade_json(trade: Mapping[str, Any], orders: Sequence[Mapping[str, Any]],
               minified: bool = False, stoploss_last_update: datetime | None = None
               ) -> dict[str, Any]:
    """The raw trade dict of ``/trades``: ``trade`` has the ``trades`` columns, ``orders`` are
    its orders in id order."""
    entry_side = "sell" if trade["is_short"] else "buy"
    exit_side = "buy" if trade["is_short"] else "sell"
    filled_entries = [o for o in orders if o["ft_order_side"] == entry_side and _filled(o)]
    nr_exits = sum(1 for o in orders if o["ft_order_side"] == exit_side and _filled(o))
    first_fill = filled_entries[0]["order_filled_date"] if filled_entries else None
    closed = not trade["is_open"]
    close_profit = trade["close_profit"]
    close_profit_pct = round(close_profit * 100, 2) if close_profit else None
    duration_s = (int((as_utc(trade["close_date"]) - as_utc(trade["open_date"])).total_seconds())
                  if trade["close_date"] else None)
    realized = trade["realized_profit"]
    rendered_orders = [order_json(o, entry_side, minified) for o in orders
                       if o["ft_is_open"] or (o["filled"] or 0) > 0]
    stop_pct = trade["stop_loss_pct"]
    initial_pct = trade["initial_stop_loss_pct"]
    return {
        "trade_id": trade["id"],
        "pair": trade["pair"],
        "base_currency": trade["base_currency"],
        "quote_currency": trade["stake_currency"],
        "is_open": trade["is_open"],
        "exchange": trade["exchange"],
        "amount": round(trade["amount"], 8),
        "amount_requested": _round8(trade["amount_requested"]),
        "stake_amount": round(trade["stake_amount"], 8),
        "max_stake_amount": round(trade["max_stake_amount"], 8)
        if trade["max_stake_amount"] else None,
        "strategy": trade["strategy"],
        "enter_tag": trade["enter_tag"],
        "timeframe": trade["timeframe"],
        "fee_open": trade["fee_open"],
        "fee_open_cost": trade["fee_open_cost"],
        "fee_open_currency": trade["fee_open_currency"],
        "fee_close": trade["fee_close"],
        "fee_close_cost": trade["fee_close_cost"],
        "fee_close_currency": trade["fee_close_currency"],
        "open_date": _fmt(trade["open_date"]),
        "open_timestamp": _ts(trade["open_date"]),
        "open_fill_date": _fmt(first_fill),
        "open_fill_timestamp": _ts(first_fill),
        "open_rate": trade["open_rate"],
        "open_rate_requested": trade["open_rate_requested"],
        "open_trade_value": _round8(trade["open_trade_value"]),
        "close_date": _fmt(trade["close_date"]),
        "close_timestamp": _ts(trade["close_date"]),
        "realized_profit": realized or 0.0,
        # close_profit is the realized profit relative to the whole stake (after a part exit
        # too), which is what freqtrade sends here
        "realized_profit_ratio": close_profit or None,
        "close_rate": trade["close_rate"],
        "close_rate_requested": trade["close_rate_requested"],
        "close_profit": close_profit,
        "close_profit_pct": close_profit_pct,
        "close_profit_abs": trade["close_profit_abs"],
        "trade_duration_s": duration_s,
        "trade_duration": duration_s // 60 if duration_s is not None else None,
        "profit_ratio": close_profit if closed else None,
        "profit_pct": close_profit_pct if closed else None,
        "profit_abs": trade["close_profit_abs"] if closed else None,
        "profit_fiat": None,
        "exit_reason": trade["exit_reason"],
        "exit_order_status": trade["exit_order_status"],
        "stop_loss_abs": trade["stop_loss"],
        "stop_loss_ratio": stop_pct if stop_pct else None,
        "stop_loss_pct": (stop_pct * 100) if stop_pct else None,
        "stoploss_last_update": _fmt(stoploss_last_update),
        "stoploss_last_update_timestamp": _ts(stoploss_last_update),
        "initial_stop_loss_abs": trade["initial_stop_loss"],
        "initial_stop_loss_ratio": initial_pct if initial_pct else None,
        "initial_stop_loss_pct": (initial_pct * 100) if initial_pct else None,
        "min_rate": trade["min_rate"],
        "max_rate": trade["max_rate"],
        "leverage": trade["leverage"],
        "interest_rate": trade["interest_rate"],
        "liquidation_price": trade["liquidation_price"],
        "is_short": trade["is_short"],
        "trading_mode": (trade["trading_mode"] or "SPOT").lower(),
        "funding_fees": trade["funding_fees"],
        "amount_precision": trade["amount_precision"],
        "price_precision": trade["price_precision"],
        "precision_mode": trade["precision_mode"],
        "precision_mode_price": trade["precision_mode_price"],
        "contract_size": trade["contract_size"],
        "has_open_orders": any(o["ft_is_open"] and o["ft_order_side"] != "stoploss"
                               for o in orders),
        "nr_of_successful_entries": len(filled_entries),
        "nr_of_successful_exits": nr_exits,
        "orders": rendered_orders,
    }

