"""Check a merged configuration; every problem is reported as ``key.path: rule``."""
from __future__ import annotations

import difflib
import ipaddress
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from freqtrade.configuration.api_users import api_user_problems
from freqtrade.configuration.cors_origins import (  # noqa: F401 - origin_problem re-exported
    origin_problem,
    origin_problems,
)
from freqtrade.configuration.exposure import is_host_name
from freqtrade.configuration.known_keys import KNOWN_TOP_LEVEL
from freqtrade.constants import SUPPORTED_FIAT, TIMEFRAMES

logger = logging.getLogger(__name__)
_MISSING = object()


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _get(config: dict, path: str) -> Any:
    node: Any = config
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


Rule = tuple[str, Callable[[Any], bool], str]

RULES: list[Rule] = [
    ("max_open_trades", lambda v: _is_int(v) and v >= -1, "must be an integer >= -1 (-1 = no "
                                                          "limit)"),
    ("stake_currency", lambda v: isinstance(v, str) and v.strip() != "",
     "must be a non-empty string"),
    ("stake_amount", lambda v: v == "unlimited" or (_is_num(v) and v > 0),
     'must be a positive number or "unlimited"'),
    ("tradable_balance_ratio", lambda v: _is_num(v) and 0 < v <= 1,
     "must be a number greater than 0 and at most 1"),
    ("dry_run", lambda v: isinstance(v, bool), "must be true or false"),
    ("dry_run_wallet", lambda v: (_is_num(v) and v > 0) or (
        isinstance(v, dict) and v != {} and all(_is_num(x) and x > 0 for x in v.values())),
     "must be a positive number or an object of currency: positive number"),
    ("timeframe", lambda v: v in TIMEFRAMES, f"must be one of {', '.join(TIMEFRAMES)}"),
    ("minimal_roi", lambda v: isinstance(v, dict) and all(
        str(k).lstrip("-").isdigit() and _is_num(x) for k, x in v.items()),
     'must be an object of "minutes": ratio, e.g. {"0": 0.04, "30": 0.01}'),
    ("stoploss", lambda v: _is_num(v) and -1 <= v < 0,
     "must be a negative number from -1 up to (not including) 0"),
    ("trailing_stop", lambda v: isinstance(v, bool), "must be true or false"),
    ("trailing_stop_positive", lambda v: _is_num(v) and v >= 0, "must be a number >= 0"),
    ("trailing_stop_positive_offset", lambda v: _is_num(v) and v >= 0, "must be a number >= 0"),
    ("trailing_only_offset_is_reached", lambda v: isinstance(v, bool), "must be true or false"),
    ("unfilledtimeout.entry", lambda v: _is_num(v) and v >= 0, "must be a number >= 0"),
    ("unfilledtimeout.exit_timeout_count", lambda v: _is_int(v) and v >= 0,
     "must be an integer >= 0"),
    ("custom_price_max_distance_ratio", lambda v: _is_num(v) and v >= 0,
     "must be a number >= 0"),
    ("unfilledtimeout.exit", lambda v: _is_num(v) and v >= 0, "must be a number >= 0"),
    ("unfilledtimeout.unit", lambda v: v in ("minutes", "seconds"),
     'must be "minutes" or "seconds"'),
    ("initial_state", lambda v: v in ("running", "stopped", "paused"),
     'must be "running", "stopped" or "paused"'),
    ("internals.process_throttle_secs", lambda v: _is_num(v) and v > 0,
     "must be a number > 0"),
    ("bot_name", lambda v: isinstance(v, str), "must be a string"),
    ("fiat_display_currency", lambda v: v in ("", *SUPPORTED_FIAT),
     f"must be one of {', '.join(SUPPORTED_FIAT)}"),
    ("coingecko.api_key", lambda v: isinstance(v, str), "must be a string"),
    ("coingecko.is_demo", lambda v: isinstance(v, bool), "must be true or false"),
    ("coingecko.api_url", lambda v: isinstance(v, str) and urlsplit(v).scheme in (
        "http", "https"), "must be an http(s) URL"),
    ("db_url", lambda v: isinstance(v, str) and v != "", "must be a database URL string"),
    ("force_entry_enable", lambda v: isinstance(v, bool), "must be true or false"),
    ("available_capital", lambda v: _is_num(v) and v > 0, "must be a positive number"),
    ("exchange.name", lambda v: isinstance(v, str) and v.strip() != "",
     "must be a non-empty exchange id, e.g. \"simulated\" or \"binance\""),
    ("exchange.key", lambda v: isinstance(v, str), "must be a string"),
    ("exchange.api_key", lambda v: isinstance(v, str), "must be a string"),
    ("exchange.apiKey", lambda v: isinstance(v, str), "must be a string"),
    ("exchange.secret", lambda v: isinstance(v, str), "must be a string"),
    ("exchange.pair_whitelist", lambda v: isinstance(v, list) and all(
        isinstance(p, str) for p in v), "must be a list of pair strings"),
    ("exchange.pair_blacklist", lambda v: isinstance(v, list) and all(
        isinstance(p, str) for p in v), "must be a list of pair strings"),
    ("exchange.ccxt_config", lambda v: isinstance(v, dict), "must be an object"),
    ("pairlists", lambda v: isinstance(v, list) and all(
        isinstance(p, dict) and isinstance(p.get("method"), str) for p in v),
     'must be a list of objects with a "method", e.g. [{"method": "StaticPairList"}]'),
    ("api_server.enabled", lambda v: isinstance(v, bool), "must be true or false"),
    ("api_server.listen_port", lambda v: _is_int(v) and 1 <= v <= 65535,
     "must be an integer 1-65535"),
    ("api_server.verbosity", lambda v: v in ("error", "info"), 'must be "error" or "info"'),
    ("api_server.enable_openapi", lambda v: isinstance(v, bool), "must be true or false"),
    ("api_server.username", lambda v: isinstance(v, str), "must be a string"),
    ("api_server.password", lambda v: isinstance(v, str), "must be a string"),
    ("api_server.readonly_username", lambda v: isinstance(v, str), "must be a string"),
    ("api_server.readonly_password", lambda v: isinstance(v, str), "must be a string"),
    ("api_server.audit_log_max_entries",
     lambda v: _is_int(v) and 1 <= v <= 1_000_000, "must be an integer from 1 to 1000000"),
    ("api_server.jwt_secret_key", lambda v: isinstance(v, str), "must be a string"),
    ("api_server.ws_token", lambda v: isinstance(v, str) or (
        isinstance(v, list) and all(isinstance(x, str) for x in v)),
     "must be a string or a list of strings"),
    ("api_server.ui_folder", lambda v: isinstance(v, str) and v != "", "must be a folder path"),
    ("api_server.allowed_hosts", lambda v: isinstance(v, list) and v != [] and all(
        is_host_name(h) for h in v), "must be a non-empty list of host names or IP addresses "
     'without scheme or port, e.g. ["127.0.0.1", "localhost", "bot.example.com"]'),
]

