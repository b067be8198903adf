"""Token endpoints: exchange Basic credentials for JWTs, a refresh token for an access token,
and end a session (logout, beyond freqtrade).

Each does its own credential check (not the route scope) because each accepts exactly one
kind of credential and answers with its own 401 flavour (login: Basic only, ``Incorrect
username or password``; refresh: a Bearer refresh token only, ``Could not validate
credentials``), as freqtrade does. A login starts a session: its refresh token and every
access token issued for it carry the same session id, so logout (with either token as
Bearer) ends all of them, and the revocation is stored in the database.
"""
from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from freqtrade.api.auth import (
    AuthProblem,
    check_not_locked,
    check_password,
    parse_basic,
    record_failed_password,
    record_login_success,
    resolve_jwt_secret,
    scopes_for,
    split_authorization,
    token_identity,
    token_scopes,
    unauthorized,
)
from freqtrade.api.context import get_context
from freqtrade.api.jwt_tokens import (
    InvalidToken,
    TokenType,
    create_token,
    decode_claims,
    latest_expiry,
    new_session_id,
)
from freqtrade.api.revocations import revoked_sessions

logger = logging.getLogger(__name__)


async def token_login(request: Request) -> dict[str, str]:
    """Exchange HTTP Basic credentials for an access and a refresh token (body ignored)."""
    context = get_context(request)
    scheme, param = split_authorization(request.headers.get("authorization"))
    credentials = parse_basic(param) if scheme == "basic" and param else None
    if credentials is None:
        raise unauthorized(AuthProblem.MALFORMED_BASIC)
    username, password = credentials
    check_not_locked(request, username)
    if not check_password(context.api_config, username, password):
        record_failed_password(request, username)
        raise HTTPException(401, "Incorrect username or password")
    record_login_success(request, username)
    secret = resolve_jwt_secret(context)
    identity = token_identity(username, scopes_for(context.api_config, username) or ())
    session_id = new_session_id()
    return {
        "access_token": create_token(identity, secret, "access", session_id),
        "refresh_token": create_token(identity, secret, "refresh", session_id),
    }


def _bearer_claims(request: Request, *token_types: TokenType) -> dict[str, Any]:
    """Claims of the request's Bearer token, valid as one of ``token_types`` and of a user
    still configured; 401 ``Could not validate credentials`` otherwise."""
    context = get_context(request)
    scheme, token = split_authorization(request.headers.get("authorization"))
    if scheme != "bearer" or not token:
        raise unauthorized(AuthProblem.INVALID_TOKEN)
    secret = resolve_jwt_secret(context)
    for token_type in token_types:
        try:
            claims = decode_claims(token, secret, token_type)
        except InvalidToken:
            continue
        if token_scopes(context.api_config, claims["identity"]) is not None:
            return claims
    raise unauthorized(AuthProblem.INVALID_TOKEN)


async def token_refresh(request: Request) -> dict[str, str]:
    """Exchange a refresh token (Bearer) for a new access token of the same session."""
    context = get_context(request)
    claims = _bearer_claims(request, "refresh")
    scopes = token_scopes(context.api_config, claims["identity"]) or ()
    # the new access token grants no more than the refresh token did
    identity = token_identity(claims["identity"]["u"], scopes)
    return {"access_token": create_token(identity, resolve_jwt_secret(context), "access",
                                         claims["sid"])}


def token_logout(request: Request) -> dict[str, str]:
    """End the session of a Bearer token (refresh or access): all its tokens stop working."""
    claims = _bearer_claims(request, "refresh", "access")
    revoked_sessions.revoke(claims["sid"], latest_expiry())
    revoked_sessions.sync()
    logger.info("API session of user %r ended by logout.", claims["identity"]["u"])
    return {"status": "Logged out."}
