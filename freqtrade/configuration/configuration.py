"""Build the effective configuration: files -> environment -> command line -> defaults."""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from freqtrade.configuration.defaults import apply_defaults
from freqtrade.configuration.deprecated import map_deprecated_keys
from freqtrade.configuration.load import load_config_file
from freqtrade.configuration.merge import deep_merge, environment_overrides
from freqtrade.configuration.validate import unused_keys, validate_config, warn_unknown_keys
from freqtrade.exceptions import ConfigurationError

logger = logging.getLogger(__name__)

CLI_KEYS = ("db_url", "strategy", "strategy_path", "user_data_dir", "dry_run", "logfile",
            "verbosity")


def build_config(files: list[str], cli_overrides: dict | None = None,
                 environ: Mapping[str, str] | None = None) -> dict:
    """Load, merge, override, default and validate; raises ConfigurationError on problems."""
    config: dict = {}
    errors: list[str] = []
    for path in files:
        try:
            config = deep_merge(config, load_config_file(path))
        except ConfigurationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ConfigurationError(errors)
    config = map_deprecated_keys(config)
    env = environment_overrides(os.environ if environ is None else environ)
    config = deep_merge(config, map_deprecated_keys(env))
    for key, value in (cli_overrides or {}).items():
        if key in CLI_KEYS and value is not None:
            config[key] = value
    apply_defaults(config)
    problems = validate_config(config)
    if problems:
        raise ConfigurationError(problems)
    warn_unknown_keys(config)
    unused = unused_keys(config)
    if unused:
        logger.info("Accepted but not used by this bot yet: %s", ", ".join(unused))
    config["config_files"] = list(files)
    return config


class Configuration:
    """Remembers where the configuration came from, so ``reload_config`` can rebuild it."""

    def __init__(self, files: list[str], cli_overrides: dict | None = None,
                 environ: Mapping[str, str] | None = None):
        self.files = list(files)
        self.cli_overrides = dict(cli_overrides or {})
        self.environ = environ

    def load(self) -> dict:
        return build_config(self.files, self.cli_overrides, self.environ)
