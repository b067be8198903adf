"""What every pairlist shares: its settings, logging without repetition, market checks, lookback.

A chain starts with a generator (it builds the list from the config, the markets or the
tickers) and continues with filters (each removes or reorders pairs). Any generator can also
sit later in the chain, where it filters the list it is given.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.cache import TimedCache
from freqtrade.util.timeframes import timeframe_to_minutes

logger = logging.getLogger(__name__)

Tickers = dict[str, dict[str, Any]]


def plural(count: float, word: str) -> str:
    return word if count == 1 else f"{word}s"


class Pairlist:
    """Base of every generator and filter; subclasses set ``is_generator`` and override
    ``gen_pairlist`` / ``filter_pairlist`` or ``validate_pair``."""

    is_generator = False

    def __init__(self, exchange, manager, config: dict, pairlist_config: dict[str, Any],
                 position: int):
        self._enabled = True
        self._exchange = exchange
        self._manager = manager
        self._config = config
        self._pairlist_config = pairlist_config
        self._position = position
        self.refresh_period = pairlist_config.get("refresh_period", 1800)
        self._log_cache = TimedCache(self.refresh_period)

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def needs_tickers(self) -> bool:
        """Whether ``filter_pairlist`` reads the tickers (the manager fetches them only then)."""
        return False

    def short_desc(self) -> str:
        return self.name

    # ------------------------------------------------------------------ logging
    def log_once(self, message: str, log: Callable[[str], None]) -> None:
        """Log ``message`` at most once per ``refresh_period`` (the loop repeats every few
        seconds; the same removal reason once is enough)."""
        logger.debug(message)
        if message not in self._log_cache:
            self._log_cache[message] = True
            log(message)

    # ------------------------------------------------------------------ chain steps
    def gen_pairlist(self, tickers: Tickers) -> list[str]:
        raise OperationalException(
            "This Pairlist Handler should not be used at the first position in the list of "
            "Pairlist Handlers.")

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        """Keep the pairs ``validate_pair`` accepts, in their order."""
        if not self._enabled:
            return pairlist
        return [pair for pair in pairlist if self.validate_pair(pair, tickers.get(pair))]

    def validate_pair(self, pair: str, ticker: dict | None) -> bool:
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers
    def verify_blacklist(self, pairlist: list[str], log: Callable[[str], None]) -> list[str]:
        return self._manager.verify_blacklist(pairlist, log)

    def stake_markets(self) -> list[str]:
        """Active spot markets quoted in the stake currency, in the exchange's order."""
        stake = self._config["stake_currency"]
        return [symbol for symbol, market in self._exchange.markets.items()
                if market.get("quote") == stake and market.get("active", True) is not False
                and market.get("base") and market.get("spot", True) is not False]

    def whitelist_for_active_markets(self, pairlist: list[str]) -> list[str]:
        """Drop (with a reason, once) pairs the exchange lacks, quoted in another currency or
        inactive; duplicates are dropped too."""
        markets = self._exchange.markets
        if not markets:
            raise OperationalException(
                "Markets not loaded. Make sure that exchange is initialized correctly.")
        stake = self._config["stake_currency"]
        result: list[str] = []
        for pair in pairlist:
            market = markets.get(pair)
            if market is None:
                self.log_once(f"Pair {pair} is not compatible with exchange "
                              f"{self._exchange.name}. Removing it from whitelist..",
                              logger.warning)
            elif market.get("quote") != stake:
                self.log_once(f"Pair {pair} is not compatible with your stake currency "
                              f"{stake}. Removing it from whitelist..", logger.warning)
            elif market.get("active", True) is False:
                self.log_once(f"Ignoring {pair} from whitelist. Market is not active.",
                              logger.info)
            elif pair not in result:
                result.append(pair)
        return result

    # ------------------------------------------------------------------ lookback range
    @staticmethod
    def _is_set(value: Any) -> bool:
        return bool(value) and value > 0

    def init_lookback(self, required: bool = False, deprecated_fallback: int = 0) -> None:
        """Resolve ``lookback_days`` / ``lookback_timeframe`` / ``lookback_period`` into
        ``lookback_timeframe`` and ``lookback_period`` (0: no range), refusing ambiguous or
        impossible settings with the message freqtrade gives."""
        cfg = self._pairlist_config
        days = cfg.get("lookback_days", 0) or 0
        period = cfg.get("lookback_period")
        self.lookback_timeframe: str = cfg.get("lookback_timeframe", "1d")
        has_period = self._is_set(period)
        if days > 0 and has_period:
            raise OperationalException(
                "Ambiguous configuration: lookback_days and lookback_period both set in pairlist "
                "config. Please set lookback_days only or lookback_period and lookback_timeframe "
                "and restart the bot.")
        min_days = 1 if required and not has_period else 0
        if "lookback_days" in cfg and days < min_days:
            raise OperationalException(f"{self.name} requires lookback_days to be >= {min_days}")
        if days > 0:
            if self.lookback_timeframe != "1d":
                raise OperationalException(
                    "Ambiguous configuration: lookback_days implies a lookback_timeframe of 1d, "
                    f"but lookback_timeframe is set to {self.lookback_timeframe}. Please set "
                    "lookback_period instead of lookback_days and restart the bot.")
            period = days
        if period is None and required:
            if "lookback_timeframe" in cfg:
                raise OperationalException(
                    f"{self.name} requires lookback_period to be set when using "
                    "lookback_timeframe.")
            if not deprecated_fallback:
                raise OperationalException(
                    f"{self.name} requires either lookback_days or lookback_period to be set.")
            logger.warning(
                "DEPRECATED: Using %s without lookback_days or lookback_period is deprecated and "
                "will result in an error in a future version. Please set either lookback_days "
                "or lookback_period and lookback_timeframe. Falling back to lookback_days: %s.",
                self.name, deprecated_fallback)
            period = deprecated_fallback
        self.lookback_period: int = period or 0
        minimum = 1 if required else 0
        if self.lookback_period < minimum:
            raise OperationalException(f"{self.name} requires lookback_period to be >= {minimum}")
        if self.lookback_period == 0 and "lookback_timeframe" in cfg:
            logger.warning(
                "%s is configured with lookback_timeframe %s, but without lookback_period - the "
                "lookback range is disabled and the timeframe has no effect. Please set "
                "lookback_period to enable it.", self.name, self.lookback_timeframe)
        limit = self._exchange.ohlcv_candle_limit(self.lookback_timeframe)
        if self.lookback_period > limit:
            raise OperationalException(f"{self.name} requires lookback_period to not exceed "
                                       f"exchange max request size ({limit})")

    def lookback_candles(self, pairs: list[str], describe: str | None = None) -> dict:
        """Closed candles of the lookback range per pair; ``describe`` names the measure in a
        one-time log line ("volume", "change")."""
        if describe:
            self.log_once(f"Using {describe} range of {self.lookback_period} x "
                          f"{self.lookback_timeframe} {plural(self.lookback_period, 'candle')}.",
                          logger.info)
        return self._manager.candles.lookback(pairs, self.lookback_timeframe,
                                              self.lookback_period)

    def check_range_refresh(self) -> bool:
        """True when a lookback range is used; its refresh period must cover one candle."""
        minutes = timeframe_to_minutes(self.lookback_timeframe)
        use_range = minutes > 0 and self.lookback_period > 0
        if use_range and self.refresh_period < minutes * 60:
            raise OperationalException(
                f"Refresh period of {self.refresh_period} seconds is smaller than one timeframe "
                f"of {self.lookback_timeframe}. Please adjust refresh_period to at least "
                f"{minutes * 60} and restart the bot.")
        return use_range
