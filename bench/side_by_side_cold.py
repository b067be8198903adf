"""Right after a trade closes, and under 16 concurrent clients: freqtrade 2026.9 and our bot.

    .venv/bin/python bench/side_by_side_cold.py --anchor-dir DIR --anchor-venv DIR
        [--trades 100000] [--samples 3] [--warm 3] [--clients 16] [--seconds 10]
        [--rounds 1] [--seed-db FILE] [--out DIR] [--only-throughput]

One run, both bots serving their own copy of the same database (seeded by the anchor kit's
``seed_trades.py`` with freqtrade's own models, or ``--seed-db``), both on loopback, both with
the anchor's settings and strategy (``BenchAnchorStrategy``, which never signals; freqtrade
with its one-time wallet-history rebuild skipped) and ``force_entry_enable``:

1. start time (process start until the first analysis is served) and idle RSS of each;
2. both topped up to 20 open trades with ``/forceenter`` (market orders);
3. **cold after close vs warm**, per endpoint: a few warm requests (median), then one trade
   closes and the endpoint's first answer is timed. Two ways to close: ``api`` =
   ``/forceexit`` of the oldest open trade (market order; the pair is re-entered afterwards,
   so 20 stay open), ``db`` = another connection inserts a copy of a closed trade, closed now,
   with its orders, straight into the database file. "changed" counts the cold answers whose
   body differs from the warm one before the close (a cache that missed the write answers
   the old body);
4. **concurrency**: ``--clients`` threads, each on its own keep-alive connection (Bearer),
   request one endpoint for ``--seconds`` (then finish the request in flight): requests/s,
   and the CPU the bot's process spent per answer. ``--rounds N`` splits each cell into N
   slices that alternate between the bots, so that the machine's load drifts onto both.

Timing uses the anchor's ``time_endpoints.py`` client (``http.client``, read the whole body).

``--only-throughput``: steps 2 and 4 only, plus our trading loop's iteration time and period
(from its ``-v`` log) over the ``--settle`` idle seconds before and during step 4.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from side_by_side import (
    READY_TIMEOUT,
    _rss_mb,
    add_anchor_arguments,
    anchor_command,
    free_port,
    start_ours,
    stop,
    wait_ready,
)

PAIR_CANDLES = "/api/v1/pair_candles?pair=BTC/USDT&timeframe=5m&limit=1000"
# /profit last: at 100k trades, 16 concurrent /profit requests take freqtrade's 15 pooled
# database connections for minutes and its trading loop dies of a pool timeout
CONCURRENT = {"ping": "/api/v1/ping", "status": "/api/v1/status",
              "pair_candles": PAIR_CANDLES, "profit": "/api/v1/profit"}
OPEN_TRADES = 20


def cold_endpoints(trades: int) -> dict[str, str]:
    later = max(0, trades // 2 // 500 * 500)
    return {"profit": "/api/v1/profit", "stats": "/api/v1/stats",
            "performance": "/api/v1/performance", "daily": "/api/v1/daily",
            "trades?limit=500": "/api/v1/trades?limit=500",
            f"trades?offset={later}": f"/api/v1/trades?limit=500&offset={later}",
            "balance": "/api/v1/balance", "status": "/api/v1/status"}


class Bot:
    """One running server: its process, database file and an authenticated client."""

    def __init__(self, name: str, proc: subprocess.Popen, port: int, db: Path,
                 started_in: float) -> None:
        from time_endpoints import Client

        self.name, self.proc, self.port, self.db = name, proc, port, db
        self.started_in = started_in
        self.base_url = f"http://127.0.0.1:{port}"
        self.client = Client(self.base_url, "bench", "bench", "bearer", 600.0)
        self.client.login()
        self.idle_rss: float | None = None
        self.failed_closes = 0
        self.last_close_ms = 0.0  # the last /forceexit POST, connection included
        self.pairs: set[str] = set()
        # starts the same bot again on its database (set for the reference bot), and what
        # ended each process it replaced
        self.restart: Callable[[], Bot] | None = None
        self.deaths: list[str] = []

    def revive(self) -> bool:
        """After the process died: start it again on the same database and open trades up
        to ``OPEN_TRADES`` on the same pairs (False when there is no ``restart``)."""
        if self.restart is None:
            return False
        self.deaths.append(exit_description(self.proc.poll()))
        fresh = self.restart()
        self.proc, self.port, self.base_url, self.client = \
            fresh.proc, fresh.port, fresh.base_url, fresh.client
        self.top_up(sorted(self.pairs))
        return True

    def get(self, path: str) -> tuple[int, bytes, float]:
        return authed(self.client, "GET", path)

    def post(self, path: str, payload: dict) -> dict:
        """A JSON POST on a connection of its own (the timing client only sends GETs)."""
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request("POST", path, body=json.dumps(payload),
                         headers={"Authorization": f"Bearer {self.client.token}",
                                  "Content-Type": "application/json"})
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise SystemExit(f"{self.name}: POST {path} {payload} -> {response.status} "
                             f"{body[:300]!r}")
        return json.loads(body)

    def open_trades(self) -> list[dict]:
        status, body, _ = self.get("/api/v1/status")
        if status != 200:
            raise SystemExit(f"{self.name}: /status -> {status}")
        return sorted(json.loads(body), key=lambda trade: trade["trade_id"])

    def top_up(self, pairs: list[str]) -> None:
        """Enter (market) on free pairs until OPEN_TRADES trades are open."""
        self.pairs = set(pairs)
        held = {trade["pair"] for trade in self.open_trades()}
        for pair in [p for p in pairs if p not in held][:OPEN_TRADES - len(held)]:
            self.post("/api/v1/forceenter", {"pair": pair, "ordertype": "market"})

    def close_by_api(self) -> tuple[int, str]:
        """``/forceexit`` of the oldest open trade on a traded pair (a seeded trade on a pair
        the offline market does not know cannot be priced, so freqtrade refuses to exit it)."""
        trade = next(t for t in self.open_trades() if not self.pairs or t["pair"] in self.pairs)
        started = time.perf_counter()
        self.post("/api/v1/forceexit", {"tradeid": str(trade["trade_id"]),
                                        "ordertype": "market"})
        self.last_close_ms = (time.perf_counter() - started) * 1000
        return trade["trade_id"], trade["pair"]

    def after_api_close(self, trade_id: int, pair: str) -> None:
        """Count a close that did not happen, then re-enter the pair."""
        status, body, _ = self.get(f"/api/v1/trade/{trade_id}")
        if status != 200 or json.loads(body).get("is_open"):
            self.failed_closes += 1
        self.post("/api/v1/forceenter", {"pair": pair, "ordertype": "market"})

    def close_by_db(self) -> None:
        insert_closed_copy(self.db)


def authed(client, method: str, path: str) -> tuple[int, bytes, float]:
    """One request with the client's Bearer token (logs in again when it expired)."""
    status, body, took = client.raw(method, path, {"Authorization": f"Bearer {client.token}",
                                                   "Accept": "application/json"})
    if status == 401:
        client.login()
        status, body, took = client.raw(method, path, {
            "Authorization": f"Bearer {client.token}", "Accept": "application/json"})
    return status, body, took


