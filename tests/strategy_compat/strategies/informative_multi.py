# Informative data three ways: informative_pairs + dp.get_pair_dataframe + merge_informative_pair,
# @informative on the own pair, @informative on another asset (with a custom column format).
import talib.abstract as ta
from pandas import DataFrame

from freqtrade.strategy import IStrategy, informative, merge_informative_pair


class InformativeMulti(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    startup_candle_count = 50
    minimal_roi = {"0": 0.05}
    stoploss = -0.1
    informative_timeframe = "1h"

    def informative_pairs(self):
        return [("ETH/USDT", self.informative_timeframe)]

    @informative("1h")
    def populate_indicators_1h(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    @informative("1h", "BTC/{stake}")
    def populate_indicators_btc_1h(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["sma"] = ta.SMA(dataframe, timeperiod=10)
        return dataframe

    @informative("1h", "BTC/USDT", "{base}_{column}_{timeframe}", ffill=False)
    def populate_indicators_btc_raw(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["up"] = (dataframe["close"] > dataframe["open"]).astype(int)
        return dataframe

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        eth = self.dp.get_pair_dataframe("ETH/USDT", self.informative_timeframe)
        eth["ema"] = ta.EMA(eth, timeperiod=8)
        eth = eth.rename(columns={c: f"eth_{c}" for c in eth.columns if c != "date"})
        dataframe = merge_informative_pair(dataframe, eth, self.timeframe,
                                           self.informative_timeframe, ffill=True)
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["rsi"] < 45) & (dataframe["rsi_1h"] < 55)
                      & (dataframe["eth_close_1h"] > dataframe["eth_ema_1h"])
                      & (dataframe["btc_usdt_close_1h"] > dataframe["btc_usdt_sma_1h"]),
                      "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["rsi"] > 65) | (dataframe["btc_up_1h"] == 0), "exit_long"] = 1
        return dataframe
