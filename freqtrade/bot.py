"""The trading bot: one ``process()`` call is one iteration of the trading loop.

Each iteration refreshes the whitelist and candles, lets the strategy analyze them, settles open
orders (fills, timeouts), exits first, then enters. Manual commands from the API (force entry/
exit, delete, cancel, locks, blacklist) take the same lock as ``process()`` so a trade is never
changed by two threads at once.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from freqtrade.enums import ExitType, RPCMessageType, State
from freqtrade.exceptions import (
    DependencyException,
    ExchangeError,
    InvalidOrderException,
    OperationalException,
    PricingError,
)
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc
from freqtrade.util.timeframes import timeframe_to_minutes, timeframe_to_next_date

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_SECS = 30


class ExitCheck:
    """Why a trade is being exited (mirrors the strategy's ExitCheckTuple)."""

    def __init__(self, exit_type: ExitType, exit_reason: str = ""):
        self.exit_type = exit_type
        self.exit_reason = exit_reason or exit_type.value


class FreqtradeBot:
    """Owns the exchange, strategy, data provider, pairlists and wallets of one bot."""

    def __init__(self, config: dict, exchange=None):
        from freqtrade.data.dataprovider import DataProvider
        from freqtrade.exchange import create_exchange
        from freqtrade.persistence import init_db
        from freqtrade.plugins.pairlist_manager import PairListManager
        from freqtrade.strategy.resolver import StrategyResolver
        from freqtrade.wallets import Wallets

        self.config = config
        initial = str(config.get("initial_state", "stopped")).upper()
        self.state = State[initial] if initial in State.__members__ else State.STOPPED
        self.lock = threading.RLock()
        self._listeners: list[Callable[[dict], None]] = []
        self.startup_time = dt_now()
        self.last_process: datetime | None = None

        self.strategy = StrategyResolver.load_strategy(config)
        init_db(config["db_url"])
        self.exchange = exchange or create_exchange(config)
        self.pairlists = PairListManager(self.exchange, config)
        self.dataprovider = DataProvider(config, self.exchange)
        self.dataprovider.new_candle_hook = self._on_new_candle
        self.strategy.dp = self.dataprovider
        self.wallets = Wallets(config, self.exchange)
        self.strategy.wallets = self.wallets
        self.active_pair_whitelist: list[str] = self.pairlists.refresh()
        self.dataprovider.set_whitelist(self.active_pair_whitelist)
        self._startup_done = False
        self._snapshot_day = None

    # ------------------------------------------------------------------ notifications
    def add_listener(self, listener: Callable[[dict], None]) -> None:
        """Receive every bot message (the websocket and the log use this)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[dict], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def send_msg(self, msg: dict) -> None:
        for listener in list(self._listeners):
            try:
                listener(msg)
            except Exception:  # a broken consumer must never break trading
                logger.exception("Message listener failed")

    def _on_new_candle(self, pair: str, timeframe: str, candle_type) -> None:
        self.send_msg({"type": RPCMessageType.NEW_CANDLE.value,
                       "data": [pair, timeframe, str(getattr(candle_type, "value", candle_type))]})

    # ------------------------------------------------------------------ lifecycle
    @property
    def timeframe(self) -> str:
        return self.config.get("timeframe") or self.strategy.timeframe

    @property
    def max_open_trades(self) -> int:
        value = self.config.get("max_open_trades", -1)
        return -1 if value in (None, float("inf")) else int(value)

    def startup(self) -> None:
        """Run once when the bot first enters RUNNING/PAUSED."""
        from freqtrade.persistence import KeyValueStore
        from freqtrade.wallet_backfill import backfill_wallet_history

        KeyValueStore.set_startup_time()
        backfill_wallet_history(self.config, self.exchange, self.wallets.get_starting_balance())
        if not self._startup_done:
            self.strategy.ft_bot_start()
            self._startup_done = True
        self.recover_open_orders()

    def cleanup(self) -> None:
        from freqtrade.persistence import close_db

        logger.info("Cleaning up modules ...")
        try:
            if self.config.get("cancel_open_orders_on_exit"):
                self.cancel_all_open_orders()
        finally:
            self.exchange.close()
            close_db()

    def acquire(self) -> bool:
        """Take the bot lock for a manual command; False if the loop holds it too long."""
        return self.lock.acquire(timeout=LOCK_TIMEOUT_SECS)

    # ------------------------------------------------------------------ the loop
    def process(self) -> None:
        """One iteration of the trading loop (RUNNING or PAUSED)."""
        from freqtrade.persistence import Trade, remove_session

        with self.lock:
            try:
                now = dt_now()
                self.active_pair_whitelist = self._refresh_whitelist()
                self.dataprovider.set_whitelist(self.active_pair_whitelist)
                pairs = list(dict.fromkeys(
                    self.active_pair_whitelist + [t.pair for t in Trade.get_open_trades()]))
                informative = [tuple(p[:2]) for p in self.strategy.gather_informative_pairs()] \
                    if hasattr(self.strategy, "gather_informative_pairs") else []
                self.dataprovider.refresh([(p, self.timeframe) for p in pairs] + informative)
                self.strategy.bot_loop_start(current_time=now)
                self.strategy.analyze(pairs)

                self.manage_open_orders()
                self.exit_positions()
                if self.state == State.RUNNING:
                    self.enter_positions()
                Trade.commit()
                self.wallets.update()
                self._snapshot_wallets(now)
                self.last_process = dt_now()
            finally:
                remove_session()

    def _snapshot_wallets(self, now) -> None:
        """Once a UTC day, for /historic_balance; a failure here never stops trading."""
        from freqtrade.wallet_snapshots import record_daily_snapshot, utc_day

        day = utc_day(now)
        if self._snapshot_day == day:
            return
        try:
            record_daily_snapshot(self.wallets, self.exchange, now)
            self._snapshot_day = day
        except Exception:
            logger.exception("Could not record the daily wallet snapshot")

    def _refresh_whitelist(self) -> list[str]:
        from freqtrade.persistence import Trade

        whitelist = self.pairlists.refresh()
        for trade in Trade.get_open_trades():
            if trade.pair not in whitelist:
                whitelist.append(trade.pair)
        return whitelist

    # ------------------------------------------------------------------ orders
    def recover_open_orders(self) -> None:
        """After a restart, settle orders the database says are open."""
        self.manage_open_orders()

    def manage_open_orders(self) -> None:
        """Apply fills, cancel orders past ``unfilledtimeout``."""
        from freqtrade.persistence import Trade

        for trade in Trade.get_open_trades():
            for order in list(trade.open_orders):
                self._update_order(trade, order)
        Trade.commit()

    def _update_order(self, trade, order) -> None:
        try:
            fetched = self.exchange.fetch_order(order.order_id, trade.pair)
        except InvalidOrderException:
            logger.warning("Order %s of trade %s is unknown to the exchange; marking it "
                           "canceled.", order.order_id, trade.id)
            fetched = {"id": order.order_id, "status": "canceled", "filled": order.filled or 0.0,
                       "remaining": order.remaining}
        except ExchangeError as exc:
            logger.warning("Could not fetch order %s: %s", order.order_id, exc)
            return
        was_open = order.ft_is_open
        order.update_from_ccxt_object(fetched)
        status = fetched.get("status")
        if status == "closed":
            self._order_filled(trade, order)
        elif status in ("canceled", "expired", "rejected"):
            self._order_cancelled(trade, order, reason=f"order {status}")
        elif was_open and self._timed_out(order):
            self.cancel_order(trade, order, reason="timeout")

    def _timed_out(self, order) -> bool:
        timeouts = self.config.get("unfilledtimeout") or {}
        side = "entry" if order.ft_order_side == self._entry_side(order) else "exit"
        limit = timeouts.get(side)
        if not limit or not order.order_date:
            return False
        unit = timeouts.get("unit", "minutes")
        delta = timedelta(seconds=limit) if unit == "seconds" else timedelta(minutes=limit)
        return dt_now() - as_utc(order.order_date) >= delta

    @staticmethod
    def _entry_side(order) -> str:
        trade = order.trade
        return trade.entry_side if trade is not None else "buy"

    def _order_filled(self, trade, order) -> None:
        trade.update_trade(order)
        if order.ft_order_side == trade.entry_side:
            trade.adjust_stop_loss(trade.open_rate, self.strategy.stoploss, initial=True)
            self.send_msg(self._trade_msg(RPCMessageType.ENTRY_FILL, trade, order))
        else:
            self.send_msg(self._trade_msg(RPCMessageType.EXIT_FILL, trade, order))
            if not trade.is_open:
                self._cooldown_lock(trade.pair)

    def _order_cancelled(self, trade, order, reason: str) -> None:
        from freqtrade.persistence import Trade

        if order.ft_order_side == trade.entry_side:
            if (order.filled or 0) > 0:
                trade.update_trade(order)
            self.send_msg({"type": RPCMessageType.ENTRY_CANCEL.value, "trade_id": trade.id,
                           "pair": trade.pair, "reason": reason})
            if trade.nr_of_successful_entries == 0 and not trade.select_filled_orders(
                    trade.entry_side):
                logger.info("Entry order of trade %s cancelled (%s), removing the trade.",
                            trade.id, reason)
                trade.delete()
                Trade.commit()
        else:
            if (order.filled or 0) > 0:
                trade.update_trade(order)
            trade.exit_reason = None
            self.send_msg({"type": RPCMessageType.EXIT_CANCEL.value, "trade_id": trade.id,
                           "pair": trade.pair, "reason": reason})

    def cancel_order(self, trade, order, reason: str = "cancelled") -> None:
        """Cancel one open order on the exchange and settle the trade."""
        try:
            result = self.exchange.cancel_order(order.order_id, trade.pair)
        except InvalidOrderException as exc:
            logger.warning("Could not cancel order %s: %s", order.order_id, exc)
            result = {"id": order.order_id, "status": "canceled"}
        if result.get("status") not in ("canceled", "closed", "expired"):
            result = {**result, "status": "canceled"}
        order.update_from_ccxt_object(result)
        if result.get("status") == "closed":
            self._order_filled(trade, order)
        else:
            self._order_cancelled(trade, order, reason)

    def cancel_all_open_orders(self) -> None:
        from freqtrade.persistence import Trade

        for trade in Trade.get_open_trades():
            for order in list(trade.open_orders):
                self.cancel_order(trade, order, reason="bot stopped")
        Trade.commit()

    def _cooldown_lock(self, pair: str) -> None:
        """Block re-entry on the pair until the next candle (no churn inside one candle)."""
        from freqtrade.persistence import lock_pair

        now = dt_now()
        lock_pair(pair, timeframe_to_next_date(self.timeframe, now), reason="Auto lock",
                  now=now)

    def _trade_msg(self, msg_type: RPCMessageType, trade, order) -> dict:
        msg = {
            "type": msg_type.value,
            "trade_id": trade.id,
            "exchange": self.exchange.name,
            "pair": trade.pair,
            "direction": "Short" if trade.is_short else "Long",
            "leverage": trade.leverage,
            "order_type": order.order_type,
            "stake_amount": trade.stake_amount,
            "stake_currency": trade.stake_currency,
            "base_currency": trade.base_currency,
            "quote_currency": trade.stake_currency,
            "amount": order.safe_filled if order.safe_filled else trade.amount,
            "open_rate": trade.open_rate,
            "enter_tag": trade.enter_tag,
            "open_date": trade.open_date_utc.isoformat() if trade.open_date else None,
            "sub_trade": trade.is_open and msg_type == RPCMessageType.EXIT_FILL,
        }
        if msg_type == RPCMessageType.EXIT_FILL:
            msg.update({
                "close_rate": order.safe_price,
                "exit_reason": order.ft_order_tag or trade.exit_reason,
                "profit_amount": trade.close_profit_abs if not trade.is_open
                else trade.realized_profit,
                "profit_ratio": trade.close_profit if not trade.is_open else None,
                "close_date": trade.close_date_utc.isoformat() if trade.close_date else None,
            })
        return msg

    # ------------------------------------------------------------------ entries
    def enter_positions(self) -> int:
        """Open trades for pairs with an entry signal; returns how many were opened."""
        from freqtrade.persistence import Trade, is_pair_locked

        opened = 0
        now = dt_now()
        open_pairs = {t.pair for t in Trade.get_open_trades()}
        for pair in self.active_pair_whitelist:
            if self.max_open_trades != -1 and \
                    Trade.get_open_trade_count() >= self.max_open_trades:
                break
            if pair in open_pairs or is_pair_locked(pair, now=now, side="long"):
                continue
            dataframe, _ = self.dataprovider.get_analyzed_dataframe(pair, self.timeframe)
            signal, enter_tag = self.strategy.get_entry_signal(pair, self.timeframe, dataframe)
            if signal is None or str(getattr(signal, "value", signal)) != "long":
                continue
            try:
                stake = self.wallets.get_trade_stake_amount(self.max_open_trades,
                                                            Trade.get_open_trade_count())
            except DependencyException as exc:
                logger.info("Not entering %s: %s", pair, exc)
                continue
            if self.execute_entry(pair, stake, enter_tag=enter_tag):
                opened += 1
                open_pairs.add(pair)
        return opened

    def execute_entry(self, pair: str, stake_amount: float | None, price: float | None = None,
                      *, ordertype: str | None = None, enter_tag: str | None = None,
                      is_forced: bool = False):
        """Place an entry order and create the trade; returns the Trade or None."""
        from freqtrade.persistence import Order, Trade, get_session

        now = dt_now()
        try:
            rate = price or self.exchange.get_rate(pair, side="entry", is_short=False)
        except PricingError as exc:
            logger.warning("No entry price for %s: %s", pair, exc)
            return None
        if price is None:  # as freqtrade: an explicit (forced) price is never second-guessed
            custom = self.strategy.custom_entry_price(
                pair=pair, trade=None, current_time=now, proposed_rate=rate,
                entry_tag=enter_tag, side="long")
            if custom and isinstance(custom, (int, float)) and custom > 0:
                rate = float(custom)
        rate = self.exchange.price_to_precision(pair, rate)
        min_stake = self.exchange.get_min_pair_stake_amount(pair, rate, self.strategy.stoploss)
        max_stake = self.wallets.get_available_stake_amount()
        if stake_amount is None:
            stake_amount = self.wallets.get_trade_stake_amount(
                self.max_open_trades, Trade.get_open_trade_count())
        stake_amount = self.strategy.custom_stake_amount(
            pair=pair, current_time=now, current_rate=rate, proposed_stake=stake_amount,
            min_stake=min_stake, max_stake=max_stake, leverage=1.0, entry_tag=enter_tag,
            side="long")
        stake_amount = min(float(stake_amount or 0), max_stake)
        if stake_amount <= 0 or (min_stake and stake_amount < min_stake):
            logger.info("Stake %.8f for %s is below the minimum (%s) or no balance is left.",
                        stake_amount, pair, min_stake)
            return None
        amount = self.exchange.amount_to_precision(pair, stake_amount / rate)
        if amount <= 0:
            return None
        order_types = self.strategy.order_types
        ordertype = ordertype or order_types.get("force_entry" if is_forced else "entry",
                                                 order_types.get("entry", "limit"))
        tif = (getattr(self.strategy, "order_time_in_force", None) or {}).get("entry", "GTC")
        # freqtrade asks the strategy for forced entries and exits too: it may refuse them
        if not self.strategy.confirm_trade_entry(
                pair=pair, order_type=ordertype, amount=amount, rate=rate, time_in_force=tif,
                current_time=now, entry_tag=enter_tag, side="long"):
            logger.info("Entry for %s refused by confirm_trade_entry.", pair)
            return None
        try:
            ccxt_order = self.exchange.create_order(pair, ordertype, "buy", amount, rate, tif)
        except (ExchangeError, DependencyException) as exc:
            logger.warning("Could not place entry order for %s: %s", pair, exc)
            return None
        order = Order.parse_from_ccxt_object(ccxt_order, pair, "buy", amount, rate)
        order.ft_order_tag = enter_tag
        market = self.exchange.markets.get(pair, {})
        precision = market.get("precision", {})
        fee = self.exchange.get_fee(pair, "taker" if ordertype == "market" else "maker")
        trade = Trade(
            pair=pair,
            base_currency=market.get("base") or pair.split("/")[0],
            stake_currency=self.config["stake_currency"],
            stake_amount=stake_amount,
            amount=amount,
            amount_requested=amount,
            is_open=True,
            fee_open=fee,
            fee_close=fee,
            open_rate=rate,
            open_rate_requested=rate,
            open_date=now.replace(tzinfo=None),
            exchange=self.exchange.id,
            strategy=self.strategy.get_strategy_name(),
            enter_tag=enter_tag,
            timeframe=timeframe_to_minutes(self.timeframe),
            trading_mode="SPOT",  # freqtrade stores the TradingMode enum *name*
            leverage=1.0,
            is_short=False,
            interest_rate=0.0,
            amount_precision=precision.get("amount"),
            price_precision=precision.get("price"),
            precision_mode=4,
            precision_mode_price=4,
            contract_size=1.0,
        )
        trade.orders.append(order)
        trade.recalc_open_trade_value()
        session = get_session()
        session.add(trade)
        session.flush()
        logger.info("Entering %s: %.8f at %.8f (%s order, tag %s).", pair, amount, rate,
                    ordertype, enter_tag)
        if ccxt_order.get("status") == "closed":
            self._order_filled(trade, order)
        Trade.commit()
        self.wallets.update()  # the next entry in this iteration must see this stake as used
        return trade

    # ------------------------------------------------------------------ exits
    def exit_positions(self) -> int:
        """Check every open trade for stoploss / ROI / signal exits; returns exits placed."""
        from freqtrade.persistence import Trade

        placed = 0
        for trade in Trade.get_open_trades():
            if trade.has_open_orders or not trade.select_filled_orders(trade.entry_side):
                continue
            try:
                if self._check_exit(trade):
                    placed += 1
            except (DependencyException, OperationalException) as exc:
                logger.warning("Exit check for %s failed: %s", trade.pair, exc)
        return placed

    def _check_exit(self, trade) -> bool:
        now = dt_now()
        rate = self.exchange.get_rate(trade.pair, side="exit", is_short=trade.is_short)
        dataframe, _ = self.dataprovider.get_analyzed_dataframe(trade.pair, self.timeframe)
        enter, exit_, exit_tag = self.strategy.get_exit_signal(
            trade.pair, self.timeframe, dataframe, is_short=trade.is_short)
        trade.adjust_min_max_rates(rate, rate)
        checks = self.strategy.should_exit(trade, rate, now, enter=enter, exit_=exit_)
        for check in checks:
            reason = check.exit_reason
            if check.exit_type == ExitType.EXIT_SIGNAL and exit_tag:
                reason = exit_tag
            if self.execute_trade_exit(trade, rate, ExitCheck(check.exit_type, reason)):
                return True
        return False

    def execute_trade_exit(self, trade, limit: float, exit_check: ExitCheck, *,
                           ordertype: str | None = None,
                           sub_trade_amt: float | None = None) -> bool:
        """Place an exit order (full or partial); True when the order was placed."""
        from freqtrade.persistence import Order, Trade

        now = dt_now()
        order_types = self.strategy.order_types
        exit_type = exit_check.exit_type
        if ordertype is None:
            if exit_type == ExitType.FORCE_EXIT:
                ordertype = order_types.get("force_exit", order_types.get("exit", "limit"))
            elif exit_type in (ExitType.STOP_LOSS, ExitType.TRAILING_STOP_LOSS):
                ordertype = order_types.get("stoploss", "market")
            elif exit_type == ExitType.EMERGENCY_EXIT:
                ordertype = order_types.get("emergency_exit", "market")
            else:
                ordertype = order_types.get("exit", "limit")
        amount = sub_trade_amt or trade.amount
        amount = self.exchange.amount_to_precision(trade.pair, min(amount, trade.amount))
        if amount <= 0:
            return False
        limit = self.exchange.price_to_precision(trade.pair, limit)
        tif = (getattr(self.strategy, "order_time_in_force", None) or {}).get("exit", "GTC")
        if not self.strategy.confirm_trade_exit(
                pair=trade.pair, trade=trade, order_type=ordertype, amount=amount, rate=limit,
                time_in_force=tif, exit_reason=exit_check.exit_reason,
                sell_reason=exit_check.exit_reason,  # the 2021 keyword, still passed
                current_time=now):
            logger.info("Exit of trade %s refused by confirm_trade_exit.", trade.id)
            return False
        try:
            ccxt_order = self.exchange.create_order(trade.pair, ordertype, trade.exit_side,
                                                    amount, limit, tif)
        except (ExchangeError, DependencyException) as exc:
            logger.warning("Could not place exit order for trade %s: %s", trade.id, exc)
            return False
        order = Order.parse_from_ccxt_object(ccxt_order, trade.pair, trade.exit_side, amount,
                                             limit)
        order.ft_order_tag = exit_check.exit_reason
        trade.orders.append(order)
        if sub_trade_amt is None or amount >= trade.amount:
            trade.exit_reason = exit_check.exit_reason
            trade.close_rate_requested = limit
        logger.info("Exiting trade %s (%s): %.8f at %.8f, reason %s.", trade.id, trade.pair,
                    amount, limit, exit_check.exit_reason)
        if ccxt_order.get("status") == "closed":
            self._order_filled(trade, order)
        Trade.commit()
        self.wallets.update()
        return True
