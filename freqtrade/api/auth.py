"""Who is calling: HTTP Basic or a Bearer JWT access token, turned into Starlette auth scopes.

``BasicOrJWTBackend`` never rejects a request itself (public routes must keep working with a
stale header); it records either an ``ApiUser`` with scopes or an ``Anonymous`` carrying the
reason. ``authorize`` (called by every protected route) turns that reason into freqtrade's
exact 401 flavour, applies login throttling to password attempts, and checks the scope.

Users: ``api_server.username``/``password`` has every scope; the optional
``readonly_username``/``readonly_password`` pair (beyond freqtrade) has only "read": every
GET, the token routes and the message websocket, 403 on the routes declared ``TRADE``.
``configured_users`` is the one place that reads these keys. Tokens issued to a narrower
user carry its scopes in their ``identity`` claim (``{"u": name, "scopes": [...]}``); a
token's scopes are those carried narrowed by the user's configured ones, so a token never
gains a scope (the full user's tokens stay in freqtrade's ``{"u": name}`` format).

Stricter than freqtrade, same wire format: an empty configured username or password never
authenticates (#13519); comparisons are constant-time on UTF-8 bytes (a non-ASCII config
cannot crash); password guessing is throttled (429); a missing, short or published JWT secret
is replaced by a random one.
"""
from __future__ import annotations

import base64
import binascii
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    BaseUser,
    UnauthenticatedUser,
)
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection

from freqtrade.api.context import ApiContext, get_context
from freqtrade.api.jwt_tokens import InvalidToken, bound_key, decode_claims
from freqtrade.api.throttle import password_account
from freqtrade.configuration.api_users import READONLY_PASSWORD, READONLY_USERNAME
from freqtrade.constants import DEFAULT_JWT_SECRETS
from freqtrade.loggers import log_preview

logger = logging.getLogger(__name__)

SCOPE_AUTHENTICATED = "authenticated"
SCOPE_READ = "read"
SCOPE_TRADE = "trade"
FULL_SCOPES = (SCOPE_AUTHENTICATED, SCOPE_READ, SCOPE_TRADE)
READONLY_SCOPES = (SCOPE_AUTHENTICATED, SCOPE_READ)
MIN_JWT_SECRET_LENGTH = 32


class AuthProblem(Enum):
    NO_CREDENTIALS = "no credentials"
    MALFORMED_BASIC = "malformed basic"
    WRONG_PASSWORD = "wrong username or password"
    INVALID_TOKEN = "invalid token"


class ApiUser(BaseUser):
    """An authenticated caller; ``method`` is "basic" or "jwt"."""

    def __init__(self, username: str, method: str) -> None:
        self.username = username
        self.method = method

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.username

    @property
    def identity(self) -> str:
        return self.username


class Anonymous(UnauthenticatedUser):
    """Not authenticated, and why (selects the 401 flavour)."""

    def __init__(self, problem: AuthProblem, attempted_username: str | None = None) -> None:
        self.problem = problem
        self.attempted_username = attempted_username


def unauthorized(problem: AuthProblem) -> HTTPException:
    """freqtrade's 401s: only Bearer failures and malformed Basic carry WWW-Authenticate."""
    if problem is AuthProblem.INVALID_TOKEN:
        return HTTPException(401, "Could not validate credentials", {"WWW-Authenticate": "Bearer"})
    if problem is AuthProblem.MALFORMED_BASIC:
        return HTTPException(401, "Not authenticated", {"WWW-Authenticate": "Basic"})
    return HTTPException(401, "Unauthorized")


def too_many_attempts(retry_after: int) -> HTTPException:
    return HTTPException(
        429, f"Too many failed login attempts, retry in {retry_after} seconds.",
        {"Retry-After": str(retry_after)})


# --------------------------------------------------------------------------- credentials

def split_authorization(header: str | None) -> tuple[str, str]:
    """("basic"|"bearer"|other scheme lower-cased, parameter) of an Authorization header."""
    if not header:
        return "", ""
    scheme, _, param = header.partition(" ")
    return scheme.lower(), param.strip()


