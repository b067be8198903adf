"""The tradable pairs: a chain of pairlists (a generator, then filters), minus the blacklist.

``pairlists`` in the config names the chain, e.g. VolumePairList then AgeFilter and
SpreadFilter; a method this bot does not implement is refused at start. The blacklist (regex
entries allowed) applies after the whole chain. When the result is empty the manager says why,
at WARNING, once per change.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from freqtrade.exceptions import DependencyException, OperationalException
from freqtrade.plugins.pair_pattern import (
    MAX_ENTRY_LENGTH,
    PairPattern,
    PatternError,
    compile_pair_pattern,
)
from freqtrade.plugins.pairlist.cache import TimedCache
from freqtrade.plugins.pairlist.candles import CandleSource
from freqtrade.plugins.pairlist.registry import pairlist_class

logger = logging.getLogger(__name__)


MAX_BLACKLIST_ENTRIES = 500


def _compile(entry: str) -> PairPattern:
    return compile_pair_pattern(entry)


def expand_pairlist(entries: Iterable[str], available: Iterable[str],
                    keep_invalid: bool = False) -> list[str]:
    """Expand regex/wildcard entries (``.*/BTC``) against ``available`` market symbols.

    Entries are full-match regular expressions, case-insensitive, expanded in entry order (the
    same symbol may appear twice, as freqtrade does), matched by ``PairPattern`` (linear time).
    Invalid or refused expressions raise ``re.error`` unless ``keep_invalid``, in which case
    the entry is kept literally.
    """
    available = list(available)
    by_name: dict[str, list[str]] = {}  # plain pair names are looked up, not matched
    for pair in available:
        by_name.setdefault(pair.lower(), []).append(pair)
    result: list[str] = []
    for entry in entries:
        try:
            pattern = _compile(entry)
        except re.error as exc:
            if keep_invalid:
                result.append(entry)
                continue
            raise PatternError(f"Wildcard error in {entry}, {exc}") from None
        if pattern.literal is not None:
            matched = list(by_name.get(pattern.literal, []))
        else:
            matched = [pair for pair in available if pattern.fullmatch(pair)]
        if not matched and keep_invalid:
            matched = [entry]
        result.extend(matched)
    return result


def _pairs_text(pairs: list[str], shown: int = 10) -> str:
    names = ", ".join(pairs[:shown]) + (", ..." if len(pairs) > shown else "")
    return f"{len(pairs)} {'pair' if len(pairs) == 1 else 'pairs'} ({names})"


TICKER_CACHE_SECS = 1800


class PairListManager:
    """Runs the configured pairlist chain and holds the mutable in-memory blacklist."""

    def __init__(self, exchange, config: dict):
        self._exchange = exchange
        self._config = config
        self._whitelist_config: list[str] = list(config["exchange"].get("pair_whitelist", []))
        self._blacklist: list[str] = list(config["exchange"].get("pair_blacklist", []))
        self._whitelist: list[str] = []
        self.candles = CandleSource(exchange)
        self._tickers = TimedCache(TICKER_CACHE_SECS)
        self._empty_reason: str | None = None
        self._log_cache = TimedCache(config.get("pairlist_refresh_period", 3600))
        self._last_logged: list[str] | None = None
        self._handlers = []
        for position, entry in enumerate(config.get("pairlists")
                                         or [{"method": "StaticPairList"}]):
            handler_class = pairlist_class(entry.get("method", "StaticPairList"))
            self._handlers.append(handler_class(exchange, self, config, entry, position))
        if not self._handlers[0].is_generator:
            raise OperationalException(
                f"{self._handlers[0].name} is a filter: it should not be used at the first "
                "position in the list of Pairlist Handlers. Start pairlists with a generator "
                "(StaticPairList, VolumePairList or PercentChangePairList).")
        self._tickers_needed = any(h.needs_tickers for h in self._handlers)
        if self._tickers_needed and not exchange.exchange_has("fetchTickers"):
            names = ". ".join(h.name for h in self._handlers if h.needs_tickers)
            raise OperationalException(
                f"Exchange {exchange.name} does not support fetchTickers, therefore the "
                f"following pairlists cannot be used. Please edit your config and restart the "
                f"bot.\n{names}.")

    @property
    def name_list(self) -> list[str]:
        """The methods applied, in chain order (``/whitelist``'s ``method``)."""
        return [h.name for h in self._handlers]

    def short_desc(self) -> list[dict[str, str]]:
        return [{h.name: h.short_desc()} for h in self._handlers]

    @property
    def blacklist(self) -> list[str]:
        return list(self._blacklist)

    @property
    def whitelist(self) -> list[str]:
        return list(self._whitelist)

    def expanded_blacklist(self) -> list[str]:
        return expand_pairlist(self._blacklist, self._exchange.markets.keys(),
                               keep_invalid=False)

    def verify_blacklist(self, pairlist: list[str], log: Callable[[str], None]) -> list[str]:
        """``pairlist`` without blacklisted pairs; an invalid blacklist entry empties it."""
        if not self._blacklist:
            return list(pairlist)
        try:
            blacklisted = set(self.expanded_blacklist())
        except re.error as exc:
            logger.error("Pair blacklist contains an invalid Wildcard: %s", exc)
            return []
        kept = []
        for pair in pairlist:
            if pair in blacklisted:
                self._log_once(f"Pair {pair} in your blacklist. Removing it from whitelist...",
                               log)
            else:
                kept.append(pair)
        return kept

    def _log_once(self, message: str, log: Callable[[str], None]) -> None:
        if message not in self._log_cache:
            self._log_cache[message] = True
            log(message)

    def _cached_tickers(self) -> dict[str, dict]:
        tickers = self._tickers.get("tickers")
        if tickers is None:
            tickers = self._exchange.get_tickers(cached=False)
            self._tickers["tickers"] = tickers
        return tickers

    def refresh(self) -> list[str]:
        """Run the chain; on an exchange error keep the previous whitelist."""
        try:
            tickers = self._cached_tickers() if self._tickers_needed else {}
            pairs = self._handlers[0].gen_pairlist(tickers)
            steps = [(self._handlers[0].name, list(pairs))]
            for handler in self._handlers[1:]:
                pairs = handler.filter_pairlist(list(pairs), tickers)
                steps.append((handler.name, list(pairs)))
        except DependencyException as exc:
            logger.warning("Could not refresh the pairlist, keeping the previous whitelist: "
                           "%s", exc)
            return list(self._whitelist)
        result = self.verify_blacklist(pairs, logger.warning)
        self._report(steps, result)
        self._whitelist = result
        return list(result)

    def _report(self, steps: list[tuple[str, list[str]]], result: list[str]) -> None:
        if result != self._last_logged:
            logger.info("Whitelist with %d pairs: %s", len(result), result)
            self._last_logged = list(result)
        if result:
            self._empty_reason = None
            return
        reason = self._empty_why(steps)
        if reason != self._empty_reason:
            logger.warning("The whitelist is empty: %s. No new trades will be opened.", reason)
            self._empty_reason = reason

    def _empty_why(self, steps: list[tuple[str, list[str]]]) -> str:
        stake = self._config["stake_currency"]
        first, generated = steps[0]
        if not generated:
            has_market = any(m.get("quote") == stake and m.get("active", True) is not False
                             for m in self._exchange.markets.values())
            if not has_market:
                return (f"{self._exchange.name} has no active market quoted in the stake "
                        f"currency {stake}")
            if first == "StaticPairList":
                if not self._whitelist_config:
                    return "StaticPairList has no pairs: exchange.pair_whitelist is empty"
                return (f"none of exchange.pair_whitelist is an active {stake} market on "
                        f"{self._exchange.name}")
            return f"{first} found no pair to list"
        previous = generated
        for name, pairs in steps[1:]:
            if not pairs:
                return f"{name} removed the last {_pairs_text(previous)}"
            previous = pairs
        return f"the blacklist removed the last {_pairs_text(previous)}"

    def add_to_blacklist(self, pairs: list[str]) -> dict[str, dict[str, str]]:
        """Add entries; returns ``{entry: {"error_msg": ...}}`` for the ones refused."""
        errors: dict[str, dict[str, str]] = {}
        for pair in pairs:
            if len(pair) > MAX_ENTRY_LENGTH:  # not repeated in the message: it is the key
                errors[pair] = {"error_msg": f"Entry is longer than {MAX_ENTRY_LENGTH} "
                                            "characters."}
                continue
            if pair in self._blacklist:
                errors[pair] = {"error_msg": f"Pair {pair} already in pairlist."}
                continue
            if len(self._blacklist) >= MAX_BLACKLIST_ENTRIES:
                errors[pair] = {"error_msg": f"Blacklist is full ({MAX_BLACKLIST_ENTRIES} "
                                             "entries)."}
                continue
            try:
                _compile(pair)
            except PatternError as exc:
                errors[pair] = {"error_msg": f"Pair {pair} is not a valid wildcard: {exc}."}
                continue
            except re.error:
                errors[pair] = {"error_msg": f"Pair {pair} is not a valid wildcard."}
                continue
            self._blacklist.append(pair)
        if pairs:
            self.refresh()
        return errors

    def remove_from_blacklist(self, pairs: list[str]) -> dict[str, dict[str, str]]:
        errors: dict[str, dict[str, str]] = {}
        for pair in pairs:
            if pair in self._blacklist:
                self._blacklist.remove(pair)
            else:
                errors[pair] = {"error_msg": f"Pair {pair} is not in the current blacklist."}
        if pairs:
            self.refresh()
        return errors