def insert_closed_copy(db: Path) -> None:
    """Another process's write: a copy of the oldest closed trade, closed now, with its orders."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(db, timeout=60) as conn:
        source = conn.execute("SELECT min(id) FROM trades WHERE is_open = 0").fetchone()[0]
        copy_trade(conn, source, {"close_date": now})


def copy_trade(conn: sqlite3.Connection, source: int, replaced: dict[str, object]) -> int:
    """Insert a copy of trade ``source`` (columns in ``replaced`` set to those values) with
    copies of its orders (order ids made unique); returns the new trade's id."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(trades)") if row[1] != "id"]
    picked = ["?" if c in replaced else c for c in columns]
    cursor = conn.execute(f"INSERT INTO trades ({', '.join(columns)}) SELECT "
                          f"{', '.join(picked)} FROM trades WHERE id = ?",
                          (*[replaced[c] for c in columns if c in replaced], source))
    new_id = cursor.lastrowid
    assert new_id is not None
    order_columns = [row[1] for row in conn.execute("PRAGMA table_info(orders)")
                     if row[1] != "id"]
    order_values = {"ft_trade_id": "?", "order_id": "order_id || ?"}
    conn.execute(f"INSERT INTO orders ({', '.join(order_columns)}) SELECT "
                 f"{', '.join(order_values.get(c, c) for c in order_columns)} FROM orders "
                 f"WHERE ft_trade_id = ?", (new_id, f"-copy{new_id}", source))
    return new_id


# runs anchor_server.py with its config updated by a JSON object: ARGV = kit dir, JSON, args
_ANCHOR_WITH_CONFIG = """import json, sys
sys.path.insert(0, sys.argv[1])
import anchor_server
extra, build = json.loads(sys.argv[2]), anchor_server.build_config
anchor_server.build_config = lambda args, workdir: {**build(args, workdir), **extra}
sys.argv = [sys.argv[0], *sys.argv[3:]]
anchor_server.main()
"""


