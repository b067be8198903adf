"""The RPC facade: every answer the API gives, as plain data, and every bot command.

Framework-free: the API (or any other front end) calls these methods and maps the errors:
``RPCException`` -> 502 ``{"error": ...}``, ``RPCNotFound`` -> 404 ``{"detail": ...}``,
``RPCRefused`` -> 400 ``{"detail": ...}``.
Read methods use the calling thread's database session and release it afterwards; commands
take the bot lock so they never interleave with a loop iteration.
"""
from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from typing import Any

import psutil
from sqlalchemy import func, select

from freqtrade import __version__
from freqtrade.constants import API_VERSION
from freqtrade.enums import ExitType, State
from freqtrade.exceptions import (
    DependencyException,
    ExchangeError,
    PricingError,
    RPCException,
)
from freqtrade.ledger.ledger import LEDGER
from freqtrade.loggers import get_log_buffer
from freqtrade.persistence import (
    CustomData,
    KeyValueStore,
    PairLock,
    Trade,
    get_engine,
    get_pair_locks,
    get_session,
    lock_pair_to_candle,
)
from freqtrade.rpc import statistics
from freqtrade.rpc.candles import dataframe_to_payload
from freqtrade.rpc.fiat_fields import FiatFields
from freqtrade.rpc.kept_answer import KeptAnswer
from freqtrade.rpc.trade_views import (
    open_trade_view,
    open_trade_views,
    open_trades_json,
    trade_history,
    trade_history_json,
    trade_schema,
)
from freqtrade.util.clock import dt_now
from freqtrade.util.datetime_helpers import as_utc
from freqtrade.util.timeframes import (
    timeframe_to_minutes,
    timeframe_to_msecs,
)
from freqtrade.wallet_backfill import DATE_KEY as BACKFILL_DATE_KEY
from freqtrade.wallets import conversion_rate

logger = logging.getLogger(__name__)

LOGS_MAX = 1000
# how long /historic_balance waits for the first start's wallet-history rebuild (it holds one
# of the API's handler threads meanwhile)
HISTORY_WAIT_SECS = 20
CANDLES_MAX = 5000


# one object, so the statements derived from it are built once (``trade_views``)
_OPEN_TRADES = select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)

class RPCNotFound(RPCException):
    """Something addressed by id or name does not exist (the API answers 404)."""


class RPCRefused(RPCException):
    """A request that would do something other than asked, e.g. spend less than the stake it
    names (the API answers 400): the caller must change it."""


