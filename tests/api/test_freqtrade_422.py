"""Our 422 answers are byte for byte freqtrade 2026.9's for the same bad requests.

Every case of ``cases_422.py`` was sent to freqtrade itself by ``tests/reference/record_422.py``
and its answer stored in ``data/freqtrade_422.json``; here the same bytes go to our bot over
real HTTP: ``freqtrade trade`` (dry-run, simulated exchange) for the trade-mode cases and
``freqtrade webserver`` for the routes freqtrade serves only in webserver mode. The
reference venv is not needed at test time.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from freqtrade.api.routing import CROSS_SITE_CONTENT_TYPES
from tests.api.cases_422 import FIXTURE, Case, cases_by_id, send, wait_until_answering
from tests.differential.test_against_freqtrade import _stop
from tests.live_bot import free_port
from tests.restart.bot_process import PASSWORD, USERNAME, BotProcess, write_config

RECORDED: list[dict] = json.loads(FIXTURE.read_text(encoding="utf-8"))


def _config(folder: Path) -> Path:
    """A dry-run config with its own database; force entries off, as in the recording."""
    folder.mkdir()
    config_file = write_config(folder, folder / "tradesv3.sqlite")
    config = json.loads(config_file.read_text())
    config["force_entry_enable"] = False
    config_file.write_text(json.dumps(config))
    return config_file


def _webserver(config_file: Path, stack: ExitStack) -> int:
    """``freqtrade webserver`` on a free port, up when /ping answers; stopped with ``stack``."""
    port = free_port()
    config = json.loads(config_file.read_text())
    config["api_server"]["listen_port"] = port
    config_file.write_text(json.dumps(config))
    log = config_file.parent / "webserver.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "freqtrade", "webserver", "--config", str(config_file),
         "--logfile", str(log)], cwd=config_file.parent, stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT)
    stack.callback(_stop, process)
    wait_until_answering(port, process, log)
    return port


@pytest.fixture(scope="module")
def ports(tmp_path_factory) -> Iterator[dict[str, int]]:
    """{mode: port} of our trading bot and our webserver, stopped after the module."""
    tmp = tmp_path_factory.mktemp("api422")
    with ExitStack() as stack:
        webserver = _webserver(_config(tmp / "webserver"), stack)
        bot = BotProcess(_config(tmp / "trade"), tmp / "trade" / "bot.log")
        stack.callback(bot.stop, signal.SIGTERM)
        yield {"trade": bot.port, "webserver": webserver}


def test_every_case_of_the_table_is_recorded_as_sent():
    cases = cases_by_id()
    recorded = {entry["id"]: entry for entry in RECORDED}
    assert sorted(cases) == sorted(recorded), "re-run tests/reference/record_422.py"
    for case_id, case in cases.items():
        entry = recorded[case_id]
        assert {k: entry[k] for k in case.request()} == case.request(), case_id
        assert entry["status"] == 422, case_id
    assert len(RECORDED) >= 80


def _cross_site_form(entry: dict) -> bool:
    media_type = (entry["content_type"] or "").split(";", 1)[0].strip().lower()
    return media_type in CROSS_SITE_CONTENT_TYPES


REPLAYED = [entry for entry in RECORDED if not _cross_site_form(entry)]
FORMS = [entry for entry in RECORDED if _cross_site_form(entry)]


def _case(entry: dict) -> Case:
    return Case(entry["id"], entry["mode"], entry["method"], entry["path"], entry["body"],
                entry["content_type"])


@pytest.mark.parametrize("entry", REPLAYED, ids=[entry["id"] for entry in REPLAYED])
def test_422_body_is_freqtrades(ports, entry):
    case = _case(entry)
    status, body = send(ports[case.mode], case, USERNAME, PASSWORD)
    assert (status, body) == (422, entry["response"]), (
        f"{case.method} {case.path} body={case.body!r} type={case.content_type!r}\n"
        f"ours      ({status}): {body}\nfreqtrade (422): {entry['response']}")


@pytest.mark.parametrize("entry", FORMS, ids=[entry["id"] for entry in FORMS])
def test_cross_site_form_bodies_are_415_where_freqtrade_answers_422(ports, entry):
    """Beyond freqtrade: a body a cross-site form can send is refused before validation."""
    status, body = send(ports[entry["mode"]], _case(entry), USERNAME, PASSWORD)
    assert status == 415 and json.loads(body)["detail"].startswith("Content-Type "), body
