"""Token endpoints: exchange Basic credentials for JWTs, and a refresh token for an access token.

Both do their own credential check (not the route scope) because each accepts exactly one
kind of credential and answers with its own 401 flavour (login: Basic only, ``Incorrect
username or password``; refresh: a Bearer refresh token only, ``Could not validate
credentials``), as freqtrade does.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from freqtrade.api.auth import (
    AuthProblem,
    check_not_locked,
    check_password,
    client_key,
    parse_basic,
    record_failed_password,
    resolve_jwt_secret,
    scopes_for,
    split_authorization,
    token_identity,
    token_scopes,
    unauthorized,
)
from freqtrade.api.context import get_context
from freqtrade.api.jwt_tokens import InvalidToken, create_token, decode_identity


async def token_login(request: Request) -> dict[str, str]:
    """Exchange HTTP Basic credentials for an access and a refresh token (body ignored)."""
    context = get_context(request)
    scheme, param = split_authorization(request.headers.get("authorization"))
    credentials = parse_basic(param) if scheme == "basic" and param else None
    if credentials is None:
        raise unauthorized(AuthProblem.MALFORMED_BASIC)
    check_not_locked(request)
    username, password = credentials
    if not check_password(context.api_config, username, password):
        record_failed_password(request, username)
        raise HTTPException(401, "Incorrect username or password")
    context.login_throttle.success(client_key(request))
    secret = resolve_jwt_secret(context)
    identity = token_identity(username, scopes_for(context.api_config, username) or ())
    return {
        "access_token": create_token(identity, secret, "access"),
        "refresh_token": create_token(identity, secret, "refresh"),
    }


async def token_refresh(request: Request) -> dict[str, str]:
    """Exchange a refresh token (Bearer) for a new access token."""
    context = get_context(request)
    scheme, token = split_authorization(request.headers.get("authorization"))
    if scheme != "bearer" or not token:
        raise unauthorized(AuthProblem.INVALID_TOKEN)
    secret = resolve_jwt_secret(context)
    try:
        identity = decode_identity(token, secret, "refresh")
    except InvalidToken:
        raise unauthorized(AuthProblem.INVALID_TOKEN) from None
    scopes = token_scopes(context.api_config, identity)
    if scopes is None:
        raise unauthorized(AuthProblem.INVALID_TOKEN)
    # the new access token grants no more than the refresh token did
    return {"access_token": create_token(token_identity(identity["u"], scopes), secret,
                                         "access")}
