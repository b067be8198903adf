"""Helpers strategies import from ``freqtrade.strategy`` (informative merge, stoploss maths)."""
from __future__ import annotations

import pandas as pd

from freqtrade.util.timeframes import timeframe_to_minutes


def merge_informative_pair(dataframe: pd.DataFrame, informative: pd.DataFrame, timeframe: str,
                           timeframe_inf: str, ffill: bool = True,
                           append_timeframe: bool = True, date_column: str = "date",
                           suffix: str | None = None) -> pd.DataFrame:
    """Attach a higher-timeframe frame without look-ahead.

    An informative candle becomes known when it closes, so its values are merged onto the
    base candle that opens at the informative candle's close minus one base candle.
    """
    minutes_inf = timeframe_to_minutes(timeframe_inf)
    minutes = timeframe_to_minutes(timeframe)
    if minutes > minutes_inf:
        raise ValueError("The informative timeframe must not be shorter than the base one.")
    informative = informative.copy()
    if minutes == minutes_inf:
        informative["date_merge"] = informative[date_column]
    else:
        informative["date_merge"] = (informative[date_column]
                                     + pd.to_timedelta(minutes_inf, "m")
                                     - pd.to_timedelta(minutes, "m"))
    if suffix and append_timeframe:
        raise ValueError("You can not specify `append_timeframe` as True and a `suffix`.")
    if append_timeframe:
        informative.columns = [f"{col}_{timeframe_inf}" for col in informative.columns]
        date_merge = f"date_merge_{timeframe_inf}"
    elif suffix:
        informative.columns = [f"{col}_{suffix}" for col in informative.columns]
        date_merge = f"date_merge_{suffix}"
    else:
        date_merge = "date_merge"
    merged = pd.merge(dataframe, informative, left_on=date_column, right_on=date_merge,
                      how="left")
    merged = merged.drop(columns=[date_merge])
    if ffill:
        merged = merged.ffill()
    return merged


def stoploss_from_open(open_relative_stop: float, current_profit: float,
                       is_short: bool = False, leverage: float = 1.0) -> float:
    """Stoploss relative to the current rate for a stop that is ``open_relative_stop`` from open.

    Returns the ratio ``custom_stoploss`` should return (positive distance below the price).
    """
    _current_profit = current_profit / leverage
    if (_current_profit == -1 and not is_short) or (is_short and _current_profit == 1):
        return 1
    if is_short:
        stoploss = -1 + ((1 - open_relative_stop / leverage) / (1 - _current_profit))
    else:
        stoploss = 1 - ((1 + open_relative_stop / leverage) / (1 + _current_profit))
    return max(stoploss * leverage, 0.0)


def stoploss_from_absolute(stop_rate: float, current_rate: float, is_short: bool = False,
                           leverage: float = 1.0) -> float:
    """The relative stop distance, from the current rate, of an absolute stop price."""
    if current_rate == 0:
        return 1
    stoploss = 1 - (stop_rate / current_rate)
    if is_short:
        stoploss = -stoploss
    return max(min(stoploss, 1.0), 0.0) * leverage
