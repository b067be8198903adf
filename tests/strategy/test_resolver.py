"""Finding strategy classes: clear errors for unknown names and broken files."""
import pytest

from freqtrade.exceptions import OperationalException
from freqtrade.strategy.resolver import (
    StrategyResolver,
    find_strategy_class,
    search_all_strategies,
)
from tests.strategy_files import minimal_strategy

SYNTAX_ERROR = '''from freqtrade.strategy import IStrategy


class Broken(IStrategy):
    def populate_indicators(self, dataframe, metadata)
        return dataframe
'''


@pytest.fixture
def userdir(user_data, write_strategy):
    write_strategy("alpha.py", minimal_strategy("AlphaStrategy"))
    write_strategy("beta.py", minimal_strategy("BetaStrategy") + minimal_strategy("GammaStrategy"))
    return user_data


def config_for(userdir, **extra):
    return {"user_data_dir": str(userdir), "stake_currency": "USDT", **extra}


def test_loads_a_class_from_any_file(userdir):
    config = config_for(userdir, strategy="GammaStrategy")
    strategy = StrategyResolver.load_strategy(config)
    assert strategy.get_strategy_name() == "GammaStrategy"
    assert strategy.source_file.endswith("beta.py")
    assert config["stoploss"] == -0.2 and config["timeframe"] == "5m"


def test_unknown_name_lists_the_available_strategies(userdir):
    with pytest.raises(OperationalException) as error:
        find_strategy_class("DeltaStrategy", config_for(userdir))
    message = str(error.value)
    assert "Impossible to load Strategy 'DeltaStrategy'" in message
    assert "Available strategies: AlphaStrategy, BetaStrategy, GammaStrategy." in message


def test_syntax_error_names_the_file_and_line(userdir):
    broken = userdir / "strategies" / "broken.py"
    broken.write_text(SYNTAX_ERROR)
    with pytest.raises(OperationalException) as error:
        StrategyResolver.load_strategy(config_for(userdir, strategy="Broken"))
    message = str(error.value)
    assert f"{broken}: syntax error on line 5" in message
    assert "AlphaStrategy" in message  # the good files are still listed
    # the broken file does not hide the others
    assert StrategyResolver.load_strategy(
        config_for(userdir, strategy="AlphaStrategy")).get_strategy_name() == "AlphaStrategy"


def test_import_error_names_the_file_and_the_missing_module(userdir):
    broken = userdir / "strategies" / "needs_talib.py"
    broken.write_text("import surely_not_installed_module_xyz\n" +
                      minimal_strategy("NeedsLib"))
    with pytest.raises(OperationalException) as error:
        find_strategy_class("NeedsLib", config_for(userdir))
    assert str(broken) in str(error.value)
    assert "surely_not_installed_module_xyz" in str(error.value)
    found = search_all_strategies(userdir / "strategies")
    failures = [item for item in found if item["error"]]
    assert len(failures) == 1 and failures[0]["location"] == broken


def test_strategy_path_and_recursive_search(userdir, tmp_path):
    extra = tmp_path / "more"
    (extra / "nested").mkdir(parents=True)
    (extra / "nested" / "deep.py").write_text(minimal_strategy("DeepStrategy"))
    (extra / "top.py").write_text(minimal_strategy("TopStrategy"))
    config = config_for(userdir, strategy_path=str(extra))
    assert find_strategy_class("TopStrategy", config)[1] == extra / "top.py"
    with pytest.raises(OperationalException, match="DeepStrategy"):
        find_strategy_class("DeepStrategy", {**config, "strategy_path": str(extra / "x")})
    with pytest.raises(OperationalException):
        find_strategy_class("DeepStrategy", config)
    config["recursive_strategy_search"] = True
    assert find_strategy_class("DeepStrategy", config)[1] == extra / "nested" / "deep.py"


@pytest.mark.parametrize("name", ["", "../alpha", "Alpha:Strategy"])
def test_invalid_names_are_rejected(userdir, name):
    with pytest.raises(OperationalException):
        find_strategy_class(name, config_for(userdir))


TIMEOUT_STRATEGY = minimal_strategy("TimeoutStrategy").replace(
    '    stoploss = -0.2\n',
    '    stoploss = -0.2\n    unfilledtimeout = {"entry": 3, "exit": 4, "unit": "minutes"}\n')


@pytest.mark.parametrize("configured, expected", [
    (None, {"entry": 3, "exit": 4, "unit": "minutes"}),
    ({"entry": 30, "exit": 40, "unit": "seconds"}, {"entry": 30, "exit": 40, "unit": "seconds"}),
])
def test_order_timeouts_come_from_the_config_else_from_the_strategy(userdir, configured,
                                                                     expected):
    (userdir / "strategies" / "timeout.py").write_text(TIMEOUT_STRATEGY)
    extra = {"unfilledtimeout": configured} if configured else {}
    config = config_for(userdir, strategy="TimeoutStrategy", **extra)
    strategy = StrategyResolver.load_strategy(config)
    assert config["unfilledtimeout"] == expected
    assert strategy.config["unfilledtimeout"] == expected


def test_no_order_timeout_when_neither_the_config_nor_the_strategy_sets_one(userdir):
    config = config_for(userdir, strategy="AlphaStrategy")
    StrategyResolver.load_strategy(config)
    assert config.get("unfilledtimeout") is None
