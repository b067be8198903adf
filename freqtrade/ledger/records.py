"""Fixed-width records kept sorted by id in one growable numpy array.

New trades close with ids above the ones already closed, so the usual change is an append
(amortised O(1)); edits rewrite a record in place; a few out-of-order inserts or deletes
(a trade opened before others closes after them: common) move only the records after them,
as bytes. Records are moved as raw bytes throughout: numpy copies a packed structured array
field by field, about 15x slower than a byte copy (150 ms against 10 ms at a million
records). The ids are also kept in a contiguous array of their own: searching a field of a
structured array would copy it first (O(n)).
"""
from __future__ import annotations

import numpy as np

_IN_PLACE = 64  # up to this many inserts or deletes at once: move the tails in place


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

    def _bytes(self, data: np.ndarray, start: int, end: int) -> np.ndarray:
        """Records ``start`` .. ``end`` of ``data`` as one flat byte array (a view)."""
        width = data.dtype.itemsize
        return data.view(np.uint8)[start * width:end * width]

    def _move(self, start: int, end: int, to: int) -> None:
        """Move records ``start`` .. ``end`` (and their ids) to begin at index ``to``;
        overlapping ranges are fine (numpy buffers an overlapping copy)."""
        if end <= start or to == start:
            return
        count = end - start
        self._bytes(self._data, to, to + count)[:] = self._bytes(self._data, start, end)
        self._ids[to:to + count] = self._ids[start:end]

    def _reserve(self, size: int) -> None:
        if size <= len(self._data):
            return
        capacity = max(size, 2 * len(self._data))
        grown = np.zeros(capacity, dtype=self._data.dtype)
        self._bytes(grown, 0, self._size)[:] = self._bytes(self._data, 0, self._size)
        grown_ids = np.zeros(capacity, dtype=np.int64)
        grown_ids[:self._size] = self.ids
        self._data, self._ids = grown, grown_ids

    def _hold(self, records: np.ndarray) -> None:
        records = np.ascontiguousarray(records)
        self._reserve(len(records))
        self._bytes(self._data, 0, len(records))[:] = self._bytes(records, 0, len(records))
        self._ids[:len(records)] = records["id"]
        self._size = len(records)

    def delete(self, ids: np.ndarray) -> None:
        index, found = self.positions(ids)
        gone = np.unique(index[found]).tolist()
        if not gone:
            return
        if len(gone) > _IN_PLACE:
            self._hold(np.delete(self.view, gone))
            return
        # the records between two deleted ones move left by the number deleted before them
        for shift, (start, end) in enumerate(zip(gone, [*gone[1:], self._size],
                                                 strict=True), start=1):
            self._move(start + 1, end, start + 1 - shift)
        self._size -= len(gone)

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
        if len(new) > _IN_PLACE:
            self._hold(np.insert(self.view, index[~found], new))
            return
        # from the last insert point back: the records from insert point j on move right
        # by j + 1, and new record j goes just before them
        points = index[~found].tolist()
        self._reserve(self._size + len(new))
        for j in range(len(new) - 1, -1, -1):
            end = points[j + 1] if j + 1 < len(new) else self._size
            self._move(points[j], end, points[j] + j + 1)
            self._data[points[j] + j] = new[j]
            self._ids[points[j] + j] = new["id"][j]
        self._size += len(new)

    def replace_all(self, records: np.ndarray) -> None:
        """Hold exactly ``records`` (already ascending by id, unique ids), with room for an
        eighth more: the closes after a full read append in place instead of growing the
        array (a copy of every record, tens of ms at a million) on the first one."""
        self._data = np.zeros(max(16, len(records) + len(records) // 8), dtype=records.dtype)
        self._ids = np.zeros(len(self._data), dtype=np.int64)
        self._size = 0
        self._hold(records)
