"""Bad requests for every input-taking route, and how they are sent, for the 422 comparison.

``tests/reference/record_422.py`` sends each case to freqtrade 2026.9 and stores its answer in
``tests/api/data/freqtrade_422.json``; ``test_freqtrade_422.py`` sends the same bytes to our
API and compares. A case is a request freqtrade refuses with 422 and that breaks none of our
own stricter limits (string lengths, list sizes, positive prices), so both answers can be
equal byte for byte. ``mode`` is the run mode that serves the route in freqtrade: ``trade``
(a dry-run bot) or ``webserver`` (``freqtrade webserver``: pair_history, available_pairs).
"""
from __future__ import annotations

import base64
import http.client
import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent / "data" / "freqtrade_422.json"
JSON = "application/json"
_NO_BODY = object()


@dataclass(frozen=True)
class Case:
    """One request: ``body`` is the exact text sent (None: no body at all)."""

    id: str
    mode: str
    method: str
    path: str
    body: str | None = None
    content_type: str | None = None

    def request(self) -> dict[str, Any]:
        return {"mode": self.mode, "method": self.method, "path": self.path,
                "body": self.body, "content_type": self.content_type}


def send(port: int, case: Case, username: str, password: str) -> tuple[int, str]:
    """Status and raw body text of ``case`` sent with basic auth to 127.0.0.1:``port``."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    if case.content_type is not None:
        headers["Content-Type"] = case.content_type
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(case.method, case.path,
                     None if case.body is None else case.body.encode(), headers)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def wait_until_answering(port: int, process: subprocess.Popen, log: Path,
                         timeout: float = 90.0) -> None:
    """Until ``/api/v1/ping`` on ``port`` answers 200; raises with the log's end when the
    process exits or the time runs out (a webserver has no bot loop to wait for)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-3000:] if log.exists() else ""
            raise RuntimeError(f"the server exited with {process.returncode}: {tail}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/api/v1/ping")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on port {port} within {timeout} s")


def _get(case_id: str, path: str, mode: str = "trade", method: str = "GET") -> Case:
    return Case(case_id, mode, method, "/api/v1/" + path)


def _post(case_id: str, path: str, body: Any = _NO_BODY, *, raw: str | None = None,
          content_type: str | None = JSON, mode: str = "trade") -> Case:
    """A POST whose body is ``body`` as compact JSON, or the exact text ``raw``."""
    if raw is None and body is not _NO_BODY:
        raw = json.dumps(body, ensure_ascii=False)
    return Case(case_id, mode, "POST", "/api/v1/" + path, raw, content_type)


LOCK_UNTIL = "2030-01-01T10:00:00Z"

