"""scripts/rest_client.py as a user runs it, against a live bot: every command, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "rest_client.py"


def run_client(*args: str, config: Path | None = None, cwd: Path | None = None
               ) -> subprocess.CompletedProcess:
    command = [sys.executable, str(SCRIPT)]
    if config is not None:
        command += ["--config", str(config)]
    return subprocess.run(command + list(args), capture_output=True, text=True, timeout=60,
                          cwd=cwd)


def succeed(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_command_against_a_live_bot(live_bot):
    cfg = live_bot.config_file
    until = (datetime.now(UTC) + timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M:%SZ")
    entered = succeed(run_client("forceenter", "BTC/USDT", "long", "order_type=market",
                                 "enter_tag=cli", config=cfg))
    trade_id = str(entered["trade_id"])
    assert entered["enter_tag"] == "cli"
    calls = [
        ("ping",), ("version",), ("show_config",), ("status",), ("count",), ("balance",),
        ("profit",), ("profit_all",), ("performance",), ("entries",), ("exits",),
        ("mix_tags",), ("stats",), ("daily", "3"), ("weekly",), ("monthly", "2"),
        ("whitelist",), ("blacklist",), ("blacklist", "LTC/USDT"), ("locks",),
        ("lock_add", "ADA/USDT", until, "*", "cli"), ("logs", "5"), ("trades",),
        ("trades", "10", "0"), ("trade", trade_id), ("health",), ("sysinfo",),
        ("strategies",), ("strategy", "SampleStrategy"), ("plot_config",),
        ("available_pairs",), ("pair_candles", "BTC/USDT", "1m", "10"),
        ("pair_candles", "BTC/USDT", "1m", "columns=rsi"), ("markets",), ("exchanges",),
        ("historic_balance",), ("reload_trade", trade_id), ("delete_blacklist", "LTC/USDT"),
        ("forcebuy", "ETH/USDT"), ("stopbuy",), ("start",),
    ]
    for call in calls:
        succeed(run_client(*call, config=cfg))
    locks = succeed(run_client("locks", config=cfg))["locks"]
    lock_id = next(lock["id"] for lock in locks if lock["pair"] == "ADA/USDT")
    succeed(run_client("delete_lock", str(lock_id), config=cfg))
    exited = succeed(run_client("forceexit", trade_id, "market", config=cfg))
    assert exited == {"result": f"Created exit order for trade {trade_id}."}
    succeed(run_client("forcesell", "all", config=cfg))
    pending = live_bot.bot.execute_entry("SOL/USDT", 50, price=1.0, is_forced=True)
    succeed(run_client("cancel_open_order", str(pending.id), config=cfg))
    entered = succeed(run_client("forceenter", "XRP/USDT", "long", config=cfg))
    succeed(run_client("delete_trade", str(entered["trade_id"]), config=cfg))
    assert succeed(run_client("ping", config=cfg)) == {"status": "pong"}
    audit = succeed(run_client("audit", "50", config=cfg))["entries"]
    assert ("POST", "/api/v1/locks", 200) in {
        (entry["method"], entry["route"], entry["status"]) for entry in audit}


def test_help_lists_every_command_with_parameter_docs():
    result = run_client("help")
    assert result.returncode == 0
    for name in ("forceenter", "forceexit", "pair_candles", "lock_add", "trades", "daily",
                 "audit"):
        assert f"\n{name} " in result.stdout or f"\n{name}\n" in result.stdout
    assert ":param order_type: limit or market" in result.stdout


def test_http_error_exit_code_and_one_line(live_bot):
    result = run_client("trade", "99999", config=live_bot.config_file)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "trade: HTTP 404: Trade not found."
    result = run_client("daily", "0", config=live_bot.config_file)
    assert result.returncode == 1
    assert "query.timescale: Input should be greater than or equal to 1" in result.stderr
    result = run_client("edge", config=live_bot.config_file)
    assert result.stderr.strip() == \
        "edge: HTTP 502: Error querying /api/v1/edge: Edge is not enabled."


def test_refused_login(live_bot, tmp_path):
    config = json.loads(live_bot.config_file.read_text())
    config["api_server"]["password"] = "wrong"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(config))
    result = run_client("status", config=path)
    assert result.returncode == 1
    assert result.stderr.strip() == "status: HTTP 401: login refused (401): Unauthorized"


def test_no_bot_listening(tmp_path, free_port):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"api_server": {"listen_ip_address": "0.0.0.0",
                                               "listen_port": free_port()}}))
    result = run_client("status", config=path)
    assert result.returncode == 3
    assert "could not connect to 127.0.0.1:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert succeed(run_client("ping", config=path)) == {"status": "not_running"}


def test_usage_errors():
    assert run_client("nosuchcommand").returncode == 2
    bad = run_client("trade")
    assert bad.returncode == 2 and bad.stderr.startswith("Error executing command trade")
    missing = run_client("status", config=Path("/nonexistent/config.json"))
    assert missing.returncode == 1
    assert missing.stderr.startswith("Could not load config file /nonexistent/config.json.")


def test_config_files_merge_with_comments(tmp_path):
    from freqtrade.rest_client import load_config, server_url

    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    first.write_text('{"api_server": {"listen_port": 8081, // c\n "username": "u",},}')
    second.write_text('/* x */ {"api_server": {"listen_ip_address": "::"}}')
    config = load_config([str(first), str(second)])
    assert config["api_server"] == {"listen_port": 8081, "username": "u",
                                    "listen_ip_address": "::"}
    assert server_url(config) == "http://[::1]:8081"


@pytest.mark.parametrize("module", ["freqtrade.rest_client"])
def test_client_imports_only_stdlib_and_requests(module):
    code = (f"import sys, importlib; importlib.import_module('{module}'); "
            "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('freqtrade')}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    assert out.stdout.strip() == "['freqtrade']"  # the package itself, nothing below it
    heavy = subprocess.run(
        [sys.executable, "-c", f"import sys, importlib; importlib.import_module('{module}');"
                               "print([m for m in ('pandas', 'sqlalchemy', 'starlette', "
                               "'ccxt') if m in sys.modules])"],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert heavy.stdout.strip() == "[]"
