"""``IStrategy``: what a strategy file implements, and how the bot asks it for decisions.

Strategies written for freqtrade subclass this unchanged: the current column names
(``enter_long``/``exit_long``/``enter_tag``/``exit_tag``) and the 2021 ones (``buy``/``sell``
from ``populate_buy_trend``/``populate_sell_trend``) both work. User callbacks are called with
freqtrade's keyword arguments; a callback that raises is logged and its neutral default used,
so a strategy bug never stops the trading loop.
"""
from __future__ import annotations

import functools
import inspect
import logging
import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import pandas as pd

from freqtrade.enums import ExitType, SignalDirection
from freqtrade.strategy.hyper import detect_parameters, load_hyper_params
from freqtrade.strategy.informative import merge_informative
from freqtrade.strategy.parameters import BaseParameter
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import (
    timeframe_to_next_date,
    timeframe_to_seconds,
)

logger = logging.getLogger(__name__)


class ExitCheckTuple(NamedTuple):
    exit_type: ExitType
    exit_reason: str = ""

    @property
    def exit_flag(self) -> bool:
        return self.exit_type != ExitType.NONE


def _tolerant(method: Callable[..., Any], default: Callable[..., Any]) -> Callable[..., Any]:
    """Call a user callback with only the keywords it accepts; errors give the default."""
    signature = inspect.signature(method)
    takes_all = any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values())
    accepted = set(signature.parameters)

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not takes_all:
            kwargs = {k: v for k, v in kwargs.items() if k in accepted}
        try:
            return method(*args, **kwargs)
        except Exception:
            logger.exception("Strategy callback %s failed; using its default.",
                             method.__name__)
            return default(*args, **kwargs)

    return wrapper


