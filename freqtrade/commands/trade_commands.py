"""``freqtrade trade`` and ``freqtrade webserver``: start the long-running processes."""
from __future__ import annotations

import argparse
import logging
import signal
import threading

from freqtrade.commands.common import connect_exchange, load_config_with_logging
from freqtrade.enums import RunMode
from freqtrade.util import start_stop

logger = logging.getLogger(__name__)


def start_trading(args: argparse.Namespace) -> int:
    """Run the bot loop until SIGINT/SIGTERM; the API server runs beside it when enabled.

    A SIGTERM while the bot is still starting (``docker stop`` right after a start) ends the
    start at its next step (``start_stop``): what was built is torn down and the process
    exits 0. Once the loop runs, the worker's own handlers make a stop finish the current
    step first.
    """
    if threading.current_thread() is threading.main_thread():
        start_stop.reset()
        signal.signal(signal.SIGTERM, start_stop.on_signal)
        # Ctrl-C interrupts the start, and so does the grace interrupt of a SIGTERM, also in
        # a process that inherited SIGINT ignored (started with "&" by a script), where
        # Python leaves it ignored; the loop installs its own handler for it anyway
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # live and dry-run require the same keys
    configuration, config = load_config_with_logging(args, RunMode.DRY_RUN)
    start_stop.checkpoint()
    # fail at start, in one line, when the exchange is unreachable; the bot then trades on
    # the exchange this check connected, so the markets are loaded once
    exchange = connect_exchange(config)
    try:
        start_stop.checkpoint()
    except KeyboardInterrupt:
        exchange.close()
        raise
    from freqtrade.worker import Worker

    Worker(configuration, config, exchange=exchange).run()
    return 0


def start_webserver(args: argparse.Namespace) -> int:
    """Serve the API without a trading bot (runmode ``webserver``)."""
    _configuration, config = load_config_with_logging(args, RunMode.WEBSERVER)
    config["runmode"] = RunMode.WEBSERVER
    from freqtrade.api.server import run_webserver

    run_webserver(config)
    return 0
