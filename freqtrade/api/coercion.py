"""Coerce raw inputs to declared types (lists, unions, models, literals, enums, constraints).

Follows pydantic v2 in lax mode, so 422 answers look like FastAPI's: union members are tried
exact-type first, and their errors carry the member name in ``loc``; list items and model
fields extend ``loc`` with the index or key; constraints use pydantic's error types.
"""
from __future__ import annotations

import copy
import types
import typing
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from freqtrade.api.error_items import ErrorList, Invalid, Loc, error, fail
from freqtrade.api.fields import AwareDatetime, Field, Model, StrategyName
from freqtrade.api.scalars import to_bool, to_datetime, to_float, to_int, to_str, to_strategy_name


def type_label(tp: Any) -> str:
    """How pydantic names a union member in ``loc`` (``str``, ``int``, ``list[str]``, ...)."""
    if isinstance(tp, Model):
        return tp.name
    origin = typing.get_origin(tp)
    if origin is list:
        return f"list[{type_label(typing.get_args(tp)[0])}]"
    if origin is Literal:
        return "literal[" + ",".join(repr(v) for v in typing.get_args(tp)) + "]"
    if tp is AwareDatetime:
        return "datetime"
    if tp is StrategyName:
        return "str"
    return getattr(tp, "__name__", str(tp))


def expected_text(values: tuple[Any, ...]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'`` (pydantic's literal/enum wording)."""
    shown = [repr(v.value if isinstance(v, Enum) else v) for v in values]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def split_optional(tp: Any) -> tuple[Any, bool]:
    """``X | None`` -> (X, True); unions of several other members stay unions."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        nullable = len(members) != len(typing.get_args(tp))
        if len(members) == 1:
            return members[0], nullable
        return typing.Union[tuple(members)], nullable  # noqa: UP007 - built at runtime
    return tp, False


# --------------------------------------------------------------------------- containers

def _check_list_length(items: list, fld: Field | None, loc: Loc, value: Any) -> None:
    if fld is None:
        return
    count = len(items)
    if fld.max_items is not None and count > fld.max_items:
        plural = "" if fld.max_items == 1 else "s"
        fail("too_long", loc,
             f"List should have at most {fld.max_items} item{plural} after validation, "
             f"not {count}", value,
             {"field_type": "List", "max_length": fld.max_items, "actual_length": count})
    if fld.min_items is not None and count < fld.min_items:
        plural = "" if fld.min_items == 1 else "s"
        fail("too_short", loc,
             f"List should have at least {fld.min_items} item{plural} after validation, "
             f"not {count}", value,
             {"field_type": "List", "min_length": fld.min_items, "actual_length": count})


def to_list(value: Any, item_type: Any, loc: Loc, fld: Field | None) -> list:
    if not isinstance(value, list):
        return fail("list_type", loc, "Input should be a valid list", value)
    _check_list_length(value, fld, loc, value)
    result, errors = [], []
    for index, item in enumerate(value):
        try:
            result.append(coerce(item, item_type, (*loc, index), fld, item=True))
        except Invalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise Invalid(errors)
    return result


def to_model(value: Any, model: Model, loc: Loc) -> dict[str, Any]:
    if not isinstance(value, dict):
        return fail("model_type", loc,
                    f"Input should be a valid dictionary or instance of {model.name}", value,
                    {"class_name": model.name})
    return object_fields(value, model.fields, loc)


def object_fields(data: dict[str, Any], fields: Sequence[Field], loc: Loc) -> dict[str, Any]:
    """Validate the declared keys of a JSON object; the result is keyed by ``Field.name``."""
    result: dict[str, Any] = {}
    errors: ErrorList = []
    for fld in fields:
        field_loc = (*loc, fld.wire_name)
        if fld.wire_name not in data:
            if fld.is_required:
                errors.append(error("missing", field_loc, "Field required", data))
            else:
                result[fld.name] = copy.deepcopy(fld.default_value)
            continue
        try:
            result[fld.name] = coerce(data[fld.wire_name], fld.type, field_loc, fld)
        except Invalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise Invalid(errors)
    return result


# --------------------------------------------------------------------------- dispatch

def _is_exact(value: Any, tp: Any) -> bool:
    """Smart-union first pass: the value already is this member's type."""
    if tp in (int, float, str, bool, dict):
        return type(value) is tp
    if tp is StrategyName:
        return type(value) is str
    if typing.get_origin(tp) is list or tp is list:
        return isinstance(value, list)
    if isinstance(tp, Model):
        return isinstance(value, dict)
    return False


