"""HS256 JWTs in freqtrade's format: claims ``identity`` ({"u": user}), ``exp``, ``iat``, ``type``,
plus ``sid``, the id of the login session the token belongs to.

FreqUI and existing clients keep working: they only pass tokens on. Stricter than freqtrade
on purpose: ``exp``, ``iat`` and ``sid`` are mandatory (a token without ``exp`` would never
expire), a token may not live longer than its type's lifetime (``exp - iat``), only HS256 is
accepted (``none`` included in the refusals), a malformed ``identity`` is a 401 rather than a
crash, and a token of a session ended by logout is refused. Tokens are signed with
``bound_key``: the secret bound to the configured credentials, so changing a username or
password invalidates every token issued before. Time comes from ``dt_now()`` so tests can
inject a clock.

A client sends the same access token with every request for its 15 minutes, so a token whose
signature verified is remembered (bounded LRU keyed by token and key): a repeat skips the
parsing and the HMAC, never the claim checks (type, expiry, lifetime, session revocation),
which run on every use. Only tokens signed with the current key get in, so an invalid
token cannot evict the others.

joserfc (with cryptography, about 9 MB resident) is imported at the first token signed or
checked, not with the API: a bot used with basic auth only never loads it.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeGuard

from freqtrade.api.revocations import revoked_sessions
from freqtrade.persistence.revoked_session import SESSION_ID_MAX_LENGTH
from freqtrade.util.clock import dt_now

if TYPE_CHECKING:
    from joserfc.jwk import OctKey

TokenType = Literal["access", "refresh"]
ALGORITHM = "HS256"
ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)
REFRESH_TOKEN_LIFETIME = timedelta(days=30)
IAT_LEEWAY_SECONDS = 5
VERIFIED_TOKENS_KEPT = 256  # tokens in use at once: a few per logged-in client
_LIFETIMES: dict[str, timedelta] = {"access": ACCESS_TOKEN_LIFETIME,
                                    "refresh": REFRESH_TOKEN_LIFETIME}


class InvalidToken(Exception):
    """Any reason a token is not acceptable; the API answers 401 without saying which."""


def bound_key(secret: str, credentials: Sequence[Any]) -> str:
    """The signing key: HMAC-SHA256 of the credentials under ``secret`` (hex).

    Any change of a credential gives another key, so tokens issued before it fail their
    signature check, also when the config was edited while the bot was down."""
    try:  # asked for on every authenticated request: remembered per (type, value) of each
        return _remembered_key(secret, tuple((type(value), value) for value in credentials))
    except TypeError:  # an unhashable setting (a list, say): computed every time
        return _signing_key(secret, credentials)


def _signing_key(secret: str, credentials: Sequence[Any]) -> str:
    message = json.dumps(list(credentials), ensure_ascii=True, default=str).encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=8)
def _remembered_key(secret: str, typed: tuple[tuple[type, Any], ...]) -> str:
    return _signing_key(secret, [value for _, value in typed])


def _key(secret: str) -> OctKey:
    from joserfc.jwk import OctKey

    return OctKey.import_key(secret.encode("utf-8"))


def new_session_id() -> str:
    """A random id for the session a login starts (shared by all of its tokens)."""
    return secrets.token_urlsafe(16)


def create_token(identity: dict[str, Any], secret: str, token_type: TokenType,
                 session_id: str) -> str:
    """A signed token of the given type (15 min access, 30 days refresh) in ``session_id``."""
    if token_type not in _LIFETIMES:
        raise ValueError(f"Unknown token type {token_type!r}")
    now = dt_now()
    claims = {
        "identity": identity,
        "exp": int((now + _LIFETIMES[token_type]).timestamp()),
        "iat": int(now.timestamp()),
        "type": token_type,
        "sid": session_id,
    }
    header = {"alg": ALGORITHM, "typ": "JWT"}
    from joserfc import jwt

    return jwt.encode(header, claims, _key(secret), algorithms=[ALGORITHM], default_type=None)


def latest_expiry() -> datetime:
    """No token valid now expires later: ``iat`` is not in the future and ``exp - iat`` is
    at most the refresh lifetime (how long a logout must be remembered)."""
    return dt_now() + REFRESH_TOKEN_LIFETIME + timedelta(seconds=IAT_LEEWAY_SECONDS)


def _is_number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _check_claims(claims: dict[str, Any], expected_type: TokenType, now: int) -> None:
    if claims.get("type") != expected_type:
        raise InvalidToken("wrong token type")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not _is_number(exp) or exp <= now:
        raise InvalidToken("expired or without exp")
    if not _is_number(iat) or iat > now + IAT_LEEWAY_SECONDS:
        raise InvalidToken("without iat or issued in the future")
    if exp - iat > _LIFETIMES[expected_type].total_seconds():
        raise InvalidToken("lives longer than its type allows")
    nbf = claims.get("nbf")
    if nbf is not None and (not _is_number(nbf) or nbf > now + IAT_LEEWAY_SECONDS):
        raise InvalidToken("not yet valid")
    identity = claims.get("identity")
    username = identity.get("u") if isinstance(identity, dict) else None
    if not isinstance(username, str) or not username:
        raise InvalidToken("no identity")
    session_id = claims.get("sid")
    if not isinstance(session_id, str) or not 0 < len(session_id) <= SESSION_ID_MAX_LENGTH:
        raise InvalidToken("no session id")
    if revoked_sessions.is_revoked(session_id):
        raise InvalidToken("session ended")


@functools.lru_cache(maxsize=VERIFIED_TOKENS_KEPT)
def _signed_claims(token: str, secret: str) -> dict[str, Any]:
    """The claims of a token signed with ``secret`` by HS256, not checked yet (remembered:
    raising is not, so only genuine tokens take a place)."""
    from joserfc import jwt

    try:
        decoded = jwt.decode(token, _key(secret), algorithms=[ALGORITHM])
    except Exception as exc:  # joserfc raises several error families; all mean "invalid"
        raise InvalidToken("bad token") from exc
    if decoded.header.get("alg") != ALGORITHM:
        raise InvalidToken("unexpected algorithm")
    return decoded.claims


def decode_claims(token: str, secret: str, expected_type: TokenType) -> dict[str, Any]:
    """The claims of a valid token of ``expected_type``; ``InvalidToken`` otherwise."""
    claims = _signed_claims(token, secret)
    _check_claims(claims, expected_type, int(dt_now().timestamp()))
    return dict(claims)  # the remembered dict stays as verified


def decode_token(token: str, secret: str, expected_type: TokenType) -> str:
    """The username of a valid token of ``expected_type``; ``InvalidToken`` otherwise."""
    return decode_claims(token, secret, expected_type)["identity"]["u"]
