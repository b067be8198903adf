"""The closed-trade history kept in memory and brought up to date by what changed.

``ledger.ClosedLedger`` holds the closed trades as columns (``records``), running sums per
group and per direction, and running drawdowns (``drawdown``); ``rows`` reads the trades the
database reports as changed (``freqtrade.persistence.trade_changes``). Statistics endpoints
read it instead of rescanning every trade after each close.
"""
