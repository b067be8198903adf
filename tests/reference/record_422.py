#!/usr/bin/env python3
"""Record freqtrade 2026.9's answers to the bad requests of ``tests/api/cases_422.py``.

Run by hand from the repository root when the case table changes:
  FT_REFERENCE_VENV=/work/ft-ref/venv .venv/bin/python tests/reference/record_422.py

It starts freqtrade 2026.9 twice on the offline binance market of the differential tests (a
dry-run bot, and ``freqtrade webserver`` for the routes freqtrade serves only there), sends
every case with basic auth and writes each answer's status and exact body text to
``tests/api/data/freqtrade_422.json``, sorted by case id. Cases freqtrade does not refuse
with 422 are left out of the file and listed on stderr, so the table can be corrected.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.api.cases_422 import FIXTURE, cases_by_id, send, wait_until_answering  # noqa: E402
from tests.differential import test_against_freqtrade as differential  # noqa: E402
from tests.live_bot import free_port  # noqa: E402
from tests.reference import require_python  # noqa: E402

READY_TIMEOUT = 120
# ``freqtrade webserver`` with the exchange made offline as reference_server.py does it
WEBSERVER = """
import sys
sys.path.insert(0, {folder!r})
from reference_server import install_offline_exchange
install_offline_exchange()
from freqtrade.main import main
main(["webserver", "--config", {config!r}, "--logfile", {log!r}])
"""


def _start(python: Path, folder: Path, mode: str, stack: ExitStack) -> int:
    """The port of a freqtrade process for ``mode`` in ``folder``, stopped with ``stack``."""
    folder.mkdir()
    (folder / "user_data").mkdir()
    port = free_port()
    config_file = folder / "config.json"
    config = differential._config(folder, "plain", port, folder / "tradesv3.sqlite")
    config_file.write_text(json.dumps(config))
    log = folder / "freqtrade.log"
    if mode == "trade":
        command = [str(python), str(differential.HERE / "reference_server.py"), "--config",
                   str(config_file), "--logfile", str(log)]
    else:
        command = [str(python), "-c", WEBSERVER.format(folder=str(differential.HERE),
                                                       config=str(config_file), log=str(log))]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FREQTRADE")}
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    stack.callback(differential._stop, process)
    if mode == "trade":
        differential._wait_ready(f"http://127.0.0.1:{port}", process, log)
    else:
        wait_until_answering(port, process, log, READY_TIMEOUT)
    return port


def main() -> int:
    python = require_python()
    cases = cases_by_id()
    recorded, dropped = [], []
    with tempfile.TemporaryDirectory(prefix="record-422-") as tmp, ExitStack() as stack:
        ports = {mode: _start(python, Path(tmp) / mode, mode, stack)
                 for mode in ("trade", "webserver")}
        for case_id in sorted(cases):
            case = cases[case_id]
            status, body = send(ports[case.mode], case, differential.USERNAME,
                                differential.PASSWORD)
            if status == 422:
                recorded.append({"id": case_id, **case.request(), "status": status,
                                 "response": body})
            else:
                dropped.append(f"{case_id}: {status} {body[:300]}")
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    print(f"{len(recorded)} answers written to {FIXTURE.relative_to(ROOT)}")
    for line in dropped:
        print(f"not a 422, left out: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
