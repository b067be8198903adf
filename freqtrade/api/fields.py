"""Declarations of request inputs: the one source for validation and for the OpenAPI document.

A ``Field`` describes one query/path/body input; a ``Model`` names a JSON object of fields
(a request body, or an object nested in one). Types are plain Python annotations:
``int``, ``float``, ``str``, ``bool``, ``datetime``, ``AwareDatetime``, ``StrategyName``,
``Any``, ``dict``, ``list[X]``, unions such as ``str | int`` or ``float | None``,
``typing.Literal[...]``, ``Enum`` subclasses, a ``Model`` instance, or ``list[<Model>]``.

Constraints (``ge``/``gt``/``le``/``lt``, ``min_length``/``max_length``, and ``enum``, which
validates like ``typing.Literal``) apply to the value, or to each item of a list;
``min_items``/``max_items`` apply to the list itself (``max_items`` is how list sizes are
capped, OWASP API4). Nothing here imports Starlette.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

Location = Literal["query", "path", "body"]


class _Missing:
    """Sentinel for "no default" (``None`` is a legitimate default)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class StrategyName(str):
    """Type marker: a strategy class name; ``:`` (base64-encoded strategies) is refused."""


class AwareDatetime(datetime):
    """Type marker: a datetime that must carry timezone info (pydantic's ``AwareDatetime``)."""


@dataclass(frozen=True)
class Field:
    """One declared input. ``name`` is the handler keyword, ``alias`` the wire name if different.

    Required when no ``default`` is given (override with ``required=``); a field that is not
    required and has no default gets ``None``. ``default=None`` also makes ``null`` acceptable.
    """

    name: str
    type: Any = str
    location: Location = "query"
    default: Any = MISSING
    required: bool | None = None
    description: str = ""
    alias: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    enum: tuple[Any, ...] | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    examples: tuple[Any, ...] = ()
    deprecated: bool = False

    def __post_init__(self) -> None:
        if self.location not in ("query", "path", "body"):
            raise ValueError(f"Field {self.name!r}: unknown location {self.location!r}")
        if self.enum is not None and not isinstance(self.enum, tuple):
            object.__setattr__(self, "enum", tuple(self.enum))
        if self.location == "path" and not self.is_required:
            raise ValueError(f"Path field {self.name!r} cannot be optional")

    @property
    def wire_name(self) -> str:
        """Name used in the request (and in error ``loc``)."""
        return self.alias or self.name

    @property
    def is_required(self) -> bool:
        if self.required is not None:
            return self.required
        return self.default is MISSING

    @property
    def default_value(self) -> Any:
        """The value used when the input is absent (``None`` if there is no default)."""
        return None if self.default is MISSING else self.default


@dataclass(frozen=True)
class Model:
    """A named JSON object of fields; unknown keys in the input are ignored (pydantic default)."""

    name: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    description: str = ""

    def __post_init__(self) -> None:
        fields = tuple(f if f.location == "body" else replace(f, location="body")
                       for f in self.fields)
        object.__setattr__(self, "fields", fields)
        wire = [f.wire_name for f in self.fields]
        if len(wire) != len(set(wire)):
            raise ValueError(f"Model {self.name!r} declares a field twice")

    def __hash__(self) -> int:
        return hash(self.name)


BodySpec = Model | Sequence[Field] | Sequence[Model] | Any
"""What ``parse_body`` accepts: a Model, a list of body Fields (an anonymous object),
``[Model]`` / ``list[Model]`` (a JSON array of that object)."""
