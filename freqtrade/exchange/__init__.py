"""Exchanges: one interface for ccxt exchanges and the offline simulated market."""
from freqtrade.exchange.ccxt_exchange import CcxtExchange
from freqtrade.exchange.exchange import Exchange
from freqtrade.exchange.factory import create_exchange, list_exchanges
from freqtrade.exchange.simulated import SimulatedExchange

__all__ = ["CcxtExchange", "Exchange", "SimulatedExchange", "create_exchange",
           "list_exchanges"]