CASES: list[Case] = [
    # ------------------------------------------------------------ daily / weekly / monthly
    _get("daily-timescale-string", "daily?timescale=abc"),
    _get("daily-timescale-fraction", "daily?timescale=1.5"),
    _get("daily-timescale-zero", "daily?timescale=0"),
    _get("daily-timescale-negative", "daily?timescale=-3"),
    _get("daily-timescale-empty", "daily?timescale="),
    _get("daily-timescale-underscores-zero", "daily?timescale=0_0"),
    _get("daily-timescale-bool", "daily?timescale=true"),
    _get("daily-timescale-exponent", "daily?timescale=1e1"),
    _get("daily-timescale-repeated-last-bad", "daily?timescale=7&timescale=abc"),
    _get("daily-timescale-repeated-last-wins", "daily?timescale=abc&timescale=0"),
    _get("daily-timescale-space-zero", "daily?timescale=%200"),
    _get("daily-timescale-hex", "daily?timescale=0x10"),
    _get("weekly-timescale-zero", "weekly?timescale=0"),
    _get("weekly-timescale-string", "weekly?timescale=four"),
    _get("monthly-timescale-zero", "monthly?timescale=0"),
    _get("monthly-timescale-fraction", "monthly?timescale=2.5"),
    # ------------------------------------------------------------ trades (history)
    _get("trades-limit-zero", "trades?limit=0"),
    _get("trades-limit-string", "trades?limit=abc"),
    _get("trades-limit-fraction", "trades?limit=2.5"),
    _get("trades-offset-negative", "trades?offset=-1"),
    _get("trades-offset-string", "trades?offset=x"),
    _get("trades-order-by-id-not-bool", "trades?order_by_id=maybe"),
    _get("trades-order-by-id-number", "trades?order_by_id=2"),
    _get("trades-order-by-id-empty", "trades?order_by_id="),
    _get("trades-three-errors", "trades?limit=0&offset=-1&order_by_id=x"),
    # ------------------------------------------------------------ trade id in the path
    _get("trade-id-string", "trade/abc"),
    _get("trade-id-fraction", "trade/1.5"),
    _get("trade-id-bool", "trade/true"),
    _get("trade-id-exponent", "trade/1e2"),
    _get("trades-delete-id-string", "trades/abc", method="DELETE"),
    _get("trades-delete-open", "trades/open", method="DELETE"),
    _get("trades-open-order-id-string", "trades/abc/open-order", method="DELETE"),
    _get("trades-reload-id-string", "trades/abc/reload", method="POST"),
    _get("trades-custom-data-id-string", "trades/abc/custom-data"),
    _get("trades-custom-data-id-string-with-key", "trades/abc/custom-data?key=k"),
    # ------------------------------------------------------------ open trades' custom data
    _get("open-custom-data-limit-zero", "trades/open/custom-data?limit=0"),
    _get("open-custom-data-limit-string", "trades/open/custom-data?limit=ten"),
    _get("open-custom-data-offset-negative", "trades/open/custom-data?offset=-5"),
    _get("open-custom-data-two-errors", "trades/open/custom-data?limit=0&offset=x"),
    # ------------------------------------------------------------ locks by id
    _get("locks-delete-id-string", "locks/abc", method="DELETE"),
    _get("locks-delete-id-fraction", "locks/1.5", method="DELETE"),
    _get("locks-delete-word-delete", "locks/delete", method="DELETE"),
    # ------------------------------------------------------------ logs
    _get("logs-limit-string", "logs?limit=abc"),
    _get("logs-limit-fraction", "logs?limit=1.5"),
    _get("logs-limit-empty", "logs?limit="),
    # ------------------------------------------------------------ strategy names
    _get("strategy-base64-name", "strategy/QuietStrategy:c29tZQ=="),
    _get("strategy-percent-encoded-colon", "strategy/Quiet%3Aabc"),
    _get("plot-config-base64-strategy", "plot_config?strategy=Quiet:abc"),
    # ------------------------------------------------------------ markets
    _get("markets-trading-mode-unknown", "markets?trading_mode=options"),
    _get("markets-margin-mode-unknown", "markets?margin_mode=portfolio"),
    _get("markets-include-inactive-not-bool", "markets?include_inactive=sometimes"),
    _get("markets-include-inactive-empty", "markets?include_inactive="),
    _get("markets-three-errors",
         "markets?trading_mode=x&margin_mode=y&include_inactive=z&base=BTC"),
    # ------------------------------------------------------------ pair_candles GET
    _get("pair-candles-get-nothing", "pair_candles"),
    _get("pair-candles-get-no-timeframe", "pair_candles?pair=BTC/USDT"),
    _get("pair-candles-get-limit-string", "pair_candles?pair=BTC/USDT&timeframe=5m&limit=x"),
    _get("pair-candles-get-limit-fraction",
         "pair_candles?pair=BTC/USDT&timeframe=5m&limit=10.5"),
    _get("pair-candles-get-limit-empty", "pair_candles?pair=BTC/USDT&timeframe=5m&limit="),
    _get("pair-candles-get-limit-repeated-last-bad",
         "pair_candles?pair=BTC/USDT&timeframe=5m&limit=5&limit=x"),
    _get("pair-candles-get-missing-and-bad-limit", "pair_candles?limit=abc"),
    # ------------------------------------------------------------ pair_candles POST
    _post("pair-candles-post-empty-object", "pair_candles", {}),
    _post("pair-candles-post-no-body", "pair_candles", content_type=None),
    _post("pair-candles-post-timeframe-int", "pair_candles",
          {"pair": "BTC/USDT", "timeframe": 5}),
    _post("pair-candles-post-limit-string", "pair_candles",
          {"pair": "BTC/USDT", "timeframe": "5m", "limit": "x"}),
    _post("pair-candles-post-limit-fraction", "pair_candles",
          {"pair": "BTC/USDT", "timeframe": "5m", "limit": 1.5}),
    _post("pair-candles-post-limit-underscores-accepted", "pair_candles",
          {"pair": 1, "timeframe": "5m", "limit": "1_0"}),
    _post("pair-candles-post-columns-string", "pair_candles",
          {"pair": "BTC/USDT", "timeframe": "5m", "columns": "close"}),
    _post("pair-candles-post-columns-items", "pair_candles",
          {"pair": "BTC/USDT", "timeframe": "5m", "columns": ["close", 1, None]}),
    _post("pair-candles-post-list-body", "pair_candles", [{"pair": "BTC/USDT"}]),
    _post("pair-candles-post-truncated-json", "pair_candles", raw='{"pair": "BTC/USDT"'),
    # ------------------------------------------------------------ blacklist POST
    _post("blacklist-post-no-body", "blacklist", content_type=None),
    _post("blacklist-post-no-body-json-type", "blacklist"),
    _post("blacklist-post-empty-object", "blacklist", {}),
    _post("blacklist-post-string-not-list", "blacklist", {"blacklist": "ETH/USDT"}),
    _post("blacklist-post-null-list", "blacklist", {"blacklist": None}),
    _post("blacklist-post-object-not-list", "blacklist", {"blacklist": {"a": 1}}),
    _post("blacklist-post-bad-items", "blacklist",
          {"blacklist": [1, "ETH/USDT", 2.5, None, True]}),
    _post("blacklist-post-non-ascii-and-bad-item", "blacklist",
          {"blacklist": ["ÄÖ/€", ["x"]]}),
    _post("blacklist-post-body-list", "blacklist", ["ETH/USDT"]),
    _post("blacklist-post-body-string", "blacklist", "ETH/USDT"),
    _post("blacklist-post-body-number", "blacklist", 42),
    _post("blacklist-post-body-true", "blacklist", True),
    _post("blacklist-post-body-null", "blacklist", None),
    _post("blacklist-post-truncated-json", "blacklist", raw='{"blacklist": ['),
    _post("blacklist-post-trailing-comma", "blacklist", raw='{"blacklist": ["ETH/USDT",]}'),
    _post("blacklist-post-single-quotes", "blacklist", raw="{'blacklist': []}"),
    _post("blacklist-post-whitespace-body", "blacklist", raw=" "),
    _post("blacklist-post-text-plain", "blacklist", {"blacklist": ["ETH/USDT"]},
          content_type="text/plain"),
    _post("blacklist-post-no-content-type", "blacklist", {"blacklist": ["ETH/USDT"]},
          content_type=None),
    _post("blacklist-post-form-encoded", "blacklist", raw="blacklist=ETH%2FUSDT",
          content_type="application/x-www-form-urlencoded"),
    _post("blacklist-post-text-json-type", "blacklist", {"blacklist": ["ETH/USDT"]},
          content_type="text/json"),
    _post("blacklist-post-vendor-json-type", "blacklist", {},
          content_type="application/vnd.api+json"),
    _post("blacklist-post-charset-bad-json", "blacklist", raw='{"blacklist": }',
          content_type="application/json; charset=utf-8"),
    # ------------------------------------------------------------ forceenter / forcebuy
    _post("forceenter-empty-object", "forceenter", {}),
    _post("forceenter-no-body", "forceenter", content_type=None),
    _post("forceenter-pair-int", "forceenter", {"pair": 123}),
    _post("forceenter-pair-null", "forceenter", {"pair": None}),
    _post("forceenter-side-unknown", "forceenter", {"pair": "BTC/USDT", "side": "up"}),
    _post("forceenter-side-upper-case", "forceenter", {"pair": "BTC/USDT", "side": "LONG"}),
    _post("forceenter-ordertype-unknown", "forceenter",
          {"pair": "BTC/USDT", "ordertype": "stop"}),
    _post("forceenter-price-string", "forceenter", {"pair": "BTC/USDT", "price": "abc"}),
    _post("forceenter-price-list", "forceenter", {"pair": "BTC/USDT", "price": [1]}),
    _post("forceenter-price-object", "forceenter", {"pair": "BTC/USDT", "price": {"v": 1}}),
    _post("forceenter-price-bool-accepted", "forceenter", {"pair": 1, "price": True}),
    _post("forceenter-stakeamount-underscores-accepted", "forceenter",
          {"pair": 1, "stakeamount": "1_000"}),
    _post("forceenter-duplicate-key-last-wins", "forceenter",
          raw='{"pair": "BTC/USDT", "pair": 1}'),
    _post("forceenter-pair-list", "forceenter", {"pair": ["BTC/USDT"]}),
    _post("forceenter-stakeamount-empty-string", "forceenter",
          {"pair": "BTC/USDT", "stakeamount": ""}),
    _post("forceenter-leverage-string", "forceenter", {"pair": "BTC/USDT", "leverage": "x2"}),
    _post("forceenter-entry-tag-int", "forceenter", {"pair": "BTC/USDT", "entry_tag": 5}),
    _post("forceenter-entry-tag-list", "forceenter",
          {"pair": "BTC/USDT", "entry_tag": ["a"]}),
    _post("forceenter-every-field-wrong", "forceenter",
          {"pair": 1, "side": "x", "price": "y", "ordertype": 3, "stakeamount": [],
           "entry_tag": {}, "leverage": "z"}),
    _post("forceenter-body-list", "forceenter", [{"pair": "BTC/USDT"}]),
    _post("forceenter-body-string", "forceenter", "BTC/USDT"),
    _post("forceenter-truncated-json", "forceenter", raw='{"pair": "BTC/USDT", "price": 1'),
    _post("forceenter-trailing-comma", "forceenter", raw='{"pair": "BTC/USDT",}'),
    _post("forceenter-text-plain", "forceenter", {"pair": "BTC/USDT"},
          content_type="text/plain"),
    _post("forcebuy-empty-object", "forcebuy", {}),
    _post("forcebuy-side-unknown", "forcebuy", {"pair": "BTC/USDT", "side": "buy"}),
    # ------------------------------------------------------------ forceexit / forcesell
    _post("forceexit-empty-object", "forceexit", {}),
    _post("forceexit-no-body", "forceexit", content_type=None),
    _post("forceexit-tradeid-null", "forceexit", {"tradeid": None}),
    _post("forceexit-tradeid-fraction", "forceexit", {"tradeid": 1.5}),
    _post("forceexit-tradeid-list", "forceexit", {"tradeid": [1]}),
    _post("forceexit-tradeid-object", "forceexit", {"tradeid": {"id": 1}}),
    _post("forceexit-ordertype-unknown", "forceexit", {"tradeid": 1, "ordertype": "stop"}),
    _post("forceexit-ordertype-non-ascii", "forceexit", {"tradeid": 1, "ordertype": "märket"}),
    _post("forceexit-amount-string", "forceexit", {"tradeid": 1, "amount": "all"}),
    _post("forceexit-price-string", "forceexit", {"tradeid": "1", "price": "best"}),
    _post("forceexit-amount-and-price-wrong", "forceexit",
          {"tradeid": "1", "amount": [], "price": {}}),
    _post("forceexit-big-float-input", "forceexit", {"tradeid": [1e20]}),
    _post("forceexit-body-list", "forceexit", [{"tradeid": 1}]),
    _post("forceexit-body-number", "forceexit", 1),
    _post("forceexit-truncated-json", "forceexit", raw='{"tradeid": '),
    _post("forcesell-empty-object", "forcesell", {}),
    _post("forcesell-tradeid-null", "forcesell", {"tradeid": None}),
    # ------------------------------------------------------------ locks POST
    _post("locks-post-no-body", "locks", content_type=None),
    _post("locks-post-object-not-list", "locks", {"pair": "BTC/USDT", "until": LOCK_UNTIL}),
    _post("locks-post-body-string", "locks", "BTC/USDT"),
    _post("locks-post-item-not-object", "locks", [1, "x"]),
    _post("locks-post-item-empty", "locks", [{}]),
    _post("locks-post-until-naive", "locks", [{"pair": "BTC/USDT",
                                               "until": "2030-01-01T10:00:00"}]),
    _post("locks-post-until-date-only", "locks", [{"pair": "BTC/USDT", "until": "2030-01-01"}]),
    _post("locks-post-until-not-a-date", "locks", [{"pair": "BTC/USDT", "until": "tomorrow"}]),
    _post("locks-post-until-hour-out-of-range", "locks",
          [{"pair": "BTC/USDT", "until": "2030-01-01T25:00:00Z"}]),
    _post("locks-post-until-month-out-of-range", "locks",
          [{"pair": "BTC/USDT", "until": "2030-13-01T10:00:00Z"}]),
    _post("locks-post-until-day-out-of-range", "locks",
          [{"pair": "BTC/USDT", "until": "2030-02-30T10:00:00Z"}]),
    _post("locks-post-until-slashes", "locks",
          [{"pair": "BTC/USDT", "until": "2030/01/01 10:00:00Z"}]),
    _post("locks-post-until-underscores", "locks", [{"pair": "BTC/USDT", "until": "1_000"}]),
    _post("locks-post-until-minute-out-of-range", "locks",
          [{"pair": "BTC/USDT", "until": "2030-01-01T10:61:00Z"}]),
    _post("locks-post-until-offset-out-of-range", "locks",
          [{"pair": "BTC/USDT", "until": "2030-01-01T10:00:00+25:00"}]),
    _post("locks-post-until-empty-string", "locks", [{"pair": "BTC/USDT", "until": ""}]),
    _post("locks-post-until-null", "locks", [{"pair": "BTC/USDT", "until": None}]),
    _post("locks-post-until-bool", "locks", [{"pair": "BTC/USDT", "until": True}]),
    _post("locks-post-until-list", "locks", [{"pair": "BTC/USDT", "until": []}]),
    _post("locks-post-until-huge-number", "locks",
          [{"pair": "BTC/USDT", "until": 10 ** 20}]),
    _post("locks-post-pair-int", "locks", [{"pair": 1, "until": LOCK_UNTIL}]),
    _post("locks-post-reason-int", "locks", [{"pair": "BTC/USDT", "until": LOCK_UNTIL,
                                              "reason": 5}]),
    _post("locks-post-two-bad-items", "locks",
          [{"pair": 1, "until": "x"}, {"pair": "ETH/USDT", "until": LOCK_UNTIL},
           {"until": "2030-01-01T10:00:00"}]),
    _post("locks-post-trailing-comma", "locks",
          raw='[{"pair": "BTC/USDT", "until": "2030-01-01T10:00:00Z"},]'),
    _post("locks-post-text-plain", "locks", [{"pair": "BTC/USDT", "until": LOCK_UNTIL}],
          content_type="text/plain"),
    # ------------------------------------------------------------ locks/delete POST
    _post("locks-delete-post-no-body", "locks/delete", content_type=None),
    _post("locks-delete-post-lockid-string", "locks/delete", {"lockid": "abc"}),
    _post("locks-delete-post-lockid-fraction", "locks/delete", {"lockid": 1.5}),
    _post("locks-delete-post-lockid-numeric-string-fraction", "locks/delete",
          {"lockid": "1.5"}),
    _post("locks-delete-post-pair-int", "locks/delete", {"pair": 5}),
    _post("locks-delete-post-both-wrong", "locks/delete", {"lockid": [], "pair": {}}),
    _post("locks-delete-post-body-list", "locks/delete", [1]),
    _post("locks-delete-post-truncated-json", "locks/delete", raw='{"lockid"'),
    _post("locks-delete-post-text-plain", "locks/delete", {}, content_type="text/plain"),
    # ------------------------------------------------------------ webserver: pair_history
    _get("pair-history-get-nothing", "pair_history", mode="webserver"),
    _get("pair-history-get-no-strategy",
         "pair_history?pair=BTC/USDT&timeframe=5m&timerange=20260101-", mode="webserver"),
    _get("pair-history-get-base64-strategy",
         "pair_history?pair=BTC/USDT&timeframe=5m&timerange=20260101-&strategy=Quiet:abc",
         mode="webserver"),
    _post("pair-history-post-empty-object", "pair_history", {}, mode="webserver"),
    _post("pair-history-post-no-body", "pair_history", content_type=None, mode="webserver"),
    _post("pair-history-post-no-timerange", "pair_history",
          {"pair": "BTC/USDT", "timeframe": "5m", "strategy": "QuietStrategy"},
          mode="webserver"),
    _post("pair-history-post-base64-strategy", "pair_history",
          {"pair": "BTC/USDT", "timeframe": "5m", "timerange": "20260101-",
           "strategy": "Quiet:abc"}, mode="webserver"),
    _post("pair-history-post-live-mode-not-bool", "pair_history",
          {"pair": "BTC/USDT", "timeframe": "5m", "timerange": "20260101-",
           "live_mode": "maybe"}, mode="webserver"),
    _post("pair-history-post-exchange-fields-wrong", "pair_history",
          {"pair": 1, "timeframe": "5m", "timerange": "20260101-", "trading_mode": "options",
           "margin_mode": "portfolio", "exchange": 5}, mode="webserver"),
    _post("pair-history-post-columns-string", "pair_history",
          {"pair": "BTC/USDT", "timeframe": "5m", "timerange": "20260101-",
           "columns": "close"}, mode="webserver"),
    _post("pair-history-post-truncated-json", "pair_history", raw='{"pair": ',
          mode="webserver"),
    # ------------------------------------------------------------ webserver: available_pairs
    _get("available-pairs-candletype-unknown", "available_pairs?candletype=candles",
         mode="webserver"),
    _get("available-pairs-candletype-upper-case", "available_pairs?candletype=SPOT",
         mode="webserver"),
    _get("available-pairs-candletype-empty", "available_pairs?candletype=", mode="webserver"),
    _get("webserver-strategy-base64-name", "strategy/QuietStrategy:abc", mode="webserver"),
    _get("webserver-markets-trading-mode-unknown", "markets?trading_mode=options",
         mode="webserver"),
]


def cases_by_id() -> dict[str, Case]:
    found: dict[str, Case] = {}
    for case in CASES:
        if case.id in found:
            raise ValueError(f"two 422 cases are named {case.id!r}")
        found[case.id] = case
    return found
