"""Account balances: simulated from the trade history in dry-run, read from the exchange live.

The dry-run wallet is derived, not stored: ``dry_run_wallet`` + closed profit + realized
partial profit - stake tied up in open trades, so it can never drift from the trades table.
The stake rules (total, available, starting balance) are freqtrade's, number for number.
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
    """Sum of ``close_profit_abs`` over closed trades: the ledger's running sum, or, while
    this thread's session holds uncommitted history writes (the bot between a fill and its
    commit sees its own close), the ledger's with the written trades as the session sees
    them. The whole sum through the session is the fallback (a statement wrote trades
    without naming them, or the ledger is not built yet): at a million trades it took half a
    second, on every ``/forceexit`` and every fill."""
    from freqtrade.ledger.ledger import LEDGER
    from freqtrade.persistence import Trade, get_session, pending_history

    session = get_session()
    if not pending_history.pending(session):
        return LEDGER.closed_profit()
    session.flush()  # what the session's own query would flush first
    written = pending_history.written_trade_ids(session)
    if written is not None and len(written) <= 500:  # a close or a few: one short IN
        seen = session.scalars(select(Trade.close_profit_abs).where(
            Trade.id.in_(sorted(written)), Trade.is_open.is_(False))).all() if written else []
        total = LEDGER.closed_profit_seen_with(written, seen)
        if total is not None:
            return total
    return float(session.execute(select(func.sum(Trade.close_profit_abs))
                                 .where(Trade.is_open.is_(False))).scalar_one() or 0.0)


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

    def _start_capital(self) -> dict[str, float]:
        """``dry_run_wallet`` per currency (a plain number is in the stake currency)."""
        wallet = self._config.get("dry_run_wallet", 0)
        if isinstance(wallet, dict):
            return {str(cur): float(value or 0.0) for cur, value in wallet.items()}
        return {self.stake_currency: float(wallet or 0.0)}

    def _update_dry(self) -> None:
        """Stake currency: start + closed profit + realized part-exit profit - open stakes is
        free; the stake of unfilled entry orders is ``used`` on top of it. A traded coin holds
        the trade's amount, of which pending exit orders are ``used``."""
        from freqtrade.persistence import Trade

        closed_profit = _closed_profit()
        open_trades = Trade.get_open_trades()
        start = self._start_capital()
        tied_up = sum(t.stake_amount for t in open_trades)
        realized_open = sum(t.realized_profit or 0.0 for t in open_trades)
        wallets: dict[str, Wallet] = {}
        pending_entries = 0.0
        for trade in open_trades:
            base = trade.base_currency or trade.pair.split("/")[0]
            pending_entries += sum(
                o.safe_amount * o.safe_price / (trade.leverage or 1.0)
                for o in trade.open_orders if o.ft_order_side == trade.entry_side)
            pending_exit = sum(o.amount for o in trade.open_orders
                               if o.amount and o.ft_order_side == trade.exit_side)
            held = start.get(base, 0.0)
            wallets[base] = Wallet(base, held + trade.amount - pending_exit, pending_exit,
                                   held + trade.amount)
        free = start.get(self.stake_currency, 0.0) + closed_profit + realized_open - tied_up
        wallets[self.stake_currency] = Wallet(self.stake_currency, free, pending_entries,
                                              free + pending_entries)
        for currency, amount in start.items():
            wallets.setdefault(currency, Wallet(currency, amount, 0.0, amount))
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
        """The capital the bot's profit ratios are relative to: ``available_capital``, or
        (free - closed profit + open stakes) x ``tradable_balance_ratio``."""
        from freqtrade.persistence import Trade

        if self._config.get("available_capital") is not None:
            return float(self._config["available_capital"])
        return ((self.get_free(self.stake_currency) - _closed_profit()
                 + Trade.total_open_trades_stakes()) * self._tradable_ratio())

    def _tradable_ratio(self) -> float:
        return float(self._config.get("tradable_balance_ratio", 0.99))

    def get_total_stake_amount(self) -> float:
        """Stake the bot may use in total, open stakes included: ``available_capital`` +
        closed profit, or (open stakes + free) x ``tradable_balance_ratio``."""
        from freqtrade.persistence import Trade

        if self._config.get("available_capital") is not None:
            return float(self._config["available_capital"]) + _closed_profit()
        return ((Trade.total_open_trades_stakes() + self.get_free(self.stake_currency))
                * self._tradable_ratio())

    def get_available_stake_amount(self) -> float:
        """Stake left for new trades: the total stake minus open stakes, at most the free
        balance (negative when open trades already use more than the bot may)."""
        from freqtrade.persistence import Trade

        return min(self.get_total_stake_amount() - Trade.total_open_trades_stakes(),
                   self.get_free(self.stake_currency))

    def get_trade_stake_amount(self, max_open_trades: int, open_trade_count: int) -> float:
        """Stake for a new trade: the configured amount, or when unlimited an equal share of
        the total stake (open stakes included), at most what is available."""
        from freqtrade.persistence import Trade

        available = self.get_available_stake_amount()
        stake = self._config["stake_amount"]
        if stake == UNLIMITED_STAKE_AMOUNT:
            if max_open_trades == -1:
                return available
            if max_open_trades - open_trade_count <= 0:
                return 0.0
            share = (available + Trade.total_open_trades_stakes()) / max_open_trades
            return min(share, available)
        stake = float(stake)
        if stake > available:
            raise DependencyException(
                f"Available balance ({available:.8f} {self.stake_currency}) is lower than "
                f"stake amount ({stake} {self.stake_currency})")
        return stake
