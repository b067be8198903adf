"""A running bot whose strategy has a CooldownPeriod: after a forced round trip, /locks shows
freqtrade's locks, the loop's signal entries on the pair are held back, and a forced entry is
still accepted (freqtrade's forced entries do not consult locks)."""
import json
import time

import pytest

from freqtrade.commands.userdir_commands import create_userdir
from tests.e2e.conftest import running_bot, write_config

COOLDOWN_STRATEGY = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class CooldownStrategy(IStrategy):
    timeframe = "1m"
    minimal_roi = {"0": 100.0}
    stoploss = -0.99
    process_only_new_candles = False  # signals set by the test apply at the next loop
    protections = [{"method": "CooldownPeriod", "stop_duration_candles": 10}]

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = int(metadata["pair"] in self.config.get("_enter_pairs", ()))
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
'''
LOCK_KEYS = {"id", "pair", "lock_time", "lock_timestamp", "lock_end_time",
             "lock_end_timestamp", "reason", "side", "active"}


@pytest.fixture(scope="module")
def cooldown_bot(tmp_path_factory, free_port):
    tmp = tmp_path_factory.mktemp("protections")
    create_userdir(tmp / "user_data")
    (tmp / "user_data" / "strategies" / "cooldown_strategy.py").write_text(COOLDOWN_STRATEGY)
    path = write_config(tmp, free_port())
    config = json.loads(path.read_text())
    config["strategy"] = "CooldownStrategy"
    path.write_text(json.dumps(config))
    with running_bot(path, loop_pause=0.2) as live:
        yield live


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_cooldown_lock_after_a_forced_round_trip(cooldown_bot):
    live = cooldown_bot
    while time.time() % 60 > 45:  # the auto lock ends at the next minute: leave it time
        time.sleep(0.5)
    trade = ok(live.post("forceenter", {"pair": "SOL/USDT", "ordertype": "market"}))
    ok(live.post("forceexit", {"tradeid": trade["trade_id"], "ordertype": "market"}))
    body = ok(live.get("locks"))
    assert body["lock_count"] == 2 == len(body["locks"])
    auto, cooldown = body["locks"]
    assert set(auto) == set(cooldown) == LOCK_KEYS
    assert (auto["pair"], auto["side"], auto["reason"]) == ("SOL/USDT", "long", "Auto lock")
    assert (cooldown["pair"], cooldown["side"], cooldown["reason"]) == (
        "SOL/USDT", "*", "Cooldown period for for 10 candles.")
    assert auto["active"] is cooldown["active"] is True
    # both end on a 1m candle boundary; the cooldown 10 candles after the close
    assert auto["lock_end_timestamp"] % 60000 == cooldown["lock_end_timestamp"] % 60000 == 0
    closed = ok(live.get(f"trade/{trade['trade_id']}"))
    assert 0 < cooldown["lock_end_timestamp"] - closed["close_timestamp"] <= 11 * 60000

    # the loop sees an entry signal on the locked pair and on a free one: only the free one
    live.bot.config["_enter_pairs"] = ["SOL/USDT", "XRP/USDT"]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        open_pairs = {t["pair"] for t in ok(live.get("status"))}
        if "XRP/USDT" in open_pairs:
            break
        time.sleep(0.2)
    loops_before = live.bot.last_process
    while live.bot.last_process == loops_before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {t["pair"] for t in ok(live.get("status"))} == {"XRP/USDT"}

    # as in freqtrade, a forced entry is not refused by the lock
    forced = ok(live.post("forceenter", {"pair": "SOL/USDT", "ordertype": "market"}))
    assert forced["pair"] == "SOL/USDT" and forced["is_open"] is True


def test_protections_are_not_part_of_show_config_or_strategy(cooldown_bot):
    assert "protections" not in ok(cooldown_bot.get("show_config"))
    strategy = ok(cooldown_bot.get("strategy/CooldownStrategy"))
    assert set(strategy) == {"strategy", "timeframe", "code", "params"}
