"""``/markets``: the exchange's markets, filtered."""
from __future__ import annotations

from typing import Any

_cache: dict[str, Any] = {}


def exchange_for(config: dict, exchange_name: str | None = None) -> Any:
    """The configured (or named) exchange outside a trading bot, created once per name."""
    from freqtrade.exchange import create_exchange

    name = exchange_name or (config.get("exchange") or {}).get("name", "simulated")
    if name not in _cache:
        _cache[name] = create_exchange({**config, "exchange": {
            **(config.get("exchange") or {}), "name": name}})
    return _cache[name]


def markets_view(config: dict, exchange: Any | None, base: str | None, quote: str | None,
                 include_inactive: bool, exchange_name: str | None = None) -> dict[str, Any]:
    if exchange is None:
        exchange = exchange_for(config, exchange_name)
    result = {}
    for symbol, market in exchange.markets.items():
        if base and market.get("base") != base:
            continue
        if quote and market.get("quote") != quote:
            continue
        if not include_inactive and not market.get("active", False):
            continue
        result[symbol] = {"symbol": symbol, "base": market.get("base"),
                          "quote": market.get("quote"), "spot": bool(market.get("spot")),
                          "swap": bool(market.get("swap")),
                          "active": bool(market.get("active", False))}
    return {"markets": result, "exchange_id": exchange.id}
