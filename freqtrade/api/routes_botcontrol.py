"""Bot control: start/stop/pause, reload, force entry and exit (with the 2021 aliases)."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute

from freqtrade.api import schemas as S
from freqtrade.api.fields import Field, Model
from freqtrade.api.routing import api_route, get_rpc


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


def force_entry(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """Open a trade now (needs force_entry_enable)."""
    side = body.get("side") or "long"
    trade = get_rpc(request).force_entry(
        body["pair"], side=side, price=body.get("price"), ordertype=body.get("ordertype"),
        stake_amount=body.get("stakeamount"), enter_tag=body.get("entry_tag") or "force_entry",
        leverage=body.get("leverage"))
    if trade is None:
        return {"status": f"Error entering {side} trade for pair {body['pair']}."}
    return trade


def force_exit(request: Request, body: dict[str, Any]) -> dict[str, str]:
    """Exit a trade (or "all") now, fully or partially."""
    return get_rpc(request).force_exit(body["tradeid"], ordertype=body.get("ordertype"),
                                       amount=body.get("amount"), price=body.get("price"))


FORCE_ENTER = Model("ForceEnterPayload", (
    Field("pair", str, max_length=64),
    Field("side", str, default="long", enum=("long", "short")),
    Field("price", float, default=None, gt=0),
    Field("ordertype", str, default=None, enum=("limit", "market")),
    Field("stakeamount", float, default=None, gt=0),
    Field("entry_tag", str, default=None, max_length=255),
    Field("leverage", float, default=None, gt=0),
))
FORCE_EXIT = Model("ForceExitPayload", (
    Field("tradeid", str | int),
    Field("ordertype", str, default=None, enum=("limit", "market")),
    Field("amount", float, default=None, gt=0),
    Field("price", float, default=None, gt=0),
))
T = {"mode": "trade", "tags": ["Bot-control"]}

ROUTES: list[BaseRoute] = [
    api_route("/api/v1/start", start, ["POST"], response=S.STATUS_MSG, **T),
    api_route("/api/v1/stop", stop, ["POST"], response=S.STATUS_MSG, **T),
    api_route("/api/v1/pause", pause, ["POST"], response=S.STATUS_MSG, **T),
    api_route("/api/v1/stopentry", pause, ["POST"], response=S.STATUS_MSG, name="stopentry", **T),
    api_route("/api/v1/stopbuy", pause, ["POST"], response=S.STATUS_MSG, name="stopbuy", **T),
    api_route("/api/v1/reload_config", reload_config, ["POST"], response=S.STATUS_MSG, **T),
    api_route("/api/v1/forceenter", force_entry, ["POST"], response=S.FORCE_ENTER_RESULT,
              body=FORCE_ENTER, **T),
    api_route("/api/v1/forcebuy", force_entry, ["POST"], response=S.FORCE_ENTER_RESULT,
              body=FORCE_ENTER, name="forcebuy",
              **T),
    api_route("/api/v1/forceexit", force_exit, ["POST"], response=S.RESULT_MSG,
              body=FORCE_EXIT, **T),
    api_route("/api/v1/forcesell", force_exit, ["POST"], response=S.RESULT_MSG,
              body=FORCE_EXIT, name="forcesell",
              **T),
]
