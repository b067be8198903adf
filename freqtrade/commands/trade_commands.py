"""``freqtrade trade`` and ``freqtrade webserver``: start the long-running processes."""
from __future__ import annotations

import argparse
import logging

from freqtrade.commands.common import make_configuration
from freqtrade.enums import RunMode
from freqtrade.loggers import setup_logging

logger = logging.getLogger(__name__)


def start_trading(args: argparse.Namespace) -> int:
    """Run the bot loop until SIGINT/SIGTERM; the API server runs beside it when enabled."""
    configuration = make_configuration(args)
    config = configuration.load()
    setup_logging(config.get("verbosity", 0) or 0, config.get("logfile"))
    from freqtrade.worker import Worker

    Worker(configuration, config).run()
    return 0


def start_webserver(args: argparse.Namespace) -> int:
    """Serve the API without a trading bot (runmode ``webserver``)."""
    configuration = make_configuration(args)
    config = configuration.load()
    config["runmode"] = RunMode.WEBSERVER
    setup_logging(config.get("verbosity", 0) or 0, config.get("logfile"))
    from freqtrade.api.route_tables import all_routes
    from freqtrade.api.standalone import run_webserver

    run_webserver(config, all_routes())
    return 0
