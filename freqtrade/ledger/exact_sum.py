"""Float sums kept exactly, so adding and later removing a value leaves no rounding residue.

A running sum that has values added and removed for months drifts: ``(a + b) - b`` is not
always ``a``, and a variance of one remaining trade comes out as 1e-9 instead of 0. Here a sum
is an integer count of 2**-SHIFT units (every finite double is a whole number of them), so
additions and removals are exact, and ``value`` rounds the exact total once, correctly.
"""
from __future__ import annotations

import numpy as np

SHIFT = 1128  # 2**-1074 is the smallest double: every double times 2**SHIFT is an integer
_MANTISSA = 53
_HALF = 26


def units(value: float) -> int:
    """``value`` as an exact integer number of 2**-SHIFT."""
    numerator, denominator = float(value).as_integer_ratio()
    return numerator << (SHIFT - denominator.bit_length() + 1)


def to_float(total: int) -> float:
    """The double nearest to ``total`` units (Python's int division rounds correctly)."""
    return total / (1 << SHIFT)


class Split:
    """Doubles split once for exact per-group sums, so several groupings of the same values
    (the ledger sums each figure by five group sets) pay the split once.

    Each double is split into its exponent and a 53-bit integer mantissa, the mantissa into
    two halves of at most 27 bits; per (group, exponent) the halves are summed as floats,
    which stays exact below 2**53 (up to 2**26 values per cell), then scaled in Python.
    """

    def __init__(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=float)
        self.size = len(values)
        if not self.size:
            return
        mantissa, exponent = np.frexp(values)
        whole = (mantissa * (1 << _MANTISSA)).astype(np.int64)  # exact: |mantissa| < 1
        sign = np.sign(whole)
        magnitude = np.abs(whole)
        self._high = ((magnitude >> _HALF) * sign).astype(float)
        self._low = ((magnitude & ((1 << _HALF) - 1)) * sign).astype(float)
        self._lowest = int(exponent.min())
        self._width = int(exponent.max()) - self._lowest + 1  # a few dozen values
        self._offset = exponent - self._lowest

    def per_group(self, groups: np.ndarray, count: int) -> list[int]:
        """Exact Σ per group index (0 .. count-1), as units."""
        totals = [0] * count
        if not self.size:
            return totals
        width = self._width
        cell = np.asarray(groups, dtype=np.int64) * width + self._offset
        high_sums = np.bincount(cell, weights=self._high, minlength=count * width)
        low_sums = np.bincount(cell, weights=self._low, minlength=count * width)
        for index in np.flatnonzero((high_sums != 0) | (low_sums != 0)):
            group, position = divmod(int(index), width)
            scale = self._lowest + position - _MANTISSA + SHIFT
            exact = (int(high_sums[index]) << _HALF) + int(low_sums[index])
            totals[group] += exact << scale if scale >= 0 else exact >> -scale
        return totals


def group_units(values: np.ndarray, groups: np.ndarray, count: int) -> list[int]:
    """Exact Σ ``values`` per group index (0 .. count-1), as units; vectorised."""
    return Split(values).per_group(groups, count)
