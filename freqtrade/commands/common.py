"""What several sub-commands share: turning CLI arguments into a loaded configuration."""
from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from freqtrade.constants import DEFAULT_CONFIG
from freqtrade.enums import RunMode
from freqtrade.exceptions import ConfigurationError, OperationalException

logger = logging.getLogger(__name__)

_CLI_KEYS = ("db_url", "strategy", "strategy_path", "user_data_dir", "dry_run", "logfile",
             "verbosity")


def config_files(args: argparse.Namespace, runmode: RunMode | None = None) -> list[str]:
    """The files given with -c, else ``config.json`` when present, else none (defaults).

    Trading and serving need a real config: without one they stop with one line.
    """
    if getattr(args, "config", None):
        return list(args.config)
    if Path(DEFAULT_CONFIG).is_file():
        return [DEFAULT_CONFIG]
    if runmode is not None and runmode != RunMode.OTHER:
        raise ConfigurationError(
            f'No --config given and no {DEFAULT_CONFIG} here: create one with "freqtrade '
            'new-config" or pass an existing file with --config.')
    logger.info("No --config given and no %s here: using built-in defaults.", DEFAULT_CONFIG)
    return []


def cli_overrides(args: argparse.Namespace) -> dict:
    return {key: getattr(args, key) for key in _CLI_KEYS if getattr(args, key, None) is not None}


def make_configuration(args: argparse.Namespace, runmode: RunMode | None = None):
    """A re-loadable Configuration for these arguments (``reload_config`` calls ``.load()``).

    ``runmode`` decides which keys the config files must set (see ``configuration.required``).
    """
    from freqtrade.configuration import Configuration

    return Configuration(config_files(args, runmode), cli_overrides(args), runmode=runmode)


class _Held(logging.Handler):
    """Keeps records until logging is set up, so they reach every handler it installs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _hold_log_records() -> Iterator[_Held]:
    root = logging.getLogger()
    held, level = _Held(), root.level
    root.addHandler(held)
    root.setLevel(logging.DEBUG)
    try:
        yield held
    finally:
        root.removeHandler(held)
        root.setLevel(level)


def _replay(records: list[logging.LogRecord]) -> None:
    root = logging.getLogger()
    for record in records:
        if record.levelno >= root.getEffectiveLevel():
            root.handle(record)


def load_config_with_logging(args: argparse.Namespace,
                             runmode: RunMode | None = None) -> tuple[object, dict]:
    """Load the config, set up logging from it, then log what loading had to say.

    Warnings raised while reading the files (typos, settings not used yet) are held back
    until the console, the log file and the ``/logs`` buffer exist, so each of them gets them.
    On a config error logging goes to the console and the held lines come before the error.
    """
    from freqtrade.loggers import setup_logging

    try:
        with _hold_log_records() as held:
            configuration = make_configuration(args, runmode)
            config = configuration.load()
    except ConfigurationError:
        setup_logging(getattr(args, "verbosity", 0) or 0)
        _replay(held.records)
        raise
    try:
        logfile = config.get("logfile")
        if logfile:  # as freqtrade: the log file's folder is created
            Path(logfile).parent.mkdir(parents=True, exist_ok=True)
        setup_logging(config.get("verbosity", 0) or 0, logfile)
    except OSError as exc:
        setup_logging(config.get("verbosity", 0) or 0)
        _replay(held.records)
        raise OperationalException(
            f"Cannot write the log file {logfile}: {exc.strerror} ({exc.filename}).") from None
    _replay(held.records)
    return configuration, config


def connect_exchange(config: dict):
    """The config's exchange with its markets loaded (retried a few times, so bounded).

    An exchange that cannot be reached stops the command with one line instead of a
    traceback (download-data) or a bot retrying forever without markets (trade).
    """
    from freqtrade.exceptions import ExchangeError
    from freqtrade.exchange import create_exchange

    exchange = create_exchange(config)
    try:
        exchange.markets  # noqa: B018 - loads them
    except ExchangeError as exc:
        exchange.close()
        name = (config.get("exchange") or {}).get("name")
        raise OperationalException(
            f"Could not reach {name}: {exc}. Check your network (or a proxy in "
            'exchange.ccxt_config), or use the offline market with exchange.name "simulated".'
        ) from None
    return exchange
