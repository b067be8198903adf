"""Real strategy files for the tests, written where users keep theirs (``<user_data>/strategies``).

Plain functions, for module-scoped fixtures and helpers; ``tests/conftest.py`` wraps them as
fixtures for a test's own ``tmp_path``.
"""
from __future__ import annotations

from pathlib import Path

QUIET_STRATEGY = Path(__file__).parent / "e2e" / "strategies" / "quiet_strategy.py"

_MINIMAL = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class {name}(IStrategy):
    timeframe = "{timeframe}"
    minimal_roi = {{"0": {roi!r}}}
    stoploss = {stoploss!r}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe
'''


def minimal_strategy(name: str, timeframe: str = "5m", roi: float = 0.1,
                     stoploss: float = -0.2) -> str:
    """Source of a strategy class that loads and analyzes but never signals."""
    return _MINIMAL.format(name=name, timeframe=timeframe, roi=roi, stoploss=stoploss)


def write_strategy(folder: Path, filename: str, source: str) -> Path:
    """Write ``source`` to ``folder/strategies/filename`` (folders made as needed)."""
    strategies = folder / "strategies"
    strategies.mkdir(parents=True, exist_ok=True)
    path = strategies / filename
    path.write_text(source)
    return path


def write_quiet_strategy(folder: Path) -> Path:
    """The e2e tests' ``QuietStrategy`` (analyzes, never signals) in ``folder/strategies``."""
    return write_strategy(folder, QUIET_STRATEGY.name, QUIET_STRATEGY.read_text())
