"""A route's inputs, read from its handler's signature and validated by pydantic.

``handler(request, tradeid: int, limit: Annotated[int, Field(ge=1)] = 500, body: Model)``:
parameters named in the path template are path parameters, ``body`` is the JSON body, every
other parameter is a query parameter (a ``list[...]`` one is filled from repeated keys). The
signature's defaults are the only defaults. Each location is validated by one pydantic model
built once at import, and a failed request gets FastAPI's 422 answer: ``{"detail": [items]}``,
each item pydantic's ``type``/``loc``/``msg``/``input``/``ctx`` without ``url``, ``loc``
starting with "path", "query" or "body", path items first, then query, then body.

Body rules, as freqtrade's FastAPI: only ``application/json`` (or ``*+json``) is parsed as
JSON; any other body (or one without a content type) reaches the model as text and fails it;
an empty body is ``missing``; invalid JSON is one ``json_invalid`` item and nothing else.
Bodies over ``MAX_BODY_BYTES`` are refused with 413 before they are buffered.
"""
from __future__ import annotations

import inspect
import json
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError, create_model
from starlette.exceptions import HTTPException
from starlette.requests import Request

from freqtrade.api.errors import ValidationFailed

MAX_BODY_BYTES = 1024 * 1024
ErrorList = list[dict[str, Any]]
_PLACEHOLDER = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::[^}]*)?}")


class PayloadTooLarge(HTTPException):
    """413 with a JSON body (rendered by the HTTPException handler)."""

    def __init__(self, limit: int):
        super().__init__(413, f"Request body too large (limit {limit} bytes).")


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, typing.get_origin(int | None)):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return annotation is list or typing.get_origin(annotation) is list


def _errors(exc: ValidationError, location: str) -> ErrorList:
    """pydantic's items under ``location``; a missing parameter's input is null (FastAPI)."""
    items = []
    for item in exc.errors(include_url=False):
        if location != "body" and item["type"] == "missing" and len(item["loc"]) == 1:
            item["input"] = None
        items.append({**item, "loc": [location, *item["loc"]]})
    return items


@dataclass(frozen=True)
class Inputs:
    """The validating models of one route (``None`` where it takes nothing there)."""

    path: type[BaseModel] | None
    query: type[BaseModel] | None
    list_params: frozenset[str]
    body: TypeAdapter[Any] | None
    body_type: Any
    body_required: bool

    @property
    def declared(self) -> bool:
        return bool(self.path or self.query or self.body)

    async def parse(self, request: Request, max_bytes: int) -> dict[str, Any]:
        """Handler keyword arguments, or ``ValidationFailed`` with every error of the request."""
        data: Any = None
        if self.body is not None:
            data = decode_body(await read_body(request, max_bytes),
                               request.headers.get("content-type"))
        values: dict[str, Any] = {}
        errors: ErrorList = []
        if self.path is not None:
            errors += self._model(self.path, dict(request.path_params), "path", values)
        if self.query is not None:
            params = request.query_params
            raw = {name: params.getlist(name) if name in self.list_params else params[name]
                   for name in self.query.model_fields if name in params}
            errors += self._model(self.query, raw, "query", values)
        if self.body is not None:
            errors += self._body(data, values)
        if errors:
            raise ValidationFailed(errors)
        return values

    @staticmethod
    def _model(model: type[BaseModel], raw: dict[str, Any], location: str,
               values: dict[str, Any]) -> ErrorList:
        try:
            instance = model.model_validate(raw)
        except ValidationError as exc:
            return _errors(exc, location)
        values.update((name, getattr(instance, name)) for name in model.model_fields)
        return []

    def _body(self, data: Any, values: dict[str, Any]) -> ErrorList:
        assert self.body is not None
        if data is _ABSENT:
            if self.body_required:
                return [{"type": "missing", "loc": ["body"], "msg": "Field required",
                         "input": None}]
            values["body"] = None
            return []
        try:
            values["body"] = self.body.validate_python(data, from_attributes=True)
        except ValidationError as exc:
            return _errors(exc, "body")
        return []


def inputs_of(path: str, handler: Callable[..., Any]) -> Inputs:
    """The ``Inputs`` a handler's signature declares (everything after ``request``)."""
    hints = typing.get_type_hints(handler, include_extras=True)
    placeholders = set(_PLACEHOLDER.findall(path))
    located: dict[str, dict[str, Any]] = {"path": {}, "query": {}}
    body_type: Any = None
    body_required = True
    for name, param in list(inspect.signature(handler).parameters.items())[1:]:
        annotation = hints.get(name, Any)
        default = ... if param.default is inspect.Parameter.empty else param.default
        if name == "body":
            body_required = default is ...
            body_type = annotation if body_required else _without_none(annotation)
        elif name in placeholders:
            if default is not ...:
                raise ValueError(f"{path}: path parameter {name!r} cannot have a default")
            located["path"][name] = (annotation, ...)
        else:
            located["query"][name] = (annotation, default)
    label = getattr(handler, "__name__", "handler")
    models = {where: create_model(f"{label}_{where}", **fields) if fields else None
              for where, fields in located.items()}
    return Inputs(path=models["path"], query=models["query"],
                  list_params=frozenset(n for n, (a, _) in located["query"].items()
                                        if _is_list(a)),
                  body=TypeAdapter(body_type) if body_type is not None else None,
                  body_type=body_type, body_required=body_required)


def _without_none(annotation: Any) -> Any:
    members = [a for a in typing.get_args(annotation) if a is not type(None)]
    return members[0] if len(members) == 1 else annotation


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


_ABSENT = object()


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    main, _, sub = media.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def decode_body(raw: bytes, content_type: str | None) -> Any:
    """The JSON value, the text of a non-JSON body, or ``_ABSENT`` for an empty one."""
    if not raw:
        return _ABSENT
    if not _is_json(content_type):
        return raw.decode("utf-8", errors="replace")  # fails model validation, as freqtrade
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationFailed([{"type": "json_invalid", "loc": ["body", exc.pos],
                                 "msg": "JSON decode error", "input": {},
                                 "ctx": {"error": exc.msg}}]) from None
    except (ValueError, RecursionError):  # undecodable bytes, too deeply nested
        raise HTTPException(400, "There was an error parsing the body") from None
