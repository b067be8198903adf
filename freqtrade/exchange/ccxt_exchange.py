"""Any ccxt exchange (binance, kraken, okx, ...): public data always, orders when live.

Network trouble is retried with exponential backoff; rejected API keys fail at once with a
message saying which config keys to check.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import ccxt

from freqtrade.exceptions import (
    AuthenticationError,
    ExchangeError,
    InsufficientFundsError,
    InvalidOrderException,
    OperationalException,
    TemporaryError,
)
from freqtrade.exchange.exchange import Exchange

logger = logging.getLogger(__name__)

RETRY_COUNT = 4
RETRY_BASE_DELAY = 0.5
# what each exchange's tickers lack (freqtrade's per-exchange settings); others have it all
_TICKER_GAPS: dict[str, dict[str, bool]] = {
    "okx": {"tickers_have_quoteVolume": False},
    "coinex": {"tickers_have_quoteVolume": False, "tickers_have_bid_ask": False},
    "krakenfutures": {"tickers_have_quoteVolume": False},
    "hyperliquid": {"tickers_have_bid_ask": False},
}
_RETRYABLE = (ccxt.NetworkError, ccxt.RequestTimeout, ccxt.DDoSProtection,
              ccxt.ExchangeNotAvailable)
# an exchange may not list an order yet (just placed) or for a moment: asked again after
# 1, 2, 5, 10 and 17 s before it counts as unknown
ORDER_NOT_FOUND_RETRIES = 5


class _OrderNotFound(Exception):
    """ccxt's OrderNotFound on a fetch, kept apart from other errors so it can be retried."""


# ccxt's name for each credential, then the config keys that may hold it (first set wins):
# freqtrade configs use "key" (older files), "api_key" (what new-config writes) or "apiKey"
CREDENTIALS = {
    "apiKey": ("api_key", "apiKey", "key"),
    "secret": ("secret",),
    "password": ("password",),
    "uid": ("uid",),
    "accountId": ("account_id", "accountId"),
    "walletAddress": ("wallet_address", "walletAddress"),
    "privateKey": ("private_key", "privateKey"),
}


def ccxt_credentials(exchange_config: dict) -> dict[str, str]:
    """The credentials of an ``exchange`` config section under ccxt's names (unset left out)."""
    found = {}
    for ccxt_name, keys in CREDENTIALS.items():
        for key in keys:
            if exchange_config.get(key):
                found[ccxt_name] = exchange_config[key]
                break
    return found


