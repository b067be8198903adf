"""Replies to websocket requests (whitelist, analyzed_df), built from the running bot."""
from __future__ import annotations

from typing import Any

from freqtrade.enums import RPCMessageType

ANALYZED_DF_MAX = 1500


def whitelist_message(bot: Any) -> dict[str, Any]:
    return {"type": RPCMessageType.WHITELIST.value, "data": list(bot.active_pair_whitelist)}


def analyzed_df_messages(bot: Any, data: Any) -> list[dict[str, Any]]:
    """One message per pair: the last ``limit`` analyzed candles in pandas' split layout.

    ``data`` is the request's payload: absent/empty sends whole frames of every whitelisted
    pair; an object may name ``pair`` and ``limit`` (capped at 1,500, the default).
    """
    pair = limit = None
    if isinstance(data, dict) and data:
        pair = data.get("pair")
        limit = data.get("limit")
        limit = ANALYZED_DF_MAX if not isinstance(limit, int) or limit <= 0 else \
            min(limit, ANALYZED_DF_MAX)
    timeframe = bot.timeframe
    pairs = [pair] if isinstance(pair, str) else list(bot.active_pair_whitelist)
    messages = []
    for name in pairs:
        frame, analyzed = bot.dataprovider.get_analyzed_dataframe(name, timeframe)
        if frame.empty:
            continue
        if limit:
            frame = frame.iloc[-limit:]
        messages.append({"type": RPCMessageType.ANALYZED_DF.value, "data": {
            "key": [name, timeframe, "spot"],
            "df": {"__type__": "dataframe",
                   "__value__": frame.to_json(orient="split", date_format="iso",
                                              date_unit="ms")},
            "la": analyzed.isoformat(),
        }})
    return messages
