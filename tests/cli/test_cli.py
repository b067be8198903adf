"""The freqtrade command line as a user runs it: sub-commands, exit codes, one-line errors."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from freqtrade import __version__


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "freqtrade", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def test_help_lists_subcommands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("trade", "webserver", "create-userdir", "new-config", "show-config",
                    "list-strategies", "download-data"):
        assert command in result.stdout


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("args", [["no-such-command"], ["trade", "--no-such-flag"], []])
def test_usage_errors_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_create_userdir_layout(tmp_path):
    target = tmp_path / "ud"
    result = run_cli("create-userdir", "--userdir", str(target))
    assert result.returncode == 0, result.stderr
    for sub in ("strategies", "data", "logs", "backtest_results"):
        assert (target / sub).is_dir()
    assert (target / "strategies" / "sample_strategy.py").is_file()
    # idempotent: a user's edit survives a second run
    (target / "strategies" / "sample_strategy.py").write_text("# mine\n")
    assert run_cli("create-userdir", "--userdir", str(target)).returncode == 0
    assert (target / "strategies" / "sample_strategy.py").read_text() == "# mine\n"


def test_new_config_writes_loadable_config_with_fresh_secrets(tmp_path):
    cfg = tmp_path / "config.json"
    result = run_cli("new-config", "--non-interactive", "-c", str(cfg))
    assert result.returncode == 0, result.stderr
    data = json.loads(cfg.read_text())
    assert len(data["api_server"]["jwt_secret_key"]) >= 32
    assert data["api_server"]["password"]
    other = tmp_path / "other.json"
    run_cli("new-config", "--non-interactive", "-c", str(other))
    assert json.loads(other.read_text())["api_server"]["jwt_secret_key"] != \
        data["api_server"]["jwt_secret_key"]
    # refuses to overwrite
    again = run_cli("new-config", "--non-interactive", "-c", str(cfg))
    assert again.returncode == 1 and "already exists" in again.stderr


API_SECTION = ('"api_server": {"enabled": false, "listen_ip_address": "127.0.0.1", '
               '"listen_port": 8080, "username": "u", "jwt_secret_key": "", "password": '
               '"hunter2",}')


def test_show_config_masks_secrets_and_merges_files(tmp_path):
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    first.write_text('{"stake_amount": 10, "dry_run": true, "exchange": {"name": "simulated"}, '
                     + API_SECTION + ', // c\n}')
    second.write_text('{"stake_amount": 20}')
    result = run_cli("show-config", "-c", str(first), "-c", str(second))
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["stake_amount"] == 20
    assert shown["api_server"]["password"] == "REDACTED"
    assert "hunter2" not in result.stdout


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_bad_port_is_one_clear_line(tmp_path):
    cfg = tmp_path / "c.json"
    cfg.write_text('{"dry_run": true, "exchange": {"name": "simulated"}, '
                   + API_SECTION.replace("8080", "70000") + '}')
    line = _one_line_error(run_cli("show-config", "-c", str(cfg)))
    assert "api_server.listen_port" in line


def test_missing_config_file_is_one_clear_line(tmp_path):
    line = _one_line_error(run_cli("show-config", "-c", str(tmp_path / "nope.json")))
    assert "nope.json" in line


def test_broken_json_names_line_and_column(tmp_path):
    cfg = tmp_path / "broken.json"
    cfg.write_text('{\n  // comment\n  "stake_amount": 10\n  "dry_run": true\n}\n')
    line = _one_line_error(run_cli("show-config", "-c", str(cfg)))
    assert "broken.json" in line
    assert "line 4" in line and "column" in line
