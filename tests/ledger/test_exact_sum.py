"""Exact sums: adding and removing values leaves no residue; vectorised sums are exact."""
import math

import numpy as np
import pytest

from freqtrade.ledger.exact_sum import group_units, to_float, units


@pytest.mark.parametrize("seed", range(5))
def test_grouped_sums_are_the_correctly_rounded_exact_sums(seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        values = rng.normal(size=int(rng.integers(1, 3000))) * 10.0 ** int(rng.integers(-9, 9))
        values[::7] = 0.0
        values[::11] = 5e-324  # the smallest double
        values[::13] *= 1e200
        groups = rng.integers(0, 6, size=len(values))
        totals = group_units(values, groups, 6)
        for group in range(6):
            part = values[groups == group]
            assert to_float(totals[group]) == math.fsum(part)
            assert totals[group] == sum(units(float(v)) for v in part)


def test_removing_what_was_added_gives_back_exactly_zero():
    values = [0.1, 0.2, 0.3, -1e-17, 1e16, 3.14159]
    total = sum(units(v) for v in values)
    for value in values:
        total -= units(value)
    assert total == 0
    assert (0.1 + 0.2) - 0.1 != 0.2  # a float running sum drifts
    assert to_float(units(0.1) + units(0.2) - units(0.1)) == 0.2
