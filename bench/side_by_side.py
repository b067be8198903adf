"""freqtrade 2026.9 (the anchor) and our bot, on the same database, timed by the same client.

Uses the anchor kit (``--anchor-dir``: scripts that seed, serve and time freqtrade 2026.9
offline, kept outside this repository) and a virtualenv with PyPI's freqtrade 2026.9
(``--anchor-venv``, also outside this repository):

1. the anchor's ``seed_trades.py`` writes N trades with freqtrade's own models;
2. ``run_anchor_bench.sh`` serves a copy with stock freqtrade and times it
   (``time_endpoints.py``: Bearer JWT, one keep-alive connection, round-robin);
3. our ``freqtrade trade`` serves another copy of the same file, with the anchor's own strategy
   file (``BenchAnchorStrategy``, TA-Lib) on our offline ``simulated`` market and the anchor's
   settings, and the same ``time_endpoints.py`` times it;
4. a table of both medians, the ratio anchor/ours and our speed targets against freqtrade.

Figures print to stdout; ``--out DIR`` keeps databases, logs and JSON results.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {100_000: {"profit": 50, "stats": 50, "balance": 50, "performance": 10,
                     "daily": 10, "trades?limit=500": 5, "pair_candles": 3}}
READY_TIMEOUT = 1800


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def our_config(db: Path, port: int, workdir: Path, anchor_dir: Path, pairs: int) -> dict:
    """The anchor's settings (anchor_server.py build_config), on our simulated market."""
    sys.path.insert(0, str(anchor_dir))
    import anchor_market  # the anchor's pair list, so both bots watch the same pairs

    return {
        "bot_name": "ours", "max_open_trades": 20, "stake_currency": "USDT",
        "stake_amount": 100, "tradable_balance_ratio": 0.99, "dry_run": True,
        "dry_run_wallet": 100_000.0, "trading_mode": "spot",
        "unfilledtimeout": {"entry": 10, "exit": 10, "unit": "minutes"},
        "entry_pricing": {"price_side": "same"}, "exit_pricing": {"price_side": "same"},
        "exchange": {"name": "simulated", "pair_whitelist": anchor_market.PAIRS[:pairs],
                     "pair_blacklist": []},
        "pairlists": [{"method": "StaticPairList"}],
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1", "listen_port": port,
                       "verbosity": "error", "jwt_secret_key": "side-by-side-" + "x" * 32,
                       "CORS_origins": [], "username": "bench", "password": "bench"},
        "initial_state": "running", "internals": {"process_throttle_secs": 5},
        "strategy": "BenchAnchorStrategy",
        "strategy_path": str(anchor_dir / "anchor_strategies"),
        "user_data_dir": str(workdir / "user_data"), "db_url": f"sqlite:///{db}",
    }


def wait_ready(port: int, proc: subprocess.Popen, deadline: float, who: str = "our bot",
               timeframe: str = "5m") -> None:
    """Ready = the first loop analyzed BTC/USDT (5m, as run_anchor_bench.sh waits)."""
    import base64

    url = (f"http://127.0.0.1:{port}/api/v1/pair_candles?pair=BTC/USDT&timeframe={timeframe}"
           "&limit=1")
    auth = "Basic " + base64.b64encode(b"bench:bench").decode()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{who} exited during start-up")
        try:
            request = urllib.request.Request(url, headers={"Authorization": auth})
            with urllib.request.urlopen(request, timeout=10) as response:
                if json.loads(response.read()).get("length") == 1:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"{who} was not ready in time")


def start_ours(db: Path, workdir: Path, anchor_dir: Path, pairs: int,
               extra: dict | None = None, options: tuple[str, ...] = (),
               timeframe: str = "5m") -> tuple[subprocess.Popen, int, float]:
    """Our ``freqtrade trade`` on ``db`` with the anchor's settings (plus ``extra``, and
    ``options`` on its command line, e.g. ``-v``), ready (the strategy analyzed BTC/USDT
    ``timeframe``).

    Returns the process, its API port and the seconds from process start to ready.
    """
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(ROOT / ".venv" / "bin" / "freqtrade"), "create-userdir", "--userdir",
                    str(workdir / "user_data")], check=True, capture_output=True)
    config = workdir / "config.json"
    config.write_text(json.dumps({**our_config(db, port, workdir, anchor_dir, pairs),
                                  **(extra or {})}))
    with open(workdir / "bot.log", "w") as log:
        started = time.monotonic()
        proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "freqtrade"), "trade", *options,
                                 "-c", str(config)], stdout=log, stderr=subprocess.STDOUT,
                                cwd=workdir)
    try:
        wait_ready(port, proc, time.monotonic() + READY_TIMEOUT, timeframe=timeframe)
    except BaseException:
        stop(proc)
        raise
    return proc, port, time.monotonic() - started


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def time_ours(args: argparse.Namespace, db: Path, out: Path) -> dict:
    proc, port, took = start_ours(db, out / "ours", args.anchor_dir, args.pairs)
    print(f"ours ready after {took:.1f} s", flush=True)
    try:
        time.sleep(2)
        result = out / f"ours-{args.trades}.json"
        subprocess.run([sys.executable, str(args.anchor_dir / "time_endpoints.py"),
                        "--base-url", f"http://127.0.0.1:{port}", "--username", "bench",
                        "--password", "bench", "--repeat", str(args.repeat), "--warmup", "3",
                        "--label", f"ours, N={args.trades}", "--json-out", str(result)],
                       check=True)
        rss = _rss_mb(proc.pid)
    finally:
        stop(proc)
    data = json.loads(result.read_text())
    data["rss_mb"] = rss
    return data