for _section in ("entry_pricing", "exit_pricing"):
    RULES += [
        (f"{_section}.price_side", lambda v: v in ("ask", "bid", "same", "other"),
         'must be "ask", "bid", "same" or "other"'),
        (f"{_section}.use_order_book", lambda v: isinstance(v, bool), "must be true or false"),
        (f"{_section}.order_book_top", lambda v: _is_int(v) and v >= 1,
         "must be an integer >= 1"),
        (f"{_section}.price_last_balance", lambda v: _is_num(v) and 0 <= v <= 1,
         "must be a number from 0 to 1"),
    ]
for _key in ("entry", "exit", "force_entry", "force_exit", "emergency_exit", "stoploss"):
    RULES.append((f"order_types.{_key}", lambda v: v in ("limit", "market"),
                  'must be "limit" or "market"'))
RULES.append(("order_types.stoploss_on_exchange", lambda v: isinstance(v, bool),
              "must be true or false"))

KNOWN_SECTION_KEYS: dict[str, set[str]] = {
    "api_server": {"enabled", "listen_ip_address", "listen_port", "verbosity", "enable_openapi",
                   "jwt_secret_key", "ws_token", "CORS_origins", "username", "password",
                   "ui_folder", "allowed_hosts", "readonly_username", "readonly_password",
                   "audit_log_max_entries"},
    "exchange": {"name", "key", "api_key", "apiKey", "secret", "password", "uid", "account_id",
                 "accountId", "wallet_address", "private_key", "pair_whitelist", "pair_blacklist",
                 "ccxt_config", "ccxt_async_config", "ccxt_sync_config", "sandbox",
                 "markets_refresh_interval", "skip_pair_validation", "outdated_offset",
                 "log_responses", "only_from_ccxt", "enable_ws", "walletAddress",
                 "privateKey", "demo_trading", "unknown_fee_rate", "proxy_coin"},
    "internals": {"process_throttle_secs", "heartbeat_interval", "sd_notify"},
    "entry_pricing": {"price_side", "use_order_book", "order_book_top", "price_last_balance",
                      "check_depth_of_market"},
    "exit_pricing": {"price_side", "use_order_book", "order_book_top", "price_last_balance"},
    "order_types": {"entry", "exit", "force_entry", "force_exit", "emergency_exit", "stoploss",
                    "stoploss_on_exchange", "stoploss_on_exchange_interval",
                    "stoploss_on_exchange_limit_ratio", "stoploss_price_type"},
    "unfilledtimeout": {"entry", "exit", "unit", "exit_timeout_count"},
}

