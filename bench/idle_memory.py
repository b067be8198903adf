"""Idle memory of freqtrade 2026.9 and of our bot, one after the other, on the same database.

Each bot is started on its own copy of ``--db`` (e.g. ``<side_by_side --out>/seed/seeded.sqlite``)
with the same settings as ``side_by_side.py``, left alone for ``--settle`` seconds (start-up,
first analysis, a few idle loops), then its RSS is read and it is stopped.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
from side_by_side import ROOT, add_anchor_arguments, free_port, our_config


def settle_and_measure(command: list[str], settle: float, cwd: Path) -> float:
    with open(cwd / "bot.log", "w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            time.sleep(settle)
            if proc.poll() is not None:
                raise SystemExit(f"{command[0]} exited early; see {cwd / 'bot.log'}")
            process = psutil.Process(proc.pid)
            return sum(p.memory_info().rss for p in [process, *process.children(True)]) / 2**20
        finally:
            proc.terminate()
            proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a freqtrade-schema database")
    parser.add_argument("--settle", type=float, default=45.0)
    add_anchor_arguments(parser)
    args = parser.parse_args()
    anchor_dir = args.anchor_dir.resolve()
    work = Path(tempfile.mkdtemp(prefix="idle-memory-"))

    theirs_dir = work / "freqtrade"
    theirs_dir.mkdir()
    shutil.copy(args.db, theirs_dir / "t.sqlite")
    theirs = settle_and_measure(
        [str(args.anchor_venv / "bin" / "python"), str(anchor_dir / "anchor_server.py"),
         "--db-url", f"sqlite:///{theirs_dir / 't.sqlite'}", "--port", str(free_port()),
         "--workdir", str(theirs_dir / "run"), "--skip-wallet-history-migration"],
        args.settle, theirs_dir)

    ours_dir = work / "ours"
    ours_dir.mkdir()
    shutil.copy(args.db, ours_dir / "t.sqlite")
    freqtrade = str(ROOT / ".venv" / "bin" / "freqtrade")
    subprocess.run([freqtrade, "create-userdir", "--userdir", str(ours_dir / "user_data")],
                   check=True, capture_output=True)
    config = ours_dir / "config.json"
    config.write_text(json.dumps(our_config(ours_dir / "t.sqlite", free_port(), ours_dir,
                                            anchor_dir, 20)))
    ours = settle_and_measure([freqtrade, "trade", "-c", str(config)], args.settle, ours_dir)

    print(f"idle RSS after {args.settle:.0f} s: freqtrade 2026.9 {theirs:.0f} MB, "
          f"ours {ours:.0f} MB ({ours / theirs:.2f}x; target <= 0.50x)")
    print(f"(logs in {work})")


if __name__ == "__main__":
    main()
