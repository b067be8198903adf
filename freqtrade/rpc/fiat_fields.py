"""The ``*_fiat`` fields of the API's answers, filled where and as freqtrade fills them.

With ``fiat_display_currency`` set, each field is its stake-currency counterpart converted at
the cached CoinGecko rate (0 while the rate is unknown). Without it the fields keep their
"no converter" values: 0.0 in ``/profit``, ``/balance`` and ``/daily``-``/monthly``, null in
trades, except ``profit_fiat`` of an open trade with no filled entry, which is 0.0.
"""
from __future__ import annotations

from typing import Any

from freqtrade.rpc.fiat_convert import converter_for


class FiatFields:
    """Fills the fiat fields of answers built in the stake currency."""

    def __init__(self, config: dict):
        self.stake = config.get("stake_currency", "")
        self.fiat = config.get("fiat_display_currency") or ""
        self.converter = converter_for(config)
        if self.converter is not None and self.stake:
            self.converter.warm_up(self.stake, self.fiat)

    @property
    def fixed(self) -> bool:
        """Whether a view is always completed the same (no fiat rate that moves)."""
        return self.converter is None

    def _convert(self, amount: float) -> float:
        assert self.converter is not None
        return self.converter.convert_amount(amount, self.stake, self.fiat)

    def profit(self, stats: dict[str, Any]) -> dict[str, Any]:
        """``/profit`` (and each part of ``/profit_all``)."""
        if self.converter is not None:
            stats["profit_closed_fiat"] = self._convert(stats["profit_closed_coin"])
            stats["profit_all_fiat"] = self._convert(stats["profit_all_coin"])
        return stats

    def balance(self, result: dict[str, Any]) -> dict[str, Any]:
        """``/balance``: the totals and the starting capital, and the ratio between them."""
        if self.converter is not None:
            value_bot = self._convert(result["total_bot"])
            starting = self._convert(result["starting_capital"])
            ratio = value_bot / starting - 1 if starting else 0.0
            result.update({
                "value": self._convert(result["total"]), "value_bot": value_bot,
                "starting_capital_fiat": starting, "starting_capital_fiat_ratio": ratio,
                "starting_capital_fiat_pct": round(ratio * 100, 2)})
        return result

    def timeunit(self, result: dict[str, Any]) -> dict[str, Any]:
        """``/daily``, ``/weekly``, ``/monthly``: each period's profit."""
        if self.converter is not None:
            for row in result["data"]:
                row["fiat_value"] = self._convert(row["abs_profit"])
        return result

    def trade(self, view: dict[str, Any]) -> dict[str, Any]:
        """``/status`` and ``/trade/{id}``: current and total profit (null while the current
        rate is unknown)."""
        no_fill = view.get("is_open") and not view.get("nr_of_successful_entries")
        if self.converter is not None and view.get("profit_abs") is not None:
            view["profit_fiat"] = self._convert(view["profit_abs"])
            view["total_profit_fiat"] = self._convert(view.get("total_profit_abs") or 0.0)
        elif no_fill:
            view["profit_fiat"] = 0.0
        return view