NOT_IMPLEMENTED = ("telegram", "edge", "freqai", "webhook", "discord",
                   "producer", "external_message_consumer")


def _check_ip(value: Any) -> bool:
    try:
        ipaddress.ip_address(value)
    except (ValueError, TypeError):
        return False
    return True


def validate_config(config: dict) -> list[str]:
    """Every problem of ``config``, each as ``key.path: rule`` (empty list when valid)."""
    problems = []
    for path, check, rule in RULES:
        value = _get(config, path)
        if value is _MISSING or (value is None and path in ("timeframe", "minimal_roi",
                                                            "stoploss", "available_capital")):
            continue
        if not check(value):
            problems.append(f"{path}: {rule}")
    if "protections" in config:  # freqtrade refuses to start with the key, even empty
        problems.append("protections: setting protections in the configuration is deprecated "
                        "and refused; define them in the strategy (its `protections` "
                        "attribute or property)")
    ip = _get(config, "api_server.listen_ip_address")
    if ip is not _MISSING and not _check_ip(ip):
        problems.append("api_server.listen_ip_address: must be an IPv4 or IPv6 address, e.g. "
                        "127.0.0.1")
    if config.get("max_open_trades") == -1 and config.get("stake_amount") == "unlimited":
        problems.append('max_open_trades: -1 (no limit) and stake_amount "unlimited" cannot '
                        "both be unlimited: set a number for one of them")
    mode = config.get("trading_mode", "spot")
    if mode != "spot":
        problems.append(f"trading_mode: {mode!r} is not supported yet: this bot trades spot only "
                        '(no futures, margin or shorting); set "trading_mode": "spot"')
    origins = _get(config, "api_server.CORS_origins")
    if origins is not _MISSING:
        problems += origin_problems(origins)
    problems += api_user_problems(config.get("api_server"))
    return problems


def warn_unknown_keys(config: dict) -> None:
    """Likely typos get a warning with a suggestion; nothing is removed.

    Inside known sections every unknown key is named; at the top level only those close to a
    known key (others are custom settings a strategy may read).
    """
    for key in config:
        if not isinstance(key, str) or key in KNOWN_TOP_LEVEL:
            continue
        close = difflib.get_close_matches(key, sorted(KNOWN_TOP_LEVEL), n=1, cutoff=0.8)
        if close:
            logger.warning('%s: unknown key, did you mean "%s"? It is ignored.', key, close[0])
    for section, known in KNOWN_SECTION_KEYS.items():
        values = config.get(section)
        if not isinstance(values, dict):
            continue
        for key in values:
            if key in known:
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f', did you mean "{close[0]}"?' if close else ""
            logger.warning("%s.%s: unknown key%s", section, key, hint)


# settings (dotted paths) that only matter when set to a non-default value
NOT_IMPLEMENTED_SETTINGS = (
    "amount_reserve_percent", "amend_last_stake_amount",
    "ignore_buying_expired_candle_after",
    "order_types.stoploss_on_exchange", "entry_pricing.use_order_book",
    "exit_pricing.use_order_book", "entry_pricing.check_depth_of_market.enabled",
    "exchange.sandbox", "exchange.enable_ws",
)


def _section_in_use(value: Any) -> bool:
    """A section counts when set and not switched off with ``"enabled": false``."""
    if isinstance(value, dict) and "enabled" in value:
        return bool(value["enabled"])
    return value not in (None, {}, [], False)


def unused_keys(config: dict) -> list[str]:
    """Keys we accept from freqtrade configs but do not act on yet."""
    names = [key for key in NOT_IMPLEMENTED if _section_in_use(config.get(key))]
    for path in NOT_IMPLEMENTED_SETTINGS:
        value = _get(config, path)
        if value is not _MISSING and value not in (None, "", 0, False, {}, []):
            names.append(path)
    return names