class CcxtExchange(Exchange):
    """Wraps one ccxt client; ``api`` lets tests inject a fake client."""

    def __init__(self, config: dict, api: Any = None,
                 sleep: Callable[[float], None] = time.sleep):
        super().__init__(config)
        exchange_config = config.get("exchange") or {}
        self.id = exchange_config.get("name", "").lower()
        self._sleep = sleep
        if api is None:
            if self.id not in ccxt.exchanges:
                raise OperationalException(
                    f'Exchange "{self.id}" is not supported by ccxt. Use one of ccxt.exchanges '
                    '(e.g. binance, kraken, okx) or "simulated" for the offline market.')
            # dry-run uses public data only: keys stay out of ccxt, as in freqtrade
            credentials = {} if config.get("dry_run") else ccxt_credentials(exchange_config)
            params = {**credentials, "enableRateLimit": True,
                      **(exchange_config.get("ccxt_config") or {})}
            api = getattr(ccxt, self.id)(params)
        self._api = api
        self.name = getattr(api, "name", None) or self.id.capitalize()
        self.precision_mode = int(getattr(api, "precisionMode", 4) or 4)
        self.ticker_options = {**Exchange.ticker_options, **_TICKER_GAPS.get(self.id, {})}

    def exchange_has(self, endpoint: str) -> bool:
        has = getattr(self._api, "has", None) or {}
        return bool(has.get(endpoint)) if isinstance(has, dict) else False

    def _call(self, what: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a ccxt call with retries; map ccxt errors to ours."""
        delay = RETRY_BASE_DELAY
        for attempt in range(1, RETRY_COUNT + 1):
            try:
                return func(*args, **kwargs)
            except ccxt.AuthenticationError as exc:
                raise AuthenticationError(
                    f"{self.name} rejected the API key/secret while trying to {what}: check "
                    f"exchange.api_key (or exchange.key) and exchange.secret ({exc})") from None
            except ccxt.InsufficientFunds as exc:
                raise InsufficientFundsError(f"Insufficient funds to {what}: {exc}") from None
            except (ccxt.OrderNotFound, ccxt.InvalidOrder) as exc:
                raise InvalidOrderException(f"Could not {what}: {exc}") from None
            except _RETRYABLE as exc:
                if attempt == RETRY_COUNT:
                    raise TemporaryError(
                        f"Could not {what} on {self.name} after {RETRY_COUNT} attempts: "
                        f"{exc}") from None
                logger.warning("%s failed (%s), retrying in %.1f s (attempt %d/%d).", what,
                               exc, delay, attempt, RETRY_COUNT)
                self._sleep(delay)
                delay *= 2
            except ccxt.BaseError as exc:
                raise ExchangeError(f"Could not {what} on {self.name}: {exc}") from None
        raise TemporaryError(f"Could not {what}")  # pragma: no cover

    def _load_markets(self) -> dict[str, dict]:
        return dict(self._call("load markets", self._api.load_markets))

    def _fetch_tickers(self) -> dict[str, dict]:
        return dict(self._call("fetch tickers", self._api.fetch_tickers))

    def fetch_ticker(self, pair: str) -> dict:
        return self._call(f"fetch the {pair} ticker", self._api.fetch_ticker, pair)

    @property
    def timeframes(self) -> list[str]:
        return list((getattr(self._api, "timeframes", None) or {}).keys()) or super().timeframes

    def ohlcv_candle_limit(self, timeframe: str) -> int:
        features = getattr(self._api, "features", None) or {}
        limit = (((features.get("spot") or {}).get("fetchOHLCV") or {}).get("limit")
                 if isinstance(features, dict) else None)
        return int(limit or self.candle_limit)

    def _fetch_ohlcv_page(self, pair: str, timeframe: str, since_ms: int | None,
                          limit: int) -> list[list]:
        return self._call(f"fetch {pair} {timeframe} candles", self._api.fetch_ohlcv, pair,
                          timeframe, since=since_ms, limit=limit)

    def _create_live_order(self, pair: str, ordertype: str, side: str, amount: float,
                           rate: float | None, params: dict) -> dict:
        return self._call(f"create a {ordertype} {side} order for {pair}",
                          self._api.create_order, pair, ordertype, side, amount, rate, params)

    def _fetch_live_order(self, order_id: str, pair: str) -> dict:
        """The order by id, as the exchange knows it now (open, filled or cancelled).

        Exchanges without ``fetchOrder`` are asked for it as an open, then as a closed
        order. Not found is asked again with growing pauses, then raises
        InvalidOrderException.
        """
        what = f"fetch order {order_id} ({pair})"
        for attempt in range(ORDER_NOT_FOUND_RETRIES + 1):
            try:
                return self._call(what, self._fetch_order_once, order_id, pair)
            except _OrderNotFound as exc:
                if attempt == ORDER_NOT_FOUND_RETRIES:
                    raise InvalidOrderException(f"Could not {what}: {exc}") from None
                delay = attempt ** 2 + 1
                logger.warning("Order %s not found on %s, asking again in %d s.", order_id,
                               self.name, delay)
                self._sleep(delay)
        raise InvalidOrderException(f"Could not {what}")  # pragma: no cover

    def _fetch_order_once(self, order_id: str, pair: str) -> dict:
        has = getattr(self._api, "has", None) or {}
        try:
            if has.get("fetchOrder") is False:
                try:
                    return self._api.fetch_open_order(order_id, pair)
                except ccxt.OrderNotFound:
                    return self._api.fetch_closed_order(order_id, pair)
            return self._api.fetch_order(order_id, pair)
        except ccxt.OrderNotFound as exc:
            raise _OrderNotFound(str(exc)) from None

    def _cancel_live_order(self, order_id: str, pair: str) -> dict:
        return self._call(f"cancel order {order_id}", self._api.cancel_order, order_id, pair)

    def get_balances(self) -> dict[str, dict]:
        if self.dry_run:
            return {}
        balances = self._call("fetch balances", self._api.fetch_balance)
        return {cur: value for cur, value in balances.items()
                if isinstance(value, dict) and "free" in value}

    def close(self) -> None:
        closer = getattr(self._api, "close", None)
        if callable(closer):
            try:
                closer()
            except Exception:  # pragma: no cover - best effort
                pass
