# Indicators from every library freqtrade installs: pandas_ta, technical, qtpylib, TA-Lib.
import numpy as np
import pandas_ta as pta
import talib.abstract as ta
from pandas import DataFrame
from technical import qtpylib
from technical.indicators import ichimoku, vwma

from freqtrade.strategy import IStrategy


class IndicatorZoo(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    startup_candle_count = 60
    minimal_roi = {"0": 0.03}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["pta_rsi"] = pta.rsi(dataframe["close"], length=14)
        dataframe["pta_ema"] = pta.ema(dataframe["close"], length=20)
        macd = ta.MACD(dataframe)
        dataframe["macd"] = macd["macd"]
        dataframe["macdsignal"] = macd["macdsignal"]
        dataframe["adx"] = ta.ADX(dataframe)
        dataframe["ao"] = qtpylib.awesome_oscillator(dataframe)
        dataframe["zlema"] = qtpylib.zlema(dataframe["close"], 12)
        dataframe["cci"] = qtpylib.cci(dataframe, 20)
        heikin = qtpylib.heikinashi(dataframe)
        dataframe["ha_close"] = heikin["close"]
        dataframe["vwma"] = vwma(dataframe, 20)
        cloud = ichimoku(dataframe)
        dataframe["tenkan"] = cloud["tenkan_sen"]
        dataframe["kijun"] = cloud["kijun_sen"]
        dataframe["log_ret"] = np.log(dataframe["close"] / dataframe["close"].shift(1))
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[qtpylib.crossed_above(dataframe["macd"], dataframe["macdsignal"])
                      & (dataframe["pta_rsi"] < 60) & (dataframe["tenkan"] > dataframe["kijun"]),
                      ["enter_long", "enter_tag"]] = (1, "macd_cross")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[qtpylib.crossed_below(dataframe["macd"], dataframe["macdsignal"])
                      & ((dataframe["cci"] > 0) | (dataframe["ao"] < 0)), "exit_long"] = 1
        return dataframe
