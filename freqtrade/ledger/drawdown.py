"""Max and current drawdown of a closed-trade series, updated per close instead of rescanned.

The series is the closed trades' absolute profits in close order (ties by id). A trade that
closes after every other one is appended and the running state moves in O(1); anything else
(an edit, a delete, a close dated earlier) re-derives the state from the whole series once,
vectorised, on the next read. Both ways give exactly the figures of
``freqtrade.rpc.metrics.drawdown`` on the same series: the same float operations in the same
order (cumulative sums left to right, a leading zero row, the peak floored at 0).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from freqtrade.rpc.metrics import Drawdown

_EPOCH = np.datetime64(0, "us")


@dataclass
class _State:
    """Facts of the cumulative profit row c_0 = 0, c_1 .. c_n (indexes into that row)."""

    cum: float = 0.0          # c_n
    peak: float = 0.0         # max(c_0 .. c_n)
    peak_first: int = 0       # first index whose c reaches ``peak``
    prev_peak_first: int = 0  # the same one row earlier (where the current drawdown starts)
    max_dd: float = 0.0       # the largest peak - c (first one wins)
    low: int = 0
    high: int = 0
    peak_low: float = 0.0
    cum_low: float = 0.0


def _derive(profits: np.ndarray) -> _State:
    cumulative = np.concatenate([[0.0], np.cumsum(profits)])
    peak = np.maximum.accumulate(np.maximum(cumulative, 0.0))
    dd = peak - cumulative
    low = int(np.argmax(dd))
    high = int(np.argmax(cumulative[:low + 1] >= peak[low])) if low else 0
    return _State(cum=float(cumulative[-1]), peak=float(peak[-1]),
                  peak_first=int(np.argmax(cumulative >= peak[-1])),
                  prev_peak_first=int(np.argmax(cumulative[:-1] >= peak[-2])),
                  max_dd=float(dd[low]), low=low, high=high, peak_low=float(peak[low]),
                  cum_low=float(cumulative[low]))


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    if size <= len(array):
        return array
    grown = np.zeros(max(size, 2 * len(array), 16), dtype=array.dtype)
    grown[:len(array)] = array
    return grown


class RunningDrawdown:
    """The series (close time in µs, trade id, profit) with its drawdown state."""

    def __init__(self, close_us: np.ndarray, ids: np.ndarray, profits: np.ndarray):
        """Start from a series already sorted by (close time, id)."""
        self._close = np.array(close_us, dtype=np.int64)
        self._ids = np.array(ids, dtype=np.int64)
        self._profit = np.array(profits, dtype=float)
        self._size = len(self._close)
        self._state: _State | None = None

    def __len__(self) -> int:
        return self._size

    def _position(self, close_us: int, trade_id: int) -> int:
        close = self._close[:self._size]
        start = int(np.searchsorted(close, close_us, "left"))
        end = int(np.searchsorted(close, close_us, "right"))
        return start + int(np.searchsorted(self._ids[start:end], trade_id))

    def add(self, close_us: int, trade_id: int, profit: float) -> None:
        size = self._size
        last = (int(self._close[size - 1]), int(self._ids[size - 1])) if size else None
        self._close = _grown(self._close, size + 1)
        self._ids = _grown(self._ids, size + 1)
        self._profit = _grown(self._profit, size + 1)
        if last is None or (close_us, trade_id) > last:
            self._close[size], self._ids[size], self._profit[size] = close_us, trade_id, profit
            self._size += 1
            if self._state is not None:
                self._append_state(size + 1, profit)
            return
        index = self._position(close_us, trade_id)
        for array, value in ((self._close, close_us), (self._ids, trade_id),
                             (self._profit, profit)):
            array[index + 1:size + 1] = array[index:size]
            array[index] = value
        self._size += 1
        self._state = None

    def remove(self, close_us: int, trade_id: int) -> None:
        index = self._position(close_us, trade_id)
        size = self._size
        if index >= size or self._ids[index] != trade_id or self._close[index] != close_us:
            return
        for array in (self._close, self._ids, self._profit):
            array[index:size - 1] = array[index + 1:size]
        self._size -= 1
        self._state = None

    def _append_state(self, index: int, profit: float) -> None:
        state = self._state
        assert state is not None
        cum = state.cum + profit
        state.prev_peak_first = state.peak_first
        if cum > state.peak:
            state.peak, state.peak_first = cum, index
        state.cum = cum
        dd = state.peak - cum
        if dd > state.max_dd:
            state.max_dd, state.low, state.high = dd, index, state.peak_first
            state.peak_low, state.cum_low = state.peak, cum

    def _date(self, index: int) -> datetime:
        """Close date of row ``index`` of the cumulative row (row 0: the first close)."""
        value = self._close[index - 1 if index > 0 else 0]
        return (_EPOCH + np.timedelta64(int(value), "us")).astype(datetime).replace(tzinfo=UTC)

    def result(self, starting_balance: float) -> Drawdown:
        if self._size == 0:
            return Drawdown()
        if self._state is None:
            self._state = _derive(self._profit[:self._size])
        state = self._state

        def relative(peak: float, cum: float) -> float:
            denom = starting_balance + peak
            return (denom - (starting_balance + cum)) / denom if denom != 0 else 0.0

        result = Drawdown(abs=state.max_dd, relative=relative(state.peak_low, state.cum_low),
                          high_date=self._date(state.high), low_date=self._date(state.low))
        result.current_high = state.peak
        result.current_abs = state.peak - state.cum
        if starting_balance:
            result.current_relative = relative(state.peak, state.cum)
        else:
            result.current_relative = result.current_abs / state.peak if state.peak else 0.0
        result.current_start = self._date(state.prev_peak_first)
        return result
