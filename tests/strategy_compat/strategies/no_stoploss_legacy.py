# 2021 style: populate_buy_trend / populate_sell_trend with buy / sell columns, the old
# attribute names, and freqtrade's "no stoploss" (-1).
import talib.abstract as ta
from pandas import DataFrame

import freqtrade.vendor.qtpylib.indicators as qtpylib
from freqtrade.strategy import IntParameter, IStrategy


class NoStoplossLegacy(IStrategy):
    INTERFACE_VERSION = 2
    timeframe = "5m"
    minimal_roi = {"0": 0.02}
    stoploss = -1
    use_sell_signal = True
    sell_profit_only = False
    ignore_roi_if_buy_signal = True

    buy_params = {"buy_fast": 7}
    buy_fast = IntParameter(3, 20, default=5)

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["fast"] = ta.SMA(dataframe, timeperiod=self.buy_fast.value)
        dataframe["slow"] = ta.SMA(dataframe, timeperiod=30)
        return dataframe

    def populate_buy_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[qtpylib.crossed_above(dataframe["fast"], dataframe["slow"]), "buy"] = 1
        return dataframe

    def populate_sell_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[qtpylib.crossed_below(dataframe["fast"], dataframe["slow"]), "sell"] = 1
        return dataframe
