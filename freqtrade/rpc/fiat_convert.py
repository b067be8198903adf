"""Crypto -> fiat rates from CoinGecko's public HTTP API, for the ``*_fiat`` fields.

A rate is cached for 6 hours. A rate CoinGecko cannot give (unreachable, HTTP error, rate
limit, an answer that is not the expected JSON, a coin it does not list) reads 0.0, the value
freqtrade answers then, so every fiat field reads 0 and nothing fails. After a failed call no
request goes out for a minute: an outage costs at most one bounded wait a minute and logs one
warning until CoinGecko answers again. Nothing here runs in the trading loop.
"""
from __future__ import annotations

import logging
import math
import threading
from typing import TYPE_CHECKING, Any

from freqtrade.constants import SUPPORTED_FIAT
from freqtrade.util.clock import dt_now

if TYPE_CHECKING:
    import requests

logger = logging.getLogger(__name__)

PUBLIC_URL = "https://api.coingecko.com/api/v3"
PRO_URL = "https://pro-api.coingecko.com/api/v3"
PRICE_TTL = 6 * 60 * 60.0
RETRY_AFTER = 60.0
NOTE_EVERY = 60 * 60.0
HTTP_TIMEOUT = (3.05, 6.0)  # connect, read (seconds)
UNKNOWN = 0.0

# Symbols that several CoinGecko coins share, and the coin an exchange means by them.
PREFERRED_IDS = {
    "btc": "bitcoin", "eth": "ethereum", "bnb": "binancecoin", "sol": "solana",
    "usdt": "tether", "usdc": "usd-coin", "busd": "binance-usd", "tusd": "true-usd",
}


class RateUnavailable(Exception):
    """CoinGecko gave no usable answer (the text says why)."""


def _now() -> float:
    return dt_now().timestamp()


