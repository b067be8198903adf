"""Where a strategy's hyperoptable parameters get their values, as freqtrade decides it.

For each parameter space (``buy``, ``sell``, ``protection``, or any space a parameter names),
the value comes from, first to last: the strategy's ``.json`` parameter file (``params.<space>``),
the strategy class's ``<space>_params`` dict (what hyperopt prints for pasting into the file),
the parameter's default. A parameter created with ``load=False`` keeps its default.
The file's ``roi``, ``stoploss``, ``trailing`` and ``max_open_trades`` sections set those
strategy attributes (the config still overrides them).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from freqtrade.exceptions import OperationalException
from freqtrade.strategy.parameters import BaseParameter

logger = logging.getLogger(__name__)

# spaces recognised from a parameter's name prefix (``buy_rsi`` -> ``buy``)
AUTO_SPACES = ("buy", "sell", "enter", "exit", "protection")

SpaceParams = dict[str, dict[str, BaseParameter]]


def read_parameter_file(strategy_file: Path, class_name: str) -> dict[str, Any]:
    """The ``params`` section of ``<strategy file>.json``; {} when there is none.

    A file written for another strategy class is refused (it would silently trade other
    values); a file that is not JSON is ignored with a warning.
    """
    path = Path(strategy_file).with_suffix(".json")
    if not path.is_file():
        return {}
    logger.info("Loading parameters from file %s", path)
    try:
        # hyperopt writes NaN/Infinity for non-finite values; json accepts them
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        logger.warning("Invalid parameter file format.")
        return {}
    if not isinstance(data, dict) or data.get("strategy_name") != class_name:
        raise OperationalException(f"Invalid parameter file provided: {path} is not a "
                                   f"parameter file of strategy {class_name}.")
    params = data.get("params", {})
    return params if isinstance(params, dict) else {}


def detect_parameters(strategy: Any) -> SpaceParams:
    """Every parameter of the strategy class by space, in freqtrade's order (the spaces in the
    order their first parameter sorts, the parameters by name).

    A parameter without ``space=`` takes it from its name's prefix; one whose space cannot be
    determined, or is not a valid identifier, is a strategy error.
    """
    cls = strategy if isinstance(strategy, type) else type(strategy)
    found: SpaceParams = {}
    for name in dir(cls):
        if name.startswith("__"):
            continue
        attr = getattr(cls, name, None)
        if not isinstance(attr, BaseParameter):
            continue
        if not attr.space:
            attr.space = next((space for space in AUTO_SPACES
                               if name.startswith(space + "_")), None)
        if attr.space is None:
            raise OperationalException(f"Cannot determine parameter space for {name}.")
        if attr.space in ("all", "default") or not attr.space.isidentifier():
            raise OperationalException(
                f"'{attr.space}' is not a valid space. Parameter: {name}.")
        attr.name = name
        found.setdefault(attr.space, {})[name] = attr
    return found


def _merged(file_values: dict, class_values: dict) -> dict:
    """Class dict values overridden by the file's, nested dicts merged key by key."""
    merged = dict(class_values)
    for key, value in file_values.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(value, merged[key])
        else:
            merged[key] = value
    return merged


def load_hyper_params(strategy: Any, file_params: dict[str, Any],
                      quiet: bool = False) -> SpaceParams:
    """Give each parameter its value: parameter file, then ``<space>_params``, then default.

    ``quiet`` logs the values at debug level (for the first pass in the strategy's
    constructor, which the loader repeats with the parameter file)."""
    info = logger.debug if quiet else logger.info
    warning = logger.debug if quiet else logger.warning
    spaces = detect_parameters(strategy)
    for space, params in spaces.items():
        class_values = getattr(strategy, f"{space}_params", None)
        values = _merged(file_params.get(space) or {},
                         class_values if isinstance(class_values, dict) else {})
        if not values:
            info("No params for %s found, using default values.", space)
        for name, param in params.items():
            if name not in values:
                info("Strategy Parameter(default): %s = %s", name, param.value)
            elif param.load:
                param.value = values[name]
                info("Strategy Parameter: %s = %s", name, param.value)
            else:
                warning('Parameter "%s" exists, but is disabled. Default value "%s" used.',
                        name, param.value)
    return spaces


def apply_special_params(strategy: Any, file_params: dict[str, Any]) -> None:
    """``roi``, ``stoploss``, ``trailing`` and ``max_open_trades`` from the parameter file."""
    if not file_params:
        return
    if "roi" in file_params:
        strategy.minimal_roi = {str(k): v for k, v in dict(file_params["roi"]).items()}
    stoploss = (file_params.get("stoploss") or {}).get("stoploss")
    if stoploss is not None:
        strategy.stoploss = stoploss
    max_open_trades = (file_params.get("max_open_trades") or {}).get("max_open_trades")
    if max_open_trades is not None:
        strategy.max_open_trades = max_open_trades
    for key, value in (file_params.get("trailing") or {}).items():
        if key in ("trailing_stop", "trailing_stop_positive", "trailing_stop_positive_offset",
                   "trailing_only_offset_is_reached"):
            setattr(strategy, key, value)

