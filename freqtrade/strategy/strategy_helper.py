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
    base candle that opens at the informative candle's close minus one base candle (monthly
    candles close at the next month's start). With ``ffill`` the merged rows carry the last
    known values forward, and base rows before the first merged candle get the last
    informative candle that closed before it.
    """
    minutes_inf = timeframe_to_minutes(timeframe_inf)
    minutes = timeframe_to_minutes(timeframe)
    informative = informative.copy()
    if minutes == minutes_inf or (minutes < minutes_inf and informative.empty):
        informative["date_merge"] = informative[date_column]
    elif minutes < minutes_inf:
        close = (informative[date_column] + pd.offsets.MonthBegin(1)) if timeframe_inf == "1M" \
            else informative[date_column] + pd.to_timedelta(minutes_inf, "m")
        informative["date_merge"] = close - pd.to_timedelta(minutes, "m")
    else:
        raise ValueError("Tried to merge a faster timeframe to a slower timeframe. This would "
                         "create new rows, and can throw off your regular indicators.")
    if suffix and append_timeframe:
        raise ValueError("You can not specify `append_timeframe` as True and a `suffix`.")
    date_merge = "date_merge"
    if append_timeframe or suffix:
        ending = timeframe_inf if append_timeframe else suffix
        informative.columns = [f"{col}_{ending}" for col in informative.columns]
        date_merge = f"date_merge_{ending}"
    if not ffill:
        merged = pd.merge(dataframe, informative, left_on="date", right_on=date_merge,
                          how="left")
        return merged.drop(columns=[date_merge])
    merged = pd.merge_ordered(dataframe, informative, fill_method="ffill", left_on="date",
                              right_on=date_merge, how="left")
    if len(merged) > 1 and len(informative) and pd.isnull(merged.at[0, date_merge]):
        first = merged[date_merge].first_valid_index()
        if first:
            earlier = informative[informative[date_merge] < merged.at[first, date_merge]]
            if not earlier.empty:
                merged.loc[:first - 1] = merged.loc[:first - 1].fillna(earlier.iloc[-1])
    return merged.drop(columns=[date_merge])


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
