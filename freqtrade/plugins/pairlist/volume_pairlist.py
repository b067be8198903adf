"""VolumePairList: the pairs with the highest quote volume (24h ticker, or a candle range)."""
from __future__ import annotations

import logging
from typing import Any

from freqtrade.exceptions import OperationalException
from freqtrade.plugins.pairlist.base import Tickers
from freqtrade.plugins.pairlist.ranked import RankedPairlist

logger = logging.getLogger(__name__)

SORT_VALUES = ["quoteVolume"]


class VolumePairList(RankedPairlist):
    """``number_assets`` pairs by ``quoteVolume``, descending; ``min_value`` / ``max_value``
    bound the volume (strictly). With ``lookback_days`` or ``lookback_timeframe`` +
    ``lookback_period`` the volume is summed over that many closed candles (volume times the
    typical price (high + low + close) / 3 when candle volume is in the base currency).

    Tickers without a quote volume take no part; when this list is a later step, pairs without
    a ticker are dropped.
    """

    ticker_option = "tickers_have_quoteVolume"
    ticker_error_hint = (" You can find more information about this in the documentation "
                         "under https://www.freqtrade.io/en/stable/plugins/"
                         "#volumepairlist-advanced-mode .")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sort_key: str = self._pairlist_config.get("sort_key", "quoteVolume")
        self._min_value = self._pairlist_config.get("min_value", 0)
        self._max_value = self._pairlist_config.get("max_value", None)
        if self._sort_key not in SORT_VALUES:
            raise OperationalException(f"key {self._sort_key} not in {SORT_VALUES}")

    def short_desc(self) -> str:
        return f"{self.name} - top {self._pairlist_config['number_assets']} volume pairs."

    def ticker_candidate(self, ticker: dict[str, Any]) -> bool:
        return ticker.get(self._sort_key) is not None

    def keep(self, value: Any) -> bool:
        if value is None:
            return False
        if self._min_value and self._min_value > 0 and not value > self._min_value:
            return False
        return self._max_value is None or value < self._max_value

    def ranked_values(self, pairlist: list[str], tickers: Tickers) -> list[tuple[str, Any]]:
        if not self.use_range:
            wanted = set(pairlist)
            return [(symbol, ticker.get(self._sort_key)) for symbol, ticker in tickers.items()
                    if symbol in wanted]
        candles = self.lookback_candles(pairlist, "volume")
        base_volume = self._exchange.get_option("ohlcv_volume_currency", "base") == "base"
        values = []
        for pair in pairlist:
            frame = candles.get(pair)
            if frame is None or frame.empty:
                values.append((pair, 0))
                continue
            if base_volume:
                size = self._exchange.markets[pair].get("contractSize", 1.0) or 1.0
                typical = (frame["high"] + frame["low"] + frame["close"]) / 3
                quote_volume = frame["volume"] * typical * size
            else:
                quote_volume = frame["volume"]
            values.append((pair, quote_volume.rolling(self.lookback_period).sum()
                           .fillna(0).iloc[-1]))
        return values
