"""A bot started from a config file with ``fiat_display_currency`` converts over real HTTP.

CoinGecko is a local server (``coingecko.api_url`` points the bot at it); the bot fetches the
rate when its API attaches, so the first request is already served from the cache.
"""
from __future__ import annotations

import json

from freqtrade.commands.userdir_commands import create_userdir
from tests.e2e.conftest import running_bot, write_config
from tests.fake_coingecko import FakeCoinGecko
from tests.strategy_files import write_quiet_strategy


def test_live_bot_fills_fiat_fields_from_one_coingecko_call(tmp_path, free_port):
    create_userdir(tmp_path / "user_data")
    write_quiet_strategy(tmp_path / "user_data")
    config_file = write_config(tmp_path, free_port())
    with FakeCoinGecko() as gecko:
        config = json.loads(config_file.read_text())
        config.update({"fiat_display_currency": "EUR",
                       "coingecko": {"api_key": "", "is_demo": True, "api_url": gecko.url}})
        config_file.write_text(json.dumps(config))
        with running_bot(config_file) as bot:
            for pair in ("BTC/USDT", "ETH/USDT"):
                entered = bot.post("forceenter", {"pair": pair, "ordertype": "market"})
                assert entered.status_code == 200, entered.text
            exited = bot.post("forceexit", {"tradeid": "1", "ordertype": "market"})
            assert exited.status_code == 200, exited.text
            profit = bot.get("profit").json()
            balance = bot.get("balance").json()
            daily = bot.get("daily", params={"timescale": 2}).json()
            (trade,) = bot.get("status").json()
            for _ in range(10):
                assert bot.get("balance").status_code == 200
        assert (gecko.count("coins/list"), gecko.count("simple/price")) == (1, 1)
    assert profit["profit_closed_coin"] != 0
    assert profit["profit_closed_fiat"] == profit["profit_closed_coin"] * 0.9
    assert profit["profit_all_fiat"] == profit["profit_all_coin"] * 0.9
    assert balance["symbol"] == "EUR" and balance["value"] == balance["total"] * 0.9
    assert balance["value_bot"] == balance["total_bot"] * 0.9
    assert daily["data"][0]["fiat_value"] == daily["data"][0]["abs_profit"] * 0.9 != 0
    assert trade["profit_fiat"] == trade["profit_abs"] * 0.9
