"""Position adjustment (DCA and partial exits) through ``adjust_trade_position``.

With ``position_adjustment_enable`` the strategy is asked once per loop for every open trade
that holds a position or has an open order. A positive stake adds an entry order at the
current entry price (at most ``max_entry_position_adjustment`` extra entries, -1 for no
limit, and not while the bot is paused); a negative stake exits that share of the position
at the current exit price, as long as the rest stays above the exchange's minimum.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING

from freqtrade.enums import ExitType, State
from freqtrade.exceptions import DependencyException, PricingError
from freqtrade.util.clock import dt_now

if TYPE_CHECKING:  # pragma: no cover
    from freqtrade.bot import FreqtradeBot

logger = logging.getLogger(__name__)


def adjust_open_positions(bot: FreqtradeBot) -> None:
    """Offer every open trade to ``adjust_trade_position``."""
    from freqtrade.persistence import Trade

    for trade in Trade.get_open_trades():
        if trade.amount > 0 or trade.has_open_orders:
            try:
                adjust_trade_position(bot, trade)
            except (DependencyException, PricingError) as exc:
                logger.warning("Could not adjust the position of trade %s (%s): %s",
                               trade.id, trade.pair, exc)


def adjust_trade_position(bot: FreqtradeBot, trade) -> None:
    """Ask the strategy about one trade and place the entry or partial exit it asks for."""
    entry_rate = bot.exchange.get_rate(trade.pair, side="entry", is_short=trade.is_short)
    exit_rate = bot.exchange.get_rate(trade.pair, side="exit", is_short=trade.is_short)
    entry_profit = trade.calc_profit_ratio(entry_rate)
    exit_profit = trade.calc_profit_ratio(exit_rate)
    leverage = trade.leverage or 1.0
    min_stake = bot.exchange.get_min_pair_stake_amount(trade.pair, entry_rate, 0.0, leverage)
    max_stake = min(bot.exchange.get_max_pair_stake_amount(trade.pair, entry_rate),
                    bot.wallets.get_available_stake_amount())
    stake, order_tag = bot.strategy.ft_adjust_trade_position(
        trade=trade, current_time=dt_now(), current_rate=entry_rate,
        current_profit=entry_profit, min_stake=min_stake, max_stake=max_stake,
        current_entry_rate=entry_rate, current_exit_rate=exit_rate,
        current_entry_profit=entry_profit, current_exit_profit=exit_profit)
    if not isinstance(stake, (int, float)) or isinstance(stake, bool) or stake == 0:
        return
    if stake > 0:
        _add_to_position(bot, trade, float(stake), entry_rate, order_tag)
    else:
        _reduce_position(bot, trade, float(stake), exit_rate, order_tag)


def _add_to_position(bot: FreqtradeBot, trade, stake: float, rate: float,
                     order_tag: str) -> None:
    if bot.state == State.PAUSED:
        logger.debug("Not adding to trade %s: the bot is paused.", trade.id)
        return
    limit = bot.strategy.max_entry_position_adjustment
    if limit > -1 and trade.nr_of_successful_entries > limit:
        logger.debug("Trade %s reached max_entry_position_adjustment (%s).", trade.id, limit)
        return
    bot.execute_entry(trade.pair, stake, rate, trade=trade, mode="pos_adjust",
                      enter_tag=order_tag or None)


def _reduce_position(bot: FreqtradeBot, trade, stake: float, rate: float,
                     order_tag: str) -> None:
    from freqtrade.bot import ExitCheck

    share = abs(Decimal(repr(stake)) * Decimal(repr(trade.amount))
                / Decimal(repr(trade.stake_amount)))
    amount = bot.exchange.amount_to_precision(trade.pair, float(share))
    if amount == 0.0:
        logger.info("Trade %s: exiting a stake of %s comes to amount 0 at the exchange's "
                    "precision; not exiting.", trade.id, stake)
        return
    remaining = (trade.amount - amount) * rate
    min_exit_stake = bot.exchange.get_min_pair_stake_amount(
        trade.pair, rate, bot.strategy.stoploss, trade.leverage or 1.0)
    if min_exit_stake and remaining != 0 and remaining < min_exit_stake:
        logger.info("Trade %s: the remaining %s would be below the minimum stake %s; "
                    "not exiting.", trade.id, remaining, min_exit_stake)
        return
    bot.execute_trade_exit(trade, rate, ExitCheck(ExitType.PARTIAL_EXIT),
                           sub_trade_amt=amount, exit_tag=order_tag or None)
