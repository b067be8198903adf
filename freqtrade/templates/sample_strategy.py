# Sample strategy shipped by `freqtrade create-userdir`. Edit freely: it is your copy.
# It trades the 1m timeframe of the offline "simulated" market: RSI pullbacks and lower-band
# touches. Every exit but the stoploss is above the round-trip fees (0.1% per side there, so a
# trade needs about +0.2% to break even): the ROI table asks for at least +0.25% net, and the
# exit signal only counts above +0.25% (exit_profit_only). Trades typically last 1-3 hours.
from pandas import DataFrame
from technical import qtpylib

from freqtrade.strategy import DecimalParameter, IntParameter, IStrategy

try:  # TA-Lib is optional: the pandas indicators below are used without it
    import talib.abstract as ta
except ImportError:  # pragma: no cover - depends on the machine
    ta = None


class SampleStrategy(IStrategy):
    INTERFACE_VERSION = 3

    timeframe = "1m"
    # profit ratios are net of fees: {"0": 0.004} exits as soon as a trade is +0.4% after fees
    minimal_roi = {"0": 0.004, "10": 0.003, "30": 0.0025}
    stoploss = -0.05
    trailing_stop = False
    process_only_new_candles = True
    use_exit_signal = True
    exit_profit_only = True
    exit_profit_offset = 0.0025
    startup_candle_count = 50

    buy_rsi = IntParameter(10, 50, default=42, space="buy")
    sell_rsi = IntParameter(50, 90, default=60, space="sell")
    bb_stds = DecimalParameter(1.0, 3.0, default=2.0, decimals=1, space="buy")

    order_types = {"entry": "limit", "exit": "limit", "stoploss": "market",
                   "stoploss_on_exchange": False}

    plot_config = {
        "main_plot": {"ema_fast": {"color": "orange"}, "ema_slow": {"color": "blue"},
                      "bb_upperband": {"color": "grey"}, "bb_lowerband": {"color": "grey"}},
        "subplots": {"RSI": {"rsi": {"color": "red"}}},
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        if ta is not None:
            dataframe["rsi"] = ta.RSI(dataframe, timeperiod=7)
        else:
            dataframe["rsi"] = qtpylib.rsi(dataframe["close"], 7)
        dataframe["ema_fast"] = qtpylib.wma(dataframe["close"], 9)
        dataframe["ema_slow"] = qtpylib.wma(dataframe["close"], 30)
        bands = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe), window=20,
                                        stds=float(self.bb_stds.value))
        dataframe["bb_lowerband"] = bands["lower"]
        dataframe["bb_middleband"] = bands["mid"]
        dataframe["bb_upperband"] = bands["upper"]
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        rsi_dip = qtpylib.crossed_above(dataframe["rsi"], self.buy_rsi.value)
        dataframe.loc[rsi_dip & (dataframe["volume"] > 0), ["enter_long", "enter_tag"]] = \
            (1, "rsi_cross")
        band_touch = (dataframe["close"] < dataframe["bb_lowerband"]) & \
            (dataframe["ema_fast"] > dataframe["ema_slow"])
        dataframe.loc[band_touch & (dataframe["enter_long"] == 0),
                      ["enter_long", "enter_tag"]] = (1, "bb_dip")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[qtpylib.crossed_above(dataframe["rsi"], self.sell_rsi.value),
                      ["exit_long", "exit_tag"]] = (1, "rsi_high")
        return dataframe
