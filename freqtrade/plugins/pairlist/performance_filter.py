"""PerformanceFilter: orders the pairs by their closed-trade profit, best first."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import case, func, select

from freqtrade.plugins.pairlist.base import Pairlist, Tickers
from freqtrade.util.clock import dt_now

logger = logging.getLogger(__name__)


def pair_performance(since) -> dict[str, tuple[float, int]]:
    """``pair -> (profit ratio, closed trade count)`` of trades closed at or after ``since``;
    the ratio is the summed absolute profit over the summed filled entry cost."""
    from freqtrade.persistence import Order, Trade, get_session

    entry_side = case((Trade.is_short.is_(True), "sell"), else_="buy")
    costs = (select(Trade.pair.label("pair"),
                    func.sum(func.coalesce(Order.filled, Order.amount)
                             * func.coalesce(Order.average, Order.price, Order.ft_price)
                             / func.coalesce(Trade.leverage, 1)).label("cost"))
             .join(Order, Trade.id == Order.ft_trade_id)
             .where(Trade.is_open.is_(False), Trade.close_date >= since,
                    Order.ft_order_side == entry_side, Order.filled > 0)
             .group_by(Trade.pair).subquery())
    profits = (select(Trade.pair.label("pair"),
                      func.sum(Trade.close_profit_abs).label("profit"),
                      func.count(Trade.id).label("count"))
               .where(Trade.is_open.is_(False), Trade.close_date >= since)
               .group_by(Trade.pair).subquery())
    rows = get_session().execute(
        select(profits.c.pair, profits.c.profit / costs.c.cost, profits.c.count)
        .join(costs, costs.c.pair == profits.c.pair)).all()
    return {pair: (ratio or 0.0, count) for pair, ratio, count in rows}


class PerformanceFilter(Pairlist):
    """Sorts by profit ratio (high to low), then by trade count (fewer first), then by the
    incoming order; pairs without trades count as 0. ``min_profit`` drops pairs below that
    ratio. Only trades closed in the last ``minutes`` count: as in freqtrade 2026.9 the
    default 0 means "closed from now on", so without ``minutes`` the order stays unchanged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._minutes = self._pairlist_config.get("minutes", 0)
        self._min_profit = self._pairlist_config.get("min_profit")

    def short_desc(self) -> str:
        return f"{self.name} - Sorting pairs by performance."

    def filter_pairlist(self, pairlist: list[str], tickers: Tickers) -> list[str]:
        since = (dt_now() - timedelta(minutes=self._minutes)).replace(tzinfo=None)
        performance = pair_performance(since)
        if not performance:
            return pairlist
        ranked = sorted(
            ((pair, *performance.get(pair, (0.0, 0)), index)
             for index, pair in enumerate(pairlist)),
            key=lambda row: (-row[1], row[2], row[3]))
        if self._min_profit is not None:
            for pair, ratio, _, _ in ranked:
                if ratio < self._min_profit:
                    self.log_once(f"Removing pair {pair} since {ratio} is below "
                                  f"{self._min_profit}", logger.info)
            ranked = [row for row in ranked if row[1] >= self._min_profit]
        return [row[0] for row in ranked]
