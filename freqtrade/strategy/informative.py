"""The ``@informative`` decorator: indicators on another timeframe or asset, merged safely."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from freqtrade.exceptions import OperationalException
from freqtrade.strategy.strategy_helper import merge_informative_pair

PopulateFn = Callable[[Any, pd.DataFrame, dict], pd.DataFrame]


@dataclass
class InformativeData:
    asset: str
    timeframe: str
    fmt: str | Callable[..., str] | None
    ffill: bool
    candle_type: str | None


def informative(timeframe: str, asset: str = "", fmt: str | Callable[..., str] | None = None,
                *, candle_type: str | None = None, ffill: bool = True
                ) -> Callable[[PopulateFn], PopulateFn]:
    """Mark a ``populate_indicators_*`` method as computing indicators on ``timeframe``.

    Column names become ``{column}_{timeframe}`` (``{base}_{quote}_{column}_{timeframe}``,
    lower-case, when an ``asset`` is given), unless ``fmt`` says otherwise.
    """

    def decorator(fn: PopulateFn) -> PopulateFn:
        items = getattr(fn, "_ft_informative", [])
        items.append(InformativeData(asset, timeframe, fmt, ffill, candle_type))
        fn._ft_informative = items  # type: ignore[attr-defined]
        return fn

    return decorator


def _format(inf: InformativeData, column: str, base: str, quote: str, asset: str) -> str:
    fmt = inf.fmt
    values = {"base": base.lower(), "BASE": base.upper(), "quote": quote.lower(),
              "QUOTE": quote.upper(), "asset": asset, "column": column,
              "timeframe": inf.timeframe}
    if callable(fmt):
        return fmt(**values)
    if fmt is None:
        fmt = "{base}_{quote}_{column}_{timeframe}" if inf.asset else "{column}_{timeframe}"
    return fmt.format(**values)


def resolve_asset(asset: str, metadata_pair: str, stake_currency: str) -> str:
    if not asset:
        return metadata_pair
    asset = asset.replace("{stake}", stake_currency)
    return asset if "/" in asset else f"{asset}/{stake_currency}"


def merge_informative(strategy: Any, dataframe: pd.DataFrame, metadata: dict,
                      inf: InformativeData, fn: PopulateFn) -> pd.DataFrame:
    """Run one decorated method on its informative frame and merge the result (the renamed
    informative ``date`` column stays, as in freqtrade)."""
    stake = strategy.config.get("stake_currency", "USDT")
    pair = resolve_asset(inf.asset, metadata["pair"], stake)
    inf_df = strategy.dp.get_pair_dataframe(pair, inf.timeframe)
    if inf_df is None or inf_df.empty:
        raise ValueError(f"Informative dataframe for ({pair}, {inf.timeframe}, "
                         f"{inf.candle_type or ''}) is empty. Can't populate informative "
                         "indicators.")
    inf_df = fn(strategy, inf_df, {"pair": pair, "timeframe": inf.timeframe})
    base, quote = pair.split("/")[0], pair.split("/")[1].split(":")[0]
    inf_df = inf_df.rename(columns={col: _format(inf, col, base, quote, pair)
                                    for col in inf_df.columns})
    date_column = _format(inf, "date", base, quote, pair)
    if date_column in dataframe.columns:
        raise OperationalException(f"Duplicate column name {date_column} exists in "
                                   "dataframe! Ensure column names are unique!")
    return merge_informative_pair(dataframe, inf_df, strategy.timeframe, inf.timeframe,
                                  ffill=inf.ffill, append_timeframe=False,
                                  date_column=date_column)