def parse_basic(param: str) -> tuple[str, str] | None:
    """(username, password) from a Basic parameter; None if not base64 / ASCII / ``u:p``."""
    try:
        decoded = base64.b64decode(param, validate=True).decode("ascii")
    except (binascii.Error, ValueError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


@dataclass(frozen=True)
class ConfiguredUser:
    """One credential pair of ``api_server``; ``password_key`` names its password setting."""

    username: str
    password: str
    scopes: tuple[str, ...]
    password_key: str


# (username key, password key, scopes) of every credential pair api_server may hold
USER_KEYS = (("username", "password", FULL_SCOPES),
             (READONLY_USERNAME, READONLY_PASSWORD, READONLY_SCOPES))


def configured_users(api_config: dict[str, Any]) -> list[ConfiguredUser]:
    """The users who can authenticate; a pair with an empty or non-string value is left out
    (it never authenticates), so is a read-only pair reusing the full user's name (config
    validation refuses it; this keeps its password from ever granting the full scopes)."""
    users: list[ConfiguredUser] = []
    for user_key, password_key, scopes in USER_KEYS:
        username, password = api_config.get(user_key), api_config.get(password_key)
        if not (isinstance(username, str) and isinstance(password, str) and username
                and password) or any(user.username == username for user in users):
            continue
        users.append(ConfiguredUser(username, password, scopes, password_key))
    return users


def check_password(api_config: dict[str, Any], username: str, password: str) -> bool:
    """Constant-time check against every configured user; empty configured values never
    match. Every pair is compared, so the timing does not tell which user exists."""
    matched = False
    for user in configured_users(api_config):
        user_ok = secrets.compare_digest(username.encode(), user.username.encode())
        password_ok = secrets.compare_digest(password.encode(), user.password.encode())
        matched |= user_ok and password_ok
    return matched


def scopes_for(api_config: dict[str, Any], username: str) -> tuple[str, ...] | None:
    """Scopes of a configured user (None if unknown)."""
    for user in configured_users(api_config):
        if username == user.username:
            return user.scopes
    return None


def token_identity(username: str, scopes: tuple[str, ...]) -> dict[str, Any]:
    """The ``identity`` claim of tokens granting ``scopes`` to ``username``: freqtrade's
    ``{"u": name}`` when they are all the scopes, with the ``scopes`` listed otherwise."""
    if set(FULL_SCOPES) <= set(scopes):
        return {"u": username}
    return {"u": username, "scopes": list(scopes)}


def token_scopes(api_config: dict[str, Any], identity: dict[str, Any]) -> tuple[str, ...] | None:
    """Scopes a verified token grants: its user's configured scopes, narrowed to those the
    token carries (if it carries any); None when that leaves nothing."""
    configured = scopes_for(api_config, identity["u"])
    carried = identity.get("scopes")
    if configured is None:
        return None
    if carried is None:
        return configured
    if not isinstance(carried, list):
        return None
    granted = tuple(scope for scope in configured if scope in carried)
    return granted or None


def jwt_secret_problem(value: Any) -> str | None:
    """Why a configured ``jwt_secret_key`` must not be used, or None if it is fine."""
    if not isinstance(value, str) or not value:
        return "not set"
    if value in DEFAULT_JWT_SECRETS:
        return "a published default value"
    if len(value) < MIN_JWT_SECRET_LENGTH:
        return f"shorter than {MIN_JWT_SECRET_LENGTH} characters"
    return None


# the settings a token is bound to: changing any of them invalidates every token (the
# read-only pair only when it is configured, so configs without it keep their keys)
CREDENTIAL_KEYS: tuple[str, ...] = ("username", "password")
READONLY_CREDENTIAL_KEYS: tuple[str, ...] = (READONLY_USERNAME, READONLY_PASSWORD)


def resolve_jwt_secret(context: ApiContext) -> str:
    """The key tokens are signed with: the configured secret (or a random one generated once
    per process, with a warning) bound to the configured credentials."""
    api_config = context.api_config
    keys = CREDENTIAL_KEYS
    if any(api_config.get(key) is not None for key in READONLY_CREDENTIAL_KEYS):
        keys += READONLY_CREDENTIAL_KEYS
    return bound_key(_base_secret(context), [api_config.get(key) for key in keys])


def _base_secret(context: ApiContext) -> str:
    configured = context.api_config.get("jwt_secret_key")
    problem = jwt_secret_problem(configured)
    if problem is None and isinstance(configured, str):
        return configured
    if context.generated_jwt_secret is None:
        context.generated_jwt_secret = secrets.token_hex(32)
        logger.warning(
            "SECURITY WARNING - `api_server.jwt_secret_key` is %s, so a random secret was "
            "generated: API tokens will not survive a restart. Set `jwt_secret_key` to a random "
            "string of at least %d characters, e.g. the output of "
            "`python -c \"import secrets; print(secrets.token_hex(32))\"`.",
            problem, MIN_JWT_SECRET_LENGTH)
    return context.generated_jwt_secret


class BasicOrJWTBackend(AuthenticationBackend):
    """Bearer (non-empty) -> JWT access token only; Basic -> configured user; else anonymous."""

    def __init__(self, config_getter: Callable[[], dict[str, Any]],
                 secret_getter: Callable[[], str]) -> None:
        self.config_getter = config_getter
        self.secret_getter = secret_getter

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser]:
        api_config = self.config_getter().get("api_server") or {}
        scheme, param = split_authorization(conn.headers.get("authorization"))
        if scheme == "bearer" and param:
            try:
                identity = decode_claims(param, self.secret_getter(), "access")["identity"]
            except InvalidToken:
                return _anonymous(AuthProblem.INVALID_TOKEN)
            scopes = token_scopes(api_config, identity)
            if scopes is None:  # token of a user that is no longer configured
                return _anonymous(AuthProblem.INVALID_TOKEN)
            return AuthCredentials(scopes), ApiUser(identity["u"], "jwt")
        if scheme == "basic" and param:
            credentials = parse_basic(param)
            if credentials is None:
                return _anonymous(AuthProblem.MALFORMED_BASIC)
            username, password = credentials
            if not check_password(api_config, username, password):
                return _anonymous(AuthProblem.WRONG_PASSWORD, username)
            return AuthCredentials(scopes_for(api_config, username) or ()), \
                ApiUser(username, "basic")
        return _anonymous(AuthProblem.NO_CREDENTIALS)


