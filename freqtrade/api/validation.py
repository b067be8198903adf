"""Validate a request's query, path and JSON body against ``Field``/``Model`` declarations.

Each ``parse_*`` returns a plain dict keyed by ``Field.name`` or raises ``ValidationFailed``
(422). ``api_route`` calls them for declared inputs, collecting every error of a request in
one answer like FastAPI does; handlers with unusual needs may call them directly.

Body rules (freqtrade/FastAPI compatible): JSON is parsed when the content type is
``application/json`` (or ``*+json``) or absent; an empty body or ``null`` counts as absent;
any other content type cannot fill a model (``model_attributes_type``). Bodies larger than
``max_bytes`` (1 MiB by default) are refused with 413 before they are buffered (OWASP API4).
"""
from __future__ import annotations

import copy
import json
import typing
from collections.abc import Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from freqtrade.api.coercion import coerce, object_fields, to_list
from freqtrade.api.error_items import ErrorList, Invalid, error
from freqtrade.api.errors import ValidationFailed
from freqtrade.api.fields import BodySpec, Field, Model

MAX_BODY_BYTES = 1024 * 1024
_ABSENT = object()


class PayloadTooLarge(HTTPException):
    """413 with a JSON body (rendered by the HTTPException handler)."""

    def __init__(self, limit: int):
        super().__init__(413, f"Request body too large (limit {limit} bytes).")


def _is_list_type(tp: Any) -> bool:
    return tp is list or typing.get_origin(tp) is list


def collect_query(request: Request, fields: Sequence[Field]) -> tuple[dict[str, Any], ErrorList]:
    """Values and errors for query fields (repeated parameters fill ``list[...]`` fields)."""
    params = request.query_params
    values: dict[str, Any] = {}
    errors: ErrorList = []
    for fld in fields:
        loc = ("query", fld.wire_name)
        if fld.wire_name not in params:
            if fld.is_required:
                errors.append(error("missing", loc, "Field required", None))
            else:
                values[fld.name] = copy.deepcopy(fld.default_value)
            continue
        raw: Any = params.getlist(fld.wire_name) if _is_list_type(fld.type) \
            else params[fld.wire_name]
        try:
            values[fld.name] = coerce(raw, fld.type, loc, fld)
        except Invalid as exc:
            errors.extend(exc.errors)
    return values, errors


def collect_path(request: Request, fields: Sequence[Field]) -> tuple[dict[str, Any], ErrorList]:
    """Values and errors for path parameters (routes use plain ``{name}`` placeholders)."""
    params = request.path_params
    values: dict[str, Any] = {}
    errors: ErrorList = []
    for fld in fields:
        loc = ("path", fld.wire_name)
        if fld.wire_name not in params:
            errors.append(error("missing", loc, "Field required", None))
            continue
        try:
            values[fld.name] = coerce(params[fld.wire_name], fld.type, loc, fld)
        except Invalid as exc:
            errors.extend(exc.errors)
    return values, errors


def parse_query(request: Request, fields: Sequence[Field]) -> dict[str, Any]:
    values, errors = collect_query(request, fields)
    if errors:
        raise ValidationFailed(errors)
    return values


def parse_path(request: Request, fields: Sequence[Field]) -> dict[str, Any]:
    values, errors = collect_path(request, fields)
    if errors:
        raise ValidationFailed(errors)
    return values


async def read_body(request: Request, max_bytes: int = MAX_BODY_BYTES) -> bytes:
    """The raw body, refusing (413) anything larger than ``max_bytes`` without buffering it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(max_bytes)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _is_json(content_type: str | None) -> bool:
    if content_type is None:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    main, _, sub = media.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def decode_json_body(raw: bytes, content_type: str | None) -> Any:
    """The decoded body, ``_ABSENT`` when empty; raises ``Invalid`` for bad JSON."""
    if not raw:
        return _ABSENT
    if not _is_json(content_type):
        return raw.decode("utf-8", errors="replace")  # fails model validation, as upstream
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise Invalid([error("json_invalid", ("body", exc.pos), "JSON decode error", {},
                             {"error": exc.msg})]) from None
    except UnicodeDecodeError as exc:
        raise Invalid([error("json_invalid", ("body", exc.start), "JSON decode error", {},
                             {"error": "Invalid UTF-8"})]) from None


def body_shape(spec: BodySpec) -> tuple[str, Any]:
    """Classify a body declaration: ("model", Model), ("fields", [Field]), ("list", item)."""
    if isinstance(spec, Model):
        return "model", spec
    if typing.get_origin(spec) is list:
        return "list", typing.get_args(spec)[0]
    if isinstance(spec, Sequence) and spec and all(isinstance(f, Field) for f in spec):
        return "fields", list(spec)
    if isinstance(spec, Sequence) and len(spec) == 1 and isinstance(spec[0], Model):
        return "list", spec[0]
    raise TypeError(f"Unsupported body declaration: {spec!r}")


def validate_body(data: Any, spec: BodySpec, required: bool = True,
                  max_items: int | None = None) -> Any:
    """Validate decoded body data (``_ABSENT``/``None`` = no body); raise ``Invalid``."""
    if data is _ABSENT or data is None:
        if required:
            raise Invalid([error("missing", ("body",), "Field required", None)])
        return None
    kind, target = body_shape(spec)
    if kind == "list":
        limit = Field("body", list, max_items=max_items) if max_items is not None else None
        return to_list(data, target, ("body",), limit)
    if not isinstance(data, dict):
        raise Invalid([error("model_attributes_type", ("body",),
                             "Input should be a valid dictionary or object to extract fields "
                             "from", data)])
    fields = target.fields if kind == "model" else target
    return object_fields(data, fields, ("body",))


async def collect_body(request: Request, spec: BodySpec, required: bool = True,
                       max_bytes: int = MAX_BODY_BYTES, max_items: int | None = None
                       ) -> tuple[Any, ErrorList]:
    raw = await read_body(request, max_bytes)
    try:
        data = decode_json_body(raw, request.headers.get("content-type"))
        return validate_body(data, spec, required, max_items), []
    except Invalid as exc:
        return None, exc.errors


async def parse_body(request: Request, spec: BodySpec, required: bool = True,
                     max_bytes: int = MAX_BODY_BYTES, max_items: int | None = None) -> Any:
    """Body as a dict (Model or list of Fields), or a list of dicts (``[Model]``)."""
    value, errors = await collect_body(request, spec, required, max_bytes, max_items)
    if errors:
        raise ValidationFailed(errors)
    return value
