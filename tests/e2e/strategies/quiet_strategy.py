"""A strategy that analyzes but never signals: every trade in the e2e tests comes from the API.

Its ROI and stoploss are out of reach so forced trades stay open until a test closes them.
"""
from pandas import DataFrame

from freqtrade.strategy import IStrategy


class QuietStrategy(IStrategy):
    timeframe = "1m"
    minimal_roi = {"0": 100.0}
    stoploss = -0.99
    startup_candle_count = 20
    plot_config = {"main_plot": {"ema_fast": {}}, "subplots": {"RSI": {"rsi": {}}}}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        close = dataframe["close"]
        delta = close.diff()
        gain = delta.clip(lower=0).rolling(14).mean()
        loss = (-delta.clip(upper=0)).rolling(14).mean()
        dataframe["rsi"] = 100 - 100 / (1 + gain / loss)
        dataframe["ema_fast"] = close.ewm(span=12, adjust=False).mean()
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
