"""Call freqtrade-client methods back to back and print, as JSON, how many answers were lost.

Run by the reference interpreter (where ``freqtrade_client`` is installed), never imported by
the suite. Input (argv[1], JSON): ``url``, ``username``, ``password``, ``rounds`` and ``calls``,
a list of ``[method, args, kwargs]``. Each round runs every call once, in order, on one client
(one keep-alive connection pool), as a script polling the bot would. Output: ``{method:
{"calls": n, "lost": n, "errors": [first few]}}``; an answer is lost when the client returns
None (it does so on a dropped connection) or raises.
"""
from __future__ import annotations

import json
import logging
import sys

from freqtrade_client import FtRestClient


def main() -> int:
    spec = json.loads(sys.argv[1])
    logging.disable(logging.WARNING)  # the client logs every dropped connection
    client = FtRestClient(spec["url"], spec["username"], spec["password"])
    counts: dict[str, dict] = {}
    for _ in range(spec["rounds"]):
        for method, args, kwargs in spec["calls"]:
            entry = counts.setdefault(method, {"calls": 0, "lost": 0, "errors": []})
            entry["calls"] += 1
            try:
                answer = getattr(client, method)(*args, **kwargs)
            except Exception as exc:  # a broken answer (e.g. not JSON) is lost too
                answer, error = None, f"{type(exc).__name__}: {exc}"
            else:
                error = "returned None"
            if answer is None:
                entry["lost"] += 1
                if len(entry["errors"]) < 3:
                    entry["errors"].append(error)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
