"""HS256 JWTs in freqtrade's format: claims ``identity`` ({"u": user}), ``exp``, ``iat``, ``type``.

Tokens are byte-compatible with what freqtrade (PyJWT) issues, so FreqUI and existing clients
keep working. Stricter than freqtrade on purpose: ``exp`` is mandatory (a token without it
would never expire), only HS256 is accepted (``none`` included in the refusals), a malformed
``identity`` is a 401 rather than a crash. Time comes from ``dt_now()`` so tests can inject
a clock.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal, TypeGuard

from joserfc import jwt
from joserfc.jwk import OctKey

from freqtrade.util.clock import dt_now

TokenType = Literal["access", "refresh"]
ALGORITHM = "HS256"
ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)
REFRESH_TOKEN_LIFETIME = timedelta(days=30)
IAT_LEEWAY_SECONDS = 5
_LIFETIMES: dict[str, timedelta] = {"access": ACCESS_TOKEN_LIFETIME,
                                    "refresh": REFRESH_TOKEN_LIFETIME}


class InvalidToken(Exception):
    """Any reason a token is not acceptable; the API answers 401 without saying which."""


def _key(secret: str) -> OctKey:
    return OctKey.import_key(secret.encode("utf-8"))


def create_token(identity: dict[str, Any], secret: str, token_type: TokenType) -> str:
    """A signed token of the given type (15 min access, 30 days refresh)."""
    if token_type not in _LIFETIMES:
        raise ValueError(f"Unknown token type {token_type!r}")
    now = dt_now()
    claims = {
        "identity": identity,
        "exp": int((now + _LIFETIMES[token_type]).timestamp()),
        "iat": int(now.timestamp()),
        "type": token_type,
    }
    header = {"alg": ALGORITHM, "typ": "JWT"}
    return jwt.encode(header, claims, _key(secret), algorithms=[ALGORITHM], default_type=None)


def _is_number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _check_claims(claims: dict[str, Any], expected_type: TokenType, now: int
                  ) -> dict[str, Any]:
    exp = claims.get("exp")
    if not _is_number(exp) or exp <= now:
        raise InvalidToken("expired or without exp")
    iat = claims.get("iat")
    if iat is not None and (not _is_number(iat) or iat > now + IAT_LEEWAY_SECONDS):
        raise InvalidToken("issued in the future")
    nbf = claims.get("nbf")
    if nbf is not None and (not _is_number(nbf) or nbf > now + IAT_LEEWAY_SECONDS):
        raise InvalidToken("not yet valid")
    if claims.get("type") != expected_type:
        raise InvalidToken("wrong token type")
    identity = claims.get("identity")
    username = identity.get("u") if isinstance(identity, dict) else None
    if not isinstance(username, str) or not username:
        raise InvalidToken("no identity")
    return identity


def decode_identity(token: str, secret: str, expected_type: TokenType) -> dict[str, Any]:
    """The ``identity`` claim (its ``u`` a non-empty username) of a valid token of
    ``expected_type``; ``InvalidToken`` otherwise."""
    try:
        decoded = jwt.decode(token, _key(secret), algorithms=[ALGORITHM])
    except Exception as exc:  # joserfc raises several error families; all mean "invalid"
        raise InvalidToken("bad token") from exc
    if decoded.header.get("alg") != ALGORITHM:
        raise InvalidToken("unexpected algorithm")
    return _check_claims(decoded.claims, expected_type, int(dt_now().timestamp()))


def decode_token(token: str, secret: str, expected_type: TokenType) -> str:
    """The username of a valid token of ``expected_type``; ``InvalidToken`` otherwise."""
    return decode_identity(token, secret, expected_type)["u"]
