"""``/pair_history``, ``/available_pairs``, ``/strategies``: stored candles analyzed on demand."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from freqtrade.constants import USERPATH_STRATEGIES
from freqtrade.data.history import available_data, load_pair_history
from freqtrade.data.stored_provider import StoredCandlesProvider
from freqtrade.data.timerange import TimeRange
from freqtrade.exceptions import OperationalException
from freqtrade.rpc.candles import dataframe_to_payload
from freqtrade.rpc.markets import exchange_for
from freqtrade.strategy.resolver import StrategyResolver, search_all_strategies
from freqtrade.util.clock import dt_now
from freqtrade.util.timeframes import timeframe_to_seconds


def datadir(config: dict) -> Path:
    return Path(config.get("datadir") or Path(config.get("user_data_dir", "user_data"))
                / "data" / (config.get("exchange") or {}).get("name", "simulated"))


def pair_history(config: dict, pair: str, timeframe: str, timerange: str | None,
                 strategy: str | None, columns: list[str] | None = None,
                 exchange: Any | None = None) -> dict[str, Any]:
    """Stored candles for ``timerange`` analyzed by ``strategy`` (raw OHLCV without one).

    The strategy runs as at a bot's start, on ``timeframe``: a data provider serving stored
    candles (``self.dp``, informative pairs), then ``bot_start`` and its parameter values.
    Raises OperationalException with the message the API returns as 502 ``detail``.
    """
    span = TimeRange.parse_timerange(timerange)
    loaded = None
    startup = 0
    if strategy:
        local = copy.deepcopy(config)
        local.update({"timeframe": timeframe, "strategy": strategy, "timerange": timerange})
        loaded = StrategyResolver.load_strategy(local, strategy)
        startup = int(loaded.startup_candle_count or 0)
        loaded.dp = StoredCandlesProvider(local, exchange, datadir(config), span,
                                          lambda: exchange_for(local))
        loaded.ft_bot_start()
    frame = load_pair_history(pair, timeframe, datadir(config), span,
                              config.get("dataformat_ohlcv", "feather"), startup)
    if frame.empty:
        raise OperationalException(f"No data for {pair}, {timeframe} in {timerange} found.")
    if loaded is not None:
        frame = loaded.analyze_ticker(frame, {"pair": pair})
        if span.start is not None:
            frame = frame[frame["date"] >= span.start]
        elif startup:
            frame = frame.iloc[startup:]
        frame = frame.reset_index(drop=True)
    if frame.empty:
        raise OperationalException(f"No data for {pair}, {timeframe} in {timerange} found.")
    return dataframe_to_payload(pair, timeframe, frame, dt_now(),
                                loaded.get_strategy_name() if loaded else "", columns)


def available_pairs(config: dict, timeframe: str | None, stake_currency: str | None,
                    candletype: str | None) -> dict[str, Any]:
    items = available_data(datadir(config), config.get("trading_mode", "spot"))
    wanted_type = candletype or ("futures" if config.get("trading_mode") == "futures"
                                 else "spot")
    items = [i for i in items if i[2] == wanted_type]
    if timeframe:
        items = [i for i in items if i[1] == timeframe]
    if stake_currency:
        items = [i for i in items if i[0].split(":")[0].endswith(stake_currency)]
    items = sorted(items, key=lambda i: (i[0], timeframe_to_seconds(i[1])))
    pairs = sorted({i[0] for i in items})
    return {"length": len(pairs), "pairs": pairs,
            "pair_interval": [list(i) for i in items]}


def strategy_names(config: dict) -> list[str]:
    folders = [Path(config.get("user_data_dir", "user_data")) / USERPATH_STRATEGIES]
    if config.get("strategy_path"):
        folders.append(Path(config["strategy_path"]))
    names = set()
    for folder in folders:
        for item in search_all_strategies(folder, bool(config.get("recursive_strategy_search"))):
            if item["name"]:
                names.add(item["name"])
    return sorted(names)
