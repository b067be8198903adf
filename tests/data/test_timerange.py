"""Timerange strings as freqtrade's ``--timerange`` takes them."""
from datetime import UTC, datetime

import pytest

from freqtrade.data.timerange import TimeRange
from freqtrade.exceptions import OperationalException


def test_closed_range():
    timerange = TimeRange.parse_timerange("20240101-20240201")
    assert timerange.start == datetime(2024, 1, 1, tzinfo=UTC)
    assert timerange.stop == datetime(2024, 2, 1, tzinfo=UTC)
    assert str(timerange) == "20240101-20240201"


def test_open_ends():
    since = TimeRange.parse_timerange("20240101-")
    assert since.start == datetime(2024, 1, 1, tzinfo=UTC) and since.stop is None
    assert str(since) == "20240101-"
    until = TimeRange.parse_timerange("-20240201")
    assert until.start is None and until.stop == datetime(2024, 2, 1, tzinfo=UTC)
    assert str(until) == "-20240201"
    everything = TimeRange.parse_timerange(None)
    assert everything.start is None and everything.stop is None


def test_times_and_epochs():
    timerange = TimeRange.parse_timerange("20240101T1230-20240102T010203")
    assert timerange.start == datetime(2024, 1, 1, 12, 30, tzinfo=UTC)
    assert timerange.stop == datetime(2024, 1, 2, 1, 2, 3, tzinfo=UTC)
    seconds = TimeRange.parse_timerange("1704067200-1706745600")
    assert seconds.start == datetime(2024, 1, 1, tzinfo=UTC)
    assert seconds.stop == datetime(2024, 2, 1, tzinfo=UTC)
    millis = TimeRange.parse_timerange("1704067200000-")
    assert millis.start == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2024-01-01", "20240101-2024020", "2024013-", "abc-",
                                  "20240230-", "-", "20240101-20240201-20240301",
                                  "20240101T25-"])
def test_bad_input_is_an_error_naming_the_timerange(text):
    with pytest.raises(OperationalException, match="timerange"):
        TimeRange.parse_timerange(text)


def test_start_after_stop_is_an_error():
    with pytest.raises(OperationalException, match="Start date is after stop date"):
        TimeRange.parse_timerange("20240201-20240101")