def start_anchor(args: argparse.Namespace, db: Path, workdir: Path,
                 extra: dict | None = None, timeframe: str = "5m") -> Bot:
    """freqtrade 2026.9 (the kit's anchor_server.py, settings updated by ``extra``), ready
    (the strategy analyzed BTC/USDT ``timeframe``)."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    server = [str(args.anchor_dir / "anchor_server.py")] if extra is None else \
        ["-c", _ANCHOR_WITH_CONFIG, str(args.anchor_dir), json.dumps(extra)]
    with open(workdir / "server.out", "w") as log:
        started = time.monotonic()
        proc = subprocess.Popen(anchor_command(args, db, port, workdir, "--force-entry",
                                               server=server),
                                stdout=log, stderr=subprocess.STDOUT, cwd=workdir,
                                # a crash writes every thread's Python stack to server.out
                                env={**os.environ, "PYTHONFAULTHANDLER": "1"})
    try:
        wait_ready(port, proc, time.monotonic() + READY_TIMEOUT, who="freqtrade",
                   timeframe=timeframe)
    except BaseException:
        stop(proc)
        raise
    return Bot("freqtrade", proc, port, db, time.monotonic() - started)


def start_our_bot(args: argparse.Namespace, db: Path, workdir: Path,
                  extra: dict | None = None, timeframe: str = "5m") -> Bot:
    proc, port, took = start_ours(db, workdir, args.anchor_dir, args.pairs,
                                  {"force_entry_enable": True, **(extra or {})},
                                  ("-v",) if getattr(args, "only_throughput", False) else (),
                                  timeframe)
    return Bot("ours", proc, port, db, took)


def measure_cold(bot: Bot, endpoints: dict[str, str], way: str, samples: int,
                 warm: int, prime: bool = True) -> dict[str, dict]:
    """Per endpoint: median warm ms, median cold ms (first answer after a close), changed,
    and for ``api`` the median ms of the ``/forceexit`` answers (``close_ms``).
    ``prime=False`` leaves out the untimed request before each sample's warm ones (for a bot
    without caches, where one request takes minutes)."""
    result = {}
    for name, path in endpoints.items():
        warm_ms, cold_ms, close_ms, changed = [], [], [], 0
        for _ in range(samples):
            if prime:
                bot.get(path)  # untimed: the previous sample's re-entry may have moved things
            for _ in range(warm):
                status, before, took = bot.get(path)
                warm_ms.append(took * 1000)
            if way == "api":
                closed = bot.close_by_api()
                close_ms.append(bot.last_close_ms)
            else:
                bot.close_by_db()
            status, after, took = bot.get(path)
            if status != 200:
                raise SystemExit(f"{bot.name}: {path} -> {status} {after[:200]!r}")
            cold_ms.append(took * 1000)
            changed += after != before
            if way == "api":
                bot.after_api_close(*closed)
        result[name] = {"warm_ms": statistics.median(warm_ms),
                        "cold_ms": statistics.median(cold_ms), "changed": changed,
                        "samples": samples,
                        "close_ms": statistics.median(close_ms) if close_ms else None}
        print(f"  {bot.name:<9} {way:<3} {name:<22} warm {result[name]['warm_ms']:9.1f} ms  "
              f"cold {result[name]['cold_ms']:9.1f} ms  changed {changed}/{samples}",
              flush=True)
    return result


def exit_description(code: int | None) -> str:
    """A process's exit code as words: a negative code is the signal that ended it."""
    if code is None:
        return "is still running"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def measure_each(bot: Bot, endpoints: dict[str, str], way: str, samples: int, warm: int,
                 prime: bool = True) -> dict[str, dict]:
    """``measure_cold`` endpoint by endpoint; one that fails is reported with the reason
    (``{"error": ...}``). A bot whose process died is started again (``Bot.revive``) before
    the next endpoint, or, without a way to restart it, not asked again: freqtrade 2026.9 has
    died with a segfault during a ``/balance`` after a ``/forceexit`` at 100k trades, and that
    cell alone is then lost."""
    result: dict[str, dict] = {}
    for name, path in endpoints.items():
        if bot.proc.poll() is not None and not bot.revive():
            result[name] = {"error": "not asked: the process had died"}
            continue
        try:
            result.update(measure_cold(bot, {name: path}, way, samples, warm, prime))
        except (OSError, http.client.HTTPException, SystemExit) as exc:
            time.sleep(2)  # let a dying process be reaped
            code = bot.proc.poll()
            result[name] = {"error": f"{type(exc).__name__}: {exc}" + (
                "" if code is None else f" (the process {exit_description(code)})")}
            print(f"  {bot.name:<9} {way:<3} {name}: {result[name]['error']}", flush=True)
    return result


