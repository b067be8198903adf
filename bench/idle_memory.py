"""Start times and idle memory: our bot's first and second start on one database, and
freqtrade 2026.9's on a copy of the same file.

    .venv/bin/python bench/idle_memory.py --trades 1000000 [--db FILE] [--idle 15]
    .venv/bin/python bench/idle_memory.py --db FILE --anchor-dir DIR --anchor-venv DIR

Ours starts twice on the same copy of the database: the first start runs the one-time
wallet-history rebuild (on its own thread), the second finds it done. For each start, the
seconds from process start until the first answer of

- ``ping``: ``/api/v1/ping``;
- ``status``: ``/api/v1/status`` (authenticated);
- ``history``: ``/api/v1/historic_balance`` with a capture start (the rebuild is over; ours;
  asked from ``ready`` on, as asking starts a rebuild the loop has not started yet);
- ``ready``: ``/api/v1/pair_candles`` with candles (the trading loop's first analysis),

then, ``--idle`` seconds after the last of them, the RSS of the process and its children, and
the process's peak RSS so far (Linux).

With ``--anchor-dir``/``--anchor-venv`` (see ``side_by_side.py``) the bots use the anchor's
settings (its strategy and pairs, ours on the simulated market) and freqtrade 2026.9 also
starts on its own copy of ``--db``, its own rebuild skipped (minutes at 100k trades). Without,
ours uses ``bench_api.py``'s settings (the sample strategy on 1m candles, 20 pairs) and
``--db`` defaults to a file seeded by ``seed_db.py`` with ``--trades`` trades.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests
from bench_api import ENDPOINTS, FREQTRADE, PASSWORD, USERNAME, write_config
from seed_db import seed
from side_by_side import (
    _peak_rss_mb,
    add_anchor_arguments,
    anchor_command,
    free_port,
    our_config,
    stop,
)

TIMEOUT = 900.0
POLL = 0.1


def _answered(name: str, response: requests.Response) -> bool:
    if response.status_code != 200:
        return False
    if name == "history":
        return bool(response.json().get("capture_start_ts"))
    if name == "ready":
        return bool(response.json().get("length"))
    return True


def _poll(session: requests.Session, name: str, url: str, started: float,
          seen: dict[str, float], stop_polling: threading.Event) -> None:
    """Request ``url`` until it answers as ``name`` expects; record the time since start.
    ``history`` is asked only once the loop is ready (asking starts the rebuild at once)."""
    while name == "history" and "ready" not in seen and not stop_polling.is_set():
        stop_polling.wait(POLL)
    while not stop_polling.is_set():
        try:
            if _answered(name, session.get(url, timeout=60)):
                seen[name] = time.monotonic() - started
                return
        except requests.RequestException:
            pass
        stop_polling.wait(POLL)


def time_start(command: list[str], cwd: Path, base: str, auth: tuple[str, str] | None,
               milestones: dict[str, str], idle: float) -> dict[str, float]:
    """Start ``command``, time each milestone (name -> path), then read the idle RSS."""
    seen: dict[str, float] = {}
    stop_polling = threading.Event()
    with open(cwd / "bot.log", "a") as log:
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
    try:
        pollers = []
        for name, path in milestones.items():
            session = requests.Session()
            session.auth = auth if name != "ping" else None
            pollers.append(threading.Thread(
                target=_poll, args=(session, name, base + path, started, seen, stop_polling),
                daemon=True))
        for poller in pollers:
            poller.start()
        deadline = started + TIMEOUT
        while len(seen) < len(milestones):
            if proc.poll() is not None:
                raise SystemExit(f"{command[0]} exited during start-up; see {cwd / 'bot.log'}")
            if time.monotonic() > deadline:
                raise SystemExit(f"not started in {TIMEOUT:.0f} s: {sorted(seen)}")
            time.sleep(POLL)
        time.sleep(idle)
        process = psutil.Process(proc.pid)
        seen["rss_mb"] = sum(p.memory_info().rss
                             for p in [process, *process.children(True)]) / 2**20
        peak = _peak_rss_mb(proc.pid)
        if peak is not None:
            seen["peak_mb"] = peak
        return seen
    finally:
        stop_polling.set()
        stop(proc)


def ours(args: argparse.Namespace, db: Path, workdir: Path) -> list[dict[str, float]]:
    """Our bot on ``db``, twice: the first start (rebuild) and the second."""
    workdir.mkdir(parents=True)
    subprocess.run([*FREQTRADE, "create-userdir", "--userdir", str(workdir / "user_data")],
                   check=True, capture_output=True)
    port = free_port()
    if args.anchor_dir:
        config = workdir / "config.json"
        config.write_text(json.dumps(our_config(db, port, workdir, args.anchor_dir, 20)))
        auth, timeframe = ("bench", "bench"), "5m"
    else:
        config = write_config(workdir, db, port)
        auth, timeframe = (USERNAME, PASSWORD), "1m"
    milestones = {"ping": "/api/v1/ping", "status": "/api/v1/status",
                  "history": "/api/v1/historic_balance",
                  "ready": ENDPOINTS["pair_candles"][1].replace("1m", timeframe)}
    return [time_start([*FREQTRADE, "trade", "-c", str(config)], workdir,
                       f"http://127.0.0.1:{port}", auth, milestones, args.idle)
            for _ in range(2)]


def freqtrade(args: argparse.Namespace, db: Path, workdir: Path) -> dict[str, float]:
    workdir.mkdir(parents=True)
    port = free_port()
    milestones = {"ping": "/api/v1/ping", "status": "/api/v1/status",
                  "ready": "/api/v1/pair_candles?pair=BTC/USDT&timeframe=5m&limit=1"}
    return time_start(anchor_command(args, db, port, workdir), workdir,
                      f"http://127.0.0.1:{port}", ("bench", "bench"), milestones, args.idle)


def _row(label: str, figures: dict[str, float]) -> str:
    cells = [f"{figures[key]:>8.1f}" if key in figures else f"{'-':>8}"
             for key in ("ping", "status", "history", "ready")]
    peak = f"{figures['peak_mb']:>9.0f}" if "peak_mb" in figures else f"{'-':>9}"
    return f"{label:<34} {' '.join(cells)} {figures['rss_mb']:>9.0f} {peak}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="the database (copied; never changed)")
    parser.add_argument("--trades", type=int, default=1000,
                        help="without --db: seed this many trades (seed_db.py)")
    parser.add_argument("--idle", type=float, default=15.0,
                        help="seconds after the last milestone before reading RSS")
    parser.add_argument("--out", type=Path, help="keep copies and logs here (default: temp)")
    add_anchor_arguments(parser, required=False)
    args = parser.parse_args()
    if bool(args.anchor_dir) != bool(args.anchor_venv):
        parser.error("--anchor-dir and --anchor-venv go together")
    if args.anchor_dir:
        args.anchor_dir = args.anchor_dir.resolve()
    if args.anchor_dir and not args.db:
        parser.error("with the anchor, --db is a file written by the kit's seed_trades.py")
    work = (args.out or Path(tempfile.mkdtemp(prefix="idle-memory-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    source = args.db
    if source is None:
        source = work / "seeded.sqlite"
        seed(source, args.trades, quiet=True)
    for name in ("ours", "freqtrade") if args.anchor_dir else ("ours",):
        shutil.copy(source, work / f"{name}.sqlite")

    rows = []
    if args.anchor_dir:
        theirs = freqtrade(args, work / "freqtrade.sqlite", work / "freqtrade")
        rows.append(("freqtrade 2026.9 (rebuild skipped)", theirs))
    first, second = ours(args, work / "ours.sqlite", work / "ours")
    rows += [("ours, first start (rebuild)", first), ("ours, second start", second)]
    trades = trade_count(source)
    print(f"\n{source.name}: {trades:,} trades; seconds from process start, RSS "
          f"{args.idle:g} s after the last milestone")
    print(f"{'':<34} {'ping':>8} {'status':>8} {'history':>8} {'ready':>8} {'RSS MB':>9} "
          f"{'peak MB':>9}")
    for label, figures in rows:
        print(_row(label, figures))
    if args.anchor_dir:
        print(f"idle RSS ours/freqtrade: first start {first['rss_mb'] / theirs['rss_mb']:.2f}, "
              f"second start {second['rss_mb'] / theirs['rss_mb']:.2f} (target <= 0.50)")
    print(f"(copies and logs in {work})")


def trade_count(db: Path) -> int:
    """Trades in ``db`` (read-only)."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM trades").fetchone()[0]


if __name__ == "__main__":
    main()
