"""Bot control: start/stop/pause, reload, force entry and exit (with the 2021 aliases)."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request

from freqtrade.api.request_models import ForceEnterPayload, ForceExitPayload
from freqtrade.api.routing import get_rpc


def start(request: Request) -> dict[str, str]:
    """Start trading (entries and exits)."""
    return get_rpc(request).start()


def stop(request: Request) -> dict[str, str]:
    """Stop trading; open trades stay open."""
    return get_rpc(request).stop()


def pause(request: Request) -> dict[str, str]:
    """Pause entries; exits and stoplosses keep running (/start resumes)."""
    return get_rpc(request).pause()


def reload_config(request: Request) -> dict[str, str]:
    """Re-read the config files and restart the bot."""
    return get_rpc(request).reload_config()


def force_entry(request: Request, body: ForceEnterPayload) -> dict[str, Any]:
    """Open a trade now (needs force_entry_enable)."""
    trade = get_rpc(request).force_entry(
        body.pair, side=body.side.value, price=body.price,
        ordertype=body.ordertype.value if body.ordertype else None,
        stake_amount=body.stakeamount, enter_tag=body.entry_tag, leverage=body.leverage,
        stake_all_available=body.stake_all_available)
    if trade is None:
        return {"status": f"Error entering {body.side.value} trade for pair {body.pair}."}
    return trade


def force_exit(request: Request, body: ForceExitPayload) -> dict[str, str]:
    """Exit a trade (or "all") now, fully or partially."""
    return get_rpc(request).force_exit(
        body.tradeid, ordertype=body.ordertype.value if body.ordertype else None,
        amount=body.amount, price=body.price)
