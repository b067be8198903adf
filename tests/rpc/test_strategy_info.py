"""The plot configuration needs a strategy: the running one, or one named."""
import pytest

from freqtrade.exceptions import RPCException
from freqtrade.rpc.strategy_info import plot_config_of


def test_plot_config_without_running_or_named_strategy_is_refused():
    with pytest.raises(RPCException, match="Strategy is mandatory in webserver mode."):
        plot_config_of({}, None, None)
