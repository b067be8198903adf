"""Candle data: storage on disk, timeranges, the live data provider, downloads."""
from freqtrade.data.converter import ohlcv_to_dataframe, trim_dataframe
from freqtrade.data.dataprovider import DataProvider
from freqtrade.data.history import available_data, load_data, load_pair_history, store_ohlcv
from freqtrade.data.timerange import TimeRange

__all__ = ["DataProvider", "TimeRange", "available_data", "load_data", "load_pair_history",
           "ohlcv_to_dataframe", "store_ohlcv", "trim_dataframe"]
