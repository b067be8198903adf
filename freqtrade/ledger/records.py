"""Fixed-width records kept sorted by id in one growable numpy array.

New trades close with ids above the ones already closed, so the usual change is an append
(amortised O(1)); edits rewrite a record in place; out-of-order inserts and deletes move the
tail (one memcpy, a few ms at a million records). The ids are also kept in a contiguous
array of their own: searching a field of a structured array would copy it first (O(n)).
"""
from __future__ import annotations

import numpy as np


class SortedRecords:
    """Records of ``dtype`` (which has an int64 ``id`` field), ascending by id, unique ids."""

    def __init__(self, dtype: np.dtype, capacity: int = 1024):
        self._data: np.ndarray = np.zeros(max(capacity, 16), dtype=dtype)
        self._ids: np.ndarray = np.zeros(len(self._data), dtype=np.int64)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def view(self) -> np.ndarray:
        """The records in id order (a view: valid until the next change)."""
        return self._data[:self._size]

    @property
    def ids(self) -> np.ndarray:
        """The ids in order (a view: valid until the next change)."""
        return self._ids[:self._size]

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index of each id, whether it is present); absent ids get their insert index."""
        ids_here = self.ids
        index = np.searchsorted(ids_here, ids)
        found = index < self._size
        found[found] = ids_here[index[found]] == ids[found]
        return index, found

    def _reserve(self, size: int) -> None:
        if size <= len(self._data):
            return
        capacity = max(size, 2 * len(self._data))
        grown = np.zeros(capacity, dtype=self._data.dtype)
        grown[:self._size] = self.view
        grown_ids = np.zeros(capacity, dtype=np.int64)
        grown_ids[:self._size] = self.ids
        self._data, self._ids = grown, grown_ids

    def _hold(self, records: np.ndarray) -> None:
        self._reserve(len(records))
        self._data[:len(records)] = records
        self._ids[:len(records)] = records["id"]
        self._size = len(records)

    def delete(self, ids: np.ndarray) -> None:
        index, found = self.positions(ids)
        if found.any():
            self._hold(np.delete(self.view, index[found]))

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
        if self._size == 0 or new["id"][0] > self._ids[self._size - 1]:
            end = self._size + len(new)
            self._reserve(end)
            self._data[self._size:end] = new
            self._ids[self._size:end] = new["id"]
            self._size = end
            return
        self._hold(np.insert(self.view, index[~found], new))

    def replace_all(self, records: np.ndarray) -> None:
        """Hold exactly ``records`` (already ascending by id, unique ids)."""
        self._data = records.copy() if len(records) else np.zeros(16, dtype=self._data.dtype)
        self._ids = np.ascontiguousarray(self._data["id"])
        self._size = len(records)
