# A DCA strategy's shape: position adjustment settings, a custom stake and adjust_trade_position
# (the callbacks are not needed to load it or to compute its signals).
from datetime import datetime

import talib.abstract as ta
from pandas import DataFrame

from freqtrade.persistence import Trade
from freqtrade.strategy import DecimalParameter, IStrategy


class DcaShaped(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.04}
    stoploss = -0.3
    position_adjustment_enable = True
    max_entry_position_adjustment = 3

    buy_params = {"buy_drop": 0.985}
    buy_drop = DecimalParameter(0.95, 0.999, default=0.99, decimals=3)

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["sma"] = ta.SMA(dataframe, timeperiod=20)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["close"] < dataframe["sma"] * self.buy_drop.value,
                      ["enter_long", "enter_tag"]] = (1, "dip")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["close"] > dataframe["sma"] * 1.01, "exit_long"] = 1
        return dataframe

    def custom_stake_amount(self, pair: str, current_time: datetime, current_rate: float,
                            proposed_stake: float, min_stake: float | None, max_stake: float,
                            leverage: float, entry_tag: str | None, side: str,
                            **kwargs) -> float:
        return proposed_stake / (self.max_entry_position_adjustment + 1)

    def adjust_trade_position(self, trade: Trade, current_time: datetime, current_rate: float,
                              current_profit: float, min_stake: float | None, max_stake: float,
                              **kwargs) -> float | None:
        if current_profit > -0.05 or trade.nr_of_successful_entries > 3:
            return None
        return trade.stake_amount
