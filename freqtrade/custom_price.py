"""The limit price a strategy's ``custom_entry_price``/``custom_exit_price`` may set.

The strategy's price is used only within ``custom_price_max_distance_ratio`` (default 2 %)
of the price the pricing settings proposed; anything further is moved to that bound, and an
answer that is no number keeps the proposed price.
"""
from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_MAX_DISTANCE_RATIO = 0.02


def valid_custom_price(custom_price: Any, proposed_price: float, config: dict) -> float:
    """``custom_price`` clamped to the allowed distance around ``proposed_price``."""
    price = proposed_price
    if custom_price:
        try:
            price = float(custom_price)
        except (TypeError, ValueError):
            logger.warning("Custom price %r is no number; using %s.", custom_price,
                           proposed_price)
    ratio = config.get("custom_price_max_distance_ratio", DEFAULT_MAX_DISTANCE_RATIO)
    lowest = proposed_price - proposed_price * ratio
    highest = proposed_price + proposed_price * ratio
    final = max(min(price, highest), lowest)
    if final != price:
        logger.info("Custom price %s moved to %s: custom_price_max_distance_ratio is %s.",
                    price, final, ratio)
    return final
