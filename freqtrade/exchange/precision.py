"""Amount and price precision, contracts and market helpers strategies import from
``freqtrade.exchange``, with the results freqtrade computes (ccxt's counting modes and
rounding constants), without importing ccxt.

Numbers are handled as decimals of their shortest ``repr`` so ``0.1 + 0.2``-style binary
noise never moves a value across a precision step.
"""
from __future__ import annotations

from decimal import ROUND_DOWN as _DEC_DOWN
from decimal import ROUND_HALF_UP as _DEC_HALF_UP
from decimal import ROUND_UP as _DEC_UP
from decimal import Decimal
from math import ceil, floor, isnan

# ccxt's rounding modes and counting modes (the values markets and strategies pass around)
TRUNCATE = 0
ROUND = 1
ROUND_UP = 2
ROUND_DOWN = 3
DECIMAL_PLACES = 2
SIGNIFICANT_DIGITS = 3
TICK_SIZE = 4

_ROUNDINGS = {TRUNCATE: _DEC_DOWN, ROUND: _DEC_HALF_UP, ROUND_UP: _DEC_UP,
              ROUND_DOWN: _DEC_DOWN}


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value))) if not isinstance(value, Decimal) else value


def _to_precision(value: float, precision: float, mode: int, rounding: int) -> float:
    number = _dec(value)
    how = _ROUNDINGS[rounding]
    if mode == TICK_SIZE:
        tick = _dec(precision)
        steps = (number / tick).to_integral_value(rounding=how)
        return float(steps * tick)
    if mode == DECIMAL_PLACES:
        step = Decimal(1).scaleb(-int(precision))
    elif mode == SIGNIFICANT_DIGITS:
        if number == 0:
            return 0.0
        step = Decimal(1).scaleb(number.adjusted() - int(precision) + 1)
    else:
        raise ValueError(f"Unknown precision mode {mode}")
    return float((number / step).to_integral_value(rounding=how) * step)


def amount_to_contracts(amount: float, contract_size: float | None) -> float:
    """Amount (base currency) to a number of contracts (spot: the amount itself)."""
    if contract_size and contract_size != 1:
        return float(_dec(amount) / _dec(contract_size))
    return amount


def contracts_to_amount(num_contracts: float, contract_size: float | None) -> float:
    if contract_size and contract_size != 1:
        return float(_dec(num_contracts) * _dec(contract_size))
    return num_contracts


def amount_to_precision(amount: float, amount_precision: float | None,
                        precisionMode: int | None) -> float:  # noqa: N803 (freqtrade's name)
    """The amount truncated to the market's amount precision."""
    if amount_precision is None or precisionMode is None:
        return amount
    return _to_precision(amount, amount_precision, precisionMode, TRUNCATE)


def amount_to_contract_precision(amount: float, amount_precision: float | None,
                                 precisionMode: int | None,  # noqa: N803
                                 contract_size: float | None) -> float:
    """Like ``amount_to_precision``, the precision counted in contracts."""
    if amount_precision is None or precisionMode is None:
        return amount
    contracts = amount_to_contracts(amount, contract_size)
    return contracts_to_amount(amount_to_precision(contracts, amount_precision, precisionMode),
                               contract_size)


def _significant_up_down(price: float, precision: float, rounding: int) -> float:
    number = _dec(price)
    digits = round(precision)
    exponent = digits - number.adjusted() - 1
    step = Decimal(10) ** -exponent
    if exponent < 0:
        # above the precision's magnitude: keep the leading digits, one step more when up
        kept = f"{number:f}"[:digits]
        below = step * Decimal(kept or "0")
        return float(below + step if rounding == ROUND_UP else below)
    return float(number.quantize(step, rounding=_DEC_DOWN if rounding == ROUND_DOWN
                                 else _DEC_UP))


def price_to_precision(price: float, price_precision: float | None,
                       precisionMode: int | None, *,  # noqa: N803
                       rounding_mode: int = ROUND) -> float:
    """The price at the market's price precision; ``ROUND_UP``/``ROUND_DOWN`` move it to the
    next step above/below (stoploss prices: up for longs, down for shorts)."""
    if price_precision is None or precisionMode is None or isnan(price):
        return price
    if rounding_mode not in (ROUND_UP, ROUND_DOWN):
        return _to_precision(price, price_precision, precisionMode, rounding_mode)
    if precisionMode == TICK_SIZE:
        tick = _dec(price_precision)
        number = _dec(price)
        missing = number % tick
        if missing == 0:
            return price
        result = number - missing + (tick if rounding_mode == ROUND_UP else 0)
        return round(float(result), 14)
    if precisionMode == DECIMAL_PLACES:
        scale = 10 ** round(price_precision)
        ticks = price * scale
        return (ceil(ticks) if rounding_mode == ROUND_UP else floor(ticks)) / scale
    if precisionMode == SIGNIFICANT_DIGITS:
        return _significant_up_down(price, price_precision, rounding_mode)
    raise ValueError(f"Unknown precision mode {precisionMode}")


def market_is_active(market: dict) -> bool:
    """A market is active unless it says ``active: false`` (a missing flag counts as active)."""
    return market.get("active", True) is not False
