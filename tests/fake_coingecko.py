"""CoinGecko's public API as the bot uses it (``/coins/list``, ``/simple/price``), on 127.0.0.1.

The converter is pointed at it with ``coingecko.api_url``. It records every call (path, query,
headers) and answers what the test sets: the coin list, the prices, an HTTP status, or a raw
body per path (for answers that are not the JSON CoinGecko sends).
"""
from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

COINS = [
    {"id": "bitcoin", "symbol": "btc", "name": "Bitcoin"},
    {"id": "tether", "symbol": "usdt", "name": "Tether"},
    {"id": "bridged-tether", "symbol": "usdt", "name": "Bridged Tether"},
    {"id": "ethereum", "symbol": "eth", "name": "Ethereum"},
]
_SERVERS = itertools.count()
PRICES = {"tether": {"eur": 0.9, "usd": 1.0}, "bitcoin": {"eur": 50000.0, "usd": 60000.0}}


class FakeCoinGecko:
    def __init__(self, coins: list | None = None, prices: dict | None = None):
        self.coins: Any = COINS if coins is None else coins
        self.prices: dict = PRICES if prices is None else prices
        self.status = 200
        self.raw: dict[str, bytes] = {}  # path ("coins/list", "simple/price") -> body
        self.calls: list[tuple[str, dict[str, str], dict[str, str]]] = []
        # a path of its own: converters are shared per URL, and ports get reused
        self.prefix = f"/fake-{next(_SERVERS)}/api/v3/"
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix.rstrip('/')}"

    def count(self, path: str) -> int:
        return sum(1 for call in self.calls if call[0] == path)

    def __enter__(self) -> FakeCoinGecko:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def _answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if self.status != 200:
            return self.status, b'{"status": {"error_message": "unavailable"}}'
        if path in self.raw:
            return 200, self.raw[path]
        if path == "coins/list":
            return 200, json.dumps(self.coins).encode()
        if path == "simple/price":
            fiats = query.get("vs_currencies", "").split(",")
            body = {coin: {f: p[f] for f in fiats if f in p}
                    for coin in query.get("ids", "").split(",")
                    if (p := self.prices.get(coin)) is not None}
            return 200, json.dumps(body).encode()
        return 404, b'{"error": "not found"}'

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                path = parts.path.removeprefix(fake.prefix)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                fake.calls.append((path, query, dict(self.headers)))
                status, body = fake._answer(path, query)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
