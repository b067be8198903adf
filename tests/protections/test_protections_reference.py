"""freqtrade 2026.9's own protections on the same trade files write the same locks as ours."""
import json
import shutil
import subprocess

from tests.protections.cases import CASES, NOW, TIMEFRAME, evaluate, read_locks, write_case
from tests.reference import require_python

# runs in the reference venv: evaluates each case's protections on its database file
REFERENCE_SCRIPT = r'''
import json, sys
from datetime import datetime
from freqtrade.persistence import PairLocks, init_db
from freqtrade.plugins.protectionmanager import ProtectionManager

for job in json.load(sys.stdin):
    init_db(f"sqlite:///{job['db']}")
    PairLocks.timeframe = job["timeframe"]
    now = datetime.fromisoformat(job["now"])
    manager = ProtectionManager({"timeframe": job["timeframe"]}, job["protections"])
    manager.stop_per_pair(job["pair"], now=now, side=job["side"],
                          starting_balance=job["starting_balance"])
    manager.global_stop(now=now, side=job["side"], starting_balance=job["starting_balance"])
'''


def test_reference_protections_write_the_same_locks(tmp_path):
    python = require_python()
    jobs, ours = [], {}
    for index, case in enumerate(CASES):
        our_db, ref_db = tmp_path / f"ours{index}.sqlite", tmp_path / f"ref{index}.sqlite"
        write_case(case, our_db)
        shutil.copy(our_db, ref_db)
        ours[case.name] = evaluate(case, our_db)
        jobs.append({"db": str(ref_db), "timeframe": TIMEFRAME, "now": NOW.isoformat(),
                     "protections": case.protections, "pair": case.pair, "side": case.side,
                     "starting_balance": case.starting_balance})
    run = subprocess.run([str(python), "-c", REFERENCE_SCRIPT], input=json.dumps(jobs),
                         capture_output=True, text=True, timeout=240, cwd="/")
    assert run.returncode == 0, run.stderr[-3000:]
    reference = {case.name: read_locks(tmp_path / f"ref{index}.sqlite")
                 for index, case in enumerate(CASES)}
    assert reference == {case.name: case.expected for case in CASES}
    assert ours == reference
