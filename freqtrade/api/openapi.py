"""The OpenAPI 3.1 document, from the pydantic models that validate requests and name answers.

Parameters come from each route's query/path model, request bodies from its body type and
200 answers from the class its ``response`` names in ``response_models`` (imported here, on
the first ``/openapi.json``, not at start-up). pydantic writes every JSON schema; named models
and enums become ``components/schemas`` entries. The error statuses of each operation are the
ones its pipeline and handler really answer.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, TypeAdapter
from starlette.routing import BaseRoute

from freqtrade.api.routing import SAFE_METHODS, TRADE, RouteSpec

TITLE = "Freqtrade API"
DOC_VERSION = "0.1.0"
REF = "#/components/schemas/{model}"
_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
_ERRORS: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("Refused: the request would not do what it asks, or its body cannot be decoded "
          "(not UTF-8, or nested too deeply)", _DETAIL),
    401: ("Missing or invalid credentials", _DETAIL),
    403: ("Not enough permissions: the read-only user on a state-changing route", _DETAIL),
    404: ("Not found", _DETAIL),
    413: ("Request body larger than 1 MiB", _DETAIL),
    415: ("Content-Type a cross-site form can send (text/plain, form encodings)", _DETAIL),
    422: ("Validation error", {"$ref": "#/components/schemas/HTTPValidationError"}),
    429: ("Too many failed password attempts for this username", _DETAIL),
    502: ("The bot refused or failed the request, or no bot is attached",
          {"type": "object", "properties": {"error": {"type": "string"},
                                            "detail": {"type": "string"}}}),
    503: ("Not available in this run mode", _DETAIL),
}
_VALIDATION_SCHEMAS = {
    "ValidationError": {"type": "object", "required": ["type", "loc", "msg"], "properties": {
        "type": {"type": "string"}, "loc": {"type": "array", "items": {
            "anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"}, "input": {}, "ctx": {"type": "object"}}},
    "HTTPValidationError": {"type": "object", "properties": {"detail": {
        "type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}}}},
}


def response_type(name: str) -> Any:
    """The type a route's ``response`` names: a class, ``list[Class]`` or ``list``."""
    models = importlib.import_module("freqtrade.api.response_models")
    if name == "list":
        return list[Any]
    if name.startswith("list[") and name.endswith("]"):
        return list[getattr(models, name[5:-1])]  # type: ignore[misc]
    return getattr(models, name)


def _specs(routes: Iterable[BaseRoute]) -> list[RouteSpec]:
    specs = [getattr(route, "spec", None) for route in routes]
    return [spec for spec in specs if spec is not None and spec.include_in_schema]


def _schemas(specs: list[RouteSpec]) -> tuple[dict[Any, Any], dict[str, Any]]:
    """JSON schemas keyed by (route index, part), and the shared component definitions."""
    inputs: list[tuple[Any, Any, TypeAdapter[Any]]] = []
    for index, spec in enumerate(specs):
        for part, model in (("path", spec.inputs.path), ("query", spec.inputs.query)):
            if model is not None:
                inputs.append(((index, part), "validation", TypeAdapter(model)))
        if spec.inputs.body_type is not None:
            inputs.append(((index, "body"), "validation", TypeAdapter(spec.inputs.body_type)))
        if spec.response is not None:
            inputs.append(((index, "response"), "serialization",
                           TypeAdapter(response_type(spec.response))))
    schemas, definitions = TypeAdapter.json_schemas(inputs, ref_template=REF)
    return ({key: schema for (key, _mode), schema in schemas.items()},
            dict(definitions.get("$defs", {})))


def _parameters(model: type[BaseModel] | None, schema: dict[str, Any] | None,
                location: str, definitions: dict[str, Any]) -> list[dict[str, Any]]:
    """One parameter per field of a query/path model (its own entry leaves the components)."""
    if model is None or schema is None:
        return []
    resolved = definitions.pop(schema["$ref"].rsplit("/", 1)[1]) if "$ref" in schema else schema
    required = set(resolved.get("required", ()))
    params = []
    for field, field_schema in resolved["properties"].items():
        param = {"name": field, "in": location, "required": field in required,
                 "schema": field_schema}
        if "description" in field_schema:
            param["description"] = field_schema["description"]
        params.append(param)
    return params


def _operation(spec: RouteSpec, method: str, schemas: dict[Any, Any], index: int,
               params: list[dict[str, Any]]) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": f"{spec.handler.__name__}_{method}",
                                 "summary": spec.summary, "tags": list(spec.tags) or ["Other"]}
    if params:
        operation["parameters"] = params
    if spec.inputs.body_type is not None:
        operation["requestBody"] = {"required": spec.inputs.body_required, "content": {
            "application/json": {"schema": schemas[(index, "body")]}}}
    statuses = set(spec.errors)
    if spec.scope is not None:
        statuses.update((401, 429))
        if spec.scope == TRADE:
            statuses.add(403)
        operation["security"] = [{"HTTPBasic": []}, {"HTTPBearer": []}]
    if spec.inputs.declared:
        statuses.add(422)
    if spec.inputs.body is not None:
        statuses.update((400, 413))
    if method.upper() not in SAFE_METHODS:
        statuses.add(415)
    if spec.needs_rpc:
        statuses.add(502)
    if spec.mode != "any":
        statuses.add(503)
    responses: dict[str, Any] = {"200": {"description": "Successful Response", "content": {
        "application/json": {"schema": schemas.get((index, "response"), {})}}}}
    for status in sorted(statuses):
        description, schema = _ERRORS[status]
        responses[str(status)] = {"description": description,
                                  "content": {"application/json": {"schema": schema}}}
    operation["responses"] = responses
    return operation


def build_openapi(routes: Iterable[BaseRoute]) -> dict[str, Any]:
    """The document for every route that is part of the schema."""
    specs = _specs(routes)
    schemas, definitions = _schemas(specs)
    paths: dict[str, dict[str, Any]] = {}
    for index, spec in enumerate(specs):
        params = [
            *_parameters(spec.inputs.path, schemas.get((index, "path")), "path", definitions),
            *_parameters(spec.inputs.query, schemas.get((index, "query")), "query",
                         definitions)]
        entry = paths.setdefault(spec.path, {})
        for method in spec.methods:
            entry[method.lower()] = _operation(spec, method.lower(), schemas, index, params)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": DOC_VERSION},
        "paths": paths,
        "components": {
            "schemas": dict(sorted({**definitions, **_VALIDATION_SCHEMAS}.items())),
            "securitySchemes": {"HTTPBasic": {"type": "http", "scheme": "basic"},
                                "HTTPBearer": {"type": "http", "scheme": "bearer"}},
        },
    }
