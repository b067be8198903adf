"""OffsetFilter: skips the first pairs of the list, optionally taking only some after them."""
from __future__ import annotations

import logging

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Pairlist, Tickers

logger = logging.getLogger(__name__)


class OffsetFilter(Pairlist):
    """Drops the first ``offset`` pairs (default 0); with ``number_assets`` keeps that many of
    the rest. Lets two bots split one ranked list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offset = self._pairlist_config.get("offset", 0)
        self._number_pairs = self._pairlist_config.get("number_assets", 0)
        if self._offset < 0:
            raise OperationalException("OffsetFilter requires offset to be >= 0")

    def short_desc(self) -> str:
        if self._number_pairs:
            return (f"{self.name} - Taking {self._number_pairs} Pairs, starting from "
                    f"{self._offset}.")
        return f"{self.name} - Offsetting pairs by {self._offset}."

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        if self._offset > len(pairlist):
            self.log_once(f"Offset of {self._offset} is larger than pair count of "
                          f"{len(pairlist)}", logger.warning)
        pairs = pairlist[self._offset:]
        return pairs[:self._number_pairs] if self._number_pairs else pairs
