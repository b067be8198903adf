"""Common mistakes on the command line end with one clear line and an exit code, no traceback.

Every case runs the real program (``python -m freqtrade`` or ``scripts/rest_client.py``) as a
subprocess. The unreachable exchange is real ccxt with its HTTPS proxy set to a closed local
port, so the test is offline and fails the same way with or without internet.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_config_problems import _error_lines, run_cli, trade_config
from tests.live_bot import free_port

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "rest_client.py"


def _usage_error(result: subprocess.CompletedProcess) -> str:
    """argparse's answer: exit 2 and its one ``error:`` line last."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("value", ["7x", "0m", "m", "5"])
def test_download_data_refuses_a_malformed_timeframe(tmp_path, value):
    line = _usage_error(run_cli("download-data", "-p", "BTC/USDT", "-t", "1m", value,
                                cwd=tmp_path))
    assert line.endswith(f"argument -t/--timeframes: '{value}' is not a timeframe (a number "
                         "and one of s, m, h, d, w, M, y: e.g. 5m, 1h)")
    assert not (tmp_path / "user_data").exists()


def test_download_data_refuses_a_timeframe_the_exchange_lacks(tmp_path):
    path = trade_config(tmp_path)
    lines = _error_lines(run_cli("download-data", "-c", str(path), "-t", "7m", "--days", "1",
                                 cwd=tmp_path))
    assert lines[-1].startswith("Simulated has no 7m candles; it offers 1m, 3m, 5m,")
    assert not list((tmp_path / "ud" / "data").rglob("*7m*"))


@pytest.mark.parametrize(("value", "reason"), [("-3", "-3 is not a positive number of days"),
                                               ("0", "0 is not a positive number of days"),
                                               ("x", "'x' is not a whole number")])
def test_download_data_refuses_non_positive_days(tmp_path, value, reason):
    line = _usage_error(run_cli("download-data", "-p", "BTC/USDT", "--days", value,
                                cwd=tmp_path))
    assert line.endswith(f"argument --days: {reason}")


def _unreachable_binance(tmp_path: Path) -> Path:
    """A binance config whose every request goes to a closed local port."""
    return trade_config(tmp_path, exchange={
        "name": "binance", "pair_whitelist": ["BTC/USDT"],
        "ccxt_config": {"httpsProxy": f"http://127.0.0.1:{free_port()}"}})


def _assert_unreachable_line(lines: list[str]) -> None:
    assert lines[-1].startswith("Could not reach binance: Could not load markets on Binance "
                                "after 4 attempts: "), lines
    assert lines[-1].endswith('. Check your network (or a proxy in exchange.ccxt_config), or '
                              'use the offline market with exchange.name "simulated".')


def test_download_data_from_an_unreachable_exchange_is_one_line(tmp_path):
    path = _unreachable_binance(tmp_path)
    lines = _error_lines(run_cli("download-data", "-c", str(path), "--days", "1",
                                 cwd=tmp_path))
    _assert_unreachable_line(lines)
    assert not (tmp_path / "ud" / "data" / "binance").exists()


def test_trade_on_an_unreachable_exchange_stops_after_bounded_retries(tmp_path):
    path = _unreachable_binance(tmp_path)
    started = time.monotonic()
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert time.monotonic() - started < 60
    _assert_unreachable_line(lines)
    assert sum("retrying in" in line for line in lines) == 3


def test_new_config_into_a_missing_folder_says_so(tmp_path):
    target = tmp_path / "missing" / "dir" / "x.json"
    lines = _error_lines(run_cli("new-config", "-c", str(target), cwd=tmp_path))
    assert lines == [f"Cannot write {target}: the folder {target.parent} does not exist "
                     "(create it first)."]
    assert not (tmp_path / "missing").exists()


def test_new_config_with_force_onto_a_folder_leaves_it_alone(tmp_path):
    folder = tmp_path / "adir"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    lines = _error_lines(run_cli("new-config", "--force", "-c", str(folder), cwd=tmp_path))
    assert lines == [f"{folder} is a folder, not a config file: give a file name such as "
                     f"{folder / 'config.json'}."]
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_create_userdir_below_a_file_is_one_line(tmp_path):
    (tmp_path / "afile").write_text("")
    lines = _error_lines(run_cli("create-userdir", "--userdir", "afile/ud", cwd=tmp_path))
    assert lines == [f"Cannot create the user data folder afile/ud: Not a directory "
                     f"({tmp_path / 'afile' / 'ud'})."]


@pytest.mark.parametrize(("extra", "expected"), [
    (["-s", "NoSuchStrategy"], "Impossible to load Strategy 'NoSuchStrategy'. This class does "
                               "not exist or contains Python code errors."),
    (["--db-url", "nonsense"], "Invalid database URL nonsense: "),
    (["--db-url", "sqlite:////nonexistent/dir/x.sqlite"],
     "Could not open database sqlite:////nonexistent/dir/x.sqlite: "),
])
def test_trade_with_a_wrong_strategy_or_database_is_one_line(tmp_path, extra, expected):
    path = trade_config(tmp_path)
    lines = _error_lines(run_cli("trade", "-c", str(path), *extra, cwd=tmp_path))
    assert lines[-1].startswith(expected), lines


@pytest.mark.parametrize(("content", "expected"), [
    (None, 'Config file "{path}" not found.'),
    ("{bad", "{path}: invalid JSON at line 1, column 2: "),
])
@pytest.mark.parametrize("command", ["trade", "show-config", "download-data"])
def test_missing_or_unreadable_config_is_one_line(tmp_path, command, content, expected):
    path = tmp_path / "config.json"
    if content is not None:
        path.write_text(content)
    lines = _error_lines(run_cli(command, "-c", str(path), cwd=tmp_path))
    assert lines[-1].startswith(expected.format(path=path)), lines


def test_rest_client_into_a_closed_pipe_exits_quietly(tmp_path):
    """``rest_client.py help | head -1``: the reader leaves before the output is written."""
    client = subprocess.Popen([sys.executable, str(SCRIPT), "help"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=tmp_path)
    client.stdout.close()
    stderr = client.stderr.read().decode()
    assert client.wait(timeout=60) == 1
    assert stderr == ""



def test_log_file_below_a_file_is_one_line(tmp_path):
    path = trade_config(tmp_path)
    (tmp_path / "afile").write_text("")
    lines = _error_lines(run_cli("show-config", "-c", str(path), "--logfile", "afile/bot.log",
                                 cwd=tmp_path))
    assert lines[-1] == "Cannot write the log file afile/bot.log: File exists (afile)."


def test_log_file_folder_is_created_as_freqtrade_does(tmp_path):
    path = trade_config(tmp_path)
    result = run_cli("show-config", "-c", str(path), "--logfile", "logs/new/bot.log",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "logs" / "new" / "bot.log").is_file()


def test_download_data_into_a_user_folder_that_is_a_file_is_one_line(tmp_path):
    path = trade_config(tmp_path)
    (tmp_path / "afile").write_text("")
    lines = _error_lines(run_cli("download-data", "-c", str(path), "--userdir", "afile",
                                 "--days", "1", cwd=tmp_path))
    assert lines[-1] == ("Cannot create the data folder afile/data/simulated: Not a directory "
                         "(afile/data/simulated).")
