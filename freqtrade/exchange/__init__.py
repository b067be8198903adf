"""Exchanges: one interface for ccxt exchanges and the offline simulated market.

ccxt is imported only when a ccxt exchange is used: it costs about 65 MB and a second of
start-up that a bot on the simulated market never needs.
"""
from typing import Any

from freqtrade.exchange.exchange import Exchange
from freqtrade.exchange.factory import create_exchange, list_exchanges
from freqtrade.exchange.precision import (
    ROUND_DOWN,
    ROUND_UP,
    amount_to_contract_precision,
    amount_to_contracts,
    amount_to_precision,
    contracts_to_amount,
    market_is_active,
    price_to_precision,
)
from freqtrade.exchange.simulated import SimulatedExchange
from freqtrade.util.timeframes import (
    date_minus_candles,
    timeframe_to_floor_freq,
    timeframe_to_minutes,
    timeframe_to_msecs,
    timeframe_to_next_date,
    timeframe_to_prev_date,
    timeframe_to_resample_freq,
    timeframe_to_seconds,
)

__all__ = ["ROUND_DOWN", "ROUND_UP", "CcxtExchange", "Exchange", "SimulatedExchange",
           "amount_to_contract_precision", "amount_to_contracts", "amount_to_precision",
           "contracts_to_amount", "create_exchange", "date_minus_candles", "list_exchanges",
           "market_is_active", "price_to_precision", "timeframe_to_floor_freq",
           "timeframe_to_minutes", "timeframe_to_msecs", "timeframe_to_next_date",
           "timeframe_to_prev_date", "timeframe_to_resample_freq", "timeframe_to_seconds"]


def __getattr__(name: str) -> Any:
    if name == "CcxtExchange":
        from freqtrade.exchange.ccxt_exchange import CcxtExchange

        return CcxtExchange
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
