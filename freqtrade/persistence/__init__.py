"""Trades, orders, locks and bot facts in freqtrade's database layout (SQLAlchemy 2)."""
from freqtrade.persistence.custom_data import CustomData, get_custom_data, set_custom_data
from freqtrade.persistence.db import (
    close_db,
    database_open,
    get_engine,
    get_session,
    init_db,
    remove_session,
    session_scope,
)
from freqtrade.persistence.key_value_store import KeyValueStore
from freqtrade.persistence.pairlock import (
    PairLock,
    get_all_locks,
    get_pair_locks,
    is_global_lock,
    is_pair_locked,
    lock_pair,
    lock_pair_to_candle,
    longest_lock,
    unlock_pair,
    unlock_reason,
)
from freqtrade.persistence.pairlocks import PairLocks
from freqtrade.persistence.trade_model import Order, ProfitStruct, Trade
from freqtrade.persistence.wallet_history import WalletHistory

# freqtrade's in-memory base class of Trade; here every trade is a database Trade
LocalTrade = Trade

__all__ = [
    "CustomData", "KeyValueStore", "LocalTrade", "Order", "PairLock", "PairLocks",
    "ProfitStruct", "Trade",
    "WalletHistory", "close_db", "database_open", "get_all_locks", "get_custom_data", "get_engine",
    "get_pair_locks", "get_session", "init_db", "is_global_lock", "is_pair_locked", "lock_pair",
    "lock_pair_to_candle", "longest_lock", "remove_session", "session_scope", "set_custom_data",
    "unlock_pair", "unlock_reason",
]
