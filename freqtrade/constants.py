"""Constants shared by the engine, the RPC layer and the API (no imports from either)."""

API_VERSION = 2.5
DEFAULT_CONFIG = "config.json"
DEFAULT_DB_PROD_URL = "sqlite:///tradesv3.sqlite"
DEFAULT_DB_DRYRUN_URL = "sqlite:///tradesv3.dryrun.sqlite"
DEFAULT_USERDATA_DIR = "user_data"
DEFAULT_DATAFORMAT = "feather"
PROCESS_THROTTLE_SECS = 5
DATETIME_PRINT_FORMAT = "%Y-%m-%d %H:%M:%S"
DEFAULT_JWT_SECRETS = ("super-secret", "somethingrandom", "somethingRandomSomethingRandom123")
UNLIMITED_STAKE_AMOUNT = "unlimited"
DEFAULT_AMOUNT_RESERVE_PERCENT = 0.05
LOG_BUFFER_CAPACITY = 1000

TIMEFRAMES = [
    "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h",
    "1d", "3d", "1w", "1M",
]

USERPATH_STRATEGIES = "strategies"
USERPATH_DATA = "data"
USERPATH_LOGS = "logs"
USERPATH_BACKTEST = "backtest_results"
USER_DATA_SUBDIRS = (USERPATH_STRATEGIES, USERPATH_DATA, USERPATH_LOGS, USERPATH_BACKTEST)
