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
from datetime import datetime

from freqtrade.custom_price import valid_custom_price
from freqtrade.data.dataprovider import DataProvider
from freqtrade.enums import ExitType, RPCMessageType, State
from freqtrade.exceptions import (
    DependencyException,
    ExchangeError,
    InvalidOrderException,
    OperationalException,
    PricingError,
)
from freqtrade.exchange import create_exchange
from freqtrade.ledger.ledger import LEDGER
from freqtrade.open_orders import handle_similar_open_order, handle_still_open
from freqtrade.persistence import (
    KeyValueStore,
    Order,
    Trade,
    close_db,
    get_session,
    init_db,
    is_global_lock,
    lock_pair_to_candle,
    longest_lock,
    remove_session,
)
from freqtrade.plugins.pairlist.registry import check_methods
from freqtrade.plugins.pairlist_manager import PairListManager
from freqtrade.plugins.protections import load_protections
from freqtrade.position_adjustment import adjust_open_positions
from freqtrade.strategy.resolver import StrategyResolver
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import format_date
from freqtrade.util.log_once import LogOnce
from freqtrade.util.timeframes import timeframe_to_minutes, timeframe_to_next_date
from freqtrade.wallet_backfill import WalletHistoryRebuild
from freqtrade.wallet_snapshots import record_daily_snapshot, utc_day
from freqtrade.wallets import Wallets

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_SECS = 30
# on stop or reload, how long a running wallet-history rebuild may still finish (its rows go in
# in one transaction: stopped before, it runs again at the next start)
REBUILD_JOIN_SECS = 5


class ExitCheck:
    """Why a trade is being exited (mirrors the strategy's ExitCheckTuple)."""

    def __init__(self, exit_type: ExitType, exit_reason: str = ""):
        self.exit_type = exit_type
        self.exit_reason = exit_reason or exit_type.value


