"""Strategy source, parameters and plot config for ``/strategy/{name}`` and ``/plot_config``."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from freqtrade.exceptions import RPCException
from freqtrade.strategy.interface import IStrategy
from freqtrade.strategy.resolver import StrategyResolver, find_strategy_class


def _load(config: dict, name: str, running: IStrategy | None) -> IStrategy:
    if running is not None and running.get_strategy_name() == name:
        return running
    find_strategy_class(name, config)  # raises OperationalException when unknown
    return StrategyResolver.load_strategy(copy.deepcopy(config), name)


def load_strategy_info(config: dict, name: str, running: IStrategy | None
                       ) -> dict[str, Any]:
    """``{strategy, timeframe, params, code}`` of the running or a stored strategy."""
    strategy = _load(config, name, running)
    source = strategy.source_file
    code = Path(source).read_text(encoding="utf-8") if source else ""
    return {"strategy": strategy.get_strategy_name(), "timeframe": strategy.timeframe,
            "params": strategy.ft_params_list(), "code": code}


def plot_config_of(config: dict, name: str | None, running: IStrategy | None
                   ) -> dict[str, Any]:
    strategy = _load(config, name, running) if name else running
    if strategy is None:  # no bot (webserver mode) and no name
        raise RPCException("Strategy is mandatory in webserver mode.")
    plot = copy.deepcopy(strategy.plot_config or {})
    if plot and "subplots" not in plot:
        plot["subplots"] = {}
    if "main_plot" in plot:
        return {"main_plot": plot["main_plot"], "subplots": plot.get("subplots", {})}
    return plot
