"""``freqtrade trade`` connects the exchange once at start: the reachability check's exchange,
markets loaded, is the one the first bot trades on; a configuration reload builds a new one."""
from __future__ import annotations

import json

from freqtrade.commands.common import connect_exchange
from freqtrade.configuration import Configuration
from freqtrade.enums import State
from freqtrade.worker import Worker
from tests.restart.bot_process import write_config


def test_first_bot_trades_on_the_given_exchange_and_a_reload_connects_a_new_one(tmp_path):
    config_file = write_config(tmp_path, tmp_path / "tradesv3.sqlite")
    config = json.loads(config_file.read_text())
    config["api_server"]["enabled"] = False
    config_file.write_text(json.dumps(config))
    configuration = Configuration([str(config_file)], environ={})
    config = configuration.load()
    exchange = connect_exchange(config)
    markets = exchange.markets
    worker = Worker(configuration, config, exchange=exchange)
    try:
        assert worker.bot.exchange is exchange
        assert worker.bot.exchange.markets is markets  # not loaded a second time
        worker.step()  # starts the bot and runs one iteration on it
        assert worker.bot.last_process is not None

        worker.bot.state = State.RELOAD_CONFIG
        worker.step()  # the reload: the old bot (and its exchange) is cleaned up
        assert worker.bot.exchange is not exchange
        assert worker.bot.exchange.markets
        worker.step()
        assert worker.bot.last_process is not None
    finally:
        worker.cleanup()