class IStrategy(ABC):
    """Base class of every strategy."""

    INTERFACE_VERSION: int = 3

    minimal_roi: dict = {}
    stoploss: float = -0.10
    trailing_stop: bool = False
    trailing_stop_positive: float | None = None
    trailing_stop_positive_offset: float = 0.0
    trailing_only_offset_is_reached: bool = False
    use_custom_stoploss: bool = False
    timeframe: str = "5m"
    startup_candle_count: int = 0
    process_only_new_candles: bool = True
    use_exit_signal: bool = True
    exit_profit_only: bool = False
    exit_profit_offset: float = 0.0
    ignore_roi_if_entry_signal: bool = False
    can_short: bool = False
    position_adjustment_enable: bool = False
    max_entry_position_adjustment: int = -1
    ignore_buying_expired_candle_after: int = 0
    order_types: dict = {"entry": "limit", "exit": "limit", "stoploss": "market",
                         "stoploss_on_exchange": False}
    order_time_in_force: dict = {"entry": "GTC", "exit": "GTC"}
    plot_config: dict = {}
    __file__: str  # the strategy file, set by the resolver (freqtrade strategies may read it)

    def __init__(self, config: dict) -> None:
        self.config = config
        self.dp: Any = None
        self.wallets: Any = None
        self._last_candle_seen: dict[str, Any] = {}
        self.source_file: str | None = None  # the file the resolver loaded it from
        self.minimal_roi = {str(k): v for k, v in dict(self.minimal_roi).items()}
        self.order_types = dict(self.order_types)
        self.plot_config = dict(self.plot_config or {})
        self._informative = [
            (info, method) for method in self._informative_methods()
            for info in getattr(method, "_ft_informative", [])]
        # custom_stoploss is asked again right after a fill only if it takes ``after_fill``
        self._ft_stop_uses_after_fill = (
            type(self).custom_stoploss is not IStrategy.custom_stoploss
            and "after_fill" in inspect.signature(type(self).custom_stoploss).parameters)
        self._wrap_callbacks()
        self._ft_params_from_file: dict = {}
        self.ft_load_parameters(quiet=True)

    # ------------------------------------------------------------------ setup helpers
    @classmethod
    def _informative_methods(cls) -> list[Callable]:
        found = []
        for name in dir(cls):
            attr = getattr(cls, name, None)
            if callable(attr) and getattr(attr, "_ft_informative", None):
                found.append(attr)
        return found

    def _wrap_callbacks(self) -> None:
        for name in ("custom_stoploss", "custom_exit", "confirm_trade_entry",
                     "confirm_trade_exit", "custom_stake_amount", "custom_entry_price",
                     "custom_exit_price", "leverage", "bot_loop_start", "bot_start",
                     "plot_annotations", "adjust_trade_position", "order_filled",
                     "check_entry_timeout", "check_exit_timeout", "check_buy_timeout",
                     "check_sell_timeout", "adjust_entry_price", "adjust_exit_price",
                     "adjust_order_price"):
            method = getattr(self, name)
            base = getattr(IStrategy, name)
            if getattr(type(self), name) is not base:
                setattr(self, name, _tolerant(method, functools.partial(base, self)))
        legacy_exit = getattr(type(self), "custom_sell", None)
        if legacy_exit is not None and type(self).custom_exit is IStrategy.custom_exit:
            # 2021 strategies implement ``custom_sell``; freqtrade (spot) still calls it. The
            # instance attribute stands in for the method on purpose, hence the ignore.
            self.custom_exit = _tolerant(  # type: ignore[method-assign]
                legacy_exit.__get__(self), functools.partial(IStrategy.custom_exit, self))

    def get_strategy_name(self) -> str:
        return self.__class__.__name__

    def version(self) -> str | None:
        return None

    # ------------------------------------------------------------------ parameters
    def ft_parameters(self) -> list[BaseParameter]:
        """Every hyperoptable parameter, grouped by space (freqtrade's order)."""
        return [param for params in detect_parameters(self).values()
                for param in params.values()]

    def ft_load_parameters(self, values: dict | None = None, quiet: bool = False) -> None:
        """Give the parameters their values: the parameter file's ``params`` (``values``, kept
        for later reloads), then the class's ``buy_params``/``sell_params``/..., then the
        defaults."""
        if values is not None:
            self._ft_params_from_file = values
        load_hyper_params(self, self._ft_params_from_file, quiet)

    def ft_params_list(self) -> list[dict]:
        """Parameters in the ``/strategy/{name}`` ``params`` format."""
        return [p.describe() for p in self.ft_parameters()]

    # ------------------------------------------------------------------ user overridables
    @abstractmethod
    def populate_indicators(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        """Add indicator columns."""

    def populate_entry_trend(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        """Set ``enter_long`` (and ``enter_tag``); defaults to the 2021 populate_buy_trend."""
        legacy = getattr(self, "populate_buy_trend", None)
        return legacy(dataframe, metadata) if legacy else dataframe

    def populate_exit_trend(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        legacy = getattr(self, "populate_sell_trend", None)
        return legacy(dataframe, metadata) if legacy else dataframe

    def informative_pairs(self) -> list[tuple]:
        return []

    def bot_start(self, **kwargs: Any) -> None:
        return None

    def bot_loop_start(self, current_time: datetime, **kwargs: Any) -> None:
        return None

    def custom_stoploss(self, pair: str, trade: Any, current_time: datetime,
                        current_rate: float, current_profit: float, after_fill: bool = False,
                        **kwargs: Any) -> float | None:
        return self.stoploss

    def custom_exit(self, pair: str, trade: Any, current_time: datetime, current_rate: float,
                    current_profit: float, **kwargs: Any) -> str | bool | None:
        return None

    def confirm_trade_entry(self, pair: str, order_type: str, amount: float, rate: float,
                            time_in_force: str, current_time: datetime,
                            entry_tag: str | None, side: str, **kwargs: Any) -> bool:
        return True

    def confirm_trade_exit(self, pair: str, trade: Any, order_type: str, amount: float,
                           rate: float, time_in_force: str, exit_reason: str,
                           current_time: datetime, **kwargs: Any) -> bool:
        return True

    def custom_stake_amount(self, pair: str, current_time: datetime, current_rate: float,
                            proposed_stake: float, min_stake: float | None, max_stake: float,
                            leverage: float, entry_tag: str | None, side: str,
                            **kwargs: Any) -> float:
        return proposed_stake

    def custom_entry_price(self, pair: str, trade: Any, current_time: datetime,
                           proposed_rate: float, entry_tag: str | None, side: str,
                           **kwargs: Any) -> float:
        return proposed_rate

    def custom_exit_price(self, pair: str, trade: Any, current_time: datetime,
                          proposed_rate: float, current_profit: float, exit_tag: str | None,
                          **kwargs: Any) -> float:
        return proposed_rate

    def adjust_trade_position(self, trade: Any, current_time: datetime, current_rate: float,
                              current_profit: float, min_stake: float | None, max_stake: float,
                              current_entry_rate: float, current_exit_rate: float,
                              current_entry_profit: float, current_exit_profit: float,
                              **kwargs: Any) -> float | tuple[float | None, str | None] | None:
        """A stake to add (positive), to take out (negative), optionally with an order tag
        as ``(stake, tag)``; None leaves the position alone. Needs
        ``position_adjustment_enable``."""
        return None

    def order_filled(self, pair: str, trade: Any, order: Any, current_time: datetime,
                     **kwargs: Any) -> None:
        """Called once right after any order of a trade fills."""
        return None

    def check_buy_timeout(self, pair: str, trade: Any, order: Any, current_time: datetime,
                          **kwargs: Any) -> bool:
        """The 2021 name of ``check_entry_timeout``."""
        return False

    def check_entry_timeout(self, pair: str, trade: Any, order: Any, current_time: datetime,
                            **kwargs: Any) -> bool:
        """True cancels the open entry order (asked after ``unfilledtimeout``'s own check)."""
        return self.check_buy_timeout(pair=pair, trade=trade, order=order,
                                      current_time=current_time)

    def check_sell_timeout(self, pair: str, trade: Any, order: Any, current_time: datetime,
                           **kwargs: Any) -> bool:
        """The 2021 name of ``check_exit_timeout``."""
        return False

    def check_exit_timeout(self, pair: str, trade: Any, order: Any, current_time: datetime,
                           **kwargs: Any) -> bool:
        """True cancels the open exit order."""
        return self.check_sell_timeout(pair=pair, trade=trade, order=order,
                                       current_time=current_time)

    def adjust_entry_price(self, trade: Any, order: Any, pair: str, current_time: datetime,
                           proposed_rate: float, current_order_rate: float,
                           entry_tag: str | None, side: str, **kwargs: Any) -> float | None:
        """On a new candle, for an open entry order: the same price keeps it, another price
        replaces it, None cancels it."""
        return current_order_rate

    def adjust_exit_price(self, trade: Any, order: Any, pair: str, current_time: datetime,
                          proposed_rate: float, current_order_rate: float,
                          entry_tag: str | None, side: str, **kwargs: Any) -> float | None:
        """As ``adjust_entry_price``, for an open exit order."""
        return current_order_rate

    def adjust_order_price(self, trade: Any, order: Any, pair: str, current_time: datetime,
                           proposed_rate: float, current_order_rate: float,
                           entry_tag: str | None, side: str, is_entry: bool,
                           **kwargs: Any) -> float | None:
        """Both sides in one callback; by default asks adjust_entry_price/adjust_exit_price."""
        method = self.adjust_entry_price if is_entry else self.adjust_exit_price
        return method(trade=trade, order=order, pair=pair, current_time=current_time,
                      proposed_rate=proposed_rate, current_order_rate=current_order_rate,
                      entry_tag=entry_tag, side=side, **kwargs)

    def leverage(self, pair: str, current_time: datetime, current_rate: float,
                 proposed_leverage: float, max_leverage: float, entry_tag: str | None,
                 side: str, **kwargs: Any) -> float:
        return 1.0

    def plot_annotations(self, pair: str, start_date: datetime, end_date: datetime,
                         dataframe: pd.DataFrame, **kwargs: Any) -> list[dict]:
        return []

    # ------------------------------------------------------------------ analysis
    def ft_bot_start(self) -> None:
        """``bot_start``, then the parameter values are (re)applied, as freqtrade does."""
        self.bot_start()
        self.ft_load_parameters()

    def gather_informative_pairs(self) -> list[tuple[str, str]]:
        """Every (pair, timeframe) the strategy needs besides the whitelist candles."""
        pairs: list[tuple[str, str]] = []
        for item in self.informative_pairs() or []:
            pairs.append((item[0], item[1] if len(item) > 1 else self.timeframe))
        whitelist = self.dp.current_whitelist() if self.dp else []
        stake = self.config.get("stake_currency", "USDT")
        for info, _method in self._informative:
            if info.asset:
                asset = info.asset.replace("{stake}", stake)
                pairs.append((asset if "/" in asset else f"{asset}/{stake}", info.timeframe))
            else:
                pairs.extend((pair, info.timeframe) for pair in whitelist)
        return list(dict.fromkeys(pairs))

    def advise_indicators(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        for info, method in self._informative:
            dataframe = merge_informative(self, dataframe, metadata, info, method)
        return self.populate_indicators(dataframe, metadata)

    def advise_entry(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        """Entry columns as freqtrade leaves them: ``enter_tag`` starts as "", the signal
        columns are the strategy's own (2021 ``buy``/``buy_tag`` are renamed when it set no
        ``enter_long``)."""
        dataframe.loc[:, "enter_tag"] = ""
        dataframe = self.populate_entry_trend(dataframe, metadata)
        if "enter_long" not in dataframe.columns:
            if "buy_tag" in dataframe.columns:
                # freqtrade renames onto the "" column, leaving two enter_tag columns and so
                # no tag; here the 2021 tag replaces it
                dataframe = dataframe.drop(columns=["enter_tag"])
            dataframe = dataframe.rename({"buy": "enter_long", "buy_tag": "enter_tag"},
                                         axis="columns")
        return dataframe

    def advise_exit(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        dataframe.loc[:, "exit_tag"] = ""
        dataframe = self.populate_exit_trend(dataframe, metadata)
        if "exit_long" not in dataframe.columns:
            dataframe = dataframe.rename({"sell": "exit_long"}, axis="columns")
        return dataframe

    def analyze_ticker(self, dataframe: pd.DataFrame, metadata: dict) -> pd.DataFrame:
        """Indicators, entry and exit columns for one pair's candles."""
        dataframe = self.advise_indicators(dataframe, metadata)
        dataframe = self.advise_entry(dataframe, metadata)
        return self.advise_exit(dataframe, metadata)

    def analyze_pair(self, pair: str) -> None:
        """Analyze the pair's closed candles (once per new candle) into the data provider."""
        dataframe = self.dp.ohlcv(pair, self.timeframe)
        if dataframe is None or dataframe.empty:
            logger.debug("No candles for %s yet.", pair)
            return
        last = dataframe["date"].iloc[-1]
        if self.process_only_new_candles and self._last_candle_seen.get(pair) == last:
            return
        analyzed = self.analyze_ticker(dataframe.copy(), {"pair": pair})
        self.dp._set_cached_df(pair, self.timeframe, analyzed)
        self._last_candle_seen[pair] = last

    def analyze(self, pairs: list[str]) -> None:
        for pair in pairs:
            try:
                self.analyze_pair(pair)
            except Exception:
                logger.exception("Strategy failed to analyze %s; skipping it this round.",
                                 pair)

    # ------------------------------------------------------------------ signals
    def get_latest_candle(self, pair: str, timeframe: str,
                          dataframe: pd.DataFrame) -> pd.Series | None:
        """The last closed candle, or None when missing or stale (no decisions on old data)."""
        if dataframe is None or dataframe.empty:
            return None
        latest = dataframe.iloc[-1]
        latest_date = pd.Timestamp(latest["date"]).to_pydatetime()
        tf_secs = timeframe_to_seconds(timeframe)
        if latest_date < dt_now() - timedelta(seconds=tf_secs * 2 + 60):
            logger.warning("Outdated history for %s: last candle %s.", pair, latest_date)
            return None
        return latest

    @staticmethod
    def _flag(row: pd.Series, column: str) -> bool:
        value = row.get(column, 0)
        try:
            return value == 1 or value is True
        except (TypeError, ValueError):
            return False

    def get_entry_signal(self, pair: str, timeframe: str, dataframe: pd.DataFrame
                         ) -> tuple[SignalDirection | None, str | None]:
        latest = self.get_latest_candle(pair, timeframe, dataframe)
        if latest is None:
            return None, None
        enter_long = self._flag(latest, "enter_long")
        enter_short = self._flag(latest, "enter_short") and self.can_short
        tag = latest.get("enter_tag")
        tag = tag if isinstance(tag, str) and tag else None
        if enter_long and not enter_short:
            return SignalDirection.LONG, tag
        if enter_short and not enter_long:
            return SignalDirection.SHORT, tag
        return None, None

    def get_exit_signal(self, pair: str, timeframe: str, dataframe: pd.DataFrame,
                        is_short: bool | None = None) -> tuple[bool, bool, str | None]:
        latest = self.get_latest_candle(pair, timeframe, dataframe)
        if latest is None:
            return False, False, None
        if is_short:
            enter, exit_ = self._flag(latest, "enter_short"), self._flag(latest, "exit_short")
        else:
            enter, exit_ = self._flag(latest, "enter_long"), self._flag(latest, "exit_long")
        tag = latest.get("exit_tag")
        return enter, exit_, tag if isinstance(tag, str) and tag else None

    # ------------------------------------------------------------------ exits
    def min_roi_reached_entry(self, trade_dur: int) -> tuple[int | None, float | None]:
        keys = [int(k) for k in self.minimal_roi if int(k) <= trade_dur]
        if not keys:
            return None, None
        key = max(keys)
        return key, float(self.minimal_roi[str(key)])

    def min_roi_reached(self, trade: Any, current_profit: float,
                        current_time: datetime) -> bool:
        """True when the profit beats the ROI table entry for the trade's age (minutes)."""
        trade_dur = int((current_time - trade.open_date_utc).total_seconds() // 60)
        _, roi = self.min_roi_reached_entry(trade_dur)
        return roi is not None and current_profit > roi

    def ft_stoploss_adjust(self, current_rate: float, trade: Any, current_time: datetime,
                           current_profit: float, low: float | None = None,
                           high: float | None = None, after_fill: bool = False) -> None:
        """Initial stop, custom stoploss and trailing stop, applied to the trade."""
        if after_fill and not self._ft_stop_uses_after_fill:
            return
        if not trade.initial_stop_loss_pct:
            trade.adjust_stop_loss(trade.open_rate, self.stoploss, initial=True)
        direction_rate = (low if trade.is_short else high) or current_rate
        if self.use_custom_stoploss:
            value = self.custom_stoploss(pair=trade.pair, trade=trade,
                                         current_time=current_time, current_rate=current_rate,
                                         current_profit=current_profit, after_fill=after_fill)
            if value is not None and isinstance(value, (int, float)) and not math.isnan(value) \
                    and value != 0:
                trade.adjust_stop_loss(current_rate, -abs(value), allow_refresh=after_fill)
        if self.trailing_stop:
            offset = self.trailing_stop_positive_offset or 0.0
            if self.trailing_only_offset_is_reached and current_profit <= offset:
                return
            value = self.stoploss
            if self.trailing_stop_positive is not None and current_profit > offset:
                value = -abs(self.trailing_stop_positive)
            trade.adjust_stop_loss(direction_rate, value)

    def stop_loss_reached(self, current_rate: float, trade: Any, current_time: datetime,
                          current_profit: float, force_stoploss: float = 0,
                          low: float | None = None, high: float | None = None
                          ) -> ExitCheckTuple:
        self.ft_stoploss_adjust(current_rate, trade, current_time, current_profit, low, high)
        stop = force_stoploss or trade.stop_loss
        if not stop:
            return ExitCheckTuple(ExitType.NONE)
        hit = ((high or current_rate) >= stop) if trade.is_short else \
            ((low or current_rate) <= stop)
        if not hit:
            return ExitCheckTuple(ExitType.NONE)
        trailing = bool(trade.is_stop_loss_trailing) and trade.initial_stop_loss != stop
        exit_type = ExitType.TRAILING_STOP_LOSS if trailing else ExitType.STOP_LOSS
        return ExitCheckTuple(exit_type, exit_type.value)

    def should_exit(self, trade: Any, rate: float, current_time: datetime, *, enter: bool,
                    exit_: bool, low: float | None = None, high: float | None = None,
                    force_stoploss: float = 0) -> list[ExitCheckTuple]:
        """Every reason to exit now, in order: exit signal/custom exit, stoploss, ROI."""
        current_profit = trade.calc_profit_ratio(rate)
        exits: list[ExitCheckTuple] = []
        if self.use_exit_signal:
            signal_type = ExitType.NONE
            reason = ""
            if exit_ and not enter:
                signal_type, reason = ExitType.EXIT_SIGNAL, ExitType.EXIT_SIGNAL.value
            else:
                custom = self.custom_exit(pair=trade.pair, trade=trade,
                                          current_time=current_time, current_rate=rate,
                                          current_profit=current_profit)
                if custom:
                    signal_type = ExitType.CUSTOM_EXIT
                    reason = custom[:64] if isinstance(custom, str) else \
                        ExitType.CUSTOM_EXIT.value
            if signal_type == ExitType.CUSTOM_EXIT or (
                    signal_type == ExitType.EXIT_SIGNAL and (
                        not self.exit_profit_only or current_profit > self.exit_profit_offset)):
                exits.append(ExitCheckTuple(signal_type, reason))
        stoploss = self.stop_loss_reached(rate, trade, current_time, current_profit,
                                          force_stoploss, low, high)
        if stoploss.exit_flag:
            exits.append(stoploss)
        if not (enter and self.ignore_roi_if_entry_signal) and \
                self.min_roi_reached(trade, current_profit, current_time):
            exits.append(ExitCheckTuple(ExitType.ROI, ExitType.ROI.value))
        return exits

    # ------------------------------------------------------------------ orders
    def ft_adjust_trade_position(self, **kwargs: Any) -> tuple[float | None, str]:
        """``adjust_trade_position``'s answer as (stake, order tag); a bare number, a
        1-tuple and a (stake, tag) tuple are all accepted."""
        answer = self.adjust_trade_position(**kwargs)
        if isinstance(answer, tuple):
            stake = answer[0] if answer else None
            tag = (answer[1] or "") if len(answer) > 1 else ""
            return stake, tag
        return answer, ""

    def ft_check_timed_out(self, trade: Any, order: Any, current_time: datetime) -> bool:
        """Whether an open order is to be cancelled: past ``unfilledtimeout`` for its side
        (minutes, or seconds with ``unit``), or because check_entry/exit_timeout says so."""
        is_exit = order.ft_order_side == trade.exit_side
        timeouts = self.config.get("unfilledtimeout") or {}
        limit = timeouts.get("exit" if is_exit else "entry")
        if limit is not None and order.order_date is not None:
            unit = timeouts.get("unit", "minutes")
            delta = timedelta(seconds=limit) if unit == "seconds" else timedelta(minutes=limit)
            if order.status == "open" and order.order_date_utc <= current_time - delta:
                return True
        callback = self.check_exit_timeout if is_exit else self.check_entry_timeout
        return bool(callback(pair=trade.pair, trade=trade, order=order,
                             current_time=current_time))

    # ------------------------------------------------------------------ pair locks
    def lock_pair(self, pair: str, until: datetime, reason: str | None = None,
                  side: str = "*") -> None:
        """Block new entries on ``pair`` (``*``: every pair) until the candle after ``until``."""
        from freqtrade.persistence import lock_pair_to_candle

        lock_pair_to_candle(pair, until, self.timeframe, reason, side=side, now=dt_now())

    def unlock_pair(self, pair: str) -> None:
        """Release the pair's current locks on both sides (``*``); one-side locks stay."""
        from freqtrade.persistence import unlock_pair

        unlock_pair(pair, dt_now())

    def unlock_reason(self, reason: str) -> None:
        """Release every current lock with this reason."""
        from freqtrade.persistence import unlock_reason

        unlock_reason(reason, dt_now())

    def is_pair_locked(self, pair: str, *, candle_date: datetime | None = None,
                       side: str = "*") -> bool:
        """Whether ``pair`` (or every pair) is locked for ``side``. With ``candle_date`` (the
        last candle's open) the check is at the next candle's open, so a lock lasts until the
        candle after it has arrived, not until the wall clock passes its end."""
        from freqtrade.persistence import is_pair_locked

        if candle_date is None:
            return is_pair_locked(pair, dt_now(), side)
        return is_pair_locked(pair, timeframe_to_next_date(self.timeframe, candle_date), side)
