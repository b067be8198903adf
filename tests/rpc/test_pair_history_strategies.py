"""``/pair_history`` runs strategies that use ``self.dp``, ``informative_pairs``, ``@informative``
and ``bot_start`` (FreqUI's chart in webserver mode), as freqtrade does: 200, and a 502 with
the message where freqtrade refuses (no whitelist outside a trading bot)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from freqtrade.api.app import create_app
from freqtrade.api.context import ApiContext
from freqtrade.data.history import store_ohlcv
from freqtrade.enums import RunMode

USER, PASSWORD = "u", "p" * 12

STRATEGY = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy, informative, IntParameter


class DpStrategy(IStrategy):
    timeframe = "5m"
    startup_candle_count = 10
    buy_params = {"buy_window": 4}
    buy_window = IntParameter(2, 20, default=12)

    def bot_start(self, **kwargs) -> None:
        self.started = True

    def informative_pairs(self):
        return [("ETH/USDT", "1h")]

    @informative("1h")
    def populate_indicators_1h(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["mean"] = dataframe["close"].rolling(3).mean()
        return dataframe

    @informative("1h", "BTC/{stake}")
    def populate_indicators_btc_1h(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["up"] = (dataframe["close"] > dataframe["open"]).astype(int)
        return dataframe

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        assert self.started, "bot_start was not called"
        eth = self.dp.get_pair_dataframe("ETH/USDT", "1h")
        dataframe["eth_rows"] = len(eth)
        dataframe["fast"] = dataframe["close"].rolling(self.buy_window.value).mean()
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["close"] > dataframe["fast"]) & (dataframe["btc_usdt_up_1h"] == 1),
                      "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe


class WhitelistStrategy(DpStrategy):
    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["pairs"] = len(self.dp.current_whitelist())
        return dataframe
'''


def candles(start: str, freq: str, count: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    close = 100 + rng.standard_normal(count).cumsum()
    open_ = close + rng.standard_normal(count) * 0.3
    return pd.DataFrame({
        "date": pd.date_range(start, periods=count, freq=freq, tz="UTC"),
        "open": open_, "high": np.maximum(open_, close) + 0.5,
        "low": np.minimum(open_, close) - 0.5, "close": close,
        "volume": rng.uniform(1, 10, count)})


@pytest.fixture
def client(tmp_path):
    strategies = tmp_path / "strategies"
    strategies.mkdir()
    (strategies / "dp_strategy.py").write_text(STRATEGY)
    datadir = tmp_path / "data" / "simulated"
    for seed, pair in enumerate(("BTC/USDT", "ETH/USDT", "SOL/USDT")):
        store_ohlcv(datadir, pair, "5m", candles("2026-01-01", "5min", 600, seed))
        store_ohlcv(datadir, pair, "1h", candles("2026-01-01", "1h", 60, seed + 10))
    config = {"runmode": RunMode.WEBSERVER, "user_data_dir": str(tmp_path),
              "datadir": str(datadir), "stake_currency": "USDT",
              "exchange": {"name": "simulated"}, "dataformat_ohlcv": "feather",
              "api_server": {"enabled": True, "username": USER, "password": PASSWORD,
                             "jwt_secret_key": "s" * 40}}
    context = ApiContext(config, RunMode.WEBSERVER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    with TestClient(create_app(context)) as test_client:
        yield test_client


def history(client, strategy: str):
    return client.get("/api/v1/pair_history", auth=(USER, PASSWORD), params={
        "pair": "SOL/USDT", "timeframe": "5m", "timerange": "20260102-20260103",
        "strategy": strategy})


def test_strategy_using_the_data_provider_and_informatives_is_analyzed(client):
    answer = history(client, "DpStrategy")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    columns = body["columns"]
    for column in ("mean_1h", "btc_usdt_up_1h", "eth_rows", "fast"):
        assert column in columns
    rows = [dict(zip(columns, row, strict=True)) for row in body["data"]]
    assert rows[0]["date"] == "2026-01-02T00:00:00Z"
    # stored 1h candles of ETH in the timerange, from 10 startup candles (of 1h) before it
    assert {row["eth_rows"] for row in rows} == {35}
    assert body["enter_long_signals"] > 0
    # buy_params applied: a 4-candle mean, not the default 12
    frame = pd.DataFrame(rows)
    closes = pd.DataFrame(body["data"], columns=columns)["close"]
    assert frame["fast"].iloc[-1] == pytest.approx(closes.iloc[-4:].mean())


def test_strategy_asking_for_the_whitelist_gets_freqtrades_502(client):
    answer = history(client, "WhitelistStrategy")
    assert answer.status_code == 502
    assert answer.json() == {
        "detail": "Dataprovider was not initialized with a pairlist provider."}
