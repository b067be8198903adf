"""Every name a strategy can import from freqtrade 2026.9's strategy-facing modules imports
from ours, and the helpers compute what freqtrade computes for the same inputs.

The reference's names are listed by its own interpreter (so a new freqtrade name shows up
here); the exclusions below are the names that are not strategy-facing, each with its reason.
"""
from __future__ import annotations

import importlib
import json
import subprocess
import warnings
from datetime import UTC, datetime, timedelta

import pytest

from tests.reference import require_python

MODULES = ("freqtrade.exchange", "freqtrade.strategy", "freqtrade.persistence",
           "freqtrade.enums", "freqtrade.constants", "freqtrade.data.dataprovider",
           "freqtrade.vendor.qtpylib.indicators", "freqtrade.util", "freqtrade.exceptions")

EXCHANGE_CLASSES = {
    "Binance", "Binanceus", "Binanceusdm", "Bingx", "Bitget", "Bitpanda", "Bitvavo", "Bybit",
    "BybitEU", "Coinex", "Cryptocom", "Gate", "GateEU", "Hitbtc", "Htx", "Hyperliquid", "Idex",
    "Kraken", "Krakenfutures", "Kucoin", "Lbank", "Luno", "Modetrade", "Myokx", "Okx", "Okxus",
    "MAP_EXCHANGE_CHILDCLASS"}

EXCLUDED: dict[str, dict[str, str]] = {
    "freqtrade.exchange": {
        **{name: "exchange-specific subclass; the bot picks the exchange, strategies don't"
           for name in EXCHANGE_CLASSES},
        "available_exchanges": "exchange listing for the CLI (ccxt catalogue)",
        "ccxt_exchanges": "exchange listing for the CLI (ccxt catalogue)",
        "is_exchange_known_ccxt": "exchange validation at start",
        "list_available_exchanges": "exchange listing for the CLI",
        "validate_exchange": "exchange validation at start",
    },
    "freqtrade.persistence": {
        "CustomDataWrapper": "internal: strategies use trade.get/set_custom_data",
        "FtNoDBContext": "backtesting switch between database and memory trades",
        "disable_database_use": "backtesting switch between database and memory trades",
        "enable_database_use": "backtesting switch between database and memory trades",
        "KeyStoreKeys": "internal key names of the bot's key-value store",
    },
    "freqtrade.enums": {},
    "freqtrade.constants": {
        "AVAILABLE_PAIRLISTS": "configuration schema (pairlist names)",
        "BACKTEST_BREAKDOWNS": "backtesting options",
        "BACKTEST_CACHE_AGE": "backtesting options",
        "BACKTEST_CACHE_DEFAULT": "backtesting options",
        "EXPORT_OPTIONS": "backtesting options",
        "LAST_BT_RESULT_FN": "backtesting result file",
        "HYPEROPT_BUILTIN_SPACES": "hyperopt options",
        "HYPEROPT_BUILTIN_SPACE_OPTIONS": "hyperopt options",
        "HYPEROPT_EPOCH": "hyperopt options",
        "HYPEROPT_LOSS_BUILTIN": "hyperopt options",
        "FTHYPT_FILEVERSION": "hyperopt result file format",
        "TELEGRAM_SETTING_OPTIONS": "telegram configuration",
        "WEBHOOK_FORMAT_OPTIONS": "webhook configuration",
        "SUPPORTED_FIAT": "fiat conversion configuration",
        "MINIMAL_CONFIG": "configuration schema",
        "DOCS_LINK": "documentation link for CLI messages",
        "ENV_VAR_PREFIX": "configuration loading",
        "USER_DATA_FILES": "create-userdir templates",
        "USERPATH_FREQAIMODELS": "freqAI folders",
        "USERPATH_HYPEROPTS": "hyperopt folders",
        "USERPATH_NOTEBOOKS": "notebook folders",
        "DL_DATA_TIMEFRAMES": "download-data defaults",
        "DEFAULT_ORDERFLOW_COLUMNS": "orderflow (trades data) is not supported",
        "ORDERFLOW_ADDED_COLUMNS": "orderflow (trades data) is not supported",
        "TRADES_DTYPES": "trades data storage",
        "PairPrefixes": "futures pair name prefixes",
        "Literal": "typing.Literal imported into the module, not a freqtrade name",
    },
    "freqtrade.data.dataprovider": {
        # a plain module: only what it defines counts, the rest are its own imports
        "logger": "the module's logger",
    },
    "freqtrade.util": {
        "CustomProgress": "console progress bars of the CLI",
        "print_rich_table": "console tables of the CLI",
        "print_df_rich_table": "console tables of the CLI",
        "MeasureTime": "internal timing of the bot loop",
        "FtScheduler": "internal scheduler of the bot loop",
        "FtTTLCache": "internal cache (needs cachetools)",
        "PeriodicCache": "internal cache (needs cachetools)",
        "FtPrecise": "ccxt's Precise number type (needs ccxt)",
        "dt_humanize_delta": "console text (needs humanize)",
    },
}

