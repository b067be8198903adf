"""Request bodies and shared input types, as pydantic v2 models named as freqtrade names them.

The class names appear in clients' 422 answers (``model_type``), so they match freqtrade's.
Limits beyond freqtrade's (string lengths, list sizes, positive finite prices, the lock side)
keep oversized or nonsensical input away from the bot; they use pydantic's own constraints,
so their 422 items have pydantic's wording.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from freqtrade.enums import MarginMode, OrderTypeValues, SignalDirection, TradingMode

MAX_PAIR_LENGTH = 64
MAX_LIST_ITEMS = 500
CANDLE_LIMIT = 5000


def _no_base64_strategy(value: str) -> str:
    """A ``Name:base64`` strategy embeds code: a config file may do that, an API caller not."""
    if ":" in value:
        raise PydanticCustomError("strategy_name", "base64 encoded strategies are not allowed.")
    return value


_TIMEFRAME = re.compile(r"0*[1-9][0-9]*[smhdwMy]")
TIMEFRAME_PATTERN = f"^{_TIMEFRAME.pattern}$"


def _known_timeframe(value: str) -> str:
    """A timeframe is a positive count of ASCII digits and a unit (``5m``, ``1h``, ``1w``):
    anything else (``0m``, ``+5m``, `` 5m``) could not name a candle series."""
    if not _TIMEFRAME.fullmatch(value):
        raise PydanticCustomError("timeframe", "Invalid timeframe '{timeframe}'",
                                  {"timeframe": value})
    return value


StrategyName = Annotated[str, Field(json_schema_extra={"pattern": "^[^:]*$"}),
                         AfterValidator(_no_base64_strategy)]
Pair = Annotated[str, Field(max_length=MAX_PAIR_LENGTH)]
Timeframe = Annotated[str, Field(max_length=8, json_schema_extra={"pattern": TIMEFRAME_PATTERN}),
                      AfterValidator(_known_timeframe)]
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1
DbInt = Annotated[int, Field(ge=DB_INT_MIN, le=DB_INT_MAX)]
"""An integer the database can bind (signed 64 bits): ids, offsets and limits."""


def _bindable(value: str | int) -> str | int:
    """``DbInt``'s bounds on the integer member of a union (which keeps the union's labels)."""
    if isinstance(value, int) and value > DB_INT_MAX:
        raise PydanticKnownError("less_than_equal", {"le": DB_INT_MAX})
    if isinstance(value, int) and value < DB_INT_MIN:
        raise PydanticKnownError("greater_than_equal", {"ge": DB_INT_MIN})
    return value


def _not_a_boolean(value: object) -> object:
    """pydantic's lax mode reads ``true`` as 1: as an id that would pick trade or lock 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("id_boolean", "Input should be an id, not a boolean")
    return value


PositiveFinite = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Columns = Annotated[list[str], Field(max_length=MAX_LIST_ITEMS)]


class ForceEnterPayload(BaseModel):
    pair: Pair
    side: SignalDirection = SignalDirection.LONG
    price: PositiveFinite | None = None
    ordertype: OrderTypeValues | None = None
    stakeamount: PositiveFinite | None = None
    entry_tag: Annotated[str, Field(max_length=255)] | None = None
    leverage: PositiveFinite | None = None
    # beyond freqtrade: a stakeamount above the available stake is refused unless this is true
    stake_all_available: StrictBool = False


class ForceExitPayload(BaseModel):
    tradeid: Annotated[str | int, BeforeValidator(_not_a_boolean), AfterValidator(_bindable),
                       WithJsonSchema({"anyOf": [{"type": "string"}, {
                           "type": "integer", "minimum": DB_INT_MIN, "maximum": DB_INT_MAX}]})]
    ordertype: OrderTypeValues | None = None
    amount: PositiveFinite | None = None
    price: PositiveFinite | None = None


class BlacklistPayload(BaseModel):
    blacklist: Annotated[list[str], Field(max_length=200)]


LOCK_UNTIL_MAX = datetime(9999, 1, 1, tzinfo=UTC)
_LOCK_UNTIL_SCHEMA = {"anyOf": [
    {"type": "string", "format": "date-time"},
    # pydantic reads a number as Unix seconds, or as milliseconds beyond 2e10 in magnitude
    {"type": "number", "minimum": int(datetime(1, 1, 1, tzinfo=UTC).timestamp()) * 1000,
     "exclusiveMaximum": int(LOCK_UNTIL_MAX.timestamp()) * 1000}]}


def _lock_end_in_range(value: datetime) -> datetime:
    """A lock ends on a candle boundary after ``until``; past this date that boundary
    would not be a representable date."""
    if value >= LOCK_UNTIL_MAX:
        raise PydanticCustomError("lock_until", "Lock end must be before {max}",
                                  {"max": LOCK_UNTIL_MAX.isoformat()})
    return value


class LocksPayload(BaseModel):
    pair: Pair
    side: Literal["long", "short", "*"] = "*"
    until: Annotated[AwareDatetime, AfterValidator(_lock_end_in_range),
                     WithJsonSchema(_LOCK_UNTIL_SCHEMA)]
    reason: str | None = None


class DeleteLockRequest(BaseModel):
    pair: str | None = None
    lockid: Annotated[DbInt, BeforeValidator(_not_a_boolean)] | None = None


class PairCandlesRequest(BaseModel):
    pair: Pair
    timeframe: Timeframe
    limit: Annotated[int, Field(ge=1, le=CANDLE_LIMIT)] | None = None
    columns: Columns | None = None


class PairHistoryRequest(BaseModel):
    """Fields in freqtrade's order (its 422 items come in this order). The exchange and mode
    fields are validated and not used: this bot reads the stored spot candles."""

    trading_mode: TradingMode | None = None
    margin_mode: MarginMode | None = None
    exchange: str | None = None
    pair: Pair
    timeframe: Timeframe
    limit: DbInt | None = None
    columns: Columns | None = None
    timerange: str
    strategy: StrategyName | None = None
    freqaimodel: str | None = None
    live_mode: bool = False


LOCKS_MAX_ITEMS = 100
LocksBody = Annotated[list[LocksPayload], Field(max_length=LOCKS_MAX_ITEMS)]
