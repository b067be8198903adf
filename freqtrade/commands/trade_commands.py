"""``freqtrade trade`` and ``freqtrade webserver``: start the long-running processes."""
from __future__ import annotations

import argparse
import logging

from freqtrade.commands.common import connect_exchange, load_config_with_logging
from freqtrade.enums import RunMode

logger = logging.getLogger(__name__)


def start_trading(args: argparse.Namespace) -> int:
    """Run the bot loop until SIGINT/SIGTERM; the API server runs beside it when enabled."""
    # live and dry-run require the same keys
    configuration, config = load_config_with_logging(args, RunMode.DRY_RUN)
    # fail at start, in one line, when the exchange is unreachable (the bot makes its own)
    connect_exchange(config).close()
    from freqtrade.worker import Worker

    Worker(configuration, config).run()
    return 0


def start_webserver(args: argparse.Namespace) -> int:
    """Serve the API without a trading bot (runmode ``webserver``)."""
    _configuration, config = load_config_with_logging(args, RunMode.WEBSERVER)
    config["runmode"] = RunMode.WEBSERVER
    from freqtrade.api.server import run_webserver

    run_webserver(config)
    return 0
