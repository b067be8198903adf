"""What ``freqtrade trade`` prints about pairlists: refusals at start, the empty-whitelist why."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.strategy_files import write_strategy

STRATEGY = '''
from freqtrade.strategy import IStrategy


class QuietStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 1}
    stoploss = -0.1

    def populate_indicators(self, dataframe, metadata):
        return dataframe

    def populate_entry_trend(self, dataframe, metadata):
        return dataframe

    def populate_exit_trend(self, dataframe, metadata):
        return dataframe
'''


def write_config(tmp_path: Path, pairlists: list[dict], whitelist: list[str],
                 blacklist: list[str]) -> Path:
    write_strategy(tmp_path / "user_data", "quiet_strategy.py", STRATEGY)
    path = tmp_path / "config.json"
    path.write_text(json.dumps({
        "stake_currency": "USDT", "stake_amount": 10, "dry_run": True, "max_open_trades": 2,
        "strategy": "QuietStrategy", "user_data_dir": str(tmp_path / "user_data"),
        "db_url": f"sqlite:///{tmp_path / 'trades.sqlite'}", "initial_state": "running",
        "internals": {"process_throttle_secs": 1},
        "entry_pricing": {"price_side": "same"}, "exit_pricing": {"price_side": "same"},
        "exchange": {"name": "simulated", "pair_whitelist": whitelist,
                     "pair_blacklist": blacklist},
        "pairlists": pairlists}))
    return path


def test_unsupported_pairlist_is_one_line_naming_it(tmp_path):
    config = write_config(tmp_path, [{"method": "StaticPairList"},
                                     {"method": "RemotePairList"}], ["BTC/USDT"], [])
    result = subprocess.run([sys.executable, "-m", "freqtrade", "trade", "-c", str(config)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    # besides the start's " - INFO - Using: ..." summary, the refusal is the one line printed
    lines = [line for line in result.stderr.splitlines()
             if line.strip() and " - INFO - " not in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('Pairlist "RemotePairList" is not supported by this bot.')
    assert not (tmp_path / "trades.sqlite").exists()  # refused before anything started


def test_empty_whitelist_reason_is_printed_at_warning(tmp_path):
    config = write_config(tmp_path, [{"method": "VolumePairList", "number_assets": 3},
                                     {"method": "SpreadFilter", "max_spread_ratio": 0.0001}],
                          [], ["BTC/.*"])
    process = subprocess.Popen([sys.executable, "-m", "freqtrade", "trade", "-c", str(config)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    seen = []
    deadline = time.monotonic() + 60
    try:
        for line in process.stderr:
            seen.append(line)
            if "whitelist is empty" in line or time.monotonic() > deadline:
                break
    finally:
        process.terminate()
        process.wait(30)
    warning = [line for line in seen if "whitelist is empty" in line]
    assert warning, "".join(seen)
    assert " - WARNING - The whitelist is empty: SpreadFilter removed the last 3 pairs (" \
        in warning[0]
    assert "No new trades will be opened." in warning[0]
