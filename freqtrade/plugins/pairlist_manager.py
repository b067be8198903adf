"""The tradable pairs: configured whitelist minus the blacklist, both allowing regex entries.

Only the StaticPairList method is implemented; other configured methods are accepted by the
configuration loader (and named as unused) but do not filter here.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

logger = logging.getLogger(__name__)


def _compile(entry: str) -> re.Pattern:
    return re.compile(entry, re.IGNORECASE)


def expand_pairlist(entries: Iterable[str], available: Iterable[str],
                    keep_invalid: bool = False) -> list[str]:
    """Expand regex/wildcard entries (``.*/BTC``) against ``available`` market symbols.

    Entries are full-match regular expressions, case-insensitive, expanded in entry order (the
    same symbol may appear twice, as freqtrade does). Invalid expressions raise ``re.error``
    unless ``keep_invalid``, in which case the entry is kept literally.
    """
    available = list(available)
    result: list[str] = []
    for entry in entries:
        try:
            pattern = _compile(entry)
        except re.error:
            if keep_invalid:
                result.append(entry)
                continue
            raise
        matched = [pair for pair in available if pattern.fullmatch(pair)]
        if not matched and keep_invalid:
            matched = [entry]
        result.extend(matched)
    return result


class PairListManager:
    """Holds the static whitelist and the mutable in-memory blacklist."""

    def __init__(self, exchange, config: dict):
        self._exchange = exchange
        self._config = config
        self._whitelist_config: list[str] = list(config["exchange"].get("pair_whitelist", []))
        self._blacklist: list[str] = list(config["exchange"].get("pair_blacklist", []))
        self._methods = [p.get("method", "StaticPairList")
                         for p in config.get("pairlists") or [{"method": "StaticPairList"}]]
        self._whitelist: list[str] = []

    @property
    def name_list(self) -> list[str]:
        return list(self._methods)

    @property
    def blacklist(self) -> list[str]:
        return list(self._blacklist)

    @property
    def whitelist(self) -> list[str]:
        return list(self._whitelist)

    def expanded_blacklist(self) -> list[str]:
        return expand_pairlist(self._blacklist, self._exchange.markets.keys(),
                               keep_invalid=False)

    def _tradable(self) -> list[str]:
        markets = self._exchange.markets
        stake = self._config["stake_currency"]
        return [symbol for symbol, market in markets.items()
                if market.get("active", True) and market.get("quote") == stake]

    def refresh(self) -> list[str]:
        """Recompute the whitelist; unknown or inactive pairs are dropped with a warning once."""
        tradable = self._tradable()
        try:
            wanted = expand_pairlist(self._whitelist_config, tradable, keep_invalid=True)
        except re.error as exc:
            logger.warning("Invalid entry in pair_whitelist: %s", exc)
            wanted = []
        tradable_set = set(tradable)
        blacklisted = set(self.expanded_blacklist())
        result: list[str] = []
        for pair in wanted:
            if pair in result:
                continue
            if pair not in tradable_set:
                if pair not in self._whitelist and pair not in getattr(self, "_warned", set()):
                    logger.warning("Pair %s is not tradable on %s with stake %s, ignored.",
                                   pair, self._exchange.name, self._config["stake_currency"])
                    self._warned = getattr(self, "_warned", set()) | {pair}
                continue
            if pair in blacklisted:
                continue
            result.append(pair)
        self._whitelist = result
        return list(result)

    def add_to_blacklist(self, pairs: list[str]) -> dict[str, dict[str, str]]:
        """Add entries; returns ``{entry: {"error_msg": ...}}`` for the ones refused."""
        errors: dict[str, dict[str, str]] = {}
        for pair in pairs:
            if pair in self._blacklist:
                errors[pair] = {"error_msg": f"Pair {pair} already in pairlist."}
                continue
            try:
                _compile(pair)
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