def _anonymous(problem: AuthProblem, username: str | None = None
               ) -> tuple[AuthCredentials, BaseUser]:
    return AuthCredentials(), Anonymous(problem, username)


def client_key(conn: HTTPConnection) -> str:
    """Throttling key: the peer address."""
    return conn.client.host if conn.client else "unknown"


def record_failed_password(conn: HTTPConnection, username: str | None) -> None:
    """Count a wrong password for (address, username); logs IP and the username's first
    characters only (it may be a password typed into the wrong field), never the password."""
    ip = client_key(conn)
    locked = get_context(conn).login_throttle.failure(ip, password_account(username or ""))
    logger.warning("Failed API login for user %s from %s.", log_preview(username), ip)
    if locked:
        logger.warning("Too many failed API logins for user %s from %s: refusing its password "
                       "attempts for a while.", log_preview(username), ip)


def check_not_locked(conn: HTTPConnection, username: str) -> None:
    """429 when password attempts for ``username`` from the caller's address are throttled."""
    wait = get_context(conn).login_throttle.retry_after(client_key(conn),
                                                        password_account(username))
    if wait is not None:
        raise too_many_attempts(wait)


def record_login_success(conn: HTTPConnection, username: str) -> None:
    """The caller's address now bypasses the distributed-guessing bound for ``username``."""
    get_context(conn).login_throttle.success(client_key(conn), password_account(username))


def authorize(conn: HTTPConnection, scope: str) -> ApiUser:
    """Guard of every protected route: the caller, or 401/403/429 as freqtrade clients expect."""
    user = conn.scope.get("user")
    if user is None:
        raise RuntimeError("RequestGuard did not authenticate this path")
    if isinstance(user, ApiUser) and user.method == "basic":
        check_not_locked(conn, user.username)
    elif isinstance(user, Anonymous) and user.problem is AuthProblem.WRONG_PASSWORD:
        check_not_locked(conn, user.attempted_username or "")
    if isinstance(user, ApiUser):
        if user.method == "basic":
            record_login_success(conn, user.username)
        if scope not in conn.auth.scopes:
            raise HTTPException(403, "Not enough permissions")
        return user
    problem = user.problem if isinstance(user, Anonymous) else AuthProblem.NO_CREDENTIALS
    if problem is AuthProblem.WRONG_PASSWORD:
        record_failed_password(conn, user.attempted_username)
    raise unauthorized(problem)