def hammer(bot: Bot, path: str, clients: int, seconds: float) -> dict:
    """``clients`` threads on keep-alive connections request ``path`` for ``seconds``; also
    the CPU seconds the bot's process spent meanwhile."""
    import psutil
    from time_endpoints import Client

    connections = []
    for _ in range(clients):
        client = Client(bot.base_url, "bench", "bench", "bearer", 600.0)
        client.token = bot.client.token
        connections.append(client)
    latencies: list[float] = []
    errors: list[str] = []
    finished: list[float] = []
    gate = threading.Barrier(clients + 1)
    lock = threading.Lock()

    def work(client) -> None:
        mine, bad = [], []
        gate.wait()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            try:
                status, _, took = authed(client, "GET", path)
            except OSError as exc:
                bad.append(repr(exc))
                client.close()
                continue
            if status == 200:
                mine.append(took)
            else:
                bad.append(f"HTTP {status}")
        with lock:
            latencies.extend(mine)
            errors.extend(bad)
            finished.append(time.perf_counter())
        client.close()

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in connections]
    for thread in threads:
        thread.start()
    server = psutil.Process(bot.proc.pid)
    cpu_before = sum(server.cpu_times()[:2])
    gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = max(finished) - began
    return summary(latencies, len(errors), elapsed, sum(server.cpu_times()[:2]) - cpu_before)


def summary(latencies: list[float], errors: int, elapsed: float, cpu_s: float) -> dict:
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
            "errors": errors, "elapsed": elapsed, "latencies": latencies, "cpu_s": cpu_s,
            "cpu_ms": cpu_s * 1000 / len(latencies) if latencies else float("nan")}


def hammer_all(bots: list[Bot], clients: int, seconds: float,
               rounds: int = 1) -> dict[tuple[str, str], dict]:
    """Every ``CONCURRENT`` endpoint on every bot for ``seconds``, in ``rounds`` alternating
    slices (the bot that starts alternates), so a change of the machine's load during a cell
    falls on both bots alike."""
    busy = {}
    for name, path in CONCURRENT.items():
        cells: dict[str, list[dict]] = {bot.name: [] for bot in bots}
        for number in range(rounds):
            for bot in bots if number % 2 == 0 else bots[::-1]:
                if bot.proc.poll() is None or bot.revive():
                    cells[bot.name].append(hammer(bot, path, clients, seconds / rounds))
        for bot in bots:
            done = cells[bot.name]
            if not done:
                busy[name, bot.name] = {"error": "not run: the process had died"}
                continue
            busy[name, bot.name] = summary(
                [took for cell in done for took in cell["latencies"]],
                sum(cell["errors"] for cell in done), sum(cell["elapsed"] for cell in done),
                sum(cell["cpu_s"] for cell in done))
            print(f"  {bot.name:<9} {clients} clients {name:<13} "
                  f"{busy[name, bot.name]['rps']:8.1f} req/s", flush=True)
    return busy


def print_throughput(busy: dict[tuple[str, str], dict], clients: int, seconds: float,
                     rounds: int) -> None:
    print(f"\n{clients} concurrent keep-alive clients, {seconds:g} s per cell in {rounds} "
          f"alternating slice(s); server CPU = ms of the bot process' CPU per answer")
    print(f"{'endpoint':<14} {'ft req/s':>9} {'ours req/s':>11} {'ours/ft':>8} "
          f"{'ft p50 ms':>10} {'ours p50 ms':>12} {'errors ft/ours':>15} "
          f"{'server CPU ft/ours':>19}")
    for name in CONCURRENT:
        other, mine = busy[name, "freqtrade"], busy[name, "ours"]
        if "error" in other or "error" in mine:
            print(f"{name:<14} freqtrade: {other.get('error', 'ran')}; ours: "
                  f"{mine.get('error', 'ran')}")
            continue
        print(f"{name:<14} {other['rps']:>9.1f} {mine['rps']:>11.1f} "
              f"{ratio(mine['rps'], other['rps']):>8} {other['p50_ms']:>10.1f} "
              f"{mine['p50_ms']:>12.1f} {other['errors']:>8}/{mine['errors']:<6} "
              f"{other['cpu_ms']:>11.2f}/{mine['cpu_ms']:.2f}")


