"""Keys a config file must set before the bot trades or serves, as freqtrade requires them.

Checked on the user's own layers (files, environment, command line) before our defaults fill
anything in: a misspelt ``stake_amount`` must stop the bot rather than become ``"unlimited"``.
``timeframe``, ``stoploss`` and ``minimal_roi`` are not listed: the strategy supplies them.
"""
from __future__ import annotations

import difflib
from typing import Any

from freqtrade.enums import RunMode

# what each top-level key holds, for the "missing" line
TRADE_REQUIRED: dict[str, str] = {
    "exchange": 'an object with the exchange "name", e.g. {"name": "binance"}',
    "dry_run": "true (simulated orders) or false (real orders)",
    "stake_currency": 'the currency trades are paid in, e.g. "USDT"',
    "stake_amount": 'the amount per trade, or "unlimited" to split the whole balance',
    "entry_pricing": 'an object, e.g. {"price_side": "same"}',
    "exit_pricing": 'an object, e.g. {"price_side": "same"}',
    "pairlists": 'a list of pairlist objects, e.g. [{"method": "StaticPairList"}]',
}
MINIMAL_REQUIRED = ("exchange", "dry_run")
WEBSERVER_REQUIRED = (*MINIMAL_REQUIRED, "api_server")
API_SERVER_REQUIRED = ("enabled", "listen_ip_address", "listen_port", "username", "password",
                       "jwt_secret_key")
DESCRIPTIONS: dict[str, str] = {
    **TRADE_REQUIRED,
    "api_server": 'an object with "enabled", "listen_ip_address", "listen_port", '
                  '"username", "password" and "jwt_secret_key"',
}


def required_keys(runmode: RunMode | None) -> tuple[str, ...]:
    """The top-level keys ``runmode`` needs (trade modes need the most)."""
    if runmode in (RunMode.DRY_RUN, RunMode.LIVE):
        return tuple(TRADE_REQUIRED)
    if runmode == RunMode.WEBSERVER:
        return WEBSERVER_REQUIRED
    return MINIMAL_REQUIRED


def _typo_hint(key: str, config: dict[str, Any]) -> str:
    """' ("stake_ammount" is set: a typo?)' when a present key is a near miss of ``key``."""
    close = difflib.get_close_matches(key, [k for k in config if isinstance(k, str)], n=1,
                                      cutoff=0.8)
    return f' ("{close[0]}" is set: a typo?)' if close else ""


def missing_required(config: dict[str, Any], runmode: RunMode | None) -> list[str]:
    """One ``key: ...`` line per required key that is absent (empty when all are there)."""
    problems = []
    for key in required_keys(runmode):
        if key not in config:
            problems.append(f"{key}: missing; this setting is required: "
                            f"{DESCRIPTIONS[key]}{_typo_hint(key, config)}")
    exchange = config.get("exchange")
    if isinstance(exchange, dict) and "name" not in exchange:
        problems.append('exchange.name: missing; this setting is required, e.g. "binance" or '
                        '"simulated"')
    pairlists = config.get("pairlists")
    if isinstance(pairlists, list):
        if not pairlists and "pairlists" in required_keys(runmode):
            problems.append('pairlists: must not be empty, e.g. [{"method": "StaticPairList"}]')
        for index, item in enumerate(pairlists):
            if isinstance(item, dict) and "method" not in item:
                problems.append(f'pairlists[{index}].method: missing; each pairlist needs a '
                                f'"method", e.g. "StaticPairList"')
    api = config.get("api_server")
    if isinstance(api, dict):
        absent = [key for key in API_SERVER_REQUIRED if key not in api]
        if absent:
            hints = "".join(_typo_hint(key, api) for key in absent)
            problems.append(f"api_server: missing {', '.join(absent)}; the section must set "
                            f"{', '.join(API_SERVER_REQUIRED)}{hints}")
    return problems
