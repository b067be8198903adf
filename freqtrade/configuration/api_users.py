"""Rules between ``api_server`` settings that name users, shared by config validation.

The optional read-only user is the pair ``readonly_username`` / ``readonly_password``: both
or neither, and distinct from the full user (a shared name would be ambiguous, a shared
password would let the read-only user log in as the full user).
"""
from __future__ import annotations

from typing import Any

READONLY_USERNAME = "readonly_username"
READONLY_PASSWORD = "readonly_password"


def _set(value: Any) -> bool:
    """Given (a value of the wrong type counts: its type rule reports it)."""
    return value is not None and value != ""


def api_user_problems(api: Any) -> list[str]:
    """Every problem of the read-only user in the ``api_server`` section, one line each."""
    if not isinstance(api, dict):
        return []
    name, password = api.get(READONLY_USERNAME), api.get(READONLY_PASSWORD)
    problems = []
    if _set(name) and not _set(password):
        problems.append(f"api_server.{READONLY_PASSWORD}: must be set when "
                        f"api_server.{READONLY_USERNAME} is set")
    if _set(password) and not _set(name):
        problems.append(f"api_server.{READONLY_USERNAME}: must be set when "
                        f"api_server.{READONLY_PASSWORD} is set")
    if _set(name) and name == api.get("username"):
        problems.append(f"api_server.{READONLY_USERNAME}: must differ from api_server.username")
    if _set(password) and password == api.get("password"):
        problems.append(f"api_server.{READONLY_PASSWORD}: must differ from api_server.password")
    return problems