def only_throughput(args: argparse.Namespace, bots: list[Bot], pairs: list[str],
                    log: Path) -> None:
    """Top up, hammer every endpoint; our loop's pace idle (before) vs during the hammering."""
    from bench_concurrency import loop_figures

    from tests.concurrent_load import logged_iterations

    idle_from = time.time()
    time.sleep(args.settle)
    for bot in bots:
        bot.top_up(pairs)
    load_from = time.time()
    busy = hammer_all(bots, args.clients, args.seconds, args.rounds)
    load_to = time.time()
    exited = {bot.name: bot.proc.poll() for bot in bots if bot.proc.poll() is not None}
    text = log.read_text(errors="replace")
    idle = loop_figures(logged_iterations(text, idle_from, load_from))
    loaded = loop_figures(logged_iterations(text, load_from, load_to))
    print(f"\nside_by_side_cold --only-throughput {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
          f"N = {args.trades:,} trades, {OPEN_TRADES} open, freqtrade 2026.9 vs ours, load "
          f"average {' / '.join(f'{v:.1f}' for v in os.getloadavg())}, {os.cpu_count()} CPUs")
    print_throughput(busy, args.clients, args.seconds, args.rounds)
    print(f"\nour loop {'iterations':>10} {'took p50':>9} {'took p90':>9} {'period p50':>11} "
          f"{'period max':>11}")
    for label, figures in (("idle", idle), ("load", loaded)):
        print(f"{label:<8} {figures['iterations']:>10} {figures['took_p50']:>8.3f}s "
              f"{figures['took_p90']:>8.3f}s {figures['period_p50']:>10.3f}s "
              f"{figures['period_max']:>10.3f}s")
    if exited:
        print(f"exited during the run (exit code): {exited}")


def print_cold(way: str, theirs: dict[str, dict], ours: dict[str, dict]) -> None:
    print(f"\ncold after close ({way}), median ms; cold/warm per bot; ft/ours = freqtrade / ours")
    print(f"{'endpoint':<22} {'ft warm':>9} {'ft cold':>9} {'c/w':>6} {'ours warm':>10} "
          f"{'ours cold':>10} {'c/w':>7} {'ft/ours warm':>13} {'ft/ours cold':>13} "
          f"{'changed ft':>10} {'ours':>5}")
    for name, mine in ours.items():
        other = theirs[name]
        if "error" in other or "error" in mine:
            print(f"{name:<22} freqtrade: {other.get('error', 'measured')}; ours: "
                  f"{mine.get('error', 'measured')}")
            continue
        print(f"{name:<22} {other['warm_ms']:>9.1f} {other['cold_ms']:>9.1f} "
              f"{other['cold_ms'] / other['warm_ms']:>5.1f}x {mine['warm_ms']:>10.1f} "
              f"{mine['cold_ms']:>10.1f} {mine['cold_ms'] / mine['warm_ms']:>6.1f}x "
              f"{other['warm_ms'] / mine['warm_ms']:>12.1f}x "
              f"{other['cold_ms'] / mine['cold_ms']:>12.1f}x "
              f"{other['changed']:>6}/{other['samples']} {mine['changed']:>3}/{mine['samples']}")


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x" if denominator else "n/a"


def seed(args: argparse.Namespace, out: Path, *options: str) -> Path:
    """The anchor kit's ``seed_trades.py`` (plus ``options``) writes ``args.trades`` trades."""
    seeded = out / "seed" / "seeded.sqlite"
    seeded.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    subprocess.run([str(args.anchor_venv / "bin" / "python"),
                    str(args.anchor_dir / "seed_trades.py"), "--db-url", f"sqlite:///{seeded}",
                    "--trades", str(args.trades), "--replace", *options], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"seeded {args.trades:,} trades in {time.monotonic() - started:.0f} s", flush=True)
    return seeded


