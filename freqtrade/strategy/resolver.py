"""Find and load strategy classes from ``user_data/strategies`` (and ``strategy_path``).

Each file is imported on its own, so one broken file does not hide the others; a missing
class lists what is available, a syntax error names the file and line.
"""
from __future__ import annotations

import importlib.util
import inspect
import logging
import sys
from pathlib import Path
from typing import Any

from freqtrade.configuration.deprecated import map_deprecated_keys
from freqtrade.constants import USERPATH_STRATEGIES
from freqtrade.exceptions import OperationalException
from freqtrade.strategy.hyper import apply_special_params, read_parameter_file
from freqtrade.strategy.interface import IStrategy

logger = logging.getLogger(__name__)

# config keys that override the strategy's attribute of the same name
OVERRIDABLE = ("minimal_roi", "timeframe", "stoploss", "trailing_stop",
               "trailing_stop_positive", "trailing_stop_positive_offset",
               "trailing_only_offset_is_reached", "use_custom_stoploss",
               "process_only_new_candles", "order_types", "order_time_in_force",
               "unfilledtimeout", "use_exit_signal", "exit_profit_only", "exit_profit_offset",
               "ignore_roi_if_entry_signal", "startup_candle_count",
               "position_adjustment_enable", "max_entry_position_adjustment",
               "ignore_buying_expired_candle_after")
STRATEGY_TO_CONFIG = ("minimal_roi", "timeframe", "stoploss", "trailing_stop",
                      "trailing_stop_positive", "trailing_stop_positive_offset",
                      "trailing_only_offset_is_reached", "use_custom_stoploss",
                      "order_types", "order_time_in_force", "use_exit_signal",
                      "exit_profit_only", "exit_profit_offset", "ignore_roi_if_entry_signal",
                      "startup_candle_count", "position_adjustment_enable",
                      "max_entry_position_adjustment", "process_only_new_candles")


# 2021 strategy attribute names and today's (freqtrade maps them in spot mode, with a warning)
DEPRECATED_ATTRIBUTES = {"sell_profit_only": "exit_profit_only",
                         "sell_profit_offset": "exit_profit_offset",
                         "use_sell_signal": "use_exit_signal",
                         "ignore_roi_if_buy_signal": "ignore_roi_if_entry_signal"}


def map_deprecated_attributes(strategy: IStrategy) -> None:
    """Copy 2021 attribute values (``use_sell_signal`` ...) onto today's names; rename the
    ``buy``/``sell`` keys of ``order_types`` and ``order_time_in_force``."""
    for old, new in DEPRECATED_ATTRIBUTES.items():
        if hasattr(strategy, old):
            logger.warning("DEPRECATED: Using '%s' moved to '%s'.", old, new)
            setattr(strategy, new, getattr(strategy, old))
    sections = {"order_types": dict(strategy.order_types),
                "order_time_in_force": dict(strategy.order_time_in_force or {})}
    map_deprecated_keys(sections)
    strategy.order_types = sections["order_types"]
    strategy.order_time_in_force = sections["order_time_in_force"]


class _ImportFailure(Exception):
    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


def strategy_directories(config: dict) -> list[Path]:
    dirs = []
    if config.get("strategy_path"):
        dirs.append(Path(config["strategy_path"]))
    dirs.append(Path(config.get("user_data_dir", "user_data")) / USERPATH_STRATEGIES)
    return dirs


def _module_name(path: Path) -> str:
    return f"freqtrade_user_strategy_{abs(hash(str(path.resolve())))}_{path.stem}"


def _import_file(path: Path):
    """Import one strategy file in isolation; failures carry the file and line."""
    spec = importlib.util.spec_from_file_location(_module_name(path), path)
    if spec is None or spec.loader is None:
        raise _ImportFailure(path, f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(spec.name, None)
        raise _ImportFailure(path, f"{path}: syntax error on line {exc.lineno}: "
                                   f"{exc.msg}") from None
    except Exception as exc:
        sys.modules.pop(spec.name, None)
        raise _ImportFailure(path, f"{path}: could not be imported: "
                                   f"{type(exc).__name__}: {exc}") from None
    return module


def _strategy_classes(module) -> list[type[IStrategy]]:
    return [obj for _name, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, IStrategy) and obj is not IStrategy
            and obj.__module__ == module.__name__ and not inspect.isabstract(obj)]


