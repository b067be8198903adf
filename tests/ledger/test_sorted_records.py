"""The id-sorted record store equals a plain dict after random inserts, edits and deletes,
in place (a few at once, anywhere in the ids) or rebuilt (many at once), across growth."""
from __future__ import annotations

import random

import numpy as np
import pytest

from freqtrade.ledger.ledger import CLOSED
from freqtrade.ledger.records import SortedRecords


def _records(ids: list[int], rng: random.Random) -> np.ndarray:
    records = np.zeros(len(ids), dtype=CLOSED)
    records["id"] = ids
    records["ratio"] = [rng.uniform(-1, 1) for _ in ids]
    records["pair"] = [rng.randrange(50) for _ in ids]
    records["close_us"] = [rng.randrange(10**15) for _ in ids]
    return records


@pytest.mark.parametrize("seed", range(6))
def test_records_stay_sorted_and_equal_to_a_dict(seed):
    rng = random.Random(seed)
    store = SortedRecords(CLOSED, capacity=rng.choice((1, 16, 40)))
    expected: dict[int, tuple] = {}
    if seed % 2:  # start from a full load, as the first read does
        start = _records(sorted(rng.sample(range(1, 500), 60)), rng)
        store.replace_all(start)
        expected = {int(r["id"]): r.tolist() for r in start}
    for step in range(150):
        if rng.random() < 0.6:
            count = rng.choice((1, 1, 2, 3, 9, 100))
            low = rng.choice((1, max(expected, default=1)))  # anywhere, or past the end
            fresh = _records(rng.sample(range(low, low + 500), count), rng)
            store.upsert(fresh)
            expected.update((int(r["id"]), r.tolist()) for r in fresh)
        else:
            count = rng.choice((1, 2, 5, 100))
            gone = rng.sample(range(1, 1000), count)
            store.delete(np.array(gone, dtype=np.int64))
            for trade_id in gone:
                expected.pop(trade_id, None)
        ids = sorted(expected)
        assert store.ids.tolist() == ids, f"step {step}"
        assert [r.tolist() for r in store.view] == [expected[i] for i in ids], f"step {step}"
        index, found = store.positions(np.array([*ids[:3], 10**6], dtype=np.int64))
        assert found.tolist() == [True] * min(3, len(ids)) + [False]