class FreqtradeBot:
    """Owns the exchange, strategy, data provider, pairlists and wallets of one bot."""

    def __init__(self, config: dict, exchange=None):
        check_methods(config)
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
        # as in freqtrade: bot_start runs once, with the data provider and wallets in place and
        # before the protections are read, so a ``protections`` property may use what it sets
        self.strategy.ft_bot_start()
        self.protections = load_protections(config, self.strategy)
        self._snapshot_day: datetime | None = None
        self._log_once = LogOnce()
        self.wallet_history: WalletHistoryRebuild | None = None
        self._ledger_asked = False  # build_in_background was called (after a loop turn)

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
        KeyValueStore.set_startup_time()
        if self.wallet_history is None:  # once per bot (startup runs again after a stop)
            self.wallet_history = WalletHistoryRebuild(self.config, self.exchange,
                                                       self.wallets.get_starting_balance())
        self.recover_open_orders()

    def wait_wallet_history(self, timeout: float | None = None) -> bool:
        """True once the one-time wallet-history rebuild is over (started now if the loop has
        not started it yet), or when there is none to do."""
        return self.wallet_history is None or self.wallet_history.wait(timeout)

    def cleanup(self) -> None:
        logger.info("Cleaning up modules ...")
        if self.wallet_history is not None:
            self.wallet_history.join(REBUILD_JOIN_SECS)
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
        with self.lock:
            # trades this thread loaded before the lock was taken may have been changed by
            # commands since (a commit that wrote nothing keeps them loaded): start afresh
            remove_session()
            try:
                now = dt_now()
                self.refresh_whitelist()
                self.dataprovider.set_whitelist(self.active_pair_whitelist)
                pairs = list(dict.fromkeys(
                    self.active_pair_whitelist + [t.pair for t in Trade.get_open_trades()]))
                informative = [(p[0], p[1]) for p in self.strategy.gather_informative_pairs()]
                self.dataprovider.refresh([(p, self.timeframe) for p in pairs] + informative)
                self.strategy.bot_loop_start(current_time=now)
                self.strategy.analyze(pairs)

                self.manage_open_orders()
                self.exit_positions()
                if self.strategy.position_adjustment_enable:
                    adjust_open_positions(self)
                if self.state == State.RUNNING:
                    self.enter_positions()
                Trade.commit()
                self.wallets.update()
                self._snapshot_wallets(now)
                self.last_process = dt_now()
            finally:
                remove_session()
                # after the first iteration (both do nothing once started); the rebuild,
                # which reads the same trades, after the ledger's first read (which the
                # statistics answers wait for) rather than halving its speed
                if self.wallet_history is not None and (self._ledger_asked or LEDGER.ready) \
                        and not LEDGER.first_read_running():
                    self.wallet_history.start()
                LEDGER.build_in_background()
                self._ledger_asked = True

    def _snapshot_wallets(self, now) -> None:
        """Once a UTC day, for /historic_balance; a failure here never stops trading."""
        day = utc_day(now)
        if self._snapshot_day == day or (self.wallet_history and self.wallet_history.running):
            return  # done today, or after the rebuild (which writes today's row)
        try:
            record_daily_snapshot(self.wallets, self.exchange, now)
            self._snapshot_day = day
        except Exception:
            logger.exception("Could not record the daily wallet snapshot")

    def refresh_whitelist(self) -> None:
        """Run the pairlists again and make the result, plus the pairs of open trades, the
        active whitelist (each loop iteration, and after a blacklist change)."""
        whitelist = self.pairlists.refresh()
        for trade in Trade.get_open_trades():
            if trade.pair not in whitelist:
                whitelist.append(trade.pair)
        if whitelist != self.active_pair_whitelist:  # dynamic pairlists: tell FreqUI
            self.send_msg({"type": RPCMessageType.WHITELIST.value, "data": list(whitelist)})
        self.active_pair_whitelist = whitelist

    # ------------------------------------------------------------------ orders
    def recover_open_orders(self) -> None:
        """After a restart, re-read every order the database says is open, by its id.

        Dry-run orders are rebuilt from the orders table, so they go on as placed. A live
        order the exchange no longer knows is taken as cancelled here, at start only, as
        freqtrade does (unless ``exchange.skip_open_order_update``); in the loop it is kept.
        """
        unknown_is_cancelled = not self.config.get("dry_run", True) and not (
            self.config.get("exchange") or {}).get("skip_open_order_update", False)
        for trade in Trade.get_open_trades():
            self.refresh_open_orders(trade, unknown_is_cancelled)
        Trade.commit()

    def manage_open_orders(self) -> None:
        """Apply fills, cancel orders past ``unfilledtimeout``."""
        for trade in Trade.get_open_trades():
            self.refresh_open_orders(trade)
        Trade.commit()

    def refresh_open_orders(self, trade, unknown_is_cancelled: bool = False) -> None:
        """Fetch each open order of ``trade`` from the exchange and settle what changed:
        fills, cancels, and ``unfilledtimeout`` for orders still open. Not committed."""
        for order in list(trade.open_orders):
            self._update_order(trade, order, unknown_is_cancelled)

    def _update_order(self, trade, order, unknown_is_cancelled: bool = False) -> None:
        try:
            fetched = self.exchange.fetch_order(order.order_id, trade.pair)
        except InvalidOrderException as exc:
            if not unknown_is_cancelled:
                logger.warning("Could not fetch order %s of trade %s, keeping it open: %s",
                               order.order_id, trade.id, exc)
                return
            logger.warning("Order %s of trade %s is unknown to the exchange; taking it as "
                           "cancelled.", order.order_id, trade.id)
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
        elif was_open:
            handle_still_open(self, trade, order)

    def _order_filled(self, trade, order) -> None:
        trade.update_trade(order)
        self._after_fill(trade, order)
        if order.ft_order_side == trade.entry_side:
            self.send_msg(self._trade_msg(RPCMessageType.ENTRY_FILL, trade, order))
        else:
            self.send_msg(self._trade_msg(RPCMessageType.EXIT_FILL, trade, order))
            if not trade.is_open:
                self.handle_protections(trade.pair, trade.trade_direction)

    def _after_fill(self, trade, order) -> None:
        """Once per fill: ``order_filled``, the stop from the new open rate, and
        ``custom_stoploss(after_fill=True)`` for a trade that stays open."""
        now = dt_now()
        self.strategy.order_filled(pair=trade.pair, trade=trade, order=order, current_time=now)
        if order.ft_order_side == trade.entry_side:
            trade.adjust_stop_loss(trade.open_rate, self.strategy.stoploss, initial=True)
        if self.strategy.use_custom_stoploss and trade.is_open:
            try:
                rate = self.exchange.get_rate(trade.pair, side="exit", is_short=trade.is_short)
            except PricingError as exc:
                logger.warning("No exit price for %s after a fill: %s", trade.pair, exc)
            else:
                self.strategy.ft_stoploss_adjust(rate, trade, now,
                                                 trade.calc_profit_ratio(rate),
                                                 after_fill=True)

    def _order_cancelled(self, trade, order, reason: str, replacing: bool = False) -> bool:
        """Settle a cancelled order; True when an entry had no fill at all (an exit: always).

        What did fill stays in the trade. A trade whose only entry order ends without any
        fill is removed, unless the order is being replaced.
        """
        order.ft_cancel_reason = order.ft_cancel_reason or reason
        filled = (order.filled or 0) > 0
        if filled:
            trade.update_trade(order)
        if order.ft_order_side != trade.entry_side:
            trade.exit_reason = None
            trade.close_rate = None
            trade.close_rate_requested = None
            self.send_msg({"type": RPCMessageType.EXIT_CANCEL.value, "trade_id": trade.id,
                           "pair": trade.pair, "reason": order.ft_cancel_reason})
            return True
        others_open = any(o.ft_is_open and o is not order for o in trade.orders)
        if filled:
            order.ft_cancel_reason += ", partially filled"
        elif not others_open and trade.nr_of_successful_entries == 0 and not replacing:
            order.ft_cancel_reason += ", fully cancelled"
            logger.info("Entry order of trade %s cancelled (%s), removing the trade.",
                        trade.id, reason)
            self.send_msg({"type": RPCMessageType.ENTRY_CANCEL.value, "trade_id": trade.id,
                           "pair": trade.pair, "reason": order.ft_cancel_reason})
            trade.delete()
            Trade.commit()
            return True
        self.send_msg({"type": RPCMessageType.ENTRY_CANCEL.value, "trade_id": trade.id,
                       "pair": trade.pair, "reason": order.ft_cancel_reason})
        return not filled

    def cancel_order(self, trade, order, reason: str = "cancelled",
                     replacing: bool = False) -> bool:
        """Cancel one open order on the exchange and settle the trade.

        True when the order is gone: for an entry only if nothing of it filled, for an exit
        also after a partial fill. A partly filled order whose cancel would leave a trade
        below the exchange's minimum stake stays open (False).
        """
        if self._cancel_leaves_dust(trade, order):
            logger.warning("Order %s of trade %s stays open: cancelling its partial fill "
                           "would leave a trade below the minimum stake.", order.order_id,
                           trade.id)
            return False
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
            return False
        return self._order_cancelled(trade, order, reason, replacing)

    def _cancel_leaves_dust(self, trade, order) -> bool:
        filled = order.filled or 0.0
        if filled <= 0:
            return False
        min_stake = self.exchange.get_min_pair_stake_amount(trade.pair, trade.open_rate,
                                                            self.strategy.stoploss)
        if not min_stake:
            return False
        if order.ft_order_side == trade.entry_side:
            held = trade.amount if trade.nr_of_successful_entries else 0.0
            left = (held + filled) * trade.open_rate
        else:
            left = trade.stake_amount - filled * trade.open_rate / (trade.leverage or 1.0)
        return left < min_stake

    def cancel_all_open_orders(self) -> None:
        for trade in Trade.get_open_trades():
            for order in list(trade.open_orders):
                self.cancel_order(trade, order, reason="bot stopped")
        Trade.commit()

    def handle_protections(self, pair: str, side: str) -> None:
        """After a trade closed: lock the pair until the next candle ("Auto lock", so a signal
        of the same candle cannot re-enter), then let the protections lock it or everything."""
        now = dt_now()
        lock_pair_to_candle(pair, now, self.timeframe, reason="Auto lock", side=side, now=now)
        starting_balance = self.wallets.get_starting_balance()
        for msg_type, lock in (
                (RPCMessageType.PROTECTION_TRIGGER, self.protections.stop_per_pair(
                    pair, now=now, side=side, starting_balance=starting_balance)),
                (RPCMessageType.PROTECTION_TRIGGER_GLOBAL, self.protections.global_stop(
                    now=now, side=side, starting_balance=starting_balance))):
            if lock is not None:
                base = self.exchange.markets.get(lock.pair, {}).get("base", "")  # "" for "*"
                self.send_msg({"type": msg_type.value, "base_currency": base, **lock.to_json()})

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
            "fiat_currency": self.config.get("fiat_display_currency"),
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
        opened = 0
        if self._global_lock_active():
            return opened
        open_pairs = {t.pair for t in Trade.get_open_trades()}
        for pair in self.active_pair_whitelist:
            if self.max_open_trades != -1 and \
                    Trade.get_open_trade_count() >= self.max_open_trades:
                break
            if pair in open_pairs:
                continue
            dataframe, _ = self.dataprovider.get_analyzed_dataframe(pair, self.timeframe)
            signal, enter_tag = self.strategy.get_entry_signal(pair, self.timeframe, dataframe)
            if signal is None or str(getattr(signal, "value", signal)) != "long":
                continue
            if self._pair_locked_for_entry(pair, "long", dataframe):
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

    def _global_lock_active(self) -> bool:
        """A lock on every pair for both sides stops all signal entries (logged once)."""
        if not is_global_lock(dt_now(), side="*"):
            return False
        lock = longest_lock("*", dt_now())
        self._log_once(f"Global pairlock active until {format_date(lock.lock_end_time)}. Not "
                       f"creating new trades, reason: {lock.reason}." if lock else
                       "Global pairlock active. Not creating new trades.", logger.info)
        return True

    def _pair_locked_for_entry(self, pair: str, side: str, dataframe) -> bool:
        """Locks are checked at the open of the candle after the last analyzed one, so a lock
        ending on a boundary holds until that candle has arrived (no entry on a stale signal).
        Locks on every pair of this side count too."""
        when, candle_date = dt_now(), None
        if dataframe is not None and len(dataframe) > 0:
            candle_date = dataframe.iloc[-1]["date"]
            when = timeframe_to_next_date(self.timeframe, candle_date)
        if not self.strategy.is_pair_locked(pair, candle_date=candle_date, side=side):
            return False
        lock = longest_lock(pair, when, side)
        self._log_once(f"Pair {pair} {lock.side} is locked until "
                       f"{format_date(lock.lock_end_time)} due to {lock.reason}." if lock else
                       f"Pair {pair} is currently locked.", logger.info)
        return True

    def execute_entry(self, pair: str, stake_amount: float | None, price: float | None = None,
                      *, ordertype: str | None = None, enter_tag: str | None = None,
                      is_forced: bool = False, trade=None, mode: str = "initial"):
        """Place an entry order; returns the Trade or None.

        ``mode``: "initial" creates the trade; "pos_adjust" (DCA) and "replace" (a moved
        entry order) add the order to ``trade``. custom_entry_price is asked except when
        replacing; confirm_trade_entry and custom_stake_amount only for a new trade. The
        leverage callback is not asked in spot, where leverage is 1.
        """
        now = dt_now()
        try:
            proposed = price or self.exchange.get_rate(pair, side="entry", is_short=False)
        except PricingError as exc:
            logger.warning("No entry price for %s: %s", pair, exc)
            return None
        rate = proposed
        if mode != "replace":
            custom = self.strategy.custom_entry_price(
                pair=pair, trade=trade, current_time=now, proposed_rate=proposed,
                entry_tag=enter_tag, side="long")
            rate = valid_custom_price(custom, proposed, self.config)
        rate = self.exchange.price_to_precision(pair, rate)
        min_stake = self.exchange.get_min_pair_stake_amount(
            pair, rate, self.strategy.stoploss if mode != "pos_adjust" else 0.0)
        max_stake = self.wallets.get_available_stake_amount()
        if stake_amount is None:
            stake_amount = self.wallets.get_trade_stake_amount(
                self.max_open_trades, Trade.get_open_trade_count())
        if trade is None:
            stake_amount = self.strategy.custom_stake_amount(
                pair=pair, current_time=now, current_rate=rate, proposed_stake=stake_amount,
                min_stake=min_stake, max_stake=max_stake, leverage=1.0, entry_tag=enter_tag,
                side="long")
        else:  # a position may not grow beyond what the exchange lets one exit
            max_stake = min(max_stake, self.exchange.get_max_pair_stake_amount(pair, rate)
                            - trade.stake_amount)
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
        if mode == "initial" and not self.strategy.confirm_trade_entry(
                pair=pair, order_type=ordertype, amount=amount, rate=rate, time_in_force=tif,
                current_time=now, entry_tag=enter_tag, side="long"):
            logger.info("Entry for %s refused by confirm_trade_entry.", pair)
            return None
        if trade is not None and handle_similar_open_order(self, trade, rate, amount, "buy"):
            return None
        try:
            ccxt_order = self.exchange.create_order(pair, ordertype, "buy", amount, rate, tif)
        except (ExchangeError, DependencyException) as exc:
            logger.warning("Could not place entry order for %s: %s", pair, exc)
            return None
        order = Order.parse_from_ccxt_object(ccxt_order, pair, "buy", amount, rate)
        order.ft_order_tag = enter_tag
        if trade is not None:
            return self._add_entry_order(trade, order, ccxt_order, mode)
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

    def _add_entry_order(self, trade, order, ccxt_order: dict, mode: str):
        """A DCA or replacement entry order joins its trade."""
        trade.is_open = True
        trade.orders.append(order)
        trade.recalc_trade_from_orders()
        logger.info("%s order for trade %s (%s): %.8f at %.8f.",
                    "Position adjustment" if mode == "pos_adjust" else "Replacement entry",
                    trade.id, trade.pair, order.ft_amount, order.ft_price)
        if ccxt_order.get("status") == "closed":
            self._order_filled(trade, order)
        Trade.commit()
        self.wallets.update()
        return trade

    # ------------------------------------------------------------------ exits
    def exit_positions(self) -> int:
        """Check every open trade for stoploss / ROI / signal exits; returns exits placed."""
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
                           ordertype: str | None = None, sub_trade_amt: float | None = None,
                           exit_tag: str | None = None,
                           skip_custom_exit_price: bool = False) -> bool:
        """Place an exit order (full or partial); True when the order was placed.

        A limit exit's price may be moved by custom_exit_price (within
        custom_price_max_distance_ratio); partial exits are not offered to
        confirm_trade_exit.
        """
        now = dt_now()
        order_types = self.strategy.order_types
        exit_type = exit_check.exit_type
        exit_reason = exit_tag or exit_check.exit_reason
        if exit_type == ExitType.EMERGENCY_EXIT:
            ordertype = order_types.get("emergency_exit", "market")
        elif ordertype is None:
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
        if ordertype == "limit" and not skip_custom_exit_price:
            custom = self.strategy.custom_exit_price(
                pair=trade.pair, trade=trade, current_time=now, proposed_rate=limit,
                current_profit=trade.calc_profit_ratio(limit), exit_tag=exit_reason)
            limit = valid_custom_price(custom, limit, self.config)
        limit = self.exchange.price_to_precision(trade.pair, limit)
        tif = (getattr(self.strategy, "order_time_in_force", None) or {}).get("exit", "GTC")
        if not sub_trade_amt and not self.strategy.confirm_trade_exit(
                pair=trade.pair, trade=trade, order_type=ordertype, amount=amount, rate=limit,
                time_in_force=tif, exit_reason=exit_reason,
                sell_reason=exit_reason,  # the 2021 keyword, still passed
                current_time=now):
            logger.info("Exit of trade %s refused by confirm_trade_exit.", trade.id)
            return False
        if handle_similar_open_order(self, trade, limit, amount, trade.exit_side):
            return False
        try:
            ccxt_order = self.exchange.create_order(trade.pair, ordertype, trade.exit_side,
                                                    amount, limit, tif)
        except (ExchangeError, DependencyException) as exc:
            logger.warning("Could not place exit order for trade %s: %s", trade.id, exc)
            return False
        order = Order.parse_from_ccxt_object(ccxt_order, trade.pair, trade.exit_side, amount,
                                             limit)
        order.ft_order_tag = exit_reason
        trade.orders.append(order)
        trade.exit_order_status = ""
        trade.exit_reason = exit_reason
        trade.close_rate_requested = limit
        logger.info("Exiting trade %s (%s): %.8f at %.8f, reason %s.", trade.id, trade.pair,
                    amount, limit, exit_reason)
        if ccxt_order.get("status") == "closed":
            self._order_filled(trade, order)
        Trade.commit()
        self.wallets.update()
        return True
