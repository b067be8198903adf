"""Rounding amounts and prices to an exchange's precision, in decimal arithmetic.

A trade stores its market's precision (``amount_precision``/``price_precision``) and the
ccxt counting mode (2 = decimal places, 4 = tick size), so recalculating it from its orders
needs no exchange. Decimal arithmetic on the shortest repr of each float keeps ``0.1 + 0.2``
style binary noise out of the rounding decision.
"""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

DECIMAL_PLACES = 2
TICK_SIZE = 4


def _step(precision: float, mode: int) -> Decimal | None:
    if mode == TICK_SIZE:
        return Decimal(repr(float(precision)))
    if mode == DECIMAL_PLACES:
        return Decimal(1).scaleb(-int(precision))
    return None  # significant digits and unknown modes: left unrounded


def round_to_precision(value: float, precision: float | None, mode: int | None, *,
                       truncate: bool) -> float:
    """``value`` on the precision grid: truncated toward zero, or rounded half up."""
    if precision is None or mode is None or value != value:  # NaN stays NaN
        return value
    step = _step(precision, mode)
    if not step:
        return value
    units = (Decimal(repr(float(value))) / step).quantize(
        Decimal(1), rounding=ROUND_DOWN if truncate else ROUND_HALF_UP)
    return float(units * step)


def amount_to_precision(amount: float, precision: float | None, mode: int | None) -> float:
    """Amounts are truncated: never order more than one holds."""
    return round_to_precision(amount, precision, mode, truncate=True)


def price_to_precision(price: float, precision: float | None, mode: int | None) -> float:
    return round_to_precision(price, precision, mode, truncate=False)
