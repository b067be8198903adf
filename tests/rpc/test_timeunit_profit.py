"""/daily, /weekly, /monthly periods and sums over a known closed history, as freqtrade answers."""
from datetime import UTC, datetime

import pytest

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import Trade, close_db, get_session, init_db
from freqtrade.rpc.statistics import timeunit_profit

NOW = datetime(2023, 3, 31, 15, 0, tzinfo=UTC)  # a Friday, late in a month and a quarter
CLOSED = [  # close date (UTC), profit
    ("2023-03-31 00:00:00", 1.5), ("2023-03-31 23:59:59", 2.0), ("2023-03-30 12:00:00", -1.0),
    ("2023-03-27 00:00:01", 0.25), ("2023-03-26 23:59:59", 4.0), ("2023-03-01 08:00:00", 8.0),
    ("2023-02-28 22:00:00", 16.0), ("2023-01-15 10:00:00", 32.0), ("2022-12-31 10:00:00", 64.0),
]


@pytest.fixture
def clock_start():
    return NOW


@pytest.fixture(params=["ledger", "sql"])
def history(request, clock, monkeypatch):
    """The history, answered from the ledger's per-day sums, or from SQL as while the
    ledger's first full read is still running."""
    if request.param == "sql":
        monkeypatch.setattr(LEDGER, "first_read_running", lambda: True)
    init_db("sqlite://")
    session = get_session()
    for index, (closed, profit) in enumerate(CLOSED):
        close_date = datetime.fromisoformat(closed)
        session.add(Trade(pair="ETH/USDT", base_currency="ETH", stake_currency="USDT",
                          exchange="simulated", amount=1.0, open_rate=100.0, stake_amount=100.0,
                          fee_open=0.0, fee_close=0.0, is_open=False, close_rate=100.0,
                          open_date=datetime(2022, 12, 1), close_date=close_date,
                          close_profit_abs=profit, close_profit=profit / 100,
                          exit_reason="roi", strategy=f"s{index}"))
    open_trade = Trade(pair="BTC/USDT", base_currency="BTC", stake_currency="USDT",
                       exchange="simulated", amount=1.0, open_rate=100.0, stake_amount=100.0,
                       fee_open=0.0, fee_close=0.0, is_open=True, open_date=NOW)
    session.add(open_trade)
    session.commit()
    yield
    close_db()


def periods(unit: str, count: int) -> list[tuple[str, float, int]]:
    data = timeunit_profit(count, unit, "USDT", "", 1000.0)["data"]
    return [(row["date"], row["abs_profit"], row["trade_count"]) for row in data]


def test_days(history):
    assert periods("days", 6) == [
        ("2023-03-31", 3.5, 2), ("2023-03-30", -1.0, 1), ("2023-03-29", 0.0, 0),
        ("2023-03-28", 0.0, 0), ("2023-03-27", 0.25, 1), ("2023-03-26", 4.0, 1)]


def test_weeks_start_on_monday(history):
    assert periods("weeks", 3) == [
        ("2023-03-27", 2.75, 4), ("2023-03-20", 4.0, 1), ("2023-03-13", 0.0, 0)]


def test_calendar_months(history):
    assert periods("months", 4) == [
        ("2023-03-01", 14.75, 6), ("2023-02-01", 16.0, 1), ("2023-01-01", 32.0, 1),
        ("2022-12-01", 64.0, 1)]


def test_starting_balance_walks_back_from_the_current_total(history):
    data = timeunit_profit(2, "months", "USDT", "", 1000.0)["data"]
    assert data[0]["starting_balance"] == pytest.approx(1000.0 - 14.75)
    assert data[1]["starting_balance"] == pytest.approx(1000.0 - 14.75 - 16.0)
    assert data[0]["rel_profit"] == round(14.75 / (1000.0 - 14.75), 8)
