"""The OpenAPI 3.1 document, built from the same ``RouteSpec`` that validates requests.

Parameters and request bodies come from the route's ``Field``/``Model`` declarations and
responses from ``freqtrade.api.schemas``, so what the document says is what the server checks
and answers. Models become ``components/schemas`` entries referenced by name.
"""
from __future__ import annotations

import types
import typing
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from starlette.routing import BaseRoute

from freqtrade.api.fields import MISSING, AwareDatetime, Field, Model, StrategyName
from freqtrade.api.schemas import Nullable
from freqtrade.api.validation import body_shape

TITLE = "Freqtrade API"
DOC_VERSION = "0.1.0"
_SCALARS: dict[Any, dict[str, Any]] = {
    int: {"type": "integer"}, float: {"type": "number"}, str: {"type": "string"},
    bool: {"type": "boolean"}, dict: {"type": "object"}, list: {"type": "array"},
    StrategyName: {"type": "string", "pattern": "^[^:]+$"},
    AwareDatetime: {"type": "string", "format": "date-time"},
    datetime: {"type": "string", "format": "date-time"},
}
_ERROR_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
_STANDARD_ERRORS: dict[str, dict[str, Any]] = {
    "401": {"description": "Missing or invalid credentials",
            "content": {"application/json": {"schema": _ERROR_DETAIL}}},
    "422": {"description": "Validation error",
            "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/HTTPValidationError"}}}},
    "502": {"description": "The bot refused or failed the request",
            "content": {"application/json": {"schema": {
                "type": "object", "properties": {"error": {"type": "string"}}}}}},
}
_VALIDATION_SCHEMAS = {
    "ValidationError": {"type": "object", "required": ["type", "loc", "msg"], "properties": {
        "type": {"type": "string"}, "loc": {"type": "array", "items": {
            "anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"}, "input": {}}},
    "HTTPValidationError": {"type": "object", "properties": {"detail": {
        "type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}}}},
}


class SchemaBuilder:
    """Turns declared types into JSON Schema, collecting named models on the way."""

    def __init__(self) -> None:
        self.components: dict[str, dict[str, Any]] = dict(_VALIDATION_SCHEMAS)

    def type_schema(self, tp: Any) -> dict[str, Any]:
        if isinstance(tp, Nullable):
            return {"anyOf": [self.type_schema(tp.inner), {"type": "null"}]}
        if isinstance(tp, Model):
            return self.model_ref(tp)
        if tp is Any:
            return {}
        if tp is None or tp is type(None):
            return {"type": "null"}
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        origin = typing.get_origin(tp)
        if origin is list:
            (item,) = typing.get_args(tp) or (Any,)
            return {"type": "array", "items": self.type_schema(item)}
        if origin is dict:
            return {"type": "object"}
        if origin is Literal:
            return {"enum": list(typing.get_args(tp))}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.type_schema(m) for m in typing.get_args(tp)]}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"enum": [m.value for m in tp]}
        raise TypeError(f"No JSON schema for {tp!r}")

    def field_schema(self, fld: Field) -> dict[str, Any]:
        schema = self.type_schema(fld.type)
        target = schema
        if schema.get("type") == "array" and "items" in schema:
            target = schema["items"]  # value constraints apply to each item
        for key, attr in (("minimum", "ge"), ("exclusiveMinimum", "gt"), ("maximum", "le"),
                          ("exclusiveMaximum", "lt"), ("minLength", "min_length"),
                          ("maxLength", "max_length")):
            if getattr(fld, attr) is not None:
                target[key] = getattr(fld, attr)
        if fld.enum is not None:
            target["enum"] = [v.value if isinstance(v, Enum) else v for v in fld.enum]
        if fld.min_items is not None:
            schema["minItems"] = fld.min_items
        if fld.max_items is not None:
            schema["maxItems"] = fld.max_items
        if fld.default is not MISSING:
            default = fld.default
            schema["default"] = default.value if isinstance(default, Enum) else default
            if default is None and "anyOf" not in schema:
                schema = {"anyOf": [schema, {"type": "null"}], "default": None}
        if fld.description:
            schema["description"] = fld.description
        if fld.examples:
            schema["examples"] = list(fld.examples)
        if fld.deprecated:
            schema["deprecated"] = True
        return schema

    def object_schema(self, fields: typing.Sequence[Field], description: str = ""
                      ) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {f.wire_name: self.field_schema(f) for f in fields},
        }
        required = [f.wire_name for f in fields if f.is_required]
        if required:
            schema["required"] = required
        if description:
            schema["description"] = description
        return schema

    def model_ref(self, model: Model) -> dict[str, Any]:
        if model.name not in self.components:
            self.components[model.name] = {}  # reserve first: models may nest themselves
            self.components[model.name] = self.object_schema(model.fields, model.description)
        return {"$ref": f"#/components/schemas/{model.name}"}

    def body_schema(self, body: Any) -> dict[str, Any]:
        kind, target = body_shape(body)
        if kind == "model":
            return self.model_ref(target)
        if kind == "list":
            return {"type": "array", "items": self.type_schema(target)}
        return self.object_schema(target)


def _parameters(builder: SchemaBuilder, spec: Any) -> list[dict[str, Any]]:
    params = []
    for location, declared in (("path", spec.path_params), ("query", spec.query)):
        for fld in declared:
            param: dict[str, Any] = {"name": fld.wire_name, "in": location,
                                     "required": fld.is_required,
                                     "schema": builder.field_schema(fld)}
            if fld.description:
                param["description"] = fld.description
            params.append(param)
    return params


def _operation(builder: SchemaBuilder, spec: Any, method: str, name: str) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": f"{name}_{method}",
        "summary": spec.summary,
        "tags": list(spec.tags) or ["Other"],
    }
    if spec.description:
        operation["description"] = spec.description
    params = _parameters(builder, spec)
    if params:
        operation["parameters"] = params
    if spec.body is not None:
        operation["requestBody"] = {
            "required": spec.body_required,
            "content": {"application/json": {"schema": builder.body_schema(spec.body)}}}
    ok_schema = builder.type_schema(spec.response) if spec.response is not None else {}
    responses: dict[str, Any] = {"200": {"description": "Successful Response", "content": {
        "application/json": {"schema": ok_schema}}}}
    if spec.scope is not None:
        responses["401"] = _STANDARD_ERRORS["401"]
        operation["security"] = [{"HTTPBasic": []}, {"HTTPBearer": []}]
    if params or spec.body is not None:
        responses["422"] = _STANDARD_ERRORS["422"]
    if spec.needs_rpc or spec.mode != "any":
        responses["502"] = _STANDARD_ERRORS["502"]
    operation["responses"] = responses
    return operation


def build_openapi(routes: typing.Iterable[BaseRoute]) -> dict[str, Any]:
    """The document for every declared route that is part of the schema."""
    builder = SchemaBuilder()
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        spec = getattr(route, "spec", None)
        if spec is None or not spec.include_in_schema:
            continue
        name = getattr(route, "name", None) or spec.handler.__name__
        entry = paths.setdefault(spec.path, {})
        for method in spec.methods:
            entry[method.lower()] = _operation(builder, spec, method.lower(), name)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": DOC_VERSION},
        "paths": paths,
        "components": {
            "schemas": dict(sorted(builder.components.items())),
            "securitySchemes": {"HTTPBasic": {"type": "http", "scheme": "basic"},
                                "HTTPBearer": {"type": "http", "scheme": "bearer"}},
        },
    }
