"""What several sub-commands share: turning CLI arguments into a loaded configuration."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from freqtrade.constants import DEFAULT_CONFIG

logger = logging.getLogger(__name__)

_CLI_KEYS = ("db_url", "strategy", "strategy_path", "user_data_dir", "dry_run", "logfile",
             "verbosity")


def config_files(args: argparse.Namespace) -> list[str]:
    """The files given with -c, else ``config.json`` when present, else none (defaults)."""
    if getattr(args, "config", None):
        return list(args.config)
    if Path(DEFAULT_CONFIG).is_file():
        return [DEFAULT_CONFIG]
    logger.info("No --config given and no %s here: using built-in defaults.", DEFAULT_CONFIG)
    return []


def cli_overrides(args: argparse.Namespace) -> dict:
    return {key: getattr(args, key) for key in _CLI_KEYS if getattr(args, key, None) is not None}


def make_configuration(args: argparse.Namespace):
    """A re-loadable Configuration for these arguments (``reload_config`` calls ``.load()``)."""
    from freqtrade.configuration import Configuration

    return Configuration(config_files(args), cli_overrides(args))


SECRET_KEYS = {"key", "secret", "password", "jwt_secret_key", "ws_token", "token", "apiKey",
               "uid", "privateKey", "walletAddress"}


def mask_secrets(value, key: str | None = None):
    """Copy of a config with every secret-looking value replaced, for printing."""
    if isinstance(value, dict):
        return {k: mask_secrets(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v, key) for v in value]
    if key in SECRET_KEYS and value not in ("", None, []):
        return "REDACTED"
    return value
