"""What happens to an order that is still open when the loop looks at it again.

Timeouts come first: past ``unfilledtimeout`` for its side (or when ``check_entry_timeout`` /
``check_exit_timeout`` answer True) the order is cancelled; the part that did fill stays in
the trade. Otherwise, once a new candle has started since the order was placed, the
strategy's ``adjust_order_price`` (by default ``adjust_entry_price``/``adjust_exit_price``)
may move it: the same price keeps the order, another price cancels it and places a new one
for the unfilled rest, None cancels it without a replacement.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from freqtrade.enums import ExitType
from freqtrade.exceptions import DependencyException
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import timeframe_to_next_date

if TYPE_CHECKING:  # pragma: no cover
    from freqtrade.bot import FreqtradeBot

logger = logging.getLogger(__name__)

REASON_TIMEOUT = "cancelled due to timeout"
REASON_REPLACE = "cancelled to be replaced by new limit order"
REASON_USER_CANCEL = "user requested order cancel"


def handle_still_open(bot: FreqtradeBot, trade, order) -> None:
    """Cancel the open ``order`` on timeout, else offer the strategy to move it."""
    if bot.strategy.ft_check_timed_out(trade, order, dt_now()):
        cancel_order(bot, trade, order, REASON_TIMEOUT)
        return
    replace_order(bot, trade, order)


def cancel_order(bot: FreqtradeBot, trade, order, reason: str) -> bool:
    """Cancel without replacing; a cancelled exit counts toward ``exit_timeout_count``."""
    cancelled = bot.cancel_order(trade, order, reason=reason)
    if order.ft_order_side != trade.entry_side and cancelled:
        _emergency_exit_after_timeouts(bot, trade, order)
    return cancelled


def _emergency_exit_after_timeouts(bot: FreqtradeBot, trade, order) -> None:
    """After ``exit_timeout_count`` cancelled exits, exit at market (``emergency_exit``)."""
    from freqtrade.bot import ExitCheck

    limit = (bot.config.get("unfilledtimeout") or {}).get("exit_timeout_count", 0) or 0
    cancelled = len([o for o in trade.orders if o.ft_order_side == trade.exit_side
                     and o.status in ("canceled", "cancelled", "expired", "rejected")])
    if limit <= 0 or cancelled < limit or not trade.is_open or trade.is_removed:
        return
    logger.warning("Trade %s: the exit order timed out %s times, exiting at market.",
                   trade.id, limit)
    try:
        bot.execute_trade_exit(trade, order.safe_placement_price,
                               ExitCheck(ExitType.EMERGENCY_EXIT),
                               sub_trade_amt=order.safe_remaining)
    except DependencyException as exc:
        logger.warning("Emergency exit of trade %s failed: %s", trade.id, exc)


def _new_candle_since(bot: FreqtradeBot, trade, order) -> bool:
    dataframe, _ = bot.dataprovider.get_analyzed_dataframe(trade.pair, bot.timeframe)
    if dataframe is None or dataframe.empty or order.order_date is None:
        return False
    last_open = dataframe.iloc[-1]["date"].to_pydatetime()
    return timeframe_to_next_date(bot.timeframe, last_open) > order.order_date_utc


def replace_order(bot: FreqtradeBot, trade, order) -> None:
    """Once per new candle: keep, move or cancel the open order as the strategy answers."""
    if not _new_candle_since(bot, trade, order):
        return
    is_entry = order.ft_order_side == trade.entry_side
    proposed = bot.exchange.get_rate(trade.pair, side="entry" if is_entry else "exit",
                                     is_short=trade.is_short)
    current = order.safe_placement_price
    adjusted = bot.strategy.adjust_order_price(
        trade=trade, order=order, pair=trade.pair, current_time=dt_now(),
        proposed_rate=proposed, current_order_rate=current, entry_tag=trade.enter_tag,
        side=trade.trade_direction, is_entry=is_entry)
    if adjusted == current:
        return
    if adjusted:
        replace_with(bot, trade, order, float(adjusted), is_entry)
    elif not cancel_order(bot, trade, order, REASON_USER_CANCEL):
        _replace_failed(bot, trade, "the order was not fully cancelled")


def replace_with(bot: FreqtradeBot, trade, order, price: float, is_entry: bool) -> None:
    """Cancel ``order`` and place the unfilled rest again at ``price``."""
    from freqtrade.bot import ExitCheck

    # as freqtrade: only an order cancelled without any fill is placed again
    if not bot.cancel_order(trade, order, reason=REASON_REPLACE, replacing=True):
        _replace_failed(bot, trade, "the order was not fully cancelled")
        return
    remaining = order.safe_remaining
    try:
        if is_entry:
            placed = bot.execute_entry(
                trade.pair, remaining * order.safe_price / (trade.leverage or 1.0), price,
                trade=trade, mode="replace") is not None
        else:
            placed = bot.execute_trade_exit(
                trade, price, ExitCheck(ExitType.CUSTOM_EXIT,
                                        order.ft_order_tag or "order_replaced"),
                ordertype="limit", sub_trade_amt=remaining)
    except DependencyException as exc:
        logger.warning("Could not replace the order of trade %s: %s", trade.id, exc)
        placed = False
    if not placed:
        _replace_failed(bot, trade, "no replacement order could be placed")


def _replace_failed(bot: FreqtradeBot, trade, why: str) -> None:
    """A trade whose only entry order is gone without a fill is removed."""
    logger.warning("Replacing the order of trade %s failed: %s.", trade.id, why)
    if trade.nr_of_successful_entries == 0 and not trade.is_removed:
        logger.warning("Removing trade %s: its entry order is gone unfilled.", trade.id)
        bot.send_msg({"type": "entry_cancel", "trade_id": trade.id, "pair": trade.pair,
                      "reason": "failed to replace order, deleting Trade"})
        trade.delete()


def handle_similar_open_order(bot: FreqtradeBot, trade, price: float, amount: float,
                              side: str) -> bool:
    """Before a new order on a trade with open orders: True keeps the identical open order
    (no new one); a different one is cancelled first (True if that failed)."""
    if not trade.has_open_orders:
        return False
    existing = trade.select_order(side, True)
    if existing is not None and existing.price == price and existing.side == side \
            and existing.amount == amount:
        logger.info("Trade %s already has this %s order open; keeping it.", trade.id, side)
        return True
    for open_order in list(trade.open_orders):
        bot.cancel_order(trade, open_order, reason=REASON_REPLACE, replacing=True)
    return trade.has_open_orders
