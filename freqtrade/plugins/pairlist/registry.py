"""Which pairlist methods this bot implements: the one place that decides it.

The configuration check and the pairlist manager both ask here, so a method is either applied
or refused at start, never silently ignored. Modules are imported only when used.
"""
from __future__ import annotations

import importlib

from freqtrade.exceptions import OperationalException

_MODULES = {
    "StaticPairList": "static_pairlist",
    "VolumePairList": "volume_pairlist",
    "PercentChangePairList": "percent_change_pairlist",
    "AgeFilter": "age_filter",
    "FullTradesFilter": "full_trades_filter",
    "OffsetFilter": "offset_filter",
    "PerformanceFilter": "performance_filter",
    "PrecisionFilter": "precision_filter",
    "PriceFilter": "price_filter",
    "RangeStabilityFilter": "range_stability_filter",
    "ShuffleFilter": "shuffle_filter",
    "SpreadFilter": "spread_filter",
    "VolatilityFilter": "volatility_filter",
}

SUPPORTED_PAIRLISTS: tuple[str, ...] = tuple(_MODULES)


def pairlist_class(method: str) -> type:
    """The class implementing ``method``; an unknown or unsupported one is refused."""
    if method not in _MODULES:
        raise OperationalException(
            f'Pairlist "{method}" is not supported by this bot. Supported pairlists: '
            f"{', '.join(SUPPORTED_PAIRLISTS)}.")
    module = importlib.import_module(f"freqtrade.plugins.pairlist.{_MODULES[method]}")
    return getattr(module, method)


def check_methods(config: dict) -> None:
    """Refuse a config naming a pairlist this bot does not implement (before anything starts)."""
    for entry in config.get("pairlists") or []:
        pairlist_class(entry.get("method", "StaticPairList"))
