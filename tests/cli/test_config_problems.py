"""Config problems as a user meets them: ``freqtrade trade`` / ``show-config`` run as programs.

Typos and missing required keys stop the bot with one line each; futures and short strategies
are refused; secrets never reach the screen; the "not used yet" warning reaches the console,
the log file and ``/logs``.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from freqtrade.commands.userdir_commands import create_userdir
from tests.live_bot import free_port

DATA = Path(__file__).parent / "data"
NEW_CONFIG = DATA / "freqtrade_2026_9_new_config.json"


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "freqtrade", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120, env=_env(env))


def _env(extra: dict | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FREQTRADE__")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    env.update(extra or {})
    return env


def trade_config(tmp: Path, **changes) -> Path:
    """A complete dry-run config on the simulated market, with ``changes`` applied."""
    config = {
        "dry_run": True, "stake_currency": "USDT", "stake_amount": 50, "max_open_trades": 2,
        "timeframe": "1m", "strategy": "SampleStrategy", "user_data_dir": str(tmp / "ud"),
        "db_url": f"sqlite:///{tmp / 'bot.sqlite'}", "initial_state": "running",
        "exchange": {"name": "simulated", "pair_whitelist": ["BTC/USDT", "ETH/USDT"]},
        "entry_pricing": {"price_side": "same"}, "exit_pricing": {"price_side": "same"},
        "pairlists": [{"method": "StaticPairList"}],
    }
    for key, value in changes.items():
        if value is None:
            config.pop(key)
        else:
            config[key] = value
    create_userdir(tmp / "ud")
    path = tmp / "config.json"
    path.write_text(json.dumps(config))
    return path


def _error_lines(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_misspelt_stake_amount_stops_trade_with_a_hint(tmp_path):
    path = trade_config(tmp_path, stake_amount=None, stake_ammount=100)
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert any('stake_ammount: unknown key, did you mean "stake_amount"?' in line
               for line in lines), lines
    assert lines[-1].startswith("stake_amount: missing")
    assert '"stake_ammount" is set: a typo?' in lines[-1]
    assert not (tmp_path / "bot.sqlite").exists()


def test_each_missing_required_key_is_one_line(tmp_path):
    path = trade_config(tmp_path, entry_pricing=None, pairlists=None, dry_run=None)
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert sorted(line.split(":")[0] for line in lines) == ["dry_run", "entry_pricing",
                                                             "pairlists"]


def test_webserver_requires_the_api_server_section(tmp_path):
    path = trade_config(tmp_path, api_server={"enabled": True, "listen_port": 8080})
    lines = _error_lines(run_cli("webserver", "-c", str(path), cwd=tmp_path))
    assert lines == ["api_server: missing listen_ip_address, username, password, "
                     "jwt_secret_key; the section must set enabled, listen_ip_address, "
                     "listen_port, username, password, jwt_secret_key"]


def test_trade_without_any_config_is_one_line(tmp_path):
    lines = _error_lines(run_cli("trade", cwd=tmp_path))
    assert len(lines) == 1 and "freqtrade new-config" in lines[0]


@pytest.mark.parametrize("mode", ["futures", "margin"])
def test_futures_and_margin_are_refused(tmp_path, mode):
    path = trade_config(tmp_path, trading_mode=mode, margin_mode="isolated")
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert len(lines) == 1
    assert lines[0].startswith(f"trading_mode: '{mode}' is not supported yet")


SHORT_STRATEGY = '''
from freqtrade.strategy import IStrategy


class ShortOnly(IStrategy):
    can_short = True
    timeframe = "1m"
    minimal_roi = {"0": 0.1}
    stoploss = -0.1

    def populate_indicators(self, dataframe, metadata):
        return dataframe

    def populate_entry_trend(self, dataframe, metadata):
        dataframe["enter_short"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe, metadata):
        return dataframe
'''


def test_can_short_strategy_is_refused_on_spot(tmp_path):
    path = trade_config(tmp_path, strategy="ShortOnly")
    (tmp_path / "ud" / "strategies" / "short_only.py").write_text(SHORT_STRATEGY)
    lines = _error_lines(run_cli("trade", "-c", str(path), cwd=tmp_path))
    assert "can_short = True" in lines[-1] and "spot" in lines[-1]


SECRETS = {"exchange_api_key": "AK-1111", "exchange_apiKey": "AK-2222",
           "exchange_secret": "SE-3333", "pasword": "PW-4444", "jwt": "JW-5555",
           "ws": "WS-6666", "telegram": "TG-7777", "db": "DB-8888", "typo": "TY-9999"}


def test_show_config_masks_every_secret_looking_value(tmp_path):
    path = trade_config(
        tmp_path,
        exchange={"name": "simulated", "api_key": SECRETS["exchange_api_key"],
                  "apiKey": SECRETS["exchange_apiKey"], "secret": SECRETS["exchange_secret"],
                  "pair_whitelist": ["BTC/USDT"]},
        api_server={"enabled": False, "listen_ip_address": "127.0.0.1", "listen_port": 8080,
                    "username": "me", "password": "x", "pasword": SECRETS["pasword"],
                    "jwt_secret_key": SECRETS["jwt"], "ws_token": [SECRETS["ws"]]},
        telegram={"enabled": False, "token": SECRETS["telegram"], "chat_id": "12345"},
        db_url=f"postgresql+psycopg://bot:{SECRETS['db']}@localhost/trades",
        my_api_secrett=SECRETS["typo"])
    result = run_cli("show-config", "-c", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for value in [*SECRETS.values(), "12345"]:
        assert value not in result.stdout and value not in result.stderr
    shown = json.loads(result.stdout)
    assert shown["exchange"]["api_key"] == "REDACTED"
    assert shown["api_server"]["pasword"] == "REDACTED"
    assert shown["db_url"] == "postgresql+psycopg://bot:REDACTED@localhost/trades"
    assert shown["api_server"]["username"] == "me"
    assert shown["exchange"]["pair_whitelist"] == ["BTC/USDT"]


def test_freqtrade_new_config_output_gets_clear_lines(tmp_path):
    result = run_cli("show-config", "-c", str(NEW_CONFIG), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if " - WARNING - " in line]
    assert len(warnings) == 1, result.stderr
    assert "Accepted but not used by this bot yet:" in warnings[0]
    assert "entry_pricing.use_order_book" in warnings[0]
    # its VolumePairList and fiat_display_currency are applied, so they are not named
    assert "VolumePairList" not in warnings[0] and "fiat_display_currency" not in warnings[0]
    used = [line for line in result.stderr.splitlines() if " - INFO - Using: " in line]
    assert used and "dry-run on binance (spot)" in used[0]
    assert "stake_amount unlimited USDT" in used[0] and "VolumePairList" in used[0]
    assert "s3cret-pass" not in result.stdout


def _wait_for_api(base: str, proc: subprocess.Popen, auth: tuple[str, str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        try:
            if requests.get(f"{base}/api/v1/show_config", auth=auth, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError("the bot's API did not come up within 60 s")


def test_new_config_trades_and_says_what_it_does_not_use_everywhere(tmp_path):
    """freqtrade's own new-config file, moved to the simulated market by environment."""
    create_userdir(tmp_path / "user_data")
    port = free_port()
    logfile = tmp_path / "bot.log"
    env = {"FREQTRADE__EXCHANGE__NAME": "simulated",
           "FREQTRADE__EXCHANGE__PAIR_WHITELIST": '["BTC/USDT", "ETH/USDT"]',
           "FREQTRADE__EXCHANGE__API_KEY": SECRETS["exchange_api_key"],
           "FREQTRADE__API_SERVER__LISTEN_PORT": str(port),
           "FREQTRADE__FIAT_DISPLAY_CURRENCY": "",
           "FREQTRADE__FORCE_ENTRY_ENABLE": "true"}
    auth = ("freqtrader", "s3cret-pass")
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "freqtrade", "trade", "-c", str(NEW_CONFIG), "-s",
         "SampleStrategy", "--logfile", str(logfile),
         "--db-url", f"sqlite:///{tmp_path / 'bot.sqlite'}"],
        cwd=tmp_path, env=_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_api(base, proc, auth)
        logs = requests.get(f"{base}/api/v1/logs", auth=auth, timeout=10).json()["logs"]
        shown = requests.get(f"{base}/api/v1/show_config", auth=auth, timeout=10)
        short = requests.post(f"{base}/api/v1/forceenter", auth=auth, timeout=10,
                              json={"pair": "BTC/USDT", "side": "short"})
        trades = requests.get(f"{base}/api/v1/status", auth=auth, timeout=10).json()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _out, console = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, console = proc.communicate()

    def not_used(line: str) -> bool:
        return "Accepted but not used by this bot yet:" in line and "use_order_book" in line

    assert any(r[3] == "WARNING" and not_used(r[4]) for r in logs), logs
    assert any(" - WARNING - " in line and not_used(line) for line in console.splitlines())
    assert any(" - WARNING - " in line and not_used(line)
               for line in logfile.read_text().splitlines())
    for text in (shown.text, console, logfile.read_text(), json.dumps(logs)):
        for secret in (SECRETS["exchange_api_key"], "s3cret-pass"):
            assert secret not in text
    assert shown.json()["trading_mode"] == "spot" and shown.json()["short_allowed"] is False
    assert short.status_code == 502
    assert short.json() == {"error": "Error querying /api/v1/forceenter: Can't go short on "
                                     "Spot markets."}
    # the refused short opened nothing (the strategy's own long entries may have)
    assert not [t for t in trades if t["is_short"] or t["enter_tag"] == "force_entry"]


@pytest.mark.parametrize("docker", [False, True])
def test_our_new_config_has_every_required_key(tmp_path, docker):
    from freqtrade.configuration import build_config
    from freqtrade.enums import RunMode

    path = tmp_path / "config.json"
    result = run_cli("new-config", "--non-interactive", "-c", str(path), cwd=tmp_path,
                     env={"FT_APP_ENV": "docker"} if docker else {"FT_APP_ENV": ""})
    assert result.returncode == 0, result.stderr
    for mode in (RunMode.DRY_RUN, RunMode.WEBSERVER):
        config = build_config([str(path)], environ={}, runmode=mode)
    assert config["api_server"]["listen_ip_address"] == ("0.0.0.0" if docker else "127.0.0.1")
