# A hyperopted strategy as users keep it: the values hyperopt printed pasted into the class
# (buy_params / sell_params / protection_params), a parameter file beside it, TA-Lib and qtpylib.
import talib.abstract as ta
from pandas import DataFrame
from technical import qtpylib

from freqtrade.strategy import (
    BooleanParameter,
    CategoricalParameter,
    DecimalParameter,
    IntParameter,
    IStrategy,
)


class HyperoptedRsi(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    startup_candle_count = 30

    # Buy hyperspace params:
    buy_params = {
        "buy_rsi": 34,
        "buy_ema_period": 21,
        "buy_trigger": "bb_lower",
        "buy_use_volume": False,
    }

    # Sell hyperspace params:
    sell_params = {
        "sell_rsi": 66,
        "sell_bb_factor": 1.012,
    }

    protection_params = {
        "protection_cooldown": 4,
    }

    # ROI table:
    minimal_roi = {"0": 0.12, "40": 0.04, "120": 0.0}

    # Stoploss:
    stoploss = -0.08

    # Trailing stop:
    trailing_stop = True
    trailing_stop_positive = 0.01
    trailing_stop_positive_offset = 0.02
    trailing_only_offset_is_reached = True

    buy_rsi = IntParameter(10, 50, default=30, space="buy")
    buy_ema_period = IntParameter(5, 50, default=10, space="buy")
    buy_trigger = CategoricalParameter(["bb_lower", "ema_cross"], default="ema_cross",
                                       space="buy")
    buy_use_volume = BooleanParameter(default=True, space="buy")
    buy_not_loaded = IntParameter(1, 5, default=2, space="buy", load=False)
    sell_rsi = IntParameter(50, 90, default=70, space="sell")
    sell_bb_factor = DecimalParameter(0.98, 1.05, default=1.0, decimals=3, space="sell")
    protection_cooldown = IntParameter(1, 10, default=2, space="protection")

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        for period in self.buy_ema_period.range:
            dataframe[f"ema_{period}"] = ta.EMA(dataframe, timeperiod=period)
        bands = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe), window=20, stds=2)
        dataframe["bb_lowerband"] = bands["lower"]
        dataframe["bb_upperband"] = bands["upper"]
        dataframe["volume_mean"] = dataframe["volume"].rolling(12).mean()
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        ema = dataframe[f"ema_{self.buy_ema_period.value}"]
        if self.buy_trigger.value == "bb_lower":
            trigger = dataframe["close"] < dataframe["bb_lowerband"] * 1.01
        else:
            trigger = qtpylib.crossed_above(dataframe["close"], ema)
        conditions = trigger & (dataframe["rsi"] < self.buy_rsi.value + 15)
        if self.buy_use_volume.value:
            conditions &= dataframe["volume"] > dataframe["volume_mean"]
        dataframe.loc[conditions, ["enter_long", "enter_tag"]] = (1, self.buy_trigger.value)
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            (dataframe["rsi"] > self.sell_rsi.value)
            | (dataframe["close"] > dataframe["bb_upperband"] * self.sell_bb_factor.value),
            ["exit_long", "exit_tag"]] = (1, "rsi_high")
        return dataframe
