"""Fixed-width records kept sorted by id in one growable numpy array.

New trades close with ids above the ones already closed, so the usual change is an append
(amortised O(1)); edits rewrite a record in place; out-of-order inserts and deletes move the
tail (one memcpy, a few ms at a million records).
"""
from __future__ import annotations

import numpy as np


class SortedRecords:
    """Records of ``dtype`` (which has an int64 ``id`` field), ascending by id, unique ids."""

    def __init__(self, dtype: np.dtype, capacity: int = 1024):
        self._data = np.zeros(max(capacity, 16), dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def view(self) -> np.ndarray:
        """The records in id order (a view: valid until the next change)."""
        return self._data[:self._size]

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index of each id, whether it is present); absent ids get their insert index."""
        ids_here = self.view["id"]
        index = np.searchsorted(ids_here, ids)
        found = index < self._size
        found[found] = ids_here[index[found]] == ids[found]
        return index, found

    def _reserve(self, size: int) -> None:
        if size <= len(self._data):
            return
        grown = np.zeros(max(size, 2 * len(self._data)), dtype=self._data.dtype)
        grown[:self._size] = self.view
        self._data = grown

    def delete(self, ids: np.ndarray) -> None:
        index, found = self.positions(ids)
        if not found.any():
            return
        kept = np.delete(self.view, index[found])
        self._data[:len(kept)] = kept
        self._size = len(kept)

    def upsert(self, records: np.ndarray) -> None:
        """Write ``records`` (unique ids): replace the ones present, insert the others."""
        if not len(records):
            return
        records = np.sort(records, order="id")
        index, found = self.positions(records["id"])
        self._data[index[found]] = records[found]
        new = records[~found]
        if not len(new):
            return
        if self._size == 0 or new["id"][0] > self._data["id"][self._size - 1]:
            self._reserve(self._size + len(new))
            self._data[self._size:self._size + len(new)] = new
            self._size += len(new)
            return
        merged = np.insert(self.view, index[~found], new)
        self._reserve(len(merged))
        self._data[:len(merged)] = merged
        self._size = len(merged)

    def replace_all(self, records: np.ndarray) -> None:
        """Hold exactly ``records`` (already ascending by id, unique ids)."""
        self._data = records.copy() if len(records) else np.zeros(16, dtype=self._data.dtype)
        self._size = len(records)
