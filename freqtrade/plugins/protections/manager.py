"""Loads the strategy's protections, checks their settings, and turns their verdicts into locks.

The bot asks after every trade that closes: first for the pair, then for every pair. A
protection's lock is written only when no lock (of the pair, or on every pair) already covers
its end, and it ends on a candle boundary.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from freqtrade.exceptions import ConfigurationError, OperationalException
from freqtrade.plugins.protections.base import Protection, ProtectionResult
from freqtrade.plugins.protections.cooldown_period import CooldownPeriod
from freqtrade.plugins.protections.low_profit_pairs import LowProfitPairs
from freqtrade.plugins.protections.max_drawdown import MaxDrawdown
from freqtrade.plugins.protections.stoploss_guard import StoplossGuard
from freqtrade.util.clock import dt_now

logger = logging.getLogger(__name__)

PROTECTIONS: dict[str, type[Protection]] = {
    cls.__name__: cls for cls in (CooldownPeriod, LowProfitPairs, MaxDrawdown, StoplossGuard)}
INTEGER_KEYS = ("stop_duration", "stop_duration_candles", "lookback_period",
                "lookback_period_candles")


def _time_of_day_problem(value: Any) -> str | None:
    try:
        datetime.strptime(value, "%H:%M")
    except (TypeError, ValueError):
        return f"Invalid date format for unlock_at: {value}."
    return None


def protection_problems(protections: Any) -> list[str]:
    """Every problem of a ``protections`` list, one line each (empty when valid)."""
    if not isinstance(protections, (list, tuple)):
        return ["protections: must be a list of protection settings "
                "(dicts with a \"method\")"]
    problems: list[str] = []
    for prot in protections:
        if not isinstance(prot, dict) or "method" not in prot:
            problems.append(f"protections: each entry needs a \"method\", got {prot!r}")
            continue
        method = prot["method"]
        fix = f"Please fix the protection {method}."
        if method not in PROTECTIONS:
            problems.append(f"Impossible to load Protection '{method}'. This class does not "
                            "exist or contains Python code errors.")
            continue
        unlock_problem = None
        if prot.get("unlock_at") is not None:
            unlock_problem = _time_of_day_problem(prot["unlock_at"])
            if unlock_problem:
                problems.append(unlock_problem)
        if "stop_duration" in prot and "stop_duration_candles" in prot:
            problems.append("Protections must specify either `stop_duration` or "
                            f"`stop_duration_candles`. {fix}")
        if "lookback_period" in prot and "lookback_period_candles" in prot:
            problems.append("Protections must specify either `lookback_period` or "
                            f"`lookback_period_candles`. {fix}")
        if prot.get("unlock_at") is not None and not unlock_problem and (
                "stop_duration" in prot or "stop_duration_candles" in prot):
            problems.append("Protections must specify either `unlock_at`, `stop_duration` or "
                            f"`stop_duration_candles`. {fix}")
        for key in INTEGER_KEYS:
            if key in prot and not _is_whole_number(prot[key]):
                problems.append(f"protections: {method}.{key} must be a number, got "
                                f"{prot[key]!r}")
    return problems


def _is_whole_number(value: Any) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


class ProtectionManager:
    """The protections of one bot, in the order the strategy lists them."""

    def __init__(self, config: dict[str, Any], protections: Any) -> None:
        problems = protection_problems(protections)
        if problems:
            raise ConfigurationError(problems)
        self._timeframe = config["timeframe"]
        self._handlers: list[Protection] = [PROTECTIONS[prot["method"]](config, prot)
                                            for prot in protections]
        if not self._handlers:
            logger.info("No protection Handlers defined.")
        for handler in self._handlers:
            logger.info("Protection: %s", handler.short_desc())

    @property
    def name_list(self) -> list[str]:
        return [handler.name for handler in self._handlers]

    def short_desc(self) -> list[dict[str, str]]:
        return [{handler.name: handler.short_desc()} for handler in self._handlers]

    def global_stop(self, now: datetime | None = None, side: str = "long",
                    starting_balance: float = 0.0):
        """Lock every pair where a protection asks for it; returns the last lock written."""
        from freqtrade.persistence import is_global_lock

        return self._write_locks(
            "*", now, lambda handler, at: handler.global_stop(at, side, starting_balance)
            if handler.has_global_stop else None,
            lambda result: is_global_lock(result.until, result.side))

    def stop_per_pair(self, pair: str, now: datetime | None = None, side: str = "long",
                      starting_balance: float = 0.0):
        """Lock ``pair`` where a protection asks for it; returns the last lock written."""
        from freqtrade.persistence import is_pair_locked

        return self._write_locks(
            pair, now, lambda handler, at: handler.stop_per_pair(pair, at, side,
                                                                 starting_balance)
            if handler.has_local_stop else None,
            lambda result: is_pair_locked(pair, result.until, result.side))

    def _write_locks(self, pair: str, now: datetime | None,
                     evaluate: Callable[[Protection, datetime], ProtectionResult | None],
                     covered: Callable[[ProtectionResult], bool]):
        """Ask each protection in turn; a lock is written unless one already covers its end."""
        from freqtrade.persistence import lock_pair_to_candle

        now = now or dt_now()
        written = None
        for handler in self._handlers:
            result = evaluate(handler, now)
            if result and result.until and not covered(result):
                written = lock_pair_to_candle(pair, result.until, self._timeframe,
                                              result.reason, side=result.side, now=now)
        return written


def load_protections(config: dict[str, Any], strategy: Any) -> ProtectionManager:
    """The manager for the strategy's ``protections`` (a list or a property returning one)."""
    try:
        protections = getattr(strategy, "protections", None) or []
    except Exception as exc:  # a property raising must stop the start with its message
        raise OperationalException(f"The strategy's protections could not be read: "
                                   f"{exc!r}") from exc
    return ProtectionManager(config, protections)
