"""Hyperoptable strategy parameters: here they only hold values and describe themselves.

Outside hyperopt, ``range`` is just the current value (as in freqtrade), so a strategy that
loops over ``self.buy_ema.range`` computes the one indicator column it trades with.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class BaseParameter:
    """A tunable value; ``space`` (buy/sell/...) comes from the attribute name if not given."""

    param_type = "BaseParameter"

    def __init__(self, *, default: Any, space: str | None = None, optimize: bool = True,
                 load: bool = True, **kwargs: Any):
        self.value = default
        self.default = default
        self.space = space
        self.optimize = optimize
        self.load = load
        self.name = ""
        self.in_space = False

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.value})"

    def describe(self) -> dict[str, Any]:
        return {"param_type": self.param_type, "name": self.name, "space": self.space,
                "load": self.load, "optimize": self.optimize, "value": self.value}


class NumericParameter(BaseParameter):
    def __init__(self, low: float | Sequence[float], high: float | None = None, *,
                 default: float, **kwargs: Any):
        if high is None:
            if not isinstance(low, Sequence) or len(low) != 2:
                raise ValueError(f"{self.__class__.__name__} needs low and high.")
            low, high = low
        if isinstance(low, Sequence):
            raise ValueError(f"{self.__class__.__name__} takes low and high, or (low, high).")
        self.low: float = low
        self.high: float = high
        super().__init__(default=default, **kwargs)

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "low": self.low, "high": self.high}


class IntParameter(NumericParameter):
    param_type = "IntParameter"

    def __init__(self, low: int | Sequence[int], high: int | None = None, *, default: int,
                 **kwargs: Any):
        super().__init__(low, high, default=default, **kwargs)
        self.low, self.high = int(self.low), int(self.high)

    @property
    def range(self) -> range:
        return range(self.value, self.value + 1)

    def describe(self) -> dict[str, Any]:
        described = super().describe()
        value = described["value"]
        if isinstance(value, float) and value.is_integer():
            described["value"] = int(value)
        return described


class RealParameter(NumericParameter):
    param_type = "RealParameter"

    def __init__(self, low: float | Sequence[float], high: float | None = None, *,
                 default: float, **kwargs: Any):
        super().__init__(low, high, default=default, **kwargs)
        self.low, self.high = float(self.low), float(self.high)

    def describe(self) -> dict[str, Any]:
        described = super().describe()
        if isinstance(described["value"], int) and not isinstance(described["value"], bool):
            described["value"] = float(described["value"])
        return described


class DecimalParameter(RealParameter):
    param_type = "DecimalParameter"

    def __init__(self, low: float | Sequence[float], high: float | None = None, *,
                 default: float, decimals: int = 3, **kwargs: Any):
        self.decimals = decimals
        super().__init__(low, high, default=round(default, decimals), **kwargs)

    @property
    def value(self) -> float:
        return self._value

    @value.setter
    def value(self, new_value: float) -> None:
        self._value = round(new_value, self.decimals)

    @property
    def range(self) -> list[float]:
        return [self.value]

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "decimals": self.decimals}


class CategoricalParameter(BaseParameter):
    param_type = "CategoricalParameter"

    def __init__(self, categories: Sequence[Any], *, default: Any | None = None,
                 **kwargs: Any):
        if len(categories) < 2:
            raise ValueError("CategoricalParameter needs at least two categories.")
        self.opt_range = list(categories)
        super().__init__(default=categories[0] if default is None else default, **kwargs)

    @property
    def range(self) -> list[Any]:
        return [self.value]

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "opt_range": self.opt_range}


class BooleanParameter(CategoricalParameter):
    param_type = "BooleanParameter"

    def __init__(self, *, default: bool | None = True, **kwargs: Any):
        super().__init__([True, False], default=default, **kwargs)
