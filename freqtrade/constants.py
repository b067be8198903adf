"""Constants shared by the engine, the RPC layer and the API (no imports from either), and
the ones strategies import from ``freqtrade.constants`` (type aliases, order vocabulary)."""
from typing import Any, Literal

from freqtrade.enums import CandleType, PriceType

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

DRY_RUN_WALLET = 1000
RETRY_TIMEOUT = 30  # seconds
MATH_CLOSE_PREC = 1e-14  # precision of float comparisons on amounts and prices
CUSTOM_TAG_MAX_LENGTH = 255  # enter_tag / exit_tag / custom exit reasons are cut to this
FULL_DATAFRAME_THRESHOLD = 100

DEFAULT_DATAFRAME_COLUMNS = ["date", "open", "high", "low", "close", "volume"]
DEFAULT_TRADES_COLUMNS = ["timestamp", "id", "type", "side", "price", "amount", "cost"]
AVAILABLE_DATAHANDLERS = ["json", "jsongz", "feather", "parquet"]

# decimals amounts of a coin are shown with; others get the fallback
DECIMAL_PER_COIN_FALLBACK = 3
DECIMALS_PER_COIN = {"BTC": 8, "ETH": 5}
DUST_PER_COIN = {"BTC": 0.0001, "ETH": 0.01}

ORDERTYPE_POSSIBILITIES = ["limit", "market"]
ORDERTIF_POSSIBILITIES = ["GTC", "FOK", "IOC", "PO", "gtc", "fok", "ioc", "po"]
REQUIRED_ORDERTIF = ["entry", "exit"]
REQUIRED_ORDERTYPES = ["entry", "exit", "stoploss", "stoploss_on_exchange"]
STOPLOSS_PRICE_TYPES = list(PriceType)
PRICING_SIDES = ["ask", "bid", "same", "other"]
TRADING_MODES = ["spot", "margin", "futures"]
MARGIN_MODES = ["cross", "isolated", ""]
TIMEOUT_UNITS = ["minutes", "seconds"]

NON_OPEN_EXCHANGE_STATES = ("cancelled", "canceled", "expired", "rejected", "closed")
CANCELED_EXCHANGE_STATES = ("cancelled", "canceled", "expired", "rejected")
CANCEL_REASON = {
    "TIMEOUT": "cancelled due to timeout",
    "PARTIALLY_FILLED_KEEP_OPEN": "partially filled - keeping order open",
    "PARTIALLY_FILLED": "partially filled",
    "FULLY_CANCELLED": "fully cancelled",
    "ALL_CANCELLED": "cancelled (all unfilled and partially filled open orders cancelled)",
    "CANCELLED_ON_EXCHANGE": "cancelled on exchange",
    "FORCE_EXIT": "forcesold",
    "REPLACE": "cancelled to be replaced by new limit order",
    "REPLACE_FAILED": "failed to replace order, deleting Trade",
    "USER_CANCEL": "user requested order cancel",
}

# type aliases strategies use in their signatures
Config = dict[str, Any]
ExchangeConfig = dict[str, Any]
IntOrInf = float
EntryExit = Literal["entry", "exit"]
BuySell = Literal["buy", "sell"]
LongShort = Literal["long", "short"]
MakerTaker = Literal["maker", "taker"]
BidAsk = Literal["bid", "ask"]
OBLiteral = Literal["asks", "bids"]
EntryExecuteMode = Literal["initial", "pos_adjust", "replace"]
PairWithTimeframe = tuple[str, str, CandleType]
ListPairsWithTimeframes = list[PairWithTimeframe]
TickWithTimeframe = tuple[str, str, CandleType, int | None, int | None]
ListTicksWithTimeframes = list[TickWithTimeframe]
TradeList = list[list]

# currencies fiat_display_currency may name (CoinGecko quotes prices in each of them)
SUPPORTED_FIAT = (
    "AUD", "BRL", "CAD", "CHF", "CLP", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "IDR",
    "ILS", "INR", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PKR", "PLN", "RUB", "UAH",
    "SEK", "SGD", "THB", "TRY", "TWD", "ZAR", "USD", "BTC", "ETH", "XRP", "LTC", "BCH", "BNB",
)
