"""FullTradesFilter: an empty whitelist while every trade slot is taken."""
from __future__ import annotations

from freqtrade.plugins.pairlist.base import Pairlist, Tickers


class FullTradesFilter(Pairlist):
    """Returns no pairs while the open trades reach a positive ``max_open_trades`` (open
    trades keep their candles: the bot adds their pairs itself), so no analysis runs for
    pairs that could not be entered."""

    def short_desc(self) -> str:
        return f"{self.name} - Shrink whitelist when trade slots are full."

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        from freqtrade.persistence import Trade

        max_trades = self._config.get("max_open_trades", -1)
        if max_trades is not None and Trade.get_open_trade_count() >= max_trades > 0:
            return []
        return pairlist