def parse_run_arguments(parser: argparse.ArgumentParser, prefix: str
                        ) -> tuple[argparse.Namespace, Path]:
    """Adds and parses the arguments every side-by-side run has (``--pairs``, the anchor,
    ``--seed-db``, ``--out``); returns them and the output directory (made, or a new
    temporary one named ``prefix...``). The anchor kit becomes importable."""
    parser.add_argument("--pairs", type=int, default=20)
    add_anchor_arguments(parser)
    parser.add_argument("--seed-db", type=Path,
                        help="use this database (written by seed_trades.py) instead of seeding")
    parser.add_argument("--out", type=Path, help="keep everything here (default: a temp dir)")
    args = parser.parse_args()
    args.anchor_dir = args.anchor_dir.resolve()
    sys.path.insert(0, str(args.anchor_dir))
    out = (args.out or Path(tempfile.mkdtemp(prefix=prefix))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    return args, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=3, help="closes per endpoint and way")
    parser.add_argument("--warm", type=int, default=3, help="warm requests per sample")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="per concurrency cell")
    parser.add_argument("--rounds", type=int, default=1,
                        help="slices per concurrency cell, alternating between the bots")
    parser.add_argument("--settle", type=float, default=15.0,
                        help="idle seconds after both are ready, before reading RSS")
    parser.add_argument("--only-throughput", action="store_true",
                        help="only the concurrency table and our loop's pace (see above)")
    args, out = parse_run_arguments(parser, "side-by-side-cold-")
    import anchor_market

    seeded = args.seed_db or seed(args, out)
    for name in ("ours", "freqtrade"):
        subprocess.run(["cp", str(seeded), str(out / f"{name}.sqlite")], check=True)
    bots: list[Bot] = []
    try:
        bots.append(start_our_bot(args, out / "ours.sqlite", out / "ours"))
        bots.append(start_anchor(args, out / "freqtrade.sqlite", out / "freqtrade"))
        # the reference bot is started again if it dies (each start in a folder of its own)
        bots[1].restart = lambda: start_anchor(
            args, out / "freqtrade.sqlite", out / f"freqtrade-{len(bots[1].deaths)}")
        if args.only_throughput:
            only_throughput(args, bots, anchor_market.PAIRS[:args.pairs],
                            out / "ours" / "bot.log")
            return
        time.sleep(args.settle)
        for bot in bots:
            bot.idle_rss = _rss_mb(bot.proc.pid)
            print(f"{bot.name}: ready {bot.started_in:.1f} s after start, idle RSS "
                  f"{bot.idle_rss or 0:.0f} MB", flush=True)
        pairs = anchor_market.PAIRS[:args.pairs]
        for bot in bots:
            bot.top_up(pairs)
        ours, theirs = bots
        endpoints = cold_endpoints(args.trades)
        cold = {}
        for way in ("api", "db"):
            for bot in bots:
                cold[way, bot.name] = measure_each(bot, endpoints, way, args.samples, args.warm)
        busy = hammer_all(bots, args.clients, args.seconds, args.rounds)
        final_rss = {bot.name: _rss_mb(bot.proc.pid) for bot in bots}
        exited = {bot.name: bot.proc.poll() for bot in bots if bot.proc.poll() is not None}
    finally:
        for bot in bots:
            stop(bot.proc)

    print(f"\nside_by_side_cold {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: N = {args.trades:,} "
          f"trades, {OPEN_TRADES} open, same database, freqtrade 2026.9 vs ours, "
          f"{args.samples} closes x {args.warm} warm requests per endpoint and way")
    for way in ("api", "db"):
        print_cold(way, cold[way, "freqtrade"], cold[way, "ours"])
    failed = {bot.name: bot.failed_closes for bot in bots}
    print(f"forceexits that left the trade open: {failed}")
    print_throughput(busy, args.clients, args.seconds, args.rounds)
    print(f"\n{'bot':<10} {'start s':>8} {'idle RSS MB':>12} {'RSS at end MB':>14}")
    for bot in (theirs, ours):
        print(f"{bot.name:<10} {bot.started_in:>8.1f} {bot.idle_rss or 0:>12.0f} "
              f"{final_rss[bot.name] or 0:>14.0f}")
    for bot in bots:
        if bot.deaths:
            print(f"{bot.name} died and was started again {len(bot.deaths)} time(s): "
                  f"{'; '.join(bot.deaths)} (the cells it died in are marked above)")
    if exited:
        print("exited during the run: " + ", ".join(
            f"{name} ({exit_description(code)})" for name, code in exited.items()))
    if theirs.idle_rss and ours.idle_rss:
        print(f"idle RSS ours/freqtrade: {ours.idle_rss / theirs.idle_rss:.2f}")
    print(f"(kept in {out})")
    if "ours" in exited or any("error" in cell for way in ("api", "db")
                               for cell in cold[way, "ours"].values()):
        raise SystemExit("our bot failed during the run (above)")


if __name__ == "__main__":
    main()
