"""Map 2021-era config keys to today's names so old freqtrade configs keep working."""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

TOP_LEVEL = {
    "ticker_interval": "timeframe",
    "forcebuy_enable": "force_entry_enable",
    "bid_strategy": "entry_pricing",
    "ask_strategy": "exit_pricing",
    "sell_profit_only": "exit_profit_only",
    "sell_profit_offset": "exit_profit_offset",
    "use_sell_signal": "use_exit_signal",
    "ignore_roi_if_buy_signal": "ignore_roi_if_entry_signal",
}
NESTED = {
    "order_types": {"buy": "entry", "sell": "exit", "forcebuy": "force_entry",
                    "forcesell": "force_exit", "emergencysell": "emergency_exit",
                    "forceentry": "force_entry", "forceexit": "force_exit"},
    "unfilledtimeout": {"buy": "entry", "sell": "exit"},
    "order_time_in_force": {"buy": "entry", "sell": "exit"},
}
# keys that 2021 configs kept inside bid_strategy/ask_strategy but that live elsewhere today
PRICING_RENAMES = {"bid_strategy": {"ask_last_balance": "price_last_balance"},
                   "ask_strategy": {"bid_last_balance": "price_last_balance"}}
ASK_STRATEGY_TO_TOP = ("use_sell_signal", "sell_profit_only", "sell_profit_offset",
                       "ignore_roi_if_buy_signal", "ignore_buying_expired_candle_after")
EXPERIMENTAL = {"use_sell_signal": "use_exit_signal", "sell_profit_only": "exit_profit_only",
                "ignore_roi_if_buy_signal": "ignore_roi_if_entry_signal",
                "use_exit_signal": "use_exit_signal", "exit_profit_only": "exit_profit_only",
                "ignore_roi_if_entry_signal": "ignore_roi_if_entry_signal"}


def _move(section: dict, old: str, new: str, where: str) -> None:
    if old not in section:
        return
    if new in section:
        logger.warning("%s%s is deprecated and ignored because %s%s is set.", where, old,
                       where, new)
    else:
        logger.warning("%s%s is deprecated, using it as %s%s.", where, old, where, new)
        section[new] = section[old]
    del section[old]


def _unpack_pricing(config: dict) -> None:
    """Inside bid_strategy/ask_strategy: rename the balance keys, lift the exit settings."""
    for section_name, renames in PRICING_RENAMES.items():
        section = config.get(section_name)
        if not isinstance(section, dict):
            continue
        for old, new in renames.items():
            _move(section, old, new, f"{section_name}.")
        if section_name == "ask_strategy":
            for key in ASK_STRATEGY_TO_TOP:
                if key in section:
                    new = TOP_LEVEL.get(key, key)
                    logger.warning("ask_strategy.%s is deprecated, using it as %s.", key, new)
                    config.setdefault(new, section[key])
                    del section[key]


def map_deprecated_keys(config: dict) -> dict:
    """Rename deprecated keys in place (with a warning); an explicit new key always wins."""
    _unpack_pricing(config)
    for old, new in TOP_LEVEL.items():
        _move(config, old, new, "")
    for section_name, names in NESTED.items():
        section = config.get(section_name)
        if isinstance(section, dict):
            for old, new in names.items():
                _move(section, old, new, f"{section_name}.")
    experimental = config.get("experimental")
    if isinstance(experimental, dict):
        for old, new in EXPERIMENTAL.items():
            if old in experimental:
                if new not in config:
                    logger.warning("experimental.%s is deprecated, using it as %s.", old, new)
                    config[new] = experimental[old]
                del experimental[old]
    return config
