"""A user can go back: freqtrade 2026.9 opens a database this bot has used (with our change
triggers in it), writes and closes a trade with its own models, and this bot then sees that
trade in its next answers."""
from __future__ import annotations

import subprocess
import textwrap

import pytest

from freqtrade.ledger.ledger import LEDGER
from freqtrade.persistence import close_db, init_db
from freqtrade.rpc import statistics
from tests.ledger.history_writer import HistoryWriter
from tests.reference import require_python

FREQTRADE_WRITES = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone
    from freqtrade.persistence import Order, Trade, init_db
    init_db(sys.argv[1])
    now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    trade = Trade(pair="LINK/USDT", stake_amount=20.0, amount=2.0, open_rate=10.0,
                  open_date=now, fee_open=0.001, fee_close=0.001, exchange="binance",
                  is_open=True, leverage=1.0, enter_tag="from_freqtrade")
    Trade.session.add(trade)
    Trade.commit()
    for side, price in (("buy", 10.0), ("sell", 11.0)):
        trade.orders.append(Order(
            ft_trade_id=trade.id, ft_order_side=side, ft_pair="LINK/USDT", ft_is_open=False,
            ft_amount=2.0, ft_price=price, order_id=f"ft-{side}", status="closed",
            symbol="LINK/USDT", order_type="market", side=side, price=price, average=price,
            amount=2.0, filled=2.0, remaining=0.0, cost=2.0 * price, order_date=now,
            order_filled_date=now))
    trade.exit_reason = "roi"
    trade.close(11.0)
    Trade.commit()
    print(trade.id, trade.close_profit_abs)
""")


def test_freqtrade_writes_a_database_we_used_and_we_see_its_trade(tmp_path):
    url = f"sqlite:///{tmp_path / 'tradesv3.sqlite'}"
    init_db(url)
    try:
        from freqtrade.persistence import get_engine

        with get_engine().begin() as conn:
            writer = HistoryWriter(11)
            for _ in range(5):
                writer.insert_closed(conn)
        before = LEDGER.closed_summary(None, 1000.0)
        done = subprocess.run([str(require_python()), "-c", FREQTRADE_WRITES, url],
                              capture_output=True, text=True, timeout=180, cwd="/")
        assert done.returncode == 0, done.stderr[-2000:]
        trade_id, profit = done.stdout.split()
        after = LEDGER.closed_summary(None, 1000.0)
        assert after.count == before.count + 1
        assert after.abs_sum == pytest.approx(before.abs_sum + float(profit), rel=1e-12)
        assert any(row["enter_tag"] == "from_freqtrade" for row in statistics.entries())
        assert int(trade_id) in LEDGER.closed_ids(500, 0)[0]
    finally:
        close_db()
