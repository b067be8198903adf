"""Each protection on a real SQLite file of closed trades: the locks it writes, to the second
and to the word, for histories taken from freqtrade's documentation and code."""
import pytest

from tests.protections.cases import CASES, NOW, Case, T, evaluate, write_case


@pytest.fixture
def clock_start():
    return NOW


@pytest.fixture(autouse=True)
def frozen_clock(clock):
    return clock


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_protection_writes_freqtrades_locks(case, tmp_path):
    db_path = tmp_path / "tradesv3.sqlite"
    write_case(case, db_path)
    assert evaluate(case, db_path) == case.expected


def test_evaluating_twice_writes_no_second_lock(tmp_path):
    case = next(c for c in CASES if c.name.startswith("cooldown_locks_the_pair"))
    db_path = tmp_path / "tradesv3.sqlite"
    write_case(case, db_path)
    evaluate(case, db_path)
    assert evaluate(case, db_path) == case.expected


def test_the_pair_lock_of_the_same_end_counts_as_covering_a_global_one(tmp_path):
    """A per-pair verdict is not written when a global lock already covers its end."""
    case = Case("global_first", [{"method": "StoplossGuard", "lookback_period": 60,
                                  "trade_limit": 1, "stop_duration": 30}],
                [T("ETH/USDT", 1)], [], locks=[("*", "*", "manual", 60)])
    db_path = tmp_path / "tradesv3.sqlite"
    write_case(case, db_path)
    assert evaluate(case, db_path) == [("*", "*", "manual", "13:05:00")]
