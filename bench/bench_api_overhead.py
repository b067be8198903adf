"""What the API layer itself costs: idle memory and per-request latency of a live server.

    .venv/bin/python bench/bench_api_overhead.py [--trades 1000] [--requests 500] [--keep DIR]

Measures the ``freqtrade`` package installed for the interpreter that runs this script, so the
same script times another checkout when run with that checkout's venv
(``/path/to/checkout/.venv/bin/python bench/bench_api_overhead.py``). Steps:

1. seed a real SQLite file with N closed trades and 10 open ones (``bench/seed_db.py``);
2. idle memory: ``freqtrade webserver`` (the API alone) and ``freqtrade trade`` (bot and API),
   each on its own copy of that file with the same config (dry-run, ``simulated`` market,
   SampleStrategy, API on a free loopback port), left alone for ``--settle`` seconds once it
   answers (``trade``: once its first analysis is served), then RSS;
3. latency: against the running ``freqtrade trade``, each endpoint in turn gets ``--warmup``
   untimed then ``--requests`` timed sequential requests on one keep-alive ``http.client``
   connection with HTTP basic auth; prints median and p99 ms and requests/s (timed requests
   over their total time), with the status codes seen.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import FREQTRADE, PASSWORD, USERNAME, Bot  # noqa: E402
from seed_db import seed  # noqa: E402

BLACKLISTED = "DOGE/USDT"  # not among the seeded pairs; re-adding it changes nothing
# name -> (method, path, JSON body or None, needs auth)
ENDPOINTS: dict[str, tuple[str, str, dict | None, bool]] = {
    "ping": ("GET", "/api/v1/ping", None, False),
    "version": ("GET", "/api/v1/version", None, True),
    "count": ("GET", "/api/v1/count", None, True),
    "status (10 open)": ("GET", "/api/v1/status", None, True),
    "profit": ("GET", "/api/v1/profit", None, True),
    "trades?limit=50": ("GET", "/api/v1/trades?limit=50", None, True),
    "locks": ("GET", "/api/v1/locks", None, True),
    "pair_candles (1m, 100)": (
        "GET", "/api/v1/pair_candles?pair=BTC/USDT&timeframe=1m&limit=100", None, True),
    "422 trades?limit=abc": ("GET", "/api/v1/trades?limit=abc", None, True),
    "POST blacklist (JSON)": ("POST", "/api/v1/blacklist", {"blacklist": [BLACKLISTED]}, True),
}
CONFIG_EXTRA = {"exchange": {"pair_blacklist": [BLACKLISTED]}}


class Connection:
    """One keep-alive HTTP/1.1 connection with basic auth, little client overhead."""

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=120)
        token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        self.auth = {"Authorization": f"Basic {token}"}

    def request(self, method: str, path: str, body: dict | None, auth: bool) -> int:
        headers = dict(self.auth) if auth else {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response.status

    def close(self) -> None:
        self.conn.close()


def time_endpoint(conn: Connection, spec: tuple, requests: int, warmup: int) -> dict:
    method, path, body, auth = spec
    statuses: set[int] = set()
    for _ in range(warmup):
        statuses.add(conn.request(method, path, body, auth))
    samples = []
    for _ in range(requests):
        t0 = time.perf_counter()
        statuses.add(conn.request(method, path, body, auth))
        samples.append(time.perf_counter() - t0)
    ordered = sorted(samples)
    return {"median_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[math.ceil(0.99 * len(ordered)) - 1] * 1000,
            "rps": len(samples) / sum(samples), "status": sorted(statuses)}


def idle_rss(workdir: Path, db: Path, command: str, settle: float,
             copy: bool = True) -> tuple[float, Bot]:
    """Start ``freqtrade <command>`` on a copy of ``db``; its RSS after ``settle`` seconds."""
    workdir.mkdir(parents=True)
    if copy:
        shutil.copy(db, workdir / "trades.sqlite")
        db = workdir / "trades.sqlite"
    bot = Bot(workdir, db, CONFIG_EXTRA)
    bot.start(command=command)
    time.sleep(settle)
    return bot.rss_mb(), bot


def package_line() -> str:
    probe = subprocess.run(
        [sys.executable, "-c", "import freqtrade as f; print(f.__version__, f.__file__)"],
        capture_output=True, text=True, cwd=tempfile.gettempdir())
    return probe.stdout.strip() or probe.stderr.strip()[-200:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trades", type=int, default=1000, help="closed trades in the database")
    ap.add_argument("--requests", type=int, default=500, help="timed requests per endpoint")
    ap.add_argument("--warmup", type=int, default=20, help="untimed requests per endpoint first")
    ap.add_argument("--settle", type=float, default=10.0, help="seconds idle before the RSS")
    ap.add_argument("--keep", type=Path, help="keep databases, configs and logs in this folder")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"python {sys.version.split()[0]}, freqtrade {package_line()}")
    print(f"command: {' '.join(FREQTRADE)}; {' '.join(sys.argv)}", flush=True)
    db = base / "seeded.sqlite"
    db.unlink(missing_ok=True)
    seeded = seed(db, args.trades, quiet=True)
    print(f"seeded {seeded['trades']} trades / {seeded['orders']} orders", flush=True)
    try:
        # one start on the file itself does the one-time work of a first start (the daily
        # wallet history is rebuilt from the trades), so the measured starts are plain restarts
        _, first = idle_rss(base / "first-start", db, "trade", 0, copy=False)
        first.stop()
        rss_web, web = idle_rss(base / "webserver", db, "webserver", args.settle)
        web.stop()
        rss_trade, bot = idle_rss(base / "trade", db, "trade", args.settle)
        try:
            conn = Connection(bot.base)
            results = {name: time_endpoint(conn, spec, args.requests, args.warmup)
                       for name, spec in ENDPOINTS.items()}
            conn.close()
            rss_after = bot.rss_mb()
        finally:
            bot.stop()
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\nidle RSS: webserver {rss_web:.0f} MB, trade {rss_trade:.0f} MB "
          f"(after the requests {rss_after:.0f} MB); trade answered /ping after "
          f"{bot.start_s:.2f} s")
    print(f"\n{args.requests} sequential keep-alive requests per endpoint "
          f"(after {args.warmup} untimed):")
    head = f"{'endpoint':<24}{'median ms':>10}{'p99 ms':>9}{'req/s':>8}  status"
    print(head + "\n" + "-" * len(head))
    for name, row in results.items():
        print(f"{name:<24}{row['median_ms']:>10.2f}{row['p99_ms']:>9.2f}{row['rps']:>8.0f}"
              f"  {','.join(map(str, row['status']))}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