def _files(directory: Path, recursive: bool) -> list[Path]:
    if not directory.is_dir():
        return []
    pattern = "**/*.py" if recursive else "*.py"
    return sorted(p for p in directory.glob(pattern) if not p.name.startswith("__"))


def search_all_strategies(directory: Path, recursive: bool = False) -> list[dict[str, Any]]:
    """Every strategy class in ``directory``: ``{name, location, class, error}``."""
    found: list[dict[str, Any]] = []
    for path in _files(Path(directory), recursive):
        try:
            module = _import_file(path)
        except _ImportFailure as exc:
            found.append({"name": None, "location": path, "class": None, "error": exc.message})
            continue
        for cls in _strategy_classes(module):
            found.append({"name": cls.__name__, "location": path, "class": cls,
                          "error": None})
    return found


def find_strategy_class(name: str | None, config: dict) -> tuple[type[IStrategy], Path]:
    """The class called ``name`` in the strategy folders, or a clear OperationalException."""
    if not name:
        raise OperationalException("No strategy set. Use --strategy or the `strategy` config "
                                   "key.")
    if ":" in name or "/" in name or "\\" in name:
        raise OperationalException(f"Invalid strategy name '{name}'.")
    recursive = bool(config.get("recursive_strategy_search"))
    available: list[str] = []
    failures: list[str] = []
    for directory in strategy_directories(config):
        for item in search_all_strategies(directory, recursive):
            if item["error"]:
                failures.append(item["error"])
            elif item["name"] == name:
                return item["class"], item["location"]
            else:
                available.append(item["name"])
    message = (f"Impossible to load Strategy '{name}'. This class does not exist or contains "
               f"Python code errors. Available strategies: "
               f"{', '.join(sorted(set(available))) or 'none'}.")
    if failures:
        message += " Files that failed to load: " + "; ".join(failures)
    raise OperationalException(message)


def _refuse_conflicting_price_callbacks(cls: type[IStrategy]) -> None:
    """adjust_order_price replaces adjust_entry_price/adjust_exit_price: both is an error."""
    def overrides(name: str) -> bool:
        return getattr(cls, name) is not getattr(IStrategy, name)

    if overrides("adjust_order_price") and (overrides("adjust_entry_price")
                                            or overrides("adjust_exit_price")):
        raise OperationalException(
            f"Strategy {cls.__name__} implements `adjust_order_price` together with "
            "`adjust_entry_price`/`adjust_exit_price`, which it would then never call: "
            "implement one or the other.")


class StrategyResolver:
    @staticmethod
    def load_strategy(config: dict, name: str | None = None) -> IStrategy:
        """Instantiate the configured strategy; config values override its attributes.

        The effective values are written back into ``config`` so ``/show_config`` shows what
        the bot really uses.
        """
        name = name or config.get("strategy")
        cls, path = find_strategy_class(name, config)
        params = read_parameter_file(path, cls.__name__)
        strategy = cls(config)
        strategy.source_file = strategy.__file__ = str(path)
        map_deprecated_attributes(strategy)
        _refuse_conflicting_price_callbacks(cls)
        strategy.ft_load_parameters(params)
        apply_special_params(strategy, params)
        for key in OVERRIDABLE:
            if config.get(key) is None:
                continue
            value = config[key]
            if key == "order_types":
                value = {**strategy.order_types, **value}
            if key == "minimal_roi":
                value = {str(k): v for k, v in value.items()}
            setattr(strategy, key, value)
        for key in STRATEGY_TO_CONFIG:
            config[key] = getattr(strategy, key)
        # no built-in order timeout, as in freqtrade: the config's, else the strategy's, else none
        strategy_timeout = getattr(strategy, "unfilledtimeout", None)
        if config.get("unfilledtimeout") is None and strategy_timeout is not None:
            config["unfilledtimeout"] = dict(strategy_timeout)
        if strategy.can_short and config.get("trading_mode", "spot") == "spot":
            raise OperationalException(
                f"Strategy {cls.__name__} sets can_short = True, but short strategies cannot "
                "run on spot markets (trading_mode is spot). Set can_short = False in the "
                "strategy to run it on spot; its short signals are then ignored.")
        config["strategy"] = cls.__name__
        logger.info("Using strategy %s from %s", cls.__name__, path)
        return strategy
