"""Choose the exchange implementation for a config, and list what is available."""
from __future__ import annotations

from freqtrade.exchange.exchange import Exchange
from freqtrade.exchange.simulated import SimulatedExchange

SUPPORTED = {"binance", "bybit", "okx", "kraken", "gate", "kucoin", "htx", "bitget",
             "hyperliquid", "bitmart", "bingx"}


def create_exchange(config: dict) -> Exchange:
    name = ((config.get("exchange") or {}).get("name") or "simulated").lower()
    if name == "simulated":
        return SimulatedExchange(config)
    from freqtrade.exchange.ccxt_exchange import CcxtExchange  # imports ccxt: only when used

    return CcxtExchange(config)


def list_exchanges() -> list[dict]:
    """Entries for ``/exchanges``: the simulated market first, then every ccxt id."""
    import ccxt

    spot = [{"trading_mode": "spot", "margin_mode": ""}]
    entries = [{"classname": "simulated", "name": "Simulated", "valid": True,
                "supported": True, "comment": "Offline deterministic market (built in).",
                "comment_futures": "", "dex": False, "is_alias": False, "alias_for": None,
                "trade_modes": spot}]
    for exchange_id in ccxt.exchanges:
        entries.append({
            "classname": exchange_id, "name": exchange_id.capitalize(), "valid": True,
            "supported": exchange_id in SUPPORTED, "comment": "", "comment_futures": "",
            "dex": exchange_id in {"hyperliquid", "dydx", "paradex", "wavesexchange"},
            "is_alias": False, "alias_for": None, "trade_modes": spot})
    return entries
