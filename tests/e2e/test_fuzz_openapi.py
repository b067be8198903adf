"""Property-based fuzzing of the whole documented API on a live dry-run bot (schemathesis).

Every operation of the OpenAPI document gets schemathesis's coverage cases (boundary values,
missing and mistyped fields, unexpected methods, no or wrong credentials) and a fixed number
of generated ones, valid and invalid, sent over HTTP to a real hypercorn bot with HTTP basic
auth. Each answer must be documented for its operation (status code, content type, headers,
schema), and no 5xx is allowed but the documented 502 of a refused bot command (``error``) or
an unloadable strategy (``detail``) and the 503 of a run-mode gate. Generation is
derandomized with a fixed seed, so a run is reproducible; ``FT_FUZZ_EXAMPLES`` (generated
cases per operation) and ``FT_FUZZ_SEED`` give a deeper or a different run.

Mutating operations are fuzzed too (force entries and exits, deletes, locks, blacklist on the
dry-run wallet). Bot-control calls that leave the trader stopped or paused are followed by
``/start``, so each operation meets a running trader whatever ran before it.
"""
from __future__ import annotations

import os
import time

import requests
import schemathesis

from freqtrade.api.openapi import build_openapi
from freqtrade.api.routes import all_routes
from tests.e2e.conftest import PASSWORD, USERNAME

EXAMPLES_PER_OPERATION = int(os.environ.get("FT_FUZZ_EXAMPLES", "10"))
SEED = int(os.environ.get("FT_FUZZ_SEED", "14"))
# A GET on a path that has no GET route reaches the UI catch-all, which answers 404 for /api
# paths (freqtrade's routing), not 405: every other method is probed.
UNEXPECTED_METHODS = ["put", "post", "delete", "options", "patch", "trace"]
LEAVES_TRADER_STOPPED = {"/api/v1/stop", "/api/v1/pause", "/api/v1/stopentry",
                         "/api/v1/stopbuy", "/api/v1/reload_config"}

CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True,
                   "database": "none", "mode": "all"},
    "auth": {"basic": {"username": USERNAME, "password": PASSWORD}},
    "request-timeout": 30,
    "checks": {
        # 5xx only as documented: status_code_conformance holds each to its operation
        "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "502", "503"]},
        # Its wrong-credential probes repeat one username, so after 5 of them the throttle
        # answers 429, which this check does not accept (401 or 403 only). Every protected
        # route is walked with wrong and forged credentials by test_crafted_credentials.py,
        # where 401 or 429 is required.
        "ignored_auth": {"enabled": False},
    },
    "phases": {"coverage": {"unexpected-methods": UNEXPECTED_METHODS}},
    "operations": [{
        # freqtrade's URLs overlap here: DELETE /locks/delete is DELETE /locks/{lockid}
        # with the id "delete", so it is that operation's 422, not a 405.
        "include-path": "/api/v1/locks/delete", "include-method": "POST",
        "phases": {"coverage": {"unexpected-methods": [
            m for m in UNEXPECTED_METHODS if m != "delete"]}},
    }],
})
# The document the server builds from its routes; test_fuzzed_document_is_the_served_one
# proves the live /openapi.json is the same (the cases are made before the server starts).
schema = schemathesis.openapi.from_dict(build_openapi(all_routes()), config=CONFIG)


def test_fuzzed_document_is_the_served_one(live_bot):
    served = requests.get(f"{live_bot.base_url}/openapi.json", timeout=30)
    assert served.status_code == 200
    assert served.json() == schema.raw_schema


def refusal_says_why(ctx, response, case) -> None:
    """A 502 says why in one text: ``error`` (a refused bot command) or ``detail`` (a strategy
    that could not be loaded or run, as freqtrade answers it)."""
    if response.status_code == 502:
        body = response.json()
        assert isinstance(body, dict) and len(body) == 1, body
        assert isinstance(body.get("error", body.get("detail")), str), body


@schema.parametrize()
def test_every_answer_is_documented_and_no_server_error(case, live_bot):
    try:
        case.call_and_validate(base_url=live_bot.base_url,
                               additional_checks=[refusal_says_why])
    finally:
        if case.path in LEAVES_TRADER_STOPPED:
            assert live_bot.post("start").status_code == 200


def test_bot_still_serves_and_trades_after_the_fuzz(live_bot):
    assert live_bot.get("ping").json() == {"status": "pong"}
    assert str(live_bot.bot.state) == "running"
    before = live_bot.bot.last_process
    deadline = time.monotonic() + 30
    while live_bot.bot.last_process == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live_bot.bot.last_process != before, "the trading loop stopped iterating"
    assert live_bot.get("status").status_code == 200
