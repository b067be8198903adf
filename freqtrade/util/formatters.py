"""Number, percentage and duration formatting as freqtrade prints them (messages, tables)."""
from __future__ import annotations

import math
from datetime import timedelta

from freqtrade.constants import DECIMAL_PER_COIN_FALLBACK, DECIMALS_PER_COIN


def decimals_per_coin(coin: str) -> int:
    """How many decimals amounts of ``coin`` are shown with (``f".{n}f"``)."""
    return DECIMALS_PER_COIN.get(coin, DECIMAL_PER_COIN_FALLBACK)


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def round_value(value: float | None, decimals: int, keep_trailing_zeros: bool = False) -> str:
    """``value`` with ``decimals`` decimals, trailing zeros dropped unless kept; "N/A" for
    None or NaN."""
    if _missing(value):
        return "N/A"
    text = f"{value:.{decimals}f}"
    if not keep_trailing_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_coin(value: float, coin: str, show_coin_name: bool = True,
             keep_trailing_zeros: bool = False) -> str:
    text = round_value(value, decimals_per_coin(coin), keep_trailing_zeros)
    return f"{text} {coin}" if show_coin_name else text


def fmt_coin2(value: float, coin: str, decimals: int = 8, *, show_coin_name: bool = True,
              keep_trailing_zeros: bool = False) -> str:
    """Like ``fmt_coin`` with an explicit number of decimals (for rates)."""
    text = round_value(value, decimals, keep_trailing_zeros)
    return f"{text} {coin}" if show_coin_name else text


def format_duration(td: timedelta) -> str:
    """``"<days>d HH:MM"``."""
    hours, rest = divmod(td.seconds, 3600)
    return f"{td.days}d {hours:02d}:{rest // 60:02d}"


def format_pct(value: float | None) -> str:
    """Two-decimal percentage (``0.1234`` -> ``"12.34%"``); "N/A" for None or NaN."""
    return "N/A" if _missing(value) else f"{value:.2%}"
