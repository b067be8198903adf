"""The daily wallet snapshot behind ``/historic_balance`` (contract §12.9, ``wallet_history``).

Once per UTC day (the first loop iteration of the day; freqtrade schedules 00:07) every
currency with a balance gets a row: its total, its value in the stake currency and whether
the bot manages it (the stake currency, or the base of an open trade). The days before the
first start are rebuilt from the trade history (``wallet_backfill``).
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import select

from freqtrade.persistence import Trade, WalletHistory, get_session
from freqtrade.wallets import conversion_rate

logger = logging.getLogger(__name__)


def utc_day(moment: datetime) -> datetime:
    """Midnight UTC of ``moment``'s day, naive (as every timestamp in the database)."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0,
                                          tzinfo=None)


def record_daily_snapshot(wallets, exchange, now: datetime) -> bool:
    """Write today's rows unless they exist; True when rows were written."""
    day = utc_day(now)
    session = get_session()
    if session.scalar(select(WalletHistory.id).where(WalletHistory.timestamp == day)
                      .limit(1)) is not None:
        return False
    stake = wallets.stake_currency
    managed = {stake} | {trade.base_currency for trade in Trade.get_open_trades()}
    written = 0
    for currency, wallet in wallets.get_all_balances().items():
        if not wallet.total:
            continue
        rate = conversion_rate(exchange, currency, stake)
        session.add(WalletHistory(
            timestamp=day, currency=currency, rate=rate, quote_currency=stake,
            balance=wallet.total, total_quote=rate * wallet.total if rate is not None else None,
            bot_managed=currency in managed))
        written += 1
    session.commit()
    logger.info("Wallet snapshot for %s: %s currencies.", day.date(), written)
    return True
