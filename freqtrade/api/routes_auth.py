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
    parse_basic,
    record_failed_password,
    record_login_success,
    resolve_jwt_secret,
    scopes_for,
    split_authorization,
    unauthorized,
)
from freqtrade.api.context import get_context
from freqtrade.api.jwt_tokens import InvalidToken, create_token, decode_token


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
    identity = {"u": username}
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
        username = decode_token(token, secret, "refresh")
    except InvalidToken:
        raise unauthorized(AuthProblem.INVALID_TOKEN) from None
    if scopes_for(context.api_config, username) is None:
        raise unauthorized(AuthProblem.INVALID_TOKEN)
    return {"access_token": create_token({"u": username}, secret, "access")}