class RPC:
    """Bound to one running bot (``FreqtradeBot``)."""

    def __init__(self, bot: Any):
        self.bot = bot
        self.fiat = FiatFields(bot.config)
        self._status = KeptAnswer()

    # ------------------------------------------------------------------ helpers
    @property
    def config(self) -> dict:
        return self.bot.config

    @property
    def strategy(self) -> Any:
        """The running strategy instance (for strategy and plot information)."""
        return self.bot.strategy

    @property
    def exchange(self) -> Any:
        """The bot's exchange (markets, candle downloads for pair_history)."""
        return self.bot.exchange

    @property
    def state(self) -> State:
        """The bot's trading state (running, paused, stopped)."""
        return self.bot.state

    def _locked(self) -> _BotLock:
        return _BotLock(self.bot)

    def _rate(self, trade: Trade) -> float:
        return self._exit_rate(trade.pair, trade.is_short)

    def _exit_rate(self, pair: str, is_short: bool) -> float:
        """The cached exit rate of ``pair`` (NaN while it is unknown)."""
        try:
            return self.bot.exchange.get_rate(pair, side="exit", is_short=is_short,
                                              refresh=False)
        except (PricingError, ExchangeError, DependencyException):
            return float("nan")

    def _trade_view(self, trade: Trade) -> dict[str, Any]:
        """OpenTrade of ``trade`` at the current rate (open trades), with its fiat fields."""
        return self.fiat.trade(open_trade_view(trade, self._rate(trade) if trade.is_open
                                               else None))

    def _starting_balance(self) -> float:
        self.bot.wallets.update()
        return self.bot.wallets.get_starting_balance()

    def _current_total_stake(self) -> float:
        return self.bot.wallets.get_total_stake_amount()

    # ------------------------------------------------------------------ trades
    def trade_status(self, trade_ids: list[int] | None = None) -> list[dict[str, Any]]:
        query = select(Trade).where(Trade.is_open.is_(True))
        if trade_ids:
            query = select(Trade).where(Trade.id.in_(trade_ids))
        return [self.fiat.trade(view) for view in
                open_trade_views(get_session(), query.order_by(Trade.id),
                                 self._exit_rate)]

    def trade_status_json(self) -> bytes:
        """``trade_status()`` of all open trades, serialised as every answer is
        (``json_dumps``); unchanged trades' bytes are reused."""
        session = get_session()
        query = _OPEN_TRADES
        # kept only when it depends on rows and cached tickers alone: the fiat fields fixed,
        # the rates our own, no trade of this session lending its stoploss update time
        keepable = (self.fiat.fixed and not len(session.identity_map)
                    and getattr(self._exit_rate, "__func__", None) is RPC._exit_rate)
        return self._status.make(get_engine(), self.bot.exchange, lambda: open_trades_json(
            session, query, self._exit_rate, self.fiat.trade, reuse=self.fiat.fixed),
            keepable)

    def trade_status_unchanged(self) -> bytes | None:
        """The last ``trade_status_json()`` while a new one would be the same; else None.
        Waits for nothing (no lock, no fetch, no SQL that can block)."""
        return self._status.current(get_engine(), self.bot.exchange)

    def trade(self, trade_id: int) -> dict[str, Any]:
        trade = get_session().get(Trade, trade_id)
        if trade is None:
            raise RPCNotFound("Trade not found.")
        return self._trade_view(trade)

    def history_version(self) -> int | None:
        """Moves whenever the closed-trade history changed, whoever wrote it (the ledger);
        None while the ledger's first full read is still running."""
        return LEDGER.stamp() if LEDGER.ready else None

    def trade_history(self, limit: int = 500, offset: int = 0,
                      order_by_id: bool = True) -> dict[str, Any]:
        return trade_history(limit, offset, order_by_id)

    def trade_history_json(self, limit: int = 500, offset: int = 0,
                           order_by_id: bool = True) -> bytes:
        """``trade_history`` already serialised: most of a page is cached as bytes."""
        return trade_history_json(limit, offset, order_by_id)

    def count(self) -> dict[str, Any]:
        if self.bot.state == State.STOPPED:
            raise RPCException("trader is not running")
        session = get_session()
        current, stake = session.execute(
            select(func.count(Trade.id),
                   func.coalesce(func.sum(Trade.open_rate * Trade.amount), 0.0))
            .where(Trade.is_open.is_(True))).one()
        return {"current": current, "max": self.bot.max_open_trades,
                "total_stake": float(stake)}

    # ------------------------------------------------------------------ statistics
    def profit(self, is_short: bool | None = None) -> dict[str, Any]:
        return self.fiat.profit(statistics.profit_statistics(
            starting_balance=self._starting_balance(),
            current_balance=self._current_total_stake(), rate_for=self._rate,
            is_short=is_short))

    def profit_all(self) -> dict[str, Any]:
        spot = self.config.get("trading_mode", "spot") == "spot"
        result = {"all": self.profit(), "long": None, "short": None}
        if not spot:
            result["long"] = self.profit(is_short=False)
            result["short"] = self.profit(is_short=True)
        return result

    def performance(self) -> list[dict[str, Any]]:
        return statistics.performance()

    def entries(self, pair: str | None = None) -> list[dict[str, Any]]:
        return statistics.entries(pair)

    def exits(self, pair: str | None = None) -> list[dict[str, Any]]:
        return statistics.exits(pair)

    def mix_tags(self, pair: str | None = None) -> list[dict[str, Any]]:
        return statistics.mix_tags(pair)

    def stats(self) -> dict[str, Any]:
        return statistics.stats()

    def timeunit_profit(self, timescale: int, unit: str) -> dict[str, Any]:
        if not isinstance(timescale, int) or timescale < 1:
            raise RPCException("timescale must be an integer greater than 0")
        return self.fiat.timeunit(statistics.timeunit_profit(
            timescale, unit, self.config["stake_currency"],
            self.config.get("fiat_display_currency", ""), self._current_total_stake()))

    def balance(self) -> dict[str, Any]:
        wallets = self.bot.wallets
        wallets.update()
        stake = self.config["stake_currency"]
        # the coin of each open trade is the bot's (one trade per coin, as freqtrade counts it)
        open_assets = {t.base_currency or t.pair.split("/")[0]: t for t in Trade.get_open_trades()}
        currencies = []
        total = total_bot = 0.0
        for currency, wallet in wallets.get_all_balances().items():
            if not wallet.total and not wallet.free:
                continue
            trade = open_assets.get(currency)
            managed = currency == stake or trade is not None
            if currency == stake:
                bot_owned = wallets.get_available_stake_amount()
                est, est_bot = wallet.total, bot_owned
            else:
                bot_owned = trade.amount if trade is not None else 0.0
                rate = conversion_rate(self.bot.exchange, currency, stake) or 0.0
                est, est_bot = wallet.total * rate, bot_owned * rate
            total += est
            total_bot += est_bot if managed else 0.0
            currencies.append({
                "currency": currency, "free": wallet.free, "balance": wallet.total,
                "used": wallet.used, "bot_owned": bot_owned, "est_stake": est,
                "est_stake_bot": est_bot if managed else 0.0, "stake": stake, "side": "long",
                "is_position": False, "position": 0.0, "is_bot_managed": managed})
        starting = self._starting_balance()
        ratio = (total_bot / starting - 1) if starting else 0.0
        return self.fiat.balance({
            "currencies": currencies, "total": total, "total_bot": total_bot,
            "symbol": self.config.get("fiat_display_currency", "") or "", "value": 0.0,
            "value_bot": 0.0, "stake": stake,
            "note": "Simulated balances" if self.config.get("dry_run", True) else "",
            "starting_capital": starting, "starting_capital_ratio": ratio,
            "starting_capital_pct": round(ratio * 100, 2), "starting_capital_fiat": 0.0,
            "starting_capital_fiat_ratio": 0.0, "starting_capital_fiat_pct": 0.0,
        })

    def historic_balance(self) -> dict[str, Any]:
        from freqtrade.persistence import WalletHistory

        # the one-time rebuild at first start: its days, not a history without them
        if not self.bot.wait_wallet_history(HISTORY_WAIT_SECS):
            raise RPCException("The wallet history is being rebuilt from the trade history "
                               "(once, at the first start on this database); ask again "
                               "in a minute.")
        day = func.date(WalletHistory.timestamp)
        rows = get_session().execute(
            select(day, func.coalesce(func.sum(WalletHistory.total_quote), 0.0))
            .where(WalletHistory.bot_managed.is_(True)).group_by(day).order_by(day)).all()
        data = []
        for date_text, total_quote in rows:
            when = datetime.fromisoformat(str(date_text)).replace(tzinfo=UTC)
            data.append([when.strftime("%Y-%m-%dT%H:%M:%S"), int(when.timestamp() * 1000),
                         total_quote])
        # the history before this moment was rebuilt from the trades, not captured
        capture = KeyValueStore.get_datetime_value(BACKFILL_DATE_KEY)
        return {"columns": ["date", "__date_ts", "total_quote"], "data": data,
                "length": len(data),
                "capture_start_ts": int(capture.timestamp() * 1000) if capture else 0}

    # ------------------------------------------------------------------ config and health
    def health(self) -> dict[str, Any]:
        start = KeyValueStore.get_datetime_value("bot_start_time")
        last = self.bot.last_process
        startup = self.bot.startup_time

        def iso(value: datetime | None) -> str | None:
            return as_utc(value).isoformat() if value else None

        def ts(value: datetime | None) -> int | None:
            return int(as_utc(value).timestamp()) if value else None

        return {"last_process": iso(last), "last_process_ts": ts(last),
                "bot_start": iso(start), "bot_start_ts": ts(start),
                "bot_startup": iso(startup), "bot_startup_ts": ts(startup)}

    # ------------------------------------------------------------------ state control
    def start(self) -> dict[str, str]:
        if self.bot.state == State.RUNNING:
            return {"status": "already running"}
        self.bot.state = State.RUNNING
        return {"status": "starting trader ..."}

    def stop(self) -> dict[str, str]:
        if self.bot.state == State.STOPPED:
            return {"status": "already stopped"}
        self.bot.state = State.STOPPED
        return {"status": "stopping trader ..."}

    def pause(self) -> dict[str, str]:
        if self.bot.state == State.STOPPED:
            self.bot.state = State.PAUSED
            return {"status": "starting bot with trader in paused state, no entries will "
                              "occur. Run /start to enable entries."}
        if self.bot.state == State.RUNNING:
            self.bot.state = State.PAUSED
        return {"status": "paused, no more entries will occur from now. Run /start to "
                          "enable entries."}

    def reload_config(self) -> dict[str, str]:
        self.bot.state = State.RELOAD_CONFIG
        return {"status": "Reloading config ..."}

    # ------------------------------------------------------------------ manual trading
    def force_entry(self, pair: str, side: str = "long", price: float | None = None,
                    ordertype: str | None = None, stake_amount: float | None = None,
                    enter_tag: str | None = None, leverage: float | None = None,
                    stake_all_available: bool = False) -> dict[str, Any] | None:
        """Open (or, with position adjustment, add to) a trade now.

        ``stake_amount`` None: the configured stake. A ``stake_amount`` above the available
        stake is refused (``RPCRefused``) instead of shrunk to whatever is left, unless
        ``stake_all_available``: then the available stake is used, at most ``stake_amount``.
        """
        config = self.config
        if not (config.get("force_entry_enable") or config.get("forcebuy_enable")):
            raise RPCException("Force_entry not enabled.")
        if self.bot.state != State.RUNNING:
            raise RPCException("trader is not running")
        if side == "short" and config.get("trading_mode", "spot") == "spot":
            raise RPCException("Can't go short on Spot markets.")
        market = self.bot.exchange.markets.get(pair)
        if not market or not market.get("active", True):
            raise RPCException("Symbol does not exist or market is not active.")
        stake = config["stake_currency"]
        if market.get("quote") != stake:
            raise RPCException(f"Wrong pair selected. Only pairs with stake-currency {stake} "
                               "allowed.")
        self._check_price(pair, price)
        with self._locked():
            existing = get_session().scalars(select(Trade).where(
                Trade.is_open.is_(True), Trade.pair == pair)).first()
            if existing is not None:
                # with position adjustment a forced entry adds to the open trade (DCA)
                if not self.bot.strategy.position_adjustment_enable:
                    raise RPCException(f"position for {pair} already open - id: {existing.id}")
                if existing.has_open_orders:
                    raise RPCException(
                        f"position for {pair} already open - id: {existing.id} and has open "
                        f"order {','.join(existing.open_orders_ids)}")
            elif self.bot.max_open_trades != -1 and \
                    Trade.get_open_trade_count() >= self.bot.max_open_trades:
                raise RPCException("Maximum number of trades is reached.")
            if stake_amount is not None or stake_all_available:
                stake_amount = self._requested_stake(stake_amount, stake_all_available)
            try:
                trade = self.bot.execute_entry(
                    pair, stake_amount, price, ordertype=ordertype,
                    enter_tag=enter_tag or "force_entry", is_forced=True, trade=existing,
                    mode="pos_adjust" if existing is not None else "initial")
            except DependencyException as exc:  # e.g. the balance is below the stake
                raise RPCException(str(exc)) from None
            if trade is None:
                raise RPCException(f"Failed to enter position for {pair}.")
            found = get_session().scalars(select(Trade).where(
                Trade.is_open.is_(True), Trade.pair == pair)).first()
            return trade_schema(found) if found is not None else None

    def _requested_stake(self, stake_amount: float | None, all_available: bool) -> float:
        """The stake a forced entry asks for, checked against the available stake."""
        available = self.bot.wallets.get_available_stake_amount()
        if all_available:
            return available if stake_amount is None else min(stake_amount, available)
        if stake_amount is not None and stake_amount > available:
            currency = self.config["stake_currency"]
            raise RPCRefused(
                f"stakeamount {stake_amount:g} {currency} is more than the available stake "
                f"({max(available, 0.0):.8f} {currency}). Send a smaller stakeamount, or "
                '"stake_all_available": true to stake what is available.')
        return float(stake_amount or 0.0)

    def force_exit(self, tradeid: str | int, ordertype: str | None = None,
                   amount: float | None = None, price: float | None = None) -> dict[str, str]:
        if self.bot.state == State.STOPPED:
            raise RPCException("trader is not running")
        with self._locked():
            if str(tradeid) == "all":
                for open_trade in Trade.get_open_trades():
                    self._exit_one(open_trade, ordertype, None, None)
                return {"result": "Created exit orders for all open trades."}
            try:
                trade_id = int(tradeid)
            except (TypeError, ValueError):
                raise RPCException("invalid argument") from None
            if not -(2**63) <= trade_id < 2**63:  # no such row: the database cannot bind it
                raise RPCException("invalid argument")
            trade = get_session().scalars(select(Trade).where(
                Trade.id == trade_id, Trade.is_open.is_(True))).first()
            if trade is None:
                raise RPCException("invalid argument")
            self._exit_one(trade, ordertype, amount, price)
            return {"result": f"Created exit order for trade {trade_id}."}

    def _check_price(self, pair: str, price: float | None) -> None:
        """A price that rounds to 0 at the pair's precision cannot be an order's price."""
        if price is not None and not self.bot.exchange.price_to_precision(pair, price) > 0:
            raise RPCException(f"Price {price} is below the price precision of {pair}.")

    def _exit_one(self, trade: Trade, ordertype: str | None, amount: float | None,
                  price: float | None) -> None:
        if ordertype != "market":
            self._check_price(trade.pair, price)
        for order in list(trade.open_orders):
            self.bot.cancel_order(trade, order, reason="force exit")
            if order.ft_is_open:
                raise RPCException("Failed to exit trade.")
        if trade.is_removed or not trade.is_open:
            return
        if trade.nr_of_successful_entries == 0:
            trade.delete()
            return
        if price is not None and ordertype != "market":
            rate = float(price)
        else:
            rate = self.bot.exchange.get_rate(trade.pair, side="exit", is_short=trade.is_short)
        sub_amount = None
        if amount is not None and float(amount) < trade.amount:
            sub_amount = float(amount)
            remaining = trade.amount - sub_amount
            min_stake = self.bot.exchange.get_min_pair_stake_amount(
                trade.pair, rate, self.bot.strategy.stoploss)
            if min_stake and remaining * rate < min_stake:
                raise RPCException(f"Remaining amount of {remaining} would be too small.")
        # local: freqtrade.bot loads the exchange, strategy and pairlist code (0.1-0.2 s by
        # python -X importtime), which the API would pay at start even in webserver mode
        from freqtrade.bot import ExitCheck

        ordertype = ordertype or self.bot.strategy.order_types.get(
            "force_exit", self.bot.strategy.order_types.get("exit", "limit"))
        if not self.bot.execute_trade_exit(trade, rate, ExitCheck(ExitType.FORCE_EXIT),
                                           ordertype=ordertype, sub_trade_amt=sub_amount):
            raise RPCException("Failed to exit trade.")

    def delete_trade(self, trade_id: int) -> dict[str, Any]:
        with self._locked():
            trade = get_session().get(Trade, trade_id)
            if trade is None:
                raise RPCException(f"Trade with id '{trade_id}' not found.")
            cancelled = 0
            for order in list(trade.open_orders):
                try:
                    self.bot.exchange.cancel_order(order.order_id, trade.pair)
                except (ExchangeError, DependencyException) as exc:
                    logger.warning("Could not cancel order %s: %s", order.order_id, exc)
                cancelled += 1
            pair = trade.pair
            trade.delete()
            self.bot.wallets.update()
            return {"result": "success", "trade_id": trade_id,
                    "result_msg": f"Deleted trade #{trade_id} for pair {pair}. Closed "
                                  f"{cancelled} open orders.",
                    "cancel_order_count": cancelled}

    def cancel_open_order(self, trade_id: int) -> dict[str, Any]:
        if self.bot.state == State.STOPPED:
            raise RPCException("trader is not running")
        with self._locked():
            trade = get_session().scalars(select(Trade).where(
                Trade.id == trade_id, Trade.is_open.is_(True))).first()
            if trade is None:
                raise RPCException("Invalid trade_id.")
            if not trade.has_open_orders:
                raise RPCException("No open order for trade_id.")
            for order in list(trade.open_orders):
                try:
                    self.bot.exchange.fetch_order(order.order_id, trade.pair)
                except (ExchangeError, DependencyException):
                    raise RPCException("Order not found.") from None
                self.bot.cancel_order(trade, order, reason="cancelled by user")
            Trade.commit()
            trade = get_session().get(Trade, trade_id)
            if trade is None:
                return {}
            return self._trade_view(trade)

    def reload_trade(self, trade_id: int) -> dict[str, Any]:
        with self._locked():
            trade = get_session().get(Trade, trade_id)
            if trade is None:
                raise RPCException(f"Could not find trade with id {trade_id}.")
            self.bot.refresh_open_orders(trade)
            Trade.commit()
            trade = get_session().get(Trade, trade_id)
            if trade is None:
                raise RPCException(f"Could not find trade with id {trade_id}.")
            return self._trade_view(trade)

    # ------------------------------------------------------------------ pairlists
    def whitelist(self) -> dict[str, Any]:
        pairs = list(self.bot.active_pair_whitelist)
        return {"whitelist": pairs, "length": len(pairs),
                "method": self.bot.pairlists.name_list}

    def _blacklist_view(self, errors: dict | None = None) -> dict[str, Any]:
        lists = self.bot.pairlists
        return {"blacklist": lists.blacklist, "blacklist_expanded": lists.expanded_blacklist(),
                "errors": errors or {}, "length": len(lists.blacklist),
                "method": lists.name_list}

    def blacklist(self) -> dict[str, Any]:
        return self._blacklist_view()

    def blacklist_add(self, pairs: list[str]) -> dict[str, Any]:
        with self._locked():
            errors = self.bot.pairlists.add_to_blacklist(list(pairs))
            self.bot.refresh_whitelist()
            return self._blacklist_view(errors)

    def blacklist_delete(self, pairs: list[str]) -> dict[str, Any]:
        with self._locked():
            errors = self.bot.pairlists.remove_from_blacklist(list(pairs))
            return self._blacklist_view(errors)

    # ------------------------------------------------------------------ locks
    def locks(self) -> dict[str, Any]:
        locks = get_pair_locks(None)
        return {"lock_count": len(locks), "locks": [lock.to_json() for lock in locks]}

    def add_locks(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        now = dt_now()
        for item in items:
            lock_pair_to_candle(item["pair"], as_utc(item["until"]), self.bot.timeframe,
                                item.get("reason"), side=item.get("side") or "*", now=now)
        return self.locks()

    def delete_lock(self, lockid: int | None = None, pair: str | None = None) -> dict[str, Any]:
        now = dt_now()
        session = get_session()
        targets: list[PairLock] = []
        if lockid is not None:
            lock = session.get(PairLock, lockid)
            targets = [lock] if lock is not None else []
        elif pair:
            targets = get_pair_locks(pair, now)
        for lock in targets:
            lock.active = False
            lock.lock_end_time = now.replace(tzinfo=None)
        session.commit()
        return self.locks()

    # ------------------------------------------------------------------ custom data
    def custom_data(self, trade_id: int, key: str | None = None) -> list[dict[str, Any]]:
        from freqtrade.persistence import get_custom_data

        trade = get_session().get(Trade, trade_id) if trade_id else None
        if trade_id == 0:
            raise RPCNotFound("No open trades found.")
        if trade is None:
            raise RPCNotFound(f"No trade found for trade_id: {trade_id}")
        items = get_custom_data(trade_id, key)
        if not items:
            if key:
                raise RPCNotFound(f"No custom-data with key '{key}' found for Trade ID: "
                                  f"{trade_id}.")
            raise RPCNotFound(f"No custom-data found for Trade ID: {trade_id}.")
        return [{"trade_id": trade_id, "custom_data": [_custom_view(i) for i in items]}]

    def open_trades_custom_data(self, key: str | None = None, limit: int = 100,
                                offset: int = 0) -> list[dict[str, Any]]:
        from freqtrade.persistence import get_custom_data

        trades = get_session().scalars(
            select(Trade).where(Trade.is_open.is_(True)).order_by(Trade.id)
            .limit(limit).offset(offset)).all()
        if not trades:
            raise RPCNotFound("No open trades found.")
        result = []
        for trade in trades:
            items = get_custom_data(trade.id, key)
            if items:
                result.append({"trade_id": trade.id,
                               "custom_data": [_custom_view(i) for i in items]})
        if not result:
            if key:
                raise RPCNotFound(f"No custom-data with key '{key}' found for any open "
                                  "trades.")
            raise RPCNotFound("No custom-data found for any open trades.")
        return result

    # ------------------------------------------------------------------ candles and logs
    def analysed_dataframe_stamp(self, pair: str, timeframe: str) -> tuple:
        """Identifies the current analyzed frame: equal stamps mean an identical payload."""
        _, last_analyzed = self.bot.dataprovider.get_analyzed_dataframe(pair, timeframe)
        return (self.bot.strategy.get_strategy_name(), last_analyzed)

    def analysed_dataframe(self, pair: str, timeframe: str, limit: int | None = None,
                           columns: list[str] | None = None) -> dict[str, Any]:
        dataframe, last_analyzed = self.bot.dataprovider.get_analyzed_dataframe(pair,
                                                                                timeframe)
        if limit:
            dataframe = dataframe.iloc[-min(int(limit), CANDLES_MAX):]
        elif len(dataframe) > CANDLES_MAX:
            dataframe = dataframe.iloc[-CANDLES_MAX:]
        return dataframe_to_payload(pair, timeframe, dataframe, last_analyzed,
                                    self.bot.strategy.get_strategy_name(), columns)

    @staticmethod
    def logs(limit: int | None = None) -> dict[str, Any]:
        records = get_log_buffer().get(min(int(limit), LOGS_MAX) if limit else None)
        return {"log_count": len(records), "logs": records}

    @staticmethod
    def sysinfo() -> dict[str, Any]:
        per_cpu = psutil.cpu_percent(interval=0.1, percpu=True)
        try:
            load = psutil.getloadavg()
        except (AttributeError, OSError):  # pragma: no cover
            load = (0.0, 0.0, 0.0)
        return {"cpu_pct": per_cpu,
                "cpu_load": [{"cpu": i, "pct": pct} for i, pct in enumerate(per_cpu)],
                "cpu_load_avg": {"1m": load[0], "5m": load[1], "15m": load[2]},
                "cpu_count": psutil.cpu_count() or len(per_cpu),
                "cpu_avg": sum(per_cpu) / len(per_cpu) if per_cpu else 0.0,
                "ram_pct": psutil.virtual_memory().percent}


class _BotLock:
    """``with`` block around a bot command; a loop that holds the lock too long -> 502."""

    def __init__(self, bot: Any):
        self.bot = bot

    def __enter__(self) -> None:
        if not self.bot.acquire():
            raise RPCException("Bot is busy, try again later.")

    def __exit__(self, *exc: Any) -> None:
        self.bot.lock.release()


def _custom_view(item: CustomData) -> dict[str, Any]:
    return {"key": item.cd_key, "type": item.cd_type, "value": item.value,
            "created_at": item.created_at.isoformat() if item.created_at else None,
            "updated_at": item.updated_at.isoformat() if item.updated_at else None}


def _stake_decimals(currency: str) -> int:
    return {"BTC": 8, "ETH": 5}.get(currency.upper(), 3)


def show_config(config: dict, rpc: RPC | None) -> dict[str, Any]:
    """An explicit allow-list of config values (never the whole config: it holds secrets);
    ``rpc`` is the running bot's, ``None`` in webserver mode."""
    timeframe = config.get("timeframe")
    max_open = config.get("max_open_trades", -1)
    max_open = -1.0 if max_open in (None, float("inf"), -1) else float(max_open)
    order_types = config.get("order_types")
    unfilled = config.get("unfilledtimeout")
    runmode = config.get("runmode")
    result: dict[str, Any] = {
        "version": __version__,
        "strategy_version": rpc.strategy.version() if rpc is not None else None,
        "api_version": API_VERSION,
        "dry_run": bool(config.get("dry_run", True)),
        "trading_mode": config.get("trading_mode", "spot"),
        "short_allowed": config.get("trading_mode", "spot") != "spot",
        "stake_currency": config.get("stake_currency", ""),
        "stake_amount": str(config.get("stake_amount", "")),
        "available_capital": config.get("available_capital"),
        "stake_currency_decimals": _stake_decimals(config.get("stake_currency", "")),
        "max_open_trades": max_open,
        "minimal_roi": config.get("minimal_roi") or {},
        "stoploss": config.get("stoploss"),
        "stoploss_on_exchange": bool((order_types or {}).get("stoploss_on_exchange", False)),
        "trailing_stop": config.get("trailing_stop"),
        "trailing_stop_positive": config.get("trailing_stop_positive"),
        "trailing_stop_positive_offset": config.get("trailing_stop_positive_offset"),
        "trailing_only_offset_is_reached": config.get("trailing_only_offset_is_reached"),
        "unfilledtimeout": dict(unfilled) if unfilled else None,
        "order_types": dict(order_types) if order_types else None,
        "use_custom_stoploss": config.get("use_custom_stoploss"),
        "timeframe": timeframe,
        "timeframe_ms": timeframe_to_msecs(timeframe) if timeframe else 0,
        "timeframe_min": timeframe_to_minutes(timeframe) if timeframe else 0,
        "exchange": (config.get("exchange") or {}).get("name", ""),
        "strategy": config.get("strategy"),
        "force_entry_enable": bool(config.get("force_entry_enable", False)),
        "exit_pricing": config.get("exit_pricing") or {},
        "entry_pricing": config.get("entry_pricing") or {},
        "bot_name": config.get("bot_name", "freqtrade"),
        "state": str(rpc.state) if rpc is not None else "",
        "runmode": getattr(runmode, "value", runmode) or "",
        "position_adjustment_enable": bool(config.get("position_adjustment_enable", False)),
        "max_entry_position_adjustment": (
            -1 if config.get("max_entry_position_adjustment") in (None, float("inf"))
            else config["max_entry_position_adjustment"]),
        "margin_mode": config.get("margin_mode", "") or "",
        "demo_trading": bool((config.get("exchange") or {}).get("demo_trading", False)),
    }
    if config.get("trading_mode") == "futures" and config.get("proxy_coin"):
        result["proxy_coin"] = config["proxy_coin"]
    for key, value in list(result.items()):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            result[key] = None
    return result