class CoinGeckoClient:
    """The two CoinGecko calls the converter needs, each bounded by ``timeout``."""

    def __init__(self, api_url: str = PUBLIC_URL, api_key: str = "", is_demo: bool = True,
                 session: requests.Session | None = None,
                 timeout: tuple[float, float] = HTTP_TIMEOUT):
        import requests  # here, not at import: a bot without a fiat currency never loads it

        self.api_url = api_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout
        # the key travels in a header, never in the URL (URLs end up in logs)
        self.headers = {"accept": "application/json"}
        if api_key:
            self.headers["x-cg-demo-api-key" if is_demo else "x-cg-pro-api-key"] = api_key

    def coin_ids(self) -> dict[str, list[str]]:
        """Lower-case symbol -> the ids of every coin CoinGecko lists under it."""
        listing = self._get("coins/list", {})
        if not isinstance(listing, list) or not listing:
            raise RateUnavailable("CoinGecko's coin list is not a list of coins")
        by_symbol: dict[str, list[str]] = {}
        for coin in listing:
            if not isinstance(coin, dict) or not isinstance(coin.get("id"), str) \
                    or not isinstance(coin.get("symbol"), str):
                raise RateUnavailable("CoinGecko's coin list holds an entry without id/symbol")
            by_symbol.setdefault(coin["symbol"].lower(), []).append(coin["id"])
        return by_symbol

    def price(self, coin_id: str, fiat: str) -> float:
        """The price of one coin in ``fiat`` (lower case), a positive finite number."""
        answer = self._get("simple/price", {"ids": coin_id, "vs_currencies": fiat})
        entry = answer.get(coin_id) if isinstance(answer, dict) else None
        value = entry.get(fiat) if isinstance(entry, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value) or value <= 0:
            raise RateUnavailable(f"CoinGecko's answer has no {fiat} price for {coin_id}")
        return float(value)

    def _get(self, path: str, params: dict[str, str]) -> Any:
        import requests

        try:
            response = self.session.get(f"{self.api_url}/{path}", params=params,
                                        headers=self.headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise RateUnavailable(f"CoinGecko is unreachable ({type(exc).__name__})") from None
        if response.status_code == 429:
            raise RateUnavailable("CoinGecko refused: too many requests (HTTP 429)")
        if response.status_code != 200:
            raise RateUnavailable(f"CoinGecko answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise RateUnavailable("CoinGecko's answer is not JSON") from None


class CryptoToFiatConverter:
    """Cached rates; thread-safe (API worker threads share one converter)."""

    def __init__(self, client: CoinGeckoClient):
        self._client = client
        self._lock = threading.Lock()
        self._coin_ids: dict[str, list[str]] | None = None
        self._listed: set[str] = set()
        self._prices: dict[str, tuple[float, float]] = {}  # "btc/usd" -> (price, expiry)
        self._retry_at = 0.0
        self._outage = False
        self._asked = False
        self._noted: dict[str, float] = {}

    def convert_amount(self, amount: float, crypto: str, fiat: str) -> float:
        """``amount`` of ``crypto`` in ``fiat``; 0.0 when the rate is unknown."""
        if crypto == fiat:
            return float(amount)
        return float(amount) * self.get_price(crypto, fiat)

    def get_price(self, crypto: str, fiat: str) -> float:
        """The price of one ``crypto`` in ``fiat``; 0.0 when it is unknown."""
        return self._price(crypto, fiat, prefetch=False)

    def warm_up(self, crypto: str, fiat: str) -> None:
        """Fetch the rate in a background thread so the first API request finds it cached
        (nothing is fetched when a request already asked)."""
        threading.Thread(target=self._price, args=(crypto, fiat, True), name="fiat-rates",
                         daemon=True).start()

    def _price(self, crypto: str, fiat: str, prefetch: bool) -> float:
        crypto, fiat = crypto.lower(), fiat.lower()
        inverse = crypto == "usd"
        if inverse:
            # CoinGecko's "usd" symbol is a token, not the dollar: take 1 / (fiat in usd)
            crypto, fiat = fiat, "usd"
        if fiat.upper() not in SUPPORTED_FIAT:
            self._note(f"fiat_display_currency {fiat.upper()} is not a currency CoinGecko "
                       "quotes: fiat values read 0")
            return UNKNOWN
        if crypto == fiat:
            return 1.0
        key = f"{crypto}/{fiat}"
        with self._lock:
            if prefetch and self._asked:
                return UNKNOWN
            self._asked = True
            now = _now()
            cached = self._prices.get(key)
            if cached is not None and cached[1] > now:
                return cached[0]
            price = self._fetch(crypto, fiat, now)
            if price and inverse:
                price = 1 / price
            self._prices[key] = (price, now + (PRICE_TTL if price else RETRY_AFTER))
            return price

    def _fetch(self, crypto: str, fiat: str, now: float) -> float:
        if self._coin_ids is None:
            if now < self._retry_at:  # the coin list failed less than a minute ago
                return UNKNOWN
            try:
                self._coin_ids = self._client.coin_ids()
            except RateUnavailable as exc:
                self._retry_at = now + RETRY_AFTER
                return self._failed(exc)
            self._listed = {i for ids in self._coin_ids.values() for i in ids}
        coin_id = self._coin_id(crypto)
        if coin_id is None:
            return UNKNOWN
        try:
            price = self._client.price(coin_id, fiat)
        except RateUnavailable as exc:
            return self._failed(exc)
        if self._outage:
            self._outage = False
            logger.info("CoinGecko answers again: fiat values are converted")
        return price

    def _failed(self, reason: RateUnavailable) -> float:
        if not self._outage:
            self._outage = True
            logger.warning("Fiat conversion unavailable, fiat values read 0 until CoinGecko "
                           "answers (retried every %d s): %s", RETRY_AFTER, reason)
        return UNKNOWN

    def _coin_id(self, symbol: str) -> str | None:
        assert self._coin_ids is not None
        preferred = PREFERRED_IDS.get(symbol)
        if preferred is not None:
            ids = [preferred] if preferred in self._listed else []
        else:
            ids = self._coin_ids.get(symbol, [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            self._note(f"Several CoinGecko coins use the symbol {symbol.upper()} "
                       f"({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''}): "
                       "its fiat values read 0")
        else:
            self._note(f"CoinGecko lists no coin {symbol.upper()}: its fiat values read 0")
        return None

    def _note(self, message: str) -> None:
        """Warn about a lasting condition at most once an hour."""
        now = _now()
        if self._noted.get(message, -NOTE_EVERY) + NOTE_EVERY <= now:
            self._noted[message] = now
            logger.warning(message)


_converters: dict[tuple[str, str, bool], CryptoToFiatConverter] = {}
_converters_lock = threading.Lock()


def converter_for(config: dict) -> CryptoToFiatConverter | None:
    """The process's converter for this config's CoinGecko settings (kept across reloads,
    so its cache survives them); None when ``fiat_display_currency`` is not set."""
    if not config.get("fiat_display_currency"):
        return None
    section = config.get("coingecko") or {}
    api_key = str(section.get("api_key") or "")
    is_demo = bool(section.get("is_demo", True))
    api_url = section.get("api_url") or (PRO_URL if api_key and not is_demo else PUBLIC_URL)
    key = (str(api_url), api_key, is_demo)
    with _converters_lock:
        if key not in _converters:
            _converters[key] = CryptoToFiatConverter(CoinGeckoClient(*key))
        return _converters[key]
