"""Build the effective configuration: files -> environment -> command line -> defaults."""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from freqtrade.configuration.defaults import apply_defaults
from freqtrade.configuration.deprecated import map_deprecated_keys
from freqtrade.configuration.exposure import exposure_problems
from freqtrade.configuration.load import load_config_file
from freqtrade.configuration.merge import deep_merge, environment_overrides
from freqtrade.configuration.required import missing_required
from freqtrade.configuration.validate import unused_keys, validate_config, warn_unknown_keys
from freqtrade.enums import TRADE_MODES, RunMode
from freqtrade.exceptions import ConfigurationError

logger = logging.getLogger(__name__)

CLI_KEYS = ("db_url", "strategy", "strategy_path", "user_data_dir", "dry_run", "logfile",
            "verbosity")


MAX_INCLUDE_DEPTH = 5


def _load_with_includes(path: str, depth: int = 0) -> dict:
    """One file plus its ``add_config_files`` (relative to it); the including file wins."""
    config = load_config_file(path)
    includes = config.get("add_config_files")
    if not includes:
        return config
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise ConfigurationError(f"{path}: add_config_files must be a list of file names")
    if depth >= MAX_INCLUDE_DEPTH:
        raise ConfigurationError(f"{path}: add_config_files nested more than "
                                 f"{MAX_INCLUDE_DEPTH} levels deep")
    base = Path(path).parent if path != "-" else Path.cwd()
    merged: dict = {}
    for include in includes:
        merged = deep_merge(merged, _load_with_includes(str(base / include), depth + 1))
    config = deep_merge(merged, config)
    config.pop("add_config_files", None)
    return config


def build_config(files: list[str], cli_overrides: dict | None = None,
                 environ: Mapping[str, str] | None = None,
                 runmode: RunMode | None = None) -> dict:
    """Load, merge, override, default and validate; raises ConfigurationError on problems.

    With a ``runmode`` and config files, the keys that mode requires must be set by the user's
    layers (our defaults never stand in for them); without either (tests, internal callers,
    a utility command run without a config) defaults fill everything.
    """
    config: dict = {}
    errors: list[str] = []
    for path in files:
        try:
            config = deep_merge(config, _load_with_includes(path))
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
    warn_unknown_keys(config)
    problems = missing_required(config, runmode) if runmode is not None and files else []
    apply_defaults(config)
    problems += validate_config(config)
    if not problems and _serves_api(config, runmode):
        problems += exposure_problems(config["api_server"])
    if problems:
        raise ConfigurationError(problems)
    if runmode is not None:
        logger.info("Using: %s", describe_config(config))
    unused = unused_keys(config)
    if unused:
        logger.warning("Accepted but not used by this bot yet: %s", ", ".join(unused))
    config["config_files"] = list(files)
    return config


def _serves_api(config: dict, runmode: RunMode | None) -> bool:
    """``webserver`` always serves the API; ``trade`` when ``api_server.enabled``."""
    api_config = config.get("api_server")
    if not isinstance(api_config, dict):
        return False
    return runmode == RunMode.WEBSERVER or (runmode in TRADE_MODES
                                            and api_config.get("enabled") is True)


def describe_config(config: dict) -> str:
    """One line with the settings that decide what the bot trades, as it will use them."""
    exchange = config.get("exchange") or {}
    methods = [p.get("method") for p in config.get("pairlists") or [] if isinstance(p, dict)]
    whitelist = exchange.get("pair_whitelist") or []
    return (f"{'dry-run' if config.get('dry_run') else 'LIVE trading'} on "
            f"{exchange.get('name')} ({config.get('trading_mode', 'spot')}), "
            f"stake_amount {config.get('stake_amount')} {config.get('stake_currency')}, "
            f"max_open_trades {config.get('max_open_trades')}, "
            f"strategy {config.get('strategy') or '(none set)'}, "
            f"pairlists {', '.join(str(m) for m in methods)} with {len(whitelist)} pairs in "
            f"exchange.pair_whitelist")


class Configuration:
    """Remembers where the configuration came from, so ``reload_config`` can rebuild it."""

    def __init__(self, files: list[str], cli_overrides: dict | None = None,
                 environ: Mapping[str, str] | None = None, runmode: RunMode | None = None):
        self.files = list(files)
        self.cli_overrides = dict(cli_overrides or {})
        self.environ = environ
        self.runmode = runmode

    def load(self) -> dict:
        return build_config(self.files, self.cli_overrides, self.environ, self.runmode)
