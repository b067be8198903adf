"""A strategy for benchmarks: 1m candles, 5,000 of them, 40 columns in ``/pair_candles``.

Pure pandas (runs under freqtrade 2026.9 and under this bot alike). It never signals, so the
trades of the benchmark database stay as they were seeded.
"""
from pandas import DataFrame, concat

from freqtrade.strategy import IStrategy

# freqtrade downloads at most five pages of 1,000 candles per pair: 4,999 startup candles is
# its maximum, and the frame holds 5,000 candles once one more has closed
STARTUP = 4999


class WideFrameStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "1m"
    can_short = False
    minimal_roi = {"0": 100.0}
    stoploss = -0.99
    trailing_stop = False
    process_only_new_candles = True
    use_exit_signal = True
    startup_candle_count = STARTUP

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        close = dataframe["close"]
        columns = {}
        for window in (5, 10, 20, 50, 100, 200):
            columns[f"sma_{window}"] = close.rolling(window).mean()
            columns[f"ema_{window}"] = close.ewm(span=window, adjust=False).mean()
            columns[f"std_{window}"] = close.rolling(window).std()
            columns[f"max_{window}"] = dataframe["high"].rolling(window).max()
        columns["ret_1"] = close.pct_change()
        columns["vol_sma_20"] = dataframe["volume"].rolling(20).mean()
        columns["range"] = dataframe["high"] - dataframe["low"]
        return concat([dataframe, DataFrame(columns, index=dataframe.index)], axis=1)

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
