"""Parameter values: the ``.json`` file, then ``buy_params``/``sell_params``/..., then defaults.

The cross-check against freqtrade 2026.9 itself is in ``tests/strategy_compat``; these pin the
rules one at a time.
"""
import json

import pytest

from freqtrade.exceptions import OperationalException
from freqtrade.rpc.strategy_info import load_strategy_info
from freqtrade.strategy import IntParameter, RealParameter
from freqtrade.strategy.resolver import StrategyResolver

SOURCE = '''
from pandas import DataFrame
from freqtrade.strategy import DecimalParameter, IntParameter, IStrategy, CategoricalParameter


class ParamStrategy(IStrategy):
    timeframe = "5m"
    stoploss = -0.2
    minimal_roi = {"0": 0.1}

    buy_params = {"buy_rsi": 31, "buy_ema": 40, "buy_kind": "b"}
    sell_params = {"sell_rsi": 75, "sell_fixed": 9}
    protection_params = {"protection_lookback": 12}

    buy_rsi = IntParameter(10, 50, default=30)
    buy_ema = IntParameter(5, 100, default=20)
    buy_kind = CategoricalParameter(["a", "b", "c"], default="a")
    buy_untouched = DecimalParameter(0.1, 0.9, default=0.5, decimals=1)
    sell_rsi = IntParameter(50, 90, default=70)
    sell_fixed = IntParameter(1, 10, default=3, load=False)
    protection_lookback = IntParameter(1, 48, default=6)
    cooldown = IntParameter(1, 10, default=2, space="protection")

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe
'''


@pytest.fixture
def userdir(user_data, write_strategy):
    write_strategy("param_strategy.py", SOURCE)
    return user_data


def write_params(userdir, params, name="ParamStrategy"):
    (userdir / "strategies" / "param_strategy.json").write_text(json.dumps(
        {"strategy_name": name, "params": params, "ft_stratparam_v": 1,
         "export_time": "2026-01-01 00:00:00.000000+00:00"}))


def load(userdir, **config):
    return StrategyResolver.load_strategy({"user_data_dir": str(userdir),
                                           "strategy": "ParamStrategy", **config})


def values(strategy):
    return {p.name: p.value for p in strategy.ft_parameters()}


def test_class_dicts_override_the_defaults(userdir):
    strategy = load(userdir)
    assert values(strategy) == {
        "buy_rsi": 31, "buy_ema": 40, "buy_kind": "b", "buy_untouched": 0.5,
        "sell_rsi": 75, "sell_fixed": 3, "protection_lookback": 12, "cooldown": 2}


def test_parameter_file_overrides_the_class_dicts_key_by_key(userdir):
    write_params(userdir, {"buy": {"buy_rsi": 44}, "protection": {"cooldown": 7},
                           "sell": {"sell_fixed": 10}})
    strategy = load(userdir)
    got = values(strategy)
    assert got["buy_rsi"] == 44 and got["buy_ema"] == 40  # file, then class dict
    assert got["cooldown"] == 7 and got["protection_lookback"] == 12
    assert got["sell_fixed"] == 3  # load=False keeps the default


def test_parameter_file_sets_roi_stoploss_and_trailing_but_config_wins(userdir):
    write_params(userdir, {"roi": {"0": 0.05, "30": 0.01}, "stoploss": {"stoploss": -0.07},
                           "trailing": {"trailing_stop": True,
                                        "trailing_stop_positive": 0.02}})
    strategy = load(userdir)
    assert strategy.minimal_roi == {"0": 0.05, "30": 0.01}
    assert strategy.stoploss == -0.07
    assert strategy.trailing_stop is True and strategy.trailing_stop_positive == 0.02
    assert load(userdir, stoploss=-0.3).stoploss == -0.3


def test_parameter_file_of_another_strategy_is_refused(userdir):
    write_params(userdir, {"buy": {"buy_rsi": 44}}, name="SomeOtherStrategy")
    with pytest.raises(OperationalException, match="Invalid parameter file"):
        load(userdir)


def test_bot_start_cannot_keep_a_loaded_value_changed(userdir):
    strategy = load(userdir)
    strategy.buy_rsi.value = 12
    strategy.buy_untouched.value = 0.7
    strategy.ft_bot_start()
    assert strategy.buy_rsi.value == 31  # re-applied from buy_params after bot_start
    assert strategy.buy_untouched.value == 0.7  # nothing to apply: stays


def test_strategy_endpoint_shows_the_applied_values(userdir):
    write_params(userdir, {"buy": {"buy_rsi": 44}})
    info = load_strategy_info({"user_data_dir": str(userdir)}, "ParamStrategy", None)
    params = {p["name"]: p for p in info["params"]}
    assert params["buy_rsi"] == {"param_type": "IntParameter", "name": "buy_rsi",
                                 "space": "buy", "load": True, "optimize": True,
                                 "value": 44, "low": 10, "high": 50}
    assert params["buy_ema"]["value"] == 40 and params["sell_rsi"]["value"] == 75
    # grouped by space, as freqtrade lists them
    assert [p["space"] for p in info["params"]] == ["buy"] * 4 + ["protection"] * 2 + \
        ["sell"] * 2


def test_range_outside_hyperopt_is_the_current_value(userdir):
    strategy = load(userdir)
    assert list(strategy.buy_ema.range) == [40]
    assert strategy.buy_kind.range == ["b"]
    assert strategy.buy_untouched.range == [0.5]


def test_parameter_without_a_space_is_a_clear_error(tmp_path):
    strategies = tmp_path / "strategies"
    strategies.mkdir()
    (strategies / "nospace.py").write_text(SOURCE.replace("ParamStrategy", "NoSpace").replace(
        'cooldown = IntParameter(1, 10, default=2, space="protection")',
        "cooldown = IntParameter(1, 10, default=2)"))
    with pytest.raises(OperationalException, match="Cannot determine parameter space for "
                                                   "cooldown"):
        StrategyResolver.load_strategy({"user_data_dir": str(tmp_path), "strategy": "NoSpace"})



def test_numeric_parameter_takes_low_and_high_or_one_pair():
    assert (IntParameter((1, 10), default=3).low, IntParameter(1, 10, default=3).high) == (1, 10)
    assert RealParameter((0.5, 2), default=1).high == 2.0


@pytest.mark.parametrize("bounds", [((1, 10), 20), (1,), ((1, 2, 3),)])
@pytest.mark.parametrize("parameter", [IntParameter, RealParameter])
def test_numeric_parameter_with_other_bounds_is_a_clear_error(bounds, parameter):
    with pytest.raises(ValueError, match="low and high"):
        parameter(*bounds, default=3)
