"""Run by the reference freqtrade 2026.9 interpreter (never imported by our tests).

``python reference_analysis.py <job.json>``: loads each strategy with freqtrade's own resolver,
gives it a data provider on the stored candles (as freqtrade's ``/pair_history`` does), runs
``ft_bot_start`` and ``analyze_ticker`` on each pair, writes the analyzed frames as feather files
and prints the parameter values and strategy settings as JSON.
"""
import json
import sys
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

from freqtrade.resolvers import StrategyResolver  # noqa: E402

from freqtrade.data.dataprovider import DataProvider  # noqa: E402
from freqtrade.data.history import load_pair_history  # noqa: E402
from freqtrade.enums import CandleType, RunMode  # noqa: E402

SETTINGS = ("timeframe", "minimal_roi", "stoploss", "trailing_stop", "trailing_stop_positive",
            "trailing_stop_positive_offset", "trailing_only_offset_is_reached",
            "use_exit_signal", "exit_profit_only", "ignore_roi_if_entry_signal",
            "position_adjustment_enable", "max_entry_position_adjustment",
            "startup_candle_count")


class MarketsOnly:
    """What the data provider needs of an exchange here: its markets."""

    def __init__(self, pairs):
        self.markets = {pair: {"symbol": pair, "base": pair.split("/")[0],
                               "quote": pair.split("/")[1], "spot": True, "active": True}
                        for pair in pairs}


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text())
    out_dir = Path(job["out_dir"])
    results = {}
    for name in job["strategies"]:
        config = {"strategy": name, "strategy_path": job["strategy_path"],
                  "user_data_dir": Path(job["user_data_dir"]), "datadir": Path(job["datadir"]),
                  "stake_currency": "USDT", "dataformat_ohlcv": "feather",
                  "candle_type_def": CandleType.SPOT, "runmode": RunMode.WEBSERVER,
                  "trading_mode": "spot", "margin_mode": "", "timerange": None,
                  "exchange": {"name": "binance", "pair_whitelist": job["pairs"]},
                  "max_open_trades": 3, "stake_amount": 100, "dry_run": True,
                  "entry_pricing": {}, "exit_pricing": {}}
        strategy = StrategyResolver.load_strategy(config)
        strategy.dp = DataProvider(config, exchange=MarketsOnly(job["all_pairs"]),
                                   pairlists=None)
        strategy.ft_bot_start()
        for pair in job["pairs"]:
            candles = load_pair_history(pair=pair, timeframe=strategy.timeframe,
                                        datadir=Path(job["datadir"]),
                                        data_format="feather")
            analyzed = strategy.analyze_ticker(candles, {"pair": pair})
            analyzed.reset_index(drop=True).to_feather(
                out_dir / f"{name}-{pair.replace('/', '_')}.feather")
        results[name] = {
            "params": {p.name: p.value for _, p in strategy.enumerate_parameters()},
            "spaces": {p.name: p.space for _, p in strategy.enumerate_parameters()},
            "settings": {key: getattr(strategy, key) for key in SETTINGS},
        }
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
