"""Combine configuration layers: files in order, then environment, then command line."""
from __future__ import annotations

import copy
import json
from collections.abc import Mapping

ENV_PREFIX = "FREQTRADE__"
_CASE_KEEP = {"cors_origins": "CORS_origins"}


def deep_merge(base: dict, override: dict) -> dict:
    """A new dict: nested dicts merged key by key, anything else replaced by ``override``."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _env_value(raw: str):
    try:
        value = json.loads(raw)
    except (ValueError, TypeError):
        return raw
    return value if isinstance(value, (int, float, bool, list, dict)) or value is None else raw


def environment_overrides(environ: Mapping[str, str], prefix: str = ENV_PREFIX) -> dict:
    """``FREQTRADE__API_SERVER__PASSWORD=x`` -> ``{"api_server": {"password": "x"}}``."""
    result: dict = {}
    for name, raw in sorted(environ.items()):
        if not name.startswith(prefix) or len(name) == len(prefix):
            continue
        parts = [p.lower() for p in name[len(prefix):].split("__") if p]
        parts = [_CASE_KEEP.get(p, p) for p in parts]
        if not parts:
            continue
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = _env_value(raw)
    return result
