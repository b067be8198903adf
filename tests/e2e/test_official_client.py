"""The official freqtrade-client 2026.9 at volume against a live bot: no answer is lost.

The client sends a JSON body (``null`` when it has nothing to send) on every request, GETs
included, and reuses its keep-alive connection. Every method our API serves runs 100 times back
to back through the reference venv's client; read-only calls and safe controls only, plus
trading calls whose target does not exist (they still answer), on this module's throwaway bot.
"""
from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.reference import require_python

LOOP = Path(__file__).with_name("official_client_loop.py")
ROUNDS = 100
MISSING = 999_999  # a trade / lock id that does not exist: the call answers with an error


def client_calls() -> list[list]:
    until = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%SZ")
    calls: list[tuple] = [
        ("ping",), ("version",), ("show_config",), ("health",), ("sysinfo",),
        ("status",), ("count",), ("balance",), ("profit",), ("stats",), ("performance",),
        ("entries",), ("exits",), ("mix_tags",), ("daily", [3]), ("weekly",), ("monthly",),
        ("locks",), ("logs", [5]), ("trades",), ("trades", [10, 0]), ("trade", [1]),
        ("list_open_trades_custom_data",), ("list_custom_data", [1]),
        ("whitelist",), ("blacklist",), ("strategies",), ("strategy", ["QuietStrategy"]),
        ("pairlists_available",), ("plot_config",), ("available_pairs",),
        ("pair_candles", ["BTC/USDT", "1m", 5]), ("pair_candles", ["BTC/USDT", "1m", 5, []]),
        ("pair_history", ["BTC/USDT", "1m", "QuietStrategy"]),
        ("lock_add", ["ADA/USDT", until, "*", "volume"]), ("delete_lock", [MISSING]),
        ("blacklist", ["LTC/USDT"]), ("forceexit", [MISSING]),
        ("cancel_open_order", [MISSING]), ("delete_trade", [MISSING]),
        ("stopbuy",), ("stop",), ("start",),
    ]
    return [[call[0], list(call[1]) if len(call) > 1 else [], {}] for call in calls]


def run_official_client(live_bot, rounds: int) -> dict[str, dict]:
    username, password = live_bot.auth
    spec = {"url": live_bot.base_url, "username": username, "password": password,
            "rounds": rounds, "calls": client_calls()}
    result = subprocess.run([str(require_python()), str(LOOP), json.dumps(spec)],
                            capture_output=True, text=True, timeout=170, cwd="/")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_official_client_loses_no_answer_at_volume(live_bot):
    counts = run_official_client(live_bot, ROUNDS)
    lost = {method: entry for method, entry in counts.items() if entry["lost"]}
    total = sum(entry["calls"] for entry in counts.values())
    print(f"\nofficial client: {total} calls over {len(counts)} methods, "
          f"{sum(entry['lost'] for entry in lost.values())} lost: "
          + (", ".join(f"{m} {e['lost']}/{e['calls']}" for m, e in sorted(lost.items()))
             or "none"))
    assert len(counts) == len({call[0] for call in client_calls()})
    assert all(entry["calls"] >= ROUNDS for entry in counts.values())
    assert lost == {}
