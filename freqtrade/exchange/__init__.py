"""Exchanges: one interface for ccxt exchanges and the offline simulated market.

ccxt is imported only when a ccxt exchange is used: it costs about 65 MB and a second of
start-up that a bot on the simulated market never needs.
"""
from typing import Any

from freqtrade.exchange.exchange import Exchange
from freqtrade.exchange.factory import create_exchange, list_exchanges
from freqtrade.exchange.simulated import SimulatedExchange

__all__ = ["CcxtExchange", "Exchange", "SimulatedExchange", "create_exchange",
           "list_exchanges"]


def __getattr__(name: str) -> Any:
    if name == "CcxtExchange":
        from freqtrade.exchange.ccxt_exchange import CcxtExchange

        return CcxtExchange
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
