"""Account balances: simulated from the trade history in dry-run, read from the exchange live.

The dry-run wallet is derived, not stored: ``dry_run_wallet`` + closed profit + realized
partial profit - stake tied up in open trades, so it can never drift from the trades table.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from freqtrade.constants import UNLIMITED_STAKE_AMOUNT
from freqtrade.exceptions import DependencyException, ExchangeError

logger = logging.getLogger(__name__)


def conversion_rate(exchange, currency: str, stake: str) -> float | None:
    """Value of one ``currency`` in ``stake`` from the cached tickers (``last``, else ``ask``;
    an inverse pair is inverted); None when there is no pair or no price."""
    if currency == stake:
        return 1.0
    pair = exchange.get_valid_pair_combination(currency, stake)
    if not pair:
        return None
    try:
        ticker = exchange.get_tickers().get(pair) or {}
    except ExchangeError:
        return None
    last = ticker.get("last") or ticker.get("ask") or 0.0
    if not last:
        return None
    return last if pair.startswith(f"{currency}/") else 1 / last


@dataclass
class Wallet:
    currency: str
    free: float = 0.0
    used: float = 0.0
    total: float = 0.0


def _closed_profit() -> float:
    """Sum of ``close_profit_abs`` over closed trades (cached until the trades change)."""
    from freqtrade.persistence import Trade, get_session, history_cache

    return history_cache.cached(("wallet_closed_profit",), lambda: get_session().execute(
        select(func.coalesce(func.sum(Trade.close_profit_abs), 0.0))
        .where(Trade.is_open.is_(False))).scalar_one())


class Wallets:
    """Balances per currency plus the stake-amount rules that depend on them."""

    def __init__(self, config: dict, exchange):
        self._config = config
        self._exchange = exchange
        self._wallets: dict[str, Wallet] = {}
        self.update()

    @property
    def stake_currency(self) -> str:
        return self._config["stake_currency"]

    def starting_capital(self) -> float:
        wallet = self._config.get("dry_run_wallet", 0)
        if isinstance(wallet, dict):
            return float(wallet.get(self.stake_currency, 0.0))
        return float(wallet or 0.0)

    def _update_dry(self) -> None:
        from freqtrade.persistence import Trade, get_session

        session = get_session()
        closed_profit = _closed_profit()
        open_trades = session.scalars(select(Trade).where(Trade.is_open.is_(True))).all()
        tied_up = sum(t.stake_amount for t in open_trades)
        realized_open = sum(t.realized_profit or 0.0 for t in open_trades)
        free = self.starting_capital() + closed_profit + realized_open - tied_up
        # as freqtrade's spot dry-run: the stake in open trades is held as their coins, so it is
        # neither "used" nor part of the stake currency's total (else /balance counts it twice)
        wallets = {self.stake_currency: Wallet(self.stake_currency, free, 0.0, free)}
        for trade in open_trades:
            base = trade.base_currency or trade.pair.split("/")[0]
            wallet = wallets.setdefault(base, Wallet(base))
            wallet.free += trade.amount
            wallet.total += trade.amount
        self._wallets = wallets

    def _update_live(self) -> None:
        balances = self._exchange.get_balances()
        self._wallets = {
            cur: Wallet(cur, float(b.get("free") or 0), float(b.get("used") or 0),
                        float(b.get("total") or 0))
            for cur, b in balances.items() if isinstance(b, dict)
        }

    def update(self) -> None:
        if self._config.get("dry_run", True) or getattr(self._exchange, "id", "") == "simulated":
            self._update_dry()
        else:
            self._update_live()

    def get_all_balances(self) -> dict[str, Wallet]:
        return dict(self._wallets)

    def get_free(self, currency: str) -> float:
        return self._wallets.get(currency, Wallet(currency)).free

    def get_used(self, currency: str) -> float:
        return self._wallets.get(currency, Wallet(currency)).used

    def get_total(self, currency: str) -> float:
        return self._wallets.get(currency, Wallet(currency)).total

    def get_starting_balance(self) -> float:
        """The balance the bot started with: ``available_capital``, else today's stake balance
        without the closed profit (stakes of open trades counted back in)."""
        from freqtrade.persistence import Trade

        if self._config.get("available_capital"):
            return float(self._config["available_capital"])
        closed_profit = _closed_profit()
        ratio = self._config.get("tradable_balance_ratio", 0.99)
        return (self.get_free(self.stake_currency) - closed_profit
                + Trade.total_open_trades_stakes()) * ratio

    def get_total_stake_amount(self) -> float:
        """Stake available to the bot in total: (free + tied up) x tradable_balance_ratio."""
        from freqtrade.persistence import Trade

        tied_up = sum(t.stake_amount for t in Trade.get_open_trades())
        ratio = self._config.get("tradable_balance_ratio", 0.99)
        if self._config.get("available_capital"):
            return float(self._config["available_capital"])
        return (tied_up + self.get_free(self.stake_currency)) * ratio

    def get_available_stake_amount(self) -> float:
        from freqtrade.persistence import Trade

        tied_up = sum(t.stake_amount for t in Trade.get_open_trades())
        return max(0.0, self.get_total_stake_amount() - tied_up)

    def get_trade_stake_amount(self, max_open_trades: int, open_trade_count: int) -> float:
        """Stake for a new trade: the configured amount, or an equal share when unlimited."""
        available = self.get_available_stake_amount()
        stake = self._config["stake_amount"]
        if stake == UNLIMITED_STAKE_AMOUNT:
            if max_open_trades == -1:
                return available
            slots = max_open_trades - open_trade_count
            if slots <= 0:
                return 0.0
            return available / slots
        stake = float(stake)
        if stake > available:
            raise DependencyException(
                f"Available balance ({available:.8f} {self.stake_currency}) is lower than "
                f"stake amount ({stake} {self.stake_currency})")
        return stake
