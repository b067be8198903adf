"""Validation error items in pydantic v2's shape: ``{"type", "loc", "msg", "input", ("ctx")}``.

No ``url`` key, as FastAPI (which freqtrade clients know) strips it from its 422 answers.
"""
from __future__ import annotations

from typing import Any

Loc = tuple[Any, ...]
ErrorList = list[dict[str, Any]]


class Invalid(Exception):
    """Internal: one or more error items for the value being coerced."""

    def __init__(self, errors: ErrorList):
        super().__init__(errors)
        self.errors = errors


def error(type_: str, loc: Loc, msg: str, value: Any, ctx: dict[str, Any] | None = None
          ) -> dict[str, Any]:
    """One pydantic-v2 shaped error item."""
    item: dict[str, Any] = {"type": type_, "loc": list(loc), "msg": msg, "input": value}
    if ctx is not None:
        item["ctx"] = ctx
    return item


def fail(type_: str, loc: Loc, msg: str, value: Any, ctx: dict[str, Any] | None = None) -> Any:
    raise Invalid([error(type_, loc, msg, value, ctx)])