def _coerce_union(value: Any, members: tuple[Any, ...], loc: Loc, fld: Field | None) -> Any:
    for member in members:
        if _is_exact(value, member):
            try:
                return coerce(value, member, loc, fld, item=True)
            except Invalid:
                break
    errors: ErrorList = []
    for member in members:
        try:
            return coerce(value, member, loc, fld, item=True)
        except Invalid as exc:
            for item in exc.errors:
                item_loc = item["loc"]
                at = len(loc)
                item["loc"] = [*item_loc[:at], type_label(member), *item_loc[at:]]
            errors.extend(exc.errors)
    raise Invalid(errors)


def coerce(value: Any, tp: Any, loc: Loc, fld: Field | None = None, item: bool = False) -> Any:
    """Coerce ``value`` to ``tp`` and apply ``fld``'s constraints; raise ``Invalid`` on failure.

    ``item=True`` means we are inside a list or union member, so list-level constraints
    (``min_items``/``max_items``) of ``fld`` were already applied.
    """
    tp, nullable = split_optional(tp)
    if value is None and (nullable or tp is Any or tp is object
                          or (fld is not None and fld.default is None and not item)):
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _coerce_union(value, typing.get_args(tp), loc, fld)
    if origin is list or tp is list:
        args = typing.get_args(tp)
        return to_list(value, args[0] if args else Any, loc, None if item else fld)
    if isinstance(tp, Model):
        return to_model(value, tp, loc)
    if origin is Literal:
        return _check_choice(value, typing.get_args(tp), loc)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _to_enum(value, tp, loc)
    if fld is not None and fld.enum is not None:  # behaves like typing.Literal
        return _check_choice(value, fld.enum, loc)
    result = _coerce_scalar(value, tp, loc)
    return apply_constraints(result, value, fld, loc)


def _coerce_scalar(value: Any, tp: Any, loc: Loc) -> Any:
    if tp is Any or tp is object:
        return value
    if tp is bool:
        return to_bool(value, loc)
    if tp is int:
        return to_int(value, loc)
    if tp is float:
        return to_float(value, loc)
    if tp is StrategyName:
        return to_strategy_name(value, loc)
    if tp is str:
        return to_str(value, loc)
    if tp is AwareDatetime:
        return to_datetime(value, loc, aware=True)
    if tp is datetime:
        return to_datetime(value, loc)
    if tp is dict:
        if isinstance(value, dict):
            return value
        return fail("dict_type", loc, "Input should be a valid dictionary", value)
    raise TypeError(f"Unsupported field type {tp!r}")


def _check_choice(value: Any, choices: tuple[Any, ...], loc: Loc) -> Any:
    for choice in choices:
        if value == choice and type(value) is type(choice):
            return choice
    for choice in choices:  # lax: query strings for int/bool literals
        if isinstance(value, str) and not isinstance(choice, str) and str(choice) == value:
            return choice
    expected = expected_text(choices)
    return fail("literal_error", loc, f"Input should be {expected}", value,
                {"expected": expected})


def _to_enum(value: Any, enum_type: type[Enum], loc: Loc) -> Enum:
    for member in enum_type:
        if member.value == value or member is value:
            return member
    expected = expected_text(tuple(enum_type))
    return fail("enum", loc, f"Input should be {expected}", value, {"expected": expected})


def apply_constraints(result: Any, value: Any, fld: Field | None, loc: Loc) -> Any:
    """Field-level checks after a successful scalar coercion (pydantic's order)."""
    if fld is None:
        return result
    if isinstance(result, str):
        size = len(result)
        if fld.min_length is not None and size < fld.min_length:
            plural = "" if fld.min_length == 1 else "s"
            fail("string_too_short", loc,
                 f"String should have at least {fld.min_length} character{plural}", value,
                 {"min_length": fld.min_length})
        if fld.max_length is not None and size > fld.max_length:
            plural = "" if fld.max_length == 1 else "s"
            fail("string_too_long", loc,
                 f"String should have at most {fld.max_length} character{plural}", value,
                 {"max_length": fld.max_length})
    if isinstance(result, int | float) and not isinstance(result, bool):
        bounds = (
            (fld.gt, "greater_than", "greater than", "gt", lambda v, b: v > b),
            (fld.ge, "greater_than_equal", "greater than or equal to", "ge", lambda v, b: v >= b),
            (fld.lt, "less_than", "less than", "lt", lambda v, b: v < b),
            (fld.le, "less_than_equal", "less than or equal to", "le", lambda v, b: v <= b),
        )
        for bound, type_, words, key, ok in bounds:
            if bound is not None and not ok(result, bound):
                fail(type_, loc, f"Input should be {words} {bound}", value, {key: bound})
    return result
