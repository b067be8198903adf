"""Forced entries never spend other than the stake asked for (beyond freqtrade, which shrinks an
oversized ``stakeamount`` to the free balance without a word).

A ``stakeamount`` above the available stake is a 400 ``{"detail": ...}`` and opens nothing;
``"stake_all_available": true`` is how a caller asks for whatever is left; no ``stakeamount``
keeps the configured stake. The official freqtrade-client (reference venv) still opens trades
with normal amounts and reads the refusal as JSON. One real bot serves the module.
"""
from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.live_bot import LiveBot
from tests.reference import require_python

WHOLE_WALLET_AT_LEAST = 900  # of the 1000 USDT dry-run wallet, after exits near the entry price
REFUSAL_END = ('USDT). Send a smaller stakeamount, or "stake_all_available": true to stake '
               "what is available.")


@pytest.fixture
def bot(live_bot: LiveBot) -> LiveBot:
    """This module's own bot (``live_bot`` is module-scoped)."""
    return live_bot


@pytest.fixture(autouse=True)
def no_open_trades(bot: LiveBot) -> Iterator[None]:
    """After each test: every trade exited and deleted, and the wallet whole again (an exit
    can settle a moment after its answer; the next test must not meet a spent wallet)."""
    yield
    for trade in bot.get("status").json():
        exited = bot.post("forceexit", json={"tradeid": trade["trade_id"], "ordertype": "market"})
        assert exited.status_code == 200, exited.text
    deadline = time.monotonic() + 30
    while bot.get("status").json() or available_stake(bot) < WHOLE_WALLET_AT_LEAST:
        assert time.monotonic() < deadline, (bot.get("status").json(), available_stake(bot))
        time.sleep(0.1)
    for trade in bot.get("trades").json()["trades"]:
        bot.delete(f"trades/{trade['trade_id']}")


def available_stake(bot: LiveBot) -> float:
    return bot.bot.wallets.get_available_stake_amount()


@pytest.mark.parametrize("path", ["forceenter", "forcebuy"])
def test_stake_above_the_available_stake_is_refused_with_400(bot, path):
    before = available_stake(bot)
    response = bot.post(path, json={"pair": "BTC/USDT", "stakeamount": 1e300})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "stakeamount 1e+300 USDT is more than the available "
                                         f"stake ({before:.8f} {REFUSAL_END}"}
    assert bot.get("status").json() == []
    assert available_stake(bot) == before


def test_just_above_the_available_stake_is_refused_too(bot):
    available = available_stake(bot)
    response = bot.post("forceenter", json={"pair": "ETH/USDT", "stakeamount": available + 1})
    assert response.status_code == 400
    assert response.json()["detail"].endswith(REFUSAL_END)
    assert bot.get("status").json() == []


def test_stake_all_available_spends_what_is_left(bot):
    available = available_stake(bot)
    response = bot.post("forceenter", json={"pair": "SOL/USDT", "stakeamount": 1e300,
                                            "stake_all_available": True})
    assert response.status_code == 200, response.text
    assert response.json()["stake_amount"] == pytest.approx(available, rel=1e-6)
    refused = bot.post("forceenter", json={"pair": "XRP/USDT", "stakeamount": 10})
    assert refused.status_code == 400 and "available stake (0.00000000 USDT)" in \
        refused.json()["detail"]


def test_stake_all_available_without_stakeamount_takes_the_whole_available_stake(bot):
    available = available_stake(bot)
    response = bot.post("forceenter", json={"pair": "ADA/USDT", "stake_all_available": True})
    assert response.status_code == 200, response.text
    assert response.json()["stake_amount"] == pytest.approx(available, rel=1e-6)


def test_without_stakeamount_the_configured_stake_is_used(bot):
    response = bot.post("forceenter", json={"pair": "BTC/USDT"})
    assert response.status_code == 200, response.text
    assert response.json()["stake_amount"] == pytest.approx(50)


def test_stake_all_available_takes_only_json_booleans(bot):
    response = bot.post("forceenter", json={"pair": "BTC/USDT", "stake_all_available": "yes"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "stake_all_available"]
    assert bot.get("status").json() == []


OFFICIAL_CLIENT = """
import json, sys
from freqtrade_client import FtRestClient
url, user, password = sys.argv[1:4]
client = FtRestClient(url, user, password)
normal = client.forceenter("ETH/USDT", "long", stake_amount=40)
huge = client.forceenter("BTC/USDT", "long", stake_amount=1e300)
print(json.dumps({"normal": normal, "huge": huge}))
"""


def test_official_client_opens_normal_amounts_and_reads_the_refusal(bot):
    username, password = bot.auth
    result = subprocess.run(
        [str(require_python()), "-c", OFFICIAL_CLIENT, bot.base_url, username, password],
        capture_output=True, text=True, timeout=120, cwd="/")
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["normal"]["pair"] == "ETH/USDT"
    assert answers["normal"]["stake_amount"] == pytest.approx(40)
    assert answers["huge"]["detail"].startswith("stakeamount 1e+300 USDT is more than")
    assert [t["pair"] for t in bot.get("status").json()] == ["ETH/USDT"]