def _rss_mb(pid: int) -> float | None:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except Exception:
        return None


def _peak_rss_mb(pid: int) -> float | None:
    """The process's highest RSS so far (Linux ``VmHWM``; None elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def time_anchor(args: argparse.Namespace, db: Path, out: Path) -> dict:
    env = {**os.environ, "FT_WORK": str(out / "ft-work"), "VENV": str(args.anchor_venv),
           "DBDIR": str(db.parent), "OUTDIR": str(out), "SEED": "0",
           "RUNDIR": str(out / "anchor-run")}
    if args.skip_migration:
        env["SKIP_MIGRATION"] = "1"
    shutil.copy(db, db.parent / f"t{args.trades}.sqlite")
    subprocess.run(["bash", str(args.anchor_dir / "run_anchor_bench.sh"), str(args.trades),
                    str(args.repeat), str(free_port())], check=True, env=env)
    return json.loads((out / f"anchor-{args.trades}.json").read_text())


def add_anchor_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """``--anchor-dir`` and ``--anchor-venv``: where freqtrade 2026.9 and its kit are."""
    parser.add_argument("--anchor-dir", type=Path, required=required,
                        help="the anchor kit (seed_trades.py, anchor_server.py, "
                             "time_endpoints.py, run_anchor_bench.sh)")
    parser.add_argument("--anchor-venv", type=Path, required=required,
                        help="a virtualenv with PyPI's freqtrade 2026.9")


def anchor_run(args: argparse.Namespace, prefix: str) -> tuple[ModuleType, Path]:
    """The anchor kit's market module (its pairs) and the run's output folder (``--out`` or
    a new temp folder), for scripts that start bots on the anchor's settings."""
    args.anchor_dir = args.anchor_dir.resolve()
    sys.path.insert(0, str(args.anchor_dir))
    import anchor_market

    out = (args.out or Path(tempfile.mkdtemp(prefix=prefix))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    return anchor_market, out


def anchor_command(args: argparse.Namespace, db: Path, port: int, workdir: Path,
                   *flags: str, server: list[str] | None = None) -> list[str]:
    """freqtrade 2026.9 serving ``db`` offline (the kit's ``anchor_server.py``, or the
    ``server`` arguments that run it), user bench/bench, its one-time wallet-history rebuild
    skipped (minutes at 100k trades)."""
    return [str(args.anchor_venv / "bin" / "python"),
            *(server or [str(args.anchor_dir / "anchor_server.py")]), "--db-url",
            f"sqlite:///{db}", "--port", str(port), "--username", "bench", "--password", "bench",
            "--workdir", str(workdir / "run"),
            "--skip-wallet-history-migration", *flags]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trades", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pairs", type=int, default=20)
    add_anchor_arguments(parser)
    parser.add_argument("--skip-migration", action="store_true",
                        help="skip freqtrade's one-time wallet history rebuild (minutes at 100k)")
    parser.add_argument("--out", type=Path, help="keep everything here (default: a temp dir)")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="a previous --out: reuse its seeded database and anchor timings "
                             "(re-times only ours, e.g. after a change)")
    args = parser.parse_args()
    args.anchor_dir = args.anchor_dir.resolve()
    out = args.out or Path(tempfile.mkdtemp(prefix="side-by-side-"))
    out.mkdir(parents=True, exist_ok=True)
    seeded = (args.reuse or out) / "seed" / "seeded.sqlite"
    if not args.reuse:
        seeded.parent.mkdir(exist_ok=True)
        subprocess.run([str(args.anchor_venv / "bin" / "python"),
                        str(args.anchor_dir / "seed_trades.py"), "--db-url",
                        f"sqlite:///{seeded}", "--trades", str(args.trades), "--replace"],
                       check=True)
    ours_db = out / "ours.sqlite"
    shutil.copy(seeded, ours_db)
    ours = time_ours(args, ours_db, out)
    if args.reuse:
        anchor = json.loads((args.reuse / f"anchor-{args.trades}.json").read_text())
    else:
        anchor = time_anchor(args, seeded, out)
    print(f"\nN = {args.trades:,} trades, same database, same client (time_endpoints.py), "
          "median ms")
    print(f"{'endpoint':<18} {'freqtrade':>10} {'ours':>8} {'ratio':>8} {'target':>7}")
    targets = TARGETS.get(args.trades, {})
    for name, summary in anchor["summary"].items():
        theirs, mine = summary["median_ms"], ours["summary"][name]["median_ms"]
        ratio = theirs / mine if mine else float("inf")
        target = targets.get(name, 1)
        verdict = "PASS" if ratio >= target else "MISS"
        print(f"{name:<18} {theirs:>10.1f} {mine:>8.1f} {ratio:>7.1f}x {target:>6}x {verdict}")
    if ours.get("rss_mb"):
        print(f"\nour bot's RSS after timing: {ours['rss_mb']:.0f} MB")
    print(f"(kept in {out})")


if __name__ == "__main__":
    main()
