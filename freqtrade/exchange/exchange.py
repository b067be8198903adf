"""The one exchange interface the bot, the data layer and the API use.

Subclasses provide markets, tickers, raw OHLCV pages and (live) order calls; this base adds
pricing rules, precision, minimum stakes, pagination and the dry-run order book, so the
simulated market and every ccxt exchange behave the same in dry-run.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from decimal import Decimal
from typing import Any

from freqtrade.constants import DEFAULT_AMOUNT_RESERVE_PERCENT
from freqtrade.exceptions import InvalidOrderException, PricingError
from freqtrade.exchange.dry_run import DryRunOrderBook
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import timeframe_to_msecs

logger = logging.getLogger(__name__)

TICKER_CACHE_SECS = 2.0


def _round_to_step(value: float, step: float | None, down: bool) -> float:
    if not step:
        return value
    ratio = value / step
    units = math.floor(ratio + 1e-9) if down else round(ratio)
    digits = max(0, -int(math.floor(math.log10(step)))) if step < 1 else 0
    return round(units * step, digits + 2)


class Exchange:
    """Base class; ``id`` is the ccxt id or ``simulated``."""

    id: str = "base"
    name: str = "Base"
    candle_limit: int = 1000
    default_fee: float = 0.001
    # ccxt's TICK_SIZE: market precisions are step sizes (0.01), not digit counts
    precision_mode: int = 4
    # what the tickers carry, for the pairlists that rank or filter by them
    ticker_options: dict[str, Any] = {
        "tickers_have_quoteVolume": True, "tickers_have_percentage": True,
        "tickers_have_bid_ask": True, "ohlcv_volume_currency": "base"}

    def __init__(self, config: dict):
        self._config = config
        self._markets: dict[str, dict] = {}
        self._tickers: dict[str, dict] = {}
        self._tickers_time = 0.0
        self._tickers_lock = threading.Lock()
        self.dry_run_book = DryRunOrderBook(self)

    # ----------------------------------------------------------------- subclass hooks
    def _load_markets(self) -> dict[str, dict]:
        raise NotImplementedError

    def _fetch_tickers(self) -> dict[str, dict]:
        raise NotImplementedError

    def _fetch_ohlcv_page(self, pair: str, timeframe: str, since_ms: int | None,
                          limit: int) -> list[list]:
        raise NotImplementedError

    def _create_live_order(self, pair: str, ordertype: str, side: str, amount: float,
                           rate: float | None, params: dict) -> dict:
        raise NotImplementedError

    def _fetch_live_order(self, order_id: str, pair: str) -> dict:
        raise NotImplementedError

    def _cancel_live_order(self, order_id: str, pair: str) -> dict:
        raise NotImplementedError

    def get_balances(self) -> dict[str, dict]:
        return {}

    @property
    def timeframes(self) -> list[str]:
        return ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"]

    def close(self) -> None:
        """Release network resources (nothing to do for most exchanges)."""

    def exchange_has(self, endpoint: str) -> bool:
        """Whether the exchange offers ``endpoint`` (ccxt's ``has`` names)."""
        return True

    def get_option(self, name: str, default: Any = None) -> Any:
        return self.ticker_options.get(name, default)

    # ----------------------------------------------------------------- markets
    @property
    def dry_run(self) -> bool:
        return bool(self._config.get("dry_run", True))

    @property
    def markets(self) -> dict[str, dict]:
        if not self._markets:
            self._markets = self._load_markets()
        return self._markets

    def get_pair_base_currency(self, pair: str) -> str:
        return self.markets.get(pair, {}).get("base") or pair.split("/")[0]

    def get_pair_quote_currency(self, pair: str) -> str:
        market = self.markets.get(pair, {})
        return market.get("quote") or pair.split("/")[1].split(":")[0]

    def get_valid_pair_combination(self, curr_1: str, curr_2: str) -> str | None:
        for pair in (f"{curr_1}/{curr_2}", f"{curr_2}/{curr_1}"):
            if pair in self.markets and self.markets[pair].get("active", True):
                return pair
        return None

    def ohlcv_candle_limit(self, timeframe: str) -> int:
        return self.candle_limit

    # ----------------------------------------------------------------- tickers and prices
    def get_tickers(self, cached: bool = True) -> dict[str, dict]:
        """Every ticker, at most ``TICKER_CACHE_SECS`` old when ``cached``.

        One fetch at a time: API requests arriving together on an expired cache wait for the
        fetch already running and share it, instead of each calling the exchange's (rate
        limited, slow) all-tickers endpoint.
        """
        asked = time.monotonic()
        with self._tickers_lock:
            fresh = self._tickers and (self._tickers_time >= asked if not cached else
                                       time.monotonic() - self._tickers_time <= TICKER_CACHE_SECS)
            if not fresh:
                started = time.monotonic()
                self._tickers = self._fetch_tickers()
                self._tickers_time = started
            return self._tickers

    @property
    def rates_from_tickers(self) -> bool:
        """Whether ``get_rate(refresh=False)`` is a function of ``get_tickers()``'s answer
        and the settings alone (not when a subclass or a patch answers its own way)."""
        return getattr(self.get_tickers, "__func__", None) is Exchange.get_tickers and \
            getattr(self.get_rate, "__func__", None) is Exchange.get_rate

    def cached_tickers(self) -> dict[str, dict] | None:
        """What ``get_tickers()`` answers right now without fetching; None when it would
        fetch (or a fetch is running), or when not ``rates_from_tickers``. Never waits:
        the API's event loop asks it."""
        if not self.rates_from_tickers or not self._tickers_lock.acquire(blocking=False):
            return None
        try:
            fresh = self._tickers and time.monotonic() - self._tickers_time <= TICKER_CACHE_SECS
            return self._tickers if fresh else None
        finally:
            self._tickers_lock.release()

    def fetch_ticker(self, pair: str) -> dict:
        ticker = self.get_tickers(cached=False).get(pair)
        if not ticker:
            raise PricingError(f"No ticker for {pair}.")
        return ticker

    def get_rate(self, pair: str, side: str, is_short: bool = False,
                 refresh: bool = True) -> float:
        """Price for an entry or exit order, following ``entry_pricing``/``exit_pricing``.

        ``same`` means the order-book side an order of that direction rests on (a buy at the
        bid, a sell at the ask); ``other`` crosses the spread.
        """
        pricing = self._config.get("entry_pricing" if side == "entry" else "exit_pricing") or {}
        price_side = pricing.get("price_side", "same")
        order_side = ("sell" if is_short else "buy") if side == "entry" else (
            "buy" if is_short else "sell")
        if price_side in ("same", "other"):
            same = "bid" if order_side == "buy" else "ask"
            other = "ask" if same == "bid" else "bid"
            price_side = same if price_side == "same" else other
        ticker = self.fetch_ticker(pair) if refresh else self.get_tickers().get(pair)
        if not ticker:
            raise PricingError(f"No ticker for {pair}.")
        rate = ticker.get(price_side) or ticker.get("last")
        last = ticker.get("last")
        balance = float(pricing.get("price_last_balance", 0.0) or 0.0)
        if rate and last and balance:
            if (order_side == "buy" and last < rate) or (order_side == "sell" and last > rate):
                rate = rate + balance * (last - rate)
        if not rate:
            raise PricingError(f"No {price_side} price for {pair}.")
        return float(rate)

    def get_fee(self, symbol: str, taker_or_maker: str = "taker") -> float:
        market = self.markets.get(symbol, {})
        return float(market.get(taker_or_maker) or self.default_fee)

    # ----------------------------------------------------------------- precision
    def amount_to_precision(self, pair: str, amount: float) -> float:
        step = self.markets.get(pair, {}).get("precision", {}).get("amount")
        return _round_to_step(amount, step, down=True)

    def price_to_precision(self, pair: str, price: float) -> float:
        step = self.markets.get(pair, {}).get("precision", {}).get("price")
        return _round_to_step(price, step, down=False)

    def _price_step(self, pair: str) -> float | None:
        precision = self.markets.get(pair, {}).get("precision", {}).get("price")
        if precision is None:
            return None
        return precision if self.precision_mode == 4 else 1 / pow(10, precision)

    def price_to_precision_up(self, pair: str, price: float) -> float:
        """``price`` rounded up to the pair's price tick (stop prices of long trades)."""
        step = self._price_step(pair)
        if not step or math.isnan(price):
            return price
        exact, tick = Decimal(str(price)), Decimal(str(step))
        missing = exact % tick
        if missing:
            exact = exact - missing + tick
        return round(float(exact), 14)

    def price_get_one_pip(self, pair: str, price: float) -> float:
        """The price tick of ``pair`` (the smallest price move)."""
        return self._price_step(pair) or 0.0

    def get_min_pair_stake_amount(self, pair: str, price: float, stoploss: float,
                                  leverage: float = 1.0) -> float | None:
        """Smallest stake the exchange accepts, with headroom for fees and a stoploss exit.

        The amount limit gets ``amount_reserve_percent`` (5%) on top; the cost limit is
        scaled by that reserve over ``1 - |stoploss|``, kept between 1 and 1.5 (a stoploss of
        -1, "no stoploss", takes the 1.5 cap instead of dividing by zero).
        """
        limits = self.markets.get(pair, {}).get("limits", {})
        reserve = 1.0 + self._config.get("amount_reserve_percent",
                                         DEFAULT_AMOUNT_RESERVE_PERCENT)
        stoploss = abs(stoploss or 0)
        stoploss_reserve = reserve / (1 - stoploss) if stoploss != 1 else 1.5
        stoploss_reserve = max(min(stoploss_reserve, 1.5), 1)
        candidates = []
        if (limits.get("cost") or {}).get("min") is not None:
            candidates.append(limits["cost"]["min"] * stoploss_reserve)
        if (limits.get("amount") or {}).get("min") is not None:
            candidates.append(limits["amount"]["min"] * price * reserve)
        if not candidates:
            return None
        return max(candidates) / (leverage or 1.0)

    def get_max_pair_stake_amount(self, pair: str, price: float) -> float:
        limits = self.markets.get(pair, {}).get("limits", {})
        max_cost = (limits.get("cost") or {}).get("max")
        return float(max_cost) if max_cost else float("inf")

    # ----------------------------------------------------------------- candles
    def fetch_ohlcv(self, pair: str, timeframe: str, since_ms: int | None = None,
                    limit: int | None = None) -> list[list]:
        """Candles from ``since_ms`` (or the newest ``limit``), ascending, paginated."""
        limit = limit or self.candle_limit
        if since_ms is None:
            step = timeframe_to_msecs(timeframe)
            now_ms = int(dt_now().timestamp() * 1000)
            since_ms = now_ms - now_ms % step - step * (limit - 1)
        candles = self.get_historic_ohlcv(pair, timeframe, since_ms)
        return candles[-limit:] if len(candles) > limit else candles

    def get_historic_ohlcv(self, pair: str, timeframe: str, since_ms: int,
                           until_ms: int | None = None) -> list[list]:
        """Every candle from ``since_ms`` up to ``until_ms`` (default now), page by page."""
        step = timeframe_to_msecs(timeframe)
        until_ms = until_ms or int(dt_now().timestamp() * 1000)
        page_limit = self.ohlcv_candle_limit(timeframe)
        result: list[list] = []
        since = since_ms
        while since <= until_ms:
            page = self._fetch_ohlcv_page(pair, timeframe, since, page_limit)
            page = [c for c in page if c[0] >= since]
            if not page:
                break
            result.extend(c for c in page if c[0] <= until_ms)
            next_since = page[-1][0] + step
            if next_since <= since or len(page) < 1:
                break
            since = next_since
            if len(page) < page_limit and page[-1][0] + step > until_ms:
                break
        deduped: dict[int, list] = {c[0]: c for c in result}
        return [deduped[k] for k in sorted(deduped)]

    def get_daily_opens(self, pair: str, since_ms: int) -> dict[int, float]:
        """Open price of each UTC day's candle from ``since_ms`` up to today's, by the day's
        start (ms): what the rebuilt wallet history values a coin at."""
        return {int(c[0]): float(c[1]) for c in self.get_historic_ohlcv(pair, "1d", since_ms)}

    # ----------------------------------------------------------------- orders
    def create_order(self, pair: str, ordertype: str, side: str, amount: float, rate: float,
                     time_in_force: str = "GTC") -> dict[str, Any]:
        if pair not in self.markets:
            raise InvalidOrderException(f"Pair {pair} is not available on {self.name}.")
        if self.dry_run or self.id == "simulated":
            return self.dry_run_book.create_order(pair, ordertype, side, amount, rate)
        params = {"timeInForce": time_in_force} if ordertype == "limit" else {}
        return self._create_live_order(pair, ordertype, side, amount,
                                       rate if ordertype == "limit" else None, params)

    def fetch_order(self, order_id: str, pair: str) -> dict[str, Any]:
        if self.dry_run or self.id == "simulated":
            return self.dry_run_book.fetch_order(order_id, pair)
        return self._fetch_live_order(order_id, pair)

    def cancel_order(self, order_id: str, pair: str) -> dict[str, Any]:
        if self.dry_run or self.id == "simulated":
            return self.dry_run_book.cancel_order(order_id, pair)
        return self._cancel_live_order(order_id, pair)

    def price_range_since(self, pair: str, since_ms: int) -> tuple[float, float] | None:
        """(low, high) traded since ``since_ms`` from 1m candles: decides dry-run limit fills."""
        try:
            candles = self.get_historic_ohlcv(pair, "1m", since_ms - since_ms % 60000)
        except Exception:  # pragma: no cover - candles are a best-effort refinement
            return None
        if not candles:
            return None
        return min(c[3] for c in candles), max(c[2] for c in candles)