LISTER = r'''
import importlib, inspect, json, sys, types, warnings
warnings.simplefilter("ignore")
result = {}
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    is_package = hasattr(module, "__path__")
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    kept = []
    for n in names:
        obj = getattr(module, n)
        if isinstance(obj, types.ModuleType):
            continue  # submodules, not names
        defined_in = getattr(obj, "__module__", None) if (
            inspect.isclass(obj) or inspect.isfunction(obj)) else None
        if not is_package and defined_in and defined_in != name \
                and not defined_in.startswith("technical"):
            continue  # a plain module's own imports
        if defined_in and not defined_in.startswith(("freqtrade", "technical")):
            continue  # typing / pandas / datetime names imported into the module
        c_mod = importlib.import_module("freqtrade.constants")
        constants = dir(c_mod)
        if not is_package and not defined_in and n in constants and module is not c_mod:
            continue  # constants a plain module imported
        kept.append(n)
    result[name] = sorted(kept)
print(json.dumps(result))
'''


@pytest.fixture(scope="module")
def reference_names() -> dict[str, list[str]]:
    done = subprocess.run([str(require_python()), "-c", LISTER, *MODULES],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def reference(code: str, payload: object = None):
    """What ``code`` prints (JSON) in the reference; it reads ``payload`` from ``sys.argv[1]``."""
    done = subprocess.run([str(require_python()), "-c", code, json.dumps(payload)],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_strategy_facing_name_of_the_reference_imports(reference_names, module_name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        module = importlib.import_module(module_name)
    excluded = EXCLUDED.get(module_name, {})
    wanted = [n for n in reference_names[module_name] if n not in excluded]
    assert wanted, "the reference lists nothing: the lister is broken"
    missing = [n for n in wanted if not hasattr(module, n)]
    assert missing == []
    stale = [n for n in excluded if n not in reference_names[module_name]]
    assert stale == [], "exclusions the reference no longer has"


def test_enum_members_and_constant_values_match_the_reference(reference_names):
    code = r'''
import json, enum, warnings
warnings.simplefilter("ignore")
import freqtrade.enums as e, freqtrade.constants as c
out = {"enums": {}, "constants": {}}
for n in dir(e):
    obj = getattr(e, n)
    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        out["enums"][n] = [[m.name, m.value, str(m)] for m in obj]
for n in dir(c):
    v = getattr(c, n)
    if n.isupper() and isinstance(v, (int, float, str, list, tuple, dict)):
        out["constants"][n] = json.loads(json.dumps(v, default=str))
print(json.dumps(out))
'''
    ref = reference(code)
    import freqtrade.constants as ours_c
    import freqtrade.enums as ours_e
    wrong = {name: members for name, members in ref["enums"].items()
             if [[m.name, m.value, str(m)] for m in getattr(ours_e, name)] != members}
    assert wrong == {}
    excluded = EXCLUDED["freqtrade.constants"]
    for name, value in ref["constants"].items():
        if name in excluded or not hasattr(ours_c, name):
            continue
        assert json.loads(json.dumps(getattr(ours_c, name), default=str)) == value, name


TIMEFRAMES = ["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d",
              "3d", "1w", "2w", "1M", "3M", "1y"]
DATES = [datetime(2026, 3, 4, 13, 37, 21, 123456, tzinfo=UTC),
         datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC),
         datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC), datetime(1999, 12, 31, 12, tzinfo=UTC)]


def test_timeframe_functions_give_the_references_results():
    code = r'''
import json, sys, warnings
from datetime import datetime
warnings.simplefilter("ignore")
from freqtrade.exchange import (timeframe_to_seconds, timeframe_to_minutes, timeframe_to_msecs,
    timeframe_to_prev_date, timeframe_to_next_date, date_minus_candles,
    timeframe_to_resample_freq, timeframe_to_floor_freq)
tfs, dates = json.loads(sys.argv[1])
out = []
for tf in tfs:
    row = [timeframe_to_seconds(tf), timeframe_to_minutes(tf), timeframe_to_msecs(tf),
           timeframe_to_resample_freq(tf), timeframe_to_floor_freq(tf)]
    for d in dates:
        d = datetime.fromisoformat(d)
        row += [timeframe_to_prev_date(tf, d).isoformat(),
                timeframe_to_next_date(tf, d).isoformat(), date_minus_candles(tf, 7, d).isoformat()]
    out.append(row)
print(json.dumps(out))
'''
    expected = reference(code, [TIMEFRAMES, [d.isoformat() for d in DATES]])
    import freqtrade.exchange as ex
    for tf, want in zip(TIMEFRAMES, expected, strict=True):
        got = [ex.timeframe_to_seconds(tf), ex.timeframe_to_minutes(tf),
               ex.timeframe_to_msecs(tf), ex.timeframe_to_resample_freq(tf),
               ex.timeframe_to_floor_freq(tf)]
        for d in DATES:
            got += [ex.timeframe_to_prev_date(tf, d).isoformat(),
                    ex.timeframe_to_next_date(tf, d).isoformat(),
                    ex.date_minus_candles(tf, 7, d).isoformat()]
        assert got == want, tf


def test_precision_helpers_give_the_references_results():
    prices = [1.23456, 1.235, 1.225, 0.000123456, 123.456, 123456.0, 0.1 + 0.2, 99.99, 0.0,
              27.5]
    grid = [(x, p, mode, rounding)
            for mode, precisions in ((2, [0, 2, 8]), (3, [1, 3, 5]), (4, [0.01, 0.5, 1e-8, 5]))
            for p in precisions for x in prices for rounding in (0, 1, 2, 3)]
    code = r'''
import json, sys, warnings
warnings.simplefilter("ignore")
from freqtrade.exchange import price_to_precision, amount_to_precision
from freqtrade.exchange import amount_to_contract_precision
out = [[price_to_precision(x, p, m, rounding_mode=r), amount_to_precision(x, p, m),
        amount_to_contract_precision(x, p, m, 0.1)] for x, p, m, r in json.loads(sys.argv[1])]
print(json.dumps(out))
'''
    expected = reference(code, grid)
    from freqtrade.exchange import (
        amount_to_contract_precision,
        amount_to_precision,
        price_to_precision,
    )
    got = [[price_to_precision(x, p, m, rounding_mode=r), amount_to_precision(x, p, m),
            amount_to_contract_precision(x, p, m, 0.1)] for x, p, m, r in grid]
    assert got == expected


def test_util_helpers_give_the_references_results():
    calls = ["dt_utc(2026, 3, 4, 5, 6, 7).isoformat()", "dt_ts(dt_utc(2026, 3, 4))",
             "dt_ts_def(None, 7)", "dt_ts_none(None)", "dt_from_ts(1772582400).isoformat()",
             "dt_from_ts(1772582400123).isoformat()",
             "dt_floor_day(dt_utc(2026, 3, 4, 5, 6)).isoformat()",
             "format_date(dt_utc(2026, 3, 4, 5, 6))", "format_date(None, 'n/a')",
             "format_ms_time(1772582400123)", "format_ms_time_det(1772582400123)",
             "shorten_date('an hour ago')", "shorten_date('3 minutes')",
             "decimals_per_coin('BTC')", "decimals_per_coin('USDT')",
             "round_value(1.23000, 3)", "round_value(1.2, 3, True)", "round_value(None, 2)",
             "fmt_coin(12.345678, 'USDT')", "fmt_coin(0.123456789, 'BTC', False)",
             "fmt_coin2(1.5, 'ETH', 4)", "format_pct(0.12345)", "format_pct(float('nan'))",
             "format_duration(timedelta(days=2, hours=3, minutes=4, seconds=5))",
             "get_dry_run_wallet({'dry_run_wallet': {'USDT': 12}, 'stake_currency': 'USDT'})"]
    code = r'''
import json, sys, warnings
from datetime import timedelta
warnings.simplefilter("ignore")
from freqtrade.util import *
print(json.dumps([eval(c) for c in json.loads(sys.argv[1])]))
'''
    expected = reference(code, calls)
    import freqtrade.util as util
    namespace = {name: getattr(util, name) for name in util.__all__}
    namespace["timedelta"] = timedelta
    assert [eval(call, namespace) for call in calls] == expected  # noqa: S307


def test_dt_ts_without_a_date_is_now():
    from freqtrade.util import dt_now, dt_ts
    assert abs(dt_ts() - dt_now().timestamp() * 1000) < timedelta(seconds=5).total_seconds() * 1000
